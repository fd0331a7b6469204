"""A fake Google Sheets API v4 on 127.0.0.1, for tests that drive the real gspread client.

    with fake_sheet(demo_tabs()) as fs:
        client = make_client(fs.service_account_info(), http_client=fs.http_client_class())
        source = GSheetSource(client, fs.key)
        fs.faults.push("503")              # the next request answers 503
        source.read()
        assert fs.counts["values.batchGet"] == 2

What it speaks (the JSON of the real API, as far as the dashboard uses it):
- POST /token: the OAuth token endpoint of the service-account JWT flow. The JWT is checked (signed by the test
  key, issuer = the test account) and a bearer token is handed out; every API call must carry one (else 401).
- GET  /v4/spreadsheets/{id}                        spreadsheets.get (metadata; `fields` is ignored)
- GET  /v4/spreadsheets/{id}/values:batchGet        values.batchGet (400 "Unable to parse range" on an unknown tab)
- GET  /v4/spreadsheets/{id}/values/{range}         values.get
- POST /v4/spreadsheets/{id}/values/{range}:append  values.append (after the last non-empty row)
- PUT  /v4/spreadsheets/{id}/values/{range}         values.update
- POST /v4/spreadsheets/{id}/values:batchUpdate     values.batchUpdate (all or nothing)

Rendering: UNFORMATTED_VALUE gives numbers as numbers and stored datetimes/dates/times as serial numbers (days since
1899-12-30 plus the fraction of the day; dateTimeRenderOption SERIAL_NUMBER, the API default);
FORMATTED_STRING gives them as Dutch-locale strings. FORMATTED_VALUE (the API default) gives Dutch-locale strings
for everything. Trailing empty cells and rows are dropped, as the real API does.

Writes with USER_ENTERED are parsed the way a Dutch-locale sheet (nl_NL) parses what a person types, so a test
sees what Google would store: a leading apostrophe forces text (and is dropped); "=..." is stored as a Formula
(never evaluated); numbers with a decimal comma and/or thousands dots become numbers ("2,5" -> 2.5, "1.234" -> 1234,
"0012" -> 12, "-5" -> -5, "1e3" -> 1000, "12%" -> 0.12); Dutch dates and times become dates/times ("4-5-2026",
"4-5-26", "12-3" in the current year, "1-12-2021 19:03:22", "19:00"), ISO ones too ("2026-05-04 10:59:37");
WAAR/ONWAAR become booleans. Anything else stays a string. With RAW nothing is parsed.

It counts requests per kind (`counts`, thread-safe) and injects faults from a queue (`faults`): 429 with Retry-After,
500/502/503/504, a slow answer (sleep past the client's time-out), a dropped connection (socket closed without an
answer), 403, 404, 400; a fault can be tied to one kind of request and can let the request land first.
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from gspread.http_client import HTTPClient

SHEETS_BASE = "https://sheets.googleapis.com"
DEFAULT_KEY = "1FakeSheetKeyForTests_abcdefghijklmn_"
SERIAL_EPOCH = datetime(1899, 12, 30)
KINDS = ("token", "spreadsheets.get", "values.batchGet", "values.get", "values.append", "values.update",
         "values.batchUpdate")


class Formula(str):
    """A cell written as a formula with USER_ENTERED ("=..."). The fake never evaluates it."""


# --- the test service account -------------------------------------------------------------------------------
_KEY_LOCK = threading.Lock()
_KEY: rsa.RSAPrivateKey | None = None


def _private_key() -> rsa.RSAPrivateKey:
    """One RSA key per test session (making one takes ~0.1 s)."""
    global _KEY
    with _KEY_LOCK:
        if _KEY is None:
            _KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _KEY


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


# --- counters and faults ------------------------------------------------------------------------------------
class Counts:
    """Requests received per kind (faulted ones included). `counts["values.batchGet"]`, `counts.api`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._c: Counter[str] = Counter()

    def add(self, kind: str) -> None:
        with self._lock:
            self._c[kind] += 1

    def __getitem__(self, kind: str) -> int:
        with self._lock:
            return self._c[kind]

    @property
    def api(self) -> int:
        """All Sheets API requests (the token endpoint not included)."""
        with self._lock:
            return sum(n for k, n in self._c.items() if k != "token")

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._c)

    def reset(self) -> None:
        with self._lock:
            self._c.clear()

    def __repr__(self) -> str:
        return f"Counts({self.snapshot()})"


