"""The in-app intake: a coach's answers in, the row Google Forms would write out, checked by the cleaner's rules.

No Streamlit here. What it does:
- `build_row` makes the row exactly as the form "Ronde doorgeven" / "Melding doorgeven" writes it: Tijdstempel
  first, in the column order of the sheet's *current* header row (a renamed question's alias column, a column the
  coordinator added, E-mailadres: every field lands in its own column, unknown columns stay empty). As strings
  it is the Dutch-locale shape of a CSV download: `4-5-2026 22:03:11`, `4-5-2026`, `19:00:00`, checkbox
  answers joined with ", " in the form's option order, an "Anders" text as itself inside that list.
- `validate` runs lib.clean on the sheet's header, its rows, the roster and the new row, and maps the cleaner's
  reasons for the new row back to the fields, in Dutch. There is no second copy of the rules here.
- `submit` reads the source, says "already saved" when the submission key is in the tab, validates, and appends
  with the key, so a double click, a rerun or a retry after a time-out never writes a second row.
- `writable_source` decides where a submission goes; for the demo that is a per-process working copy, never the
  committed data/demo.xlsx.
"""
from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from lib import clean as clean_mod
from lib import schema
from lib.errors import WriteError
from lib.schema import Field, Kind, Tab
from lib.sources import SourceSpec, open_source
from lib.sources.base import RawWorkbook, Rows, Source

TZ = ZoneInfo("Europe/Amsterdam")
FORM = ""  # the errors key for a message about the whole form, not one field
DEFAULT_ROUND_HOURS = 3.0
# Before this hour a round being reported most likely started the evening before.
NIGHT_ENDS = 6
# Excel and LibreOffice run a cell that starts with one of these as a formula (openpyxl writes "=..." as one).
_FORMULA_START = ("=", "+", "-", "@")

Answers = dict[str, Any]  # field key -> date, time, str, list[str] or None


# --- time ---------------------------------------------------------------------------------------------------
def now() -> dt.datetime:
    """The moment of submitting, in Amsterdam, to the second (Forms has no fractions)."""
    return dt.datetime.now(TZ).replace(microsecond=0)


def _local(moment: dt.datetime) -> dt.datetime:
    """Naive Amsterdam wall time, as the sheet shows it."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(TZ).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def timestamp_text(moment: dt.datetime) -> str:
    m = _local(moment)
    return f"{m.day}-{m.month}-{m.year} {m.hour}:{m.minute:02d}:{m.second:02d}"


def date_text(d: dt.date) -> str:
    return f"{d.day}-{d.month}-{d.year}"


def time_text(t: dt.time) -> str:
    return f"{t.hour}:{t.minute:02d}:{t.second:02d}"


def round_default_date(moment: dt.datetime) -> dt.date:
    """The day a round being reported now most likely started: yesterday when it is past midnight."""
    m = _local(moment)
    return (m - dt.timedelta(days=1)).date() if m.hour < NIGHT_ENDS else m.date()


def floor_time(moment: dt.datetime, minutes: int = 5) -> dt.time:
    m = _local(moment)
    return dt.time(m.hour, m.minute - m.minute % minutes)


def default_times(moment: dt.datetime, typical_hours: float | None = None) -> tuple[dt.time, dt.time]:
    """Start and end for a round reported now: ending now (to 5 minutes), lasting as long as a usual round."""
    hours = typical_hours if typical_hours and 0.5 <= typical_hours <= 8 else DEFAULT_ROUND_HOURS
    end = floor_time(moment)
    quarters = max(1, round(hours * 4))
    start = (dt.datetime.combine(dt.date(2000, 1, 2), end) - dt.timedelta(minutes=15 * quarters)).time()
    return start, end


def new_key() -> str:
    """A submission key: made when a form is first shown, written in the key column with the row."""
    return str(uuid.uuid4())


# --- the row ------------------------------------------------------------------------------------------------
def questions(tab: Tab) -> list[Field]:
    """The fields a coach answers (everything but the Tijdstempel, which the moment of submitting fills)."""
    return [f for f in tab.fields if f.kind != Kind.TIMESTAMP]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return not [v for v in value if not _blank(v)]
    return False


def _ordered(f: Field, values: Sequence[Any], roster: Sequence[str]) -> list[str]:
    """Checked options in the form's order (as Google writes them), then the 'Anders' texts as typed."""
    options = list(roster) if f.roster else list(f.options)
    rank = {schema.norm(o): i for i, o in enumerate(options)}
    chosen, seen = [], set()
    for v in values:
        text = str(v).strip()
        if text and schema.norm(text) not in seen:
            seen.add(schema.norm(text))
            chosen.append(text)
    known = sorted((v for v in chosen if schema.norm(v) in rank), key=lambda v: rank[schema.norm(v)])
    return known + [v for v in chosen if schema.norm(v) not in rank]


