"""Uren & vergoedingen: coach hours per week or month, the fee per coach against the volunteer allowance limits,
the payout list and the organisation hours with their cost."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import each, kept, month_of
from lib.metrics.budget import coach_rate, org_rate
from lib.metrics.periods import View, bounds, in_view, round_coaches_in, week_label
from lib.settings import Settings


@kept
def coach_hours_by(c: Clean, v: View, conf: Settings, freq: str = "W") -> pd.DataFrame:
    """Hours per coach per ISO week ('W') or month ('M'): columns coach, period, hours."""
    rc = round_coaches_in(c, v, conf)
    if rc.empty:
        return pd.DataFrame(columns=["coach", "period", "hours"])
    period = week_label(rc["date"]) if freq == "W" else month_of(rc["date"])
    out = rc.assign(period=period).groupby(["coach", "period"], as_index=False)["hours"].sum()
    return out.sort_values(["period", "coach"]).reset_index(drop=True)


def allowance_for(conf: Settings, year: int) -> dict[str, float]:
    """The volunteer allowance limits of a calendar year; a year not in settings takes the latest year before it
    (limits only change when the Belastingdienst publishes new ones), or the earliest year known."""
    table = conf.allowance
    earlier = [y for y in table if y <= year]
    return table[max(earlier)] if earlier else table[min(table)]


@kept
def _pseudonyms(c: Clean) -> dict[str, str]:
    from lib.people import pseudonyms

    return pseudonyms(c)


def _coach_keys(c: Clean, names: pd.Series) -> pd.DataFrame:
    """Roster facts per coach name: the comparison key, pseudonym (the same as on partner pages and in the report)
    and whether the coach is under 21 (False when not on the roster or not filled in)."""
    roster = c.roster.assign(key=each(c.roster["name"], schema.norm)).drop_duplicates("key").set_index("key")
    keys = each(names, schema.norm)
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
    rc = rc.assign(key=each(rc["coach"], schema.norm), month=month_of(rc["date"]), year=rc["date"].dt.year)
    out = rc.groupby(["key", "month", "year"], as_index=False).agg(coach=("coach", "first"), hours=("hours", "sum"))
    out["fee"] = out["hours"] * rate
    return out


@kept
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
    months["max_month"] = each(months["year"], lambda y: float(allowance_for(conf, int(y))["max_month"]))
    over_m = months[months["fee"] > months["max_month"]]
    per["months_over"] = per["key"].map(over_m.groupby("key")["month"].agg(list)).map(
        lambda x: sorted(x) if isinstance(x, list) else [])
    per["over_month"] = per["months_over"].map(len) > 0
    yf = year_fee.reset_index()
    yf = yf[yf["year"].isin(list(years))]
    yf["max_year"] = each(yf["year"], lambda y: float(allowance_for(conf, int(y))["max_year"]))
    over_y = yf[yf["fee"] > yf["max_year"]]
    per["years_over"] = per["key"].map(over_y.groupby("key")["year"].agg(lambda s: sorted(int(x) for x in s))).map(
        lambda x: x if isinstance(x, list) else [])
    per["over_year"] = per["years_over"].map(len) > 0
    return per[cols].sort_values("coach", key=lambda s: each(s, schema.norm)).reset_index(drop=True)


@kept
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
    lim = each(m["year"], lambda y: allowance_for(conf, int(y)))
    m["rate"] = rate
    m["max_hour"] = [lm["max_hour_under_21"] if u else lm["max_hour_21_plus"] for lm, u in zip(lim, m["under_21"])]
    m["max_hour"] = m["max_hour"].astype(float)
    m["max_month"] = lim.map(lambda lm: float(lm["max_month"]))
    m["max_year"] = lim.map(lambda lm: float(lm["max_year"]))
    m["over_hour"] = m["rate"] > m["max_hour"]
    m["over_month"] = m["fee"] > m["max_month"]
    m["over_year"] = m["year_fee"] > m["max_year"]
    m = m.assign(_k=each(m["coach"], schema.norm)).sort_values(["month", "_k"])
    return m[cols].reset_index(drop=True)


@kept
def org_hours_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """The organisation hours (tab Organisatie-uren) in the view's period; every place, as they are about none."""
    return c.org_hours[in_view(c.org_hours["date"], c, v, conf)]


@kept
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


@kept
def org_hours_table(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Organisation hours in the period, oldest first, with their cost (hours x the organisation rate).
    Columns: date, name, hours, cost, description. For the whole project every row counts, also the preparation
    written before the first round (recruiting, training), as it does in the budget."""
    o = (org_hours_in(c, v, conf) if v.month else c.org_hours).sort_values(["date", "row"])
    return pd.DataFrame({"date": o["date"], "name": o["name"], "hours": o["hours"].astype(float),
                         "cost": o["hours"].astype(float) * org_rate(c, conf),
                         "description": o["description"]}).reset_index(drop=True)


@kept
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


@kept
def org_hours_before(c: Clean, conf: Settings) -> float:
    """Organisation hours written before the project's first day (recruiting, training): they count for the
    budget but fall outside every month and the project period of the other figures."""
    start, _ = bounds(c, None, conf)
    return round(float(c.org_hours.loc[c.org_hours["date"] < start, "hours"].sum()), 2)
