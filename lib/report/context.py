"""What one report is made for: the month asked for (checked before anything is read or drawn) and `Ctx`, the data,
settings, period and naming that every part of the report is built from."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib import fmt, metrics
from lib.clean import Clean
from lib.metrics import View
from lib.people import People
from lib.report.model import ReportPeriodError
from lib.settings import Settings


def parse_month(text: str | None) -> str | None:
    """The month a report is asked for; None is the whole project. Raises ReportPeriodError with one Dutch line.

    >>> parse_month("2022-01"), parse_month("project"), parse_month("")
    ('2022-01', None, None)
    """
    if text is None or not str(text).strip() or str(text).strip().casefold() == "project":
        return None
    t = str(text).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ReportPeriodError(f"Onleesbare maand '{t[:20]}': schrijf de maand als JJJJ-MM (bijvoorbeeld 2022-01), "
                                "of 'project' voor het hele project.")
    return t


def check_month(c: Clean, month: str | None) -> None:
    """Raise ReportPeriodError when the month has no rounds and no signals."""
    months = metrics.months_with_data(c)
    if month is None:
        if not months:
            raise ReportPeriodError("Er zijn nog geen rondes of meldingen: er valt niets te rapporteren.")
        return
    if month not in months:
        known = ", ".join(fmt.month(m) for m in months) or "geen"
        raise ReportPeriodError(f"Geen rondes of meldingen in {fmt.month(month)}. Maanden met gegevens: {known}.")


@dataclass
class Ctx:
    """Everything one report is built from; `notes` collects what could not be included (a chart that failed)."""

    c: Clean
    conf: Settings
    month: str | None
    view: View
    whole: bool
    period: str
    people: People
    scrub: Callable[[str], str]
    today: dt.date
    notes: list[str]
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def in_period(self) -> str:
        """'in januari 2022' / 'over het hele project'."""
        return "over het hele project" if self.whole else f"in {self.period}"
