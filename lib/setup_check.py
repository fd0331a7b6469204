"""The setup check: each step of docs/google-setup.md, in its order, with ✔/✘ and one Dutch sentence (no Streamlit).

Shown on the coordinator's page Controle, and on the door while a Google Sheet has no access settings yet (there
without any data). A step that fails says the exact fix and value: the service account's e-mail to share the sheet
with (403), the console link from Google's own error (Sheets API off), the wrong key (404), the missing tab or
header. A sentence never holds a secret: no private key, no password, no token, never the sheet key.

Google is asked at most twice per check: one spreadsheets.get (time zone, locale, tab titles) and one
values:batchGet of the contract tabs that exist. lib/data.py caches the outcome briefly; the check runs only when
Controle (or the unconfigured door) is opened.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from lib import access, fmt, parse, schema, sheet_settings
from lib.errors import (
    FlatcoachError,
    KeyRefusedError,
    SheetAccessError,
    SheetApiDisabledError,
    SheetNotFoundError,
    SourceError,
)
from lib.sources import keyfile, sheet_key
from lib.sources.base import Rows, match_tabs

log = logging.getLogger("flatcoach.setup_check")

OK, FAIL, WARN, UNKNOWN = "ok", "fail", "warn", "unknown"
SYMBOL = {OK: "✔", FAIL: "✘", WARN: "⚠", UNKNOWN: "○"}
EXPECTED_TIME_ZONE = "Europe/Amsterdam"
EXPECTED_LOCALE = "nl_NL"
_SKIPPED = "Nog niet gecontroleerd: los eerst de stap hierboven op."


@dataclass(frozen=True)
class Step:
    """One line of the checklist. `text` is one Dutch sentence; `link` a Google console address to click, or ''."""

    key: str
    title: str
    state: str
    text: str
    link: str = ""

    @property
    def symbol(self) -> str:
        return SYMBOL[self.state]


def all_ok(steps: list[Step]) -> bool:
    return not any(s.state == FAIL for s in steps)


def run(secrets: Mapping[str, Any] | None, *, http_client: Any = None, options: Mapping[str, Any] | None = None,
        source_factory: Callable[..., Any] | None = None) -> list[Step]:
    """Every step, in the guide's order. Never raises: a step that cannot be checked says so.

    `http_client` is the gspread HTTPClient class (tests: the fake); `options` GSheetSource's retry settings from
    `[sheet]`; `source_factory(client, key, **options)` makes the source (default GSheetSource)."""
    secrets = dict(secrets or {})
    steps = [_secrets_step(secrets)]
    found = steps[0].state == OK
    key_step, key = _sheet_key_step(secrets, found)
    steps.append(key_step)
    sa_step, client, email = _service_account_step(secrets, found, http_client)
    steps.append(sa_step)
    steps.append(sign_in_step(secrets))
    if key is None or client is None:
        steps += [Step(k, t, UNKNOWN, _SKIPPED) for k, t in _SHEET_STEPS]
        return steps
    try:
        if source_factory is None:
            from lib.sources.gsheet import GSheetSource as source_factory  # noqa: N813 (a class as factory)
        source = source_factory(client, key, **dict(options or {}))
    except Exception:  # noqa: BLE001 - a bad option must not break the page
        log.exception("setup check: source could not be made")
        steps += [Step(k, t, UNKNOWN, _SKIPPED) for k, t in _SHEET_STEPS]
        return steps
    reach, props = _reach_step(source, email)
    steps.append(reach)
    if props is None:
        steps += [Step(k, t, UNKNOWN, _SKIPPED) for k, t in _SHEET_STEPS[1:]]
        return steps
    tabs_step, tabs = _tabs_step(source, props["titles"])
    steps.append(tabs_step)
    steps.append(answers_step(tabs))
    steps.append(time_zone_step(props["time_zone"], props["locale"]))
    steps.append(forms_script_step(tabs.get(schema.SHEET_SETTINGS.name)))
    return steps


# --- 1-4: what is in the secrets --------------------------------------------------------------------------------
def _secrets_step(secrets: dict) -> Step:
    title = "Secrets gevonden"
    if secrets:
        return Step("secrets", title, OK, "Het dashboard heeft zijn instellingen (secrets) gevonden.")
    return Step("secrets", title, FAIL,
                "Er zijn nog geen secrets: plak het sjabloon uit de handleiding, met jouw waarden, bij de app onder "
                "Settings → Secrets (Streamlit Community Cloud) en klik op Save.")


def _sheet_key_step(secrets: dict, found: bool) -> tuple[Step, str | None]:
    title = "Sleutel van de spreadsheet"
    if not found:
        return Step("sheet_key", title, UNKNOWN, _SKIPPED), None
    sheet = secrets.get("sheet")
    ref = (sheet.get("key") or sheet.get("url")) if isinstance(sheet, Mapping) else None
    if not ref:
        return Step("sheet_key", title, FAIL,
                    "Zet onder [sheet] de regel key = \"…\" met de link van de spreadsheet uit de adresbalk "
                    "(de hele link mag)."), None
    try:
        key = sheet_key(str(ref))
    except SourceError as exc:
        return Step("sheet_key", title, FAIL, exc.message), None
    return Step("sheet_key", title, OK, "De sleutel van de spreadsheet onder [sheet] is leesbaar."), key


def _service_account_step(secrets: dict, found: bool, http_client: Any) -> tuple[Step, Any, str]:
    title = "Sleutel van het serviceaccount"
    if not found:
        return Step("service_account", title, UNKNOWN, _SKIPPED), None, ""
    try:
        info = keyfile.service_account_info(secrets)
    except SourceError as exc:
        return Step("service_account", title, FAIL, exc.message), None, ""
    if info is None:
        return Step("service_account", title, FAIL,
                    "Plak het hele JSON-sleutelbestand van het serviceaccount onder [sheet] als "
                    "service_account_json = '''…''' (zie de stap Sleutel in de handleiding)."), None, ""
    try:
        from lib.sources.gsheet import make_client

        client = make_client(info, http_client=http_client)
    except SourceError as exc:
        return Step("service_account", title, FAIL, exc.message), None, ""
    email = str(info.get("client_email") or "").strip()
    how = "het geplakte JSON-bestand" if keyfile.where(secrets) == keyfile.WHERE_JSON else "[gcp_service_account]"
    return Step("service_account", title, OK, f"De sleutel in {how} is leesbaar; het serviceaccount is {email}."), \
        client, email


def sign_in_step(secrets: Mapping[str, Any]) -> Step:
    """The coordinator's way in without a terminal: the password, or Google login with a coordinator address."""
    title = "Inloggen als coördinator"
    cfg = access.config_from_secrets(secrets)
    if getattr(cfg, "password", None) is not None:
        return Step("sign_in", title, OK, "Het coördinatorwachtwoord is ingesteld ([access] coordinator_password).")
    coordinators = [k for k, g in cfg.emails.items() if g.role == access.Role.COORDINATOR]
    if cfg.login and coordinators:
        n = len(coordinators)
        return Step("sign_in", title, OK, f"Inloggen met een Google-account is ingesteld voor {n} "
                                          f"coördinator{'adres' if n == 1 else 'adressen'} ([auth] en [access.roles]).")
    about_password = [p for p in cfg.problems if "coordinator_password" in p]
    if about_password:
        return Step("sign_in", title, FAIL, about_password[0])
    if cfg.login:
        return Step("sign_in", title, FAIL,
                    "[auth] staat er, maar geen e-mailadres heeft de rol coördinator: zet onder [access.roles] "
                    "\"jouw@adres.nl\" = \"coordinator\", of zet onder [access] een coordinator_password.")
    least = getattr(access, "PASSWORD_MIN", 12)
    return Step("sign_in", title, FAIL,
                f"Zet onder [access] de regel coordinator_password = \"…\" met een eigen wachtwoord van minstens "
                f"{least} tekens, en klik op Save.")


