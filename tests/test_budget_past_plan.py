"""Rounds that run past the plan's end (a real export had rounds until 19 March, the plan ends 15 March): the
forecast is never below what is already spent, and the Budget page says which days each figure covers."""
from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from lib import access, fmt, metrics
from lib.pipeline import load_clean
from tests import builders
from tests.apptest import ROOT, open_page

PLAN_END = dt.date(2022, 3, 15)


def _round(day: dt.date, coach: str = "Anna de Vries", mates: str = "Bram Mensah") -> list:
    return builders.rnd(ts=dt.datetime.combine(day, dt.time(22, 5)), coach=coach, mates=mates, day=day,
                        start=dt.time(19, 0), end=dt.time(21, 0))


def test_rounds_after_the_plans_end_are_in_the_forecast(conf):
    assert conf.plan_end == PLAN_END
    days = [dt.date(2021, 12, 1), dt.date(2022, 1, 15), dt.date(2022, 3, 15), dt.date(2022, 3, 17),
            dt.date(2022, 3, 19)]
    c = builders.cleaned(rounds=[_round(d) for d in days])
    tot = metrics.budget_totals(c, conf)
    # 5 rounds x 2 coaches x 2 h x the coach rate: all spent, two rounds of it after the plan's end
    assert tot["spent"] == pytest.approx(5 * 2 * 2 * metrics.coach_rate(c, conf))
    # the plan's end has passed, so nothing is extrapolated: the forecast is what is spent, not the 15 March part
    assert tot["forecast"] == pytest.approx(tot["spent"])
    assert tot["forecast_margin"] == pytest.approx(tot["budgeted"] - tot["spent"])
    period = metrics.budget_period(c, conf)
    assert period["after"] and not period["before"]
    assert period["first"].date() == dt.date(2021, 12, 1) and period["last"].date() == dt.date(2022, 3, 19)


@pytest.mark.parametrize("days", [
    [dt.date(2022, 3, 19)],  # only after the end
    [dt.date(2021, 12, 1), dt.date(2022, 3, 20)],
    [dt.date(2021, 11, 20), dt.date(2022, 1, 10)],  # before the start, the plan still running
    [dt.date(2021, 12, 1), dt.date(2021, 12, 2)],  # early days: the pace carries the forecast far above
])
def test_the_forecast_is_never_below_what_is_spent(conf, days):
    c = builders.cleaned(rounds=[_round(d) for d in days])
    tot = metrics.budget_totals(c, conf)
    assert tot["forecast"] >= tot["spent"] - 1e-9


def test_the_demo_forecast_is_its_pace_to_the_plans_end_plus_what_came_after(demo, conf):
    """The demo has organisation hours before the plan's start and costs after its end: both are spent."""
    period = metrics.budget_period(demo, conf)
    assert period["before"] and period["after"]
    sp = metrics.spending(demo, conf)
    after = sp.loc[sp["date"] > period["plan_end"], "amount"].sum()
    at_end = metrics.burn_up(demo, conf)["forecast"].iloc[-1]
    assert metrics.forecast_total(demo, conf) == pytest.approx(max(at_end + after, sp["amount"].sum()))
    assert metrics.forecast_total(demo, conf) >= sp["amount"].sum()


# --- the page --------------------------------------------------------------------------------------------------
@pytest.fixture
def past_plan_xlsx(tmp_path):
    """The demo workbook with four more rounds, 16 to 19 March 2022 (the plan ends on the 15th)."""
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Rondes"]
    coach = ws.cell(2, 2).value
    for day in range(16, 20):
        d = dt.datetime(2022, 3, day)
        ws.append([d.replace(hour=23), coach, "", d, dt.time(19, 0), dt.time(23, 0), "Kouwenoord"])
    wb.save(path)
    return path


def _euro(text: str) -> float:
    return float(text.replace("€", "").replace("\xa0", "").replace(" ", "").replace(".", "").replace(",", "."))


def test_the_budget_page_with_rounds_after_the_plans_end(past_plan_xlsx, monkeypatch, conf):
    monkeypatch.setenv("FLATCOACH_SOURCE", str(past_plan_xlsx))
    token = access.new_token()
    secrets = {"access": {"tokens": [{"role": "coordinator", "label": "Coördinator",
                                      "sha256": access.token_hash(token)}]}}
    march = open_page("pages/5_budget.py", query={access.TOKEN_PARAM: token, "maand": "2022-03"}, secrets=secrets)
    assert not march.exception, [e.value for e in march.exception]
    shown = {m.label: m for m in march.metric}
    # the export that started this showed spent € 8.428 and a forecast of € 8.012
    assert _euro(shown["Verwachting eind"].value) >= _euro(shown["Uitgegeven"].value)

    at = open_page("pages/5_budget.py", query={access.TOKEN_PARAM: token, "maand": "project"}, secrets=secrets)
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m for m in at.metric}
    assert _euro(shown["Verwachting eind"].value) >= _euro(shown["Uitgegeven"].value)

    c = load_clean(str(past_plan_xlsx))
    tot = metrics.budget_totals(c, conf)
    assert shown["Uitgegeven"].value == fmt.euro(tot["spent"], cents=False)
    assert shown["Verwachting eind"].value == fmt.euro(tot["forecast"], cents=False)
    period = metrics.budget_period(c, conf)
    assert c.rounds["date"].max().date() == dt.date(2022, 3, 19) and period["after"]
    last = fmt.day(period["last"])  # the last day with spending: a round, or a cost after it
    assert last in shown["Verwachting eind"].help and fmt.day(PLAN_END) in shown["Verwachting eind"].help
    assert last in shown["Uitgegeven"].help
    captions = " ".join(str(x.value) for x in at.caption)
    assert "buiten de planperiode" in captions and f"t/m {last}" in captions
    assert f"De grafiek stopt op {fmt.day(PLAN_END)}" in captions
