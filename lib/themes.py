"""The simple keyword themes found in the coaches' own texts (observations, incidents): the report summarises a long
month by them and the monthly meeting's agenda names the most mentioned. A theme counts once per text.
"""
from __future__ import annotations

import re
from collections import Counter

import pandas as pd

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


def themes_in(text: str) -> list[str]:
    """The keyword themes a text mentions, in THEMES order.

    >>> themes_in("Lampen op de galerij kapot, verder rustig.")
    ['verlichting', 'rustig']
    """
    if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
        return []
    return [k for k, rx in _THEME_RE.items() if rx.search(text)]


def theme_counts(texts: list[str]) -> Counter[str]:
    """How many texts mention each theme (a text counts once per theme)."""
    out: Counter[str] = Counter()
    for t in texts:
        out.update(themes_in(t))
    return out
