"""Generate the Google Apps Script that creates the two Google Forms from lib/schema.py, and mails about them.

The coordinator runs it in the spreadsheet's script editor (Extensies → Apps Script): it makes the forms
"Ronde doorgeven" and "Melding doorgeven" with exactly the schema's questions, publishes them and keeps them open
for answers, links each to the spreadsheet, renames the new response tab to the contract's name (Rondes, Meldingen)
and writes "Tijdstempel" into its A1. The same run installs two triggers: a mail for every signal with urgency
Hoog or Spoed, and a weekly digest on Monday morning, to the addresses in the Instellingen tab; the script writes
its state there too. Running it again repairs instead of duplicating. The questions and names are data (one JSON
constant in the script, generated here); the JavaScript is fixed text below.

    python -m lib.forms_script [--out intake/create_forms.gs]

The generated file is committed (intake/create_forms.gs); a test checks it is up to date.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lib import filters, schema
from lib.schema import Field, Kind, Tab

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = PROJECT_ROOT / "intake" / "create_forms.gs"

# The contract asks for radio buttons (multiple choice) here; every other single-choice question is a dropdown.
MULTIPLE_CHOICE = {"Meldingen": ("category", "urgency")}

CONFIRMATION = {
    "Rondes": "Dank je wel! Je ronde is doorgegeven.",
    "Meldingen": "Dank je wel! Je melding is doorgegeven. Bij gevaar: bel 112.",
}
# The signal's fields the urgent mail shows, by the name the script uses for them.
SIGNAL_COLUMNS = {
    "timestamp": "timestamp", "date": "date", "time": "time", "location": "location", "floor": "floor",
    "spot": "spot", "category": "category", "kinds": "kinds", "description": "description",
    "passedTo": "passed_to", "urgency": "urgency",
}
URGENT = schema.URGENT_LEVELS  # Hoog, Spoed (112 gebeld): the dashboard's "urgent", mailed at once
NOT_PASSED = schema.PASSED_TO[-1]  # "Niet doorgezet"
DONE = schema.DONE  # "Afgerond"
# Streamlit names a page's URL after its file: pages/3_meldingen.py -> /meldingen.
DASHBOARD_PAGES = {"signals": "meldingen", "followUp": "opvolging"}
# A personal Google account may send mail to 100 recipients a day (Apps Script quotas page); urgent mails leave
# `reserve` of them for the weekly mail. Past the quota MailApp throws and nothing is sent until the next day.
CONSUMER_DAILY_RECIPIENTS = 100
MAIL = {"senderName": "Flatcoaches K-buurt", "weeklyHour": 7, "reserve": 10, "listMax": 10}
SETTING_NOTES = {
    schema.SETTING_URGENT_MAIL: "E-mailadressen (met komma's ertussen) die meteen een mail krijgen bij een melding "
                                "met urgentie Hoog of Spoed (112 gebeld).",
    schema.SETTING_WEEKLY_MAIL: "E-mailadressen (met komma's ertussen) die elke maandagochtend het weekoverzicht "
                                "krijgen.",
    schema.SETTING_DASHBOARD_URL: "Het adres van het dashboard, bijvoorbeeld https://flatcoach-kbuurt.streamlit.app. "
                                  "De mails linken ernaar.",
    schema.SETTING_SCRIPT_URGENT: "Door het script ingevuld: staat de spoedmail aan, en sinds wanneer.",
    schema.SETTING_SCRIPT_WEEKLY: "Door het script ingevuld: staat de weekmail (maandag 7-8 uur) aan, en sinds "
                                  "wanneer.",
    schema.SETTING_SCRIPT_LAST_URGENT: "Door het script ingevuld: de laatste melding waarover een spoedmail is "
                                       "verstuurd (rij en tijdstempel), zodat er nooit twee mails over één "
                                       "melding gaan.",
    schema.SETTING_SCRIPT_ERROR: "Door het script ingevuld: de laatste mail die niet verstuurd kon worden. Alle "
                                 "staan in tabblad " + schema.SCRIPT_LOG + ".",
}
FILE_HELP = ("Plak hier de link naar de foto in Google Drive (meerdere links scheiden met een komma). "
             "Geen gezichten of huisnummers op de foto.")


def question_type(tab: Tab, f: Field) -> str:
    """The form question type for a field: date, time, text, number, paragraph, dropdown, choice, checkbox, link."""
    if f.kind == Kind.DATE:
        return "date"
    if f.kind == Kind.TIME:
        return "time"
    if f.kind == Kind.PARAGRAPH:
        return "paragraph"
    if f.kind == Kind.MULTI:
        return "checkbox"
    if f.kind == Kind.CHOICE:
        # a dropdown cannot offer "Anders" with free text; radio buttons can
        return "choice" if (f.key in MULTIPLE_CHOICE.get(tab.name, ()) or f.other) else "dropdown"
    if f.kind == Kind.YESNO:
        return "choice"
    if f.kind in (Kind.NUMBER, Kind.MONEY):
        return "number"
    if f.kind == Kind.FILES:
        return "link"  # FormApp cannot create a file-upload question
    if f.kind == Kind.TEXT:
        return "text"
    raise ValueError(f"{tab.name}.{f.key}: {f.kind} is not a form question")


def question(tab: Tab, f: Field) -> dict[str, Any]:
    qtype = question_type(tab, f)
    help_text = f.help
    if qtype == "link":
        help_text = " ".join(t for t in (f.help, FILE_HELP) if t)
    return {
        "title": f.header,
        "aliases": list(f.aliases),
        "type": qtype,
        "required": bool(f.required),
        "help": help_text,
        "choices": list(f.options) if not f.roster else [],
        "roster": bool(f.roster),
        "other": bool(f.other),
    }


def contract() -> dict[str, Any]:
    """Everything the script needs from the schema, as plain data."""
    forms = []
    for tab in schema.FORM_TABS:
        questions = [question(tab, f) for f in tab.fields if f.kind != Kind.TIMESTAMP]
        forms.append({
            "tab": tab.name,
            "title": tab.form_title,
            "description": tab.form_description,
            "confirmation": CONFIRMATION.get(tab.name, "Dank je wel! Je antwoord is opgeslagen."),
            "questions": questions,
        })
    roster = schema.ROSTER
    form_tabs = {t.name for t in schema.FORM_TABS}
    coordinator_tabs = [
        {"tab": t.name, "columns": [{"header": f.header, "choices": list(f.options)} for f in t.fields]}
        for t in schema.TABS.values() if t.name not in form_tabs
    ]
    signals, actions = schema.SIGNALS, schema.ACTIONS
    return {
        "locale": "nl_NL",
        "timeZone": "Europe/Amsterdam",
        "timestampHeader": schema.TIMESTAMP.header,
        "roster": {
            "tab": roster.name,
            "name": list(roster.field("name").names),
            "activeTo": list(roster.field("active_to").names),
        },
        "forms": forms,
        "coordinatorTabs": coordinator_tabs,
        "settings": settings_contract(),
        "log": {"tab": schema.SCRIPT_LOG, "headers": list(schema.SCRIPT_LOG_HEADERS)},
        "signals": {
            "tab": signals.name,
            "columns": {js: list(signals.field(key).names) for js, key in SIGNAL_COLUMNS.items()},
        },
        "urgent": list(URGENT),
        "notPassed": NOT_PASSED,
        "actions": {
            "tab": actions.name,
            "columns": {key: list(actions.field(key).names) for key in ("action", "owner", "deadline", "status")},
            "done": DONE,
        },
        "slugs": {
            "places": {p: filters.place_slug(p) for p in schema.LOCATIONS},
            "categories": {c: schema.norm(c) for c in schema.CATEGORIES},
        },
        "pages": DASHBOARD_PAGES,
        "mail": MAIL,
    }


def settings_contract() -> dict[str, Any]:
    """The Instellingen rows the script reads (filled by the coordinator) and writes (its state)."""
    tab = schema.SHEET_SETTINGS
    return {
        "tab": tab.name,
        "headers": [f.header for f in tab.fields],
        "key": list(tab.field("key").names),
        "value": list(tab.field("value").names),
        "urgentMail": schema.SETTING_URGENT_MAIL,
        "weeklyMail": schema.SETTING_WEEKLY_MAIL,
        "dashboardUrl": schema.SETTING_DASHBOARD_URL,
        "scriptUrgent": schema.SETTING_SCRIPT_URGENT,
        "scriptWeekly": schema.SETTING_SCRIPT_WEEKLY,
        "scriptError": schema.SETTING_SCRIPT_ERROR,
        "scriptLastUrgent": schema.SETTING_SCRIPT_LAST_URGENT,
        "formPrefix": schema.SETTING_FORM_PREFIX,
        "fill": [{"key": k, "note": SETTING_NOTES[k]} for k in
                 (schema.SETTING_URGENT_MAIL, schema.SETTING_WEEKLY_MAIL, schema.SETTING_DASHBOARD_URL)],
        "stateNotes": {
            "opMeldingIngestuurd": SETTING_NOTES[schema.SETTING_SCRIPT_URGENT],
            "stuurWeekmail": SETTING_NOTES[schema.SETTING_SCRIPT_WEEKLY],
            "error": SETTING_NOTES[schema.SETTING_SCRIPT_ERROR],
            "lastUrgent": SETTING_NOTES[schema.SETTING_SCRIPT_LAST_URGENT],
        },
    }


def _js_json(data: Any, indent: str = "") -> str:
    """JSON as a JavaScript literal: objects one key a line, lists of plain values on one line."""
    inner = indent + "  "
    if isinstance(data, dict):
        items = [f"{inner}{json.dumps(k)}: {_js_json(v, inner)}" for k, v in data.items()]
        text = "{\n" + ",\n".join(items) + "\n" + indent + "}" if items else "{}"
    elif isinstance(data, list) and any(isinstance(v, (dict, list)) for v in data):
        text = "[\n" + ",\n".join(inner + _js_json(v, inner) for v in data) + "\n" + indent + "]"
    else:
        text = json.dumps(data, ensure_ascii=False)
    # JSON allows these two characters raw inside strings; older JavaScript parsers do not
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


HEADER = """\
/**
 * Flatcoaches K-buurt: de formulieren "{round_form}" en "{signal_form}" maken en open houden,
 * en mailen bij spoed en elke week.
 *
 * NIET MET DE HAND AANPASSEN: dit bestand wordt gemaakt door `python -m lib.cli forms-script`
 * (lib/forms_script.py) uit lib/schema.py. Wie een vraag wil veranderen, verandert het schema.
 *
 * Zo gebruik je het (door de coördinator; uitgebreider in docs/google-setup.md):
 *  1. Open de spreadsheet "Flatcoaches K-buurt" en kies Extensies → Apps Script. Haal de voorbeeldcode weg,
 *     plak dit hele bestand erin en klik op Opslaan.
 *  2. Kies bovenaan de functie "maakFormulieren" en klik op Uitvoeren. Google vraagt om toestemming: kies je
 *     account, klik op "Geavanceerd" en "Ga naar … (onveilig)" als die melding komt, en zet bij de lijst met
 *     rechten een vinkje bij "Alles selecteren". Zonder alle vinkjes kan het script geen formulieren maken,
 *     niet in de spreadsheet schrijven of geen mail sturen.
 *  3. De eerste keer maakt het script de tabbladen die jij bijhoudt, met de juiste kopjes:
 *     {coordinator_tabs}.
 *     Daarna stopt het met de vraag om eerst de namen van de flatcoaches in het tabblad "Coaches" te zetten
 *     (kolom "Naam", één naam per regel). Doe dat en voer "maakFormulieren" nog een keer uit.
 *  4. Onderaan verschijnt het uitvoeringslogboek met wat het script deed: welke tabbladen het maakte, per formulier
 *     een link om het in te vullen (voor de coaches) en een link om het te bewerken (alleen voor jou).
 *  5. Vul in het tabblad "{settings_tab}" de lege cellen in de kolom "Waarde": bij "{urgent_mail}" en
 *     "{weekly_mail}" de e-mailadressen (met komma's ertussen), bij "{dashboard_url}" het adres van het dashboard.
 *
 * Wat het script doet:
 *  - Het maakt de twee formulieren met precies de vragen, keuzes, verplichte vragen en uitleg uit het schema.
 *  - Het publiceert elk formulier en zet het open voor antwoorden. (Een formulier dat een script maakt, is sinds
 *    juli 2026 eerst "niet gepubliceerd" en neemt dan geen antwoorden aan.) Bij een Google Workspace-account van
 *    een organisatie zet het ook "alleen gebruikers uit de organisatie" uit, zodat coaches zonder account van de
 *    organisatie kunnen antwoorden.
 *  - De keuzelijst met namen ("{coach}", "Medecoaches") komt uit het tabblad "Coaches"; coaches met een
 *    "Actief tot" in het verleden komen er niet in. Nieuwe coach? Pas het tabblad Coaches aan en kies daarna in
 *    de spreadsheet het menu Flatcoaches → Coachlijst bijwerken (of voer "werkCoachlijstBij" uit).
 *  - Het koppelt elk formulier aan deze spreadsheet. Google maakt dan een nieuw tabblad met de antwoorden; het
 *    script geeft dat tabblad de naam "{round_tab}" of "{signal_tab}" en zet in cel A1 "{timestamp}" (Google
 *    noemt die kolom in de taal van jouw account, bijvoorbeeld "Timestamp"). Bestaat er al een leeg tabblad met
 *    die naam, dan wordt dat vervangen. Staan er al gegevens in, dan stopt het script zonder iets te maken.
 *  - Het zet de landinstelling van de spreadsheet op Nederland en de tijdzone op Amsterdam, zodat datums als
 *    dag-maand-jaar worden opgeslagen.
 *  - Spoedmail: bij elke melding met urgentie {urgent} krijgen de adressen bij
 *    "{urgent_mail}" meteen een mail met de plek, categorie, soort, tijd, beschrijving, aan wie het is
 *    doorgezet en een link naar het dashboard. De mail zegt dat hij komt vanwege de urgentie.
 *  - Weekmail: elke maandag tussen {hour} en {hour_end} uur krijgen de adressen bij "{weekly_mail}" een kort
 *    overzicht van vorige week: hoeveel formulieren er binnenkwamen, urgente meldingen die aan niemand zijn
 *    doorgezet, en acties waarvan de deadline voorbij is. Uren, dekking en budget staan alleen op het dashboard.
 *    Zelf proberen: menu Flatcoaches → Weekmail nu sturen.
 *  - De mails gaan uit naam van jouw Google-account. Google staat bij een gewoon account {quota} ontvangers per dag
 *    toe; het script houdt er {reserve} over voor de weekmail. Kan een mail niet weg (geen adres ingevuld, het
 *    maximum is op, of een fout), dan komt dat in het tabblad "{log_tab}" en in "{settings_tab}" bij
 *    "{script_error}". Of de mails aanstaan, staat in "{settings_tab}" bij "{script_urgent}" en
 *    "{script_weekly}"; het dashboard laat dat zien.
 *  - Nog een keer uitvoeren is veilig en herstelt: het maakt geen tweede formulieren of dubbele mails, maar
 *    publiceert een formulier dat niet gepubliceerd is, zet het weer open voor antwoorden, geeft een
 *    antwoordtabblad de juiste naam en zet "{timestamp}" terug in cel A1.
 *
 * Wat het script NIET kan (beperkingen van Google Apps Script):
 *  - Een vraag "Bestand uploaden" maken. Voor "{photo}" komt er daarom een open vraag waarin de coach een link
 *    naar de foto in Google Drive plakt. Wil je toch uploaden: verander in de formuliereditor het type van die
 *    vraag in "Bestand uploaden" en laat de titel "{photo}" staan. (Uploaden vraagt wel dat coaches met een
 *    Google-account inloggen.)
 *  - Controleren of een tijd of datum klopt (bijvoorbeeld geen datum in de toekomst). Het dashboard controleert
 *    dat zelf en laat afgekeurde regels zien met de reden.
 *  - Zien wie een formulier mag invullen als jouw organisatie dat beperkt. Werk je met een Google
 *    Workspace-account: open het formulier, klik op "Gepubliceerd" en kijk of bij de antwoorders "Iedereen met de
 *    link" staat.
 *
 * Let op: verander de titels van de vragen liever niet. Het dashboard herkent een paar oude namen, maar een
 * hernoemde vraag krijgt in de spreadsheet een nieuwe kolomkop.
 */
