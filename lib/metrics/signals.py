"""Meldingen: signals counted per week, place, kind, floor and spot, the urgent ones, the search over their texts,
and where they were passed to."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import each, kept
from lib.metrics.periods import View, signals_in, week_label
from lib.settings import Settings

NO_KIND = "(geen soort)"
NOT_FILLED = "(niet ingevuld)"
UNKNOWN_FLOOR = "(onbekend)"
# Building order, bottom to top, then the answers that are not a floor.
FLOOR_ORDER = (*schema.FLOORS, UNKNOWN_FLOOR)
# Each partner's own desk in Doorgezet naar, by the partner's key (schema.PARTNER_NAMES).
PARTNER_PASSED_TO = {"dekey": "Beheerder De Key", "gemeente": "Gemeente (Signalen/MOR)"}


def kind_group(kind: str) -> str:
    """A ticked kind as counted in charts: one of the form's options, or 'Anders' for a free text."""
    return kind if kind in schema.KINDS else schema.OTHER


def _exploded(s: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per kind or per 'passed to' answer (a signal with two counts twice); other columns unchanged."""
    if by == "kind":
        s = s.explode("kinds").rename(columns={"kinds": "kind"})
        s = s[s["kind"].notna() & (s["kind"] != "")]
        return s.assign(kind=each(s["kind"], kind_group))
    if by == "passed_to":
        s = s.explode("passed_to")
        return s.assign(passed_to=s["passed_to"].where(s["passed_to"].notna() & (s["passed_to"] != ""), NOT_FILLED))
    return s


@kept
def signals_per_week(c: Clean, v: View, conf: Settings, by: str = "category") -> pd.DataFrame:
    """Signals per ISO week and category, location, kind or passed_to (kind: one count per kind ticked, free texts
    as 'Anders', signals without a kind not counted; passed_to: one count per desk, '(niet ingevuld)' when none)."""
    s = _exploded(signals_in(c, v, conf), by)
    if s.empty:
        return pd.DataFrame(columns=["week", by, "signals"])
    out = (s.assign(week=week_label(s["date"])).groupby(["week", by], as_index=False)
           .size().rename(columns={"size": "signals"}))
    return out.sort_values(["week", by]).reset_index(drop=True)


@kept
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


@kept
def kind_totals(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per kind (the form's options in form order, then 'Anders'): signals that ticked it, and whether the kind is
    about people (schema.PERSON_KINDS, masked for partners when small). Kinds with no signal are left out."""
    s = _exploded(signals_in(c, v, conf), "kind")
    counts = s.groupby("kind").size()
    order = [k for k in (*schema.KINDS, schema.OTHER) if counts.get(k, 0) > 0]
    return pd.DataFrame({"kind": order, "signals": [int(counts[k]) for k in order],
                         "person": [k in schema.PERSON_KINDS for k in order]})


@kept
def signals_per_place(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place (every tower and the public space, contract order): signals, urgent ones, one column per category,
    and whether the place is in the view (a place filtered out shows 0 and selected False)."""
    s = signals_in(c, v, conf)
    places = list(schema.LOCATIONS)
    out = pd.DataFrame({"location": places})
    out["signals"] = out["location"].map(s.groupby("location").size()).fillna(0).astype(int)
    urgent = s[s["urgency"].isin(schema.URGENT_LEVELS)].groupby("location").size()
    out["urgent"] = out["location"].map(urgent).fillna(0).astype(int)
    per_cat = s.groupby(["location", "category"]).size()
    for cat in schema.CATEGORIES:
        out[cat] = [int(per_cat.get((p, cat), 0)) for p in places]
    out["selected"] = out["location"].isin(v.towers) if v.towers else True
    return out


def floor_rank(floor: str) -> int:
    """Position of a floor in building order (Kelder first, Dak, then n.v.t. and unknown); other texts last."""
    return FLOOR_ORDER.index(floor) if floor in FLOOR_ORDER else len(FLOOR_ORDER)


@kept
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


@kept
def urgent_signals(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """The view's signals with urgency Hoog or Spoed (schema.URGENT_LEVELS), oldest first."""
    s = signals_in(c, v, conf)
    return s[s["urgency"].isin(schema.URGENT_LEVELS)].sort_values("moment")


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


@kept
def signals_list(c: Clean, v: View, conf: Settings, query: str = "") -> pd.DataFrame:
    """The view's signals matching the search, newest first, for the table of descriptions."""
    s = search_signals(signals_in(c, v, conf), query)
    return s.sort_values(["moment", "row"], ascending=[False, False]).reset_index(drop=True)


@kept
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
        "urgent": int(s["urgency"].isin(schema.URGENT_LEVELS).sum()),
        "to_dekey": int(passed.map(lambda x: PARTNER_PASSED_TO["dekey"] in x).sum()),
        "to_gemeente": int(passed.map(lambda x: PARTNER_PASSED_TO["gemeente"] in x).sum()),
        "not_passed": int(not_passed.sum()),
    }


def passed_to_order(partner: str = schema.FOUNDATION) -> list[str]:
    """The desks in the order a partner reads them: its own desk first, then the form's order."""
    own = PARTNER_PASSED_TO.get(partner)
    return ([own] if own else []) + [p for p in schema.PASSED_TO if p != own]


@kept
def passed_to_totals(c: Clean, v: View, conf: Settings, partner: str = schema.FOUNDATION) -> pd.DataFrame:
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
