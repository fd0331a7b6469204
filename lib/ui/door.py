"""The door, Streamlit side: who is this visitor? The rules are in lib/access.py; this reads the URL, the session and
the login, and draws the refusal.

Order: a link token in the URL (`?toegang=`), then a session ticket (`?sessie=`, or the one this session already
has), then the login (`[auth]`), then the defaults for a source with no access configured.

The token never stays anywhere: it is taken out of the URL on the first run, good or wrong, and replaced by a signed
ticket (lib.access.make_ticket) that expires after 12 hours, ends when the link is revoked, and works only in this
browser (it is bound to Streamlit's XSRF cookie). The session keeps the ticket and puts it back in the URL after a
page switch (st.page_link hrefs carry only the filters), so a reload of any page works, while an address copied
from the address bar gives no one else access. Wrong tokens are counted per session and per client address
(lib.access.THROTTLE); after five in a row, a pause.
"""
from __future__ import annotations

import logging
import secrets as secrets_mod
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from lib import access
from lib.access import Access, Role
from lib.errors import FlatcoachError

log = logging.getLogger("flatcoach.access")

_TICKET = "_door_ticket"  # this session's ticket (a signed, expiring pass; not the token)
_SESSION_ID = "_door_session"  # a random name for this session in the throttle
_XSRF_COOKIE = "_streamlit_xsrf"  # set by Streamlit in every browser while XSRF protection is on (the default)


def _client_ip() -> str | None:
    try:
        return st.context.ip_address
    except Exception:  # no browser context (bare script runs)
        return None


def _binding() -> str:
    """This browser, from Streamlit's XSRF cookie (see access.browser_binding); '' where there is none."""
    try:
        return access.browser_binding(st.context.cookies.get(_XSRF_COOKIE))
    except Exception:  # no browser context (bare script runs, AppTest)
        return ""


def _throttle_keys() -> list[str]:
    if _SESSION_ID not in st.session_state:
        st.session_state[_SESSION_ID] = secrets_mod.token_hex(8)
    keys = ["session:" + st.session_state[_SESSION_ID]]
    ip = _client_ip()
    if ip:
        keys.append("ip:" + ip)
    return keys


def _wait(keys: list[str]) -> float:
    return max(access.THROTTLE.wait(k) for k in keys)


def _failed(keys: list[str]) -> None:
    for k in keys:
        access.THROTTLE.failure(k)


def _succeeded(keys: list[str]) -> None:
    for k in keys:
        access.THROTTLE.success(k)


def _from_grant(g: access.Grant, via: str, who: str = "") -> Access:
    access.note_used(g)  # 'last used' on the page Delen (in memory, by hash)
    return Access(g.role, who=who or g.label, partner=g.partner, via="password" if g.origin == "password" else via)


def _keep_ticket(ticket: str) -> None:
    st.session_state[_TICKET] = ticket
    if st.query_params.get(access.TICKET_PARAM) != ticket:
        st.query_params[access.TICKET_PARAM] = ticket


def _drop_param(name: str) -> None:
    if name in st.query_params:
        del st.query_params[name]


def _by_link(cfg: access.AccessConfig, token: str | None) -> Access | None:
    """A role from the link token or a ticket; a refusal for a wrong one; None when there is neither."""
    keys = _throttle_keys()
    if token is not None:
        _drop_param(access.TOKEN_PARAM)  # good or wrong, the token leaves the address bar at once
        wait = _wait(keys)
        if wait:
            return Access(None, refusal=access.refuse_paused(wait))
        g = access.check_token(token, cfg)
        if g is None:
            _failed(keys)
            st.session_state.pop(_TICKET, None)
            _drop_param(access.TICKET_PARAM)
            log.warning("toegang geweigerd: een onbekende of ingetrokken link")
            return Access(None, refusal=access.REFUSE_WRONG)
        _succeeded(keys)
        _keep_ticket(access.make_ticket(g, cfg, bind=_binding()))
        log.info("toegang: rol %s via link '%s'", g.role.value, g.label)
        return _from_grant(g, "link")
    in_url = st.query_params.get(access.TICKET_PARAM) or ""
    kept = st.session_state.get(_TICKET) or ""
    if not in_url and not kept:
        return None
    why = ""
    bind = _binding()
    for ticket in dict.fromkeys(t for t in (in_url, kept) if t):
        g, why_now = access.read_ticket(ticket, cfg, bind=bind)
        if g is not None:
            _keep_ticket(ticket)
            return _from_grant(g, "link")
        why = why or why_now
    # Not counted as a wrong try: a ticket cannot be guessed (128-bit signature), and a stale address in a
    # bookmark should not lock anyone out.
    st.session_state.pop(_TICKET, None)
    _drop_param(access.TICKET_PARAM)
    return Access(None, refusal=access.REFUSE_EXPIRED if why == "expired" else access.REFUSE_WRONG)


