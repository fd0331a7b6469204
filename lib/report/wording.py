"""How the report puts things in Dutch words: capitals, dates in a sentence, 'meer'/'minder', floors, sentences,
and a line of the most mentioned themes (lib.themes).

Numbers, euros and dates themselves are formatted by lib.fmt; this module only builds phrases around them.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from lib import fmt
from lib.themes import QUIET

NOTHING = re.compile(r"^\s*(geen bijzonderheden|niets bijzonders|n\.?v\.?t\.?|nee|-)\s*\.?\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÁÂÄÈÉÊËÍÎÏÓÔÖÚÛÜ'\"(])")


def blank(x: object) -> bool:
    """None, NaN or only spaces: nothing to say."""
    return x is None or (isinstance(x, float) and pd.isna(x)) or not str(x).strip()


def cap(text: str) -> str:
    """The first letter a capital, the rest as it is.

    >>> cap("in januari 2022")
    'In januari 2022'
    """
    return text[:1].upper() + text[1:]


def date(d: pd.Timestamp, whole: bool) -> str:
    """'wo 5 jan' inside a month; with the year over the whole project."""
    return f"{fmt.day_short(d)} {d.year}" if whole else fmt.day_short(d)


def compare(now: float, prev: float, one: str, many: str, decimals: int = 0) -> str:
    """How this month differs from the one before.

    >>> compare(10, 12.5, "coachuur", "coachuren", 1), compare(3, 2, "coach", "coaches")
    ('2,5 coachuren minder', '1 coach meer')
    >>> compare(4, 4, "ronde", "rondes")
    'evenveel rondes'
    """
    d = now - prev
    if abs(d) < 10 ** -(decimals + 1):
        return f"evenveel {many}"
    n = fmt.number(abs(d), decimals)
    return f"{n} {one if abs(d) == 1 else many} {'meer' if d > 0 else 'minder'}"


def span(start: pd.Timestamp, end: pd.Timestamp, whole: bool) -> str:
    """'5–7 jan' inside a month report (the year is on the cover), '30 dec 2021 – 2 jan 2022' otherwise."""
    text = fmt.date_range(start, end)
    return text if whole or start.year != end.year else text.replace(f" {end.year}", "")


def floor(f: object) -> str:
    """A floor as it reads in a sentence: 'verdieping 3', 'begane grond'; nothing for n.v.t. or blank.

    >>> floor("3"), floor("Begane grond"), floor("n.v.t.")
    ('verdieping 3', 'begane grond', '')
    """
    if blank(f) or f == "n.v.t.":
        return ""
    return f"verdieping {f}" if str(f).isdigit() else str(f).casefold()


def theme_line(counts: Counter[str], skip: tuple[str, ...] = (QUIET, "contact met bewoners"), top: int = 5) -> str:
    """'afval (4), verlichting (2) en lift (1)': the most mentioned themes, quiet ones left out."""
    parts = [f"{k} ({fmt.number(n)})" for k, n in counts.most_common() if k not in skip][:top]
    return fmt.join(parts)


def sentences(text: str) -> list[str]:
    """A text cut into its sentences (a new sentence starts with a capital, a digit or a quote)."""
    return [s.strip() for s in _SENTENCE.split(str(text).strip()) if s.strip()]
