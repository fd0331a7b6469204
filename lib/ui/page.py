"""The one call every page begins with: page config, access, the role's menu, the filter bar and the data.

Folder-based multipage mode on purpose, with no st.navigation: with a pages/ folder next to the entry file,
Streamlit decides once per process to run the folder-based page mode until the first st.navigation call (checked on
Streamlit 1.67.0), and a page opened by a shared link as the first request on a fresh server runs without app.py.
So everything a page needs is set up here, the same way however the page is reached.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from lib import access as access_mod
from lib import data as data_mod
from lib import filters, fmt, metrics, palette, schema, settings
from lib.access import Access, Role
from lib.clean import Clean
from lib.errors import FlatcoachError
from lib.settings import Settings
from lib.sources import SourceSpec, resolve
from lib.ui import door, setup_view

TZ = ZoneInfo("Europe/Amsterdam")
_ROOT = Path(__file__).resolve().parents[2]
# The meeting screen refreshes itself every minute; FLATCOACH_LIVE_SECONDS shortens it for the browser tests.
# The meeting screen (larger type, no sidebar, refreshing itself) is ?live=1.
LIVE_PARAM = "live"
LIVE_REFRESH_SECONDS = max(1, int(os.environ.get("FLATCOACH_LIVE_SECONDS", "60") or 60))


@dataclass(frozen=True)
class Context:
    """What a page draws from. Pages read it; they never compute business numbers themselves."""

    page: access_mod.PageDef
    access: Access
    spec: SourceSpec
    data: Clean
    view: metrics.View
    partner: str  # 'stichting', 'dekey' or 'gemeente': whose part comes first
    conf: Settings
    today: dt.date
    live: bool
    banner: str
    secrets: dict = field(repr=False)  # never printed with the context

    @property
    def role(self) -> Role:
        assert self.access.role is not None
        return self.access.role

    def may(self, action: str) -> bool:
        """Whether this visitor's role may do `action` (lib.access.RULES): pages ask, they do not decide."""
        return access_mod.may(self.access.role, action)

    @property
    def period_label(self) -> str:
        if self.view.day:
            return fmt.day(dt.date.fromisoformat(self.view.day))
        return fmt.month(self.view.month)


def read_secrets() -> dict:
    """The secrets as they are now, as a plain dict (door.current_secrets: re-read when the file changes); {} when
    there are none (the demo) or when the file cannot be read (then the door is closed)."""
    return door.current_secrets()[0]


def _style(live: bool) -> None:
    css = """
    <style>
    .block-container {padding-top: 2.2rem;}
    div[data-testid="stMetricValue"] {font-size: 1.9rem;}
    div[class*="st-key-pin-"] [data-testid="stTable"] :is(th, td):first-child {
        position: sticky; left: 0; z-index: 1; background: $page;}
    """.replace("$page", palette.CSS_PAGE)
    if live:  # the meeting screen: larger type, the sidebar out of the way
        css += """
        html, body, [class*="css"] {font-size: 20px;}
        div[data-testid="stMetricValue"] {font-size: 2.8rem;}
        section[data-testid="stSidebar"] {display: none;}
        div[data-testid="stSidebarCollapsedControl"], button[data-testid="stExpandSidebarButton"] {display: none;}
        .st-key-live-menu {border-bottom: 1px solid $rule; padding-bottom: 0.3rem;}
        .st-key-live-menu a[data-testid="stPageLink-NavLink"] p {font-size: 1.05rem;}
        """.replace("$rule", palette.CSS_RULE)
    st.markdown(css + "</style>", unsafe_allow_html=True)


def _pages_for(role: Role) -> list[access_mod.PageDef]:
    """The role's pages. No file-exists filter: a page in the role table without its file is a defect that
    tests/test_roles_pages.py fails on, not a link to hide quietly (its role checks would be skipped with it)."""
    return access_mod.pages_for(role)


def _menu(ctx_access: Access, state: filters.FilterState, live: bool, current: str,
          params: dict[str, str] | None = None) -> None:
    params = state.to_params() if params is None else dict(params)
    if live:
        params[LIVE_PARAM] = "1"
        # The meeting screen hides the sidebar: its pages go in one row at the top instead, so the chair moves on
        # with one click (and stays in live mode) instead of editing the address.
        with st.container(horizontal=True, gap="small", key="live-menu"):
            for p in _pages_for(ctx_access.role):
                st.page_link(p.path, label=p.label, icon=p.icon,
                             query_params=params if p.key != "invoer" else None, disabled=p.key == current)
    with st.sidebar:
        st.markdown("### Flatcoaches K-buurt")
        for p in _pages_for(ctx_access.role):
            st.page_link(p.path, label=p.label, icon=p.icon,
                         query_params=params if p.key != "invoer" else None, disabled=p.key == current)
        who = f" · {ctx_access.who}" if ctx_access.who else ""
        st.caption(f"Rol: {access_mod.ROLE_LABEL[ctx_access.role]}{who}")
        door.logout_button(ctx_access)