# --- 5-9: the sheet itself -----------------------------------------------------------------------------------------
_SHEET_STEPS = (
    ("reach", "Google Sheet bereikbaar"),
    ("tabs", "Tabbladen en kopjes"),
    ("answers", "Laatste antwoorden"),
    ("time_zone", "Tijdzone en landinstelling"),
    ("forms_script", "Formulierscript"),
)
_TITLE = dict(_SHEET_STEPS)


def _reach_step(source: Any, email: str) -> tuple[Step, dict | None]:
    title = _TITLE["reach"]
    try:
        props = source.properties()
    except SheetApiDisabledError as exc:
        if not exc.link:
            return Step("reach", title, FAIL, exc.detail or exc.message), None
        # the link goes on its own button (a long address does not fit a phone's line)
        return Step("reach", title, FAIL, "De Google Sheets API staat uit in het Google Cloud-project van het "
                                          "serviceaccount: zet hem aan met de knop hieronder (Inschakelen) en "
                                          "controleer na een paar minuten opnieuw.", link=exc.link), None
    except SheetAccessError:
        who = email or "het e-mailadres van het serviceaccount (client_email in het JSON-bestand)"
        return Step("reach", title, FAIL,
                    f"Google weigert de toegang: deel de spreadsheet (knop Delen, rechtsboven) met {who}, als "
                    "Bewerker, en zet 'Mensen laten weten' uit."), None
    except SheetNotFoundError:
        return Step("reach", title, FAIL,
                    "Google kent deze spreadsheet niet: de sleutel onder [sheet] klopt niet (of de spreadsheet is "
                    "verwijderd). Kopieer de link opnieuw uit de adresbalk van de spreadsheet."), None
    except KeyRefusedError as exc:
        return Step("reach", title, FAIL, exc.detail or exc.message), None
    except FlatcoachError as exc:
        return Step("reach", title, FAIL, exc.text(True)), None
    except Exception:  # noqa: BLE001 - a bug must not hide the rest of the list
        log.exception("setup check: reading the sheet's properties failed")
        return Step("reach", title, FAIL, "Er ging iets onverwachts mis bij het lezen van de spreadsheet; probeer "
                                          "het over een minuut opnieuw."), None
    return Step("reach", title, OK, "Het dashboard kan de spreadsheet lezen."), props


