"""Each role's share link (`?toegang=<token>`) opens that role's view in the browser; no link or a wrong one is refused.

The server runs from a temporary copy of the app whose .streamlit/secrets.toml holds only the SHA-256 of three
made-up tokens (Streamlit reads secrets from the working directory), on a local copy of the demo workbook: a local
file with access configured, as a coordinator would run it for partners.
"""
from __future__ import annotations

import secrets as secrets_mod
import shutil

import pytest

from lib import access
from tests.e2e.conftest import ROOT, Server, copy_app, server_env

pytestmark = pytest.mark.browser

if not all(hasattr(access, n) for n in ("token_hash", "config_from_secrets", "TOKEN_PARAM")):
    pytest.skip("lib/access.py kent nog geen deellinks (?toegang=): token_hash/config_from_secrets ontbreken",
                allow_module_level=True)

TOKENS = {role: secrets_mod.token_urlsafe(32) for role in ("coordinator", "partner", "coach")}
ALL_LABELS = {p.key: p.label for p in access.PAGES}


@pytest.fixture(scope="module")
def roles_app(tmp_path_factory):
    root = copy_app(tmp_path_factory.mktemp("roles") / "app")
    shutil.copy2(ROOT / "data" / "demo.xlsx", root.parent / "bron.xlsx")
    lines = ["[access]", f'session_secret = "{secrets_mod.token_hex(32)}"', ""]
    for role, label, partner in (("coordinator", "Coördinator (test)", ""), ("partner", "De Key (test)", "dekey"),
                                 ("coach", "Flatcoaches (test)", "")):
        lines += ["[[access.tokens]]", f'role = "{role}"', f'label = "{label}"']
        if partner:
            lines.append(f'partner = "{partner}"')
        lines += [f'sha256 = "{access.token_hash(TOKENS[role])}"', ""]
    (root / ".streamlit" / "secrets.toml").write_text("\n".join(lines), encoding="utf-8")
    srv = Server("roles", cwd=root, env=server_env(FLATCOACH_SOURCE=str(root.parent / "bron.xlsx")))
    yield srv
    srv.stop()


def menu(tab) -> list[str]:
    links = tab.page.locator('[data-testid="stSidebar"] [data-testid="stPageLink"] [data-testid="stMarkdownContainer"]')
    return [t.strip() for t in links.all_text_contents()]


def no_token_anywhere(tab) -> None:
    html = tab.page.content()
    for token in TOKENS.values():
        assert token not in tab.page.url, "the token stayed in the address bar"
        assert token not in html, "the token is in the page"


def test_no_link_is_refused(roles_app, tab):
    tab.open(roles_app.url("/"))
    alerts = tab.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert alerts and "geen toegang" in alerts[0].lower(), alerts
    assert tab.page.locator('[data-testid="stMetric"]').count() == 0
    assert menu(tab) == []
    assert tab.watch.page_errors == []
    tab.shot("rol-geen-link-wide")


def test_wrong_link_is_refused_and_leaves_the_address_bar(roles_app, tab):
    wrong = secrets_mod.token_urlsafe(32)
    tab.open(roles_app.url(f"/?{access.TOKEN_PARAM}={wrong}"))
    alerts = tab.page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert alerts and "klopt niet" in alerts[0], alerts
    assert tab.page.locator('[data-testid="stMetric"]').count() == 0
    assert wrong not in tab.page.url and wrong not in tab.page.content()


def test_coordinator_link_opens_everything(roles_app, tab):
    tab.enter(roles_app.url(f"/?{access.TOKEN_PARAM}={TOKENS['coordinator']}"))

    tab.assert_clean(roles_app)
    assert tab.page.locator('[data-testid="stMetric"]').count() >= 4
    shown = menu(tab)
    for p in access.pages_for(access.Role.COORDINATOR):
        if (ROOT / p.path).exists():
            assert p.label in shown, (p.label, shown)
    assert "Rol: Coördinator" in tab.page.locator('[data-testid="stSidebar"]').inner_text()
    no_token_anywhere(tab)
    assert tab.query().get(access.TICKET_PARAM), f"no session ticket in {tab.page.url}: a reload would fail"
    tab.shot("rol-coordinator-wide")

    tab.open(tab.page.url)  # a reload keeps the role
    tab.assert_clean(roles_app)
    assert tab.page.locator('[data-testid="stMetric"]').count() >= 4


def test_partner_link_opens_the_partner_view(roles_app, open_tab):
    tab = open_tab("phone")
    tab.enter(roles_app.url(f"/?{access.TOKEN_PARAM}={TOKENS['partner']}"))

    tab.assert_clean(roles_app)
    assert tab.page.locator('[data-testid="stMetric"]').count() >= 4
    shown = menu(tab)
    assert ALL_LABELS["overzicht"] in shown
    for key in ("uren", "datakwaliteit", "rapportage", "invoer"):
        assert ALL_LABELS[key] not in shown, (key, shown)
    assert "Rol: Partner" in tab.page.locator('[data-testid="stSidebar"]').inner_text(timeout=5000)
    no_token_anywhere(tab)
    tab.shot("rol-partner-phone")

    # The fee page is not theirs, even with the address typed in.
    ticket = tab.query()[access.TICKET_PARAM]
    tab.open(roles_app.url(f"/uren?{access.TICKET_PARAM}={ticket}"))
    assert "hoort niet bij jouw rol" in tab.text()
    assert tab.page.locator('[data-testid="stMetric"]').count() == 0
    assert tab.page.locator('[data-testid="stDataFrame"]').count() == 0
    tab.shot("rol-partner-uren-geweigerd-phone")


def test_coach_link_opens_only_the_intake(roles_app, open_tab):
    if not (ROOT / access.PAGE["invoer"].path).exists():
        pytest.skip(f"{access.PAGE['invoer'].path} bestaat nog niet")
    tab = open_tab("phone")
    tab.enter(roles_app.url(f"/invoer?{access.TOKEN_PARAM}={TOKENS['coach']}"))

    tab.assert_clean(roles_app)
    assert ALL_LABELS["invoer"] in tab.page.locator("h1").first.inner_text()
    assert menu(tab) == [ALL_LABELS["invoer"]]
    assert tab.page.locator('[data-testid="stMetric"]').count() == 0
    no_token_anywhere(tab)
    tab.shot("rol-coach-invoer-phone")

    ticket = tab.query()[access.TICKET_PARAM]
    tab.open(roles_app.url(f"/?{access.TICKET_PARAM}={ticket}"))
    assert "hoort niet bij jouw rol" in tab.text()
    assert tab.page.locator('[data-testid="stMetric"]').count() == 0
