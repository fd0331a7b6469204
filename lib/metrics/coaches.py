"""The coaches behind the figures, worked out once per Clean: the pseudonym table, the roster by comparison key, and
the coach rows of the rounds as integer codes (key and month) for the hour and fee figures to group by."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.clean import Clean
from lib.metrics.base import cached_norm, each, factor, kept, norm_keys


@kept
def pseudonym_table(c: Clean) -> dict[str, str]:
    """lib.people.pseudonyms, once per Clean: norm(name) -> pseudonym."""
    from lib.people import pseudonyms

    return pseudonyms(c)


@kept
def roster_by_key(c: Clean) -> pd.DataFrame:
    """The roster indexed by the coach comparison key (schema.norm of the name; the first row of a name wins)."""
    return c.roster.assign(key=each(c.roster["name"], cached_norm)).drop_duplicates("key").set_index("key")


@dataclass(frozen=True)
class CoachRows:
    """c.round_coaches as numbers: per row the coach's key code and the month, and per key code the key's roster
    facts. Key codes sort as the keys do, so grouping by them groups and sorts as grouping by the keys."""

    key: np.ndarray  # per row: code of schema.norm(coach)
    month: np.ndarray  # per row: year * 12 + month - 1
    date: np.ndarray
    hours: np.ndarray
    pseudonym: np.ndarray  # per key code: the pseudonym (as on partner pages and in the report)
    under_21: np.ndarray  # per key code: under 21 on the roster (False when not on it or not filled in)


@kept
def coach_rows(c: Clean) -> CoachRows:
    """c.round_coaches as numbers, worked out once per Clean (see CoachRows)."""
    rc = c.round_coaches
    key, keys = factor(rc["coach"], norm_keys)
    dates = rc["date"]
    month = (dates.dt.year * 12 + dates.dt.month - 1).to_numpy(dtype=np.int64, na_value=-1)
    pseudo = pseudonym_table(c)
    flags = roster_by_key(c)["under_21"].astype(object)
    under = {k: bool(x) if isinstance(x, (bool, np.bool_)) else False
             for k, x in zip(flags.index.tolist(), flags.tolist(), strict=True)}
    names = keys.tolist()  # as a list: iterating a text Index value by value is several times slower
    return CoachRows(
        key=key, month=month, date=dates.to_numpy(), hours=rc["hours"].to_numpy(dtype=float),
        pseudonym=np.array([pseudo.get(k, "Coach") for k in names], dtype=object),
        under_21=np.array([under.get(k, False) for k in names], dtype=bool))


@kept
def name_codes(c: Clean) -> tuple[np.ndarray, pd.Index]:
    """factor(c.round_coaches["coach"]), once per Clean: each coach row's name as a code among the sorted names
    (-1 for a blank). A view's rows take their codes from here instead of factorizing their names again."""
    return factor(c.round_coaches["coach"])
