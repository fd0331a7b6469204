"""Which rows a figure counts: the View (a month or the whole project, some places and categories), a period's
first and last day, the months and the last day with data, the rounds, signals and round texts of a view, the plan's
hours for a period and the ISO week labels."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.clean import Clean
from lib.metrics.base import factor, kept, month_of
from lib.settings import Settings


@dataclass(frozen=True)
class View:
    """A slice of the data: month 'YYYY-MM' or None for the whole project; empty tuples mean 'all'."""

    month: str | None = None
    towers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    day: str | None = None  # 'YYYY-MM-DD' inside `month`: only that day (a link from the urgent-signal mail)


@kept
def months_with_data(c: Clean) -> list[str]:
    dates = pd.concat([c.rounds["date"], c.signals["date"]]).dropna()
    return sorted(month_of(dates).unique().tolist())


@kept
def latest_month(c: Clean) -> str | None:
    months = months_with_data(c)
    return months[-1] if months else None


def previous_month(month: str) -> str:
    """The month before, as 'YYYY-MM'.

    >>> previous_month("2022-01")
    '2021-12'
    """
    p = pd.Period(month, freq="M") - 1
    return str(p)


@kept
def bounds(c: Clean, month: str | None, conf: Settings) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day (inclusive) of the month, or of the project: the plan period widened to the data."""
    if month:
        p = pd.Period(month, freq="M")
        return p.start_time.normalize(), p.end_time.normalize()
    dates = pd.concat([c.rounds["date"], c.signals["date"]]).dropna()
    start = pd.Timestamp(conf.plan_start)
    end = pd.Timestamp(conf.plan_end)
    if len(dates):
        start, end = min(start, dates.min()), max(end, dates.max())
    return start, end


@kept
def last_day(c: Clean) -> pd.Timestamp:
    """The last day with a round or a signal (NaT when there is neither): the day the data knows up to. Days after
    it have not happened as far as the data knows, so day-by-day counts stop there."""
    return pd.concat([c.rounds["date"], c.signals["date"]]).max()


@kept
def shown_bounds(c: Clean, month: str | None, conf: Settings) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period's days that have happened as far as the data knows: a day after the last round or signal is
    not a day without a round (the season ended, or it has not come yet), so day-by-day charts stop there."""
    start, end = bounds(c, month, conf)
    last = last_day(c)
    if pd.notna(last) and last >= start:
        end = min(end, last)
    return start, end


def in_view(dates: pd.Series, c: Clean, v: View, conf: Settings) -> pd.Series:
    """True for the dates inside the view's period (or its one day)."""
    start, end = bounds(c, v.month, conf)
    if v.day:
        start = end = pd.Timestamp(v.day)
    return (dates >= start) & (dates <= end)


