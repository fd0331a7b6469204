"""The Invoer page as a coach uses it: fill a form, send it once, see a Dutch answer; nothing written twice or lost."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from lib import schema
from lib.errors import WriteError
from lib.intake import TZ
from lib.sources.local import XlsxWorkbook
from tests.apptest import ROOT, open_page, texts

DEMO = ROOT / "data" / "demo.xlsx"
KEY_HEADER = schema.SUBMISSION_KEY.header
PAGE = "pages/8_invoer.py"


@pytest.fixture
def workbook(tmp_path, monkeypatch) -> Path:
    """A copy of the demo workbook as the coordinator's local file (FLATCOACH_SOURCE)."""
    p = tmp_path / "flatcoaches.xlsx"
    shutil.copyfile(DEMO, p)
    monkeypatch.setenv("FLATCOACH_SOURCE", str(p))
    return p


def open_invoer() -> AppTest:
    """The page as reached from the menu."""
    at = open_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    return at


def rows(path: Path, tab: str) -> list[list]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb[tab].iter_rows(values_only=True)]
    finally:
        wb.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def widget(at: AppTest, kind: str, tab: str, field: str, extra: str = ""):
    """The widget of `field` in the form of `tab` ('rondes' / 'meldingen'), whatever the form's submission key."""
    suffix = f"-{field}" + (f"-{extra}" if extra else "")
    found = [w for w in getattr(at, kind) if (w.key or "").startswith(f"invoer-{tab}-") and w.key.endswith(suffix)]
    assert len(found) == 1, (kind, tab, field, [w.key for w in getattr(at, kind)])
    return found[0]


def submit_button(at: AppTest, tab: str):
    found = [b for b in at.button if (b.key or "").startswith(f"invoer-submit-{tab}-")]
    assert len(found) == 1
    return found[0]


def name(at: AppTest, tab: str, coach: str) -> None:
    """Choose the name from the list, or type it in the box under it when it is not on the list."""
    box = widget(at, "selectbox", tab, "coach")
    if coach in box.options:
        box.set_value(coach)
    else:
        widget(at, "text_input", tab, "coach", "nieuw").set_value(coach)


def fill_round(at: AppTest, coach="Sharon Pinas", locations=("Kouwenoord", "Kralenbeek"), remark="Rustig") -> None:
    name(at, "rondes", coach)
    widget(at, "multiselect", "rondes", "co_coaches").set_value(["Kwame Boateng"])
    widget(at, "date_input", "rondes", "date").set_value(dt.date(2026, 4, 2))
    widget(at, "time_input", "rondes", "start").set_value(dt.time(19, 0))
    widget(at, "time_input", "rondes", "end").set_value(dt.time(21, 30))
    widget(at, "pills", "rondes", "locations").set_value(list(locations))
    widget(at, "text_area", "rondes", "obs_general").set_value(remark)


def new_rows(path: Path, tab: str, before: int) -> list[list]:
    return rows(path, tab)[before:]


# --- the page -----------------------------------------------------------------------------------------------
def test_page_has_both_forms_from_the_schema_with_phone_friendly_defaults(workbook):
    at = open_invoer()
    assert [t.label for t in at.tabs] == [schema.ROUNDS.form_title, schema.SIGNALS.form_title]
    coach = widget(at, "selectbox", "rondes", "coach")
    roster = set(openpyxl.load_workbook(workbook, read_only=True)["Coaches"].iter_rows(min_row=2, values_only=True))
    assert set(coach.options) == {r[0] for r in roster if r[0]} and coach.value is None
    assert set(widget(at, "pills", "meldingen", "category").options) == set(schema.CATEGORIES)
    start, end = widget(at, "time_input", "rondes", "start"), widget(at, "time_input", "rondes", "end")
    assert start.step == end.step == 300  # five minutes
    assert dt.datetime.combine(dt.date.today(), end.value) - dt.datetime.combine(dt.date.today(), start.value) \
        in (dt.timedelta(hours=3), dt.timedelta(hours=-21))  # the demo's usual round: 3 hours, ending now
    assert widget(at, "date_input", "meldingen", "date").value == dt.datetime.now(TZ).date()
    assert len(at.form) == 2 and not at.sidebar.get("selectbox")  # nothing needed from the sidebar


