"""Browser fixtures: a real `streamlit run` on a free port, Debian's Chromium driven by Playwright, screenshots.

One warm server (demo data) and one browser serve most tests; `fresh_app` starts a server per test for links opened
as the very first request after a restart; `start_server` starts one from another folder (the roles tests give it
their own secrets.toml). Every test is marked `browser`. Without /usr/bin/chromium the tests are skipped with a
clear reason, unless REQUIRE_BROWSER=1 (CI), which turns the missing browser into a failure.

Waiting is event-driven, never a fixed sleep: the test listens to Streamlit's websocket and decodes its protobuf
messages, so it knows when the script run (or a live fragment run) has finished, then waits until every chart has
drawn its SVG or canvas.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Debian's Chromium; CHROMIUM_PATH points elsewhere (another distribution, or to check the skip message).
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
MISSING_BROWSER = f"Chromium ontbreekt: apt-get install chromium (verwacht op {CHROMIUM})"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # A tab that is not in front must keep its timers: the live page refreshes itself from a timer.
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
# The two screens the dashboard is made for: the meeting-room screen and a coach's or partner's phone.
VIEWPORTS = {"wide": {"width": 1920, "height": 1080}, "phone": {"width": 390, "height": 844}}
# One folder per run, chosen once in tests/conftest.py (pytest_configure) so that every xdist worker shares it.
SHOTS = Path(os.environ.get("FLATCOACH_SHOTS_DIR") or ROOT / "build" / "screenshots" / time.strftime("%Y%m%d-%H%M%S"))
# Asked of lib/ui/page.py: a test-only override of the live refresh interval. Harmless when not (yet) supported.
LIVE_SECONDS_ENV = "FLATCOACH_LIVE_SECONDS"
LIVE_SECONDS_FOR_TESTS = "3"

SCRIPT_TIMEOUT_S = 60  # a cold server on two busy cores reads and cleans the workbook first
CHART_TIMEOUT_MS = 20_000
# Everything Streamlit draws a chart or map into, and what proves it has drawn.
CHART_CONTAINERS = ('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"], '
                    '[data-testid="stDeckGlJsonChart"], [data-testid="stPlotlyChart"], '
                    '[data-testid="stGraphVizChart"]')

ENGLISH_LEAK = re.compile(r"\b(None|NaN|nan|NaT|null|undefined|Choose an option|No options to select|No results"
                          r"|Press Enter to apply|Drag and drop file here|Browse files)\b")

_notes: list[str] = []  # one line per screenshot (and per oddity) for the index file and the summary


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER") == "1"


def browser_available() -> bool:
    if not CHROMIUM.exists():
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


_FAILED = pytest.StashKey[bool]()
LIVE_FIRST, LIVE_LAST = "test_live_mode_opens_as_meeting_screen", "test_live_mode_refreshes_itself"


def pytest_collection_modifyitems(config, items):
    # The live tab waits for its timer while the other browser tests run: opened first, checked last.
    e2e = [i for i, it in enumerate(items) if Path(__file__).parent in Path(it.path).parents]
    if e2e:
        first, last = min(e2e), max(e2e)
        for name, where in ((LIVE_FIRST, first), (LIVE_LAST, last)):
            found = [it for it in items if it.name == name]
            if found:
                items.remove(found[0])
                items.insert(where, found[0])
    if browser_available() or browser_required():
        return
    skip = pytest.mark.skip(reason=MISSING_BROWSER)
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    if rep.when == "call" and rep.failed:
        item.stash[_FAILED] = True
    return rep


def note(line: str) -> None:
    """One line in the run's index.txt (written at once: each xdist worker appends its own lines)."""
    _notes.append(line)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with open(SHOTS / "index.txt", "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


# ---------------------------------------------------------------------------------------------------------- server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(**extra: str) -> dict[str, str]:
    """The environment of a test server: the demo data unless a test names a source, no developer settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLATCOACH_", "STREAMLIT_"))}
    env[LIVE_SECONDS_ENV] = LIVE_SECONDS_FOR_TESTS
    env.update(extra)
    return env


class Server:
    """`streamlit run app.py` in its own process group on a free localhost port; its output goes to a log file."""

    def __init__(self, name: str, cwd: Path = ROOT, env: dict[str, str] | None = None):
        self.name = name
        self.port = free_port()
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.log = SHOTS / f"server-{name}.log"
        self._log_file = open(self.log, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable,
             "-m", "streamlit", "run", "app.py",
             "--server.headless", "true", "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false",
             # Other people may be editing pages while the tests run: no "File change" bar, no rerun on save.
             "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
            cwd=cwd, env=server_env() if env is None else env, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                self.stop()
                raise RuntimeError(f"streamlit stopped at start (exit {self.proc.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit did not answer /_stcore/health within 60 s:\n{self.log_tail()}")
            time.sleep(0.1)  # polling the health endpoint while the server boots

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
            except ProcessLookupError:
                pass
        finally:
            self._log_file.close()


@pytest.fixture(scope="session")
def app() -> Iterator[Server]:
    """The warm server most tests share: `streamlit run app.py` on the bundled demo data."""
    if not (ROOT / "data" / "demo.xlsx").exists():
        pytest.fail("data/demo.xlsx ontbreekt: maak het met `make demo`")
    srv = Server("warm")
    yield srv
    srv.stop()


@pytest.fixture
def fresh_app(request) -> Iterator[Server]:
    """A server nobody has opened yet, for links opened as the very first request after a restart."""
    if not (ROOT / "data" / "demo.xlsx").exists():
        pytest.fail("data/demo.xlsx ontbreekt: maak het met `make demo`")
    srv = Server("fresh-" + re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-"))
    yield srv
    srv.stop()


@pytest.fixture
def start_server() -> Iterator[Callable[..., Server]]:
    """Start servers from another folder or with another environment; all are stopped after the test."""
    started: list[Server] = []

    def start(name: str, cwd: Path, env: dict[str, str]) -> Server:
        srv = Server(name, cwd=cwd, env=env)
        started.append(srv)
        return srv

    yield start
    for srv in started:
        srv.stop()


# --------------------------------------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    if not browser_available():
        pytest.fail(f"{MISSING_BROWSER}; REQUIRE_BROWSER=1 maakt dit een fout in plaats van overslaan")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Watch:
    """What went over Streamlit's websocket and what the page threw, decoded from the protobuf frames."""

    runs_finished: int = 0  # full script runs
    fragment_runs_finished: int = 0
    auto_rerun_intervals: list[float] = field(default_factory=list)  # st.fragment(run_every=...) as the server set it
    auto_reruns_requested: int = 0  # the browser asking for a timed fragment rerun
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)  # 'status path', for the index file

    def attach(self, page) -> None:
        page.on("websocket", self._socket)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: self.failed_requests.append(f"{r.status} /{r.url.split('/', 3)[-1]}")
                if r.status >= 400 else None)

    def _socket(self, ws) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("framereceived", self._received)
            ws.on("framesent", self._sent)

    def _received(self, payload) -> None:
        if isinstance(payload, str):
            return
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # a frame this Streamlit version shapes differently: not ours to judge
            return
        self.forward(msg.WhichOneof("type"), msg)

    def forward(self, kind: str | None, msg) -> None:
        """One decoded message from the server (a subclass adds what it needs to count, without decoding again)."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.fragment_runs_finished += 1
            elif msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.runs_finished += 1
        elif kind == "auto_rerun":
            self.auto_rerun_intervals.append(msg.auto_rerun.interval)

    def _sent(self, payload) -> None:
        if isinstance(payload, str):
            return
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        try:
            msg.ParseFromString(payload)
        except Exception:
            return
        self.back(msg.WhichOneof("type"), msg)

    def back(self, kind: str | None, msg) -> None:
        """One decoded message from the browser to the server."""
        if kind == "rerun_script" and msg.rerun_script.is_auto_rerun:
            self.auto_reruns_requested += 1


class Tab:
    """One browser tab on the dashboard, with waits that follow the script run instead of the clock."""

    def __init__(self, page, viewport: str):
        self.page = page
        self.viewport = viewport
        self.watch = Watch()
        self.watch.attach(page)

    # -- waiting
    def wait_until(self, cond: Callable[[], bool], what: str, timeout_s: float = SCRIPT_TIMEOUT_S) -> None:
        """Let Playwright deliver events until `cond` holds (each short wait pumps the websocket listeners)."""
        deadline = time.monotonic() + timeout_s
        while not cond():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {timeout_s:.0f} s on {self.page.url}")
            self.page.wait_for_timeout(50)

    def wait_run(self, after: int) -> None:
        """Wait for the script run that follows `after` finished runs, then for the page to settle."""
        self.wait_until(lambda: self.watch.runs_finished > after, "script run did not finish")
        self.settle()

    def settle(self) -> None:
        """The run's elements are on the page: Streamlit's own state attribute says the script is not running, no
        element is left over from the previous run (data-stale), no element still shows the skeleton it shows
        while its code is being fetched (each element type is loaded lazily), and every chart has drawn."""
        self.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                                    timeout=SCRIPT_TIMEOUT_S * 1000)
        self.page.wait_for_function(
            """() => !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"], '
                                              + '[data-testid="stAppSkeleton"]')""",
            timeout=SCRIPT_TIMEOUT_S * 1000)
        self.page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=SCRIPT_TIMEOUT_S * 1000)
        self.wait_charts()
        # The deltas of a finished run are applied by React in the next frames: let two frames pass.
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def wait_charts(self) -> None:
        """Every visible chart or map has drawn its SVG or canvas."""
        js = """(sel) => [...document.querySelectorAll(sel)]
            .filter(c => c.getClientRects().length > 0)
            .every(c => c.querySelector('svg.marks, canvas, .main-svg, svg'))"""
        try:
            self.page.wait_for_function(js, arg=CHART_CONTAINERS, timeout=CHART_TIMEOUT_MS)
        except Exception as exc:
            raise AssertionError(f"a chart or map did not draw within {CHART_TIMEOUT_MS // 1000} s: "
                                 f"{self.charts()}") from exc

    # -- actions
    def open(self, url: str) -> Tab:
        before = self.watch.runs_finished
        self.page.goto(url)
        self.wait_run(before)
        return self

    def enter(self, url: str) -> Tab:
        """Open a share link (?toegang=<right token>): the door swaps the token for a ticket and replaces the
        page's own history entry by the address with the ticket (a reload, lib/ui/door.py); wait until the token has
        left the address and the page there has drawn. A wrong token is refused without a reload: open() it."""
        self.page.goto(url)

        def arrived() -> bool:
            if "toegang=" in self.page.url:
                return False
            try:  # the page loaded after the swap has drawn its title (during a navigation there is no DOM yet)
                return self.page.locator('[data-testid="stMain"] h1').count() > 0
            except Exception:
                return False

        self.wait_until(arrived, "the token did not leave the address, or the page after it did not draw")
        self.settle()
        return self

    def rerun_after(self, action: Callable[[], None]) -> None:
        """Do something in the page that reruns the script, and wait for that run."""
        before = self.watch.runs_finished
        action()
        self.wait_run(before)

    # -- reading
    def problems(self) -> list[str]:
        """What a visitor would see as broken: exception boxes, red error alerts, errors thrown in the front end."""
        out = [f"exception box: {t[:600]}" for t in self.page.locator('[data-testid="stException"]').all_inner_texts()]
        out += [f"error alert: {t[:300]}"
                for t in self.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()]
        out += [f"front-end error: {e[:300]}" for e in self.watch.page_errors]
        return out

    def assert_clean(self, server: Server | None = None) -> None:
        probs = self.problems()
        if probs and server is not None:
            probs.append("server log:\n" + server.log_tail(25))
        assert not probs, "\n".join(probs)

    def charts(self) -> list[dict]:
        """Each visible chart: its kind, whether it drew, and how many marks it drew (0 = an empty chart)."""
        return self.page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
            .filter(c => c.getClientRects().length > 0)
            .map(c => ({kind: c.dataset.testid,
                        drawn: !!c.querySelector('svg, canvas'),
                        marks: c.querySelectorAll('.role-mark > *, [role="graphics-symbol"]').length,
                        canvas: !!c.querySelector('canvas'),
                        width: Math.round(c.getBoundingClientRect().width)}))""", CHART_CONTAINERS)

    def metrics(self) -> dict[str, str]:
        """Metric label -> value, as shown."""
        out = {}
        for m in self.page.locator('[data-testid="stMetric"]').all():
            label = m.locator('[data-testid="stMetricLabel"]').inner_text().strip()
            out[label] = m.locator('[data-testid="stMetricValue"]').inner_text().strip()
        return out

    def query(self) -> dict[str, str]:
        from urllib.parse import parse_qsl, urlsplit

        return dict(parse_qsl(urlsplit(self.page.url).query))

    def text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    # -- screenshots
    def shot(self, name: str) -> Path:
        """A full-page screenshot. Streamlit scrolls inside its own container, not the document, so the viewport is
        made as tall as the content for the picture and put back afterwards."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        size = self.page.viewport_size
        height = self.page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
            ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], '
                 + '[data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"]')]
                .map(e => e.scrollHeight))""")
        tall = min(max(size["height"], int(height)), 20_000)
        if tall > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": tall})
            self.wait_charts()
            self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        self.page.screenshot(path=str(path), full_page=True)
        if tall > size["height"]:
            self.page.set_viewport_size(size)
        charts = self.charts()
        # Words a Dutch reader should never see: Python's empty values and Streamlit's English defaults. (Tables are
        # drawn on a canvas, so this sees only the rest of the page; look at the tables in the screenshots.)
        leaks = sorted(set(ENGLISH_LEAK.findall(self.page.locator("body").inner_text())))
        if leaks:
            note(f"LET OP {path.name}: English or Python text on the page: {', '.join(leaks)}")
        empty = [c["kind"] for c in charts if c["drawn"] and not c["canvas"] and c["marks"] == 0]
        note(f"{path.name}: {self.page.url} · {len(charts)} chart(s)"
             + (f" · {len(self.watch.console_errors)} console error(s)" if self.watch.console_errors else ""))
        for err in dict.fromkeys(self.watch.console_errors):
            note(f"   console: {err[:200]}")
        for req in dict.fromkeys(self.watch.failed_requests):
            note(f"   request: {req[:200]}")
        if empty:
            note(f"LET OP {path.name}: {len(empty)} chart(s) drawn without any marks (empty chart?)")
        return path


