"""Dekking per flat: the day x place heatmap, the time of day of rounds (office hours and sunset marked), the
share of evenings and weekend days per place, and plan against actual. Input frames come from lib.metrics."""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt, palette
from lib.charts.common import finish, kept, nl_date_axis

SUNSET = palette.SUNSET
OFFICE = palette.BACKDROP
ROUND = palette.ACTUAL
_CLOCK = "(datum.value % 24 < 10 ? '0' : '') + (datum.value % 24) + ':00'"


@kept
def heatmap(cal: pd.DataFrame, order: list[str], measure: str = "rounds", dense: bool = False) -> alt.Chart:
    """Day x place from metrics.day_tower_calendar; colour by rounds or hours walked, the number in each cell
    (left out when there are too many days to read them: dense=True)."""
    df = cal.copy()
    df["dag"] = df["date"].map(fmt.day_short)
    df["rondes"] = df["rounds"].map(lambda n: "geen ronde" if n == 0 else ("1 ronde" if n == 1 else f"{n} rondes"))
    df["uren"] = df["hours"].map(fmt.hours)
    df["coachuren"] = df["coach_hours"].map(fmt.hours)
    df["label"] = df["rounds"].astype(str) if measure == "rounds" else df["hours"].map(
        lambda h: fmt.number(h, 1) if h else "")
    title = "Rondes" if measure == "rounds" else "Uren"
    base = alt.Chart(df).encode(
        x=alt.X("yearmonthdate(date):O", title=None,
                axis=nl_date_axis(labelAngle=0, labelOverlap=True, labelFontSize=11)),
        y=alt.Y("location:N", title=None, sort=order, axis=alt.Axis(labelLimit=130)),
    )
    cells = base.mark_rect(stroke=palette.WHITE, strokeWidth=1 if dense else 2).encode(
        color=alt.condition(f"datum.{measure} > 0",
                            alt.Color(f"{measure}:Q", title=title, scale=alt.Scale(scheme="blues", domainMin=0),
                                      legend=None if not dense else alt.Legend(gradientLength=160)),
                            alt.value(palette.EMPTY_CELL)),
        tooltip=[alt.Tooltip("dag:N", title="Dag"), alt.Tooltip("location:N", title="Plek"),
                 alt.Tooltip("rondes:N", title="Rondes"), alt.Tooltip("uren:N", title="Uren gelopen"),
                 alt.Tooltip("coachuren:N", title="Coachuren")],
    )
    if dense:
        return finish(cells.properties(height=40 * len(order) + 70))
    # The numbers only where a cell is wide enough to read them (not on a phone): Vega's own width signal.
    n_days = max(df["date"].nunique(), 1)
    text = base.mark_text(fontSize=10, opacity=alt.ExprRef(expr=f"width / {n_days} >= 15 ? 1 : 0")).encode(
        text="label:N",
        color=alt.condition(f"datum.{measure} > {float(df[measure].max()) * 0.55}", alt.value(palette.WHITE),
                            alt.value(palette.TEXT)),
    ).transform_filter(f"datum.{measure} > 0")
    return finish((cells + text).properties(height=46 * len(order) + 30))