def _by_login(cfg: access.AccessConfig) -> Access:
    user = st.user
    if not user.get("is_logged_in"):
        return Access(None, refusal=access.REFUSE_LOGIN, login_offered=True)
    email = str(user.get("email") or "")
    g = access.grant_for_email(email, cfg, user.get("email_verified"))
    if g is None:
        log.warning("toegang geweigerd: ingelogd account zonder rol")
        return Access(None, refusal=access.REFUSE_UNKNOWN_ACCOUNT.format(email=email or "(zonder e-mailadres)"),
                      login_offered=True, via="login")
    return _from_grant(g, "login", who=email)


def enter(source_kind: str, secrets: Mapping[str, Any],
          sheet_links: Callable[[], tuple[access.Grant, ...]] | None = None) -> tuple[Access, access.AccessConfig]:
    """Decide this visitor's role for this page view. Never raises; a refusal carries its Dutch sentence.

    `sheet_links` gives the links of the tab Toegang (see `sheet_links_of`); it is called only when a link or ticket
    in this view matches nothing in secrets."""
    cfg = access.config_from_secrets(secrets)
    token = st.query_params.get(access.TOKEN_PARAM)
    cfg, unreadable = _with_sheet_links(cfg, token, sheet_links)
    if unreadable:
        return Access(None, refusal=access.REFUSE_SHEET_UNREADABLE), cfg
    link = _by_link(cfg, token)
    if link is not None and (link.role is not None or token is not None):
        return link, cfg  # in by the link, or a wrong link: refused, whatever else would let them in
    if cfg.login:
        login = _by_login(cfg)
        if login.role is not None:
            return login, cfg
        if link is not None:  # a stale or revoked ticket: say so, and offer the login as the other way in
            return replace(link, login_offered=True, via=login.via), cfg
        if source_kind == "demo":
            return access.decide("demo"), cfg
        return login, cfg
    if link is not None:
        return link, cfg  # a ticket that expired or was revoked
    if source_kind == "demo":
        return access.decide("demo"), cfg  # made-up data is open to anyone
    if cfg.configured:
        return Access(None, refusal=access.REFUSE_NO_LINK), cfg
    return access.decide(source_kind), cfg


def refuse(acc: Access, cfg: access.AccessConfig | None = None) -> None:
    """Draw the refusal: one Dutch sentence, the coordinator's password field where a password is set, and a login
    or logout button where that helps. Shows no data."""
    st.title("Flatcoaches K-buurt")
    st.error(acc.refusal, icon=":material/lock:")
    if cfg is not None:
        password_form(cfg)
    if acc.login_offered:
        if acc.via == "login":
            if st.button("Uitloggen", key="door-logout"):
                st.logout()
        elif st.button("Inloggen", key="door-login", type="primary"):
            st.login()


def banner(acc: Access) -> None:
    """The role's notice at the top of every page: a clear DEMO banner, or the local-file warning."""
    if acc.role == Role.DEMO:
        st.warning(f"**{acc.notice}**", icon=":material/science:")
    elif acc.notice:
        st.info(acc.notice, icon=":material/info:")


def problems(acc: Access, cfg: access.AccessConfig) -> None:
    """Mistakes in the access settings, for the coordinator only (they name the entry, never its value)."""
    if acc.role == Role.COORDINATOR and cfg.problems:
        with st.expander("Toegangsinstellingen: iets klopt niet", icon=":material/warning:"):
            for p in cfg.problems:
                st.markdown(f"- {p}")


