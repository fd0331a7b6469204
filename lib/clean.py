"""The cleaner: raw tabs in, typed tidy frames plus every rejected row (with a Dutch reason) and every warning out.

It follows docs/spreadsheet-contract.md exactly and loses nothing: for every tab,
rows read = clean + rejected (a row with no content at all is not a row). No cell content may raise.
All work is vectorised over columns; the only per-element Python is type dispatch and list splitting.

Clean frames (columns):
- rounds: row, timestamp, date, start, end (datetimes), hours, coach, coaches (list), n_coaches, coach_hours,
  locations (list), obs_general, obs_round, incidents
- round_coaches: one row per coach on a round: row, date, start, coach, hours
- round_locations: one row per place on a round: row, date, start, end, location, hours, coach_hours
- signals: row, timestamp, date, time (seconds or NaN), moment, coach, location, floor, spot, category, kinds (list),
  description, passed_to (list), urgency, photo
- roster: name, pseudonym, active_from, active_to, agreement, first_aid, under_21
- costs: row, date, budget_line, description, amount, paid_by
- org_hours: row, date, name, hours, description
- actions: row, meeting_date, action, owner, deadline, status, signal_ts, ticket, note
- budget: budget_line, hours, rate, amount, contrib_dekey, contrib_gemeente, is_default
- access_links: row, made_at, label, role, partner, sha256, revoked_at (tab Toegang: share links by hash)
- sheet_settings: row, key, value, note (tab Instellingen)
- meetings: row, date, attendees (list), note_progress, note_reports, note_incidents, note_followup, note_new
- rejects: tab, row, reason, values;  warnings: tab, row, column, message
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from pandas._libs import lib

from lib import memory, parse, schema
from lib import settings as settings_mod
from lib.errors import MissingHeaderError
from lib.schema import Kind, Tab
from lib.sources.base import RawWorkbook, Rows

DUPLICATE = "dubbel ingestuurd"
# A day after the day it was sent in (Rondes and Meldingen ask the same).
_DATE_AFTER_STAMP = f"{schema.ROUNDS.header('date')} ligt na de datum van de {schema.TIMESTAMP.header}"
MAX_ROUND_HOURS = 12


@dataclass
class Clean:
    """Everything the dashboard, the report and the CLI compute from."""

    rounds: pd.DataFrame
    round_coaches: pd.DataFrame
    round_locations: pd.DataFrame
    signals: pd.DataFrame
    roster: pd.DataFrame
    costs: pd.DataFrame
    org_hours: pd.DataFrame
    actions: pd.DataFrame
    budget: pd.DataFrame
    rejects: pd.DataFrame
    warnings: pd.DataFrame
    counts: dict[str, dict[str, int]]
    source: str = ""
    read_at: datetime | None = None
    shape: str = ""
    missing_tabs: list[str] = field(default_factory=list)
    access_links: pd.DataFrame = field(default_factory=pd.DataFrame)
    sheet_settings: pd.DataFrame = field(default_factory=pd.DataFrame)
    meetings: pd.DataFrame = field(default_factory=pd.DataFrame)


def _norm(s: pd.Series) -> pd.Series:
    """schema.norm for a whole column at once (case- and whitespace-insensitive comparison key).

    Worked out once per distinct value (pandas' casefold is a Python call per cell, and names and options repeat
    on thousands of rows), then spread back over the column; a blank cell stays NaN."""
    t = s.astype(parse.STR)
    codes, uniq = pd.factorize(t)
    keys = pd.Series(uniq, dtype=parse.STR).str.replace(parse.WS + "+", " ", regex=True).str.strip().str.casefold()
    return pd.Series(keys.array.take(codes, allow_fill=True), index=s.index, dtype=parse.STR)


def _lookup(keys: pd.Series, table: dict[str, str]) -> pd.Series:
    """keys.map(table) (NaN where a key is not in it), looked up once per distinct key: Series.map on strings is a
    Python call per cell, and the keys (towers, options, names) repeat on thousands of rows."""
    codes, uniq = pd.factorize(keys)
    found = np.array([*(table.get(k) for k in uniq.tolist()), None], dtype=object)  # code -1 (NaN) takes the None
    return pd.Series(found.take(codes), index=keys.index, dtype=object)


def _join(columns: list[np.ndarray], sep: str, n: int) -> np.ndarray:
    """Join the non-empty strings of several columns row-wise, without a Python loop over rows."""
    acc = np.full(n, "", dtype=object)
    for v in columns:
        v = np.asarray(v, dtype=object)
        acc = np.where(v == "", acc, np.where(acc == "", v, acc + sep + v))
    return acc


class _Log:
    """Collects rejects and warnings while the tabs are cleaned."""

    def __init__(self) -> None:
        self.rejects: list[pd.DataFrame] = []
        self.warnings: list[pd.DataFrame] = []

    def warn(self, tab: str, rows: pd.Series | list | None, column: str, message: pd.Series | str) -> None:
        if rows is None:
            rows = [pd.NA]
        n = len(rows)
        if n == 0:
            return
        msg = message.to_numpy() if isinstance(message, pd.Series) else [message] * n
        self.warnings.append(pd.DataFrame({"tab": tab, "row": pd.array(list(rows), dtype="Int64"),
                                           "column": column, "message": msg}))


class _Table:
    """One tab as an object frame with one column per schema field, plus the reasons each row is rejected."""

    def __init__(self, t: Tab, rows: Rows, log: _Log, must_have_headers: bool):
        """Read the header row: warn about unknown and missing columns, refuse a form tab without a required one.
        The cells are read by open(), when this tab's turn comes."""
        self.tab = t
        self.log = log
        self._rows = rows
        header = list(rows[0]) if rows else []
        self._width = max(map(len, rows)) if rows else 0
        self.header = [("" if h is None else str(h).strip()) for h in header] + [""] * (self._width - len(header))
        hm = schema.map_headers(t, self.header)
        self._columns_of = hm.columns
        self._kinds = {c: t.field(key).kind.value for key, cols in hm.columns.items() for c in cols}  # column -> kind
        if hm.unknown:
            log.warn(t.name, None, ", ".join(hm.unknown),
                     f"kolom(men) niet in het contract, genegeerd: {', '.join(hm.unknown)}")
        required_missing = [f for f in hm.missing if f.required]
        if required_missing and must_have_headers:
            names = ", ".join(f"'{f.header}'" for f in required_missing)
            raise MissingHeaderError(
                f"In tabblad '{t.name}' ontbreekt de kolom {names}. Is een vraag van het formulier hernoemd of "
                f"verwijderd? Geef de kolom weer deze kop, dan leest het dashboard de gegevens weer.")
        for f in hm.missing:
            if header:  # a tab that is missing altogether is warned about once, not per column
                log.warn(t.name, None, f.header, f"kolom '{f.header}' ontbreekt in tabblad '{t.name}'")

    def open(self) -> _Table:
        """The tab's rows as an object frame (its empty rows left out) and a column of cells per field.

        Done when the tab is cleaned, not for every tab up front: what the readers work out about a column (an
        Arrow copy of it, among others) then lives only while its own tab is cleaned."""
        if hasattr(self, "raw") or hasattr(self, "_done"):  # open, or cleaned and closed
            return self
        body, width = self._rows[1:], self._width
        del self._rows  # with clean(consume=True) nothing else holds the rows: the frame below is all that is left
        # one object block, short rows padded with None (pandas' own C row-to-array step, no Python list per row)
        frame = pd.DataFrame(lib.to_object_array(body, min_width=width), dtype=object, columns=range(width),
                             copy=False) if body else pd.DataFrame(columns=range(width), dtype=object)
        del body
        frame.index = pd.RangeIndex(2, 2 + len(frame))  # sheet row numbers: the header is row 1
        columns = [frame[c] for c in frame.columns]
        nonblank = np.zeros(len(frame), dtype=bool)  # a row with no content at all is not a row
        for col in columns:
            nonblank |= ~parse.blank(col).to_numpy()
        if nonblank.all():
            # Keep the very column objects asked about: the readers' answers about them (blank, text) are kept
            # per object, so the fields read below reuse them instead of working them out again.
            self.raw = frame
            self._columns = dict(zip(frame.columns, columns))
        else:
            self.raw = frame[nonblank]
            self._columns = {c: self.raw[c] for c in self.raw.columns}
        self.cells: dict[str, pd.Series] = {}
        for f in self.tab.fields:
            cols = self._columns_of.get(f.key, [])
            if not cols:
                self.cells[f.key] = pd.Series(None, index=self.raw.index, dtype=object)
                continue
            # Two columns for one field (question renamed or made again): take the rightmost non-empty answer.
            s = self._columns[cols[-1]]
            for c in reversed(cols[:-1]):
                s = s.where(~parse.blank(s), self._columns[c])
            self.cells[f.key] = s
        # (rows, reason) per reject call, in order, and their union: the row's reasons are joined only for the
        # rejects frame, and asking whether a row is still ok is one array, not a frame of strings per call.
        self.reasons: list[tuple[np.ndarray, str]] = []
        self._bad = np.zeros(len(self.raw), dtype=bool)
        return self

    def reject(self, mask: pd.Series, reason: str) -> None:
        rows = mask.reindex(self.raw.index, fill_value=False).astype(bool).to_numpy()
        if rows.any():
            self.reasons.append((rows, reason))
            self._bad |= rows

    @property
    def ok(self) -> pd.Series:
        return pd.Series(~self._bad, index=self.raw.index)

    def read(self, key: str, us: bool = False) -> pd.Series:
        """Parse one field by its kind; reject missing required answers and unreadable cells."""
        f = self.tab.field(key)
        s = self.cells[key]
        empty = parse.blank(s)
        if f.required:
            self.reject(empty, f"{f.header} ontbreekt")
        if f.kind in (Kind.DATE, Kind.TIME, Kind.TIMESTAMP, Kind.NUMBER, Kind.MONEY, Kind.YESNO):
            reader = {Kind.DATE: parse.date, Kind.TIME: parse.time_of_day, Kind.TIMESTAMP: parse.timestamp,
                      Kind.YESNO: parse.yes_no}.get(f.kind)
            value, bad = reader(s) if reader else parse.number(s, us=us)
            self.reject(bad, f"{f.header} onleesbaar")
            return value
        if f.kind == Kind.MULTI:
            return parse.spread(*self._split_cells(key), s.index)
        return parse.text(s)

    def split(self, key: str) -> tuple[np.ndarray, list[list[str]]]:
        """A checkbox field as read() reads it, without a list per row: each row's code and the answers of each
        distinct cell (a checkbox column of 200k cells holds a few dozen combinations). For multi()."""
        f = self.tab.field(key)
        if f.required:
            self.reject(parse.blank(self.cells[key]), f"{f.header} ontbreekt")
        return self._split_cells(key)

    def _split_cells(self, key: str) -> tuple[np.ndarray, list[list[str]]]:
        f = self.tab.field(key)
        # a fixed list with 'Anders': the typed text is one answer, commas and all. (A roster question's
        # 'Anders' holds names, one per comma: each is a person on the round.)
        return parse.split_distinct(self.cells[key], f.options if f.other and not f.roster else ())

    def choice(self, key: str, values: pd.Series) -> pd.Series:
        """Canonical option spelling; outside the list: reject (strict fields) or keep and warn."""
        f = self.tab.field(key)
        canon = {schema.norm(o): o for o in f.options}
        # per distinct answer (a choice column holds a few dozen spellings), then spread over the rows
        codes, uniq = pd.factorize(values, use_na_sentinel=False)
        spelled = pd.Series(uniq, dtype=values.dtype)
        found = _lookup(spelled.pipe(_norm), canon)
        known_u = found.notna().to_numpy()
        out = pd.Series(spelled.where(~known_u, found).astype(values.dtype).array.take(codes), index=values.index)
        known = pd.Series(known_u[codes], index=values.index)
        outside = ~known & (values != "")
        if f.strict:
            self.reject(outside, f"{f.header} is geen van de opties")
        elif f.options and outside.any():
            self.log.warn(self.tab.name, outside[outside].index, f.header,
                          "antwoord buiten de lijst, bewaard zoals geschreven: " + values[outside])
        return out

    def multi(self, key: str, split: tuple[np.ndarray, list[list[str]]], only: tuple[str, ...] | None = None
              ) -> tuple[pd.Series, pd.DataFrame]:
        """Canonical options inside checkbox lists (with `only`: just those kept in the lists); a long frame (row,
        value, known) for warnings and counts. `split` is what split(key) gave.

        Worked out once per distinct list (a checkbox column holds few combinations), then spread over the rows."""
        codes, uniq = split
        index = self.raw.index
        per_list, per_long = self._multi(key, pd.Series([list(u) for u in uniq], dtype=object))
        # per_long holds each distinct list's answers together and in order: take them for every row
        at, n = parse.long_positions(codes, [len(u) for u in uniq])
        long = per_long.iloc[at]
        rows = index.to_numpy().repeat(n)
        long.index = pd.Index(rows, dtype=index.dtype)
        long["row"] = long.index
        canon = per_list.tolist()
        if only is not None:
            canon = [[x for x in v if x in only] for v in canon]
        return parse.spread(codes, canon, index), long

    def _multi(self, key: str, lists: pd.Series) -> tuple[pd.Series, pd.DataFrame]:
        f = self.tab.field(key)
        canon = {schema.norm(o): o for o in f.options}
        long = lists.explode().dropna().rename("value").to_frame()
        long["row"] = long.index
        keys = long["value"].pipe(_norm)
        long["known"] = keys.isin(canon.keys())
        long["value"] = long["value"].where(~long["known"], _lookup(keys, canon))
        # explode keeps each row's answers together and in order: cut the long column back into lists
        sizes = lists.map(len).to_numpy()
        parts = np.split(long["value"].to_numpy(dtype=object), np.cumsum(sizes)[:-1]) if len(sizes) else []
        rebuilt = pd.Series([list(p) for p in parts], index=lists.index, dtype=object)
        return rebuilt, long

    def rejected_frame(self) -> pd.DataFrame:
        ok = self.ok
        bad = self.raw[~ok]
        if bad.empty:
            return pd.DataFrame(columns=["tab", "row", "reason", "values"])
        n = len(bad)
        bad_rows = ~ok.to_numpy()
        reasons = _join([np.where(rows[bad_rows], reason, "").astype(object) for rows, reason in self.reasons], "; ", n)
        headers = [h or f"kolom {i + 1}" for i, h in enumerate(self.header)]
        parts = []
        for i, c in enumerate(bad.columns):
            col = self._columns[c]
            # a column of text has its text worked out already (the readers'): take the rejected rows' from it
            shown = parse.text(col)[bad_rows] if parse.text_only(col) \
                else parse.as_shown(bad[c], self._kinds.get(c, ""))
            t = shown.str.replace("\n", " ", regex=False).to_numpy(dtype=object)
            parts.append(np.where(t != "", headers[i] + ": " + t, ""))
        return pd.DataFrame({"tab": self.tab.name, "row": bad.index.to_numpy(), "reason": reasons,
                             "values": _join(parts, " | ", n)})

    def counts(self) -> dict[str, int]:
        ok = self.ok
        return {"rows": int(len(ok)), "clean": int(ok.sum()), "rejected": int((~ok).sum())}

    def close(self) -> tuple[pd.DataFrame, dict[str, int]]:
        """This tab is cleaned: its rejects and counts, and let go of its cells and of what the readers worked out
        about them (an Arrow copy of every column), so they do not add to the next tab's memory. Closing a closed tab
        gives the same rejects and counts."""
        if not hasattr(self, "_done"):
            self._done = self.rejected_frame(), self.counts()
            del self.raw, self.cells, self._columns
        return self._done


