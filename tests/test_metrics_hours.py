"""Hours and fees: what the coordinator pays each coach, and who passes which volunteer allowance limit."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import metrics
from lib.charts import hours as hour_charts
from lib.metrics import View
from lib.settings import Settings
from tests.builders import cleaned, rnd

T = dt.time
BUDGET_HEADERS = ["Post", "Uren", "Tarief", "Bedrag", "Bijdrage De Key", "Bijdrage Gemeente"]


def walk(day: dt.date, start=T(19, 0), end=T(23, 0), coach="Anna de Vries", mates=None, places="Kempering"):
    """A round told on the evening it was walked (or the next night when it went past midnight)."""
    ts = dt.datetime.combine(day + dt.timedelta(days=1 if end <= start else 0), T(23, 59) if end > start else T(3))
    return rnd(ts=ts, coach=coach, mates=mates, day=day, start=start, end=end, places=places)


def row(f: pd.DataFrame, coach: str) -> pd.Series:
    return f.set_index("coach").loc[coach]


def test_thirteen_hours_at_fifteen_euro_passes_the_month_limit_twelve_do_not(conf):
    # Anna alone: 6.5 h twice (past midnight both times) = 13 h = € 195 in December.
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), T(19, 0), T(1, 30)), walk(dt.date(2021, 12, 2), T(19, 0), T(1, 30))])
    f = metrics.fees(c, View("2021-12"), conf)
    anna = row(f, "Anna de Vries")
    assert anna["hours"] == pytest.approx(13.0) and anna["fee"] == pytest.approx(195.0)
    assert anna["max_month"] == 180 and anna["over_month"] and anna["months_over"] == ["2021-12"]
    assert not anna["over_year"]
    # 12 h = € 180 exactly: at the limit is not over it.
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), T(19, 0), T(1, 0)), walk(dt.date(2021, 12, 2), T(19, 0), T(1, 0))])
    assert not row(metrics.fees(c, View("2021-12"), conf), "Anna de Vries")["over_month"]


def test_an_under_21_coach_has_the_lower_hourly_limit(conf):
    # Bram Mensah is 'Jonger dan 21: Ja' in the roster; Anna is not.
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), mates="Bram Mensah")])
    f = metrics.fees(c, View("2021-12"), conf, rate=3.0)
    assert row(f, "Bram Mensah")["max_hour"] == pytest.approx(2.75) and row(f, "Bram Mensah")["over_hour"]
    assert row(f, "Anna de Vries")["max_hour"] == pytest.approx(5.0) and not row(f, "Anna de Vries")["over_hour"]
    assert bool(row(f, "Bram Mensah")["under_21"]) and not bool(row(f, "Anna de Vries")["under_21"])
    # With the budget's € 15 both pass the hourly limit.
    f = metrics.fees(c, View("2021-12"), conf)
    assert f["over_hour"].all()


def test_the_month_limit_is_per_calendar_month(conf):
    # 7 h on 31 Dec and 7 h on 1 Jan: € 210 over the project, but € 105 in each calendar month.
    c = cleaned(rounds=[walk(dt.date(2021, 12, 31), T(16, 0), T(23, 0)), walk(dt.date(2022, 1, 1), T(16, 0), T(23, 0))])
    f = metrics.fees(c, View(None), conf)
    anna = row(f, "Anna de Vries")
    assert anna["fee"] == pytest.approx(210.0)
    assert not anna["over_month"] and anna["months_over"] == []


def test_the_year_total_is_the_calendar_year_up_to_the_end_of_the_period(conf):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 10), T(18, 0), T(23, 0)),   # 5 h in 2021
                        walk(dt.date(2022, 1, 10), T(19, 0), T(22, 0)),    # 3 h in January
                        walk(dt.date(2022, 2, 10), T(19, 0), T(23, 0))])   # 4 h in February
    jan = row(metrics.fees(c, View("2022-01"), conf), "Anna de Vries")
    assert jan["year_hours"] == pytest.approx(3.0) and jan["year_fee"] == pytest.approx(45.0)
    feb = row(metrics.fees(c, View("2022-02"), conf), "Anna de Vries")
    assert feb["year_hours"] == pytest.approx(7.0)  # January and February 2022, not December 2021
    dec = row(metrics.fees(c, View("2021-12"), conf), "Anna de Vries")
    assert dec["year_hours"] == pytest.approx(5.0)  # 2021 only, nothing from the year after


def test_every_calendar_year_of_the_period_is_checked_against_its_own_limit(conf):
    raw = dict(conf.raw)
    raw["allowance"] = [
        {"year": 2021, "max_hour_21_plus": 5.0, "max_hour_under_21": 2.75, "max_month": 180, "max_year": 60},
        {"year": 2022, "max_hour_21_plus": 5.0, "max_hour_under_21": 2.75, "max_month": 100, "max_year": 1000},
    ]
    low = Settings(raw)
    c = cleaned(rounds=[walk(dt.date(2021, 12, 10), T(18, 0), T(23, 0)),   # € 75 in 2021: over 2021's € 60
                        walk(dt.date(2022, 1, 10), T(18, 0), T(23, 0))])   # € 75 in Jan 2022: under 2022's € 100
    anna = row(metrics.fees(c, View(None), low), "Anna de Vries")
    assert anna["years_over"] == [2021] and anna["over_year"]
    assert anna["months_over"] == []  # € 75 < € 180 (2021) and < € 100 (2022)
    assert anna["max_year"] == 1000  # the limit shown is the one of the period's last year


def test_allowance_for_a_year_not_in_settings(conf):
    assert metrics.allowance_for(conf, 2025)["max_month"] == 210  # latest known year before it (2024)
    assert metrics.allowance_for(conf, 2019)["max_month"] == 180  # before the table: the earliest year
    assert metrics.allowance_for(conf, 2023)["max_year"] == 1900


def test_fees_count_every_place_whatever_the_tower_filter(conf):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), places="Kouwenoord"),
                        walk(dt.date(2021, 12, 2), places="Kempering")])
    f = metrics.fees(c, View("2021-12", towers=("Kempering",)), conf)
    assert row(f, "Anna de Vries")["hours"] == pytest.approx(8.0)
    # The hours grid does follow the filter.
    grid = metrics.coach_hours_by(c, View("2021-12", towers=("Kempering",)), conf, "M")
    assert grid["hours"].sum() == pytest.approx(4.0)


def test_a_round_past_midnight_is_counted_on_its_start_date(conf):
    c = cleaned(rounds=[walk(dt.date(2022, 1, 31), T(22, 0), T(1, 0))])
    months = metrics.coach_hours_by(c, View(None), conf, "M")
    assert months[["period", "hours"]].values.tolist() == [["2022-01", 3.0]]
    assert metrics.fees(c, View("2022-02"), conf).empty
    assert row(metrics.fees(c, View("2022-01"), conf), "Anna de Vries")["hours"] == pytest.approx(3.0)


def test_weeks_are_iso_weeks_and_the_pivot_has_a_total(conf):
    c = cleaned(rounds=[walk(dt.date(2022, 1, 2)), walk(dt.date(2022, 1, 3), mates="Chantal Kok")])
    weeks = metrics.coach_hours_by(c, View("2022-01"), conf, "W")
    assert sorted(weeks["period"].unique()) == ["2021-W52", "2022-W01"]  # Sunday 2 Jan belongs to 2021's last week
    wide = metrics.coach_hours_pivot(c, View("2022-01"), conf, "W")
    assert wide.iloc[0]["coach"] == "Anna de Vries" and wide.iloc[0]["total"] == pytest.approx(8.0)
    assert hour_charts.period_label("2022-W01") == "wk 1 · 3 jan"
    assert hour_charts.period_label("2022-03") == "mrt 2022"


def test_payout_one_row_per_coach_per_month_with_the_year_so_far(conf):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 10), T(18, 0), T(23, 0)),
                        walk(dt.date(2022, 1, 10), T(19, 0), T(22, 0)),
                        walk(dt.date(2022, 2, 10), T(19, 0), T(23, 0))])
    p = metrics.payout(c, View(None), conf)
    assert p["month"].tolist() == ["2021-12", "2022-01", "2022-02"]
    assert p["fee"].tolist() == pytest.approx([75.0, 45.0, 60.0])
    assert p["year_fee"].tolist() == pytest.approx([75.0, 45.0, 105.0])  # starts again on 1 January
    assert (p["rate"] == 15.0).all() and p["pseudonym"].eq("Coach A").all()
    jan = metrics.payout(c, View("2022-01"), conf, rate=10.0)
    assert jan[["coach", "hours", "fee"]].values.tolist() == [["Anna de Vries", 3.0, 30.0]]


def test_payout_table_marks_the_limits_in_dutch(conf):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), T(19, 0), T(1, 30)), walk(dt.date(2021, 12, 2), T(19, 0), T(1, 30))])
    shown = hour_charts.payout_frame(metrics.payout(c, View("2021-12"), conf), with_month=False)
    assert shown.iloc[0]["Vergoeding"] == "€ 195,00" and shown.iloc[0]["Uren"] == "13,00"
    assert shown.iloc[0]["Boven grens"] == "uurtarief, maand"
    shown = hour_charts.payout_frame(metrics.payout(c, View("2021-12"), conf, rate=5.0), with_month=True)
    assert shown.iloc[0]["Boven grens"] == "–" and shown.iloc[0]["Maand"] == "December 2021"


def test_names_off_the_roster_written_twice_are_one_coach(conf):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), coach="Priscilla"), walk(dt.date(2021, 12, 2), coach=" priscilla")])
    f = metrics.fees(c, View("2021-12"), conf)
    assert len(f) == 1 and f.iloc[0]["hours"] == pytest.approx(8.0)
    assert f.iloc[0]["pseudonym"] == "Coach buiten rooster 1" and not f.iloc[0]["under_21"]


@pytest.mark.parametrize("line,expected", [
    (["Rondes flatcoaches", 480, 12.5, None, None, None], 12.5),   # Tarief of the coach line
    (["Flatcoach-rondes", 400, None, 6000, None, None], 15.0),     # no Tarief: Bedrag / Uren
    (["Rondes", 480, None, None, None, None], 15.0),               # nothing to go on: the default
])
def test_coach_rate_comes_from_the_budget(conf, line, expected):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1))], extra={"Begroting": [BUDGET_HEADERS, line]})
    assert metrics.coach_rate(c, conf) == pytest.approx(expected)


def test_coach_rate_default_budget_and_org_rate(conf):
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1))])
    assert c.budget["is_default"].all()
    assert metrics.coach_rate(c, conf) == 15.0 and metrics.org_rate(c, conf) == 25.0


def test_org_hours_cost_and_the_page_summary(conf):
    org = [["Datum", "Naam", "Uren", "Omschrijving"],
           [dt.datetime(2021, 12, 3), "Esther", 2.5, "Rooster"],
           [dt.datetime(2022, 1, 4), "Esther", 1.0, "Overleg"]]
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1), T(19, 0), T(1, 30)), walk(dt.date(2021, 12, 2), T(19, 0), T(1, 30)),
                        walk(dt.date(2021, 12, 3), mates="Bram Mensah")],
                extra={"Organisatie-uren": org})
    t = metrics.org_hours_table(c, View("2021-12"), conf)
    assert t[["name", "hours", "cost"]].values.tolist() == [["Esther", 2.5, 62.5]]
    s = metrics.fee_summary(c, View("2021-12"), conf)
    assert s == {"hours": 21.0, "fee": 315.0, "coaches": 2, "over_hour": 2, "over_month": 1, "over_year": 0,
                 "org_hours": 2.5, "org_cost": 62.5}
    assert metrics.fee_summary(c, View("2022-02"), conf)["coaches"] == 0


def test_whole_project_org_hours_include_the_preparation_before_the_first_round(conf):
    org = [["Datum", "Naam", "Uren", "Omschrijving"],
           [dt.datetime(2021, 11, 22), "Esther", 6, "Werving"],
           [dt.datetime(2021, 12, 3), "Esther", 2, "Rooster"]]
    c = cleaned(rounds=[walk(dt.date(2021, 12, 1))], extra={"Organisatie-uren": org})
    assert metrics.org_hours_table(c, View(None), conf)["hours"].sum() == 8
    assert metrics.fee_summary(c, View(None), conf)["org_cost"] == 200  # 8 h × € 25, as the budget counts them
    assert metrics.org_hours_table(c, View("2021-11"), conf)["hours"].sum() == 6