_WIDGET_KEYS = ("f_month", "f_towers", "f_categories", "f_partner")


def _sync(key: str, url_value: Any) -> None:
    """Put the URL's value into the widget's state when the URL changed (a pasted link, a page switch)."""
    marker = "_url_" + key
    if key not in st.session_state or st.session_state.get(marker) != url_value:
        st.session_state[key] = url_value
        st.session_state[marker] = url_value


def _filter_bar(c: Clean, state: filters.FilterState, show_categories: bool, live: bool) -> filters.FilterState:
    """The filters live in the sidebar (on a phone the page comes first); on the meeting screen, in one top row."""
    months = metrics.months_with_data(c)
    month_options = [*reversed(months), filters.WHOLE_PROJECT]
    _sync("f_month", state.view.month or filters.WHOLE_PROJECT)
    _sync("f_towers", list(state.view.towers))
    _sync("f_categories", list(state.view.categories))
    _sync("f_partner", state.partner)
    if live:
        cols = st.columns([2, 3, 3, 2] if show_categories else [2, 3, 2])
    else:
        st.sidebar.markdown("**Filters**")
        cols = [st.sidebar] * (4 if show_categories else 3)
    month = cols[0].selectbox("Periode", month_options, key="f_month",
                              format_func=lambda m: fmt.month(None if m == filters.WHOLE_PROJECT else m, capital=True))
    towers = cols[1].multiselect("Flats en openbare ruimte", list(schema.LOCATIONS), key="f_towers",
                                 placeholder="Alle plekken")
    categories: list[str] = []
    if show_categories:
        categories = cols[2].multiselect("Categorie", list(schema.CATEGORIES), key="f_categories",
                                         placeholder="Alle categorieën")
    partner = cols[-1].selectbox("Weergave voor", list(filters.PARTNER_VIEWS), key="f_partner",
                                 format_func=lambda k: filters.PARTNER_VIEWS[k])
    picked = None if month == filters.WHOLE_PROJECT else month
    # A day from the link (the urgent-signal mail) holds while its month stays chosen.
    day = state.view.day if state.view.day and picked == state.view.month else None
    if day and cols[0].button(f"Alleen {fmt.day(dt.date.fromisoformat(day))} · hele maand tonen",
                              key="f_whole_month", icon=":material/close:"):
        day = None
    new = filters.FilterState(metrics.View(picked, tuple(towers), tuple(categories), day), partner)
    params = new.to_params()
    for k in _WIDGET_KEYS:
        st.session_state["_url_" + k] = st.session_state[k]
    current = {k: st.query_params.get(k) for k in filters.PARAMS}
    if {k: v for k, v in current.items() if v} != params:
        live = st.query_params.get(LIVE_PARAM)
        keep = {k: v for k, v in st.query_params.to_dict().items() if k not in filters.PARAMS}
        st.query_params.from_dict({**keep, **params, **({LIVE_PARAM: live} if live else {})})
    return new


@dataclass(frozen=True)
class Gate:
    """What a page that draws no data gets (Controle): who the visitor is, the source, the secrets."""

    page: access_mod.PageDef
    access: Access
    spec: SourceSpec | None  # None when [sheet] cannot be read (Controle says why)
    secrets: dict = field(repr=False)


def _door(page_key: str, need_source: bool = True) -> tuple[access_mod.PageDef, bool, dict, SourceSpec | None, Access,
                                                             access_mod.AccessConfig]:
    """Page config and the door. Stops the script (with a Dutch sentence) when the visitor may not see the page.

    Until the role is known only plain sentences are shown (no identifiers, #16.3). While a Google Sheet has no
    access settings at all, the door shows the setup checklist instead of data (lib/setup_check.py)."""
    page = access_mod.PAGE[page_key]
    live = st.query_params.get(LIVE_PARAM) == "1"
    st.set_page_config(page_title=f"{page.label} · Flatcoaches K-buurt", page_icon="🏢", layout="wide",
                       initial_sidebar_state="collapsed" if live else "auto")
    _style(live)
    secrets, unreadable = door.current_secrets()
    if unreadable:  # a secrets file that does not parse closes the door; it never reads as "nothing configured"
        door.refuse(Access(None, refusal=unreadable))
        st.stop()
    try:
        spec: SourceSpec | None = resolve(None, secrets)
    except FlatcoachError as exc:  # [sheet] cannot be read: its plain sentence, no identifier
        if _not_set_up(access_mod.config_from_secrets(secrets)):
            st.error(exc.message)
            setup_view.door_checklist(secrets)
            st.stop()
        if need_source:
            st.error(exc.message)
            st.stop()
        spec = None  # Controle still opens for the coordinator, and says what is wrong
    # Before any data is read (a refusal reads nothing), except a link that is not in secrets: then the tab Toegang.
    kind = spec.kind if spec is not None else "gsheet"
    links = door.sheet_links_of(spec, secrets) if spec is not None else None
    acc, access_conf = door.enter(kind, secrets, sheet_links=links)
    if acc.role is None:
        door.refuse(acc, access_conf)
        if kind == "gsheet" and _not_set_up(access_conf):
            setup_view.door_checklist(secrets)  # nothing set up yet: what to do next, and no data
        st.stop()
    if acc.role not in page.roles:
        allowed = _pages_for(acc.role)
        st.warning("Deze pagina hoort niet bij jouw rol. Dit kun je wel openen:")
        for p in allowed:
            st.page_link(p.path, label=p.label, icon=p.icon)
        st.stop()
    door.banner(acc)
    door.problems(acc, access_conf)
    return page, live, secrets, spec, acc, access_conf


