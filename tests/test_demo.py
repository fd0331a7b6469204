"""The demo generator: the same seed gives the same workbook, it keeps the contract's shape, holds a believable
season with an answer key that points at real faults, and exports CSV the way Google formats it."""
from __future__ import annotations

import csv
import re
from datetime import datetime, time, timedelta

import pandas as pd
import pytest

import lib.demo as gen
from lib import parse, schema
from lib.schema import Kind
from lib.sources import DEMO_WORKBOOK

ROUNDS, SIGNALS = schema.ROUNDS, schema.SIGNALS


@pytest.fixture(scope="module")
def seed_2021() -> gen.Demo:
    return gen.generate(2021)


# The guarantees hold for any seed, not only for the committed one.
@pytest.fixture(scope="module", params=[2021, 11, 404], ids=lambda seed: f"seed{seed}")
def season(request) -> gen.Demo:
    return gen.generate(request.param)


def _col(t: schema.Tab, key: str) -> int:
    return [f.key for f in t.fields].index(key)


def _clean_rows(season: gen.Demo, t: schema.Tab) -> list[tuple[int, list]]:
    """(sheet row number, row) for the rows the answer key does not reject."""
    bad = {x.row for x in season.rejects if x.tab == t.name}
    return [(n, r) for n, r in enumerate(season.tabs[t.name][1:], start=2) if n not in bad]


def _round_span(row: list) -> tuple[datetime, datetime]:
    day = row[_col(ROUNDS, "date")].date()
    start = datetime.combine(day, row[_col(ROUNDS, "start")])
    end = datetime.combine(day, row[_col(ROUNDS, "end")])
    return start, end + timedelta(days=1) if end <= start else end


def _crew(row: list) -> set[str]:
    names = [row[_col(ROUNDS, "coach")], *(row[_col(ROUNDS, "co_coaches")] or "").split(",")]
    return {schema.norm(n) for n in names if n.strip()}


# --- determinism and the committed file ----------------------------------------------------------------------
def test_a_seed_always_gives_the_same_workbook_and_another_seed_another(seed_2021):
    assert gen.generate(2021).tabs == seed_2021.tabs
    assert gen.generate(7).tabs[ROUNDS.name] != seed_2021.tabs[ROUNDS.name]


def test_the_committed_demo_workbook_is_what_seed_2021_generates(seed_2021):
    assert gen.read_xlsx_rows(DEMO_WORKBOOK) == seed_2021.tabs


