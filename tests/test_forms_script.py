"""The generated Apps Script (intake/create_forms.gs): up to date, complete, valid JavaScript, and it does what it says.

The last tests run the script under node against a strict mock of SpreadsheetApp/FormApp: a method that is not in
the Apps Script API throws, so a typo in the script fails here instead of in the coordinator's editor.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import esprima
import pytest

from lib import forms_script, schema
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


# --- running the script against a strict mock of the Apps Script services -----------------------------------
HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
const src = fs.readFileSync(process.argv[2], "utf8");
const scenario = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));

function strict(name, obj) {
  return new Proxy(obj, {
    get(target, prop) {
      if (typeof prop === "symbol" || prop in target) return target[prop];
      throw new TypeError(name + "." + String(prop) + " is not in the Apps Script API (mock)");
    },
  });
}
function cell(v) { return (v && typeof v === "object" && v.date) ? new Date(v.date + "T00:00:00") : v; }

let nextId = 1;
const sheets = [];   // {id, name, rows, formId}
const forms = [];    // {id, title, items, ...}
const logs = [];
const state = {};
function addSheet(name, rows, formId) {
  const rec = {id: nextId++, name: name, rows: rows.map(r => r.map(cell)), formId: formId || null,
               frozen: 0, validations: {}, bold: []};
  sheets.push(rec);
  return rec;
}
for (const s of scenario.sheets) addSheet(s.name, s.rows);

function sheetApi(rec) {
  const self = strict("Sheet", {
    getName: () => rec.name,
    setName: (n) => {
      if (sheets.some(s => s !== rec && s.name.toLowerCase() === n.toLowerCase())) throw new Error("name taken: " + n);
      rec.name = n; return self;
    },
    getSheetId: () => rec.id,
    getFormUrl: () => rec.formId ? "https://docs.google.com/forms/d/" + rec.formId + "/viewform" : null,
    getLastRow: () => rec.rows.length,
    getMaxRows: () => 1000,
    getDataRange: () => strict("Range", {getValues: () => rec.rows.map(r => r.slice())}),
    setFrozenRows: (n) => { rec.frozen = n; return self; },
    getRange: (row, col, numRows, numCols) => {
      if ([row, col, numRows, numCols].some(n => !Number.isInteger(n) || n < 1)) throw new Error("bad range");
      const range = strict("Range", {
        setValues: (values) => {
          if (values.length !== numRows || values.some(v => v.length !== numCols)) throw new Error("size mismatch");
          values.forEach((v, i) => { rec.rows[row - 1 + i] = v.slice(); });
          return range;
        },
        setFontWeight: (w) => { rec.bold.push(row); return range; },
        setDataValidation: (rule) => {
          if (numCols !== 1 || row !== 2) throw new Error("validation expected on one column from row 2");
          rec.validations[col - 1] = rule;
          return range;
        },
      });
      return range;
    },
  });
  return self;
}
const ss = strict("Spreadsheet", {
  getId: () => "SPREADSHEET-1",
  getSheets: () => sheets.map(sheetApi),
  insertSheet: (name) => {
    if (sheets.some(s => s.name.toLowerCase() === name.toLowerCase())) throw new Error("name taken: " + name);
    return sheetApi(addSheet(name, []));
  },
  deleteSheet: (sh) => { const i = sheets.findIndex(s => s.id === sh.getSheetId()); sheets.splice(i, 1); },
  setSpreadsheetLocale: (l) => { state.locale = l; },
  setSpreadsheetTimeZone: (tz) => { state.timeZone = tz; },
});

const ITEM_METHODS = {
  LIST: ["setChoiceValues"],
  MULTIPLE_CHOICE: ["setChoiceValues", "showOtherOption"],
  CHECKBOX: ["setChoiceValues", "showOtherOption"],
  DATE: ["setIncludesYear"],
  TIME: [],
  TEXT: ["setValidation"],
  PARAGRAPH_TEXT: ["setValidation"],
};
function typedItem(rec) {
  const api = {
    setTitle: (t) => { rec.title = t; return self; },
    setHelpText: (t) => { rec.help = t; return self; },
    setRequired: (b) => {
      if (typeof b !== "boolean") throw new Error("required must be boolean");
      rec.required = b; return self;
    },
    getTitle: () => rec.title,
    getType: () => rec.type,
    isRequired: () => rec.required,
  };
  for (const m of ITEM_METHODS[rec.type]) {
    api[m] = (v) => {
      if (m === "setChoiceValues") {
        if (!Array.isArray(v) || !v.length) throw new Error("setChoiceValues needs a non-empty array");
        rec.choices = v.slice();
      } else if (m === "showOtherOption") rec.other = v;
      else if (m === "setIncludesYear") rec.includesYear = v;
      else if (m === "setValidation") rec.validation = v;
      return self;
    };
  }
  const self = strict(rec.type + "Item", api);
  return self;
}
function genericItem(rec) {
  const cast = (type) => () => {
    if (rec.type !== type) throw new Error("Item is not " + type);
    return typedItem(rec);
  };
  return strict("Item", {
    getTitle: () => rec.title, getType: () => rec.type,
    asListItem: cast("LIST"), asMultipleChoiceItem: cast("MULTIPLE_CHOICE"), asCheckboxItem: cast("CHECKBOX"),
  });
}
function formApi(rec) {
  const add = (type) => () => {
    const item = {type: type, title: "", required: false, help: "", choices: null, other: false};
    rec.items.push(item);
    return typedItem(item);
  };
  const self = strict("Form", {
    setDescription: (d) => { rec.description = d; return self; },
    setCollectEmail: (b) => { rec.collectEmail = b; return self; },
    setConfirmationMessage: (m) => { rec.confirmation = m; return self; },
    setShowLinkToRespondAgain: (b) => { rec.respondAgain = b; return self; },
    setDestination: (type, id) => {
      if (type !== "SPREADSHEET" || id !== "SPREADSHEET-1") throw new Error("bad destination");
      rec.destination = id;
      const n = sheets.filter(s => s.formId).length + 1;
      addSheet("Formulierreacties " + n, [["Tijdstempel"].concat(rec.items.map(i => i.title))], rec.id);
      return self;
    },
    getId: () => rec.id,
    getEditUrl: () => "https://docs.google.com/forms/d/" + rec.id + "/edit",
    getPublishedUrl: () => "https://docs.google.com/forms/d/e/" + rec.id + "/viewform",
    getItems: () => rec.items.map(genericItem),
    addListItem: add("LIST"), addMultipleChoiceItem: add("MULTIPLE_CHOICE"), addCheckboxItem: add("CHECKBOX"),
    addDateItem: add("DATE"), addTimeItem: add("TIME"), addTextItem: add("TEXT"),
    addParagraphTextItem: add("PARAGRAPH_TEXT"),
  });
  return self;
}
const sandbox = {
  SpreadsheetApp: strict("SpreadsheetApp", {
    getActiveSpreadsheet: () => ss,
    flush: () => {},
    newDataValidation: () => {
      const rule = {};
      const b = strict("DataValidationBuilder", {
        requireValueInList: (values, showDropdown) => {
          rule.choices = values.slice(); rule.dropdown = showDropdown; return b;
        },
        setAllowInvalid: (allow) => { rule.allowInvalid = allow; return b; },
        build: () => rule,
      });
      return b;
    },
    getUi: () => { throw new Error("Cannot call SpreadsheetApp.getUi() from this context."); },
  }),
  FormApp: strict("FormApp", {
    DestinationType: {SPREADSHEET: "SPREADSHEET"},
    ItemType: {LIST: "LIST", MULTIPLE_CHOICE: "MULTIPLE_CHOICE", CHECKBOX: "CHECKBOX", DATE: "DATE", TIME: "TIME",
               TEXT: "TEXT", PARAGRAPH_TEXT: "PARAGRAPH_TEXT"},
    create: (title) => {
      const rec = {id: "FORM-" + (forms.length + 1), title: title, items: []};
      forms.push(rec);
      return formApi(rec);
    },
    openByUrl: (url) => {
      const m = /forms\/d\/(?:e\/)?([^/]+)/.exec(url);
      const rec = m && forms.find(f => f.id === m[1]);
      if (!rec) throw new Error("No form at " + url);
      return formApi(rec);
    },
    createTextValidation: () => {
      const v = {};
      const b = strict("TextValidationBuilder", {
        setHelpText: (t) => { v.help = t; return b; }, requireNumber: () => { v.number = true; return b; },
        build: () => v,
      });
      return b;
    },
  }),
  Logger: strict("Logger", {log: (m) => { logs.push(String(m)); }}),
  Utilities: strict("Utilities", {sleep: () => {}}),
};
vm.createContext(sandbox);
vm.runInContext(src, sandbox);
const errors = [];  // per step: the Dutch error the coordinator would see, or null
for (const step of scenario.steps) {
  try {
    if (typeof step === "string") sandbox[step]();
    else sheets.find(s => s.name === step.sheet).rows = step.rows.map(r => r.map(cell));
    errors.push(null);
  } catch (e) {
    errors.push(String(e.message || e));
  }
}
process.stdout.write(JSON.stringify({forms, sheets, logs, state, errors, error: errors[errors.length - 1]}));
"""

ROSTER_HEADER = [f.header for f in schema.ROSTER.fields]


def roster(*rows):
    return {"name": "Coaches", "rows": [ROSTER_HEADER, *[list(r) for r in rows]]}


def run_script(tmp_path, text, sheets, steps=("maakFormulieren",)):
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, encoding="utf-8")
    script = tmp_path / "create_forms.js"
    script.write_text(text, encoding="utf-8")
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"sheets": sheets, "steps": list(steps)}), encoding="utf-8")
    run = subprocess.run([NODE, str(harness), str(script), str(scenario)], capture_output=True, text=True,
                         timeout=60)
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
        assert sheet["rows"] == [[f.header for f in tab.fields]] and sheet["frozen"] == 1
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
    assert "overgeslagen" in out["logs"][-1]


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
