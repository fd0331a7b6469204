"""The in-app intake without Streamlit: the row Google Forms would write, the cleaner's rules as field messages,
a submission written once, concurrent submissions to a local workbook and a CSV folder, and the demo's copy.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import threading
from pathlib import Path

import openpyxl
import pytest

from lib import clean as clean_mod
from lib import intake, schema
from lib.clean import clean
from lib.errors import WriteError
from lib.sources import SourceSpec
from lib.sources.base import RawWorkbook
from lib.sources.local import CsvFolder, XlsxWorkbook
from tests import builders
from tests.shapes import row as shaped

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.xlsx"
TZ = intake.TZ
NOW = dt.datetime(2026, 5, 4, 22, 3, 7, tzinfo=TZ)  # a Monday evening, in Amsterdam
ROUND_HEADERS = [f.header for f in schema.ROUNDS.fields]
SIGNAL_HEADERS = [f.header for f in schema.SIGNALS.fields]
KEY_HEADER = schema.SUBMISSION_KEY.header


def round_answers(**over) -> dict:
    a = {
        "coach": "Anna de Vries",
        "co_coaches": ["Chantal Kok", "Bram Mensah"],
        "date": dt.date(2026, 5, 4),
        "start": dt.time(19, 0),
        "end": dt.time(21, 30),
        "locations": ["Kralenbeek", "Openbare ruimte", "Kouwenoord"],
        "obs_general": "Droog, veel mensen buiten.",
        "obs_round": "",
        "incidents": "Lift Kralenbeek stond stil.",
    }
    a.update(over)
    return a


def signal_answers(**over) -> dict:
    a = {
        "coach": "Bram Mensah",
        "date": dt.date(2026, 5, 4),
        "time": dt.time(20, 15),
        "location": "Kralenbeek",
        "floor": "3",
        "spot": "Lift",
        "category": "Heel",
        "kinds": ["Lift defect", "Verlichting"],
        "description": "Lift hangt tussen 3 en 4.",
        "passed_to": ["Beheerder De Key"],
        "urgency": "Hoog",
        "photo": "",
    }
    a.update(over)
    return a


ROSTER = [r[0] for r in builders.ROSTER[1:]]


def workbook(rounds=(), signals=(), round_headers=None, signal_headers=None) -> RawWorkbook:
    return builders.workbook(rounds=rounds, signals=signals, round_headers=round_headers,
                             signal_headers=signal_headers)


# --- the row, exactly as Google Forms writes it ------------------------------------------------------------
def test_round_row_is_the_forms_row_in_dutch_locale_strings():
    row = intake.build_row(schema.ROUNDS, ROUND_HEADERS, round_answers(), NOW, roster=ROSTER)
    assert row == [
        "4-5-2026 22:03:07",  # Tijdstempel first: d-M-yyyy H:mm:ss, Amsterdam time, no zero padding
        "Anna de Vries",
        "Bram Mensah, Chantal Kok",  # checkbox answers in the form's option order (the roster's), ", "
        "4-5-2026",
        "19:00:00",
        "21:30:00",
        "Kouwenoord, Kralenbeek, Openbare ruimte",  # the options' order, not the order they were tapped
        "Droog, veel mensen buiten.",
        "",
        "Lift Kralenbeek stond stil.",
    ]


def test_signal_row_is_the_forms_row_and_anders_text_sits_inside_the_list():
    answers = signal_answers(kinds=["Verlichting", "Lampje bij de deur kapot", "Lift defect"], urgency=None,
                             passed_to=[], time=dt.time(9, 5))
    row = intake.build_row(schema.SIGNALS, SIGNAL_HEADERS, answers, NOW)
    assert row == [
        "4-5-2026 22:03:07", "Bram Mensah", "4-5-2026", "9:05:00", "Kralenbeek", "3", "Lift", "Heel",
        "Verlichting, Lift defect, Lampje bij de deur kapot",  # options in form order, then the "Anders" text
        "Lift hangt tussen 3 en 4.",
        # Doorgezet naar, Urgentie and Foto are empty: trailing empty cells are left off, as the Sheets API does
    ]


def test_timestamp_is_amsterdam_wall_time_whatever_zone_the_server_runs_in():
    utc = dt.datetime(2026, 1, 31, 23, 30, 0, tzinfo=dt.UTC)  # 1 Feb 00:30 in Amsterdam (winter)
    row = intake.build_row(schema.ROUNDS, ROUND_HEADERS, round_answers(), utc)
    assert row[0] == "1-2-2026 0:30:00"


def test_row_follows_the_sheets_current_header_with_unknown_renamed_and_remade_columns():
    header = [
        "Tijdstempel", "E-mailadres", "Naam flatcoach", "Weer",  # Forms' e-mail column; a column the coordinator added
        "Datum", "Starttijd", "Eindtijd", "Medecoaches", "Gelopen flats",
        "Observaties algemeen", "Observaties tijdens looprondes",  # the question's old name (an alias)
        "Opvallendheden/incidenten", "Eindtijd",  # Eindtijd deleted and made again: the live column is the right one
        "Extra vraag",
    ]
    answers = round_answers(obs_round="Rustig in de hal.")
    row = intake.build_row(schema.ROUNDS, header, answers, NOW, roster=ROSTER)
    assert row == [
        "4-5-2026 22:03:07", "", "Anna de Vries", "", "4-5-2026", "19:00:00", "", "Bram Mensah, Chantal Kok",
        "Kouwenoord, Kralenbeek, Openbare ruimte", "Droog, veel mensen buiten.", "Rustig in de hal.",
        "Lift Kralenbeek stond stil.", "21:30:00",
    ]
    # and the cleaner reads it back as the same round
    c = clean(_with_rows("Rondes", header, [row]))
    r = c.rounds.iloc[0]
    assert (r["coach"], r["hours"], r["obs_round"]) == ("Anna de Vries", 2.5, "Rustig in de hal.")
    assert r["coaches"] == ["Anna de Vries", "Bram Mensah", "Chantal Kok"]


def _with_rows(tab: str, header: list, rows: list) -> RawWorkbook:
    wb = workbook()
    wb.tabs[tab] = [header, *rows]
    return wb


def test_typed_row_for_a_workbook_and_the_sheets_api():
    row = intake.build_row(schema.ROUNDS, ROUND_HEADERS, round_answers(), NOW, shape="xlsx")
    assert row[0] == dt.datetime(2026, 5, 4, 22, 3, 7) and row[0].tzinfo is None
    assert row[3] == dt.datetime(2026, 5, 4) and row[4] == dt.time(19, 0) and row[5] == dt.time(21, 30)
    assert row[1:3] == ["Anna de Vries", "Chantal Kok, Bram Mensah"]  # no roster given: kept as chosen


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_defused_but_reads_back_as_typed():
    answers = round_answers(obs_general='=HYPERLINK("http://x", "klik")', incidents="- lift kapot")
    row = intake.build_row(schema.ROUNDS, ROUND_HEADERS, answers, NOW, shape="xlsx")
    assert row[7] == ' =HYPERLINK("http://x", "klik")' and row[9] == " - lift kapot"
    r = clean(_with_rows("Rondes", ROUND_HEADERS, [row])).rounds.iloc[0]
    assert r["obs_general"] == '=HYPERLINK("http://x", "klik")' and r["incidents"] == "- lift kapot"
    # the Google Sheet source quotes such text itself, so its row is left as typed
    assert intake.build_row(schema.ROUNDS, ROUND_HEADERS, answers, NOW, shape="api")[7].startswith("=")


def test_an_empty_header_row_gets_the_schemas_order():
    assert intake.header_of([], schema.SIGNALS) == SIGNAL_HEADERS
    assert intake.header_of([[None, None]], schema.SIGNALS) == SIGNAL_HEADERS


# --- defaults for a coach at the end of a round ---------------------------------------------------------------
@pytest.mark.parametrize("clock, day", [
    (dt.datetime(2026, 5, 4, 22, 2, tzinfo=TZ), dt.date(2026, 5, 4)),
    (dt.datetime(2026, 5, 5, 0, 40, tzinfo=TZ), dt.date(2026, 5, 4)),  # past midnight: the round began yesterday
    (dt.datetime(2026, 5, 5, 6, 10, tzinfo=TZ), dt.date(2026, 5, 5)),
])
def test_round_date_defaults_to_the_day_the_round_began(clock, day):
    assert intake.round_default_date(clock) == day


def test_default_times_end_now_on_the_five_minutes_and_last_a_usual_round():
    assert intake.default_times(dt.datetime(2026, 5, 4, 22, 3, tzinfo=TZ), 2.5) == (dt.time(19, 30), dt.time(22, 0))
    assert intake.default_times(dt.datetime(2026, 5, 5, 1, 7, tzinfo=TZ), None) == (dt.time(22, 5), dt.time(1, 5))


# --- validation: the cleaner's reasons, said next to the field --------------------------------------------------
ROUND_RULES = [
    # (answers changed, field with the message, words in the message, the cleaner's reason)
    ({"coach": None}, "coach", "Kies je naam", "Naam flatcoach ontbreekt"),
    ({"locations": []}, "locations", "minstens één", "Gelopen flats ontbreekt"),
    ({"end": dt.time(19, 0)}, "end", "gelijk aan de starttijd", "duur is 0 (Starttijd gelijk aan Eindtijd)"),
    ({"start": dt.time(8, 0), "end": dt.time(20, 30)}, "end", "langer dan 12 uur", "ronde langer dan 12 uur"),
    ({"date": dt.date(2026, 5, 5)}, "date", "in de toekomst", "Datum ligt na de datum van de Tijdstempel"),
    ({"locations": ["Bijlmerdreef"]}, "locations", "flat of de openbare ruimte",
     "geen bekende flat of openbare ruimte in Gelopen flats"),
]


@pytest.mark.parametrize("change, key, words, reason", ROUND_RULES)
def test_round_rule_gives_a_dutch_message_at_its_field(change, key, words, reason):
    check = intake.validate(schema.ROUNDS, round_answers(**change), NOW, workbook(), ROSTER)
    assert not check.ok
    assert check.reasons == [reason]  # the cleaner decided, with its own reason
    assert list(check.errors) == [key] and words in check.errors[key]


SIGNAL_RULES = [
    ({"description": "  "}, "description", "Vul dit in", "Beschrijving ontbreekt"),
    ({"category": None}, "category", "Kies", "Categorie ontbreekt"),
    ({"location": "Bijlmerplein"}, "location", "Kies een van de opties", "Locatie is geen van de opties"),
    ({"date": dt.date(2026, 6, 1)}, "date", "in de toekomst", "Datum ligt na de datum van de Tijdstempel"),
]


@pytest.mark.parametrize("change, key, words, reason", SIGNAL_RULES)
def test_signal_rule_gives_a_dutch_message_at_its_field(change, key, words, reason):
    check = intake.validate(schema.SIGNALS, signal_answers(**change), NOW, workbook(), ROSTER)
    assert check.reasons == [reason]
    assert list(check.errors) == [key] and words in check.errors[key]


def test_several_broken_rules_each_show_at_their_own_field():
    answers = round_answers(coach="", locations=[], end=dt.time(19, 0), date=dt.date(2026, 5, 6))
    check = intake.validate(schema.ROUNDS, answers, NOW, workbook(), ROSTER)
    assert set(check.errors) == {"coach", "locations", "end", "date"}


def test_a_good_round_passes_and_a_name_not_on_the_roster_is_only_a_warning():
    check = intake.validate(schema.ROUNDS, round_answers(co_coaches=["Nieuwe Buurvrouw"]), NOW, workbook(), ROSTER)
    assert check.ok and check.errors == {}
    assert any("Nieuwe Buurvrouw" in w and "Coaches" in w for w in check.warnings)


def test_a_round_that_overlaps_one_already_told_is_the_duplicate_rule():
    told = builders.rnd(ts=dt.datetime(2026, 5, 4, 21, 40), coach="Bram Mensah", mates="Anna de Vries",
                        day=dt.date(2026, 5, 4), start=dt.time(19, 30), end=dt.time(21, 0))
    check = intake.validate(schema.ROUNDS, round_answers(), NOW, workbook(rounds=[told]), ROSTER)
    assert check.reasons == [clean_mod.DUPLICATE]
    assert "al doorgegeven" in check.errors[intake.FORM]
    # a round by other coaches at that time is no duplicate
    other = round_answers(coach="Chantal Kok", co_coaches=[])
    assert intake.validate(schema.ROUNDS, other, NOW, workbook(rounds=[told]), ROSTER).ok


def test_a_signal_told_twice_is_the_duplicate_rule():
    a = signal_answers()
    first = intake.build_row(schema.SIGNALS, SIGNAL_HEADERS, a, NOW - dt.timedelta(minutes=3), shape="xlsx")
    check = intake.validate(schema.SIGNALS, a, NOW, _with_rows("Meldingen", SIGNAL_HEADERS, [first]), ROSTER)
    assert check.reasons == [clean_mod.DUPLICATE] and "al doorgegeven" in check.errors[intake.FORM]


def test_every_reason_the_cleaner_gives_for_a_form_row_has_a_field_or_a_sentence():
    """If the cleaner's wording changes, this fails instead of the coach seeing a message in the wrong place."""
    for _change, key, _words, reason in ROUND_RULES:
        assert intake._message(schema.ROUNDS, reason)[0] == key
    for _change, key, _words, reason in SIGNAL_RULES:
        assert intake._message(schema.SIGNALS, reason)[0] == key
    for f in intake.questions(schema.ROUNDS) + intake.questions(schema.SIGNALS):
        tab = schema.ROUNDS if f in schema.ROUNDS.fields else schema.SIGNALS
        assert intake._message(tab, f"{f.header} onleesbaar")[0] == f.key
    # a reason nobody mapped is still shown, above the form, in the cleaner's words
    assert intake._message(schema.ROUNDS, "iets nieuws") == (intake.FORM, "Iets nieuws.")


