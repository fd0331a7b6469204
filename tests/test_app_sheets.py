"""The dashboard over the wire: AppTest pages reading a Google Sheet through the real gspread client, pointed at the
fake Sheets API (tests/fakesheets.py) through lib.data.HTTP_CLIENT. No network.

Each test checks what a visitor would notice: the same numbers on every page and in every session from one read
per cache TTL; passing faults that only cost a retry; the last good data with a dated banner during an outage; one
Dutch sentence (and no traceback, no secret) for a fault only the coordinator can fix; and the same totals from the
API as from the xlsx download.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from lib import access, clean, data, metrics
from lib.pipeline import load_clean
from lib.settings import load as load_settings
from lib.sources.local import XlsxWorkbook
from tests.apptest import ROOT, everything, headline_expected, headline_shown, open_page
from tests.fakesheets import demo_tabs, fake_sheet

TOKEN = "tests-app-sheets-coordinator-0123456789"
ACCESS = {"tokens": [{"role": "coordinator", "label": "Coördinator", "sha256": access.token_hash(TOKEN)}]}
# Fast retries for tests: a try waits at most 1 s for an answer; pauses of 10-40 ms between tries.
FAST = {"tries": 3, "timeout_seconds": 1.0, "deadline_seconds": 5, "backoff_seconds": 0.01, "max_wait_seconds": 0.5}
BANNER = re.compile(r"^Google Sheet niet bereikbaar, gegevens van (\d{1,2}:\d{2}|\d{1,2} \w+ \d{4} \d{2}:\d{2})\b")


# --- helpers --------------------------------------------------------------------------------------------------
class HandClock:
    """lib.data's TTL clock, moved by the test: what counts as 'a TTL later' does not depend on the machine."""

    def __init__(self) -> None:
        self.start = self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    @property
    def since_start(self) -> float:
        return self.now - self.start


@pytest.fixture
def clock(monkeypatch) -> HandClock:
    c = HandClock()
    monkeypatch.setattr(data, "CLOCK", c)
    return c


@pytest.fixture
def fs(monkeypatch):
    """A fake Google Sheet with the demo tabs, wired in as the dashboard's gspread HTTP client."""
    with fake_sheet() as f:
        monkeypatch.setattr(data, "HTTP_CLIENT", f.http_client_class())
        yield f


def secrets_for(fs, key: str | None = None, **sheet) -> dict:
    return {"sheet": {"key": key or fs.key, **FAST, **sheet}, "gcp_service_account": fs.service_account_info(),
            "access": ACCESS}


def visit(secrets: dict, path: str = "app.py") -> AppTest:
    """A new session (a new browser tab) opening the coordinator's link on `path`."""
    return open_page(path, query={"toegang": TOKEN}, secrets=secrets, timeout=30)


def go(at: AppTest, path: str) -> AppTest:
    """The same session clicks to another page."""
    at.switch_page(path).run()
    return at


shown = headline_shown


def ok(at: AppTest) -> None:
    """The page drew its data: no traceback, no error, no outage banner."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert not [w.value for w in at.warning if "niet bereikbaar" in str(w.value)]
    assert at.title and at.title[0].value != "Flatcoaches K-buurt", "refused at the door"


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    """The Overzicht figures for the demo tabs, as the metric functions make them (latest month)."""
    with fake_sheet() as f:
        c = load_clean(f"gsheet:{f.key}", {"gcp_service_account": f.service_account_info()},
                       http_client=f.http_client_class())
    return headline_expected(c, metrics.View(metrics.latest_month(c)), load_settings())


@pytest.fixture(scope="module", autouse=True)
def _warm():
    """Import the app once (a cold first run takes ~2 s), so no test's first page view hits its time-out."""
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


