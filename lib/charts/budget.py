"""Budget: each budget line against what was spent, the burn-up against the plan's straight line with the forecast,
and the split per funder; plus the Dutch display frames of its tables. Input frames come from lib.metrics."""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt, palette
from lib.charts.common import euro_axis, finish, kept, nl_date_axis

OVER = palette.OVER
BUDGET = palette.BACKDROP


@kept
def lines(status: pd.DataFrame) -> alt.LayerChart:
    """Per budget line a grey bar for the budget and a blue bar for what was spent (orange-red past the budget),
    with the line's name and 'spent of budget (share)' written above its bars, so it reads on a phone too."""
    df = status.copy()
    df["begroot"] = df["budgeted"].fillna(0.0)
    df["over"] = df["budgeted"].notna() & (df["spent"] > df["budgeted"])
    df["status"] = df["over"].map({True: "meer dan begroot", False: "uitgegeven"})
    df["tekst"] = [
        f"{fmt.euro(s, cents=False)} van {fmt.euro(b, cents=False)} ({fmt.percent(p)})" if pd.notna(b)
        else f"{fmt.euro(s, cents=False)} (niet begroot)"
        for s, b, p in zip(df["spent"], df["budgeted"], df["share_spent"])]
    df["kop"] = df["budget_line"] + ": " + df["tekst"]
    order = df["budget_line"].tolist()
    x_max = float(df[["begroot", "spent"]].max(axis=1).max() or 1) * 1.04
    y = alt.Y("budget_line:N", title=None, sort=order, axis=None, scale=alt.Scale(paddingInner=0.55, paddingOuter=0.3))
    x_scale = alt.Scale(domain=[0, x_max])
    base = alt.Chart(df).encode(y=y)
    tip = [alt.Tooltip("budget_line:N", title="Post"), alt.Tooltip("tekst:N", title="Uitgegeven")]
    budget = base.mark_bar(color=BUDGET, cornerRadiusEnd=3).encode(
        x=alt.X("begroot:Q", title=None, axis=euro_axis(tickCount=4), scale=x_scale), tooltip=tip)
    # 'meer dan begroot' is in the legend only when a line is over its budget: an entry for nothing would alarm.
    kinds = ["uitgegeven", "meer dan begroot"] if df["over"].any() else ["uitgegeven"]
    spent = base.mark_bar(height=10, cornerRadiusEnd=3).encode(
        x=alt.X("spent:Q", title=None, scale=x_scale),
        color=alt.Color("status:N", title=None,
                        scale=alt.Scale(domain=kinds, range=[palette.ACTUAL, OVER][: len(kinds)])),
        tooltip=tip)
    heads = base.mark_text(align="left", baseline="bottom", dy=-14, fontSize=13, color=palette.TEXT).encode(
        x=alt.value(0), text="kop:N")
    return finish(alt.layer(budget, spent, heads).properties(height=70 * len(df) + 40))