def test_an_answer_whose_column_was_deleted_is_named_not_lost_silently():
    header = [h for h in ROUND_HEADERS if h != "Observaties algemeen"]
    check = intake.validate(schema.ROUNDS, round_answers(), NOW, _with_rows("Rondes", header, []), ROSTER)
    assert check.ok and any("Observaties algemeen" in w and "niet opgeslagen" in w for w in check.warnings)


# --- submitting: once per key -----------------------------------------------------------------------------------
@pytest.fixture
def demo_copy(tmp_path) -> Path:
    p = tmp_path / "werkboek.xlsx"
    shutil.copyfile(DEMO, p)
    return p


def _rows(path: Path, tab: str) -> list[list]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [list(r) for r in wb[tab].iter_rows(values_only=True)]
    finally:
        wb.close()


def _past_round(i: int = 0, coach: str | None = None) -> dict:
    """A round on a day of April 2026 that no demo round touches (the demo season is 2021-22)."""
    return round_answers(coach=coach or f"Coach {i:02d}", co_coaches=[], date=dt.date(2026, 4, 1 + i % 28),
                         start=dt.time(19, 0), end=dt.time(21, 0), obs_general=f"ronde {i}")


def test_submitting_twice_with_the_same_key_writes_one_row(demo_copy):
    src = XlsxWorkbook(demo_copy)
    before = len(_rows(demo_copy, "Rondes"))
    key = intake.new_key()
    first = intake.submit(src, schema.ROUNDS, round_answers(), key, NOW, ROSTER)
    again = intake.submit(src, schema.ROUNDS, round_answers(), key, NOW + dt.timedelta(seconds=2), ROSTER)
    assert (first.status, again.status) == ("saved", "already")
    rows = _rows(demo_copy, "Rondes")
    assert len(rows) == before + 1
    header, last = rows[0], rows[-1]
    assert last[header.index(KEY_HEADER)] == key
    assert last[:7] == [dt.datetime(2026, 5, 4, 22, 3, 7), "Anna de Vries", "Bram Mensah, Chantal Kok",
                        dt.datetime(2026, 5, 4), dt.time(19, 0), dt.time(21, 30),
                        "Kouwenoord, Kralenbeek, Openbare ruimte"]
    assert last[header.index("Weer")] is None  # the demo's extra column stays empty, like a form leaves it
    assert first.summary[0] == ("Naam flatcoach", "Anna de Vries") and ("Eindtijd", "21:30") in first.summary


