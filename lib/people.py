"""How coaches are called where their names are not shown: one pseudonym table for pages, payout and report,
and `People`, which names them in a text (the report, the minutes) by pseudonym or, when chosen, by name.

Roster coaches get the Pseudoniem from tab Coaches (numbered 'Coach N' when it is empty, equal to the name, or
taken twice); a name on rounds or signals that is not on the roster gets 'Coach buiten rooster N'.
"""
from __future__ import annotations

import pandas as pd

from lib import fmt, schema
from lib.clean import Clean
from lib.metrics.base import cached_norm


def pseudonyms(c: Clean) -> dict[str, str]:
    """norm(name) -> pseudonym for every coach in the roster, and for names on rounds/signals not in it."""
    # cached_norm (schema.norm, remembered): the same names come back with every read of the sheet
    out: dict[str, str] = {}
    used: set[str] = set()
    # tolist(): iterating a text column cell by cell is several times slower than taking it as a list at once
    names = c.roster["name"].tolist()
    for name, pseudo in zip(names, c.roster["pseudonym"].tolist(), strict=True):
        key = cached_norm(name)
        if not key or key in out:
            continue
        p = pseudo.strip() if isinstance(pseudo, str) else ""
        p_key = cached_norm(p) if p else ""
        if not p or p_key == key or p_key in used:
            p = ""
        out[key] = p
        if p:
            used.add(p_key)
    i = 0
    for key in [k for k, p in out.items() if not p]:  # no (usable) pseudonym in the roster: number them
        i += 1
        while cached_norm(f"Coach {i}") in used:
            i += 1
        out[key] = f"Coach {i}"
        used.add(cached_norm(out[key]))
    # Each distinct name once, in order of first appearance on rounds, coach rows, then signals. A name written
    # exactly as on the roster has its key in the table already: most names are, and need no schema.norm.
    on_roster = set(names)
    seen = dict.fromkeys(x for col in (c.rounds["coach"], c.round_coaches["coach"], c.signals["coach"])
                         for x in pd.unique(col.dropna()).tolist() if x not in on_roster)
    extra = 0
    for name in seen:
        key = cached_norm(name)
        if key and key not in out:
            extra += 1
            out[key] = f"Coach buiten rooster {extra}"
    return out


class People:
    """How coaches are named in one text: pseudonyms (tab Coaches) or, when the coordinator chooses it, their names."""

    def __init__(self, c: Clean, names: bool):
        self.names = names
        # the same table as the partner pages and the payout, so a report and the dashboard agree
        self._pseudo = pseudonyms(c)

    def label(self, name: str) -> str:
        if self.names:
            return str(name).strip()
        return self._pseudo.get(schema.norm(name)) or "Coach"

    def labels(self, names: list[str]) -> str:
        return fmt.join([self.label(n) for n in names])
