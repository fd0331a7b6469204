"""The secrets file(s) read by this dashboard itself, again whenever one changes (no Streamlit here).

Why not only st.secrets: Streamlit reads secrets.toml once and then follows changes with a file watcher, and that
watcher stops for good after one save that does not parse (and does nothing with `server.fileWatcherType = none`).
Until a restart every later change, a revoked link too, would be ignored, and while the typo is there st.secrets is
empty — which the door would take for "no access configured". So the door reads the files here, by their
modification time, size and inode (a re-read costs one stat per file per check), and a file that exists but cannot
be parsed gives a Dutch sentence for the coordinator that closes the door; it never reads as empty.
"""
from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Secrets:
    values: dict[str, Any] | None = field(default=None, repr=False)  # None: none of the files exists
    problem: str = ""  # Dutch, for the coordinator: which file, which line; never a value from it


def unreadable(where: str, line: int | None) -> str:
    at = f" (fout in regel {line})" if line else ""
    return (f"Het dashboard is dicht: de instellingen in {where} kunnen niet worden gelezen{at}. "
            "De coördinator herstelt het bestand; daarna gaat het dashboard vanzelf weer open.")


def _where(path: Path) -> str:
    """The file as the coordinator knows it (.streamlit/secrets.toml, ~/.streamlit/secrets.toml), not a full path."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        pass
    return str(Path(path.parent.name) / path.name)


_lock = threading.Lock()
_last: tuple[tuple, Secrets] | None = None


def read(paths: Sequence[str | Path]) -> Secrets:
    """The merged contents of the files that exist (a later file's top-level keys win, as in Streamlit), read
    again only when one of them changed."""
    global _last
    found: list[tuple[Path, tuple]] = []
    for p in map(Path, paths):
        try:
            s = p.stat()
        except OSError:
            continue
        if p.is_file():
            found.append((p, (str(p), s.st_mtime_ns, s.st_size, s.st_ino)))
    if not found:
        return Secrets()
    key = tuple(k for _, k in found)
    with _lock:
        if _last is not None and _last[0] == key:
            return _last[1]
    merged: dict[str, Any] = {}
    result: Secrets | None = None
    for p, _ in found:
        try:
            merged.update(tomllib.loads(p.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            result = Secrets({}, unreadable(_where(p), int(m.group(1)) if m else None))
            break
        except (OSError, UnicodeDecodeError):
            result = Secrets({}, unreadable(_where(p), None))
            break
    if result is None:
        result = Secrets(merged)
    with _lock:
        _last = (key, result)
    return result