# --- 1. one read per TTL for every session and page -----------------------------------------------------------
def test_sessions_and_pages_inside_one_ttl_cost_one_batch_get(fs, clock, monkeypatch, expected):
    ttl = 60.0  # on the hand-moved clock: the page views take no time on it, however busy the machine is
    monkeypatch.setenv(data.TTL_ENV, str(ttl))
    secrets = secrets_for(fs)
    pages = ["pages/2_dekking.py", "pages/3_meldingen.py"]

    sessions, views = [], 0
    for _ in range(3):  # three people open the coordinator's link
        at = visit(secrets)
        ok(at)
        assert shown(at) == expected
        sessions.append(at)
        views += 1
    for at in sessions:
        for path in [*pages, "app.py"]:
            ok(go(at, path))
            clock.advance(1.0)  # people click on; still inside the TTL
        ok(at.run())  # a rerun (a filter click, the live refresh)
        assert shown(at) == expected
        views += len(pages) + 2
    assert fs.counts["values.batchGet"] == 1, fs.counts
    assert fs.counts.snapshot() == {"token": 1, "values.batchGet": 1}  # no metadata call; one OAuth token
    print(f"\n{len(sessions)} sessions, {views} page views: {fs.counts.snapshot()}")

    clock.advance(ttl - clock.since_start - 0.5)  # half a second before the TTL ends: still the same read
    ok(sessions[2].run())
    assert fs.counts["values.batchGet"] == 1, fs.counts
    clock.advance(0.5)  # the TTL has passed
    ok(sessions[0].run())
    assert fs.counts["values.batchGet"] == 2, fs.counts
    ok(go(sessions[1], pages[0]))
    ok(visit(secrets))  # a new session
    assert shown(sessions[0]) == expected
    assert fs.counts.snapshot() == {"token": 1, "values.batchGet": 2}  # the client and its token were kept
    print(f"after the TTL, 3 more views: {fs.counts.snapshot()}")


# --- 2. passing faults cost a retry, not the page ---------------------------------------------------------------
def test_passing_faults_are_retried_and_the_page_shows_the_data(fs, expected):
    """429 with Retry-After, 503, an answer slower than the time-out, a dropped connection: one after the other
    on the same read, which gets its data on the fifth try."""
    faults = [("429", {"retry_after": 0.3}), ("503", {}), ("slow", {"seconds": 1.5}), ("drop", {})]
    for fault, options in faults:
        fs.faults.push(fault, on="values.batchGet", **options)
    at = visit(secrets_for(fs, tries=5))
    ok(at)
    assert shown(at) == expected
    assert fs.faults.fired == [(f, "values.batchGet") for f, _ in faults]
    # four faults, then the data: the slow answer (which would have carried the data) was not waited for
    assert fs.counts.snapshot() == {"token": 1, "values.batchGet": 5}
    print(f"\n429, 503, slow, drop, then data: {fs.counts.snapshot()}")


def test_a_fault_outlasting_the_tries_with_no_earlier_data_says_so_in_dutch(fs):
    fs.faults.push("503", times=1000)
    at = visit(secrets_for(fs))
    assert not at.exception and not at.metric
    assert [str(e.value) for e in at.error] == [
        "Google Sheet niet bereikbaar (storing bij Google, code 503, 3 pogingen). Probeer het over een paar minuten "
        "opnieuw."]
    assert fs.counts["values.batchGet"] == FAST["tries"]


# --- 3. an outage after good data: the last good data, with its time --------------------------------------------
def test_an_outage_after_good_data_keeps_the_data_with_a_dated_banner(fs, clock, monkeypatch, expected):
    ttl = 60.0
    monkeypatch.setenv(data.TTL_ENV, str(ttl))
    secrets = secrets_for(fs)
    at = visit(secrets)
    ok(at)
    before = shown(at)
    assert before == expected
    clock.advance(ttl)  # the TTL passes

    fs.faults.push("503", times=1000)  # Google is down for every request from now on
    at.run()
    assert not at.exception and not at.error
    assert shown(at) == before  # the same figures stay on screen
    banners = [str(w.value) for w in at.warning if "niet bereikbaar" in str(w.value)]
    assert len(banners) == 1 and BANNER.match(banners[0]), banners
    assert "503" in banners[0]
    after_outage = fs.counts["values.batchGet"]
    assert after_outage == 1 + FAST["tries"], fs.counts  # the good read, then one read with its retries
    print(f"\noutage banner: {banners[0]!r}; {fs.counts.snapshot()}")

    # Other viewers and pages within the TTL get the last good data at once: the sheet is not asked again.
    clock.advance(ttl - 1)
    other = visit(secrets)
    go(other, "pages/2_dekking.py")
    assert not other.exception and not other.error
    assert [w for w in other.warning if BANNER.match(str(w.value))]
    assert fs.counts["values.batchGet"] == after_outage, fs.counts

    # Google is back: a TTL after the failed read the next view reads again, and the banner goes.
    fs.faults.clear()
    clock.advance(1)
    ok(at.run())
    assert shown(at) == before
    assert fs.counts["values.batchGet"] == after_outage + 1, fs.counts
    print(f"back: {fs.counts.snapshot()}")