"""

CODE = r"""
var HANDLER_SUBMIT = "opMeldingIngestuurd";
var HANDLER_WEEKLY = "stuurWeekmail";
var MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
    "november", "december"];

/** Run once, and again to repair: makes or repairs the forms, names the answer tabs, switches on the mails. */
function maakFormulieren() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss) {
    throw new Error("Open dit script vanuit de spreadsheet: Extensies → Apps Script.");
  }
  ss.setSpreadsheetLocale(CONTRACT.locale);
  ss.setSpreadsheetTimeZone(CONTRACT.timeZone);
  var made = makeCoordinatorTabs_(ss);
  if (made.length) {
    Logger.log("Nieuwe tabbladen met kopjes gemaakt: " + made.join(", ") + ".");
  }
  fillSettingRows_(ss);
  var coaches = readCoaches_(ss);
  checkTabsFree_(ss);
  var lines = [];
  if (made.length) {
    lines.push("Nieuwe tabbladen met kopjes: " + made.join(", ") + ".");
  }
  for (var i = 0; i < CONTRACT.forms.length; i++) {
    lines.push(setupForm_(ss, CONTRACT.forms[i], coaches));
  }
  lines.push(installTriggers_(ss));
  report_(lines);
}

/** Run after changing the Coaches tab: puts the current names in the name questions of both forms. */
function werkCoachlijstBij() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var coaches = readCoaches_(ss);
  var lines = [];
  for (var i = 0; i < CONTRACT.forms.length; i++) {
    var spec = CONTRACT.forms[i];
    var sheet = findSheet_(ss, spec.tab);
    var url = sheet ? sheet.getFormUrl() : null;
    if (!url) {
      lines.push("Tabblad '" + spec.tab + "' is niet aan een formulier gekoppeld; niets bijgewerkt.");
      continue;
    }
    var form = FormApp.openByUrl(url);
    var items = form.getItems();
    var updated = 0;
    for (var j = 0; j < items.length; j++) {
      var q = questionFor_(spec, items[j].getTitle());
      if (q && q.roster) {
        setChoices_(asType_(items[j], q), q, coaches);
        updated++;
      }
    }
    lines.push("Formulier '" + spec.title + "': " + updated + " vraag/vragen bijgewerkt met " + coaches.length +
        " namen.");
  }
  report_(lines);
}

