"""Run a page with Streamlit's AppTest as a visitor would open it: a path, query parameters, secrets."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# --- downloads ------------------------------------------------------------------------------------------------------
def _bytes(raw: Any) -> bytes:
    if hasattr(raw, "read"):
        raw = raw.read()
    return raw.encode() if isinstance(raw, str) else bytes(raw or b"")


@dataclass
class Download:
    """One download button as a page drew it: label, key, file name, MIME type and its data: bytes, or (deferred:
    every table's CSV and Excel, the report, the minutes) the callable Streamlit calls when the button is clicked."""

    label: str
    key: str
    name: str
    mime: str
    data: Any
    secrets: Any  # st.secrets as the page's run had them

    @property
    def deferred(self) -> bool:
        return callable(self.data)

    @property
    def table(self) -> bool:
        """A table's CSV or Excel (lib.ui.widgets.table)."""
        return self.name.endswith((".csv", ".xlsx"))

    def click(self) -> bytes:
        """The file a click hands out. AppTest never calls a deferred download's callable (it registers it in a
        mock runtime that is gone after the run; a button's .click() only reruns the page), so it is called here
        as the server calls it on a click: after the run, outside the session, so door.guarded asks the door again
        (and raises door.Refused for a session that may no longer have the file). AppTest hands the page its
        secrets (at.secrets) for the run only; here they are back for the call, as a server's click reads the same
        settings the page was drawn with. Where the test points the door at a secrets file (door.SECRETS_FILES),
        that file is read as it is now."""
        if not self.deferred:
            return _bytes(self.data)
        import streamlit as st
        from streamlit.testing.v1.util import patch_config_options

        saved = st.secrets
        st.secrets = self.secrets
        try:
            with patch_config_options({"global.appTest": True}):
                return _bytes(self.data())
        finally:
            st.secrets = saved


class Downloads(list):
    """Every download button drawn while the capture is on, in order (see capture_downloads)."""

    def named(self, start: str, ext: str = "") -> Download:
        """The last download whose file name starts with `start` and ends with `ext`."""
        found = [d for d in self if d.name.startswith(start) and d.name.endswith(ext)]
        if not found:
            raise KeyError(f"{start}*{ext} not in {[d.name for d in self]}")
        return found[-1]

    def tables(self) -> list[Download]:
        """The tables' CSV and Excel files (lib.ui.widgets.table)."""
        return [d for d in self if d.table]


def workbook_parts(data: bytes) -> dict[str, bytes]:
    """An .xlsx's parts, without docProps/core.xml (it holds the time the file was written): two workbooks of the
    same table made at different moments have the same parts."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def capture_downloads(monkeypatch) -> Downloads:
    """Capture every download button where Streamlit registers its file (button.marshall_file), eager or deferred."""
    import streamlit as st
    from streamlit.elements.widgets import button

    got = Downloads()
    real = button.marshall_file

    def capture(coordinates, data, proto, mimetype, file_name=None, **kw):
        if not callable(data) and hasattr(data, "read"):
            raw = data.read()
            if hasattr(data, "seek"):
                data.seek(0)
        else:
            raw = data
        user_key = proto.id.split("-", 2)[2] if proto.id.startswith("$$ID-") else ""
        got.append(Download(proto.label, user_key, str(file_name or ""), str(mimetype or ""), raw, st.secrets))
        return real(coordinates, data, proto, mimetype, file_name, **kw)

    monkeypatch.setattr(button, "marshall_file", capture)
    return got
