"""A whole monthly meeting in the browser, against the fake Google Sheets API.

The dashboard runs in its own process from a copy of the app whose secrets name a Google Sheet; FLATCOACH_SHEETS_API
sends its real gspread client to the fake Sheets API in this test process (tests/fakesheets.py), which holds the
demo workbook's tabs. The coordinator opens Overleg for January 2022, steps through the agenda (button, arrow key,
subject row), adds two actions (one tied to a signal) and a note, presses "add" twice on one of them, and ends the
meeting. Then: the sheet has exactly two new action rows and one meeting row, Opvolging counts them, the minutes
contain them, and a partner's view of the same page has no edit controls.
"""
from __future__ import annotations

import io
import json
import re
import secrets as secrets_mod

import openpyxl
import pytest

from lib import access, schema
from tests.e2e.conftest import ROOT, Server, copy_app, server_env
from tests.fakesheets import FakeSheets

pytestmark = pytest.mark.browser

TOKENS = {role: secrets_mod.token_urlsafe(32) for role in ("coordinator", "partner")}
ACTION_1 = "Wijkagent loopt twee weken extra langs de bergingen van Kralenbeek"
ACTION_2 = "Brief aan bewoners over de liftstoringen en het nummer van de storingsdienst"
NOTE = "Twee acties afgesproken; de liften komen volgende keer terug."


def _demo_tabs() -> dict[str, list[list]]:
    """The demo workbook's tabs as typed cells, as a Forms response sheet holds them."""
    wb = openpyxl.load_workbook(ROOT / "data" / "demo.xlsx")
    tabs = {}
    for ws in wb.worksheets:
        rows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
        tabs[ws.title] = [r for r in rows if any(v != "" for v in r)] or rows[:1]
    return tabs


def _toml(value) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


@pytest.fixture(scope="module")
def sheet():
    fs = FakeSheets(_demo_tabs())
    fs.start()
    yield fs
    fs.stop()


@pytest.fixture(scope="module")
def meeting_app(sheet, tmp_path_factory):
    root = copy_app(tmp_path_factory.mktemp("overleg") / "app")
    lines = ["[sheet]", f"key = {_toml(sheet.key)}", "tries = 2", "timeout_seconds = 5", "",
             "[gcp_service_account]"]
    lines += [f"{k} = {_toml(v)}" for k, v in sheet.service_account_info().items()]
    lines += ["", "[access]", f"session_secret = {_toml(secrets_mod.token_hex(32))}", ""]
    for role, label, partner in (("coordinator", "Coördinator (test)", ""), ("partner", "De Key (test)", "dekey")):
        lines += ["[[access.tokens]]", f'role = "{role}"', f'label = "{label}"']
        if partner:
            lines.append(f'partner = "{partner}"')
        lines += [f'sha256 = "{access.token_hash(TOKENS[role])}"', ""]
    (root / ".streamlit" / "secrets.toml").write_text("\n".join(lines), encoding="utf-8")
    srv = Server("overleg", cwd=root, env=server_env(FLATCOACH_SHEETS_API=sheet.url))
    yield srv
    srv.stop()


def heading(tab) -> str:
    return tab.page.locator(".st-key-overleg-subject h2").first.inner_text().strip()


def click(tab, name: str) -> None:
    """Click a button by its text; Vorige/Volgende carry their key (an arrow) in their accessible name."""
    label = re.compile(rf"^{re.escape(name)}\b") if name in ("Vorige", "Volgende") else name
    tab.rerun_after(lambda: tab.page.get_by_role("button", name=label, exact=True).first.click())


def step(tab, name: str) -> None:
    """One click on a subject in the subject row."""
    row = tab.page.locator(".st-key-overleg-nav")
    tab.rerun_after(lambda: row.get_by_role("button", name=name, exact=True).click())


def choose(tab, label: str, option: str | None = None) -> None:
    """Open a selectbox by its label and pick an option (the first one when None)."""
    box = tab.page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    options = tab.page.get_by_role("option")
    (options.first if option is None else options.filter(has_text=option).first).click()


