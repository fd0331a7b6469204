"""Draws the setup check (lib/setup_check.py): one line per step, ✔/✘ with its Dutch sentence. No logic here.

Used by the page Controle (coordinator) and by the door while a Google Sheet has no access settings yet; there the
checklist is all that is shown: no data, no secret.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import streamlit as st

from lib import data as data_mod
from lib import setup_check
from lib.setup_check import Step

_COLOR = {setup_check.OK: "green", setup_check.FAIL: "red", setup_check.WARN: "orange", setup_check.UNKNOWN: "gray"}
# Markdown would read these in a sentence (an underscore in service_account_json starts italics; a tab name from the
# sheet could hold anything): shown as typed.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:])")


_EMAIL = re.compile(r"([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def _plain(text: str) -> str:
    """The sentence as typed; an e-mail address as code, so it is copied whole (not opened as a mail link)."""
    parts = _EMAIL.split(text)
    return "".join(f"`{p}`" if i % 2 else _MARKDOWN.sub(r"\\\1", p) for i, p in enumerate(parts))


def checklist(steps: list[Step]) -> None:
    """The steps in the guide's order: symbol, short title, the sentence; a console link as its own button."""
    for step in steps:
        with st.container(key=f"setup-step-{step.key}"):
            st.markdown(f":{_COLOR[step.state]}[{step.symbol}] **{_plain(step.title)}** — {_plain(step.text)}")
            if step.link:
                st.link_button("Google Sheets API aanzetten", step.link, icon=":material/open_in_new:")


def summary(steps: list[Step]) -> None:
    failing = [s for s in steps if s.state == setup_check.FAIL]
    if not failing:
        st.success("Alles wat het dashboard kan controleren is in orde.", icon=":material/check_circle:")
    else:
        n = len(failing)
        # a to-do list, not a failure of the page: the red crosses below say what is wrong
        st.warning(f"{n} stap{'pen vragen' if n != 1 else ' vraagt'} nog aandacht: zie de regel{'s' if n != 1 else ''} "
                 "met een rood kruis hieronder. Los ze van boven naar beneden op.", icon=":material/build:")


def door_checklist(secrets: Mapping[str, Any]) -> None:
    """On the door of a dashboard with a Google Sheet and no access settings: what to do next (no data)."""
    st.subheader("Zo zet je het dashboard klaar")
    st.caption("Deze controle staat hier zolang er nog geen toegang is ingesteld. Er worden geen gegevens getoond. "
               "Volg de handleiding docs/google-setup.md; na een wijziging in de secrets ververs je deze pagina.")
    with st.spinner("Controleren…"):
        steps = data_mod.setup_steps(secrets)
    checklist(steps)


def page(secrets: Mapping[str, Any], source_note: str = "") -> None:
    """The page Controle: a button to check again, the summary and the checklist."""
    st.caption("Elke stap van de handleiding (docs/google-setup.md), in dezelfde volgorde. Bij een rood kruis staat "
               "wat je moet doen. Geheimen (sleutels, wachtwoorden) worden nooit getoond.")
    if source_note:
        st.info(source_note, icon=":material/info:")
    fresh = st.button("Opnieuw controleren", icon=":material/refresh:", key="controle-again")
    with st.spinner("Controleren…"):
        steps = data_mod.setup_steps(secrets, fresh=fresh)
    summary(steps)
    checklist(steps)
