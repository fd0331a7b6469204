"""The page Delen: make a share link for a partner or the coaches, see the links, revoke one.

The rules (the row in the tab Toegang, the checks before writing) are lib/links.py; this draws the form and the list
and keeps two things in the session: the link being made (its submission key and token, until it is saved, so a
retry never writes a second row) and the link just made (shown once, then gone from the session).
Buttons are handled in the script run, after lib/ui/page.setup has let the visitor in.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import access, data, links
from lib.access import Role
from lib.errors import FlatcoachError
from lib.ui.page import Context

_DRAFT = "_delen_draft"  # links.Draft of the link being made
_MADE = "_delen_made"  # the link just made: (label, url), shown once
_NOTE = "_delen_note"  # (kind, text) of the last action, drawn once
_VERSION = "_delen_form_version"  # a new form (empty fields) after a link was made

ROLE_HELP = {"Partner": "ziet de cijfers zonder vergoedingen, met pseudoniemen voor de coaches",
             "Flatcoach": "ziet alleen de pagina Invoer"}
USED = "Laatst gebruikt (sinds de laatste herstart)"
PAGE_PATH = "delen"  # this page's URL path (pages/10_delen.py without its number)


def _dashboard_address(ctx: Context) -> str:
    """The dashboard's own address: `[access] base_url` when set, else what the browser reports."""
    setting = links.base_url_setting(ctx.secrets)
    if setting:
        return setting
    try:
        return links.base_url(st.context.url, page=PAGE_PATH)
    except Exception:  # no browser (AppTest, a bare script run)
        return ""


def _source(ctx: Context):
    return data.writer(ctx.spec, ctx.secrets)


def _note(kind: str, text: str) -> None:
    st.session_state[_NOTE] = (kind, text)


def _make(ctx: Context, label: str, role: str, partner: str | None) -> None:
    if ctx.spec.kind == "demo":
        try:
            label, role, partner = links.checked(label, role, partner)
        except FlatcoachError as exc:
            _note("error", exc.text(True))
            return
        _note("info", f"Demo: de link '{label}' ({role}{', ' + partner if partner else ''}) zou nu als regel in het "
                      "tabblad Toegang komen, met alleen de SHA-256 van de link. Er is niets opgeslagen.")
        return
    draft = st.session_state.get(_DRAFT) or links.new_draft()
    st.session_state[_DRAFT] = draft  # kept until saved: a retry uses the same key and token
    try:
        written = links.create(_source(ctx), draft, label, role, partner, links.now())
        data.clear()  # the new link works at once
    except FlatcoachError as exc:
        _note("error", exc.text(True))
        return
    st.session_state.pop(_DRAFT, None)
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    clean_label = links.checked(label, role, partner)[0]
    st.session_state[_MADE] = (clean_label, links.link_url(_dashboard_address(ctx), draft.token), written)


def _revoke(ctx: Context, item: links.Listed) -> None:
    try:
        links.revoke(_source(ctx), item.row, item.sha256, links.now())
        data.clear()  # the link stops working at once for every visitor of this server
    except FlatcoachError as exc:
        _note("error", exc.text(True))
        return
    _note("success", f"De link '{item.label}' is ingetrokken: wie hem nog opent, krijgt geen toegang meer.")


def _made() -> None:
    """The link just made, once: with a copy button (st.code), and gone from the session after this run."""
    made = st.session_state.pop(_MADE, None)
    if not made:
        return
    label, url, written = made
    head = f"Link **{label}** gemaakt." if written else f"De link **{label}** stond al in het tabblad Toegang."
    st.success(head + " Kopieer hem nu en stuur hem aan wie hem moet hebben: hij wordt nergens bewaard en is na "
               "deze pagina niet meer te zien.", icon=":material/check_circle:")
    st.code(url, language=None, wrap_lines=True)
    if not url.startswith("http"):
        st.caption("Zet het adres van het dashboard vóór deze tekst (of zet `base_url` onder [access] in de "
                   "secrets, dan doet het dashboard dat zelf).")