def edit_controls(tab) -> dict[str, int]:
    """What a partner must not have: typing fields, a meeting date to change, forms, write buttons, table editors."""
    p = tab.page.locator('[data-testid="stMain"]')
    return {
        "textarea": p.locator("textarea").count(),
        "date": p.locator('[data-testid="stDateInput"]').count(),
        "form": p.locator('[data-testid="stForm"]').count(),
        "write buttons": p.get_by_role("button", name="Actie toevoegen").count()
        + p.get_by_role("button", name="Overleg afsluiten en vastleggen").count()
        + p.get_by_role("button", name="Opslaan in tabblad Acties").count(),
        "editor": p.locator('[data-testid="stDataFrame"]').count(),
        "attendees": p.get_by_text("Anders, namelijk").count(),
    }


def test_a_whole_meeting(meeting_app, sheet, open_tab):
    actions_before = len(sheet.rows("Acties"))
    assert len(sheet.rows("Overleggen")) == 1  # the header only

    tab = open_tab("wide")
    tab.enter(meeting_app.url(f"/opvolging?{access.TOKEN_PARAM}={TOKENS['coordinator']}&maand=2022-01"))
    tab.assert_clean(meeting_app)
    open_before = int(tab.metrics()["Acties open"])
    ticket = tab.query()[access.TICKET_PARAM]

    # The coordinator opens Overleg for January and steps through the agenda three ways.
    tab.open(meeting_app.url(f"/overleg?{access.TICKET_PARAM}={ticket}&maand=2022-01"))
    tab.assert_clean(meeting_app)
    assert heading(tab) == "1. Voortgang"
    assert tab.metrics()["Coachuren"].endswith(" u")
    click(tab, "Volgende")
    assert heading(tab) == "2. Rapportages"
    tab.rerun_after(lambda: tab.page.keyboard.press("ArrowRight"))
    assert heading(tab) == "3. Opvallendheden en incidenten"
    tab.shot("overleg-3-opvallendheden-wide")
    step(tab, "4. Opvolging")
    assert heading(tab) == "4. Opvolging" and tab.query().get("onderwerp") == "4"
    click(tab, "Volgende")
    assert heading(tab) == "5. Nieuwe acties"

    # Action 1, tied to the month's first (urgent) signal.
    page = tab.page
    page.get_by_label("Actie *").fill(ACTION_1)
    choose(tab, "Eigenaar", "Politie")
    choose(tab, "Volgt uit melding")
    page.get_by_label("Extern kenmerk").fill("POL-2022-17")
    click(tab, "Actie toevoegen")
    tab.assert_clean(meeting_app)
    assert "Actie toegevoegd" in tab.text()

    # Action 2, with "add" pressed twice.
    page.get_by_label("Actie *").fill(ACTION_2)
    choose(tab, "Eigenaar", "De Key")
    tab.rerun_after(lambda: page.get_by_role("button", name="Actie toevoegen").dblclick())
    tab.wait_until(lambda: ACTION_2 in tab.text(), "the second action is not listed")
    tab.settle()
    tab.assert_clean(meeting_app)
    assert len(sheet.rows("Acties")) == actions_before + 2, "pressing add twice wrote a second row"

    # A note on this subject, then the meeting is ended.
    note = page.get_by_label("Notitie bij nieuwe acties (voor het verslag)")
    note.fill(NOTE)
    tab.rerun_after(lambda: note.press("Control+Enter"))
    tab.shot("overleg-5-nieuwe-acties-wide")
    click(tab, "Volgende")
    assert heading(tab) == "6. Afsluiten en verslag"
    for who in ("De Key", "Stichting", "Politie"):
        tab.rerun_after(lambda who=who: page.locator('[data-testid="stButtonGroup"]').get_by_role(
            "button", name=who, exact=True).click())
    click(tab, "Overleg afsluiten en vastleggen")
    tab.assert_clean(meeting_app)
    assert "staat in het tabblad Overleggen" in tab.text()
    tab.shot("overleg-6-verslag-wide")

    # The sheet: exactly two new action rows and one meeting row.
    rows = sheet.rows("Acties")
    assert len(rows) == actions_before + 2
    header = [str(h) for h in rows[0]]
    col = {k: header.index(schema.ACTIONS.header(k)) for k in ("action", "owner", "status", "signal_ts", "ticket")}
    new = rows[-2:]
    assert [r[col["action"]] for r in new] == [ACTION_1, ACTION_2]
    assert [r[col["owner"]] for r in new] == ["Politie", "De Key"]
    assert new[0][col["signal_ts"]] not in ("", None), "action 1 must name its signal"
    meetings = sheet.rows("Overleggen")
    assert len(meetings) == 2
    mh = [str(h) for h in meetings[0]]
    assert meetings[1][mh.index("Nieuwe acties")] == NOTE
    assert meetings[1][mh.index("Aanwezig")] == "Stichting, De Key, Politie"

    # The minutes contain both actions and the note.
    from docx import Document

    with page.expect_download() as dl:
        page.get_by_role("button", name="Verslag als DOCX").click()
    doc = Document(io.BytesIO(open(dl.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert ACTION_1 in text and ACTION_2 in text and NOTE in text
    assert "POL-2022-17" in text

    # Opvolging shows them at once.
    tab.open(meeting_app.url(f"/opvolging?{access.TICKET_PARAM}={ticket}&maand=2022-01"))
    tab.assert_clean(meeting_app)
    assert int(tab.metrics()["Acties open"]) == open_before + 2

    # A partner following the same page has no edit controls, on any subject.
    partner = open_tab("phone")
    partner.enter(meeting_app.url(f"/overleg?{access.TOKEN_PARAM}={TOKENS['partner']}&maand=2022-01"))
    partner.assert_clean(meeting_app)
    assert heading(partner) == "1. Voortgang"
    assert "alleen de coördinator" in partner.text()
    seen = {}
    for name in ("1. Voortgang", "4. Opvolging", "5. Nieuwe acties", "6. Afsluiten en verslag"):
        if name != "1. Voortgang":
            step(partner, name)
        seen[name] = edit_controls(partner)
        if name == "5. Nieuwe acties":
            assert ACTION_1 in partner.text() and ACTION_2 in partner.text()
            partner.shot("overleg-partner-5-phone")
    assert all(not any(v.values()) for v in seen.values()), seen
    assert "staat in het tabblad Overleggen" in partner.text()
    assert partner.page.get_by_role("button", name="Verslag als PDF").count() == 1


def test_live_meeting_screen_keeps_every_page_in_view(meeting_app, open_tab):
    """Live mode hides the sidebar; the pages stay one click away in a row at the top, and keep live mode."""
    tab = open_tab("wide")
    tab.enter(meeting_app.url(f"/overleg?{access.TOKEN_PARAM}={TOKENS['coordinator']}&maand=2022-01&live=1"))
    tab.assert_clean(meeting_app)
    assert not tab.page.locator('[data-testid="stSidebar"]').is_visible()
    row = tab.page.locator(".st-key-live-menu [data-testid='stPageLink'] a")
    labels = [t.strip() for t in row.all_inner_texts()]
    for p in access.pages_for(access.Role.COORDINATOR):
        if (ROOT / p.path).exists():
            assert any(p.label in t for t in labels), (p.label, labels)
    assert all(row.nth(i).is_visible() for i in range(row.count()))
    href = tab.page.locator(".st-key-live-menu a[href*='opvolging']").first.get_attribute("href")
    assert "live=1" in href
    tab.shot("overleg-live-wide")

    # The arrow key moves on, and the screen's own refresh (a fragment run) keeps the subject.
    before = tab.watch.fragment_runs_finished
    tab.page.keyboard.press("ArrowRight")
    tab.wait_until(lambda: heading(tab) == "2. Rapportages", "the arrow key did not move on")
    tab.wait_until(lambda: tab.watch.fragment_runs_finished >= before + 2, "the live screen did not refresh")
    tab.settle()
    assert heading(tab) == "2. Rapportages"
    tab.assert_clean(meeting_app)
