"""The meeting screen (page Overleg): one agenda subject at a time in big type, Vorige/Volgende (also the arrow keys),
and for the coordinator the note per subject, the form for a new action, the table to close or move actions and
the button that puts the meeting on record. A partner follows the same screens without any of those controls.

What is shown comes from lib/meeting.py (the agenda) and what is written goes through it too. Each new action form
and each meeting has a submission key, kept in st.session_state until its row is saved: a second click, a rerun or
a retry after a time-out reaches the source with the same key, and the source writes the row at most once.
"""
from __future__ import annotations

import datetime as dt
import logging
from string import Template
from typing import Any

import pandas as pd
import streamlit as st

from lib import access, fmt, intake, meeting, metrics, palette, schema
from lib import data as data_mod
from lib.errors import FlatcoachError
from lib.report import FORMATS, render
from lib.report import minutes as minutes_mod
from lib.report.markdown import esc
from lib.sources import SourceSpec
from lib.ui import action_editor, door, widgets
from lib.ui.page import Context

log = logging.getLogger(__name__)

_P = "overleg"
CLOSE = "afsluiten"
STEPS = (*(s.key for s in meeting.SUBJECTS), CLOSE)
TITLES = {**{s.key: s.title for s in meeting.SUBJECTS}, CLOSE: "Afsluiten en verslag"}
STEP_PARAM = "onderwerp"
_STEP = f"{_P}-stap"  # the current subject's key (see navigation())
_WROTE = f"{_P}-geschreven"  # this session wrote to the demo's working copy
_RESULT = f"{_P}-resultaat"  # the outcome of the last action submission, drawn under the form
_CLOSED = f"{_P}-afgesloten"  # the outcome of ending the meeting

_CSS = Template("""
<style>
/* the meeting screen: the subject in big type, readable from the back of the room */
.st-key-overleg-subject h2 {font-size: 2.3rem; margin-bottom: 0.2rem;}
.st-key-overleg-subject .overleg-ask {font-size: 1.25rem; color: $soft; margin-bottom: 0.8rem;}
.st-key-overleg-subject li, .st-key-overleg-subject li p {font-size: 1.15rem; line-height: 1.45;}
.st-key-overleg-subject div[data-testid="stMetricValue"] {font-size: 2.6rem;}
.overleg-sub.overleg-alert {color: $alert !important; font-weight: 600;}
.overleg-points {margin-top: 0.8rem;}
/* the subject row: the current subject framed, the others as plain links */
div[class*="st-key-overleg-ga-"] button[kind="secondary"] {border: 2px solid $primary; font-weight: 600;}
.overleg-sub {color: $muted; font-size: 0.95rem; margin-top: -0.6rem;}
</style>
""").substitute(soft=palette.CSS_TEXT_SOFT, alert=palette.CSS_ALERT, primary=palette.PRIMARY,
                muted=palette.CSS_TEXT_MUTED)
_LIVE_CSS = """
<style>
.st-key-overleg-subject h2 {font-size: 3rem;}
.st-key-overleg-subject .overleg-ask {font-size: 1.5rem;}
.st-key-overleg-subject li, .st-key-overleg-subject li p {font-size: 1.35rem;}
.st-key-overleg-subject div[data-testid="stMetricValue"] {font-size: 3.4rem;}
@media (max-width: 640px) {  /* a partner following on a phone: the meeting screen's sizes would not fit */
  .st-key-overleg-subject h2 {font-size: 2rem;}
  .st-key-overleg-subject .overleg-ask {font-size: 1.15rem;}
  .st-key-overleg-subject li, .st-key-overleg-subject li p {font-size: 1.05rem;}
  .st-key-overleg-subject div[data-testid="stMetricValue"] {font-size: 2.2rem;}
}
</style>
"""


def writes(ctx: Context) -> bool:
    """Only the coordinator writes (the demo to its temporary copy); a partner follows read-only."""
    return access.may(ctx.role, access.RUN_MEETING)


# --- data: what the meeting has written is on screen at once ------------------------------------------------------
def _data(ctx: Context):
    """The data the meeting draws from. In the demo, once this session wrote, its working copy (the committed
    demo file never changes, so what the meeting added would otherwise not show)."""
    if ctx.spec.kind == "demo" and st.session_state.get(_WROTE):
        copy = SourceSpec("xlsx", str(intake.demo_copy(ctx.spec.target)))
        try:
            return data_mod.load(copy, ctx.secrets).data
        except FlatcoachError:
            return ctx.data
    return ctx.data


