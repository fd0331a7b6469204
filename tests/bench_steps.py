"""The benchmark's steps, each run in a child process of its own (`python -m tests.bench_steps STEP SIZE`), so
its peak memory (ru_maxrss) and its caches are its own. Each prints one JSON object on its last line.

Steps: pipeline (raw API tabs -> lib.clean -> every metric), naive (tests/bench_naive.py on the same rows as
formatted strings), floor (pyarrow reading the same tabs as CSV), pages (every page's cold run and warm reruns in
AppTest, the source an .xlsx through FLATCOACH_SOURCE), report (the month's DOCX in process and through the CLI),
browser (every page in Chromium by `streamlit run app.py`, until settled: opened in a fresh browser context, and
clicked in the menu of a tab that has the app open; skipped without /usr/bin/chromium).
`--profile DIR` writes a cProfile of the timed work there (for a page: of the script thread).
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import inspect
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests import bench_data

ROOT = bench_data.ROOT


def pages() -> list[str]:
    """Every page of the dashboard (lib.access.PAGES), home first."""
    from lib import access

    return [p.path for p in access.PAGES]


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CPU: list[float] = []  # process CPU seconds of each timed run (all threads), beside the wall-clock seconds


def timed(fn, repeat: int) -> tuple[float, list[float]]:
    """Median wall-clock seconds of `repeat` runs (and every run's; CPU seconds land in CPU)."""
    times = []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return (statistics.median(times) if times else float("nan")), times


def cpu_of(fn, repeat: int) -> tuple[float, float, list[float], list[float]]:
    """(median wall s, median CPU s, all wall, all CPU) of `repeat` runs."""
    del CPU[:]
    wall, walls = timed(fn, repeat)
    cpus = list(CPU)
    return wall, (statistics.median(cpus) if cpus else float("nan")), walls, cpus


# --- every metric ------------------------------------------------------------------------------------------------
def _metric_calls(c, conf):
    """(name, function, kwargs) for every public metric of lib.metrics that takes the clean data, for the latest
    month and the whole project, each partner's order, every tower and every grouping a page asks for."""
    from lib import metrics, schema

    today = dt.date(2026, 11, 28)
    month = metrics.latest_month(c)
    views = [metrics.View(month), metrics.View(None)]
    dates = c.actions["meeting_date"].dropna() if len(c.actions) else []
    meeting = dates.max().date() if len(dates) else dt.date(2022, 1, 12)
    extra = {"tower": list(schema.TOWERS), "by": ["category", "location", "kind"]}
    calls = []
    for name, fn in inspect.getmembers(metrics, inspect.isfunction):
        # every module of the package: the metrics live in lib.metrics.<subject> and are re-exported from lib.metrics
        if not (fn.__module__ or "").startswith(metrics.__name__ + ".") or name.startswith("_"):
            continue
        params = inspect.signature(fn).parameters
        if next(iter(params), None) != "c":
            continue
        base = {"c": c, "conf": conf, "today": today, "month": month, "meeting_date": meeting}
        required = [p for p, d in params.items() if d.default is inspect.Parameter.empty]
        if any(p not in base and p not in ("v", *extra) for p in required):
            calls.append((name, None, {}))
            continue
        for v in views if "v" in params else [None]:
            variants = [{}]
            for key, values in extra.items():
                if key in params:
                    variants = [{**x, key: val} for x in variants for val in values]
            for x in variants:
                kw = {p: base[p] for p in params if p in base and p in required}
                if v is not None:
                    kw["v"] = v
                calls.append((name, fn, {**kw, **x}))
    return calls


def all_metrics(c, conf) -> int:
    n = 0
    for _name, fn, kw in _metric_calls(c, conf):
        if fn is not None:
            fn(**kw)
            n += 1
    return n


# --- steps --------------------------------------------------------------------------------------------------------
def step_pipeline(size: str, repeat: int, profile: Path | None) -> dict:
    from lib import clean as clean_mod
    from lib.pipeline import read_clean
    from lib.settings import load

    conf = load()
    clean_mod.clean(bench_data.raw_workbook("season"), conf)  # imports and first-call costs out of the way
    # Through the dashboard's and the CLI's own path (lib.pipeline.read_clean), from a workbook already in memory:
    # the bench's "read" is loading its cached rows (not timed). Each run gets a workbook of its own.
    class Given:
        def __init__(self, wb):
            self.wb = wb

        def read(self):
            return self.wb

    def sheet():
        return bench_data.raw_workbook(size)

    def read(wb):
        return read_clean(Given(wb), conf)

    raw = sheet()
    base = rss_mb()
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    c = read(raw)
    t1, c1 = time.perf_counter(), time.process_time()
    n_metrics = all_metrics(c, conf)
    t2, c2 = time.perf_counter(), time.process_time()
    if prof:
        prof.disable()
        prof.dump_stats(profile / f"pipeline-{size}.prof")
    peak = peak_mb()
    # Metrics are timed on a fresh Clean object each run: lib.metrics keeps results per object, and the figure
    # wanted is the cost of computing them after a new read, not of looking them up.
    clean_s, clean_cpu, metrics_s, metrics_cpu = [t1 - t0], [c1 - c0], [t2 - t1], [c2 - c1]
    for _ in range(repeat - 1):
        del c, raw  # the last run's data goes outside the timing, as it would while the next read is under way
        raw = sheet()
        t0, c0 = time.perf_counter(), time.process_time()
        c = read(raw)
        t1, c1 = time.perf_counter(), time.process_time()
        all_metrics(c, conf)
        t2, c2 = time.perf_counter(), time.process_time()
        clean_s.append(t1 - t0)
        clean_cpu.append(c1 - c0)
        metrics_s.append(t2 - t1)
        metrics_cpu.append(c2 - c1)
    skipped = [name for name, fn, _ in _metric_calls(c, conf) if fn is None]
    return {"clean": statistics.median(clean_s), "clean_all": clean_s, "metrics": statistics.median(metrics_s),
            "metrics_all": metrics_s, "clean_cpu": statistics.median(clean_cpu),
            "metrics_cpu": statistics.median(metrics_cpu), "metric_calls": n_metrics, "metrics_skipped": skipped,
            "peak_mb": peak, "base_mb": base, "totals": clean_mod.totals(c),
            "rows": {k: v["rows"] for k, v in c.counts.items()}, "rejected": int(len(c.rejects)),
            "coaches_on_roster": int(len(c.roster)), "profiled": bool(profile)}


def step_naive(size: str, repeat: int, profile: Path | None) -> dict:
    from tests import bench_naive

    tabs = bench_data.as_formatted(bench_data.typed(size))
    base = rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    d = bench_naive.clean(tabs)
    t1, c1 = time.perf_counter(), time.process_time()
    m = bench_naive.metrics(d)
    t2, c2 = time.perf_counter(), time.process_time()
    return {"clean": t1 - t0, "metrics": t2 - t1, "clean_cpu": c1 - c0, "metrics_cpu": c2 - c1,
            "peak_mb": peak_mb(), "base_mb": base, "totals": m["totals"],
            "rejected": d["rejected"]}


def step_floor(size: str, repeat: int, profile: Path | None) -> dict:
    import pyarrow as pa
    from pyarrow import csv

    folder = bench_data.csv_folder(size)
    files = [p for p in folder.iterdir() if p.suffix == ".csv"]
    opts = csv.ConvertOptions(timestamp_parsers=["%d-%m-%Y %H:%M:%S", "%d-%m-%Y"])
    base = rss_mb()

    def read() -> int:
        return sum(csv.read_csv(p, convert_options=opts).num_rows for p in files)

    read()
    med, cpu, all_, _ = cpu_of(read, max(repeat, 3))
    types = {str(f.type) for p in files for f in csv.read_csv(p, convert_options=opts).schema}
    return {"clean": med, "clean_cpu": cpu, "clean_all": all_, "peak_mb": peak_mb(), "base_mb": base, "rows": read(),
            "arrow": pa.__version__, "types": sorted(types)}


_PROFILER: list[cProfile.Profile] = []  # the profiler of the page being measured, if any


def _profile_script_thread() -> None:
    """cProfile only sees its own thread: wrap the function AppTest's script thread runs the page in."""
    from streamlit.runtime.scriptrunner import script_runner

    inner = script_runner.exec_func_with_error_handling

    def wrapped(*args, **kwargs):
        prof = _PROFILER[-1] if _PROFILER else None
        if prof is None:
            return inner(*args, **kwargs)
        prof.enable()
        try:
            return inner(*args, **kwargs)
        finally:
            prof.disable()

    script_runner.exec_func_with_error_handling = wrapped


def step_pages(size: str, repeat: int, profile: Path | None) -> dict:
    os.environ["FLATCOACH_SOURCE"] = str(bench_data.xlsx(size))
    os.environ["FLATCOACH_CACHE_TTL"] = "86400"  # the data stays cached while we measure: warm reruns
    from streamlit.testing.v1 import AppTest

    out = {}
    if profile:
        _profile_script_thread()
    only = [x for x in os.environ.get("BENCH_PAGES", "").split(",") if x]  # e.g. BENCH_PAGES=meldingen,uren
    for page in pages():
        if not (ROOT / page).exists() or (only and not any(x in page for x in only)):
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        t0 = time.perf_counter()
        at.run()
        if page != "app.py":
            at.switch_page(page)
            at.run()
        cold = time.perf_counter() - t0
        errors = [str(e.value)[:200] for e in at.exception]
        if profile:
            _PROFILER.append(cProfile.Profile())
        warm, cpu, all_, _ = cpu_of(at.run, repeat)
        if profile:
            _PROFILER.pop().dump_stats(profile / f"page-{size}-{Path(page).stem}.prof")
        # A filter change: another month in the filter bar, each one not seen before (nothing kept for it yet).
        switch = []
        try:
            months = at.selectbox(key="f_month")
            for i in range(1, min(4, len(months.options))):
                at.selectbox(key="f_month").select_index(i)
                t0 = time.perf_counter()
                at.run()
                switch.append(time.perf_counter() - t0)
        except Exception:  # a page without the filter bar
            pass
        out[page] = {"cold": cold, "warm": warm, "warm_cpu": cpu, "warm_all": all_,
                     "filter": statistics.median(switch) if switch else None, "filter_all": switch,
                     "errors": errors + [
            str(e.value)[:200] for e in at.exception]}
    return {"pages": out, "peak_mb": peak_mb()}


def step_report(size: str, repeat: int, profile: Path | None) -> dict:
    """The month's DOCX with its charts, three ways: `first` = the first report of 2022-01 in a running dashboard
    (imports and vl-convert already warm from a report of 2021-12, the month's charts drawn to PNG now), `warm` =
    the same report again (charts kept, PNGs cached), `cli` = `lib.cli report` in a fresh process (start-up,
    reading the xlsx and cleaning included)."""
    from lib import clean as clean_mod
    from lib.report import content, render
    from lib.settings import load

    conf = load()
    c = clean_mod.clean(bench_data.raw_workbook(size), conf)

    def once(month: str = "2022-01") -> int:
        return len(render(content.build(c, month, conf), "docx"))

    t0 = time.perf_counter()
    once("2021-12")
    cold = time.perf_counter() - t0
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    first, first_cpu, _, _ = cpu_of(once, 1)
    if prof:
        prof.disable()
        prof.dump_stats(profile / f"report-first-{size}.prof")
    warm, cpu, all_, _ = cpu_of(once, repeat)
    xlsx = bench_data.xlsx(size)
    target = ROOT / "build" / "bench-data" / f"rapport-{size}.docx"
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "lib.cli", "report", "--month", "2022-01", "--format", "docx",
                           "--out", str(target), "--source", str(xlsx)], cwd=ROOT, capture_output=True, text=True)
    cli = time.perf_counter() - t0
    return {"first": first, "first_cpu": first_cpu, "warm": warm, "warm_cpu": cpu, "warm_all": all_,
            "cold": cold, "cli": cli, "cli_ok": done.returncode == 0, "cli_err": done.stderr[-300:],
            "peak_mb": peak_mb()}


