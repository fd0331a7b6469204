"""Every page in lib.access.PAGES opened as each role, the way people open it: what each role sees and what not.

A partner session holds no coach name, no fee, no phone number, e-mail, postcode or house number from a
description and no count below 3 of a person-related kind; the fee pages are refused to partners; a coach sees only
Invoer; and no secret (a token, its hash, the session ticket, the service-account key, the login's client_secret or
cookie_secret) is in any element of any page, in any role, nor in a download.

"Everything on the page" is every element's protobuf, serialized: labels, help texts, options, table and chart data
(Arrow), page links. Downloads are captured where Streamlit turns them into a file.
The role table (lib.access.PAGES) and the page files are checked against each other: a page renamed or missing
fails here, it is never skipped, so no page silently loses these checks.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import access, fmt, metrics, privacy, schema
from lib.access import PAGES, Role
from tests.apptest import ROOT, Download, capture_downloads, everything, open_page

# --- the secrets of the test (all made here; nothing real) ---------------------------------------------------

TOKENS = {Role.COORDINATOR: access.new_token(), Role.PARTNER: access.new_token(), Role.COACH: access.new_token()}
SESSION_SECRET = "sessie-geheim-" + access.new_token()
CLIENT_SECRET = "GOCSPX-" + access.new_token()[:28]
COOKIE_SECRET = "koekje-" + access.new_token()
PRIVATE_KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" + access.new_token()
PRIVATE_KEY = f"-----BEGIN PRIVATE KEY-----\n{PRIVATE_KEY_BODY}\n-----END PRIVATE KEY-----\n"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": COOKIE_SECRET,
        "client_id": "1234567890-test.apps.googleusercontent.com", "client_secret": CLIENT_SECRET,
        "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}
SERVICE_ACCOUNT = {"type": "service_account", "project_id": "flatcoaches-test", "private_key_id": "f" * 40,
                   "private_key": PRIVATE_KEY, "client_email": "dash@flatcoaches-test.iam.gserviceaccount.com",
                   "token_uri": "https://oauth2.googleapis.com/token"}


def access_secrets(*roles: Role) -> dict:
    return {"tokens": [{"role": r.value, "sha256": access.token_hash(TOKENS[r]), "label": access.ROLE_LABEL[r],
                        **({"partner": "dekey"} if r == Role.PARTNER else {})} for r in roles],
            "session_secret": SESSION_SECRET}


SECRETS = {"access": access_secrets(Role.COORDINATOR, Role.PARTNER, Role.COACH), "auth": AUTH,
           "gcp_service_account": SERVICE_ACCOUNT}
SECRET_VALUES = [*TOKENS.values(), *(access.token_hash(t) for t in TOKENS.values()), SESSION_SECRET, CLIENT_SECRET,
                 COOKIE_SECRET, PRIVATE_KEY_BODY]


# --- fixtures ------------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Overrides conftest's: these tests all read the same demo data, so the cache may stay warm between them
    (the data cache is keyed by source, so the xlsx copy and the demo never mix). Cleared before the module."""
    yield


@pytest.fixture(scope="module", autouse=True)
def _cold_start_once():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(autouse=True)
def _fresh_throttle(monkeypatch):
    monkeypatch.setattr(access, "THROTTLE", access.Throttle())


@pytest.fixture(scope="module")
def xlsx_copy(tmp_path_factory) -> Path:
    """The coordinator's own workbook on their computer: here a copy of the demo."""
    path = tmp_path_factory.mktemp("lokaal") / "flatcoaches.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    return path


class Downloads:
    """Every file a download button on the page would hand out (tests.apptest.capture_downloads). A table's CSV
    and Excel are deferred (made on click) but quick, and are always made here, as a click makes them; the other
    deferred files (the monthly report, the minutes) take seconds to render and are made only when asked."""

    def __init__(self, captured: list[Download]) -> None:
        self.captured = captured

    @property
    def files(self) -> list[tuple[str, bytes]]:
        """The files written while the page was drawn (none since #12: a table's are made on click too)."""
        return [(d.name, d.click()) for d in self.captured if not d.deferred]

    @property
    def deferred(self) -> list[tuple[str, object]]:
        return [(d.name, d.data) for d in self.captured if d.deferred]

    def text(self, deferred: bool = False) -> str:
        parts = []
        made = [(d.name, d.click()) for d in self.captured if not d.deferred or d.table or deferred]
        for name, data in made:
            parts.append(name)
            if data[:2] == b"PK":  # xlsx/docx: the XML inside
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    parts += [z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml")]
            else:
                parts.append(data.decode("utf-8", "ignore"))
        return "\n".join(parts)


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    return Downloads(capture_downloads(monkeypatch))


# --- opening a page as a role --------------------------------------------------------------------------------

def page_exists(path: str) -> bool:
    return (ROOT / path).exists()


def open_as(role: Role, path: str, monkeypatch, xlsx: Path, secrets: dict | None = None) -> AppTest:
    """A new visitor with the role's link opens the dashboard and goes to `path` (the menu's way: same session).

    AppTest resolves st.page_link against the file it was started from, so a session starts at app.py (as a
    browser does: app.py is the entry point) and switches page from there.
    """
    query = {access.TOKEN_PARAM: TOKENS[role]} if role in TOKENS else {}
    if role == Role.COORDINATOR:
        monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx))
    at = open_page("app.py", query=query, secrets=SECRETS if secrets is None else secrets)
    if path != "app.py":
        at.switch_page(path).run()
    return at


