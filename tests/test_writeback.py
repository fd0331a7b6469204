"""Writing the coordinator's edits back to the Acties tab: only the changed cells change, in every source shape."""
from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pandas as pd
import pytest

from lib import demo as demo_mod
from lib import schema, writeback
from lib.clean import clean
from lib.errors import WriteError
from lib.pipeline import load_clean
from lib.sources.gsheet import GSheetSource, make_client
from lib.sources.local import CsvFolder, XlsxWorkbook
from tests.fakesheets import fake_sheet

DEMO = "data/demo.xlsx"
HEADER = [f.header for f in schema.ACTIONS.fields]
COL = {f.key: i for i, f in enumerate(schema.ACTIONS.fields)}


def edit(original: pd.DataFrame) -> tuple[pd.DataFrame, dict[tuple[int, str], object]]:
    """Four edits on four different actions: a status, a new deadline, a new ticket and a cleared deadline."""
    e = original.copy()
    rows = e["row"].tolist()
    open_row = int(e.loc[e["status"] != "Afgerond", "row"].iloc[0])
    dated = [r for r in rows if r != open_row and pd.notna(e.loc[e["row"] == r, "deadline"].iloc[0])]
    new_deadline_row, cleared_row = dated[0], dated[1]
    ticket_row = next(r for r in rows if r not in (open_row, new_deadline_row, cleared_row))
    e.loc[e["row"] == open_row, "status"] = "Afgerond"
    e.loc[e["row"] == new_deadline_row, "deadline"] = dt.date(2022, 4, 1)
    e.loc[e["row"] == ticket_row, "ticket"] = "  DK-2022-9999 "
    e.loc[e["row"] == cleared_row, "deadline"] = None
    want = {(open_row, "status"): "Afgerond", (new_deadline_row, "deadline"): dt.date(2022, 4, 1),
            (ticket_row, "ticket"): "DK-2022-9999", (cleared_row, "deadline"): None}
    return e, want