/** A menu in the spreadsheet, so the coordinator can do this without opening the editor. */
function onOpen() {
  SpreadsheetApp.getUi()
      .createMenu("Flatcoaches")
      .addItem("Formulieren maken of herstellen", "maakFormulieren")
      .addItem("Coachlijst bijwerken", "werkCoachlijstBij")
      .addItem("Weekmail nu sturen", "stuurWeekmail")
      .addToUi();
}

// --- the forms ----------------------------------------------------------------------------------------------------

/** Make the form (or find the one made before), open it for answers, link it here, name its tab, fix its A1. */
function setupForm_(ss, spec, coaches) {
  var form = knownForm_(ss, spec);
  var made = !form;
  if (made) {
    form = FormApp.create(spec.title);
    form.setDescription(spec.description);
    form.setCollectEmail(false);
    form.setConfirmationMessage(spec.confirmation);
    form.setShowLinkToRespondAgain(true);
    for (var i = 0; i < spec.questions.length; i++) {
      addQuestion_(form, spec.questions[i], coaches);
    }
  }
  // remembered, so a second run finds this form even when its answers tab could not be found or was renamed
  setSetting_(ss, CONTRACT.settings.formPrefix + spec.title, form.getEditUrl(),
      "Invullen (link voor de coaches): " + form.getPublishedUrl());
  var opened = openForAnswers_(form);
  var sheet = responseSheet_(ss, form);
  var added = [];
  if (!sheet && linkedTo_(form) !== ss.getId()) {
    // linking again while Google is still making the tab would make a second answers tab: only when not linked
    var before = sheetIds_(ss);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    sheet = waitForResponseSheet_(ss, form, before);
    added = newSheetNames_(ss, before);
  }
  var what = made ? "gemaakt" : "gecontroleerd";
  if (!sheet) {
    var hint = added.length ? "Google heeft tabblad '" + added.join("', '") + "' toegevoegd; dat is het waarschijnlijk."
        : "Google maakt dat tabblad zelf, met een naam als 'Formulierreacties 1' of 'Form responses 1'.";
    return "Formulier '" + spec.title + "' is " + what + " en staat open voor antwoorden, maar het tabblad met de " +
        "antwoorden is nog niet gevonden. " + hint + " Voer 'maakFormulieren' over een minuut nog een keer uit: " +
        "dan geeft het script dat tabblad de naam '" + spec.tab + "'.\n" +
        "  Bewerken (alleen voor jou): " + form.getEditUrl();
  }
  var fixes = opened.slice();
  var oldName = sheet.getName();
  if (norm_(oldName) !== norm_(spec.tab)) {
    var taken = findSheet_(ss, spec.tab);
    if (taken) {
      ss.deleteSheet(taken);  // empty and not linked: checkTabsFree_ stopped the script if it held data
    }
    sheet.setName(spec.tab);
    fixes.push("tabblad '" + oldName + "' hernoemd naar '" + spec.tab + "'");
  }
  if (fixTimestampHeader_(sheet)) {
    fixes.push("kop van kolom A gezet op '" + CONTRACT.timestampHeader + "'");
  }
  return "Formulier '" + spec.title + "' is " + what + (fixes.length ? " (" + fixes.join("; ") + ")" : "") +
      "; antwoorden komen in tabblad '" + spec.tab + "'.\n" +
      "  Invullen (link voor de coaches): " + form.getPublishedUrl() + "\n" +
      "  Bewerken (alleen voor jou): " + form.getEditUrl();
}

