"""The whole first use, as a coordinator with a browser and a Google account would go through it (issue #10).

The spreadsheet is the fake Sheets API (tests/fakesheets.py) in this test process, holding what the forms script
leaves behind: every tab with its header row, the roster the coordinator typed, and one test answer per form. The
dashboard runs as `streamlit run` in its own process with a secrets.toml made the way the guide says: the sheet's
key, the downloaded JSON key pasted whole, and a coordinator password. It reaches the fake through
FLATCOACH_SHEETS_API (lib/data.py, loopback only).

Then: the coordinator signs in with the password, Controle is all green, a partner link is made on Delen; that link
in a fresh browser context shows the partner view, not the coordinator's; after revoking, the link is refused; and
when the sheet answers 403, Controle shows the fix with the service account's e-mail.
"""
from __future__ import annotations

import json
import re
import secrets as secrets_mod
from datetime import date, datetime
from datetime import time as dtime

import pytest

from lib import access, schema
from tests.e2e.conftest import Server, copy_app, server_env
from tests.fakesheets import FakeSheets

pytestmark = pytest.mark.browser

PASSWORD = "kbuurt-" + secrets_mod.token_urlsafe(12)
FAST = 'tries = 2\ntimeout_seconds = 2\ndeadline_seconds = 4\nbackoff_seconds = 0.05\nmax_wait_seconds = 0.2\n'
LINK = re.compile(r"https?://\S+\?" + access.TOKEN_PARAM + r"=[A-Za-z0-9_-]{16,}")


def _header(t: schema.Tab) -> list[str]:
    return [f.header for f in t.fields]


def script_made_tabs() -> dict[str, list[list]]:
    """What the forms script leaves: every tab with its headers, the roster, one test answer per form."""
    tabs = {t.name: [_header(t)] for t in schema.TABS.values()}
    tabs["Coaches"] += [["Ahmed", "Coach A", date(2026, 11, 1)], ["Sanne", "Coach B", date(2026, 11, 1)]]
    tabs["Rondes"].append([datetime(2026, 11, 27, 22, 40), "Ahmed", "Sanne", date(2026, 11, 27), dtime(20, 0),
                           dtime(22, 30), "Kouwenoord, Openbare ruimte", "Proefronde", "", ""])
    tabs["Meldingen"].append([datetime(2026, 11, 27, 22, 45), "Sanne", date(2026, 11, 27), dtime(21, 15),
                              "Kouwenoord", "Begane grond", "Entree/hal", "Heel", "Verlichting",
                              "Lamp in de hal kapot", "Beheerder De Key", "Gemiddeld"])
    return tabs


@pytest.fixture(scope="module")
def sheet():
    fs = FakeSheets(script_made_tabs()).start()
    yield fs
    fs.stop()


@pytest.fixture(scope="module")
def first_app(sheet, tmp_path_factory):
    root = copy_app(tmp_path_factory.mktemp("first-use") / "app")
    key_file = json.dumps(sheet.service_account_info(), indent=2)  # the downloaded file, as it is
    (root / ".streamlit" / "secrets.toml").write_text(
        "[sheet]\n"
        f'key = "https://docs.google.com/spreadsheets/d/{sheet.key}/edit#gid=0"\n'
        f"service_account_json = '''\n{key_file}\n'''\n"
        + FAST + "\n"
        "[access]\n"
        f'coordinator_password = "{PASSWORD}"\n',
        encoding="utf-8")
    srv = Server("first-use", cwd=root, env=server_env(FLATCOACH_SHEETS_API=sheet.url, FLATCOACH_CACHE_TTL="2"))
    yield srv
    srv.stop()


def sign_in(tab, app) -> None:
    tab.open(app.url("/"))
    assert tab.page.locator('[data-testid="stMetric"]').count() == 0, "data before signing in"
    tab.page.get_by_label("Wachtwoord").fill(PASSWORD)
    tab.rerun_after(lambda: tab.page.get_by_role("button", name="Inloggen").click())
    tab.assert_clean(app)
    assert "Rol: Coördinator" in tab.page.locator('[data-testid="stSidebar"]').inner_text()


