"""The generated Apps Script (intake/create_forms.gs): up to date, complete, valid JavaScript, and it does what it says.

The last tests run the script under node against a strict mock of SpreadsheetApp/FormApp: a method that is not in
the Apps Script API throws, so a typo in the script fails here instead of in the coordinator's editor.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import esprima
import pytest

from lib import forms_script, schema, sheet_settings
from lib.schema import Kind

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "intake" / "create_forms.gs"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def js_value(node):
    """An esprima literal/object/array node as a Python value."""
    if node.type == "ObjectExpression":
        return {(p.key.value if p.key.type == "Literal" else p.key.name): js_value(p.value) for p in node.properties}
    if node.type == "ArrayExpression":
        return [js_value(e) for e in node.elements]
    if node.type == "Literal":
        return node.value
    raise AssertionError(f"not a plain value: {node.type}")


@pytest.fixture(scope="module")
def text() -> str:
    return SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(text):
    return esprima.parseScript(text)


@pytest.fixture(scope="module")
def contract(parsed):
    for stmt in parsed.body:
        if stmt.type == "VariableDeclaration" and stmt.declarations[0].id.name == "CONTRACT":
            return js_value(stmt.declarations[0].init)
    raise AssertionError("no CONTRACT in the script")


def test_committed_script_is_up_to_date(text):
    assert text == forms_script.render(), "run: python -m lib.forms_script (and commit intake/create_forms.gs)"


def test_main_writes_the_script(tmp_path, capsys):
    out = tmp_path / "sub" / "forms.gs"
    assert forms_script.main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == forms_script.render()
    assert "maakFormulieren" in capsys.readouterr().out


def test_every_question_header_and_option_appears(text):
    for tab in schema.FORM_TABS:
        assert json.dumps(tab.form_title, ensure_ascii=False) in text
        for f in tab.fields:
            if f.kind == Kind.TIMESTAMP:
                continue
            assert json.dumps(f.header, ensure_ascii=False) in text, f.header
            for option in f.options:
                assert json.dumps(option, ensure_ascii=False) in text, (f.header, option)


def test_contract_in_the_script_matches_the_schema(contract):
    assert [f["tab"] for f in contract["forms"]] == [t.name for t in schema.FORM_TABS]
    for spec, tab in zip(contract["forms"], schema.FORM_TABS):
        assert spec["title"] == tab.form_title and spec["description"] == tab.form_description
        fields = [f for f in tab.fields if f.kind != Kind.TIMESTAMP]
        assert [q["title"] for q in spec["questions"]] == [f.header for f in fields]
        for q, f in zip(spec["questions"], fields):
            assert q["required"] is f.required, f.header
            assert q["roster"] is f.roster and q["other"] is f.other, f.header
            assert q["choices"] == ([] if f.roster else list(f.options)), f.header
            assert q["aliases"] == list(f.aliases)
            if f.help:
                assert f.help in q["help"]
    types = {(spec["tab"], q["title"]): q["type"] for spec in contract["forms"] for q in spec["questions"]}
    assert types[("Rondes", "Naam flatcoach")] == "dropdown"
    assert types[("Rondes", "Medecoaches")] == "checkbox"
    assert types[("Rondes", "Datum")] == "date" and types[("Rondes", "Starttijd")] == "time"
    assert types[("Rondes", "Gelopen flats")] == "checkbox"
    assert types[("Rondes", "Observaties algemeen")] == "paragraph"
    assert types[("Meldingen", "Locatie")] == "dropdown" and types[("Meldingen", "Verdieping")] == "dropdown"
    assert types[("Meldingen", "Categorie")] == "choice" and types[("Meldingen", "Urgentie")] == "choice"
    assert types[("Meldingen", "Soort")] == "checkbox" and types[("Meldingen", "Tijd")] == "time"
    assert types[("Meldingen", "Foto")] == "link"  # FormApp cannot make a file-upload question
    assert contract["roster"] == {"tab": "Coaches", "name": ["Naam"], "activeTo": ["Actief tot"]}


def test_setup_guide_lists_every_tab_with_its_exact_headers():
    guide = (ROOT / "docs" / "google-setup.md").read_text(encoding="utf-8")
    for tab in schema.TABS.values():
        assert f"| {tab.name} | {', '.join(f.header for f in tab.fields)} |" in guide, tab.name


def test_multiple_choice_keys_exist_in_the_schema():
    for tab_name, keys in forms_script.MULTIPLE_CHOICE.items():
        for key in keys:
            assert schema.tab(tab_name).field(key).kind == Kind.CHOICE


def test_script_header_explains_the_file_upload_limit(text):
    head = text[: text.index("var CONTRACT")]
    assert "Bestand uploaden" in head and "maakFormulieren" in head and "Extensies → Apps Script" in head


def test_script_parses_with_esprima(parsed):
    names = {s.id.name for s in parsed.body if s.type == "FunctionDeclaration"}
    assert {"maakFormulieren", "werkCoachlijstBij", "onOpen"} <= names


@needs_node
def test_script_passes_node_check(tmp_path, text):
    js = tmp_path / "create_forms.js"
    js.write_text(text, encoding="utf-8")
    run = subprocess.run([NODE, "--check", str(js)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr


# --- running the script against a strict mock of the Apps Script services (tests/appsscript_mock.js) ----------
MOCK = ROOT / "tests" / "appsscript_mock.js"


ROSTER_HEADER = [f.header for f in schema.ROSTER.fields]


def roster(*rows):
    return {"name": "Coaches", "rows": [ROSTER_HEADER, *[list(r) for r in rows]]}


def run_script(tmp_path, text, sheets, steps=("maakFormulieren",), **options):
    """Run the script's steps under the mock; options: now, quota, account, language, oldRuntime, lagResponseTab,
    mailError (see the mock's header)."""
    script = tmp_path / "create_forms.js"
    script.write_text(text, encoding="utf-8")
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"sheets": sheets, "steps": list(steps), **options}, default=str),
                        encoding="utf-8")
    run = subprocess.run([NODE, str(MOCK), str(script), str(scenario)], capture_output=True, text=True,
                         timeout=60, env={"TZ": "Europe/Amsterdam", "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


ITEM_TYPE = {"date": "DATE", "time": "TIME", "text": "TEXT", "number": "TEXT", "paragraph": "PARAGRAPH_TEXT",
             "link": "PARAGRAPH_TEXT", "dropdown": "LIST", "choice": "MULTIPLE_CHOICE", "checkbox": "CHECKBOX"}


@needs_node
def test_script_builds_both_forms_as_the_schema_says(tmp_path, text, contract):
    coaches = roster(["Sanne"], ["  Ahmed "], ["Oud Lid", "", "", {"date": "2020-01-31"}], ["sanne"], ["Bram"])
    out = run_script(tmp_path, text, [coaches, {"name": "Rondes", "rows": []}, {"name": "Kosten", "rows": []}])
    assert out["error"] is None, out["error"]
    assert out["state"] == {"locale": "nl_NL", "timeZone": "Europe/Amsterdam"}
    assert [f["title"] for f in out["forms"]] == [t.form_title for t in schema.FORM_TABS]
    names = ["Ahmed", "Bram", "Sanne"]  # trimmed, deduplicated, sorted, the inactive one left out
    for form, spec, tab in zip(out["forms"], contract["forms"], schema.FORM_TABS):
        assert form["collectEmail"] is False and form["destination"] == "SPREADSHEET-1"
        assert form["description"] == tab.form_description
        fields = [f for f in tab.fields if f.kind != Kind.TIMESTAMP]
        assert [i["title"] for i in form["items"]] == [f.header for f in fields]
        for item, q, f in zip(form["items"], spec["questions"], fields):
            assert item["type"] == ITEM_TYPE[q["type"]], f.header
            assert item["required"] is f.required, f.header
            assert item["help"] == q["help"]
            if q["type"] in ("dropdown", "choice", "checkbox"):
                assert item["choices"] == (names if f.roster else list(f.options)), f.header
                assert item["other"] is f.other, f.header
            if q["type"] == "date":
                assert item["includesYear"] is True
    # each response tab got the contract's name, and its header row is exactly the schema's headers
    linked = {s["name"]: s for s in out["sheets"] if s["formId"]}
    assert set(linked) == {"Rondes", "Meldingen"}
    for tab in schema.FORM_TABS:
        assert linked[tab.name]["rows"][0] == [f.header for f in tab.fields]
    assert [s["name"] for s in out["sheets"]].count("Rondes") == 1  # the empty tab made by hand was replaced
    assert "Kosten" in [s["name"] for s in out["sheets"]]
    assert any("Invullen" in line for line in out["logs"])


@needs_node
def test_script_makes_the_coordinator_tabs_then_asks_for_the_roster(tmp_path, text):
    steps = ["maakFormulieren", {"sheet": "Coaches", "rows": [ROSTER_HEADER, ["Ahmed"]]}, "maakFormulieren"]
    out = run_script(tmp_path, text, [{"name": "Blad1", "rows": []}], steps=steps[:1])
    assert out["forms"] == [] and "Vul eerst het tabblad 'Coaches'" in out["error"]
    coordinator = [t for t in schema.TABS.values() if t not in schema.FORM_TABS]
    by_name = {s["name"]: s for s in out["sheets"]}
    for tab in coordinator:
        sheet = by_name[tab.name]
        assert sheet["rows"][0] == [f.header for f in tab.fields] and sheet["frozen"] == 1
        # Instellingen also gets the rows the coordinator fills in, with an explanation each
        filled = [r[:2] for r in sheet["rows"][1:]]
        assert filled == ([[k, ""] for k in (schema.SETTING_URGENT_MAIL, schema.SETTING_WEEKLY_MAIL,
                                              schema.SETTING_DASHBOARD_URL)] if tab is schema.SHEET_SETTINGS else [])
        expected = {str(i): {"choices": list(f.options), "dropdown": True, "allowInvalid": True}
                    for i, f in enumerate(tab.fields) if f.options}
        assert sheet["validations"] == expected, tab.name
    out = run_script(tmp_path, text, [{"name": "Blad1", "rows": []}], steps=steps)
    assert out["errors"][0].startswith("Vul eerst") and out["errors"][2] is None, out["errors"]
    assert len(out["forms"]) == 2
    assert {"Rondes", "Meldingen", *(t.name for t in coordinator)} <= {s["name"] for s in out["sheets"]}


@needs_node
def test_script_leaves_existing_coordinator_tabs_alone(tmp_path, text):
    kosten = {"name": "kosten", "rows": [["Datum", "Post"], ["1-12-2021", "Materiaal"]]}
    out = run_script(tmp_path, text, [roster(["Ahmed"]), kosten])
    assert out["error"] is None
    sheet = [s for s in out["sheets"] if s["name"].lower() == "kosten"]
    assert len(sheet) == 1 and sheet[0]["rows"][1] == ["1-12-2021", "Materiaal"]


@needs_node
def test_script_run_twice_makes_no_second_forms(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=["maakFormulieren", "maakFormulieren"])
    assert out["error"] is None and len(out["forms"]) == 2
    assert "Formulier 'Melding doorgeven' is gecontroleerd;" in out["logs"][-1]
    assert [s["name"] for s in out["sheets"]].count("Meldingen") == 1


@needs_node
def test_roster_update_refreshes_the_name_questions(tmp_path, text):
    steps = ["maakFormulieren", {"sheet": "Coaches", "rows": [ROSTER_HEADER, ["Ahmed"], ["Fatima"]]},
             "werkCoachlijstBij"]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["error"] is None, out["error"]
    roster_titles = {f.header for t in schema.FORM_TABS for f in t.fields if f.roster}
    items = [i for form in out["forms"] for i in form["items"] if i["title"] in roster_titles]
    assert len(items) == 3 and all(i["choices"] == ["Ahmed", "Fatima"] for i in items)


@needs_node
def test_script_stops_when_a_form_tab_already_holds_data(tmp_path, text):
    sheets = [roster(["Ahmed"]), {"name": "Meldingen", "rows": [["Tijdstempel", "Naam flatcoach"], ["x", "y"]]}]
    out = run_script(tmp_path, text, sheets)
    assert out["forms"] == [] and "'Meldingen'" in out["error"] and "niets" in out["error"]


@needs_node
def test_script_asks_for_the_roster_first(tmp_path, text):
    out = run_script(tmp_path, text, [{"name": "Coaches", "rows": [ROSTER_HEADER]}])
    assert out["forms"] == [] and "Vul eerst het tabblad 'Coaches'" in out["error"]


# --- forms that take answers (issue #10) ----------------------------------------------------------------------
SIGNAL_FORM = schema.SIGNALS.form_title
ROUND_FORM = schema.ROUNDS.form_title


def signal(urgency="Spoed (112 gebeld)", passed=(), **over):
    """The answers of one "Melding doorgeven" form, by question title."""
    answers = {"Naam flatcoach": "Ahmed", "Datum": {"date": "2026-11-27"}, "Tijd": "22:05:00",
               "Locatie": "Kempering", "Verdieping": "3", "Plek": "Trappenhuis", "Categorie": "Veilig",
               "Soort": ["Slapers", "Onveilig gevoel"], "Beschrijving": "Iemand slaapt in het trappenhuis.",
               "Doorgezet naar": list(passed), "Urgentie": urgency}
    answers.update(over)
    return {"submit": SIGNAL_FORM, "answers": answers}


def settings_rows(out):
    tab = next(s for s in out["sheets"] if s["name"] == schema.SHEET_SETTINGS.name)
    return {r[0]: r[1] for r in tab["rows"][1:]}


def fill_settings(urgent="coord@example.org, buurt@example.org", weekly="coord@example.org",
                  url="https://flatcoach.example.app/"):
    """Steps that fill the rows the script added to Instellingen (rows 2-4, in this order)."""
    return [{"setCell": ["Instellingen", 2, 2, urgent]}, {"setCell": ["Instellingen", 3, 2, weekly]},
            {"setCell": ["Instellingen", 4, 2, url]}]


def log_rows(out):
    tab = next((s for s in out["sheets"] if s["name"] == schema.SCRIPT_LOG), None)
    return tab["rows"][1:] if tab else []


@needs_node
def test_forms_are_published_and_take_answers(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=["maakFormulieren", signal("Laag")])
    assert out["errors"] == [None, None], out["errors"]
    assert all(f["published"] and f["accepting"] for f in out["forms"])
    answers = next(s for s in out["sheets"] if s["name"] == "Meldingen")["rows"]
    assert len(answers) == 2 and answers[1][1] == "Ahmed"


@needs_node
def test_a_script_that_forgets_to_publish_fails(tmp_path, text):
    """The mock starts a form unpublished and refuses answers to it: without the publish call, no answer lands."""
    unpublished = text.replace("var opened = openForAnswers_(form);", "var opened = [];")  # the script before #10
    assert unpublished != text
    out = run_script(tmp_path, unpublished, [roster(["Ahmed"])], steps=["maakFormulieren", signal("Laag")])
    assert out["errors"] == [None, "Answer refused: the form is not published"]
    assert out["refused"] == [{"form": SIGNAL_FORM, "reason": "the form is not published"}]


@needs_node
def test_rerun_publishes_an_unpublished_form_again(tmp_path, text):
    steps = ["maakFormulieren", {"form": SIGNAL_FORM, "published": False, "accepting": False}, signal("Laag"),
             "maakFormulieren", signal("Laag")]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["errors"][2] == "Answer refused: the form is not published"
    assert out["errors"][3] is None and out["errors"][4] is None
    assert len(out["forms"]) == 2
    assert "Formulier 'Melding doorgeven' is gecontroleerd (gepubliceerd);" in out["logs"][-1]


@needs_node
def test_rerun_opens_a_closed_form(tmp_path, text):
    steps = ["maakFormulieren", {"form": ROUND_FORM, "accepting": False}, "maakFormulieren"]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["error"] is None and all(f["accepting"] for f in out["forms"])
    assert "is gecontroleerd (open gezet voor antwoorden)" in out["logs"][-1]


@needs_node
def test_english_account_gets_tijdstempel_in_a1_and_a_rerun_fixes_it_again(tmp_path, text):
    steps = ["maakFormulieren", {"setCell": ["Meldingen", 1, 1, "Timestamp"]}, "maakFormulieren"]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps[:1], language="en")
    for tab in schema.FORM_TABS:
        sheet = next(s for s in out["sheets"] if s["name"] == tab.name)
        assert sheet["rows"][0] == [f.header for f in tab.fields]  # "Timestamp" from Google became "Tijdstempel"
    assert "tabblad 'Form responses 2' hernoemd naar 'Meldingen'; kop van kolom A gezet op 'Tijdstempel'" in \
        out["logs"][-1]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps, language="en")
    assert next(s for s in out["sheets"] if s["name"] == "Meldingen")["rows"][0][0] == "Tijdstempel"
    assert "'Melding doorgeven' is gecontroleerd (kop van kolom A gezet op 'Tijdstempel')" in out["logs"][-1]
    assert len(out["forms"]) == 2