/** The form made by an earlier run: the one linked to the tab with the contract's name, or the one remembered
 * in Instellingen. Null when there is none, so a second run never makes a second form. */
function knownForm_(ss, spec) {
  var sheet = findSheet_(ss, spec.tab);
  var linked = sheet ? sheet.getFormUrl() : null;
  if (linked) {
    try {
      return FormApp.openByUrl(linked);
    } catch (e) {
      throw new Error("Tabblad '" + spec.tab + "' is gekoppeld aan een formulier dat het script niet kan openen " +
          "(verwijderd, of van iemand anders). Ontkoppel het (in de spreadsheet: menu Formulier → Formulier " +
          "ontkoppelen), hernoem het tabblad en voer het script opnieuw uit.");
    }
  }
  var remembered = getSetting_(ss, CONTRACT.settings.formPrefix + spec.title);
  if (remembered) {
    try {
      return FormApp.openByUrl(remembered);
    } catch (e) {
      return null;  // the form was deleted: make a new one
    }
  }
  return null;
}

/** Forms made through Apps Script after June 2026 start unpublished and take no answers until published
 * (Forms API guide "API changes to Google Forms"). Returns what it changed, in Dutch. */
function openForAnswers_(form) {
  var changed = [];
  var canPublish = typeof form.setPublished === "function" &&
      (typeof form.supportsAdvancedResponderPermissions !== "function" || form.supportsAdvancedResponderPermissions());
  if (canPublish && !form.isPublished()) {
    form.setPublished(true);
    changed.push("gepubliceerd");
  }
  if (!form.isAcceptingResponses()) {
    form.setAcceptingResponses(true);
    changed.push("open gezet voor antwoorden");
  }
  // Coaches answer from any phone, with or without a Google account. Only a Google Workspace form can be limited
  // to the organisation's accounts; on a personal account the call is not available.
  try {
    if (form.requiresLogin()) {
      form.setRequireLogin(false);
      changed.push("open voor iedereen met de link, niet alleen de eigen organisatie");
    }
  } catch (e) {
    // a personal Google account: there is no organisation to limit the form to
  }
  return changed;
}

/** Google names the first column in the owner's account language ("Timestamp" in English); the dashboard reads
 * the contract's name, so the script writes it. */
function fixTimestampHeader_(sheet) {
  var cell = sheet.getRange(1, 1);
  if (String(cell.getValue()) === CONTRACT.timestampHeader) return false;
  cell.setValue(CONTRACT.timestampHeader);
  return true;
}

/** The ID of the spreadsheet the form writes into, or "" (getDestinationId throws when there is none). */
function linkedTo_(form) {
  try {
    return form.getDestinationId();
  } catch (e) {
    return "";
  }
}

function responseSheet_(ss, form) {
  var sheets = ss.getSheets();
  for (var i = 0; i < sheets.length; i++) {
    var url = sheets[i].getFormUrl();
    if (url && sameForm_(url, form)) return sheets[i];
  }
  return null;
}

function addQuestion_(form, q, coaches) {
  var item;
  switch (q.type) {
    case "date":
      item = form.addDateItem().setIncludesYear(true);
      break;
    case "time":
      item = form.addTimeItem();  // FormApp offers no validation for time or date questions
      break;
    case "text":
      item = form.addTextItem();
      break;
    case "number":
      item = form.addTextItem().setValidation(
          FormApp.createTextValidation().setHelpText("Vul een getal in.").requireNumber().build());
      break;
    case "paragraph":
      item = form.addParagraphTextItem();
      break;
    case "link":
      // FormApp cannot create a file-upload question: ask for a Drive link instead (see the header)
      item = form.addParagraphTextItem();
      break;
    case "dropdown":
      item = form.addListItem();
      break;
    case "choice":
      item = form.addMultipleChoiceItem();
      break;
    case "checkbox":
      item = form.addCheckboxItem();
      break;
    default:
      throw new Error("Onbekend soort vraag: " + q.type);
  }
  item.setTitle(q.title);
  item.setRequired(q.required);
  if (q.help) {
    item.setHelpText(q.help);
  }
  if (q.type === "dropdown" || q.type === "choice" || q.type === "checkbox") {
    setChoices_(item, q, coaches);
  }
  return item;
}

/** Put the options (or the coach names) in a typed ListItem, MultipleChoiceItem or CheckboxItem. */
function setChoices_(item, q, coaches) {
  item.setChoiceValues(q.roster ? coaches : q.choices);
  if (q.type !== "dropdown") {
    item.showOtherOption(q.other);  // a dropdown has no "Anders" with free text
  }
}

/** An Item from form.getItems() is generic: cast it to the type the question was made with. */
function asType_(item, q) {
  var type = {dropdown: "LIST", choice: "MULTIPLE_CHOICE", checkbox: "CHECKBOX"}[q.type];
  if (!type || item.getType() !== FormApp.ItemType[type]) {
    throw new Error("De vraag '" + item.getTitle() + "' is van een ander soort dan het script verwacht. Zet het " +
        "soort in de formuliereditor terug of pas de namen daar met de hand aan.");
  }
  if (type === "LIST") return item.asListItem();
  if (type === "MULTIPLE_CHOICE") return item.asMultipleChoiceItem();
  return item.asCheckboxItem();
}

// --- the tabs -----------------------------------------------------------------------------------------------------

/** Make the tabs the coordinator keeps, when missing: the header row, frozen, and a choice list where the schema
 * has options (a value outside the list is allowed, with a warning triangle). Existing tabs are left alone. */
