"""The residents' and the coaches' privacy: each role's view of the clean data, the text scrubber, small counts.

`for_role(clean, role)` is applied once, centrally (lib/ui/page.py), so a page draws the role's view without
thinking about it:
- coordinator and demo: everything (the demo is made up);
- partner: coaches by pseudonym everywhere (rounds, round_coaches, signals, roster, org_hours), every free text
  scrubbed of phone numbers, e-mail addresses, postcodes, house numbers and coach names, the age group dropped,
  photo links dropped on signals about people; the fee-related frames keep their numbers (Budget needs them) and
  the fee pages are closed to partners by lib.access.PAGES;
- coach: only the roster's names (the intake form's name list); every other frame is empty.

Small counts of person-related kinds (schema.PERSON_KINDS) are masked by the pages that show counts per kind, with
`mask_small_counts` (tables: "< 3") or `suppress_small_counts` (charts: left out). No Streamlit here.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

import pandas as pd

from lib import access, schema
from lib.access import Role
from lib.clean import Clean
from lib.people import pseudonyms

SMALL = 3  # counts 1 .. SMALL-1 of a person-related kind are masked
MASKED = "< 3"
SMALL_COUNT_NOTE = ("Aantallen van 1 of 2 bij Slapers, Hangjongeren en Drugsgebruik/-handel staan er als "
                    "'< 3' (of zijn weggelaten uit de grafiek): zo zijn bewoners niet te herkennen.")

# What a scrubbed detail reads as (Dutch, so a partner sees that something was left out, and what kind of thing).
PHONE, EMAIL, POSTCODE, HOUSE_NO, NAME = "[telefoon]", "[e-mail]", "[postcode]", "[huisnr]", "[naam]"


def masks_counts(role: Role | None) -> bool:
    """Outside the coordinator's view (and the made-up demo), small person-related counts are masked."""
    return not access.may(role, access.SEE_SMALL_COUNTS)


# --- the scrubber -------------------------------------------------------------------------------------------

_SEP = r"(?:\)?[ \t]?[-.][ \t]?|\)?[ \t]|\))?"  # between digits: '-', '.', a space, ' - ', ') '
_D = r"\d" + _SEP
# Dutch numbers: 0 + 9 digits (06-12345678, 020-1234567, 0201234567, 06 12 34 56 78), or +31 / 0031 and the same
# 9 digits without the 0 (also written +31 (0)6 ...). Not inside a longer number, a date or a time (22:30).
_PHONE = re.compile(
    r"(?<![\w+/-])(?<!\d[ \t.])"
    r"(?:(?:\+|00)[ \t]?31[ \t]?(?:\(0\)[ \t]?)?[-.]?[ \t]?|\(?0)"
    + _D * 8 + r"\d"
    r"(?![\d:]|[-./]\d)"
)
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)
# 1104 AB, 1104AB, 1104 ab (letters in capitals, or small letters written with the number or after 'postcode').
_POSTCODE = re.compile(
    r"\b[1-9]\d{3}[ \t]?(?!SA\b|SD\b|SS\b)[A-Z]{2}\b"  # capitals, with or without the space
    r"|\b[1-9]\d{3}(?!km|cm|mm|kg|mg|ml|gr|st|uu)[a-z]{2}\b"  # small letters written against the number
    r"|(?i:(?:(?<=postcode )|(?<=postcode:)|(?<=postcode: ))[1-9]\d{3}[ \t]?[a-z]{2}\b)"  # after 'postcode'
)
# Streets and towers of the K-buurt whose names are written without a street suffix; plus any ...straat etc.
_STREETS = (*schema.TOWERS, "Kraaiennest", "Karspeldreef", "Kantershof", "Kikkenstein", "Koornhorst", "Kelbergen",
            "Kruitberg", "Kromme Mijdrechtstraat", "Kortvoort", "Kleiburg", "Kleiburgpad", "Kralenbeekpad",
            "Kouwenoordpad")
