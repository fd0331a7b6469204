"""lib.access: the settings, link tokens and their hashes, session tickets, the login's e-mail list, the pause after
wrong tries, the defaults without settings, and the command that makes a link."""
from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tomllib

import pytest

from lib import access
from lib.access import Role
from tests.apptest import ROOT

TOKEN = "kV3q0yW1c3Vx6oJz2pQy9bNn8Lr4Tt7Ue5Gh1Ja0Sd2"
OTHER = "Zz9q0yW1c3Vx6oJz2pQy9bNn8Lr4Tt7Ue5Gh1Ja0Sd2"


def secrets_with(*tokens: dict, roles: dict | None = None, **extra) -> dict:
    acc: dict = {"tokens": list(tokens)}
    if roles is not None:
        acc["roles"] = roles
    acc.update(extra)
    return {"access": acc}


def link(role: str, token: str = TOKEN, **kw) -> dict:
    return {"role": role, "sha256": access.token_hash(token), **kw}


# --- the defaults without settings ---------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "role", "notice"), [
    ("demo", Role.DEMO, "DEMO"),
    ("xlsx", Role.COORDINATOR, "Lokaal bestand"),
    ("csv", Role.COORDINATOR, "Lokaal bestand"),
    ("gsheet", None, ""),
])
def test_without_settings(kind, role, notice):
    a = access.decide(kind)
    assert a.role == role
    assert notice in a.notice
    if role is None:
        assert "niet ingesteld" in a.refusal


def test_pages_per_role():
    keys = {r: [p.key for p in access.pages_for(r)] for r in Role}
    assert keys[Role.COACH] == ["invoer"]
    assert "uren" not in keys[Role.PARTNER] and "datakwaliteit" not in keys[Role.PARTNER]
    assert "rapportage" not in keys[Role.PARTNER] and "invoer" not in keys[Role.PARTNER]
    assert {"overzicht", "dekking", "meldingen", "opvolging", "budget"} <= set(keys[Role.PARTNER])
    assert keys[Role.COORDINATOR] == [p.key for p in access.PAGES] == keys[Role.DEMO]


# --- settings ------------------------------------------------------------------------------------------------

def test_settings_read_tokens_roles_and_login():
    cfg = access.config_from_secrets({
        **secrets_with(link("partner", partner="dekey", label="De Key"), link("coach", OTHER),
                       roles={"Coordinator@Stichting.nl": "coordinator", "wijk@amsterdam.nl": "partner:gemeente",
                              "@dekey.nl": {"role": "partner", "partner": "De Key"}}),
        "auth": {"client_id": "x"},
    })
    assert [(g.role, g.partner, g.label) for g in cfg.tokens] == [(Role.PARTNER, "dekey", "De Key"),
                                                                 (Role.COACH, "", "")]
    assert cfg.emails["coordinator@stichting.nl"].role == Role.COORDINATOR
    assert cfg.emails["wijk@amsterdam.nl"].partner == "gemeente"
    assert cfg.emails["@dekey.nl"].partner == "dekey"
    assert cfg.login and cfg.configured and cfg.problems == ()


def test_no_settings_is_not_configured():
    cfg = access.config_from_secrets({})
    assert not cfg.configured and cfg.tokens == () and not cfg.login


@pytest.mark.parametrize(("entry", "says"), [
    ({"role": "admin", "sha256": "a" * 64}, "onbekende rol"),
    ({"role": "partner", "sha256": "abc"}, "sha256 ontbreekt"),
    ({"role": "partner"}, "sha256 ontbreekt"),
    ({"role": "demo", "sha256": "a" * 64}, "onbekende rol"),
])
def test_a_broken_link_entry_is_skipped_and_named_without_its_value(entry, says):
    cfg = access.config_from_secrets(secrets_with(entry, link("coach")))
    assert [g.role for g in cfg.tokens] == [Role.COACH]
    assert len(cfg.problems) == 1 and says in cfg.problems[0]
    assert entry.get("sha256", "§") not in cfg.problems[0]


def test_a_plain_token_pasted_instead_of_its_hash_is_refused_and_not_repeated():
    cfg = access.config_from_secrets(secrets_with({"role": "partner", "sha256": TOKEN}))
    assert cfg.tokens == ()
    assert TOKEN not in " ".join(cfg.problems)
    assert access.check_token(TOKEN, cfg) is None


