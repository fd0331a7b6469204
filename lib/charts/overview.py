"""Overzicht charts: the month calendar of which places had a round each day."""
from __future__ import annotations

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