function makeCoordinatorTabs_(ss) {
  var made = [];
  for (var i = 0; i < CONTRACT.coordinatorTabs.length; i++) {
    var spec = CONTRACT.coordinatorTabs[i];
    if (findSheet_(ss, spec.tab)) continue;
    var sheet = ss.insertSheet(spec.tab);
    var headers = spec.columns.map(function (c) { return c.header; });
    sheet.getRange(1, 1, 1, headers.length).setValues([headers]).setFontWeight("bold");
    sheet.setFrozenRows(1);
    for (var c = 0; c < spec.columns.length; c++) {
      if (!spec.columns[c].choices.length) continue;
      var rule = SpreadsheetApp.newDataValidation()
          .requireValueInList(spec.columns[c].choices, true)
          .setAllowInvalid(true)
          .build();
      sheet.getRange(2, c + 1, sheet.getMaxRows() - 1, 1).setDataValidation(rule);
    }
    made.push(spec.tab);
  }
  return made;
}

function readCoaches_(ss) {
  var spec = CONTRACT.roster;
  var sheet = findSheet_(ss, spec.tab);
  var missing = "Vul eerst het tabblad '" + spec.tab + "' met de namen van de flatcoaches: kolom '" + spec.name[0] +
      "', één naam per regel. Voer het script daarna opnieuw uit.";
  if (!sheet || sheet.getLastRow() < 2) {
    throw new Error(missing);
  }
  var values = sheet.getDataRange().getValues();
  var header = values[0].map(norm_);
  var nameCol = indexOfAny_(header, spec.name);
  var untilCol = indexOfAny_(header, spec.activeTo);
  if (nameCol < 0) {
    throw new Error(missing);
  }
  var today = new Date();
  today.setHours(0, 0, 0, 0);
  var seen = {};
  var names = [];
  for (var r = 1; r < values.length; r++) {
    var name = String(values[r][nameCol]).replace(/\s+/g, " ").trim();
    if (!name) continue;
    var until = untilCol >= 0 ? values[r][untilCol] : "";
    if (isDate_(until) && until.getTime() < today.getTime()) {
      continue;  // no longer active
    }
    if (seen[name.toLowerCase()]) continue;
    seen[name.toLowerCase()] = true;
    names.push(name);
  }
  if (!names.length) {
    throw new Error(missing);
  }
  names.sort(function (a, b) { return a.localeCompare(b, "nl"); });
  return names;
}

/** Stop before making anything when a form tab's name is taken by a tab with data. */
function checkTabsFree_(ss) {
  var problems = [];
  for (var i = 0; i < CONTRACT.forms.length; i++) {
    var sheet = findSheet_(ss, CONTRACT.forms[i].tab);
    if (sheet && !sheet.getFormUrl() && sheet.getLastRow() > 0) {
      problems.push("'" + sheet.getName() + "'");
    }
  }
  if (problems.length) {
    throw new Error("Er staan al gegevens in tabblad " + problems.join(" en ") + ", dat niet aan een formulier " +
        "gekoppeld is. Hernoem dat tabblad (bijvoorbeeld '... oud') en voer het script opnieuw uit. Er is niets " +
        "gemaakt.");
  }
}

function waitForResponseSheet_(ss, form, before) {
  for (var attempt = 0; attempt < 20; attempt++) {
    SpreadsheetApp.flush();
    var sheets = ss.getSheets();
    var fresh = null;
    for (var i = 0; i < sheets.length; i++) {
      if (before[sheets[i].getSheetId()]) continue;
      var url = sheets[i].getFormUrl();
      if (!url) continue;
      if (sameForm_(url, form)) return sheets[i];
      fresh = sheets[i];
    }
    if (fresh) return fresh;
    Utilities.sleep(1000);
  }
  return null;
}

function newSheetNames_(ss, before) {
  return ss.getSheets().filter(function (s) { return !before[s.getSheetId()]; })
      .map(function (s) { return s.getName(); });
}

function sameForm_(url, form) {
  try {
    return FormApp.openByUrl(url).getId() === form.getId();
  } catch (e) {
    return false;
  }
}

function sheetIds_(ss) {
  var ids = {};
  var sheets = ss.getSheets();
  for (var i = 0; i < sheets.length; i++) {
    ids[sheets[i].getSheetId()] = true;
  }
  return ids;
}

function findSheet_(ss, name) {
  var sheets = ss.getSheets();
  for (var i = 0; i < sheets.length; i++) {
    if (norm_(sheets[i].getName()) === norm_(name)) return sheets[i];
  }
  return null;
}

// --- Instellingen: the coordinator's settings and the script's state ---------------------------------------------

/** Rows of Instellingen as {normalized key: {row, value}}. */
function readSettings_(ss) {
  var spec = CONTRACT.settings;
  var out = {};
  var sheet = findSheet_(ss, spec.tab);
  if (!sheet || sheet.getLastRow() < 2) return out;
  var values = sheet.getDataRange().getValues();
  var header = values[0].map(norm_);
  var keyCol = indexOfAny_(header, spec.key);
  var valueCol = indexOfAny_(header, spec.value);
  if (keyCol < 0 || valueCol < 0) return out;
  for (var r = 1; r < values.length; r++) {
    var key = norm_(values[r][keyCol]);
    if (key && !out[key]) out[key] = {row: r + 1, col: valueCol + 1, value: String(values[r][valueCol]).trim()};
  }
  return out;
}

function getSetting_(ss, key) {
  var found = readSettings_(ss)[norm_(key)];
  return found ? found.value : "";
}

/** The tab by name; made with a bold, frozen header row when it is not there yet. */
function ensureSheet_(ss, name, headers) {
  var sheet = findSheet_(ss, name);
  if (!sheet) {
    sheet = ss.insertSheet(name);
    sheet.getRange(1, 1, 1, headers.length).setValues([headers]).setFontWeight("bold");
    sheet.setFrozenRows(1);
  }
  return sheet;
}

/** Write one row of Instellingen (Instelling | Waarde | Toelichting): the value in place, or a new row. */
function setSetting_(ss, key, value, note) {
  var spec = CONTRACT.settings;
  var sheet = ensureSheet_(ss, spec.tab, spec.headers);
  var found = readSettings_(ss)[norm_(key)];
  if (found) {
    sheet.getRange(found.row, found.col).setValue(value);
  } else {
    sheet.appendRow([key, value, note || ""]);
  }
}

/** The rows the coordinator fills in, with an explanation, so the guide can say "fill in the empty cells". */
function fillSettingRows_(ss) {
  var rows = CONTRACT.settings.fill;
  var have = readSettings_(ss);
  for (var i = 0; i < rows.length; i++) {
    if (!have[norm_(rows[i].key)]) setSetting_(ss, rows[i].key, "", rows[i].note);
  }
}

/** E-mail addresses from a cell: separated by commas, semicolons or spaces; anything else is left out. */
function addresses_(text) {
  return String(text || "").split(/[,;\s]+/).filter(function (a) {
    return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(a);
  });
}

function dashboardUrl_(settings) {
  var found = settings[norm_(CONTRACT.settings.dashboardUrl)];
  var url = found ? found.value.replace(/\/+$/, "") : "";
  return /^https?:\/\/\S+$/.test(url) ? url : "";
}

// --- the mails ----------------------------------------------------------------------------------------------------

