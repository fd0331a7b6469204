"""Meldingen: signals counted per week, place, kind, floor and spot, the urgent ones, the search over their texts,
and where they were passed to."""
from __future__ import annotations

from collections.abc import Callable
from itertools import chain

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import factor, kept
from lib.metrics.periods import View, signal_rows, signals_in, week_label
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


@kept
def _ticked(c: Clean, col: str) -> tuple[np.ndarray, np.ndarray] | None:
    """A checkbox column of c.signals (kinds, passed_to) flattened once per Clean: per signal how many answers it
    ticked, and every answer in one object array, signal after signal. None when a cell is not a list (the
    callers then take the general way)."""
    lists = c.signals[col].tolist()
    if set(map(type, lists)) - {list}:  # (the types collected in C: a generator test per cell costs ~10 ms)
        return None
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    return lengths, np.fromiter(chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))


def _answer_codes(answers: np.ndarray, label: Callable[[pd.Series], pd.Series],
                  drop_blank: bool = False) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """factor(pd.Series(answers), label), of the answers that are not blank (NaN or '') with drop_blank, for an
    object array of answers, without making a text column of them first: the answers are factorized as they are
    (a few distinct among 200k) and only the distinct ones looked at. Returns which answers are kept, their codes
    and the values."""
    outer, distinct = pd.factorize(answers, use_na_sentinel=False)
    d = pd.Series(distinct, dtype=object)
    counted = ~(d.isna() | (d == "")).to_numpy(dtype=bool) if drop_blank else np.ones(len(d), dtype=bool)
    inner, values = pd.factorize(label(pd.Series(distinct[counted])), sort=True)
    code = np.full(len(d), -1, dtype=np.intp)
    code[counted] = inner
    keep = counted[outer]
    return keep, code[outer[keep]], pd.Index(values)


@kept
def _items(c: Clean, by: str) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """What signals are counted by, once per Clean: for a column one item per signal, for 'kind' one per kind ticked
    (free texts as 'Anders', signals without a kind have none) and for 'passed_to' one per desk ('(niet ingevuld)'
    when none). Returns per item the position of its signal in c.signals and the code of its value among the
    sorted values (-1: a blank, not counted), and the values."""
    s = c.signals
    if by not in ("kind", "passed_to"):
        code, values = factor(s[by])
        return np.arange(len(s)), code, values
    col = "kinds" if by == "kind" else "passed_to"
    ticked = _ticked(c, col)
    if ticked is not None:
        # From the flattened lists: the items, codes and values Series.explode below gives, at a fraction of the
        # cost (explode makes a text column of 220k answers; here only the distinct answers are looked at).
        lengths, answers = ticked
        pos = np.repeat(np.arange(len(lengths)), lengths)
        if by == "kind":
            keep, code, values = _answer_codes(answers, lambda kinds: kinds.map(kind_group), drop_blank=True)
            return pos[keep], code, values
        # explode gives a signal without a desk one blank item, here '(niet ingevuld)'; ticked desks follow in order
        none = np.flatnonzero(lengths == 0)
        if len(none):
            order = np.argsort(np.concatenate([pos, none]), kind="stable")
            answers = np.concatenate([answers, np.full(len(none), np.nan, dtype=object)])[order]
            pos = np.concatenate([pos, none])[order]
        _, code, values = _answer_codes(answers, lambda x: x.where(x.notna() & (x != ""), NOT_FILLED))
        return pos, code, values
    items = s[col].reset_index(drop=True).explode()  # index: the position
    if by == "kind":
        items = items[items.notna() & (items != "")]
        code, values = factor(items, lambda kinds: kinds.map(kind_group))
    else:
        code, values = factor(items.where(items.notna() & (items != ""), NOT_FILLED))
    return items.index.to_numpy(), code, values


def _view_items(c: Clean, v: View, conf: Settings, by: str) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """_items of the view's signals."""
    pos, code, values = _items(c, by)
    rows = signal_rows(c, v, conf)
    if len(rows) < len(c.signals):
        inside = np.zeros(len(c.signals), dtype=bool)
        inside[rows] = True
        keep = inside[pos]
        pos, code = pos[keep], code[keep]
    return pos, code, values


@kept
def _signal_weeks(c: Clean) -> tuple[np.ndarray, pd.Index]:
    """Each signal's ISO week as a code among the sorted week labels (week_label), once per Clean."""
    return factor(c.signals["date"], week_label)


def _counts(values: pd.Index, code: np.ndarray) -> pd.Series:
    """Items per value, for the values counted at least once (as groupby(...).size() gives them)."""
    n = np.bincount(code[code >= 0], minlength=len(values))
    return pd.Series(n[n > 0], index=values[n > 0])


@kept
def _urgent(c: Clean) -> np.ndarray:
    """Per signal (position in c.signals), once per Clean: its urgency is Hoog or Spoed (schema.URGENT_LEVELS)."""
    return c.signals["urgency"].isin(schema.URGENT_LEVELS).to_numpy(dtype=bool)


