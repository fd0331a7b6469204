"""The filter bar in the browser: a choice changes the numbers and the link, a link opens with its filters, and a
shared link works as the very first request to a freshly started server."""
from __future__ import annotations

import pytest

from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.browser


def choose(tab, label: str, option: str) -> None:
    """Pick `option` in the selectbox or multiselect labelled `label`, as a person does, and wait for the rerun."""
    def act():
        tab.page.get_by_role("combobox", name=label).click()
        tab.page.get_by_role("option", name=option, exact=True).click()

    tab.rerun_after(act)
    tab.page.keyboard.press("Escape")  # a multiselect keeps its list open after a choice


def shown(tab, label: str) -> str:
    return tab.page.get_by_role("combobox", name=label).input_value()


def tags(tab, label: str) -> list[str]:
    box = tab.page.locator('[data-testid="stMultiSelect"]').filter(
        has=tab.page.locator('[data-testid="stWidgetLabel"]', has_text=label))
    return [t.strip() for t in box.locator("[data-tag] [title]").all_inner_texts()]


def test_period_choice_changes_numbers_and_link(app, tab):
    tab.open(app.url("/?maand=2022-02"))
    assert shown(tab, "Periode") == "Februari 2022"
    before = tab.metrics()

    choose(tab, "Periode", "Januari 2022")

    tab.assert_clean(app)
    assert shown(tab, "Periode") == "Januari 2022"
    assert tab.query().get("maand") == "2022-01", tab.page.url
    after = tab.metrics()
    changed = [k for k in before if before[k] != after.get(k)]
    assert changed, f"no number changed with the month: {before} -> {after}"
    tab.shot("filter-periode-januari-wide")


def test_place_choice_narrows_numbers_and_link(app, tab):
    tab.open(app.url("/?maand=2022-01"))
    before = tab.metrics()

    choose(tab, "Flats en openbare ruimte", "Kempering")

    tab.assert_clean(app)
    assert tags(tab, "Flats en openbare ruimte") == ["Kempering"]
    assert tab.query().get("flat") == "kempering", tab.page.url
    assert tab.query().get("maand") == "2022-01", tab.page.url
    after = tab.metrics()
    assert after != before, f"no number changed with the place: {before} -> {after}"


def test_link_opens_with_its_filters(app, tab):
    tab.open(app.url("/?maand=2021-12"))
    whole_december = tab.metrics()

    tab.open(app.url("/?maand=2021-12&flat=kempering&cat=schoon&weergave=gemeente"))

    tab.assert_clean(app)
    assert shown(tab, "Periode") == "December 2021"
    assert tags(tab, "Flats en openbare ruimte") == ["Kempering"]
    assert tags(tab, "Categorie") == ["Schoon"]
    assert shown(tab, "Weergave voor") == "Gemeente"
    kempering = tab.metrics()
    assert kempering != whole_december, f"the link's filters did not reach the numbers: {kempering}"
    # The link is kept as it came in (nothing is rewritten away).
    q = tab.query()
    assert (q.get("maand"), q.get("flat"), q.get("cat"), q.get("weergave")) == (
        "2021-12", "kempering", "schoon", "gemeente"), tab.page.url
    tab.shot("link-filters-december-kempering-wide")


def test_link_with_unknown_values_falls_back_with_a_notice(app, tab):
    tab.open(app.url("/?maand=2019-05&flat=nergens"))

    tab.assert_clean(app)
    text = tab.text()
    assert "2019-05" in text and "nergens" in text, "the visitor is not told which part of the link was ignored"
    assert shown(tab, "Periode") == "Maart 2022"  # the latest month with data
    assert tags(tab, "Flats en openbare ruimte") == []


@pytest.mark.parametrize("link", ["/dekking?maand=2022-01", "/meldingen?maand=2022-02&flat=klieverink"],
                         ids=["dekking", "meldingen"])
def test_shared_link_as_first_request_on_fresh_server(fresh_app, tab, link):
    page_file = {"dekking": "pages/2_dekking.py", "meldingen": "pages/3_meldingen.py"}[link[1:].split("?")[0]]
    if not (ROOT / page_file).exists():
        pytest.skip(f"{page_file} bestaat nog niet")

    tab.open(fresh_app.url(link))

    tab.assert_clean(fresh_app)
    month = link.split("maand=")[1].split("&")[0]
    assert tab.query().get("maand") == month, tab.page.url
    assert shown(tab, "Periode") == {"2022-01": "Januari 2022", "2022-02": "Februari 2022"}[month]
    if "flat=" in link:
        assert tags(tab, "Flats en openbare ruimte") == ["Klieverink"]
    assert tab.page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').count() >= 2, "no menu"
    tab.shot(f"first-request-{link[1:].split('?')[0]}-wide")


def test_phone_filters_live_in_the_menu(app, open_tab):
    """On a phone the filters sit in the collapsed menu: open it, pick a month, and the numbers follow."""
    tab = open_tab("phone")
    tab.open(app.url("/?maand=2022-02"))
    before = tab.metrics()
    sidebar = tab.page.locator('[data-testid="stSidebar"]')
    assert sidebar.bounding_box()["x"] < 0, "on a phone the menu should start closed, out of the way"
    tab.page.locator('[data-testid="stExpandSidebarButton"]').click()
    # Opened when it has slid in completely (Playwright calls an element off-screen 'visible' too).
    tab.page.wait_for_function("(el) => el.getBoundingClientRect().left >= 0", arg=sidebar.element_handle())
    tab.shot("overzicht-phone-menu")

    choose(tab, "Periode", "Januari 2022")

    tab.assert_clean(app)
    assert tab.query().get("maand") == "2022-01", tab.page.url
    after = tab.metrics()
    assert after != before, f"no number changed with the month on a phone: {before} -> {after}"
