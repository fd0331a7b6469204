"""The Google Sheet as a source, through gspread's HTTP client.

Kept behind this one module so gspread can be replaced (it is looking for a maintainer). What it does:

- `read()` fetches every contract tab in ONE `values:batchGet` request, with no metadata call. batchGet answers
  400 ("Unable to parse range") when one range names a tab that does not exist; then ONE `spreadsheets.get`
  fetches the tab titles, which are remembered, and the batchGet is repeated with the tabs that exist. Later reads
  are one request again. While a coordinator tab is missing the titles are looked up again every `titles_ttl`
  seconds (so a tab added later shows up); while Rondes or Meldingen is missing, on every read.
- Passing faults (429, 408, 500, 502, 503, 504, time-out, dropped connection) are retried a bounded number of
  times with a short backoff (429 honours Retry-After, capped); then SheetUnavailableError / WriteError.
  gspread's BackOffHTTPClient is not used: it waits up to 128 s.
- `append_row` writes one row as Google Forms would (USER_ENTERED; text stays text, see `_cell`), with an
  idempotency key in the column
  headed schema.SUBMISSION_KEY.header: the key column is read before each append (also on a retry), so a retry
  after a time-out whose append did land never writes a second row.

Request counts: read = 1 (2-3 when the remembered tab titles must be refreshed); append_row with a key = 2
(values.get of the key column + values:append), 3 the first time per tab (the header row is read, and the key
header written if missing); update_cells = 1 (values:batchUpdate).
"""
from __future__ import annotations

import math
import random
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from datetime import time as dtime
from decimal import Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import gspread
import requests
from google.auth import exceptions as auth_exceptions
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.utils import absolute_range_name, rowcol_to_a1

from lib import schema
from lib.errors import (
    FlatcoachError,
    KeyRefusedError,
    SheetAccessError,
    SheetApiDisabledError,
    SheetNotFoundError,
    SheetUnavailableError,
    SourceError,
    WriteError,
)
from lib.sources import keyfile
from lib.sources.base import RawWorkbook, Rows, pick_tabs

TZ = ZoneInfo("Europe/Amsterdam")
# Reading and writing cells needs only the Sheets scope; no Drive access (we never open a sheet by name).
SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
REQUIRED_FIELDS = keyfile.REQUIRED_FIELDS
SECRETS_HINT = keyfile.HINT
READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
PASSING_STATUS = (408, 429, 500, 502, 503, 504)

T = TypeVar("T")


# --- the client ---------------------------------------------------------------------------------------------
def make_client(service_account_info: Mapping[str, Any] | None, http_client: Any = None) -> gspread.Client:
    """A gspread client for the service account. Makes no request (the token is fetched on first use).

    `http_client` is the gspread HTTPClient class to use (tests pass one that talks to a local fake).
    Messages name what is missing, never a key.
    """
    if not service_account_info:
        raise SourceError("Er is geen serviceaccount voor de Google Sheet ingesteld (service_account_json onder "
                          "[sheet], of de velden onder [gcp_service_account]). " + SECRETS_HINT)
    info = keyfile.check(service_account_info)
    key = str(info["private_key"])
    if "\\n" in key and "\n" not in key:  # pasted with literal \n (e.g. in a single-quoted TOML string)
        info["private_key"] = key.replace("\\n", "\n")
    try:
        return gspread.service_account_from_dict(info, scopes=list(SCOPES), http_client=http_client or HTTPClient)
    except Exception:  # never show the library's message: it might quote the key
        raise SourceError(
            "De private_key van het serviceaccount is onleesbaar. Plak het JSON-sleutelbestand opnieuw in zijn geheel "
            "(of de private_key onder [gcp_service_account], met de regels '-----BEGIN PRIVATE KEY-----' en "
            "'-----END PRIVATE KEY-----' erbij). " + SECRETS_HINT
        ) from None


# --- helpers ------------------------------------------------------------------------------------------------
class _UnknownRange(Exception):
    """batchGet/values answered 400 'Unable to parse range': a tab in the request does not exist (any more)."""


class _Budget:
    """The time one operation (a read, an append) may take, retries included."""

    def __init__(self, seconds: float, clock: Callable[[], float]):
        self._clock = clock
        self._end = clock() + seconds

    def remaining(self) -> float:
        return self._end - self._clock()


