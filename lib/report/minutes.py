"""The minutes (verslag) of one monthly meeting as a format-free `content.Report`, so the report's own renderers
(DOCX, PDF, Markdown) print it: the action list first, then per agenda subject the meeting's note and the figures
it looked at.

Safe for every partner whatever the caller's role: it is always made from the partner's view of the data
(lib.privacy: coaches by pseudonym, free texts scrubbed), so the coordinator can send the same file to all.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from lib import fmt, meeting, metrics, privacy, schema
from lib.access import Role
from lib.clean import Clean
from lib.errors import FlatcoachError
from lib.report.model import PARTNERS, Bullets, Para, Report, Section, Table
from lib.settings import Settings

TITLE = "Verslag overleg Flatcoaches K-buurt"


class MinutesError(FlatcoachError):
    """There is no meeting on record for the date asked for."""


def parse_date(text: str | None) -> dt.date:
    """'2022-01-12' -> date; anything else raises MinutesError with one Dutch line."""
    try:
        return dt.date.fromisoformat(str(text or "").strip())
    except ValueError:
        raise MinutesError(f"Onleesbare datum '{str(text or '')[:20]}': schrijf de datum van het overleg als "
                           "JJJJ-MM-DD (bijvoorbeeld 2022-01-12).") from None


def _no_meeting(c: Clean, when: dt.date) -> MinutesError:
    known = ", ".join(fmt.day(d) for d in meeting.meeting_dates(c)) or "nog geen"
    return MinutesError(f"Geen overleg op {fmt.day(when, long=True)} in het tabblad Overleggen. "
                        f"Vastgelegde overleggen: {known}.")


def meeting_short(text: object, n: int = 70) -> str:
    t = " ".join(str(text or "").split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _lines(text: object) -> list[str]:
    return [ln.strip() for ln in str(text or "").splitlines() if ln.strip()]


def _action_table(a: pd.DataFrame, earlier: bool) -> Table:
    rows = []
    for r in a.itertuples():
        signal = (f"{fmt.day(r.signal_date)}, {r.signal_location}: {meeting_short(r.signal_description)}"
                  if bool(r.signal_found)
                  else ("(melding niet gevonden)" if pd.notna(r.signal_ts) else ""))
        row = [str(r.action), str(r.owner), fmt.day(r.deadline) if pd.notna(r.deadline) else "geen"]
        if earlier:
            row += [fmt.day(r.meeting_date), str(r.status or schema.OPEN) + (" (te laat)" if bool(r.overdue) else "")]
        else:
            row += [signal]
        row.append(str(r.ticket or ""))
        rows.append(row)
    if earlier:
        return Table(["Actie", "Eigenaar", "Deadline", "Overleg", "Status", "Kenmerk"], rows, align="llllll",
                     widths=(2.9, 1.4, 1.15, 1.25, 1.3, 1.45))
    return Table(["Actie", "Eigenaar", "Deadline", "Bij melding", "Kenmerk"], rows, align="lllll",
                 widths=(2.8, 1.1, 1.1, 2.6, 1.3))


def build(c: Clean, when: dt.date, conf: Settings, *, today: dt.date | None = None) -> Report:
    """The minutes of the meeting held on `when`. Raises MinutesError when the tab Overleggen has no such row."""
    safe = privacy.for_role(c, Role.PARTNER)  # PRIVACY CALL SITE: the same minutes for every partner
    row = metrics.meeting_on(safe, when)
    if row is None:
        raise _no_meeting(c, when)
    today = today or dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    month = meeting.month_of(when)
    ag = meeting.agenda(safe, month, conf, when)
    attendees = [str(a) for a in (row["attendees"] if isinstance(row["attendees"], list) else []) if str(a).strip()]
    new, followup = ag.new_actions, ag.followup
    still_open = followup[~followup["done"]] if len(followup) else followup
    late = int(still_open["overdue"].sum()) if len(still_open) else 0

    day_text = fmt.day(when, long=True)
    cover = [
        ("Overleg", f"{day_text} · over {fmt.month(month)}"),
        ("Aanwezig", ", ".join(attendees) or "niet vastgelegd"),
        ("Besproken", f"{fmt.month(month)}, tot en met {fmt.day(ag.as_of, long=True)}"),
        ("Voor", "; ".join(PARTNERS) + "; desgewenst politie en wijkmakelaar"),
        ("Privacy", "coaches met pseudoniem; teksten zonder namen, telefoonnummers en adressen"),
    ]
    summary = [
        Para(f"{fmt.number(len(new))} {'actie' if len(new) == 1 else 'acties'} afgesproken in dit overleg",
             lead="Nieuw: "),
        Para(f"{fmt.number(len(still_open))} uit eerdere overleggen nog open, waarvan {fmt.number(late)} over de "
             "deadline", lead="Opvolging: "),
    ]
    progress = ag.subject("voortgang").facts
    summary.append(Para(f"{progress[0].value} gelopen ({progress[0].sub}), {progress[2].value} rondes",
                        lead="Voortgang: "))

    sections: list[Section] = []
    acts = Section("Actielijst", key="acties")
    if len(new):
        acts.blocks += [Para("Afgesproken in dit overleg:", style="subhead"), _action_table(new, earlier=False)]
    else:
        acts.blocks.append(Para("In dit overleg zijn geen nieuwe acties afgesproken."))
    if len(still_open):
        acts.blocks += [Para("Nog open uit eerdere overleggen:", style="subhead"),
                        _action_table(still_open, earlier=True)]
    sections.append(acts)

    for subject in ag.subjects:
        s = Section(subject.title, key=subject.key)
        notes = _lines(row.get(subject.note_field, ""))
        if notes:
            s.blocks.append(Para(notes[0], lead="Besproken: "))
            s.blocks += [Para(n) for n in notes[1:]]
        else:
            s.blocks.append(Para("Geen aantekening bij dit onderwerp.", style="note"))
        if subject.key == "nieuwe-acties":
            s.blocks.append(Para("Zie de actielijst hierboven.", style="note"))
            sections.append(s)
            continue
        s.blocks.append(Para("Wat het overleg zag:", style="subhead"))
        s.blocks.append(Bullets([Para(f.value + (f" ({f.sub})" if f.sub else ""), lead=f"{f.label}: ")
                                 for f in subject.facts]))
        points = subject.points
        if subject.key == "opvolging":  # each open action is in the action list already: here the count per owner
            points = [p for p in points if p.kind == "owner"]
            s.blocks.append(Para("De open acties zelf staan in de actielijst bovenaan.", style="note"))
        if points:
            s.blocks.append(Para((subject.points_title if subject.key != "opvolging" else "Per eigenaar") + ":",
                                 style="subhead"))
            items = [Para(f"{p.text} ({p.remark})" if p.remark else p.text, lead=p.lead) for p in points]
            if subject.more and subject.key != "opvolging":
                items.append(Para(f"en nog {fmt.number(subject.more)} (zie het dashboard)", style="note"))
            s.blocks.append(Bullets(items))
        sections.append(s)

    return Report(title=TITLE, month=month, period=f"overleg {day_text}",
                  period_range=f"{fmt.day(ag.as_of, long=True)}", made_on=today, names=False, cover=cover,
                  summary=summary, sections=sections, cover_page=False)


def filename(when: dt.date, fmt_: str) -> str:
    """'verslag-overleg-flatcoaches-2022-01-12.docx'."""
    return f"verslag-overleg-flatcoaches-{when.isoformat()}.{fmt_}"
