"""The one place with st.cache_data / st.cache_resource: read the sheet once per TTL for all viewers; and the one
place that makes the app's sources (reads: `_source`, writes: `writer`), so the test seam (HTTP_CLIENT) is here only.

When a read fails with a passing fault, the last good data stays in use and the caller gets a Dutch banner with
its time; a permanent fault (no access, wrong key, missing tab) is raised as a SourceError with a Dutch sentence.

What a read costs (Google Sheet): one `values:batchGet` per cache TTL for all sessions and pages together. The
gspread client (and so its OAuth token) is made once per process per spreadsheet and service account
(st.cache_resource), not per cache miss. After a passing fault outlasted the retries, the sheet is not asked again
until one TTL later: every view in between gets the last good data (or the error) at once, without waiting for
retries, and the quota is spared.

Settings:
- the TTL: `cache_ttl_seconds` in data/settings.toml; the environment variable FLATCOACH_CACHE_TTL overrides it
  (the TTL is measured with `CLOCK`, which tests replace by a clock they move by hand);
- retries and time-outs, optional, under `[sheet]` in secrets: `tries` (per request, default 3),
  `timeout_seconds` (per request, 10), `deadline_seconds` (per read, retries included, 10), `backoff_seconds`
  (first pause, doubled per retry, 0.5) and `max_wait_seconds` (longest pause, also for a 429's Retry-After, 5).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import streamlit as st

from lib import access, fmt, settings
from lib.clean import Clean
from lib.errors import SheetUnavailableError
from lib.sources import SourceSpec, open_source
from lib.sources.keyfile import service_account_info

TZ = ZoneInfo("Europe/Amsterdam")
TTL_ENV = "FLATCOACH_CACHE_TTL"
_TTL = settings.load().cache_ttl  # the default; see ttl_seconds()
# The clock the TTL is measured with (seconds; only differences count). Tests set a clock they move by hand, so
# "a TTL later" does not depend on how fast the machine runs the pages.
CLOCK: Callable[[], float] = time.monotonic

# The test seam: tests point the real gspread client at a fake Sheets API by setting an HTTPClient class here.
# Production leaves it None, so gspread's own client talks to Google. A dashboard started by the browser tests in a
# process of its own gets the fake's loopback address in FLATCOACH_SHEETS_API instead.
SHEETS_API_ENV = "FLATCOACH_SHEETS_API"
HTTP_CLIENT: Any = None
if os.environ.get(SHEETS_API_ENV):
    from lib.sources.gsheet import http_client_for

    HTTP_CLIENT = http_client_for(os.environ[SHEETS_API_ENV])

# `[sheet]` in secrets -> GSheetSource argument, type, and the smallest value accepted
_SHEET_OPTIONS: dict[str, tuple[str, type, float]] = {
    "tries": ("tries", int, 1),
    "timeout_seconds": ("timeout", float, 0.05),
    "deadline_seconds": ("deadline", float, 0.05),
    "backoff_seconds": ("backoff", float, 0.0),
    "max_wait_seconds": ("max_wait", float, 0.0),
}


@dataclass
class Loaded:
    data: Clean
    banner: str = ""  # Dutch: set when the sheet failed and older data is shown


def ttl_seconds() -> float:
    """How long a read is used for every viewer: FLATCOACH_CACHE_TTL if set (and a positive number), else settings."""
    text = os.environ.get(TTL_ENV, "").strip()
    if text:
        try:
            value = float(text)
        except ValueError:
            value = 0.0
        if value > 0:
            return value
    return float(_TTL)


# --- process-wide state ---------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False)
def _last_good() -> dict[SourceSpec, Clean]:
    return {}


@st.cache_resource(show_spinner=False)
def _failures() -> dict[SourceSpec, tuple[float, SheetUnavailableError]]:
    """When the last read of a spec failed with a passing fault (CLOCK), and the error."""
    return {}


@st.cache_resource(show_spinner=False)
def _reads() -> dict[SourceSpec, tuple[float, int]]:
    """When the cached read of a spec was made (CLOCK), and its generation: the cache key of that read."""
    return {}


@st.cache_resource(show_spinner=False)
def _lock() -> threading.Lock:
    return threading.Lock()


# --- the Google client, once per process ------------------------------------------------------------------------
def _sheet_options(secrets: Mapping[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    """GSheetSource's retry and time-out arguments from `[sheet]` in secrets; a bad value keeps the default."""
    sheet = (secrets or {}).get("sheet") or {}
    out: list[tuple[str, Any]] = []
    if isinstance(sheet, Mapping):
        for name, (arg, kind, least) in _SHEET_OPTIONS.items():
            if name not in sheet:
                continue
            try:
                value = kind(sheet[name])
            except (TypeError, ValueError):
                continue
            if value >= least:
                out.append((arg, value))
    return tuple(sorted(out))