def _status(exc: APIError) -> int:
    """The HTTP status; Google's front ends answer some 5xx with HTML, which gspread turns into code -1."""
    code = getattr(getattr(exc, "response", None), "status_code", None)
    return int(code) if code else int(exc.code)


def _retry_after(exc: APIError) -> float:
    value = getattr(getattr(exc, "response", None), "headers", {}).get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):  # an HTTP date, or nothing: use our own backoff
        return 0.0


def _api_message(exc: APIError) -> str:
    try:
        return str(exc.error.get("message") or "")
    except Exception:
        return ""


def _pad(rows: list[list[Any]]) -> Rows:
    """The API drops trailing empty cells: make every row as wide as the header (or a wider stray row)."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    return [list(r) + [""] * (width - len(r)) for r in rows]


def _cell(value: Any) -> Any:
    """A value as sent with valueInputOption=USER_ENTERED, so that the sheet keeps what was meant.

    USER_ENTERED parses strings "as if the user typed them into the UI" (Sheets API reference, ValueInputOption):
    in a Dutch-locale sheet an external reference "0012" would become the number 12, a note "12-3" a date, "2,5" a
    number, "=..." a formula and "'t Hoekje" would lose its apostrophe. So every text goes with a leading
    apostrophe: Sheets stores the rest as plain text and shows no apostrophe (Docs Editors Help, TO_TEXT: "equivalent
    to prefixing a number with an apostrophe"); reading the values back gives the text without it.
    What is meant to be parsed is sent typed: numbers as JSON numbers (they "stay as numbers"), and Python dates and
    times as ISO text, which Sheets reads as a date/time in every spreadsheet locale (a Dutch "4-5-2026" would be
    5 April in a US-locale sheet). One request can carry both, which RAW (no parsing at all) cannot.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return "" if isinstance(value, float) and not math.isfinite(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(TZ).replace(tzinfo=None)
        if value.time() == dtime(0):  # a date typed as a datetime: same serial, but shown as a date
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dtime):
        return value.strftime("%H:%M:%S")
    text = str(value)
    return "'" + text if text else ""


# --- the source ---------------------------------------------------------------------------------------------
class _Memo:
    """What this process learned about one spreadsheet, shared by every GSheetSource on it (the app may make a new
    source for each read): the tab titles, the submission-key columns, and the submission keys being written now."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.titles: list[str] | None = None  # the tab titles, once a batchGet made us look them up
        self.titles_at = 0.0
        self.key_cols: dict[str, int] = {}  # tab title -> 0-based column of the submission key
        self.inflight: set[tuple[str, str]] = set()
        self.inflight_done = threading.Condition()


_MEMOS: dict[str, _Memo] = {}
_MEMOS_LOCK = threading.Lock()


def _memo_for(key: str) -> _Memo:
    with _MEMOS_LOCK:
        return _MEMOS.setdefault(key, _Memo())


def forget(key: str | None = None) -> None:
    """Drop what was learned about a spreadsheet (or all of them); the next read starts fresh."""
    with _MEMOS_LOCK:
        if key is None:
            _MEMOS.clear()
        else:
            _MEMOS.pop(key, None)


class GSheetSource:
    """The spreadsheet in Google Sheets. Cheap to make: what it learns about the sheet is kept per process."""

    shape = "api"

    def __init__(
        self,
        client: gspread.Client,
        key: str,
        *,
        tries: int = 3,
        deadline: float = 10.0,
        timeout: float = 10.0,
        backoff: float = 0.5,
        max_wait: float = 5.0,
        titles_ttl: float = 600.0,
        service_account_email: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        """`tries` per request; `deadline` seconds per operation (no new try starts after it); `timeout` per request
        (an attempt that started just before the deadline may still take that long); `backoff` the first pause,
        doubled per retry; `max_wait` caps a pause, also a 429's Retry-After."""
        self.client = client
        self.http = client.http_client
        self.key = key
        self.tries = max(1, int(tries))
        self.deadline = float(deadline)
        self.timeout = float(timeout)
        self.backoff = float(backoff)
        self.max_wait = float(max_wait)
        self.titles_ttl = float(titles_ttl)
        self._sleep = sleep
        self._clock = clock
        self.http.set_timeout(self.timeout)
        auth = getattr(self.http, "auth", None)
        self.service_account_email = service_account_email or getattr(auth, "service_account_email", None)
        self.description = f"Google Sheet {key[:6]}…"
        self.retries = 0  # passing faults retried since the source was made (diagnostics, tests)
        self._lock = threading.Lock()  # guards `retries`
        self._memo = _memo_for(key)

    def __repr__(self) -> str:
        return f"GSheetSource({self.description!r})"

    # --- reading --------------------------------------------------------------------------------------------
    def read(self) -> RawWorkbook:
        budget = self._budget()
        titles = self._titles_for_read(budget)
        try:
            found = self._batch_get(budget, self._ranges(titles))
        except _UnknownRange:
            # A tab we asked for is not there (first read, or a tab was renamed or deleted): look once, ask again.
            titles = self._refresh_titles(budget)
            try:
                found = self._batch_get(budget, self._ranges(titles))
            except _UnknownRange:
                raise SourceError("De Google Sheet weigert de namen van de tabbladen. Controleer of de tabbladen "
                                  "Rondes en Meldingen bestaan en probeer het opnieuw.") from None
        tabs, missing = pick_tabs(found)
        return RawWorkbook(tabs, self.description, datetime.now(TZ), self.shape, missing)

    def _titles_for_read(self, budget: _Budget) -> list[str] | None:
        """The remembered titles, looked up again when a tab was missing (it may have been added since)."""
        memo = self._memo
        with memo.lock:
            titles, age = memo.titles, self._clock() - memo.titles_at
        if titles is None:
            return None
        present = {schema.norm(t) for t in titles}
        lacking = [t for t in schema.TABS.values() if schema.norm(t.name) not in present]
        if any(t.must_exist for t in lacking) or (lacking and age > self.titles_ttl):
            return self._refresh_titles(budget)
        return titles

    def _refresh_titles(self, budget: _Budget) -> list[str]:
        meta = self._call(budget, "read", lambda: self.http.fetch_sheet_metadata(
            self.key, params={"fields": "sheets.properties.title"}))
        titles = [s.get("properties", {}).get("title", "") for s in meta.get("sheets", [])]
        with self._memo.lock:
            self._memo.titles, self._memo.titles_at = titles, self._clock()
        return titles

    # --- for the setup check (lib/setup_check.py) --------------------------------------------------------------
    def properties(self) -> dict[str, Any]:
        """The sheet's time zone, locale and tab titles, in ONE spreadsheets.get (SpreadsheetProperties.timeZone is
        CLDR, e.g. "Europe/Amsterdam"; locale e.g. "nl_NL"). Raises the same Dutch errors as a read."""
        meta = self._call(self._budget(), "read", lambda: self.http.fetch_sheet_metadata(
            self.key, params={"fields": "properties.timeZone,properties.locale,sheets.properties.title"}))
        props = meta.get("properties") or {}
        titles = [s.get("properties", {}).get("title", "") for s in meta.get("sheets", [])]
        with self._memo.lock:
            self._memo.titles, self._memo.titles_at = titles, self._clock()
        return {"time_zone": str(props.get("timeZone") or ""), "locale": str(props.get("locale") or ""),
                "titles": titles}

    def read_tabs(self, titles: list[str]) -> dict[str, Rows]:
        """These tabs (exact titles that exist), in one values:batchGet, padded like a read."""
        return self._batch_get(self._budget(), list(titles))

    @staticmethod
    def _ranges(titles: list[str] | None) -> list[str]:
        """The tab titles to ask for: the contract's names, or the existing titles that match them."""
        if titles is None:
            return [t.name for t in schema.TABS.values()]
        by_norm: dict[str, str] = {}
        for title in titles:
            by_norm.setdefault(schema.norm(title), title)
        return [by_norm[schema.norm(t.name)] for t in schema.TABS.values() if schema.norm(t.name) in by_norm]

    def _batch_get(self, budget: _Budget, titles: list[str]) -> dict[str, Rows]:
        if not titles:
            return {}
        ranges = [absolute_range_name(t) for t in titles]
        answer = self._call(budget, "read", lambda: self.http.values_batch_get(
            self.key, ranges=ranges, params=dict(READ_PARAMS)))
        value_ranges = answer.get("valueRanges", [])
        if len(value_ranges) != len(titles):
            raise SourceError("De Google Sheet gaf een onvolledig antwoord. Probeer het opnieuw.")
        # valueRanges come in the order of the request
        return {title: _pad(vr.get("values", [])) for title, vr in zip(titles, value_ranges)}

    # --- writing --------------------------------------------------------------------------------------------
    def append_row(self, tab: str, values: list[Any], submission_key: str | None = None) -> bool:
        """Append one row (values in form shape, Tijdstempel first) after the last row of the tab.

        With a submission key: False when a row with this key is already there (submitted before). A retry after a
        passing fault checks the key again first, so an append that landed but whose answer was lost is not
        written twice; that row is this call's own, so the call then returns True.
        """
        title = self._title_for(tab)
        row = [_cell(v) for v in values]
        budget = self._budget()
        if submission_key is None:
            self._call(budget, "write", lambda: self._append(title, row), tab=tab)
            return True
        key = str(submission_key)
        sent = False

        def check_and_append() -> bool:
            nonlocal sent
            col, keys = self._key_column(title, len(row))
            if key in keys:
                return sent  # our own earlier try landed (True), or a submission before this call (False)
            full = row + [""] * (col - len(row)) + [_cell(key)]  # a key is text, whatever it looks like
            sent = True
            self._append(title, full)
            return True

        with self._claim(title, key):
            return self._call(budget, "write", check_and_append, tab=tab)

    def update_cells(self, tab: str, cells: list[tuple[int, int, Any]]) -> None:
        """Write single cells (sheet row number, 0-based column, value) in one values:batchUpdate request."""
        if not cells:
            return
        title = self._title_for(tab)
        data = []
        for row, col, value in cells:
            if int(row) < 1 or int(col) < 0:
                raise ValueError(f"cell out of range: row {row}, column {col}")
            data.append({"range": absolute_range_name(title, rowcol_to_a1(int(row), int(col) + 1)),
                         "majorDimension": "ROWS", "values": [[_cell(value)]]})
        body = {"valueInputOption": "USER_ENTERED", "data": data}
        self._call(self._budget(), "write", lambda: self.http.values_batch_update(self.key, body), tab=tab)

    def _title_for(self, tab: str) -> str:
        """The sheet's own title for a contract tab name (as learned from the last title lookup)."""
        with self._memo.lock:
            titles = self._memo.titles or []
        for title in titles:
            if schema.norm(title) == schema.norm(tab):
                return title
        return tab

    def _append(self, title: str, row: list[Any]) -> Any:
        return self.http.values_append(
            self.key, absolute_range_name(title),
            params={"valueInputOption": "USER_ENTERED"},
            body={"majorDimension": "ROWS", "values": [row]},
        )

    def _key_column(self, title: str, width: int) -> tuple[int, set[str]]:
        """The 0-based submission-key column right of the row's values, and the keys already in it.

        Known column: one values.get of that column (its first cell must still be the key header). Otherwise the
        header row is read, and the key header is added at the far right when there is none (like a new form
        question); a column just added holds no keys yet.
        """
        header_norm = schema.norm(schema.SUBMISSION_KEY.header)
        with self._memo.lock:
            col = self._memo.key_cols.get(title)
        if col is not None and col >= width:
            column = self._values_get(absolute_range_name(title, f"{_letter(col)}:{_letter(col)}"))
            cells = [r[0] if r else "" for r in column]
            if cells and schema.norm(cells[0]) == header_norm:
                return col, {str(c) for c in cells[1:] if c not in ("", None)}
        header = self._values_get(absolute_range_name(title, "1:1"))
        header = header[0] if header else []
        candidates = [i for i, h in enumerate(header) if schema.norm(h) == header_norm and i >= width]
        if candidates:
            col = candidates[-1]
            column = self._values_get(absolute_range_name(title, f"{_letter(col)}:{_letter(col)}"))
            keys = {str(r[0]) for r in column[1:] if r and r[0] not in ("", None)}
        else:
            col = max(len(header), width)
            self.http.values_update(
                self.key, absolute_range_name(title, rowcol_to_a1(1, col + 1)),
                params={"valueInputOption": "RAW"}, body={"values": [[schema.SUBMISSION_KEY.header]]},
            )
            keys = set()
        with self._memo.lock:
            self._memo.key_cols[title] = col
        return col, keys

    def _values_get(self, a1: str) -> list[list[Any]]:
        return self.http.values_get(self.key, a1, params={"valueRenderOption": "UNFORMATTED_VALUE"}).get("values", [])

    @contextmanager
    def _claim(self, title: str, key: str) -> Iterator[None]:
        """One submission key at a time in this process: a double click in two sessions cannot race past the check."""
        claim, memo = (schema.norm(title), key), self._memo
        with memo.inflight_done:
            while claim in memo.inflight:
                memo.inflight_done.wait()
            memo.inflight.add(claim)
        try:
            yield
        finally:
            with memo.inflight_done:
                memo.inflight.discard(claim)
                memo.inflight_done.notify_all()

    # --- retries and error mapping --------------------------------------------------------------------------
    def _budget(self) -> _Budget:
        return _Budget(self.deadline, self._clock)

    def _call(self, budget: _Budget, op: str, fn: Callable[[], T], tab: str = "") -> T:
        """Run one request (or check + append) with bounded retries on passing faults."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return fn()
            except FlatcoachError:
                raise
            except Exception as exc:  # noqa: BLE001 - sorted below; anything unknown is re-raised as is
                hint = self._passing(exc)
                if hint is None:
                    mapped = self._fatal(exc, op, tab)
                    if mapped is None:
                        raise
                    raise mapped from exc
                pause = self.backoff * (2 ** (attempt - 1)) * random.uniform(0.8, 1.2)
                pause = min(max(pause, hint), self.max_wait)
                if attempt >= self.tries or pause >= budget.remaining():
                    raise self._unavailable(op, exc, attempt) from exc
                with self._lock:
                    self.retries += 1
                self._sleep(pause)

    @staticmethod
    def _passing(exc: Exception) -> float | None:
        """None for a lasting fault; else the least pause before a retry (a 429's Retry-After, else 0)."""
        if isinstance(exc, APIError):
            status = _status(exc)
            if status == 429:
                return _retry_after(exc)
            return 0.0 if status in PASSING_STATUS else None
        if isinstance(exc, (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
            return 0.0
        if isinstance(exc, auth_exceptions.RefreshError):
            return 0.0 if getattr(exc, "retryable", False) else None
        if isinstance(exc, auth_exceptions.TransportError):
            return 0.0
        return None

    def _account(self) -> str:
        if self.service_account_email:
            return f"het serviceaccount {self.service_account_email}"
        return "het serviceaccount (het e-mailadres staat als client_email in het JSON-sleutelbestand)"

    def _fatal(self, exc: Exception, op: str, tab: str) -> Exception | None:
        """The Dutch error for a lasting fault, or None for an error that is not Google's (a bug: re-raise).

        `message` is one plain sentence for every role; `detail` (the coordinator's) names the service account's
        e-mail, the sheet key's first characters or the console link: identifiers a partner or coach never sees."""
        writing = op == "write"

        def error(cls: type[FlatcoachError], plain: str, detail: str, **extra: Any) -> FlatcoachError:
            if writing:
                return WriteError("Niet opgeslagen: " + _lower(plain), "Niet opgeslagen: " + _lower(detail))
            return cls(plain, detail, **extra)

        if isinstance(exc, auth_exceptions.RefreshError) or (isinstance(exc, APIError) and _status(exc) == 401):
            return error(KeyRefusedError,
                         "Google weigert de sleutel van het dashboard. De coördinator kan dit oplossen.",
                         f"Google weigert de sleutel van {self._account()} (verwijderd, uitgeschakeld of van een ander "
                         "project). Maak in Google Cloud een nieuwe JSON-sleutel en plak die als service_account_json "
                         "onder [sheet] in de secrets.")
        if not isinstance(exc, APIError):
            return None
        status, message = _status(exc), _api_message(exc)
        if status == 403 and re.search(r"has not been used|is disabled|SERVICE_DISABLED", message + str(exc.error)):
            link = _activation_link(exc)
            where = f"via {link}" if link else "in Google Cloud (APIs & Services → Library → Google Sheets API)"
            return error(SheetApiDisabledError,
                         "De Google Sheets API staat uit, dus het dashboard kan de Google Sheet niet lezen. De "
                         "coördinator kan dit oplossen.",
                         "De Google Sheets API staat uit in het Google Cloud-project van het serviceaccount. Zet hem "
                         f"aan {where} (knop Inschakelen) en probeer het na een paar minuten opnieuw.", link=link)
        if status == 403:
            if writing:
                return WriteError("Niet opgeslagen: het dashboard mag niet schrijven in de Google Sheet. De "
                                  "coördinator kan dit oplossen (de spreadsheet delen met het dashboard als Bewerker).",
                                  f"Niet opgeslagen: {self._account()} mag niet schrijven in de Google Sheet. Deel de "
                                  "spreadsheet (knop Delen) met dit e-mailadres als Bewerker.")
            return SheetAccessError("Het dashboard mag de Google Sheet niet lezen. De coördinator kan dit oplossen "
                                    "(de spreadsheet delen met het dashboard).",
                                    "Het dashboard mag de Google Sheet niet lezen. Deel de spreadsheet (knop Delen) "
                                    f"met {self._account()}, als Bewerker (dan kan de app ook links en invoer "
                                    "opslaan).")
        if status == 404:
            return error(SheetNotFoundError,
                         "De Google Sheet is niet gevonden (verkeerde sleutel of verwijderd). De coördinator kan de "
                         "sleutel controleren.",
                         f"De Google Sheet {self.key[:6]}… is niet gevonden (verkeerde sleutel of verwijderd). "
                         "Controleer de sleutel of link onder [sheet] in de secrets.")
        if status == 400 and "Unable to parse range" in message:
            if writing:
                return WriteError(f"Niet opgeslagen: het tabblad '{tab}' bestaat niet in de Google Sheet.")
            return _UnknownRange()
        text = f"De Google Sheet gaf een onverwachte fout ({status}). Probeer het later opnieuw."
        return WriteError("Niet opgeslagen: " + _lower(text)) if writing else SourceError(text)

    def _unavailable(self, op: str, exc: Exception, attempts: int) -> FlatcoachError:
        if isinstance(exc, APIError) and _status(exc) == 429:
            why = "te veel verzoeken in korte tijd"
        elif isinstance(exc, APIError):
            why = f"storing bij Google, code {_status(exc)}"
        elif isinstance(exc, requests.Timeout):
            why = f"geen antwoord binnen {self.timeout:g} seconden"
        else:
            why = "verbinding verbroken"
        tries = f"{attempts} {'poging' if attempts == 1 else 'pogingen'}"
        if op == "write":
            return WriteError(f"Niet opgeslagen: de Google Sheet was niet bereikbaar ({why}, {tries}). Wat je invulde "
                              "staat er nog; probeer het over een minuut opnieuw.")
        return SheetUnavailableError(f"Google Sheet niet bereikbaar ({why}, {tries}). Probeer het over een paar "
                                     "minuten opnieuw.")


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


_CONSOLE_LINK = re.compile(r"https://console\.(?:developers|cloud)\.google\.com/[^\s\"'<>]+")


def _activation_link(exc: APIError) -> str:
    """Where the API is switched on, from Google's own error: the link in its message ("Enable it by visiting
    https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=… then retry."), else the
    ErrorInfo's activationUrl. Only a Google console address is kept."""
    found = _CONSOLE_LINK.search(_api_message(exc))
    if found:
        return found.group(0).rstrip(".,;)")
    try:
        for detail in exc.error.get("details") or []:
            url = str((detail.get("metadata") or {}).get("activationUrl") or "")
            if _CONSOLE_LINK.fullmatch(url):
                return url
    except Exception:  # an error body of another shape: no link
        pass
    return ""


def _letter(col: int) -> str:
    """0-based column index -> A1 column letters."""
    return re.sub(r"\d+$", "", rowcol_to_a1(1, col + 1))


# --- the test seam for a separate process ---------------------------------------------------------------------
SHEETS_BASE = "https://sheets.googleapis.com"
_LOOPBACK = re.compile(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\]):\d+/?$")


def http_client_for(base_url: str) -> type[HTTPClient]:
    """A gspread HTTPClient class that sends Sheets API requests to `base_url` instead of Google.

    Only for the browser tests, whose dashboard runs in its own process while the fake Sheets API runs in the test
    (lib/data.py reads FLATCOACH_SHEETS_API). Only a loopback address is accepted, so a stray setting can never send
    a sheet's data anywhere else.
    """
    if not _LOOPBACK.match(base_url or ""):
        raise SourceError("FLATCOACH_SHEETS_API is alleen voor tests en moet een adres op deze computer zijn "
                          "(http://127.0.0.1:<poort>).")
    base = base_url.rstrip("/")

    class LocalSheetsHTTPClient(HTTPClient):
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any):  # type: ignore[override]
            if endpoint.startswith(SHEETS_BASE + "/"):
                endpoint = base + endpoint[len(SHEETS_BASE):]
            return super().request(method, endpoint, *args, **kwargs)

    return LocalSheetsHTTPClient
