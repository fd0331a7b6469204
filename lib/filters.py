"""The filter bar's state as URL query parameters: parse and validate them into a metrics View (no Streamlit).

Query parameters are strings from anyone's browser: each is checked against the known values; a bad value falls
back to the default with a short Dutch notice, never an error. Notices are Markdown: the values they quote from the
URL are inline code (fmt.literal), so a link or formula typed into an address shows as text.
Parameters: maand=YYYY-MM|project, dag=YYYY-MM-DD (one day; sets its month), flat=<tower>,<tower>,
cat=<category>,..., weergave=dekey|gemeente|stichting.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from lib import schema
from lib.fmt import literal
from lib.metrics import View

WHOLE_PROJECT = "project"
# The query parameters that are filters, each named once (lib/ui/page.py reads and writes them by these names).
MONTH, DAY, TOWER, CATEGORY, VIEW = "maand", "dag", "flat", "cat", "weergave"
PARAMS = (MONTH, DAY, TOWER, CATEGORY, VIEW)
STICHTING = schema.FOUNDATION  # the foundation's own view: the default
# Whose part comes first, by the key in the URL -> the name shown: the foundation, then the partners.
PARTNER_VIEWS = {STICHTING: "Stichting", **schema.PARTNER_NAMES}
_PLACE_SLUGS = {schema.norm(p).replace(" ", "-"): p for p in schema.LOCATIONS}
_CATEGORY_SLUGS = {schema.norm(c): c for c in schema.CATEGORIES}


def place_slug(place: str) -> str:
    return schema.norm(place).replace(" ", "-")


@dataclass
class FilterState:
    view: View
    partner: str = STICHTING
    notices: list[str] = field(default_factory=list)

    def to_params(self) -> dict[str, str]:
        """Back to query parameters; defaults are left out so links stay short."""
        out: dict[str, str] = {MONTH: self.view.month or WHOLE_PROJECT}
        if self.view.day:
            out[DAY] = self.view.day
        if self.view.towers:
            out[TOWER] = ",".join(place_slug(t) for t in self.view.towers)
        if self.view.categories:
            out[CATEGORY] = ",".join(schema.norm(c) for c in self.view.categories)
        if self.partner != STICHTING:
            out[VIEW] = self.partner
        return out


def _list(raw: str | None, known: dict[str, str], what: str, notices: list[str]) -> tuple[str, ...]:
    if not raw:
        return ()
    picked, bad = [], []
    for part in str(raw).split(","):
        key = schema.norm(part).replace(" ", "-")
        if key in known:
            if known[key] not in picked:
                picked.append(known[key])
        elif key:
            bad.append(literal(part.strip(), 30))
    if bad:
        notices.append(f"Onbekende {what} in de link genegeerd: {', '.join(bad)}.")
    return tuple(picked)


def parse(params: Mapping[str, str], months: list[str]) -> FilterState:
    """Query parameters -> FilterState. The month defaults to the latest month with data."""
    notices: list[str] = []
    latest = months[-1] if months else None
    raw_month = (params.get(MONTH) or "").strip()
    if not raw_month:
        month = latest
    elif raw_month == WHOLE_PROJECT:
        month = None
    elif raw_month in months:
        month = raw_month
    else:
        month = latest
        notices.append(f"De maand {literal(raw_month, 20)} uit de link heeft geen gegevens; "
                       f"{'de laatste maand met gegevens' if latest else 'het hele project'} wordt getoond.")
    day = _day(params.get(DAY), months, notices)
    if day:
        month = day[:7]
    towers = _list(params.get(TOWER), _PLACE_SLUGS, "flat(s)", notices)
    categories = _list(params.get(CATEGORY), _CATEGORY_SLUGS, "categorie(ën)", notices)
    partner = (params.get(VIEW) or STICHTING).strip().casefold()
    if partner not in PARTNER_VIEWS:
        notices.append(f"Onbekende weergave {literal(partner, 20)} genegeerd.")
        partner = STICHTING
    return FilterState(View(month, towers, categories, day), partner, notices)


def _day(raw: str | None, months: list[str], notices: list[str]) -> str | None:
    """One day 'YYYY-MM-DD' in a month with data, or None (with a notice for a bad one)."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or len(text) != 10 or text[:7] not in months:
        notices.append(f"De dag {literal(text, 20)} uit de link heeft geen gegevens; de hele maand wordt getoond.")
        return None
    return day.isoformat()
