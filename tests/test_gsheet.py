"""GSheetSource with the real gspread client against the local fake Sheets API (tests/fakesheets.py).

Nothing here talks to Google: the seam class refuses any URL but the fake's, and the token comes from the fake.
"""
from __future__ import annotations

import threading
from datetime import date, datetime
from datetime import time as dtime

import pytest

from lib import schema
from lib.errors import (
    MissingTabError,
    SheetAccessError,
    SheetNotFoundError,
    SheetUnavailableError,
    SourceError,
    WriteError,
)
from lib.sources.gsheet import GSheetSource, make_client
from tests.fakesheets import Formula, fake_sheet, serial

FAST = dict(tries=3, deadline=5.0, timeout=0.5, backoff=0.01, max_wait=0.5)
KEY_HEADER = schema.SUBMISSION_KEY.header


@pytest.fixture
def fs():
    with fake_sheet() as f:
        yield f


def make_source(fs, key=None, **options) -> GSheetSource:
    client = make_client(fs.service_account_info(), http_client=fs.http_client_class())
    return GSheetSource(client, key or fs.key, **{**FAST, **options})


def warm(source: GSheetSource, fs) -> None:
    """One read so the token is fetched and the tab titles are settled; then reset the counters."""
    source.read()
    fs.counts.reset()


def form_row(ts="4-5-2026 10:59:37", coach="Ahmed", date_="4-5-2026") -> list:
    """A Rondes row as Google Forms writes it (Dutch locale strings, Tijdstempel first)."""
    return [ts, coach, "Sanne", date_, "19:00:00", "23:00:00", "Kouwenoord, Kralenbeek", "Rustig", "", ""]


# --- reading ------------------------------------------------------------------------------------------------
def test_read_gets_all_tabs_in_one_batch_get(fs):
    wb = make_source(fs).read()
    assert fs.counts["values.batchGet"] == 1
    assert fs.counts.api == 1  # no metadata call
    assert fs.counts["token"] == 1
    assert wb.shape == "api" and wb.missing == []
    assert set(wb.tabs) == set(schema.TABS)
    assert wb.tabs["Rondes"][0] == [f.header for f in schema.ROUNDS.fields]
    first = wb.tabs["Rondes"][1]
    # UNFORMATTED_VALUE + SERIAL_NUMBER: datetimes, dates and times arrive as serial numbers
    assert first[0] == pytest.approx(serial(datetime(2021, 12, 1, 23, 10, 5)))
    assert first[3] == 44531
    assert first[4] == pytest.approx(19 / 24)
    # the API dropped the trailing empty cells; the source pads every row to the header's width
    assert all(len(r) == len(wb.tabs["Rondes"][0]) for r in wb.tabs["Rondes"])
    assert first[-2:] == ["", ""]
    assert wb.tabs["Kosten"][1][3] == 89.95
    assert wb.tabs["Organisatie-uren"] == [[f.header for f in schema.ORG_HOURS.fields]]


def test_missing_coordinator_tab_costs_one_lookup_then_reads_are_one_request_again(fs):
    fs.remove_tab("Acties")
    source = make_source(fs)
    wb = source.read()
    assert wb.missing == ["Acties"] and wb.tabs["Acties"] == []
    assert wb.tabs["Rondes"][1][1] == "Ahmed"
    assert fs.counts["values.batchGet"] == 2 and fs.counts["spreadsheets.get"] == 1
    fs.counts.reset()
    wb = source.read()
    assert wb.missing == ["Acties"]
    assert fs.counts.snapshot() == {"values.batchGet": 1}


def test_what_a_source_learned_is_kept_for_the_next_source_on_the_same_sheet(fs):
    """The app may make a new source for every cached read: the tab titles and key column are kept per process."""
    fs.remove_tab("Acties")
    make_source(fs).read()
    make_source(fs).append_row("Rondes", form_row(), submission_key="k-1")
    fs.counts.reset()
    assert make_source(fs).read().missing == ["Acties"]
    assert fs.counts.snapshot() == {"token": 1, "values.batchGet": 1}  # a new client fetches its own token
    fs.counts.reset()
    make_source(fs).append_row("Rondes", form_row(), submission_key="k-2")
    assert fs.counts.snapshot() == {"token": 1, "values.get": 1, "values.append": 1}