def test_a_hash_is_read_case_insensitively():
    cfg = access.config_from_secrets(secrets_with({"role": "coach", "sha256": access.token_hash(TOKEN).upper()}))
    assert access.check_token(TOKEN, cfg).role == Role.COACH


def test_a_short_session_secret_is_a_problem():
    cfg = access.config_from_secrets(secrets_with(link("coach"), session_secret="geheim-123"))
    assert any("session_secret" in p for p in cfg.problems)
    assert "geheim-123" not in " ".join(cfg.problems)


# --- link tokens ---------------------------------------------------------------------------------------------

def test_new_tokens_are_long_random_and_url_safe():
    tokens = {access.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)


def test_token_hash_is_sha256_hex():
    assert access.token_hash(TOKEN) == hashlib.sha256(TOKEN.encode()).hexdigest()


def test_check_token_finds_the_right_grant():
    cfg = access.config_from_secrets(secrets_with(link("partner", partner="gemeente"), link("coach", OTHER)))
    assert access.check_token(TOKEN, cfg).partner == "gemeente"
    assert access.check_token(OTHER, cfg).role == Role.COACH
    assert access.check_token(f"  {OTHER}\n", cfg).role == Role.COACH  # pasted with spaces


@pytest.mark.parametrize("wrong", ["", "x", TOKEN[:-1], TOKEN + "a", TOKEN.lower(), access.token_hash(TOKEN),
                                   "' OR 1=1 --", "../../etc/passwd", "a" * 5000])
def test_check_token_refuses_anything_else(wrong):
    cfg = access.config_from_secrets(secrets_with(link("coordinator")))
    assert access.check_token(wrong, cfg) is None


def test_check_token_compares_in_constant_time(monkeypatch):
    """Every stored hash is compared with hmac.compare_digest, also after a match (no early exit)."""
    calls = []
    real = access.hmac.compare_digest
    monkeypatch.setattr(access.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    cfg = access.config_from_secrets(secrets_with(link("coordinator"), link("coach", OTHER), link("partner", "p" * 20)))
    access.check_token(TOKEN, cfg)
    assert len(calls) == 3


def test_removing_the_hash_revokes_the_link():
    cfg = access.config_from_secrets(secrets_with(link("partner")))
    assert access.check_token(TOKEN, cfg)
    assert access.check_token(TOKEN, access.config_from_secrets(secrets_with(link("coach", OTHER)))) is None


# --- tickets -------------------------------------------------------------------------------------------------

@pytest.fixture
def cfg():
    return access.config_from_secrets(secrets_with(link("partner", partner="dekey", label="De Key"),
                                                   session_secret="s" * 40))


def test_a_ticket_brings_back_the_grant(cfg):
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000)
    g, why = access.read_ticket(t, cfg, now=2000)
    assert (g.role, g.partner, why) == (Role.PARTNER, "dekey", "")
    assert TOKEN not in t and access.token_hash(TOKEN) not in t and cfg.tokens[0].sha256[:16] not in t


def test_a_ticket_expires(cfg):
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000, hours=1)
    assert access.read_ticket(t, cfg, now=1000 + 3599)[0] is not None
    assert access.read_ticket(t, cfg, now=1000 + 3601) == (None, "expired")


def test_a_changed_ticket_is_refused(cfg):
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000)
    grant_id, expires, flag, sig = t.split(".")
    assert access.read_ticket(f"{grant_id}.{int(expires) + 10**6}.{flag}.{sig}", cfg, now=2000)[0] is None
    assert access.read_ticket(t[:-2] + "xx", cfg, now=2000)[0] is None
    assert access.read_ticket(f"{'0' * 16}.{expires}.{flag}.{sig}", cfg, now=2000) == (None, "wrong")
    assert access.read_ticket("", cfg) == (None, "wrong")
    assert access.read_ticket("a.b.c.d", cfg) == (None, "wrong")


def test_a_ticket_ends_when_its_link_is_revoked(cfg):
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000)
    revoked = access.config_from_secrets(secrets_with(link("coach", OTHER), session_secret="s" * 40))
    assert access.read_ticket(t, revoked, now=2000) == (None, "wrong")