@needs_node
def test_a_tab_google_links_late_is_named_and_renamed_by_the_next_run(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=["maakFormulieren", "maakFormulieren"],
                     lagResponseTab=True)
    first = out["logs"][1]  # the closing message of the first run
    assert "Google heeft tabblad 'Formulierreacties 1' toegevoegd" in first
    assert "Google heeft tabblad 'Formulierreacties 2' toegevoegd" in first
    assert "Voer 'maakFormulieren' over een minuut nog een keer uit" in first
    assert out["errors"] == [None, None] and len(out["forms"]) == 2  # the second run made no second forms
    names = [s["name"] for s in out["sheets"]]
    assert "Rondes" in names and "Meldingen" in names and not any(n.startswith("Formulierreacties") for n in names)
    assert "tabblad 'Formulierreacties 2' hernoemd naar 'Meldingen'" in out["logs"][-1]


@needs_node
def test_a_run_while_google_is_still_linking_makes_no_second_tab(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=["maakFormulieren"] * 3, lagResponseTab=2)
    assert out["errors"] == [None, None, None] and len(out["forms"]) == 2
    assert "is nog niet gevonden" in out["logs"][-2]  # the second run: still not linked, and not linked again
    names = [s["name"] for s in out["sheets"]]
    assert names.count("Rondes") == 1 and names.count("Meldingen") == 1
    assert not any(n.startswith("Formulierreacties") for n in names)