# --- 4. faults only the coordinator can fix: one Dutch sentence, no data, no secret ------------------------------
def _break_sheet(fs, case: str) -> dict:
    if case == "403":
        fs.faults.push("403", times=10)
    elif case == "404":
        return secrets_for(fs, key="1ThisKeyIsNotTheSheet_abcdefghijklmnop")
    elif case == "tab":
        fs.rename_tab("Rondes", "Rondes (oud)")
    elif case == "header":
        fs.rename_header("Rondes", "Starttijd", "Begintijd")
    return secrets_for(fs)


@pytest.mark.parametrize("case, words", [
    ("403", ["Deel de spreadsheet", "flatcoach-dashboard@flatcoaches-test.iam.gserviceaccount.com"]),
    ("404", ["niet gevonden", "sleutel", "[sheet]"]),
    ("tab", ["'Rondes'", "ontbreekt"]),
    ("header", ["'Starttijd'", "'Rondes'", "ontbreekt"]),
])
def test_a_permanent_fault_shows_one_dutch_sentence_and_no_secret(fs, case, words):
    secrets = _break_sheet(fs, case)
    at = visit(secrets)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) == 1, [e.value for e in at.error]
    message = str(at.error[0].value)
    for w in words:
        assert w in message, (w, message)
    assert "Traceback" not in message and "Error" not in message and "{" not in message
    assert not at.metric and not at.dataframe and not at.get("vega_lite_chart")  # no data
    if case == "403":
        assert fs.counts["values.batchGet"] == 1, fs.counts  # not retried: it will not pass by itself

    info = secrets["gcp_service_account"]
    dump = everything(at)
    key_lines = [ln for ln in info["private_key"].splitlines() if "PRIVATE KEY" not in ln]
    leaked = [s for s in [*key_lines, info["private_key_id"], TOKEN, access.token_hash(TOKEN)] if s in dump]
    assert not leaked
    if case != "403":
        assert info["client_email"] not in dump
    print(f"\n{case}: {message}")


# --- 5. the same totals through the API as from the xlsx ----------------------------------------------------------
def test_the_demo_workbook_through_the_api_gives_the_xlsx_totals(demo):
    raw = XlsxWorkbook(str(ROOT / "data" / "demo.xlsx")).read()
    with fake_sheet(raw.tabs) as f:
        api = load_clean(f"gsheet:{f.key}", {"gcp_service_account": f.service_account_info()},
                         http_client=f.http_client_class())
        assert f.counts.snapshot() == {"token": 1, "values.batchGet": 1}
    assert api.shape == "api" and demo.shape == "xlsx"
    assert clean.totals(api) == clean.totals(demo)
    assert api.counts == demo.counts
    assert sorted(api.rejects["reason"]) == sorted(demo.rejects["reason"])
    print(f"\ndemo.xlsx over the API: {clean.totals(api)}; counts {api.counts}")


def test_the_fakes_demo_tabs_give_the_same_totals_as_their_xlsx_download(tmp_path: Path):
    tabs = demo_tabs()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in tabs.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / "download.xlsx"
    wb.save(path)
    with fake_sheet(tabs) as f:
        api = load_clean(f"gsheet:{f.key}", {"gcp_service_account": f.service_account_info()},
                         http_client=f.http_client_class())
    xlsx = load_clean(str(path))
    assert clean.totals(api) == clean.totals(xlsx)
    assert api.counts == xlsx.counts
    assert clean.totals(api)["rounds"] == 2 and clean.totals(api)["meldingen"] == 1
