"""Datakwaliteit: per tab the rows read, kept and rejected, and the rejects and warnings grouped by reason."""
from __future__ import annotations

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
    order = {t: i for i, t in enumerate(schema.TABS)}
    return tabs.map(order).fillna(len(order))


@kept
def rejects_for(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every rejected row of the chosen tabs (all when empty): tab, row, reason, values; tab order, then row."""
    r = c.rejects[c.rejects["tab"].isin(tabs)] if tabs else c.rejects
    r = r.assign(_t=_tab_rank(r["tab"])).sort_values(["_t", "row"]).drop(columns="_t")
    return r.reset_index(drop=True)


@kept
def reject_reasons(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per tab and reason: rejected rows (a row with two reasons counts under both), most first."""
    r = rejects_for(c, tabs)
    if r.empty:
        return pd.DataFrame(columns=["tab", "reason", "rows"])
    long = r.assign(reason=r["reason"].str.split("; ")).explode("reason")
    out = long.groupby(["tab", "reason"], as_index=False).size().rename(columns={"size": "rows"})
    return out.sort_values(["rows", "tab", "reason"], ascending=[False, True, True]).reset_index(drop=True)


@kept
def warnings_for(c: Clean, tabs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every warning of the chosen tabs: tab, row (empty: about the whole tab or column), column, message."""
    w = c.warnings[c.warnings["tab"].isin(tabs)] if tabs else c.warnings
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
    out = w.assign(kind=kind).groupby(["tab", "kind"], as_index=False).size().rename(columns={"size": "warnings"})
    return out.sort_values(["warnings", "tab", "kind"], ascending=[False, True, True]).reset_index(drop=True)