@needs_node
def test_closing_message_names_every_tab_it_made(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])])
    made = [t.name for t in schema.TABS.values() if t not in schema.FORM_TABS and t is not schema.ROSTER]
    closing = out["logs"][-1]
    assert f"Nieuwe tabbladen met kopjes: {', '.join(made)}." in closing
    assert "antwoorden komen in tabblad 'Rondes'" in closing and "antwoorden komen in tabblad 'Meldingen'" in closing


@needs_node
def test_workspace_form_is_not_limited_to_the_organisation(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])],
                     steps=["maakFormulieren", {**signal("Laag"), "outsider": True}], account="workspace")
    assert out["errors"] == [None, None], out["errors"]
    assert not any(f["requireLogin"] for f in out["forms"])
    assert "open voor iedereen met de link" in out["logs"][-1]


@needs_node
def test_older_runtime_without_publishing_still_runs(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=["maakFormulieren", signal("Laag")],
                     oldRuntime=True)
    assert out["errors"] == [None, None], out["errors"]


# --- mails (issue #14) ------------------------------------------------------------------------------------------
@needs_node
def test_urgent_signal_sends_exactly_one_mail_with_what_happened(tmp_path, text):
    steps = ["maakFormulieren", *fill_settings(), signal("Spoed (112 gebeld)", passed=["Politie/wijkagent"])]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["triggerErrors"] == [] and set(out["errors"]) == {None}
    assert len(out["mails"]) == 1
    mail = out["mails"][0]
    assert mail["to"] == "coord@example.org,buurt@example.org"
    assert mail["subject"] == ("Melding met urgentie Spoed (112 gebeld): Kempering, verdieping 3, Trappenhuis "
                               "(Veilig)")
    body = mail["body"]
    for line in ["Je krijgt deze mail vanwege die urgentie", "Plek: Kempering, verdieping 3, Trappenhuis",
                 "Categorie: Veilig", "Soort: Slapers, Onveilig gevoel", "Wanneer: 27-11-2026 om 22:05",
                 "Doorgezet naar: Politie/wijkagent", "Iemand slaapt in het trappenhuis.",
                 "https://flatcoach.example.app/meldingen?maand=2026-11&dag=2026-11-27&flat=kempering&cat=veilig"]:
        assert line in body, line
    assert not re.search(r"€|vergoeding|tarief|bedrag|budget", body, re.IGNORECASE)  # never fees
    assert "Naam flatcoach" not in body and "Ahmed" not in body  # who reported stays in the sheet
    assert out["quota"] == 98 and log_rows(out) == []


