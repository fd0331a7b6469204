"""The door, Streamlit side: who is this visitor? The rules are in lib/access.py; this reads the URL, the session and
the login, and draws the refusal.

Order: a link token in the URL (`?toegang=`), then a session ticket (`?sessie=`, or the one this session already
has), then the login (`[auth]`), then the defaults for a source with no access configured. A token or ticket that
matches nothing in secrets is looked up among the links of the tab Toegang (`sheet_links_of`, read with the data in
the one cached read); the coordinator's password (`password_form`, on the refusal screen) gives the session the
same kind of ticket a link gives. Wrong passwords count with wrong tokens, and a pause holds up a right password too:
unlike a link's 256 random bits, a password can be guessed.

The token never stays anywhere: a good one is swapped for a signed ticket (lib.access.make_ticket) that expires after
12 hours, ends when the link is revoked, and works only in this browser (it is bound to Streamlit's XSRF cookie);
the page then replaces its own history entry by the address with the ticket (`location.replace`, a reload), so Back
does not bring the token into the address bar again. A ticket goes into the URL only when it is bound to the
browser; without the cookie (XSRF protection off) it stays in this session only. The session keeps the ticket and
puts it back in the URL after a page switch (st.page_link hrefs carry only the filters), so a reload of any page
works, while an address copied from the address bar gives no one else access. Wrong tokens are counted per client
address (lib.access.client_address, THROTTLE); after five in a row a pause for wrong ones, never for a right one.

After the first full run every other path that shows or writes data asks `check()` (the live fragment, form
callbacks) or a `guarded()` callable (deferred downloads, run outside the session) again, against the settings as
they are now: `current_secrets()` re-reads secrets.toml when it changes (lib/secrets_file.py).
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from lib import access, secrets_file
from lib.access import Access, Role
from lib.errors import FlatcoachError
from lib.fmt import literal

log = logging.getLogger("flatcoach.access")

_TICKET = "_door_ticket"  # this session's ticket (a signed, expiring pass; not the token)
_SENT_ON = "_door_sent_on"  # hash of the token this session swapped for a ticket and sent the browser on without
_HELD = "_door_held"  # how this session got in (Held), for check()
_XSRF_COOKIE = "_streamlit_xsrf"  # set by Streamlit in every browser while XSRF protection is on (the default)


def _client_ip() -> str | None:
    try:
        ip = st.context.ip_address
    except Exception:  # no browser context (bare script runs)
        return None
    return ip if isinstance(ip, str) else None  # AppTest's mock runtime answers with a mock


def _binding() -> str:
    """This browser, from Streamlit's XSRF cookie (see access.browser_binding); '' where there is none."""
    try:
        return access.browser_binding(st.context.cookies.get(_XSRF_COOKIE))
    except Exception:  # no browser context (bare script runs, AppTest)
        return ""


def _forwarded_for() -> str:
    try:
        value = st.context.headers.get("X-Forwarded-For")
    except Exception:  # no browser context
        return ""
    return value if isinstance(value, str) else ""


def _throttle_keys(cfg: access.AccessConfig | None = None) -> list[str]:
    """The client's address as the trusted proxies report it (access.client_address). Not the session: every page
    load is a new session, so a count per session counts nothing."""
    proxies = cfg.trusted_proxies if cfg is not None else 0
    return ["ip:" + access.client_address(_client_ip(), _forwarded_for(), proxies)]


def _wait(keys: list[str]) -> float:
    return max(access.THROTTLE.wait(k) for k in keys)


def _failed(keys: list[str]) -> None:
    for k in keys:
        if access.THROTTLE.failure(k):
            log.warning("toegang: pauze van %d s voor %s na %d of meer verkeerde pogingen achter elkaar",
                        access.THROTTLE.pause, k, access.THROTTLE.limit)


def _succeeded(keys: list[str]) -> None:
    """Nothing to clear: a right link never waits, and on an address many people share (everyone behind one
    untrusted proxy is 'local') one person's right link must not wipe out someone else's wrong tries."""


def _from_grant(g: access.Grant, via: str, who: str = "") -> Access:
    access.note_used(g)  # 'last used' on the page Delen (in memory, by hash)
    return Access(g.role, who=who or g.label, partner=g.partner, via="password" if g.origin == "password" else via)


def _bound(ticket: str) -> bool:
    return ticket.split(".")[2:3] == ["b"]


def _keep_ticket(ticket: str) -> None:
    """In the session always; in the URL only when bound to this browser (an unbound one would open anywhere)."""
    st.session_state[_TICKET] = ticket
    if not _bound(ticket):
        _drop_param(access.TICKET_PARAM)
    elif st.query_params.get(access.TICKET_PARAM) != ticket:
        st.query_params[access.TICKET_PARAM] = ticket


