"""Overzicht and the report's key figures: the headline of a view (and of the month before), the plan it is
compared with, and the summaries per month, per place and per coach."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.actions import open_actions
from lib.metrics.base import distinct, distinct_per, kept, norm_keys
from lib.metrics.budget import budget_line_kind
from lib.metrics.coaches import coach_rows, name_codes, roster_by_key
from lib.metrics.hours import org_hours_in
from lib.metrics.periods import (
    View,
    months_with_data,
    plan_hours,
    previous_month,
    round_coach_rows,
    round_location_codes,
    round_location_rows,
    rounds_in,
    signals_in,
)
from lib.metrics.signals import signal_counts
from lib.settings import Settings


@kept
def headline(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """The Overzicht figures for one view: coach hours, coaches active, rounds, signals, open actions, plan."""
    r = rounds_in(c, v, conf)
    keys = coach_rows(c).key[round_coach_rows(c, v, conf)]
    return {
        "coach_hours": round(float(r["coach_hours"].sum()), 2),
        "round_hours": round(float(r["hours"].sum()), 2),
        # distinct keys (a name typed two ways is one coach), by the coach rows' key codes
        "coaches": len(distinct(keys[keys >= 0])),
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


def _month_numbers(dates: pd.Series) -> np.ndarray:
    """year * 12 + month - 1 of each date, or -1 where no month's view counts it: a blank, or a time of day on a
    month's last day (a month's period ends at its last day's 00:00, as bounds() gives it)."""
    code, days = pd.factorize(dates)  # worked out per distinct date and time: a few thousand among 200k rows
    days = pd.Series(days)
    n = (days.dt.year * 12 + days.dt.month - 1).to_numpy(dtype=np.int64, na_value=-1)
    late = (days.dt.day == days.dt.days_in_month) & (days != days.dt.normalize())
    n[late.to_numpy(dtype=bool, na_value=False)] = -1
    return np.where(code >= 0, n[code], -1) if len(n) else np.full(len(code), -1, dtype=np.int64)


class _Months:
    """The positions of a column's rows per month number, each in row order (as a boolean mask would give them)."""

    def __init__(self, numbers: np.ndarray):
        self.order = np.argsort(numbers, kind="stable")
        self.sorted = numbers[self.order]

    def rows(self, month: int) -> np.ndarray:
        a, b = np.searchsorted(self.sorted, [month, month + 1])
        return self.order[a:b]