def go(tab, app, key: str) -> None:
    """Click the page in the menu, as a person would (the session keeps the sign-in)."""
    label = access.PAGE[key].label
    link = tab.page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').filter(has_text=label)
    tab.rerun_after(lambda: link.first.click())


def checklist(tab) -> tuple[list[str], list[str]]:
    text = tab.text()
    return re.findall(r"✔[^\n]*", text), re.findall(r"✘[^\n]*", text)


def test_first_use_from_the_guide(first_app, sheet, browser, open_tab):
    coordinator = open_tab("wide")
    sign_in(coordinator, first_app)
    coordinator.shot("eerste-gebruik-1-overzicht-wide")

    go(coordinator, first_app, "controle")
    good, bad = checklist(coordinator)
    assert not bad, bad
    assert len(good) >= 6, good
    assert PASSWORD not in coordinator.page.content()
    coordinator.shot("eerste-gebruik-2-controle-wide")

    go(coordinator, first_app, "delen")
    page = coordinator.page
    page.get_by_label("Naam link").fill("De Key beheer")
    # Streamlit's selectbox: click it, then the option
    page.get_by_label("Rol").click()
    page.get_by_role("option", name="Partner").click()
    page.get_by_label("Partner", exact=True).click()
    page.get_by_role("option", name="De Key").click()
    coordinator.rerun_after(lambda: page.get_by_role("button", name="Maak link").click())
    coordinator.assert_clean(first_app)
    found = LINK.findall(coordinator.text())
    assert len(found) == 1, coordinator.text()
    link = found[0]
    token = link.rsplit("=", 1)[1]
    rows = sheet.tabs["Toegang"]
    assert len(rows) == 2 and access.token_hash(token) in [str(c) for c in rows[1]], rows
    assert token not in json.dumps(rows, default=str), "the token itself was written into the sheet"
    coordinator.shot("eerste-gebruik-3-delen-wide")

    # The link, opened by the partner in a browser of their own: the partner view.
    partner = open_tab("phone")
    partner.enter(first_app.url("/" + link.split("/", 3)[3]))
    partner.assert_clean(first_app)
    side = partner.page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Rol: Partner" in side and "De Key beheer" in side
    assert access.PAGE["uren"].label not in side and access.PAGE["delen"].label not in side
    assert token not in partner.page.url
    partner.shot("eerste-gebruik-4-partner-phone")

    # Revoked on Delen: the same link is refused in a new browser.
    coordinator.rerun_after(lambda: coordinator.page.get_by_role("button", name="Intrekken").first.click())
    assert sheet.tabs["Toegang"][1][schema.ACCESS_LINKS.keys.index("revoked_at")] not in ("", None)
    again = open_tab("wide")
    again.open(link.replace(link.split("/", 3)[2], first_app.base.split("/", 3)[2]))
    assert "klopt niet of is ingetrokken" in again.text()
    assert again.page.locator('[data-testid="stMetric"]').count() == 0

    # The spreadsheet stops answering (sharing removed): Controle names the fix and the account.
    sheet.faults.push("403", times=1000)
    go(coordinator, first_app, "controle")
    # Controle keeps its check for 20 seconds; the coordinator who just changed the sharing asks again, as the
    # page offers. (Without the click this step depended on the machine being slow enough for the 20 s to pass.)
    coordinator.rerun_after(lambda: coordinator.page.get_by_role("button", name="Opnieuw controleren").click())
    good, bad = checklist(coordinator)
    assert bad and any(sheet.client_email in line for line in bad + [coordinator.text()]), coordinator.text()
    assert "Delen" in coordinator.text()
    coordinator.shot("eerste-gebruik-5-controle-403-wide")
    sheet.faults.clear()
