"""From a source spec to clean data: the one path shared by the dashboard (through lib.data's cache) and the CLI."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lib import clean as clean_mod
from lib import memory, sources
from lib.settings import Settings, load


def load_clean(spec: str | None = None, secrets: Mapping[str, Any] | None = None, http_client: Any = None,
               conf: Settings | None = None) -> clean_mod.Clean:
    """Resolve, open, read and clean. Raises lib.errors.SourceError (with a Dutch message) when it cannot."""
    s = sources.resolve(spec, secrets)
    src = sources.open_source(s, secrets, http_client=http_client)
    memory.reading()
    c = clean_mod.clean(src.read(), conf or load(), consume=True)
    memory.long_lived(len(c.rounds) + len(c.signals))
    return c