def _lists_by(keys: np.ndarray, values: np.ndarray) -> dict:
    """{key: [its values, in their order]}: groupby(...).agg(list) without a Python call per group (that took a
    third of cleaning 100k rounds)."""
    if not len(keys):
        return {}
    order = np.argsort(keys, kind="stable")
    keys, vals = keys[order], values[order].tolist()
    cuts = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts, ends = np.r_[0, cuts].tolist(), np.r_[cuts, len(keys)].tolist()
    return {k: vals[a:b] for k, a, b in zip(keys[np.r_[0, cuts]].tolist(), starts, ends)}


def _roster_lookup(roster: pd.DataFrame) -> dict[str, str]:
    return {schema.norm(n): n for n in roster["name"]}


def _match_names(names: pd.Series, lookup: dict[str, str]) -> tuple[pd.Series, pd.Series]:
    """Roster spelling for each name (case- and whitespace-insensitive), and whether it was on the roster."""
    # Worked out once per distinct spelling (a few thousand coaches on 200k rows), then spread over the rows.
    codes, uniq = pd.factorize(names)
    spellings = pd.Series(uniq, dtype=names.dtype)
    found = _lookup(spellings.pipe(_norm), lookup)  # a roster name is never None: None is "not on the roster"
    on = found.notna().to_numpy()
    matched = spellings.where(~on, found).str.strip()
    return (pd.Series(pd.api.extensions.take(matched.array, codes, allow_fill=True), index=names.index,
                      name=names.name),
            pd.Series(np.append(on, False)[codes], index=names.index))  # code -1 (NaN) is not on the roster


