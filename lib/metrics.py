"""Pure metrics over the clean frames: every number a page or the report shows comes from here (no Streamlit).

A `View` says which slice to count: a month ("2022-01") or the whole project, and optionally some towers and
categories. Functions take the Clean bundle (lib.clean.Clean) and a View and return frames or plain numbers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

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


# --- periods ------------------------------------------------------------------------------------------------

def months_with_data(c: Clean) -> list[str]:
    dates = pd.concat([c.rounds["date"], c.signals["date"]]).dropna()
    return sorted(dates.dt.strftime("%Y-%m").unique().tolist())


def latest_month(c: Clean) -> str | None:
    months = months_with_data(c)
    return months[-1] if months else None


def previous_month(month: str) -> str:
    p = pd.Period(month, freq="M") - 1
    return str(p)


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


def _in(dates: pd.Series, c: Clean, v: View, conf: Settings) -> pd.Series:
    start, end = bounds(c, v.month, conf)
    return (dates >= start) & (dates <= end)


def rounds_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Clean rounds in the view's period that touched one of its towers."""
    r = c.rounds[_in(c.rounds["date"], c, v, conf)]
    if v.towers:
        r = r[r["locations"].map(lambda locs: any(x in v.towers for x in locs))]
    return r


def round_locations_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    r = c.round_locations[_in(c.round_locations["date"], c, v, conf)]
    return r[r["location"].isin(v.towers)] if v.towers else r


def round_coaches_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    rows = rounds_in(c, v, conf)["row"]
    return c.round_coaches[c.round_coaches["row"].isin(rows)]


def signals_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    s = c.signals[_in(c.signals["date"], c, v, conf)]
    if v.towers:
        s = s[s["location"].isin(v.towers)]
    if v.categories:
        s = s[s["category"].isin(v.categories)]
    return s


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

def open_actions(c: Clean) -> pd.DataFrame:
    return c.actions[c.actions["status"] != "Afgerond"]