def test_a_retry_whose_first_write_landed_unseen_is_not_written_twice(demo_copy):
    """The read before the retry still misses the row (a slow sheet); the source's key check catches it."""
    src = XlsxWorkbook(demo_copy)
    stale = src.read()
    key = intake.new_key()
    assert intake.submit(src, schema.ROUNDS, round_answers(), key, NOW, ROSTER).status == "saved"
    n = len(_rows(demo_copy, "Rondes"))
    src.read = lambda: stale  # type: ignore[method-assign]
    assert intake.submit(src, schema.ROUNDS, round_answers(), key, NOW, ROSTER).status == "already"
    assert len(_rows(demo_copy, "Rondes")) == n


def test_an_invalid_submission_writes_nothing(demo_copy):
    digest = hashlib.sha256(demo_copy.read_bytes()).hexdigest()
    out = intake.submit(XlsxWorkbook(demo_copy), schema.ROUNDS, round_answers(locations=[]), intake.new_key(), NOW)
    assert out.status == "invalid" and "locations" in out.errors
    assert hashlib.sha256(demo_copy.read_bytes()).hexdigest() == digest


def test_a_disk_error_is_a_write_error_in_dutch(demo_copy):
    src = XlsxWorkbook(demo_copy)

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    src.append_row = refuse  # type: ignore[method-assign]
    with pytest.raises(WriteError) as err:
        intake.submit(src, schema.ROUNDS, round_answers(), intake.new_key(), NOW)
    assert err.value.message.startswith("Niet opgeslagen")


