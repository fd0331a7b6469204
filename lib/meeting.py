"""The monthly meeting of the partners (no Streamlit here): its agenda for a month, and what it writes to the sheet.

The project description sets the agenda: "Kern van het overleg is de voortgang en de rapportages. Bij
opvallendheden worden vervolgacties besproken." So the agenda has five subjects, each with a short note in the tab
Overleggen: progress (hours against plan, coaches, rounds, coverage gaps), the reports (observations in general and
during rounds), notable events (urgent signals and where signals were passed on), follow-up (open and overdue actions
per owner) and new actions. `agenda()` turns the clean data into that model; every number comes from lib.metrics,
this module only chooses, words and groups (the page draws it, lib/report/minutes.py prints it).

Writing: `add_action` appends one row to Acties, `record` one row to Overleggen, each through the source's
`append_row` with a submission key, so a double click or a retry never writes twice. The new row is checked by the
cleaner's own rules first (`check_row`), as the intake does.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from lib import clean as clean_mod
from lib import fmt, metrics, schema
from lib.clean import Clean
from lib.errors import WriteError
from lib.metrics import View
from lib.settings import Settings
from lib.sources.base import RawWorkbook, Rows, Source
from lib.themes import QUIET, theme_counts  # the report's own keyword themes
from lib.writeback import date_cell

# Excel and LibreOffice run a cell that starts with one of these as a formula; the cleaner trims the space again.
_FORMULA_START = ("=", "+", "-", "@")
MAX_ACTION = 500
MAX_TICKET = 60
MAX_POINTS = 8  # lines per subject on the meeting screen; the rest is counted, not listed


@dataclass(frozen=True)
class SubjectDef:
    key: str
    title: str
    note: str  # the field of schema.MEETINGS that keeps the meeting's note on this subject
    ask: str  # the question the chair puts to the meeting


SUBJECTS: tuple[SubjectDef, ...] = (
    SubjectDef("voortgang", "Voortgang", "note_progress",
               "Lopen we op schema met de uren, de coaches en de rondes? Waar was niemand?"),
    SubjectDef("rapportages", "Rapportages", "note_reports",
               "Wat zagen de coaches in het algemeen en tijdens de rondes?"),
    SubjectDef("opvallendheden", "Opvallendheden en incidenten", "note_incidents",
               "Welke meldingen vielen op, en is alles bij de juiste partij terechtgekomen?"),
    SubjectDef("opvolging", "Opvolging", "note_followup",
               "Wat is er gedaan met de acties van vorige keer? Wat ligt er nog, en wat is over de deadline?"),
    SubjectDef("nieuwe-acties", "Nieuwe acties", "note_new",
               "Wat spreken we af, wie pakt het op en wanneer is het klaar?"),
)
SUBJECT = {s.key: s for s in SUBJECTS}


# --- the agenda -----------------------------------------------------------------------------------------------

@dataclass
class Fact:
    """A big number on the meeting screen: label, value, and a line under it."""

    label: str
    value: str
    sub: str = ""
    alert: bool = False  # something the meeting should look at (behind plan, overdue, not passed on)


@dataclass
class Point:
    """One line of a subject: an optional bold lead, the text, and an optional grey remark."""

    text: str
    lead: str = ""
    remark: str = ""
    kind: str = ""  # 'owner' (a count per owner) or 'action' (one action), so the minutes can leave out repeats


@dataclass
class Subject:
    key: str
    title: str
    ask: str
    note_field: str
    facts: list[Fact] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    points_title: str = ""
    more: int = 0  # lines left out of `points`
    empty: str = ""  # what to say when there are no points


@dataclass
class Agenda:
    month: str
    meeting_date: dt.date
    as_of: pd.Timestamp  # the date counts are made against (the meeting's date, or the month's end)
    subjects: list[Subject]
    followup: pd.DataFrame  # metrics.meeting_followup
    new_actions: pd.DataFrame  # metrics.meeting_actions

    def subject(self, key: str) -> Subject:
        return next(s for s in self.subjects if s.key == key)


def month_of(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def month_days(month: str) -> tuple[dt.date, dt.date]:
    p = pd.Period(month, freq="M")
    return p.start_time.date(), p.end_time.date()


def default_date(month: str, today: dt.date) -> dt.date:
    """The meeting's date as the page proposes it: today when today is in the month, else the month's last day
    (the demo's season is long past). The coordinator can change it within the month."""
    first, last = month_days(month)
    return today if first <= today <= last else last


def _short(text: Any, n: int = 160) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _listed(points: list[Point]) -> tuple[list[Point], int]:
    return points[:MAX_POINTS], max(0, len(points) - MAX_POINTS)


def agenda(c: Clean, month: str, conf: Settings, meeting_date: dt.date, partner: str = schema.FOUNDATION) -> Agenda:
    """The meeting's agenda for `month` ('YYYY-MM'), counted up to the meeting's date (or the month's end)."""
    v = View(month)
    when, _ = metrics.as_of(c, v, conf, meeting_date)
    followup = metrics.meeting_followup(c, v, conf, meeting_date, partner)
    new = metrics.meeting_actions(c, conf, meeting_date, partner)
    subjects = [_progress(c, v, conf), _reports(c, v, conf), _notable(c, v, conf, partner),
                _followup(followup, when), _new(new)]
    return Agenda(month, meeting_date, when, subjects, followup, new)


def _subject(key: str) -> Subject:
    d = SUBJECT[key]
    return Subject(d.key, d.title, d.ask, d.note)


def _progress(c: Clean, v: View, conf: Settings) -> Subject:
    s = _subject("voortgang")
    h = metrics.report_headline(c, v, conf)
    share = metrics.share_of_plan(h["coach_hours"], h["plan_hours"])
    gaps = metrics.gaps(c, v, conf)
    s.facts = [
        Fact("Coachuren", fmt.hours(h["coach_hours"]),
             f"{fmt.percent(share)} van de {fmt.hours(h['plan_hours'])} uit het plan", alert=share is not None
             and share < 0.8),
        Fact("Coaches die liepen", fmt.number(h["coaches"])),
        Fact("Rondes", fmt.number(h["rounds"]), f"op {fmt.count(h['round_days'], 'dag', 'dagen')}; "
             f"plan {fmt.number(h['plan_round_days'])} dagen"),
        Fact("Gaten in de dekking", fmt.number(len(gaps)), "3 dagen of meer achter elkaar geen ronde",
             alert=len(gaps) > 0),
    ]
    towers = metrics.tower_summary(c, v, conf)
    s.points_title = "Per plek: rondes, meldingen en waar een ronde ontbrak"
    for t in towers.itertuples():
        mine = gaps[gaps["location"] == t.location]
        holes = ", ".join(f"{fmt.date_range(g.start, g.end)} ({fmt.number(g.days)} d)" for g in mine.itertuples())
        s.points.append(Point(f"{fmt.count(int(t.rounds), 'ronde', 'rondes')} op "
                              f"{fmt.count(int(t.days), 'dag', 'dagen')}, "
                              f"{fmt.count(int(t.signals), 'melding', 'meldingen')}", lead=f"{t.location}: ",
                              remark=f"geen ronde: {holes}" if holes else "geen gat van 3 dagen of meer"))
    return s


def _reports(c: Clean, v: View, conf: Settings) -> Subject:
    s = _subject("rapportages")
    general = metrics.round_texts(c, v, conf, "obs_general")
    during = metrics.round_texts(c, v, conf, "obs_round")
    n_rounds = len(metrics.rounds_in(c, v, conf))
    counts = theme_counts([*general["obs_general"], *during["obs_round"]])
    top = [f"{k} ({fmt.number(n)})" for k, n in counts.most_common() if k not in (QUIET, "contact met bewoners")]
    s.facts = [
        Fact("Met een algemene observatie", fmt.number(len(general)),
             f"van de {fmt.count(n_rounds, 'ronde', 'rondes')}"),
        Fact("Met observaties onderweg", fmt.number(len(during)), f"van de {fmt.count(n_rounds, 'ronde', 'rondes')}"),
        Fact("Vaakst genoemd", top[0].split(" (")[0] if top else "–",
             ("daarna " + ", ".join(top[1:4])) if len(top) > 1 else ""),
    ]
    s.points_title = "De laatste observaties"
    pts: list[Point] = []
    for r in pd.concat([general.assign(note_text=general["obs_general"], note_kind="algemeen"),
                        during.assign(note_text=during["obs_round"], note_kind="tijdens de ronde")]) \
            .sort_values(["date", "start"], ascending=False).itertuples():
        where = ", ".join(r.locations) if isinstance(r.locations, list) else ""
        pts.append(Point(_short(r.note_text), lead=f"{fmt.day_short(r.date)} · ", remark=f"{where} · {r.note_kind}"))
    s.points, s.more = _listed(pts)
    s.empty = f"Geen observaties in {fmt.month(v.month)}."
    return s


def _passed(x: Any) -> str:
    items = [p for p in (x if isinstance(x, list) else []) if p]
    return ", ".join(items) if items else "niet doorgezet"


def _notable(c: Clean, v: View, conf: Settings, partner: str) -> Subject:
    s = _subject("opvallendheden")
    focus = metrics.signal_focus(c, v, conf)
    urgent = metrics.urgent_signals(c, v, conf).sort_values("moment", ascending=False)
    incidents = metrics.round_texts(c, v, conf, "incidents")
    totals = metrics.passed_to_totals(c, v, conf, partner)
    top = [f"{r.passed_to} {fmt.number(r.signals)}" for r in totals.itertuples()
           if r.signals and r.passed_to not in ("Niet doorgezet", metrics.NOT_FILLED)]
    s.facts = [
        Fact("Meldingen", fmt.number(focus["total"]), f"{fmt.number(focus['towers'])} in de flats, "
             f"{fmt.number(focus['public_space'])} in de openbare ruimte"),
        Fact("Urgent (Hoog of Spoed)", fmt.number(focus["urgent"]), alert=focus["urgent"] > 0),
        Fact("Doorgezet", fmt.number(focus["total"] - focus["not_passed"]), "; ".join(top[:3])),
        Fact("Niet doorgezet", fmt.number(focus["not_passed"]), "niets aangekruist of 'Niet doorgezet'",
             alert=focus["not_passed"] > 0),
    ]
    s.points_title = "Urgente meldingen en incidenten uit de rondes"
    pts = [Point(_short(r.description), lead=f"{fmt.day_short(r.date)} · {r.location} · {r.urgency}: ",
                 remark=f"doorgezet naar: {_passed(r.passed_to)}") for r in urgent.itertuples()]
    pts += [Point(_short(r.incidents), lead=f"{fmt.day_short(r.date)} · ",
                  remark=", ".join(r.locations) if isinstance(r.locations, list) else "")
            for r in incidents.itertuples()]
    s.points, s.more = _listed(pts)
    s.empty = f"Geen urgente meldingen en geen incidenten in {fmt.month(v.month)}."
    return s


def action_line(a: Any, when: pd.Timestamp | None = None) -> Point:
    """One action as a line: 'De Key: action' with deadline, status and external reference."""
    bits = []
    if pd.notna(a.deadline):
        bits.append(f"deadline {fmt.day(a.deadline)}")
    if bool(getattr(a, "overdue", False)) and pd.notna(getattr(a, "days_overdue", pd.NA)):
        bits.append(f"{fmt.number(int(a.days_overdue))} dagen over de deadline")
    bits.append(str(a.status or schema.OPEN).lower())
    if str(a.ticket or "").strip():
        bits.append(f"kenmerk {a.ticket}")
    if bool(getattr(a, "signal_found", False)):
        bits.append(f"bij melding {fmt.day_short(a.signal_date)} {a.signal_location}")
    return Point(_short(a.action, 200), lead=f"{a.owner}: ", remark=" · ".join(bits), kind="action")


def _followup(a: pd.DataFrame, when: pd.Timestamp) -> Subject:
    s = _subject("opvolging")
    summary = metrics.actions_summary(a) if len(a) else {"open": 0, "overdue": 0, "done": 0, "no_deadline": 0}
    s.facts = [
        Fact("Open of lopend", fmt.number(summary["open"])),
        Fact("Over de deadline", fmt.number(summary["overdue"]), f"op {fmt.day(when)}", alert=summary["overdue"] > 0),
        Fact("Afgerond", fmt.number(summary["done"])),
        Fact("Zonder deadline", fmt.number(summary["no_deadline"]), alert=summary["no_deadline"] > 0),
    ]
    by_owner = metrics.actions_by_owner(a)
    s.points_title = "Per eigenaar: eerst wat over de deadline is, dan wat nog open staat"
    by_owner = by_owner[by_owner["open"] > 0]
    pts = [Point(f"{fmt.number(int(o.open))} open, {fmt.number(int(o.overdue))} over de deadline",
                 lead=f"{o.owner}: ", kind="owner") for o in by_owner.itertuples()]
    pts += [action_line(r, when) for r in a[~a["done"]].itertuples()] if len(a) else []
    s.points, s.more = pts[: MAX_POINTS + len(by_owner)], max(0, len(pts) - MAX_POINTS - len(by_owner))
    s.empty = "Nog geen acties uit eerdere overleggen."
    return s


def _new(a: pd.DataFrame) -> Subject:
    s = _subject("nieuwe-acties")
    s.facts = [Fact("Afgesproken in dit overleg", fmt.number(len(a)))]
    s.points_title = "Afgesproken"
    s.points = [action_line(r) for r in a.itertuples()]
    s.empty = "Nog geen nieuwe acties in dit overleg."
    return s


# --- the month's signals, to tie a new action to --------------------------------------------------------------

def signal_choices(c: Clean, month: str, conf: Settings) -> list[tuple[pd.Timestamp, str]]:
    """(Tijdstempel, label) for each signal of the month, urgent ones first, then newest first.
    The label: 'di 4 jan 22:15 · Kralenbeek · Veilig (Hoog): description'."""
    s = metrics.signals_list(c, View(month), conf)
    if s.empty:
        return []
    s = s.assign(_u=~s["urgency"].isin(schema.URGENT_LEVELS)).sort_values(["_u", "moment"], ascending=[True, False])
    out = []
    for r in s.itertuples():
        urgency = f" ({r.urgency})" if r.urgency in schema.URGENT_LEVELS else ""
        out.append((r.timestamp, f"{fmt.day_short(r.date)} {fmt.clock(r.time)} · {r.location} · {r.category}"
                                 f"{urgency}: {_short(r.description, 70)}"))
    return out


# --- what the meeting writes ------------------------------------------------------------------------------------

@dataclass
class NewAction:
    """An action agreed in the meeting, as typed; `signal_ts` the Tijdstempel of the signal it follows from."""

    action: str
    owner: str
    deadline: dt.date | None = None
    signal_ts: pd.Timestamp | dt.datetime | None = None
    ticket: str = ""


def check_action(a: NewAction, meeting_date: dt.date) -> dict[str, str]:
    """Dutch messages per field (empty: fine). The rules the cleaner does not know about the meeting itself."""
    errors: dict[str, str] = {}
    text = str(a.action or "").strip()
    if not text:
        errors["action"] = "Vul de actie in: wat gaat er gebeuren?"
    elif len(text) > MAX_ACTION:
        errors["action"] = f"Houd de actie korter dan {MAX_ACTION} tekens."
    if a.owner not in schema.OWNERS:
        errors["owner"] = "Kies wie de actie oppakt."
    if a.deadline is not None and a.deadline < meeting_date:
        errors["deadline"] = "De deadline ligt vóór de datum van het overleg."
    if len(str(a.ticket or "").strip()) > MAX_TICKET:
        errors["ticket"] = f"Een extern kenmerk is hooguit {MAX_TICKET} tekens."
    return errors


def _text(value: Any, shape: str) -> str:
    t = str(value or "").strip()
    if shape in ("csv", "xlsx") and t.startswith(_FORMULA_START):
        return " " + t  # a file the coordinator opens in Excel must show the text, not run it
    return t


def _moment_cell(t: Any, shape: str) -> Any:
    if t is None or (not isinstance(t, str) and pd.isna(t)):
        return ""
    m = pd.Timestamp(t).to_pydatetime().replace(microsecond=0, tzinfo=None)
    if shape == "csv":
        return f"{m.day}-{m.month}-{m.year} {m.hour}:{m.minute:02d}:{m.second:02d}"
    return m


def _row(tab: schema.Tab, header: Sequence[Any], cells: Mapping[str, Any]) -> list[Any]:
    """The cells in the columns of the sheet's own header (a renamed column's rightmost copy); trailing blanks off."""
    hm = schema.map_headers(tab, list(header))
    row: list[Any] = [""] * len(header)
    for key, cols in hm.columns.items():
        if key in cells:
            row[cols[-1]] = cells[key]
    while row and row[-1] in ("", None):
        row.pop()
    return row


def header_of(rows: Rows, tab: schema.Tab) -> list[str]:
    header = ["" if h is None else str(h).strip() for h in (rows[0] if rows else [])]
    if not any(header):
        raise WriteError(f"Niet opgeslagen: het tabblad {tab.name} ontbreekt of heeft geen kopregel. Maak het aan "
                         f"met de koppen {', '.join(f.header for f in tab.fields)} (zie docs/google-setup.md).")
    missing = [f.header for f in tab.fields if f.required and f.key not in schema.map_headers(tab, header).columns]
    if missing:
        raise WriteError(f"Niet opgeslagen: het tabblad {tab.name} heeft geen kolom {', '.join(missing)}.")
    return header


def action_row(header: Sequence[Any], meeting_date: dt.date, a: NewAction, shape: str) -> list[Any]:
    """The Acties row for a new action: status Open, the signal's Tijdstempel in Melding."""
    return _row(schema.ACTIONS, header, {
        "meeting_date": date_cell(meeting_date, shape),
        "action": _text(a.action, shape),
        "owner": a.owner,
        "deadline": date_cell(a.deadline, shape),
        "status": schema.OPEN,
        "signal_ts": _moment_cell(a.signal_ts, shape),
        "ticket": _text(a.ticket, shape),
    })


def meeting_row(header: Sequence[Any], meeting_date: dt.date, attendees: Sequence[str], notes: Mapping[str, str],
                shape: str) -> list[Any]:
    """The Overleggen row: date, who attended (the contract's order, then others as typed), a note per subject."""
    rank = {schema.norm(o): i for i, o in enumerate(schema.ATTENDEES)}
    names = list(dict.fromkeys(str(x).strip() for x in attendees if str(x).strip()))
    names.sort(key=lambda n: rank.get(schema.norm(n), len(rank)))
    cells: dict[str, Any] = {"date": date_cell(meeting_date, shape), "attendees": _text(", ".join(names), shape)}
    for s in SUBJECTS:
        cells[s.note] = _text(notes.get(s.note, ""), shape)
    return _row(schema.MEETINGS, header, cells)


def check_row(tab: schema.Tab, wb: RawWorkbook, row: list[Any]) -> list[str]:
    """The cleaner's reasons for rejecting this row under the tab's rows (empty: the cleaner keeps it)."""
    tabs: dict[str, Rows] = {}
    for name, t in schema.TABS.items():
        rows = wb.tabs.get(name) or []
        if name == tab.name:
            rows = [*rows, row]
        elif t.must_exist:
            rows = rows[:1] or [[f.header for f in t.fields]]
        else:
            rows = []
        tabs[name] = rows
    result = clean_mod.clean(RawWorkbook(tabs, wb.source, wb.read_at, wb.shape, []))
    rej = result.rejects
    mine = rej[(rej["tab"] == tab.name) & (rej["row"] == len(tabs[tab.name]))]
    return [r for joined in mine["reason"] for r in str(joined).split("; ") if r]


def _append(source: Source, tab: schema.Tab, build: Any, key: str) -> bool:
    wb = source.read()
    rows = wb.tabs.get(tab.name) or []
    row = build(header_of(rows, tab), getattr(source, "shape", wb.shape))
    reasons = check_row(tab, wb, row)
    if reasons:
        raise WriteError("Niet opgeslagen: " + "; ".join(reasons) + ".")
    try:
        return bool(source.append_row(tab.name, row, key))
    except OSError as exc:  # a full disk, a file opened read-only
        raise WriteError(f"Niet opgeslagen: het bestand kon niet worden geschreven "
                         f"({exc.strerror or type(exc).__name__}).") from exc


def add_action(source: Source, meeting_date: dt.date, a: NewAction, key: str) -> bool:
    """Append the action to Acties, once per key. True: written now; False: this key was written before.
    Raises ValidationError-like WriteError for a bad action, SourceError/WriteError when the sheet cannot be used."""
    errors = check_action(a, meeting_date)
    if errors:
        raise WriteError("Niet opgeslagen: " + " ".join(errors.values()))
    return _append(source, schema.ACTIONS, lambda header, shape: action_row(header, meeting_date, a, shape), key)


def record(source: Source, meeting_date: dt.date, attendees: Sequence[str], notes: Mapping[str, str],
           key: str) -> bool:
    """Append the meeting to Overleggen, once per key (True: written now; False: written before)."""
    return _append(source, schema.MEETINGS,
                   lambda header, shape: meeting_row(header, meeting_date, attendees, notes, shape), key)


def meeting_dates(c: Clean) -> list[dt.date]:
    """The dates of the meetings on record, oldest first."""
    if c.meetings is None or c.meetings.empty:
        return []
    return sorted({d.date() for d in c.meetings["date"].dropna()})
