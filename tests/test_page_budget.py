"""Budget on the demo data: the totals, the lines and the funders shown are the metric functions' for the view."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from lib.charts import budget as charts
from tests.apptest import open_page

PAGE = "pages/5_budget.py"


def open_link(query: dict) -> AppTest:
    """The page as a shared link opens it."""
    return open_page(PAGE, query)


def shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(demo, conf, month: str) -> dict[str, str]:
    start, end = metrics.bounds(demo, month, conf)
    t = metrics.budget_totals(demo, conf, end, since=start)
    return {"Begroot": fmt.euro(t["budgeted"], cents=False), "Uitgegeven": fmt.euro(t["spent"], cents=False),
            "Resterend": fmt.euro(t["remaining"], cents=False),
            "Verwachting eind": fmt.euro(t["forecast"], cents=False)}


def deltas(at) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric}


def test_january_totals_lines_and_burn_up(demo, conf):
    at = open_link({"maand": "2022-01"})
    assert not at.exception
    assert shown(at) == expected(demo, conf, "2022-01")
    start, end = metrics.bounds(demo, "2022-01", conf)
    tot = metrics.budget_totals(demo, conf, end, since=start)
    assert deltas(at)["Uitgegeven"] == f"{fmt.euro(tot['spent_period'], cents=False)} deze maand"
    assert deltas(at)["Verwachting eind"] == f"{fmt.euro(abs(tot['forecast_margin']), cents=False)} " + (
        "marge" if tot["forecast_margin"] >= 0 else "tekort")
    lines = [df.value for df in at.table if "Begroot" in df.value.columns][0].reset_index(drop=True)
    want = charts.status_frame(metrics.period_budget(demo, metrics.View("2022-01"), conf), tot,
                               "Uitgegeven t/m 31 jan 2022", "In januari 2022")
    # the figures are shown with non-breaking spaces ('€ 7.200,00' stays on one line on a phone)
    assert "€\u00a0" in lines.iloc[0]["Begroot"]
    assert lines.replace("\u00a0", " ", regex=True).equals(want)
    burn = [c.proto for c in at.get("vega_lite_chart") if "Verwachting in dit tempo" in c.proto.spec]
    assert len(burn) == 1


def test_another_month_shows_other_numbers(demo, conf):
    at = open_link({"maand": "2021-12"})
    assert not at.exception
    dec = expected(demo, conf, "2021-12")
    assert shown(at) == dec
    jan = expected(demo, conf, "2022-01")
    assert dec["Uitgegeven"] != jan["Uitgegeven"] and dec["Resterend"] != jan["Resterend"]


def test_the_link_sets_the_filters_and_the_gemeente_sees_its_share_first(demo, conf):
    at = open_link({"maand": "2022-01", "flat": "kempering", "weergave": "gemeente"})
    assert at.selectbox(key="f_month").value == "2022-01"
    assert at.multiselect(key="f_towers").value == ["Kempering"]
    split = metrics.funder_split(demo, conf).set_index("funder")
    first = at.metric[0]
    assert first.label == "Bijdrage Gemeente"
    assert first.value == fmt.euro(split.loc["Gemeente", "contribution"], cents=False)
    funders = [df.value for df in at.table if "Financier" in df.value.columns][0]
    assert funders["Financier"].tolist() == ["Gemeente", "De Key", "Stichting"]
    # The budget belongs to the whole project: a tower filter does not change it.
    assert {k: v for k, v in shown(at).items() if k != first.label} == expected(demo, conf, "2022-01")