def _concurrently(n: int, work) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            start.wait()
            work(i)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return errors


@pytest.fixture
def small_workbook(tmp_path) -> Path:
    """A small .xlsx download (typed cells), so twenty submissions stay quick."""
    p = tmp_path / "klein.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in builders.workbook(rounds=[builders.rnd()], signals=[builders.sig()]).tabs.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    wb.save(p)
    return p


def test_twenty_concurrent_submissions_to_a_workbook_are_twenty_rows(small_workbook):
    before = clean(XlsxWorkbook(small_workbook).read())
    statuses: list[str] = []

    def work(i: int) -> None:
        out = intake.submit(XlsxWorkbook(small_workbook), schema.ROUNDS, _past_round(i), intake.new_key(), NOW)
        statuses.append(out.status)

    assert _concurrently(20, work) == []
    assert statuses == ["saved"] * 20
    after = clean(XlsxWorkbook(small_workbook).read())  # still a readable workbook, for the cleaner too
    assert after.counts["Rondes"]["rows"] == before.counts["Rondes"]["rows"] + 20
    new = after.rounds[after.rounds["coach"].str.startswith("Coach ")]
    assert sorted(new["obs_general"]) == sorted(f"ronde {i}" for i in range(20))


def test_the_same_submission_from_five_threads_at_once_is_one_row(small_workbook):
    key = intake.new_key()
    n = len(_rows(small_workbook, "Rondes"))
    statuses: list[str] = []
    assert _concurrently(5, lambda i: statuses.append(
        intake.submit(XlsxWorkbook(small_workbook), schema.ROUNDS, _past_round(1), key, NOW).status)) == []
    assert len(_rows(small_workbook, "Rondes")) == n + 1
    assert sorted(statuses) == ["already"] * 4 + ["saved"]