def frames(at: AppTest) -> list[pd.DataFrame]:
    """Every table and every chart's data on the page."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    out = [d.value for d in at.dataframe] + [t.value for t in at.table]
    for chart in at.get("vega_lite_chart"):
        p = chart.proto
        blobs = [p.data.data] if p.HasField("data") and p.data.data else []
        blobs += [ds.data.data for ds in p.datasets if ds.data.data]
        out += [convert_arrow_bytes_to_pandas_df(b) for b in blobs]
        spec = json.loads(p.spec or "{}")
        for values in (spec.get("datasets") or {}).values():
            out.append(pd.DataFrame(values))
        if isinstance(spec.get("data"), dict) and "values" in spec["data"]:
            out.append(pd.DataFrame(spec["data"]["values"]))
    return out


def shown_names(at: AppTest) -> list[str]:
    return [e.value for e in at.title]


def refused(at: AppTest) -> bool:
    return any("hoort niet bij jouw rol" in w.value for w in at.warning)


def has_data(at: AppTest) -> bool:
    return bool(len(at.metric) or len(at.dataframe) or len(at.table) or len(at.get("vega_lite_chart"))
                or len(at.get("deck_gl_json_chart")))


PAGE_PATHS = [p.path for p in PAGES]
ROLES = [Role.COORDINATOR, Role.PARTNER, Role.COACH, Role.DEMO]


def _require_page(path: str) -> None:
    """A page in the role table must exist: a missing one fails (a skip would drop its privacy checks unseen)."""
    assert page_exists(path), f"{path} staat in lib/access.PAGES, maar het bestand bestaat niet"


def test_the_role_table_and_the_page_files_are_the_same_pages():
    files = {"app.py", *(f"pages/{f.name}" for f in (ROOT / "pages").glob("*.py"))}
    listed = [p.path for p in PAGES]
    assert len(listed) == len(set(listed)), "a page listed twice"
    assert sorted(set(listed) - files) == [], "in the role table, but no such file (renamed or deleted?)"
    assert sorted(files - set(listed)) == [], "a page file no role table entry covers (no role checks run on it)"


# --- what the demo holds that a partner must not see ---------------------------------------------------------

@pytest.fixture(scope="module")
def private(demo, conf) -> dict:
    """The coaches' names, their fees, and the personal details in the demo descriptions."""
    people = set(demo.roster["name"]) | set(demo.round_coaches["coach"]) | set(demo.signals["coach"])
    people |= set(demo.org_hours["name"])
    words: set[str] = set()
    for n in people:
        parts = str(n).split()
        words.add(str(n))
        if len(parts) > 1:
            words.add(parts[0])
            words.add(" ".join(parts[1:]))
    names = sorted(w for w in words if len(w) >= 3 and w.casefold() not in {"van", "de", "el"})
    fee_texts: set[str] = set()
    for month in [None, *metrics.months_with_data(demo)]:
        f = metrics.fees(demo, metrics.View(month), conf)
        fee_texts |= {fmt.euro(x) for x in f["fee"] if x} | {fmt.euro(x, cents=False) for x in f["fee"] if x >= 100}
    # Budget totals are not personal: a fee that happens to equal a budget figure is not evidence.
    budget = metrics.budget_status(demo, conf)
    totals = pd.concat([budget["budgeted"], budget["spent"], budget["remaining"]]).dropna()
    fee_texts -= {fmt.euro(x) for x in totals} | {fmt.euro(x, cents=False) for x in totals}
    text = demo.signals["description"].str.cat(sep="\n")
    details = set(re.findall(r"\b0\d[\d -]{8,11}\d\b", text))
    details |= set(re.findall(r"[\w.+-]+@[\w.-]+\.\w+", text))
    details |= set(re.findall(r"\b1104 ?[A-Z]{2}\b", text))
    details |= set(re.findall(r"\b(?:Kouwenoord|Klieverink|Kempering|Kralenbeek) \d{2,3}\b", text))
    assert names and fee_texts and details, "the demo holds names, fees and private details to hide"
    return {"names": names, "fees": sorted(fee_texts), "details": sorted(details)}


def names_in(text: str, names: list[str]) -> list[str]:
    folded = privacy.fold(text)
    return [n for n in names if re.search(r"(?<!\w)" + re.escape(privacy.fold(n)) + r"(?!\w)", folded)]


_NOT_COUNTS = re.compile(r"(row|rij|jaar|year|week|maand|month|uur|hour|dag|day|floor|verdieping|lat|lon|^x$|^y$|"
                         r"order|volgorde|index|rank|sort|hours|share|deel|pct|percent)", re.IGNORECASE)