def _send_on(ticket: str) -> None:
    """Replace the history entry that holds the token by the address with the ticket, and load that (a reload).

    Streamlit writes a changed query string with history.pushState, which leaves the entry with the token behind
    for Back (frontend `handlePageInfoChanged`, checked in 1.67); location.replace swaps the entry itself. Nothing
    is drawn in this run, and no query parameter is written from Python (that would push an entry first)."""
    script = ("<script>(() => {const u = new URL(window.location.href);"
              f"u.searchParams.delete({json.dumps(access.TOKEN_PARAM)});"
              f"u.searchParams.set({json.dumps(access.TICKET_PARAM)}, {json.dumps(ticket)});"
              "window.location.replace(u.toString());})();</script>")
    st.caption("Het dashboard opent…")
    st.html(script, unsafe_allow_javascript=True)
    st.stop()


def _drop_param(name: str) -> None:
    if name in st.query_params:
        del st.query_params[name]


def _by_link(cfg: access.AccessConfig, token: str | None) -> Access | None:
    """A role from the link token or a ticket; a refusal for a wrong one; None when there is neither."""
    keys = _throttle_keys(cfg)
    if token is not None and st.session_state.get(_TICKET) and st.session_state.get(_SENT_ON) == access.token_hash(
            token):
        # This session already swapped this token and sent the browser on, but it ran again with the token (no
        # JavaScript ran: AppTest, or a blocked script). Take the token out here and go on with the ticket.
        _drop_param(access.TOKEN_PARAM)
        token = None
    if token is not None:
        # A right token always gets in, also during a pause; only wrong ones wait (and a wrong one in a pause
        # starts it again). The pause cannot protect a link anyway: that is its 256 random bits' job.
        g = access.check_token(token, cfg)
        if g is None:
            wait = _wait(keys)
            _failed(keys)
            _drop_param(access.TOKEN_PARAM)
            st.session_state.pop(_TICKET, None)
            _drop_param(access.TICKET_PARAM)
            log.warning("toegang geweigerd: een onbekende of ingetrokken link")
            return Access(None, refusal=access.refuse_paused(wait) if wait else access.REFUSE_WRONG)
        _succeeded(keys)
        ticket = access.make_ticket(g, cfg, bind=_binding())
        st.session_state[_TICKET] = ticket
        log.info("toegang: rol %s via link '%s'", g.role.value, g.label)
        if _bound(ticket):
            st.session_state[_SENT_ON] = access.token_hash(token)
            _send_on(ticket)  # stops this run
        _drop_param(access.TOKEN_PARAM)  # unbound: no reload (it would lose the session); the entry stays behind
        return _from_grant(g, "link")
    in_url = st.query_params.get(access.TICKET_PARAM) or ""
    kept = st.session_state.get(_TICKET) or ""
    if not in_url and not kept:
        return None
    why = ""
    bind = _binding()
    for ticket in dict.fromkeys(t for t in (in_url, kept) if t):
        g, why_now = access.read_ticket(ticket, cfg, bind=bind, bound_only=ticket != kept)
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
    verified = user.get("email_verified")
    g = access.grant_for_email(email, cfg, verified)
    if g is None:
        log.warning("toegang geweigerd: ingelogd account zonder rol of zonder bevestigd e-mailadres")
        sentence = access.REFUSE_UNKNOWN_ACCOUNT if verified is True else access.REFUSE_UNVERIFIED
        return Access(None, refusal=sentence.format(email=literal(email, 80) if email else "(zonder e-mailadres)"),
                      login_offered=True, via="login")
    return _from_grant(g, "login", who=email)


def enter(source_kind: str, secrets: Mapping[str, Any],
          sheet_links: Callable[[], tuple[access.Grant, ...]] | None = None) -> tuple[Access, access.AccessConfig]:
    """Decide this visitor's role for this page view (the full run's check; see _enter), and remember how they got
    in, so that check() can ask again later without the token."""
    acc, cfg = _enter(source_kind, secrets, sheet_links)
    if acc.role is None:
        st.session_state.pop(_HELD, None)
    else:
        user = st.user if acc.via == "login" else {}
        st.session_state[_HELD] = Held(
            via=acc.via, role=acc.role, partner=acc.partner, source_kind=source_kind,
            ticket=str(st.session_state.get(_TICKET) or "") if acc.via in ("link", "password") else "",
            bind=_binding(), email=str(user.get("email") or ""), verified=user.get("email_verified"),
            sheet_links=sheet_links)
    return acc, cfg


def _enter(source_kind: str, secrets: Mapping[str, Any],
           sheet_links: Callable[[], tuple[access.Grant, ...]] | None = None) -> tuple[Access, access.AccessConfig]:
    """Decide this visitor's role for this page view. Never raises; a refusal carries its Dutch sentence.

    `sheet_links` gives the links of the tab Toegang (see `sheet_links_of`); it is called only when a link or ticket
    in this view matches nothing in secrets."""
    cfg = access.config_from_secrets(secrets)
    if cfg.closed:
        return Access(None, refusal=access.REFUSE_CLOSED), cfg
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
    if acc.may(access.SEE_DETAILS) and cfg.problems:
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
    keys = _throttle_keys(cfg)
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


