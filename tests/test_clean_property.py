"""Property tests: random cell content of any kind never makes the cleaner raise, and no row is ever lost."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import schema
from lib.clean import clean
from lib.sources.base import RawWorkbook, pick_tabs

cells = st.one_of(
    st.none(),
    st.text(max_size=30),  # emoji, newlines, control characters, right-to-left text...
    st.sampled_from(["", " ", "=SUM(A1:A3)", "#REF!", "1-12-2021", "12/1/2021 7:00:00 PM", "19:00:00", "25:61",
                     "Kouwenoord, Openbare ruimte", "Anna de Vries", "Heel", "2,5", "€ 1.234,56", "Ja", "0",
                     "31-2-2021", "1-12-2021 19:03:22", "🙂\n🙂", "NaN", "None", "-1", "1e309"]),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.times(),
)


def tab_rows(t: schema.Tab):
    # The real header (sometimes with an extra or a repeated column), then rows of any width.
    header = st.lists(st.sampled_from([f.header for f in t.fields] + ["Extra", "E-mailadres", ""]),
                      min_size=0, max_size=4).map(lambda extra: [f.header for f in t.fields] + extra)
    rows = st.lists(st.lists(cells, min_size=0, max_size=len(t.fields) + 3), max_size=12)
    return st.tuples(header, rows).map(lambda hr: [hr[0], *hr[1]])


def _blank(v: object) -> bool:
    """A cell with nothing in it: None, NaN, or only white space (a NaN float is how pandas says 'empty')."""
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and v.strip() == "")


workbooks = st.fixed_dictionaries({name: tab_rows(t) for name, t in schema.TABS.items()})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workbooks)
def test_random_cells_never_raise_and_conservation_holds(raw):
    tabs, missing = pick_tabs(raw)
    c = clean(RawWorkbook(tabs, "hypothesis", dt.datetime(2022, 1, 1), "xlsx", missing))
    for name, rows in raw.items():
        nonblank = sum(1 for r in rows[1:] if any(not _blank(v) for v in r))
        counts = c.counts[name]
        assert counts["rows"] == nonblank
        assert counts["rows"] == counts["clean"] + counts["rejected"]
        assert (c.rejects["tab"] == name).sum() == counts["rejected"]
    assert len(c.rounds) == c.counts["Rondes"]["clean"]
    assert len(c.signals) == c.counts["Meldingen"]["clean"]
    assert c.rejects["reason"].str.len().gt(0).all()
    # every clean round obeys the contract
    assert ((c.rounds["hours"] > 0) & (c.rounds["hours"] <= 12)).all()
    assert (c.rounds["date"] <= c.rounds["timestamp"].dt.normalize()).all()


def test_ten_thousand_rows_of_garbage():
    import random

    rng = random.Random(7)
    junk = ["", "x", "🙂", "\n", 3.5, None, "12/40/2021", "Kouwenoord", "=A1", True, -1, "Heel", "1-1-2022"]
    raw = {t.name: [[f.header for f in t.fields]] + [[rng.choice(junk) for _ in range(len(t.fields) + 2)]
                                                     for _ in range(10_000 if t.must_exist else 500)]
           for t in schema.TABS.values()}
    tabs, missing = pick_tabs(raw)
    c = clean(RawWorkbook(tabs, "garbage", dt.datetime(2022, 1, 1), "csv", missing))
    for n in c.counts.values():
        assert n["rows"] == n["clean"] + n["rejected"]
    assert c.counts["Rondes"]["rows"] > 9000
    assert isinstance(c.rejects, pd.DataFrame) and len(c.rejects) >= c.counts["Rondes"]["rejected"]