def signal_counts(c: Clean, v: View, conf: Settings, by: str, urgent: bool = False) -> pd.Series:
    """The view's signals (only the urgent ones with urgent=True) per value of column `by`, indexed by every value
    in c.signals (0 for one not in the view); blanks are not counted. As s.groupby(by).size(), by codes."""
    _, code, values = _items(c, by)
    rows = signal_rows(c, v, conf)
    if urgent:
        rows = rows[_urgent(c)[rows]]
    code = code[rows]
    return pd.Series(np.bincount(code[code >= 0], minlength=len(values)), index=values)


@kept
def signals_per_week(c: Clean, v: View, conf: Settings, by: str = "category") -> pd.DataFrame:
    """Signals per ISO week and category, location, kind or passed_to (kind: one count per kind ticked, free texts
    as 'Anders', signals without a kind not counted; passed_to: one count per desk, '(niet ingevuld)' when none)."""
    pos, code, values = _view_items(c, v, conf, by)
    if not len(pos):
        return pd.DataFrame(columns=["week", by, "signals"])
    # counted by codes: the groups, counts and order of grouping by the week and `by` labels
    week, weeks = _signal_weeks(c)
    week = week[pos]
    keep = (week >= 0) & (code >= 0)
    n = max(len(values), 1)
    group, count = np.unique(week[keep].astype(np.int64) * n + code[keep], return_counts=True)
    return pd.DataFrame({"week": weeks.array.take(group // n), by: values.array.take(group % n),
                         "signals": count.astype(np.int64)})


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
    pos, code, values = _view_items(c, v, conf, "kind")
    counts = _counts(values, code)
    order = [k for k in (*schema.KINDS, schema.OTHER) if counts.get(k, 0) > 0]
    return pd.DataFrame({"kind": order, "signals": [int(counts[k]) for k in order],
                         "person": [k in schema.PERSON_KINDS for k in order]})


@kept
def signals_per_place(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """Per place (every tower and the public space, contract order): signals, urgent ones, one column per category,
    and whether the place is in the view (a place filtered out shows 0 and selected False)."""
    places = list(schema.LOCATIONS)
    out = pd.DataFrame({"location": places})
    out["signals"] = out["location"].map(signal_counts(c, v, conf, "location")).fillna(0).astype(int)
    out["urgent"] = out["location"].map(signal_counts(c, v, conf, "location", urgent=True)).fillna(0).astype(int)
    # per place and category by the two columns' codes (as groupby(["location", "category"]).size())
    rows = signal_rows(c, v, conf)
    _, place, place_values = _items(c, "location")
    _, cat, cat_values = _items(c, "category")
    place, cat = place[rows], cat[rows]
    keep = (place >= 0) & (cat >= 0)
    n = max(len(cat_values), 1)
    per_cat = np.bincount(place[keep].astype(np.int64) * n + cat[keep], minlength=len(place_values) * n)
    for name in schema.CATEGORIES:
        out[name] = [int(per_cat[place_values.get_loc(p) * n + cat_values.get_loc(name)])
                     if p in place_values and name in cat_values else 0 for p in places]
    out["selected"] = out["location"].isin(v.towers) if v.towers else True
    return out


@kept
def _floors_spots(c: Clean) -> tuple[np.ndarray, pd.Index, np.ndarray, pd.Index]:
    """Each signal's floor and spot as codes among their sorted values, a blank as '(onbekend)'; once per Clean."""
    # the blank replaced among the distinct answers only (as replacing it in the column, 200k cells, would)
    floor, floors = factor(c.signals["floor"], lambda x: x.replace("", UNKNOWN_FLOOR))
    spot, spots = factor(c.signals["spot"], lambda x: x.replace("", UNKNOWN_FLOOR))
    return floor, floors, spot, spots


def floor_rank(floor: str) -> int:
    """Position of a floor in building order (Kelder first, Dak, then n.v.t. and unknown); other texts last."""
    return FLOOR_ORDER.index(floor) if floor in FLOOR_ORDER else len(FLOOR_ORDER)


@kept
def floor_spot(c: Clean, v: View, conf: Settings, tower: str) -> pd.DataFrame:
    """Signals per floor and spot in one tower, floors in building order (bottom to top), spots in form order.
    A blank floor or spot counts as '(onbekend)'; an answer outside the list is kept as written, after the rest."""
    _, place, places = _items(c, "location")
    rows = signal_rows(c, v, conf)
    rows = rows[place[rows] == places.get_loc(tower)] if tower in places else rows[:0]
    if not len(rows):
        return pd.DataFrame(columns=["floor", "spot", "signals"])
    # counted by codes: the groups, counts and order of grouping by the floor and spot columns
    floor, floors, spot, spots = _floors_spots(c)
    floor, spot = floor[rows], spot[rows]
    keep = (floor >= 0) & (spot >= 0)
    n = max(len(spots), 1)
    group, count = np.unique(floor[keep].astype(np.int64) * n + spot[keep], return_counts=True)
    out = pd.DataFrame({"floor": floors.array.take(group // n), "spot": spots.array.take(group % n),
                        "signals": count.astype(np.int64)})
    # Sorted by building order, floor, form order, spot: the codes sort as the texts do, and the ranks are worked
    # out per distinct floor and spot (sort_values on the texts took ~3 ms a tower).
    floor_at, spot_at = _floor_spot_ranks(c)
    order = np.lexsort((group % n, spot_at[group % n], group // n, floor_at[group // n]))
    return out.take(order).reset_index(drop=True)


@kept
def _floor_spot_ranks(c: Clean) -> tuple[np.ndarray, np.ndarray]:
    """Per floor code (_floors_spots) its floor_rank, per spot code its place in form order (other answers last)."""
    _, floors, _, spots = _floors_spots(c)
    spot_order = {p: i for i, p in enumerate((*schema.SPOTS, UNKNOWN_FLOOR))}
    return (np.array([floor_rank(f) for f in floors.tolist()], dtype=np.int64),
            np.array([spot_order.get(p, len(spot_order)) for p in spots.tolist()], dtype=np.int64))


@kept
def urgent_signals(c: Clean, v: View, conf: Settings) -> pd.DataFrame:
    """The view's signals with urgency Hoog or Spoed (schema.URGENT_LEVELS), oldest first."""
    s = signals_in(c, v, conf)
    return s[_urgent(c)[signal_rows(c, v, conf)]].sort_values("moment")


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
    row = s["row"].to_numpy()
    if s["moment"].dtype == "datetime64[ns]" and row.dtype.kind == "i" and (np.diff(row) > 0).all():
        # Rows numbered upwards (so no two alike): newest first is the ascending (moment, row) order reversed,
        # a blank moment (NaT, the smallest datetime64) last, as sort_values puts it, without sort_values' setup.
        order = np.lexsort((row, s["moment"].to_numpy().view(np.int64)))[::-1]
        return s.take(order).reset_index(drop=True)
    return s.sort_values(["moment", "row"], ascending=[False, False]).reset_index(drop=True)


@kept
def signal_focus(c: Clean, v: View, conf: Settings) -> dict[str, int]:
    """The counts each partner looks for first: all signals, inside the towers, in the public space, urgent,
    passed to De Key, passed to the gemeente, and not passed on (nothing ticked or 'Niet doorgezet')."""
    rows = signal_rows(c, v, conf)
    to_dekey, to_gemeente, not_passed = _passed_on(c)
    public = int(signal_counts(c, v, conf, "location").get(schema.PUBLIC_SPACE, 0))
    return {
        "total": int(len(rows)),
        "towers": int(len(rows)) - public,  # every other signal, a blank place among them (as != would count it)
        "public_space": public,
        "urgent": int(_urgent(c)[rows].sum()),
        "to_dekey": int(to_dekey[rows].sum()),
        "to_gemeente": int(to_gemeente[rows].sum()),
        "not_passed": int(not_passed[rows].sum()),
    }


@kept
def _passed_on(c: Clean) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per signal (position in c.signals), once per Clean: passed to De Key, passed to the gemeente, and not passed
    on (nothing ticked, or only 'Niet doorgezet')."""
    ticked = _ticked(c, "passed_to")
    if ticked is None:
        desks = [x if isinstance(x, list) else [] for x in c.signals["passed_to"].tolist()]
        ticked = (np.fromiter(map(len, desks), dtype=np.int64, count=len(desks)),
                  np.fromiter(chain.from_iterable(desks), dtype=object))
    # Every desk ticked in one flat array beside its signal's position, compared as arrays: a test in Python per
    # signal took ~60 ms at 200k signals.
    lengths, flat = ticked
    n = len(lengths)
    pos = np.repeat(np.arange(n), lengths)

    def any_of(hit: np.ndarray) -> np.ndarray:
        out = np.zeros(n, dtype=bool)
        out[pos[hit]] = True
        return out

    dekey, gemeente = PARTNER_PASSED_TO["dekey"], PARTNER_PASSED_TO["gemeente"]
    return any_of(flat == dekey), any_of(flat == gemeente), ~any_of(flat != "Niet doorgezet")


def passed_to_order(partner: str = schema.FOUNDATION) -> list[str]:
    """The desks in the order a partner reads them: its own desk first, then the form's order."""
    own = PARTNER_PASSED_TO.get(partner)
    return ([own] if own else []) + [p for p in schema.PASSED_TO if p != own]


@kept
def passed_to_totals(c: Clean, v: View, conf: Settings, partner: str = schema.FOUNDATION) -> pd.DataFrame:
    """Per desk a signal was passed to (every option, the partner's own first; then answers outside the list and
    '(niet ingevuld)' when there are any): signals, and their share of the view's signals (a signal passed to two
    desks counts at both, so shares can add up to more than 1)."""
    total = len(signal_rows(c, v, conf))
    _, code, values = _view_items(c, v, conf, "passed_to")
    counts = _counts(values, code)
    order = passed_to_order(partner)
    extra = sorted(x for x in counts.index if x not in order and x != NOT_FILLED)
    order += extra + ([NOT_FILLED] if NOT_FILLED in counts.index else [])
    n = [int(counts.get(p, 0)) for p in order]
    return pd.DataFrame({"passed_to": order, "signals": n,
                         "share": [x / total if total else np.nan for x in n]})