@dataclass
class Fault:
    """One injected fault.

    kind: "429", "500", "502", "503", "504", "403", "404", "400", "slow", "drop".
    on: the request kind it applies to (see KINDS), or None for any API request (never the token endpoint).
    retry_after: the Retry-After header of a 429. seconds: how long "slow" sleeps.
    landed: "slow"/"drop" only: the request is carried out before the answer is delayed or lost (a write that
    landed although the client saw a time-out). Default: slow lands (the server was just slow), drop does not.
    message/status/reason: override the error JSON (e.g. a 403 SERVICE_DISABLED).
    """

    kind: str
    on: str | None = None
    retry_after: float | None = None
    seconds: float = 2.0
    landed: bool | None = None
    message: str | None = None
    status: str | None = None
    reason: str | None = None


class Faults:
    """A queue of faults; each API request takes the first fault that matches its kind."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[Fault] = []
        self.fired: list[tuple[str, str]] = []  # (fault kind, request kind), in order

    def push(self, kind: str, *, times: int = 1, **options: Any) -> None:
        if kind not in ("429", "500", "502", "503", "504", "403", "404", "400", "slow", "drop"):
            raise ValueError(f"unknown fault {kind!r}")
        on = options.get("on")
        if on is not None and on not in KINDS:
            raise ValueError(f"unknown request kind {on!r}")
        with self._lock:
            self._queue.extend(Fault(kind, **options) for _ in range(times))

    def take(self, request_kind: str) -> Fault | None:
        with self._lock:
            for i, f in enumerate(self._queue):
                if f.on == request_kind or (f.on is None and request_kind != "token"):
                    del self._queue[i]
                    self.fired.append((f.kind, request_kind))
                    return f
        return None

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._queue)


_ERRORS = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    401: ("UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login "
                             "cookie or other valid authentication credential."),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: ("RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute "
                                "per user' of service 'sheets.googleapis.com' for consumer 'project_number:000'."),
    500: ("INTERNAL", "Internal error encountered."),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
    504: ("DEADLINE_EXCEEDED", "The request timed out. Please try again."),
}


class _ApiError(Exception):
    def __init__(self, code: int, message: str | None = None, status: str | None = None, reason: str | None = None):
        super().__init__(code)
        self.code, self.message, self.status, self.reason = code, message, status, reason

    def body(self) -> dict[str, Any]:
        status, message = _ERRORS.get(self.code, ("UNKNOWN", "Unknown error."))
        error: dict[str, Any] = {"code": self.code, "message": self.message or message, "status": self.status or status}
        if self.reason:
            error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": self.reason,
                                 "domain": "googleapis.com"}]
        if self.reason == "SERVICE_DISABLED":  # Google's body names the project and where to switch the API on
            found = re.search(r"project (\d+)", error["message"])
            project = found.group(1) if found else "0"
            url = f"https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={project}"
            error["details"][0]["metadata"] = {"service": "sheets.googleapis.com", "consumer": f"projects/{project}",
                                               "serviceTitle": "Google Sheets API", "containerInfo": project,
                                               "activationUrl": url}
            error["details"].append({"@type": "type.googleapis.com/google.rpc.Help",
                                     "links": [{"description": "Google developers console API activation",
                                                "url": url}]})
        return {"error": error}


def service_disabled(project: str = "123456789012") -> dict[str, str]:
    """Options for `faults.push("403", **service_disabled())`: Google's answer when the Sheets API is switched off
    in the service account's project (the message as Google words it; the console link is in it)."""
    return {"message": f"Google Sheets API has not been used in project {project} before or it is disabled. Enable it "
                       f"by visiting https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?"
                       f"project={project} then retry. If you enabled this API recently, wait a few minutes for the "
                       "action to propagate to our systems and retry.",
            "reason": "SERVICE_DISABLED"}


# --- ranges and values --------------------------------------------------------------------------------------
_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


