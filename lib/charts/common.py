"""Shared chart settings: Dutch number/date format, the palette's scales, charts as plain Vega-Lite dicts (for the
page cache) and PNG rendering for the report."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import altair as alt
import pandas as pd

from lib import palette

# Altair's theme and data transformer are process-wide settings: one chart is turned into a dict at a time.
_ALTAIR_LOCK = threading.RLock()
F = TypeVar("F", bound=Callable[..., Any])

# Vega's d3 locale for Dutch: 1.234,5 and € in front; month and day names in Dutch.
NL_FORMAT = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
NL_TIME = {
    "dateTime": "%a %e %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
               "oktober", "november", "december"],
    "shortMonths": ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}


def place_color(field: str = "location", title: str = "Plek") -> alt.Color:
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(**palette.scale(palette.PLACE)))


def category_color(field: str = "category", title: str = "Categorie") -> alt.Color:
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(**palette.scale(palette.CATEGORY)))


def finish(chart: alt.Chart | alt.LayerChart, height: int | None = None) -> alt.Chart:
    """Common look: Dutch locale, readable fonts, legends at the bottom on narrow screens."""
    c = chart.configure_axis(labelFontSize=12, titleFontSize=12).configure_legend(
        orient="bottom", labelFontSize=12, titleFontSize=12).configure_view(strokeWidth=0)
    if height:
        c = c.properties(height=height)
    return c


def digest(*parts: Any) -> str | None:
    """A hash of pickled values (frames included): equal content, equal digest. None when one cannot be pickled."""
    try:
        return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=20).hexdigest()
    except Exception:  # a lambda or an open file: no key
        return None


def kept(fn: F) -> F:
    """Keep the last charts a builder made, per content of its arguments: the report and a page that draw the same
    chart again get the same (read-only) Altair object, and its dict (to_spec) is then made once as well.
    Building an Altair chart is slow: every encoding is looked up against the Vega-Lite schema."""
    made: OrderedDict[str, Any] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = digest(fn.__module__, fn.__qualname__, args, kwargs)
        if key is None:
            return fn(*args, **kwargs)
        with lock:
            if key in made:
                made.move_to_end(key)
                return made[key]
        chart = fn(*args, **kwargs)
        with lock:
            made[key] = chart
            while len(made) > 64:
                made.popitem(last=False)
        return chart

    return wrapper  # type: ignore[return-value]


_SPECS: dict[int, tuple[weakref.ref, tuple[dict[str, Any], dict[str, pd.DataFrame]]]] = {}


def to_spec(chart: alt.TopLevelMixin) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """to_spec, made once per chart object (kept while the object lives; the spec is copied on the way out)."""
    found = _SPECS.get(id(chart))
    if found is not None and found[0]() is chart:
        spec, frames = found[1]
        return json.loads(json.dumps(spec)), dict(frames)
    spec, frames = _to_spec(chart)
    try:
        ident = id(chart)
        _SPECS[ident] = (weakref.ref(chart, lambda _r, i=ident: _SPECS.pop(i, None)), (spec, frames))
    except TypeError:  # not weakly referable: not kept
        return spec, frames
    return json.loads(json.dumps(spec)), dict(frames)


def _to_spec(chart: alt.TopLevelMixin, theme: str | None = "none") -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """The chart as a plain Vega-Lite dict plus its data frames by dataset name, as st.altair_chart would send it
    (theme 'none', each frame a named dataset; inline data such as GeoJSON stays in spec["datasets"]), but without
    validating the spec against the Vega-Lite JSON schema: that check took most of a page's rerun.
    tests/test_chart_specs.py validates every spec the pages draw instead. Dataset names count up per chart, so the
    same chart always gives the same spec."""
    frames: dict[str, pd.DataFrame] = {}
    names: dict[int, str] = {}

    def named(data: Any) -> dict[str, Any]:
        if not isinstance(data, pd.DataFrame):
            return alt.utils.data.to_values(data)  # GeoJSON and the like: inline, as Altair would
        name = names.get(id(data))
        if name is None:
            name = names[id(data)] = f"data-{len(names)}"
            frames[name] = data
        return {"name": name}

    with _ALTAIR_LOCK:
        alt.data_transformers.register("flatcoach_named", named)
        with alt.theme.enable(theme) if theme else contextlib.nullcontext(), \
                alt.data_transformers.enable("flatcoach_named"):
            spec = chart.to_dict(validate=False)
    # spec["datasets"] keeps what Altair inlined itself (the map's GeoJSON); the frames travel beside it
    return spec, frames


def to_json(chart: alt.TopLevelMixin) -> str:
    """The chart as Vega-Lite JSON with its data inline (for vl-convert), in Altair's active theme, unvalidated (see
    to_spec). Each frame is written out once, also when several layers draw it (the map has a dozen)."""
    return _inline(*_to_spec(chart, theme=None))


def _inline(spec: dict[str, Any], frames: dict[str, pd.DataFrame]) -> str:
    spec = {**spec, "datasets": {**spec.get("datasets", {}),
                                 **{n: alt.utils.data.to_values(df)["values"] for n, df in frames.items()}}}
    return json.dumps(spec)


def to_png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """Render a chart to PNG offline (vl-convert bundles Vega; nothing is fetched)."""
    return _draw(*_to_spec(chart, theme=None), scale=scale)


def _draw(spec: dict[str, Any], frames: dict[str, pd.DataFrame], scale: float = 2.0) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(_inline(spec, frames), scale=scale, format_locale=NL_FORMAT, time_format_locale=NL_TIME)


_PNGS: OrderedDict[str, bytes] = OrderedDict()
_PNGS_LOCK = threading.Lock()  # deferred downloads draw in worker threads


def chart_png(chart: Any, width: int = 640) -> bytes:
    """The chart as PNG at a width (the report's text width): the same spec is drawn once (small LRU), so a
    report made again, or the page's preview and its download, cost one drawing."""
    # One dict of the chart (Altair's active theme, as vl-convert draws it) serves as the key and as the drawing:
    # no second to_dict for the key, and the width goes into the dict instead of a .properties() copy of the chart
    # (a deep copy of every layer: the map has two dozen).
    spec, frames = _to_spec(chart, theme=None)
    if "width" not in spec and not any(k in spec for k in ("hconcat", "vconcat", "concat")):
        spec["width"] = width  # a concatenated chart has no single width: drawn as the dashboard lays it out
    key = digest(json.dumps(spec, sort_keys=True, default=str), frames)
    with _PNGS_LOCK:
        if key is not None and key in _PNGS:
            _PNGS.move_to_end(key)
            return _PNGS[key]
    png = _draw(spec, frames)
    if key is not None:
        with _PNGS_LOCK:
            _PNGS[key] = png
            while len(_PNGS) > 32:
                _PNGS.popitem(last=False)
    return png


_MONTHS = "['jan','feb','mrt','apr','mei','jun','jul','aug','sep','okt','nov','dec']"
_DAYS = "['zo','ma','di','wo','do','vr','za']"


def nl_date_axis(title: str | None = None, with_day: bool = True, **kw) -> alt.Axis:
    """A date axis with Dutch month names in the browser (Streamlit's Vega has no Dutch locale)."""
    expr = (f"date(datum.value) + ' ' + {_MONTHS}[month(datum.value)]" if with_day
            else f"{_MONTHS}[month(datum.value)] + ' ' + year(datum.value)")
    return alt.Axis(title=title, labelExpr=expr, **kw)


def euro_axis(title: str | None = None, **kw) -> alt.Axis:
    """€ 1.234 on the axis, Dutch thousands separator."""
    return alt.Axis(title=title, labelExpr="'€ ' + replace(format(datum.value, ',.0f'), /,/g, '.')", **kw)
