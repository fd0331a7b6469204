"""Downloads leave the dashboard inert: a form answer that a spreadsheet program would run as a formula (or a DDE
call) is text in the CSV and a string cell in the XLSX, on every page and in the payout list; numbers stay numbers.

(OWASP, "CSV Injection": no cell may begin with =, +, -, @, a tab or a carriage return.)
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib import access, export
from lib.access import PAGES, Role
from tests.apptest import ROOT, Downloads, capture_downloads, open_page

HOSTILE = [
    '=HYPERLINK("http://example.invalid/x","klik")',
    "=1+2",
    "+1+2",
    "-1+2",
    "@SUM(1+1)",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")",
    "\t=1+2",
    "\r=1+2",
    " =1+2",
    "\uff1d1+2",  # full-width equals sign
]
HARMLESS = ["gewoon tekst", "Lift defect, weer", "'t Hoekje", "–", "12,5", "-12,5", "1.234,50", "2021-12-01"]


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_cells(data: bytes) -> list[openpyxl.cell.cell.Cell]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [c for row in ws.iter_rows() for c in row]


def assert_csv_inert(data: bytes) -> None:
    for row in csv_cells(data):
        for cell in row:
            assert cell.startswith("'") or not export.risky(cell), f"live CSV cell {cell!r}"


def assert_xlsx_inert(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not [s for s in sheets if "<f>" in s or "<f " in s], "a formula in the XLSX"
    for c in xlsx_cells(data):
        if isinstance(c.value, str) and export.risky(c.value):
            assert c.data_type == "s" and c.quotePrefix, f"live XLSX cell {c.coordinate} {c.value!r}"


# --- the two writers ------------------------------------------------------------------------------------------
def table() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame({
        "Beschrijving": HOSTILE,
        "Soort": [[h, "Lift"] for h in HOSTILE],  # a checkbox list, joined as the sheet shows it
        "Bedrag": [-12.5] * n,
        "Uren": [3] * n,
        "Datum": [pd.Timestamp(2021, 12, 1)] * n,
        "Tekst": (HARMLESS * n)[:n],
    })


def test_csv_writes_every_hostile_value_as_text_and_numbers_as_numbers():
    rows = csv_cells(export.to_csv(table()))
    assert rows[0] == ["Beschrijving", "Soort", "Bedrag", "Uren", "Datum", "Tekst"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE]  # the text itself, behind an apostrophe
    assert [r[1] for r in rows[1:]] == [f"'{h}, Lift" for h in HOSTILE]
    assert {r[2] for r in rows[1:]} == {"-12,5"}  # a negative amount is a number, no apostrophe
    assert {r[3] for r in rows[1:]} == {"3"}
    assert {r[4] for r in rows[1:]} == {"01-12-2021 00:00"}
    assert [r[5] for r in rows[1:]] == (HARMLESS * 2)[:len(HOSTILE)]  # ordinary text is left alone
    assert_csv_inert(export.to_csv(table()))


def test_xlsx_writes_every_hostile_value_as_a_string_cell_and_numbers_as_numbers():
    data = export.to_xlsx(table(), "=naam")
    assert_xlsx_inert(data)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    got = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in got] == HOSTILE  # the text exactly as typed, no apostrophe in the value
    for r in ws.iter_rows(min_row=2):
        assert r[0].data_type == "s" and r[0].quotePrefix
        assert r[2].data_type == "n" and r[2].value == -12.5  # numbers stay numbers
        assert r[3].value == 3
        assert isinstance(r[4].value, dt.datetime)
    assert [r[5] for r in got] == (HARMLESS * 2)[:len(HOSTILE)]


def test_a_column_name_from_the_sheet_is_inert_too():
    df = pd.DataFrame({"Naam": ["x"], "=1+2": [1.5]})  # a pivot: one column per coach
    assert csv_cells(export.to_csv(df))[0] == ["Naam", "'=1+2"]
    assert_xlsx_inert(export.to_xlsx(df))


@pytest.mark.parametrize("text, live", [
    *[(h, True) for h in HOSTILE],
    *[(h, False) for h in HARMLESS],
    ("-", True), ("", False), ("+31 6 12345678", True), ("-12", False), ("+3,5", False),
])
def test_which_text_a_spreadsheet_would_run(text, live):
    assert export.risky(text) is live


# --- through every download of every page -----------------------------------------------------------------------
def _hostile_workbook(path: Path) -> list[str]:
    """The demo workbook with coach names, budget lines and every free-text answer replaced by hostile values.
    Returns the hostile values put in."""
    wb = openpyxl.load_workbook(path)
    roster = wb["Coaches"]
    names = [r[0].value for r in roster.iter_rows(min_row=2) if r[0].value]
    lines = [r[0].value for r in wb["Begroting"].iter_rows(min_row=2) if r[0].value]
    # no commas in a name: a name sits in a checkbox list (Medecoaches)
    swaps = {n: h for n, h in zip(names, [h for h in HOSTILE if "," not in h and h.strip() == h])}
    swaps.update({p: f"=Post{i}+1" for i, p in enumerate(lines)})
    free = {"Observaties algemeen", "Observaties tijdens de ronde", "Opvallendheden/incidenten", "Beschrijving",
            "Omschrijving", "Actie", "Extern kenmerk", "Notitie"}
    i = 0
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for c, h in zip(row, header):
                if h in free and c.value not in (None, ""):
                    c.value = HOSTILE[i % len(HOSTILE)]
                    i += 1
                elif isinstance(c.value, str):
                    text = c.value
                    for old, new in swaps.items():
                        text = ", ".join(new if part == old else part for part in text.split(", "))
                    c.value = text
                # openpyxl would store "=..." as a formula: the test workbook holds what Google's download holds
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"
    wb.save(path)
    return [*swaps.values(), *HOSTILE]


@pytest.fixture(scope="module")
def hostile_xlsx(tmp_path_factory) -> tuple[Path, list[str]]:
    path = tmp_path_factory.mktemp("vijandig") / "flatcoaches.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    return path, _hostile_workbook(path)


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    """Every download button the pages draw, captured where Streamlit registers its file."""
    return capture_downloads(monkeypatch)


def test_every_download_of_every_page_is_inert(hostile_xlsx, downloads, monkeypatch):
    path, hostile = hostile_xlsx
    token = access.new_token()
    secrets = {"access": {"tokens": [{"role": "coordinator", "label": "Coördinator",
                                      "sha256": access.token_hash(token)}]}}
    monkeypatch.setenv("FLATCOACH_SOURCE", str(path))
    per_page: dict[str, int] = {}
    for page in [p for p in PAGES if Role.COORDINATOR in p.roles]:
        before = len(downloads.tables())
        at = open_page(page.path, query={access.TOKEN_PARAM: token}, secrets=secrets)
        assert not at.exception, (page.path, [e.value for e in at.exception])
        per_page[page.path] = len(downloads.tables()) - before
    # every table's CSV and Excel, made on click: clicked here (the report's files hold no table as CSV/XLSX)
    files = [(d.name, d.click()) for d in downloads.tables()]
    assert files, "no download was made: the test would see nothing"
    assert per_page[access.PAGE["uren"].path] >= 2, per_page  # the payout list among them
    seen = ""
    for name, data in files:
        if name.endswith(".csv"):
            assert_csv_inert(data)
            seen += data.decode("utf-8-sig")
        elif name.endswith(".xlsx"):
            assert_xlsx_inert(data)
            seen += "\n".join(str(c.value) for c in xlsx_cells(data))
    # the hostile text did reach the downloads (as text), so the checks above had something to check
    reached = [h for h in hostile if h.strip() in seen]
    assert len(reached) >= 5, reached
    assert any(n.startswith("uitbetaling") for n, _ in files)