def col_index(letters: str) -> int:
    """'A' -> 0, 'Z' -> 25, 'AA' -> 26."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def col_letters(index: int) -> str:
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def quote_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


@dataclass
class Range:
    """A parsed A1 range: 0-based, inclusive; None = open (to the end)."""

    sheet: str
    r1: int = 0
    c1: int = 0
    r2: int | None = None
    c2: int | None = None


def parse_range(text: str, titles: list[str]) -> Range:
    """Parse "'Sheet'!A1:B2", "Sheet!K:K", "'Sheet'", "Sheet!1:1". Unknown tab -> 400 like the real API."""
    bad = _ApiError(400, f"Unable to parse range: {text}")
    if text.startswith("'"):
        i, name = 1, ""
        while i < len(text):
            if text[i] == "'":
                if text[i + 1:i + 2] == "'":
                    name, i = name + "'", i + 2
                    continue
                break
            name, i = name + text[i], i + 1
        else:
            raise bad
        rest = text[i + 1:]
        if rest and not rest.startswith("!"):
            raise bad
        a1 = rest[1:]
    elif "!" in text:
        name, a1 = text.split("!", 1)
    else:
        name, a1 = text, ""
    if name not in titles:  # exact title; the production code maps contract names to titles itself
        raise bad
    rng = Range(name)
    if not a1:
        return rng
    parts = a1.split(":")
    if len(parts) > 2:
        raise bad
    cells = []
    for p in parts:
        m = _CELL.match(p)
        if not m or not (m.group(1) or m.group(2)):
            raise bad
        cells.append((col_index(m.group(1)) if m.group(1) else None, int(m.group(2)) - 1 if m.group(2) else None))
    (c1, r1), (c2, r2) = cells[0], cells[-1]
    if len(parts) == 1:  # a single cell
        c2, r2 = c1, r1
    rng.c1, rng.r1 = c1 or 0, r1 or 0
    rng.c2 = c2 if (c2 is not None) else None
    rng.r2 = r2 if (r2 is not None) else None
    if len(parts) == 2 and cells[1][1] is None and cells[0][1] is not None:
        rng.r2 = None  # "A2:B" = to the last row
    return rng


def serial(value: datetime | date | dtime) -> float | int:
    if isinstance(value, datetime):
        return (value.replace(tzinfo=None) - SERIAL_EPOCH) / timedelta(days=1)
    if isinstance(value, date):
        return (value - SERIAL_EPOCH.date()).days
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


def dutch(value: Any) -> str:
    """The Dutch-locale formatted string (what FORMATTED_VALUE and a CSV download show)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, datetime):
        return f"{value.day}-{value.month}-{value.year} {value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, date):
        return f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, dtime):
        return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    return str(value)


def render(value: Any, value_option: str, datetime_option: str) -> Any:
    if value is None or value == "":
        return ""
    if value_option == "FORMATTED_VALUE":
        return dutch(value)
    if isinstance(value, (datetime, date, dtime)):
        return serial(value) if datetime_option == "SERIAL_NUMBER" else dutch(value)
    if isinstance(value, Formula) and value_option == "FORMULA":
        return str(value)
    if isinstance(value, (bool, int, float)):
        return value
    return str(value)


_ISO_DT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
_ISO_D = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_T = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
# nl_NL: day-month[-year] with '-' or '/', an optional time of day after a space
_NL_DATE = re.compile(r"^(\d{1,2})[-/](\d{1,2})(?:[-/](\d{2}|\d{4}))?(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
# nl_NL numbers: decimal comma, optional thousands dots, optional exponent or percent sign
_NL_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?:[eE]([+-]?\d+))?(%?)$")


def _dutch_number(text: str) -> int | float | None:
    m = _NL_NUMBER.match(text)
    if not m:
        return None
    sign, whole, frac, exp, pct = m.groups()
    number = float(f"{sign}{whole.replace('.', '')}.{frac or '0'}e{exp or 0}")
    if pct:
        return number / 100
    return int(number) if number.is_integer() and not frac and not exp else number


def _dutch_moment(text: str, year: int) -> Any:
    m = _NL_DATE.match(text)
    if not m:
        return None
    d, mo, y, h, mi, s = m.groups()
    y = year if y is None else int(y) + (2000 if len(y) == 2 else 0)  # "12-3": this year; "4-5-26": 2026
    day = date(y, int(mo), int(d))
    return day if h is None else datetime.combine(day, dtime(int(h), int(mi), int(s or 0)))