def test_a_ticket_follows_a_role_change_in_the_settings(cfg):
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000)
    changed = access.config_from_secrets(secrets_with(link("coach"), session_secret="s" * 40))
    assert access.read_ticket(t, changed, now=2000)[0].role == Role.COACH


def test_a_ticket_from_another_key_is_refused(cfg):
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000)
    other = access.config_from_secrets(secrets_with(link("partner"), session_secret="t" * 40))
    assert access.read_ticket(t, other, now=2000)[0] is None


def test_a_ticket_bound_to_a_browser_works_only_there(cfg):
    here, there = access.browser_binding("1a2b3c"), access.browser_binding("4d5e6f")
    t = access.make_ticket(cfg.tokens[0], cfg, now=1000, bind=here)
    assert access.read_ticket(t, cfg, now=2000, bind=here)[0] is not None
    assert access.read_ticket(t, cfg, now=2000, bind=there) == (None, "expired")
    assert access.read_ticket(t, cfg, now=2000, bind="") == (None, "expired")
    # switching the flag to 'unbound' does not help: the flag is signed
    grant_id, expires, _, sig = t.split(".")
    assert access.read_ticket(f"{grant_id}.{expires}.u.{sig}", cfg, now=2000, bind="")[0] is None


def test_browser_binding_reads_streamlits_xsrf_cookie():
    """The cookie's mask changes each time Streamlit sets it; the token under it (and so the binding) stays."""
    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    token = bytes(range(16))
    first, again = generate_xsrf_token_string(token, 1700000000), generate_xsrf_token_string(token, 1700000000)
    assert first != again
    assert access.browser_binding(first) == access.browser_binding(again) != ""
    assert access.browser_binding(generate_xsrf_token_string(bytes(16), 1)) != access.browser_binding(first)
    assert access.browser_binding(None) == access.browser_binding("") == ""
    assert access.browser_binding("2|zz|yy|1") == ""


def test_without_session_secret_tickets_hold_for_this_process_only():
    a = access.config_from_secrets(secrets_with(link("partner")))
    b = access.config_from_secrets(secrets_with(link("partner")))
    t = access.make_ticket(a.tokens[0], a)
    assert access.read_ticket(t, b)[0] is not None  # same process, same key


# --- the login's list of e-mail addresses --------------------------------------------------------------------

def test_grant_for_email():
    cfg = access.config_from_secrets(secrets_with(roles={
        "coordinator@stichting.nl": "coordinator", "@dekey.nl": "partner:dekey", "coach@gmail.com": "coach"}))
    assert access.grant_for_email("Coordinator@Stichting.NL ", cfg, verified=True).role == Role.COORDINATOR
    assert access.grant_for_email("beheer@dekey.nl", cfg, verified=True).partner == "dekey"
    assert access.grant_for_email("coach@gmail.com", cfg, verified=True).role == Role.COACH
    assert access.grant_for_email("iemand@gmail.com", cfg, verified=True) is None
    assert access.grant_for_email("", cfg, verified=True) is None
    assert access.grant_for_email("beheer@evil-dekey.nl", cfg, verified=True) is None


@pytest.mark.parametrize("verified", [False, None, "true", 1])
@pytest.mark.parametrize("email", ["coordinator@stichting.nl", "beheer@dekey.nl", "coach@gmail.com"])
def test_login_needs_a_verified_address_for_every_mapping(email, verified):
    """#16.6: an exact address as well as an @domain key needs email_verified = true; a missing claim is no."""
    cfg = access.config_from_secrets(secrets_with(roles={
        "coordinator@stichting.nl": "coordinator", "@dekey.nl": "partner:dekey", "coach@gmail.com": "coach"}))
    assert access.grant_for_email(email, cfg, verified=verified) is None
    assert access.grant_for_email(email, cfg, verified=True) is not None


# --- the pause after wrong tries -----------------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_five_wrong_tries_in_a_row_give_a_pause():
    clock = Clock()
    th = access.Throttle(limit=5, pause=60, clock=clock)
    for _ in range(4):
        th.failure("s")
        assert th.wait("s") == 0
    th.failure("s")
    assert th.wait("s") == 60
    clock.now += 45
    assert th.wait("s") == 15
    clock.now += 16
    assert th.wait("s") == 0
    th.failure("s")  # one more wrong try after the pause: a new pause at once
    assert th.wait("s") == 60
    assert th.wait("other") == 0