def _form(ctx: Context, blocked: str) -> None:
    version = st.session_state.get(_VERSION, 0)
    with st.form(f"delen-form-{version}", border=True, enter_to_submit=True):
        st.markdown("**Nieuwe link**")
        # No help icons: their buttons are labelled "Help for <label>", and a label should name one field only.
        label = st.text_input("Naam link", max_chars=links.LABEL_MAX, placeholder="bijv. De Key beheer")
        role = st.selectbox("Rol", list(links.ROLES), format_func=lambda r: f"{r} ({ROLE_HELP[r]})")
        partner = st.selectbox("Partner", list(links.PARTNERS), index=None, placeholder="Alleen bij de rol Partner")
        st.caption("De naam zie je in de lijst hieronder en in het menu van wie de link gebruikt. Bij een partner: "
                   "wiens deel als eerste komt.")
        submitted = st.form_submit_button("Maak link", type="primary", icon=":material/add_link:",
                                          disabled=bool(blocked))
    if submitted:
        _make(ctx, label, role, partner)
        st.rerun()


def _listed(ctx: Context, items: list[links.Listed], blocked: str) -> None:
    st.subheader("Links in het tabblad Toegang")
    if not items:
        st.caption("Nog geen links.")
        return
    for item in items:
        with st.container(border=True, key=f"delen-link-{item.row}"):
            left, right = st.columns([4, 1], vertical_alignment="center")
            role = item.role + (f" · {item.partner}" if item.partner else "")
            used = links.when(item.last_used) or "nog niet"
            left.markdown(f"**{item.label or '(zonder naam)'}** · {role}")
            left.caption(f"Gemaakt op {links.when(item.made_at) or 'onbekend'} · {USED.lower()}: {used}")
            if item.active:
                if right.button("Intrekken", key=f"delen-intrekken-{item.row}", icon=":material/link_off:",
                                disabled=bool(blocked)):
                    _revoke(ctx, item)
                    st.rerun()
            elif item.revoked_at == "ongeldig":
                right.caption("Werkt niet: rol of SHA-256 klopt niet")
            else:
                right.caption(f"Ingetrokken {links.when(item.revoked_at) if item.revoked_at != 'ingetrokken' else ''}"
                              .strip())


def _in_secrets(ctx: Context) -> None:
    grants = links.in_secrets(ctx.secrets)
    if not grants:
        return
    with st.expander(f"Links in de secrets ({len(grants)})", icon=":material/key:"):
        st.caption("Deze links staan in de secrets van het dashboard en werken ook. Intrekken doe je daar: haal het "
                   "blok [[access.tokens]] van de link weg.")
        st.dataframe(pd.DataFrame({
            "Naam link": [g.label for g in grants],
            "Rol": [access.ROLE_LABEL[g.role] + (f" · {g.partner}" if g.partner else "") for g in grants],
            USED: [links.when(access.last_used(g.sha256)) or "nog niet" for g in grants],
        }), hide_index=True, width="stretch")


def draw(ctx: Context) -> None:
    st.caption("Maak een link voor een partner of voor de flatcoaches. Wie de link opent, ziet het dashboard met die "
               "rol, zonder wachtwoord. De link zie je alleen direct na het maken; in het tabblad Toegang komt alleen "
               "een onherleidbare code (SHA-256) te staan. Intrekken werkt binnen een paar minuten voor iedereen.")
    blocked = links.blocked(ctx.spec.kind) or links.unwritable(ctx.spec.kind, ctx.spec.target)
    if blocked:
        st.warning(blocked, icon=":material/info:" if ctx.spec.kind == "demo" else ":material/block:")
    note = st.session_state.pop(_NOTE, None)
    _made()
    _form(ctx, blocked if ctx.spec.kind != "demo" else "")
    if note:
        kind, text = note
        {"error": st.error, "success": st.success}.get(kind, st.info)(text)
    _listed(ctx, links.listing(ctx.data.access_links), blocked)
    _in_secrets(ctx)
    if ctx.role == Role.DEMO:
        st.caption("In de demo kan iedereen alles zien; links zijn er voor een echt dashboard.")
