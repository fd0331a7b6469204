"""The Maandrapportage page as the coordinator uses it: a month from the filter bar, a note, preview, downloads."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from lib.metrics import View
from tests.apptest import open_page, texts

PAGE = "pages/7_rapportage.py"
NOTE = "Overleg 12 januari: De Key plant extra schoonmaak van de trappenhuizen."


def open_report(month: str) -> AppTest:
    """The page as reached from the menu (page links resolve against app.py), then the month from the filter bar."""
    at = open_page(PAGE, timeout=120)
    at.selectbox(key="f_month").set_value(month).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_note_goes_into_the_preview_with_the_months_figures_and_three_downloads(demo, conf):
    at = open_report("2022-01")
    at.text_area(key="rap_note").input(NOTE).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "#### Toelichting coördinator" in shown and NOTE in shown
    assert "Januari 2022 (1 januari 2022 – 31 januari 2022)" in shown
    head = metrics.report_headline(demo, View("2022-01"), conf)
    assert fmt.hours(head["coach_hours"]) in shown and f"{fmt.number(head['rounds'])} rondes" in shown
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons == {"rap-docx": "Download DOCX", "rap-pdf": "Download PDF", "rap-md": "Download Markdown"}
    assert len(at.get("vega_lite_chart")) >= 4  # the dashboard's own charts in the preview


def test_pseudonyms_by_default_names_when_chosen(demo, conf):
    at = open_report("2022-01")
    assert at.radio(key="rap_names").value == "pseudo"
    active = metrics.coach_summary(demo, View("2022-01"), conf)
    shown = texts(at)
    assert all(p in shown for p in active["pseudonym"])
    assert not any(name in shown for name in demo.roster["name"])
    at.radio(key="rap_names").set_value("names").run()
    shown = texts(at)
    assert all(name in shown for name in active["coach"])
    assert "alleen voor intern gebruik" in shown