def _warn_unknown_names(log: _Log, tab: str, column: str, names: pd.Series, on: pd.Series, roster_empty: bool) -> None:
    if roster_empty:
        return  # one tab-level warning says so; don't repeat it on every row
    off = names[~on & (names != "")]
    log.warn(tab, off.index, column, "'" + off + "' staat niet in tabblad Coaches (telt wel mee)")


def _roster(t: _Table) -> pd.DataFrame:
    df = pd.DataFrame({
        "name": t.read("name"),
        "pseudonym": t.read("pseudonym"),
        "active_from": t.read("active_from"),
        "active_to": t.read("active_to"),
        "agreement": t.read("agreement"),
        "first_aid": t.read("first_aid"),
        "under_21": t.read("under_21"),
    })
    dup = df["name"].pipe(_norm).duplicated() & (df["name"] != "")
    t.reject(dup, f"naam staat al eerder in tabblad {schema.ROSTER.name}")
    df = df[t.ok].copy()
    # Every coach gets a pseudonym for partner views, also when the coordinator left it empty.
    fallback = pd.Series([f"Coach {i + 1}" for i in range(len(df))], index=df.index)
    df["pseudonym"] = df["pseudonym"].where(df["pseudonym"] != "", fallback)
    return df


def _rounds(t: _Table, lookup: dict[str, str], roster_empty: bool, log: _Log):
    ts = t.read("timestamp")
    date = t.read("date")
    start = t.read("start")
    end = t.read("end")
    coach = t.read("coach")
    co = t.split("co_coaches")
    locations = t.split("locations")
    texts = {k: t.read(k) for k in ("obs_general", "obs_round", "incidents")}

    t.reject(date.notna() & ts.notna() & (date > ts.dt.normalize()), _DATE_AFTER_STAMP)
    seconds = end - start
    seconds = seconds.where(seconds >= 0, seconds + 86400)  # Eindtijd before Starttijd: past midnight
    t.reject(seconds == 0, f"duur is 0 ({t.tab.header('start')} gelijk aan {t.tab.header('end')})")
    t.reject(seconds > MAX_ROUND_HOURS * 3600, f"ronde langer dan {MAX_ROUND_HOURS} uur")

    locs, loc_long = t.multi("locations", locations, only=schema.LOCATIONS)
    unknown_loc = loc_long[~loc_long["known"]]
    log.warn(t.tab.name, unknown_loc["row"], t.tab.header("locations"),
             "onbekende plek genegeerd: " + unknown_loc["value"].astype(str))
    known_any = t.raw.index.isin(loc_long.loc[loc_long["known"], "row"])
    any_place = t.raw.index.isin(loc_long["row"])  # the long frame has a row per answer given
    t.reject(pd.Series(~known_any & any_place, index=t.raw.index),
             f"geen bekende flat of openbare ruimte in {t.tab.header('locations')}")

    # The coaches on a round: the submitter plus the Medecoaches, each once.
    sub = pd.DataFrame({"row": t.raw.index, "name": coach.to_numpy(), "order": 0})
    mates = parse.long_form(*co, t.raw.index)
    mates = mates[(mates.pipe(_norm) != schema.norm(schema.OTHER)) & (mates != "")]
    names = pd.concat([sub, pd.DataFrame({"row": mates.index, "name": mates.to_numpy(), "order": 1})])
    names = names[names["name"] != ""].reset_index(drop=True)
    names["name"], on = _match_names(names["name"], lookup)
    _warn_unknown_names(log, t.tab.name, f"{t.tab.header('coach')} / {t.tab.header('co_coaches')}",
                        names["name"].set_axis(names["row"]), on.set_axis(names["row"]), roster_empty)
    names["key"] = names["name"].pipe(_norm)
    names = names.drop_duplicates(["row", "key"])

    rounds = pd.DataFrame({
        "row": t.raw.index, "timestamp": ts, "date": date,
        "start": date + pd.to_timedelta(start, unit="s"),
        "hours": seconds / 3600, "coach": _match_names(coach, lookup)[0], "locations": locs, **texts,
    })
    rounds["end"] = rounds["start"] + pd.to_timedelta(seconds, unit="s")

    # Duplicates: same day, overlapping times, a coach in common; the later Tijdstempel is the copy.
    ok = t.ok
    cand = names[names["row"].isin(rounds.index[ok])].merge(rounds[["row", "date", "start", "end", "timestamp"]],
                                                            on="row")
    pairs = cand.merge(cand, on=["key", "date"], suffixes=("", "_o"))
    pairs = pairs[(pairs["row"] != pairs["row_o"]) & (pairs["start"] < pairs["end_o"])
                  & (pairs["start_o"] < pairs["end"])]
    later = (pairs["timestamp"] > pairs["timestamp_o"]) | (
        (pairs["timestamp"] == pairs["timestamp_o"]) & (pairs["row"] > pairs["row_o"]))
    t.reject(pd.Series(True, index=pd.Index(pairs.loc[later, "row"].unique())), DUPLICATE)

    ok = t.ok
    rounds = rounds[ok].copy()
    names = names[names["row"].isin(rounds.index)]
    team = _lists_by(names["row"].to_numpy(), names["name"].to_numpy(dtype=object))
    rounds["coaches"] = pd.Series([team.get(r, []) for r in rounds.index.tolist()], index=rounds.index, dtype=object)
    rounds["n_coaches"] = rounds["coaches"].map(len).astype("int64")
    rounds["coach_hours"] = rounds["hours"] * rounds["n_coaches"]

    round_coaches = names.merge(rounds[["row", "date", "start", "hours"]], on="row")[
        ["row", "date", "start", "name", "hours"]].rename(columns={"name": "coach"})
    round_locations = rounds[["row", "date", "start", "end", "hours", "coach_hours", "locations"]] \
        .explode("locations").rename(columns={"locations": "location"}).dropna(subset=["location"])
    return rounds.reset_index(drop=True), round_coaches.reset_index(drop=True), round_locations.reset_index(drop=True)


