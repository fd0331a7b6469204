"""The coordinator's edits of the Acties tab (status, deadline, external ticket number) written back to the sheet:
only the cells that changed, each in the shape the sheet keeps it, after checking the rows still hold the same actions.

Pure functions compute what changes (`changes`, `changed_cells`); `save` reads the tab once more, checks, and calls
the source's `update_cells`. No Streamlit here: the editor (lib/ui/action_editor.py) forgets the cached read after a
save, so the page shows the new values.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib import fmt, parse, schema
from lib.errors import WriteError
from lib.sources.base import Rows, Source

TAB = schema.ACTIONS
EDITABLE = ("status", "deadline", "ticket")
EDITOR_COLUMNS = ["row", "meeting_date", "owner", "action", "status", "deadline", "ticket"]

# Why the demo does not save: it is read from the committed data/demo.xlsx, which stays as it is, and anyone with
# the demo link may open it: a shared working copy would let one visitor change what the others see.
DEMO_NOTE = ("In de demo wordt niets opgeslagen: de demogegevens blijven voor iedereen hetzelfde. Pas gerust iets "
             "aan: onder de tabel zie je welke cellen in het tabblad Acties dan zouden veranderen.")


@dataclass(frozen=True)
class Change:
    """One edited value: the sheet row, the field key, the value before and after (normalised)."""

    row: int
    key: str
    old: Any
    new: Any


def editor_frame(actions: pd.DataFrame) -> pd.DataFrame:
    """The actions as the editor shows them, in sheet order: deadline as a date, ticket as text."""
    a = actions.sort_values("row")
    out = a[EDITOR_COLUMNS].copy()
    out["deadline"] = pd.to_datetime(out["deadline"]).dt.date
    out["ticket"] = out["ticket"].fillna("").astype(str)
    return out.reset_index(drop=True)


def _norm(key: str, value: Any) -> Any:
    """A cell's value as compared and written: text trimmed ('' when empty), a deadline as a date or None."""
    if key == "deadline":
        if type(value) is dt.date:  # the editor's own cells (editor_frame): already the answer
            return value
        if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)) or value == "":
            return None
        if isinstance(value, str):
            parsed, bad = parse.date(pd.Series([value], dtype=object))
            if bool(bad.iloc[0]):
                raise WriteError(f"Niet opgeslagen: de deadline '{value}' is geen datum.")
            return parsed.iloc[0].date()
        ts = pd.Timestamp(value)
        return None if pd.isna(ts) else ts.date()
    if type(value) is str:
        return value.strip()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def changes(original: pd.DataFrame, edited: pd.DataFrame) -> list[Change]:
    """What the editor changed, matched on the sheet row: one Change per edited status, deadline or ticket."""
    # Over plain lists, not DataFrame.at per cell: the editor asks on every rerun, and at a thousand actions the
    # per-cell lookups were most of Opvolging's rerun.
    before = {key: dict(zip(original["row"].tolist(), original[key].tolist())) for key in EDITABLE}
    rows = edited["row"].tolist()
    after = {key: edited[key].tolist() for key in EDITABLE}
    out: list[Change] = []
    for i, row in enumerate(rows):
        if row not in before["status"]:
            continue  # the editor has a fixed number of rows; anything else is not an action in the sheet
        for key in EDITABLE:
            old, new = _norm(key, before[key][row]), _norm(key, after[key][i])
            if old != new:
                out.append(Change(int(row), key, old, new))
    for ch in out:
        if ch.key == "status" and ch.new not in schema.STATUSES:
            raise WriteError(f"Niet opgeslagen: status '{ch.new}' in rij {ch.row} is geen van "
                             f"{', '.join(schema.STATUSES)}.")
        if ch.key == "ticket" and str(ch.new).startswith("="):
            raise WriteError(f"Niet opgeslagen: het externe kenmerk in rij {ch.row} begint met '='; "
                             "een spreadsheet leest dat als formule.")
    return out


def date_cell(d: dt.date | None, shape: str) -> Any:
    """A date in the shape the sheet keeps it: a date cell in an .xlsx download; the Dutch text d-m-yyyy in a CSV
    download; for the Google Sheet a date, which the source sends as ISO text so Sheets stores a real date in any
    spreadsheet locale (a Dutch '4-5-2022' would be read as 5 April in a US-locale sheet). None: an empty cell."""
    if d is None:
        # Empty text, also for xlsx: openpyxl's ws.cell(row, col, value=None) keeps the old value, while ''
        # clears it (the saved file then has an empty cell).
        return ""
    if shape == "xlsx":
        return dt.datetime(d.year, d.month, d.day)
    if shape == "csv":
        return f"{d.day}-{d.month}-{d.year}"
    return d


