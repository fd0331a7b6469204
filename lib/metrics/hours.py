"""Uren & vergoedingen: coach hours per week or month, the fee per coach against the volunteer allowance limits,
the payout list and the organisation hours with their cost."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.clean import Clean
from lib.metrics.base import distinct, factor, kept, month_of
from lib.metrics.budget import coach_rate, org_rate
from lib.metrics.coaches import coach_rows, name_codes
from lib.metrics.periods import View, bounds, in_view, round_coach_rows, rows_where, week_label
from lib.settings import Settings


@kept
def _period_codes(c: Clean, freq: str) -> tuple[np.ndarray, pd.Index]:
    """Each coach row's ISO week ('W') or month ('M') as a code among the sorted labels, once per Clean."""
    return factor(c.round_coaches["date"], week_label if freq == "W" else month_of)


@kept
def coach_hours_by(c: Clean, v: View, conf: Settings, freq: str = "W") -> pd.DataFrame:
    """Hours per coach per ISO week ('W') or month ('M'): columns coach, period, hours."""
    rows = round_coach_rows(c, v, conf)
    if not len(rows):
        return pd.DataFrame(columns=["coach", "period", "hours"])
    # grouped by codes (of all coach rows, kept per Clean): the same groups, sums and order as grouping by the two
    # string columns, without the strings
    coach, coaches = name_codes(c)
    period, periods = _period_codes(c, freq)
    coach, period = coach[rows], period[rows]
    keep = (coach >= 0) & (period >= 0)
    code = period[keep].astype(np.int64) * len(coaches) + coach[keep]
    hours = pd.Series(c.round_coaches["hours"].to_numpy()[rows][keep]).groupby(code).sum()
    code = hours.index.to_numpy()
    return pd.DataFrame({"coach": coaches.array.take(code % len(coaches)),
                         "period": periods.array.take(code // len(coaches)), "hours": hours.to_numpy()})


def allowance_for(conf: Settings, year: int) -> dict[str, float]:
    """The volunteer allowance limits of a calendar year; a year not in settings takes the latest year before it
    (limits only change when the Belastingdienst publishes new ones), or the earliest year known."""
    table = conf.allowance
    earlier = [y for y in table if y <= year]
    return table[max(earlier)] if earlier else table[min(table)]


def _month_label(month: np.ndarray) -> pd.Series:
    """'YYYY-MM' of each month number (year * 12 + month - 1), worked out once per distinct month."""
    distinct, codes = np.unique(month, return_inverse=True)
    labels = pd.array([f"{m // 12:04d}-{m % 12 + 1:02d}" for m in distinct.tolist()], dtype="str")
    return pd.Series(labels.take(codes.reshape(-1)))


def _coach_months(c: Clean, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Hours per coach per calendar month, for all rounds (every place) between start and end: columns key (code),
    month (number), hours and first (position in c.round_coaches of the group's first row, whose name is shown);
    sorted by key, then month."""
    # Worked out for the first and last day with a coach row inside [start, end]: the same rows, so periods that
    # differ only by days without rounds share one result (the whole project from 1 January and from its start).
    days = _coach_days(c)
    a, b = np.searchsorted(days, start.to_datetime64(), "left"), np.searchsorted(days, end.to_datetime64(), "right")
    if a < b:
        start, end = pd.Timestamp(days[a]), pd.Timestamp(days[b - 1])
    return _months_between(c, start, end)


@kept
def _coach_days(c: Clean) -> np.ndarray:
    """The distinct days (date values) of the coach rows, sorted; blanks left out."""
    date = coach_rows(c).date
    if date.dtype.kind != "M":  # no dates at all (an empty tab): nothing to narrow a period to
        return np.array([], dtype="datetime64[ns]")
    return distinct(date[~np.isnat(date)])


@kept
def _months_between(c: Clean, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """_coach_months, kept per Clean and period."""
    t = coach_rows(c)
    rows = np.flatnonzero((t.date >= start.to_datetime64()) & (t.date <= end.to_datetime64()))
    if not len(rows):
        return pd.DataFrame({"key": [], "month": [], "hours": [], "first": []})
    span = int(t.month.max()) + 1  # a group code key * span + month orders by key, then month
    code = t.key[rows].astype(np.int64) * span + t.month[rows]
    hours = pd.Series(t.hours[rows]).groupby(code).sum()
    # a group's first row (the rows are in order) is where its code first appears: np.unique finds it by sorting,
    # cheaper than a second aggregation by groupby
    _, first = np.unique(code, return_index=True)
    code = hours.index.to_numpy()
    return pd.DataFrame({"key": code // span, "month": code % span, "hours": hours.to_numpy(),
                         "first": rows[first]})


def _limit_per_year(conf: Settings, years: np.ndarray, name: str) -> np.ndarray:
    """allowance_for(conf, year)[name] of each year, as floats."""
    distinct, codes = np.unique(years, return_inverse=True)
    return np.array([float(allowance_for(conf, int(y))[name]) for y in distinct.tolist()])[codes.reshape(-1)]


def _lists_per_key(keys: np.ndarray, items: list, n: np.ndarray) -> list[list]:
    """For each key in n, the items of that key (keys sorted, items in their order); [] for a key without items."""
    # keys are sorted: a key's items are one slice, found by binary search (no Python step per item)
    lo, hi = np.searchsorted(keys, n, "left").tolist(), np.searchsorted(keys, n, "right").tolist()
    return [items[a:b] for a, b in zip(lo, hi, strict=True)]


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
    months = _coach_months(c, start, end)
    if months.empty:
        return pd.DataFrame(columns=cols)
    t = coach_rows(c)
    # _coach_months is sorted by key, then month: a coach's first row is its first month, whose name is shown
    hours = pd.Series(months["hours"].to_numpy()).groupby(months["key"].to_numpy()).sum()
    _, first = np.unique(months["key"].to_numpy(), return_index=True)  # each key's first row: its first month
    key = hours.index.to_numpy()
    out = pd.DataFrame({"coach": c.round_coaches["coach"].array.take(months["first"].to_numpy()[first]),
                        "pseudonym": pd.array(t.pseudonym[key], dtype="str"), "under_21": t.under_21[key],
                        "hours": hours.to_numpy()})
    out["fee"] = out["hours"] * rate
    # Year totals: each calendar year the period touches, from 1 January up to the period's end.
    years = range(start.year, end.year + 1)
    year_rows = _coach_months(c, pd.Timestamp(start.year, 1, 1), end)
    year_rows = year_rows.assign(year=year_rows["month"] // 12, fee=year_rows["hours"] * rate)
    last = end.year
    last_rows = year_rows[year_rows["year"] == last]
    out["year_hours"] = pd.Series(key).map(last_rows.groupby("key")["hours"].sum()).fillna(0.0)
    out["year_fee"] = out["year_hours"] * rate
    limits = allowance_for(conf, last)
    under = out["under_21"].to_numpy()
    out["max_hour"] = np.where(under, limits["max_hour_under_21"], limits["max_hour_21_plus"]).astype(float)
    out["max_month"] = float(limits["max_month"])
    out["max_year"] = float(limits["max_year"])
    # The hourly limit of every year in the period applies; the strictest one that is passed is the one to show.
    hour_limits = [allowance_for(conf, y) for y in years]
    over_young = any(rate > lim["max_hour_under_21"] for lim in hour_limits)
    over_adult = any(rate > lim["max_hour_21_plus"] for lim in hour_limits)
    out["over_hour"] = np.where(under, over_young, over_adult)
    fee = months["hours"].to_numpy() * rate
    over_m = months[fee > _limit_per_year(conf, months["month"].to_numpy() // 12, "max_month")]
    labels = _month_label(over_m["month"].to_numpy()).tolist()
    out["months_over"] = pd.Series(_lists_per_key(over_m["key"].to_numpy(), labels, key), dtype=object)
    out["over_month"] = out["months_over"].map(len) > 0
    # per key and year, by one code (key * span + year - first year): the groups and order of both columns
    first_year = int(year_rows["year"].min())
    span = int(year_rows["year"].max()) - first_year + 1
    fee = pd.Series(year_rows["fee"].to_numpy()).groupby(
        year_rows["key"].to_numpy() * span + year_rows["year"].to_numpy() - first_year).sum()
    code = fee.index.to_numpy()
    yf = pd.DataFrame({"key": code // span, "year": code % span + first_year, "fee": fee.to_numpy()})
    yf = yf[yf["year"].isin(list(years))]
    over_y = yf[yf["fee"] > _limit_per_year(conf, yf["year"].to_numpy(), "max_year")]
    out["years_over"] = pd.Series(_lists_per_key(over_y["key"].to_numpy(), over_y["year"].tolist(), key),
                                  dtype=object)
    out["over_year"] = out["years_over"].map(len) > 0
    # key codes sort as schema.norm(coach) does: the rows are in the order of the coaches' keys already
    return out[cols]


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
    m = _coach_months(c, start, end)
    if m.empty:
        return pd.DataFrame(columns=cols)
    t = coach_rows(c)
    # the year's running total, per coach in month order (_coach_months is sorted by key, then month)
    allm = _coach_months(c, pd.Timestamp(start.year, 1, 1), end)
    allm = allm.assign(fee=allm["hours"] * rate)
    year = allm["month"].to_numpy() // 12
    # per key and year by one code (key * years + year - first year): the groups of grouping by both, cheaper
    years = int(year.max()) - int(year.min()) + 1
    running = pd.Series(allm["fee"].to_numpy()).groupby(allm["key"].to_numpy() * years + year - int(year.min())) \
        .cumsum().to_numpy()
    span = int(max(allm["month"].max(), m["month"].max())) + 1
    where = allm["key"].to_numpy() * span + allm["month"].to_numpy()
    want = m["key"].to_numpy() * span + m["month"].to_numpy()
    at = np.minimum(np.searchsorted(where, want), len(where) - 1)
    year_fee = np.where(where[at] == want, running[at], np.nan)
    order = np.lexsort((m["key"].to_numpy(), m["month"].to_numpy()))  # by month, then the coach's key
    m = m.iloc[order].reset_index(drop=True)
    year_fee = year_fee[order]
    key = m["key"].to_numpy()
    under = t.under_21[key]
    year = m["month"].to_numpy() // 12
    out = pd.DataFrame({"month": _month_label(m["month"].to_numpy()),
                        "coach": c.round_coaches["coach"].array.take(m["first"].to_numpy()),
                        "pseudonym": pd.array(t.pseudonym[key], dtype="str"), "under_21": under,
                        "hours": m["hours"].to_numpy()})
    out["rate"] = rate
    out["fee"] = out["hours"] * rate
    out["year_fee"] = year_fee
    out["max_hour"] = np.where(under, _limit_per_year(conf, year, "max_hour_under_21"),
                               _limit_per_year(conf, year, "max_hour_21_plus"))
    out["max_month"] = _limit_per_year(conf, year, "max_month")
    out["max_year"] = _limit_per_year(conf, year, "max_year")
    out["over_hour"] = out["rate"] > out["max_hour"]
    out["over_month"] = out["fee"] > out["max_month"]
    out["over_year"] = out["year_fee"] > out["max_year"]
    return out[cols]


@kept
def org_hours_in(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """The organisation hours (tab Organisatie-uren) in the view's period; every place, as they are about none."""
    return rows_where(c.org_hours, in_view(c.org_hours["date"], c, v, conf))


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


def _pivot(long: pd.DataFrame) -> pd.DataFrame:
    """long.pivot_table(index="coach", columns="period", values="hours", aggfunc="sum", fill_value=0.0) for
    coach_hours_by's rows, which hold each (coach, period) once: each sum is the one value, put in its cell of a
    coaches x periods array (pivot_table groups and unstacks ~8000 coaches x 100 weeks, ~25 ms). The array is
    laid out as pivot_table's (row by row), so the row totals add up in the same order."""
    coach, coaches = pd.factorize(long["coach"], sort=True)
    period, periods = pd.factorize(long["period"], sort=True)
    cells = np.zeros((len(coaches), len(periods)), dtype=float)
    cells[coach, period] = long["hours"].to_numpy(dtype=float)
    return pd.DataFrame(cells, index=pd.Index(coaches, name="coach"), columns=pd.Index(periods, name="period"),
                        copy=False)  # not copied: a copy would lay it out column by column


@kept
def coach_hours_pivot(c: Clean, v: View, conf: Settings, freq: str = "W") -> pd.DataFrame:
    """coach_hours_by as a table: one row per coach (most hours first), one column per week or month (labels as
    coach_hours_by gives them), and a 'total' column. Empty when nobody walked."""
    long = coach_hours_by(c, v, conf, freq)
    if long.empty:
        return pd.DataFrame(columns=["coach", "total"])
    wide = _pivot(long)
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