def _source(spec: SourceSpec, secrets: dict):
    """Where the callbacks write. They run before the page's door, so the door is asked here again, with the
    settings of now (#16.5): a link revoked while the meeting page was open writes nothing."""
    refused = door.refusal("overleg", roles=access.who_may(access.RUN_MEETING))
    if refused:
        raise FlatcoachError(refused)
    return data_mod.writer(spec, secrets, demo_copy=True)


def _after_write(spec: SourceSpec) -> None:
    if spec.kind == "demo":
        st.session_state[_WROTE] = True
    data_mod.clear()  # Opvolging and this screen show the new row at once


# --- navigation ---------------------------------------------------------------------------------------------------
# The current subject lives in a plain session key, changed only by a click (buttons are triggers, not values): the
# live screen's own refresh sends the widget values the browser last knew, which could otherwise undo a click that
# crossed it.
def _go(delta: int) -> None:
    now = st.session_state.get(_STEP)
    i = STEPS.index(now) if now in STEPS else 0
    st.session_state[_STEP] = STEPS[max(0, min(len(STEPS) - 1, i + delta))]


def _to(key: str) -> None:
    st.session_state[_STEP] = key


def _sync_step() -> None:
    """A link with ?onderwerp=3 opens that subject, once per session (a typed address is a new session): after that
    only the buttons decide. A rerun may carry the address the browser had before the last click (the live screen's
    refresh crossing it), so a later difference in the URL is never followed."""
    raw = st.query_params.get(STEP_PARAM)
    if raw is not None and _STEP not in st.session_state:
        try:
            n = int(raw)
        except ValueError:
            n = 0
        if 1 <= n <= len(STEPS):
            st.session_state[_STEP] = STEPS[n - 1]
    if st.session_state.get(_STEP) not in STEPS:
        st.session_state[_STEP] = STEPS[0]


def navigation() -> str:
    """Vorige/Volgende (also the arrow keys) and the row of subjects (one click to any); the chosen key."""
    _sync_step()
    step = st.session_state[_STEP]
    i = STEPS.index(step)
    with st.container(horizontal=True, vertical_alignment="center", wrap=True, key=f"{_P}-nav"):
        st.button("Vorige", key=f"{_P}-vorige", on_click=_go, args=(-1,),
                  disabled=i == 0, shortcut="Left", help="Vorig onderwerp (pijltje naar links)")
        st.button("Volgende", key=f"{_P}-volgende",
                  on_click=_go, args=(1,), disabled=i == len(STEPS) - 1, shortcut="Right", type="primary",
                  help="Volgend onderwerp (pijltje naar rechts)")
        for n, key in enumerate(STEPS, start=1):
            st.button(f"{n}. {TITLES[key]}", key=f"{_P}-ga-{key}", on_click=_to, args=(key,),
                      type="secondary" if key == step else "tertiary")
    n = str(i + 1)
    if st.query_params.get(STEP_PARAM) != n:
        st.query_params[STEP_PARAM] = n
    return step


# --- the meeting's date -------------------------------------------------------------------------------------------
def meeting_date(ctx: Context, c: Any, month: str) -> dt.date:
    first, last = meeting.month_days(month)
    recorded = [d for d in meeting.meeting_dates(c) if first <= d <= last]
    default = recorded[-1] if recorded else meeting.default_date(month, ctx.today)
    if writes(ctx):
        return st.date_input("Datum overleg", value=default, min_value=first, max_value=last, format="DD-MM-YYYY",
                             key=f"{_P}-datum-{month}",
                             help="Het overleg hoort bij de maand waarin het valt; de cijfers tellen tot deze dag.")
    if len(recorded) > 1:
        return st.selectbox("Overleg", recorded, index=len(recorded) - 1, format_func=lambda d: fmt.day(d, long=True),
                            key=f"{_P}-datum-kies-{month}")
    st.markdown(f"**Overleg {fmt.day(default, long=True)}**")
    return default


# --- one subject --------------------------------------------------------------------------------------------------
def _facts(facts: list[meeting.Fact]) -> None:
    cols = st.columns(len(facts))
    for col, f in zip(cols, facts, strict=True):
        with col:
            st.metric(f.label, f.value)
            if f.sub:
                cls = "overleg-sub overleg-alert" if f.alert else "overleg-sub"
                st.markdown(f'<div class="{cls}">{_html(f.sub)}</div>', unsafe_allow_html=True)