def test_a_good_try_clears_the_count():
    th = access.Throttle(limit=3, pause=60, clock=Clock())
    th.failure("s"), th.failure("s")
    th.success("s")
    th.failure("s"), th.failure("s")
    assert th.wait("s") == 0


def test_the_throttle_cannot_be_flooded():
    th = access.Throttle(limit=1, pause=60, clock=Clock(), max_keys=100)
    for i in range(1000):
        th.failure(f"ip:{i}")
    assert len(th._fails) <= 100
    assert th.wait("ip:999") == 60


def test_paused_message_is_dutch_with_seconds():
    assert access.refuse_paused(59.6) == ("Te veel verkeerde pogingen achter elkaar. Wacht 60 seconden en probeer "
                                         "het dan opnieuw met de juiste link.")
    assert "1 seconde " in access.refuse_paused(0.2)


# --- the command that makes a link ---------------------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib.access", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_new_token_prints_the_link_once_and_the_lines_for_secrets():
    out = run_cli("new-token", "--role", "partner", "--partner", "dekey", "--url", "https://flatcoaches.example/")
    assert out.returncode == 0, out.stderr
    token = re.search(r"https://flatcoaches\.example/\?toegang=([A-Za-z0-9_-]{43})\b", out.stdout).group(1)
    assert out.stdout.count(token) == 1  # the token itself is printed once, the file gets only its hash
    block = out.stdout[out.stdout.index("[[access.tokens]]"):].split("\n\n")[0]
    parsed = tomllib.loads(block)
    entry = parsed["access"]["tokens"][0]
    assert entry == {"role": "partner", "partner": "dekey", "label": "De Key", "sha256": access.token_hash(token)}
    cfg = access.config_from_secrets(parsed)
    assert access.check_token(token, cfg).role == Role.PARTNER


def test_new_token_for_a_coach_has_no_partner():
    out = run_cli("new-token", "--role", "coach", "--label", 'Appgroep "coaches"')
    block = out.stdout[out.stdout.index("[[access.tokens]]"):].split("\n\n")[0]
    entry = tomllib.loads(block)["access"]["tokens"][0]
    assert entry["role"] == "coach" and "partner" not in entry and entry["label"] == "Appgroep 'coaches'"


def test_new_token_refuses_a_partner_for_another_role():
    out = run_cli("new-token", "--role", "coach", "--partner", "dekey")
    assert out.returncode != 0


