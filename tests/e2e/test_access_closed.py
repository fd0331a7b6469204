"""Access that fails closed (#16), where only a running server and a real browser show it: the token in the
browser's history, a live meeting screen whose link is revoked, and a secrets.toml saved with a typo and repaired.

Each test runs its own server from a temporary copy of the app with its own .streamlit/secrets.toml (Streamlit reads
secrets from the working directory), on a copy of the demo workbook, and changes that file while the server runs,
as a coordinator would.
"""
from __future__ import annotations

import os
import secrets as secrets_mod
import shutil
from pathlib import Path

import pytest

from lib import access
from tests.e2e.conftest import ROOT, copy_app, server_env

pytestmark = pytest.mark.browser

TOKENS = {role: secrets_mod.token_urlsafe(32) for role in ("coordinator", "partner")}
SESSION_SECRET = secrets_mod.token_hex(32)
ERROR = '[data-testid="stAlertContentError"]'
METRIC = '[data-testid="stMetric"]'


def write_secrets(path: Path, roles: tuple[str, ...], text: str | None = None) -> None:
    """secrets.toml with a link for each role, written whole at once (as an editor saves it)."""
    if text is None:
        lines = ["[access]", f'session_secret = "{SESSION_SECRET}"', ""]
        for role in roles:
            lines += ["[[access.tokens]]", f'role = "{role}"', f'label = "{role} (test)"',
                      *(['partner = "dekey"'] if role == "partner" else []),
                      f'sha256 = "{access.token_hash(TOKENS[role])}"', ""]
        text = "\n".join(lines)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@pytest.fixture
def app_with_secrets(tmp_path, start_server, request):
    """(server, its secrets.toml): the coordinator's local workbook with a coordinator and a partner link."""
    root = copy_app(tmp_path / "app")
    shutil.copy2(ROOT / "data" / "demo.xlsx", tmp_path / "bron.xlsx")
    secrets_toml = root / ".streamlit" / "secrets.toml"
    write_secrets(secrets_toml, ("coordinator", "partner"))
    srv = start_server(request.node.name.replace("test_", "")[:40], root,
                       server_env(FLATCOACH_SOURCE=str(tmp_path / "bron.xlsx")))
    return srv, secrets_toml


def alerts(tab) -> list[str]:
    """The red alerts' sentences (without the icon's name, which is text in the alert too)."""
    return [t.strip().splitlines()[-1].strip() for t in tab.page.locator(ERROR).all_inner_texts()]


def _before_the_app(url: str) -> bool:
    return "_stcore/health" in url or url == "about:blank"


def test_the_token_leaves_the_browsers_history(app_with_secrets, tab):
    """#16.7: Back, as far as the history goes, never brings ?toegang=<token> into the address bar again."""
    srv, _ = app_with_secrets
    token = TOKENS["partner"]
    tab.page.goto(srv.url("/_stcore/health"))  # something before the link, so Back has somewhere to go
    tab.enter(srv.url(f"/?{access.TOKEN_PARAM}={token}"))
    assert tab.page.locator(METRIC).count() >= 4 and token not in tab.page.url
    assert tab.query().get(access.TICKET_PARAM)
    tab.shot("toegang-na-link-wide")
    seen = [tab.page.url]
    for _ in range(int(tab.page.evaluate("history.length"))):
        tab.page.go_back(wait_until="commit")
        seen.append(tab.page.url)
        if _before_the_app(tab.page.url):
            break
    # went all the way back: to the health page, or (Chromium's back-button intervention may skip an entry that no
    # user gesture made, seen under load) to the tab's first entry
    assert _before_the_app(seen[-1]), seen
    assert not [u for u in seen if token in u], seen


def test_a_live_screen_stops_when_its_link_is_revoked(app_with_secrets, tab):
    """#16.1: the meeting screen (?live=1) refreshes in a fragment; it asks the door at every refresh, so a revoked
    link loses the screen within one refresh instead of receiving fresh data."""
    srv, secrets_toml = app_with_secrets
    tab.enter(srv.url(f"/?live=1&{access.TOKEN_PARAM}={TOKENS['partner']}"))
    tab.wait_until(lambda: tab.watch.fragment_runs_finished >= 1, "the live screen did not refresh", 60)
    assert tab.page.locator(METRIC).count() >= 4 and not alerts(tab)
    write_secrets(secrets_toml, ("coordinator",))  # the partner's link is revoked
    tab.wait_until(lambda: tab.page.locator(ERROR).count() > 0, "the revoked live screen kept its data", 60)
    tab.settle()
    assert alerts(tab) == [access.REFUSE_WRONG]
    assert tab.page.locator(METRIC).count() == 0
    tab.shot("toegang-live-ingetrokken-wide")
    frames = tab.watch.fragment_runs_finished
    runs = tab.watch.runs_finished
    tab.page.wait_for_timeout(7_000)  # two refresh intervals of the test server (3 s): nothing more arrives
    assert tab.watch.fragment_runs_finished == frames and tab.watch.runs_finished == runs


def test_a_broken_secrets_file_closes_the_door_until_it_is_repaired(app_with_secrets, open_tab):
    """#16.2: a save of secrets.toml that does not parse closes the door with one sentence that says where (it used
    to read as 'no settings': the local file then opened as coordinator for anyone, and Streamlit's watcher stopped
    for good, so no later revocation was seen until a restart). Repaired, the file counts again at once."""
    srv, secrets_toml = app_with_secrets
    tab = open_tab("wide")
    tab.enter(srv.url(f"/?{access.TOKEN_PARAM}={TOKENS['coordinator']}"))
    assert tab.page.locator(METRIC).count() >= 4
    good = secrets_toml.read_text(encoding="utf-8")
    write_secrets(secrets_toml, (), text=good.replace('role = "partner"', "role = partner"))  # a typo
    tab.open(tab.page.url)  # a reload with the ticket
    [sentence] = alerts(tab)
    assert "secrets.toml" in sentence and "regel" in sentence, sentence
    assert tab.page.locator(METRIC).count() == 0
    tab.shot("toegang-secrets-kapot-wide")
    stranger = open_tab("phone")
    stranger.open(srv.url("/"))  # no link at all: not the local file's coordinator either
    assert alerts(stranger) == [sentence] and stranger.page.locator(METRIC).count() == 0
    stranger.shot("toegang-secrets-kapot-phone")
    write_secrets(secrets_toml, ("partner",))  # repaired, and the coordinator's link revoked while at it
    tab.open(tab.page.url)
    assert alerts(tab) == [access.REFUSE_WRONG] and tab.page.locator(METRIC).count() == 0
    stranger.enter(srv.url(f"/?{access.TOKEN_PARAM}={TOKENS['partner']}"))
    assert not alerts(stranger) and stranger.page.locator(METRIC).count() >= 4
