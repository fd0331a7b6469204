"""The two intake forms of the Invoer page, drawn from the schema: one column, big targets, for a phone at night.

Each form instance has a submission key, made when the form is first shown and kept in st.session_state until the
row is saved. Every widget key contains it, so a saved form is replaced by a fresh one (new key, empty answers),
while a form that failed (invalid, or the sheet out of reach) keeps what the coach typed and the same key: a
second click, a rerun or a retry after a time-out reaches the source with the key it already has, and the source
writes the row at most once. The submit button's callback does the work before the script runs, so the messages
can be drawn right under the fields they are about.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from string import Template
from typing import Any

import streamlit as st

from lib import data as data_mod
from lib import intake, palette, schema
from lib.access import SEE_DETAILS
from lib.errors import FlatcoachError
from lib.schema import Field, Kind, Tab
from lib.ui import door
from lib.ui.page import Context

log = logging.getLogger(__name__)

_PREFIX = "invoer"
_COACH = f"{_PREFIX}-coach"  # the coach's name, remembered for the session after the first submission
_SAVED = f"{_PREFIX}-saved"  # submission keys saved in this session
# Option lists up to this long are buttons (one tap, no keyboard popping up on a phone); longer ones a dropdown.
_MAX_PILLS = 15

_CSS = Template("""
<style>
/* one column, also on a wide screen: a form is read top to bottom */
.block-container {max-width: 46rem;}
/* the send button: a big target for a thumb in a dark stairwell */
div[class*="st-key-invoer-submit-"] button {min-height: 3.5rem; font-size: 1.2rem; font-weight: 600;}
div[class*="st-key-invoer-submit-"] button p {font-size: 1.2rem;}
/* option buttons a bit taller than Streamlit's default, and a chosen one plainly filled in the theme's
   primaryColor (.streamlit/config.toml), readable on a dimmed screen at night */
div[data-testid="stButtonGroup"] button {min-height: 2.6rem; padding-left: 0.9rem; padding-right: 0.9rem;}
div[data-testid="stButtonGroup"] button[data-selected="true"] {background-color: $primary !important;
    border-color: $primary !important;}
div[data-testid="stButtonGroup"] button[data-selected="true"] p {color: $on_primary !important; font-weight: 600;}
/* field messages close to their field */
div[class*="st-key-invoer-err-"] {margin-top: -0.6rem;}
</style>
""").substitute(primary=palette.PRIMARY, on_primary=palette.ON_PRIMARY)


def _slug(tab: Tab) -> str:
    return schema.norm(tab.name).replace(" ", "-")


def _k(tab: Tab, *parts: str) -> str:
    return "-".join([_PREFIX, _slug(tab), *parts])


def _wkey(tab: Tab, skey: str, field_key: str, *extra: str) -> str:
    return "-".join([_PREFIX, _slug(tab), skey, field_key, *extra])


def roster_names(ctx: Context) -> list[str]:
    roster = ctx.data.roster
    if roster is None or roster.empty:
        return []
    return sorted({str(n).strip() for n in roster["name"] if str(n).strip()}, key=schema.norm)


def _typical_round_hours(ctx: Context) -> float | None:
    hours = ctx.data.rounds["hours"] if len(ctx.data.rounds) else None
    return float(hours.median()) if hours is not None and hours.notna().any() else None


def _new_instance(tab: Tab, ctx: Context) -> str:
    """A fresh form: a new submission key and the defaults for this moment."""
    moment = intake.now()
    start, end = intake.default_times(moment, _typical_round_hours(ctx))
    skey = intake.new_key()
    st.session_state[_k(tab, "key")] = skey
    st.session_state[_k(tab, "defaults")] = {
        "date": intake.round_default_date(moment) if tab.name == schema.ROUNDS.name else moment.date(),
        "start": start, "end": end, "time": intake.floor_time(moment),
        "today": moment.date(),
    }
    return skey


def _instance(tab: Tab, ctx: Context) -> tuple[str, dict[str, Any]]:
    skey = st.session_state.get(_k(tab, "key")) or _new_instance(tab, ctx)
    return skey, st.session_state[_k(tab, "defaults")]


# --- reading the answers and saving (the submit button's callback) ------------------------------------------
def _answers(tab: Tab, skey: str, roster: Sequence[str]) -> intake.Answers:
    ss = st.session_state
    out: intake.Answers = {}
    for f in intake.questions(tab):
        value = ss.get(_wkey(tab, skey, f.key))
        if f.kind == Kind.MULTI:
            value = list(value or [])
            other = str(ss.get(_wkey(tab, skey, f.key, "anders")) or "").strip()
            if other:
                value.append(other)
        elif f.roster:
            typed = str(ss.get(_wkey(tab, skey, f.key, "nieuw")) or "").strip()
            if typed:  # a typed name wins over the list; typed as on the list, it is the list's spelling
                value = next((n for n in roster if schema.norm(n) == schema.norm(typed)), typed)
        out[f.key] = value
    return out


def _name_into(tab: Tab, skey: str, name: str, roster: Sequence[str]) -> None:
    """Put the coach's name in a form: chosen from the list when it is on it, else typed in the box under it."""
    ss = st.session_state
    listed = next((n for n in roster if schema.norm(n) == schema.norm(name)), None)
    if listed:
        ss[_wkey(tab, skey, "coach")] = listed
    else:
        ss[_wkey(tab, skey, "coach", "nieuw")] = name


