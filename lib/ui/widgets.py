"""Small drawing helpers shared by pages: a row of metrics, a table with CSV/XLSX downloads, an empty state."""
from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from lib import data, export
from lib.ui import door


def metric_row(items: list[dict]) -> None:
    """items: {label, value (already formatted), delta (str|None), help, delta_color}."""
    cols = st.columns(len(items))
    for col, it in zip(cols, items):
        col.metric(it["label"], it["value"], it.get("delta"), help=it.get("help"),
                   delta_color=it.get("delta_color", "normal"), border=True)


def table(df: pd.DataFrame, name: str, key: str, column_config: dict | None = None, height: int | None = None,
          downloads: bool = True, download: pd.DataFrame | None = None, static: bool = False,
          right: tuple[str, ...] = (), pin_first: bool = False) -> None:
    """Show a table as filtered, with CSV and XLSX downloads of exactly what is shown — or of `download`, the same
    rows with numbers left as numbers, where a spreadsheet must be able to add them up (the payout).

    The files are made when a button is clicked, not while the page is drawn (see `deferred`): a month change
    draws every table again, and most of them are never downloaded.

    `static`: a plain table (st.table) instead of the interactive grid, for a few rows of text that is already
    formatted (no sorting or searching needed; column_config and height do not apply). The grid's code is loaded and
    started the first time a page shows one: in Chromium that is 0.5-1 s of a page's first view, so a page whose
    tables are all small and static opens that much sooner. With `static`, the columns in `right` are aligned right
    (figures) and `pin_first` keeps the first column in view while a wide table scrolls sideways on a phone (the CSS
    is in lib/ui/page.py, keyed by the container's class)."""
    if df.empty:
        st.caption("Geen rijen voor deze selectie.")
        return
    if static:
        shown: pd.DataFrame | Any = df
        if right:
            # A figure stays on one line: '€ 7.200,00' broken after the € reads as two values on a phone. Only the
            # table on the screen gets the non-breaking spaces; the downloads keep the plain text.
            figures = {c: df[c].astype(str).str.replace(" ", "\u00a0", regex=False) for c in right}
            # !important: st.table gives each cell its own inline text-align, which a plain rule does not beat
            heads = [{"selector": f"th.col{df.columns.get_loc(c)}", "props": "text-align: right !important"}
                     for c in right]
            shown = df.assign(**figures).style \
                .set_properties(subset=list(right), **{"text-align": "right !important"}).set_table_styles(heads)
        with st.container(key=f"pin-{key}") if pin_first else contextlib.nullcontext():
            st.table(shown, hide_index=True)
    else:
        st.dataframe(df, hide_index=True, column_config=column_config, width="stretch", height=height or "auto")
    if downloads:
        df = df if download is None else download
        slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
        row = st.container(horizontal=True, gap="small")  # the two buttons side by side, on a phone too
        row.download_button("CSV", deferred(export.to_csv, df), f"{slug}.csv", "text/csv", key=f"{key}-csv",
                            on_click="ignore", icon=":material/download:")
        row.download_button("Excel", deferred(export.to_xlsx, df, name), f"{slug}.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx",
                            on_click="ignore", icon=":material/download:")


def deferred(make: Callable[..., bytes], *args: Any) -> Callable[[], bytes]:
    """`make(*args)` (lib.export.to_csv or to_xlsx of a table: formula-like text made inert) as the `data` of an
    st.download_button: Streamlit calls it when the button is clicked, in a worker thread outside this session,
    and not during the page's run. door.guarded asks the door again first (a link revoked since the page was
    drawn gets no file); lib.data.file_bytes keeps the bytes, so another click on the same table is quick."""
    return door.guarded(lambda: data.file_bytes(make, *args))


def chart(c: alt.TopLevelMixin | Callable[..., alt.TopLevelMixin], *args: Any, key: str | None = None,
          **kwargs: Any) -> None:
    """Draw a chart. Given a lib.charts builder and its arguments, the spec is made once per content of the
    arguments and kept (lib.data.chart_spec): a rerun with the same data and filter only looks it up. Given a
    ready Altair chart, it is sent as a dict without Altair's schema validation (the tests validate the specs)."""
    if callable(c) and not isinstance(c, alt.TopLevelMixin):
        spec = data.chart_spec(c, *args, **kwargs)
    else:
        spec = data.chart_spec(lambda: c)  # a lambda cannot be pickled: converted, not kept
    st.vega_lite_chart(spec=spec, width="stretch", key=key)


def empty(text: str) -> None:
    """An empty state: a sentence, not an error."""
    st.info(text, icon=":material/info:")