def test_hash_reads_a_token_from_stdin():
    out = subprocess.run([sys.executable, "-m", "lib.access", "hash"], cwd=ROOT, input=TOKEN + "\n",
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == access.token_hash(TOKEN)


def test_the_example_secrets_file_reads_without_problems():
    text = (ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
    cfg = access.config_from_secrets(tomllib.loads(text))
    assert cfg.problems == ()
    # Fake links or addresses left in by someone pasting the example would lock everyone out: all commented out.
    assert not cfg.configured and not cfg.login
    # Each commented example is right once its '# ' is taken away.
    block = text[text.index("# [[access.tokens]]"):text.index("# [auth]")]
    lines = [ln[2:] for ln in block.splitlines() if re.match(r'^# (\[|[a-z_0-9]+ = |"[^"]+" = )', ln)]
    cfg = access.config_from_secrets(tomllib.loads("\n".join(lines)))
    assert cfg.problems == ()
    assert [(g.role.value, g.partner) for g in cfg.tokens] == [("partner", "dekey")]
    assert cfg.emails["@amsterdam-voorbeeld.nl"].partner == "gemeente"


# --- settings that cannot be used close the door (#16.2) ----------------------------------------------------------

@pytest.mark.parametrize("entries", [
    [{"role": "partner", "sha256": TOKEN}, {"role": "coach", "sha256": OTHER}],  # tokens pasted instead of hashes
    [{"role": "admin", "sha256": "a" * 64}],
])
def test_an_access_table_without_one_usable_entry_is_closed(entries):
    cfg = access.config_from_secrets(secrets_with(*entries))
    assert cfg.closed and not cfg.configured
    assert not access.config_from_secrets({}).closed  # nothing written at all: the defaults, as before
    assert not access.config_from_secrets(secrets_with(*entries, link("coach"))).closed  # one usable is enough


def test_a_secrets_file_is_read_again_when_it_changes_and_a_broken_one_is_reported(tmp_path):
    from lib import secrets_file

    f = tmp_path / ".streamlit" / "secrets.toml"
    f.parent.mkdir()
    f.write_text(f'[[access.tokens]]\nrole = "partner"\nsha256 = "{access.token_hash(TOKEN)}"\n', encoding="utf-8")
    first = secrets_file.read([tmp_path / "missing.toml", f])
    assert first.problem == "" and access.check_token(TOKEN, access.config_from_secrets(first.values))
    f.write_text('[access]\nsession_secret = "x\n[[access.tokens]]\n', encoding="utf-8")  # a quote left open
    broken = secrets_file.read([f])
    assert broken.values == {} and "regel 2" in broken.problem and ".streamlit/secrets.toml" in broken.problem
    assert TOKEN not in broken.problem
    f.write_text(f'[[access.tokens]]\nrole = "coach"\nsha256 = "{access.token_hash(OTHER)}"\n', encoding="utf-8")
    repaired = secrets_file.read([f])
    cfg = access.config_from_secrets(repaired.values)
    assert repaired.problem == "" and access.check_token(OTHER, cfg) and not access.check_token(TOKEN, cfg)
    assert secrets_file.read([tmp_path / "missing.toml"]).values is None  # no file: st.secrets decides


# --- the client's address for the pause (#16.4) -------------------------------------------------------------

@pytest.mark.parametrize(("seen", "forwarded", "proxies", "key"), [
    (None, "", 0, "local"),  # localhost: Streamlit reports None
    ("203.0.113.7", "", 0, "203.0.113.7"),
    # uvicorn believed X-Forwarded-For from 127.0.0.1; without trusted proxies the header counts for nothing
    ("198.51.100.1", "198.51.100.1", 0, "local"),
    ("198.51.100.2", "10.0.0.9, 198.51.100.2", 0, "local"),
    # one proxy in front (on the same machine): the address it appended, not what the client wrote before it
    ("198.51.100.2", "6.6.6.6, 198.51.100.2", 1, "198.51.100.2"),
    ("203.0.113.7", "", 1, "203.0.113.7"),
    # one proxy on another machine (uvicorn leaves it alone): the address it says it got the request from
    ("10.0.0.5", "203.0.113.9", 1, "203.0.113.9"),
    ("10.0.0.5", "6.6.6.6, 203.0.113.9, 10.0.0.4", 2, "203.0.113.9"),
])
def test_client_address(seen, forwarded, proxies, key):
    assert access.client_address(seen, forwarded, proxies) == key


def test_trusted_proxies_is_a_setting_with_no_proxies_by_default():
    assert access.config_from_secrets(secrets_with(link("coach"))).trusted_proxies == 0
    assert access.config_from_secrets(secrets_with(link("coach"), trusted_proxies=1)).trusted_proxies == 1
    bad = access.config_from_secrets(secrets_with(link("coach"), trusted_proxies="alle"))
    assert bad.trusted_proxies == 0 and any("trusted_proxies" in p for p in bad.problems)


def test_the_failure_that_starts_a_pause_says_so():
    th = access.Throttle(limit=3, pause=60, clock=Clock())
    assert [th.failure("ip:x") for _ in range(4)] == [False, False, True, True]


# --- tickets only bound in the URL (#16.8) ------------------------------------------------------------------

def test_an_unbound_ticket_is_not_read_from_the_url(cfg):
    unbound = access.make_ticket(cfg.tokens[0], cfg, now=1000)
    bound = access.make_ticket(cfg.tokens[0], cfg, now=1000, bind=access.browser_binding("1a2b3c"))
    assert access.read_ticket(unbound, cfg, now=2000)[0] is not None  # the session's own copy
    assert access.read_ticket(unbound, cfg, now=2000, bound_only=True) == (None, "expired")
    assert access.read_ticket(bound, cfg, now=2000, bind=access.browser_binding("1a2b3c"), bound_only=True)[0]


def test_old_wrong_tries_are_forgotten():
    clock = Clock()
    th = access.Throttle(limit=2, pause=60, clock=clock, forget=600)
    th.failure("ip:x"), th.failure("ip:x")
    assert th.wait("ip:x") == 60
    clock.now += 601
    assert th.wait("ip:x") == 0 and th.failure("ip:x") is False  # counts from one again