def test_a_tab_added_later_is_seen_after_the_titles_ttl(fs):
    fs.remove_tab("Begroting")
    now = [0.0]
    source = make_source(fs, titles_ttl=0.2, clock=lambda: now[0])  # a clock the test moves: no sleeping
    assert source.read().missing == ["Begroting"]
    fs.add_tab("Begroting", [[f.header for f in schema.BUDGET.fields]])
    now[0] += 0.25
    fs.counts.reset()
    assert source.read().missing == []
    assert fs.counts.snapshot() == {"spreadsheets.get": 1, "values.batchGet": 1}


def test_a_tab_renamed_after_the_first_read_is_looked_up_again(fs):
    source = make_source(fs)
    warm(source, fs)
    fs.rename_tab("Kosten", "kosten ")  # the coordinator renames it; the contract compares case-insensitively
    wb = source.read()
    assert wb.missing == [] and wb.tabs["Kosten"][1][1] == "Materiaal"
    assert fs.counts.snapshot() == {"values.batchGet": 2, "spreadsheets.get": 1}


def test_missing_rondes_is_a_missing_tab_error_naming_the_tab(fs):
    fs.remove_tab("Rondes")
    with pytest.raises(MissingTabError) as err:
        make_source(fs).read()
    assert "'Rondes'" in err.value.message and "ontbreekt" in err.value.message
    assert fs.counts.api <= 3


def test_renamed_header_is_read_as_is(fs):
    fs.rename_header("Rondes", "Observaties tijdens de ronde", "Observaties tijdens looprondes")
    wb = make_source(fs).read()
    assert "Observaties tijdens looprondes" in wb.tabs["Rondes"][0]


# --- passing faults -----------------------------------------------------------------------------------------
def test_429_honours_retry_after_then_reads(fs):
    pauses: list[float] = []
    source = make_source(fs, sleep=pauses.append)
    warm(source, fs)
    fs.faults.push("429", retry_after=0.3)
    wb = source.read()
    assert pauses == [0.3]  # waited what Google asked (more than its own first pause)
    assert wb.tabs["Rondes"][1][1] == "Ahmed"
    assert fs.counts["values.batchGet"] == 2 and source.retries == 1


def test_429_retry_after_is_capped(fs):
    pauses: list[float] = []
    source = make_source(fs, max_wait=0.2, sleep=pauses.append)
    warm(source, fs)
    fs.faults.push("429", retry_after=60)
    source.read()
    assert pauses == [0.2]  # far below the 60 s asked for


@pytest.mark.parametrize("faults", [["500"], ["503"], ["502", "504"], ["500", "503"]])
def test_server_errors_are_retried(fs, faults):
    source = make_source(fs)
    warm(source, fs)
    for f in faults:
        fs.faults.push(f)
    assert source.read().tabs["Meldingen"][1][1] == "Sanne"
    assert fs.counts["values.batchGet"] == len(faults) + 1
    assert source.retries == len(faults)


def test_slow_answer_times_out_and_is_retried(fs):
    source = make_source(fs, timeout=0.4)
    warm(source, fs)
    fs.faults.push("slow", seconds=4)
    wb = source.read()
    assert wb.tabs["Rondes"][1][1] == "Ahmed"
    # the slow answer would have carried the data: a second request means the first was given up on
    assert fs.counts["values.batchGet"] == 2 and source.retries == 1


def test_dropped_connection_is_retried(fs):
    source = make_source(fs)
    warm(source, fs)
    fs.faults.push("drop")
    assert source.read().tabs["Rondes"][1][1] == "Ahmed"
    assert fs.counts["values.batchGet"] == 2 and source.retries == 1


def test_first_read_survives_a_fault_on_the_title_lookup(fs):
    fs.remove_tab("Acties")
    source = make_source(fs)
    fs.faults.push("503", on="spreadsheets.get")
    assert source.read().missing == ["Acties"]
    assert fs.counts["spreadsheets.get"] == 2


def test_lasting_503_gives_up_within_bounded_time(fs):
    pauses: list[float] = []
    source = make_source(fs, backoff=0.05, sleep=pauses.append)
    warm(source, fs)
    fs.faults.push("503", times=50)
    with pytest.raises(SheetUnavailableError) as err:
        source.read()
    assert len(pauses) == 2 and all(p <= FAST["max_wait"] for p in pauses)  # bounded: two short pauses
    assert fs.counts["values.batchGet"] == 3  # tries
    assert err.value.message.startswith("Google Sheet niet bereikbaar")