def small_person_counts(df: pd.DataFrame) -> list[str]:
    """Cells that show 1 or 2 for a person-related kind: in a column named after the kind, or in a count column
    on a row whose kind cell is exactly a person-related kind."""
    hits: list[str] = []

    def small_ints(s: pd.Series) -> pd.Series:
        num = pd.to_numeric(s, errors="coerce")
        return num.isin([1, 2])

    def countlike(col) -> bool:
        s = pd.to_numeric(df[col], errors="coerce")
        return (s.notna().any() and not _NOT_COUNTS.search(str(col)) and (s.dropna() % 1 == 0).all()
                and not pd.api.types.is_datetime64_any_dtype(df[col]))

    for col in df.columns:
        if str(col) in schema.PERSON_KINDS and countlike(col):
            hits += [f"{col}={v}" for v in df.loc[small_ints(df[col]), col]]
    kind_cols = [c for c in df.columns if df[c].map(lambda v: isinstance(v, str) and v in schema.PERSON_KINDS).any()]
    if kind_cols:
        rows = df[kind_cols].map(lambda v: isinstance(v, str) and v in schema.PERSON_KINDS).any(axis=1)
        for col in df.columns:
            if col in kind_cols or not countlike(col):
                continue
            bad = rows & small_ints(df[col])
            hits += [f"{col}={df.loc[i, col]} ({', '.join(str(df.loc[i, k]) for k in kind_cols)})"
                     for i in df.index[bad]]
    return hits


# --- every page as every role --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PAGE_PATHS)
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_each_role_sees_its_pages_and_only_those(role, path, monkeypatch, xlsx_copy, downloads):
    _require_page(path)
    page = next(p for p in PAGES if p.path == path)
    at = open_as(role, path, monkeypatch, xlsx_copy)
    dump = everything(at)
    files = downloads.text(deferred=role == Role.PARTNER)
    ticket = at.session_state["_door_ticket"] if "_door_ticket" in at.session_state else "-" * 40
    leaked = [s for s in [*SECRET_VALUES, ticket] if s in dump or s in files]
    assert leaked == [], "a secret is on the page or in a download"
    assert access.TOKEN_PARAM not in at.query_params, "the token stays in the address bar"
    links = at.get("page_link")
    assert all("toegang" not in ln.proto.query_string and "sessie" not in ln.proto.query_string for ln in links)
    menu = {ln.proto.label for ln in links}
    assert menu <= {p.label for p in access.pages_for(role)}, "the menu offers a page the role may not open"
    if role in page.roles:
        assert not refused(at)
        assert not at.exception, f"{path} fails for {role.value}: {at.exception[0].message}"
        assert page.label in shown_names(at)
        assert any(f"Rol: {access.ROLE_LABEL[role]}" in c.value for c in at.caption)
        demo_banner = any("DEMO" in w.value for w in at.warning)
        assert demo_banner == (role == Role.DEMO)
    else:
        assert refused(at), f"{role.value} opens {path}"
        assert not has_data(at) and not downloads.files and not downloads.deferred
        assert page.label not in shown_names(at)


@pytest.mark.parametrize("path", [p.path for p in access.pages_for(Role.PARTNER)])
def test_a_partner_session_holds_nothing_personal(path, monkeypatch, xlsx_copy, downloads, private):
    _require_page(path)
    at = open_as(Role.PARTNER, path, monkeypatch, xlsx_copy)
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = everything(at) + "\n" + downloads.text(deferred=True)
    assert names_in(shown, private["names"]) == [], "a coach's (or the coordinator's) name is shown to a partner"
    fees = [f for f in private["fees"] if re.search(re.escape(f) + r"(?![\d,.])", shown)]
    assert fees == [], "a coach's fee is shown to a partner"
    assert [d for d in private["details"] if d in shown] == [], "a phone number, e-mail or address is shown"
    assert not re.search(r"[\w.+-]+@example\.com", shown)
    payout = re.compile(r"uitbetal|vergoeding|payout", re.IGNORECASE)
    assert not [n for n, _ in downloads.files + downloads.deferred if payout.search(n)]
    small = [h for df in frames(at) for h in small_person_counts(df)]
    assert small == [], "a count below 3 of a person-related kind is shown to a partner"
    for m in at.metric:
        if any(k.casefold() in m.label.casefold() for k in schema.PERSON_KINDS):
            assert str(m.value) not in ("1", "2"), m.label


def test_the_checks_would_see_a_leak(monkeypatch, xlsx_copy, downloads, private):
    """The same checks on the coordinator's view of the same pages find names and small counts: they can fail."""
    path = access.PAGE["meldingen"].path
    _require_page(path)
    at = open_as(Role.COORDINATOR, path, monkeypatch, xlsx_copy)
    shown = everything(at) + "\n" + downloads.text()
    assert names_in(shown, private["names"])
    assert [d for d in private["details"] if d in shown]
    assert [h for df in frames(at) for h in small_person_counts(df)]


def test_the_payout_page_is_refused_to_a_partner(monkeypatch, xlsx_copy, downloads):
    path = access.PAGE["uren"].path
    _require_page(path)
    at = open_as(Role.PARTNER, path, monkeypatch, xlsx_copy)
    assert refused(at) and not has_data(at) and not at.get("download_button")
    assert not downloads.files and not downloads.deferred
    assert "€" not in "".join(e.value for e in at.markdown)


def test_a_coach_sees_only_invoer_in_the_menu(monkeypatch, xlsx_copy):
    at = open_as(Role.COACH, "app.py", monkeypatch, xlsx_copy)
    assert refused(at) and not has_data(at)
    assert [ln.proto.label for ln in at.get("page_link")] == ["Invoer"]