def logout_button(acc: Access) -> None:
    if acc.via == "login" and st.button("Uitloggen", key="door-logout-menu", icon=":material/logout:"):
        st.logout()
    elif acc.via == "password":
        st.button("Uitloggen", key="door-logout-password", icon=":material/logout:", on_click=_end_session)


# --- links from the spreadsheet -----------------------------------------------------------------------------

def sheet_links_of(spec: Any, secrets: Mapping[str, Any]) -> Callable[[], tuple[access.Grant, ...]]:
    """The links of the tab Toegang for `enter`: read with all other tabs in the one cached read (lib/data.py), so
    checking a link costs no extra request, and a revoked one stops working at the next read."""
    def load() -> tuple[access.Grant, ...]:
        from lib import data, links

        return links.grants(data.load(spec, secrets).data.access_links)

    return load


def _with_sheet_links(cfg: access.AccessConfig, token: str | None,
                      sheet_links: Callable[[], tuple[access.Grant, ...]] | None) -> tuple[access.AccessConfig, bool]:
    """cfg with the sheet's links when this view's token or ticket matches nothing in secrets; (cfg, True) when
    they were needed but the sheet cannot be read (the visitor is then refused with a sentence that says so)."""
    if sheet_links is None or cfg.sheet_links:
        return cfg, False
    if token is not None:
        needed = access.check_token(token, cfg) is None
    else:
        bind = _binding()
        tickets = [t for t in (st.query_params.get(access.TICKET_PARAM), st.session_state.get(_TICKET)) if t]
        needed = bool(tickets) and all(access.read_ticket(t, cfg, bind=bind)[1] == "wrong" for t in tickets)
    if not needed:
        return cfg, False
    try:
        return access.with_sheet_links(cfg, sheet_links()), False
    except FlatcoachError:
        log.warning("toegang: de links in de spreadsheet konden niet worden gelezen")
        return cfg, True


# --- the coordinator's password -----------------------------------------------------------------------------

_PASSWORD = "door-password"  # the field
_PASSWORD_NOTE = "_door_password_note"  # the outcome of the last try, drawn under the field
REFUSE_PASSWORD = "Dit wachtwoord klopt niet."


def _try_password(cfg: access.AccessConfig) -> None:
    """The form's callback: a right password gives this session the coordinator's ticket (the next run lets it in
    through the ticket, like a link); a wrong one counts as a wrong try, like a wrong link."""
    given = str(st.session_state.get(_PASSWORD) or "")
    st.session_state[_PASSWORD] = ""  # the password does not stay in the session
    if not given.strip():
        st.session_state[_PASSWORD_NOTE] = "Vul het wachtwoord in."
        return
    keys = _throttle_keys()
    wait = _wait(keys)
    if wait:
        st.session_state[_PASSWORD_NOTE] = access.refuse_paused(wait, "met het juiste wachtwoord")
        return
    g = access.check_password(given, cfg)
    if g is None:
        _failed(keys)
        log.warning("toegang geweigerd: een verkeerd wachtwoord")
        st.session_state[_PASSWORD_NOTE] = REFUSE_PASSWORD
        return
    _succeeded(keys)
    st.session_state.pop(_PASSWORD_NOTE, None)
    st.session_state[_TICKET] = access.make_ticket(g, cfg, bind=_binding())
    log.info("toegang: coördinator met het wachtwoord")


def password_form(cfg: access.AccessConfig) -> None:
    """The coordinator's way in without a link, where `[access] coordinator_password` is set (Enter submits)."""
    for problem in cfg.problems:
        if problem in access.PASSWORD_PROBLEMS:  # what keeps the coordinator out: say it here, no secret in it
            st.warning(problem, icon=":material/key_off:")
    if cfg.password is None:
        return
    with st.form("door-password-form", border=True, enter_to_submit=True):
        st.markdown("**Coördinator**")
        st.text_input("Wachtwoord", type="password", key=_PASSWORD, autocomplete="current-password")
        st.form_submit_button("Inloggen", type="primary", on_click=_try_password, args=(cfg,))
    note = st.session_state.pop(_PASSWORD_NOTE, "")
    if note:
        st.error(note, icon=":material/error:")


def _end_session() -> None:
    """Log out of a password session: the ticket goes from the session and the address bar."""
    st.session_state.pop(_TICKET, None)
    _drop_param(access.TICKET_PARAM)