@kept
def burn_up(bu: pd.DataFrame, until: pd.Timestamp | None) -> alt.LayerChart:
    """metrics.burn_up: spent so far (solid), the plan's straight line (grey dashed) and the forecast at the
    current pace (orange dashed); a thin line at the end of the chosen month."""
    names = {"actual": "Uitgegeven", "plan": "Plan (rechte lijn)", "forecast": "Verwachting in dit tempo"}
    df = bu.melt(id_vars="date", value_vars=list(names), var_name="reeks", value_name="bedrag").dropna()
    df["reeks"] = df["reeks"].map(names)
    df["dag"] = df["date"].map(fmt.day_short)
    df["tekst"] = df["bedrag"].map(fmt.euro)
    domain = list(names.values())
    chart = alt.Chart(df).mark_line(strokeWidth=2.5).encode(
        x=alt.X("date:T", title=None, axis=nl_date_axis(labelAngle=0, labelOverlap=True, tickCount=6)),
        y=alt.Y("bedrag:Q", title=None, axis=euro_axis()),
        color=alt.Color("reeks:N", title=None,
                        scale=alt.Scale(domain=domain, range=[palette.ACTUAL, palette.PLAN, palette.FORECAST]),
                        legend=alt.Legend(direction="vertical")),
        strokeDash=alt.StrokeDash("reeks:N", title=None,
                                  scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4], [2, 3]])),
        tooltip=[alt.Tooltip("dag:N", title="Dag"), alt.Tooltip("reeks:N", title="Reeks"),
                 alt.Tooltip("tekst:N", title="Bedrag")],
    )
    layers: list[alt.Chart] = [chart]
    if until is not None:
        mark = pd.DataFrame({"date": [until], "t": [f"eind {fmt.day(until)}"]})
        layers.append(alt.Chart(mark).mark_rule(color=palette.RULE, strokeDash=[2, 2]).encode(x="date:T"))
        layers.append(alt.Chart(mark).mark_text(align="right", dx=-4, dy=8, fontSize=11,
                                                color=palette.TEXT_MUTED).encode(
            x="date:T", y=alt.value(0), text="t:N"))
    return finish(alt.layer(*layers).properties(height=320))


@kept
def funders(split: pd.DataFrame) -> alt.LayerChart:
    """Each funder's contribution to the budget as a bar in its own colour, in the order given."""
    df = split.copy()
    df["tekst"] = [f"{fmt.euro(a, cents=False)} ({fmt.percent(s)})" for a, s in zip(df["contribution"], df["share"])]
    order = df["funder"].tolist()
    x_max = float(df["contribution"].max() or 1) * 1.5
    base = alt.Chart(df).encode(y=alt.Y("funder:N", title=None, sort=order))
    bars = base.mark_bar(height=22, cornerRadiusEnd=3).encode(
        x=alt.X("contribution:Q", title=None, axis=euro_axis(tickCount=4), scale=alt.Scale(domain=[0, x_max])),
        color=alt.Color("funder:N", scale=alt.Scale(**palette.scale(palette.FUNDER)), legend=None),
        tooltip=[alt.Tooltip("funder:N", title="Financier"), alt.Tooltip("tekst:N", title="Bijdrage")])
    text = base.mark_text(align="left", dx=5, fontSize=12).encode(x="contribution:Q", text="tekst:N")
    return finish(alt.layer(bars, text).properties(height=44 * len(df) + 30))


# --- tables -------------------------------------------------------------------------------------------------

def status_frame(status: pd.DataFrame, totals: dict, spent_title: str, period_title: str | None) -> pd.DataFrame:
    """metrics.period_budget (or budget_status) as a Dutch table, with a 'Totaal' row from metrics.budget_totals."""
    out = pd.DataFrame({
        "Post": status["budget_line"],
        "Uren": status["hours"].map(lambda h: fmt.number(h, 0)),
        "Tarief": status["rate"].map(fmt.euro),
        "Begroot": status["budgeted"].map(fmt.euro),
    })
    total = {"Post": "Totaal", "Uren": "", "Tarief": "", "Begroot": fmt.euro(totals["budgeted"])}
    if period_title is not None:
        out[period_title] = status["spent_period"].map(fmt.euro)
        total[period_title] = fmt.euro(totals["spent_period"])
    out[spent_title] = status["spent"].map(fmt.euro)
    out["Resterend"] = status["remaining"].map(fmt.euro)
    out["Besteed"] = status["share_spent"].map(fmt.percent)
    total.update({spent_title: fmt.euro(totals["spent"]), "Resterend": fmt.euro(totals["remaining"]),
                  "Besteed": fmt.percent(totals["share_spent"])})
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def funder_frame(split: pd.DataFrame, paid_title: str) -> pd.DataFrame:
    """metrics.funder_status as a Dutch table."""
    return pd.DataFrame({
        "Financier": split["funder"],
        "Bijdrage (begroting)": split["contribution"].map(fmt.euro),
        "Aandeel": split["share"].map(fmt.percent),
        paid_title: split["costs_paid"].map(fmt.euro),
    })