_STREET_SUFFIX = r"(?:straat|laan|weg|dreef|plein|pad|hof|kade|gracht|singel|dijk|steeg|park|hoven|boulevard|erf)"
# What follows a number that makes it a count, a floor, a time or a duration rather than a house number.
_NOT_A_HOUSE = (r"e|de|ste|ste\b|x|keer|maal|uur|u|min|minuten|seconden|dagen|weken|personen|mensen|man|mannen|"
                r"vrouwen|jongeren|jongens|meisjes|kinderen|slapers|bewoners|gebruikers|dealers|zakken|vuilniszakken|"
                r"stuks|hoog|verdieping|verdiepingen|etage|etages|trappen|liften|meter|m|km|graden|procent|%|euro|"
                r"jan|januari|feb|februari|mrt|maart|apr|april|mei|jun|juni|jul|juli|aug|augustus|sep|sept|"
                r"september|okt|oktober|nov|november|dec|december")
_HOUSE_NO_PART = r"\d{1,4}(?:[ \t]?-[ \t]?\d{1,3}|[ \t]?[A-Za-z](?![A-Za-z])|[ \t](?:I{1,3}|hs|huis|bis)\b)?"
_AFTER_STREET = re.compile(
    r"(?P<street>\b(?:" + "|".join(re.escape(s) for s in _STREETS) + r"|[A-Z][a-zà-ÿ]+" + _STREET_SUFFIX + r")"
    r"(?:[ \t]+(?:nr\.?|nummer|no\.?))?[ \t]+)"
    r"(?P<no>" + _HOUSE_NO_PART + r")"
    r"(?![\d:,.-]\d)(?![ \t]*(?:" + _NOT_A_HOUSE + r")\b)(?![\w/])",
    re.IGNORECASE,
)
# 'huisnummer 12', 'huisnr. 12', 'nr. 12', 'nummer 12', 'deur 314', 'woning 12', 'appartement 12b'
_MARKED = re.compile(
    r"(?P<mark>\b(?:huisnummer|huisnr\.?|nr\.|nr|nummer|no\.|deur|voordeur|woning|appartement|app\.)[ \t]*:?[ \t]*)"
    r"(?P<no>" + _HOUSE_NO_PART + r")(?![\d:,.-]\d)(?![\w/])",
    re.IGNORECASE,
)
# Not a house: 'lift nummer 2', 'trap nr 3', 'ingang nummer 1', 'container nr 4', 'bus 4', 'portiek 2' are kept.
_MARK_EXCEPT = re.compile(r"\b(?:lift|liften|trap|trappenhuis|ingang|container|bus|tram|metro|lijn|week|kamer|"
                          r"ronde|melding|ticket|signalen|verdieping|etage)\s*$", re.IGNORECASE)
_PART = r"(?:van de|van der|van den|van|de|der|den|ten|ter|el|al)"
# A resident named with a title: 'mevrouw Jansen', 'dhr. De Vries', 'familie El Khatib', 'mw van Dam'
_TITLED = re.compile(
    r"(?P<title>\b(?i:mevrouw|meneer|mevr\.?|mw\.?|dhr\.?|de heer|familie|fam\.?|buurman|buurvrouw)[ \t]+)"
    r"(?P<name>(?:" + _PART + r"[ \t]+)?[A-Z][\w'-]+(?:[ \t]+(?:" + _PART + r"[ \t]+)?[A-Z][\w'-]+){0,2})"
)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character to one lower-case base letter (Ş -> s, ı -> i), so positions in the text stay the same."""
    special = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "s", "æ": "a", "œ": "o"}
    low = ch.lower()
    if low in special:
        return special[low]
    base = unicodedata.normalize("NFKD", low)[:1]
    return base if len(low) == 1 and base else (low[:1] or ch)


def fold(text: str) -> str:
    """Lower case, accents off, same length as the input (for finding names written without their accents)."""
    if text.isascii():
        return text.lower()  # the common case; ASCII lower() keeps the length
    return "".join(map(_fold_char, text))


_PARTICLES = {"van", "de", "der", "den", "ten", "ter", "el", "al", "la", "le", "da", "dos", "di", "het", "'t", "in"}


def name_variants(names: Iterable[str]) -> list[str]:
    """Full names, first names and surnames (with their particles), folded, longest first."""
    out: set[str] = set()
    for n in names:
        n = re.sub(r"\s+", " ", str(n or "")).strip()
        if not n:
            continue
        out.add(fold(n))
        words = n.split(" ")
        if len(words) > 1:
            if len(words[0]) >= 3 and words[0].casefold() not in _PARTICLES:
                out.add(fold(words[0]))
            rest = words[1:]
            surname = " ".join(rest)
            core = [w for w in rest if w.casefold() not in _PARTICLES]
            if len(surname) >= 3:
                out.add(fold(surname))
            if core and len(" ".join(core)) >= 3:
                out.add(fold(" ".join(core)))
    return sorted((v for v in out if len(v) >= 3), key=len, reverse=True)


def names_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One compiled pattern for many texts (matches the folded text: see `fold`)."""
    variants = name_variants(names)
    if not variants:
        return None
    alts = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
    return re.compile(r"(?<![\w@.])(?:" + alts + r")(?![\w@])")