def test_lasting_hang_gives_up_at_the_deadline(fs):
    source = make_source(fs, timeout=0.3, deadline=0.8, tries=10)
    warm(source, fs)
    fs.faults.push("slow", seconds=5, times=20)
    with pytest.raises(SheetUnavailableError) as err:
        source.read()
    # each try waits out its 0.3 s time-out, so the 0.8 s deadline stops the tries long before the tenth
    assert fs.counts["values.batchGet"] < 10
    assert "geen antwoord" in err.value.message


# --- lasting faults -----------------------------------------------------------------------------------------
def test_403_names_the_service_account_and_no_key(fs):
    source = make_source(fs)
    fs.faults.push("403")
    with pytest.raises(SheetAccessError) as err:
        source.read()
    msg, detail = err.value.message, err.value.detail
    assert fs.client_email in detail and "Delen" in detail  # the coordinator's sentence: who to share with
    assert fs.client_email not in msg and "coördinator" in msg  # everyone else's: plain, no identifier (#16.3)
    key = fs.service_account_info()["private_key"]
    body = "".join(key.splitlines()[1:-1])
    for text in (msg, detail, str(err.value), repr(err.value)):
        assert "PRIVATE KEY" not in text
        assert not any(body[i:i + 16] in text for i in range(0, len(body) - 16, 16))
    assert fs.counts["values.batchGet"] == 1  # not retried


def test_403_when_the_sheets_api_is_off(fs):
    fs.faults.push("403", message="Google Sheets API has not been used in project 000 before or it is disabled.",
                   reason="SERVICE_DISABLED")
    with pytest.raises(SheetAccessError) as err:
        make_source(fs).read()
    assert "Google Sheets API" in err.value.message


def test_404_is_sheet_not_found(fs):
    with pytest.raises(SheetNotFoundError) as err:
        make_source(fs, key="1ThisKeyDoesNotExist_0123456789").read()
    assert "sleutel" in err.value.message
    assert "1ThisKeyDoesNotExist_0123456789" not in err.value.message + err.value.detail
    assert "1ThisK" in err.value.detail and "1ThisK" not in err.value.message  # the prefix: coordinator only
    fs.faults.push("404")
    with pytest.raises(SheetNotFoundError):
        make_source(fs).read()


def test_description_is_short_and_safe(fs):
    source = make_source(fs)
    assert source.description == f"Google Sheet {fs.key[:6]}…"
    assert fs.key not in source.description


@pytest.mark.parametrize("info, needle", [
    (None, "[gcp_service_account]"),
    ({}, "[gcp_service_account]"),
    ({"type": "service_account", "client_email": "x@y.iam.gserviceaccount.com", "token_uri": "http://t"},
     "private_key"),
])
def test_make_client_says_what_to_put_in_secrets(info, needle):
    with pytest.raises(SourceError) as err:
        make_client(info)
    assert needle in err.value.message and ".streamlit/secrets.toml" in err.value.message


def test_make_client_hides_an_unreadable_key(fs):
    info = fs.service_account_info()
    info["private_key"] = "-----BEGIN PRIVATE KEY-----\nNOT-A-KEY-zzzzSECRETzzzz\n-----END PRIVATE KEY-----\n"
    with pytest.raises(SourceError) as err:
        make_client(info)
    assert "zzzzSECRETzzzz" not in err.value.message and err.value.__cause__ is None
    assert err.value.__suppress_context__


def test_make_client_accepts_a_key_pasted_with_literal_backslash_n(fs):
    info = fs.service_account_info()
    info["private_key"] = info["private_key"].replace("\n", "\\n")
    client = make_client(info, http_client=fs.http_client_class())
    assert GSheetSource(client, fs.key, **FAST).read().missing == []


