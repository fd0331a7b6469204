"""Every page the demo visitor may open, in Chromium, on the meeting screen and on a phone: it loads, shows no
exception or error box, throws nothing in the front end, and every chart and map finishes drawing. Each visit saves
a full-page screenshot (tabs on the wide screen each get their own) for a person to look at after the run."""
from __future__ import annotations

import pytest

from lib import access
from tests.e2e.conftest import ROOT, url_path

pytestmark = pytest.mark.browser

DEMO_PAGES = [p for p in access.PAGES if access.Role.DEMO in p.roles]


@pytest.mark.parametrize("viewport", ["wide", "phone"])
@pytest.mark.parametrize("page_def", DEMO_PAGES, ids=[p.key for p in DEMO_PAGES])
def test_page_renders(app, open_tab, page_def, viewport):
    if not (ROOT / page_def.path).exists():
        pytest.skip(f"{page_def.path} bestaat nog niet")
    tab = open_tab(viewport)
    tab.open(app.url(url_path(page_def.path)))

    tab.assert_clean(app)
    title = tab.page.locator("h1").first.inner_text()
    assert page_def.label in title, f"title {title!r} on {tab.page.url}"
    # The demo visitor is told the numbers are made up.
    assert "DEMO" in tab.text()
    charts = tab.charts()
    assert all(c["drawn"] for c in charts), charts
    tab.shot(f"{page_def.key}-{viewport}")

    # Tabs inside the page (st.tabs): each one opened, drawn and photographed on the meeting screen.
    if viewport == "wide":
        tabs = tab.page.locator('[data-testid="stTabs"] [role="tab"]')
        for i in range(tabs.count()):
            if i == 0:
                continue  # the first tab is on the page screenshot already
            tabs.nth(i).click()
            tab.settle()
            tab.assert_clean(app)
            tab.shot(f"{page_def.key}-{viewport}-tab{i + 1}")


def test_menu_links_every_page(app, tab):
    """The sidebar menu lists every page the demo visitor may open, and each link keeps the chosen filters."""
    tab.open(app.url("/?maand=2022-02"))
    items = tab.page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]')
    labels = [t.strip() for t in items.all_inner_texts()]
    for p in DEMO_PAGES:
        if not (ROOT / p.path).exists():
            continue
        assert any(p.label in t for t in labels), f"{p.label!r} not in the menu: {labels}"
    hrefs = items.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    dekking = [h for h in hrefs if "dekking" in h]
    assert dekking and "maand=2022-02" in dekking[0], hrefs


def test_a_tables_files_are_made_when_clicked(app, tab, demo, conf):
    """#12: a table's CSV and Excel are deferred downloads (made on the server when the button is clicked, through
    the door): in a real browser the click brings the file, the payout's euros as numbers a spreadsheet adds up."""
    import io

    import openpyxl

    from lib import export, metrics
    from lib.charts import hours as charts

    tab.open(app.url("/uren?maand=2022-01"))
    tab.assert_clean(app)
    raw = charts.payout_frame(metrics.payout(demo, metrics.View("2022-01"), conf), with_month=False, numbers=True)
    with tab.page.expect_download() as dl:
        tab.page.locator(".st-key-payout-xlsx button").click()
    assert dl.value.suggested_filename == "uitbetaling-januari-2022.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(open(dl.value.path(), "rb").read())).active  # noqa: SIM115
    header = [c.value for c in ws[1]]
    fees = [r[header.index("Vergoeding")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert fees and all(isinstance(x, (int, float)) for x in fees)
    assert sum(fees) == pytest.approx(raw["Vergoeding"].sum(), abs=0.01)
    with tab.page.expect_download() as dl:
        tab.page.locator(".st-key-payout-csv button").click()
    assert dl.value.suggested_filename == "uitbetaling-januari-2022.csv"
    assert open(dl.value.path(), "rb").read() == export.to_csv(raw)  # noqa: SIM115
    tab.assert_clean(app)