def _replace_numbers(pattern: re.Pattern, text: str, guard: re.Pattern | None = None) -> str:
    def sub(m: re.Match) -> str:
        if guard is not None and guard.search(text[: m.start()]):
            return m.group(0)
        return m.group(1) + HOUSE_NO
    return pattern.sub(sub, text)


def scrub(text: object, names: Iterable[str] | re.Pattern | None = ()) -> object:
    """The text with personal details replaced: e-mail, phone numbers, postcodes, house numbers, names.

    `names` are the people to hide by name (the coaches from the roster): full names, first names and surnames
    are replaced, case and accents ignored. Residents named with a title ('mevrouw Jansen') are replaced too.
    Anything that is not a string (NaN, None) is returned as it is.
    """
    if not isinstance(text, str) or not text:
        return text
    out = _EMAIL.sub(EMAIL, text)
    out = _PHONE.sub(PHONE, out)
    out = _POSTCODE.sub(POSTCODE, out)
    out = _replace_numbers(_AFTER_STREET, out)
    out = _replace_numbers(_MARKED, out, _MARK_EXCEPT)
    out = _TITLED.sub(lambda m: m.group(0) if _is_place(m.group("name")) else m.group("title") + NAME, out)
    pattern = names if isinstance(names, re.Pattern) else names_pattern(names or ())
    if pattern is not None:
        folded = fold(out)
        spans = [m.span() for m in pattern.finditer(folded)]
        for start, end in reversed(spans):
            out = out[:start] + NAME + out[end:]
    return out


def _is_place(name: str) -> bool:
    """'van Kouwenoord' after 'mevrouw' is where she lives, not her name."""
    words = [w for w in name.split() if w.casefold() not in _PARTICLES]
    rest = schema.norm(" ".join(words))
    return any(rest.startswith(schema.norm(s)) for s in _STREETS)


def scrub_series(s: pd.Series, names: re.Pattern | Iterable[str] | None) -> pd.Series:
    pattern = names if isinstance(names, re.Pattern) or names is None else names_pattern(names)
    return s.map(lambda t: scrub(t, pattern))


def text_scrubber(c: Clean, names: bool) -> Callable[[str], str]:
    """What happens to a free text (an observation, a description) before it goes into a report or the minutes.

    With names chosen (the coordinator's own copy) the text stays as the coach wrote it; otherwise `scrub` replaces
    phone numbers, e-mail addresses, postcodes, house numbers, residents named with a title and everyone in
    `_people` (one compiled pattern for the whole report). A blank text becomes ''.
    """
    pattern = None if names else names_pattern(_people(c))

    def one(text: object) -> str:
        if text is None or (isinstance(text, float) and pd.isna(text)) or not str(text).strip():
            return ""
        return str(text).strip() if names else str(scrub(str(text).strip(), pattern))

    return one


# --- small counts -------------------------------------------------------------------------------------------

def _is_person_kind(value: object) -> bool:
    if isinstance(value, (list, tuple, set)):
        return any(_is_person_kind(v) for v in value)
    if not isinstance(value, str):
        return False
    parts = {schema.norm(p) for p in value.split(", ")} | {schema.norm(value)}
    return any(schema.norm(k) in parts for k in schema.PERSON_KINDS)