def _name_is_empty(tab: Tab, skey: str) -> bool:
    ss = st.session_state
    return not ss.get(_wkey(tab, skey, "coach")) and not str(ss.get(_wkey(tab, skey, "coach", "nieuw")) or "").strip()


def _on_submit(tab_name: str, skey: str, spec: Any, secrets: dict, roster: Sequence[str]) -> None:
    ss = st.session_state
    tab = schema.tab(tab_name)
    saved: set[str] = ss.setdefault(_SAVED, set())
    if skey in saved:  # a second click on a form that was just saved: its confirmation is already on screen
        return
    result_key = _k(tab, "result")
    # The callback runs before the script, so before the page's door: ask the door again, against the settings as
    # they are now (a coach whose link was revoked while the form was open writes nothing).
    refused = door.refusal("invoer")
    if refused:
        ss[result_key] = {"kind": "failed", "key": skey, "message": refused}
        return
    answers = _answers(tab, skey, roster)
    try:
        source = data_mod.writer(spec, secrets, demo_copy=True)
        outcome = intake.submit(source, tab, answers, skey, roster=roster)
    except FlatcoachError as exc:
        # the plain sentence for a coach; the detail (service account, sheet key) only for the coordinator (#16.3)
        ss[result_key] = {"kind": "failed", "key": skey, "message": exc.message, "detail": exc.detail}
        return
    except Exception:  # a bug must not cost the coach what they typed
        log.exception("intake submission failed")
        ss[result_key] = {"kind": "failed", "key": skey, "message": "Er ging iets onverwachts mis."}
        return
    if outcome.status == "invalid":
        ss[result_key] = {"kind": "invalid", "key": skey, "errors": outcome.errors}
        return
    saved.add(skey)
    data_mod.clear()  # the dashboard shows the new row at once
    coach = str(answers.get("coach") or "").strip()
    if coach:
        ss[_COACH] = coach
        for other in schema.FORM_TABS:  # the other form, if its name is still empty, gets it too
            other_key = ss.get(_k(other, "key"))
            if other is not tab and other_key and _name_is_empty(other, other_key):
                _name_into(other, other_key, coach, roster)
    ss[result_key] = {"kind": outcome.status, "key": skey, "summary": outcome.summary, "warnings": outcome.warnings}
    for k in [k for k in ss if isinstance(k, str) and k.startswith(_wkey(tab, skey, ""))]:
        del ss[k]  # the saved form's answers go; the next form starts empty
    ss.pop(_k(tab, "key"), None)


# --- drawing ------------------------------------------------------------------------------------------------
def style() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)


def intro(ctx: Context) -> None:
    """The page's first lines: what happens with a submission here."""
    style()
    if ctx.spec.kind == "demo":
        st.caption(":material/science: Proefinvoer: wat je hier opslaat gaat naar een tijdelijke kopie van de "
                   "demogegevens, komt niet in de grafieken en is weg zodra de server opnieuw start.")
    elif ctx.spec.kind in ("xlsx", "csv"):
        st.caption(f"Opslaan in: {ctx.data.source or ctx.spec.target}")


def _label(f: Field) -> str:
    return f"{f.header} *" if f.required else f.header  # as Google Forms marks a required question