def rows_where(df: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    """df[mask], and df itself when the mask keeps every row (the whole project): the same frame, without taking
    every column (long texts among them) row by row into a copy."""
    return df if bool(mask.all()) else df[mask]


@kept
def rounds_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Clean rounds in the view's period that touched one of its towers."""
    r = rows_where(c.rounds, in_view(c.rounds["date"], c, v, conf))
    if v.towers:
        # dtype=bool: on an empty frame the mask would otherwise be taken as a list of column names
        towers = v.towers
        r = r[pd.Series([any(x in towers for x in locs) for locs in r["locations"]], index=r.index, dtype=bool)]
    return r


@kept
def round_location_rows(c: Clean, v: View, conf: Settings) -> np.ndarray:
    """Positions in c.round_locations of the view's rows, in order: the rows round_locations_in hands out (counts
    by codes per position need not copy the frame)."""
    rl = c.round_locations
    keep = in_view(rl["date"], c, v, conf)
    if v.towers:
        keep &= rl["location"].isin(v.towers)
    return np.flatnonzero(keep.to_numpy(dtype=bool))


@kept
def round_location_codes(c: Clean) -> tuple[np.ndarray, pd.DatetimeIndex, np.ndarray, pd.Index]:
    """c.round_locations' dates and places as codes, once per Clean: (date code per row, the distinct dates, place
    code per row, the sorted places); -1 for a blank. Grouping by codes instead of the date and text columns
    gives the same groups at a fraction of the cost (330k rows at 100k rounds)."""
    date, dates = pd.factorize(c.round_locations["date"])
    place, places = factor(c.round_locations["location"])
    return date, pd.DatetimeIndex(dates), place, places


@kept
def round_locations_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    rows = round_location_rows(c, v, conf)
    return c.round_locations if len(rows) == len(c.round_locations) else c.round_locations.iloc[rows]


@kept
def round_coach_rows(c: Clean, v: View, conf: Settings) -> np.ndarray:
    """Positions in c.round_coaches of the coach rows of the view's rounds, in order: the rows round_coaches_in
    hands out (for counts by codes per position)."""
    rows = rounds_in(c, v, conf)["row"]
    return np.flatnonzero(c.round_coaches["row"].isin(rows).to_numpy(dtype=bool))


@kept
def round_coaches_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    rows = round_coach_rows(c, v, conf)
    return c.round_coaches if len(rows) == len(c.round_coaches) else c.round_coaches.iloc[rows]


@kept
def signal_rows(c: Clean, v: View, conf: Settings) -> np.ndarray:
    """Positions in c.signals of the view's signals, in order: the rows signals_in hands out (counts by codes per
    position need not copy the signals, their texts among them)."""
    s = c.signals
    keep = in_view(s["date"], c, v, conf)
    if v.towers:
        keep &= s["location"].isin(v.towers)
    if v.categories:
        keep &= s["category"].isin(v.categories)
    return np.flatnonzero(keep.to_numpy(dtype=bool))


@kept
def signals_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    rows = signal_rows(c, v, conf)
    return c.signals if len(rows) == len(c.signals) else c.signals.iloc[rows]


@kept
def plan_hours(c: Clean, month: str | None, conf: Settings) -> float:
    """Planned coach hours in the period: the plan spread evenly over the plan's days."""
    p_start, p_end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    if month is None:
        return conf.plan_coach_hours
    start, end = bounds(c, month, conf)
    overlap = (min(end, p_end) - max(start, p_start)).days + 1
    total = (p_end - p_start).days + 1
    return conf.plan_coach_hours * max(overlap, 0) / total


def share_of_plan(hours: float, plan: float) -> float | None:
    """The share of the plan walked: hours / plan, None without a plan (a share of nothing is no 0%).

    >>> share_of_plan(30.0, 120.0)
    0.25
    >>> share_of_plan(12.5, 0.0) is None
    True
    """
    return hours / plan if plan else None


def week_label(dates: pd.Series) -> pd.Series:
    """The ISO week of each date as 'YYYY-Www': the ISO year, so the days around New Year fall in the right week.

    >>> week_label(pd.Series(pd.to_datetime(["2022-01-02", "2022-01-03"]))).tolist()
    ['2021-W52', '2022-W01']
    """
    if len(dates) < 64:
        return _week_labels(dates)
    # worked out once per distinct day: a column of signals or coach rows repeats a few hundred days
    codes, days = pd.factorize(dates, use_na_sentinel=False)
    return pd.Series(_week_labels(pd.Series(days)).array.take(codes), index=dates.index)


def _week_labels(dates: pd.Series) -> pd.Series:
    iso = dates.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)


@kept
def weeks(c: Clean, v: View, conf: Settings) -> list[str]:
    """Every ISO week that has a day in the view's period (up to the last data), in order: a chart's axis."""
    start, end = bounds(c, v.month, conf)
    last = last_day(c)
    if pd.notna(last) and start <= last < end:
        end = last
    return list(dict.fromkeys(week_label(pd.Series(pd.date_range(start, end, freq="D")))))


def round_texts(c: Clean, v: View, conf: Settings, col: str) -> pd.DataFrame:
    """The view's rounds whose text `col` (obs_general, obs_round or incidents) is filled in, newest first."""
    r = rounds_in(c, v, conf)
    filled = r[col].fillna("").astype(str).str.strip() != ""
    return r[filled].sort_values(["date", "start"], ascending=False).reset_index(drop=True)
