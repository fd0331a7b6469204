"""The one place with st.cache_data / st.cache_resource: read the sheet once per TTL for all viewers.

When a read fails with a passing fault, the last good data stays in use and the caller gets a Dutch banner with
its time; a permanent fault (no access, wrong key, missing tab) is raised as a SourceError with a Dutch sentence.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

import streamlit as st

from lib import fmt, settings
from lib.clean import Clean
from lib.errors import SheetUnavailableError
from lib.sources import SourceSpec, open_source

_TTL = settings.load().cache_ttl

# The test seam: tests point the real gspread client at a fake Sheets API by setting an HTTPClient class here.
# Production leaves it None, so gspread's own client talks to Google.
HTTP_CLIENT: Any = None


@dataclass
class Loaded:
    data: Clean
    banner: str = ""  # Dutch: set when the sheet failed and older data is shown


@st.cache_resource(show_spinner=False)
def _last_good() -> dict[SourceSpec, Clean]:
    return {}


@st.cache_resource(show_spinner=False)
def _lock() -> threading.Lock:
    return threading.Lock()


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=8)
def _read(spec: SourceSpec, _secrets: Mapping[str, Any] | None) -> Clean:
    from lib.clean import clean

    src = open_source(spec, _secrets, http_client=HTTP_CLIENT)
    return clean(src.read(), settings.load())


def load(spec: SourceSpec, secrets: Mapping[str, Any] | None) -> Loaded:
    """Clean data for the spec, from the cache when fresh. Raises SourceError for permanent faults."""
    try:
        # One lock: viewers who arrive together while the cache is cold wait for one read instead of each reading.
        with _lock():
            data = _read(spec, secrets)
    except SheetUnavailableError as exc:
        last = _last_good().get(spec)
        if last is None:
            raise
        when = fmt.moment(last.read_at) if last.read_at else "eerder"
        return Loaded(last, f"Google Sheet niet bereikbaar, gegevens van {when}. {exc.message}")
    _last_good()[spec] = data
    return Loaded(data)


def clear() -> None:
    """Forget cached reads (after a write, so the writer sees the new row at once)."""
    _read.clear()


def loaded_at() -> datetime:
    return datetime.now()
