"""The key pasted whole (lib/sources/keyfile.py), identifiers for the coordinator only (#16.3), and the setup check
(lib/setup_check.py, page Controle, the door of a dashboard that is not set up yet), against the fake Sheets API."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from lib import access, data, setup_check
from lib.errors import SourceError
from lib.sources import SourceSpec, keyfile, open_source
from lib.sources.gsheet import GSheetSource, make_client
from tests.apptest import everything, open_page, texts
from tests.fakesheets import demo_tabs, fake_sheet, service_disabled

FAST = {"tries": 1, "timeout_seconds": 2.0, "deadline_seconds": 4, "backoff_seconds": 0.01, "max_wait_seconds": 0.1}
PASSWORD = "een-lang-wachtwoord-voor-de-test"
PARTNER_TOKEN = "tests-setup-check-partner-0123456789"
COORD_TOKEN = "tests-setup-check-coordinator-0123456"


def key_file(fs) -> str:
    """The JSON key file as Google hands it out (indented, the private key's line breaks as \\n)."""
    return json.dumps(fs.service_account_info(), indent=2)


def key_body(fs) -> list[str]:
    """Pieces of the private key that must never be shown."""
    pem = fs.service_account_info()["private_key"]
    body = "".join(ln for ln in pem.splitlines() if "PRIVATE KEY" not in ln)
    return [body[i:i + 24] for i in range(0, len(body) - 24, 24)]


@pytest.fixture
def fs(monkeypatch):
    tabs = demo_tabs()
    with fake_sheet(tabs) as f:
        monkeypatch.setattr(data, "HTTP_CLIENT", f.http_client_class())
        yield f


def pasted_secrets(fs, **access_settings) -> dict:
    return {"sheet": {"key": f"https://docs.google.com/spreadsheets/d/{fs.key}/edit#gid=0",
                      keyfile.JSON_SETTING: key_file(fs), **FAST},
            "access": {"coordinator_password": PASSWORD, **access_settings}}


# --- the key pasted whole ---------------------------------------------------------------------------------------
def test_a_pasted_key_file_reads_the_sheet(fs):
    secrets = {"sheet": {"key": fs.key, keyfile.JSON_SETTING: "\n" + key_file(fs) + "\n"}}
    raw = open_source(SourceSpec("gsheet", fs.key), secrets, http_client=fs.http_client_class()).read()
    assert raw.tabs["Rondes"][0][0] == "Tijdstempel" and len(raw.tabs["Rondes"]) == 3
    assert fs.counts["values.batchGet"] == 1


def test_a_paste_between_double_quotes_still_works(fs):
    """TOML \"\"\"…\"\"\" turns the key's \\n into real line breaks inside a JSON string: still the same key."""
    text = key_file(fs).replace("\\n", "\n")
    info = keyfile.service_account_info({"sheet": {keyfile.JSON_SETTING: text}})
    assert info["private_key"] == fs.service_account_info()["private_key"]
    make_client(info, http_client=fs.http_client_class())


def test_the_pasted_json_wins_over_the_fields(fs):
    fields = {**fs.service_account_info(), "client_email": "old@elsewhere.iam.gserviceaccount.com"}
    info = keyfile.service_account_info({"sheet": {keyfile.JSON_SETTING: key_file(fs)}, "gcp_service_account": fields})
    assert info["client_email"] == fs.client_email
    assert keyfile.service_account_info({"gcp_service_account": fields})["client_email"] == fields["client_email"]
    assert keyfile.service_account_info({"sheet": {"key": "x"}}) is None


def _mangled(fs, how: str) -> str:
    text = key_file(fs)
    if how == "comma":  # a comma lost while selecting
        return text.replace('",\n  "client_email"', '"\n  "client_email"')
    if how == "half":  # the copy stopped half way
        return text[: len(text) // 2]
    if how == "curly":  # through a word processor
        return text.replace('"type"', "“type”")
    if how == "pem":  # only the private key
        return fs.service_account_info()["private_key"]
    if how == "template":  # the template's placeholder left in
        return "\n<plak hier het hele JSON-bestand>\n"
    if how == "list":
        return "[" + text + "]"
    raise ValueError(how)


@pytest.mark.parametrize("how, words", [
    ("comma", ["geen geldige JSON", "regel 6, kolom 3"]),  # the line of "client_email"
    ("half", ["geen geldige JSON", "regel"]),
    ("curly", ["gekrulde aanhalingstekens"]),
    ("pem", ["alleen de private key"]),
    ("list", ["geen JSON-sleutelbestand"]),
    ("template", ["nog het voorbeeld"]),
])
def test_a_mangled_paste_says_what_and_where_without_the_key(fs, how, words):
    with pytest.raises(SourceError) as err:
        keyfile.service_account_info({"sheet": {keyfile.JSON_SETTING: _mangled(fs, how)}})
    msg = err.value.message
    for w in words:
        assert w in msg, msg
    assert "service_account_json onder [sheet]" in msg
    for piece in [*key_body(fs), fs.client_email, "0123456789abcdef0123"]:
        assert piece not in msg and piece not in repr(err.value)
    assert err.value.__cause__ is None and msg.count(". ") <= 3


@pytest.mark.parametrize("change, words", [
    (lambda k: k.pop("client_email"), ["ontbreekt: client_email"]),
    (lambda k: k.pop("private_key"), ["ontbreekt: private_key"]),
    (lambda k: k.update(type="authorized_user"), ["geen sleutel van een serviceaccount", "gewone gebruiker"]),
])
def test_a_key_file_with_a_wrong_field_names_the_field(fs, change, words):
    info = fs.service_account_info()
    change(info)
    with pytest.raises(SourceError) as err:
        keyfile.service_account_info({"sheet": {keyfile.JSON_SETTING: json.dumps(info)}})
    for w in words:
        assert w in err.value.message
    assert not any(piece in err.value.message for piece in key_body(fs))


def test_an_oauth_client_file_is_named_as_such():
    client_file = json.dumps({"web": {"client_id": "1-abc.apps.googleusercontent.com", "client_secret": "GOCSPX-x"}})
    with pytest.raises(SourceError) as err:
        keyfile.service_account_info({"sheet": {keyfile.JSON_SETTING: client_file}})
    assert "OAuth-client" in err.value.message and "GOCSPX" not in err.value.message


# --- Google's errors: plain for everyone, identifiers for the coordinator -----------------------------------------
def test_the_sheets_api_off_gives_the_console_link_from_googles_message(fs):
    fs.faults.push("403", **service_disabled("424242424242"))
    source = GSheetSource(make_client(fs.service_account_info(), http_client=fs.http_client_class()), fs.key, tries=1)
    with pytest.raises(SourceError) as err:
        source.read()
    link = "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=424242424242"
    assert err.value.link == link and link in err.value.detail
    assert "424242424242" not in err.value.message and "Google Sheets API" in err.value.message


# --- the setup check ------------------------------------------------------------------------------------------------
def run(fs, secrets) -> dict[str, setup_check.Step]:
    steps = setup_check.run(secrets, http_client=fs.http_client_class(), options={"tries": 1})
    assert [s.key for s in steps] == ["secrets", "sheet_key", "service_account", "sign_in", "reach", "tabs",
                                      "answers", "time_zone", "forms_script"]
    return {s.key: s for s in steps}


def no_secret(fs, steps) -> None:
    shown = json.dumps([s.__dict__ for s in steps.values()], ensure_ascii=False)
    for piece in [*key_body(fs), PASSWORD, fs.key, fs.service_account_info()["private_key_id"]]:
        assert piece not in shown, piece


def test_a_sheet_set_up_as_the_guide_says_is_all_green(fs):
    steps = run(fs, pasted_secrets(fs))
    assert {k: s.state for k, s in steps.items() if s.state != "ok"} == {"forms_script": "unknown"}
    assert fs.client_email in steps["service_account"].text
    assert "Ronde doorgeven: 2 dec 2021 22:01" in steps["answers"].text  # the latest Tijdstempel of Rondes
    assert "Melding doorgeven: 2 dec 2021 22:05" in steps["answers"].text
    assert fs.counts["spreadsheets.get"] == 1 and fs.counts["values.batchGet"] == 1
    no_secret(fs, steps)


def test_nothing_in_secrets_fails_the_first_step_and_checks_nothing_else(fs):
    steps = run(fs, {})
    assert steps["secrets"].state == "fail" and "Settings → Secrets" in steps["secrets"].text
    assert [s.state for s in steps.values()][4:] == ["unknown"] * 5
    assert fs.counts.api == 0


def test_a_403_names_the_service_accounts_email_to_share_with(fs):
    fs.faults.push("403", times=5)
    steps = run(fs, pasted_secrets(fs))
    reach = steps["reach"]
    assert reach.state == "fail" and fs.client_email in reach.text and "Delen" in reach.text
    assert "Bewerker" in reach.text
    assert steps["tabs"].state == "unknown"
    no_secret(fs, steps)


def test_the_api_off_says_switch_it_on_with_googles_link(fs):
    fs.faults.push("403", **service_disabled("777000777000"))
    reach = run(fs, pasted_secrets(fs))["reach"]
    assert reach.state == "fail" and "Sheets API staat uit" in reach.text
    assert reach.link.endswith("overview?project=777000777000")


def test_a_wrong_key_is_named_as_such(fs):
    secrets = pasted_secrets(fs)
    secrets["sheet"]["key"] = "1NotTheRightSheetKey_abcdefghijklmnop"
    reach = run(fs, secrets)["reach"]
    assert reach.state == "fail" and "sleutel onder [sheet] klopt niet" in reach.text
    assert "1NotTh" not in reach.text


def test_missing_tabs_and_headers_are_named(fs):
    fs.remove_tab("Overleggen")
    fs.rename_header("Rondes", "Starttijd", "Begintijd")
    fs.rename_header("Meldingen", "Tijdstempel", "Marca temporal")  # a form owner's account in Spanish
    tabs = run(fs, pasted_secrets(fs))["tabs"]
    assert tabs.state == "fail"
    assert "'Overleggen' ontbreekt" in tabs.text
    assert "in 'Rondes' ontbreekt de kolom 'Starttijd'" in tabs.text
    assert "in 'Meldingen' ontbreekt de kolom 'Tijdstempel'" in tabs.text


def test_a_sheet_in_another_time_zone_is_a_warning_with_the_menu_path(fs):
    fs.time_zone, fs.locale = "America/New_York", "en_US"
    step = run(fs, pasted_secrets(fs))["time_zone"]
    assert step.state == "warn" and "Bestand → Instellingen" in step.text and "America/New_York" in step.text


def test_no_answers_yet_is_a_warning_not_a_failure(fs):
    fs.tabs["Rondes"][1:] = []
    step = run(fs, pasted_secrets(fs))["answers"]
    assert step.state == "warn" and "Ronde doorgeven: nog geen antwoord" in step.text


@pytest.mark.parametrize("access_settings, state, words", [
    ({"coordinator_password": PASSWORD}, "ok", ["coordinator_password"]),
    ({"coordinator_password": "kort"}, "fail", ["korter dan"]),
    ({}, "fail", ["coordinator_password = \"…\""]),
])
def test_the_coordinators_sign_in(access_settings, state, words):
    step = setup_check.sign_in_step({"access": access_settings})
    assert step.state == state
    for w in words:
        assert w in step.text
    assert "kort\"" not in step.text and PASSWORD not in step.text


def test_the_forms_script_state_from_instellingen():
    header = ["Instelling", "Waarde", "Toelichting"]
    assert setup_check.forms_script_step([header]).state == "unknown"
    link = ["Dashboardlink", "https://x.streamlit.app", ""]
    rows = [header, ["Spoedmail naar", "", ""], ["Weekmail naar", "a@b.nl", ""], link]
    step = setup_check.forms_script_step(rows)
    assert step.state == "warn" and "'Spoedmail naar'" in step.text
    rows = [header, ["Spoedmail naar", "a@b.nl", ""], ["Weekmail naar", "a@b.nl", ""], link,
            ["Script: spoedmail", "aan sinds 28-11-2026 07:12", ""], ["Script: weekmail", "aan sinds 28-11-2026", ""]]
    assert setup_check.forms_script_step(rows).state == "ok"
    rows.append(["Script: laatste fout", "MailApp: quota op", ""])
    step = setup_check.forms_script_step(rows)
    assert step.state == "fail" and "quota op" in step.text


# --- pages: the door of a dashboard that is not set up, Controle, and a 403 per role --------------------------------
def test_the_door_without_access_settings_shows_the_checklist_and_no_data(fs):
    secrets = pasted_secrets(fs)
    del secrets["access"]
    at = open_page("app.py", secrets=secrets)
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "nog niet ingesteld" in shown and "Zo zet je het dashboard klaar" in shown
    assert ":red[✘] **Inloggen als coördinator**" in shown and ":green[✔] **Google Sheet bereikbaar**" in shown
    assert not at.metric and not at.dataframe
    dump = everything(at)
    assert not [p for p in key_body(fs) if p in dump] and fs.key not in dump


def test_controle_as_coordinator_and_refused_to_a_partner(fs):
    secrets = pasted_secrets(fs, tokens=[{"role": "coordinator", "sha256": access.token_hash(COORD_TOKEN)},
                                         {"role": "partner", "partner": "dekey",
                                          "sha256": access.token_hash(PARTNER_TOKEN)}])
    at = open_page("pages/11_controle.py", query={"toegang": COORD_TOKEN}, secrets=secrets)
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert shown.count("✔") >= 8 and "✘" not in shown, shown
    assert PASSWORD not in everything(at)
    partner = open_page("pages/11_controle.py", query={"toegang": PARTNER_TOKEN}, secrets=secrets)
    assert "hoort niet bij jouw rol" in texts(partner) and "✔" not in texts(partner)


def test_a_403_shows_the_account_to_the_coordinator_only(fs):
    secrets = pasted_secrets(fs, tokens=[{"role": "coordinator", "sha256": access.token_hash(COORD_TOKEN)},
                                         {"role": "partner", "partner": "dekey",
                                          "sha256": access.token_hash(PARTNER_TOKEN)}])
    fs.faults.push("403", times=50)
    partner = open_page("app.py", query={"toegang": PARTNER_TOKEN}, secrets=secrets)
    assert not partner.exception and len(partner.error) == 1
    dump = everything(partner)
    assert fs.client_email not in dump and "iam.gserviceaccount.com" not in dump
    assert fs.key[:6] not in dump
    assert "coördinator kan dit oplossen" in partner.error[0].value

    data.clear()
    coordinator = open_page("app.py", query={"toegang": COORD_TOKEN}, secrets=secrets)
    assert fs.client_email in coordinator.error[0].value and "Delen" in coordinator.error[0].value
    assert "Controle" in everything(coordinator)  # the way to the checklist, although the menu is not drawn


def test_a_404_shows_the_key_prefix_to_the_coordinator_only(fs):
    secrets = pasted_secrets(fs, tokens=[{"role": "coordinator", "sha256": access.token_hash(COORD_TOKEN)},
                                         {"role": "partner", "partner": "dekey",
                                          "sha256": access.token_hash(PARTNER_TOKEN)}])
    secrets["sheet"]["key"] = "1WrongKeyXYZ_abcdefghijklmnopqrstu"
    partner = open_page("app.py", query={"toegang": PARTNER_TOKEN}, secrets=secrets)
    assert "1Wrong" not in everything(partner) and "niet gevonden" in partner.error[0].value
    coordinator = open_page("app.py", query={"toegang": COORD_TOKEN}, secrets=secrets)
    assert "1Wrong" in coordinator.error[0].value


def test_the_last_answer_reads_typed_and_serial_timestamps():
    from lib import schema

    rows = [["Tijdstempel", "Naam flatcoach"], [datetime(2026, 5, 4, 10, 59, 37), "A"], [46146.5, "B"], ["", "C"]]
    assert setup_check.last_answer(rows, schema.ROUNDS) == datetime(2026, 5, 4, 12, 0)


def test_a_partner_sees_no_key_prefix_as_the_source(fs):
    secrets = pasted_secrets(fs, tokens=[{"role": "coordinator", "sha256": access.token_hash(COORD_TOKEN)},
                                         {"role": "partner", "partner": "dekey",
                                          "sha256": access.token_hash(PARTNER_TOKEN)}])
    partner = open_page("app.py", query={"toegang": PARTNER_TOKEN}, secrets=secrets)
    assert not partner.exception and partner.metric  # the partner view itself works
    assert fs.key[:6] not in everything(partner) and "Bron: Google Sheet" in texts(partner)
    coordinator = open_page("app.py", query={"toegang": COORD_TOKEN}, secrets=secrets)
    assert f"Bron: Google Sheet {fs.key[:6]}" in texts(coordinator)



def test_a_failed_save_names_the_account_to_the_coordinator_only(fs):
    from streamlit.testing.v1 import AppTest

    from tests.apptest import ROOT
    from tests.test_page_invoer import PAGE, fill_round, submit_button

    coach_token = "tests-setup-check-coach-0123456789abcd"
    secrets = pasted_secrets(fs, tokens=[{"role": "coordinator", "sha256": access.token_hash(COORD_TOKEN)},
                                         {"role": "coach", "sha256": access.token_hash(coach_token)}])
    shown = {}
    for who, token in (("coach", coach_token), ("coordinator", COORD_TOKEN)):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["toegang"] = token
        for k, v in secrets.items():
            at.secrets[k] = v
        at.run()
        at.switch_page(PAGE).run()
        fill_round(at, coach="Ahmed", remark="Proef")
        fs.faults.push("403", on="values.append", times=5)
        submit_button(at, "rondes").click().run()
        assert not at.exception, [e.value for e in at.exception]
        shown[who] = " ".join(str(e.value) for e in at.error)
        fs.faults.clear()
    assert "Niet opgeslagen" in shown["coach"] and "Bewerker" in shown["coach"]
    assert fs.client_email not in shown["coach"]
    assert fs.client_email in shown["coordinator"]