def _signals(t: _Table, lookup: dict[str, str], roster_empty: bool, log: _Log) -> pd.DataFrame:
    ts = t.read("timestamp")
    date = t.read("date")
    time = t.read("time")
    coach, on = _match_names(t.read("coach"), lookup)
    _warn_unknown_names(log, t.tab.name, t.tab.header("coach"), coach, on, roster_empty)
    df = pd.DataFrame({
        "row": t.raw.index, "timestamp": ts, "date": date, "time": time,
        "coach": coach,
        "location": t.choice("location", t.read("location")),
        "floor": t.choice("floor", t.read("floor")),
        "spot": t.choice("spot", t.read("spot")),
        "category": t.choice("category", t.read("category")),
        "description": t.read("description"),
        "urgency": t.choice("urgency", t.read("urgency")),
        "photo": t.read("photo"),
    })
    for key in ("kinds", "passed_to"):
        lists, long = t.multi(key, t.split(key))
        df[key] = lists
        odd = long[~long["known"]]
        header = t.tab.header(key)
        log.warn(t.tab.name, odd["row"], header,
                 "antwoord buiten de lijst, bewaard zoals geschreven: " + odd["value"].astype(str))
    t.reject(date.notna() & ts.notna() & (date > ts.dt.normalize()), _DATE_AFTER_STAMP)
    df["moment"] = df["date"] + pd.to_timedelta(df["time"].fillna(0), unit="s")

    # Duplicate: everything the coach typed equals an earlier submission.
    # Compared as integer codes per column (a blank is a value of its own, as in DataFrame.duplicated), the
    # earliest Tijdstempel first: a sorted copy of 200k rows of text was the peak of the tab's memory.
    ok = t.ok.to_numpy()
    keys = [df["coach"].pipe(_norm), *(df[k] for k in ("date", "time", "location", "category", "description"))]
    codes = pd.DataFrame({i: pd.factorize(k)[0][ok] for i, k in enumerate(keys)})  # codes of all rows: no text copied
    stamp = df["timestamp"][ok].to_numpy().astype("int64")  # a clean row has its Tijdstempel: no NaT here
    order = np.lexsort((df["row"].to_numpy()[ok], stamp))
    dup = np.zeros(len(codes), dtype=bool)
    dup[order] = codes.take(order).duplicated(keep="first").to_numpy()
    rows = np.zeros(len(df), dtype=bool)
    rows[np.flatnonzero(ok)] = dup
    t.reject(pd.Series(rows, index=t.raw.index), DUPLICATE)
    keep = t.ok
    t.close()  # the raw cells go before the clean rows are copied out: 200k rows are not in memory three times
    return df[keep].reset_index(drop=True)


