"""In without a terminal (issue #10), as AppTests against the fake Sheets API: the coordinator's password at the door
(right, wrong, paused, too short), and the page Delen (a link made there is a row in Toegang holding only its hash,
opens the partner view, and is refused once revoked: at once from Delen, within one cache read from the sheet).
Partners and coaches cannot open Delen; the demo saves nothing; a local file that cannot be written says so."""
from __future__ import annotations

import hashlib
import re
import shutil
from datetime import datetime

import pytest

from lib import access, data, links, schema
from lib.access import Role
from tests.apptest import ROOT, everything, open_page, texts
from tests.fakesheets import fake_sheet

PASSWORD = "kbuurt-wachtwoord-" + access.new_token()[:8]
FAST = {"tries": 2, "timeout_seconds": 1.0, "deadline_seconds": 3, "backoff_seconds": 0.01, "max_wait_seconds": 0.2}
COL = {k: i for i, k in enumerate(schema.ACCESS_LINKS.keys)}
TOKEN_IN = re.compile(r"\?toegang=([A-Za-z0-9_-]{16,})")


@pytest.fixture(autouse=True)
def _fresh_throttle(monkeypatch):
    from lib.ui import door

    monkeypatch.setattr(access, "THROTTLE", access.Throttle())
    monkeypatch.setattr(door, "_client_ip", lambda: "203.0.113.7")  # AppTest has no client address of its own


@pytest.fixture
def fs(monkeypatch):
    with fake_sheet() as f:
        monkeypatch.setattr(data, "HTTP_CLIENT", f.http_client_class())
        monkeypatch.setenv(data.TTL_ENV, "600")  # a read stays in use until the test clears it (the TTL passing)
        yield f


def secrets_for(fs, password: str = PASSWORD, **acc) -> dict:
    return {"sheet": {"key": fs.key, **FAST}, "gcp_service_account": fs.service_account_info(),
            "access": {"coordinator_password": password, **acc}}


def at_door(at) -> bool:
    return bool(at.title) and at.title[0].value == "Flatcoaches K-buurt" and not at.metric


def role_line(at) -> str:
    return next((c.value for c in at.sidebar.caption if str(c.value).startswith("Rol:")), "")


def submit(at, label: str):
    next(b for b in at.button if b.label == label).click()
    return at.run()


def sign_in(at, password: str = PASSWORD):
    at.text_input(key="door-password").input(password)
    return submit(at, "Inloggen")


def coordinator(fs, **acc):
    at = open_page("app.py", secrets=secrets_for(fs, **acc), timeout=30)
    assert at_door(at)
    sign_in(at)
    assert not at.exception, [e.value for e in at.exception]
    assert role_line(at) == "Rol: Coördinator"
    return at


def make_link(at, label: str, role: str = "Partner", partner: str | None = "De Key") -> str:
    """On Delen: fill the form, click Maak link; the token from the link shown (once)."""
    next(t for t in at.text_input if t.label == "Naam link").input(label)
    next(s for s in at.selectbox if s.label == "Rol").select(role)
    if partner:
        next(s for s in at.selectbox if s.label == "Partner").select(partner)
    submit(at, "Maak link")
    assert not at.exception, [e.value for e in at.exception]
    shown = [c.value for c in at.code]
    assert len(shown) == 1, (shown, [e.value for e in at.error])
    return TOKEN_IN.search(shown[0]).group(1)


def visit_with(fs, token: str, secrets: dict):
    return open_page("app.py", query={access.TOKEN_PARAM: token}, secrets=secrets, timeout=30)


# --- the password ---------------------------------------------------------------------------------------------

def test_a_google_sheet_with_a_password_lets_the_coordinator_in_and_out(fs):
    at = open_page("app.py", secrets=secrets_for(fs), timeout=30)
    assert at_door(at)
    assert "nog niet ingesteld" not in texts(at)
    assert [t.label for t in at.text_input] == ["Wachtwoord"] and at.text_input[0].proto.type == 1  # a password
    sign_in(at)
    assert at.title[0].value == "Overzicht" and at.metric
    assert role_line(at) == "Rol: Coördinator"
    assert PASSWORD not in everything(at) and PASSWORD not in repr(at.session_state)
    at.switch_page("pages/6_datakwaliteit.py").run()  # the session keeps the sign-in from page to page
    assert at.title[0].value == "Datakwaliteit"
    submit(at, "Uitloggen")
    assert at_door(at) and at.text_input(key="door-password")


def test_a_wrong_password_is_refused_and_counted(fs):
    at = open_page("app.py", secrets=secrets_for(fs), timeout=30)
    sign_in(at, PASSWORD + "x")
    assert at_door(at)
    assert "Dit wachtwoord klopt niet." in [e.value for e in at.error]
    assert [n for n, _ in access.THROTTLE._fails.values()] == [1]  # one wrong try, counted for this client
    sign_in(at)
    assert role_line(at) == "Rol: Coördinator"  # one wrong try does not hold up the right one