def _fingerprint(info: Any) -> str:
    """A hash of the service-account settings: a new key in secrets makes a new client. Never the key itself."""
    if not isinstance(info, Mapping):
        return repr(type(info))
    text = json.dumps({str(k): str(v) for k, v in info.items()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _gsheet_source(key: str, account: str, options: tuple[tuple[str, Any], ...], client_class: str,
                   _info: Any, _http_client: Any) -> Any:
    """The source for one spreadsheet, with its gspread client: the token is fetched once and reused until it
    expires (google-auth refreshes it), instead of once per cache miss. A failure (bad key) is not kept."""
    from lib.sources.gsheet import GSheetSource, make_client

    return GSheetSource(make_client(_info, http_client=_http_client), key, **dict(options))


def _source(spec: SourceSpec, secrets: Mapping[str, Any] | None) -> Any:
    if spec.kind != "gsheet":
        return open_source(spec, secrets)
    info = service_account_info(secrets)  # the pasted JSON key file or the [gcp_service_account] fields
    client = HTTP_CLIENT
    client_name = "" if client is None else \
        f"{getattr(client, '__module__', '')}.{getattr(client, '__qualname__', '')}#{id(client)}"
    return _gsheet_source(spec.target, _fingerprint(info), _sheet_options(secrets), client_name, info, client)


def writer(spec: SourceSpec, secrets: Mapping[str, Any] | None, demo_copy: bool = False) -> Any:
    """The source a page writes to (the action editor, the meeting, the intake form, Delen), through the same test
    seam as the reads (HTTP_CLIENT): the one place in the app where a client for writing is made. A fresh source per
    write, as before. `demo_copy`: the demo writes to its working copy (lib.intake.writable_source) instead."""
    if demo_copy:
        from lib import intake

        return intake.writable_source(spec, secrets, http_client=HTTP_CLIENT)
    return open_source(spec, secrets, http_client=HTTP_CLIENT)


# --- the cached read --------------------------------------------------------------------------------------------
def _read_now(spec: SourceSpec, _secrets: Mapping[str, Any] | None) -> Clean:
    from lib.pipeline import read_clean

    return read_clean(_source(spec, _secrets), settings.load())


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_read(spec: SourceSpec, generation: int, _secrets: Mapping[str, Any] | None) -> Clean:
    """`_read_now`, kept by Streamlit per (spec, generation): every session gets its own copy. The TTL is not
    Streamlit's (that one runs on the wall clock): `_fresh_read` starts a new generation when CLOCK says so."""
    return _read_now(spec, _secrets)


@st.cache_resource(show_spinner=False)
def _handed_out() -> dict[tuple[SourceSpec, int], Clean]:
    """The Clean object of each (spec, generation) that reruns get: st.cache_data unpickles a fresh copy on every
    call, which at 10k rounds was most of a page's rerun. Pages and metrics only read it (see for_role)."""
    return {}


def _one_object(spec: SourceSpec, generation: int, secrets: Mapping[str, Any] | None) -> Clean:
    """_cached_read's value for this generation, the same object every time (called under _lock())."""
    kept = _handed_out()
    found = kept.get((spec, generation))
    if found is None:
        found = kept[(spec, generation)] = _cached_read(spec, generation, secrets)
        for old in [k for k in kept if k[0] == spec and k[1] != generation]:
            del kept[old]  # an older generation of this spec is not handed out again
    return found


def _fresh_read(spec: SourceSpec, secrets: Mapping[str, Any] | None, ttl: float) -> Clean:
    """The cached read while it is younger than the TTL, else a new read (called under _lock())."""
    now = CLOCK()
    made = _reads().get(spec)
    if made is not None and now - made[0] < ttl:
        return _one_object(spec, made[1], secrets)
    generation = 0 if made is None else made[1] + 1
    data = _one_object(spec, generation, secrets)
    _reads()[spec] = (now, generation)
    return data


def _when(t: datetime | None) -> str:
    """'19:02' for a read today, '1 dec 2021 19:02' for an older one."""
    if t is None:
        return "eerder"
    local = t.astimezone(TZ) if t.tzinfo is not None else t
    if local.date() == dt.datetime.now(TZ).date():
        return local.strftime("%H:%M")
    return fmt.moment(t)


def _banner(last: Clean, exc: SheetUnavailableError) -> str:
    """'Google Sheet niet bereikbaar, gegevens van 19:02 (storing bij Google, code 503, 3 pogingen). …'"""
    prefix = "Google Sheet niet bereikbaar"
    rest = exc.message[len(prefix):] if exc.message.startswith(prefix) else ". " + exc.message
    return f"{prefix}, gegevens van {_when(last.read_at)}{rest}"


def load(spec: SourceSpec, secrets: Mapping[str, Any] | None) -> Loaded:
    """Clean data for the spec, from the cache when fresh. Raises SourceError for permanent faults, and
    SheetUnavailableError for a passing fault when there is no earlier data to show."""
    ttl = ttl_seconds()
    # One lock: viewers who arrive together while the cache is cold wait for one read instead of each reading.
    with _lock():
        last = _last_good().get(spec)
        failed = _failures().get(spec)
        if failed is not None and CLOCK() - failed[0] < ttl:
            # The sheet failed less than a TTL ago: do not make this viewer wait for another round of retries.
            if last is None:
                raise failed[1]
            return Loaded(last, _banner(last, failed[1]))
        try:
            data = _fresh_read(spec, secrets, ttl)
        except SheetUnavailableError as exc:
            _failures()[spec] = (CLOCK(), exc)
            if last is None:
                raise
            return Loaded(last, _banner(last, exc))
        _failures().pop(spec, None)
        _last_good()[spec] = data
    return Loaded(data)


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=16)
def _role_view(spec: SourceSpec, read_at: datetime | None, role: str, _data: Clean) -> Clean:
    from lib import privacy
    from lib.access import Role

    return privacy.for_role(_data, Role(role))


@st.cache_resource(show_spinner=False)
def _shared() -> dict[tuple, Clean]:
    """One Clean object per read and role, the same for every rerun and viewer (at most _SHARED_MAX reads)."""
    return {}


_SHARED_MAX = 16
_SHARED_LOCK = threading.Lock()


def for_role(spec: SourceSpec, data: Clean, role: Any) -> Clean:
    """The role's view of the data (lib.privacy.for_role), made once per read and role, shared by all viewers.

    Every rerun gets the same object for the same read and role (st.cache_data hands out a fresh copy each time):
    lib.metrics keeps its results per Clean object, so a rerun with the same data and filter computes nothing
    again. Pages and metrics only read the frames (copy-on-write pandas: a new column lands in a copy)."""
    name = str(getattr(role, "value", role))
    key = (spec, data.source, data.read_at, data.shape, name, json.dumps(data.counts, sort_keys=True))
    with _SHARED_LOCK:
        found = _shared().get(key)
    if found is not None:
        return found
    made = data if access.may(name, access.SEE_ALL) else _role_view(spec, data.read_at, name, data)
    with _SHARED_LOCK:
        shared = _shared()
        found = shared.setdefault(key, made)
        while len(shared) > _SHARED_MAX:
            shared.pop(next(iter(shared)))
    return found


def clear() -> None:
    """Forget cached reads (after a write, so the writer sees the new row at once). The last good data and the
    Google client are kept."""
    with _lock():
        _reads().clear()
        _cached_read.clear()
        _handed_out().clear()
        _failures().clear()


# --- the setup check ----------------------------------------------------------------------------------------------
# Briefly cached: the check runs when Controle (or the door of a dashboard that is not set up yet) is opened, and a
# burst of views, or anyone reloading the door, costs Google at most one check per this many seconds.
SETUP_CHECK_TTL = 20.0


@st.cache_data(ttl=SETUP_CHECK_TTL, show_spinner=False, max_entries=4)
def _setup_steps(secrets_hash: str, client_name: str, _secrets: Mapping[str, Any], _client: Any) -> list:
    from lib import setup_check

    return setup_check.run(_secrets, http_client=_client, options=dict(_sheet_options(_secrets)))


def setup_steps(secrets: Mapping[str, Any] | None, fresh: bool = False) -> list:
    """The setup check's steps (lib/setup_check.py) for these secrets, cached for SETUP_CHECK_TTL seconds; `fresh`
    (the coordinator's "Opnieuw controleren") checks again now. The cache key is a hash: no secret is kept in it."""
    secrets = dict(secrets or {})
    digest = hashlib.sha256(json.dumps(secrets, sort_keys=True, default=str).encode()).hexdigest()
    client = HTTP_CLIENT
    client_name = "" if client is None else f"{getattr(client, '__qualname__', '')}#{id(client)}"
    if fresh:
        _setup_steps.clear()
    return _setup_steps(digest, client_name, secrets, client)



# --- chart specs and downloads -------------------------------------------------------------------------------------
# A chart is built (Altair: encodings inferred, objects copied) once per content of its inputs, i.e. once per data
# version and filter, and kept as a plain Vega-Lite dict with its data as Arrow bytes: a rerun that draws the same
# chart only looks it up. The key is a hash of the builder's name and the pickled arguments (a new read or another
# filter gives other frames, so another key); pickling a page's small frames is ~20x cheaper than Streamlit's own
# hashing of them. Arguments that cannot be pickled: built every time.
def _digest(make: Callable[..., Any], args: tuple, kwargs: dict) -> str | None:
    import pickle

    try:
        blob = pickle.dumps((make.__module__, make.__qualname__, args, kwargs), protocol=5)
    except Exception:  # an argument that cannot be pickled: no key, no cache
        return None
    return hashlib.blake2b(blob, digest_size=20).hexdigest()


def _spec_of(chart: Any) -> dict:
    from streamlit import dataframe_util

    from lib.charts.common import to_spec

    spec, frames = to_spec(chart)
    spec["datasets"] = {**spec.get("datasets", {}),
                        **{n: dataframe_util.convert_anything_to_arrow_bytes(df) for n, df in frames.items()}}
    return spec


@st.cache_data(show_spinner=False, max_entries=1024)
def _chart_spec(digest: str, _build: Callable[..., Any], _args: tuple, _kwargs: dict) -> dict:
    return _spec_of(_build(*_args, **_kwargs))


def chart_spec(build: Callable[..., Any], *args: Any, **kwargs: Any) -> dict:
    """`build(*args, **kwargs)` (a lib.charts function returning an Altair chart) as a Vega-Lite dict with its data
    as Arrow bytes, ready for st.vega_lite_chart; cached per content of the arguments."""
    digest = _digest(build, args, kwargs)
    if digest is None:
        return _spec_of(build(*args, **kwargs))
    return _chart_spec(digest, build, args, kwargs)


# A table's download is made when its button is clicked (lib.ui.widgets.table: st.download_button with a callable),
# in a Streamlit worker thread outside any session; Streamlit calls the callable again at every click. The bytes are
# kept here, by content, in a small LRU of our own behind a lock (no Streamlit runtime needed in that thread): a
# second click on the same table, or the same table downloaded in another session, costs no second workbook.
_FILES: OrderedDict[str, bytes] = OrderedDict()
_FILES_LOCK = threading.Lock()
_FILES_KEPT = 32


def file_bytes(make: Callable[..., bytes], *args: Any, **kwargs: Any) -> bytes:
    """`make(*args, **kwargs)` (a download's bytes, e.g. lib.export.to_xlsx of a table), made once per content of
    the table and kept (the last 32): another click on the same download does not write the same workbook again."""
    digest = _digest(make, args, kwargs)
    if digest is None:
        return make(*args, **kwargs)
    with _FILES_LOCK:
        if digest in _FILES:
            _FILES.move_to_end(digest)
            return _FILES[digest]
    made = make(*args, **kwargs)  # outside the lock: two different tables can be written at the same time
    with _FILES_LOCK:
        _FILES[digest] = made
        while len(_FILES) > _FILES_KEPT:
            _FILES.popitem(last=False)
    return made


# --- results per read ---------------------------------------------------------------------------------------------
_PER_DATA: dict[int, tuple[Any, dict]] = {}
_PER_DATA_LOCK = threading.Lock()


def per_data(make: Callable[..., Any], data: Clean, *args: Any, **kwargs: Any) -> Any:
    """make(data, *args, **kwargs), made once per Clean object (one per read and role, see for_role) and content of
    the other arguments, and kept while that object lives: e.g. the report's content on the Maandrapportage page,
    which a rerun with the same data, month and note draws again. The result is shared: read it, don't change it."""
    import weakref

    key = _digest(make, args, kwargs)
    if key is None:
        return make(data, *args, **kwargs)
    with _PER_DATA_LOCK:
        entry = _PER_DATA.get(id(data))
        if entry is None or entry[0]() is not data:
            ident = id(data)
            entry = _PER_DATA[ident] = (weakref.ref(data, lambda _r, i=ident: _PER_DATA.pop(i, None)), {})
        if key in entry[1]:
            return entry[1][key]
    value = make(data, *args, **kwargs)
    with _PER_DATA_LOCK:
        if len(entry[1]) >= 32:
            entry[1].clear()
        entry[1][key] = value
    return value
