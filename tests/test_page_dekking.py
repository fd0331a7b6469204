"""Dekking per flat on the demo data: figures, gaps and shares shown are the metric functions' for the view."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from lib.charts import coverage as charts
from tests.apptest import open_page, texts

PAGE = "pages/2_dekking.py"


def open_link(query: dict) -> AppTest:
    """The page as a shared link opens it."""
    return open_page(PAGE, query)


def shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(demo, conf, view) -> dict[str, str]:
    h = metrics.headline(demo, view, conf)
    o = metrics.evening_weekend_overall(demo, view, conf)
    return {"Rondes": fmt.number(h["rounds"]), "Uren gelopen": fmt.hours(h["round_hours"]),
            "Avonden gedekt": fmt.percent(o["evening_share"]), "Weekend gedekt": fmt.percent(o["weekend_share"]),
            "Buiten kantooruren": fmt.percent(metrics.outside_office_share(demo, view, conf))}


def test_january_figures_gaps_shares_and_charts(demo, conf):
    at = open_link({"maand": "2022-01"})
    assert not at.exception
    view = metrics.View("2022-01")
    assert shown(at) == expected(demo, conf, view)
    page = texts(at)
    for line in charts.gap_lines(metrics.gaps(demo, view, conf)):
        assert line in page
    share = [df.value for df in at.table if "Weekenddagen" in df.value.columns][0]
    assert share.reset_index(drop=True).equals(charts.share_frame(metrics.evening_weekend_share(demo, view, conf)))
    specs = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert len(specs) == 5  # heatmap, time of day, evenings, weekends, plan against actual
    assert "Zonsondergang" in specs[1]


def test_another_month_shows_other_numbers(demo, conf):
    at = open_link({"maand": "2021-12"})
    assert not at.exception
    assert shown(at) == expected(demo, conf, metrics.View("2021-12"))
    assert shown(at)["Rondes"] != expected(demo, conf, metrics.View("2022-01"))["Rondes"]


def test_the_link_sets_the_filters_and_the_gemeente_reads_the_public_space_first(demo, conf):
    at = open_link({"maand": "2022-01", "flat": "kempering,openbare-ruimte", "weergave": "gemeente"})
    assert at.selectbox(key="f_month").value == "2022-01"
    assert at.multiselect(key="f_towers").value == ["Kempering", "Openbare ruimte"]
    view = metrics.View("2022-01", ("Kempering", "Openbare ruimte"))
    assert shown(at) == expected(demo, conf, view)
    share = [df.value for df in at.table if "Weekenddagen" in df.value.columns][0]
    assert share["Plek"].tolist() == ["Openbare ruimte", "Kempering"]
    gap_items = [m.value for m in at.markdown if m.value.startswith("- **")][0]
    assert gap_items.startswith("- **Openbare ruimte**")
