"""Share links kept in the spreadsheet's tab Toegang: make one, list them, revoke one (no Streamlit here).

The tab is the one place a hosted dashboard can write to, so a new link needs no redeploy. It holds a row per link:
Gemaakt op, Naam link, Rol (Partner | Flatcoach), Partner (De Key | Gemeente), SHA-256 of the token, and Ingetrokken
op. The token itself is shown once on the page and never written anywhere. A link works while its row is there and
Ingetrokken op is empty; the door reads the rows with all other tabs in the one cached read (lib/data.py), so a
revoked link stops working at the next read, at most one cache TTL later, and at once in the process that revoked
it (the page Delen clears the cache after `revoke`, which remembers the hash here, in case the next read falls back
on older data).

Writes go through the Source interface (`append_row` with a submission key, `update_cells`), like the intake and
the action editor, so the Google Sheet, an .xlsx file and a CSV folder behave the same. The demo is never written.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from lib import access, fmt, schema
from lib.access import Grant, Role
from lib.errors import WriteError
from lib.sources.base import Rows, Source

TAB = schema.ACCESS_LINKS
HEADERS = tuple(f.header for f in TAB.fields)
TZ = ZoneInfo("Europe/Amsterdam")
# The tab's Rol (Partner, Flatcoach) -> the role a link gives.
ROLES = dict(zip(schema.LINK_ROLES, (Role.PARTNER, Role.COACH), strict=True))
PARTNERS = {name: key for key, name in schema.PARTNER_NAMES.items()}  # the tab's Partner -> whose part comes first
LABEL_MAX = 60
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_FORMULA_START = ("=", "+", "-", "@")  # a spreadsheet would run such a cell as a formula

DEMO_NOTE = ("In de demo wordt niets opgeslagen: iedereen ziet de demo al zonder link. Probeer het gerust: je ziet "
             "dan welke regel er in het tabblad Toegang zou komen, maar de link werkt nergens.")

_REVOKED: set[str] = set()  # hashes revoked by this process: refused even while an older read is in use
_REVOKED_LOCK = threading.Lock()


# --- reading: which links work, and the list for the page ---------------------------------------------------

def _revoked_here() -> set[str]:
    with _REVOKED_LOCK:
        return set(_REVOKED)


def _blank(v: Any) -> bool:
    return v is None or v is pd.NaT or (isinstance(v, float) and pd.isna(v)) or (isinstance(v, str) and not v.strip())


def grants(links: pd.DataFrame | None) -> tuple[Grant, ...]:
    """The links of the tab Toegang that work (Clean.access_links): a known role, a SHA-256, not revoked.

    A hash with any revoked row stays revoked, also when a copy of the row without a date is left in the tab.
    """
    if links is None or links.empty:
        return ()
    revoked = {str(r.sha256) for r in links.itertuples() if not _blank(r.revoked_at)} | _revoked_here()
    out: list[Grant] = []
    seen: set[str] = set()
    for r in links.itertuples():
        digest = "" if _blank(r.sha256) else str(r.sha256).strip().casefold()
        role = ROLES.get(str(r.role))
        if role is None or not _HEX64.match(digest) or digest in revoked or digest in seen:
            continue
        seen.add(digest)
        partner = PARTNERS.get(str(r.partner), "") if role == Role.PARTNER else ""
        out.append(Grant(role, partner, str(r.label).strip()[:LABEL_MAX], digest, origin="sheet"))
    return tuple(out)


@dataclass(frozen=True)
class Listed:
    """One link as the page lists it: never the token, and the hash only for the revoke check (not shown)."""

    row: int  # sheet row number
    label: str
    role: str  # 'Partner' or 'Flatcoach', as in the tab
    partner: str
    made_at: Any
    revoked_at: Any
    last_used: float | None
    sha256: str = field(repr=False)

    @property
    def active(self) -> bool:
        return _blank(self.revoked_at)


def listing(links: pd.DataFrame | None) -> list[Listed]:
    """Every link in the tab, the working ones first, newest first within each group."""
    if links is None or links.empty:
        return []
    working = {g.sha256 for g in grants(links)}
    gone = _revoked_here()
    out = []
    for r in links.itertuples():
        digest = "" if _blank(r.sha256) else str(r.sha256).strip().casefold()
        revoked = r.revoked_at
        if _blank(revoked) and digest not in working:  # revoked here (the next read shows the date), or broken
            revoked = "ingetrokken" if digest in gone else "ongeldig"
        out.append(Listed(int(r.row), "" if _blank(r.label) else str(r.label), str(r.role or ""),
                          "" if _blank(r.partner) else str(r.partner), r.made_at, revoked,
                          access.last_used(digest), digest))
    out.sort(key=lambda x: (not x.active, -_stamp(x.made_at)))
    return out


def _stamp(v: Any) -> float:
    try:
        return pd.Timestamp(v).timestamp() if not _blank(v) else 0.0
    except (TypeError, ValueError):
        return 0.0


def when(v: Any) -> str:
    """A moment for the list: '28 nov 2026 07:14', or '' for none."""
    if _blank(v):
        return ""
    if isinstance(v, (int, float)):
        v = dt.datetime.fromtimestamp(v, TZ)
    try:
        return fmt.moment(pd.Timestamp(v).to_pydatetime())
    except (TypeError, ValueError):
        return str(v)


def in_secrets(secrets: Mapping[str, Any] | None) -> list[Grant]:
    """The links in `[[access.tokens]]` (they keep working; revoking them is done in the secrets)."""
    return list(access.config_from_secrets(secrets).tokens)


# --- making a link ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Draft:
    """One link being made: its submission key and its token, made together before the first try, so a retry
    after a lost answer writes the row at most once and the link shown matches the hash written."""

    submission_key: str
    token: str = field(repr=False)

    @property
    def sha256(self) -> str:
        return access.token_hash(self.token)


def new_draft() -> Draft:
    return Draft("link-" + access.new_token()[:22], access.new_token())


def checked(label: str, role: str, partner: str | None) -> tuple[str, str, str]:
    """The form's answers, trimmed, or a WriteError with the Dutch sentence the page shows."""
    label = " ".join((label or "").split())
    if not label:
        raise WriteError("Niet gemaakt: geef de link een naam, bijvoorbeeld 'De Key beheer'. Die naam zie je "
                         "terug in de lijst en in het menu van wie de link gebruikt.")
    if len(label) > LABEL_MAX:
        raise WriteError(f"Niet gemaakt: de naam is langer dan {LABEL_MAX} tekens.")
    if label.startswith(_FORMULA_START):
        raise WriteError("Niet gemaakt: de naam mag niet beginnen met =, +, - of @ (een spreadsheet leest dat als "
                         "formule).")
    if role not in ROLES:
        raise WriteError(f"Niet gemaakt: kies een rol ({' of '.join(ROLES)}).")
    partner = partner or ""
    if partner and partner not in PARTNERS:
        raise WriteError(f"Niet gemaakt: kies een partner ({' of '.join(PARTNERS)}).")
    return label, role, partner if ROLES[role] == Role.PARTNER else ""