def _cell(f: Field, value: Any, roster: Sequence[str], typed: bool) -> Any:
    """One answer as Google Forms writes it: a Dutch string, or (typed) a date/time cell."""
    if _blank(value):
        return ""
    if f.kind == Kind.DATE and isinstance(value, dt.date):
        d = value.date() if isinstance(value, dt.datetime) else value
        return dt.datetime.combine(d, dt.time()) if typed else date_text(d)
    if f.kind == Kind.TIME and isinstance(value, dt.time):
        t = value.replace(microsecond=0, tzinfo=None)
        return t if typed else time_text(t)
    if f.kind == Kind.MULTI:
        items = value if isinstance(value, (list, tuple)) else [value]
        return ", ".join(_ordered(f, items, roster))
    return str(value).strip()


def _defuse(value: Any) -> Any:
    """A typed answer that a spreadsheet program would run as a formula gets a leading space.

    The cleaner trims it, so the dashboard shows the text exactly as typed; Excel and openpyxl see text. (The
    Google Sheet source quotes such text itself.)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return " " + value
    return value


def header_of(rows: Rows, tab: Tab) -> list[str]:
    """The sheet's header row as text; the schema's headers for a tab that has none yet (a new sheet)."""
    header = ["" if h is None else str(h).strip() for h in (rows[0] if rows else [])]
    return header if any(header) else [f.header for f in tab.fields]


def form_cells(tab: Tab, answers: Answers, submitted_at: dt.datetime, roster: Sequence[str] = (),
               typed: bool = False) -> dict[str, Any]:
    """Field key -> the cell Google Forms writes for it (the Tijdstempel included)."""
    cells: dict[str, Any] = {}
    for f in tab.fields:
        if f.kind == Kind.TIMESTAMP:
            cells[f.key] = _local(submitted_at) if typed else timestamp_text(submitted_at)
        else:
            cells[f.key] = _cell(f, answers.get(f.key), roster, typed)
    return cells


def build_row(tab: Tab, header: Sequence[Any], answers: Answers, submitted_at: dt.datetime,
              roster: Sequence[str] = (), shape: str = "csv") -> list[Any]:
    """The row Google Forms would add under `header`.

    A field with two columns (a question deleted and made again) goes in the rightmost, which is the live
    question's; columns the schema does not know get an empty cell; trailing empty cells are left off, as the
    Sheets API does (the submission key goes in its own column, which the source fills).
    shape "csv" (default): the Dutch-locale strings of a CSV download. "xlsx" and "api": dates, times and the
    Tijdstempel as typed cells (a workbook keeps typed columns; the Sheets API gets them as ISO text, which every
    spreadsheet locale reads the same, where "4-5-2026" is 5 April in a US-locale sheet).
    """
    typed = shape in ("xlsx", "api")
    cells = form_cells(tab, answers, submitted_at, roster, typed)
    hm = schema.map_headers(tab, list(header))
    row: list[Any] = [""] * len(header)
    for key, cols in hm.columns.items():
        value = cells[key]
        row[cols[-1]] = _defuse(value) if shape in ("csv", "xlsx") else value
    while row and _blank(row[-1]):
        row.pop()
    return row


def unplaced(tab: Tab, header: Sequence[Any], answers: Answers) -> list[Field]:
    """Answered fields that have no column in the sheet (the question was deleted from the form)."""
    hm = schema.map_headers(tab, list(header))
    return [f for f in questions(tab) if f.key not in hm.columns and not _blank(answers.get(f.key))]


# --- validation: the cleaner's rules, mapped back to the fields ---------------------------------------------
@dataclass
class Check:
    """The cleaner's verdict on the new row: Dutch messages per field key (FORM for the whole form)."""

    errors: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)  # the cleaner's own reasons, as it lists rejected rows
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _message(tab: Tab, reason: str) -> tuple[str, str]:
    """(field key, what the coach reads) for one of the cleaner's reasons.

    The cleaner decides; this only says it in the coach's words, next to the field to change. A reason not
    known here is shown as the cleaner wrote it, above the form (tests/test_intake.py pins every rule).
    """
    by_header = {schema.norm(f.header): f for f in tab.fields}
    for suffix, text in ((" ontbreekt", "Vul dit in."),
                         (" onleesbaar", "Dit is niet te lezen; kies het opnieuw."),
                         (" is geen van de opties", "Kies een van de opties.")):
        if reason.endswith(suffix):
            f = by_header.get(schema.norm(reason[: -len(suffix)]))
            if f is not None:
                if f.kind == Kind.TIMESTAMP:
                    return FORM, "Het tijdstip van insturen is niet te lezen. Probeer het opnieuw."
                if suffix == " ontbreekt" and f.kind == Kind.MULTI:
                    text = "Kies er minstens één."
                elif suffix == " ontbreekt" and f.roster:
                    text = "Kies je naam of typ hem."
                elif suffix == " ontbreekt" and f.kind == Kind.CHOICE:
                    text = "Kies er een."
                return f.key, text
    if reason == clean_mod.DUPLICATE:
        if tab.name == schema.ROUNDS.name:
            return FORM, ("Deze ronde is al doorgegeven: op deze dag staat al een ronde met een van dezelfde coaches "
                          "en een overlappende tijd. Die telt al mee, je hoeft niets te doen. Klopt die niet? Vraag de "
                          "coördinator om hem aan te passen.")
        return FORM, ("Deze melding is al doorgegeven (zelfde naam, datum, tijd, locatie, categorie en beschrijving). "
                      "Je hoeft niets te doen.")
    if reason.startswith("Datum ligt na"):
        return "date", "Deze datum ligt in de toekomst. Kies de dag van vandaag of eerder."
    if reason.startswith("duur is 0"):
        return "end", "Eindtijd is gelijk aan de starttijd. Hoe laat was je klaar?"
    if reason.startswith("ronde langer dan"):
        return "end", (f"Zo duurt de ronde langer dan {clean_mod.MAX_ROUND_HOURS} uur. Klopt de eind- of starttijd? "
                       "(Eindtijd vóór de starttijd telt als na middernacht.)")
    if reason.startswith("geen bekende flat"):
        return "locations", "Kies minstens één flat of de openbare ruimte."
    return FORM, reason[:1].upper() + reason[1:] + "."


