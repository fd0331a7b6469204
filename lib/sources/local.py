"""Local copies of the spreadsheet: an .xlsx download, or a folder of per-tab CSV downloads.

Writes (the in-app intake, the action editor) go to the same files, atomically and under a file lock, so two
people submitting at once never lose or mangle a row.
"""
from __future__ import annotations

import csv
import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl

from lib import schema
from lib.errors import SourceError, WriteError
from lib.sources.base import RawWorkbook, Rows, pick_tabs

TZ = ZoneInfo("Europe/Amsterdam")


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside the file, held for one read-modify-write."""
    lock = path.with_name(path.name + ".lock")
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _has_key(rows: Rows, submission_key: str | None) -> bool:
    if not submission_key or not rows:
        return False
    header = [schema.norm(h) for h in rows[0]]
    key_col = schema.norm(schema.SUBMISSION_KEY.header)
    if key_col not in header:
        return False
    i = header.index(key_col)
    return any(len(r) > i and r[i] == submission_key for r in rows[1:])


def _with_key_column(header: list[Any], values: list[Any], submission_key: str | None) -> tuple[list[Any], list[Any]]:
    """Put the submission key in its own column at the far right (added once, like a new form question)."""
    header = list(header)
    values = list(values) + [None] * max(0, len(header) - len(values))
    if submission_key is None:
        return header, values
    norms = [schema.norm(h) for h in header]
    key_norm = schema.norm(schema.SUBMISSION_KEY.header)
    if key_norm not in norms:
        header.append(schema.SUBMISSION_KEY.header)
        norms.append(key_norm)
    values = values + [None] * (len(header) - len(values))
    values[norms.index(key_norm)] = submission_key
    return header, values


class XlsxWorkbook:
    """An .xlsx download of the whole spreadsheet (typed cells: datetimes, times, numbers)."""

    shape = "xlsx"

    def __init__(self, path: str | Path, description: str | None = None):
        self.path = Path(path)
        self.description = description or f"Excel-bestand {self.path.name}"

    def _load(self) -> dict[str, Rows]:
        if not self.path.exists():
            raise SourceError(f"Het bestand '{self.path}' bestaat niet. Controleer FLATCOACH_SOURCE.")
        try:
            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # a corrupt or non-xlsx file: say so, don't trace back
            raise SourceError(f"Het bestand '{self.path.name}' is geen leesbaar Excel-bestand "
                              f"({type(exc).__name__}).") from None
        try:
            return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
        finally:
            wb.close()

    def read(self) -> RawWorkbook:
        tabs, missing = pick_tabs(self._load())
        return RawWorkbook(tabs, self.description, _mtime(self.path), self.shape, missing)

    def append_row(self, tab: str, values: list[Any], submission_key: str | None = None) -> bool:
        with _locked(self.path):
            wb = openpyxl.load_workbook(self.path)
            ws = _sheet(wb, tab)
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            if _has_key(rows, submission_key):
                return False
            header, row = _with_key_column(rows[0] if rows else [], values, submission_key)
            for i, h in enumerate(header, start=1):
                _as_text(ws.cell(row=1, column=i, value=h))
            ws.append(row)
            for cell in ws[ws.max_row]:
                _as_text(cell)
            _save_atomic(wb, self.path)
            return True

    def update_cells(self, tab: str, cells: list[tuple[int, int, Any]]) -> None:
        with _locked(self.path):
            wb = openpyxl.load_workbook(self.path)
            ws = _sheet(wb, tab)
            for row, col, value in cells:
                # ws.cell(..., value=None) leaves the old value: set .value to really clear a cell
                cell = ws.cell(row=row, column=col + 1)
                cell.value = value
                _as_text(cell)
            _save_atomic(wb, self.path)


def _as_text(cell: Any) -> None:
    """openpyxl stores any str starting with '=' as a formula; what the dashboard writes is always text."""
    if cell.data_type == "f":
        cell.data_type = "s"


def _sheet(wb: openpyxl.Workbook, tab: str):
    for ws in wb.worksheets:
        if schema.norm(ws.title) == schema.norm(tab):
            return ws
    raise WriteError(f"Niet opgeslagen: het tabblad '{tab}' bestaat niet in het bestand.")


def _save_atomic(wb: openpyxl.Workbook, path: Path) -> None:
    """Write next to the file and rename over it, so a reader never sees half a workbook."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".xlsx.tmp")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except Exception:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mtime(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, TZ)


class CsvFolder:
    """A folder of per-tab CSV downloads; values are the locale's formatted strings (Dutch or US)."""

    shape = "csv"

    def __init__(self, path: str | Path, description: str | None = None):
        self.path = Path(path)
        self.description = description or f"CSV-map {self.path.name}"

    def _files(self) -> dict[str, Path]:
        """Tab name -> file. Google names downloads '<spreadsheet name> - <tab>.csv'; '<tab>.csv' works too."""
        if not self.path.is_dir():
            raise SourceError(f"De map '{self.path}' bestaat niet. Controleer FLATCOACH_SOURCE.")
        found: dict[str, Path] = {}
        for p in sorted(self.path.glob("*.csv")):
            # the spreadsheet's own name may contain ' - ' too: the tab is what follows the last one
            found[p.stem.rsplit(" - ", 1)[-1]] = p
        return found

    def read(self) -> RawWorkbook:
        files = self._files()
        raw = {}
        for tab_name, p in files.items():
            with open(p, newline="", encoding="utf-8-sig") as fh:
                raw[tab_name] = [list(r) for r in csv.reader(fh)]
        tabs, missing = pick_tabs(raw)
        newest = max((p.stat().st_mtime for p in files.values()), default=0)
        return RawWorkbook(tabs, self.description, datetime.fromtimestamp(newest, TZ), self.shape, missing)

    def _file_for(self, tab: str) -> Path:
        for name, p in self._files().items():
            if schema.norm(name) == schema.norm(tab):
                return p
        raise WriteError(f"Niet opgeslagen: er is geen CSV-bestand voor het tabblad '{tab}'.")

    def _rewrite(self, p: Path, rows: Rows) -> None:
        fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".csv.tmp")
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(["" if v is None else v for v in r] for r in rows)
        os.replace(tmp, p)

    def append_row(self, tab: str, values: list[Any], submission_key: str | None = None) -> bool:
        p = self._file_for(tab)
        with _locked(p):
            with open(p, newline="", encoding="utf-8-sig") as fh:
                rows = [list(r) for r in csv.reader(fh)]
            if _has_key(rows, submission_key):
                return False
            header, row = _with_key_column(rows[0] if rows else [], values, submission_key)
            self._rewrite(p, [header, *rows[1:], row])
            return True

    def update_cells(self, tab: str, cells: list[tuple[int, int, Any]]) -> None:
        p = self._file_for(tab)
        with _locked(p):
            with open(p, newline="", encoding="utf-8-sig") as fh:
                rows = [list(r) for r in csv.reader(fh)]
            for row, col, value in cells:
                while len(rows) < row:
                    rows.append([])
                r = rows[row - 1]
                r.extend([""] * (col + 1 - len(r)))
                r[col] = value
            self._rewrite(p, rows)
