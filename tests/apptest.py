"""Run a page with Streamlit's AppTest as a visitor would open it: a path, query parameters, secrets."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_page(path: str = "app.py", query: dict | None = None, secrets: dict | None = None,
              timeout: float = 60) -> AppTest:
    """Open `path` (app.py or pages/x.py) as the first page of a session, run it, and return the AppTest."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    return at.run()


def texts(at: AppTest) -> str:
    """Everything a visitor reads on the page, as one string (for 'is this shown / not shown' checks)."""
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success",
                 "text", "exception"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    for m in at.metric:
        parts += [m.label, str(m.value), str(m.delta or "")]
    for df in at.dataframe:
        parts.append(df.value.to_string())
    for t in at.table:
        parts.append(t.value.to_string())
    return "\n".join(parts)


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise KeyError(f"no metric {label!r}; have {[m.label for m in at.metric]}")