@pytest.fixture
def open_tab(browser, request) -> Iterator[Callable[[str], Tab]]:
    """open_tab('wide' | 'phone') -> a Tab in its own browser context (own cookies, own Streamlit session).
    When the test fails, each tab is photographed as it was (FAILED-<test>-<n>.png)."""
    contexts = []
    tabs: list[Tab] = []

    def make(viewport: str = "wide") -> Tab:
        size = VIEWPORTS[viewport]
        ctx = browser.new_context(viewport=size, locale="nl-NL", timezone_id="Europe/Amsterdam",
                                  is_mobile=viewport == "phone", has_touch=viewport == "phone")
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        tabs.append(Tab(ctx.new_page(), viewport))
        return tabs[-1]

    yield make
    if request.node.stash.get(_FAILED, False):
        for n, t in enumerate(tabs, 1):
            name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
            try:
                SHOTS.mkdir(parents=True, exist_ok=True)
                t.page.screenshot(path=str(SHOTS / f"FAILED-{name}-{n}.png"), full_page=True)
                note(f"LET OP FAILED-{name}-{n}.png: {t.page.url} (test failed)")
            except Exception:  # a crashed page cannot be photographed; the failure itself is reported anyway
                pass
    for ctx in contexts:
        ctx.close()


@pytest.fixture
def tab(open_tab) -> Tab:
    """A wide (meeting screen) tab."""
    return open_tab("wide")


def url_path(page_path: str) -> str:
    """The URL path Streamlit gives a page file: app.py -> /, pages/1_uren.py -> /uren."""
    if page_path == "app.py":
        return "/"
    return "/" + re.sub(r"^\d+_", "", Path(page_path).stem)


def copy_app(dest: Path) -> Path:
    """A runnable copy of the dashboard in `dest` (for a server with its own .streamlit/secrets.toml).

    app.py is copied, not linked: Streamlit resolves the entry script's real path and would look for pages/ next to
    the original. pages/, lib/ and data/ are linked (lib finds data/ through its own real path, so a test gives its
    source explicitly).
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "app.py", dest / "app.py")
    (dest / "pages").symlink_to(ROOT / "pages")
    (dest / "lib").symlink_to(ROOT / "lib")
    (dest / "data").symlink_to(ROOT / "data")
    (dest / ".streamlit").mkdir()
    shutil.copy2(ROOT / ".streamlit" / "config.toml", dest / ".streamlit" / "config.toml")
    return dest
