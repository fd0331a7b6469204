"""Dekking: which places had a round on which day and hour (calendar, spans, sunsets, office hours), the evenings
and weekend days covered, the gaps without a round, the order places are read in, and coach hours against the plan."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import distinct, distinct_per, kept
from lib.metrics.periods import (
    View,
    bounds,
    last_day,
    round_location_codes,
    round_location_rows,
    rounds_in,
    shown_bounds,
)
from lib.settings import Settings


def _at(positions: np.ndarray) -> np.ndarray:
    """positions with a -1 appended: indexed by a code, a blank (-1) lands on the -1 (not on the last value)."""
    return np.append(positions, -1)


@kept
def day_tower_calendar(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """One row per day of the period (up to the last data) and place: rounds started that day there (0 when none)."""
    start, end = shown_bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    places = list(v.towers) if v.towers else list(schema.LOCATIONS)
    grid = pd.MultiIndex.from_product([days, places], names=["date", "location"])
    # Counted per cell of the grid (day x distinct place) by codes; rows on a day or place outside it are left
    # out, as reindexing a groupby by date and location to the grid leaves them out.
    uniq = list(dict.fromkeys(places))
    n = len(uniq)
    rows = round_location_rows(c, v, conf)
    date, dates, place, names = round_location_codes(c)
    day_of = _at(days.get_indexer(dates))[date[rows]]
    place_of = _at(pd.Index(uniq, dtype=object).get_indexer(names.astype(object)))[place[rows]]
    keep = (day_of >= 0) & (place_of >= 0)
    cell = (day_of * n + place_of)[keep]
    rl = c.round_locations
    size = len(days) * n
    rounds = distinct_per(cell, rl["row"].to_numpy()[rows][keep], size)  # distinct rounds per cell
    # sums by groupby on the codes: the same (compensated) summation, in the same row order, as by the columns
    hours = {col: pd.Series(rl[col].to_numpy()[rows][keep]).groupby(cell).sum().reindex(range(size), fill_value=0)
             .to_numpy() for col in ("hours", "coach_hours")}
    at = (np.arange(len(days))[:, None] * n + np.array([uniq.index(p) for p in places])[None, :]).ravel()
    out = pd.DataFrame({"rounds": rounds[at], "hours": hours["hours"][at], "coach_hours": hours["coach_hours"][at]},
                       index=grid).reset_index()
    out["rounds"] = out["rounds"].astype(int)
    return out


def _sunset(day: dt.date, lat: float, lon: float) -> dt.datetime:
    return _sunset_cached(day, round(lat, 4), round(lon, 4))


@lru_cache(maxsize=2048)
def _sunset_cached(day: dt.date, lat: float, lon: float) -> dt.datetime:
    from astral import LocationInfo
    from astral.sun import sunset

    loc = LocationInfo("K-buurt", "Nederland", "Europe/Amsterdam", lat, lon)
    return sunset(loc.observer, date=day, tzinfo="Europe/Amsterdam").replace(tzinfo=None)


@kept
def sunsets(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Sunset (Amsterdam wall time, hours after midnight) for each day of the period up to the last data."""
    start, end = shown_bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    hours = [(_sunset(d.date(), conf.latitude, conf.longitude) - d.to_pydatetime()).total_seconds() / 3600
             for d in days]
    return pd.DataFrame({"date": days, "sunset_hour": hours})