@needs_node
def test_a_trigger_google_fires_twice_sends_one_mail(tmp_path, text):
    steps = ["maakFormulieren", *fill_settings(), {**signal(), "twice": True}, signal("Hoog")]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["triggerErrors"] == [] and set(out["errors"]) == {None}
    assert [m["subject"].split(":")[0] for m in out["mails"]] == ["Melding met urgentie Spoed (112 gebeld)",
                                                                    "Melding met urgentie Hoog"]
    assert settings_rows(out)["Script: laatste spoedmail"] == "rij 3 van 28-11-2026 7:00:00, verstuurd 28-11-2026 07:00"


@needs_node
def test_hoog_not_passed_on_says_so(tmp_path, text):
    steps = ["maakFormulieren", *fill_settings(url=""), signal("Hoog", Verdieping="n.v.t.", Plek="")]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    body = out["mails"][0]["body"]
    assert "Plek: Kempering\n" in body and "Doorgezet naar: nog aan niemand" in body
    assert "Zet het adres van het dashboard in tabblad 'Instellingen' bij 'Dashboardlink'" in body


@needs_node
def test_normal_signal_and_a_round_send_no_mail(tmp_path, text):
    round_answers = {"submit": ROUND_FORM, "answers": {"Naam flatcoach": "Ahmed", "Datum": {"date": "2026-11-27"},
                                                       "Starttijd": "19:00", "Eindtijd": "21:00",
                                                       "Gelopen flats": ["Kempering"]}}
    steps = ["maakFormulieren", *fill_settings(), signal("Gemiddeld"), signal("Laag"), signal(""), round_answers]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert set(out["errors"]) == {None} and out["triggerErrors"] == []
    assert out["mails"] == [] and log_rows(out) == []
    assert len(next(s for s in out["sheets"] if s["name"] == "Meldingen")["rows"]) == 4