def test_a_coach_on_invoer_sees_no_signal_or_fee(monkeypatch, xlsx_copy, demo, downloads):
    path = access.PAGE["invoer"].path
    _require_page(path)
    at = open_as(Role.COACH, path, monkeypatch, xlsx_copy)
    assert not at.exception and not refused(at)
    shown = everything(at)
    assert not [d for d in demo.signals["description"] if len(d) > 30 and d in shown]
    assert "€" not in shown and not len(at.dataframe)


# --- getting in ----------------------------------------------------------------------------------------------

REFUSAL_WRONG = access.REFUSE_WRONG


def assert_refused_without_data(at: AppTest, sentence: str) -> None:
    assert [e.value for e in at.error] == [sentence]
    assert not has_data(at) and not at.get("page_link") and not at.exception
    dump = everything(at)
    assert not [s for s in SECRET_VALUES if s in dump]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_a_wrong_token_is_refused_in_plain_dutch(path, monkeypatch, caplog, xlsx_copy):
    _require_page(path)
    wrong = access.new_token()
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    if path == "app.py":
        at = open_page("app.py", query={"toegang": wrong}, secrets=SECRETS)
    else:  # the wrong link names this page (a session has to start at app.py in AppTest)
        at = open_page("app.py", secrets=SECRETS)
        at.query_params["toegang"] = wrong
        at.switch_page(path).run()
    assert_refused_without_data(at, REFUSAL_WRONG)
    assert access.TOKEN_PARAM not in at.query_params
    assert wrong not in caplog.text and access.token_hash(wrong) not in caplog.text


def test_a_wrong_token_is_refused_even_where_the_demo_is_open():
    at = open_page("app.py", query={"toegang": "raden-maar-" + "x" * 30}, secrets=SECRETS)
    assert_refused_without_data(at, REFUSAL_WRONG)


def test_no_token_on_a_closed_dashboard_is_refused(monkeypatch, xlsx_copy):
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    at = open_page("app.py", secrets={"access": access_secrets(Role.PARTNER)})
    assert_refused_without_data(at, access.REFUSE_NO_LINK)


def test_a_revoked_link_is_refused(monkeypatch, xlsx_copy):
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    at = open_page("app.py", query={"toegang": TOKENS[Role.PARTNER]}, secrets={"access": access_secrets(Role.COACH)})
    assert_refused_without_data(at, REFUSAL_WRONG)


BROWSER = access.browser_binding("2|1a2b3c4d|5e6f7a8b9c0d1e2f|1700000000")  # a browser with Streamlit's XSRF cookie


def in_a_browser(monkeypatch) -> None:
    """AppTest sends no cookies; a browser sends Streamlit's XSRF cookie, which binds tickets to it."""
    from lib.ui import door

    monkeypatch.setattr(door, "_binding", lambda: BROWSER)


def sent_on(at: AppTest) -> str:
    """The ticket of the address the door sent the browser on to (location.replace), after checking that this run
    showed no data and wrote no query parameter (that would push a history entry)."""
    scripts = [h.proto.body for h in at.get("html") if "location.replace" in h.proto.body]
    assert len(scripts) == 1 and not has_data(at) and not at.error
    assert at.query_params.get(access.TOKEN_PARAM), "the URL was written from Python: a pushed entry"
    return re.search(r'searchParams\.set\("sessie", "([^"]+)"\)', scripts[0]).group(1)


def test_the_token_is_swapped_for_a_ticket_and_a_reload_works(caplog, monkeypatch):
    caplog.set_level("INFO")
    in_a_browser(monkeypatch)
    at = open_page("app.py", query={"toegang": TOKENS[Role.PARTNER]}, secrets=SECRETS)
    assert "toegang: rol partner via link 'Partner'" in caplog.text
    assert TOKENS[Role.PARTNER] not in caplog.text and access.token_hash(TOKENS[Role.PARTNER]) not in caplog.text
    ticket = sent_on(at)
    assert TOKENS[Role.PARTNER] not in ticket
    # the browser loads the address it was sent on (a new session)
    again = open_page("app.py", query={access.TICKET_PARAM: ticket}, secrets=SECRETS)
    assert not again.error and any("Rol: Partner · Partner" in c.value for c in again.caption)
    assert again.query_params[access.TICKET_PARAM] == ticket
    assert again.query_params.get("weergave") == "dekey"  # De Key's link opens with De Key's part first
    # the link is revoked: the ticket ends with it, at the next page view
    revoked = {**SECRETS, "access": access_secrets(Role.COORDINATOR, Role.COACH)}
    gone = open_page("app.py", query={access.TICKET_PARAM: ticket}, secrets=revoked)
    assert_refused_without_data(gone, REFUSAL_WRONG)


def test_a_switch_of_page_puts_the_ticket_back_in_the_address(monkeypatch):
    path = "pages/2_dekking.py"
    _require_page(path)
    in_a_browser(monkeypatch)
    at = open_page("app.py", query={"toegang": TOKENS[Role.PARTNER]}, secrets=SECRETS)
    ticket = sent_on(at)
    at.run()  # no JavaScript in AppTest: the session goes on with the token taken out by Python
    assert access.TOKEN_PARAM not in at.query_params and at.query_params[access.TICKET_PARAM] == ticket
    assert not at.error and has_data(at)
    at.query_params.pop(access.TICKET_PARAM)  # st.page_link hrefs carry only the filters
    at.switch_page(path).run()
    assert at.query_params[access.TICKET_PARAM] == ticket
    assert not at.error