def xlsx_values(path) -> dict[str, list[list[object]]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def diff(before: dict[str, list[list]], after: dict[str, list[list]]) -> dict[tuple[str, int, int], tuple]:
    """Every cell whose value differs: (tab, sheet row, column index) -> (before, after)."""
    out = {}
    for tab in before.keys() | after.keys():
        b, a = before.get(tab, []), after.get(tab, [])
        for r in range(max(len(b), len(a))):
            rb = b[r] if r < len(b) else []
            ra = a[r] if r < len(a) else []
            for col in range(max(len(rb), len(ra))):
                vb = rb[col] if col < len(rb) else None
                va = ra[col] if col < len(ra) else None
                if vb != va and not (vb in (None, "") and va in (None, "")):
                    out[(tab, r + 1, col)] = (vb, va)
    return out


# --- pure parts -----------------------------------------------------------------------------------------------

def test_changes_are_matched_on_the_sheet_row_and_normalised(demo):
    original = writeback.editor_frame(demo.actions)
    assert writeback.changes(original, original.copy()) == []
    edited, want = edit(original)
    got = {(c.row, c.key): c.new for c in writeback.changes(original, edited)}
    assert got == want
    # The same table in another order is the same table: nothing changed.
    assert writeback.changes(original, original.iloc[::-1].reset_index(drop=True)) == []


@pytest.mark.parametrize("shape,expected", [
    ("xlsx", dt.datetime(2022, 4, 1)), ("csv", "1-4-2022"), ("api", dt.date(2022, 4, 1))])
def test_a_deadline_in_the_sheets_shape(shape, expected):
    assert writeback.sheet_value("deadline", dt.date(2022, 4, 1), shape) == expected
    assert writeback.sheet_value("deadline", None, shape) == ""


def test_cells_follow_the_header_row_and_a_question_renamed_twice():
    chs = [writeback.Change(5, "status", "Open", "Loopt"), writeback.Change(6, "ticket", "X-1", "")]
    assert writeback.cells(chs, HEADER, "csv") == [(5, COL["status"], "Loopt"), (6, COL["ticket"], "")]
    # Columns moved, and 'Status' made again at the far right: the new value goes right, a clear clears both.
    header = ["Actie", "Datum overleg", "Status", "Extern kenmerk", "Eigenaar", "Deadline", "Status"]
    chs = [writeback.Change(5, "status", "Open", "Loopt"), writeback.Change(6, "status", "Open", ""),
           writeback.Change(7, "ticket", "", "SIG-1")]
    assert writeback.cells(chs, header, "xlsx") == [(5, 6, "Loopt"), (6, 2, ""), (6, 6, ""), (7, 3, "SIG-1")]


def test_a_missing_column_is_a_dutch_sentence_and_no_cells():
    header = [h for h in HEADER if h != "Extern kenmerk"]
    with pytest.raises(WriteError, match="geen kolom 'Extern kenmerk'"):
        writeback.cells([writeback.Change(3, "ticket", "", "DK-1")], header, "api")


@pytest.mark.parametrize("key,value,fragment", [("status", "Klaar", "geen van Open, Loopt, Afgerond"),
                                                ("ticket", "=HYPERLINK(1)", "formule")])
def test_bad_values_are_refused(demo, key, value, fragment):
    original = writeback.editor_frame(demo.actions)
    edited = original.copy()
    edited.loc[0, key] = value
    with pytest.raises(WriteError, match=fragment):
        writeback.changes(original, edited)


def test_change_frame_reads_in_dutch():
    f = writeback.change_frame([writeback.Change(4, "deadline", dt.date(2022, 1, 5), None)])
    assert f.iloc[0].tolist() == [4, "Deadline", "5-1-2022", "(leeg)"]


def test_demo_does_not_save():
    assert writeback.blocked("demo") == writeback.DEMO_NOTE
    assert writeback.blocked("xlsx") == writeback.blocked("csv") == writeback.blocked("gsheet") == ""


# --- against real files ---------------------------------------------------------------------------------------

def test_xlsx_only_the_changed_cells_change(tmp_path):
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(DEMO, path)
    before = xlsx_values(path)
    c = load_clean(str(path))
    original = writeback.editor_frame(c.actions)
    edited, want = edit(original)

    n = writeback.save(XlsxWorkbook(path), original, edited)

    assert n == 4
    changed = diff(before, xlsx_values(path))
    assert set(changed) == {("Acties", row, COL[key]) for row, key in want}
    for (row, key), value in want.items():
        new = changed[("Acties", row, COL[key])][1]
        if key == "deadline":
            # a date cell, like Excel's; a cleared cell is empty in the saved file
            assert new == (dt.datetime.combine(value, dt.time()) if value else None)
        else:
            assert new == value
    again = load_clean(str(path)).actions.set_index("row")
    for (row, key), value in want.items():
        got = again.at[row, key]
        assert (got.date() if key == "deadline" and pd.notna(got) else (None if pd.isna(got) else got)) == value
    assert open(DEMO, "rb").read() != open(path, "rb").read()  # the copy changed, the committed demo did not


@pytest.mark.parametrize("locale", ["nl", "us"])
def test_csv_folder_only_the_changed_cells_change(tmp_path, locale):
    tabs = demo_mod.read_xlsx_rows(DEMO)
    demo_mod.write_csv_folder(tabs, tmp_path, locale)
    source = CsvFolder(tmp_path)
    before = {name: rows for name, rows in source.read().tabs.items()}
    c = clean(source.read())
    original = writeback.editor_frame(c.actions)
    edited, want = edit(original)

    assert writeback.save(source, original, edited) == 4

    after = source.read().tabs
    changed = diff(before, after)
    assert set(changed) == {("Acties", row, COL[key]) for row, key in want}
    for (row, key), value in want.items():
        new = changed[("Acties", row, COL[key])][1]
        expected = ("" if value is None else f"{value.day}-{value.month}-{value.year}") if key == "deadline" else value
        assert new == expected
    again = clean(source.read()).actions.set_index("row")
    assert again.loc[[r for r, k in want if k == "status"], "status"].tolist() == ["Afgerond"]
    assert c.counts["Acties"] == clean(source.read()).counts["Acties"]


def test_a_row_moved_in_the_sheet_meanwhile_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(DEMO, path)
    c = load_clean(str(path))
    original = writeback.editor_frame(c.actions)
    edited, _ = edit(original)
    wb = openpyxl.load_workbook(path)
    wb["Acties"].insert_rows(2)  # someone added a row at the top of Acties after the page was loaded
    wb.save(path)
    before = xlsx_values(path)
    with pytest.raises(WriteError, match="Ververs de pagina"):
        writeback.save(XlsxWorkbook(path), original, edited)
    assert diff(before, xlsx_values(path)) == {}


def test_nothing_to_save_reads_and_writes_nothing(tmp_path):
    class Untouchable:
        def read(self):
            raise AssertionError("no read without a change")

        def update_cells(self, tab, cells):
            raise AssertionError("no write without a change")

    c = load_clean(DEMO)
    original = writeback.editor_frame(c.actions)
    assert writeback.save(Untouchable(), original, original.copy()) == 0


def test_google_sheet_gets_one_batch_update_with_only_the_changed_cells():
    tabs = demo_mod.read_xlsx_rows(DEMO)
    with fake_sheet(tabs) as fs:
        client = make_client(fs.service_account_info(), http_client=fs.http_client_class())
        source = GSheetSource(client, fs.key, tries=3, deadline=5.0, timeout=2.0, backoff=0.01, max_wait=0.5)
        c = clean(source.read())
        original = writeback.editor_frame(c.actions)
        edited, want = edit(original)
        before = {"Acties": fs.rows("Acties")}
        fs.counts.reset()

        assert writeback.save(source, original, edited) == 4

        assert fs.counts["values.batchUpdate"] == 1
        changed = diff(before, {"Acties": fs.rows("Acties")})
        assert set(changed) == {("Acties", row, COL[key]) for row, key in want}
        again = clean(source.read()).actions.set_index("row")
        for (row, key), value in want.items():
            got = again.at[row, key]
            if key == "deadline":
                assert (None if pd.isna(got) else got.date()) == value  # a real date in the sheet, ISO sent
            else:
                assert got == value