def test_writing_twice_gives_the_same_bytes(tmp_path, seed_2021):
    gen.write_xlsx(seed_2021.tabs, tmp_path / "a.xlsx")
    gen.write_xlsx(seed_2021.tabs, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


# --- shape ---------------------------------------------------------------------------------------------------
def test_tabs_are_in_the_contract_order_with_the_schema_headers(season):
    assert list(season.tabs) == list(schema.TABS)
    for name, rows in season.tabs.items():
        expected = [f.header for f in schema.TABS[name].fields]
        assert rows[0] == expected + ([gen.OLD_QUESTION] if name == ROUNDS.name else [])
        assert {len(r) for r in rows} == {len(rows[0])}


def test_form_tabs_are_in_submission_order_with_typed_cells(season):
    for t in (ROUNDS, SIGNALS):
        stamps = [r[0] for _, r in _clean_rows(season, t) if isinstance(r[0], datetime)]
        assert stamps == sorted(stamps)
    _, first = _clean_rows(season, ROUNDS)[0]
    assert isinstance(first[_col(ROUNDS, "date")], datetime) and isinstance(first[_col(ROUNDS, "start")], time)


# --- a believable season -------------------------------------------------------------------------------------
def test_rounds_fill_the_season_near_the_planned_480_coach_hours(season):
    rows = [r for _, r in _clean_rows(season, ROUNDS)]
    days = {r[_col(ROUNDS, "date")].date() for r in rows}
    assert min(days) >= gen.SEASON_START and max(days) <= gen.SEASON_END
    late = {x.row for x in season.rejects if x.kind == gen.DATE_AFTER}
    walked = {r[3].date() for n, r in enumerate(season.tabs[ROUNDS.name][1:], 2)
              if isinstance(r[3], datetime) and n not in late}
    assert 55 <= len(walked) <= 65  # the plan's 60 days, some of them in rows the cleaner rejects
    hours = sum((e - s).total_seconds() / 3600 * len(_crew(r)) for r in rows for s, e in [_round_span(r)])
    assert 420 <= hours <= 500
    assert hours == pytest.approx(season.coach_hours)


def test_rounds_are_mostly_pairs_in_the_dark_outside_office_hours(season):
    rows = [r for _, r in _clean_rows(season, ROUNDS)]
    assert sum(len(_crew(r)) == 2 for r in rows) / len(rows) >= 0.6
    for r in rows:
        start, end = _round_span(r)
        assert 1 <= (end - start).total_seconds() / 3600 <= 4
        if start.weekday() < 5:
            assert start.time() >= time(17, 0)
        assert timedelta(0) < r[0] - end <= timedelta(days=1, hours=12)
    assert any(_round_span(r)[1].date() > _round_span(r)[0].date() for r in rows)  # some go past midnight


def test_every_place_is_walked_and_some_tower_has_a_gap_of_a_week(season):
    visits = {loc: set() for loc in schema.LOCATIONS}
    for _, r in _clean_rows(season, ROUNDS):
        for loc in r[_col(ROUNDS, "locations")].split(", "):
            visits[loc].add(r[_col(ROUNDS, "date")].date())
    assert all(len(days) >= 20 for days in visits.values())
    longest = max(max((b - a).days for a, b in zip(sorted(d), sorted(d)[1:])) for d in visits.values())
    assert longest >= 7


def test_roster_of_eight_with_pseudonyms_and_one_or_two_under_21(season):
    roster = season.tabs[schema.ROSTER.name][1:]
    assert len(roster) == 8
    assert len({r[1] for r in roster}) == 8
    assert 1 <= sum(r[-1] == "Ja" for r in roster) <= 2


def test_signals_count_mix_and_privacy_bait(season):
    rows = [r for _, r in _clean_rows(season, SIGNALS)]
    assert 250 <= len(season.tabs[SIGNALS.name]) - 1 <= 400
    urgency = pd.Series([r[_col(SIGNALS, "urgency")] for r in rows]).value_counts()
    assert urgency["Laag"] + urgency["Gemiddeld"] > 0.75 * len(rows)
    assert 1 <= urgency[gen.SPOED] <= 2
    assert {r[_col(SIGNALS, "location")] for r in rows} >= set(schema.LOCATIONS)
    texts = " ".join(r[_col(SIGNALS, "description")] for r in rows)
    assert re.search(r"\b06[- ]?\d{4} ?\d{4}\b", texts) and re.search(r"\S+@\S+\.\w+", texts)
    assert re.search(r"\b1104 [A-Z]{2}\b", texts)
    assert re.search(r"\b(Kouwenoord|Klieverink|Kempering|Kralenbeek) \d+", texts)


def test_actions_follow_up_real_signals_and_some_are_overdue(season):
    stamps = {r[0] for r in season.tabs[SIGNALS.name][1:]}
    acts = season.tabs[schema.ACTIONS.name][1:]
    assert 15 <= len(acts) <= 25
    linked = [a[5] for a in acts if a[5] is not None]
    assert linked and all(ts in stamps for ts in linked)
    assert any(a[3] and a[3].date() < gen.SEASON_END and a[4] != gen.DONE for a in acts)
    assert all(re.fullmatch(r"DK-\d{4}-\d{4}|SIG-\d{6}", a[6]) for a in acts if a[6])


# --- the answer key ------------------------------------------------------------------------------------------
def test_the_bad_rows_cover_every_kind_the_contract_rejects(season):
    kinds = {x.kind for x in season.rejects}
    assert 15 <= len(season.rejects) <= 25
    assert kinds >= {gen.MISSING, gen.DATE_AFTER, gen.BAD_DATE, gen.BAD_TIME, gen.BAD_TIMESTAMP, gen.ZERO,
                     gen.TOO_LONG, gen.NO_PLACE, gen.DUPLICATE, gen.BAD_LOCATION, gen.BAD_CATEGORY}
    assert {x.tab for x in season.rejects if x.kind == gen.DUPLICATE} == {ROUNDS.name, SIGNALS.name}


def _cell(season: gen.Demo, t: schema.Tab, row: int, key: str):
    return season.tabs[t.name][row - 1][_col(t, key)]


def _unreadable(reader, value) -> bool:
    return bool(reader(pd.Series([value], dtype=object))[1].iloc[0])


def test_each_bad_row_really_has_its_fault(season):
    for x in season.rejects:
        t = schema.tab(x.tab)
        if x.kind == gen.MISSING:
            assert any(_cell(season, t, x.row, f.key) is None for f in t.fields if f.required)
        elif x.kind == gen.BAD_DATE:
            assert _unreadable(parse.date, _cell(season, t, x.row, "date"))
        elif x.kind == gen.BAD_TIME:
            key = "start" if t is ROUNDS else "time"
            assert _unreadable(parse.time_of_day, _cell(season, t, x.row, key))
        elif x.kind == gen.BAD_TIMESTAMP:
            assert _unreadable(parse.timestamp, _cell(season, t, x.row, "timestamp"))
        elif x.kind == gen.DATE_AFTER:
            assert _cell(season, t, x.row, "date").date() > _cell(season, t, x.row, "timestamp").date()
        elif x.kind == gen.ZERO:
            assert _cell(season, t, x.row, "start") == _cell(season, t, x.row, "end")
        elif x.kind == gen.TOO_LONG:
            start, end = _round_span(season.tabs[t.name][x.row - 1])
            assert end - start > timedelta(hours=12)
        elif x.kind == gen.NO_PLACE:
            assert not set(_cell(season, t, x.row, "locations").split(", ")) & set(schema.LOCATIONS)
        elif x.kind == gen.BAD_LOCATION:
            assert schema.norm(_cell(season, t, x.row, "location")) not in map(schema.norm, schema.LOCATIONS)
        elif x.kind == gen.BAD_CATEGORY:
            assert schema.norm(_cell(season, t, x.row, "category")) not in map(schema.norm, schema.CATEGORIES)


def test_round_duplicates_are_later_submissions_of_an_earlier_round_and_there_are_no_others(season):
    rows = season.tabs[ROUNDS.name]
    dupes = {x.row for x in season.rejects if x.tab == ROUNDS.name and x.kind == gen.DUPLICATE}
    clean = [(n, r) for n, r in _clean_rows(season, ROUNDS)] + [(n, rows[n - 1]) for n in dupes]
    found = set()
    for i, (n, r) in enumerate(clean):
        for m, q in clean[:i]:
            (s1, e1), (s2, e2) = _round_span(r), _round_span(q)
            if r[3] == q[3] and s1 < e2 and s2 < e1 and _crew(r) & _crew(q):
                found.add(max((n, r[0]), (m, q[0]), key=lambda p: p[1])[0])
    assert found == dupes


def test_signal_duplicates_are_exact_resends_and_there_are_no_others(season):
    keys = ("coach", "date", "time", "location", "category", "description")
    dupes = {x.row for x in season.rejects if x.tab == SIGNALS.name and x.kind == gen.DUPLICATE}
    bad = {x.row for x in season.rejects if x.tab == SIGNALS.name} - dupes
    seen, found = set(), set()
    for n, r in enumerate(season.tabs[SIGNALS.name][1:], start=2):
        if n in bad:
            continue
        key = tuple(str(r[_col(SIGNALS, k)]).strip() for k in keys)
        if key in seen:
            found.add(n)
        seen.add(key)
    assert found == dupes


def test_warning_cases_are_there(season):
    kinds = {x.kind for x in season.warnings}
    assert {gen.UNKNOWN_COLUMN, gen.UNKNOWN_COACH, gen.OFF_LIST, gen.OTHER_ANSWER} <= kinds
    variant_rows = [season.tabs[x.tab][x.row - 1] for x in season.variants]
    assert any(r[1] != r[1].strip() or "  " in r[1] for r in variant_rows)  # a name with extra spaces
    assert not any(x.row in {r.row for r in season.rejects if r.tab == x.tab} for x in season.variants)


# --- CSV like Google's download -------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "kind", "nl", "us"), [
    (datetime(2021, 12, 1, 19, 3, 22), Kind.TIMESTAMP, "1-12-2021 19:03:22", "12/1/2021 19:03:22"),
    (datetime(2022, 1, 2, 0, 5, 9), Kind.TIMESTAMP, "2-1-2022 0:05:09", "1/2/2022 0:05:09"),
    (datetime(2021, 12, 1), Kind.DATE, "1-12-2021", "12/1/2021"),
    (time(19, 0), Kind.TIME, "19:00:00", "7:00:00 PM"),
    (time(0, 30), Kind.TIME, "0:30:00", "12:30:00 AM"),
    (time(12, 15), Kind.TIME, "12:15:00", "12:15:00 PM"),
    (2.5, Kind.NUMBER, "2,5", "2.5"),
    (480, Kind.NUMBER, "480", "480"),
    (7200, Kind.MONEY, "€ 7.200,00", "€7,200.00"),
    (199.6, Kind.MONEY, "€ 199,60", "€199.60"),
    (None, Kind.TEXT, "", ""),
    ("Kouwenoord, Openbare ruimte", Kind.MULTI, "Kouwenoord, Openbare ruimte", "Kouwenoord, Openbare ruimte"),
])
def test_cells_are_formatted_as_google_does_per_locale(value, kind, nl, us):
    assert gen.format_cell(value, kind, "nl") == nl
    assert gen.format_cell(value, kind, "us") == us