def _not_set_up(cfg: access_mod.AccessConfig) -> bool:
    """No access settings at all yet (not: settings that are there but broken, which close the door)."""
    return not cfg.configured and not getattr(cfg, "closed", False)


def _load_failed(exc: FlatcoachError, acc: Access) -> None:
    """The sheet cannot be read: the coordinator's sentence names the service account or the sheet key and links to
    Controle; partners and coaches get the plain sentence (#16.3)."""
    coordinator = acc.may(access_mod.SEE_DETAILS)
    st.error(exc.text(coordinator))
    controle = access_mod.PAGE.get("controle")
    if coordinator and controle is not None and (_ROOT / controle.path).exists():
        st.page_link(controle.path, label="Naar Controle: alle stappen van de installatie nalopen",
                     icon=controle.icon)
    st.stop()


def gate(page_key: str) -> Gate:
    """Everything before a page that reads no data draws (Controle must work exactly when the sheet cannot be read):
    config, the door, the banner, the role's menu and the title."""
    page, live, secrets, spec, acc, _ = _door(page_key, need_source=False)
    keep = {k: v for k, v in st.query_params.to_dict().items() if k in filters.PARAMS}
    _menu(acc, filters.FilterState(metrics.View(None, (), ())), live, page_key, params=keep)
    st.title(page.label)
    return Gate(page=page, access=acc, spec=spec, secrets=secrets)


def setup(page_key: str, filter_bar: bool = True, show_categories: bool = True) -> Context:
    """Everything before a page draws. Stops the script (with a Dutch sentence) when the visitor may not see it."""
    page, live, secrets, spec, acc, access_conf = _door(page_key)
    assert spec is not None
    conf = settings.load()
    try:
        with st.spinner("Gegevens laden…"):
            loaded = data_mod.load(spec, secrets)
    except FlatcoachError as exc:
        _load_failed(exc, acc)
        raise  # not reached: st.stop() ends the script
    c = data_mod.for_role(spec, loaded.data, acc.role)  # the role's view (lib/privacy.py): pages draw only this
    state = filters.parse(st.query_params.to_dict(), metrics.months_with_data(c))
    if acc.partner and not st.query_params.get(filters.VIEW):
        state.partner = acc.partner  # a partner's link opens with their own part first
    for n in state.notices:
        st.toast(n, icon=":material/link_off:")
        st.caption(n)
    _menu(acc, state, live, page_key)
    st.title(page.label)
    if filter_bar and acc.role != Role.COACH:
        state = _filter_bar(c, state, show_categories, live)
    if loaded.banner:
        st.warning(loaded.banner, icon=":material/cloud_off:")
    return Context(page=page, access=acc, spec=spec, data=c, view=state.view, partner=state.partner, conf=conf,
                   today=dt.datetime.now(TZ).date(), live=live, banner=loaded.banner, secrets=secrets)


def refreshed(ctx: Context) -> Context:
    """The same context with the data as cached now (for the live fragment)."""
    try:
        loaded = data_mod.load(ctx.spec, ctx.secrets)
    except FlatcoachError:
        return ctx
    return replace(ctx, data=data_mod.for_role(ctx.spec, loaded.data, ctx.role), banner=loaded.banner)


def body(ctx: Context, draw: Callable[[Context], None]) -> None:
    """Draw the page; in live mode as a fragment that refreshes itself every minute without a full rerun."""
    if not ctx.live:
        draw(ctx)
        return

    @st.fragment(run_every=LIVE_REFRESH_SECONDS)
    def _live() -> None:
        now = door.check()  # the door again at every refresh: a revoked or expired link loses the screen here
        if now.role != ctx.access.role or now.partner != ctx.access.partner:
            st.rerun(scope="app")  # the full run draws the refusal (or the new role) instead of this page
        fresh = refreshed(ctx)
        draw(fresh)
        st.caption(f"Live · ververst elke minuut · laatst bijgewerkt {fmt.moment(fresh.data.read_at)}")

    _live()