def test_a_session_revoked_while_open_is_refused_at_the_next_page_view():
    at = open_page("app.py", query={"toegang": TOKENS[Role.PARTNER]}, secrets=SECRETS)
    assert not at.error
    at.secrets["access"] = access_secrets(Role.COORDINATOR)
    at.run()
    assert_refused_without_data(at, REFUSAL_WRONG)


def test_a_forged_ticket_is_refused():
    at = open_page("app.py", query={access.TICKET_PARAM: "0123456789abcdef.9999999999.AAAAAAAAAAAAAAAAAAAAAA"},
                   secrets=SECRETS)
    assert_refused_without_data(at, REFUSAL_WRONG)


def test_wrong_tries_give_a_pause_for_wrong_links_only(monkeypatch, caplog):
    """#16.4: after five wrong tries in a row a wrong link waits, the right one never does; the pause is logged."""
    clock = [1000.0]
    monkeypatch.setattr(access, "THROTTLE", access.Throttle(clock=lambda: clock[0]))
    at = open_page("app.py", query={"toegang": "fout-" + "a" * 30}, secrets=SECRETS)
    for i in range(4):
        at.query_params["toegang"] = f"fout-{i}-" + "b" * 30
        at.run()
        assert [e.value for e in at.error] == [REFUSAL_WRONG]
    assert "pauze van 60 s" in caplog.text
    at.query_params["toegang"] = "fout-5-" + "b" * 30
    at.run()
    assert_refused_without_data(at, access.refuse_paused(60))
    at.query_params["toegang"] = TOKENS[Role.PARTNER]  # the right link gets in, pause or not
    at.run()
    assert not at.error and any("Rol: Partner" in c.value for c in at.caption)
    other = open_page("app.py", query={"toegang": "fout-6-" + "b" * 30}, secrets=SECRETS)  # a new page load
    assert [e.value for e in other.error] == [access.refuse_paused(60)]  # counted per address, not per session


def test_wrong_tries_from_one_address_count_across_sessions(monkeypatch):
    from lib.ui import door

    monkeypatch.setattr(access, "THROTTLE", access.Throttle(clock=lambda: 1000.0))
    monkeypatch.setattr(door, "_client_ip", lambda: "203.0.113.7")
    for i in range(access.MAX_FAILURES):
        open_page("app.py", query={"toegang": f"fout-{i}-" + "c" * 30}, secrets=SECRETS)
    at = open_page("app.py", query={"toegang": "fout-x-" + "c" * 30}, secrets=SECRETS)
    assert [e.value for e in at.error] == [access.refuse_paused(60)]
    right = open_page("app.py", query={"toegang": TOKENS[Role.COACH]}, secrets=SECRETS)
    assert not right.error
    monkeypatch.setattr(door, "_client_ip", lambda: "198.51.100.20")
    other = open_page("app.py", query={"toegang": "fout-y-" + "c" * 30}, secrets=SECRETS)
    assert [e.value for e in other.error] == [REFUSAL_WRONG]


def test_wrong_tries_from_localhost_count_and_a_forwarded_address_is_not_believed(monkeypatch):
    """#16.4: Streamlit reports no address for localhost (so there was no limit), and uvicorn takes one from
    X-Forwarded-For when the request comes from 127.0.0.1 (so anyone there could choose theirs). Without
    [access] trusted_proxies both count under one address."""
    from lib.ui import door

    monkeypatch.setattr(access, "THROTTLE", access.Throttle(clock=lambda: 1000.0))
    monkeypatch.setattr(door, "_client_ip", lambda: None)
    for i in range(access.MAX_FAILURES):
        chosen = f"203.0.113.{i}"
        monkeypatch.setattr(door, "_forwarded_for", lambda chosen=chosen: chosen, raising=False)
        open_page("app.py", query={"toegang": f"fout-{i}-" + "d" * 30}, secrets=SECRETS)
    monkeypatch.setattr(door, "_client_ip", lambda: "203.0.113.99")  # as uvicorn reports it
    monkeypatch.setattr(door, "_forwarded_for", lambda: "203.0.113.99", raising=False)
    at = open_page("app.py", query={"toegang": "fout-z-" + "d" * 30}, secrets=SECRETS)
    assert [e.value for e in at.error] == [access.refuse_paused(60)]
    # behind one proxy the coordinator trusts, the address it appended counts
    trusted = {**SECRETS, "access": {**SECRETS["access"], "trusted_proxies": 1}}
    other = open_page("app.py", query={"toegang": "fout-t-" + "d" * 30}, secrets=trusted)
    assert [e.value for e in other.error] == [REFUSAL_WRONG]


def test_login_maps_the_e_mail_to_a_role():
    secrets = {**SECRETS, "access": {"roles": {"beheer@dekey.nl": "partner:dekey",
                                               "coordinator@stichting.nl": "coordinator"}}}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in secrets.items():
        at.secrets[k] = v
    at.user = {"is_logged_in": True, "email": "Beheer@DeKey.nl", "email_verified": True}
    at.run()
    assert not at.error and any("Rol: Partner · Beheer@DeKey.nl" in c.value for c in at.caption)
    assert at.button(key="door-logout-menu")