@needs_node
def test_every_run_keeps_one_trigger_of_each(tmp_path, text):
    steps = ["maakFormulieren", "maakFormulieren", "maakFormulieren"]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["error"] is None
    assert sorted(t["handler"] for t in out["triggers"]) == ["opMeldingIngestuurd", "stuurWeekmail"]
    submit = next(t for t in out["triggers"] if t["handler"] == "opMeldingIngestuurd")
    assert (submit["event"], submit["source"], submit["sourceId"]) == ("ON_FORM_SUBMIT", "SPREADSHEETS",
                                                                        "SPREADSHEET-1")
    weekly = next(t for t in out["triggers"] if t["handler"] == "stuurWeekmail")
    assert (weekly["weekDay"], weekly["hour"], weekly["timeZone"]) == ("MONDAY", 7, "Europe/Amsterdam")
    state = settings_rows(out)
    assert state["Script: spoedmail"] == state["Script: weekmail"] == "aan sinds 28-11-2026 07:00"


@needs_node
def test_a_deleted_trigger_comes_back_on_the_next_run(tmp_path, text):
    steps = ["maakFormulieren", {"deleteTrigger": "opMeldingIngestuurd"}, {"now": "2026-12-01T09:30:00Z"},
             "maakFormulieren"]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert sorted(t["handler"] for t in out["triggers"]) == ["opMeldingIngestuurd", "stuurWeekmail"]
    state = settings_rows(out)
    assert state["Script: spoedmail"] == "aan sinds 01-12-2026 10:30"
    assert state["Script: weekmail"] == "aan sinds 28-11-2026 07:00"  # untouched