def user_entered(value: Any, year: int | None = None) -> Any:
    """What a Dutch-locale sheet stores for a value sent with USER_ENTERED (see the module docstring).

    `year` is the year a date typed without one gets (the current year, as in Sheets)."""
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    if value.startswith("="):
        return Formula(value)
    text = value.strip()
    if text.upper() in ("WAAR", "ONWAAR"):
        return text.upper() == "WAAR"
    try:
        if m := _ISO_DT.match(text):
            y, mo, d, h, mi, s = (int(g or 0) for g in m.groups())
            return datetime(y, mo, d, h, mi, s)
        if m := _ISO_D.match(text):
            return date(*(int(g) for g in m.groups()))
        if m := _ISO_T.match(text):
            h, mi, s = (int(g or 0) for g in m.groups())
            return dtime(h, mi, s)
        moment = _dutch_moment(text, year or date.today().year)
        if moment is not None:
            return moment
    except ValueError:  # 31-2 is no date: Sheets keeps it as text
        return value
    number = _dutch_number(text)
    return value if number is None else number


def _empty(v: Any) -> bool:
    return v is None or v == ""


# --- the server ---------------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.fake._handle(self, "GET")

    def do_POST(self) -> None:
        self.server.fake._handle(self, "POST")

    def do_PUT(self) -> None:
        self.server.fake._handle(self, "PUT")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 20 threads at once must not overflow the listen backlog
    fake: FakeSheets


