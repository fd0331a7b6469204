"""The report's figures: the dashboard's own charts for each part of the report (the very specs its pages draw).
The renderers draw each to PNG (Figure.png, lib.charts.common.chart_png). A chart that cannot be made is left out
with a note in Report.notes: a chart never stops the report.
"""
from __future__ import annotations

from collections.abc import Callable

from lib import fmt, metrics
from lib.report.context import Ctx
from lib.report.model import Figure


def figures(x: Ctx, which: str) -> list[Figure]:
    """The dashboard's charts for one part of the report (the very specs its pages draw). A chart that cannot be
    made is left out with a note in Report.notes: a chart never stops the report."""
    try:
        made = _CHARTS[which](x)
    except Exception as exc:
        x.notes.append(f"grafiek '{which}' niet opgenomen: {type(exc).__name__}: {exc}")
        return []
    return [Figure(title, chart, caption) for title, chart, caption in made]


def _chart_hours(x: Ctx) -> list[tuple]:
    from lib.charts import coverage

    cum = metrics.cumulative_hours(x.c, x.conf)
    if cum["actual"].dropna().empty:
        return []
    period = None if x.whole else (x.start, x.end)
    return [("Coachuren: gelopen en gepland", coverage.plan_vs_actual(cum, period),
             f"Doorgetrokken lijn: coachuren opgeteld sinds {fmt.day(x.conf.plan_start)}; stippellijn: het plan van "
             f"{fmt.hours(x.conf.plan_coach_hours)} gelijk verdeeld tot {fmt.day(x.conf.plan_end)}."
             + ("" if x.whole else f" Het gekleurde vlak is {x.period}."))]


def _chart_signals(x: Ctx) -> list[tuple]:
    from lib.charts import signals

    df = metrics.signals_per_week(x.c, x.view, x.conf, "category")
    if df.empty:
        return []
    return [("Meldingen per week, per categorie",
             signals.per_week(df, "category", metrics.weeks(x.c, x.view, x.conf)), "")]


def _chart_map(x: Ctx) -> list[tuple]:
    from lib import places
    from lib.charts import kmap

    per_place = metrics.signals_per_place(x.c, x.view, x.conf)
    if per_place["signals"].sum() == 0:
        return []
    return [("Kaart: meldingen per plek", kmap.incident_map(places.load(), per_place, height=480),
             "De oppervlakte van een cirkel staat voor het aantal meldingen op die plek.")]


def _chart_coverage(x: Ctx) -> list[tuple]:
    from lib.charts import coverage

    cal = metrics.day_tower_calendar(x.c, x.view, x.conf)
    if cal["rounds"].sum() == 0:
        return []
    return [("Rondes per plek per dag", coverage.heatmap(cal, metrics.place_order(), "rounds", dense=x.whole),
             "Elk vakje is een dag; grijs is een dag zonder ronde op die plek. Een ronde na middernacht telt op de dag "
             "waarop hij begon.")]


def _chart_budget(x: Ctx) -> list[tuple]:
    from lib.charts import budget

    status = metrics.budget_status(x.c, x.conf) if x.whole else metrics.period_budget(x.c, x.view, x.conf)
    out = [] if status.empty else [("Begroot en besteed per post", budget.lines(status), "")]
    bu = metrics.burn_up(x.c, x.conf)
    if not bu["actual"].dropna().empty:
        out.append(("Verloop van de uitgaven", budget.burn_up(bu, None if x.whole else x.end),
                    "Doorgetrokken lijn: uitgegeven. Grijze stippellijn: de begroting gelijk verdeeld over de "
                    "projectperiode. Oranje: verwachting als de uren in hetzelfde tempo doorgaan."))
    return out


_CHARTS: dict[str, Callable[[Ctx], list[tuple]]] = {
    "hours": _chart_hours, "signals": _chart_signals, "map": _chart_map, "coverage": _chart_coverage,
    "budget": _chart_budget,
}
