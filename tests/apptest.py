"""Run a page with Streamlit's AppTest as a visitor would open it: a path, query parameters, secrets."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_page(path: str = "app.py", query: dict | None = None, secrets: dict | None = None,
              timeout: float = 60) -> AppTest:
    """Open `path` as a shared link does: the query parameters and secrets given, then run.

    A page in pages/ is reached from the home page (the session starts on app.py, then switches): with a page file
    as AppTest's entry point, the menu's st.page_link("app.py") cannot be resolved. The server has no such limit.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (secrets or {}).items():
        at.secrets[k] = v
    if path != "app.py":
        at.run()  # the home page first, without the link's query (a page switch keeps it from the home page)
        at.switch_page(path)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def open_clean(path: str, query: dict | None = None) -> AppTest:
    """open_page, and the page must have drawn without an exception."""
    at = open_page(path, query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics_shown(at: AppTest) -> dict[str, str]:
    """Every metric on the page: label -> value as shown."""
    return {m.label: m.value for m in at.metric}


def everything(at: AppTest) -> str:
    """All a visitor's browser receives for the page: every element's protobuf, serialized, as text."""
    out: list[str] = []
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(proto.SerializeToString().decode("utf-8", "ignore"))
        stack.extend(getattr(node, "children", {}).values())
    return "\n".join(out)


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


HEADLINE = ("Uren gelopen (coachuren)", "Coaches actief", "Rondes", "Meldingen", "Open acties")


def headline_shown(at: AppTest) -> dict[str, str]:
    """The five Overzicht headline figures as shown (the partner's own figures below them left out)."""
    return {m.label: m.value for m in at.metric if m.label in HEADLINE}


def headline_expected(c, view, conf) -> dict[str, str]:
    """The same five figures as the metric functions make them, formatted as the page does."""
    from lib import fmt, metrics

    h = metrics.headline(c, view, conf)
    return {"Uren gelopen (coachuren)": fmt.hours(h["coach_hours"]), "Coaches actief": fmt.number(h["coaches"]),
            "Rondes": fmt.number(h["rounds"]), "Meldingen": fmt.number(h["signals"]),
            "Open acties": fmt.number(h["open_actions"])}