@needs_node
def test_quota_guard_stops_at_its_limit_and_logs(tmp_path, text):
    """Urgent mails leave 10 of the day's recipients for the weekly mail: with 12 left and one address, two go out."""
    steps = ["maakFormulieren", *fill_settings(urgent="coord@example.org"), signal(), signal(), signal(),
             {"now": "2026-11-30T06:05:00Z"}, {"clock": "stuurWeekmail"}]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps, quota=12)
    assert out["triggerErrors"] == [] and set(out["errors"]) == {None}
    urgent = [m for m in out["mails"] if m["subject"].startswith("Melding")]
    assert len(urgent) == 2
    [logged] = log_rows(out)
    assert logged[1] == "spoedmail" and logged[3] == "coord@example.org"
    assert logged[2] == "28-11-2026 7:00:00, Kempering, Trappenhuis"
    assert "dagelijkse maximum aan e-mails van Google is bijna op (nog 10 ontvanger(s) over" in logged[4]
    assert settings_rows(out)["Script: laatste fout"].startswith("28-11-2026 07:00, spoedmail: het dagelijkse")
    assert out["mails"][-1]["subject"].startswith("Weekoverzicht")  # the reserve was kept for the weekly mail
    assert out["quota"] == 9


@needs_node
def test_a_failed_send_is_logged_not_lost(tmp_path, text):
    steps = ["maakFormulieren", *fill_settings(), signal()]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps, mailError="Mail service unavailable")
    assert out["mails"] == [] and out["triggerErrors"] == []
    [logged] = log_rows(out)
    assert logged[4] == "versturen mislukt: Mail service unavailable"


