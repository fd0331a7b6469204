"""The coordinator's table of existing actions (status, deadline, external reference), saved to the Acties tab.

Shared by Opvolging and the meeting screen (Overleg), so an action is closed or moved the same way in both.
The pure work (what changed, which cells, the check that the rows still hold the same actions) is lib/writeback.py.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lib import data, schema, writeback
from lib.access import SEE_DETAILS
from lib.errors import FlatcoachError
from lib.ui import widgets
from lib.ui.page import TZ, Context


def editor(ctx: Context, prefix: str = "acties", actions: pd.DataFrame | None = None,
           intro: str = "") -> None:
    """The editable table and its save button. `prefix` keeps two of them apart; `actions` (default: every
    action) chooses the rows shown."""
    saved_key, version_key = f"_{prefix}_saved", f"_{prefix}_editor_version"
    if saved_key in st.session_state:
        st.success(st.session_state.pop(saved_key), icon=":material/check_circle:")
    original = writeback.editor_frame(ctx.data.actions if actions is None else actions)
    if original.empty:
        widgets.empty("Het tabblad Acties is leeg: voeg acties toe in het overleg.")
        return
    st.caption(intro or "Pas status, deadline of extern kenmerk aan en klik op Opslaan: alleen de veranderde "
                        "cellen worden in het tabblad Acties geschreven.")
    blocked = writeback.blocked(ctx.spec.kind)
    if blocked:
        st.info(blocked, icon=":material/info:")
    version = st.session_state.get(version_key, 0)
    edited = st.data_editor(
        original, key=f"{prefix}_editor_{version}", hide_index=True, num_rows="fixed", width="stretch",
        # What can be edited comes right after the action, so it is in view on a phone too.
        column_order=["action", "status", "deadline", "ticket", "owner", "meeting_date", "row"],
        disabled=["row", "meeting_date", "owner", "action"],
        column_config={
            "row": st.column_config.NumberColumn("Rij", format="%d", width="small"),
            "meeting_date": st.column_config.DateColumn("Datum overleg", format="D-M-YYYY"),
            "owner": st.column_config.TextColumn("Eigenaar"),
            "action": st.column_config.TextColumn("Actie", width="medium"),
            "status": st.column_config.SelectboxColumn("Status", options=list(schema.STATUSES), required=True),
            "deadline": st.column_config.DateColumn("Deadline", format="D-M-YYYY"),
            "ticket": st.column_config.TextColumn("Extern kenmerk", max_chars=60),
        },
    )
    try:
        pending = writeback.changes(original, edited)
    except FlatcoachError as exc:
        st.error(exc.message)
        return
    if pending:
        st.markdown(f"**{len(pending)} wijziging{'en' if len(pending) != 1 else ''} nog niet opgeslagen**")
        widgets.table(writeback.change_frame(pending), "wijzigingen acties", key=f"{prefix}-pending", downloads=False)
    if st.button("Opslaan in tabblad Acties", type="primary", disabled=bool(blocked) or not pending,
                 icon=":material/save:", key=f"{prefix}_save"):
        try:
            source = data.writer(ctx.spec, ctx.secrets)
            n = writeback.save(source, original, edited)
            if n:
                data.clear()  # every viewer gets the new values at the next page view
        except FlatcoachError as exc:
            # the edits stay in the table: nothing is lost; the service account's e-mail only for the coordinator
            st.error(exc.text(ctx.may(SEE_DETAILS)), icon=":material/error:")
            return
        st.session_state[saved_key] = writeback.saved_text(n, dt.datetime.now(TZ))
        st.session_state[version_key] = version + 1
        st.rerun()