def _validation_workbook(tab: Tab, wb: RawWorkbook, row: list[Any]) -> tuple[RawWorkbook, int]:
    """The target tab with the new row under the existing ones, the roster, the other form tab's header only."""
    tabs: dict[str, Rows] = {}
    for name, t in schema.TABS.items():
        rows = wb.tabs.get(name) or []
        if name == tab.name:
            rows = [header_of(rows, tab), *rows[1:], row]
        elif name == schema.ROSTER.name:
            rows = list(rows)
        elif t.must_exist:
            rows = [header_of(rows, t)]
        else:
            rows = []
        tabs[name] = rows
    return RawWorkbook(tabs, wb.source, wb.read_at, wb.shape, []), len(tabs[tab.name])


def validate(tab: Tab, answers: Answers, submitted_at: dt.datetime, wb: RawWorkbook,
             roster: Sequence[str] = (), shape: str = "csv") -> Check:
    """Check the row that would be written against the cleaner's rules, with the sheet's rows for duplicates.

    Raises the cleaner's MissingHeaderError (a SourceError) when the tab has lost a required column.
    """
    header = header_of(wb.tabs.get(tab.name) or [], tab)
    row = build_row(tab, header, answers, submitted_at, roster, shape)
    check_wb, row_number = _validation_workbook(tab, wb, row)
    result = clean_mod.clean(check_wb)
    check = Check()
    rej = result.rejects
    mine = rej[(rej["tab"] == tab.name) & (rej["row"] == row_number)]
    for joined in mine["reason"]:
        for reason in str(joined).split("; "):
            check.reasons.append(reason)
            key, text = _message(tab, reason)
            if key in check.errors and text not in check.errors[key]:
                check.errors[key] += " " + text
            else:
                check.errors.setdefault(key, text)
    warn = result.warnings
    check.warnings = [str(m) for m in warn[(warn["tab"] == tab.name) & (warn["row"] == row_number)]["message"]]
    for f in unplaced(tab, header, answers):
        check.warnings.append(f"'{f.header}' is niet opgeslagen: die kolom ontbreekt in tabblad '{tab.name}'.")
    return check


