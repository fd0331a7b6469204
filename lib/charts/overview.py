"""Overzicht charts: the month calendar of which places had a round each day.

Within a month the calendar is an HTML table (`calendar_table`), not a Vega chart: it is the page's only chart, and
the first chart on a page makes Chromium fetch and start Vega (~1.5 MB of code), 0.35 s of the renderer's CPU and
about 0.6 s of a first view on the season workbook. Longer periods (the whole project) stay a Vega chart
(`calendar`): hundreds of day columns fit the screen there only as thin stripes.
"""
from __future__ import annotations

import html

import altair as alt
import pandas as pd

from lib import fmt, palette, schema
from lib.charts.common import kept, nl_date_axis


@kept
def calendar(cal: pd.DataFrame) -> alt.Chart:
    """Day x place grid from metrics.day_tower_calendar: coloured where a round started, grey where none."""
    df = cal.copy()
    df["dag"] = df["date"].map(fmt.day_short)
    df["status"] = df["rounds"].map(lambda n: "geen ronde" if n == 0 else ("1 ronde" if n == 1 else f"{n} rondes"))
    df["weekend"] = df["date"].dt.dayofweek >= 5
    order = [p for p in schema.LOCATIONS if p in set(df["location"])]
    base = alt.Chart(df).encode(
        x=alt.X("date:O", title=None, axis=nl_date_axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("location:N", title=None, sort=order),
    )
    cells = base.mark_rect(stroke=palette.WHITE, strokeWidth=2).encode(
        color=alt.condition("datum.rounds > 0",
                            alt.Color("rounds:Q", title="Rondes", scale=alt.Scale(scheme="blues", domainMin=0),
                                      legend=None),
                            alt.value(palette.EMPTY_DAY)),
        tooltip=[alt.Tooltip("dag:N", title="Dag"), alt.Tooltip("location:N", title="Plek"),
                 alt.Tooltip("status:N", title="Rondes"), alt.Tooltip("hours:Q", title="Uur gelopen", format=".1f")],
    )
    marks = (base.mark_text(fontSize=11, color=palette.WHITE).encode(text=alt.Text("rounds:Q"))
             .transform_filter("datum.rounds > 0"))
    return (cells + marks).properties(height=40 * len(order) + 30)


TABLE_MAX_DAYS = 62  # up to two months a column per day is readable; longer periods get the Vega chart


def _blue(share: float) -> str:
    """The colour at `share` (0..1) of palette.BLUES, interpolated linearly between its stops as Vega does."""
    stops = palette.BLUES
    x = min(max(share, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    a, b = stops[i], stops[i + 1]
    mix = [round(int(a[k:k + 2], 16) + (int(b[k:k + 2], 16) - int(a[k:k + 2], 16)) * (x - i)) for k in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mix)


_TABLE_CSS = """<style>
.kcal-wrap {overflow-x: auto; margin-bottom: 0.5rem;}
.kcal {border-collapse: separate; border-spacing: 2px; width: 100%; table-layout: fixed; min-width: $minpx;
       font-size: 0.8rem;}
.kcal th, .kcal td {padding: 0; text-align: center; font-weight: normal; border: none;}
.kcal thead th {color: $muted; line-height: 1.15; padding-bottom: 2px;}
.kcal thead th.we {color: $text; font-weight: 600;}
.kcal tbody th {text-align: left; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; padding-right: 6px;
                position: sticky; left: 0; background: $page; z-index: 1;}
.kcal td {height: 36px; color: $white; font-size: 11px;}
.kcal col.place {width: 150px;}
@media (max-width: 640px) {.kcal col.place {width: 100px;} .kcal {font-size: 0.7rem;}}
</style>"""


@kept
def calendar_table(cal: pd.DataFrame) -> str:
    """The calendar of `calendar` as one HTML table: a row per place, a column per day, each cell coloured by the
    rounds that started there that day (the same blues, grey where none) with the number in it; hovering a cell
    tells day, place, rounds and hours walked, as the chart's tooltip does. The place column stays in view while
    the days scroll sideways on a phone."""
    rounds = cal.pivot(index="location", columns="date", values="rounds")
    hours = cal.pivot(index="location", columns="date", values="hours")
    order = [p for p in schema.LOCATIONS if p in rounds.index]
    days = [pd.Timestamp(d) for d in rounds.columns]
    label = {d: fmt.day_short(d) for d in days}  # 'wo 1 dec'
    top = max(int(cal["rounds"].max()), 1)
    head = "".join(f'<th{" class=we" if d.dayofweek >= 5 else ""} title="{html.escape(label[d])}">'
                   f"{html.escape(label[d].split()[0])}<br>{d.day}</th>" for d in days)
    rows = []
    for place in order:
        cells = []
        for d, n, h in zip(days, rounds.loc[place].astype(int), hours.loc[place], strict=True):
            status = "geen ronde" if n == 0 else ("1 ronde" if n == 1 else f"{n} rondes")
            tip = html.escape(f"Dag: {label[d]}\nPlek: {place}\nRondes: {status}\nUur gelopen: "
                              f"{fmt.number(float(h), 1)}").replace("\n", "&#10;")
            colour = _blue(n / top) if n else palette.EMPTY_DAY
            cells.append(f'<td style="background:{colour}" title="{tip}">{n if n else ""}</td>')
        rows.append(f"<tr><th>{html.escape(place)}</th>{''.join(cells)}</tr>")
    css = (_TABLE_CSS.replace("$minpx", f"{100 + 20 * len(days)}px").replace("$muted", palette.CSS_TEXT_MUTED)
           .replace("$text", palette.TEXT).replace("$page", palette.CSS_PAGE).replace("$white", palette.WHITE))
    return (f'{css}<div class="kcal-wrap"><table class="kcal" aria-label="Rondes per dag en plek">'
            f'<colgroup><col class="place">{"<col>" * len(days)}</colgroup>'
            f"<thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")