@kept
def time_of_day(spans: pd.DataFrame, office: pd.DataFrame, sun: pd.DataFrame) -> alt.LayerChart:
    """Each round as a bar from start to end above its date (past midnight runs on below 24:00), weekday office
    hours shaded, the sunset as a line. Morning at the top, night at the bottom, like a diary."""
    legend = alt.Scale(domain=["Ronde", "Kantooruren (werkdagen)", "Zonsondergang"], range=[ROUND, OFFICE, SUNSET])
    # One legend for the three layers takes the square swatch of the first; the sunset's swatch is drawn as what it
    # is on the chart, a dashed orange line.
    is_sun = "datum.value === 'Zonsondergang'"
    key = alt.Legend(direction="vertical", title=None,
                     symbolType=alt.ExprRef(expr=f"{is_sun} ? 'stroke' : 'square'"),
                     symbolStrokeColor=alt.ExprRef(expr=f"{is_sun} ? '{SUNSET}' : null"),
                     symbolStrokeWidth=alt.ExprRef(expr=f"{is_sun} ? 2 : 0"),
                     symbolDash=alt.ExprRef(expr=f"{is_sun} ? [5, 3] : []"),
                     symbolSize=alt.ExprRef(expr=f"{is_sun} ? 300 : 100"))
    n_days = max(len(sun), 1)
    # A bar about half a day wide, whatever the screen: Vega's own width signal, so a phone gets thin bars.
    bar_width = alt.ExprRef(expr=f"clamp(width / {n_days} * 0.55, 1.5, 10)")
    lo = min(9.0, float(spans["start_hour"].min()) if len(spans) else 9.0, float(sun["sunset_hour"].min()))
    hi = max(24.0, float(spans["end_hour"].max()) if len(spans) else 24.0)
    domain = [int(lo) - (1 if lo == int(lo) else 0), int(hi) + 1]
    y_scale = alt.Scale(domain=domain, reverse=True, nice=False)
    y_axis = alt.Axis(title=None, labelExpr=_CLOCK, values=list(range(domain[0], domain[1] + 1, 2)))
    x = alt.X("date:T", title=None, axis=nl_date_axis(labelAngle=0, labelOverlap=True, tickCount=8))

    od = office.assign(end_date=office["date"] + pd.Timedelta(days=1), soort="Kantooruren (werkdagen)")
    shade = alt.Chart(od).mark_rect(opacity=0.6).encode(
        x=x, x2="end_date:T", y=alt.Y("start_hour:Q", scale=y_scale, axis=y_axis), y2="end_hour:Q",
        color=alt.Color("soort:N", scale=legend, legend=key))

    rs = spans.copy()
    rs["mid"] = rs["date"] + pd.Timedelta(hours=12)
    rs["dag"] = rs["date"].map(fmt.day_short)
    rs["tijd"] = [f"{fmt.clock(s * 3600)}–{fmt.clock(e * 3600)}" for s, e in zip(rs["start_hour"], rs["end_hour"])]
    rs["plekken"] = rs["places"].map(", ".join)
    rs["duur"] = rs["hours"].map(fmt.hours)
    rs["soort"] = "Ronde"
    bars = alt.Chart(rs).mark_rule(strokeWidth=bar_width, strokeCap="round", opacity=0.85).encode(
        x=alt.X("mid:T", title=None, axis=nl_date_axis(labelAngle=0, labelOverlap=True, tickCount=8)),
        y=alt.Y("start_hour:Q", scale=y_scale, axis=y_axis), y2="end_hour:Q",
        color=alt.Color("soort:N", scale=legend, legend=key),
        tooltip=[alt.Tooltip("dag:N", title="Dag"), alt.Tooltip("tijd:N", title="Tijd"),
                 alt.Tooltip("duur:N", title="Duur"), alt.Tooltip("plekken:N", title="Plekken"),
                 alt.Tooltip("n_coaches:Q", title="Coaches")],
    )

    ss = sun.copy()
    ss["mid"] = ss["date"] + pd.Timedelta(hours=12)
    ss["soort"] = "Zonsondergang"
    ss["dag"] = ss["date"].map(fmt.day_short)
    ss["tijd"] = ss["sunset_hour"].map(lambda h: fmt.clock(h * 3600))
    line = alt.Chart(ss).mark_line(strokeWidth=2, strokeDash=[5, 3]).encode(
        x="mid:T", y=alt.Y("sunset_hour:Q", scale=y_scale, axis=y_axis),
        color=alt.Color("soort:N", scale=legend, legend=key),
        tooltip=[alt.Tooltip("dag:N", title="Dag"), alt.Tooltip("tijd:N", title="Zonsondergang")],
    )
    # Streamlit fits the chart to its container, so the height includes the axis and the three-line legend.
    return finish(alt.layer(shade, line, bars).properties(height=480))