# --- submitting ---------------------------------------------------------------------------------------------
@dataclass
class Outcome:
    """What happened to one submission. status: 'saved', 'already' (this key was written before) or 'invalid'."""

    status: str
    errors: dict[str, str] = field(default_factory=dict)
    summary: list[tuple[str, str]] = field(default_factory=list)  # (question, answer) as the coach gave them
    warnings: list[str] = field(default_factory=list)
    row: list[Any] = field(default_factory=list)


def has_key(rows: Rows, key: str) -> bool:
    """Whether a row of this tab carries the submission key (in a column headed schema.SUBMISSION_KEY.header)."""
    if not rows or not key:
        return False
    want = schema.norm(schema.SUBMISSION_KEY.header)
    cols = [i for i, h in enumerate(rows[0]) if h is not None and schema.norm(h) == want]
    return any(len(r) > i and r[i] is not None and str(r[i]).strip() == key for r in rows[1:] for i in cols)


def summary(tab: Tab, answers: Answers, roster: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The answers as the coach will see them confirmed: (question, answer) for every answered question."""
    out = []
    for f in questions(tab):
        text = _cell(f, answers.get(f.key), roster, typed=False)
        if text:
            if f.kind == Kind.TIME:
                text = text[: text.rfind(":")]  # 19:00, not 19:00:00
            out.append((f.header, text))
    return out


def submit(source: Source, tab: Tab, answers: Answers, key: str, submitted_at: dt.datetime | None = None,
           roster: Sequence[str] = ()) -> Outcome:
    """Validate and append one submission, at most once per key.

    Raises SourceError when the source cannot be read and WriteError when the row could not be written (a disk
    error included): the caller keeps what the coach typed and says it was not saved.
    """
    submitted_at = submitted_at or now()
    shape = getattr(source, "shape", "csv")
    wb = source.read()
    rows = wb.tabs.get(tab.name) or []
    done = summary(tab, answers, roster)
    if has_key(rows, key):
        return Outcome("already", summary=done)
    check = validate(tab, answers, submitted_at, wb, roster, shape)
    if not check.ok:
        return Outcome("invalid", errors=check.errors, warnings=check.warnings)
    row = build_row(tab, header_of(rows, tab), answers, submitted_at, roster, shape)
    try:
        written = source.append_row(tab.name, row, key)
    except OSError as exc:  # a full disk, a file opened read-only, a network drive gone
        why = exc.strerror or type(exc).__name__
        raise WriteError(f"Niet opgeslagen: het bestand kon niet worden geschreven ({why}).") from exc
    return Outcome("saved" if written else "already", summary=done, warnings=check.warnings, row=row)


# --- where a submission goes --------------------------------------------------------------------------------
_DEMO_LOCK = threading.Lock()
_DEMO_COPY: Path | None = None
# A public demo must not grow without end: past this size the working copy starts again from the original.
DEMO_COPY_MAX_BYTES = 5_000_000


def demo_copy(original: str | Path) -> Path:
    """This server process's working copy of the demo workbook (made on first use, in the temp folder).

    The committed data/demo.xlsx is never written: demo submissions go here and are gone after a restart.
    """
    global _DEMO_COPY
    with _DEMO_LOCK:
        copy = _DEMO_COPY
        if copy is None or not copy.exists() or copy.stat().st_size > DEMO_COPY_MAX_BYTES:
            folder = Path(tempfile.mkdtemp(prefix="flatcoaches-demo-invoer-"))
            atexit.register(shutil.rmtree, folder, True)  # gone with the process, as the page says
            copy = folder / Path(original).name
            shutil.copyfile(original, copy)
            os.chmod(copy, 0o600)
            _DEMO_COPY = copy
        return copy


def writable_source(spec: SourceSpec, secrets: Mapping[str, Any] | None = None, http_client: Any = None) -> Source:
    """Where a submission is appended: the demo's working copy, the local file or folder, or the Google Sheet."""
    if spec.kind == "demo":
        spec = SourceSpec("xlsx", str(demo_copy(spec.target)))
        src = open_source(spec)
        src.description = "demogegevens (tijdelijke kopie)"
        return src
    return open_source(spec, secrets, http_client=http_client)
