"""The page Overleg in AppTest: the coordinator steps through the agenda, adds actions (each written once) and ends
the meeting into the coordinator's own workbook; a partner opening the page by their link has no edit controls."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from lib import access
from lib.access import Role
from tests.apptest import ROOT, open_page

PAGE = "pages/9_overleg.py"
TOKENS = {Role.COORDINATOR: access.new_token(), Role.PARTNER: access.new_token()}
SECRETS = {"access": {"tokens": [
    {"role": "coordinator", "label": "Coördinator", "sha256": access.token_hash(TOKENS[Role.COORDINATOR])},
    {"role": "partner", "partner": "gemeente", "label": "Gemeente", "sha256": access.token_hash(TOKENS[Role.PARTNER])},
], "session_secret": "sessie-" + access.new_token()}}


@pytest.fixture
def workbook(tmp_path, monkeypatch) -> Path:
    """A copy of the demo workbook as the coordinator's local file (FLATCOACH_SOURCE)."""
    p = tmp_path / "flatcoaches.xlsx"
    shutil.copyfile(ROOT / "data" / "demo.xlsx", p)
    monkeypatch.setenv("FLATCOACH_SOURCE", str(p))
    return p


def rows(path: Path, tab: str) -> list[list]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb[tab].iter_rows(values_only=True) if any(v not in (None, "") for v in r)]
    finally:
        wb.close()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## "))[3:]


def by_key(items, part: str):
    found = [w for w in items if part in (w.key or "")]
    assert len(found) == 1, (part, [w.key for w in items])
    return found[0]


def test_coordinator_adds_actions_once_and_ends_the_meeting(workbook):
    actions_before = len(rows(workbook, "Acties"))
    at = ok(open_page(PAGE, {"maand": "2022-01"}))
    assert heading(at) == "1. Voortgang"
    assert {m.label for m in at.metric} >= {"Coachuren", "Coaches die liepen", "Rondes", "Gaten in de dekking"}
    by_key(at.text_area, "note_progress").input("Op schema, op de gaten eind januari na.").run()
    for expected in ("2. Rapportages", "3. Opvallendheden en incidenten", "4. Opvolging", "5. Nieuwe acties"):
        at.button(key="overleg-volgende").click().run()
        ok(at)
        assert heading(at) == expected
    assert at.query_params["onderwerp"] in ("5", ["5"])

    by_key(at.text_area, "-actie").input("Extra ronde langs de bergingen van Kralenbeek")
    by_key(at.selectbox, "-eigenaar").select("Politie")
    by_key(at.selectbox, "-melding").select_index(0)  # the month's first signal: urgent ones come first
    submit = next(b for b in at.button if (b.key or "").startswith("overleg-actie-toevoegen-"))
    submit.click().run()
    ok(at)
    assert any("Actie toegevoegd" in s.value for s in at.success)
    assert len(rows(workbook, "Acties")) == actions_before + 1

    # A rerun (the live page refreshing, a second click arriving after the save) writes nothing more.
    at.run()
    assert len(rows(workbook, "Acties")) == actions_before + 1
    # An empty new form is refused with a Dutch reason at the field, and writes nothing.
    next(b for b in at.button if (b.key or "").startswith("overleg-actie-toevoegen-")).click().run()
    assert [e.value for e in at.error] == ["Vul de actie in: wat gaat er gebeuren?", "Kies wie de actie oppakt."]
    assert len(rows(workbook, "Acties")) == actions_before + 1
    by_key(at.text_area, "-actie").input("Brief aan bewoners over de liften")
    by_key(at.selectbox, "-eigenaar").select("De Key")
    next(b for b in at.button if (b.key or "").startswith("overleg-actie-toevoegen-")).click().run()
    ok(at)
    assert len(rows(workbook, "Acties")) == actions_before + 2
    listed = "\n".join(m.value for m in at.markdown)
    assert "Extra ronde langs de bergingen van Kralenbeek" in listed and "Brief aan bewoners over de liften" in listed

    at.button(key="overleg-volgende").click().run()
    assert heading(at) == "6. Afsluiten en verslag"
    at.session_state["overleg-aanwezig"] = ["De Key", "Gemeente", "Stichting"]
    at.run()
    at.button(key="overleg-afsluiten").click().run()
    ok(at)
    assert any("staat in het tabblad Overleggen" in s.value for s in at.success)
    meetings = rows(workbook, "Overleggen")
    assert len(meetings) == 2
    header = list(meetings[0])
    assert meetings[1][header.index("Voortgang")] == "Op schema, op de gaten eind januari na."
    assert meetings[1][header.index("Aanwezig")] == "Stichting, De Key, Gemeente"
    assert not [b for b in at.button if b.key == "overleg-afsluiten"], "a recorded meeting cannot be ended twice"
    assert {b.label for b in at.get("download_button")} == {"Verslag als DOCX", "Verslag als PDF"}