def test_login_with_an_unknown_account_is_refused_with_a_logout_button():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in SECRETS.items():
        at.secrets[k] = v
    at.user = {"is_logged_in": True, "email": "iemand@gmail.com", "email_verified": True}
    at.secrets["sheet"] = {"key": "1FakeSheetKeyForTests_abcdefghijklmnopqrstuv"}
    at.run()
    assert_refused_without_data(at, access.REFUSE_UNKNOWN_ACCOUNT.format(email="`iemand@gmail.com`"))
    assert at.button(key="door-logout").label == "Uitloggen"


@pytest.mark.parametrize("verified", [False, None], ids=["false", "missing"])
def test_login_with_an_unverified_address_is_refused_for_an_exact_address_too(verified, monkeypatch, xlsx_copy):
    """#16.6: the provider must say the address is verified, for an exact address as much as for an @domain."""
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    secrets = {**SECRETS, "access": {"roles": {"coordinator@stichting.nl": "coordinator"}}}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in secrets.items():
        at.secrets[k] = v
    at.user = {"is_logged_in": True, "email": "coordinator@stichting.nl",
               **({} if verified is None else {"email_verified": verified})}
    at.run()
    assert_refused_without_data(at, access.REFUSE_UNVERIFIED.format(email="`coordinator@stichting.nl`"))


def test_not_logged_in_gets_a_login_button(monkeypatch, xlsx_copy):
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in SECRETS.items():
        at.secrets[k] = v
    at.user = {"is_logged_in": False}
    at.run()
    assert_refused_without_data(at, access.REFUSE_LOGIN)
    assert at.button(key="door-login").label == "Inloggen"


# --- no access configured ------------------------------------------------------------------------------------

def test_the_demo_opens_for_anyone_with_a_demo_banner():
    at = open_page("app.py")
    assert not at.error and len(at.metric)
    assert any(w.value.startswith("**DEMO") for w in at.warning)
    assert any("Rol: Demo" in c.value for c in at.caption)


def test_a_local_file_opens_as_coordinator_with_a_notice(monkeypatch, xlsx_copy):
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    at = open_page("app.py")
    assert len(at.metric) and any("Lokaal bestand" in i.value for i in at.info)
    assert any("Rol: Coördinator" in c.value for c in at.caption)
    assert not any("DEMO" in w.value for w in at.warning)


def test_a_google_sheet_never_opens_without_access_settings(monkeypatch):
    from lib import data as data_mod
    from tests import fakesheets  # never a skip: a broken fake must fail these privacy checks
    with fakesheets.fake_sheet() as fs:
        monkeypatch.setattr(data_mod, "HTTP_CLIENT", fs.http_client_class())
        secrets = {"sheet": {"key": fs.key}, "gcp_service_account": fs.service_account_info()}
        at = open_page("app.py", secrets=secrets)
        assert_refused_without_data(at, access.REFUSE_NOT_SET_UP)
        # The door of a dashboard that is not set up shows the setup check (issue #10): its two reads (the sheet's
        # properties, the tabs for their headers) are the only ones, and no figure or table is drawn from them.
        assert fs.counts.snapshot() == {"token": 1, "spreadsheets.get": 1, "values.batchGet": 1}, fs.counts
        assert "Zo zet je het dashboard klaar" in everything(at)
        assert fs.service_account_info()["private_key"].splitlines()[1] not in everything(at)


# --- no secret on any page when the sheet fails --------------------------------------------------------------

def test_an_unreadable_key_shows_a_dutch_sentence_and_no_secret():
    secrets = {**SECRETS, "sheet": {"key": "1FakeSheetKeyForTests_abcdefghijklmnopqrstuv"},
               "gcp_service_account": {**SERVICE_ACCOUNT, "private_key": PRIVATE_KEY.replace("\n", " ")}}
    at = open_page("app.py", query={"toegang": TOKENS[Role.COORDINATOR]}, secrets=secrets)
    assert at.error and not has_data(at) and not at.exception
    dump = everything(at)
    assert not [s for s in SECRET_VALUES if s in dump]


@pytest.mark.parametrize("fault", ["403", "404", "500"])
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER, Role.COACH], ids=lambda r: r.value)
def test_a_failing_sheet_shows_no_secret(fault, role, monkeypatch):
    import streamlit as st

    from lib import data as data_mod
    from tests import fakesheets  # never a skip: a broken fake must fail these privacy checks

    st.cache_data.clear()
    st.cache_resource.clear()
    with fakesheets.fake_sheet() as fs:
        monkeypatch.setattr(data_mod, "HTTP_CLIENT", fs.http_client_class())
        info = fs.service_account_info()
        fs.faults.push(fault, times=50)
        secrets = {**SECRETS, "sheet": {"key": fs.key}, "gcp_service_account": info}
        path = "pages/8_invoer.py" if role == Role.COACH else "app.py"
        _require_page(path)
        at = open_page("app.py", query={"toegang": TOKENS[role]}, secrets=secrets)
        if path != "app.py":
            at.switch_page(path).run()
        dump = everything(at)
        key_lines = [ln for ln in info["private_key"].splitlines() if "PRIVATE KEY" not in ln and len(ln) > 20]
        assert not [s for s in [*SECRET_VALUES, *key_lines] if s in dump]
        assert at.error or at.warning, "the failure is told"
        assert not at.exception
    st.cache_data.clear()
    st.cache_resource.clear()


