"""The machinery every metric shares: a result kept once per Clean object and arguments (`kept`), mappers that do
their work once per distinct value instead of once per row (`each`, `month_of`), and `factor`, which turns a column
into integer codes to group and sort by."""
from __future__ import annotations

import inspect
import threading
import weakref
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.settings import Settings

# --- kept results ------------------------------------------------------------------------------------------
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


def kept(fn: F) -> F:
    """Keep fn(c, *args)'s result per Clean object and (hashable) arguments; anything unhashable: computed."""
    sig = inspect.signature(fn)
    names = list(sig.parameters)[1:]
    plain = all(p.kind is p.POSITIONAL_OR_KEYWORD for p in sig.parameters.values())

    @wraps(fn)
    def wrapper(c: Clean, *args: Any, **kwargs: Any) -> Any:
        # The arguments by name, defaults filled in: f(c, v, conf), f(c, v=v, conf=conf) and f(c, v, conf, None)
        # are one call (pages pass names, metrics pass positions: each was computed twice before).
        if plain and not kwargs and len(args) == len(names):
            named = list(zip(names, args))  # every argument given in order: no binding needed (most calls)
        else:
            try:
                bound = sig.bind(c, *args, **kwargs)
            except TypeError:
                return fn(c, *args, **kwargs)  # wrong arguments: fn says so itself
            bound.apply_defaults()
            named = list(bound.arguments.items())[1:]
        # a Settings object is kept alive with the entry (its id is part of the key and must not be reused)
        keep = tuple(a for _, a in named if isinstance(a, Settings))
        try:
            # the function's name starts the key: names are unique across lib.metrics (one namespace re-exports them)
            key = (fn.__name__, tuple((k, id(a) if isinstance(a, Settings) else a) for k, a in named))
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


def each(s: pd.Series, fn: Callable[[Any], Any]) -> pd.Series:
    """s.map(fn), with fn called once per distinct value: a coach's name or a year repeats on thousands of rows.
    (A column with gaps is mapped cell by cell: None and NaN would count as one distinct value.)"""
    if len(s) < 64 or s.isna().any():
        return s.map(fn)
    codes, uniq = pd.factorize(s)
    return pd.Series(uniq).map(fn).take(codes).set_axis(s.index)


def month_of(dates: pd.Series) -> pd.Series:
    """dates.dt.strftime('%Y-%m'), formatted once per distinct day."""
    if len(dates) < 64 or dates.isna().any():
        return dates.dt.strftime("%Y-%m")
    codes, uniq = pd.factorize(dates)
    return pd.Series(pd.DatetimeIndex(uniq).strftime("%Y-%m")).take(codes).set_axis(dates.index)


def factor(s: pd.Series, label: Callable[[pd.Series], pd.Series] | None = None) -> tuple[np.ndarray, pd.Index]:
    """(codes, values): the distinct values of s, or of label(s), sorted, and each row's position among them (-1 for
    a blank). `label` maps a Series elementwise and is given s's distinct values only (blanks included, as s.map
    would see them). Grouping by the codes groups and sorts as grouping by the column (or by its labels) does, at
    the price of integers: strings are grouped, compared and taken much slower, and rows repeat few values."""
    if label is None:
        codes, values = pd.factorize(s, sort=True)
        return codes, pd.Index(values)
    outer, distinct = pd.factorize(s, use_na_sentinel=False)
    inner, values = pd.factorize(label(pd.Series(distinct)), sort=True)
    return (inner[outer] if len(inner) else outer), pd.Index(values)


@lru_cache(maxsize=1 << 16)
def cached_norm(text: object) -> str:
    """schema.norm, remembered for the last 65536 texts: coach names repeat across calls and Clean objects."""
    return schema.norm(text)


def norm_keys(names: pd.Series) -> pd.Series:
    """schema.norm of each name (the coach comparison key), for a Series of distinct names (see `factor`); a name
    seen in an earlier call is not worked out again."""
    return names.map(cached_norm)


def distinct_per(code: np.ndarray, other: np.ndarray, n: int) -> np.ndarray:
    """For each code 0..n-1, how many distinct values of `other` (codes or row numbers, >= 0) go with it: the
    pairs' groupby nunique, by sorting one integer per pair (0 for a code without rows)."""
    code, other = code.astype(np.int64), other.astype(np.int64)
    span = int(other.max(initial=0)) + 1
    return np.bincount(distinct(code * span + other) // span, minlength=n)


def distinct(a: np.ndarray) -> np.ndarray:
    """np.unique(a) for integer codes: the distinct values, sorted. By sorting: numpy 2.4's np.unique (without
    return_counts) hashes first and took ~100 ms for 330k codes where a sort takes ~3 ms."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if len(a) else a
