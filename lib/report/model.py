"""The report's format-free model: a `Report` of cover lines, a short summary and `Section`s of blocks.

A block is a paragraph (`Para`), a bullet list, a table of finished Dutch strings or a figure (the dashboard's own
Altair chart). lib.report.content and lib.report.minutes fill it; the renderers (docx, pdf, markdown) only lay it
out, so the three formats always say the same.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from lib.errors import FlatcoachError

TITLE = "Maandrapportage Flatcoaches K-buurt"
PARTNERS = ("Lieven de Key", "Gemeente Amsterdam, stadsdeel Zuidoost", "Stichting Hart voor de K-buurt")


class ReportPeriodError(FlatcoachError):
    """The month asked for cannot be read or has no data."""



@dataclass
class Para:
    """A paragraph: optional bold lead, optional meta (italic: where and who), then the text.
    style: 'body', 'note' (small print), 'quote' or 'subhead' (a bold line kept with what follows).
    Separators are part of the strings."""

    text: str
    lead: str = ""
    style: str = "body"
    meta: str = ""


@dataclass
class Bullets:
    items: list[Para]


@dataclass
class Table:
    """A table of finished strings. align: one letter per column, 'l' or 'r'. widths: relative column widths.
    total: the last row is a total row. width: the share of the text width the table takes."""

    columns: list[str]
    rows: list[list[str]]
    align: str = ""
    widths: tuple[float, ...] = ()
    total: bool = False
    caption: str = ""
    width: float = 1.0

    def __post_init__(self) -> None:
        if not self.align:
            self.align = "l" + "r" * (len(self.columns) - 1)
        if not self.widths:
            self.widths = tuple([1.0] * len(self.columns))


@dataclass
class Figure:
    """A chart from the dashboard (the same Altair spec), rendered to PNG by the renderers."""

    title: str
    chart: Any
    caption: str = ""
    width: int = 640  # px at scale 1: the text width of an A4 page

    def png(self) -> bytes:
        from lib.charts.common import chart_png  # drawing needs Altair and vl-convert; the model itself does not

        return chart_png(self.chart, self.width)


Block = Para | Bullets | Table | Figure


@dataclass
class Section:
    title: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)
    key: str = ""


@dataclass
class Report:
    title: str
    month: str | None
    period: str  # 'januari 2022' / 'hele project'
    period_range: str  # '1 januari 2022 – 31 januari 2022'
    made_on: dt.date
    names: bool
    cover: list[tuple[str, str]]
    summary: list[Para]
    sections: list[Section]
    notes: list[str] = field(default_factory=list)  # what could not be included (a chart that failed)
    cover_page: bool = True  # the cover and "In het kort" on a page of their own (the minutes run on instead)

    @property
    def footer(self) -> str:
        return f"{self.title} · {self.period}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
