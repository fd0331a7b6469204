"""What goes into the sheet stays what it was: every column the dashboard writes (the intake's answers, the action
editor's status, deadline and external reference) is written and read back with awkward values, through the
Google Sheet (the fake parses USER_ENTERED as a Dutch-locale sheet does), an .xlsx and a CSV folder.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib import demo as demo_mod
from lib import intake, schema, writeback
from lib.clean import clean
from lib.sources import SourceSpec
from lib.sources.local import XlsxWorkbook
from tests.fakesheets import Formula, fake_sheet, user_entered

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.xlsx"
NOW = dt.datetime(2026, 5, 4, 22, 3, 7, tzinfo=intake.TZ)

# Text that a Dutch-locale sheet would turn into something else if it were typed in a cell.
AWKWARD = ["0012", "12-3", "4-5-2026", "2,5", "1.234", "-5", "+31 6 12345678", "1e3", "12%", "19:00", "WAAR",
           "'t Hoekje", "=1+1", "@thuis", "DK-2021-0239"]


def test_the_fake_parses_user_entered_like_a_dutch_sheet():
    """So the tests below would see a quote missing: these are what Sheets makes of the bare text."""
    assert user_entered("0012") == 12
    assert user_entered("12-3", year=2026) == dt.date(2026, 3, 12)
    assert user_entered("4-5-2026") == dt.date(2026, 5, 4)
    assert user_entered("2,5") == 2.5 and user_entered("1.234") == 1234 and user_entered("-5") == -5
    assert user_entered("12%") == 0.12 and user_entered("1e3") == 1000
    assert user_entered("19:00") == dt.time(19, 0) and user_entered("WAAR") is True
    assert isinstance(user_entered("=1+1"), Formula)
    assert user_entered("'t Hoekje") == "t Hoekje"  # the apostrophe is taken as the text marker
    assert user_entered("'0012") == "0012" and user_entered("''t Hoekje") == "'t Hoekje"
    assert user_entered("DK-2021-0239") == "DK-2021-0239" and user_entered("31-2") == "31-2"


# --- the sources, each a fresh copy of a small part of the demo ---------------------------------------------------
def _small_demo() -> dict[str, list[list]]:
    """The demo's tabs with a few rounds and signals (every submission reads and rewrites the whole workbook: the
    full demo makes this test slow on a busy machine); all actions, the roster and the budget."""
    tabs = demo_mod.read_xlsx_rows(DEMO)
    for name in ("Rondes", "Meldingen"):
        tabs[name] = tabs[name][:6]
    return tabs


@pytest.fixture(params=["gsheet", "xlsx", "csv"])
def source(request, tmp_path):
    """A writable source of the given kind holding the (small) demo data."""
    tabs = _small_demo()
    if request.param == "gsheet":
        with fake_sheet(tabs) as fs:
            secrets = {"gcp_service_account": fs.service_account_info()}
            yield intake.writable_source(SourceSpec("gsheet", fs.key), secrets, http_client=fs.http_client_class())
        return
    if request.param == "xlsx":
        path = tmp_path / "flatcoaches.xlsx"
        demo_mod.write_xlsx(tabs, path)
        yield intake.writable_source(SourceSpec("xlsx", str(path)))
        return
    demo_mod.write_csv_folder(tabs, tmp_path, "nl")
    yield intake.writable_source(SourceSpec("csv", str(tmp_path)))


# --- the action editor: status, deadline, external reference -----------------------------------------------------
def test_the_action_editors_columns_read_back_as_written(source):
    original = writeback.editor_frame(clean(source.read()).actions)
    rows = original["row"].tolist()
    tickets = [t for t in AWKWARD if not t.startswith("=")]  # '=' is refused before writing (test_writeback)
    deadlines = [dt.date(2022, 3, 12), dt.date(2022, 1, 2), dt.date(2022, 12, 31), None]
    assert len(rows) >= len(tickets) + len(deadlines)
    edited = original.copy()
    want: dict[tuple[int, str], object] = {}
    for row, ticket in zip(rows, tickets):
        edited.loc[edited["row"] == row, "ticket"] = ticket
        want[(row, "ticket")] = ticket
    for row, deadline in zip(rows[len(tickets):], deadlines):
        edited.loc[edited["row"] == row, "deadline"] = deadline
        want[(row, "deadline")] = deadline
    for row, status in zip(rows, schema.STATUSES):
        if original.loc[original["row"] == row, "status"].iloc[0] != status:
            edited.loc[edited["row"] == row, "status"] = status
            want[(row, "status")] = status

    writeback.save(source, original, edited)

    again = clean(source.read()).actions.set_index("row")
    got = {}
    for row, key in want:
        value = again.at[row, key]
        if key == "deadline":
            value = None if pd.isna(value) else value.date()
        got[(row, key)] = value
    assert got == want


def test_the_xlsx_keeps_an_equals_sign_as_text_not_a_formula(tmp_path):
    """A write straight to the workbook (a tab the coordinator keeps, a future editor): never a live formula."""
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(DEMO, path)
    XlsxWorkbook(path).update_cells("Acties", [(2, 7, '=HYPERLINK("http://x";"klik")')])
    cell = openpyxl.load_workbook(path)["Acties"].cell(2, 8)
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x";"klik")'


# --- the intake: every answer of both forms ----------------------------------------------------------------------
def _name(text: str) -> str:
    """A co-coach typed under 'Anders' (a name has no comma: there, a comma separates two people)."""
    return text.replace(",", "") + " Anders"


def _chunks(n: int) -> list[list[str]]:
    """AWKWARD in groups of n (the last one padded), one group per submission: fewer writes, every value once."""
    padded = AWKWARD + AWKWARD[: (-len(AWKWARD)) % n]
    return [padded[i:i + n] for i in range(0, len(padded), n)]


def _round(i: int, texts: list[str], roster: list[str]) -> dict:
    general, during, incidents = texts
    return {"coach": roster[i % len(roster)], "co_coaches": [roster[(i + 1) % len(roster)], _name(general)],
            "date": dt.date(2026, 1, 1) + dt.timedelta(days=i), "start": dt.time(19, 0), "end": dt.time(21, 30),
            "locations": ["Kouwenoord", "Openbare ruimte"], "obs_general": general, "obs_round": during,
            "incidents": incidents}


def _signal(i: int, texts: list[str], roster: list[str]) -> dict:
    description, other = texts
    return {"coach": roster[i % len(roster)], "date": dt.date(2026, 1, 1) + dt.timedelta(days=i),
            "time": dt.time(20, 15), "location": "Kralenbeek", "floor": "3", "spot": "Lift", "category": "Heel",
            "kinds": ["Lift defect", f"{other}, hangen rond, roken"], "description": description,
            "passed_to": ["Beheerder De Key"], "urgency": "Hoog", "photo": ""}


def test_every_intake_answer_reads_back_as_typed(source):
    c = clean(source.read())
    roster = c.roster["name"].tolist()
    rounds_in, signals_in = _chunks(3), _chunks(2)
    for i, texts in enumerate(rounds_in):
        out = intake.submit(source, schema.ROUNDS, _round(i, texts, roster), intake.new_key(), NOW, roster)
        assert out.status == "saved", (texts, out.errors)
    for i, texts in enumerate(signals_in):
        out = intake.submit(source, schema.SIGNALS, _signal(i, texts, roster), intake.new_key(), NOW, roster)
        assert out.status == "saved", (texts, out.errors)
    after = clean(source.read())
    rounds = after.rounds[after.rounds["date"].dt.year == 2026].sort_values("date")
    signals = after.signals[after.signals["date"].dt.year == 2026].sort_values("date")
    assert len(rounds) == len(rounds_in) and len(signals) == len(signals_in)
    assert rounds[["obs_general", "obs_round", "incidents"]].to_numpy().tolist() == rounds_in
    assert rounds["start"].dt.time.tolist() == [dt.time(19, 0)] * len(rounds_in)
    assert rounds["hours"].tolist() == [2.5] * len(rounds_in)
    assert [d.date() for d in rounds["date"]] == [dt.date(2026, 1, 1) + dt.timedelta(days=i)
                                                  for i in range(len(rounds_in))]
    assert signals["description"].tolist() == [d for d, _ in signals_in]
    assert signals["floor"].tolist() == ["3"] * len(signals_in)  # a floor is an option, not the number 3
    # a checkbox 'Anders' text with commas is one answer, next to the ticked options
    assert signals["kinds"].tolist() == [["Lift defect", f"{o}, hangen rond, roken"] for _, o in signals_in]
    # a co-coach typed under 'Anders' is a person on the round, spelled as typed
    assert {_name(g) for g, _, _ in rounds_in} <= set(after.round_coaches["coach"])
    assert {t for chunk in rounds_in for t in chunk} == set(AWKWARD)  # every awkward value went through
