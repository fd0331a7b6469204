"""Dutch formatting for everything a user reads: euros, numbers, dates, weeks (babel, nl_NL, Europe/Amsterdam)."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"
TZ = "Europe/Amsterdam"


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NaT


def euro(x: float | None, cents: bool = True) -> str:
    """€ 7.200,00 (or € 7.200 without cents); '–' when unknown."""
    if _missing(x):
        return "–"
    fmt = "¤ #,##0.00" if cents else "¤ #,##0"
    return format_currency(x, "EUR", format=fmt, locale=LOCALE, currency_digits=False)


def number(x: float | None, decimals: int = 0) -> str:
    """1.234 or 2,5; '–' when unknown."""
    if _missing(x):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(x, format=pattern, locale=LOCALE)


def hours(x: float | None) -> str:
    """Hours with one decimal: '12,5 u'."""
    return "–" if _missing(x) else f"{number(x, 1)} u"


def percent(x: float | None) -> str:
    return "–" if _missing(x) else f"{number(100 * x, 0)}%"


def day(d: dt.date | pd.Timestamp | None, long: bool = False) -> str:
    """'1 dec 2021' (or '1 december 2021')."""
    if _missing(d):
        return "–"
    if isinstance(d, pd.Timestamp):
        d = d.date()
    return format_date(d, "d MMMM y" if long else "d MMM y", locale=LOCALE).replace(".", "")


def day_short(d: dt.date | pd.Timestamp) -> str:
    """'wo 1 dec'."""
    if isinstance(d, pd.Timestamp):
        d = d.date()
    return format_date(d, "EEE d MMM", locale=LOCALE).replace(".", "")


def moment(t: dt.datetime | pd.Timestamp | None) -> str:
    """'1 dec 2021 19:03' in Amsterdam time (naive values are taken as Amsterdam wall time)."""
    if _missing(t):
        return "–"
    if isinstance(t, pd.Timestamp):
        t = t.to_pydatetime()
    if t.tzinfo is None:
        return format_datetime(t, "d MMM y HH:mm", locale=LOCALE).replace(".", "")
    return format_datetime(t, "d MMM y HH:mm", tzinfo=TZ, locale=LOCALE).replace(".", "")


def clock(seconds: float | None) -> str:
    if _missing(seconds):
        return "–"
    s = int(round(seconds))
    return f"{s // 3600 % 24:02d}:{s % 3600 // 60:02d}"


def month(m: str | None, capital: bool = False) -> str:
    """'2022-01' -> 'januari 2022'; None -> 'hele project'."""
    if not m:
        return "Hele project" if capital else "hele project"
    d = dt.date.fromisoformat(m + "-01")
    text = format_date(d, "MMMM y", locale=LOCALE)
    return text[:1].upper() + text[1:] if capital else text


def week(label: str) -> str:
    """'2022-W03' -> 'week 3 (2022)'."""
    year, w = label.split("-W")
    return f"week {int(w)} ({year})"


def date_range(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'3–7 jan' or '30 dec – 2 jan'."""
    if start.month == end.month and start.year == end.year:
        return f"{start.day}–{day(end)}"
    return f"{day(start)} – {day(end)}"


def literal(text: object, limit: int = 40) -> str:
    """Text from outside (a URL parameter, a login's e-mail) for a Markdown element (st.caption, st.toast, st.error):
    as inline code, so nothing in it becomes a link, an image, a colour or a formula. Backslash escapes alone do
    not do that: Streamlit's Markdown turns a bare https://… in plain text into a link after escapes are undone.
    One line, at most `limit` characters, backticks replaced (they would end the code span)."""
    s = " ".join(str(text).split())[:limit].replace("`", "'")
    return f"`{s}`" if s else "``"


def count(n: int, one: str, many: str) -> str:
    """A number with the word that fits it.

    >>> count(1, "ronde", "rondes"), count(1250, "ronde", "rondes")
    ('1 ronde', '1.250 rondes')
    """
    return f"{number(n)} {one if n == 1 else many}"


def join(items: list[str]) -> str:
    """A Dutch list: commas, and 'en' before the last item; empty items are left out.

    >>> join(["Coach A", "", "Coach B", "Coach C"])
    'Coach A, Coach B en Coach C'
    >>> join(["Coach A"]), join([])
    ('Coach A', '')
    """
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]