@pytest.mark.parametrize("locale", ["nl", "us"])
def test_csv_folder_has_googles_names_and_reads_back_to_the_xlsx_values(tmp_path, season, locale):
    gen.write_csv_folder(season.tabs, tmp_path, locale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"Flatcoaches K-buurt - {t}.csv" for t in schema.TABS)
    with open(tmp_path / gen.csv_name(ROUNDS.name), newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == season.tabs[ROUNDS.name][0]
    typed = pd.DataFrame(season.tabs[ROUNDS.name][1:], dtype=object)
    text = pd.DataFrame(rows[1:], dtype=object)
    for key, reader in (("timestamp", parse.timestamp), ("date", parse.date), ("start", parse.time_of_day)):
        i = _col(ROUNDS, key)
        pd.testing.assert_series_equal(reader(text[i])[0], reader(typed[i])[0], check_names=False)
    assert any(", " in r[_col(ROUNDS, "locations")] for r in rows[1:])
    if locale == "us":
        assert re.fullmatch(r"\d{1,2}/\d{1,2}/2021 \d{1,2}:\d\d:\d\d", rows[1][0])
        assert re.fullmatch(r"\d{1,2}:\d\d:00 [AP]M", rows[1][_col(ROUNDS, "start")])
    else:
        assert re.fullmatch(r"\d{1,2}-12-2021 \d{1,2}:\d\d:\d\d", rows[1][0])
        assert re.fullmatch(r"\d{1,2}:\d\d:00", rows[1][_col(ROUNDS, "start")])


def test_csv_amounts_read_back_to_the_same_numbers(tmp_path, seed_2021):
    costs = seed_2021.tabs[schema.COSTS.name]
    i = _col(schema.COSTS, "amount")
    typed = parse.number(pd.Series([r[i] for r in costs[1:]], dtype=object))[0]
    for locale in ("nl", "us"):
        gen.write_csv_folder({schema.COSTS.name: costs}, tmp_path / locale, locale)
        with open(tmp_path / locale / gen.csv_name(schema.COSTS.name), newline="", encoding="utf-8") as fh:
            cells = pd.Series([r[i] for r in list(csv.reader(fh))[1:]], dtype=object)
        pd.testing.assert_series_equal(parse.number(cells, us=locale == "us")[0], typed)
    assert typed.notna().sum() == len(costs) - 2  # one amount is a note ("nog opvragen")


def test_cli_writes_the_xlsx_and_the_csv_folder(tmp_path, capsys):
    args = ["--seed", "3", "--out", str(tmp_path / "d.xlsx"), "--csv", str(tmp_path / "csv"), "--locale", "us"]
    assert gen.main(args) == 0
    assert (tmp_path / "d.xlsx").exists() and len(list((tmp_path / "csv").glob("*.csv"))) == len(schema.TABS)
    assert "Opzettelijk foute rijen" in capsys.readouterr().out