def _small(v: object) -> bool:
    try:
        return 0 < float(v) < SMALL
    except (TypeError, ValueError):
        return False


def _targets(df: pd.DataFrame, count_col: str | Sequence[str], kind_col: str | None) -> tuple[list[str], pd.Series]:
    cols = [count_col] if isinstance(count_col, str) else list(count_col)
    if kind_col is None:
        rows = pd.Series(True, index=df.index)
    else:
        rows = df[kind_col].map(_is_person_kind).astype(bool)
    return cols, rows


def mask_small_counts(df: pd.DataFrame, count_col: str | Sequence[str], role: Role | None,
                      kind_col: str | None = None) -> pd.DataFrame:
    """A display copy of a count table in which counts 1 and 2 of person-related kinds read "< 3" for partners.

    `kind_col` names the column with the kind (Soort); rows of other kinds keep their counts. Without `kind_col`
    every row counts as person-related (a table already filtered to, say, Slapers). `count_col` may be several
    columns (a table with a column per kind: pass the person-kind columns). 0 stays 0: nothing to hide.
    For a partner the count columns are text ("12", "< 3"), always, so a table has one type per column (Arrow
    needs that) whether or not this month has a small count; for the coordinator they stay numbers.
    """
    from lib import fmt

    out = df.copy()
    if not masks_counts(role):
        return out
    cols, rows = _targets(out, count_col, kind_col)
    for c in cols:
        if c not in out.columns:
            continue
        hit = rows & out[c].map(_small)
        text = out[c].map(lambda v: "" if v is None or (isinstance(v, float) and v != v) else
                          fmt.number(v) if isinstance(v, (int, float)) else str(v))
        out[c] = text.where(~hit, MASKED).astype(object)
    return out


def suppress_small_counts(df: pd.DataFrame, count_col: str | Sequence[str], role: Role | None,
                          kind_col: str | None = None) -> pd.DataFrame:
    """For charts: the same cells as `mask_small_counts`, left out (one count column: rows dropped; several: NaN).

    `attrs["suppressed"]` tells how many were left out, for a caption (SMALL_COUNT_NOTE).
    """
    out = df.copy()
    out.attrs["suppressed"] = 0
    if not masks_counts(role) or out.empty:
        return out
    cols, rows = _targets(out, count_col, kind_col)
    cols = [c for c in cols if c in out.columns]
    hits = {c: rows & out[c].map(_small) for c in cols}
    n = int(sum(h.sum() for h in hits.values()))
    if len(cols) == 1:
        out = out[~hits[cols[0]]].copy()
    else:
        for c, h in hits.items():
            out[c] = out[c].astype(float).where(~h)
    out.attrs["suppressed"] = n
    return out


def count_text(n: int | float, role: Role | None, kind: str | None = None) -> str:
    """One count as text for a metric or a sentence: "< 3" where a table would mask it."""
    from lib import fmt

    if masks_counts(role) and (kind is None or _is_person_kind(kind)) and _small(n):
        return MASKED
    return fmt.number(n)


# --- each role's view of the data ---------------------------------------------------------------------------

def _people(c: Clean) -> list[str]:
    """Everyone to hide by name: the roster, coaches named on rounds and signals, organisation-hours names."""
    names = pd.concat([c.roster["name"], c.rounds["coach"], c.round_coaches["coach"], c.signals["coach"],
                       c.org_hours["name"]], ignore_index=True).dropna().astype(str)
    co = c.rounds["coaches"].explode().dropna().astype(str) if len(c.rounds) else pd.Series(dtype=str)
    return sorted(set(names) | set(co))


def _pseudo(series: pd.Series, table: dict[str, str]) -> pd.Series:
    return series.map(lambda n: table.get(schema.norm(n), "Coach") if isinstance(n, str) and n.strip() else n)


def _scrub_cols(df: pd.DataFrame, cols: Iterable[str], pattern: re.Pattern | None) -> pd.DataFrame:
    df = df.copy()
    for col in cols:
        if col in df.columns:
            df[col] = scrub_series(df[col], pattern)
    return df


MEETING_NOTES = tuple(f.key for f in schema.MEETINGS.fields if f.kind == schema.Kind.PARAGRAPH)