def _tabs_step(source: Any, titles: list[str]) -> tuple[Step, dict[str, Rows]]:
    title = _TITLE["tabs"]
    wanted = {schema.norm(t.name) for t in schema.TABS.values()}
    present = [t for t in titles if schema.norm(t) in wanted]
    try:
        found = source.read_tabs(present) if present else {}
    except FlatcoachError as exc:
        return Step("tabs", title, FAIL, exc.text(True)), {}
    except Exception:  # noqa: BLE001
        log.exception("setup check: reading the tabs failed")
        return Step("tabs", title, FAIL, "De tabbladen konden niet gelezen worden; probeer het opnieuw."), {}
    tabs, missing = match_tabs(found)
    step = tabs_step(tabs, missing)
    return step, {name: rows for name, rows in tabs.items() if name not in missing}


def tabs_step(tabs: Mapping[str, Rows], missing: list[str]) -> Step:
    """Every contract tab there, with every header in row 1 (lib/schema.py); else which tab or header is missing."""
    title = _TITLE["tabs"]
    problems: list[str] = []
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        problems.append(f"tabblad{'en' if len(missing) > 1 else ''} {names} ontbreekt" + ("n" if len(missing) > 1
                                                                                           else ""))
    for t in schema.TABS.values():
        if t.name in missing:
            continue
        rows = tabs.get(t.name) or []
        header = list(rows[0]) if rows else []
        if not any(str(h or "").strip() for h in header):
            problems.append(f"in '{t.name}' staan geen kopjes in rij 1")
            continue
        lacking = schema.map_headers(t, header).missing
        if lacking:
            cols = ", ".join(f"'{f.header}'" for f in lacking)
            problems.append(f"in '{t.name}' ontbreekt de kolom {cols}" if len(lacking) == 1
                            else f"in '{t.name}' ontbreken de kolommen {cols}")
    if not problems:
        return Step("tabs", title, OK, f"Alle {len(schema.TABS)} tabbladen staan er, met de juiste kopjes in rij 1.")
    return Step("tabs", title, FAIL,
                _cap("; ".join(problems)) + ". Voer het formulierscript nog een keer uit (het maakt wat ontbreekt), "
                "of zet de kopjes zelf in rij 1, precies zoals in de tabel van de handleiding.")


def last_answer(rows: Rows | None, t: schema.Tab) -> Any:
    """The latest Tijdstempel of a form's answers tab (a naive Amsterdam datetime), or None when it has none."""
    if not rows or len(rows) < 2:
        return None
    cols = schema.map_headers(t, list(rows[0])).columns.get(schema.TIMESTAMP.key, [])
    if not cols:
        return None
    values = []
    for r in rows[1:]:
        cell = next((r[c] for c in reversed(cols) if c < len(r) and r[c] not in ("", None)), None)
        values.append(cell)
    moments, _ = parse.timestamp(pd.Series(values, dtype=object))
    latest = moments.max()
    return None if pd.isna(latest) else latest


def answers_step(tabs: Mapping[str, Rows]) -> Step:
    """When the last answer of each form arrived (the latest Tijdstempel of Rondes and Meldingen)."""
    title = _TITLE["answers"]
    parts, empty = [], []
    for t in schema.FORM_TABS:
        latest = last_answer(tabs.get(t.name), t)
        if latest is None:
            empty.append(t.form_title)
            parts.append(f"{t.form_title}: nog geen antwoord")
        else:
            parts.append(f"{t.form_title}: {fmt.moment(latest)}")
    text = "; ".join(parts) + "."
    if empty:
        return Step("answers", title, WARN,
                    text + " Vul elk formulier één keer in als proef (met de Invullen-link uit het script) en kijk "
                    "of de regel in de spreadsheet verschijnt.")
    return Step("answers", title, OK, "Laatste antwoord: " + text)