@kept
def monthly_summary(c: Clean, conf: Settings) -> pd.DataFrame:
    """One row per month with data: coach hours, plan hours, rounds, coaches, signals and organisation hours, as
    headline() of each month gives them (counted for all months at once: a headline per month copies every row of
    every month into frames first)."""
    cols = ["month", "coach_hours", "plan_hours", "rounds", "coaches", "signals", "org_hours"]
    months = months_with_data(c)
    row_of_round = pd.Index(c.rounds["row"])
    if not row_of_round.is_unique:  # a coach row would belong to more than one round: count month by month
        heads = [(m, headline(c, View(m), conf)) for m in months]
        return pd.DataFrame([{"month": m, **{k: h[k] for k in cols[1:]}} for m, h in heads], columns=cols)
    round_month = _month_numbers(c.rounds["date"])
    rounds, signals = _Months(round_month), _Months(_month_numbers(c.signals["date"]))
    org = _Months(_month_numbers(c.org_hours["date"]))
    # a coach row counts in its round's month (round_coaches_in); coaches: distinct keys, as headline counts them
    at = row_of_round.get_indexer(c.round_coaches["row"])
    coach_month = np.where(at >= 0, round_month[at], -1)
    keys, counted = coach_rows(c).key.astype(np.int64), coach_month >= 0
    span = int(keys.max(initial=-1)) + 1
    pairs = distinct(coach_month[counted] * span + keys[counted])  # each (month, key) once
    coaches = dict(zip(*np.unique(pairs // span, return_counts=True), strict=True))
    coach_hours, org_hours = c.rounds["coach_hours"].to_numpy(), c.org_hours["hours"].to_numpy()
    rows = []
    for m in months:
        n = pd.Period(m, freq="M")
        n = n.year * 12 + n.month - 1
        rows.append({"month": m, "coach_hours": round(float(pd.Series(coach_hours[rounds.rows(n)]).sum()), 2),
                     "plan_hours": round(plan_hours(c, m, conf), 1), "rounds": len(rounds.rows(n)),
                     "coaches": int(coaches.get(n, 0)), "signals": len(signals.rows(n)),
                     "org_hours": round(float(pd.Series(org_hours[org.rows(n)]).sum()), 2)})
    return pd.DataFrame(rows, columns=cols)


@kept
def tower_summary(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place (contract order, every place even without rounds): rounds that went there, days with a round,
    the hours and coach hours of those rounds (a round along two places counts in both), signals and urgent ones."""
    places = list(v.towers) if v.towers else list(schema.LOCATIONS)
    # by the rows' place and date codes: the groups of groupby("location") (blanks left out), sums in row order
    rows = round_location_rows(c, v, conf)
    date, _, place, names = round_location_codes(c)
    date, place = date[rows], place[rows].astype(np.int64)
    rl = c.round_locations
    keep = place >= 0
    row, n = rl["row"].to_numpy()[rows], len(names)
    rounds = distinct_per(place[keep], row[keep], n)
    dated = keep & (date >= 0)  # nunique leaves a blank date out
    days = distinct_per(place[dated], date[dated], n)
    at = [names.get_loc(p) if p in names else -1 for p in places]

    def per_place(counts: np.ndarray) -> np.ndarray:
        return np.array([counts[i] if i >= 0 else 0 for i in at])

    sums = {col: pd.Series(rl[col].to_numpy()[rows][keep]).groupby(place[keep]).sum().reindex(range(n), fill_value=0.0)
            .to_numpy() for col in ("hours", "coach_hours")}
    out = pd.DataFrame({"rounds": per_place(rounds), "days": per_place(days),
                        "hours": per_place(sums["hours"]).astype(float),
                        "coach_hours": per_place(sums["coach_hours"]).astype(float)},
                       index=pd.Index(places, name="location")).reset_index()
    out["signals"] = out["location"].map(signal_counts(c, v, conf, "location")).fillna(0).astype(int)
    out["urgent"] = out["location"].map(signal_counts(c, v, conf, "location", urgent=True)).fillna(0).astype(int)
    out[["rounds", "days"]] = out[["rounds", "days"]].astype(int)
    return out


@kept
def coach_summary(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per coach who walked in the view: rounds, hours, the roster's pseudonym ('' when none) and whether the
    coach is on the roster. Sorted by hours, most first."""
    rows = round_coach_rows(c, v, conf)
    cols = ["coach", "pseudonym", "on_roster", "rounds", "hours"]
    if not len(rows):
        return pd.DataFrame(columns=cols)
    # grouped by the names' codes (sorted as the names, blanks left out): as grouping by the name column, faster
    code, names = name_codes(c)
    code = code[rows]
    keep = code >= 0
    rc = c.round_coaches
    code, row = code[keep].astype(np.int64), rc["row"].to_numpy()[rows][keep]
    hours = pd.Series(rc["hours"].to_numpy()[rows][keep]).groupby(code).sum()
    # rounds: distinct (name, row) pairs per name, counted by sorting (groupby's nunique took ~12 ms)
    rounds = distinct_per(code, row, len(names))
    at = hours.index.to_numpy()
    per = pd.DataFrame({"coach": names.array.take(at), "rounds": rounds[at], "hours": hours.to_numpy()})
    roster = roster_by_key(c)
    keys = norm_keys(per["coach"])
    per["on_roster"] = roster.index.get_indexer(keys) >= 0  # isin, by the index's hash table (keys are unique)
    per["pseudonym"] = keys.map(roster["pseudonym"]).fillna("").astype(str).str.strip()
    return per[cols].sort_values(["hours", "coach"], ascending=[False, True]).reset_index(drop=True)