def _simple(t: _Table, us: bool, choices: tuple[str, ...] = ()) -> pd.DataFrame:
    cols = {"row": t.raw.index}
    for f in t.tab.fields:
        v = t.read(f.key, us=us)
        cols[f.key] = t.choice(f.key, v) if f.key in choices else v
    df = pd.DataFrame(cols)
    return df[t.ok].reset_index(drop=True)


def _meetings(t: _Table, us: bool) -> pd.DataFrame:
    cols = {"row": t.raw.index}
    for f in t.tab.fields:
        cols[f.key] = t.multi(f.key, t.split(f.key))[0] if f.kind == Kind.MULTI else t.read(f.key, us=us)
    return pd.DataFrame(cols)[t.ok].reset_index(drop=True)


def _budget(t: _Table, us: bool, log: _Log, conf: settings_mod.Settings) -> pd.DataFrame:
    # A sum row ("Totaal") is not a budget line: counting it would double the budget.
    post = parse.text(t.cells["budget_line"])
    t.reject(post.str.casefold().str.startswith("totaal"), "totaalregel, telt niet als post")
    df = _simple(t, us)
    if df.empty:
        log.warn(schema.BUDGET.name, None, "", f"tabblad {schema.BUDGET.name} is leeg of ontbreekt: de begroting "
                 "uit de projectomschrijving wordt gebruikt")
        d = pd.DataFrame([{"budget_line": x["post"], "hours": x.get("uren", np.nan), "rate": x.get("tarief", np.nan),
                           "amount": np.nan} for x in conf.budget_defaults])
        d["contrib_dekey"] = np.nan
        d["contrib_gemeente"] = np.nan
        d["row"] = pd.array([pd.NA] * len(d), dtype="Int64")
        df, is_default = d, True
    else:
        is_default = False
    df["amount"] = df["amount"].fillna(df["hours"] * df["rate"])
    df["is_default"] = is_default
    return df


