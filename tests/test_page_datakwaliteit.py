"""Datakwaliteit on the demo data: every rejected row and every warning, counts per tab, no month filter."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from tests.apptest import metrics_shown, open_clean, texts

PAGE = "pages/6_datakwaliteit.py"


def open_datakwaliteit(query: dict | None = None) -> AppTest:
    """The page as a shared link opens it."""
    return open_clean(PAGE, query)


shown = metrics_shown


def expected(demo) -> dict[str, str]:
    q = metrics.quality_counts(demo)
    return {"Rijen gelezen": fmt.number(q["rows"].sum()), "Goedgekeurd": fmt.number(q["clean"].sum()),
            "Afgekeurd": fmt.number(q["rejected"].sum()), "Waarschuwingen": fmt.number(q["warnings"].sum())}


def table(at, first_column: str, column_value: str | None = None):
    for df in at.dataframe:
        v = df.value
        if v.columns[0] == first_column and (column_value is None or column_value in v.columns):
            return v
    raise AssertionError(f"no table starting with {first_column!r}")


@pytest.fixture(scope="module")
def opened():
    return open_datakwaliteit()


def test_every_rejected_row_and_warning_is_listed(opened, demo):
    at = opened
    assert shown(at) == expected(demo)
    assert len(demo.rejects) > 0 and len(demo.warnings) > 0  # the demo has broken rows on purpose
    rejects = table(at, "Tabblad", "Wat er stond")
    assert len(rejects) == len(demo.rejects)
    assert sorted(zip(rejects["Tabblad"], rejects["Rij in de sheet"])) == sorted(zip(demo.rejects["tab"],
                                                                                     demo.rejects["row"]))
    warnings = table(at, "Tabblad", "Waarschuwing")
    assert len(warnings) == len(demo.warnings)
    # A warning about a whole tab or column has an empty row cell, shown as text (a number column writes "None").
    whole = demo.warnings["row"].isna()
    assert whole.any() and (warnings["Rij in de sheet"] == "").sum() == whole.sum()
    shown_as = next(json.loads(d.proto.columns) for d in at.dataframe if "Waarschuwing" in d.value.columns)
    assert shown_as["Rij in de sheet"]["type_config"]["type"] == "text"
    per_tab = table(at, "Tabblad", "Gelezen").set_index("Tabblad")
    for tab, n in demo.counts.items():
        assert per_tab.loc[tab, ["Gelezen", "Goedgekeurd", "Afgekeurd"]].tolist() == [n["rows"], n["clean"],
                                                                                     n["rejected"]]
        assert n["rows"] == n["clean"] + n["rejected"]


def test_the_month_filter_does_not_apply_and_the_page_says_so(demo):
    at = open_datakwaliteit({"maand": "2021-12", "flat": "kempering"})
    assert shown(at) == expected(demo)
    assert not [s for s in at.selectbox if s.key == "f_month"]  # no filter bar on this page
    assert "de filter op maand, plek en categorie geldt hier niet" in texts(at)


def test_filter_by_tab(opened, demo):
    at = opened
    at.multiselect(key="dk_tabs").select("Meldingen").run()
    rejects = table(at, "Tabblad", "Wat er stond")
    assert set(rejects["Tabblad"]) == {"Meldingen"}
    assert len(rejects) == len(metrics.rejects_for(demo, ("Meldingen",)))
    reasons = table(at, "Rijen", "Reden")
    assert reasons["Rijen"].sum() >= len(rejects)
    warnings = table(at, "Tabblad", "Waarschuwing")
    assert len(warnings) == len(metrics.warnings_for(demo, ("Meldingen",)))
