"""Uren & vergoedingen: the charts (hours per coach per week or month, fees against the allowance limits) and the
Dutch display frames of its tables. Input frames come from lib.metrics; nothing here computes a business number."""
from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from lib import fmt, palette
from lib.charts.common import euro_axis, finish, kept

OVER = palette.OVER  # a limit passed
UNDER = palette.ACTUAL
SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def period_label(period: str) -> str:
    """'2022-W03' -> 'wk 3 · 17 jan' (the week's Monday); '2022-01' -> 'jan 2022'."""
    if "-W" in period:
        year, week = (int(x) for x in period.split("-W"))
        monday = dt.date.fromisocalendar(year, week, 1)
        return f"wk {week} · {monday.day} {SHORT_MONTHS[monday.month - 1]}"
    return f"{SHORT_MONTHS[int(period[5:7]) - 1]} {period[:4]}"


def _name_height(n: int) -> int:
    return 34 * max(n, 1) + 40


@kept
def hours_grid(long: pd.DataFrame, order: list[str]) -> alt.Chart:
    """Coach x week (or month) grid from metrics.coach_hours_by: the hours in each cell, darker = more hours.

    order: the coaches top to bottom (most hours first)."""
    df = long.copy()
    df["kolom"] = df["period"].map(period_label)
    df["uren"] = df["hours"].map(lambda h: fmt.number(h, 1))
    df["titel"] = df["period"].map(lambda p: fmt.week(p) if "-W" in p else fmt.month(p))
    cols = [period_label(p) for p in sorted(df["period"].unique())]
    base = alt.Chart(df).encode(
        x=alt.X("kolom:O", title=None, sort=cols,
                axis=alt.Axis(orient="bottom", labelAngle=0, labelExpr="split(datum.value, ' · ')", labelPadding=4)),
        y=alt.Y("coach:N", title=None, sort=order, axis=alt.Axis(labelLimit=160)),
    )
    cells = base.mark_rect(stroke=palette.WHITE, strokeWidth=2).encode(
        color=alt.Color("hours:Q", title="Uren", legend=None, scale=alt.Scale(scheme="blues", domainMin=0)),
        tooltip=[alt.Tooltip("coach:N", title="Coach"), alt.Tooltip("titel:N", title="Periode"),
                 alt.Tooltip("uren:N", title="Uren")],
    )
    text = base.mark_text(fontSize=12).encode(
        text="uren:N",
        color=alt.condition(f"datum.hours > {float(df['hours'].max()) * 0.55}", alt.value(palette.WHITE),
                            alt.value(palette.TEXT)),
    )
    return finish((cells + text).properties(height=_name_height(len(order))))


# A bar long enough to hold its amount carries it inside (white); a shorter bar carries it just past its end.
# Decided in the browser from the chart's own width signal, so on a phone too no amount sits on the dashed limit
# line (a bar past the limit covers the line; an amount inside it stays clear of it).
_CHAR_PX = 7  # about one character of a 12 px label


def _bar_labels(base: alt.Chart, field: str, x_max: float) -> tuple[alt.Chart, alt.Chart]:
    """The amount on each bar: inside the bars wide enough for it, just past the end of the others."""
    long = f"datum.{field} / {x_max} * width >= length(datum.bedrag) * {_CHAR_PX} + 12"
    inside = base.transform_filter(long).mark_text(align="right", dx=-6, fontSize=12, color=palette.WHITE).encode(
        x=f"{field}:Q", text="bedrag:N")
    outside = base.transform_filter(f"!({long})").mark_text(align="left", dx=4, fontSize=12).encode(
        x=f"{field}:Q", text="bedrag:N")
    return inside, outside


def _status_scale(over: pd.Series, limit: str, under: str = UNDER) -> alt.Scale:
    """Within or past a limit; 'boven de …' is in the legend only when someone is past it."""
    domain = [f"binnen de {limit}"] + ([f"boven de {limit}"] if over.any() else [])
    return alt.Scale(domain=domain, range=[under, OVER][: len(domain)])


