"""Opvolging: the actions agreed in the monthly meeting, open or done, counted against a date, sorted per owner, and
the ones a meeting or a period's report follows up."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import kept
from lib.metrics.periods import View, bounds
from lib.settings import Settings

NO_OWNER = "(geen eigenaar)"


@kept
def open_actions(c: Clean) -> pd.DataFrame:
    """Every action not done (status other than Afgerond), whenever it was agreed."""
    return c.actions[c.actions["status"] != schema.DONE]


def count_open(actions: pd.DataFrame) -> int:
    """How many of these actions (any frame with a status column) are not done: Open, Loopt or left blank."""
    return int((actions["status"] != schema.DONE).sum())


@kept
def actions_status(c: Clean, today: dt.date) -> pd.DataFrame:
    """Actions with days open (until done: today) and an overdue flag (deadline passed, not done)."""
    a = c.actions.copy()
    t = pd.Timestamp(today)
    done = a["status"] == schema.DONE
    a["days_open"] = (t - a["meeting_date"]).dt.days.where(~done)
    a["overdue"] = ~done & a["deadline"].notna() & (a["deadline"] < t)
    return a.sort_values(["overdue", "deadline"], ascending=[False, True]).reset_index(drop=True)


def as_of(c: Clean, v: View, conf: Settings, today: dt.date) -> tuple[pd.Timestamp, bool]:
    """The date days open and overdue are counted against: today, or the end of the period when that is past
    (a past month, or a past season such as the demo's, would otherwise show everything as long overdue).
    Returns the date and whether it is today."""
    _, end = bounds(c, v.month, conf)
    t = pd.Timestamp(today)
    return (t, True) if t <= end else (end, False)


def owner_order(partner: str = schema.FOUNDATION) -> list[str]:
    """Owners in the order a partner reads them: its own first, then the contract's order, then no owner."""
    own = schema.PARTNER_NAMES.get(partner)
    return ([own] if own else []) + [o for o in schema.OWNERS if o != own]


def _moment_key(ts: pd.Series) -> pd.Series:
    """Timestamps to the second: a Tijdstempel copied into Acties.Melding matches whatever shape it came in."""
    return ts.dt.round("s")


@kept
def _signals_by_moment(c: Clean) -> pd.DataFrame:
    """The signal columns an action shows, indexed by the Tijdstempel to the second (the first signal of a
    second wins), once per Clean: the lookup took a copy of every signal with all its columns on each call."""
    key = _moment_key(c.signals["timestamp"])
    first = ~key.duplicated().to_numpy(dtype=bool)
    cols = ["location", "category", "date", "description"]
    return c.signals.loc[first, cols].set_axis(pd.Index(key[first], name="_k"), axis=0)


@kept
def actions_view(c: Clean, v: View, conf: Settings, today: dt.date, partner: str = schema.FOUNDATION) -> pd.DataFrame:
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
    sig = _signals_by_moment(c)
    key = _moment_key(a["signal_ts"])
    linked = a["signal_ts"].notna()
    # each action's signal found once (the lookup's index is unique): as key.isin(sig.index) and key.map(sig[col])
    # per column, without a hash table of all signals built for each
    at = sig.index.get_indexer(key) if len(sig) else np.full(len(a), -1)
    a["signal_found"] = linked & (at >= 0)
    for col in ("location", "category", "date", "description"):
        # with no signals at all (a new project) there is nothing to look up: pandas cannot map a datetime key
        # through an empty lookup (it casts the lookup to float), so the column is left missing, of its own type
        found = pd.Series(sig[col].array.take(at, allow_fill=True), index=a.index) if len(sig) else \
            pd.Series(index=a.index, dtype=sig[col].dtype)
        a["signal_" + col] = found.where(a["signal_found"])
    if v.towers:
        a = a[~a["signal_found"] | a["signal_location"].isin(v.towers)]
    if v.categories:
        a = a[~a["signal_found"] | a["signal_category"].isin(v.categories)]
    a["done"] = a["status"] == schema.DONE
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
    # Counted with bincount over the owners' codes (first seen first, as groupby(sort=False); no owner at all is
    # left out, as groupby does): a page asks on every rerun, and groupby.agg took ~6 ms of it.
    codes, owners = pd.factorize(a["owner"], sort=False)
    keep = codes >= 0
    codes, n = codes[keep], len(owners)

    def count(flags: pd.Series) -> np.ndarray:
        return np.bincount(codes, weights=flags.to_numpy(bool)[keep], minlength=n).astype(int)

    return pd.DataFrame({"owner": owners, "actions": np.bincount(codes, minlength=n).astype(int),
                         "open": count(~a["done"]), "overdue": count(a["overdue"])})


@kept
def period_actions(c: Clean, v: View, conf: Settings, today: dt.date) -> pd.DataFrame:
    """Follow-up actions that belong in the period's report: agreed in a meeting in the period, or agreed before
    and not done yet. Columns as actions_status (days_open, overdue), oldest meeting first."""
    start, end = bounds(c, v.month, conf)
    a = actions_status(c, today)
    keep = (a["meeting_date"] >= start) & (a["meeting_date"] <= end) | \
        ((a["meeting_date"] < start) & (a["status"] != schema.DONE))
    return a[keep].sort_values(["meeting_date", "deadline"]).reset_index(drop=True)


def meeting_followup(c: Clean, v: View, conf: Settings, meeting_date: dt.date,
                     partner: str = schema.FOUNDATION) -> pd.DataFrame:
    """actions_view on the day of a meeting, without the actions agreed in that meeting itself: what the meeting
    follows up (open, overdue and done per owner, counted against the meeting's date or the end of the view)."""
    a = actions_view(c, v, conf, meeting_date, partner)
    return a[a["meeting_date"] < pd.Timestamp(meeting_date)].reset_index(drop=True)


def meeting_actions(c: Clean, conf: Settings, meeting_date: dt.date, partner: str = schema.FOUNDATION) -> pd.DataFrame:
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