# --- the same door again, for everything after the full run --------------------------------------------------

SECRETS_FILES: list[Path] | None = None  # tests: read these files instead of Streamlit's secrets.files


def _secrets_paths() -> list[Path] | None:
    """Where Streamlit looks for secrets (`secrets.files`); None under AppTest, whose at.secrets replace them."""
    if SECRETS_FILES is not None:
        return SECRETS_FILES
    from streamlit import config

    if config.get_option("global.appTest"):
        return None
    return [Path(p) for p in config.get_option("secrets.files")]


def _st_secrets() -> dict:
    try:
        return {k: (dict(v) if hasattr(v, "items") else v) for k, v in st.secrets.items()}
    except Exception:  # no secrets at all is normal for the demo
        return {}


def current_secrets() -> tuple[dict, str]:
    """(the secrets as they are now, '') or ({}, a Dutch sentence) when a secrets file exists but cannot be read.

    The files are read here by modification time (lib/secrets_file.py), independent of Streamlit's watcher; where
    none exists (a host that gives secrets another way), st.secrets."""
    paths = _secrets_paths()
    if paths is not None:
        read = secrets_file.read(paths)
        if read.problem:
            log.error("toegang: dicht, %s", read.problem)
            return {}, read.problem
        if read.values is not None:
            return read.values, ""
    return _st_secrets(), ""


@dataclass(frozen=True)
class Held:
    """How this session got in, enough to ask the door again later (from another thread too); never the token."""

    via: str
    role: Role
    partner: str = ""
    source_kind: str = ""
    ticket: str = ""
    bind: str = ""
    email: str = ""
    verified: Any = None
    sheet_links: Callable[[], tuple[access.Grant, ...]] | None = None


def recheck(held: Held | None, now: float | None = None) -> Access:
    """The door again for `held`, against the settings as they are now: a revoked or expired link, a removed
    address, settings that cannot be read, or a role that changed all come back as a refusal. No Streamlit
    session needed (deferred downloads run outside it)."""
    if held is None:
        return Access(None, refusal=access.REFUSE_EXPIRED)
    secrets, unreadable = current_secrets()
    if unreadable:
        return Access(None, refusal=unreadable)
    cfg = access.config_from_secrets(secrets)
    if cfg.closed:
        return Access(None, refusal=access.REFUSE_CLOSED)
    if held.via in ("link", "password"):
        g, why = access.read_ticket(held.ticket, cfg, now=now, bind=held.bind)
        if g is None and why == "wrong" and held.sheet_links is not None:
            try:
                cfg = access.with_sheet_links(cfg, held.sheet_links())
            except FlatcoachError:
                return Access(None, refusal=access.REFUSE_SHEET_UNREADABLE)
            g, why = access.read_ticket(held.ticket, cfg, now=now, bind=held.bind)
        if g is None:
            return Access(None, refusal=access.REFUSE_EXPIRED if why == "expired" else access.REFUSE_WRONG)
        now_in = Access(g.role, who=g.label, partner=g.partner, via=held.via)
    elif held.via == "login":
        g = access.grant_for_email(held.email, cfg, held.verified) if cfg.login else None
        if g is None:
            return Access(None, refusal=access.REFUSE_LOGIN)
        now_in = Access(g.role, who=held.email, partner=g.partner, via="login")
    elif held.via in ("demo", "local") and not cfg.configured:
        now_in = access.decide(held.source_kind)
    elif held.via == "demo" and held.source_kind == "demo":
        now_in = access.decide("demo")  # made-up data stays open to anyone
    else:  # a local file that got access settings meanwhile, or a way in this function does not know: closed
        return Access(None, refusal=access.REFUSE_NO_LINK)
    if now_in.role != held.role or now_in.partner != held.partner:
        return Access(None, refusal=access.REFUSE_CHANGED)
    return now_in


def check() -> Access:
    """The door again for this session (the live fragment, a form's callback): see recheck."""
    return recheck(st.session_state.get(_HELD))


def refusal(page_key: str, roles: frozenset[Role] | None = None) -> str:
    """'' while this session may still use the page (or, with `roles`, do what only those roles may do there);
    else the Dutch sentence why not. For callbacks that write: they run before the page's door."""
    acc = check()
    if acc.role is None:
        return acc.refusal
    return "" if acc.role in (roles or access.PAGE[page_key].roles) else access.REFUSE_CHANGED


class Refused(PermissionError):
    """A deferred download asked for by a session that may no longer have it."""


def guarded(make: Callable[[], Any]) -> Callable[[], Any]:
    """`make` for a deferred download (st.download_button(data=callable)): Streamlit runs it when the button is
    clicked, in another thread, outside the session; it first asks the door again for the session that drew it."""
    held = st.session_state.get(_HELD)

    def run() -> Any:
        acc = recheck(held)
        if acc.role is None:
            log.warning("toegang: download geweigerd (%s)", acc.refusal)
            raise Refused(acc.refusal)
        return make()

    return run
