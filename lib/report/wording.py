"""How the report puts things in Dutch words: capitals, dates in a sentence, 'meer'/'minder', floors, and the simple
keyword themes it finds in the coaches' own texts (also used by the monthly meeting's agenda).

Numbers, euros and dates themselves are formatted by lib.fmt; this module only builds phrases around them.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from lib import fmt

# Simple keyword themes for the coaches' own texts. A theme counts once per text when one of its word stems occurs
# at the start of a word (so "lamp" also finds "lampen", "lantaarn" finds "lantaarnpaal").
THEMES: dict[str, tuple[str, ...]] = {
    "verlichting": ("verlichting", "lamp", "licht", "lantaarn", "donker"),
    "afval": ("afval", "vuil", "zwerfvuil", "container", "vuilniszak", "grofvuil", "gedumpt", "rommel", "matras"),
    "slapers": ("slaper", "slaapplek", "slaapzak", "sliep", "slapen", "dakloos", "nachtopvang"),
    "jongeren": ("jongeren", "jongens", "hangjongeren", "scooter", "lachgas"),
    "lift": ("lift",),
    "deuren en sloten": ("slot", "intercom", "opengebroken", "branddeur", "voordeur", "deur van", "deur naar",
                         "deur staat", "deur is", "deur of", "deur open", "deuren open", "hek"),
    "urine en poep": ("urine", "plas", "geplast", "poep", "uitwerpselen", "stinkt"),
    "drugs": ("drugs", "dealen", "deal", "blowen", "wiet", "spuiten", "zilverpapier"),
    "graffiti en vernieling": ("graffiti", "tags", "beklad", "vernield", "vernieling", "ingeslagen", "bekrast"),
    "geluid": ("geluid", "muziek", "geschreeuw", "blaft", "lawaai"),
    "vuurwerk": ("vuurwerk",),
    "onveilig gevoel": ("onveilig", "veilig voel", "niet veilig", "bang"),
    "ratten": ("rat", "ratten", "ongedierte"),
    "lekkage": ("lekkage", "lek", "lekkende"),
    "storm": ("storm", "omgewaaid", "losgewaaid", "takken"),
    "contact met bewoners": ("bewoner", "bewoonster", "praatje", "gesproken", "aangesproken", "bedankte", "gegroet"),
    "rustig": ("rustig", "was stil", "erg stil", "stil op straat", "niets bijzonders", "alles in orde",
               "geen bijzonderheden", "deuren dicht", "paden schoon"),
}
_THEME_RE = {k: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
             for k, words in THEMES.items()}
QUIET = "rustig"
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


def themes_in(text: str) -> list[str]:
    """The keyword themes a text mentions, in THEMES order.

    >>> themes_in("Lampen op de galerij kapot, verder rustig.")
    ['verlichting', 'rustig']
    """
    if blank(text):
        return []
    return [k for k, rx in _THEME_RE.items() if rx.search(text)]


def theme_counts(texts: list[str]) -> Counter[str]:
    """How many texts mention each theme (a text counts once per theme)."""
    out: Counter[str] = Counter()
    for t in texts:
        out.update(themes_in(t))
    return out


def theme_line(counts: Counter[str], skip: tuple[str, ...] = (QUIET, "contact met bewoners"), top: int = 5) -> str:
    """'afval (4), verlichting (2) en lift (1)': the most mentioned themes, quiet ones left out."""
    parts = [f"{k} ({fmt.number(n)})" for k, n in counts.most_common() if k not in skip][:top]
    return fmt.join(parts)


def sentences(text: str) -> list[str]:
    """A text cut into its sentences (a new sentence starts with a capital, a digit or a quote)."""
    return [s.strip() for s in _SENTENCE.split(str(text).strip()) if s.strip()]
