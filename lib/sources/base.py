"""What every source gives the cleaner: the raw tabs of the spreadsheet, header row first, cells untouched."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from lib import schema

Rows = list[list[Any]]


@dataclass
class RawWorkbook:
    """All tabs as read, plus where and when they were read.

    Cells are what the source gives: strings (CSV, formatted API values), typed cells (xlsx: datetime, time,
    float) or serial numbers (API UNFORMATTED_VALUE). The cleaner reads all of them the same way.
    """

    tabs: dict[str, Rows]
    source: str  # a description safe to show: never a key file or token
    read_at: datetime
    shape: str  # "api", "xlsx" or "csv"
    missing: list[str] = field(default_factory=list)  # coordinator tabs that were not there


class Source(Protocol):
    """A place the spreadsheet lives. Clients are built outside and passed in."""

    description: str

    def read(self) -> RawWorkbook: ...

    def append_row(self, tab: str, values: list[Any], submission_key: str | None = None) -> bool:
        """Append one row as Google Forms would; False when a row with this submission key is already there."""
        ...

    def update_cells(self, tab: str, cells: list[tuple[int, int, Any]]) -> None:
        """Write single cells: (sheet row number, 0-based column index, value)."""
        ...


def match_tabs(found: dict[str, Rows]) -> tuple[dict[str, Rows], list[str]]:
    """Match found tab names to the contract's (case- and whitespace-insensitively); name every contract tab that is
    not there, Rondes and Meldingen included (the setup check lists them all; pick_tabs refuses)."""
    by_norm = {schema.norm(name): rows for name, rows in found.items()}
    tabs: dict[str, Rows] = {}
    missing: list[str] = []
    for t in schema.TABS.values():
        rows = by_norm.get(schema.norm(t.name))
        if rows is None:
            missing.append(t.name)
            rows = []
        tabs[t.name] = rows
    return tabs, missing


def pick_tabs(found: dict[str, Rows]) -> tuple[dict[str, Rows], list[str]]:
    """Match found tab names to the contract's (case- and whitespace-insensitively) and name the missing ones.

    Raises MissingTabError, naming the tab, when Rondes or Meldingen is not there.
    """
    from lib.errors import MissingTabError

    tabs, missing = match_tabs(found)
    for t in schema.TABS.values():
        if t.must_exist and t.name in missing:
            raise MissingTabError(
                f"Het tabblad '{t.name}' ontbreekt in de spreadsheet. Zonder dit tabblad kan het dashboard "
                f"niets tonen: zet het formulier '{t.form_title}' weer op dit tabblad of hernoem het tabblad."
            )
    return tabs, missing
