"""Budget: each line against what was spent, the burn-up and its forecast, and the split per funder."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import metrics
from lib.charts import budget as budget_charts
from tests.builders import cleaned, rnd

T = dt.time
D = dt.datetime
BUDGET = [["Post", "Uren", "Tarief", "Bedrag", "Bijdrage De Key", "Bijdrage Gemeente"],
          ["Rondes flatcoaches", 100, 10, None, 600, 300],        # 1.000
          ["Organisatie en begeleiding", 10, 20, None, None, 100],  # 200
          ["Materiële kosten", None, None, 300, None, None]]       # 300 -> total 1.500
ORG = [["Datum", "Naam", "Uren", "Omschrijving"], [D(2021, 12, 5), "Esther", 2, "Rooster"]]
COSTS = [["Datum", "Post", "Omschrijving", "Bedrag", "Betaald door"],
         [D(2021, 11, 29), "materiële KOSTEN", "Zaklampen", 100, "De Key"],   # booked on 'Materiële kosten'
         [D(2021, 12, 20), "Koffie", "Overleg", 30, "Stichting"]]             # a post not in the budget


@pytest.fixture(scope="module")
def c():
    rounds = [
        rnd(ts=D(2021, 12, 1, 22), day=dt.date(2021, 12, 1), start=T(19), end=T(21), mates="Bram Mensah"),  # 4 h
        rnd(ts=D(2021, 12, 10, 22), day=dt.date(2021, 12, 10), start=T(19), end=T(21), mates=None),         # 2 h
    ]
    return cleaned(rounds=rounds, extra={"Begroting": BUDGET, "Organisatie-uren": ORG, "Kosten": COSTS})


def test_each_line_against_what_was_spent(c, conf):
    s = metrics.budget_status(c, conf).set_index("budget_line")
    assert s.loc["Rondes flatcoaches", ["budgeted", "spent", "remaining"]].tolist() == [1000, 60, 940]  # 6 h × € 10
    assert s.loc["Organisatie en begeleiding", "spent"] == 40  # 2 h × € 20
    assert s.loc["Materiële kosten", "spent"] == 100
    assert s.loc["Materiële kosten", "share_spent"] == pytest.approx(1 / 3)
    assert s.loc["Koffie", "spent"] == 30 and pd.isna(s.loc["Koffie", "budgeted"])


def test_totals_until_a_date_and_within_a_period(c, conf):
    t = metrics.budget_totals(c, conf)
    assert (t["budgeted"], t["spent"], t["remaining"]) == (1500, 230, 1270)
    assert t["unbudgeted_lines"] == 1
    t = metrics.budget_totals(c, conf, until=pd.Timestamp("2021-12-09"), since=pd.Timestamp("2021-12-01"))
    assert t["spent"] == 180  # the November cost, the first round and the organisation hours
    assert t["spent_period"] == 80  # in December up to the 9th: the round (40) and the organisation hours (40)
    month = metrics.period_budget(c, metrics.View("2021-12"), conf).set_index("budget_line")
    assert month.loc["Materiële kosten", "spent_period"] == 0 and month.loc["Materiële kosten", "spent"] == 100


def test_burn_up_plan_line_actual_and_forecast(c, conf):
    b = metrics.burn_up(c, conf).set_index("date")
    assert len(b) == 105 and b["plan"].iloc[-1] == pytest.approx(1500)
    assert b.loc["2021-12-01", "actual"] == pytest.approx(140)   # € 100 bought in November + the first round
    assert b.loc["2021-12-10", "actual"] == pytest.approx(200)   # up to the last round
    assert pd.isna(b.loc["2021-12-11", "actual"])
    # Pace: hours only (€ 60 coaches + € 40 organisation in 10 days = € 10 a day); the later cost on its day.
    assert b.loc["2021-12-10", "forecast"] == pytest.approx(200)
    assert b.loc["2021-12-19", "forecast"] == pytest.approx(290)
    assert b.loc["2021-12-20", "forecast"] == pytest.approx(330)
    assert b["forecast"].iloc[-1] == pytest.approx(200 + 10 * 95 + 30)
    assert metrics.forecast_total(c, conf) == pytest.approx(1180)
    assert metrics.budget_totals(c, conf)["forecast_margin"] == pytest.approx(320)


def test_split_per_funder_and_the_partner_first(c, conf):
    f = metrics.funder_split(c, conf).set_index("funder")
    assert f["contribution"].tolist() == [600, 400, 500]  # De Key, Gemeente, the foundation the rest
    assert f["share"].tolist() == pytest.approx([0.4, 0.4 / 1.5, 1 / 3])
    assert f["costs_paid"].tolist() == [100, 0, 30] and f["known"].all()
    assert metrics.funder_first(metrics.funder_split(c, conf), "gemeente")["funder"].tolist() == \
        ["Gemeente", "De Key", "Stichting"]
    assert metrics.funder_first(metrics.funder_split(c, conf), "stichting")["funder"].tolist() == \
        ["De Key", "Gemeente", "Stichting"]
    early = metrics.funder_status(c, conf, until=pd.Timestamp("2021-12-09")).set_index("funder")
    assert early.loc["Stichting", "costs_paid"] == 0


def test_period_totals_are_the_report_table_total_row(c, conf):
    month = metrics.period_budget(c, metrics.View("2021-12"), conf)
    t = metrics.period_budget_totals(c, metrics.View("2021-12"), conf)
    assert (t["budgeted"], t["spent"], t["remaining"]) == (1500, 230, 1270)
    assert t["spent_period"] == float(month["spent_period"].sum()) == 130  # December: rounds 60, org 40, coffee 30
    assert t["share_spent"] == pytest.approx(230 / 1500)
    # no line with an amount: the budget is unknown (NaN, shown as '–'), not € 0
    none = cleaned(rounds=[rnd()], extra={"Begroting": [BUDGET[0], ["Koffie", None, None, None, None, None]]})
    t = metrics.period_budget_totals(none, metrics.View(None), conf)
    assert pd.isna(t["budgeted"]) and pd.isna(t["share_spent"]) and t["spent"] > 0


def test_default_budget_when_begroting_is_empty(conf):
    c = cleaned(rounds=[rnd()])
    assert c.budget["is_default"].all()
    t = metrics.budget_totals(c, conf)
    assert t["budgeted"] == 9200  # 480 h × € 15 + 80 h × € 25; the other posts have no amount
    assert t["spent"] == 60  # 4 coach hours × € 15
    assert not metrics.funder_split(c, conf)["known"].any()


def test_the_budget_table_has_a_total_row_in_dutch(c, conf):
    status = metrics.period_budget(c, metrics.View("2021-12"), conf)
    tot = metrics.budget_totals(c, conf, pd.Timestamp("2021-12-31"), since=pd.Timestamp("2021-12-01"))
    frame = budget_charts.status_frame(status, tot, "Uitgegeven t/m 31 dec 2021", "In december 2021")
    last = frame.iloc[-1]
    assert last["Post"] == "Totaal" and last["Begroot"] == "€ 1.500,00"
    assert last["Uitgegeven t/m 31 dec 2021"] == "€ 230,00" and last["In december 2021"] == "€ 130,00"
    assert frame.set_index("Post").loc["Koffie", "Begroot"] == "–"