def _moment(now: dt.datetime, shape: str) -> Any:
    """A timestamp in the shape the source keeps it: a typed moment (xlsx cell; ISO text for the API, which every
    spreadsheet locale reads as a date-time), or the Dutch text of a CSV download."""
    local = now.astimezone(TZ).replace(tzinfo=None, microsecond=0) if now.tzinfo else now.replace(microsecond=0)
    if shape == "csv":
        return f"{local.day}-{local.month}-{local.year} {local:%H:%M:%S}"
    return local


def _header(rows: Rows) -> list[Any]:
    return list(rows[0]) if rows and any(not _blank(h) for h in rows[0]) else []


def _columns(header: list[Any], keys: tuple[str, ...]) -> dict[str, int]:
    hm = schema.map_headers(TAB, header)
    missing = [TAB.header(k) for k in keys if not hm.columns.get(k)]
    if missing:
        raise WriteError(f"Niet opgeslagen: het tabblad {TAB.name} heeft geen kolom "
                         f"{', '.join(repr(m) for m in missing)}. Zet die kop in de eerste rij en probeer het opnieuw.")
    return {k: hm.columns[k][-1] for k in keys}


def _tab_rows(source: Source) -> tuple[Rows, str]:
    raw = source.read()
    if TAB.name in raw.missing:
        raise WriteError(f"Niet opgeslagen: de spreadsheet heeft geen tabblad {TAB.name}. Maak het aan (of draai het "
                         f"script van de formulieren opnieuw) met in de eerste rij: {', '.join(HEADERS)}.")
    return raw.tabs.get(TAB.name) or [], raw.shape