def _html(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _points(s: meeting.Subject) -> None:
    if not s.points:
        widgets.empty(s.empty or "Niets te melden.")
        return
    if s.points_title:
        st.markdown(f'<div class="overleg-points"><b>{_html(s.points_title)}</b></div>', unsafe_allow_html=True)
    lines = []
    for p in s.points:
        lead = f"**{esc(p.lead.strip())}** " if p.lead.strip() else ""
        remark = f" :gray[— {esc(p.remark)}]" if p.remark else ""
        lines.append(f"- {lead}{esc(p.text)}{remark}")
    if s.more:
        lines.append(f"- :gray[en nog {fmt.number(s.more)}: zie de pagina's Meldingen en Opvolging]")
    st.markdown("\n".join(lines))


def _notes(when: dt.date) -> dict[str, str]:
    """The notes typed so far for this meeting, kept outside the widgets: Streamlit forgets a widget's value when
    it is not drawn, and each note's box is drawn only on its own subject."""
    return st.session_state.setdefault(f"{_P}-notities-{when.isoformat()}", {})


def _keep_note(when: dt.date, field: str, wkey: str) -> None:
    _notes(when)[field] = str(st.session_state.get(wkey) or "")


def _note(ctx: Context, s: meeting.Subject, when: dt.date, recorded: pd.Series | None) -> None:
    """The meeting's note on this subject: typed by the coordinator, or as it was put on record."""
    if recorded is not None:
        text = str(recorded.get(s.note_field) or "").strip()
        if text:
            st.markdown(f"**Notitie in het verslag:** {esc(text)}")
        return
    if writes(ctx):
        wkey = f"{_P}-notitie-{when.isoformat()}-{s.note_field}"
        if wkey not in st.session_state:
            st.session_state[wkey] = _notes(when).get(s.note_field, "")
        st.text_area(f"Notitie bij {s.title.lower()} (voor het verslag)", key=wkey, height=90,
                     on_change=_keep_note, args=(when, s.note_field, wkey),
                     placeholder="Wat is besproken of afgesproken? Kort; geen namen van bewoners.")


def subject(ctx: Context, c: Any, ag: meeting.Agenda, key: str, recorded: pd.Series | None) -> None:
    s = ag.subject(key)
    with st.container(key=f"{_P}-subject"):
        st.markdown(f"## {STEPS.index(key) + 1}. {esc(s.title)}")
        st.markdown(f'<div class="overleg-ask">{_html(s.ask)}</div>', unsafe_allow_html=True)
        _facts(s.facts)
        _points(s)
    if key == "opvolging" and access.may(ctx.role, access.EDIT_ACTIONS):
        with st.expander("Acties afsluiten of verzetten", expanded=False):
            still = ag.followup[~ag.followup["done"]]["row"] if len(ag.followup) else []
            action_editor.editor(ctx, prefix=f"{_P}-acties", actions=c.actions[c.actions["row"].isin(still)],
                                 intro="Zet een actie op Afgerond, geef een nieuwe deadline of vul het kenmerk in, "
                                       "en klik op Opslaan.")
    if key == "nieuwe-acties" and writes(ctx):
        action_form(ctx, c, ag)
    _note(ctx, s, ag.meeting_date, recorded)


# --- a new action -------------------------------------------------------------------------------------------------
def _form_key() -> str:
    k = st.session_state.get(f"{_P}-actie-sleutel")
    if not k:
        k = st.session_state[f"{_P}-actie-sleutel"] = intake.new_key()
    return k


def _w(skey: str, name: str) -> str:
    return f"{_P}-actie-{skey}-{name}"


def _on_add(skey: str, when: dt.date, spec: SourceSpec, secrets: dict) -> None:
    ss = st.session_state
    saved: set[str] = ss.setdefault(f"{_P}-acties-opgeslagen", set())
    if skey in saved:  # a second click on a form that was just saved: its confirmation is already on screen
        return
    a = meeting.NewAction(action=str(ss.get(_w(skey, "actie")) or ""), owner=ss.get(_w(skey, "eigenaar")) or "",
                          deadline=ss.get(_w(skey, "deadline")), signal_ts=ss.get(_w(skey, "melding")),
                          ticket=str(ss.get(_w(skey, "kenmerk")) or ""))
    errors = meeting.check_action(a, when)
    if errors:
        ss[_RESULT] = {"kind": "invalid", "key": skey, "errors": errors}
        return
    try:
        written = meeting.add_action(_source(spec, secrets), when, a, skey)
    except FlatcoachError as exc:
        ss[_RESULT] = {"kind": "failed", "key": skey, "message": exc.message}
        return
    except Exception:  # a bug must not cost the meeting what was typed
        log.exception("adding an action failed")
        ss[_RESULT] = {"kind": "failed", "key": skey, "message": "Er ging iets onverwachts mis."}
        return
    saved.add(skey)
    _after_write(spec)
    ss[_RESULT] = {"kind": "saved" if written else "already", "key": skey, "text": a.action.strip(), "owner": a.owner}
    for k in [k for k in ss if isinstance(k, str) and k.startswith(_w(skey, ""))]:
        del ss[k]  # the next action starts with an empty form
    ss.pop(f"{_P}-actie-sleutel", None)


def action_form(ctx: Context, c: Any, ag: meeting.Agenda) -> None:
    """Action, owner, deadline, the signal it follows from (the month's signals) and an external reference."""
    skey = _form_key()
    result = st.session_state.get(_RESULT)
    errors = result["errors"] if result and result.get("kind") == "invalid" and result.get("key") == skey else {}
    choices = meeting.signal_choices(c, ag.month, ctx.conf)
    labels = dict(choices)
    st.markdown("#### Nieuwe actie")
    with st.form(f"{_P}-actie-form-{skey}", border=True, enter_to_submit=False):
        st.text_area("Actie *", key=_w(skey, "actie"), height=80, placeholder="Wat gaat er gebeuren?")
        if "action" in errors:
            st.error(errors["action"], icon=":material/error:")
        left, right = st.columns(2)
        left.selectbox("Eigenaar *", list(schema.OWNERS), index=None, key=_w(skey, "eigenaar"),
                       placeholder="Wie pakt het op?")
        if "owner" in errors:
            left.error(errors["owner"], icon=":material/error:")
        right.date_input("Deadline", value=None, min_value=ag.meeting_date, format="DD-MM-YYYY",
                         key=_w(skey, "deadline"))
        if "deadline" in errors:
            right.error(errors["deadline"], icon=":material/error:")
        st.selectbox(f"Volgt uit melding ({fmt.month(ag.month)})", [t for t, _ in choices], index=None,
                     key=_w(skey, "melding"), format_func=lambda t: labels.get(t, str(t)),
                     placeholder="Geen melding, of kies er een (urgente bovenaan)")
        st.text_input("Extern kenmerk", key=_w(skey, "kenmerk"), max_chars=meeting.MAX_TICKET,
                      placeholder="Bijv. het nummer bij De Key of van Signalen/MOR")
        if "ticket" in errors:
            st.error(errors["ticket"], icon=":material/error:")
        st.form_submit_button("Actie toevoegen", type="primary", icon=":material/add_task:",
                              key=f"{_P}-actie-toevoegen-{skey}", on_click=_on_add,
                              args=(skey, ag.meeting_date, ctx.spec, ctx.secrets))
    if not result:
        return
    if result["kind"] in ("saved", "already"):
        head = "Actie toegevoegd aan het tabblad Acties" if result["kind"] == "saved" else \
            "Deze actie stond er al; er is niets dubbel gezet"
        st.success(f"**{head}:** {esc(result['owner'])}: {esc(result['text'])}", icon=":material/check_circle:")
    elif result["kind"] == "failed" and result.get("key") == skey:
        st.error(f"**{result['message']}** Wat je invulde staat er nog: probeer het zo nog eens.",
                 icon=":material/cloud_off:")


# --- ending the meeting and the minutes ---------------------------------------------------------------------------
def _on_close(when: dt.date, spec: SourceSpec, secrets: dict) -> None:
    ss = st.session_state
    key = ss.setdefault(f"{_P}-sleutel-{when.isoformat()}", intake.new_key())
    attendees = list(ss.get(f"{_P}-aanwezig") or [])
    other = str(ss.get(f"{_P}-aanwezig-anders") or "").strip()
    attendees += [x.strip() for x in other.split(",") if x.strip()]
    notes = dict(_notes(when))
    try:
        written = meeting.record(_source(spec, secrets), when, attendees, notes, key)
    except FlatcoachError as exc:
        ss[_CLOSED] = {"kind": "failed", "message": exc.message}
        return
    _after_write(spec)
    ss[_CLOSED] = {"kind": "saved" if written else "already"}


def close(ctx: Context, c: Any, ag: meeting.Agenda, recorded: pd.Series | None) -> None:
    when = ag.meeting_date
    with st.container(key=f"{_P}-subject"):
        st.markdown(f"## {len(STEPS)}. {TITLES[CLOSE]}")
        st.markdown('<div class="overleg-ask">Wie waren er, en wat gaat er in het verslag?</div>',
                    unsafe_allow_html=True)
    done = st.session_state.get(_CLOSED)
    if recorded is not None:
        who = recorded.get("attendees")
        who = ", ".join(who) if isinstance(who, list) and who else "niet vastgelegd"
        st.success(f"Het overleg van {fmt.day(when, long=True)} staat in het tabblad Overleggen. Aanwezig: {esc(who)}.",
                   icon=":material/check_circle:")
        downloads(c, when, ctx)
        return
    if not writes(ctx):
        widgets.empty("Het verslag staat hier zodra de coördinator het overleg heeft afgesloten.")
        return
    if done and done["kind"] == "failed":
        st.error(f"**{done['message']}** De notities staan er nog: probeer het zo nog eens.",
                 icon=":material/cloud_off:")
    st.pills("Aanwezig", list(schema.ATTENDEES), selection_mode="multi", key=f"{_P}-aanwezig")
    st.text_input("Anders, namelijk", key=f"{_P}-aanwezig-anders", placeholder="Bijv. jongerenwerk (komma ertussen)")
    typed = [s.title for s in meeting.SUBJECTS if _notes(when).get(s.note, "").strip()]
    st.caption(("Notities bij: " + ", ".join(typed)) if typed else "Nog geen notities getypt bij de onderwerpen.")
    st.caption(f"Nieuwe acties in dit overleg: {fmt.number(len(ag.new_actions))}.")
    if ctx.spec.kind == "demo":
        st.caption(":material/science: Demo: het overleg gaat naar een tijdelijke kopie van de demogegevens.")
    st.button("Overleg afsluiten en vastleggen", type="primary", icon=":material/task:", key=f"{_P}-afsluiten",
              on_click=_on_close, args=(when, ctx.spec, ctx.secrets))
    if done and done["kind"] in ("saved", "already") and recorded is None:
        st.info("Vastgelegd; het verslag verschijnt zodra de gegevens opnieuw zijn gelezen.", icon=":material/info:")


def downloads(c: Any, when: dt.date, ctx: Context) -> None:
    """The minutes as DOCX and PDF (made when clicked: rendering takes a moment), safe for every partner."""
    st.markdown("**Verslag** (actielijst en notities; coaches met pseudoniem, teksten zonder persoonsgegevens)")

    def made(kind: str):  # made on click, outside this run: door.guarded asks the door again first (#16.5)
        return door.guarded(lambda: render(minutes_mod.build(c, when, ctx.conf, today=ctx.today), kind))

    with st.container(horizontal=True):
        for kind in ("docx", "pdf"):
            st.download_button(f"Verslag als {FORMATS[kind][0]}", made(kind),
                               file_name=minutes_mod.filename(when, kind), mime=FORMATS[kind][1],
                               icon=":material/download:", on_click="ignore", key=f"{_P}-verslag-{kind}")


# --- the page -----------------------------------------------------------------------------------------------------
def draw(ctx: Context) -> None:
    st.markdown(_CSS + (_LIVE_CSS if ctx.live else ""), unsafe_allow_html=True)
    c = _data(ctx)
    month = ctx.view.month or metrics.latest_month(c)
    if month is None:
        widgets.empty("Nog geen rondes of meldingen: er is nog niets te bespreken.")
        return
    if ctx.view.month is None:
        st.caption(f"Een overleg gaat over één maand: hier {fmt.month(month)}. Kies een andere maand bij Periode.")
    top = st.columns([1, 3]) if not ctx.live else st.columns([1, 5])
    with top[0]:
        when = meeting_date(ctx, c, month)
    # made once per read, month, date and partner (lib.data.per_data): the live screen's refresh and a click to
    # another subject draw the same agenda; a write clears the read, so the next run makes it from the new data
    ag = data_mod.per_data(meeting.agenda, c, month, ctx.conf, when, ctx.partner)
    recorded = metrics.meeting_on(c, when)
    with top[1]:
        if not writes(ctx):
            st.caption("Je volgt het overleg mee; alleen de coördinator legt notities en acties vast.")
    step = navigation()
    if step == CLOSE:
        close(ctx, c, ag, recorded)
    else:
        subject(ctx, c, ag, step, recorded)
