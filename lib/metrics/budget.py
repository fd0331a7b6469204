"""Budget: the rates from the budget lines, every euro spent, each line and funder against the budget, the burn-up
and the forecast to the plan's end."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import factor, kept
from lib.metrics.periods import View, bounds
from lib.settings import Settings


def budget_line_kind(budget: pd.DataFrame, conf: Settings) -> pd.Series:
    """'coach', 'org' or 'other' for each budget line, by the words in settings."""
    name = budget["budget_line"].astype(str).str.casefold()
    coach = name.apply(lambda n: any(w in n for w in conf.coach_line_words))
    org = name.apply(lambda n: any(w in n for w in conf.org_line_words))
    return pd.Series(np.where(coach, "coach", np.where(org, "org", "other")), index=budget.index)


@kept
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


@kept
def spending(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every euro spent as one row: date, budget_line, amount, paid_by, source ('coach' fees, 'org' hours or
    'cost' from tab Kosten)."""
    if until is not None:  # the rows of all spending up to that day: built once, filtered per day asked for
        out = spending(c, conf)
        return out[out["date"] <= until]
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
    return out


@kept
def _line_codes(c: Clean, conf: Settings) -> tuple[np.ndarray, pd.Index]:
    """factor(spending(c, conf)["budget_line"]), once per Clean: sums per line by codes instead of by the text."""
    return factor(spending(c, conf)["budget_line"])


def _spent_per_line(c: Clean, conf: Settings, until: pd.Timestamp | None,
                    since: pd.Timestamp | None = None) -> pd.Series:
    """spending(c, conf, until) (from `since` on, when given) summed per budget line: the groups, order and sums of
    groupby("budget_line")["amount"].sum(), grouped by the lines' codes (a row per round: 86k at 100k rounds)."""
    sp = spending(c, conf)
    code, lines = _line_codes(c, conf)
    keep = code >= 0
    if until is not None:
        keep &= (sp["date"] <= until).to_numpy(dtype=bool)
    if since is not None:
        keep &= (sp["date"] >= since).to_numpy(dtype=bool)
    sums = pd.Series(sp["amount"].to_numpy()[keep]).groupby(code[keep]).sum()
    return pd.Series(sums.to_numpy(), index=pd.Index(lines.take(sums.index.to_numpy()), name="budget_line"),
                     name="amount")


@kept
def budget_status(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per budget line: budgeted, spent, remaining, share spent; lines only found in Kosten are added."""
    spent = _spent_per_line(c, conf, until)
    b = c.budget[["budget_line", "hours", "rate", "amount", "contrib_dekey", "contrib_gemeente"]].rename(
        columns={"amount": "budgeted"})
    extra = [x for x in spent.index if x not in set(b["budget_line"])]
    if extra:
        b = pd.concat([b, pd.DataFrame({"budget_line": extra})], ignore_index=True)
    b["spent"] = b["budget_line"].map(spent).fillna(0.0)
    b["remaining"] = b["budgeted"] - b["spent"]
    b["share_spent"] = b["spent"] / b["budgeted"].replace(0, np.nan)
    return b.reset_index(drop=True)


@kept
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
    own = schema.PARTNER_NAMES.get(partner)
    if own is None:
        return split.reset_index(drop=True)
    return pd.concat([split[split["funder"] == own], split[split["funder"] != own]]).reset_index(drop=True)


@kept
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


@kept
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


@kept
def period_budget(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """budget_status up to the end of the period, plus spent_period: what was spent inside the period itself."""
    start, end = bounds(c, v.month, conf)
    b = budget_status(c, conf, until=end)
    in_period = _spent_per_line(c, conf, end, since=start)
    b["spent_period"] = b["budget_line"].map(in_period).fillna(0.0)
    return b


@kept
def period_budget_totals(c: Clean, v: View, conf: Settings) -> dict[str, float]:
    """The 'Totaal' row of period_budget: budgeted (NaN when no line has an amount, so the report shows '–' and not
    € 0), spent up to the end of the period, spent_period inside it, remaining = budgeted - spent and share_spent
    (NaN without a budget). Unlike budget_totals it sums period_budget's lines, the rows the report's table shows."""
    b = period_budget(c, v, conf)
    budgeted = float(b["budgeted"].sum(min_count=1)) if b["budgeted"].notna().any() else float("nan")
    spent = float(b["spent"].sum())
    return {"budgeted": budgeted, "spent": spent, "spent_period": float(b["spent_period"].sum()),
            "remaining": budgeted - spent, "share_spent": spent / budgeted if budgeted else float("nan")}


@kept
def funder_status(c: Clean, conf: Settings, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """funder_split with the costs each funder paid counted up to `until` (Kosten, column Betaald door)."""
    out = funder_split(c, conf)
    costs = c.costs if until is None else c.costs[c.costs["date"] <= until]
    paid = costs.groupby("paid_by")["amount"].sum()
    out["costs_paid"] = out["funder"].map(paid).fillna(0.0)
    return out