def time_zone_step(time_zone: str, locale: str) -> Step:
    """The sheet's time zone and locale: Forms stamps answers in the sheet's time zone, and the cleaner reads Dutch
    dates; anything else is a warning with the menu path to change it."""
    title = _TITLE["time_zone"]
    tz_ok = time_zone == EXPECTED_TIME_ZONE
    locale_ok = (locale or "").replace("-", "_") in (EXPECTED_LOCALE, "nl")
    if tz_ok and locale_ok:
        return Step("time_zone", title, OK, f"Tijdzone {time_zone}, landinstelling {locale}.")
    now = f"nu: tijdzone {time_zone or 'onbekend'}, landinstelling {locale or 'onbekend'}"
    return Step("time_zone", title, WARN,
                f"Zet in de spreadsheet via Bestand → Instellingen de landinstelling op Nederland en de tijdzone op "
                f"(GMT+01:00) Amsterdam en klik op Instellingen opslaan ({now}); anders kloppen de tijden van de "
                "formulieren niet.")


# --- the forms script's state ------------------------------------------------------------------------------------
def forms_script_step(settings_rows: Rows | None) -> Step:
    """What the forms script (intake/create_forms.gs) wrote in the tab Instellingen, and the rows the coordinator
    fills there (mail addresses, the dashboard's link), read the way lib/sheet_settings.py reads them. This is the one
    place the check looks at the script's rows: wire new ones here."""
    title = _TITLE["forms_script"]
    frame = _settings_frame(settings_rows)
    state = sheet_settings.script_state(frame)
    mails = sheet_settings.mail_settings(frame)
    filled = sheet_settings.values(frame)
    ran = bool(state["urgent_mail"].text or state["weekly_mail"].text or state["forms"] or state["last_error"])
    if not ran and not any(filled.values()):
        return Step("forms_script", title, UNKNOWN,
                    "Nog niet bekend: het formulierscript heeft nog niets in tabblad Instellingen gezet. Voer het "
                    "script uit zoals de handleiding zegt; daarna staat hier of de mails aan staan.")
    if state["last_error"]:
        return Step("forms_script", title, FAIL,
                    f"Het formulierscript meldt een fout (tabblad Instellingen, regel "
                    f"'{schema.SETTING_SCRIPT_ERROR}'): {_short(state['last_error'])}")
    wanted = ((schema.SETTING_URGENT_MAIL, mails.urgent), (schema.SETTING_WEEKLY_MAIL, mails.weekly),
              (schema.SETTING_DASHBOARD_URL, mails.dashboard_url))
    empty = [name for name, ok in wanted if not ok]
    if empty or mails.invalid:
        names = " en ".join(f"'{m}'" for m in empty)
        fix = f"Vul in tabblad Instellingen bij {names} de waarde in (e-mailadressen met komma's ertussen; bij " \
              f"'{schema.SETTING_DASHBOARD_URL}' het adres van het dashboard)" if empty else \
              f"In tabblad Instellingen staat iets dat geen e-mailadres is ({_short(', '.join(mails.invalid), 80)})"
        return Step("forms_script", title, WARN, fix + " en voer het script daarna nog een keer uit, dan gaan de "
                                                       "mails aan.")
    urgent, weekly = state["urgent_mail"], state["weekly_mail"]
    states = [f"{label} {_short(t.text, 60)}" if t.text else f"{label} nog niet aan"
              for label, t in (("spoedmail", urgent), ("weekmail", weekly))]
    text = "Formulierscript: " + ", ".join(states) + f"; {len(state['forms'])} formulier(en) bekend."
    if urgent.on and weekly.on:
        return Step("forms_script", title, OK, text)
    return Step("forms_script", title, WARN, text + " Voer het script nog een keer uit om de mails aan te zetten.")


def _settings_frame(rows: Rows | None) -> pd.DataFrame:
    """Instellingen's raw rows as the frame lib/sheet_settings.py reads (columns key, value)."""
    out: list[tuple[str, str]] = []
    if rows:
        hm = schema.map_headers(schema.SHEET_SETTINGS, list(rows[0]))
        key_col = (hm.columns.get("key") or [None])[0]
        value_col = (hm.columns.get("value") or [None])[0]
        for r in rows[1:] if key_col is not None else []:
            key = r[key_col] if key_col < len(r) else None
            value = r[value_col] if value_col is not None and value_col < len(r) else None
            if key not in (None, ""):
                out.append((str(key), "" if value is None else str(value)))
    return pd.DataFrame(out, columns=["key", "value"])


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