def _limit_note(rule: alt.Chart) -> alt.Chart:
    """The limit's name above the plot, ending at its line: to the left of it, so a narrow chart never cuts it."""
    return rule.mark_text(align="right", dx=-4, dy=-6, fontSize=11, color=palette.TEXT_SOFT).encode(
        x="x:Q", y=alt.value(0), text="t:N")


def _fees_against_limit(df: pd.DataFrame, value: str, over: str, limit_col: str, limit_word: str,
                        tooltip_title: str) -> alt.Chart:
    """Bars of a fee per coach against a limit (a dashed line, named above it); bars past the limit in orange-red."""
    df = df.copy()
    df["bedrag"] = df[value].map(fmt.euro)
    df["status"] = df[over].map({True: f"boven de {limit_word}", False: f"binnen de {limit_word}"})
    order = df.sort_values(value, ascending=False)["coach"].tolist()
    limit = float(df[limit_col].max())
    x_max = max(float(df[value].max()), limit) * 1.3
    base = alt.Chart(df).encode(y=alt.Y("coach:N", title=None, sort=order, axis=alt.Axis(labelLimit=160)))
    bars = base.mark_bar(cornerRadiusEnd=3, height=20).encode(
        x=alt.X(f"{value}:Q", title=None, scale=alt.Scale(domain=[0, x_max]), axis=euro_axis(tickCount=3)),
        color=alt.Color("status:N", title=None, scale=_status_scale(df[over], limit_word),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("coach:N", title="Coach"), alt.Tooltip("bedrag:N", title=tooltip_title),
                 alt.Tooltip("status:N", title="Grens")],
    )
    inside, outside = _bar_labels(base, value, x_max)
    rule = alt.Chart(pd.DataFrame({"x": [limit], "t": [f"{limit_word} {fmt.euro(limit, cents=False)}"]}))
    line = rule.mark_rule(color=palette.TEXT_MUTED, strokeDash=[4, 3], opacity=0.7).encode(x="x:Q")
    note = _limit_note(rule)
    return finish((line + bars + inside + outside + note).properties(height=_name_height(len(order)) + 30))


@kept
def month_fees(pay: pd.DataFrame) -> alt.Chart:
    """The fee per coach in one month against the month limit."""
    return _fees_against_limit(pay, "fee", "over_month", "max_month", "maandgrens", "Vergoeding")


@kept
def fee_grid(pay: pd.DataFrame, order: list[str]) -> alt.Chart:
    """Coach x month grid of fees (several months): the amount in each cell, orange-red past the month limit."""
    df = pay.copy()
    df["kolom"] = df["month"].map(period_label)
    df["bedrag"] = df["fee"].map(lambda x: fmt.euro(x, cents=False))
    df["status"] = df["over_month"].map({True: "boven de maandgrens", False: "binnen de maandgrens"})
    cols = [period_label(m) for m in sorted(df["month"].unique())]
    base = alt.Chart(df).encode(
        x=alt.X("kolom:O", title=None, sort=cols,
                axis=alt.Axis(orient="bottom", labelAngle=0, labelExpr="split(datum.value, ' · ')", labelPadding=4)),
        y=alt.Y("coach:N", title=None, sort=order, axis=alt.Axis(labelLimit=160)),
    )
    cells = base.mark_rect(stroke=palette.WHITE, strokeWidth=2, opacity=0.9).encode(
        color=alt.Color("status:N", title=None,
                        scale=_status_scale(df["over_month"], "maandgrens", palette.UNDER_LIMIT),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("coach:N", title="Coach"), alt.Tooltip("kolom:N", title="Maand"),
                 alt.Tooltip("bedrag:N", title="Vergoeding"), alt.Tooltip("status:N", title="Grens")],
    )
    text = base.mark_text(fontSize=12).encode(
        text="bedrag:N", color=alt.condition("datum.over_month", alt.value(palette.WHITE), alt.value(palette.TEXT)))
    return finish((cells + text).properties(height=_name_height(len(order))))


@kept
def year_fees(fees: pd.DataFrame, title_year: str) -> alt.Chart:
    """Each coach's year total against the year limit."""
    return _fees_against_limit(fees, "year_fee", "over_year", "max_year", "jaargrens", title_year)


