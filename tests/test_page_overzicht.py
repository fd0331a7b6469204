"""Overzicht (app.py) on the demo data: the figures shown are the metric functions' figures for the view."""
from __future__ import annotations

from lib import fmt, metrics
from tests.apptest import headline_expected, headline_shown, metric, open_page, texts

shown = headline_shown


def expected(demo, conf, view) -> dict[str, str]:
    return headline_expected(demo, view, conf)


def test_opens_on_the_latest_month_with_the_metric_figures(demo, conf):
    at = open_page("app.py")
    assert not at.exception
    latest = metrics.latest_month(demo)
    assert at.selectbox(key="f_month").value == latest
    assert shown(at) == expected(demo, conf, metrics.View(latest))
    assert "laatst bijgewerkt" in texts(at)


def test_changing_the_month_changes_the_numbers(demo, conf):
    at = open_page("app.py")
    before = metric(at, "Rondes")
    at.selectbox(key="f_month").select("2021-12").run()
    assert shown(at) == expected(demo, conf, metrics.View("2021-12"))
    assert metric(at, "Rondes") != before
    assert at.query_params["maand"] == ["2021-12"] or at.query_params["maand"] == "2021-12"


def test_query_parameters_set_the_filters(demo, conf):
    at = open_page("app.py", query={"maand": "2022-01", "flat": "kempering,openbare-ruimte", "cat": "veilig"})
    assert at.selectbox(key="f_month").value == "2022-01"
    assert at.multiselect(key="f_towers").value == ["Kempering", "Openbare ruimte"]
    assert at.multiselect(key="f_categories").value == ["Veilig"]
    view = metrics.View("2022-01", ("Kempering", "Openbare ruimte"), ("Veilig",))
    assert shown(at) == expected(demo, conf, view)


def test_whole_project_and_a_bad_month_in_the_link(demo, conf):
    at = open_page("app.py", query={"maand": "project"})
    assert shown(at) == expected(demo, conf, metrics.View(None))
    at = open_page("app.py", query={"maand": "2099-13"})
    assert not at.exception
    assert at.selectbox(key="f_month").value == metrics.latest_month(demo)
    assert "2099-13" in texts(at)  # a short notice, not an error


def test_partner_view_puts_that_partners_part_first(demo, conf):
    focus = metrics.signal_focus(demo, metrics.View("2022-01"), conf)
    at = open_page("app.py", query={"maand": "2022-01", "weergave": "gemeente"})
    assert [s.value for s in at.subheader][0] == "Voor de gemeente: de openbare ruimte"
    assert metric(at, "Meldingen in de openbare ruimte") == fmt.number(focus["public_space"])
    assert metric(at, "Doorgezet naar de gemeente") == fmt.number(focus["to_gemeente"])
    at = open_page("app.py", query={"maand": "2022-01", "weergave": "dekey"})
    assert [s.value for s in at.subheader][0] == "Voor De Key: binnen de flats"
    assert metric(at, "Meldingen in de flats") == fmt.number(focus["towers"])


def test_the_calendar_shows_each_places_rounds_per_day(demo, conf):
    import html
    import re

    view = metrics.View("2022-01")
    at = open_page("app.py", query={"maand": "2022-01"})
    cal = metrics.day_tower_calendar(demo, view, conf)
    (table,) = [h.proto.body for h in at.get("html") if "kcal" in h.proto.body]
    rows = dict(re.findall(r"<tr><th>([^<]+)</th>(.*?)</tr>", table))
    assert set(rows) == set(cal["location"])
    for place, cells in rows.items():
        shown = re.findall(r"<td [^>]*>(\d*)</td>", cells)
        want = cal[cal["location"] == place].sort_values("date")["rounds"]
        assert shown == [str(n) if n else "" for n in want], place
    busiest = cal.sort_values("rounds").iloc[-1]
    tip = f"Rondes: {busiest['rounds']} rondes" if busiest["rounds"] > 1 else "Rondes: 1 ronde"
    assert tip in html.unescape(table) and "Uur gelopen" in html.unescape(table)
    assert not at.get("vega_lite_chart")  # a month is a table; the whole project stays a chart


def test_the_whole_project_calendar_stays_a_chart(demo, conf):
    at = open_page("app.py", query={"maand": "project"})
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
