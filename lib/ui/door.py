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
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from lib import access
from lib.access import Access, Role

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
    return Access(g.role, who=who or g.label, partner=g.partner, via=via)


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


def enter(source_kind: str, secrets: Mapping[str, Any]) -> tuple[Access, access.AccessConfig]:
    """Decide this visitor's role for this page view. Never raises; a refusal carries its Dutch sentence."""
    cfg = access.config_from_secrets(secrets)
    token = st.query_params.get(access.TOKEN_PARAM)
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


def refuse(acc: Access) -> None:
    """Draw the refusal: one Dutch sentence, and a login or logout button where that helps. Shows no data."""
    st.title("Flatcoaches K-buurt")
    st.error(acc.refusal, icon=":material/lock:")
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