# --- access that fails closed (#16) ---------------------------------------------------------------------------

def test_a_ticket_without_a_browser_binding_stays_out_of_the_url():
    """#16.8: without Streamlit's XSRF cookie (XSRF protection off; AppTest sends none) the ticket would open in any
    browser, so it stays in this session only: reruns work, a copied address opens nothing."""
    at = open_page("app.py", query={"toegang": TOKENS[Role.PARTNER]}, secrets=SECRETS)
    assert not at.error and has_data(at)
    assert access.TICKET_PARAM not in at.query_params and access.TOKEN_PARAM not in at.query_params
    at.run()
    assert not at.error and has_data(at) and access.TICKET_PARAM not in at.query_params


def test_an_unbound_ticket_in_an_address_opens_nothing():
    cfg = access.config_from_secrets(SECRETS)
    unbound = access.make_ticket(cfg.tokens[1], cfg)
    at = open_page("app.py", query={access.TICKET_PARAM: unbound}, secrets=SECRETS)
    assert_refused_without_data(at, access.REFUSE_EXPIRED)


def test_a_link_in_a_filter_value_is_shown_as_text():
    """#16.9: st.caption and st.toast render Markdown; what comes from the URL is inline code there."""
    at = open_page("app.py", query={"flat": "[klik](https://evil.example/x),Kouwenoord", "maand": "![a](https://x)",
                                    "weergave": "https://evil.example"})
    notices = [c.value for c in at.caption if "link" in c.value or "weergave" in c.value.casefold()]
    assert len(notices) == 3, [c.value for c in at.caption]
    toasts = [t.proto.body for t in at.get("toast")]
    for text in notices + toasts:
        outside = re.sub(r"`[^`]*`", "", text)  # what Markdown would render as anything but literal text
        assert "](" not in outside and "http" not in outside and "evil" not in outside, text
    assert any("`[klik](https://evil.example/x)`" in n for n in notices)


