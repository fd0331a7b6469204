"""Choosing and opening the source: a local workbook, a CSV folder, the Google Sheet, or the bundled demo.

Order: an explicit spec (CLI argument), then FLATCOACH_SOURCE, then `[sheet]` in secrets, then the demo workbook.
A spec is a path (an .xlsx file or a folder of CSV downloads) or `gsheet:<spreadsheet key or URL>`.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib.errors import SourceError
from lib.sources.base import RawWorkbook, Source  # noqa: F401  (re-exported)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEMO_WORKBOOK = PROJECT_ROOT / "data" / "demo.xlsx"


@dataclass(frozen=True)
class SourceSpec:
    """Which source to open. `kind` is 'demo', 'xlsx', 'csv' or 'gsheet'; `target` a path or a sheet key."""

    kind: str
    target: str

    @property
    def is_local(self) -> bool:
        return self.kind in ("demo", "xlsx", "csv")


_KEY_IN_URL = re.compile(r"/spreadsheets/d/([a-zA-Z0-9_-]+)")


def sheet_key(text: str) -> str:
    """The spreadsheet key from a key or a full docs.google.com URL."""
    m = _KEY_IN_URL.search(text)
    key = m.group(1) if m else text.strip()
    if not re.fullmatch(r"[a-zA-Z0-9_-]{10,}", key):
        raise SourceError("De Google Sheet-sleutel is onleesbaar. Plak de hele link van de spreadsheet of alleen "
                          "de sleutel.")
    return key


def resolve(spec: str | None = None, secrets: Mapping[str, Any] | None = None,
            env: Mapping[str, str] | None = None) -> SourceSpec:
    """Decide which source to use, without opening it."""
    env = os.environ if env is None else env
    text = spec or env.get("FLATCOACH_SOURCE", "").strip()
    if not text and secrets:
        sheet = secrets.get("sheet") or {}
        ref = sheet.get("key") or sheet.get("url")
        if ref:
            text = f"gsheet:{ref}"
    if not text or text == "demo":
        return SourceSpec("demo", str(DEMO_WORKBOOK))
    if text.startswith("gsheet:"):
        return SourceSpec("gsheet", sheet_key(text[len("gsheet:"):]))
    path = Path(text).expanduser()
    if path.is_dir():
        return SourceSpec("csv", str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return SourceSpec("xlsx", str(path))
    if not path.exists():
        raise SourceError(f"De bron '{text}' bestaat niet. Geef een .xlsx-bestand, een map met CSV-bestanden "
                          "of gsheet:<sleutel>.")
    raise SourceError(f"De bron '{path.name}' is geen .xlsx-bestand en geen map met CSV-bestanden.")


def open_source(spec: SourceSpec, secrets: Mapping[str, Any] | None = None, http_client: Any = None) -> Source:
    """Build the source for a spec. The Google client is made here, once, and handed to the source."""
    if spec.kind in ("demo", "xlsx"):
        from lib.sources.local import XlsxWorkbook

        desc = "demogegevens (verzonnen)" if spec.kind == "demo" else None
        return XlsxWorkbook(spec.target, description=desc)
    if spec.kind == "csv":
        from lib.sources.local import CsvFolder

        return CsvFolder(spec.target)
    from lib.sources.gsheet import GSheetSource, make_client
    from lib.sources.keyfile import service_account_info

    client = make_client(service_account_info(secrets), http_client=http_client)
    return GSheetSource(client, spec.target)