def test_a_round_is_saved_once_and_a_rerun_does_not_save_it_again(workbook):
    before = len(rows(workbook, "Rondes"))
    at = open_invoer()
    fill_round(at)
    submit_button(at, "rondes").click().run()
    assert not at.exception
    added = new_rows(workbook, "Rondes", before)
    header = rows(workbook, "Rondes")[0]
    assert len(added) == 1
    r = added[0]
    assert r[1:7] == ["Sharon Pinas", "Kwame Boateng", dt.datetime(2026, 4, 2), dt.time(19, 0), dt.time(21, 30),
                      "Kouwenoord, Kralenbeek"]
    assert r[header.index("Observaties algemeen")] == "Rustig" and r[header.index(KEY_HEADER)]
    assert "Ronde opgeslagen" in texts(at) and "Kouwenoord, Kralenbeek" in texts(at)
    # a fresh form: the answers are gone, the coach's name is remembered
    assert widget(at, "text_area", "rondes", "obs_general").value == ""
    assert widget(at, "pills", "rondes", "locations").value == []
    assert widget(at, "selectbox", "rondes", "coach").value == "Sharon Pinas"
    assert widget(at, "selectbox", "meldingen", "coach").value == "Sharon Pinas"  # the other form too
    at.run()  # a rerun (a reload, another widget) writes nothing
    at.run()
    assert len(new_rows(workbook, "Rondes", before)) == 1
    # and the next round by the same coach is a new row
    fill_round(at, locations=("Kempering",), remark="Tweede ronde")
    widget(at, "date_input", "rondes", "date").set_value(dt.date(2026, 4, 3))
    submit_button(at, "rondes").click().run()
    assert [r[header.index("Observaties algemeen")] for r in new_rows(workbook, "Rondes", before)] == \
        ["Rustig", "Tweede ronde"]


def test_a_signal_is_saved_in_the_forms_shape(workbook):
    before = len(rows(workbook, "Meldingen"))
    at = open_invoer()
    name(at, "meldingen", "Kwame Boateng")
    widget(at, "date_input", "meldingen", "date").set_value(dt.date(2026, 4, 2))
    widget(at, "time_input", "meldingen", "time").set_value(dt.time(20, 15))
    widget(at, "pills", "meldingen", "location").set_value("Kempering")
    widget(at, "pills", "meldingen", "category").set_value("Heel")
    widget(at, "pills", "meldingen", "kinds").set_value(["Verlichting", "Lift defect"])
    widget(at, "text_input", "meldingen", "kinds", "anders").set_value("Deur klemt")
    widget(at, "text_area", "meldingen", "description").set_value("Lamp in de hal kapot, lift staat stil.")
    submit_button(at, "meldingen").click().run()
    added = new_rows(workbook, "Meldingen", before)
    assert len(added) == 1
    assert added[0][1:10] == ["Kwame Boateng", dt.datetime(2026, 4, 2), dt.time(20, 15), "Kempering", None, None,
                              "Heel", "Verlichting, Lift defect, Deur klemt", "Lamp in de hal kapot, lift staat stil."]
    assert "Melding opgeslagen" in texts(at)