# --- the pages in Chromium ---------------------------------------------------------------------------------------
def _cpu_ticks(pids: list[int]) -> int:
    """utime + stime (clock ticks, all threads) of these processes; a process that has gone counts 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def _runqueue_s(pids: list[int]) -> float:
    """Seconds the threads of these processes have spent runnable but waiting for a core (the second field of
    /proc/PID/task/TID/schedstat): on a shared machine, the part of the clock that is other processes' turn. Threads
    that have ended are not counted."""
    total = 0
    for pid in pids:
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                total += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return total / 1e9


def _chromium_pids() -> dict[int, str]:
    """Chromium's processes under this one (python -> Playwright's driver -> chromium), pid -> kind: 'renderer'
    (the page: its JavaScript, style, layout, paint) or 'other' (browser, GPU/compositing, network, utility)."""
    parent, name = {}, {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            head, tail = (d / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        pid = int(d.name)
        name[pid], parent[pid] = head.split("(", 1)[1], int(tail.split()[1])
    me, out = os.getpid(), {}
    for pid in parent:
        p, seen = parent[pid], 0
        while p not in (0, 1, me) and seen < 64:
            p, seen = parent.get(p, 0), seen + 1
        if p == me and name[pid].startswith("chrom"):
            try:  # Chromium rewrites its command line: one string with spaces
                renderer = b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            out[pid] = "renderer" if renderer else "other"
    return out


CLICK_ROUNDS = 4  # menu clicks: the first round (each page's first run on the server) + 3 later ones (median)
SIDEBAR_LINKS = '[data-testid="stSidebar"] [data-testid="stPageLink"]'  # as tests/e2e/test_first_use.py::go
LIVE_LINKS = '.st-key-live-menu a[data-testid="stPageLink-NavLink"]'  # the meeting screen's row at the top
LIVE_HOPS = ("pages/3_meldingen.py", "pages/9_overleg.py", "app.py")  # from Overzicht: Meldingen, Overleg, back


# Put into each page the bench opens before its own scripts run: the page's clock at its last DOM change (elements
# added, attributes such as data-stale or the script state changed, chart SVG drawn). A table's canvas repaint is
# not a DOM change, but neither does Tab.settle wait for one.
LAST_CHANGE_JS = """
window.__benchLastChange = 0;
new MutationObserver(() => { window.__benchLastChange = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def step_browser(size: str, repeat: int, profile: Path | None) -> dict:
    """Each page of the dashboard opened in Chromium (1920x1080, each open in a fresh browser context: own cookies,
    own Streamlit session, empty HTTP cache), timed from `page.goto` until the page has settled. Settled is the wait
    of the browser tests (tests/e2e/conftest.py, Tab.settle): the script run's `script_finished` message has come
    over Streamlit's websocket, the app says its script is not running, no element is stale or a skeleton, the
    running indicator (stStatusWidget) is gone, every visible chart has drawn its SVG or canvas, two frames passed.
    The time taken is that of the page's last DOM change before the wait returned (LAST_CHANGE_JS; the wait's own
    polls and frames are not the page's time); `settle_wait` is when the wait returned.

    Per page: `first` = the page's first open on a warm server (the data read and cleaned by an earlier open of the
    home page, the page's own cached results not yet made), `warm` = the median of `repeat` opens after that,
    `cold` = the very first request to a freshly started server (reading and cleaning the workbook included). On
    Meldingen also `month`: another month chosen in the sidebar's Periode, until settled again (three months not
    seen before, the median). Beside the clock: `loaded` (goto returned: the page's load event), `script` (the run's
    script_finished message came in) and CPU seconds over the same interval of the server process and of Chromium's
    processes (`renderer_cpu`: the page's renderer alone); `cpu` is server + Chromium, what the open costs a machine
    that is otherwise idle when nothing overlaps.

    `clicks` (menu_clicks): moving through the dashboard instead of opening a link cold. One browser context opens
    `/`, then each page's sidebar link is clicked in turn, CLICK_ROUNDS rounds; each click is timed from the click
    until settled (the same wait). Per page `first` (the first round: the page's first script run on that server)
    and `median` (the later rounds), with the same CPU figures. `live` (live_clicks): the same in the meeting
    screen's row of links. Each on a server of its own. BENCH_BROWSER=click (or =open) runs only that part."""
    os.environ["FLATCOACH_SHOTS_DIR"] = str(ROOT / "build" / "bench-data" / "browser")  # the servers' logs
    try:
        from tests.e2e import conftest as e2e
    except ImportError as exc:
        return {"skipped": f"the browser helpers do not import ({exc})"}
    if not e2e.browser_available():
        return {"skipped": f"no {e2e.CHROMIUM}" if not e2e.CHROMIUM.exists() else "no playwright"}
    import dataclasses
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright

    from lib import access

    @dataclasses.dataclass
    class Watch(e2e.Watch):
        finished_at: list[float] = dataclasses.field(default_factory=list)  # when each script_finished came in
        started_at: list[float] = dataclasses.field(default_factory=list)  # new_session: the server began a run
        asked_at: list[float] = dataclasses.field(default_factory=list)  # the browser sent rerun_script
        sockets: int = 0  # Streamlit websockets opened: a second one means the front end was loaded again

        def _socket(self, ws) -> None:
            if "_stcore/stream" in ws.url:
                self.sockets += 1
            super()._socket(ws)

        def forward(self, kind, msg) -> None:  # the e2e Watch decodes each frame once and hands it here
            before = self.runs_finished
            super().forward(kind, msg)
            if self.runs_finished > before:
                self.finished_at.append(time.perf_counter())
            elif kind == "new_session":
                self.started_at.append(time.perf_counter())

        def back(self, kind, msg) -> None:
            super().back(kind, msg)
            if kind == "rerun_script":
                self.asked_at.append(time.perf_counter())

    class Tab(e2e.Tab):
        def __init__(self, page, viewport: str):  # e2e.Tab with the Watch above (one listener per socket)
            self.page, self.viewport, self.watch = page, viewport, Watch()
            self.watch.attach(page)

    tick = os.sysconf("SC_CLK_TCK")
    home = Path(tempfile.mkdtemp(prefix="bench-home-"))  # no ~/.streamlit/secrets.toml of whoever runs this
    cwd = ROOT
    if (ROOT / ".streamlit" / "secrets.toml").exists():  # a developer's secrets: run from a copy without them
        cwd = e2e.copy_app(home / "app")
    # The meeting screen's own refresh at its production minute (the browser tests shorten it to 3 s): a timed
    # fragment run in the middle of a click would be measured with it.
    env = e2e.server_env(FLATCOACH_SOURCE=str(bench_data.xlsx(size)), FLATCOACH_CACHE_TTL="86400", HOME=str(home),
                         **{e2e.LIVE_SECONDS_ENV: "60"})
    only = [x for x in os.environ.get("BENCH_PAGES", "").split(",") if x]  # e.g. BENCH_PAGES=meldingen,uren
    # BENCH_BROWSER=click: only the menu clicks (and the meeting screen's); =open: only the fresh-context opens
    parts = {x for x in os.environ.get("BENCH_BROWSER", "open,click").split(",") if x}
    todo = [p for p in pages() if (ROOT / p).exists() and not (only and not any(x in p for x in only))]

    def ticks_of_chromium() -> tuple[int, int]:
        """CPU ticks of all of Chromium's processes and of its renderers alone."""
        kinds = _chromium_pids()
        return _cpu_ticks(list(kinds)), _cpu_ticks([p for p, k in kinds.items() if k == "renderer"])

    def last_change(tab) -> float:
        """perf_counter time of the page's last DOM change (LAST_CHANGE_JS), from the page's own clock: the page's
        performance.now() is read between two perf_counter readings and the midpoint taken (off by at most half a
        round trip, a few ms)."""
        a = time.perf_counter()
        now, last = tab.page.evaluate("() => [performance.now(), window.__benchLastChange || 0]")
        b = time.perf_counter()
        return (a + b) / 2 - (now - last) / 1000

    @contextlib.contextmanager
    def fresh_tab(browser):
        """One tab in a fresh browser context (own cookies and session, empty HTTP cache: a first visit), noting
        the page's last DOM change (LAST_CHANGE_JS); the context is closed afterwards."""
        ctx = browser.new_context(viewport=e2e.VIEWPORTS["wide"], locale="nl-NL", timezone_id="Europe/Amsterdam")
        ctx.set_default_timeout(e2e.SCRIPT_TIMEOUT_S * 1000)
        try:
            tab = Tab(ctx.new_page(), "wide")
            tab.page.add_init_script(LAST_CHANGE_JS)
            yield tab
        finally:
            ctx.close()

    def measure(browser, srv, path: str, then=None) -> dict:
        """One open in a fresh context; `then(tab)` may time more in the same tab (its result lands in 'then').

        `settled` is the moment of the page's last DOM change before Tab.settle returned, not the moment the wait
        returned: settle's conditions are all read from the DOM, so they held from that change on, and what came
        after it was the wait itself (Playwright's polls through a busy renderer, the two frames it lets pass: 0.03-
        0.2 s per open). `settle_wait` keeps the moment the wait returned."""
        with fresh_tab(browser) as tab:
            s0, b0, r0, load0 = _cpu_ticks([srv.proc.pid]), *ticks_of_chromium(), os.getloadavg()[0]
            t0 = time.perf_counter()
            tab.page.goto(srv.url(e2e.url_path(path)))
            loaded = time.perf_counter() - t0
            deadline = t0 + e2e.SCRIPT_TIMEOUT_S
            while not tab.watch.finished_at:  # each short wait lets Playwright deliver the websocket frames
                if time.perf_counter() > deadline:
                    raise TimeoutError(f"{path}: the script run did not finish within {e2e.SCRIPT_TIMEOUT_S} s")
                tab.page.wait_for_timeout(10)
            tab.settle()
            waited = time.perf_counter() - t0
            server_cpu = (_cpu_ticks([srv.proc.pid]) - s0) / tick
            b1, r1 = ticks_of_chromium()
            browser_cpu, renderer_cpu = (b1 - b0) / tick, (r1 - r0) / tick
            settled = min(waited, max(last_change(tab) - t0, tab.watch.finished_at[0] - t0))
            out = {"settled": settled, "settle_wait": waited, "loaded": loaded, "script": tab.watch.finished_at[0] - t0,
                   "server_cpu": server_cpu, "browser_cpu": browser_cpu, "renderer_cpu": renderer_cpu,
                   "cpu": server_cpu + browser_cpu,
                   "charts": len(tab.charts()), "load1": load0, "errors": tab.problems()}
            if then is not None:
                out["then"] = then(tab)
            return out

    def months(tab) -> dict:
        """Another month in the sidebar's Periode (each not seen before on this server), until settled."""
        box = tab.page.get_by_role("combobox", name="Periode")
        times, shown = [], []
        for i in range(1, 4):
            box.click()
            options = tab.page.get_by_role("option")
            if options.count() <= i:
                tab.page.keyboard.press("Escape")
                break
            before = tab.watch.runs_finished
            t0 = time.perf_counter()
            options.nth(i).click()
            tab.wait_until(lambda b=before: tab.watch.runs_finished > b, "the month's run did not finish")
            tab.settle()
            times.append(min(time.perf_counter(), max(last_change(tab), tab.watch.finished_at[-1])) - t0)
            shown.append(box.input_value())
        return {"seconds": statistics.median(times) if times else None, "all": times, "months": shown}

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    def click(tab, srv, link) -> dict:
        """One click on a menu link in a tab that has the app open, timed from the click until the run it starts
        has settled: Tab.rerun_after's wait (the next full script_finished; polled every 10 ms here, as in
        `measure`), then Tab.settle. Beside it: `asked` (the browser sent its rerun_script), `script` (the run's
        script_finished came in), `run` (new_session .. script_finished: the server's script run as the browser
        sees it), `after_script` (settle after script_finished: Chromium drawing what is left), the CPU seconds of
        server and Chromium over the click, `server_queued` / `browser_queued` (their threads' seconds runnable but
        waiting for a core, summed over threads) and `reloaded` (a new websocket: the front end was loaded again)."""
        w = tab.watch
        n_asked, n_started, sockets, before = len(w.asked_at), len(w.started_at), w.sockets, w.runs_finished
        s0, b0, r0, load0 = _cpu_ticks([srv.proc.pid]), *ticks_of_chromium(), os.getloadavg()[0]
        q0 = _runqueue_s([srv.proc.pid]), _runqueue_s(list(_chromium_pids()))
        t0 = time.perf_counter()
        link.click()
        deadline = t0 + e2e.SCRIPT_TIMEOUT_S
        while w.runs_finished <= before:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{tab.page.url}: the click's run did not finish within {e2e.SCRIPT_TIMEOUT_S} s")
            tab.page.wait_for_timeout(10)
        tab.settle()
        waited = time.perf_counter()
        server_cpu = (_cpu_ticks([srv.proc.pid]) - s0) / tick
        b1, r1 = ticks_of_chromium()
        q1 = _runqueue_s([srv.proc.pid]), _runqueue_s(list(_chromium_pids()))
        finished = w.finished_at[-1]
        t1 = min(waited, max(last_change(tab), finished))  # as in `measure`: the last DOM change, not the wait's end
        started = [t for t in w.started_at[n_started:] if t <= finished]
        return {"settled": t1 - t0, "settle_wait": waited - t0,
                "asked": (w.asked_at[n_asked] - t0) if len(w.asked_at) > n_asked else None,
                "script": finished - t0, "run": (finished - started[-1]) if started else None,
                "after_script": t1 - finished, "server_cpu": server_cpu, "browser_cpu": (b1 - b0) / tick,
                "renderer_cpu": (r1 - r0) / tick, "cpu": server_cpu + (b1 - b0) / tick,
                "server_queued": q1[0] - q0[0], "browser_queued": q1[1] - q0[1], "load1": load0,
                "reloaded": w.sockets != sockets, "url": tab.page.url, "charts": len(tab.charts()),
                "errors": tab.problems()}

    def summary(runs: list[dict]) -> dict:
        """The first click on a page (its first script run on this server included) and the median of the later
        rounds, for each figure of `click`."""
        first, rest = runs[0], runs[1:] or runs[:1]

        def med(key: str) -> float | None:
            values = [r[key] for r in rest if r[key] is not None]
            return statistics.median(values) if values else None

        keys = ("asked", "script", "run", "after_script", "server_cpu", "browser_cpu", "renderer_cpu", "cpu",
                "server_queued", "browser_queued", "load1")
        return {"first": first["settled"], "first_cpu": first["cpu"], "median": med("settled"),
                "median_all": [r["settled"] for r in rest], **{k: med(k) for k in keys}, "first_run": first,
                "later_runs": rest, "reloaded": any(r["reloaded"] for r in runs), "charts": first["charts"],
                "errors": sorted({e[:200] for r in runs for e in r["errors"]})}

    label = {p.path: p.label for p in access.PAGES}

    def menu_clicks(browser, srv) -> dict:
        """Moving through the dashboard: one browser context, `/` opened once, then CLICK_ROUNDS rounds in which each
        page of the sidebar's menu is clicked in turn (the menu's order, Overzicht last, so no link is the current
        page's own, which is disabled). The first round is each page's first script run on this server (the data
        already read and cleaned by the open of `/`, the page's own cached results not yet made); Overzicht's first
        click is its second run, as `/` ran it at the open."""
        with fresh_tab(browser) as tab:
            t0 = time.perf_counter()
            tab.open(srv.url("/"))
            opened = time.perf_counter() - t0

            def link(path: str):
                return tab.page.locator(SIDEBAR_LINKS).filter(has_text=label[path]).first

            shown = [p for p in todo if link(p).count()]
            order = [p for p in shown if p != "app.py"] + [p for p in shown if p == "app.py"]
            runs: dict[str, list[dict]] = {p: [] for p in order}
            current = "app.py"
            for _ in range(CLICK_ROUNDS):
                for path in order:
                    if path == current:  # its own link is disabled (BENCH_PAGES left one page): step away, untimed
                        away = next(p for p in ("app.py", *shown) if p != path)
                        click(tab, srv, link(away))
                    runs[path].append(click(tab, srv, link(path)))
                    current = path
            return {"opened": opened, "sockets": tab.watch.sockets,
                    "not_in_menu": [p for p in todo if p not in shown],
                    "pages": {p: summary(r) for p, r in runs.items()}}

    def live_clicks(browser, srv) -> dict:
        """The meeting screen (/?live=1: no sidebar, a row of page links at the top): opened on Overzicht, then
        CLICK_ROUNDS rounds of Meldingen, Overleg, Overzicht clicked in that row. First click: the page's first
        script run on this server, in live mode."""
        with fresh_tab(browser) as tab:
            t0 = time.perf_counter()
            tab.open(srv.url("/?live=1"))
            opened = time.perf_counter() - t0
            hops = [p for p in LIVE_HOPS if tab.page.locator(LIVE_LINKS).filter(has_text=label[p]).count()]
            runs: dict[str, list[dict]] = {p: [] for p in hops}
            for _ in range(CLICK_ROUNDS if len(hops) > 1 else 0):
                for path in hops:
                    runs[path].append(click(tab, srv, tab.page.locator(LIVE_LINKS).filter(has_text=label[path]).first))
            live = all("live=1" in r["url"] for rr in runs.values() for r in rr)
            return {"opened": opened, "sockets": tab.watch.sockets, "stayed_live": live,
                    "fragment_runs": tab.watch.fragment_runs_finished,
                    "pages": {p: summary(r) for p, r in runs.items() if r}}

    out: dict[str, dict] = {}
    clicked: dict = {}
    role = ""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(e2e.CHROMIUM), args=e2e.CHROMIUM_ARGS)
        try:
            if "click" in parts:  # each on a server of its own, so that a first click is that page's first run
                for name, fn in (("menu", menu_clicks), ("live", live_clicks)):
                    srv = e2e.Server(f"{name}-{size}", cwd=cwd, env=env)
                    try:
                        clicked[name] = fn(browser, srv)
                    finally:
                        srv.stop()
            opens = todo if "open" in parts else []  # the fresh-context opens
            if opens:
                srv = e2e.Server(f"warm-{size}", cwd=cwd, env=env)
                try:
                    # The data read and cleaned once (and the browser's own first-start costs paid), not timed.
                    primed = measure(browser, srv, "app.py", then=lambda t: t.page.locator(
                        '[data-testid="stSidebar"]').inner_text())
                    role = next((x for x in primed["then"].splitlines() if x.startswith("Rol:")), "")
                    for path in opens:
                        runs = [measure(browser, srv, path) for _ in range(repeat + 1)]
                        first, rest = runs[0], runs[1:]
                        out[path] = {"first": first["settled"], "warm": median(rest, "settled"),
                                     "warm_all": [r["settled"] for r in rest], "warm_cpu": median(rest, "cpu"),
                                     **{k: median(rest, k) for k in ("loaded", "script", "settle_wait", "server_cpu",
                                                                       "browser_cpu", "renderer_cpu")},
                                     "charts": first["charts"], "first_run": first,
                                     "errors": sorted({e[:200] for r in runs for e in r["errors"]})}
                    if "pages/3_meldingen.py" in out:
                        done = measure(browser, srv, "pages/3_meldingen.py", then=months)
                        out["pages/3_meldingen.py"]["month"] = done["then"]["seconds"]
                        out["pages/3_meldingen.py"]["month_run"] = done["then"]
                finally:
                    srv.stop()
                for path in opens:  # the very first request to a server nobody has opened yet
                    srv = e2e.Server(f"cold-{size}-{Path(path).stem}", cwd=cwd, env=env)
                    try:
                        cold = measure(browser, srv, path)
                    finally:
                        srv.stop()
                    out[path].update(cold=cold["settled"], cold_run=cold)
                    out[path]["errors"] = sorted({*out[path]["errors"], *(e[:200] for e in cold["errors"])})
        finally:
            browser.close()
            shutil.rmtree(home, ignore_errors=True)
    return {"pages": out, "clicks": clicked.get("menu"), "live": clicked.get("live"), "role": role,
            "chromium": str(e2e.CHROMIUM), "viewport": e2e.VIEWPORTS["wide"], "peak_mb": peak_mb()}


STEPS = {"pipeline": step_pipeline, "naive": step_naive, "floor": step_floor, "pages": step_pages,
         "report": step_report, "browser": step_browser}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=sorted(STEPS))
    ap.add_argument("size", choices=sorted(bench_data.SIZES))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    load0 = os.getloadavg()
    result = STEPS[args.step](args.size, args.repeat, args.profile)
    result["load"] = [load0, os.getloadavg()]
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