/** Install the two triggers, each once: a second run keeps the one it finds and removes copies. */
function installTriggers_(ss) {
  var wanted = {};
  wanted[HANDLER_SUBMIT] = {
    event: ScriptApp.EventType.ON_FORM_SUBMIT, setting: CONTRACT.settings.scriptUrgent,
    make: function () {
      // one spreadsheet trigger hears both forms (e.range says which tab); a form trigger would need one per form
      return ScriptApp.newTrigger(HANDLER_SUBMIT).forSpreadsheet(ss).onFormSubmit().create();
    },
  };
  wanted[HANDLER_WEEKLY] = {
    event: ScriptApp.EventType.CLOCK, setting: CONTRACT.settings.scriptWeekly,
    make: function () {
      return ScriptApp.newTrigger(HANDLER_WEEKLY).timeBased().onWeekDay(ScriptApp.WeekDay.MONDAY)
          .atHour(CONTRACT.mail.weeklyHour).inTimezone(CONTRACT.timeZone).create();
    },
  };
  var kept = {};
  var triggers = ScriptApp.getProjectTriggers();
  for (var i = 0; i < triggers.length; i++) {
    var t = triggers[i];
    var want = wanted[t.getHandlerFunction()];
    if (!want) continue;
    if (kept[t.getHandlerFunction()] || t.getEventType() !== want.event) {
      ScriptApp.deleteTrigger(t);
    } else {
      kept[t.getHandlerFunction()] = true;
    }
  }
  var now = stamp_(ss);
  for (var fn in wanted) {
    if (!kept[fn]) wanted[fn].make();
    if (!kept[fn] || getSetting_(ss, wanted[fn].setting).indexOf("aan") !== 0) {
      setSetting_(ss, wanted[fn].setting, "aan sinds " + now, CONTRACT.settings.stateNotes[fn]);
    }
  }
  var settings = readSettings_(ss);
  var line = "Mails staan aan: een spoedmail bij elke melding met urgentie " + CONTRACT.urgent.join(" of ") +
      ", en elke maandag tussen " + CONTRACT.mail.weeklyHour + " en " + (CONTRACT.mail.weeklyHour + 1) +
      " uur een weekmail.";
  var todo = [];
  var fill = CONTRACT.settings.fill;
  for (var j = 0; j < fill.length; j++) {
    var found = settings[norm_(fill[j].key)];
    if (!found || !found.value) todo.push("'" + fill[j].key + "'");
  }
  if (todo.length) {
    line += " Vul in tabblad '" + CONTRACT.settings.tab + "' nog in: " + todo.join(", ") + ". Zonder adres gaat er " +
        "geen mail weg (dat komt dan in tabblad '" + CONTRACT.log.tab + "').";
  }
  return line;
}

/** Trigger: a form was submitted. Mails a signal with a high urgency to the addresses in Instellingen. */
function opMeldingIngestuurd(e) {
  var sheet = e.range.getSheet();
  if (norm_(sheet.getName()) !== norm_(CONTRACT.signals.tab)) return;  // a round, not a signal
  var ss = sheet.getParent();
  try {
    mailUrgentSignal_(ss, sheet, e);
  } catch (err) {
    logFailure_(ss, "spoedmail", "rij " + e.range.getRow() + " van tabblad " + sheet.getName(), [],
        "fout in het script: " + (err && err.message ? err.message : err));
    throw err;  // Google also mails the owner about a trigger that failed
  }
}

function mailUrgentSignal_(ss, sheet, e) {
  var tz = ss.getSpreadsheetTimeZone();
  var header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(norm_);
  var typed = e.range.getValues()[0];
  var shown = e.values;  // as the sheet shows them: "27-11-2026", "22:05:00"
  var signal = {};
  for (var key in CONTRACT.signals.columns) {
    var col = indexOfAny_(header, CONTRACT.signals.columns[key]);
    signal[key] = col < 0 ? "" : String(shown[col] === undefined ? "" : shown[col]).trim();
    if (key === "date") signal.day = col < 0 ? null : dayKey_(typed[col], tz);
  }
  if (!isUrgent_(signal.urgency)) return;
  // Google now and then fires a form-submit trigger twice for one answer: one mail per row, under a lock
  var lock = LockService.getScriptLock();
  lock.waitLock(30000);
  try {
    var marker = "rij " + e.range.getRow() + " van " + signal.timestamp;
    if (getSetting_(ss, CONTRACT.settings.scriptLastUrgent).indexOf(marker + ",") === 0) return;
    var settings = readSettings_(ss);
    var to = addresses_((settings[norm_(CONTRACT.settings.urgentMail)] || {}).value);
    var mail = urgentMail_(signal, dashboardUrl_(settings));
    var ref = [signal.timestamp, signal.location, signal.spot].filter(Boolean).join(", ");
    if (sendMail_(ss, to, mail, "spoedmail", ref, CONTRACT.settings.urgentMail, CONTRACT.mail.reserve)) {
      setSetting_(ss, CONTRACT.settings.scriptLastUrgent, marker + ", verstuurd " + stamp_(ss),
          CONTRACT.settings.stateNotes.lastUrgent);
    }
  } finally {
    lock.releaseLock();
  }
}

function isUrgent_(urgency) {
  var u = norm_(urgency);
  return CONTRACT.urgent.some(function (x) { return norm_(x) === u; });
}

function urgentMail_(s, base) {
  var place = [s.location, floorText_(s.floor), s.spot].filter(Boolean).join(", ");
  var when = (s.date || "?") + (s.time ? " om " + s.time.replace(/:00$/, "") : "");
  var passed = notPassed_(s.passedTo) ? "nog aan niemand" : s.passedTo;
  var body = [
    "Een flatcoach heeft een melding doorgegeven met urgentie \"" + s.urgency + "\".",
    "Je krijgt deze mail vanwege die urgentie: het script mailt alleen bij " + CONTRACT.urgent.join(" of ") + ".",
    "",
    "Plek: " + (place || "niet ingevuld"),
    "Categorie: " + (s.category || "niet ingevuld"),
    "Soort: " + (s.kinds || "niet ingevuld"),
    "Wanneer: " + when + " (doorgegeven " + s.timestamp + ")",
    "Doorgezet naar: " + passed,
    "",
    "Beschrijving:",
    s.description || "(leeg)",
    "",
  ];
  var link = signalsLink_(base, s.day, s.location, s.category);
  if (link) {
    body.push("Op het dashboard (meldingen van " + dayLabel_(s.day) + [s.location, s.category]
        .filter(Boolean).map(function (x) { return ", " + x; }).join("") + "):", link);
  } else {
    body.push("Zet het adres van het dashboard in tabblad '" + CONTRACT.settings.tab + "' bij '" +
        CONTRACT.settings.dashboardUrl + "'; dan staat hier een link naar de meldingen.");
  }
  body.push("", "Je staat in de spreadsheet bij '" + CONTRACT.settings.urgentMail + "' (tabblad " +
      CONTRACT.settings.tab + "). Geen mail meer? Vraag de coördinator je adres daar weg te halen.");
  return {
    subject: "Melding met urgentie " + s.urgency + ": " + (place || "plek onbekend") +
        (s.category ? " (" + s.category + ")" : ""),
    body: body.join("\n"),
  };
}

