"""Opvolging on the demo data: the action figures are the metric functions' for the view; the coordinator's edits
are written back to the Acties tab (only the changed cells), and the demo never writes."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from tests.apptest import ROOT, metrics_shown, open_clean, texts

PAGE = "pages/4_opvolging.py"
DEMO = ROOT / "data" / "demo.xlsx"


def open_opvolging(query: dict | None = None) -> AppTest:
    """The page as a shared link opens it."""
    return open_clean(PAGE, query)


shown = metrics_shown


def expected(demo, conf, view, partner="stichting") -> dict[str, str]:
    a = metrics.actions_view(demo, view, conf, dt.date.today(), partner)
    s = metrics.actions_summary(a)
    f = metrics.signal_focus(demo, view, conf)
    return {"Acties open": fmt.number(s["open"]), "Over de deadline": fmt.number(s["overdue"]),
            "Afgerond": fmt.number(s["done"]), "Zonder deadline": fmt.number(s["no_deadline"]),
            "Doorgezet": fmt.number(f["total"] - f["not_passed"])}


def owner_headings(at) -> list[str]:
    return [m.value.split("\n")[0].removeprefix("#### ") for m in at.markdown if m.value.startswith("#### ")]


def edit_actions(at: AppTest, edits: dict[int, dict]) -> AppTest:
    """Type into the action editor. AppTest has no data_editor accessor: send the widget state Streamlit's
    frontend would send (edited rows by position) with the next run."""
    editor = next(d for d in at.dataframe if d.proto.id and "acties_editor" in d.proto.id)
    states = at._tree.get_widget_states()
    w = states.widgets.add()
    w.id = editor.proto.id
    w.string_value = json.dumps({"edited_rows": {str(k): v for k, v in edits.items()}, "added_rows": [],
                                 "deleted_rows": []})
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_latest_month_counts_against_its_end_grouped_by_owner(demo, conf):
    at = open_opvolging()
    latest = metrics.latest_month(demo)
    view = metrics.View(latest)
    assert shown(at) == expected(demo, conf, view)
    when, is_today = metrics.as_of(demo, view, conf, dt.date.today())
    assert not is_today  # the demo season is over: counted against the end of the month, and the page says so
    assert f"Peildatum {fmt.day(when, long=True)}" in texts(at)
    a = metrics.actions_view(demo, view, conf, dt.date.today())
    assert owner_headings(at) == list(dict.fromkeys(a["owner"]))
    first = at.dataframe[0].value  # the first owner's actions: overdue ones on top, marked
    n_late = int(a[a["owner"] == a["owner"].iloc[0]]["overdue"].sum())
    assert first["Status"].str.startswith("⚠").sum() == n_late > 0
    assert first["Status"].head(n_late).str.startswith("⚠").all()
    # Deadlines read as Dutch dates; an action without one says so instead of "None".
    deadlines = [d for t in at.dataframe if "Deadline" in t.value.columns and "Eigenaar" not in t.value.columns
                 for d in t.value["Deadline"]]  # the tables per owner (the one with all actions repeats them)
    assert "geen deadline" in deadlines and not {"None", "nan", "NaT"} & set(deadlines)
    assert deadlines.count("geen deadline") == int(a["deadline"].isna().sum())
    # The demo shows the editor but cannot save.
    assert "In de demo wordt niets opgeslagen" in texts(at)
    assert at.button(key="acties_save").disabled


def test_changing_the_month_changes_the_numbers(demo, conf):
    at = open_opvolging()
    before = shown(at)
    at.selectbox(key="f_month").select("2021-12").run()
    assert shown(at) == expected(demo, conf, metrics.View("2021-12"))
    assert shown(at) != before


def test_query_parameters_set_the_filters_and_the_partners_owner_comes_first(demo, conf):
    at = open_opvolging({"maand": "2022-02", "flat": "openbare-ruimte", "weergave": "gemeente"})
    view = metrics.View("2022-02", ("Openbare ruimte",))
    assert at.selectbox(key="f_month").value == "2022-02"
    assert at.multiselect(key="f_towers").value == ["Openbare ruimte"]
    assert shown(at) == expected(demo, conf, view, "gemeente")
    assert owner_headings(at)[0] == "Gemeente"


@pytest.fixture
def workbook(tmp_path, monkeypatch):
    """A copy of the demo workbook as the coordinator's own local file."""
    p = tmp_path / "flatcoaches.xlsx"
    shutil.copyfile(DEMO, p)
    monkeypatch.setenv("FLATCOACH_SOURCE", str(p))
    return p


def values(path) -> list[list]:
    wb = openpyxl.load_workbook(path, data_only=True)
    try:
        return [[c for c in r] for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def test_the_coordinator_saves_only_the_changed_cells(workbook):
    before = values(workbook)
    at = open_opvolging()
    assert at.button(key="acties_save").disabled  # nothing changed yet
    edit_actions(at, {0: {"status": "Afgerond", "ticket": "DK-2022-4242"}})
    assert "2 wijzigingen nog niet opgeslagen" in texts(at)
    at.button(key="acties_save").click().run()
    assert not at.exception
    assert "2 wijzigingen opgeslagen in het tabblad Acties" in texts(at)
    after = values(workbook)
    changed = [(i, j) for i, (rb, ra) in enumerate(zip(before, after)) for j, (b, a) in enumerate(zip(rb, ra))
               if b != a]
    assert len(changed) == 2 and len(before) == len(after)
    ws = openpyxl.load_workbook(workbook)["Acties"]
    assert ws.cell(2, 5).value == "Afgerond" and ws.cell(2, 7).value == "DK-2022-4242"
    # The page reads the new values at once (the cache was cleared) and the editor starts clean.
    assert at.button(key="acties_save").disabled
