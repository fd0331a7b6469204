"""Datakwaliteit: per tab the rows read, kept and rejected, and the rejects and warnings grouped by reason."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np
import pandas as pd

from lib import schema
from lib.clean import Clean
from lib.metrics.base import kept


@kept
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
    """Each tab's place in the contract order (other tabs last), looked up once per distinct tab."""
    order = {t: i for i, t in enumerate(schema.TABS)}
    code, distinct = pd.factorize(tabs, use_na_sentinel=False)
    ranks = pd.Series(distinct).map(order).fillna(len(order)).to_numpy()
    return pd.Series(ranks[code], index=tabs.index)


@kept
def rejects_for(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every rejected row of the chosen tabs (all when empty): tab, row, reason, values; tab order, then row."""
    r = c.rejects[c.rejects["tab"].isin(tabs)] if tabs else c.rejects
    rows = r["row"].tolist()
    if all(type(x) is int for x in rows):
        # the row numbers as integers (the column holds Python objects, slow to sort): a stable sort by tab rank,
        # then row, is the order sort_values gives
        order = np.lexsort((np.array(rows, dtype=np.int64), _tab_rank(r["tab"]).to_numpy()))
        return r.take(order).reset_index(drop=True)
    r = r.assign(_t=_tab_rank(r["tab"])).sort_values(["_t", "row"]).drop(columns="_t")
    return r.reset_index(drop=True)


@kept
def reject_reasons(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per tab and reason: rejected rows (a row with two reasons counts under both), most first."""
    r = rejects_for(c, tabs)
    if r.empty:
        return pd.DataFrame(columns=["tab", "reason", "rows"])
    out = _pair_counts(Counter(zip(r["tab"].tolist(), r["reason"].tolist())), "reason", "rows",
                       lambda reason: reason.split("; ") if isinstance(reason, str) else [])
    if out is None:
        long = r.assign(reason=r["reason"].str.split("; ")).explode("reason")
        out = long.groupby(["tab", "reason"], as_index=False).size().rename(columns={"size": "rows"})
    return out.sort_values(["rows", "tab", "reason"], ascending=[False, True, True]).reset_index(drop=True)


def _pair_counts(pairs: Counter, name: str, count: str, parts: Callable[[object], list]) -> pd.DataFrame | None:
    """Rows per tab and part, from rows per distinct (tab, text) pair, each text split into its parts once: what
    groupby(["tab", name]).size() gives over one row per part (blanks left out), sorted by tab, then part, without
    building those rows (a few dozen distinct pairs among ~20k rejects or warnings). None when no part is left."""
    acc: Counter = Counter()
    for (tab, text), n in pairs.items():
        if pd.isna(tab):
            continue
        for part in parts(text):
            if not pd.isna(part):
                acc[(tab, part)] += n
    if not acc:
        return None
    keys = sorted(acc)
    return pd.DataFrame({"tab": [k[0] for k in keys], name: [k[1] for k in keys], count: [acc[k] for k in keys]})


@kept
def warnings_for(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every warning of the chosen tabs: tab, row (empty: about the whole tab or column), column, message."""
    w = c.warnings[c.warnings["tab"].isin(tabs)] if tabs else c.warnings
    if isinstance(w["row"].dtype, pd.Int64Dtype):
        # a stable sort by tab rank, then row with the blanks first (as sort_values with na_position="first")
        row = w["row"].to_numpy(dtype=np.int64, na_value=0)
        row = np.where(w["row"].isna().to_numpy(), row.min(initial=0) - 1, row)
        return w.take(np.lexsort((row, _tab_rank(w["tab"]).to_numpy()))).reset_index(drop=True)
    w = w.assign(_t=_tab_rank(w["tab"])).sort_values(["_t", "row"], na_position="first").drop(columns="_t")
    return w.reset_index(drop=True)


@kept
def warning_kinds(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per tab and kind of warning (the message up to its first ':', so values typed by hand group together)."""
    w = warnings_for(c, tabs)
    if w.empty:
        return pd.DataFrame(columns=["tab", "kind", "warnings"])
    # worked out once per distinct message: thousands of warnings share a few dozen messages
    code, message = pd.factorize(w["message"], use_na_sentinel=False)
    kinds = pd.Series(message).astype(str).str.split(":", n=1).str[0].str.strip()
    kind = pd.Series(kinds.array.take(code), index=w.index)
    out = _pair_counts(Counter(zip(w["tab"].tolist(), kind.tolist())), "kind", "warnings", lambda k: [k])
    if out is None:
        out = w.assign(kind=kind).groupby(["tab", "kind"], as_index=False).size().rename(columns={"size": "warnings"})
    return out.sort_values(["warnings", "tab", "kind"], ascending=[False, True, True]).reset_index(drop=True)