@kept
def shares(share: pd.DataFrame, order: list[str], which: str) -> alt.Chart:
    """One bar per place: the share of evenings ('evening') or weekend days ('weekend') with a round there."""
    df = share.copy()
    covered, total = (("evenings_covered", "evenings") if which == "evening" else ("weekend_covered", "weekend_days"))
    col = f"{which}_share"
    df["pct"] = df[col].fillna(0.0)
    df["tekst"] = [f"{fmt.percent(s)} ({fmt.number(a)} van {fmt.number(b)})" if b else "–"
                   for s, a, b in zip(df[col], df[covered], df[total])]
    base = alt.Chart(df).encode(
        y=alt.Y("location:N", title=None, sort=order, axis=alt.Axis(labelLimit=130)),
    )
    bars = base.mark_bar(cornerRadiusEnd=3, height=18).encode(
        x=alt.X("pct:Q", title=None, scale=alt.Scale(domain=[0, 1.45]),
                axis=alt.Axis(values=[0, 0.25, 0.5, 0.75, 1], labelExpr="round(datum.value * 100) + '%'", grid=True)),
        color=alt.Color("location:N", scale=alt.Scale(**palette.scale(palette.PLACE)), legend=None),
        tooltip=[alt.Tooltip("location:N", title="Plek"), alt.Tooltip("tekst:N", title="Met een ronde")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(x="pct:Q", text="tekst:N")
    return finish((bars + text).properties(height=34 * len(order) + 30))


@kept
def plan_vs_actual(cum: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp] | None) -> alt.LayerChart:
    """metrics.cumulative_hours: coach hours walked so far (solid) against the plan's straight line (dashed);
    the chosen month shaded."""
    df = cum.melt(id_vars="date", value_vars=["actual", "plan"], var_name="reeks", value_name="uren").dropna()
    df["reeks"] = df["reeks"].map({"actual": "Gelopen", "plan": "Plan"})
    df["dag"] = df["date"].map(fmt.day_short)
    df["tekst"] = df["uren"].map(fmt.hours)
    colour = alt.Scale(domain=["Gelopen", "Plan"], range=[palette.ACTUAL, palette.PLAN])
    lines = alt.Chart(df).mark_line(strokeWidth=2.5).encode(
        x=alt.X("date:T", title=None, axis=nl_date_axis(labelAngle=0, labelOverlap=True, tickCount=6)),
        y=alt.Y("uren:Q", title="Coachuren (opgeteld)",
                axis=alt.Axis(labelExpr="replace(format(datum.value, ',.0f'), /,/g, '.')")),
        color=alt.Color("reeks:N", scale=colour, title=None),
        strokeDash=alt.StrokeDash("reeks:N", scale=alt.Scale(domain=["Gelopen", "Plan"], range=[[1, 0], [6, 4]]),
                                  title=None),
        tooltip=[alt.Tooltip("dag:N", title="Dag"), alt.Tooltip("reeks:N", title="Reeks"),
                 alt.Tooltip("tekst:N", title="Coachuren")],
    )
    layers = [lines]
    if period is not None:
        band = pd.DataFrame({"start": [period[0]], "end": [period[1] + pd.Timedelta(days=1)]})
        layers.insert(0, alt.Chart(band).mark_rect(color=palette.BAND).encode(x="start:T", x2="end:T"))
    return finish(alt.layer(*layers).properties(height=300))


def gap_lines(gaps: pd.DataFrame) -> list[str]:
    """metrics.gaps as Dutch sentences, one per place in the order given, its gaps oldest first:
    '**Kempering**: 5 dagen zonder ronde, 3–7 jan 2022 · 3 dagen, 17–19 jan 2022'."""
    lines = []
    for place in dict.fromkeys(gaps["location"]):
        g = gaps[gaps["location"] == place].sort_values("start")
        parts = [f"{d} dagen{' zonder ronde' if i == 0 else ''}, {fmt.date_range(s, e)}"
                 for i, (d, s, e) in enumerate(zip(g["days"], g["start"], g["end"]))]
        lines.append(f"**{place}**: " + " · ".join(parts))
    return lines


def share_frame(share: pd.DataFrame) -> pd.DataFrame:
    """metrics.evening_weekend_share as a Dutch table of three columns, narrow enough for a phone: per place the
    share of evenings and of weekend days with a round, with the counts ('67% (8 van 12)', as on the bars)."""
    def cell(s: float, a: int, b: int) -> str:
        return f"{fmt.percent(s)} ({fmt.number(a)} van {fmt.number(b)})" if b else "–"

    return pd.DataFrame({
        "Plek": share["location"],
        "Avonden": [cell(*x) for x in zip(share["evening_share"], share["evenings_covered"], share["evenings"])],
        "Weekenddagen": [cell(*x) for x in zip(share["weekend_share"], share["weekend_covered"],
                                               share["weekend_days"])],
    })


def gap_frame(gaps: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Plek": gaps["location"], "Van": gaps["start"].map(fmt.day), "Tot en met": gaps["end"].map(fmt.day),
        "Dagen zonder ronde": gaps["days"].astype(int),
    })