# --- writing ------------------------------------------------------------------------------------------------
def test_append_row_writes_one_row_in_forms_shape(fs):
    source = make_source(fs)
    before = fs.rows("Rondes")
    assert source.append_row("Rondes", form_row()) is True
    after = fs.rows("Rondes")
    assert len(after) == len(before) + 1
    assert after[:-1] == before
    # Text stays text (a Dutch-locale sheet would make "19:00:00" a time and "4-5-2026" a date: the source quotes
    # it); trailing empty answers are not stored, like a form's row.
    assert after[-1] == form_row()[:8]
    typed = [datetime(2026, 5, 4, 10, 59, 37), "Ahmed", "Sanne", date(2026, 5, 4), dtime(19, 0), dtime(23, 0)]
    assert source.append_row("Rondes", typed) is True
    assert fs.rows("Rondes")[-1] == typed  # what the intake sends typed is stored as a date/time
    assert fs.counts["values.append"] == 2


def test_append_with_key_adds_the_key_column_once(fs):
    source = make_source(fs)
    width = len(schema.ROUNDS.fields)
    assert source.append_row("Rondes", form_row(), submission_key="k-1")
    assert source.append_row("Rondes", form_row(coach="Sanne"), submission_key="k-2")
    rows = fs.rows("Rondes")
    assert rows[0][width] == KEY_HEADER and rows[0].count(KEY_HEADER) == 1
    assert [r[width] for r in rows[-2:]] == ["k-1", "k-2"]
    assert rows[-1][:4] == form_row(coach="Sanne")[:4]
    # and the read side sees the key column as an ignored, known header
    wb = source.read()
    assert schema.map_headers(schema.ROUNDS, wb.tabs["Rondes"][0]).unknown == []


def test_append_with_known_key_column_is_two_requests(fs):
    source = make_source(fs)
    source.append_row("Rondes", form_row(), submission_key="k-1")
    fs.counts.reset()
    source.append_row("Rondes", form_row(), submission_key="k-2")
    assert fs.counts.snapshot() == {"values.get": 1, "values.append": 1}


def test_same_submission_key_twice_is_one_row(fs):
    source = make_source(fs)
    n = len(fs.rows("Meldingen"))
    row = [datetime(2026, 5, 4, 10, 59, 37), "Ahmed", date(2026, 5, 4), dtime(22, 15), "Kouwenoord", "", "",
           "Veilig", "", "Groepje bij de ingang", "", ""]
    assert source.append_row("Meldingen", row, submission_key="abc") is True
    fs.counts.reset()
    assert source.append_row("Meldingen", row, submission_key="abc") is False
    assert len(fs.rows("Meldingen")) == n + 1
    assert fs.counts["values.append"] == 0
    # a second source (another process) sees the key in the sheet as well
    assert make_source(fs).append_row("Meldingen", row, submission_key="abc") is False
    assert len(fs.rows("Meldingen")) == n + 1


def test_python_dates_go_as_iso_and_read_back_as_serials(fs):
    source = make_source(fs)
    row = [datetime(2026, 5, 4, 10, 59, 37), "Ahmed", "", date(2026, 5, 4), dtime(19, 0), dtime(23, 30),
           "Kempering", "", "", ""]
    source.append_row("Rondes", row)
    last = source.read().tabs["Rondes"][-1]
    assert last[0] == pytest.approx(serial(datetime(2026, 5, 4, 10, 59, 37)))
    assert last[3] == serial(date(2026, 5, 4)) and last[5] == pytest.approx(23.5 / 24)


def test_text_that_looks_like_a_formula_is_stored_as_text(fs):
    source = make_source(fs)
    row = form_row()
    row[7] = '=IMPORTXML("http://example.org", "//a")'
    source.append_row("Rondes", row)
    cell = fs.rows("Rondes")[-1][7]
    assert cell == row[7] and not isinstance(cell, Formula)


def test_append_that_landed_but_timed_out_is_not_written_twice(fs):
    source = make_source(fs, timeout=0.4)
    warm(source, fs)
    n = len(fs.rows("Rondes"))
    fs.faults.push("slow", on="values.append", seconds=1.2, landed=True)
    assert source.append_row("Rondes", form_row(), submission_key="landed-1") is True
    rows = fs.rows("Rondes")
    assert len(rows) == n + 1 and rows[-1][-1] == "landed-1"
    assert fs.counts["values.append"] == 1  # the retry found the key and did not append again
    assert source.retries == 1


