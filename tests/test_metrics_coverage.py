"""Coverage: which places had a round on which day, at what time, the evenings and weekends covered, the gaps,
and plan against actual."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import metrics, schema
from lib.charts import coverage as cov_charts
from lib.metrics import View
from tests.builders import cleaned, rnd, sig

T = dt.time
D = dt.date


def walk(day: dt.date, start=T(19, 0), end=T(21, 0), places="Kempering", mates="Bram Mensah"):
    ts = dt.datetime.combine(day + dt.timedelta(days=1 if end <= start else 0), T(23, 59) if end > start else T(3))
    return rnd(ts=ts, day=day, start=start, end=end, places=places, mates=mates)


def test_a_gap_of_exactly_three_days_is_listed_two_days_are_not(conf):
    # Kempering: rounds on 1, 5, 8 and 11 January -> 2-4 Jan (3 days) is a gap; 6-7 and 9-10 (2 days) are not.
    c = cleaned(rounds=[walk(D(2022, 1, d)) for d in (1, 5, 8, 11)])
    g = metrics.gaps(c, View("2022-01", towers=("Kempering",)), conf)
    assert g[["location", "start", "end", "days"]].values.tolist() == [
        ["Kempering", pd.Timestamp("2022-01-02"), pd.Timestamp("2022-01-04"), 3]]
    assert cov_charts.gap_lines(g) == ["**Kempering**: 3 dagen zonder ronde, 2–4 jan 2022"]


def test_gaps_stop_at_the_last_day_with_data_and_follow_the_partner_order(conf):
    c = cleaned(rounds=[walk(D(2022, 1, 1), places="Kempering"),
                        walk(D(2022, 1, 6), places="Kempering, Openbare ruimte")])
    g = metrics.gaps(c, View("2022-01", towers=("Kempering", "Openbare ruimte")), conf)
    # Nothing after 6 January is a gap yet: those days have not happened in the data.
    assert g["end"].max() == pd.Timestamp("2022-01-05")
    assert g["location"].tolist() == ["Kempering", "Openbare ruimte"]
    assert metrics.by_place(g, "gemeente")["location"].tolist() == ["Openbare ruimte", "Kempering"]
    assert metrics.by_place(g, "dekey")["location"].tolist() == ["Kempering", "Openbare ruimte"]
    lines = cov_charts.gap_lines(metrics.by_place(g, "gemeente"))
    assert lines[0].startswith("**Openbare ruimte**: 5 dagen zonder ronde, 1–5 jan 2022")


def test_place_order_puts_the_public_space_first_for_the_gemeente():
    assert metrics.place_order("gemeente") == [schema.PUBLIC_SPACE, *schema.TOWERS]
    assert metrics.place_order("dekey") == list(schema.LOCATIONS)
    assert metrics.place_order("stichting")[-1] == schema.PUBLIC_SPACE


def test_a_round_past_midnight_counts_on_its_start_date(conf):
    c = cleaned(rounds=[walk(D(2022, 1, 31), T(23, 0), T(1, 0))])
    cal = metrics.day_tower_calendar(c, View("2022-01", towers=("Kempering",)), conf)
    assert cal.loc[cal["date"] == "2022-01-31", "rounds"].tolist() == [1]
    spans = metrics.round_spans(c, View("2022-01"), conf)
    assert spans[["start_hour", "end_hour", "hours"]].values.tolist() == [[23.0, 25.0, 2.0]]
    assert spans["places"].tolist() == [["Kempering"]]
    assert metrics.round_spans(c, View("2022-02"), conf).empty
    assert metrics.cumulative_hours(c, conf).set_index("date").loc["2022-01-31", "actual"] == pytest.approx(4.0)


def test_evenings_and_weekend_days_with_a_round(conf):
    c = cleaned(rounds=[
        walk(D(2022, 1, 3), T(14, 0), T(16, 0)),   # Monday afternoon: over before the evening starts
        walk(D(2022, 1, 4), T(16, 0), T(18, 0)),   # Tuesday: still walking after 17:00, an evening
        walk(D(2022, 1, 8), T(10, 0), T(12, 0)),   # Saturday morning: a weekend day, not an evening
        walk(D(2022, 1, 10), T(20, 0), T(22, 0), places="Kouwenoord"),
    ])
    v = View("2022-01")
    share = metrics.evening_weekend_share(c, v, conf).set_index("location")
    # The period runs up to the last data: 1-10 January, 10 evenings, 4 weekend days (1, 2, 8, 9 Jan).
    k = share.loc["Kempering"]
    assert (k["evenings"], k["evenings_covered"], k["weekend_days"], k["weekend_covered"]) == (10, 1, 4, 1)
    assert k["evening_share"] == pytest.approx(0.1) and k["weekend_share"] == pytest.approx(0.25)
    assert share.loc["Kouwenoord", "evenings_covered"] == 1 and share.loc["Klieverink", "evenings_covered"] == 0
    overall = metrics.evening_weekend_overall(c, v, conf)
    assert (overall["evenings_covered"], overall["weekend_covered"]) == (2, 1)
    assert overall["evening_share"] == pytest.approx(0.2)


def test_share_of_hours_outside_office_hours(conf):
    c = cleaned(rounds=[walk(D(2022, 1, 4), T(16, 0), T(18, 0))])   # Tuesday 16-18: half inside 09-17
    assert metrics.outside_office_share(c, View("2022-01"), conf) == pytest.approx(0.5)
    c = cleaned(rounds=[walk(D(2022, 1, 8), T(10, 0), T(12, 0))])   # Saturday: no office hours
    assert metrics.outside_office_share(c, View("2022-01"), conf) == pytest.approx(1.0)


def test_office_days_are_the_weekdays_of_the_period(conf):
    c = cleaned(rounds=[walk(D(2022, 1, 4)), walk(D(2022, 1, 31))])
    od = metrics.office_days(c, View("2022-01"), conf)
    assert len(od) == 21 and (od["date"].dt.dayofweek < 5).all()
    assert od[["start_hour", "end_hour"]].iloc[0].tolist() == [9.0, 17.0]


@pytest.mark.parametrize("day,hhmm", [(D(2021, 12, 1), (16, 32)), (D(2021, 12, 14), (16, 27)),
                                      (D(2022, 3, 15), (18, 43))])
def test_sunset_in_the_k_buurt(conf, day, hhmm):
    c = cleaned(rounds=[walk(day)])
    month = day.strftime("%Y-%m")
    s = metrics.sunsets(c, View(month), conf).set_index("date")["sunset_hour"]
    assert s.loc[pd.Timestamp(day)] == pytest.approx(hhmm[0] + hhmm[1] / 60, abs=2 / 60)  # within two minutes


def test_plan_against_actual(conf):
    c = cleaned(rounds=[walk(D(2021, 11, 30)), walk(D(2021, 12, 2)), walk(D(2021, 12, 5), T(19, 0), T(22, 0))])
    cum = metrics.cumulative_hours(c, conf).set_index("date")
    # 4 coach hours walked the day before the plan starts count on its first day.
    assert cum.loc["2021-12-01", "actual"] == pytest.approx(4.0)
    assert cum.loc["2021-12-05", "actual"] == pytest.approx(14.0)
    assert pd.isna(cum.loc["2021-12-06", "actual"])  # after the last round: no line yet
    assert cum["plan"].iloc[-1] == pytest.approx(480.0) and len(cum) == 105
    assert cum.loc["2021-12-01", "plan"] == pytest.approx(480 / 105)


def test_heatmap_counts_rounds_and_hours_per_place_per_day(conf):
    c = cleaned(rounds=[walk(D(2022, 1, 4), places="Kempering, Openbare ruimte"),
                        walk(D(2022, 1, 4), T(21, 30), T(23, 0), places="Kempering"),
                        walk(D(2022, 1, 20), places="Kralenbeek")])
    cal = metrics.day_tower_calendar(c, View("2022-01"), conf).set_index(["date", "location"])
    assert cal.loc[(pd.Timestamp("2022-01-04"), "Kempering"), ["rounds", "hours"]].tolist() == [2, 3.5]
    assert cal.loc[(pd.Timestamp("2022-01-04"), "Openbare ruimte"), "rounds"] == 1
    assert cal.loc[(pd.Timestamp("2022-01-05"), "Kempering"), "rounds"] == 0


def test_day_by_day_stops_at_the_last_data(conf):
    """Days after the last round or signal have not happened (or the season is over): no grey 'missed' days."""
    c = cleaned(rounds=[walk(D(2022, 3, 2)), walk(D(2022, 3, 15))])
    cal = metrics.day_tower_calendar(c, View("2022-03"), conf)
    assert cal["date"].max() == pd.Timestamp("2022-03-15") and cal["date"].min() == pd.Timestamp("2022-03-01")
    assert metrics.sunsets(c, View("2022-03"), conf)["date"].max() == pd.Timestamp("2022-03-15")


def test_the_last_day_with_data_is_the_last_round_or_signal():
    c = cleaned(rounds=[walk(D(2022, 3, 2))], signals=[sig(ts=dt.datetime(2022, 3, 9, 22), day=D(2022, 3, 9))])
    assert metrics.last_day(c) == pd.Timestamp("2022-03-09")  # a signal after the last round counts
    assert pd.isna(metrics.last_day(cleaned()))
