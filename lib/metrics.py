"""Pure metrics over the clean frames: every number a page or the report shows comes from here (no Streamlit).

A `View` says which slice to count: a month ("2022-01") or the whole project, and optionally some towers and
categories. Functions take the Clean bundle (lib.clean.Clean) and a View and return frames or plain numbers.
"""
from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.settings import Settings


@dataclass(frozen=True)
class View:
    """A slice of the data: month 'YYYY-MM' or None for the whole project; empty tuples mean 'all'."""

    month: str | None = None
    towers: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    day: str | None = None  # 'YYYY-MM-DD' inside `month`: only that day (a link from the urgent-signal mail)


# --- kept results -------------------------------------------------------------------------------------------
# A page asks for the same slices and counts many times per rerun (and lib.data hands every rerun of the same read
# the same Clean object): each is computed once per Clean object and arguments, and kept as long as that object
# lives. Frames are handed out as shallow copies (copy-on-write: a caller adding a column changes only its copy).
_KEPT: dict[int, tuple[weakref.ref, dict]] = {}
_KEPT_LOCK = threading.Lock()
_MAX_KEPT = 512  # results per Clean object
F = TypeVar("F", bound=Callable[..., Any])


def _hand_out(value: Any) -> Any:
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, (dict, list)):
        return type(value)(value)
    return value


def _kept(fn: F) -> F:
    """Keep fn(c, *args)'s result per Clean object and (hashable) arguments; anything unhashable: computed."""
    @wraps(fn)
    def wrapper(c: Clean, *args: Any, **kwargs: Any) -> Any:
        # a Settings object is kept alive with the entry (its id is part of the key and must not be reused)
        keep = tuple(a for a in (*args, *kwargs.values()) if isinstance(a, Settings))
        try:
            key = (fn.__name__, tuple(id(a) if isinstance(a, Settings) else a for a in args),
                   tuple(sorted((k, id(a) if isinstance(a, Settings) else a) for k, a in kwargs.items())))
            hash(key)
        except TypeError:
            return fn(c, *args, **kwargs)
        with _KEPT_LOCK:
            entry = _KEPT.get(id(c))
            if entry is None or entry[0]() is not c:
                ident = id(c)
                entry = _KEPT[ident] = (weakref.ref(c, lambda _r, i=ident: _KEPT.pop(i, None)), {})
            found = entry[1].get(key)
        if found is not None:
            return _hand_out(found[0])
        value = fn(c, *args, **kwargs)
        with _KEPT_LOCK:
            if len(entry[1]) >= _MAX_KEPT:
                entry[1].clear()
            entry[1][key] = (value, keep)
        return _hand_out(value)

    return wrapper  # type: ignore[return-value]


