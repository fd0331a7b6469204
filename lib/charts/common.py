"""Shared chart settings: Dutch number/date format, the palette's scales, and PNG rendering for the report."""
from __future__ import annotations

import altair as alt

from lib import palette

# Vega's d3 locale for Dutch: 1.234,5 and € in front; month and day names in Dutch.
NL_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
NL_TIME = {
    "dateTime": "%a %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december"],
    "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}


def place_color(field: str = "location", title: str = "Plek") -> alt.Color:
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(**palette.scale(palette.PLACE)))


def category_color(field: str = "category", title: str = "Categorie") -> alt.Color:
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(**palette.scale(palette.CATEGORY)))


def finish(chart: alt.Chart | alt.LayerChart, height: int | None = None) -> alt.Chart:
    """Common look: Dutch locale, readable fonts, legends at the bottom on narrow screens."""
    c = chart.configure_axis(labelFontSize=12, titleFontSize=12).configure_legend(
        orient="bottom", labelFontSize=12, titleFontSize=12).configure_view(strokeWidth=0)
    if height:
        c = c.properties(height=height)
    return c


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Render a chart to PNG offline (vl-convert bundles Vega; nothing is fetched)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(chart.to_json(), scale=scale, format_locale=NL_FORMAT, time_format_locale=NL_TIME)


_MONTHS = "['jan','feb','mrt','apr','mei','jun','jul','aug','sep','okt','nov','dec']"
_DAYS = "['zo','ma','di','wo','do','vr','za']"


def nl_date_axis(title: str | None = None, with_day: bool = True, **kw) -> alt.Axis:
    """A date axis with Dutch month names in the browser (Streamlit's Vega has no Dutch locale)."""
    expr = (f"date(datum.value) + ' ' + {_MONTHS}[month(datum.value)]" if with_day
            else f"{_MONTHS}[month(datum.value)] + ' ' + year(datum.value)")
    return alt.Axis(title=title, labelExpr=expr, **kw)


def euro_axis(title: str | None = None, **kw) -> alt.Axis:
    """€ 1.234 on the axis, Dutch thousands separator."""
    return alt.Axis(title=title, labelExpr="'€ ' + replace(format(datum.value, ',.0f'), /,/g, '.')", **kw)
