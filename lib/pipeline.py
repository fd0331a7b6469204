"""From a source spec to clean data: the one path shared by the dashboard (through lib.data's cache) and the CLI."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib import clean as clean_mod
from lib import memory, sources
from lib.settings import Settings, load
from lib.sources.base import Source


def load_clean(spec: str | None = None, secrets: Mapping[str, Any] | None = None, http_client: Any = None,
               conf: Settings | None = None) -> clean_mod.Clean:
    """Resolve, open, read and clean. Raises lib.errors.SourceError (with a Dutch message) when it cannot."""
    s = sources.resolve(spec, secrets)
    return read_clean(sources.open_source(s, secrets, http_client=http_client), conf)


def read_clean(src: Source, conf: Settings | None = None) -> clean_mod.Clean:
    """Read an open source and clean what it gave (the dashboard's cached read and load_clean): the last read's
    data handed back to Python's collector first, the rows given to the cleaner to let go of (consume=True), the
    clean data kept out of the collector until the next read (lib.memory)."""
    memory.reading()
    c = clean_mod.clean(src.read(), conf or load(), consume=True)
    memory.long_lived(len(c.rounds) + len(c.signals))
    return c
