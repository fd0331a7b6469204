"""Signals, follow-up and data-quality metrics on small hand-made workbooks: every number a page shows."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from lib import metrics, schema
from lib.metrics import View
from tests.builders import cleaned, rnd, sig
from tests.shapes import row

D = dt.date
TS = dt.datetime


def s(day: dt.date, hour: int = 20, **kw) -> list:
    """A signal on `day`, submitted the same evening (so it is never 'after the timestamp')."""
    return sig(ts=TS(day.year, day.month, day.day, 23, 0), day=day, time=dt.time(hour, 0), **kw)


SIGNALS = [
    s(D(2022, 1, 3), location="Kempering", floor="Begane grond", spot="Lift", category="Heel", kinds="Lift defect",
      passed="Beheerder De Key", urgency="Hoog", description="Lift staat stil"),
    s(D(2022, 1, 4), location="Kempering", floor="Dak", spot="Trappenhuis", category="Overlast",
      kinds="Slapers, Drugsgebruik/-handel", passed="Politie/wijkagent, Beheerder De Key", urgency="Spoed (112 gebeld)",
      description="Twee slapers bij de deur naar het dak"),
    s(D(2022, 1, 4), 21, location="Kempering", floor="", spot="", category="Schoon", kinds="Afval/vuil",
      passed="", urgency="Laag", description="Vuilniszakken in de hal"),
    s(D(2022, 1, 11), location="Openbare ruimte", floor="n.v.t.", spot="Route tussen flats", category="Veilig",
      kinds="Verlichting, kapotte bank", passed="Gemeente (Signalen/MOR)", urgency="Gemiddeld",
      description="Lantaarnpaal op het pad is uit"),
    s(D(2022, 1, 12), location="Kouwenoord", floor="3e", spot="Galerij", category="Schoon", kinds="",
      passed="Niet doorgezet", urgency="", description="Graffiti op de galerij"),
    s(D(2022, 2, 2), location="Kralenbeek", floor="5", spot="Lift", category="Heel", kinds="Lift defect",
      passed="Beheerder De Key, Gemeente (Signalen/MOR)", urgency="Gemiddeld", description="Liftknop kapot"),
]
# The rounds fix the last day with data (so weeks() knows where the period's data ends).
ROUNDS = [rnd(ts=TS(2022, 1, 3, 23), day=D(2022, 1, 3)), rnd(ts=TS(2022, 2, 2, 23), day=D(2022, 2, 2))]


@pytest.fixture(scope="module")
def c():
    return cleaned(rounds=ROUNDS, signals=SIGNALS)


JAN = View("2022-01")


def test_builder_rows_are_clean(c):
    assert c.counts["Meldingen"] == {"rows": 6, "clean": 6, "rejected": 0}


def test_signals_per_week_by_category(c, conf):
    df = metrics.signals_per_week(c, JAN, conf, "category")
    got = {(w, k): n for w, k, n in df.itertuples(index=False)}
    assert got == {("2022-W01", "Heel"): 1, ("2022-W01", "Overlast"): 1, ("2022-W01", "Schoon"): 1,
                   ("2022-W02", "Schoon"): 1, ("2022-W02", "Veilig"): 1}


def test_signals_per_week_by_kind_counts_each_kind_and_groups_free_text_as_anders(c, conf):
    df = metrics.signals_per_week(c, JAN, conf, "kind")
    got = {(w, k): n for w, k, n in df.itertuples(index=False)}
    # 'kapotte bank' is typed by hand: Anders. The signal without a kind (12 Jan) is not counted.
    assert got == {("2022-W01", "Lift defect"): 1, ("2022-W01", "Slapers"): 1,
                   ("2022-W01", "Drugsgebruik/-handel"): 1, ("2022-W01", "Afval/vuil"): 1,
                   ("2022-W02", "Verlichting"): 1, ("2022-W02", "Anders"): 1}


def test_signals_per_week_by_passed_to_counts_each_desk_and_empty_as_not_filled(c, conf):
    df = metrics.signals_per_week(c, JAN, conf, "passed_to")
    got = {(w, k): n for w, k, n in df.itertuples(index=False)}
    assert got == {("2022-W01", "Beheerder De Key"): 2, ("2022-W01", "Politie/wijkagent"): 1,
                   ("2022-W01", metrics.NOT_FILLED): 1, ("2022-W02", "Gemeente (Signalen/MOR)"): 1,
                   ("2022-W02", "Niet doorgezet"): 1}


def test_weeks_cover_the_period_up_to_the_last_data(c, conf):
    # January 2022 starts in ISO week 52 of 2021 (1 and 2 January are a weekend) and runs to week 5.
    assert metrics.weeks(c, JAN, conf) == ["2021-W52", "2022-W01", "2022-W02", "2022-W03", "2022-W04", "2022-W05"]
    # February: the data ends on 2 February, so the axis stops at that week.
    assert metrics.weeks(c, View("2022-02"), conf) == ["2022-W05"]


def test_kind_totals_in_form_order_with_the_person_flag(c, conf):
    k = metrics.kind_totals(c, JAN, conf)
    assert k["kind"].tolist() == ["Afval/vuil", "Slapers", "Drugsgebruik/-handel", "Verlichting", "Lift defect",
                                  "Anders"]
    assert k["signals"].tolist() == [1, 1, 1, 1, 1, 1]
    assert k.set_index("kind")["person"].to_dict()["Slapers"] is True
    assert k.set_index("kind")["person"].to_dict()["Lift defect"] is False


def test_signals_per_place_lists_every_place_with_categories_and_urgent(c, conf):
    p = metrics.signals_per_place(c, JAN, conf).set_index("location")
    assert list(p.index) == list(schema.LOCATIONS)
    assert p.loc["Kempering", "signals"] == 3
    assert p.loc["Kempering", "urgent"] == 2  # Hoog and Spoed
    assert p.loc["Kempering", ["Schoon", "Heel", "Veilig", "Overlast"]].tolist() == [1, 1, 0, 1]
    assert p.loc["Klieverink", "signals"] == 0
    assert p["selected"].all()


def test_signals_per_place_with_a_tower_filter_marks_the_others_unselected(c, conf):
    p = metrics.signals_per_place(c, View("2022-01", ("Kempering",)), conf).set_index("location")
    assert p.loc["Kempering", "signals"] == 3 and p.loc["Kempering", "selected"]
    assert p.loc["Openbare ruimte", "signals"] == 0 and not p.loc["Openbare ruimte", "selected"]


def test_floor_spot_in_building_order_with_unknown_and_typed_floors_last(c, conf):
    fs = metrics.floor_spot(c, JAN, conf, "Kempering")
    assert fs.values.tolist() == [["Begane grond", "Lift", 1], ["Dak", "Trappenhuis", 1],
                                  ["(onbekend)", "(onbekend)", 1]]
    typed = metrics.floor_spot(c, JAN, conf, "Kouwenoord")
    assert typed.values.tolist() == [["3e", "Galerij", 1]]  # kept as written
    assert metrics.floor_spot(c, JAN, conf, "Klieverink").empty


def test_floor_rank_is_building_order():
    floors = ["Dak", "3", "Kelder", "n.v.t.", "11", "Begane grond", "zolder"]
    assert sorted(floors, key=metrics.floor_rank) == ["Kelder", "Begane grond", "3", "11", "Dak", "n.v.t.", "zolder"]


@pytest.mark.parametrize("query,expected", [
    ("", 5),
    ("lift", 1),
    ("LIFT stil", 1),
    ("lift dak", 0),  # every word must match
    ("slapers", 1),  # in the description and as a kind: one signal
    ("kempering", 3),
    ("gemeente", 1),  # passed to
    ("spoed", 1),  # urgency
])
def test_search_signals(c, conf, query, expected):
    assert len(metrics.signals_list(c, JAN, conf, query)) == expected


def test_signals_list_is_newest_first(c, conf):
    lst = metrics.signals_list(c, JAN, conf)
    assert lst["moment"].is_monotonic_decreasing
    assert lst["description"].iloc[0] == "Graffiti op de galerij"


def test_signal_focus(c, conf):
    assert metrics.signal_focus(c, JAN, conf) == {
        "total": 5, "towers": 4, "public_space": 1, "urgent": 2, "to_dekey": 2, "to_gemeente": 1, "not_passed": 2}


@pytest.mark.parametrize("partner,first", [("stichting", "Beheerder De Key"), ("dekey", "Beheerder De Key"),
                                           ("gemeente", "Gemeente (Signalen/MOR)")])
def test_passed_to_order_puts_the_partners_desk_first(partner, first):
    order = metrics.passed_to_order(partner)
    assert order[0] == first and sorted(order) == sorted(schema.PASSED_TO)


def test_passed_to_totals(c, conf):
    t = metrics.passed_to_totals(c, JAN, conf, "gemeente")
    assert t["passed_to"].tolist() == ["Gemeente (Signalen/MOR)", "Beheerder De Key", "Politie/wijkagent",
                                       "Wijkmakelaar", "Stichting", "Niet doorgezet", metrics.NOT_FILLED]
    assert t["signals"].tolist() == [1, 2, 1, 0, 0, 1, 1]
    assert t["share"].iloc[1] == pytest.approx(2 / 5)


def test_urgent_signals(c, conf):
    u = metrics.urgent_signals(c, JAN, conf)
    assert u["description"].tolist() == ["Lift staat stil", "Twee slapers bij de deur naar het dak"]


# --- follow-up ----------------------------------------------------------------------------------------------

ACTION_HEADERS = [f.header for f in schema.ACTIONS.fields]
LINKED = TS(2022, 1, 4, 23, 0)  # the Tijdstempel of the 'slapers' signal (Kempering, Overlast)
LINKED_PS = TS(2022, 1, 11, 23, 0)  # the lantern on the path (Openbare ruimte, Veilig)


def action(meeting, text, owner, deadline, status, signal=None, ticket=None, note=None):
    return row([meeting, text, owner, deadline, status, signal, ticket, note], "xlsx")


ACTIONS = [
    ACTION_HEADERS,
    action(D(2022, 1, 12), "Dakdeur afsluiten", "De Key", D(2022, 1, 26), "Open", LINKED, "DK-1"),
    action(D(2022, 1, 12), "Lantaarnpaal laten maken", "Gemeente", D(2022, 2, 9), "Loopt", LINKED_PS, "SIG-2"),
    action(D(2022, 1, 12), "Brief aan bewoners", "Stichting", D(2022, 1, 20), "Afgerond"),
    action(D(2022, 1, 12), "Geen deadline", "De Key", None, None),
    action(D(2022, 1, 12), "Verwijst naar niets", "Politie", D(2022, 3, 1), "Open", TS(2021, 1, 1, 0, 0)),
    action(D(2022, 2, 9), "Liftknop", "De Key", D(2022, 2, 16), "Open"),
]


@pytest.fixture(scope="module")
def ca():
    return cleaned(rounds=ROUNDS, signals=SIGNALS, extra={"Acties": ACTIONS})


def test_as_of_is_today_inside_the_period_and_the_period_end_after_it(ca, conf):
    assert metrics.as_of(ca, JAN, conf, D(2022, 1, 20)) == (pd.Timestamp(2022, 1, 20), True)
    assert metrics.as_of(ca, JAN, conf, D(2025, 6, 1)) == (pd.Timestamp(2022, 1, 31), False)


def test_actions_view_counts_against_the_period_end_for_a_past_month(ca, conf):
    a = metrics.actions_view(ca, JAN, conf, D(2025, 6, 1))
    # The February meeting's action is not there yet on 31 January.
    assert "Liftknop" not in a["action"].tolist()
    by = a.set_index("action")
    assert by.loc["Dakdeur afsluiten", "days_open"] == 19  # 12 -> 31 January
    assert bool(by.loc["Dakdeur afsluiten", "overdue"]) and by.loc["Dakdeur afsluiten", "days_overdue"] == 5
    assert not by.loc["Lantaarnpaal laten maken", "overdue"]  # deadline 9 February
    assert pd.isna(by.loc["Brief aan bewoners", "days_open"])  # done: not open
    assert not by.loc["Brief aan bewoners", "overdue"]
    assert by.loc["Geen deadline", "status"] == "Open"  # an empty status is open


def test_actions_view_links_the_signal(ca, conf):
    by = metrics.actions_view(ca, JAN, conf, D(2025, 6, 1)).set_index("action")
    assert by.loc["Dakdeur afsluiten", "signal_location"] == "Kempering"
    assert by.loc["Dakdeur afsluiten", "signal_category"] == "Overlast"
    assert by.loc["Lantaarnpaal laten maken", "signal_location"] == "Openbare ruimte"
    assert not by.loc["Verwijst naar niets", "signal_found"]
    assert not by.loc["Brief aan bewoners", "signal_found"]


def test_actions_view_order_partner_first_overdue_first_done_last(ca, conf):
    a = metrics.actions_view(ca, JAN, conf, D(2025, 6, 1), partner="gemeente")
    assert a["owner"].tolist() == ["Gemeente", "De Key", "De Key", "Stichting", "Politie"]
    assert a["action"].tolist()[1:3] == ["Dakdeur afsluiten", "Geen deadline"]  # overdue before open
    a = metrics.actions_view(ca, JAN, conf, D(2025, 6, 1), partner="dekey")
    assert a["owner"].iloc[0] == "De Key"


def test_actions_view_with_a_place_filter_keeps_unlinked_actions(ca, conf):
    a = metrics.actions_view(ca, View("2022-01", ("Openbare ruimte",)), conf, D(2025, 6, 1))
    assert "Dakdeur afsluiten" not in a["action"].tolist()  # its signal is in Kempering
    assert {"Lantaarnpaal laten maken", "Brief aan bewoners", "Geen deadline"} <= set(a["action"])
    a = metrics.actions_view(ca, View("2022-01", (), ("Overlast",)), conf, D(2025, 6, 1))
    assert "Lantaarnpaal laten maken" not in a["action"].tolist()


def test_actions_summary_and_per_owner(ca, conf):
    a = metrics.actions_view(ca, View(None), conf, D(2022, 2, 20))  # inside the project: today
    assert metrics.actions_summary(a) == {"total": 6, "open": 5, "overdue": 3, "done": 1, "no_deadline": 1,
                                          "link_missing": 1}
    per = metrics.actions_by_owner(a).set_index("owner")
    assert per.loc["De Key"].tolist() == [3, 3, 2]
    assert per.loc["Stichting"].tolist() == [1, 0, 0]
    assert metrics.count_open(a) == 5 == len(metrics.open_actions(ca))


# --- data quality ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cq():
    bad = [s(D(2022, 1, 3)), s(D(2022, 1, 3)),  # the second is the same signal sent twice
           sig(ts=TS(2022, 1, 5, 23), day=D(2022, 1, 6)),  # date after the timestamp
           sig(ts=TS(2022, 1, 5, 23), day=D(2022, 1, 5), location="Bijlmerplein", category="Vies")]
    rounds = [rnd(), rnd(start=dt.time(19), end=dt.time(19)), rnd(coach="Priscilla", mates=None,
                                                                   day=D(2021, 12, 2), ts=TS(2021, 12, 2, 23))]
    return cleaned(rounds=rounds, signals=bad)


def test_quality_counts_add_up(cq):
    q = metrics.quality_counts(cq).set_index("tab")
    assert list(q.index) == list(schema.TABS)
    assert q.loc["Meldingen", ["rows", "clean", "rejected"]].tolist() == [4, 1, 3]
    assert q.loc["Rondes", ["rows", "clean", "rejected"]].tolist() == [3, 2, 1]
    assert (q["rows"] == q["clean"] + q["rejected"]).all()
    assert q.loc["Rondes", "warnings"] >= 1  # Priscilla is not on the roster
    assert bool(q.loc["Acties", "missing"])


def test_rejects_in_tab_order_and_reasons_split(cq):
    r = metrics.rejects_for(cq)
    assert r["tab"].tolist() == ["Rondes", "Meldingen", "Meldingen", "Meldingen"]
    assert r["row"].tolist() == [3, 3, 4, 5]
    reasons = metrics.reject_reasons(cq, ("Meldingen",))
    assert set(reasons["reason"]) == {"dubbel ingestuurd", "Datum ligt na de datum van de Tijdstempel",
                                      "Locatie is geen van de opties", "Categorie is geen van de opties"}
    assert reasons["rows"].sum() == 4  # the last row has two reasons
    assert metrics.rejects_for(cq, ("Kosten",)).empty


def test_warnings_filtered_by_tab_and_grouped_by_kind(cq):
    w = metrics.warnings_for(cq, ("Rondes",))
    assert set(w["tab"]) == {"Rondes"}
    kinds = metrics.warning_kinds(cq, ("Rondes",))
    assert "'Priscilla' staat niet in tabblad Coaches (telt wel mee)" in kinds["kind"].tolist()
    assert len(metrics.warnings_for(cq)) >= len(w)