def test_append_whose_connection_dropped_after_landing_is_not_written_twice(fs):
    source = make_source(fs)
    source.append_row("Rondes", form_row(), submission_key="first")
    n = len(fs.rows("Rondes"))
    fs.faults.push("drop", on="values.append", landed=True)
    assert source.append_row("Rondes", form_row(), submission_key="dropped-1") is True
    assert len(fs.rows("Rondes")) == n + 1


def test_append_that_did_not_land_is_retried(fs):
    source = make_source(fs)
    n = len(fs.rows("Rondes"))
    fs.faults.push("503", on="values.append")
    fs.faults.push("drop", on="values.append")
    assert source.append_row("Rondes", form_row(), submission_key="retry-1") is True
    assert len(fs.rows("Rondes")) == n + 1 and fs.counts["values.append"] == 3


def test_concurrent_appends_with_distinct_keys_write_every_row(fs):
    source = make_source(fs, timeout=5.0, deadline=20.0)
    n = len(fs.rows("Rondes"))
    errors: list[BaseException] = []

    def submit(i: int) -> None:
        try:
            assert source.append_row("Rondes", form_row(coach=f"Coach {i}"), submission_key=f"key-{i}") is True
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = fs.rows("Rondes")
    assert len(rows) == n + 20
    keys = [r[-1] for r in rows[n:]]
    assert sorted(keys) == sorted(f"key-{i}" for i in range(20))
    assert sorted(r[1] for r in rows[n:]) == sorted(f"Coach {i}" for i in range(20))


def test_concurrent_appends_with_the_same_key_write_one_row(fs):
    source = make_source(fs, timeout=5.0, deadline=20.0)
    n = len(fs.rows("Rondes"))
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(
        source.append_row("Rondes", form_row(), submission_key="double-click"))) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 4 + [True]
    assert len(fs.rows("Rondes")) == n + 1


def test_append_without_edit_rights_is_a_write_error(fs):
    source = make_source(fs)
    fs.faults.push("403", on="values.append")
    with pytest.raises(WriteError) as err:
        source.append_row("Rondes", form_row())
    assert err.value.message.startswith("Niet opgeslagen") and "Bewerker" in err.value.message
    assert fs.client_email in err.value.detail and fs.client_email not in err.value.message


def test_append_when_google_stays_down_is_a_write_error(fs):
    source = make_source(fs)
    fs.faults.push("503", times=20)
    with pytest.raises(WriteError) as err:
        source.append_row("Rondes", form_row(), submission_key="down-1")
    assert "niet opgeslagen" in err.value.message.lower()


def test_append_to_a_missing_tab_is_a_write_error(fs):
    with pytest.raises(WriteError) as err:
        make_source(fs).append_row("Bestaat niet", ["x"])
    assert "Bestaat niet" in err.value.message


def test_update_cells_writes_only_those_cells_in_one_request(fs):
    source = make_source(fs)
    warm(source, fs)
    before = fs.rows("Acties")
    source.update_cells("Acties", [(2, 4, "Afgerond"), (2, 7, "Monteur is geweest"), (3, 0, date(2021, 12, 20))])
    assert fs.counts.snapshot() == {"values.batchUpdate": 1}
    after = fs.rows("Acties")
    assert after[1][4] == "Afgerond" and after[1][7] == "Monteur is geweest"
    assert after[2][0] == date(2021, 12, 20)  # ISO text, entered as a date
    expected = [list(r) for r in before]
    expected[1][4] = "Afgerond"
    expected[1].extend([None] * (8 - len(expected[1])))
    expected[1][7] = "Monteur is geweest"
    expected.append([date(2021, 12, 20)])
    assert after == expected


# --- the fake itself ----------------------------------------------------------------------------------------
def test_fake_formatted_values_are_dutch_strings(fs):
    client = make_client(fs.service_account_info(), http_client=fs.http_client_class())
    answer = client.http_client.values_get(fs.key, "'Rondes'!A2:F2")
    assert answer["values"] == [["1-12-2021 23:10:05", "Ahmed", "Sanne", "1-12-2021", "19:00:00", "23:00:00"]]


def test_seam_refuses_anything_but_the_fake(fs):
    client = make_client(fs.service_account_info(), http_client=fs.http_client_class())
    with pytest.raises(AssertionError):
        client.http_client.get_file_drive_metadata(fs.key)
