"""lib/sheet_settings.py: the Instellingen rows as the dashboard reads them (the forms script writes the same names;
tests/test_forms_script.py checks that end to end)."""
from __future__ import annotations

from lib import schema, sheet_settings
from tests.builders import cleaned

HEADER = [f.header for f in schema.SHEET_SETTINGS.fields]


def settings(*rows):
    return cleaned(extra={schema.SHEET_SETTINGS.name: [HEADER, *[list(r) for r in rows]]})


def test_nothing_filled_in_yet():
    state = sheet_settings.script_state(settings())
    assert not state["urgent_mail"].on and state["urgent_mail"].text == ""
    assert not state["weekly_mail"].on and state["last_error"] is None and state["forms"] == {}
    mail = sheet_settings.mail_settings(settings())
    assert (mail.urgent, mail.weekly, mail.invalid, mail.dashboard_url) == ([], [], [], None)


def test_keys_match_like_the_script_and_the_first_row_wins():
    c = settings(["  spoedmail NAAR ", "a@example.org;b@example.org  c@x", ""],
                 ["Spoedmail naar", "later@example.org", ""],
                 ["Weekmail naar", "w@example.org", ""],
                 ["Dashboardlink", "flatcoach.example.app", ""],
                 ["Script: spoedmail", "aan sinds 28-11-2026 07:12", ""],
                 ["Script: weekmail", "uit", ""],
                 ["Script: laatste fout", "28-11-2026 07:20, weekmail: versturen mislukt", ""],
                 ["Formulier: Melding doorgeven", "https://docs.google.com/forms/d/F2/edit", ""])
    mail = sheet_settings.mail_settings(c)
    assert mail.urgent == ["a@example.org", "b@example.org"] and mail.invalid == ["c@x"]
    assert mail.weekly == ["w@example.org"]
    assert mail.dashboard_url is None  # not an http(s) address: the mails would carry a broken link
    state = sheet_settings.script_state(c)
    assert state["urgent_mail"].on and state["urgent_mail"].text == "aan sinds 28-11-2026 07:12"
    assert not state["weekly_mail"].on
    assert state["last_error"] == "28-11-2026 07:20, weekmail: versturen mislukt"
    assert state["forms"] == {"Melding doorgeven": "https://docs.google.com/forms/d/F2/edit"}