@needs_node
def test_mail_permission_not_ticked_is_logged(tmp_path, text):
    steps = ["maakFormulieren", *fill_settings(), signal(), {"now": "2026-11-30T06:05:00Z"}, {"clock": "stuurWeekmail"}]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps, unticked="mail")
    assert out["mails"] == [] and out["triggerErrors"] == []
    assert [(r[1], r[4].split(".")[0]) for r in log_rows(out)] == [
        ("spoedmail", "versturen mislukt: Specified permissions are not sufficient to call MailApp"),
        ("weekmail", "versturen mislukt: Specified permissions are not sufficient to call MailApp")]


@needs_node
def test_urgent_signal_without_addresses_is_logged(tmp_path, text):
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=["maakFormulieren", signal()])
    assert out["mails"] == []
    [logged] = log_rows(out)
    assert logged[4] == "geen geldig e-mailadres bij 'Spoedmail naar' in tabblad Instellingen"


def _demo_rows(tab):
    """A tab of the demo workbook as mock cells: dates and timestamps as {date}/{ts}, times as text."""
    import openpyxl

    ws = openpyxl.load_workbook(ROOT / "data" / "demo.xlsx")[tab]
    out = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for v in row:
            if isinstance(v, dt.datetime):
                cells.append({"date": v.date().isoformat()} if v.time() == dt.time() else
                             {"ts": v.strftime("%Y-%m-%d %H:%M:%S")})
            elif isinstance(v, dt.time):
                cells.append(v.strftime("%H:%M:%S"))
            else:
                cells.append("" if v is None else v)
        out.append(cells)
    return out


def _expected_digest(monday: dt.date):
    """The weekly counts for the week before `monday`, counted here independently of the script."""
    import openpyxl

    wb = openpyxl.load_workbook(ROOT / "data" / "demo.xlsx")

    def day(v):
        if isinstance(v, dt.datetime):
            return v.date()
        m = re.match(r"(\d{1,2})-(\d{1,2})-(\d{4})", str(v or ""))  # a timestamp typed as text, as the script reads
        return dt.date(int(m[3]), int(m[2]), int(m[1])) if m else None

    start = monday - dt.timedelta(days=7)
    in_week = lambda v: day(v) is not None and start <= day(v) < monday  # noqa: E731
    rounds = list(wb["Rondes"].iter_rows(values_only=True))[1:]
    head, *signals = list(wb["Meldingen"].iter_rows(values_only=True))
    urgency, passed = head.index("Urgentie"), head.index("Doorgezet naar")
    head, *actions = list(wb["Acties"].iter_rows(values_only=True))
    deadline, status = head.index("Deadline"), head.index("Status")
    return {
        "rounds": sum(in_week(r[0]) for r in rounds),
        "signals": sum(in_week(r[0]) for r in signals),
        "urgent": sum(in_week(r[0]) and r[urgency] in ("Hoog", "Spoed (112 gebeld)") and
                      not [p for p in str(r[passed] or "").split(", ") if p and p != "Niet doorgezet"]
                      for r in signals),
        "overdue": sum(bool(r[1]) and day(r[deadline]) is not None and day(r[deadline]) < monday and
                       r[status] != "Afgerond" for r in actions),
    }