function floorText_(floor) {
  if (!floor || norm_(floor) === "n.v.t.") return "";
  return /^\d+$/.test(floor) ? "verdieping " + floor : floor;
}

/** Nothing ticked under "Doorgezet naar", or only "Niet doorgezet". */
function notPassed_(passedTo) {
  return !String(passedTo || "").split(",").some(function (p) {
    return norm_(p) && norm_(p) !== norm_(CONTRACT.notPassed);
  });
}

/** The Meldingen page for the signal's day, tower and category (maand stays for an older dashboard). */
function signalsLink_(base, day, location, category) {
  if (!base) return "";
  var params = [];
  if (day) params.push("maand=" + day.slice(0, 7), "dag=" + day);
  var flat = CONTRACT.slugs.places[location];
  if (flat) params.push("flat=" + encodeURIComponent(flat));
  var cat = CONTRACT.slugs.categories[category];
  if (cat) params.push("cat=" + encodeURIComponent(cat));
  return base + "/" + CONTRACT.pages.signals + (params.length ? "?" + params.join("&") : "");
}

/** Time trigger, Monday morning: a digest of last week (Monday to Sunday) to the addresses in Instellingen. */
function stuurWeekmail() {
  var ss = SpreadsheetApp.getActiveSpreadsheet();  // the spreadsheet this script is bound to
  if (!ss) {
    throw new Error("Het script vindt zijn spreadsheet niet. Open het vanuit de spreadsheet " +
        "(Extensies → Apps Script).");
  }
  var tz = ss.getSpreadsheetTimeZone();
  var week = lastWeek_(new Date(), tz);
  var digest = weekDigest_(ss, week, tz);
  var settings = readSettings_(ss);
  var to = addresses_((settings[norm_(CONTRACT.settings.weeklyMail)] || {}).value);
  var mail = weeklyMail_(digest, week, dashboardUrl_(settings));
  sendMail_(ss, to, mail, "weekmail", "week van " + week.label, CONTRACT.settings.weeklyMail, 0);
}

/** Last Monday-to-Sunday week in the sheet's time zone, as day keys: from inclusive, to exclusive. */
function lastWeek_(now, tz) {
  var today = Utilities.formatDate(now, tz, "yyyy-MM-dd");
  var weekday = Number(Utilities.formatDate(now, tz, "u"));  // 1 = Monday
  var to = addDays_(today, 1 - weekday);
  var from = addDays_(to, -7);
  var last = addDays_(to, -1);
  return {from: from, to: to, today: today, label: dayLabel_(from, last.slice(0, 4) !== from.slice(0, 4) ||
      last.slice(5, 7) !== from.slice(5, 7)) + " t/m " + dayLabel_(last, true)};
}

/** What the script can count without the dashboard's cleaning rules. */
function weekDigest_(ss, week, tz) {
  var out = {forms: [], urgent: [], overdue: []};
  for (var i = 0; i < CONTRACT.forms.length; i++) {
    var spec = CONTRACT.forms[i];
    var rows = rowsOf_(ss, spec.tab);
    var tsCol = rows.header.length ? Math.max(indexOfAny_(rows.header, CONTRACT.signals.columns.timestamp), 0) : 0;
    var count = 0;
    for (var r = 0; r < rows.data.length; r++) {
      var day = dayKey_(rows.data[r][tsCol], tz);
      if (day && day >= week.from && day < week.to) count++;
    }
    out.forms.push({title: spec.title, count: count});
  }
  var signals = rowsOf_(ss, CONTRACT.signals.tab);
  var col = {};
  for (var key in CONTRACT.signals.columns) col[key] = indexOfAny_(signals.header, CONTRACT.signals.columns[key]);
  for (var s = 0; s < signals.data.length; s++) {
    var row = signals.data[s];
    var at = dayKey_(row[Math.max(col.timestamp, 0)], tz);
    if (!at || at < week.from || at >= week.to) continue;
    if (col.urgency < 0 || !isUrgent_(row[col.urgency])) continue;
    if (!notPassed_(col.passedTo < 0 ? "" : row[col.passedTo])) continue;
    var day = col.date < 0 ? null : dayKey_(row[col.date], tz);
    out.urgent.push([day ? dutchDay_(day) : "", cellText_(row[col.location]), cellText_(row[col.spot])]
        .filter(Boolean).join(", ") + (col.category >= 0 && row[col.category] ? " (" + cellText_(row[col.category]) +
        ")" : ""));
  }
  var actions = rowsOf_(ss, CONTRACT.actions.tab);
  var a = {};
  for (var k in CONTRACT.actions.columns) a[k] = indexOfAny_(actions.header, CONTRACT.actions.columns[k]);
  if (a.action >= 0 && a.deadline >= 0) {
    for (var n = 0; n < actions.data.length; n++) {
      var act = actions.data[n];
      var text = cellText_(act[a.action]);
      var deadline = dayKey_(act[a.deadline], tz);
      var status = a.status >= 0 ? cellText_(act[a.status]) : "";
      if (!text || !deadline || deadline >= week.today || norm_(status) === norm_(CONTRACT.actions.done)) continue;
      var who = a.owner >= 0 ? cellText_(act[a.owner]) : "";
      out.overdue.push(text + " (" + [who, "deadline " + dutchDay_(deadline), status || "geen status"]
          .filter(Boolean).join(", ") + ")");
    }
  }
  return out;
}

function weeklyMail_(d, week, base) {
  var body = ["Goedemorgen,", "", "Het weekoverzicht van de flatcoaches in de K-buurt over vorige week, " +
      week.label + ".", "", "Ingevulde formulieren:"];
  for (var i = 0; i < d.forms.length; i++) {
    body.push("- " + d.forms[i].title + ": " + d.forms[i].count);
  }
  body.push("", "Meldingen met urgentie " + CONTRACT.urgent.join(" of ") + " die aan niemand zijn doorgezet: " +
      d.urgent.length);
  body = body.concat(listed_(d.urgent));
  body.push("", "Acties uit het overleg met de deadline voorbij en nog niet afgerond: " + d.overdue.length);
  body = body.concat(listed_(d.overdue));
  body.push("", "Dit zijn de formulieren zoals ze binnenkwamen. Uren, dekking en budget staan op het dashboard, " +
      "dat ook dubbel of onvolledig ingestuurde formulieren eruit haalt.");
  if (base) {
    body.push("- Overzicht: " + base + "/",
        "- Meldingen: " + base + "/" + CONTRACT.pages.signals + "?maand=" + addDays_(week.to, -1).slice(0, 7),
        "- Opvolging: " + base + "/" + CONTRACT.pages.followUp);
  } else {
    body.push("Zet het adres van het dashboard in tabblad '" + CONTRACT.settings.tab + "' bij '" +
        CONTRACT.settings.dashboardUrl + "'; dan staan hier de links.");
  }
  body.push("", "Je staat in de spreadsheet bij '" + CONTRACT.settings.weeklyMail + "' (tabblad " +
      CONTRACT.settings.tab + "). Geen mail meer? Vraag de coördinator je adres daar weg te halen.");
  return {subject: "Weekoverzicht flatcoaches K-buurt, " + week.label, body: body.join("\n")};
}