def _write(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except OSError as exc:  # a local file that is read-only, opened elsewhere, or on a drive that went away
        why = exc.strerror or type(exc).__name__
        raise WriteError(f"Niet opgeslagen: het bestand kon niet worden geschreven ({why}).") from exc


def create(source: Source, draft: Draft, label: str, role: str, partner: str | None, now: dt.datetime) -> bool:
    """Append the link's row (only its hash) to the tab Toegang; False when this draft was written before.

    An empty tab first gets its header row. The row follows the tab's own header, so moved columns stay right.
    """
    label, role, partner = checked(label, role, partner)
    rows, shape = _tab_rows(source)
    header = _header(rows)
    if not header:
        header = list(HEADERS)
        _write(source.update_cells, TAB.name, [(1, i, h) for i, h in enumerate(header)])
    cols = _columns(header, ("made_at", "label", "role", "partner", "sha256"))
    row: list[Any] = [""] * (max(cols.values()) + 1)
    values = {"made_at": _moment(now, shape), "label": label, "role": role, "partner": partner,
              "sha256": draft.sha256}
    for key, col in cols.items():
        row[col] = values[key]
    return bool(_write(source.append_row, TAB.name, row, draft.submission_key))


def link_url(base: str, token: str) -> str:
    """The link to hand out: the dashboard's address with the token (`…/?toegang=…`)."""
    return f"{base_url(base)}/?{access.TOKEN_PARAM}={token}" if base else f"?{access.TOKEN_PARAM}={token}"


def base_url(url: str | None, page: str = "") -> str:
    """The dashboard's home address: no query, no page, no trailing slash; '' when unknown.

    `page` is the URL path of the page the address was read on ('delen'): it goes (st.context.url keeps it in the
    folder-based page mode, checked on 1.67). Streamlit Community Cloud serves the app itself under '/~/+/' inside
    its own page: that part goes too, so the link opens the app's normal address.
    """
    text = (url or "").strip().split("?", 1)[0].split("#", 1)[0]
    if not re.match(r"^https?://[^/\s]+", text):
        return ""
    text = text.rstrip("/")
    if page and text.endswith("/" + page):
        text = text[: -len(page) - 1]
    if text.endswith("/~/+"):
        text = text[: -len("/~/+")]
    return text.rstrip("/")


def base_url_setting(secrets: Mapping[str, Any] | None) -> str:
    """`[access] base_url` from secrets, when set (it wins over the address the browser reports)."""
    acc = (secrets or {}).get("access") or {}
    return base_url(str(acc.get("base_url") or "")) if isinstance(acc, Mapping) else ""


# --- revoking -----------------------------------------------------------------------------------------------

def revoke(source: Source, row: int, sha256: str, now: dt.datetime) -> None:
    """Write the moment into Ingetrokken op of the link's row, after checking the row still holds that link
    (rows may have been inserted, deleted or sorted in the sheet since the page was loaded)."""
    rows, shape = _tab_rows(source)
    header = _header(rows)
    cols = _columns(header, ("sha256", "revoked_at"))
    line = list(rows[row - 1]) if 1 < row <= len(rows) else []
    found = str(line[cols["sha256"]]).strip().casefold() if cols["sha256"] < len(line) else ""
    if not sha256 or found != sha256:
        raise WriteError(f"Niet ingetrokken: rij {row} van het tabblad {TAB.name} is veranderd sinds deze pagina werd "
                         "geladen. Ververs de pagina en probeer het opnieuw.")
    _write(source.update_cells, TAB.name, [(row, cols["revoked_at"], _moment(now, shape))])
    with _REVOKED_LOCK:
        _REVOKED.add(sha256)


# --- where writing is not possible --------------------------------------------------------------------------

def blocked(kind: str) -> str:
    """Why links are not saved for this kind of source ('' when they are)."""
    return DEMO_NOTE if kind == "demo" else ""


def unwritable(kind: str, target: str) -> str:
    """A Dutch sentence when the local file or folder cannot be written ('' when it can, or for a Google Sheet)."""
    if kind not in ("xlsx", "csv"):
        return ""
    path = Path(target)
    folder = path if kind == "csv" else path.parent
    targets = [folder] + ([path] if kind == "xlsx" else sorted(folder.glob("*.csv")))
    if all(os.access(p, os.W_OK) for p in targets if p.exists()):
        return ""
    what = "Het bestand" if kind == "xlsx" else "De map"
    return (f"{what} {path.name} kan niet worden beschreven (alleen-lezen of geen rechten). Nieuwe links en "
            f"intrekken worden daarom niet opgeslagen. Maak {what.lower()} schrijfbaar en ververs deze pagina.")


def now() -> dt.datetime:
    return dt.datetime.now(TZ).replace(microsecond=0)
