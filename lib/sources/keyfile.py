"""The service account's key from secrets: the downloaded JSON key file pasted whole, or its fields one by one.

Read in this order: `service_account_json = '''…'''` under `[sheet]` (the whole file in one paste: what a coordinator
can do in a browser without mistakes), then `[gcp_service_account]` (the file's fields written as TOML, the older
way). A mangled paste gets one Dutch sentence saying what is wrong and where (line and column of a JSON error, the
missing field, "not a service-account key"), and never quotes what was pasted: all of it is treated as secret.
No gspread here, so the setup check can use it without making a client.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lib.errors import SourceError

JSON_SETTING = "service_account_json"
FIELDS_TABLE = "gcp_service_account"
WHERE_JSON = f"{JSON_SETTING} onder [sheet]"
WHERE_FIELDS = f"[{FIELDS_TABLE}]"
REQUIRED_FIELDS = ("client_email", "private_key", "token_uri")
HINT = (
    "Plak het hele JSON-sleutelbestand van het serviceaccount onder [sheet] als service_account_json = '''…''' "
    "(op Streamlit Community Cloud bij de app onder Settings → Secrets; op een eigen computer in "
    ".streamlit/secrets.toml). Zie docs/google-setup.md."
)
_REPASTE = ("Open het gedownloade JSON-bestand met Kladblok of TextEdit, kopieer alles (van de eerste { tot en met de "
            "laatste }) en plak het opnieuw tussen ''' en '''.")


def configured(secrets: Mapping[str, Any] | None) -> bool:
    """Whether any service-account key is set at all (pasted whole or as fields)."""
    secrets = secrets or {}
    sheet = secrets.get("sheet")
    pasted = sheet.get(JSON_SETTING) if isinstance(sheet, Mapping) else None
    return bool(pasted) or bool(secrets.get(FIELDS_TABLE))


def where(secrets: Mapping[str, Any] | None) -> str:
    """Which setting holds the key, for messages: the pasted JSON wins when both are there."""
    sheet = (secrets or {}).get("sheet")
    if isinstance(sheet, Mapping) and sheet.get(JSON_SETTING):
        return WHERE_JSON
    return WHERE_FIELDS


def service_account_info(secrets: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The key as a dict for gspread, or None when none is set. Raises SourceError (Dutch, no content) when the
    pasted JSON or the fields cannot be a service-account key."""
    secrets = secrets or {}
    sheet = secrets.get("sheet")
    pasted = sheet.get(JSON_SETTING) if isinstance(sheet, Mapping) else None
    if pasted:
        info = pasted if isinstance(pasted, Mapping) else parse_json(pasted)
        return check(info, WHERE_JSON)
    fields = secrets.get(FIELDS_TABLE)
    if not fields:
        return None
    return check(fields, WHERE_FIELDS)


def parse_json(text: Any) -> dict[str, Any]:
    """The pasted key file as a dict. The messages name a line and column, never a character of the paste."""
    if not isinstance(text, str):
        raise SourceError(f"{WHERE_JSON} is geen tekst. {_REPASTE}")
    body = text.strip().lstrip("\ufeff")
    if not body:
        raise SourceError(f"{WHERE_JSON} is leeg. {_REPASTE}")
    if body.startswith("<") and "plak hier" in body.casefold():
        raise SourceError(f"Onder {WHERE_JSON} staat nog het voorbeeld uit het sjabloon. {_REPASTE}")
    if "“" in body or "”" in body:
        raise SourceError(f"{WHERE_JSON} bevat gekrulde aanhalingstekens (“ ”), die een tekstverwerker of "
                          f"notitie-app maakt. {_REPASTE}")
    if body.startswith("-----BEGIN"):
        raise SourceError(f"{WHERE_JSON} bevat alleen de private key, niet het hele JSON-bestand. {_REPASTE}")
    try:
        # strict=False: a paste between """ (a TOML basic string) turns the key's \n into real line breaks, which
        # JSON does not allow inside a string; the key is still good.
        value = json.loads(body, strict=False)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{WHERE_JSON} is geen geldige JSON: de fout zit in regel {exc.lineno}, kolom {exc.colno} "
                          f"van wat je plakte. {_REPASTE}") from None
    if not isinstance(value, dict):
        raise SourceError(f"{WHERE_JSON} is geen JSON-sleutelbestand (het begint niet met {{). {_REPASTE}")
    return value


def check(info: Any, where_: str = WHERE_FIELDS) -> dict[str, Any]:
    """The key's fields, checked: a mapping, a service-account key, with the fields gspread needs."""
    if not isinstance(info, Mapping):
        raise SourceError(f"De instelling {where_} is geen tabel met de velden uit het JSON-sleutelbestand. " + HINT)
    info = {str(k): v for k, v in info.items()}
    kind = str(info.get("type") or "")
    # A missing "type" is let through (fields typed by hand often lack it); another type, or an OAuth client's
    # file ("web"/"installed"), is not a service-account key.
    if (kind and kind != "service_account") or (not kind and ("web" in info or "installed" in info)):
        raise SourceError(f"{where_} is geen sleutel van een serviceaccount{_what_it_is(info, kind)}. Maak in Google "
                          "Cloud bij het serviceaccount op het tabblad Sleutels een nieuwe sleutel van het type JSON. "
                          + HINT)
    missing = [f for f in REQUIRED_FIELDS if not str(info.get(f) or "").strip()]
    if missing:
        raise SourceError(f"In {where_} ontbreekt: {', '.join(missing)}. " + HINT)
    return info


def _what_it_is(info: dict[str, Any], kind: str) -> str:
    """A short Dutch name for the kind of file that was pasted instead (never its content)."""
    if "web" in info or "installed" in info:
        return " maar een OAuth-client (een client_secret-bestand)"
    if kind == "authorized_user":
        return " maar de inlog van een gewone gebruiker"
    if kind == "external_account":
        return " maar een instelling voor identiteitsfederatie"
    return " (\"type\" moet \"service_account\" zijn)"