def test_a_validation_error_is_shown_in_dutch_at_the_field_and_writes_nothing(workbook):
    sha = digest(workbook)
    at = open_invoer()
    fill_round(at, locations=(), remark="Alles rustig")
    widget(at, "time_input", "rondes", "end").set_value(dt.time(19, 0))
    submit_button(at, "rondes").click().run()
    assert digest(workbook) == sha
    errors = [e.value for e in at.error]
    assert any("Niet opgeslagen" in e and "Gelopen flats" in e and "Eindtijd" in e for e in errors)
    assert "Kies er minstens één." in errors  # under Gelopen flats
    assert any("gelijk aan de starttijd" in e for e in errors)  # under Eindtijd
    # what the coach typed is still there
    assert widget(at, "selectbox", "rondes", "coach").value == "Sharon Pinas"
    assert widget(at, "text_area", "rondes", "obs_general").value == "Alles rustig"
    assert widget(at, "multiselect", "rondes", "co_coaches").value == ["Kwame Boateng"]
    # fixed and sent again: saved once, the messages gone
    widget(at, "pills", "rondes", "locations").set_value(["Klieverink"])
    widget(at, "time_input", "rondes", "end").set_value(dt.time(21, 0))
    submit_button(at, "rondes").click().run()
    assert "Ronde opgeslagen" in texts(at) and not at.error
    assert sum(1 for r in rows(workbook, "Rondes") if r[1] == "Sharon Pinas" and r[3] == dt.datetime(2026, 4, 2)) == 1


def test_a_failed_write_says_not_saved_keeps_the_answers_and_a_retry_saves_once(workbook, monkeypatch):
    before = len(rows(workbook, "Rondes"))
    real_append = XlsxWorkbook.append_row

    def broken(self, tab, values, submission_key=None):
        raise WriteError("Niet opgeslagen: de Google Sheet was niet bereikbaar (storing bij Google, code 503).")

    monkeypatch.setattr(XlsxWorkbook, "append_row", broken)
    at = open_invoer()
    fill_round(at, remark="Bij de lift stonk het")
    submit_button(at, "rondes").click().run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "niet opgeslagen" in message.lower() and "probeer" in message
    assert "opgeslagen." not in texts(at).replace("Niet opgeslagen", "")  # no confirmation anywhere
    assert len(rows(workbook, "Rondes")) == before
    assert widget(at, "text_area", "rondes", "obs_general").value == "Bij de lift stonk het"
    assert widget(at, "pills", "rondes", "locations").value == ["Kouwenoord", "Kralenbeek"]

    # the write landed after all, but the answer was lost (a time-out): the retry finds its key
    def landed_then_timed_out(self, tab, values, submission_key=None):
        real_append(self, tab, values, submission_key)
        raise WriteError("Niet opgeslagen: de Google Sheet was niet bereikbaar (geen antwoord binnen 10 seconden).")

    monkeypatch.setattr(XlsxWorkbook, "append_row", landed_then_timed_out)
    submit_button(at, "rondes").click().run()
    assert len(rows(workbook, "Rondes")) == before + 1
    monkeypatch.setattr(XlsxWorkbook, "append_row", real_append)
    submit_button(at, "rondes").click().run()  # the coach tries once more
    assert len(rows(workbook, "Rondes")) == before + 1
    assert "was al opgeslagen" in texts(at)


def test_a_name_not_on_the_roster_can_be_typed_and_is_remembered_for_the_next_form(workbook):
    before = len(rows(workbook, "Meldingen"))
    at = open_invoer()
    fill_round(at, coach="Fatima Nieuw")
    submit_button(at, "rondes").click().run()
    assert rows(workbook, "Rondes")[-1][1] == "Fatima Nieuw"
    for tab in ("rondes", "meldingen"):  # the next round and the still empty signal form have the name
        assert widget(at, "text_input", tab, "coach", "nieuw").value == "Fatima Nieuw"
        assert widget(at, "selectbox", tab, "coach").value is None
    widget(at, "pills", "meldingen", "location").set_value("Kouwenoord")
    widget(at, "pills", "meldingen", "category").set_value("Veilig")
    widget(at, "date_input", "meldingen", "date").set_value(dt.date(2026, 4, 2))
    widget(at, "text_area", "meldingen", "description").set_value("Groepje bij de ingang.")
    submit_button(at, "meldingen").click().run()
    assert [r[1] for r in new_rows(workbook, "Meldingen", before)] == ["Fatima Nieuw"]