def clean(wb: RawWorkbook, conf: settings_mod.Settings | None = None, *, consume: bool = False) -> Clean:
    """Turn a raw workbook into clean frames, rejects and warnings. Raises only for an unreadable form tab header.

    consume=True: the workbook's tabs are taken out of it (wb.tabs is left empty) as they are read, so a caller that
    reads only to clean (the dashboard, the CLI) does not keep every raw row alive while the tabs are cleaned (at
    100k rounds + 200k signals the rows take over 100 MB)."""
    memory.use_jemalloc()
    with memory.collector_paused():
        return _clean(wb, conf, consume)


def _clean(wb: RawWorkbook, conf: settings_mod.Settings | None, consume: bool = False) -> Clean:
    conf = conf or settings_mod.load()
    log = _Log()
    take = wb.tabs.pop if consume else wb.tabs.get
    tables = {name: _Table(t, take(name, []), log, must_have_headers=t.must_exist)
              for name, t in schema.TABS.items()}
    if consume:
        wb.tabs.clear()  # tabs outside the contract are not read at all
    for name in wb.missing:
        log.warn(name, None, "", f"tabblad '{name}' ontbreekt: telt als leeg")
    # One locale per export: US CSV downloads write 12/1/2021 and 2.5, Dutch ones 1-12-2021 and 2,5.
    us = parse.looks_us(tables[schema.ROUNDS.name].open().cells["timestamp"])

    done = {}  # tab -> (rejects, counts), as each tab is finished

    def finish(name: str) -> None:
        done[name] = tables[name].open().close()

    roster = _roster(tables[schema.ROSTER.name].open())
    finish(schema.ROSTER.name)
    lookup = _roster_lookup(roster)
    roster_empty = roster.empty
    if roster_empty:
        log.warn(schema.ROSTER.name, None, "",
                 f"tabblad {schema.ROSTER.name} is leeg: namen van coaches worden niet gecontroleerd")
    rounds, round_coaches, round_locations = _rounds(tables[schema.ROUNDS.name].open(), lookup, roster_empty, log)
    finish(schema.ROUNDS.name)
    signals = _signals(tables[schema.SIGNALS.name].open(), lookup, roster_empty, log)
    finish(schema.SIGNALS.name)
    costs = _simple(tables[schema.COSTS.name].open(), us, choices=("paid_by",))
    org = _simple(tables[schema.ORG_HOURS.name].open(), us)
    actions = _simple(tables[schema.ACTIONS.name].open(), us, choices=("owner", "status"))
    actions["status"] = actions["status"].where(actions["status"] != "", schema.OPEN)  # no status yet: still open
    budget = _budget(tables[schema.BUDGET.name].open(), us, log, conf)
    access_links = _simple(tables[schema.ACCESS_LINKS.name].open(), us, choices=("role", "partner"))
    access_links["sha256"] = access_links["sha256"].str.strip().str.casefold()
    sheet_settings = _simple(tables[schema.SHEET_SETTINGS.name].open(), us)
    meetings = _meetings(tables[schema.MEETINGS.name].open(), us)

    for name in tables.keys() - done.keys():
        finish(name)
    rejects = pd.concat([done[name][0] for name in tables], ignore_index=True)
    warnings = pd.concat(log.warnings, ignore_index=True) if log.warnings else \
        pd.DataFrame({"tab": [], "row": pd.array([], dtype="Int64"), "column": [], "message": []})
    return Clean(
        rounds=rounds, round_coaches=round_coaches, round_locations=round_locations, signals=signals,
        roster=roster.reset_index(names="row"), costs=costs, org_hours=org, actions=actions, budget=budget,
        rejects=rejects, warnings=warnings, counts={name: done[name][1] for name in tables},
        source=wb.source, read_at=wb.read_at, shape=wb.shape, missing_tabs=list(wb.missing),
        access_links=access_links, sheet_settings=sheet_settings, meetings=meetings,
    )


def totals(c: Clean) -> dict[str, float | int]:
    """The contract's totals: rounds, coach hours, distinct coaches on clean rounds, signals."""
    coaches = c.round_coaches["coach"].pipe(_norm).nunique() if len(c.round_coaches) else 0
    return {
        "rounds": int(len(c.rounds)),
        "coach_hours": round(float(c.rounds["coach_hours"].sum()), 2) if len(c.rounds) else 0.0,
        "coaches": int(coaches),
        "meldingen": int(len(c.signals)),
    }