@needs_node
@pytest.mark.parametrize("monday", [dt.date(2022, 2, 21), dt.date(2022, 1, 31)])
def test_weekly_digest_counts_a_known_week_of_the_demo_data(tmp_path, text, monday):
    expected = _expected_digest(monday)
    assert expected["rounds"] and expected["signals"] and expected["overdue"]  # a week worth testing
    steps = ["maakFormulieren", *fill_settings(),
             {"sheet": "Rondes", "rows": _demo_rows("Rondes")}, {"sheet": "Meldingen", "rows": _demo_rows("Meldingen")},
             {"sheet": "Acties", "rows": _demo_rows("Acties")},
             {"now": f"{monday.isoformat()}T06:10:00Z"}, {"clock": "stuurWeekmail"}]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps)
    assert out["triggerErrors"] == [] and set(out["errors"]) == {None}, out["errors"]
    [mail] = out["mails"]
    assert mail["to"] == "coord@example.org"
    body = mail["body"]
    assert f"- Ronde doorgeven: {expected['rounds']}\n" in body
    assert f"- Melding doorgeven: {expected['signals']}\n" in body
    assert f"die aan niemand zijn doorgezet: {expected['urgent']}\n" in body
    assert f"deadline voorbij en nog niet afgerond: {expected['overdue']}\n" in body
    assert body.count("(De Key, deadline") + body.count("(Politie, deadline") + body.count("(Gemeente, deadline") \
        + body.count("(Stichting, deadline") + body.count("(Wijkmakelaar, deadline") == expected["overdue"]
    assert "https://flatcoach.example.app/opvolging" in body
    assert not re.search(r"€|vergoeding|tarief|bedrag", body, re.IGNORECASE)
    first = monday - dt.timedelta(days=7)
    assert mail["subject"].startswith(f"Weekoverzicht flatcoaches K-buurt, {first.day} ")


def test_weekly_digest_example_week_has_an_urgent_signal():
    assert _expected_digest(dt.date(2022, 2, 21)) == {"rounds": 3, "signals": 17, "urgent": 1, "overdue": 2}


# --- the dashboard reads what the script wrote ------------------------------------------------------------------
@needs_node
def test_dashboard_reads_the_state_the_script_wrote(tmp_path, text):
    from tests.builders import cleaned

    steps = ["maakFormulieren", *fill_settings(urgent="coord@example.org; nietgoed", url="https://x.example.app/"),
             signal()]
    out = run_script(tmp_path, text, [roster(["Ahmed"])], steps=steps, mailError="boom")
    rows = next(s for s in out["sheets"] if s["name"] == schema.SHEET_SETTINGS.name)["rows"]
    c = cleaned(extra={schema.SHEET_SETTINGS.name: rows})
    state = sheet_settings.script_state(c)
    assert state["urgent_mail"].on and state["urgent_mail"].text == "aan sinds 28-11-2026 07:00"
    assert state["weekly_mail"].on
    assert state["last_error"].startswith("28-11-2026 07:00, spoedmail: versturen mislukt: boom")
    assert state["last_urgent_mail"] is None  # nothing went out
    assert state["forms"] == {ROUND_FORM: "https://docs.google.com/forms/d/FORM-1/edit",
                              SIGNAL_FORM: "https://docs.google.com/forms/d/FORM-2/edit"}
    mail = sheet_settings.mail_settings(c)
    assert mail.urgent == ["coord@example.org"] and mail.invalid == ["nietgoed"]
    assert mail.weekly == ["coord@example.org"] and mail.dashboard_url == "https://x.example.app"