@pytest.fixture
def csv_folder(tmp_path) -> Path:
    """Per-tab CSV downloads in the Dutch locale, named as Google names them."""
    folder = tmp_path / "csv"
    folder.mkdir()
    tabs = {
        "Rondes": [ROUND_HEADERS, shaped(builders.rnd(), "csv-nl")],
        "Meldingen": [SIGNAL_HEADERS, shaped(builders.sig(), "csv-nl")],
        "Coaches": builders.ROSTER,
    }
    for name, rows in tabs.items():
        with open(folder / f"Flatcoaches K-buurt - {name}.csv", "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows([["" if v is None else v for v in r] for r in rows])
    return folder


def test_twenty_concurrent_submissions_to_a_csv_folder_are_twenty_rows(csv_folder):
    def work(i: int) -> None:
        answers = signal_answers(description=f"Melding {i}", time=dt.time(19, i))
        assert intake.submit(CsvFolder(csv_folder), schema.SIGNALS, answers, intake.new_key(), NOW).status == "saved"

    assert _concurrently(20, work) == []
    c = clean(CsvFolder(csv_folder).read())
    assert c.counts["Meldingen"] == {"rows": 21, "clean": 21, "rejected": 0}
    assert sorted(c.signals["description"])[:3] == ["Lift staat stil", "Melding 0", "Melding 1"]
    with open(csv_folder / "Flatcoaches K-buurt - Meldingen.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-1] == KEY_HEADER and len({r[-1] for r in rows[2:]}) == 20
    # the CSV keeps the Dutch-locale shape of a download
    assert rows[-1][0] == "4-5-2026 22:03:07" and rows[-1][2] == "4-5-2026"


# --- the demo's working copy ------------------------------------------------------------------------------------
def test_demo_submissions_go_to_a_working_copy_never_the_committed_workbook():
    digest = hashlib.sha256(DEMO.read_bytes()).hexdigest()
    src = intake.writable_source(SourceSpec("demo", str(DEMO)))
    assert Path(src.path) != DEMO and Path(src.path).parent != DEMO.parent
    out = intake.submit(src, schema.ROUNDS, _past_round(3, coach="Demo Bezoeker"), intake.new_key(), NOW)
    assert out.status == "saved"
    assert hashlib.sha256(DEMO.read_bytes()).hexdigest() == digest
    assert any(r[1] == "Demo Bezoeker" for r in _rows(Path(src.path), "Rondes"))
    # one copy per process: the next submission lands in the same copy
    assert intake.writable_source(SourceSpec("demo", str(DEMO))).path == src.path


# --- over the wire: the real gspread client against the fake Sheets API -----------------------------------------
def test_intake_through_gspread_writes_the_forms_row_once_even_after_a_lost_answer():
    fakesheets = pytest.importorskip("tests.fakesheets")
    from lib.sources.gsheet import GSheetSource, make_client

    with fakesheets.fake_sheet() as fs:
        secrets = {"gcp_service_account": fs.service_account_info()}
        src = intake.writable_source(SourceSpec("gsheet", fs.key), secrets, http_client=fs.http_client_class())
        n = len(fs.rows("Rondes"))
        answers = round_answers(coach="Ahmed", co_coaches=["Sanne"], date=dt.date(2026, 5, 4))
        key = intake.new_key()
        out = intake.submit(src, schema.ROUNDS, answers, key, NOW, roster=["Ahmed", "Sanne"])
        assert out.status == "saved"
        rows = fs.rows("Rondes")
        assert len(rows) == n + 1
        # the Forms row, typed as Google Forms leaves it (dates and times are values, not text), key far right
        assert rows[-1][:7] == [dt.datetime(2026, 5, 4, 22, 3, 7), "Ahmed", "Sanne", dt.date(2026, 5, 4),
                                dt.time(19, 0), dt.time(21, 30), "Kouwenoord, Kralenbeek, Openbare ruimte"]
        assert rows[0][-1] == KEY_HEADER and rows[-1][-1] == key
        # the same submission again (a rerun, a second click): found by its key, nothing appended
        fs.counts.reset()
        assert intake.submit(src, schema.ROUNDS, answers, key, NOW, ["Ahmed", "Sanne"]).status == "already"
        assert fs.counts["values.append"] == 0 and len(fs.rows("Rondes")) == n + 1

        # a signal whose append lands but whose answer is lost (time-out): the retry inside the source finds the key
        fast = GSheetSource(make_client(secrets["gcp_service_account"], http_client=fs.http_client_class()), fs.key,
                            tries=3, deadline=8.0, timeout=0.5, backoff=0.01, max_wait=0.2)
        m = len(fs.rows("Meldingen"))
        fs.faults.push("slow", on="values.append", seconds=1.2, landed=True)
        out = intake.submit(fast, schema.SIGNALS, signal_answers(coach="Sanne"), intake.new_key(), NOW, ["Sanne"])
        assert out.status == "saved" and len(fs.rows("Meldingen")) == m + 1

        # the dashboard reads both back as clean rows
        c = clean(fast.read())
        assert ((c.rounds["coach"] == "Ahmed") & (c.rounds["date"] == "2026-05-04")).sum() == 1
        assert (c.signals["description"] == "Lift hangt tussen 3 en 4.").sum() == 1


def test_intake_when_google_stays_down_is_not_saved_and_writes_nothing():
    fakesheets = pytest.importorskip("tests.fakesheets")
    from lib.sources.gsheet import GSheetSource, make_client

    with fakesheets.fake_sheet() as fs:
        src = GSheetSource(make_client(fs.service_account_info(), http_client=fs.http_client_class()), fs.key,
                           tries=2, deadline=3.0, timeout=0.5, backoff=0.01, max_wait=0.1)
        src.read()
        n = len(fs.rows("Rondes"))
        fs.faults.push("503", on="values.append", times=5)
        with pytest.raises(WriteError) as err:
            intake.submit(src, schema.ROUNDS, round_answers(coach="Ahmed", co_coaches=[]), intake.new_key(), NOW)
        assert err.value.message.startswith("Niet opgeslagen") and len(fs.rows("Rondes")) == n
