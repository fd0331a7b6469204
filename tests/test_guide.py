"""The coordinator's guide (docs/google-setup.md): no terminal anywhere, steps in order with minutes that add up to at
most 45, the secrets template that the dashboard reads, and where the data lives (also in docs/privacy.md)."""
from __future__ import annotations

import re
import tomllib

import pytest

from lib import access
from lib.errors import SourceError
from lib.sources import keyfile
from tests.apptest import ROOT

GUIDE = (ROOT / "docs" / "google-setup.md").read_text(encoding="utf-8")
PRIVACY = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
EXAMPLE = (ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8")
STEP = re.compile(r"^## Stap (\d+)\. (.+?) \((\d+) minuten?\)$", re.MULTILINE)
# What a terminal command looks like: a prompt, or a program a developer would type.
SHELL = re.compile(r"(^|\s|`)(\$ |make (run|test|demo|bench)\b|python3? |\.venv/|pip3? install|git (clone|push|pull|"
                   r"commit)|streamlit run|sudo |apt(-get)? |gcloud |curl |wget |npm |cd [~./\w])", re.MULTILINE)
FENCE = re.compile(r"^\s*```(\w*)\n(.*?)^\s*```", re.MULTILINE | re.DOTALL)


def steps(text: str) -> list[tuple[int, str, int]]:
    return [(int(n), title, int(minutes)) for n, title, minutes in STEP.findall(text)]


def test_the_guide_has_no_shell_command():
    assert not SHELL.search(GUIDE), SHELL.search(GUIDE).group(0)
    languages = {lang for lang, _ in FENCE.findall(GUIDE)}
    assert languages <= {"toml"}, languages  # the only block is the secrets template


def test_the_shell_check_would_see_one():
    for line in ("Start het dashboard (`make run`).", "```sh\n$ python -m lib.access new-token\n```",
                 "Open een terminal en typ git clone https://…", "    .venv/bin/streamlit run app.py"):
        assert SHELL.search(line) or {lang for lang, _ in FENCE.findall(line)} - {"toml"}, line


def test_steps_are_in_order_and_their_minutes_add_up_to_at_most_45():
    found = steps(GUIDE)
    assert [n for n, _, _ in found] == list(range(1, len(found) + 1)), "steps numbered 1, 2, 3, … without gaps"
    assert len(found) >= 8
    assert all(m > 0 for _, _, m in found)
    total = sum(m for _, _, m in found)
    assert total <= 45, f"{total} minutes"
    said = re.search(r"samen \*\*(\d+) minuten\*\*", GUIDE)
    assert said and int(said.group(1)) == total, "the introduction names the total of the steps"
    # every "## Stap" heading carries its minutes
    assert len(re.findall(r"^## Stap ", GUIDE, re.MULTILINE)) == len(found)


def test_the_steps_cover_what_a_coordinator_does_in_that_order():
    titles = [t.casefold() for _, t, _ in steps(GUIDE)]
    order = ["spreadsheet", "script", "coaches", "sheets api", "serviceaccount", "delen", "streamlit community cloud",
             "controle", "instellingen", "deellink"]
    at = [next(i for i, t in enumerate(titles) if word in t) for word in order]
    assert at == sorted(at), list(zip(order, at, strict=True))


def test_the_guide_names_the_granular_consent_and_the_key_policy():
    assert "Alles selecteren" in GUIDE
    assert "iam.disableServiceAccountKeyCreation" in GUIDE and "Service account key creation is disabled" in GUIDE
    assert "intake/create_forms.gs" in GUIDE and "Raw" in GUIDE
    for setting in ("Spoedmail naar", "Weekmail naar", "Dashboardlink"):
        assert setting in GUIDE


def _template() -> str:
    block = [body for lang, body in FENCE.findall(GUIDE) if lang == "toml"]
    assert len(block) == 1
    return "\n".join(line[3:] if line.startswith("   ") else line for line in block[0].splitlines())


def test_the_template_is_what_the_dashboard_reads_and_refuses_unchanged():
    secrets = tomllib.loads(_template())
    assert set(secrets) == {"sheet", "access"}
    assert set(secrets["sheet"]) == {"key", keyfile.JSON_SETTING} and set(secrets["access"]) == {"coordinator_password"}
    # Pasted without filling it in, each value is refused with a sentence that says so.
    with pytest.raises(SourceError) as err:
        keyfile.service_account_info(secrets)
    assert "nog het voorbeeld" in err.value.message
    assert access.config_from_secrets(secrets).password is None
    # The example file holds the same template (its [access] part commented out, see tests/test_access.py).
    example = tomllib.loads(EXAMPLE)
    assert set(example["sheet"]) >= {"key", keyfile.JSON_SETTING}
    assert example["sheet"][keyfile.JSON_SETTING] == secrets["sheet"][keyfile.JSON_SETTING]
    assert f'coordinator_password = "{access.EXAMPLE_PASSWORD}"' in EXAMPLE


@pytest.mark.parametrize("doc", [GUIDE, PRIVACY], ids=["google-setup", "privacy"])
def test_where_the_data_lives(doc):
    section = doc[doc.index("## Waar de gegevens staan"):]
    section = section[: section.index("\n## ", 4)] if "\n## " in section[4:] else section
    assert "Google" in section and "Verenigde Staten" in section and "EU" in section
    assert "reverse proxy" in section