def headline(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """The Overzicht figures for one view: coach hours, coaches active, rounds, signals, open actions, plan."""
    r = rounds_in(c, v, conf)
    rc = round_coaches_in(c, v, conf)
    return {
        "coach_hours": round(float(r["coach_hours"].sum()), 2),
        "round_hours": round(float(r["hours"].sum()), 2),
        "coaches": int(rc["coach"].map(schema.norm).nunique()),
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


def day_tower_calendar(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """One row per day of the period and place: rounds started that day there (0 when none)."""
    start, end = bounds(c, v.month, conf)
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

def coach_hours_by(c: Clean, v: View, conf: Settings, freq: str = "W") -> pd.DataFrame:
    """Hours per coach per ISO week ('W') or month ('M'): columns coach, period, hours."""
    rc = round_coaches_in(c, v, conf)
    if rc.empty:
        return pd.DataFrame(columns=["coach", "period", "hours"])
    if freq == "W":
        iso = rc["date"].dt.isocalendar()
        period = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    else:
        period = rc["date"].dt.strftime("%Y-%m")
    out = rc.assign(period=period).groupby(["coach", "period"], as_index=False)["hours"].sum()
    return out.sort_values(["period", "coach"]).reset_index(drop=True)


def coach_rate(c: Clean, conf: Settings) -> float:
    """The fee per coach hour: Tarief on the budget's coach line (default 15)."""
    line = budget_line_kind(c.budget, conf)
    rate = c.budget.loc[line == "coach", "rate"].dropna()
    return float(rate.iloc[0]) if len(rate) else 15.0


def org_rate(c: Clean, conf: Settings) -> float:
    line = budget_line_kind(c.budget, conf)
    rate = c.budget.loc[line == "org", "rate"].dropna()
    return float(rate.iloc[0]) if len(rate) else 25.0


def fees(c: Clean, v: View, conf: Settings, rate: float | None = None) -> pd.DataFrame:
    """Per coach for the view: hours, fee = hours x rate, the calendar year's totals to date, and limit checks.

    Limits come from settings (per year); a coach under 21 (tab Coaches) has the lower hourly limit.
    Columns: coach, pseudonym, under_21, hours, fee, year_hours, year_fee, max_hour, max_month, max_year,
    over_hour, over_month, over_year, months_over (months in the view whose fee passes the month limit).
    """
    rate = coach_rate(c, conf) if rate is None else rate
    rc = round_coaches_in(c, v, conf)
    start, end = bounds(c, v.month, conf)
    cols = ["coach", "pseudonym", "under_21", "hours", "fee", "year_hours", "year_fee", "max_hour", "max_month",
            "max_year", "over_hour", "over_month", "over_year"]
    if rc.empty:
        return pd.DataFrame(columns=cols)
    per = rc.groupby("coach", as_index=False)["hours"].sum()
    per["fee"] = per["hours"] * rate
    # Year totals count from 1 January of the period's last year up to the end of the period.
    year = end.year
    year_rows = c.round_coaches[(c.round_coaches["date"].dt.year == year) & (c.round_coaches["date"] <= end)]
    yh = year_rows.groupby("coach")["hours"].sum()
    per["year_hours"] = per["coach"].map(yh).fillna(0.0)
    per["year_fee"] = per["year_hours"] * rate
    # The month limit holds per calendar month: check each month in the view.
    monthly = rc.assign(m=rc["date"].dt.strftime("%Y-%m")).groupby(["coach", "m"])["hours"].sum() * rate
    limits = conf.allowance.get(year) or conf.allowance[max(conf.allowance)]
    roster = c.roster.assign(key=c.roster["name"].map(schema.norm)).drop_duplicates("key").set_index("key")
    keys = per["coach"].map(schema.norm)
    per["pseudonym"] = keys.map(roster["pseudonym"]).fillna("Onbekende coach")
    per["under_21"] = keys.map(roster["under_21"]).fillna(False).astype(bool)
    per["max_hour"] = np.where(per["under_21"], limits["max_hour_under_21"], limits["max_hour_21_plus"])
    per["max_month"] = float(limits["max_month"])
    per["max_year"] = float(limits["max_year"])
    per["over_hour"] = rate > per["max_hour"]
    max_month_fee = monthly.groupby(level=0).max()
    per["over_month"] = per["coach"].map(max_month_fee).fillna(0) > per["max_month"]
    per["over_year"] = per["year_fee"] > per["max_year"]
    return per[cols].sort_values("coach").reset_index(drop=True)


def org_hours_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    return c.org_hours[_in(c.org_hours["date"], c, v, conf)]


# --- coverage -----------------------------------------------------------------------------------------------

def _sunset(day: dt.date, lat: float, lon: float) -> dt.datetime:
    return _sunset_cached(day, round(lat, 4), round(lon, 4))


@lru_cache(maxsize=2048)
def _sunset_cached(day: dt.date, lat: float, lon: float) -> dt.datetime:
    from astral import LocationInfo
    from astral.sun import sunset

    loc = LocationInfo("K-buurt", "Nederland", "Europe/Amsterdam", lat, lon)
    return sunset(loc.observer, date=day, tzinfo="Europe/Amsterdam").replace(tzinfo=None)


def sunsets(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Sunset (Amsterdam wall time, hours after midnight) for each day of the period."""
    start, end = bounds(c, v.month, conf)
    days = pd.date_range(start, end, freq="D")
    hours = [(_sunset(d.date(), conf.latitude, conf.longitude) - d.to_pydatetime()).total_seconds() / 3600 for d in days]
    return pd.DataFrame({"date": days, "sunset_hour": hours})


def round_times(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per round-place: the date, start and end as hours after midnight (end past 24 when past midnight)."""
    rl = round_locations_in(c, v, conf)
    start_h = (rl["start"] - rl["date"]).dt.total_seconds() / 3600
    return pd.DataFrame({"date": rl["date"], "location": rl["location"], "start_hour": start_h,
                         "end_hour": start_h + rl["hours"], "row": rl["row"]}).reset_index(drop=True)


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
    return runs.sort_values(["location", "start"]).reset_index(drop=True)


def cumulative_hours(c: Clean, conf: Settings) -> pd.DataFrame:
    """Coach hours walked, cumulated per day over the project, beside the straight line of the plan."""
    start, end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    days = pd.date_range(start, end, freq="D")
    per_day = c.rounds.groupby("date")["coach_hours"].sum().reindex(days, fill_value=0.0)
    last = c.rounds["date"].max()
    actual = per_day.cumsum().where(days <= last) if pd.notna(last) else per_day * np.nan
    plan = conf.plan_coach_hours * np.arange(1, len(days) + 1) / len(days)
    return pd.DataFrame({"date": days, "actual": actual.to_numpy(), "plan": plan})


# --- signals ------------------------------------------------------------------------------------------------

def week_label(dates: pd.Series) -> pd.Series:
    iso = dates.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)


def signals_per_week(c: Clean, v: View, conf: Settings, by: str = "category") -> pd.DataFrame:
    """Signals per ISO week and category (or 'kind', one count per kind ticked)."""
    s = signals_in(c, v, conf)
    if by == "kind":
        s = s.explode("kinds").dropna(subset=["kinds"]).rename(columns={"kinds": "kind"})
    if s.empty:
        return pd.DataFrame(columns=["week", by, "signals"])
    return (s.assign(week=week_label(s["date"])).groupby(["week", by], as_index=False)
            .size().rename(columns={"size": "signals"}))


def signals_by(c: Clean, v: View, conf: Settings, cols: list[str]) -> pd.DataFrame:
    """Signal counts grouped by any of: location, category, kind, floor, spot, urgency, passed_to."""
    s = signals_in(c, v, conf)
    if "kind" in cols:
        s = s.explode("kinds").rename(columns={"kinds": "kind"})
        s["kind"] = s["kind"].fillna("(geen soort)")
    if "passed_to" in cols:
        s = s.explode("passed_to")
        s["passed_to"] = s["passed_to"].fillna("(niet ingevuld)")
    if s.empty:
        return pd.DataFrame(columns=[*cols, "signals"])
    out = s.groupby(cols, as_index=False, dropna=False).size().rename(columns={"size": "signals"})
    return out.sort_values("signals", ascending=False).reset_index(drop=True)


def floor_spot(c: Clean, v: View, conf: Settings, tower: str) -> pd.DataFrame:
    """Signals per floor and spot in one tower, floors in building order."""
    s = signals_in(c, v, conf)
    s = s[s["location"] == tower]
    if s.empty:
        return pd.DataFrame(columns=["floor", "spot", "signals"])
    out = s.assign(floor=s["floor"].replace("", "(onbekend)"), spot=s["spot"].replace("", "(onbekend)")) \
        .groupby(["floor", "spot"], as_index=False).size().rename(columns={"size": "signals"})
    return out


def urgent_signals(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    s = signals_in(c, v, conf)
    return s[s["urgency"].isin(["Hoog", "Spoed (112 gebeld)"])].sort_values("moment")


# --- follow-up ----------------------------------------------------------------------------------------------

def actions_status(c: Clean, today: dt.date) -> pd.DataFrame:
    """Actions with days open (until done: today) and an overdue flag (deadline passed, not done)."""
    a = c.actions.copy()
    t = pd.Timestamp(today)
    done = a["status"] == "Afgerond"
    a["days_open"] = (t - a["meeting_date"]).dt.days.where(~done)
    a["overdue"] = ~done & a["deadline"].notna() & (a["deadline"] < t)
    return a.sort_values(["overdue", "deadline"], ascending=[False, True]).reset_index(drop=True)


# --- budget -------------------------------------------------------------------------------------------------

def budget_line_kind(budget: pd.DataFrame, conf: Settings) -> pd.Series:
    """'coach', 'org' or 'other' for each budget line, by the words in settings."""
    name = budget["budget_line"].astype(str).str.casefold()
    coach = name.apply(lambda n: any(w in n for w in conf.coach_line_words))
    org = name.apply(lambda n: any(w in n for w in conf.org_line_words))
    return pd.Series(np.where(coach, "coach", np.where(org, "org", "other")), index=budget.index)


def spending(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every euro spent as one row: date, budget_line, amount, paid_by (coach fees, organisation hours, costs)."""
    kinds = budget_line_kind(c.budget, conf)
    coach_line = c.budget.loc[kinds == "coach", "budget_line"]
    org_line = c.budget.loc[kinds == "org", "budget_line"]
    parts = [
        pd.DataFrame({"date": c.rounds["date"], "amount": c.rounds["coach_hours"] * coach_rate(c, conf),
                      "budget_line": coach_line.iloc[0] if len(coach_line) else "Rondes flatcoaches",
                      "paid_by": ""}),
        pd.DataFrame({"date": c.org_hours["date"], "amount": c.org_hours["hours"] * org_rate(c, conf),
                      "budget_line": org_line.iloc[0] if len(org_line) else "Organisatie en begeleiding",
                      "paid_by": ""}),
    ]
    # Costs are booked on the budget line their Post names (case-insensitively); others stay as written.
    lines = {schema.norm(b): b for b in c.budget["budget_line"]}
    costs = c.costs.assign(budget_line=c.costs["budget_line"].map(lambda p: lines.get(schema.norm(p), p)))
    parts.append(costs[["date", "amount", "budget_line", "paid_by"]])
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=["date", "amount", "budget_line", "paid_by"])
    if until is not None:
        out = out[out["date"] <= until]
    return out


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


def funder_split(c: Clean, conf: Settings) -> pd.DataFrame:
    """Per funder: budgeted contribution (Begroting) and costs paid (Kosten, column Betaald door)."""
    b = c.budget
    paid = c.costs.groupby("paid_by")["amount"].sum()
    total = float(b["amount"].sum())
    dekey, gem = float(b["contrib_dekey"].sum()), float(b["contrib_gemeente"].sum())
    return pd.DataFrame({
        "funder": list(schema.FUNDERS),
        "contribution": [dekey, gem, max(total - dekey - gem, 0.0)],
        "costs_paid": [float(paid.get(f, 0.0)) for f in schema.FUNDERS],
    })


def burn_up(c: Clean, conf: Settings) -> pd.DataFrame:
    """Spending cumulated per day, the plan's straight line, and the forecast at the current pace to the end."""
    start, end = pd.Timestamp(conf.plan_start), pd.Timestamp(conf.plan_end)
    days = pd.date_range(start, end, freq="D")
    total = float(c.budget["amount"].sum())
    sp = spending(c, conf)
    per_day = sp.groupby("date")["amount"].sum()
    last = c.rounds["date"].max()
    cum = per_day.reindex(pd.date_range(min(start, per_day.index.min() if len(per_day) else start), end),
                          fill_value=0.0).cumsum().reindex(days)
    actual = cum.where(days <= last) if pd.notna(last) else cum * np.nan
    plan = total * np.arange(1, len(days) + 1) / len(days)
    forecast = pd.Series(np.nan, index=days)
    if pd.notna(last) and last >= start:
        elapsed = (last - start).days + 1
        pace = float(actual.loc[last]) / elapsed
        after = days >= last
        forecast[after] = float(actual.loc[last]) + pace * np.arange(0, after.sum())
    return pd.DataFrame({"date": days, "actual": actual.to_numpy(), "plan": plan, "forecast": forecast.to_numpy()})


def forecast_total(c: Clean, conf: Settings) -> float:
    """What will have been spent by the plan's end at the pace so far."""
    b = burn_up(c, conf)
    f = b["forecast"].dropna()
    return float(f.iloc[-1]) if len(f) else float(spending(c, conf)["amount"].sum())
