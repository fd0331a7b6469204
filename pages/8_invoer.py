"""Invoer: the two Google Forms ("Ronde doorgeven", "Melding doorgeven") inside the dashboard, for a coach's phone."""
import streamlit as st

from lib import schema
from lib.ui import intake_form, page

ctx = page.setup("invoer", filter_bar=False)


def draw(ctx: page.Context) -> None:
    intake_form.intro(ctx)
    tabs = st.tabs([t.form_title for t in schema.FORM_TABS], key="invoer-formulier")
    for container, tab in zip(tabs, schema.FORM_TABS):
        with container:
            intake_form.form(ctx, tab)


page.body(ctx, draw)