def test_partner_follows_without_edit_controls(workbook):
    for step in range(1, 7):
        at = ok(open_page(PAGE, {"maand": "2022-01", "onderwerp": str(step), access.TOKEN_PARAM:
                                 TOKENS[Role.PARTNER]}, secrets=SECRETS))
        assert heading(at).startswith(f"{step}. ")
        assert not at.text_area and not at.date_input and not at.text_input, step
        assert not at.get("arrow_data_frame") and not at.get("form"), step
        assert not [b for b in at.button if (b.key or "").startswith(("overleg-actie", "overleg-afsluiten"))], step
        assert not [b for b in at.button if b.key and b.key.endswith("_save")], step
        assert any("alleen de coördinator" in c.value for c in at.caption)


def test_the_page_is_in_every_reading_roles_menu():
    assert access.PAGE["overleg"].roles == frozenset({Role.COORDINATOR, Role.PARTNER, Role.DEMO})
    assert (ROOT / access.PAGE["overleg"].path).exists()


def test_the_demo_writes_to_its_temporary_copy_and_shows_it(monkeypatch):
    import hashlib

    from lib import intake

    demo = ROOT / "data" / "demo.xlsx"
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    monkeypatch.setattr(intake, "_DEMO_COPY", None)  # this test's own working copy
    at = ok(open_page(PAGE, {"maand": "2022-01", "onderwerp": "5"}))
    by_key(at.text_area, "-actie").input("Demo: container bij Kempering legen")
    by_key(at.selectbox, "-eigenaar").select("Gemeente")
    next(b for b in at.button if (b.key or "").startswith("overleg-actie-toevoegen-")).click().run()
    ok(at)
    assert "Demo: container bij Kempering legen" in "\n".join(m.value for m in at.markdown)
    copy = intake._DEMO_COPY
    assert copy is not None and copy != demo
    assert rows(copy, "Acties")[-1][1] == "Demo: container bij Kempering legen"
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before, "the committed demo workbook was written"


def test_an_action_closed_in_the_meeting_shows_at_once(workbook):
    """The agenda is kept per read (lib.data.per_data): after a save the next run draws it from the new data."""
    import json

    at = ok(open_page(PAGE, {"maand": "2022-01", "onderwerp": "4"}))
    assert heading(at) == "4. Opvolging"

    def facts() -> dict[str, str]:
        return {m.label: m.value for m in at.metric}

    before = facts()
    editor = next(d for d in at.dataframe if d.proto.id and "overleg-acties_editor" in d.proto.id)
    states = at._tree.get_widget_states()
    w = states.widgets.add()
    w.id = editor.proto.id
    w.string_value = json.dumps({"edited_rows": {"0": {"status": "Afgerond"}}, "added_rows": [], "deleted_rows": []})
    at._run(states)
    ok(at)
    at.button(key="overleg-acties_save").click().run()
    ok(at)
    assert any("1 wijziging opgeslagen" in s.value for s in at.success)
    after = facts()
    assert int(after["Afgerond"]) == int(before["Afgerond"]) + 1
    assert int(after["Open of lopend"]) == int(before["Open of lopend"]) - 1