def _partner_view(c: Clean) -> Clean:
    table = pseudonyms(c)
    pattern = names_pattern(_people(c))

    rounds = _scrub_cols(c.rounds, ("obs_general", "obs_round", "incidents"), pattern)
    rounds["coach"] = _pseudo(rounds["coach"], table)
    rounds["coaches"] = rounds["coaches"].map(
        lambda xs: [table.get(schema.norm(x), "Coach") for x in xs] if isinstance(xs, (list, tuple)) else xs)
    round_coaches = c.round_coaches.assign(coach=_pseudo(c.round_coaches["coach"], table))

    signals = _scrub_cols(c.signals, ("description",), pattern)
    signals["coach"] = _pseudo(signals["coach"], table)
    # Photos of signals about people (sleepers, youths, drug use) can show them: not in the partner's view.
    about_people = signals["kinds"].map(_is_person_kind).astype(bool)
    signals["photo"] = signals["photo"].where(~about_people, "")

    roster = c.roster.copy()
    roster["name"] = _pseudo(roster["name"], table)
    roster["under_21"] = pd.array([pd.NA] * len(roster), dtype="boolean")  # the age group is the coordinator's

    org_staff = {schema.norm(n): table.get(schema.norm(n)) for n in c.org_hours["name"].dropna().unique()}
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for k, v in org_staff.items():
        if not v:
            org_staff[k] = f"Medewerker {next(letters, '?')}"
    org_hours = _scrub_cols(c.org_hours, ("description",), pattern)
    org_hours["name"] = org_hours["name"].map(
        lambda n: org_staff.get(schema.norm(n), "Medewerker") if isinstance(n, str) else n)

    return replace(
        c,
        rounds=rounds,
        round_coaches=round_coaches,
        round_locations=c.round_locations.copy(),
        signals=signals,
        roster=roster,
        costs=_scrub_cols(c.costs, ("description",), pattern),
        org_hours=org_hours,
        actions=_scrub_cols(c.actions, ("action", "note"), pattern),
        budget=c.budget.copy(),
        rejects=_scrub_cols(c.rejects, ("values", "reason"), pattern),
        warnings=_scrub_cols(c.warnings, ("message", "column"), pattern),
        access_links=c.access_links.iloc[0:0].copy(),  # the coordinator's business: which links exist
        sheet_settings=c.sheet_settings.iloc[0:0].copy(),  # mail addresses
        meetings=_scrub_cols(c.meetings, MEETING_NOTES, pattern),
    )


def _coach_view(c: Clean) -> Clean:
    """The intake page needs the names for 'Naam flatcoach'; nothing else of anyone."""
    def empty(df: pd.DataFrame) -> pd.DataFrame:
        return df.iloc[0:0].copy()

    keep = [col for col in ("row", "name", "pseudonym", "active_from", "active_to") if col in c.roster.columns]
    roster = c.roster.copy()
    for col in roster.columns:
        if col not in keep:
            roster[col] = pd.NA
    return replace(
        c, rounds=empty(c.rounds), round_coaches=empty(c.round_coaches), round_locations=empty(c.round_locations),
        signals=empty(c.signals), roster=roster, costs=empty(c.costs), org_hours=empty(c.org_hours),
        actions=empty(c.actions), budget=c.budget.copy(), rejects=empty(c.rejects), warnings=empty(c.warnings),
        access_links=empty(c.access_links), sheet_settings=empty(c.sheet_settings), meetings=empty(c.meetings),
    )


def _source_for_all(c: Clean) -> str:
    """Where the data comes from, without the sheet key's first characters ("Google Sheet 1AbCdE…"): an identifier
    for the coordinator only (#16.3)."""
    return "Google Sheet" if c.shape == "api" else c.source


def for_role(c: Clean, role: Role | None) -> Clean:
    """The role's view of the clean data (see the module docstring). Deterministic; the input is not changed."""
    if access.may(role, access.SEE_ALL):
        return c
    if role == Role.PARTNER:
        return replace(_partner_view(c), source=_source_for_all(c))
    if role == Role.COACH:
        return replace(_coach_view(c), source=_source_for_all(c))
    raise ValueError("no view without a role")