def _widget(ctx: Context, tab: Tab, f: Field, skey: str, defaults: dict[str, Any], roster: list[str]) -> None:
    key = _wkey(tab, skey, f.key)
    label = _label(f)
    if f.kind == Kind.CHOICE and f.roster:
        remembered = st.session_state.get(_COACH)
        if remembered and not st.session_state.get(_k(tab, "named", skey)):
            # a fresh form starts with the coach's name (once: after that the field is the coach's)
            st.session_state[_k(tab, "named", skey)] = True
            _name_into(tab, skey, remembered, roster)
        st.selectbox(label, roster, index=None, key=key,
                     placeholder="Kies je naam" if roster else "Typ je naam hieronder")
        # No accept_new_options: its first row "Add: <what you typed>" turns a half-typed "shar" into a new coach.
        st.text_input("Niet in de lijst? Typ je naam", key=_wkey(tab, skey, f.key, "nieuw"))
    elif f.kind == Kind.CHOICE and len(f.options) <= _MAX_PILLS:
        st.pills(label, list(f.options), selection_mode="single", key=key)
    elif f.kind == Kind.CHOICE:
        st.selectbox(label, list(f.options), index=None, key=key, placeholder="Kies…")
    elif f.kind == Kind.MULTI and f.roster:
        st.multiselect(label, roster, key=key, placeholder="Niemand" if not f.required else "Kies…")
    elif f.kind == Kind.MULTI:
        st.pills(label, list(f.options), selection_mode="multi", key=key)
    elif f.kind == Kind.DATE:
        st.date_input(label, value=defaults["date"], max_value=defaults["today"], format="DD-MM-YYYY", key=key)
    elif f.kind == Kind.TIME:
        st.time_input(label, value=defaults.get(f.key, defaults["time"]), step=dt.timedelta(minutes=5), key=key)
    elif f.kind == Kind.PARAGRAPH:
        st.text_area(label, key=key, height=96 if not f.required else 130)
    elif f.kind == Kind.FILES:
        st.text_input(label, key=key, placeholder="Link naar de foto, bijv. uit Google Drive")
    else:
        st.text_input(label, key=key)
    if f.help:
        st.caption(f.help)
    if f.kind == Kind.MULTI and f.other:
        st.text_input(f"{schema.OTHER}, namelijk", key=_wkey(tab, skey, f.key, "anders"),
                      placeholder="Meer dan één? Zet een komma ertussen" if f.roster else "")


def _field_error(tab: Tab, f: Field, message: str) -> None:
    with st.container(key=f"{_PREFIX}-err-{_slug(tab)}-{f.key}"):
        st.error(message, icon=":material/error:")


def _escape(text: str) -> str:
    for ch in "\\*_`[]<>#|~$":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def _summary_lines(summary: list[tuple[str, str]]) -> str:
    lines = []
    for question, answer in summary:
        answer = answer if len(answer) <= 90 else answer[:88] + "…"
        lines.append(f"- {_escape(question)}: {_escape(answer)}")
    return "\n".join(lines)


def _result(tab: Tab, result: dict[str, Any] | None, skey: str, fields: list[Field], coordinator: bool = False) -> None:
    """The outcome of the last submission, drawn under the button (where the coach's thumb is)."""
    if not result:
        return
    what = tab.form_title.split()[0]  # "Ronde", "Melding"
    kind = result["kind"]
    if kind in ("saved", "already"):
        head = (f"**{what} opgeslagen.** Dank je wel!" if kind == "saved"
                else f"**Deze {what.lower()} was al opgeslagen.** Er is niets dubbel gezet.")
        st.success(head + "\n\n" + _summary_lines(result.get("summary", [])), icon=":material/check_circle:")
        for w in result.get("warnings", []):
            st.caption(f"Ter info voor de coördinator: {w}")
        return
    if result.get("key") != skey:
        return
    if kind == "invalid":
        errors = result["errors"]
        named = [f.header for f in fields if f.key in errors]
        text = "**Niet opgeslagen.** "
        if named:
            text += "Kijk nog even naar: " + ", ".join(named) + " (hierboven in rood)."
        if intake.FORM in errors:
            text += ("\n\n" if named else "") + errors[intake.FORM]
        st.error(text, icon=":material/error:")
    elif kind == "failed":
        message = (coordinator and result.get("detail")) or result["message"]
        if not message.lower().startswith("niet opgeslagen"):
            message = "Niet opgeslagen. " + message
        st.error(f"**{message}** Wat je invulde staat er nog: probeer het zo nog eens met dezelfde knop.",
                 icon=":material/cloud_off:")


def form(ctx: Context, tab: Tab) -> None:
    """One of the two forms (schema.ROUNDS or schema.SIGNALS), with its messages."""
    roster = roster_names(ctx)
    skey, defaults = _instance(tab, ctx)
    result = st.session_state.get(_k(tab, "result"))
    errors = result["errors"] if result and result.get("kind") == "invalid" and result.get("key") == skey else {}
    fields = intake.questions(tab)
    if tab.form_description:
        st.caption(tab.form_description)
    with st.form(_k(tab, "form", skey), border=False, enter_to_submit=False):
        for f in fields:
            _widget(ctx, tab, f, skey, defaults, roster)
            if f.key in errors:
                _field_error(tab, f, errors[f.key])
        st.form_submit_button(
            f"{tab.form_title.split()[0]} opslaan", type="primary", width="stretch", icon=":material/send:",
            key=f"{_PREFIX}-submit-{_slug(tab)}-{skey}",
            on_click=_on_submit, args=(tab.name, skey, ctx.spec, ctx.secrets, tuple(roster)),
        )
        _result(tab, result, skey, fields, coordinator=ctx.may(SEE_DETAILS))