def _each(s: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """s.map(fn), with fn called once per distinct value: a coach's name or a year repeats on thousands of rows.
    (A column with gaps is mapped cell by cell: None and NaN would count as one distinct value.)"""
    if len(s) < 64 or s.isna().any():
        return s.map(fn)
    codes, uniq = pd.factorize(s)
    return pd.Series(uniq).map(fn).take(codes).set_axis(s.index)


def _month_of(dates: pd.Series) -> pd.Series:
    """dates.dt.strftime('%Y-%m'), formatted once per distinct day."""
    if len(dates) < 64 or dates.isna().any():
        return dates.dt.strftime("%Y-%m")
    codes, uniq = pd.factorize(dates)
    return pd.Series(pd.DatetimeIndex(uniq).strftime("%Y-%m")).take(codes).set_axis(dates.index)


# --- periods ------------------------------------------------------------------------------------------------

@_kept
def months_with_data(c: Clean) -> list[str]:
    dates = pd.concat([c.rounds["date"], c.signals["date"]]).dropna()
    return sorted(_month_of(dates).unique().tolist())


@_kept
def latest_month(c: Clean) -> str | None:
    months = months_with_data(c)
    return months[-1] if months else None


def previous_month(month: str) -> str:
    p = pd.Period(month, freq="M") - 1
    return str(p)


@_kept
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


@_kept
def shown_bounds(c: Clean, month: str | None, conf: Settings) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period's days that have happened as far as the data knows: a day after the last round or signal is
    not a day without a round (the season ended, or it has not come yet), so day-by-day charts stop there."""
    start, end = bounds(c, month, conf)
    last = pd.concat([c.rounds["date"], c.signals["date"]]).max()
    if pd.notna(last) and last >= start:
        end = min(end, last)
    return start, end


def _in(dates: pd.Series, c: Clean, v: View, conf: Settings) -> pd.Series:
    start, end = bounds(c, v.month, conf)
    if v.day:
        start = end = pd.Timestamp(v.day)
    return (dates >= start) & (dates <= end)


@_kept
def rounds_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Clean rounds in the view's period that touched one of its towers."""
    r = c.rounds[_in(c.rounds["date"], c, v, conf)]
    if v.towers:
        # astype(bool): on an empty frame the mask would otherwise be taken as a list of column names
        r = r[r["locations"].map(lambda locs: any(x in v.towers for x in locs)).astype(bool)]
    return r


@_kept
def round_locations_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    r = c.round_locations[_in(c.round_locations["date"], c, v, conf)]
    return r[r["location"].isin(v.towers)] if v.towers else r


@_kept
def round_coaches_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    rows = rounds_in(c, v, conf)["row"]
    return c.round_coaches[c.round_coaches["row"].isin(rows)]


@_kept
def signals_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    s = c.signals[_in(c.signals["date"], c, v, conf)]
    if v.towers:
        s = s[s["location"].isin(v.towers)]
    if v.categories:
        s = s[s["category"].isin(v.categories)]
    return s


@_kept
def plan_hours(c: Clean, month: str | None, conf: Settings) -> float:
    """Planned coach hours in the period: the plan spread evenly over the plan's days."""
    p_start, p_end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    if month is None:
        return conf.plan_coach_hours
    start, end = bounds(c, month, conf)
    overlap = (min(end, p_end) - max(start, p_start)).days + 1
    total = (p_end - p_start).days + 1
    return conf.plan_coach_hours * max(overlap, 0) / total


# --- overview -----------------------------------------------------------------------------------------------

@_kept
def open_actions(c: Clean) -> pd.DataFrame:
    return c.actions[c.actions["status"] != "Afgerond"]


@_kept
def headline(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """The Overzicht figures for one view: coach hours, coaches active, rounds, signals, open actions, plan."""
    r = rounds_in(c, v, conf)
    rc = round_coaches_in(c, v, conf)
    return {
        "coach_hours": round(float(r["coach_hours"].sum()), 2),
        "round_hours": round(float(r["hours"].sum()), 2),
        "coaches": int(_each(rc["coach"], schema.norm).nunique()),
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


@_kept
def day_tower_calendar(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """One row per day of the period (up to the last data) and place: rounds started that day there (0 when none)."""
    start, end = shown_bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    places = list(v.towers) if v.towers else list(schema.LOCATIONS)
    rl = round_locations_in(c, v, conf)
    counts = rl.groupby(["date", "location"]).agg(rounds=("row", "nunique"), hours=("hours", "sum"),
                                                  coach_hours=("coach_hours", "sum"))
    grid = pd.MultiIndex.from_product([days, places], names=["date", "location"])
    out = counts.reindex(grid, fill_value=0).reset_index()
    out["rounds"] = out["rounds"].astype(int)
    return out


# --- hours and fees -----------------------------------------------------------------------------------------

@_kept
def coach_hours_by(c: Clean, v: View, conf: Settings, freq: str = "W") -> pd.DataFrame:
    """Hours per coach per ISO week ('W') or month ('M'): columns coach, period, hours."""
    rc = round_coaches_in(c, v, conf)
    if rc.empty:
        return pd.DataFrame(columns=["coach", "period", "hours"])
    if freq == "W":
        iso = rc["date"].dt.isocalendar()
        period = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    else:
        period = _month_of(rc["date"])
    out = rc.assign(period=period).groupby(["coach", "period"], as_index=False)["hours"].sum()
    return out.sort_values(["period", "coach"]).reset_index(drop=True)


def _line_rate(c: Clean, conf: Settings, kind: str, default: float) -> float:
    """Tarief of the first budget line of a kind; without a Tarief, Bedrag / Uren of that line; else the default."""
    b = c.budget[budget_line_kind(c.budget, conf) == kind]
    rate = b["rate"].dropna()
    rate = rate[rate > 0]
    if len(rate):
        return float(rate.iloc[0])
    derived = (b["amount"] / b["hours"].where(b["hours"] > 0)).dropna()
    return float(derived.iloc[0]) if len(derived) else default


def coach_rate(c: Clean, conf: Settings) -> float:
    """The fee per coach hour: Tarief on the budget's coach line (default 15)."""
    return _line_rate(c, conf, "coach", 15.0)


def org_rate(c: Clean, conf: Settings) -> float:
    """The rate per organisation hour: Tarief on the budget's organisation line (default 25)."""
    return _line_rate(c, conf, "org", 25.0)


def allowance_for(conf: Settings, year: int) -> dict[str, float]:
    """The volunteer allowance limits of a calendar year; a year not in settings takes the latest year before it
    (limits only change when the Belastingdienst publishes new ones), or the earliest year known."""
    table = conf.allowance
    earlier = [y for y in table if y <= year]
    return table[max(earlier)] if earlier else table[min(table)]


@_kept
def _pseudonyms(c: Clean) -> dict[str, str]:
    from lib.people import pseudonyms

    return pseudonyms(c)


def _coach_keys(c: Clean, names: pd.Series) -> pd.DataFrame:
    """Roster facts per coach name: the comparison key, pseudonym (the same as on partner pages and in the report)
    and whether the coach is under 21 (False when not on the roster or not filled in)."""
    roster = c.roster.assign(key=_each(c.roster["name"], schema.norm)).drop_duplicates("key").set_index("key")
    keys = _each(names, schema.norm)
    under = keys.map(roster["under_21"]).astype(object)
    return pd.DataFrame({
        "key": keys,
        "pseudonym": keys.map(_pseudonyms(c)).fillna("Coach"),
        "under_21": under.map(lambda x: bool(x) if isinstance(x, (bool, np.bool_)) else False),
    }, index=names.index)


def _coach_months(c: Clean, start: pd.Timestamp, end: pd.Timestamp, rate: float) -> pd.DataFrame:
    """Hours and fee per coach per calendar month, for all rounds (every place) between start and end."""
    rc = c.round_coaches[(c.round_coaches["date"] >= start) & (c.round_coaches["date"] <= end)]
    if rc.empty:
        return pd.DataFrame(columns=["key", "coach", "month", "year", "hours", "fee"])
    rc = rc.assign(key=_each(rc["coach"], schema.norm), month=_month_of(rc["date"]), year=rc["date"].dt.year)
    out = rc.groupby(["key", "month", "year"], as_index=False).agg(coach=("coach", "first"), hours=("hours", "sum"))
    out["fee"] = out["hours"] * rate
    return out


@_kept
def fees(c: Clean, v: View, conf: Settings, rate: float | None = None) -> pd.DataFrame:
    """Per coach who walked in the view's period: hours, fee = hours x rate, year totals and the limit checks.

    A fee is paid for every hour walked, so the view's towers do not narrow it: all rounds of the period count.
    The month limit holds per calendar month (each month of the period is checked against its year's limit);
    the year total counts from 1 January of the period's last year up to the end of the period, and every
    calendar year the period touches is checked (up to the period's end). A coach under 21 (tab Coaches) has the
    lower hourly limit. Columns: coach, pseudonym, under_21, hours, fee, year_hours, year_fee, max_hour,
    max_month, max_year, over_hour, over_month, over_year, months_over (list of 'YYYY-MM' whose fee passes the
    month limit), years_over (list of years whose total passes the year limit).
    """
    rate = coach_rate(c, conf) if rate is None else float(rate)
    start, end = bounds(c, v.month, conf)
    cols = ["coach", "pseudonym", "under_21", "hours", "fee", "year_hours", "year_fee", "max_hour", "max_month",
            "max_year", "over_hour", "over_month", "over_year", "months_over", "years_over"]
    months = _coach_months(c, start, end, rate)
    if months.empty:
        return pd.DataFrame(columns=cols)
    per = months.groupby("key", as_index=False).agg(coach=("coach", "first"), hours=("hours", "sum"))
    per["fee"] = per["hours"] * rate
    # Year totals: each calendar year the period touches, from 1 January up to the period's end.
    years = range(start.year, end.year + 1)
    year_rows = _coach_months(c, pd.Timestamp(start.year, 1, 1), end, rate)
    year_fee = year_rows.groupby(["key", "year"])["fee"].sum()
    last = end.year
    last_rows = year_rows[year_rows["year"] == last]
    per["year_hours"] = per["key"].map(last_rows.groupby("key")["hours"].sum()).fillna(0.0)
    per["year_fee"] = per["year_hours"] * rate
    limits = allowance_for(conf, last)
    facts = _coach_keys(c, per["coach"])
    per["pseudonym"] = facts["pseudonym"]
    per["under_21"] = facts["under_21"]
    per["max_hour"] = np.where(per["under_21"], limits["max_hour_under_21"], limits["max_hour_21_plus"]).astype(float)
    per["max_month"] = float(limits["max_month"])
    per["max_year"] = float(limits["max_year"])
    # The hourly limit of every year in the period applies; the strictest one that is passed is the one to show.
    hour_limits = {y: allowance_for(conf, y) for y in years}
    per["over_hour"] = [any(rate > (lim["max_hour_under_21"] if u else lim["max_hour_21_plus"])
                            for lim in hour_limits.values()) for u in per["under_21"]]
    months["max_month"] = _each(months["year"], lambda y: float(allowance_for(conf, int(y))["max_month"]))
    over_m = months[months["fee"] > months["max_month"]]
    per["months_over"] = per["key"].map(over_m.groupby("key")["month"].agg(list)).map(
        lambda x: sorted(x) if isinstance(x, list) else [])
    per["over_month"] = per["months_over"].map(len) > 0
    yf = year_fee.reset_index()
    yf = yf[yf["year"].isin(list(years))]
    yf["max_year"] = _each(yf["year"], lambda y: float(allowance_for(conf, int(y))["max_year"]))
    over_y = yf[yf["fee"] > yf["max_year"]]
    per["years_over"] = per["key"].map(over_y.groupby("key")["year"].agg(lambda s: sorted(int(x) for x in s))).map(
        lambda x: x if isinstance(x, list) else [])
    per["over_year"] = per["years_over"].map(len) > 0
    return per[cols].sort_values("coach", key=lambda s: _each(s, schema.norm)).reset_index(drop=True)


@_kept
def payout(c: Clean, v: View, conf: Settings, rate: float | None = None) -> pd.DataFrame:
    """The payout list: one row per coach per calendar month of the view's period (all places), with the fee and
    the limit checks of that month. year_fee is the coach's total from 1 January up to the end of that month.

    Columns: month, coach, pseudonym, under_21, hours, rate, fee, year_fee, max_hour, max_month, max_year,
    over_hour, over_month, over_year.
    """
    rate = coach_rate(c, conf) if rate is None else float(rate)
    start, end = bounds(c, v.month, conf)
    cols = ["month", "coach", "pseudonym", "under_21", "hours", "rate", "fee", "year_fee", "max_hour", "max_month",
            "max_year", "over_hour", "over_month", "over_year"]
    m = _coach_months(c, start, end, rate)
    if m.empty:
        return pd.DataFrame(columns=cols)
    allm = _coach_months(c, pd.Timestamp(start.year, 1, 1), end, rate).sort_values("month")
    allm["year_fee"] = allm.groupby(["key", "year"])["fee"].cumsum()
    m = m.merge(allm[["key", "month", "year_fee"]], on=["key", "month"], how="left")
    facts = _coach_keys(c, m["coach"])
    m["pseudonym"] = facts["pseudonym"]
    m["under_21"] = facts["under_21"]
    lim = _each(m["year"], lambda y: allowance_for(conf, int(y)))
    m["rate"] = rate
    m["max_hour"] = [lm["max_hour_under_21"] if u else lm["max_hour_21_plus"] for lm, u in zip(lim, m["under_21"])]
    m["max_hour"] = m["max_hour"].astype(float)
    m["max_month"] = lim.map(lambda lm: float(lm["max_month"]))
    m["max_year"] = lim.map(lambda lm: float(lm["max_year"]))
    m["over_hour"] = m["rate"] > m["max_hour"]
    m["over_month"] = m["fee"] > m["max_month"]
    m["over_year"] = m["year_fee"] > m["max_year"]
    m = m.assign(_k=_each(m["coach"], schema.norm)).sort_values(["month", "_k"])
    return m[cols].reset_index(drop=True)


@_kept
def org_hours_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    return c.org_hours[_in(c.org_hours["date"], c, v, conf)]


@_kept
def fee_summary(c: Clean, v: View, conf: Settings, rate: float | None = None) -> dict[str, float]:
    """The Uren page's headline for the view's period (all places, as the payout): coach hours, fees, coaches
    paid, how many pass the hour, month and year limits, and the organisation hours with their cost."""
    f = fees(c, v, conf, rate)
    org = org_hours_table(c, v, conf)
    return {
        "hours": float(f["hours"].sum()) if len(f) else 0.0,
        "fee": float(f["fee"].sum()) if len(f) else 0.0,
        "coaches": int(len(f)),
        "over_hour": int(f["over_hour"].sum()) if len(f) else 0,
        "over_month": int(f["over_month"].sum()) if len(f) else 0,
        "over_year": int(f["over_year"].sum()) if len(f) else 0,
        "org_hours": float(org["hours"].sum()),
        "org_cost": float(org["cost"].sum()),
    }


@_kept
def org_hours_table(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Organisation hours in the period, oldest first, with their cost (hours x the organisation rate).
    Columns: date, name, hours, cost, description. For the whole project every row counts, also the preparation
    written before the first round (recruiting, training), as it does in the budget."""
    o = (org_hours_in(c, v, conf) if v.month else c.org_hours).sort_values(["date", "row"])
    return pd.DataFrame({"date": o["date"], "name": o["name"], "hours": o["hours"].astype(float),
                         "cost": o["hours"].astype(float) * org_rate(c, conf),
                         "description": o["description"]}).reset_index(drop=True)


@_kept
def coach_hours_pivot(c: Clean, v: View, conf: Settings, freq: str = "W") -> pd.DataFrame:
    """coach_hours_by as a table: one row per coach (most hours first), one column per week or month (labels as
    coach_hours_by gives them), and a 'total' column. Empty when nobody walked."""
    long = coach_hours_by(c, v, conf, freq)
    if long.empty:
        return pd.DataFrame(columns=["coach", "total"])
    wide = long.pivot_table(index="coach", columns="period", values="hours", aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(sorted(wide.columns), axis=1)
    wide["total"] = wide.sum(axis=1)
    wide = wide.sort_values("total", ascending=False)
    wide.columns.name = None
    return wide.reset_index()


# --- coverage -----------------------------------------------------------------------------------------------

def _sunset(day: dt.date, lat: float, lon: float) -> dt.datetime:
    return _sunset_cached(day, round(lat, 4), round(lon, 4))


@lru_cache(maxsize=2048)
def _sunset_cached(day: dt.date, lat: float, lon: float) -> dt.datetime:
    from astral import LocationInfo
    from astral.sun import sunset

    loc = LocationInfo("K-buurt", "Nederland", "Europe/Amsterdam", lat, lon)
    return sunset(loc.observer, date=day, tzinfo="Europe/Amsterdam").replace(tzinfo=None)


@_kept
def sunsets(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Sunset (Amsterdam wall time, hours after midnight) for each day of the period up to the last data."""
    start, end = shown_bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    hours = [(_sunset(d.date(), conf.latitude, conf.longitude) - d.to_pydatetime()).total_seconds() / 3600
             for d in days]
    return pd.DataFrame({"date": days, "sunset_hour": hours})


@_kept
def round_times(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per round-place: the date, start and end as hours after midnight (end past 24 when past midnight)."""
    rl = round_locations_in(c, v, conf)
    start_h = (rl["start"] - rl["date"]).dt.total_seconds() / 3600
    return pd.DataFrame({"date": rl["date"], "location": rl["location"], "start_hour": start_h,
                         "end_hour": start_h + rl["hours"], "row": rl["row"]}).reset_index(drop=True)


@_kept
def round_spans(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """One row per round in the view: date (the day it started), start_hour and end_hour as hours after that
    midnight (end past 24 when the round went past midnight), the places (view's places only) and coaches.
    Columns: row, date, start_hour, end_hour, hours, places (list), n_coaches."""
    r = rounds_in(c, v, conf)
    start_h = (r["start"] - r["date"]).dt.total_seconds() / 3600
    places = r["locations"].map(lambda locs: [x for x in locs if not v.towers or x in v.towers])
    return pd.DataFrame({"row": r["row"], "date": r["date"], "start_hour": start_h, "end_hour": start_h + r["hours"],
                         "hours": r["hours"], "places": places, "n_coaches": r["n_coaches"]}) \
        .sort_values(["date", "start_hour"]).reset_index(drop=True)


@_kept
def office_days(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """The weekdays of the period with office hours as hours after midnight (start, end): the hours the coaches
    do not walk. Public holidays are not taken out (settings have no holiday list)."""
    start, end = shown_bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    days = days[days.dayofweek < 5]
    o_s, o_e = conf.hours("office_start"), conf.hours("office_end")
    return pd.DataFrame({"date": days, "start_hour": o_s.hour + o_s.minute / 60,
                         "end_hour": o_e.hour + o_e.minute / 60})


@_kept
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


@_kept
def evening_weekend_share(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place: share of the period's evenings, and of its weekend days, with at least one round there.

    An evening is covered by a round under way after the evening start (17:00) that day; a weekend day by any
    round on a Saturday or Sunday. Days after the last data are not counted (they have not happened yet).
    """
    start, end = bounds(c, v.month, conf)
    last = pd.concat([c.rounds["date"], c.signals["date"]]).max()
    if pd.notna(last):
        end = min(end, last)
    days = pd.date_range(start, end, freq="D")
    places = list(v.towers) if v.towers else list(schema.LOCATIONS)
    rl = round_locations_in(c, v, conf)
    eve = conf.hours("evening_start")
    evening_mark = rl["date"] + pd.Timedelta(hours=eve.hour, minutes=eve.minute)
    ev = rl[rl["end"] > evening_mark]
    weekend_days = days[days.dayofweek >= 5]
    rows = []
    for p in places:
        ev_days = ev.loc[ev["location"] == p, "date"].unique()
        we_days = rl.loc[(rl["location"] == p) & (rl["date"].dt.dayofweek >= 5), "date"].unique()
        rows.append({
            "location": p,
            "evenings": len(days), "evenings_covered": int(pd.Index(ev_days).isin(days).sum()),
            "weekend_days": len(weekend_days), "weekend_covered": int(pd.Index(we_days).isin(weekend_days).sum()),
        })
    out = pd.DataFrame(rows)
    out["evening_share"] = out["evenings_covered"] / out["evenings"].replace(0, np.nan)
    out["weekend_share"] = out["weekend_covered"] / out["weekend_days"].replace(0, np.nan)
    return out


@_kept
def gaps(c: Clean, v: View, conf: Settings, min_days: int = 3) -> pd.DataFrame:
    """Runs of at least `min_days` days in a row without a round, per place, inside the period up to the last data."""
    cal = day_tower_calendar(c, v, conf)
    last = pd.concat([c.rounds["date"], c.signals["date"]]).max()
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


def place_order(partner: str = "stichting") -> list[str]:
    """The places in the order a partner reads them: the gemeente's public space first for the gemeente,
    the towers first (contract order) for everyone else."""
    if partner == "gemeente":
        return [schema.PUBLIC_SPACE, *schema.TOWERS]
    return list(schema.LOCATIONS)


def by_place(df: pd.DataFrame, partner: str = "stichting", col: str = "location") -> pd.DataFrame:
    """Rows sorted by place in the partner's order (stable: the order inside one place is kept)."""
    order = {p: i for i, p in enumerate(place_order(partner))}
    key = df[col].map(order).fillna(len(order))
    return df.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)


@_kept
def evening_weekend_overall(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """Like evening_weekend_share, for the view's places together: evenings and weekend days of the period (up to
    the last data) with at least one round at any of them."""
    start, end = bounds(c, v.month, conf)
    last = pd.concat([c.rounds["date"], c.signals["date"]]).max()
    if pd.notna(last):
        end = min(end, last)
    days = pd.date_range(start, end, freq="D")
    rl = round_locations_in(c, v, conf)
    eve = conf.hours("evening_start")
    ev_days = rl.loc[rl["end"] > rl["date"] + pd.Timedelta(hours=eve.hour, minutes=eve.minute), "date"].unique()
    weekend_days = days[days.dayofweek >= 5]
    evenings_covered = int(days.isin(ev_days).sum())
    weekend_covered = int(weekend_days.isin(rl["date"].unique()).sum())
    return {
        "evenings": len(days), "evenings_covered": evenings_covered,
        "evening_share": evenings_covered / len(days) if len(days) else float("nan"),
        "weekend_days": len(weekend_days), "weekend_covered": weekend_covered,
        "weekend_share": weekend_covered / len(weekend_days) if len(weekend_days) else float("nan"),
    }


@_kept
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


# --- signals ------------------------------------------------------------------------------------------------

NO_KIND = "(geen soort)"
NOT_FILLED = "(niet ingevuld)"
UNKNOWN_FLOOR = "(onbekend)"
# Building order, bottom to top, then the answers that are not a floor.
FLOOR_ORDER = (*schema.FLOORS, UNKNOWN_FLOOR)
PARTNER_PASSED_TO = {"dekey": "Beheerder De Key", "gemeente": "Gemeente (Signalen/MOR)"}
URGENT_LEVELS = ("Hoog", "Spoed (112 gebeld)")


def week_label(dates: pd.Series) -> pd.Series:
    iso = dates.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)


@_kept
def weeks(c: Clean, v: View, conf: Settings) -> list[str]:
    """Every ISO week that has a day in the view's period (up to the last data), in order: a chart's axis."""
    start, end = bounds(c, v.month, conf)
    last = pd.concat([c.rounds["date"], c.signals["date"]]).max()
    if pd.notna(last) and start <= last < end:
        end = last
    return list(dict.fromkeys(week_label(pd.Series(pd.date_range(start, end, freq="D")))))


def kind_group(kind: str) -> str:
    """A ticked kind as counted in charts: one of the form's options, or 'Anders' for a free text."""
    return kind if kind in schema.KINDS else schema.OTHER


def _exploded(s: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per kind or per 'passed to' answer (a signal with two counts twice); other columns unchanged."""
    if by == "kind":
        s = s.explode("kinds").rename(columns={"kinds": "kind"})
        s = s[s["kind"].notna() & (s["kind"] != "")]
        return s.assign(kind=_each(s["kind"], kind_group))
    if by == "passed_to":
        s = s.explode("passed_to")
        return s.assign(passed_to=s["passed_to"].where(s["passed_to"].notna() & (s["passed_to"] != ""), NOT_FILLED))
    return s


@_kept
def signals_per_week(c: Clean, v: View, conf: Settings, by: str = "category") -> pd.DataFrame:
    """Signals per ISO week and category, location, kind or passed_to (kind: one count per kind ticked, free texts
    as 'Anders', signals without a kind not counted; passed_to: one count per desk, '(niet ingevuld)' when none)."""
    s = _exploded(signals_in(c, v, conf), by)
    if s.empty:
        return pd.DataFrame(columns=["week", by, "signals"])
    out = (s.assign(week=week_label(s["date"])).groupby(["week", by], as_index=False)
           .size().rename(columns={"size": "signals"}))
    return out.sort_values(["week", by]).reset_index(drop=True)


@_kept
def signals_by(c: Clean, v: View, conf: Settings, cols: list[str]) -> pd.DataFrame:
    """Signal counts grouped by any of: location, category, kind, floor, spot, urgency, passed_to."""
    s = signals_in(c, v, conf)
    if "kind" in cols:
        s = s.explode("kinds").rename(columns={"kinds": "kind"})
        s["kind"] = s["kind"].fillna(NO_KIND)
    if "passed_to" in cols:
        s = s.explode("passed_to")
        s["passed_to"] = s["passed_to"].fillna(NOT_FILLED)
    if s.empty:
        return pd.DataFrame(columns=[*cols, "signals"])
    out = s.groupby(cols, as_index=False, dropna=False).size().rename(columns={"size": "signals"})
    return out.sort_values("signals", ascending=False).reset_index(drop=True)


@_kept
def kind_totals(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per kind (the form's options in form order, then 'Anders'): signals that ticked it, and whether the kind is
    about people (schema.PERSON_KINDS, masked for partners when small). Kinds with no signal are left out."""
    s = _exploded(signals_in(c, v, conf), "kind")
    counts = s.groupby("kind").size()
    order = [k for k in (*schema.KINDS, schema.OTHER) if counts.get(k, 0) > 0]
    return pd.DataFrame({"kind": order, "signals": [int(counts[k]) for k in order],
                         "person": [k in schema.PERSON_KINDS for k in order]})


@_kept
def signals_per_place(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place (every tower and the public space, contract order): signals, urgent ones, one column per category,
    and whether the place is in the view (a place filtered out shows 0 and selected False)."""
    s = signals_in(c, v, conf)
    places = list(schema.LOCATIONS)
    out = pd.DataFrame({"location": places})
    out["signals"] = out["location"].map(s.groupby("location").size()).fillna(0).astype(int)
    urgent = s[s["urgency"].isin(URGENT_LEVELS)].groupby("location").size()
    out["urgent"] = out["location"].map(urgent).fillna(0).astype(int)
    per_cat = s.groupby(["location", "category"]).size()
    for cat in schema.CATEGORIES:
        out[cat] = [int(per_cat.get((p, cat), 0)) for p in places]
    out["selected"] = out["location"].isin(v.towers) if v.towers else True
    return out


def floor_rank(floor: str) -> int:
    """Position of a floor in building order (Kelder first, Dak, then n.v.t. and unknown); other texts last."""
    return FLOOR_ORDER.index(floor) if floor in FLOOR_ORDER else len(FLOOR_ORDER)


@_kept
def floor_spot(c: Clean, v: View, conf: Settings, tower: str) -> pd.DataFrame:
    """Signals per floor and spot in one tower, floors in building order (bottom to top), spots in form order.
    A blank floor or spot counts as '(onbekend)'; an answer outside the list is kept as written, after the rest."""
    s = signals_in(c, v, conf)
    s = s[s["location"] == tower]
    if s.empty:
        return pd.DataFrame(columns=["floor", "spot", "signals"])
    out = s.assign(floor=s["floor"].replace("", UNKNOWN_FLOOR), spot=s["spot"].replace("", UNKNOWN_FLOOR)) \
        .groupby(["floor", "spot"], as_index=False).size().rename(columns={"size": "signals"})
    spot_order = {p: i for i, p in enumerate((*schema.SPOTS, UNKNOWN_FLOOR))}
    out = out.assign(_f=out["floor"].map(floor_rank), _s=out["spot"].map(spot_order).fillna(len(spot_order)))
    return out.sort_values(["_f", "floor", "_s", "spot"]).drop(columns=["_f", "_s"]).reset_index(drop=True)



@_kept
def urgent_signals(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    s = signals_in(c, v, conf)
    return s[s["urgency"].isin(URGENT_LEVELS)].sort_values("moment")


def search_signals(s: pd.DataFrame, query: str) -> pd.DataFrame:
    """The signals whose text holds every word of the query (case-insensitive): description, place, floor, spot,
    category, kinds, passed to and urgency are searched. An empty query keeps all."""
    words = [w for w in str(query or "").casefold().split() if w]
    if not words or s.empty:
        return s
    hay = s["description"].astype(str)
    for col in ("location", "floor", "spot", "category", "urgency"):
        hay = hay + " " + s[col].astype(str)
    for col in ("kinds", "passed_to"):
        hay = hay + " " + s[col].map(lambda v: " ".join(v) if isinstance(v, list) else "")
    hay = hay.str.casefold()
    keep = pd.Series(True, index=s.index)
    for w in words:
        keep &= hay.str.contains(w, regex=False)
    return s[keep]


@_kept
def signals_list(c: Clean, v: View, conf: Settings, query: str = "") -> pd.DataFrame:
    """The view's signals matching the search, newest first, for the table of descriptions."""
    s = search_signals(signals_in(c, v, conf), query)
    return s.sort_values(["moment", "row"], ascending=[False, False]).reset_index(drop=True)


@_kept
def signal_focus(c: Clean, v: View, conf: Settings) -> dict[str, int]:
    """The counts each partner looks for first: all signals, inside the towers, in the public space, urgent,
    passed to De Key, passed to the gemeente, and not passed on (nothing ticked or 'Niet doorgezet')."""
    s = signals_in(c, v, conf)
    passed = s["passed_to"].map(lambda x: x if isinstance(x, list) else [])
    not_passed = passed.map(lambda x: not [p for p in x if p != "Niet doorgezet"])
    return {
        "total": int(len(s)),
        "towers": int((s["location"] != schema.PUBLIC_SPACE).sum()),
        "public_space": int((s["location"] == schema.PUBLIC_SPACE).sum()),
        "urgent": int(s["urgency"].isin(URGENT_LEVELS).sum()),
        "to_dekey": int(passed.map(lambda x: PARTNER_PASSED_TO["dekey"] in x).sum()),
        "to_gemeente": int(passed.map(lambda x: PARTNER_PASSED_TO["gemeente"] in x).sum()),
        "not_passed": int(not_passed.sum()),
    }


def passed_to_order(partner: str = "stichting") -> list[str]:
    """The desks in the order a partner reads them: its own desk first, then the form's order."""
    own = PARTNER_PASSED_TO.get(partner)
    return ([own] if own else []) + [p for p in schema.PASSED_TO if p != own]


@_kept
def passed_to_totals(c: Clean, v: View, conf: Settings, partner: str = "stichting") -> pd.DataFrame:
    """Per desk a signal was passed to (every option, the partner's own first; then answers outside the list and
    '(niet ingevuld)' when there are any): signals, and their share of the view's signals (a signal passed to two
    desks counts at both, so shares can add up to more than 1)."""
    s = signals_in(c, v, conf)
    counts = _exploded(s, "passed_to").groupby("passed_to").size()
    order = passed_to_order(partner)
    extra = sorted(x for x in counts.index if x not in order and x != NOT_FILLED)
    order += extra + ([NOT_FILLED] if NOT_FILLED in counts.index else [])
    n = [int(counts.get(p, 0)) for p in order]
    return pd.DataFrame({"passed_to": order, "signals": n,
                         "share": [x / len(s) if len(s) else np.nan for x in n]})


# --- follow-up ----------------------------------------------------------------------------------------------

@_kept
def actions_status(c: Clean, today: dt.date) -> pd.DataFrame:
    """Actions with days open (until done: today) and an overdue flag (deadline passed, not done)."""
    a = c.actions.copy()
    t = pd.Timestamp(today)
    done = a["status"] == "Afgerond"
    a["days_open"] = (t - a["meeting_date"]).dt.days.where(~done)
    a["overdue"] = ~done & a["deadline"].notna() & (a["deadline"] < t)
    return a.sort_values(["overdue", "deadline"], ascending=[False, True]).reset_index(drop=True)


NO_OWNER = "(geen eigenaar)"
PARTNER_OWNER = {"dekey": "De Key", "gemeente": "Gemeente"}


def as_of(c: Clean, v: View, conf: Settings, today: dt.date) -> tuple[pd.Timestamp, bool]:
    """The date days open and overdue are counted against: today, or the end of the period when that is past
    (a past month, or a past season such as the demo's, would otherwise show everything as long overdue).
    Returns the date and whether it is today."""
    _, end = bounds(c, v.month, conf)
    t = pd.Timestamp(today)
    return (t, True) if t <= end else (end, False)


def owner_order(partner: str = "stichting") -> list[str]:
    """Owners in the order a partner reads them: its own first, then the contract's order, then no owner."""
    own = PARTNER_OWNER.get(partner)
    return ([own] if own else []) + [o for o in schema.OWNERS if o != own]


def _moment_key(ts: pd.Series) -> pd.Series:
    """Timestamps to the second: a Tijdstempel copied into Acties.Melding matches whatever shape it came in."""
    return ts.dt.round("s")


@_kept
def actions_view(c: Clean, v: View, conf: Settings, today: dt.date, partner: str = "stichting") -> pd.DataFrame:
    """The actions as the meeting walks through them, counted against as_of():

    - actions agreed in a meeting up to that date; status as it is in the sheet now;
    - linked to their signal (Acties.Melding = the signal's Tijdstempel): signal_found, signal_location,
      signal_category, signal_date, signal_description; with a place or category filter, actions linked to a signal
      elsewhere are left out (actions without a signal are about no single place and always stay);
    - done, days_open (not done: days since the meeting), overdue (not done, deadline before the date),
      days_overdue;
    - sorted by owner (the partner's own first; no owner last), overdue first, then open, then done, by deadline.
    """
    when, _ = as_of(c, v, conf, today)
    a = c.actions[c.actions["meeting_date"] <= when].copy()
    sig = c.signals.assign(_k=_moment_key(c.signals["timestamp"])).drop_duplicates("_k").set_index("_k")
    key = _moment_key(a["signal_ts"])
    linked = a["signal_ts"].notna()
    a["signal_found"] = linked & key.isin(sig.index)
    for col in ("location", "category", "date", "description"):
        a["signal_" + col] = key.map(sig[col]).where(a["signal_found"])
    if v.towers:
        a = a[~a["signal_found"] | a["signal_location"].isin(v.towers)]
    if v.categories:
        a = a[~a["signal_found"] | a["signal_category"].isin(v.categories)]
    a["done"] = a["status"] == "Afgerond"
    a["days_open"] = (when - a["meeting_date"]).dt.days.where(~a["done"]).astype("Int64")
    a["overdue"] = ~a["done"] & a["deadline"].notna() & (a["deadline"] < when)
    a["days_overdue"] = (when - a["deadline"]).dt.days.where(a["overdue"]).astype("Int64")
    a["owner"] = a["owner"].where(a["owner"] != "", NO_OWNER)
    order = {o: i for i, o in enumerate([*owner_order(partner), NO_OWNER])}
    a["_o"] = a["owner"].map(order).fillna(len(order) - 1.5)  # an owner outside the list: before 'no owner'
    a["_state"] = np.where(a["overdue"], 0, np.where(a["done"], 2, 1))
    a = a.sort_values(["_o", "owner", "_state", "deadline", "meeting_date", "row"], na_position="last")
    return a.drop(columns=["_o", "_state"]).reset_index(drop=True)


def actions_summary(a: pd.DataFrame) -> dict[str, int]:
    """Counts over actions_view: all, not done (Open or Loopt), overdue, done, not done without a deadline, and
    links to a signal that is not there (a typo in Acties.Melding, or the signal was rejected)."""
    return {
        "total": int(len(a)),
        "open": int((~a["done"]).sum()),
        "overdue": int(a["overdue"].sum()),
        "done": int(a["done"].sum()),
        "no_deadline": int((~a["done"] & a["deadline"].isna()).sum()),
        "link_missing": int((a["signal_ts"].notna() & ~a["signal_found"]).sum()),
    }


def actions_by_owner(a: pd.DataFrame) -> pd.DataFrame:
    """Per owner in actions_view order: actions, not done, overdue."""
    if a.empty:
        return pd.DataFrame(columns=["owner", "actions", "open", "overdue"])
    g = a.groupby("owner", sort=False).agg(actions=("row", "size"), open=("done", lambda d: int((~d).sum())),
                                           overdue=("overdue", "sum"))
    return g.reset_index().astype({"actions": int, "open": int, "overdue": int})


# --- data quality -------------------------------------------------------------------------------------------

@_kept
def quality_counts(c: Clean) -> pd.DataFrame:
    """Per tab (contract order): rows read, clean, rejected (rows = clean + rejected), warnings, and whether the
    tab was missing from the spreadsheet."""
    w = c.warnings.groupby("tab").size()
    rows = []
    for name in schema.TABS:
        n = c.counts.get(name, {"rows": 0, "clean": 0, "rejected": 0})
        rows.append({"tab": name, "rows": int(n["rows"]), "clean": int(n["clean"]), "rejected": int(n["rejected"]),
                     "warnings": int(w.get(name, 0)), "missing": name in c.missing_tabs})
    return pd.DataFrame(rows)


def _tab_rank(tabs: pd.Series) -> pd.Series:
    order = {t: i for i, t in enumerate(schema.TABS)}
    return tabs.map(order).fillna(len(order))


@_kept
def rejects_for(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every rejected row of the chosen tabs (all when empty): tab, row, reason, values; tab order, then row."""
    r = c.rejects[c.rejects["tab"].isin(tabs)] if tabs else c.rejects
    r = r.assign(_t=_tab_rank(r["tab"])).sort_values(["_t", "row"]).drop(columns="_t")
    return r.reset_index(drop=True)


@_kept
def reject_reasons(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per tab and reason: rejected rows (a row with two reasons counts under both), most first."""
    r = rejects_for(c, tabs)
    if r.empty:
        return pd.DataFrame(columns=["tab", "reason", "rows"])
    long = r.assign(reason=r["reason"].str.split("; ")).explode("reason")
    out = long.groupby(["tab", "reason"], as_index=False).size().rename(columns={"size": "rows"})
    return out.sort_values(["rows", "tab", "reason"], ascending=[False, True, True]).reset_index(drop=True)


@_kept
def warnings_for(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every warning of the chosen tabs: tab, row (empty: about the whole tab or column), column, message."""
    w = c.warnings[c.warnings["tab"].isin(tabs)] if tabs else c.warnings
    w = w.assign(_t=_tab_rank(w["tab"])).sort_values(["_t", "row"], na_position="first").drop(columns="_t")
    return w.reset_index(drop=True)


@_kept
def warning_kinds(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per tab and kind of warning (the message up to its first ':', so values typed by hand group together)."""
    w = warnings_for(c, tabs)
    if w.empty:
        return pd.DataFrame(columns=["tab", "kind", "warnings"])
    kind = w["message"].astype(str).str.split(":", n=1).str[0].str.strip()
    out = w.assign(kind=kind).groupby(["tab", "kind"], as_index=False).size().rename(columns={"size": "warnings"})
    return out.sort_values(["warnings", "tab", "kind"], ascending=[False, True, True]).reset_index(drop=True)


# --- budget -------------------------------------------------------------------------------------------------

def budget_line_kind(budget: pd.DataFrame, conf: Settings) -> pd.Series:
    """'coach', 'org' or 'other' for each budget line, by the words in settings."""
    name = budget["budget_line"].astype(str).str.casefold()
    coach = name.apply(lambda n: any(w in n for w in conf.coach_line_words))
    org = name.apply(lambda n: any(w in n for w in conf.org_line_words))
    return pd.Series(np.where(coach, "coach", np.where(org, "org", "other")), index=budget.index)


@_kept
def spending(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every euro spent as one row: date, budget_line, amount, paid_by, source ('coach' fees, 'org' hours or
    'cost' from tab Kosten)."""
    kinds = budget_line_kind(c.budget, conf)
    coach_line = c.budget.loc[kinds == "coach", "budget_line"]
    org_line = c.budget.loc[kinds == "org", "budget_line"]
    parts = [
        pd.DataFrame({"date": c.rounds["date"], "amount": c.rounds["coach_hours"] * coach_rate(c, conf),
                      "budget_line": coach_line.iloc[0] if len(coach_line) else "Rondes flatcoaches",
                      "paid_by": "", "source": "coach"}),
        pd.DataFrame({"date": c.org_hours["date"], "amount": c.org_hours["hours"] * org_rate(c, conf),
                      "budget_line": org_line.iloc[0] if len(org_line) else "Organisatie en begeleiding",
                      "paid_by": "", "source": "org"}),
    ]
    # Costs are booked on the budget line their Post names (case-insensitively); others stay as written.
    lines = {schema.norm(b): b for b in c.budget["budget_line"]}
    costs = c.costs.assign(budget_line=c.costs["budget_line"].map(lambda p: lines.get(schema.norm(p), p)),
                           source="cost")
    parts.append(costs[["date", "amount", "budget_line", "paid_by", "source"]])
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=["date", "amount", "budget_line", "paid_by", "source"])
    if until is not None:
        out = out[out["date"] <= until]
    return out


@_kept
def budget_status(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per budget line: budgeted, spent, remaining, share spent; lines only found in Kosten are added."""
    spent = spending(c, conf, until).groupby("budget_line")["amount"].sum()
    b = c.budget[["budget_line", "hours", "rate", "amount", "contrib_dekey", "contrib_gemeente"]].rename(
        columns={"amount": "budgeted"})
    extra = [x for x in spent.index if x not in set(b["budget_line"])]
    if extra:
        b = pd.concat([b, pd.DataFrame({"budget_line": extra})], ignore_index=True)
    b["spent"] = b["budget_line"].map(spent).fillna(0.0)
    b["remaining"] = b["budgeted"] - b["spent"]
    b["share_spent"] = b["spent"] / b["budgeted"].replace(0, np.nan)
    return b.reset_index(drop=True)


@_kept
def funder_split(c: Clean, conf: Settings) -> pd.DataFrame:
    """Per funder: budgeted contribution (Begroting) and costs paid (Kosten, column Betaald door)."""
    b = c.budget
    paid = c.costs.groupby("paid_by")["amount"].sum()
    total = float(b["amount"].sum())
    dekey, gem = float(b["contrib_dekey"].sum()), float(b["contrib_gemeente"].sum())
    known = bool(b["contrib_dekey"].notna().any() or b["contrib_gemeente"].notna().any())
    out = pd.DataFrame({
        "funder": list(schema.FUNDERS),
        "contribution": [dekey, gem, max(total - dekey - gem, 0.0)],
        "costs_paid": [float(paid.get(f, 0.0)) for f in schema.FUNDERS],
    })
    # 'known' is False while Begroting has no contributions at all (the published description blacks them out):
    # then the foundation's row is the whole budget only for want of figures, and the page says so.
    out["share"] = out["contribution"] / total if total else np.nan
    out["known"] = known
    return out


def funder_first(split: pd.DataFrame, partner: str) -> pd.DataFrame:
    """funder_split (or funder_status) with the partner's own row first: De Key for 'dekey', Gemeente for
    'gemeente'; the foundation's view keeps the usual order."""
    own = {"dekey": "De Key", "gemeente": "Gemeente"}.get(partner)
    if own is None:
        return split.reset_index(drop=True)
    return pd.concat([split[split["funder"] == own], split[split["funder"] != own]]).reset_index(drop=True)


@_kept
def budget_totals(c: Clean, conf: Settings, until: pd.Timestamp | None = None,
                  since: pd.Timestamp | None = None) -> dict[str, float]:
    """The budget in a few numbers: budgeted (lines with an amount), spent up to `until` (all spending, also on
    lines not in Begroting), remaining = budgeted - spent, the share spent, the forecast at the current pace to
    the plan's end (and its margin: budgeted - forecast), and spent_period: spent from `since` to `until`
    (NaN without `since`)."""
    b = budget_status(c, conf, until)
    budgeted = float(b["budgeted"].sum())
    spent = float(b["spent"].sum())
    forecast = forecast_total(c, conf)
    in_period = float("nan")
    if since is not None:
        sp = spending(c, conf, until)
        in_period = float(sp.loc[sp["date"] >= since, "amount"].sum())
    return {"budgeted": budgeted, "spent": spent, "remaining": budgeted - spent,
            "share_spent": spent / budgeted if budgeted else float("nan"),
            "forecast": forecast, "forecast_margin": budgeted - forecast, "spent_period": in_period,
            "unbudgeted_lines": int(b["budgeted"].isna().sum())}


@_kept
def burn_up(c: Clean, conf: Settings) -> pd.DataFrame:
    """Spending cumulated per day over the plan period, the plan's straight line to the budget total, and the
    forecast to the plan's end.

    'actual' runs up to the last round (spending before the plan's first day counts on that day). The forecast
    continues from there at the pace of the hours so far (coach fees and organisation hours per day since the
    start); costs from tab Kosten are one-off purchases, so they are not extrapolated: those dated after the last
    round are added on their own day.
    """
    start, end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    days = pd.date_range(start, end, freq="D")
    total = float(c.budget["amount"].sum())
    sp = spending(c, conf)
    per_day = sp.groupby("date")["amount"].sum()
    first = min(start, per_day.index.min()) if len(per_day) else start
    full = pd.date_range(first, max(end, per_day.index.max() if len(per_day) else end), freq="D")
    cum = per_day.reindex(full, fill_value=0.0).cumsum().reindex(days)
    last = c.rounds["date"].max()
    plan = total * np.arange(1, len(days) + 1) / len(days)
    forecast = pd.Series(np.nan, index=days)
    if pd.isna(last) or last < start:
        actual = cum * np.nan
    else:
        last = min(last, end)
        actual = cum.where(days <= last)
        hours = sp[(sp["source"] != "cost") & (sp["date"] <= last)]["amount"].sum()
        pace = float(hours) / ((last - start).days + 1)
        later_costs = sp[(sp["source"] == "cost") & (sp["date"] > last)].groupby("date")["amount"].sum()
        after = days[days >= last]
        extra = later_costs.reindex(after, fill_value=0.0).cumsum()
        forecast[after] = float(actual.loc[last]) + pace * np.arange(0, len(after)) + extra.to_numpy()
    return pd.DataFrame({"date": days, "actual": actual.to_numpy(), "plan": plan, "forecast": forecast.to_numpy()})


def forecast_total(c: Clean, conf: Settings) -> float:
    """What will have been spent at the end: by the plan's end at the pace so far, plus what is dated after the
    plan's end (rounds that ran on past it are spent all the same). Never below what is already spent."""
    b = burn_up(c, conf)
    f = b["forecast"].dropna()
    sp = spending(c, conf)
    spent = float(sp["amount"].sum())
    if not len(f):
        return spent
    after_plan = float(sp.loc[sp["date"] > pd.Timestamp(conf.plan_end), "amount"].sum())
    return max(float(f.iloc[-1]) + after_plan, spent)


def budget_period(c: Clean, conf: Settings) -> dict[str, object]:
    """Which days the budget figures cover. plan_start/plan_end: the plan; first/last: the first and last day with
    spending (None when none); before/after: spending falls before the plan's start / after its end. 'Spent' and
    the forecast then cover first..last, while the burn-up chart shows the plan's days (earlier spending counted on
    its first day)."""
    start, end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    dates = pd.to_datetime(spending(c, conf)["date"]).dropna()
    first, last = (dates.min(), dates.max()) if len(dates) else (None, None)
    return {"plan_start": start, "plan_end": end, "first": first, "last": last,
            "before": bool(len(dates) and first < start), "after": bool(len(dates) and last > end)}


# --- report -------------------------------------------------------------------------------------------------

URGENT = ("Hoog", "Spoed (112 gebeld)")


@_kept
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
    urgent = s[s["urgency"].isin(URGENT)].groupby("location").size()
    out["urgent"] = out["location"].map(urgent).fillna(0).astype(int)
    out[["rounds", "days"]] = out[["rounds", "days"]].astype(int)
    return out


@_kept
def coach_summary(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per coach who walked in the view: rounds, hours, the roster's pseudonym ('' when none) and whether the
    coach is on the roster. Sorted by hours, most first."""
    rc = round_coaches_in(c, v, conf)
    cols = ["coach", "pseudonym", "on_roster", "rounds", "hours"]
    if rc.empty:
        return pd.DataFrame(columns=cols)
    per = rc.groupby("coach", as_index=False).agg(rounds=("row", "nunique"), hours=("hours", "sum"))
    roster = c.roster.assign(key=_each(c.roster["name"], schema.norm)).drop_duplicates("key").set_index("key")
    keys = _each(per["coach"], schema.norm)
    per["on_roster"] = keys.isin(roster.index)
    per["pseudonym"] = keys.map(roster["pseudonym"]).fillna("").astype(str).str.strip()
    return per[cols].sort_values(["hours", "coach"], ascending=[False, True]).reset_index(drop=True)


@_kept
def monthly_summary(c: Clean, conf: Settings) -> pd.DataFrame:
    """One row per month with data: coach hours, plan hours, rounds, coaches, signals and organisation hours."""
    rows = []
    for m in months_with_data(c):
        h = headline(c, View(m), conf)
        rows.append({"month": m, **{k: h[k] for k in ("coach_hours", "plan_hours", "rounds", "coaches", "signals",
                                                        "org_hours")}})
    return pd.DataFrame(rows, columns=["month", "coach_hours", "plan_hours", "rounds", "coaches", "signals",
                                       "org_hours"])


@_kept
def period_actions(c: Clean, v: View, conf: Settings, today: dt.date) -> pd.DataFrame:
    """Follow-up actions that belong in the period's report: agreed in a meeting in the period, or agreed before
    and not done yet. Columns as actions_status (days_open, overdue), oldest meeting first."""
    start, end = bounds(c, v.month, conf)
    a = actions_status(c, today)
    keep = (a["meeting_date"] >= start) & (a["meeting_date"] <= end) | \
        ((a["meeting_date"] < start) & (a["status"] != "Afgerond"))
    return a[keep].sort_values(["meeting_date", "deadline"]).reset_index(drop=True)


@_kept
def period_budget(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """budget_status up to the end of the period, plus spent_period: what was spent inside the period itself."""
    start, end = bounds(c, v.month, conf)
    b = budget_status(c, conf, until=end)
    sp = spending(c, conf, until=end)
    in_period = sp[sp["date"] >= start].groupby("budget_line")["amount"].sum()
    b["spent_period"] = b["budget_line"].map(in_period).fillna(0.0)
    return b


@_kept
def funder_status(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """funder_split with the costs each funder paid counted up to `until` (Kosten, column Betaald door)."""
    out = funder_split(c, conf)
    costs = c.costs if until is None else c.costs[c.costs["date"] <= until]
    paid = costs.groupby("paid_by")["amount"].sum()
    out["costs_paid"] = out["funder"].map(paid).fillna(0.0)
    return out


@_kept
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


@_kept
def org_hours_before(c: Clean, conf: Settings) -> float:
    """Organisation hours written before the project's first day (recruiting, training): they count for the
    budget but fall outside every month and the project period of the other figures."""
    start, _ = bounds(c, None, conf)
    return round(float(c.org_hours.loc[c.org_hours["date"] < start, "hours"].sum()), 2)


# --- the monthly meeting ------------------------------------------------------------------------------------

def round_texts(c: Clean, v: View, conf: Settings, col: str) -> pd.DataFrame:
    """The view's rounds whose text `col` (obs_general, obs_round or incidents) is filled in, newest first."""
    r = rounds_in(c, v, conf)
    filled = r[col].fillna("").astype(str).str.strip() != ""
    return r[filled].sort_values(["date", "start"], ascending=False).reset_index(drop=True)


def meeting_followup(c: Clean, v: View, conf: Settings, meeting_date: dt.date,
                     partner: str = "stichting") -> pd.DataFrame:
    """actions_view on the day of a meeting, without the actions agreed in that meeting itself: what the meeting
    follows up (open, overdue and done per owner, counted against the meeting's date or the end of the view)."""
    a = actions_view(c, v, conf, meeting_date, partner)
    return a[a["meeting_date"] < pd.Timestamp(meeting_date)].reset_index(drop=True)


def meeting_actions(c: Clean, conf: Settings, meeting_date: dt.date, partner: str = "stichting") -> pd.DataFrame:
    """The actions agreed in the meeting of this date (Acties.Datum overleg), linked to their signal, in the
    order of actions_view."""
    a = actions_view(c, View(None), conf, meeting_date, partner)
    return a[a["meeting_date"] == pd.Timestamp(meeting_date)].reset_index(drop=True)


def meeting_on(c: Clean, meeting_date: dt.date) -> pd.Series | None:
    """The meeting row (tab Overleggen) of this date; the last one when the sheet has two. None when there is none."""
    m = c.meetings
    if m is None or m.empty or "date" not in m:
        return None
    hit = m[m["date"] == pd.Timestamp(meeting_date)]
    return None if hit.empty else hit.sort_values("row").iloc[-1]
