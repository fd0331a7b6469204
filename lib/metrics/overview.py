"""Overzicht and the report's key figures: the headline of a view (and of the month before), the plan it is
compared with, and the summaries per month, per place and per coach."""
from __future__ import annotations

import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.actions import open_actions
from lib.metrics.base import each, kept
from lib.metrics.budget import budget_line_kind
from lib.metrics.hours import org_hours_in
from lib.metrics.periods import (
    View,
    months_with_data,
    plan_hours,
    previous_month,
    round_coaches_in,
    round_locations_in,
    rounds_in,
    signals_in,
)
from lib.settings import Settings


@kept
def headline(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """The Overzicht figures for one view: coach hours, coaches active, rounds, signals, open actions, plan."""
    r = rounds_in(c, v, conf)
    rc = round_coaches_in(c, v, conf)
    return {
        "coach_hours": round(float(r["coach_hours"].sum()), 2),
        "round_hours": round(float(r["hours"].sum()), 2),
        "coaches": int(each(rc["coach"], schema.norm).nunique()),
        "rounds": int(len(r)),
        "signals": int(len(signals_in(c, v, conf))),
        "open_actions": int(len(open_actions(c))),
        "plan_hours": round(plan_hours(c, v.month, conf), 1),
        "org_hours": round(float(org_hours_in(c, v, conf)["hours"].sum()), 2),
    }


def headline_with_previous(c: Clean, v: View, conf: Settings) -> tuple[dict, dict | None]:
    now = headline(c, v, conf)
    if not v.month:
        return now, None
    prev = View(previous_month(v.month), v.towers, v.categories)
    return now, headline(c, prev, conf)


@kept
def report_headline(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """headline() plus what the report compares with the plan: days with a round, and the planned round days and
    organisation hours of the period (the plan's totals spread evenly over its days, like plan_hours)."""
    h = headline(c, v, conf)
    share = plan_hours(c, v.month, conf) / conf.plan_coach_hours if conf.plan_coach_hours else 0.0
    org_plan = c.budget.loc[budget_line_kind(c.budget, conf) == "org", "hours"].dropna()
    h["round_days"] = int(rounds_in(c, v, conf)["date"].nunique())
    h["plan_round_days"] = round(float(conf.raw["plan"].get("round_days", 0)) * share, 1)
    h["plan_org_hours"] = round(float(org_plan.iloc[0]) * share, 1) if len(org_plan) else float("nan")
    return h


@kept
def monthly_summary(c: Clean, conf: Settings) -> pd.DataFrame:
    """One row per month with data: coach hours, plan hours, rounds, coaches, signals and organisation hours."""
    rows = []
    for m in months_with_data(c):
        h = headline(c, View(m), conf)
        rows.append({"month": m, **{k: h[k] for k in ("coach_hours", "plan_hours", "rounds", "coaches", "signals",
                                                        "org_hours")}})
    return pd.DataFrame(rows, columns=["month", "coach_hours", "plan_hours", "rounds", "coaches", "signals",
                                       "org_hours"])


@kept
def tower_summary(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place (contract order, every place even without rounds): rounds that went there, days with a round,
    the hours and coach hours of those rounds (a round along two places counts in both), signals and urgent ones."""
    rl = round_locations_in(c, v, conf)
    s = signals_in(c, v, conf)
    places = list(v.towers) if v.towers else list(schema.LOCATIONS)
    g = rl.groupby("location").agg(rounds=("row", "nunique"), days=("date", "nunique"), hours=("hours", "sum"),
                                   coach_hours=("coach_hours", "sum"))
    out = g.reindex(places).fillna(0.0).rename_axis("location").reset_index()
    out["signals"] = out["location"].map(s.groupby("location").size()).fillna(0).astype(int)
    urgent = s[s["urgency"].isin(schema.URGENT_LEVELS)].groupby("location").size()
    out["urgent"] = out["location"].map(urgent).fillna(0).astype(int)
    out[["rounds", "days"]] = out[["rounds", "days"]].astype(int)
    return out


@kept
def coach_summary(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per coach who walked in the view: rounds, hours, the roster's pseudonym ('' when none) and whether the
    coach is on the roster. Sorted by hours, most first."""
    rc = round_coaches_in(c, v, conf)
    cols = ["coach", "pseudonym", "on_roster", "rounds", "hours"]
    if rc.empty:
        return pd.DataFrame(columns=cols)
    per = rc.groupby("coach", as_index=False).agg(rounds=("row", "nunique"), hours=("hours", "sum"))
    roster = c.roster.assign(key=each(c.roster["name"], schema.norm)).drop_duplicates("key").set_index("key")
    keys = each(per["coach"], schema.norm)
    per["on_roster"] = keys.isin(roster.index)
    per["pseudonym"] = keys.map(roster["pseudonym"]).fillna("").astype(str).str.strip()
    return per[cols].sort_values(["hours", "coach"], ascending=[False, True]).reset_index(drop=True)
