"""How coaches are called where their names are not shown: one pseudonym table for pages, payout and report,
and `People`, which names them in a text (the report, the minutes) by pseudonym or, when chosen, by name.

Roster coaches get the Pseudoniem from tab Coaches (numbered 'Coach N' when it is empty, equal to the name, or
taken twice); a name on rounds or signals that is not on the roster gets 'Coach buiten rooster N'.
"""
from __future__ import annotations

import pandas as pd

from lib import fmt, schema
from lib.clean import Clean


def pseudonyms(c: Clean) -> dict[str, str]:
    """norm(name) -> pseudonym for every coach in the roster, and for names on rounds/signals not in it."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name, pseudo in zip(c.roster["name"], c.roster["pseudonym"], strict=True):
        key = schema.norm(name)
        if not key or key in out:
            continue
        p = str(pseudo).strip() if isinstance(pseudo, str) and pseudo.strip() else ""
        if not p or schema.norm(p) == key or schema.norm(p) in used:
            p = ""
        out[key] = p
        if p:
            used.add(schema.norm(p))
    i = 0
    for key in [k for k, p in out.items() if not p]:  # no (usable) pseudonym in the roster: number them
        i += 1
        while schema.norm(f"Coach {i}") in used:
            i += 1
        out[key] = f"Coach {i}"
        used.add(schema.norm(out[key]))
    seen = pd.concat([c.rounds["coach"], c.round_coaches["coach"], c.signals["coach"]], ignore_index=True)
    extra = 0
    for name in pd.unique(seen.dropna()):  # each distinct name once, in order of first appearance
        key = schema.norm(name)
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