function listed_(items) {
  var max = CONTRACT.mail.listMax;
  var out = items.slice(0, max).map(function (x) { return "- " + x; });
  if (items.length > max) out.push("- en nog " + (items.length - max) + " (zie het dashboard)");
  return out;
}

/** Send, or say in the sheet why not. Keeps `reserve` of the day's quota free (for the weekly mail). */
function sendMail_(ss, to, mail, what, ref, settingKey, reserve) {
  var reason = null;
  if (!to.length) {
    reason = "geen geldig e-mailadres bij '" + settingKey + "' in tabblad " + CONTRACT.settings.tab;
  } else {
    try {
      // also throws when the permission to send mail was not ticked ("Alles selecteren")
      var left = MailApp.getRemainingDailyQuota();
      if (left - to.length < reserve) {
        reason = "het dagelijkse maximum aan e-mails van Google is bijna op (nog " + left + " ontvanger(s) over, " +
            reserve + " bewaard voor de weekmail); morgen kan het weer";
      } else {
        MailApp.sendEmail(to.join(","), mail.subject, mail.body, {name: CONTRACT.mail.senderName});
        return true;
      }
    } catch (err) {
      reason = "versturen mislukt: " + (err && err.message ? err.message : err);
    }
  }
  logFailure_(ss, what, ref, to, reason);
  return false;
}

/** One row per mail that did not go out, so nothing is lost; the latest also in Instellingen for the dashboard. */
function logFailure_(ss, what, ref, to, reason) {
  var spec = CONTRACT.log;
  var sheet = ensureSheet_(ss, spec.tab, spec.headers);
  var now = stamp_(ss);
  // a leading apostrophe keeps text that starts with = or + from being read as a formula
  var safe = function (x) { return /^[=+\-@]/.test(x) ? "'" + x : x; };
  sheet.appendRow([now, what, safe(ref), to.join(", "), safe(reason)]);
  setSetting_(ss, CONTRACT.settings.scriptError, now + ", " + what + ": " + reason + " (zie tabblad " + spec.tab + ")",
      CONTRACT.settings.stateNotes.error);
}

// --- small helpers ------------------------------------------------------------------------------------------------

function rowsOf_(ss, tab) {
  var sheet = findSheet_(ss, tab);
  if (!sheet || sheet.getLastRow() < 1) return {header: [], data: []};
  var values = sheet.getDataRange().getValues();
  return {header: values[0].map(norm_), data: values.slice(1)};
}

function cellText_(v) {
  if (v === undefined || v === null) return "";
  return String(v).replace(/\s+/g, " ").trim();
}

function isDate_(v) {
  return Object.prototype.toString.call(v) === "[object Date]";
}

/** A cell as "yyyy-MM-dd" in the sheet's zone: a date cell, or text as a Dutch sheet writes it ("27-11-2026"). */
function dayKey_(v, tz) {
  if (isDate_(v)) return isNaN(v.getTime()) ? null : Utilities.formatDate(v, tz, "yyyy-MM-dd");
  var text = cellText_(v);
  var m = /^(\d{1,2})-(\d{1,2})-(\d{4})/.exec(text);
  if (m) return m[3] + "-" + pad_(m[2]) + "-" + pad_(m[1]);
  m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  return m ? m[0] : null;
}

function addDays_(day, n) {
  var d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + n));
  return d.getUTCFullYear() + "-" + pad_(d.getUTCMonth() + 1) + "-" + pad_(d.getUTCDate());
}

function pad_(n) {
  return ("0" + Number(n)).slice(-2);
}

function dutchDay_(day) {
  return Number(day.slice(8, 10)) + "-" + Number(day.slice(5, 7)) + "-" + day.slice(0, 4);
}

function dayLabel_(day, withMonth) {
  var month = MONTHS[Number(day.slice(5, 7)) - 1];
  return Number(day.slice(8, 10)) + (withMonth ? " " + month + " " + day.slice(0, 4) : "");
}

function dayLabel_(day) {
  return day ? Number(day.slice(8, 10)) + " " + monthLabel_(day) : "de laatste maand";
}

function monthLabel_(day) {
  return day ? MONTHS[Number(day.slice(5, 7)) - 1] + " " + day.slice(0, 4) : "de laatste maand";
}

function stamp_(ss) {
  return Utilities.formatDate(new Date(), ss.getSpreadsheetTimeZone(), "dd-MM-yyyy HH:mm");
}

function questionFor_(spec, title) {
  for (var i = 0; i < spec.questions.length; i++) {
    var q = spec.questions[i];
    if (indexOfAny_([norm_(title)], [q.title].concat(q.aliases)) === 0) return q;
  }
  return null;
}

function indexOfAny_(normalized, names) {
  for (var i = 0; i < names.length; i++) {
    var at = normalized.indexOf(norm_(names[i]));
    if (at >= 0) return at;
  }
  return -1;
}

function norm_(text) {
  return String(text === undefined || text === null ? "" : text).replace(/\s+/g, " ").trim().toLowerCase();
}

function report_(lines) {
  var text = lines.join("\n\n");
  Logger.log(text);
  try {
    SpreadsheetApp.getUi().alert(text);
  } catch (e) {
    // run from the script editor: the execution log shows the text
  }
}
"""


def render() -> str:
    """The complete Apps Script source."""
    header = HEADER.format(
        round_form=schema.ROUNDS.form_title, signal_form=schema.SIGNALS.form_title,
        coach=schema.COACH.header, round_tab=schema.ROUNDS.name, signal_tab=schema.SIGNALS.name,
        photo=schema.SIGNALS.header("photo"),
        coordinator_tabs=", ".join(t.name for t in schema.TABS.values() if t not in schema.FORM_TABS),
        timestamp=schema.TIMESTAMP.header, settings_tab=schema.SHEET_SETTINGS.name,
        urgent_mail=schema.SETTING_URGENT_MAIL, weekly_mail=schema.SETTING_WEEKLY_MAIL,
        dashboard_url=schema.SETTING_DASHBOARD_URL, script_urgent=schema.SETTING_SCRIPT_URGENT,
        script_weekly=schema.SETTING_SCRIPT_WEEKLY, script_error=schema.SETTING_SCRIPT_ERROR,
        log_tab=schema.SCRIPT_LOG, urgent=" of ".join(URGENT), hour=MAIL["weeklyHour"],
        hour_end=MAIL["weeklyHour"] + 1, quota=CONSUMER_DAILY_RECIPIENTS, reserve=MAIL["reserve"],
    )
    data = "\n// The questions, generated from lib/schema.py.\nvar CONTRACT = " + _js_json(contract()) + ";\n"
    return header + data + CODE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="forms-script",
                                     description="Maak het Apps Script dat de Google Forms aanmaakt.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="waar het script komt (standaard: %(default)s)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(), encoding="utf-8")
    print(f"Apps Script geschreven naar {out}. Plak het in de spreadsheet via Extensies → Apps Script "
          "en voer 'maakFormulieren' uit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
