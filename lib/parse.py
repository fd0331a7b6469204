"""Vectorised cell readers: one column of raw cells in, typed values plus an 'unreadable' mask out.

A column can hold any mix of the three shapes a spreadsheet reaches us in: locale strings from CSV (Dutch
`1-12-2021 19:03:22`, `2,5` or US `12/1/2021 7:03:22 PM`, `2.5`), typed cells from xlsx (datetime, time, float)
and serial numbers from the Sheets API (days since 1899-12-30). Every reader returns NaN/NaT for a blank cell and
marks a non-blank cell it cannot read, so the cleaner can reject the row with a reason instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from functools import wraps
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

SERIAL_EPOCH = pd.Timestamp("1899-12-30")
# Serial numbers outside this range are not dates of this programme (1950..2150); a stray "12" is not a date.
_SERIAL_MIN, _SERIAL_MAX = 18264, 91311


STR = "str"  # pandas' Arrow-backed string dtype: its .str methods run in C++, not a Python loop per cell
# White space spelled out: a regex with \s (or a \u escape) makes pandas fall back to Python's re per cell.
WS = "[ \t\n\r\f\v\xa0\u2007\u202f]"


# The cleaner asks several readers about the same column (is it blank? which cells are text? the text itself):
# each answer is worked out once per column object and kept while that object lives.
_PER_COLUMN: dict[tuple[str, int], tuple[weakref.ref, pd.Series]] = {}


def _per_column(fn: Callable[[pd.Series], Any]) -> Callable[[pd.Series], Any]:
    def handed_out(out: Any) -> Any:  # copy-on-write: a caller changing a Series changes its own copy
        return out.copy(deep=False) if isinstance(out, pd.Series) else out

    @wraps(fn)
    def wrapper(s: pd.Series) -> Any:
        key = (fn.__name__, id(s))
        hit = _PER_COLUMN.get(key)
        if hit is not None and hit[0]() is s:
            return handed_out(hit[1])
        out = fn(s)
        _PER_COLUMN[key] = (weakref.ref(s, lambda _r, k=key: _PER_COLUMN.pop(k, None)), out)
        return handed_out(out)

    return wrapper


@_per_column
def _missing(s: pd.Series) -> pd.Series:
    """True where a cell is None or NaN (asked by several readers of the same column)."""
    # A text column's Arrow copy knows its missing cells (None, NaN, NA: the only non-strings it can hold).
    return _trimmed(s).isna() if _text_only(s) else s.isna()


@_per_column
def _text_only(s: pd.Series) -> bool:
    """Whether every cell is a string or empty (every CSV column, and the text columns of the API's)."""
    return s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty")


def text_only(s: pd.Series) -> bool:
    """Whether every cell of the column is a string or empty (no number, date or time in it)."""
    return _text_only(s)


@_per_column
def _types(s: pd.Series) -> pd.Series:
    """The Python type of each cell. A column of only strings (every CSV) skips the per-cell look."""
    if _text_only(s):
        return pd.Series(np.where(_missing(s).to_numpy(), type(None), str), index=s.index)
    return s.map(type)


@_per_column
def _is_str(s: pd.Series) -> pd.Series:
    """True where a cell is a Python string (worked out once per column; a text column needs no types at all)."""
    return ~_missing(s) if _text_only(s) else _types(s) == str


@_per_column
def _trimmed(s: pd.Series) -> pd.Series:
    """The whole column as trimmed strings, NaN where a cell is not a string: one Arrow conversion and one trim per
    column, shared by blank, text and the readers (each used to convert and trim the column again)."""
    values = s.to_numpy(dtype=object)
    if not _text_only(s):
        values = np.where(_is_str(s).to_numpy(), values, None)  # numbers, dates and NaN are not text here
    arr = pc.utf8_trim_whitespace(pa.array(values, type=pa.large_string(), from_pandas=True))
    return pd.Series(pd.array(arr, dtype=STR), index=s.index)


def _stripped(s: pd.Series, is_str: np.ndarray) -> pd.Series:
    return _trimmed(s)[is_str]


@_per_column
def blank(s: pd.Series) -> pd.Series:
    """True where a cell is empty: None, NaN, or only white space."""
    out = _missing(s).to_numpy() | (_trimmed(s) == "").to_numpy()
    return pd.Series(out, index=s.index)


@_per_column
def text(s: pd.Series) -> pd.Series:
    """Cells as trimmed strings ('' for blank). Numbers lose a trailing '.0' (a house number typed as 12)."""
    if len(s) == 0:
        return pd.Series([], index=s.index, dtype=STR)
    trimmed = _trimmed(s)
    out = trimmed.fillna("") if trimmed.hasnans else trimmed  # shared, not copied: a column has one text
    is_str = _is_str(s).to_numpy()
    other = ~is_str & ~_missing(s).to_numpy()
    if other.any():
        def one(v: object) -> str:
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            if isinstance(v, (dt.datetime, pd.Timestamp)):  # as the Dutch sheet shows it
                day = f"{v.day}-{v.month}-{v.year}"
                return day if (v.hour, v.minute, v.second) == (0, 0, 0) else f"{day} {v:%H:%M:%S}"
            if isinstance(v, dt.date):
                return f"{v.day}-{v.month}-{v.year}"
            if isinstance(v, dt.time):
                return f"{v:%H:%M:%S}"
            return str(v).strip()

        out[other] = s[other].map(one)
    return out


def as_shown(s: pd.Series, kind: str) -> pd.Series:
    """A column's cells as a Dutch sheet shows them, for the reject list: the Sheets API (UNFORMATTED_VALUE) sends
    a date, time or timestamp as a serial number and an amount with a decimal point, which read as '44533.945'
    and '0.78125' to a coordinator looking for the row. `kind` is the column's field kind (lib.schema.Kind).
    A serial becomes '2-12-2021', '18:45:00' or '2-12-2021 22:40:55', a non-whole number '2,5'; every other cell
    is text(s)."""
    if kind not in ("time", "date", "timestamp", "number", "money") or not len(s):
        return text(s)
    nums = _numbers(s, _types(s))
    if kind == "time":
        has = ((nums >= 0) & np.isfinite(nums)).to_numpy()
    elif kind in ("date", "timestamp"):
        moments = _from_serial(nums)
        has = moments.notna().to_numpy()  # a number outside the serial range is shown as the number it is
    else:
        has = (nums.notna() & (nums % 1 != 0)).to_numpy()  # a whole number reads the same either way
    if not has.any():
        return text(s)
    out = text(s.where(~has, "")).copy()  # text() of the numbers shown here would be wasted
    if kind == "time":
        shown = [f"{v // 3600:02d}:{v // 60 % 60:02d}:{v % 60:02d}"
                 for v in ((nums[has] % 1) * 86400).round().astype("int64").tolist()]
    elif kind in ("date", "timestamp"):
        m = moments[has].dt
        shown = m.day.astype(str) + "-" + m.month.astype(str) + "-" + m.year.astype(str)
        if kind == "timestamp":
            shown += " " + m.strftime("%H:%M:%S")
        shown = shown.to_numpy(dtype=object)
    else:
        shown = [repr(v).replace(".", ",") for v in nums[has].tolist()]
    out[has] = shown
    return out


def _numbers(s: pd.Series, kinds: pd.Series) -> pd.Series:
    is_num = kinds.isin([int, float, np.int64, np.float64]).to_numpy() & ~_missing(s).to_numpy()
    out = pd.Series(np.nan, index=s.index, dtype=float)
    if is_num.any():
        out[is_num] = s[is_num].astype(float)
    return out


def _from_serial(x: pd.Series) -> pd.Series:
    ok = (x >= _SERIAL_MIN) & (x < _SERIAL_MAX)
    seconds = (x.where(ok) * 86400).round()
    return SERIAL_EPOCH + pd.to_timedelta(seconds, unit="s")


_DATE_RE = (
    r"^(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"  # ISO 2021-12-01
    r"|(?P<nd>\d{1,2})-(?P<nm>\d{1,2})-(?P<ny>\d{4})"  # Dutch 1-12-2021
    r"|(?P<um>\d{1,2})/(?P<ud>\d{1,2})/(?P<uy>\d{4}))"  # US 12/1/2021
)
_TIME_RE = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?" + WS + r"*(?P<ap>[AaPp])?\.?[Mm]?\.?"


def _extract(strs: pd.Series, pattern: str) -> pd.DataFrame:
    """Series.str.extract done by Arrow's RE2 in C++ (pandas runs extract in Python per cell).

    Rows that do not match, and optional groups that did not take part, come back as NaN, as with pandas."""
    arr = pa.array(strs.to_numpy(dtype=object), type=pa.string())
    found = pc.extract_regex(arr, pattern)
    names = [f.name for f in found.type]
    out = {}
    for name in names:
        col = pc.struct_field(found, name).to_pandas()  # '' where the group did not take part
        out[name] = col.where(col.notna() & (col != ""), np.nan).to_numpy(dtype=object)
    return pd.DataFrame(out, index=strs.index)


def _assemble_date(m: pd.DataFrame) -> pd.Series:
    y = m["iy"].fillna(m["ny"]).fillna(m["uy"])
    mo = m["im"].fillna(m["nm"]).fillna(m["um"])
    d = m["id"].fillna(m["nd"]).fillna(m["ud"])
    parts = pd.DataFrame({"year": pd.to_numeric(y), "month": pd.to_numeric(mo), "day": pd.to_numeric(d)})
    return pd.to_datetime(parts, errors="coerce")


def _time_seconds(m: pd.DataFrame) -> pd.Series:
    h = pd.to_numeric(m["h"])
    mi = pd.to_numeric(m["mi"])
    sec = pd.to_numeric(m["s"]).fillna(0)
    ap = m["ap"].str.upper()
    bad_12h = ap.notna() & ((h < 1) | (h > 12))
    h = h.where(ap.isna(), h % 12 + np.where(ap == "P", 12, 0))
    ok = (h >= 0) & (h < 24) & (mi < 60) & (sec < 60) & ~bad_12h
    return (h * 3600 + mi * 60 + sec).where(ok)


def _strings(s: pd.Series) -> pd.Series:
    return _stripped(s, _is_str(s).to_numpy())


def date(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates (datetime64, midnight) and the mask of non-blank cells that are not a readable date."""
    kinds = _types(s)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    strs = _strings(s)
    if len(strs):
        m = _extract(strs, _DATE_RE + r"(?:[ T]" + _TIME_RE + r")?$")
        out[strs.index] = _assemble_date(m).to_numpy()
    out = out.fillna(_from_serial(_numbers(s, kinds)).dt.normalize())
    out = out.fillna(_typed_datetimes(s, kinds).dt.normalize())
    return out, out.isna() & ~blank(s)


def _typed_datetimes(s: pd.Series, kinds: pd.Series) -> pd.Series:
    is_dt = kinds.isin([dt.datetime, pd.Timestamp, dt.date]).to_numpy()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    if is_dt.any():
        out[is_dt] = pd.to_datetime(s[is_dt].map(lambda v: pd.Timestamp(v)), errors="coerce").to_numpy()
    return out


def time_of_day(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Time of day in seconds after midnight (float) and the unreadable mask."""
    kinds = _types(s)
    out = pd.Series(np.nan, index=s.index, dtype=float)
    strs = _strings(s)
    if len(strs):
        m = _extract(strs, "^" + _TIME_RE + "$")
        out[strs.index] = _time_seconds(m).to_numpy()
    nums = _numbers(s, kinds)
    # A time-only cell from the API is the fraction of a day; a full serial carries the date before the point.
    frac = (nums % 1) * 86400
    out = out.fillna(frac.round().where(nums >= 0))
    is_time = (kinds == dt.time).to_numpy()
    if is_time.any():
        out[is_time] = s[is_time].map(lambda t: t.hour * 3600 + t.minute * 60 + t.second).astype(float).to_numpy()
    typed = _typed_datetimes(s, kinds)
    out = out.fillna((typed - typed.dt.normalize()).dt.total_seconds())
    return out, out.isna() & ~blank(s)


def timestamp(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Moments (datetime64, naive Amsterdam wall time, as the sheet shows them) and the unreadable mask."""
    kinds = _types(s)
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    strs = _strings(s)
    if len(strs):
        m = _extract(strs, _DATE_RE + r"(?:[ T]+" + _TIME_RE + r")?$")
        day = _assemble_date(m)
        secs = _time_seconds(m)
        # a timestamp without a time part is still a moment (midnight); a broken time part is not
        secs = secs.where(m["h"].notna(), 0.0)
        out[strs.index] = (day + pd.to_timedelta(secs, unit="s")).to_numpy()
    out = out.fillna(_from_serial(_numbers(s, kinds)))
    out = out.fillna(_typed_datetimes(s, kinds))
    return out, out.isna() & ~blank(s)


def number(s: pd.Series, us: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers (float) from typed cells or locale strings ('€ 1.234,56', '2,5', '1,234.56') and the unreadable mask."""
    kinds = _types(s)
    out = _numbers(s, kinds)
    strs = _strings(s)
    if len(strs):
        t = strs.str.replace(WS + "|[€$]|EUR", "", regex=True)
        if us:
            t = t.str.replace(",", "", regex=False)
        else:
            dutch_thousands = t.str.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d*)?")
            t = t.where(~dutch_thousands, t.str.replace(".", "", regex=False))
            t = t.str.replace(",", ".", regex=False)
        t = t.where(t.str.fullmatch(r"-?\d+(\.\d+)?|-?\.\d+"), None)
        out[strs.index] = pd.to_numeric(t, errors="coerce").to_numpy()
    bools = (kinds == bool).to_numpy()
    out[bools] = np.nan  # a ticked checkbox is not an amount
    out = out.where(np.isfinite(out))  # 1e309 or an overflowing cell is not an amount either
    return out, out.isna() & ~blank(s)


_YES = {"ja", "j", "yes", "y", "true", "waar", "x", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}


def yes_no(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Ja/Nee cells as booleans (pd.NA when blank) and the unreadable mask."""
    t = text(s).str.casefold()
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[t.isin(_YES)] = True
    out[t.isin(_NO)] = False
    return out, out.isna() & (t != "")


def split_multi(s: pd.Series, options: tuple[str, ...] = ()) -> pd.Series:
    """A checkbox cell ('Kouwenoord, Openbare ruimte') as a list of trimmed answers; [] for blank.

    With `options` (a question with an 'Anders' choice, options in the form's order): Google writes the ticked
    options in the form's order and then the typed 'other' text as it was typed, commas included ('Lift defect,
    Slapers, hangen rond'). Such a cell is cut on the question's own options, and what follows them is ONE answer,
    the 'Anders' text. A cell of only options is read as before (also when the form's order has changed since).

    Each distinct cell is split once (a column of 200k cells holds a few dozen combinations of options), and every
    row gets a list of its own.
    """
    codes, per_cell = split_distinct(s, options)
    return spread(codes, per_cell, s.index)


def split_distinct(s: pd.Series, options: tuple[str, ...] = ()) -> tuple[np.ndarray, list[list[str]]]:
    """split_multi's work without the per-row lists: each cell's code and the answers of each distinct cell."""
    codes, uniq = pd.factorize(text(s), use_na_sentinel=False)
    return codes, _split_cells(pd.Series(uniq, dtype=STR), options).tolist()


def spread(codes: np.ndarray, per_code: list[list[str]], index: pd.Index) -> pd.Series:
    """Every row its own list (a copy of its code's), so changing one row's list changes no other row."""
    return pd.Series([list(per_code[c]) for c in codes.tolist()], index=index, dtype=object)


def long_form(codes: np.ndarray, per_code: list[list[str]], index: pd.Index) -> pd.Series:
    """split_multi(...).explode().dropna() without a list per row: one row per answer, indexed by its row."""
    flat = np.array([x for p in per_code for x in p], dtype=object)
    at, n = long_positions(codes, [len(p) for p in per_code])
    return pd.Series(flat[at], index=index.repeat(n), dtype=object)


def long_positions(codes: np.ndarray, sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """For rows with these codes, where code k has sizes[k] answers laid out one code after another: the position
    of every row's answers in that layout (row by row, in order) and how many answers each row has."""
    sizes = np.asarray(sizes, dtype=np.int64)
    n = sizes[codes]
    within = np.arange(int(n.sum()), dtype=np.int64) - np.repeat(np.cumsum(n) - n, n)
    return np.repeat((np.cumsum(sizes) - sizes)[codes], n) + within, n


def _split_cells(cells: pd.Series, options: tuple[str, ...]) -> pd.Series:
    """split_multi's rule for a column of trimmed strings (one per distinct cell)."""
    t = cells.str.replace(WS + "*," + WS + "*", ",", regex=True).str.strip(", ")
    lists = t.str.split(",").astype(object)
    # a blank cell or stray double comma leaves '' parts, which are not answers
    lists = lists.map(lambda parts: [p for p in parts if p] if isinstance(parts, list) else list(parts or []))
    if not options:
        return lists
    rank = {_key(o): i for i, o in enumerate(options)}
    longest = max(o.count(",") for o in options) + 1  # an option may hold a comma itself
    other = lists.map(lambda parts: not all(_key(p) in rank for p in parts))  # most cells hold only options
    if other.any():
        cut = cells[other].astype(object).map(lambda cell: _cut_on_options(cell, rank, longest))
        lists = lists.where(~other, cut)
    return lists


def _key(text: str) -> str:
    """Option comparison key: case- and whitespace-insensitive (as schema.norm)."""
    return " ".join(str(text).split()).casefold()


def _cut_on_options(cell: str, rank: dict[str, int], longest: int) -> list[str]:
    """A cell -> the leading options in the form's order, then the rest as one 'Anders' text, exactly as typed."""
    pieces, at = [], 0  # (offset in the cell, the text between two commas)
    for piece in cell.split(","):
        pieces.append((at, piece))
        at += len(piece) + 1
    out: list[str] = []
    i, last = 0, -1
    while i < len(pieces):
        if not pieces[i][1].strip():  # a stray double comma
            i += 1
            continue
        for n in range(min(longest, len(pieces) - i), 0, -1):
            candidate = ", ".join(p.strip() for _, p in pieces[i:i + n])
            # an option out of the form's order cannot have been ticked: it is part of the typed text
            if rank.get(_key(candidate), -1) > last:
                out.append(candidate)
                last = rank[_key(candidate)]
                i += n
                break
        else:
            out.append(cell[pieces[i][0]:].strip(" ,"))
            break
    return out


def looks_us(cells: pd.Series) -> bool:
    """Decide a CSV export's locale from its timestamps: US exports write 12/1/2021, Dutch ones 1-12-2021."""
    t = cells[_types(cells) == str]
    if t.empty:
        return False
    us = t.str.contains(r"^\s*\d{1,2}/\d{1,2}/\d{4}", regex=True).sum()
    nl = t.str.contains(r"^\s*\d{1,2}-\d{1,2}-\d{4}", regex=True).sum()
    return bool(us > nl)