@kept
def round_spans(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """One row per round in the view: date (the day it started), start_hour and end_hour as hours after that
    midnight (end past 24 when the round went past midnight), the places (view's places only) and coaches.
    Columns: row, date, start_hour, end_hour, hours, places (list), n_coaches."""
    r = rounds_in(c, v, conf)
    start_h = (r["start"] - r["date"]).dt.total_seconds() / 3600
    # Without a place filter the rounds' own lists (as signals_in's rows share theirs): a new list per round costs
    # more than it seems, as every 700 new objects set off the garbage collector over the whole Clean.
    towers = v.towers
    places = pd.Series([[x for x in locs if x in towers] for locs in r["locations"]], index=r.index, dtype=object) \
        if towers else r["locations"]
    return pd.DataFrame({"row": r["row"], "date": r["date"], "start_hour": start_h, "end_hour": start_h + r["hours"],
                         "hours": r["hours"], "places": places, "n_coaches": r["n_coaches"]}) \
        .sort_values(["date", "start_hour"]).reset_index(drop=True)


@kept
def office_days(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """The weekdays of the period with office hours as hours after midnight (start, end): the hours the coaches
    do not walk. Public holidays are not taken out (settings have no holiday list)."""
    start, end = shown_bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    days = days[days.dayofweek < 5]
    o_s, o_e = conf.hours("office_start"), conf.hours("office_end")
    return pd.DataFrame({"date": days, "start_hour": o_s.hour + o_s.minute / 60,
                         "end_hour": o_e.hour + o_e.minute / 60})


@kept
def outside_office_share(c: Clean, v: View, conf: Settings) -> float:
    """Share of coach hours walked outside office hours (weekdays 09:00-17:00), 0..1."""
    r = rounds_in(c, v, conf)
    if r.empty:
        return 0.0
    o_start = conf.hours("office_start").hour + conf.hours("office_start").minute / 60
    o_end = conf.hours("office_end").hour + conf.hours("office_end").minute / 60
    s = (r["start"] - r["date"]).dt.total_seconds() / 3600
    e = s + r["hours"]
    inside = (np.minimum(e, o_end) - np.maximum(s, o_start)).clip(lower=0)
    weekday = r["date"].dt.dayofweek < 5
    inside = inside.where(weekday, 0)
    return float(1 - (inside * r["n_coaches"]).sum() / r["coach_hours"].sum())


@kept
def evening_weekend_share(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place: share of the period's evenings, and of its weekend days, with at least one round there.

    An evening is covered by a round under way after the evening start (17:00) that day; a weekend day by any
    round on a Saturday or Sunday. Days after the last data are not counted (they have not happened yet).
    """
    start, end = bounds(c, v.month, conf)
    last = last_day(c)
    if pd.notna(last):
        end = min(end, last)
    days = pd.date_range(start, end, freq="D")
    places = list(v.towers) if v.towers else list(schema.LOCATIONS)
    weekend_days = days[days.dayofweek >= 5]
    date, dates, place, names = round_location_codes(c)
    rows = round_location_rows(c, v, conf)
    date, place = date[rows], place[rows]

    def covered(mask: np.ndarray, which: pd.DatetimeIndex) -> np.ndarray:
        """Per place code: distinct dates among the rows in mask that are one of `which`."""
        keep = mask & (place >= 0) & np.append(dates.isin(which), False)[date]
        return distinct_per(place[keep], date[keep], len(names))

    evening = _after_evening_start(c, rows, conf)
    ev = covered(evening, days)
    we = covered(np.ones(len(rows), dtype=bool), weekend_days)
    rows_out = []
    for p in places:
        at = names.get_loc(p) if p in names else None
        rows_out.append({
            "location": p,
            "evenings": len(days), "evenings_covered": int(ev[at]) if at is not None else 0,
            "weekend_days": len(weekend_days), "weekend_covered": int(we[at]) if at is not None else 0,
        })
    out = pd.DataFrame(rows_out)
    out["evening_share"] = out["evenings_covered"] / out["evenings"].replace(0, np.nan)
    out["weekend_share"] = out["weekend_covered"] / out["weekend_days"].replace(0, np.nan)
    return out


def _after_evening_start(c: Clean, rows: np.ndarray, conf: Settings) -> np.ndarray:
    """Per row of c.round_locations at these positions: the round was under way after the evening start that day
    (a blank end or date: not)."""
    eve = conf.hours("evening_start")
    rl = c.round_locations
    mark = rl["date"].to_numpy()[rows] + np.timedelta64(eve.hour * 60 + eve.minute, "m")
    return rl["end"].to_numpy()[rows] > mark


@kept
def gaps(c: Clean, v: View, conf: Settings, min_days: int = 3) -> pd.DataFrame:
    """Runs of at least `min_days` days in a row without a round, per place, inside the period up to the last data."""
    cal = day_tower_calendar(c, v, conf)
    last = last_day(c)
    if pd.notna(last):
        cal = cal[cal["date"] <= last]
    cal = cal.sort_values(["location", "date"])
    empty = cal["rounds"] == 0
    run_id = (empty != empty.groupby(cal["location"]).shift()).cumsum()
    runs = cal[empty].groupby([cal.loc[empty, "location"], run_id[empty]]).agg(
        start=("date", "min"), end=("date", "max"), days=("date", "size")).reset_index()
    runs = runs[runs["days"] >= min_days][["location", "start", "end", "days"]]
    order = {p: i for i, p in enumerate(schema.LOCATIONS)}
    runs = runs.assign(_o=runs["location"].map(order).fillna(len(order)))
    return runs.sort_values(["_o", "start"]).drop(columns="_o").reset_index(drop=True)


def place_order(partner: str = schema.FOUNDATION) -> list[str]:
    """The places in the order a partner reads them: the gemeente's public space first for the gemeente,
    the towers first (contract order) for everyone else."""
    if partner == "gemeente":
        return [schema.PUBLIC_SPACE, *schema.TOWERS]
    return list(schema.LOCATIONS)


def by_place(df: pd.DataFrame, partner: str = schema.FOUNDATION, col: str = "location") -> pd.DataFrame:
    """Rows sorted by place in the partner's order (stable: the order inside one place is kept)."""
    order = {p: i for i, p in enumerate(place_order(partner))}
    key = df[col].map(order).fillna(len(order))
    return df.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)


@kept
def evening_weekend_overall(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """Like evening_weekend_share, for the view's places together: evenings and weekend days of the period (up to
    the last data) with at least one round at any of them."""
    start, end = bounds(c, v.month, conf)
    last = last_day(c)
    if pd.notna(last):
        end = min(end, last)
    days = pd.date_range(start, end, freq="D")
    rows = round_location_rows(c, v, conf)
    date, dates, _, _ = round_location_codes(c)
    date = date[rows]
    ev_days = dates.take(distinct(date[_after_evening_start(c, rows, conf) & (date >= 0)]))
    weekend_days = days[days.dayofweek >= 5]
    evenings_covered = int(days.isin(ev_days).sum())
    weekend_covered = int(weekend_days.isin(dates.take(distinct(date[date >= 0]))).sum())
    return {
        "evenings": len(days), "evenings_covered": evenings_covered,
        "evening_share": evenings_covered / len(days) if len(days) else float("nan"),
        "weekend_days": len(weekend_days), "weekend_covered": weekend_covered,
        "weekend_share": weekend_covered / len(weekend_days) if len(weekend_days) else float("nan"),
    }


@kept
def cumulative_hours(c: Clean, conf: Settings) -> pd.DataFrame:
    """Coach hours walked, cumulated per day over the project, beside the straight line of the plan.

    Rounds walked before the plan's first day count in the first day's total; 'actual' stops at the last round."""
    start, end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    days = pd.date_range(start, end, freq="D")
    per_day = c.rounds.groupby("date")["coach_hours"].sum()
    first = min(start, per_day.index.min()) if len(per_day) else start
    per_day = per_day.reindex(pd.date_range(first, max(end, first), freq="D"), fill_value=0.0)
    last = c.rounds["date"].max()
    cum = per_day.cumsum().reindex(days)
    actual = cum.where(days <= last) if pd.notna(last) else cum * np.nan
    plan = conf.plan_coach_hours * np.arange(1, len(days) + 1) / len(days)
    return pd.DataFrame({"date": days, "actual": actual.to_numpy(), "plan": plan})