# --- tables -------------------------------------------------------------------------------------------------

def limit_flags(row: pd.Series) -> str:
    """The limits a row passes, in Dutch: 'uurtarief, maand, jaar' (or '–' when none)."""
    parts = [word for key, word in (("over_hour", "uurtarief"), ("over_month", "maand"), ("over_year", "jaar"))
             if row[key]]
    return ", ".join(parts) if parts else "–"


def limits_sentence(limits: dict) -> str:
    """'Grenzen 2022: uurtarief € 5,00 (jonger dan 21: € 2,75), maand € 180, jaar € 1.800.'"""
    return (f"Grenzen {limits['year']}: uurtarief {fmt.euro(limits['max_hour_21_plus'])} (jonger dan 21: "
            f"{fmt.euro(limits['max_hour_under_21'])}), maand {fmt.euro(limits['max_month'], cents=False)}, "
            f"jaar {fmt.euro(limits['max_year'], cents=False)}.")


def payout_frame(pay: pd.DataFrame, with_month: bool, numbers: bool = False) -> pd.DataFrame:
    """metrics.payout as the table the coordinator pays from (Dutch headers and formats). With numbers=True the
    hours and euros stay numbers (rounded to cents), for the download the treasurer adds up in a spreadsheet."""
    hours = (lambda x: round(x, 2)) if numbers else (lambda h: fmt.number(h, 2))
    euro = (lambda x: round(x, 2)) if numbers else fmt.euro
    out = pd.DataFrame({
        "Naam": pay["coach"],
        "Pseudoniem": pay["pseudonym"],
        "Jonger dan 21": pay["under_21"].map({True: "ja", False: "nee"}),
        "Uren": pay["hours"].map(hours),
        "Tarief": pay["rate"].map(euro),
        "Vergoeding": pay["fee"].map(euro),
        "Vergoeding dit jaar t/m deze maand": pay["year_fee"].map(euro),
        "Boven grens": pay.apply(limit_flags, axis=1),
    })
    if with_month:
        out.insert(0, "Maand", pay["month"].map(lambda m: fmt.month(m, capital=True)))
    return out


def fees_frame(fees: pd.DataFrame, year_title: str) -> pd.DataFrame:
    """metrics.fees over a longer period: per coach the totals and every month/year past its limit."""
    return pd.DataFrame({
        "Naam": fees["coach"],
        "Pseudoniem": fees["pseudonym"],
        "Jonger dan 21": fees["under_21"].map({True: "ja", False: "nee"}),
        "Uren": fees["hours"].map(lambda h: fmt.number(h, 2)),
        "Vergoeding": fees["fee"].map(fmt.euro),
        year_title: fees["year_fee"].map(fmt.euro),
        "Maanden boven de maandgrens": fees["months_over"].map(
            lambda ms: ", ".join(period_label(m) for m in ms) if ms else "–"),
        "Jaren boven de jaargrens": fees["years_over"].map(lambda ys: ", ".join(map(str, ys)) if ys else "–"),
    })


def hours_frame(wide: pd.DataFrame) -> pd.DataFrame:
    """metrics.coach_hours_pivot with Dutch headers ('wk 49', 'dec 2021', 'Totaal') and decimal commas."""
    out = pd.DataFrame({"Coach": wide["coach"]})
    for col in wide.columns:
        if col in ("coach", "total"):
            continue
        out[period_label(col)] = wide[col].map(lambda h: fmt.number(h, 2) if h else "")
    out["Totaal"] = wide["total"].map(lambda h: fmt.number(h, 2))
    return out


def org_frame(org: pd.DataFrame) -> pd.DataFrame:
    """metrics.org_hours_table with Dutch headers and formats."""
    return pd.DataFrame({
        "Datum": org["date"].map(fmt.day),
        "Naam": org["name"],
        "Uren": org["hours"].map(lambda h: fmt.number(h, 2)),
        "Kosten": org["cost"].map(fmt.euro),
        "Omschrijving": org["description"],
    })
