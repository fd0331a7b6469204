"""Read the Instellingen tab: who gets which mail, the dashboard's address, and the forms script's own state.

The coordinator fills the rows schema.SETTING_URGENT_MAIL, SETTING_WEEKLY_MAIL and SETTING_DASHBOARD_URL; the forms
script (intake/create_forms.gs) writes "Script: spoedmail"/"Script: weekmail" ("aan sinds 28-11-2026 07:12") when it
installs its triggers, "Script: laatste fout" when a mail could not be sent, and one "Formulier: <title>" row per
form. Keys are matched case- and whitespace-insensitively, the first row of a key wins (as in the script).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from lib import schema

# The same rule as the script's addresses_(): separated by commas, semicolons or spaces.
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _frame(c) -> pd.DataFrame | None:
    """Clean.sheet_settings from a Clean bundle, or the frame itself."""
    return getattr(c, "sheet_settings", c)


def values(c) -> dict[str, str]:
    """Normalized key -> trimmed value, from a Clean bundle (its sheet_settings: columns key, value)."""
    settings = _frame(c)
    out: dict[str, str] = {}
    if settings is None or settings.empty:
        return out
    for key, value in zip(settings["key"], settings["value"], strict=True):
        k = schema.norm(key) if isinstance(key, str) else ""
        if k and k not in out:
            out[k] = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    return out


@dataclass
class MailSettings:
    urgent: list[str] = field(default_factory=list)  # addresses for the urgent mail
    weekly: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # parts of either cell that are not an address
    dashboard_url: str | None = None  # None when empty or not an http(s) address


def _addresses(text: str, invalid: list[str]) -> list[str]:
    out = []
    for part in re.split(r"[,;\s]+", text or ""):
        if not part:
            continue
        (out if _ADDRESS.match(part) else invalid).append(part)
    return out


def mail_settings(c) -> MailSettings:
    """Who gets the urgent and the weekly mail, and the dashboard's address, as the script will read them."""
    v = values(c)
    invalid: list[str] = []
    urgent = _addresses(v.get(schema.norm(schema.SETTING_URGENT_MAIL), ""), invalid)
    weekly = _addresses(v.get(schema.norm(schema.SETTING_WEEKLY_MAIL), ""), invalid)
    url = v.get(schema.norm(schema.SETTING_DASHBOARD_URL), "").rstrip("/")
    return MailSettings(urgent, weekly, invalid, url if re.match(r"^https?://\S+$", url) else None)


@dataclass
class Trigger:
    on: bool  # the script says it installed the trigger
    text: str  # the cell as written, e.g. "aan sinds 28-11-2026 07:12"; "" when the row is missing


def script_state(c) -> dict:
    """What the forms script wrote about itself: {"urgent_mail": Trigger, "weekly_mail": Trigger,
    "last_error": str | None, "last_urgent_mail": str | None, "forms": {form title: edit link}}.
    A missing row means the script has not run (or an older version did)."""
    settings = _frame(c)
    v = values(settings)

    def trigger(key: str) -> Trigger:
        text = v.get(schema.norm(key), "")
        return Trigger(schema.norm(text).startswith("aan"), text)

    prefix = schema.norm(schema.SETTING_FORM_PREFIX)
    forms = {}
    if settings is not None and not settings.empty:
        for key, value in zip(settings["key"], settings["value"], strict=True):
            if isinstance(key, str) and schema.norm(key).startswith(prefix) and isinstance(value, str) and value:
                forms.setdefault(key.strip()[len(schema.SETTING_FORM_PREFIX.strip()):].strip(), value.strip())
    return {
        "urgent_mail": trigger(schema.SETTING_SCRIPT_URGENT),
        "weekly_mail": trigger(schema.SETTING_SCRIPT_WEEKLY),
        "last_error": v.get(schema.norm(schema.SETTING_SCRIPT_ERROR)) or None,
        "last_urgent_mail": v.get(schema.norm(schema.SETTING_SCRIPT_LAST_URGENT)) or None,
        "forms": forms,
    }