def sheet_value(key: str, value: Any, shape: str) -> Any:
    """A value in the shape the sheet keeps it (dates: see date_cell)."""
    if key == "deadline":
        return date_cell(value, shape)
    return value


def cells(chs: list[Change], header: list[Any], shape: str) -> list[tuple[int, int, Any]]:
    """(sheet row, 0-based column, value) for each change, found by the tab's header row.

    A field with two columns (a renamed question) is read from its rightmost non-empty cell, so a new value goes in
    the rightmost column; clearing a value clears every column of that field, or an older answer would show again.
    """
    hm = schema.map_headers(TAB, header)
    out: list[tuple[int, int, Any]] = []
    for ch in chs:
        cols = hm.columns.get(ch.key)
        if not cols:
            name = TAB.header(ch.key)
            raise WriteError(f"Niet opgeslagen: het tabblad {TAB.name} heeft geen kolom '{name}'. Zet die kop in "
                             "de eerste rij en probeer het opnieuw.")
        value = sheet_value(ch.key, ch.new, shape)
        targets = cols if value == "" else cols[-1:]
        out += [(ch.row, col, value) for col in targets]
    return out


def changed_cells(original: pd.DataFrame, edited: pd.DataFrame, header: list[Any], shape: str
                  ) -> list[tuple[int, int, Any]]:
    """The cells to write for the editor's changes: the pure heart of saving."""
    return cells(changes(original, edited), header, shape)


def change_frame(chs: list[Change]) -> pd.DataFrame:
    """The changes as the page lists them before saving (Dutch headers, dates as 1-2-2022)."""
    def show(key: str, v: Any) -> str:
        if key == "deadline":
            return "(leeg)" if v is None else f"{v.day}-{v.month}-{v.year}"
        return v or "(leeg)"

    return pd.DataFrame({"Rij in de sheet": [c.row for c in chs], "Kolom": [TAB.header(c.key) for c in chs],
                         "Was": [show(c.key, c.old) for c in chs], "Wordt": [show(c.key, c.new) for c in chs]})


def check_rows(rows: Rows, original: pd.DataFrame, chs: list[Change]) -> None:
    """Refuse when a changed row no longer holds the action it held when the page was loaded (someone inserted,
    deleted or sorted rows in the sheet meanwhile): writing by row number would then change the wrong action."""
    if not rows:
        raise WriteError(f"Niet opgeslagen: het tabblad {TAB.name} is leeg of bestaat niet meer.")
    hm = schema.map_headers(TAB, list(rows[0]))
    action_cols = hm.columns.get("action", [])
    expected = original.set_index("row")["action"]
    for row in sorted({c.row for c in chs}):
        line = list(rows[row - 1]) if 0 < row <= len(rows) else []
        texts = [str(line[i]).strip() for i in reversed(action_cols) if i < len(line) and line[i] not in (None, "")]
        now = texts[0] if texts else ""
        if schema.norm(now) != schema.norm(expected.get(row, "")):
            raise WriteError(f"Niet opgeslagen: rij {row} van het tabblad {TAB.name} is veranderd sinds deze pagina "
                             "werd geladen. Ververs de pagina en voer de wijziging opnieuw in.")


def save(source: Source, original: pd.DataFrame, edited: pd.DataFrame) -> int:
    """Write the changed cells to the source's Acties tab; returns the number of changed values (0: nothing)."""
    chs = changes(original, edited)
    if not chs:
        return 0
    raw = source.read()
    rows = raw.tabs.get(TAB.name) or []
    check_rows(rows, original, chs)
    source.update_cells(TAB.name, cells(chs, list(rows[0]), raw.shape))
    return len(chs)


def blocked(kind: str) -> str:
    """Why saving is not possible for this kind of source ('' when it is)."""
    return DEMO_NOTE if kind == "demo" else ""


def saved_text(n: int, when: dt.datetime) -> str:
    return f"{n} wijziging{'en' if n != 1 else ''} opgeslagen in het tabblad {TAB.name} ({fmt.moment(when)})."