class FakeSheets:
    """One in-memory spreadsheet behind a local HTTP server. `tabs` is the live data: {title: rows}."""

    def __init__(self, tabs: dict[str, list[list[Any]]] | None = None, key: str | None = None,
                 title: str = "Flatcoaches K-buurt",
                 client_email: str = "flatcoach-dashboard@flatcoaches-test.iam.gserviceaccount.com"):
        # a fresh key per fake: the source remembers what it learned per spreadsheet key, per process
        self.key = key or f"{DEFAULT_KEY}{secrets.token_hex(4)}"
        self.title = title
        self.client_email = client_email
        self.time_zone, self.locale = "Europe/Amsterdam", "nl_NL"  # File → Settings; a test may change them
        self.lock = threading.RLock()
        self.tabs: dict[str, list[list[Any]]] = {}
        self._sheet_ids: dict[str, int] = {}
        for name, rows in (tabs or {}).items():
            self.add_tab(name, rows)
        self.counts = Counts()
        self.faults = Faults()
        self.requests: list[tuple[str, str]] = []  # (kind, path) of every request, in order
        self._tokens: set[str] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- life cycle ---
    def start(self) -> FakeSheets:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="fakesheets", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeSheets:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- the test seam ---
    def service_account_info(self) -> dict[str, str]:
        """A service-account JSON like Google's, with a test RSA key and token_uri pointing at this fake."""
        pem = _private_key().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()).decode()
        return {
            "type": "service_account",
            "project_id": "flatcoaches-test",
            "private_key_id": "0123456789abcdef0123456789abcdef01234567",
            "private_key": pem,
            "client_email": self.client_email,
            "client_id": "100000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": f"{self.url}/token",
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/test",
            "universe_domain": "googleapis.com",
        }

    def http_client_class(self) -> type[HTTPClient]:
        """gspread's HTTPClient with the Sheets base URL swapped for this fake's; any other host is refused."""
        return make_http_client_class(self.url)

    # --- editing the sheet from a test ---
    def add_tab(self, title: str, rows: list[list[Any]] | None = None) -> None:
        with self.lock:
            self.tabs[title] = [list(r) for r in (rows or [])]
            self._sheet_ids.setdefault(title, 1000 + len(self._sheet_ids))

    def remove_tab(self, title: str) -> None:
        with self.lock:
            del self.tabs[title]

    def rename_tab(self, old: str, new: str) -> None:
        with self.lock:
            self.tabs = {(new if k == old else k): v for k, v in self.tabs.items()}
            self._sheet_ids[new] = self._sheet_ids.pop(old)

    def rename_header(self, tab: str, old: str, new: str) -> None:
        with self.lock:
            header = self.tabs[tab][0]
            header[header.index(old)] = new

    def rows(self, tab: str) -> list[list[Any]]:
        """The stored rows of a tab, trailing empty cells and rows dropped (a copy)."""
        with self.lock:
            return _trim([list(r) for r in self.tabs[tab]])

    # --- request handling ---
    def _handle(self, h: _Handler, method: str) -> None:
        try:
            parts = urlsplit(h.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            length = int(h.headers.get("Content-Length") or 0)
            raw = h.rfile.read(length) if length else b""
            kind, args = self._route(method, parts.path)
        except _ApiError as e:
            self._send(h, e.code, e.body())
            return
        self.counts.add(kind)
        with self.lock:
            self.requests.append((kind, parts.path))
        fault = self.faults.take(kind)
        work = lambda: self._token(raw) if kind == "token" else self._api(h, kind, args, query, raw)  # noqa: E731
        if fault is None:
            status, body, headers = self._run(work)
            self._send(h, status, body, headers)
            return
        if fault.kind == "drop":
            if fault.landed:
                self._run(work)
            self._drop(h)
            return
        if fault.kind == "slow":
            result = self._run(work) if fault.landed is not False else None
            time.sleep(fault.seconds)
            if result is None:
                self._drop(h)
            else:
                self._send(h, *result)
            return
        code = int(fault.kind)
        if code == 502:  # Google's front end answers a 502 with an HTML page, not JSON
            self._send(h, 502, None, {}, html="<!DOCTYPE html><html><title>Error 502 (Server Error)!!1</title>"
                                             "<p><b>502.</b> That's an error.</html>")
            return
        headers = {}
        if code == 429 and fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        self._send(h, code, _ApiError(code, fault.message, fault.status, fault.reason).body(), headers)

    def _run(self, work: Any) -> tuple[int, dict[str, Any], dict[str, str]]:
        try:
            return 200, work(), {}
        except _ApiError as e:
            return e.code, e.body(), {}

    def _route(self, method: str, path: str) -> tuple[str, dict[str, str]]:
        if path == "/token" and method == "POST":
            return "token", {}
        m = re.match(r"^/v4/spreadsheets/([^/:]+)(.*)$", path)
        if not m:
            raise _ApiError(404, f"Unknown path {path}")
        sid, rest = m.group(1), m.group(2)
        if rest == "" and method == "GET":
            return "spreadsheets.get", {"id": sid}
        if rest == "/values:batchGet" and method == "GET":
            return "values.batchGet", {"id": sid}
        if rest == "/values:batchUpdate" and method == "POST":
            return "values.batchUpdate", {"id": sid}
        m2 = re.match(r"^/values/([^/]+)$", rest)
        if m2:
            seg = m2.group(1)
            if method == "POST" and seg.endswith(":append"):
                return "values.append", {"id": sid, "range": unquote(seg[: -len(":append")])}
            if method == "GET":
                return "values.get", {"id": sid, "range": unquote(seg)}
            if method == "PUT":
                return "values.update", {"id": sid, "range": unquote(seg)}
        raise _ApiError(404, f"Unknown method {method} {path}")

    def _token(self, raw: bytes) -> dict[str, Any]:
        form = parse_qs(raw.decode())
        assertion = (form.get("assertion") or [""])[0]
        grant = (form.get("grant_type") or [""])[0]
        if grant != "urn:ietf:params:oauth:grant-type:jwt-bearer" or assertion.count(".") != 2:
            raise _ApiError(400, "invalid_grant")
        head, payload, sig = assertion.split(".")
        claims = json.loads(_b64decode(payload))
        try:
            _private_key().public_key().verify(_b64decode(sig), f"{head}.{payload}".encode(), padding.PKCS1v15(),
                                               hashes.SHA256())
        except Exception:
            raise _ApiError(400, "invalid_grant: Invalid JWT Signature.") from None
        if claims.get("iss") != self.client_email or not str(claims.get("aud", "")).endswith("/token"):
            raise _ApiError(400, "invalid_grant: bad issuer or audience")
        token = "ya29.fake-" + secrets.token_urlsafe(16)
        with self.lock:
            self._tokens.add(token)
        return {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}

    def _api(self, h: _Handler, kind: str, args: dict[str, str], query: dict[str, list[str]],
             raw: bytes) -> dict[str, Any]:
        auth = h.headers.get("Authorization", "")
        with self.lock:
            ok = auth.startswith("Bearer ") and auth[len("Bearer "):] in self._tokens
        if not ok:
            raise _ApiError(401)
        if args["id"] != self.key:
            raise _ApiError(404)
        body = json.loads(raw) if raw else {}
        one = lambda name, default: (query.get(name) or [default])[0]  # noqa: E731
        value_option = one("valueRenderOption", "FORMATTED_VALUE")
        dt_option = one("dateTimeRenderOption", "SERIAL_NUMBER")
        with self.lock:
            if kind == "spreadsheets.get":
                return self._metadata()
            if kind == "values.batchGet":
                ranges = [parse_range(r, list(self.tabs)) for r in query.get("ranges", [])]
                return {"spreadsheetId": self.key,
                        "valueRanges": [self._value_range(r, value_option, dt_option) for r in ranges]}
            if kind == "values.get":
                return self._value_range(parse_range(args["range"], list(self.tabs)), value_option, dt_option)
            if kind == "values.append":
                return self._append(parse_range(args["range"], list(self.tabs)), body, one("valueInputOption", "RAW"))
            if kind == "values.update":
                rng = parse_range(args["range"], list(self.tabs))
                return {"spreadsheetId": self.key, **self._write(rng, body.get("values", []),
                                                                 one("valueInputOption", "RAW"))}
            if kind == "values.batchUpdate":
                option = body.get("valueInputOption", "RAW")
                ranges = [parse_range(d["range"], list(self.tabs)) for d in body.get("data", [])]  # all or nothing
                responses = [self._write(r, d.get("values", []), option) for r, d in zip(ranges, body.get("data", []))]
                return {"spreadsheetId": self.key,
                        "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
                        "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
                        "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                        "totalUpdatedSheets": len({r.sheet for r in ranges}),
                        "responses": [{"spreadsheetId": self.key, **r} for r in responses]}
        raise _ApiError(404)

    def _metadata(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.key,
            "properties": {"title": self.title, "locale": self.locale, "timeZone": self.time_zone},
            "sheets": [{"properties": {"sheetId": self._sheet_ids[t], "title": t, "index": i, "sheetType": "GRID",
                                       "gridProperties": {"rowCount": max(1000, len(rows)),
                                                          "columnCount": max([26] + [len(r) for r in rows])}}}
                       for i, (t, rows) in enumerate(self.tabs.items())],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.key}/edit",
        }

    def _value_range(self, rng: Range, value_option: str, dt_option: str) -> dict[str, Any]:
        rows = self.tabs[rng.sheet]
        r2 = len(rows) - 1 if rng.r2 is None else rng.r2
        out = []
        for r in range(rng.r1, r2 + 1):
            row = rows[r] if r < len(rows) else []
            c2 = len(row) - 1 if rng.c2 is None else rng.c2
            out.append([render(row[c] if c < len(row) else None, value_option, dt_option)
                        for c in range(rng.c1, c2 + 1)])
        out = _trim(out)
        width = max((len(r) for r in out), default=0)
        end_col = rng.c2 if rng.c2 is not None else max(rng.c1 + width - 1, 25)
        end_row = rng.r2 if rng.r2 is not None else max(999, len(rows) - 1)
        result: dict[str, Any] = {
            "range": f"{quote_title(rng.sheet)}!{col_letters(rng.c1)}{rng.r1 + 1}:{col_letters(end_col)}{end_row + 1}",
            "majorDimension": "ROWS",
        }
        if out:
            result["values"] = out  # the real API leaves "values" out for an empty range
        return result

    def _write(self, rng: Range, values: list[list[Any]], option: str) -> dict[str, Any]:
        rows = self.tabs[rng.sheet]
        cells = 0
        for i, vals in enumerate(values):
            r = rng.r1 + i
            while len(rows) <= r:
                rows.append([])
            row = rows[r]
            for j, v in enumerate(vals):
                if v is None:  # null leaves the cell as it is
                    continue
                c = rng.c1 + j
                row.extend([None] * (c + 1 - len(row)))
                row[c] = user_entered(v) if option == "USER_ENTERED" else v
                cells += 1
        width = max((len(v) for v in values), default=0)
        return {"updatedRange": f"{quote_title(rng.sheet)}!{col_letters(rng.c1)}{rng.r1 + 1}:"
                                f"{col_letters(rng.c1 + max(width, 1) - 1)}{rng.r1 + max(len(values), 1)}",
                "updatedRows": len(values), "updatedColumns": width, "updatedCells": cells}

    def _append(self, rng: Range, body: dict[str, Any], option: str) -> dict[str, Any]:
        rows = self.tabs[rng.sheet]
        last = max((i for i, r in enumerate(rows) if any(not _empty(v) for v in r)), default=-1)
        table = f"{quote_title(rng.sheet)}!A1:{col_letters(max([0] + [len(r) - 1 for r in rows]))}{last + 1}"
        values = [["" if v is None else v for v in row] for row in body.get("values", [])]
        target = Range(rng.sheet, r1=last + 1, c1=rng.c1)
        updates = self._write(target, values, option)
        return {"spreadsheetId": self.key, "tableRange": table, "updates": {"spreadsheetId": self.key, **updates}}

    # --- sending ---
    def _send(self, h: _Handler, status: int, body: Any, headers: dict[str, str] | None = None,
              html: str | None = None) -> None:
        data = html.encode() if html is not None else json.dumps(body).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "text/html; charset=UTF-8" if html is not None
                          else "application/json; charset=UTF-8")
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            h.close_connection = True  # the client gave up (time-out): nobody is listening

    @staticmethod
    def _drop(h: _Handler) -> None:
        """Close the socket without an answer."""
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells per row and trailing empty rows, as the API does."""
    out = []
    for r in rows:
        r = list(r)
        while r and _empty(r[-1]):
            r.pop()
        out.append(r)
    while out and not out[-1]:
        out.pop()
    return out


def make_http_client_class(base_url: str) -> type[HTTPClient]:
    """The test seam: patching gspread.urls does nothing (constants are copied at import), so swap the base here."""

    class FakeSheetsHTTPClient(HTTPClient):
        fake_base = base_url

        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any):  # type: ignore[override]
            if not endpoint.startswith(SHEETS_BASE + "/"):
                raise AssertionError(f"the test fake speaks only the Sheets API; refused {method} {endpoint}")
            return super().request(method, self.fake_base + endpoint[len(SHEETS_BASE):], *args, **kwargs)

    return FakeSheetsHTTPClient


@contextmanager
def fake_sheet(tabs: dict[str, list[list[Any]]] | None = None, **kwargs: Any) -> Iterator[FakeSheets]:
    """A started fake with these tabs (default: `demo_tabs()`), stopped afterwards."""
    fs = FakeSheets(demo_tabs() if tabs is None else tabs, **kwargs)
    fs.start()
    try:
        yield fs
    finally:
        fs.stop()


def demo_tabs(*, coordinator_tabs: bool = True) -> dict[str, list[list[Any]]]:
    """A small spreadsheet in the contract's shape, with typed cells like a real Forms response sheet."""
    from lib import schema

    rounds_header = [f.header for f in schema.ROUNDS.fields]
    signals_header = [f.header for f in schema.SIGNALS.fields]
    tabs: dict[str, list[list[Any]]] = {
        "Rondes": [
            rounds_header,
            [datetime(2021, 12, 1, 23, 10, 5), "Ahmed", "Sanne", date(2021, 12, 1), dtime(19, 0), dtime(23, 0),
             "Kouwenoord, Klieverink", "Rustig", "", ""],
            [datetime(2021, 12, 2, 22, 1, 0), "Sanne", "", date(2021, 12, 2), dtime(21, 30), dtime(0, 30),
             "Kempering", "", "Lift Kempering stond stil", "Lift defect"],
        ],
        "Meldingen": [
            signals_header,
            [datetime(2021, 12, 2, 22, 5, 0), "Sanne", date(2021, 12, 2), dtime(22, 15), "Kempering", "Begane grond",
             "Lift", "Heel", "Lift defect", "Lift hangt tussen 3 en 4", "Beheerder De Key", "Gemiddeld"],
        ],
    }
    if coordinator_tabs:
        tabs["Coaches"] = [[f.header for f in schema.ROSTER.fields], ["Ahmed", "A.", date(2021, 11, 1)],
                           ["Sanne", "S.", date(2021, 11, 1)]]
        tabs["Kosten"] = [[f.header for f in schema.COSTS.fields],
                          [date(2021, 11, 20), "Materiaal", "Veiligheidsschoenen", 89.95, "De Key"]]
        tabs["Organisatie-uren"] = [[f.header for f in schema.ORG_HOURS.fields]]
        tabs["Acties"] = [[f.header for f in schema.ACTIONS.fields],
                          [date(2021, 12, 6), "Lift Kempering laten nakijken", "De Key", date(2021, 12, 13), "Open"]]
        tabs["Begroting"] = [[f.header for f in schema.BUDGET.fields], ["Coachrondes", 480, 15, 7200]]
        for t in (schema.ACCESS_LINKS, schema.SHEET_SETTINGS, schema.MEETINGS):  # made by the forms script
            tabs[t.name] = [[f.header for f in t.fields]]
    return tabs
