"""Meldingen & kaart on the demo data: the figures, the map and the tables are the metric functions' for the view."""
from __future__ import annotations

import json

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from tests.apptest import metrics_shown, open_clean, texts

PAGE = "pages/3_meldingen.py"


def open_meldingen(query: dict | None = None) -> AppTest:
    """The page as a shared link opens it."""
    return open_clean(PAGE, query)


shown = metrics_shown


def expected(demo, conf, view, partner="stichting") -> dict[str, str]:
    f = metrics.signal_focus(demo, view, conf)
    labels = {"total": "Meldingen", "towers": "In de flats", "public_space": "Openbare ruimte",
              "urgent": "Hoog of spoed", "not_passed": "Niet doorgezet", "to_dekey": "Naar De Key",
              "to_gemeente": "Naar de gemeente"}
    order = {"stichting": ["total", "towers", "public_space", "urgent", "not_passed"],
             "gemeente": ["public_space", "to_gemeente", "urgent", "total", "towers"]}[partner]
    return {labels[k]: fmt.number(f[k]) for k in order}


def datasets(chart) -> list:
    return [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]


def the_map(at):
    """The map's spec and the frames it draws (a Mercator projection: no tiles, nothing fetched)."""
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        if spec.get("projection", {}).get("type") == "mercator":
            return spec, datasets(chart)
    raise AssertionError("no map on the page")


def map_places(at):
    """The per-place rows the map draws (the dataset with the labels)."""
    spec, frames = the_map(at)
    return spec, next(df for df in frames if "label" in df.columns).set_index("location")


@pytest.fixture(scope="module")
def opened():
    return open_meldingen()


def test_latest_month_figures_map_and_tower_grids(opened, demo, conf):
    at = opened
    view = metrics.View(metrics.latest_month(demo))
    assert shown(at) == expected(demo, conf, view)
    spec, places = map_places(at)
    per = metrics.signals_per_place(demo, view, conf).set_index("location")
    assert places["signals"].to_dict() == per["signals"].to_dict()
    assert places.loc["Kempering", "label"] == f"Kempering · {per.loc['Kempering', 'signals']}"
    assert '"geoshape"' in json.dumps(spec)  # tower footprints and the public space
    names = set().union(*[set(df["name"]) for df in the_map(at)[1] if "name" in df.columns])
    assert "Metro Kraaiennest" in names  # a landmark
    assert "http" not in json.dumps({k: v for k, v in spec.items() if k != "$schema"})  # nothing to fetch
    titles = [json.loads(c.proto.spec).get("title", {}).get("text") for c in at.get("vega_lite_chart")]
    assert {"Kouwenoord", "Klieverink", "Kempering", "Kralenbeek"} <= set(titles)  # a floor x spot grid per tower
    table = at.dataframe[-1].value  # the searchable table: every signal of the month
    assert len(table) == len(metrics.signals_in(demo, view, conf))
    # Dates read as everywhere else on the dashboard ('12 mrt 2022 23:02'), newest first.
    assert table["Datum en tijd"].tolist() == metrics.signals_list(demo, view, conf, "")["moment"].map(
        fmt.moment).tolist()


def test_searching_narrows_the_table(opened, demo, conf):
    at = opened
    view = metrics.View(metrics.latest_month(demo))
    at.text_input(key="meldingen_zoek").input("lift").run()
    want = metrics.signals_list(demo, view, conf, "lift")
    assert 0 < len(want) < len(metrics.signals_in(demo, view, conf))
    assert len(at.dataframe[-1].value) == len(want)
    assert f"{fmt.number(len(want))} van" in texts(at)


def test_changing_the_month_changes_the_numbers(demo, conf):
    at = open_meldingen()
    before = shown(at)
    at.selectbox(key="f_month").select("2021-12").run()
    assert shown(at) == expected(demo, conf, metrics.View("2021-12"))
    assert shown(at)["Meldingen"] != before["Meldingen"]


def test_query_parameters_set_the_filters_and_the_partner_order(demo, conf):
    at = open_meldingen({"maand": "2022-01", "flat": "kempering,openbare-ruimte", "cat": "veilig,overlast",
                         "weergave": "gemeente"})
    assert at.selectbox(key="f_month").value == "2022-01"
    assert at.multiselect(key="f_towers").value == ["Kempering", "Openbare ruimte"]
    view = metrics.View("2022-01", ("Kempering", "Openbare ruimte"), ("Veilig", "Overlast"))
    assert shown(at) == expected(demo, conf, view, "gemeente")
    assert list(shown(at))[0] == "Openbare ruimte"  # the gemeente's part first
    _, places = map_places(at)
    assert not places.loc["Kouwenoord", "selected"] and places.loc["Kouwenoord", "signals"] == 0
    per = metrics.signals_per_place(demo, view, conf).set_index("location")
    assert places.loc["Kempering", "signals"] == per.loc["Kempering", "signals"] > 0


def test_a_selection_without_signals_reads_as_a_sentence(demo, conf):
    view = metrics.View("2021-12", ("Klieverink",), ("Veilig",))
    assert metrics.signal_focus(demo, view, conf)["total"] == 0
    at = open_meldingen({"maand": "2021-12", "flat": "klieverink", "cat": "veilig"})
    assert shown(at)["Meldingen"] == "0"
    assert "Geen meldingen in december 2021 voor deze selectie." in [i.value for i in at.info]
    assert "Geen meldingen in Klieverink in december 2021." in [i.value for i in at.info]
    _, places = map_places(at)
    assert places.loc["Klieverink", "label"] == "Klieverink · 0"  # the map still shows where it would be


def test_a_day_from_the_urgent_mail_shows_that_day_and_can_be_widened(demo, conf):
    """The urgent-signal mail links to ?maand=…&dag=…: only that day's signals, until 'hele maand tonen'."""
    day = demo.signals["date"].dt.strftime("%Y-%m-%d").value_counts().index[0]  # a day with several signals
    month = day[:7]
    at = open_meldingen({"maand": month, "dag": day, "flat": "", "cat": ""})
    one_day = metrics.View(month, (), (), day)
    assert shown(at) == expected(demo, conf, one_day)
    assert shown(at)["Meldingen"] == fmt.number((demo.signals["date"].dt.strftime("%Y-%m-%d") == day).sum())
    assert shown(at)["Meldingen"] != expected(demo, conf, metrics.View(month))["Meldingen"]
    assert at.query_params["dag"] in (day, [day])
    at.button(key="f_whole_month").click().run()
    assert shown(at) == expected(demo, conf, metrics.View(month))
    assert "dag" not in at.query_params


@pytest.mark.parametrize("dag", ["2022-13-01", "gisteren", "1999-01-01", "2022-1-5"])
def test_a_day_that_is_not_a_day_with_data_falls_back_to_the_month(demo, conf, dag):
    from lib import filters

    state = filters.parse({"maand": "2022-01", "dag": dag}, metrics.months_with_data(demo))
    assert state.view == metrics.View("2022-01") and state.view.day is None
    assert state.notices and "hele maand" in state.notices[0]
    assert dag not in state.notices[0] or "`" in state.notices[0]  # quoted as code, never as Markdown
