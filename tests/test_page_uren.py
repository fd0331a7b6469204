"""Uren & vergoedingen on the demo data: the figures and the payout list shown are the metric functions' ones."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib import fmt, metrics
from lib.charts import hours as charts
from tests.apptest import capture_downloads, open_page, workbook_parts

PAGE = "pages/1_uren.py"


def open_link(query: dict) -> AppTest:
    """The page as a shared link opens it."""
    return open_page(PAGE, query)


def shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(demo, conf, view, rate=None) -> dict[str, str]:
    s = metrics.fee_summary(demo, view, conf, rate)
    return {"Coachuren": fmt.hours(s["hours"]), "Vergoeding": fmt.euro(s["fee"]),
            "Boven maandgrens": f"{s['over_month']} van {s['coaches']}",
            "Boven jaargrens": f"{s['over_year']} van {s['coaches']}", "Organisatie-uren": fmt.hours(s["org_hours"])}


def table(at, column: str):
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value.reset_index(drop=True)
    raise KeyError(column)


def test_january_figures_payout_and_the_rate_what_if(demo, conf):
    at = open_link({"maand": "2022-01"})
    assert not at.exception
    view = metrics.View("2022-01")
    assert shown(at) == expected(demo, conf, view)
    payout = charts.payout_frame(metrics.payout(demo, view, conf), with_month=False)
    assert table(at, "Boven grens").equals(payout)
    over = metrics.fees(demo, view, conf)
    over = over[over["over_month"]]["coach"]
    warning = [w.value for w in at.warning if "maandgrens" in w.value][0]
    assert len(over) and all(name in warning for name in over)  # named, not just counted
    # The rate reads as Dutch: a decimal comma.
    assert at.text_input(key="uren_rate").value == fmt.number(metrics.coach_rate(demo, conf), 2)
    # What if the rate were € 10,50? Every euro on the page follows; nothing else changes.
    at.text_input(key="uren_rate").input("10,50").run()
    assert shown(at) == expected(demo, conf, view, rate=10.5)
    assert table(at, "Boven grens")["Tarief"].eq("€ 10,50").all()
    # A rate that is not an amount: a short Dutch note, and the page counts with the budget's rate.
    at.text_input(key="uren_rate").input("tien").run()
    assert not at.exception
    assert any("geen bedrag" in c.value for c in at.caption)
    assert shown(at) == expected(demo, conf, view)


def test_another_month_shows_other_numbers(demo, conf):
    at = open_link({"maand": "2021-12"})
    assert not at.exception
    assert shown(at) == expected(demo, conf, metrics.View("2021-12"))
    assert shown(at)["Vergoeding"] != expected(demo, conf, metrics.View("2022-01"))["Vergoeding"]
    assert "Uitbetaling december 2021" in [s.value for s in at.subheader]


def test_the_link_sets_the_filters(demo, conf):
    at = open_link({"maand": "2022-01", "flat": "kempering"})
    assert at.selectbox(key="f_month").value == "2022-01"
    assert at.multiselect(key="f_towers").value == ["Kempering"]
    view = metrics.View("2022-01", ("Kempering",))
    # The hours per coach follow the tower filter; the payout never leaves anyone's hours out.
    assert table(at, "Coach").equals(charts.hours_frame(metrics.coach_hours_pivot(demo, view, conf, "W")))
    assert shown(at) == expected(demo, conf, metrics.View("2022-01"))


def test_payout_download_keeps_numbers_a_spreadsheet_can_add_up(demo, conf, monkeypatch):
    """The treasurer sums the Excel payout: hours and euros must arrive as numbers, not as '€ 195,00' text. The
    files checked are the ones the page's buttons hand out (made on click)."""
    import io

    import openpyxl

    from lib import export

    downloads = capture_downloads(monkeypatch)
    at = open_link({"maand": "2022-01"})
    assert not at.exception
    pay = metrics.payout(demo, metrics.View("2022-01"), conf)
    raw = charts.payout_frame(pay, with_month=False, numbers=True)
    xlsx = downloads.named("uitbetaling-januari-2022", ".xlsx").click()
    assert workbook_parts(xlsx) == workbook_parts(export.to_xlsx(raw, "uitbetaling januari 2022"))
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    header = [c.value for c in ws[1]]
    fees = [r[header.index("Vergoeding")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(x, (int, float)) for x in fees)
    assert sum(fees) == pytest.approx(pay["fee"].sum(), abs=0.01)
    csv = downloads.named("uitbetaling-januari-2022", ".csv").click()
    assert csv == export.to_csv(raw)
    assert "€" not in csv.decode("utf-8-sig")


def test_a_month_change_writes_no_file_until_a_button_is_clicked(demo, conf, monkeypatch):
    """#12: a month change draws every table again, but their CSV and Excel are made only when a button is
    clicked: not one is written for the page or the new month. A click still gets what export.to_xlsx makes of
    the table (formula-like text inert), and a second click the same file, kept."""
    from lib import export

    made: dict[str, list[str]] = {"xlsx": [], "csv": []}
    real_xlsx, real_csv = export.to_xlsx, export.to_csv

    def to_xlsx(df, sheet="Gegevens"):
        made["xlsx"].append(sheet)
        return real_xlsx(df, sheet)

    def to_csv(df):
        made["csv"].append("")
        return real_csv(df)

    monkeypatch.setattr(export, "to_xlsx", to_xlsx)
    monkeypatch.setattr(export, "to_csv", to_csv)
    downloads = capture_downloads(monkeypatch)
    at = open_link({"maand": "2022-01"})
    drawn = len(downloads.tables())
    at.selectbox(key="f_month").select("2021-12").run()
    assert not at.exception
    assert "Uitbetaling december 2021" in [s.value for s in at.subheader]
    assert drawn >= 4 and len(downloads.tables()) >= drawn + 4, "the tables and their buttons were drawn again"
    assert made == {"xlsx": [], "csv": []}, "a file was written before anyone clicked"

    button = downloads.named("uitbetaling-december-2021", ".xlsx")
    assert button.label == "Excel" and button.deferred
    got = button.click()
    raw = charts.payout_frame(metrics.payout(demo, metrics.View("2021-12"), conf), with_month=False, numbers=True)
    assert workbook_parts(got) == workbook_parts(real_xlsx(raw, "uitbetaling december 2021"))
    assert made["xlsx"] == ["uitbetaling december 2021"], "the click went through export.to_xlsx, once"
    assert button.click() == got and len(made["xlsx"]) == 1, "a second click writes no second workbook"
    assert made["csv"] == []