def test_five_wrong_passwords_pause_even_the_right_one_until_the_pause_is_over(fs, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(access, "THROTTLE", access.Throttle(clock=lambda: clock[0]))
    at = open_page("app.py", secrets=secrets_for(fs), timeout=30)
    for i in range(access.MAX_FAILURES):
        sign_in(at, f"verkeerd-wachtwoord-{i}")
    sign_in(at)  # the right one, during the pause: a password, unlike a link, can be guessed
    assert at_door(at)
    assert any("Te veel verkeerde pogingen" in e.value and "juiste wachtwoord" in e.value for e in at.error)
    clock[0] += access.PAUSE_SECONDS + 1
    sign_in(at)
    assert role_line(at) == "Rol: Coördinator"


@pytest.mark.parametrize(("password", "problem"), [
    ("kort-1234", access.PASSWORD_TOO_SHORT),
    (access.EXAMPLE_PASSWORD, access.PASSWORD_IS_EXAMPLE),
])
def test_a_too_short_password_opens_nothing_and_the_door_says_why(fs, password, problem):
    at = open_page("app.py", secrets=secrets_for(fs, password=password), timeout=30)
    assert at_door(at)
    assert not at.text_input, "no password field for a password that does not work"
    assert problem in [w.value for w in at.warning]
    assert password not in everything(at)


# --- Delen ----------------------------------------------------------------------------------------------------

def test_a_link_made_on_delen_opens_the_partner_view_until_it_is_revoked(fs):
    secrets = secrets_for(fs)
    at = coordinator(fs)
    at.switch_page("pages/10_delen.py").run()
    assert at.title[0].value == "Delen" and not at.exception
    token = make_link(at, "De Key beheer")

    rows = fs.rows("Toegang")
    assert len(rows) == 2
    assert rows[1][COL["sha256"]] == access.token_hash(token)
    assert [rows[1][COL[k]] for k in ("label", "role", "partner")] == ["De Key beheer", "Partner", "De Key"]
    assert token not in repr(rows)

    partner = visit_with(fs, token, secrets)
    assert not partner.exception and partner.title[0].value == "Overzicht"
    assert role_line(partner) == "Rol: Partner · De Key beheer"
    menu = [p.proto.label for p in partner.sidebar.get("page_link")]
    assert "Delen" not in menu and "Uren & vergoedingen" not in menu and "Overzicht" in menu

    at.run()  # the coordinator's next view: the link is not shown again, the list has it, with its last use
    assert not at.code and token not in everything(at)
    assert "De Key beheer" in texts(at) and "nog niet" not in texts(at)
    assert access.token_hash(token) not in everything(at)

    submit(at, "Intrekken")
    assert not at.exception
    assert rows_now(fs)[1][COL["revoked_at"]] not in ("", None)
    assert "is ingetrokken" in texts(at)
    assert not [b for b in at.button if b.label == "Intrekken"]

    again = visit_with(fs, token, secrets)
    assert at_door(again) and "klopt niet of is ingetrokken" in texts(again)
    partner.run()  # the session opened before: gone at its next view
    assert at_door(partner)


def rows_now(fs):
    return fs.rows("Toegang")


def test_a_link_revoked_in_the_sheet_stops_at_the_next_read(fs):
    secrets = secrets_for(fs)
    draft = links.new_draft()
    from lib.sources.gsheet import GSheetSource, make_client

    src = GSheetSource(make_client(fs.service_account_info(), http_client=fs.http_client_class()), fs.key, **{
        "tries": 2, "timeout": 1.0, "deadline": 3, "backoff": 0.01, "max_wait": 0.2})
    links.create(src, draft, "Appgroep", "Flatcoach", None, links.now())
    coach = visit_with(fs, draft.token, secrets).switch_page("pages/8_invoer.py").run()
    assert role_line(coach) == "Rol: Flatcoach · Appgroep" and coach.title[0].value == "Invoer"

    with fs.lock:  # the coordinator fills in Ingetrokken op in the sheet itself
        fs.tabs["Toegang"][1][COL["revoked_at"]] = datetime(2026, 11, 28, 8, 0)
    coach.run()
    assert coach.title[0].value == "Invoer", "inside one cache read the link still works"
    data.clear()  # the TTL passes
    coach.run()
    assert at_door(coach)
    assert at_door(visit_with(fs, draft.token, secrets))


def test_a_sheet_link_is_refused_with_a_sentence_when_the_sheet_cannot_be_read(fs):
    fs.faults.push("403", times=50)
    at = visit_with(fs, access.new_token(), secrets_for(fs))
    assert at_door(at)
    assert access.REFUSE_SHEET_UNREADABLE in [e.value for e in at.error]
    assert fs.client_email not in everything(at)


@pytest.mark.parametrize("role", [Role.PARTNER, Role.COACH])
def test_partners_and_coaches_cannot_open_delen(fs, role):
    token = access.new_token()
    grant = {"role": role.value, "sha256": access.token_hash(token), "label": "x"}
    at = visit_with(fs, token, secrets_for(fs, tokens=[grant]))
    at.switch_page("pages/10_delen.py").run()
    assert any("hoort niet bij jouw rol" in w.value for w in at.warning)
    assert not [t for t in at.text_input if t.label == "Naam link"]
    assert not [b for b in at.button if b.label in ("Maak link", "Intrekken")]


# --- where nothing is saved -----------------------------------------------------------------------------------

def test_the_demo_saves_nothing_and_says_so():
    demo = ROOT / "data" / "demo.xlsx"
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    at = open_page("pages/10_delen.py", timeout=30)
    assert at.title[0].value == "Delen"
    assert links.DEMO_NOTE in [w.value for w in at.warning]
    next(t for t in at.text_input if t.label == "Naam link").input("Proef")
    submit(at, "Maak link")
    assert not at.code and any("Er is niets opgeslagen" in i.value for i in at.info)
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before


def test_a_local_file_that_cannot_be_written_says_so_on_the_page(tmp_path, monkeypatch):
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    monkeypatch.setenv("FLATCOACH_SOURCE", str(path))
    monkeypatch.setattr(links.os, "access", lambda p, mode: False)  # a read-only disk (root ignores file modes)
    at = open_page("pages/10_delen.py", timeout=30)
    assert any("flatcoaches.xlsx kan niet worden beschreven" in w.value for w in at.warning)
    assert next(b for b in at.button if b.label == "Maak link").disabled