def _secrets_file(path: Path, roles: tuple[Role, ...], extra: str = "") -> None:
    lines = ["[access]", f'session_secret = "{SESSION_SECRET}"', extra, ""]
    for r in roles:
        lines += ["[[access.tokens]]", f'role = "{r.value}"', f'label = "{access.ROLE_LABEL[r]}"',
                  f'sha256 = "{access.token_hash(TOKENS[r])}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture
def secrets_toml(tmp_path, monkeypatch) -> Path:
    """The coordinator's .streamlit/secrets.toml, read by the door itself (as on a server), not through at.secrets."""
    from lib.ui import door

    path = tmp_path / ".streamlit" / "secrets.toml"
    path.parent.mkdir()
    monkeypatch.setattr(door, "SECRETS_FILES", [path])
    return path


def test_a_secrets_file_that_does_not_parse_closes_the_door_until_it_is_repaired(secrets_toml, monkeypatch,
                                                                                 xlsx_copy):
    """#16.2: a typo in secrets.toml used to read as 'no settings' (a local file then opens as coordinator for
    anyone) and stopped Streamlit's watcher for good. The door reads the file itself, by modification time."""
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    _secrets_file(secrets_toml, (Role.PARTNER,))
    at = open_page("app.py", query={"toegang": TOKENS[Role.PARTNER]})
    assert not at.error and has_data(at)
    secrets_toml.write_text(secrets_toml.read_text(encoding="utf-8").replace('role = "partner"', 'role = partner'),
                            encoding="utf-8")
    at.run()
    [sentence] = [e.value for e in at.error]
    assert "secrets.toml" in sentence and "regel" in sentence and not has_data(at)
    fresh = open_page("app.py")  # nobody gets in meanwhile, not even as a local file's coordinator
    assert [e.value for e in fresh.error] == [sentence] and not has_data(fresh)
    _secrets_file(secrets_toml, (Role.COACH,))  # repaired, and the partner's link revoked while at it
    at.run()
    assert_refused_without_data(at, REFUSAL_WRONG)
    coach = open_page("pages/8_invoer.py", query={"toegang": TOKENS[Role.COACH]})
    assert not coach.error and not coach.exception


def test_settings_with_not_one_usable_link_close_a_local_file(monkeypatch, xlsx_copy):
    """#16.2: every sha256 malformed (the token pasted instead of its hash): not 'no settings', but closed."""
    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    pasted = {"access": {"tokens": [{"role": "partner", "sha256": TOKENS[Role.PARTNER]}]}}
    at = open_page("app.py", secrets=pasted)
    assert not has_data(at), "a local file opened as coordinator although [access] holds links"
    assert_refused_without_data(at, access.REFUSE_CLOSED)
    assert TOKENS[Role.PARTNER] not in everything(at)


def test_a_revoked_coach_cannot_save_a_form(monkeypatch, xlsx_copy):
    """#16.5: the submit callback runs before the page's door; it asks the door itself, with the settings of now."""
    from tests.test_page_invoer import fill_round, rows, submit_button

    path = "pages/8_invoer.py"
    _require_page(path)
    work = xlsx_copy.parent / "invoer.xlsx"
    shutil.copy(xlsx_copy, work)
    monkeypatch.setenv("FLATCOACH_SOURCE", str(work))
    before = len(rows(work, "Rondes"))
    at = open_page("app.py", query={"toegang": TOKENS[Role.COACH]}, secrets=SECRETS)
    at.switch_page(path).run()
    assert not at.error and not at.exception
    fill_round(at, coach="Sanne", remark="Na het intrekken")
    at.secrets["access"] = access_secrets(Role.COORDINATOR, Role.PARTNER)  # the coaches' link is revoked
    submit_button(at, "rondes").click().run()
    assert len(rows(work, "Rondes")) == before, "a revoked coach saved a round"
    assert_refused_without_data(at, REFUSAL_WRONG)


def test_a_deferred_download_asks_the_door_again(secrets_toml, monkeypatch, xlsx_copy, downloads):
    """#16.5: the report is made when the button is clicked, outside the page's run: a link revoked in between gets
    no file."""
    path = "pages/7_rapportage.py"
    _require_page(path)
    from lib.ui import door

    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    _secrets_file(secrets_toml, (Role.COORDINATOR, Role.PARTNER))
    at = open_page("app.py", query={"toegang": TOKENS[Role.COORDINATOR]})
    at.switch_page(path).run()
    assert not at.exception and downloads.deferred
    name, make = downloads.deferred[-1]
    assert make()  # still allowed: the file is made
    _secrets_file(secrets_toml, (Role.PARTNER,))
    with pytest.raises(door.Refused):
        make()


def test_a_tables_download_asks_the_door_again(secrets_toml, monkeypatch, xlsx_copy, downloads):
    """#12: a table's CSV and Excel (the payout among them) are made on click too, through the same door: a link
    revoked after the page was drawn gets neither, also not a file already made and kept for an earlier click."""
    path = access.PAGE["uren"].path
    _require_page(path)
    from lib.ui import door

    monkeypatch.setenv("FLATCOACH_SOURCE", str(xlsx_copy))
    _secrets_file(secrets_toml, (Role.COORDINATOR, Role.PARTNER))
    at = open_page("app.py", query={"toegang": TOKENS[Role.COORDINATOR]})
    at.switch_page(path).run()
    tables = [d for d in downloads.captured if d.table]
    assert not at.exception and tables and all(d.deferred for d in tables)
    assert any(d.name.startswith("uitbetaling") for d in tables)
    assert all(d.click() for d in tables)  # still allowed: the files are made (and kept)
    _secrets_file(secrets_toml, (Role.PARTNER,))
    for d in tables:
        with pytest.raises(door.Refused):
            d.click()


def test_the_door_again_refuses_an_expired_ticket(monkeypatch):
    """#16.1: what the live fragment asks at every refresh: a ticket past its 12 hours no longer gets in."""
    from lib.ui import door

    cfg = access.config_from_secrets(SECRETS)
    g = cfg.tokens[1]
    ticket = access.make_ticket(g, cfg, now=1000, bind=BROWSER)
    held = door.Held(via="link", role=g.role, partner=g.partner, source_kind="demo", ticket=ticket, bind=BROWSER)
    monkeypatch.setattr(door, "current_secrets", lambda: (SECRETS, ""))
    assert door.recheck(held, now=1000 + 3600).role == Role.PARTNER
    assert door.recheck(held, now=1000 + access.TICKET_HOURS * 3600 + 1).refusal == access.REFUSE_EXPIRED
    revoked = {**SECRETS, "access": access_secrets(Role.COACH)}
    monkeypatch.setattr(door, "current_secrets", lambda: (revoked, ""))
    assert door.recheck(held, now=2000).refusal == REFUSAL_WRONG


def test_a_revoked_coordinator_cannot_add_a_meeting_action(monkeypatch, xlsx_copy):
    """#16.5: the Overleg page's form callbacks write the Acties tab; they ask the door first, too."""
    path = "pages/9_overleg.py"
    from tests.test_page_overleg import by_key, rows

    work = xlsx_copy.parent / "overleg.xlsx"
    shutil.copy(xlsx_copy, work)
    monkeypatch.setenv("FLATCOACH_SOURCE", str(work))
    before = len(rows(work, "Acties"))
    at = open_page("app.py", query={"toegang": TOKENS[Role.COORDINATOR]}, secrets=SECRETS)
    at.switch_page(path)
    at.query_params.update({"maand": "2022-01", "onderwerp": "5"})
    at.run()
    assert not at.exception and not at.error
    by_key(at.text_area, "-actie").input("Na het intrekken")
    by_key(at.selectbox, "-eigenaar").select("Politie")
    at.secrets["access"] = access_secrets(Role.PARTNER, Role.COACH)  # the coordinator's link is revoked
    next(b for b in at.button if (b.key or "").startswith("overleg-actie-toevoegen-")).click().run()
    assert len(rows(work, "Acties")) == before, "a revoked coordinator added an action"
    assert_refused_without_data(at, REFUSAL_WRONG)