def test_the_demo_says_submissions_are_not_kept_and_never_writes_the_committed_workbook():
    sha = digest(DEMO)
    at = open_invoer()
    assert "Proefinvoer" in texts(at) and "tijdelijke kopie" in texts(at)
    fill_round(at, remark="Demo-invoer")
    submit_button(at, "rondes").click().run()
    assert "Ronde opgeslagen" in texts(at)
    assert digest(DEMO) == sha


def test_a_name_typed_as_on_the_list_is_saved_in_the_lists_spelling(workbook):
    at = open_invoer()
    fill_round(at)
    widget(at, "selectbox", "rondes", "coach").set_value(None)
    widget(at, "text_input", "rondes", "coach", "nieuw").set_value("  sharon   PINAS ")
    submit_button(at, "rondes").click().run()
    assert rows(workbook, "Rondes")[-1][1] == "Sharon Pinas"


# --- over the wire: a coach's link, the Google Sheet through the real gspread client and the fake Sheets API ----
COACH_TOKEN = "tests-page-invoer-coach-0123456789abcdef"


@pytest.fixture
def sheet(monkeypatch):
    fakesheets = pytest.importorskip("tests.fakesheets")
    from lib import access, data

    with fakesheets.fake_sheet() as fs:
        monkeypatch.setattr(data, "HTTP_CLIENT", fs.http_client_class())
        fs.secrets = {  # type: ignore[attr-defined]
            "sheet": {"key": fs.key, "tries": 2, "timeout_seconds": 1.0, "deadline_seconds": 3,
                      "backoff_seconds": 0.01, "max_wait_seconds": 0.2},
            "gcp_service_account": fs.service_account_info(),
            "access": {"tokens": [{"role": "coach", "label": "Flatcoach", "sha256": access.token_hash(COACH_TOKEN)}]},
        }
        yield fs


def open_as_coach(secrets: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["toegang"] = COACH_TOKEN
    for k, v in secrets.items():
        at.secrets[k] = v
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_coach_submits_a_round_into_the_google_sheet_once(sheet):
    n = len(sheet.rows("Rondes"))
    at = open_as_coach(sheet.secrets)
    assert widget(at, "selectbox", "rondes", "coach").options == ["Ahmed", "Sanne"]  # the sheet's Coaches tab
    fill_round(at, coach="Sanne", locations=("Klieverink",), remark="Via de Google Sheet")
    widget(at, "multiselect", "rondes", "co_coaches").set_value(["Ahmed"])
    submit_button(at, "rondes").click().run()
    assert not at.exception and "Ronde opgeslagen" in texts(at)
    rows = sheet.rows("Rondes")
    assert len(rows) == n + 1
    assert rows[-1][1:7] == ["Sanne", "Ahmed", dt.date(2026, 4, 2), dt.time(19, 0), dt.time(21, 30), "Klieverink"]
    assert rows[0][-1] == KEY_HEADER and len(rows[-1][-1]) == 36
    appends = sheet.counts["values.append"]
    at.run()
    assert len(sheet.rows("Rondes")) == n + 1 and sheet.counts["values.append"] == appends


def test_a_coachs_round_is_kept_on_screen_when_google_stays_down(sheet):
    n = len(sheet.rows("Rondes"))
    at = open_as_coach(sheet.secrets)
    fill_round(at, coach="Ahmed", remark="Lift Kempering weer stuk")
    sheet.faults.push("503", on="values.append", times=10)
    submit_button(at, "rondes").click().run()
    assert not at.exception
    assert any("niet opgeslagen" in e.value.lower() for e in at.error)
    assert len(sheet.rows("Rondes")) == n
    assert widget(at, "text_area", "rondes", "obs_general").value == "Lift Kempering weer stuk"
    sheet.faults.clear()  # Google is back: the same button saves it, once
    submit_button(at, "rondes").click().run()
    assert "Ronde opgeslagen" in texts(at) and len(sheet.rows("Rondes")) == n + 1
