"""Every chart spec the pages send is valid Vega-Lite.

Pages send their charts as plain dicts, made once per data and filter without Altair's schema validation (that
check took most of a rerun: issue #12). The validation lives here instead: each page on the demo data, each of its
charts checked against the Vega-Lite JSON schema Altair ships, as the browser receives it. And a chart drawn twice
with the same data is one spec, built once.
"""
from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema.core import load_schema

from lib import access
from lib.access import Role
from lib.charts import common
from lib.charts import signals as signal_charts
from tests.apptest import open_page

SCHEMA = load_schema()


def invalid(spec: dict) -> str | None:
    """The first schema error of a Vega-Lite spec, or None when it is valid."""
    err = validate_jsonschema(spec, SCHEMA, raise_error=False)
    return None if err is None else f"{err.message} at {list(err.absolute_path)}"


def test_the_check_catches_a_broken_spec():
    good = {"mark": "bar", "data": {"name": "d"}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    assert invalid(good) is None
    assert invalid({**good, "mark": "barr"}) is not None  # a typo in a mark
    assert invalid({**good, "encoding": {"x": {"field": "a", "type": "quantitive"}}}) is not None


@pytest.mark.parametrize("page", [p for p in access.pages_for(Role.DEMO) if p.key != "invoer"], ids=lambda p: p.key)
def test_every_chart_on_every_page_is_valid_vega_lite(page):
    # Overzicht's calendar is an HTML table within a month and a chart for the whole project
    at = open_page(page.path, query={"maand": "project"} if page.key == "overzicht" else None)
    assert not at.exception, [e.value for e in at.exception]
    charts = at.get("vega_lite_chart")
    if page.key in ("overzicht", "uren", "dekking", "meldingen", "budget", "rapportage"):
        assert charts, f"{page.path} drew no chart: the check would see nothing"
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        assert invalid(spec) is None, (page.path, invalid(spec))
        # the data travels beside the spec as Arrow (GeoJSON inside it), under the names the spec uses
        names = {d.name for d in chart.proto.datasets} | set(spec.get("datasets", {}))
        used = set()
        stack = [spec]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("data"), dict) and "name" in node["data"]:
                    used.add(node["data"]["name"])
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        assert used <= names, (page.path, used - names)


def test_to_spec_matches_altair_and_names_shared_data_once():
    df = pd.DataFrame({"week": ["2022-W01", "2022-W02"], "kind": ["Afval/vuil", "Slapers"], "signals": [3, 1]})
    chart = signal_charts.week_grid(df, "kind", ["2022-W01", "2022-W02"], ["Afval/vuil", "Slapers"], "Soort")
    spec, frames = common.to_spec(chart)
    assert invalid(spec) is None
    assert list(frames) == ["data-0"]  # the grid's cells and texts share one frame: sent once
    assert frames["data-0"]["signals"].tolist() == [3, 1]
    assert spec["data"] == {"name": "data-0"} and "datasets" not in spec
    # the same as Altair's own (validated) dict, apart from how the data is carried
    with alt.theme.enable("none"):
        ref = chart.to_dict()
    ref.pop("datasets")
    ref.pop("data")
    assert {k: v for k, v in spec.items() if k != "data"} == ref
    assert common.to_spec(chart)[0] == spec  # the same chart gives the same spec (stable names)


def test_inline_geojson_stays_in_the_spec():
    geo = alt.InlineData(values={"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Kouwenoord"},
         "geometry": {"type": "Point", "coordinates": [4.98, 52.31]}}]},
                         format=alt.DataFormat(property="features", type="json"))
    spec, frames = common.to_spec(alt.Chart(geo).mark_geoshape())
    assert frames == {} and invalid(spec) is None
    (name,) = spec["datasets"]  # Altair's own name for inline data, the features kept as they are
    assert spec["data"]["name"] == name and spec["datasets"][name]["features"][0]["properties"]["name"] == "Kouwenoord"


def test_a_chart_is_built_once_per_content(monkeypatch):
    from lib import data

    calls = []

    def build(df: pd.DataFrame) -> alt.Chart:
        calls.append(len(df))
        return alt.Chart(df).mark_bar().encode(x="n:Q", y="t:N")

    monkeypatch.setattr(build, "__qualname__", "test_chart_specs.build")
    a = pd.DataFrame({"t": ["Kouwenoord", "Klieverink"], "n": [2, 5]})
    first = data.chart_spec(build, a)
    again = data.chart_spec(build, a.copy())  # equal content, another object
    other = data.chart_spec(build, a.assign(n=[2, 6]))
    assert calls == [2, 2]  # built for the first and the changed frame only
    assert first == again and first != other
    assert isinstance(first["datasets"]["data-0"], bytes)  # Arrow, ready for the browser
