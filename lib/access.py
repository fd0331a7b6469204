"""Who may see what: the roles, the pages each role may open, and the rules of the door (no Streamlit here).

Roles: coordinator (everything), partner (no fees, pseudonyms, scrubbed descriptions, masked small counts),
coach (only the intake page), demo (the bundled made-up data, open to anyone, everything visible).
What each role may see or do is one table, `RULES`, asked with `may(role, action)`; the pages each role may open
(`PAGES`) use the same role sets. Pages and modules ask; they do not decide.

Ways in, read from secrets (format in .streamlit/secrets.example.toml and docs/privacy.md):
- `[auth]` (Streamlit's OIDC login) with `[access.roles]` mapping e-mail addresses to a role;
- share links `?toegang=<token>`, one per role: secrets hold only the SHA-256 of each token (`[[access.tokens]]`),
  compared with hmac.compare_digest; removing a hash revokes the link at the next page view;
- share links made on the page Delen (lib/links.py): their hashes are rows of the tab Toegang, read with the data
  (`with_sheet_links`); a revoked row stops the link at the next read (one cache TTL);
- `[access] coordinator_password` (at least 12 characters): the door's password field, compared by SHA-256 digest
  in constant time and throttled like the links; it gives the same signed ticket a link gives;
- nothing configured: demo data opens as Demo, a local file as Coördinator (with a notice), a Google Sheet never.

After a good token the browser URL carries a short-lived signed `sessie` ticket, bound to the browser, instead of the
token (see `make_ticket`): a reload works, the long-lived token leaves the address bar, and a copied address opens
nothing elsewhere. The Streamlit side of the door (query parameters, session state, st.login) is lib/ui/door.py.

`python -m lib.access new-token --role partner --partner dekey` makes a token and the line for secrets.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import os
import re
import secrets as secrets_mod
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from lib import schema


class Role(str, Enum):
    COORDINATOR = "coordinator"
    PARTNER = "partner"
    COACH = "coach"
    DEMO = "demo"


ROLE_LABEL = {Role.COORDINATOR: "Coördinator", Role.PARTNER: "Partner", Role.COACH: "Flatcoach", Role.DEMO: "Demo"}


@dataclass(frozen=True)
class PageDef:
    key: str
    path: str  # relative to the project root, as st.page_link wants it
    label: str
    icon: str
    roles: frozenset[Role]


# --- what each role may see and do: one table ----------------------------------------------------------------
# The role sets, named once. The demo sees everything the coordinator sees: its data is made up.
SEES_ALL = frozenset({Role.COORDINATOR, Role.DEMO})  # the coordinator (and the demo): everything, as it is
DASHBOARD = SEES_ALL | {Role.PARTNER}  # the figures, in each role's view (lib/privacy.py)
INTAKE = SEES_ALL | {Role.COACH}  # the in-app form for rounds and signals
COORDINATOR_ONLY = frozenset({Role.COORDINATOR})  # the real coordinator, not the demo

# The actions the code asks about (`may(role, action)`); a page or module asks, this table decides.
SEE_ALL = "see_all"  # the clean data unchanged: no pseudonyms, no scrubbed texts (lib/privacy.py, lib/data.py)
SEE_NAMES = "see_names"  # the coaches' real names in tables (Access.sees_names)
SEE_SMALL_COUNTS = "see_small_counts"  # counts 1 and 2 of person-related kinds, unmasked (lib/privacy.py)
EDIT_ACTIONS = "edit_actions"  # update status, deadline and external reference of the Acties (Opvolging, Overleg)
RUN_MEETING = "run_meeting"  # write the meeting: new actions, the minutes (Overleg); others follow read-only
SEE_DETAILS = "see_details"  # technical details: the service account, the sheet key, mistakes in the access settings
RULES: Mapping[str, frozenset[Role]] = {
    SEE_ALL: SEES_ALL,
    SEE_NAMES: SEES_ALL,
    SEE_SMALL_COUNTS: SEES_ALL,
    EDIT_ACTIONS: SEES_ALL,
    RUN_MEETING: SEES_ALL,
    SEE_DETAILS: COORDINATOR_ONLY,
}


def who_may(action: str) -> frozenset[Role]:
    """The roles that may do `action`; an action not in RULES raises KeyError (a typo fails loudly)."""
    return RULES[action]


def may(role: Role | str | None, action: str) -> bool:
    """Whether `role` (a Role, its value, or None before the door let anyone in) may do `action` (see RULES)."""
    allowed = who_may(action)
    if role is None:
        return False
    try:
        return Role(role) in allowed
    except ValueError:
        return False


PAGES: tuple[PageDef, ...] = (
    PageDef("overzicht", "app.py", "Overzicht", ":material/dashboard:", DASHBOARD),
    PageDef("uren", "pages/1_uren.py", "Uren & vergoedingen", ":material/schedule:", SEES_ALL),
    PageDef("dekking", "pages/2_dekking.py", "Dekking per flat", ":material/calendar_month:", DASHBOARD),
    PageDef("meldingen", "pages/3_meldingen.py", "Meldingen & kaart", ":material/map:", DASHBOARD),
    PageDef("opvolging", "pages/4_opvolging.py", "Opvolging", ":material/task_alt:", DASHBOARD),
    PageDef("budget", "pages/5_budget.py", "Budget", ":material/euro:", DASHBOARD),
    PageDef("datakwaliteit", "pages/6_datakwaliteit.py", "Datakwaliteit", ":material/rule:", SEES_ALL),
    PageDef("rapportage", "pages/7_rapportage.py", "Maandrapportage", ":material/description:", SEES_ALL),
    PageDef("invoer", "pages/8_invoer.py", "Invoer", ":material/edit_note:", INTAKE),
    # The monthly meeting: partners follow it read-only; only the coordinator (and the demo) write.
    PageDef("overleg", "pages/9_overleg.py", "Overleg", ":material/groups:", DASHBOARD),
    PageDef("delen", "pages/10_delen.py", "Delen", ":material/share:", SEES_ALL),
    # The setup check: in the demo too, so a dashboard deployed without secrets yet says what to do next.
    PageDef("controle", "pages/11_controle.py", "Controle", ":material/fact_check:", SEES_ALL),
)
PAGE = {p.key: p for p in PAGES}


def pages_for(role: Role) -> list[PageDef]:
    return [p for p in PAGES if role in p.roles]


# --- the outcome of the door --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    """The outcome of the door: a role, or a refusal with a Dutch sentence (then role is None)."""

    role: Role | None
    notice: str = ""  # shown at the top of each page (e.g. 'DEMO', 'lokaal bestand')
    refusal: str = ""
    who: str = ""  # e-mail of a logged-in user or the link's label, for the page header; never a token
    partner: str = ""  # 'dekey' or 'gemeente': the partner whose part comes first by default
    via: str = ""  # 'demo', 'local', 'link', 'login'
    login_offered: bool = False  # the refusal page may show the login button

    @property
    def sees_names(self) -> bool:
        return may(self.role, SEE_NAMES)

    def may(self, action: str) -> bool:
        return may(self.role, action)


DEMO_NOTICE = "DEMO · verzonnen gegevens, alleen om te laten zien hoe het dashboard werkt. Niets hiervan is echt."
LOCAL_NOTICE = ("Lokaal bestand zonder toegangsinstellingen: je ziet alles als coördinator, met namen en "
                "vergoedingen. Deel dit scherm niet met partners.")
REFUSE_NOT_SET_UP = ("Dit dashboard is nog niet ingesteld voor toegang. Vraag de coördinator om een persoonlijke "
                     "link.")
REFUSE_NO_LINK = "Je hebt geen toegang. Open het dashboard met de link die je van de coördinator kreeg."
REFUSE_WRONG = "Deze link klopt niet of is ingetrokken. Vraag de coördinator om een nieuwe link."
REFUSE_EXPIRED = ("Je sessie is verlopen of hoort bij een andere browser. Open het dashboard opnieuw met de link "
                  "die je van de coördinator kreeg.")
REFUSE_LOGIN = "Log in met je account om het dashboard te zien."
REFUSE_UNKNOWN_ACCOUNT = ("Je account {email} heeft geen toegang tot dit dashboard. Vraag de coördinator om je "
                          "toe te voegen, of log uit en kies een ander account.")
REFUSE_UNVERIFIED = ("Je account {email} geeft geen toegang: de aanbieder van het account meldt niet dat het "
                     "e-mailadres bevestigd is. Log uit en kies een account met een bevestigd adres.")
REFUSE_CLOSED = ("Het dashboard is dicht: onder [access] in de instellingen (secrets.toml) staat geen enkele link, "
                 "e-mailadres of wachtwoord dat kan worden gebruikt (bijvoorbeeld een link waar de SHA-256 ervan "
                 "hoort). De coördinator herstelt dat; daarna gaat het dashboard vanzelf weer open.")
REFUSE_CHANGED = "Je toegang is intussen veranderd. Open de pagina opnieuw om verder te gaan."


def refuse_paused(seconds: float, again: str = "met de juiste link") -> str:
    s = max(1, int(round(seconds)))
    return (f"Te veel verkeerde pogingen achter elkaar. Wacht {s} seconde{'n' if s != 1 else ''} en probeer het "
            f"dan opnieuw {again}.")


def decide(source_kind: str) -> Access:
    """Who gets in when no access is configured at all (no tokens, no login)."""
    if source_kind == "demo":
        return Access(Role.DEMO, notice=DEMO_NOTICE, via="demo")
    if source_kind in ("xlsx", "csv"):
        return Access(Role.COORDINATOR, notice=LOCAL_NOTICE, via="local")
    return Access(None, refusal=REFUSE_NOT_SET_UP)


# --- configuration from secrets -----------------------------------------------------------------------------

PARTNER_ORGS = tuple(schema.PARTNER_NAMES)  # ("dekey", "gemeente")
_GRANTABLE = {Role.COORDINATOR.value: Role.COORDINATOR, Role.PARTNER.value: Role.PARTNER, Role.COACH.value: Role.COACH}
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Grant:
    """One way in: a share link (by its token's hash) or an e-mail address / @domain for the login."""

    role: Role
    partner: str = ""
    label: str = ""
    sha256: str = field(default="", repr=False)  # for links; secret-ish, never shown or logged
    origin: str = ""  # 'secrets', 'sheet' (tab Toegang) or 'password' (the coordinator's password)


@dataclass(frozen=True)
class AccessConfig:
    tokens: tuple[Grant, ...] = ()
    emails: Mapping[str, Grant] = field(default_factory=dict)  # lower-case address or '@domain'
    login: bool = False  # [auth] present: Streamlit's OIDC login is offered
    ticket_key: bytes = field(default=b"", repr=False)
    problems: tuple[str, ...] = ()  # Dutch, for the coordinator; never quote a secret value
    password: Grant | None = field(default=None, repr=False)  # `[access] coordinator_password`, by its hash
    sheet_links: bool = False  # the tab Toegang's links are among `tokens` (see with_sheet_links)
    unusable: int = 0  # entries in [access] (links, addresses, the password) that were there but cannot be used
    trusted_proxies: int = 0  # [access] trusted_proxies: how many proxies in front of the server add X-Forwarded-For

    @property
    def configured(self) -> bool:
        return bool(self.tokens or self.emails or self.login or self.password)

    @property
    def closed(self) -> bool:
        """Access entries were written but not one can be used (every hash malformed, say): the door stays shut
        instead of falling back to the defaults for a dashboard without settings (a local file opens to anyone)."""
        return self.unusable > 0 and not self.configured


def _grant(raw: Any, where: str, problems: list[str]) -> Grant | None:
    """A role from 'partner', 'partner:dekey' or {role = "partner", partner = "dekey", label = "..."}."""
    if isinstance(raw, str):
        role_text, _, partner = raw.partition(":")
        raw = {"role": role_text, "partner": partner}
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: geen rol gevonden.")
        return None
    role = _GRANTABLE.get(str(raw.get("role", "")).strip().casefold())
    if role is None:
        problems.append(f"{where}: onbekende rol (kies coordinator, partner of coach).")
        return None
    partner = str(raw.get("partner") or "").strip().casefold().replace(" ", "")
    partner = {"de key": "dekey", "de-key": "dekey"}.get(partner, partner)
    if partner and partner not in PARTNER_ORGS:
        problems.append(f"{where}: onbekende partner (kies dekey of gemeente); genegeerd.")
        partner = ""
    return Grant(role, partner if role == Role.PARTNER else "", str(raw.get("label") or "").strip()[:60])


_PROCESS_KEY = os.urandom(32)  # tickets die with the process unless [access] session_secret is set


def config_from_secrets(secrets: Mapping[str, Any] | None) -> AccessConfig:
    """Read `[access]` and `[auth]` from secrets. A broken entry is skipped and named in `problems`."""
    secrets = secrets or {}
    acc = secrets.get("access") or {}
    problems: list[str] = []
    tokens: list[Grant] = []
    unusable = 0
    raw_tokens = acc.get("tokens") or []
    if isinstance(raw_tokens, Mapping):
        raw_tokens = [raw_tokens]
    for i, t in enumerate(raw_tokens if isinstance(raw_tokens, (list, tuple)) else [], start=1):
        label = t.get("label") if isinstance(t, Mapping) else ""
        where = f"[access] tokens, link {i}" + (f" ({label})" if label else "")
        g = _grant(t, where, problems)
        if g is None:
            unusable += 1
            continue
        digest = str(t.get("sha256") or "").strip().casefold()
        if not _HEX64.match(digest):
            problems.append(f"{where}: sha256 ontbreekt of is geen SHA-256 (64 tekens 0-9/a-f); link uitgeschakeld.")
            unusable += 1
            continue
        tokens.append(Grant(g.role, g.partner, g.label, digest, origin="secrets"))
    emails: dict[str, Grant] = {}
    raw_roles = acc.get("roles") or {}
    if isinstance(raw_roles, Mapping):
        for addr, raw in raw_roles.items():
            key = str(addr).strip().casefold()
            if "@" not in key:
                problems.append("[access.roles]: een sleutel is geen e-mailadres of @domein; overgeslagen.")
                unusable += 1
                continue
            g = _grant(raw, f"[access.roles] {key}", problems)
            if g is not None:
                emails[key] = Grant(g.role, g.partner, g.label or key)
            else:
                unusable += 1
    auth = secrets.get("auth")
    login = isinstance(auth, Mapping) and bool(auth)
    secret = str(acc.get("session_secret") or "")
    if secret and len(secret) < 32:
        problems.append("[access] session_secret is te kort (minstens 32 tekens); "
                        "een tijdelijke sleutel wordt gebruikt.")
        secret = ""
    key = hashlib.sha256(b"flatcoach-ticket\0" + secret.encode()).digest() if secret else _PROCESS_KEY
    password = _password(acc.get("coordinator_password"), problems)
    unusable += bool(acc.get("coordinator_password")) and password is None
    proxies = _trusted_proxies(acc.get("trusted_proxies", 0), problems)
    return AccessConfig(tuple(tokens), emails, login, key, tuple(problems), password, unusable=unusable,
                        trusted_proxies=proxies)


def _trusted_proxies(raw: Any, problems: list[str]) -> int:
    """`[access] trusted_proxies`: 0 (the default: X-Forwarded-For is ignored) up to 5."""
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 5:
        return raw
    problems.append("[access] trusted_proxies moet een getal van 0 tot 5 zijn; 0 wordt gebruikt.")
    return 0


# --- the coordinator's password -----------------------------------------------------------------------------

PASSWORD_MIN = 12
EXAMPLE_PASSWORD = "KIES-HIER-EEN-EIGEN-WACHTWOORD"  # the placeholder in .streamlit/secrets.example.toml
PASSWORD_TOO_SHORT = (f"[access] coordinator_password is korter dan {PASSWORD_MIN} tekens en werkt daarom niet. "
                      f"Kies in de secrets een wachtwoord van minstens {PASSWORD_MIN} tekens.")
PASSWORD_IS_EXAMPLE = ("[access] coordinator_password is nog het voorbeeld uit secrets.example.toml en werkt daarom "
                       "niet. Kies in de secrets een eigen wachtwoord.")
PASSWORD_PROBLEMS = (PASSWORD_TOO_SHORT, PASSWORD_IS_EXAMPLE)  # shown on the door too: they keep the coordinator out


def password_digest(password: str) -> str:
    return hashlib.sha256(b"flatcoach-password\0" + password.strip().encode()).hexdigest()


def _password(raw: Any, problems: list[str]) -> Grant | None:
    """The coordinator's way in from `[access] coordinator_password`, by its digest. The ticket's grant id is made
    from that digest, so a new password ends every session that the old one opened."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    if text == EXAMPLE_PASSWORD:
        problems.append(PASSWORD_IS_EXAMPLE)
        return None
    if len(text) < PASSWORD_MIN:
        problems.append(PASSWORD_TOO_SHORT)
        return None
    return Grant(Role.COORDINATOR, label="", sha256=password_digest(text), origin="password")


def check_password(password: str, cfg: AccessConfig) -> Grant | None:
    """The password's grant when `password` is the configured one: SHA-256 digests compared in constant time."""
    if cfg.password is None:
        return None
    given = password_digest(password or "")
    return cfg.password if hmac.compare_digest(given, cfg.password.sha256) else None


# --- links from the spreadsheet (tab Toegang) ---------------------------------------------------------------

def with_sheet_links(cfg: AccessConfig, links: tuple[Grant, ...] | list[Grant]) -> AccessConfig:
    """`cfg` plus the links of the tab Toegang that are not revoked (lib/links.grants); one in both places counts
    once (the secrets' entry wins). Links in secrets keep working whatever the sheet says."""
    have = {g.sha256 for g in cfg.tokens}
    extra = tuple(g for g in links if g.sha256 and g.sha256 not in have)
    return replace(cfg, tokens=cfg.tokens + extra, sheet_links=True)


REFUSE_SHEET_UNREADABLE = ("De lijst met links in de spreadsheet kan nu niet worden gelezen, dus deze link kan niet "
                           "worden gecontroleerd. Probeer het over een paar minuten opnieuw.")

_USED: dict[str, float] = {}  # link hash -> when it last let someone in (this process; gone after a restart)
_USED_LOCK = threading.Lock()


def note_used(g: Grant, when: float | None = None) -> None:
    """Remember that a link let someone in (by its hash, in memory: a visit never writes to the sheet)."""
    if g.sha256 and g.origin != "password":
        with _USED_LOCK:
            _USED[g.sha256] = time.time() if when is None else when


def last_used(sha256: str) -> float | None:
    with _USED_LOCK:
        return _USED.get(sha256)


# --- share-link tokens --------------------------------------------------------------------------------------

TOKEN_PARAM = "toegang"
TICKET_PARAM = "sessie"
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def new_token() -> str:
    """A fresh link token: 32 random bytes, URL-safe (43 characters)."""
    return secrets_mod.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def check_token(token: str, cfg: AccessConfig) -> Grant | None:
    """The grant whose hash matches, compared in constant time against every entry (no early exit)."""
    token = (token or "").strip()
    well_formed = bool(_TOKEN_SHAPE.match(token))
    digest = token_hash(token) if well_formed else "-" * 64  # never equal to a hex digest
    found = None
    for g in cfg.tokens:
        if hmac.compare_digest(digest, g.sha256) and found is None:
            found = g
    return found


def _grant_id(g: Grant, key: bytes) -> str:
    return hmac.new(key, b"grant\0" + g.sha256.encode(), hashlib.sha256).hexdigest()[:16]


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


TICKET_HOURS = 12


def browser_binding(xsrf_cookie: str | None) -> str:
    """A stable, hashed id of this browser from Streamlit's XSRF cookie, or '' when there is none.

    The cookie reads '2|mask|masked token|time' (the mask changes each time it is set; the token stays while the
    browser keeps the cookie) or, in the old form, the token itself.
    """
    value = (xsrf_cookie or "").strip("\"'")
    try:
        if value.startswith("2|"):
            _, mask_hex, masked_hex, _ = value.split("|")
            mask, masked = bytes.fromhex(mask_hex), bytes.fromhex(masked_hex)
            if len(mask) != 4 or not masked:
                return ""
            token = bytes(b ^ mask[i % 4] for i, b in enumerate(masked))
        elif value:
            token = value.encode()
        else:
            return ""
    except ValueError:
        return ""
    return hashlib.sha256(b"flatcoach-browser\0" + token).hexdigest()


def _ticket_sig(payload: str, bind: str, key: bytes) -> str:
    return _b64(hmac.new(key, f"{payload}\0{bind}".encode(), hashlib.sha256).digest()[:16])


def make_ticket(g: Grant, cfg: AccessConfig, now: float | None = None, hours: float = TICKET_HOURS,
                bind: str = "") -> str:
    """A signed ticket for the browser URL: which link let this person in, until when, and in which browser.

    It is not the token: it expires, it ends when the link's hash is removed, and when `bind` (browser_binding) is
    given it only works in that browser, so an address copied from the address bar gives no one else access.
    """
    expires = int((time.time() if now is None else now) + hours * 3600)
    payload = f"{_grant_id(g, cfg.ticket_key)}.{expires}.{'b' if bind else 'u'}"
    return f"{payload}.{_ticket_sig(payload, bind, cfg.ticket_key)}"


def read_ticket(ticket: str, cfg: AccessConfig, now: float | None = None,
                bind: str = "", bound_only: bool = False) -> tuple[Grant | None, str]:
    """(grant, '') for a valid ticket; (None, 'wrong') for a revoked or made-up one; (None, 'expired') for one that
    ran out or belongs to another browser. `bound_only` (a ticket read from the URL): an unbound one is refused,
    since an address copied from the address bar would open it anywhere."""
    parts = (ticket or "").strip().split(".")
    if len(parts) != 4 or not parts[1].isdigit() or parts[2] not in ("b", "u"):
        return None, "wrong"
    if bound_only and parts[2] != "b":
        return None, "expired"
    grants = (*cfg.tokens, *((cfg.password,) if cfg.password else ()))
    g = next((g for g in grants if hmac.compare_digest(_grant_id(g, cfg.ticket_key), parts[0])), None)
    if g is None:
        return None, "wrong"  # the link was revoked (or the ticket is made up)
    payload = ".".join(parts[:3])
    expected = _ticket_sig(payload, bind if parts[2] == "b" else "", cfg.ticket_key)
    if not hmac.compare_digest(expected, parts[3]):
        return None, "expired"  # another browser, another key (a restart), or tampered with
    if int(parts[1]) < (time.time() if now is None else now):
        return None, "expired"
    return g, ""


def grant_for_email(email: str, cfg: AccessConfig, verified: bool | None = None) -> Grant | None:
    """An exact address first, then '@domain' — both only for an address the provider says is verified
    (`email_verified` true): an unverified or missing claim gets no role, whatever the mapping."""
    e = (email or "").strip().casefold()
    if verified is not True or not e or "@" not in e:
        return None
    if e in cfg.emails:
        return cfg.emails[e]
    domain = "@" + e.rsplit("@", 1)[1]
    return cfg.emails.get(domain)


# --- the pause after wrong tries ----------------------------------------------------------------------------

MAX_FAILURES = 5
PAUSE_SECONDS = 60.0


class Throttle:
    """Counts wrong tries in a row per key (a client address); after `limit`, a pause.

    Another wrong try after a pause starts the pause again; a key whose last wrong try is `forget` seconds old
    starts again from zero; `success` clears a key. Thread-safe, bounded.
    """

    def __init__(self, limit: int = MAX_FAILURES, pause: float = PAUSE_SECONDS,
                 clock: Callable[[], float] = time.monotonic, max_keys: int = 10_000, forget: float = 15 * 60):
        self.limit, self.pause, self.clock, self.max_keys, self.forget = limit, pause, clock, max_keys, forget
        self._fails: dict[str, tuple[int, float]] = {}  # key -> (wrong tries in a row, time of the last one)
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds this key must still wait (0 when it may try)."""
        with self._lock:
            n, last = self._fails.get(key, (0, 0.0))
        if n < self.limit or self.clock() - last > self.forget:
            return 0.0
        return max(0.0, last + self.pause - self.clock())

    def failure(self, key: str) -> bool:
        """Count a wrong try; True when this one starts a pause (for the log)."""
        with self._lock:
            n, last = self._fails.get(key, (0, 0.0))
            if n and self.clock() - last > self.forget:
                n = 0
            if len(self._fails) >= self.max_keys and key not in self._fails:
                self._fails.pop(next(iter(self._fails)))  # the oldest key: a flood cannot grow memory
            self._fails[key] = (n + 1, self.clock())
            return n + 1 >= self.limit

    def success(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._fails.clear()


THROTTLE = Throttle()  # process-wide: also counts one client's tries across its sessions


def client_address(seen: str | None, forwarded_for: str | None, trusted_proxies: int = 0) -> str:
    """The address wrong tries are counted under: the connection's peer, or, with `trusted_proxies` = n > 0, the
    address the n-th proxy in front says it got the request from (X-Forwarded-For, read from the right).

    `seen` is what Streamlit reports (st.context.ip_address): None for localhost, and an address the web server
    (uvicorn) already took from X-Forwarded-For when the request came from 127.0.0.1. Anyone on the server's own
    machine can send that header, so without trusted proxies such an address is not believed: the tries count
    under 'local', as do all tries from localhost. Everyone behind one untrusted proxy thus shares one count; that
    never blocks a right link (see lib/ui/door.py), it only makes the pause come sooner for wrong ones.
    """
    chain = [a.strip() for a in (forwarded_for or "").split(",") if a.strip()]
    peer = "local" if not seen or seen in chain else seen
    if trusted_proxies <= 0 or peer != "local" and not chain:
        return peer
    full = [*chain, peer]
    return full[-(trusted_proxies + 1)] if len(full) > trusted_proxies else full[0]


# --- command line: make a link ------------------------------------------------------------------------------

def _toml_line(role: Role, partner: str, label: str, digest: str) -> str:
    parts = [f'role = "{role.value}"']
    if partner:
        parts.append(f'partner = "{partner}"')
    parts.append(f'label = "{label}"')
    parts.append(f'sha256 = "{digest}"')
    return "[[access.tokens]]\n" + "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lib.access", description="Toegang tot het dashboard")
    sub = ap.add_subparsers(dest="cmd", required=True)
    n = sub.add_parser("new-token", help="maak een nieuwe deellink voor een rol")
    n.add_argument("--role", required=True, choices=[r.value for r in _GRANTABLE.values()])
    n.add_argument("--partner", choices=PARTNER_ORGS, default="", help="voor partners: wiens deel eerst komt")
    n.add_argument("--label", default="", help="naam van de link, bv. 'De Key beheer' (zonder geheimen)")
    n.add_argument("--url", default="", help="adres van het dashboard, bv. https://flatcoaches.streamlit.app")
    sub.add_parser("hash", help="de SHA-256 van een bestaande token (lees van stdin)")
    a = ap.parse_args(argv)
    if a.cmd == "hash":
        token = sys.stdin.readline().strip()
        print(token_hash(token))
        return 0
    role = _GRANTABLE[a.role]
    if a.partner and role != Role.PARTNER:
        ap.error("--partner hoort alleen bij --role partner")
    label = a.label or schema.PARTNER_NAMES.get(a.partner, ROLE_LABEL[role])
    label = label.replace('"', "'")
    token = new_token()
    base = a.url.rstrip("/") + "/" if a.url else ""
    print("Deellink (alleen nu zichtbaar; bewaar hem niet in een bestand of mail):")
    print(f"  {base}?{TOKEN_PARAM}={token}")
    print()
    print("Plak dit in .streamlit/secrets.toml (op Streamlit Community Cloud: Settings → Secrets):")
    print()
    print(_toml_line(role, a.partner, label, token_hash(token)))
    print()
    print("Intrekken: haal dit blok weer uit de secrets. De link werkt dan bij de volgende paginaweergave niet meer.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
