/**
 * Flatcoaches K-buurt: de formulieren "Ronde doorgeven" en "Melding doorgeven" maken.
 *
 * NIET MET DE HAND AANPASSEN: dit bestand wordt gemaakt door `python -m lib.cli forms-script`
 * (lib/forms_script.py) uit lib/schema.py. Wie een vraag wil veranderen, verandert het schema.
 *
 * Zo gebruik je het (eenmalig, door de coördinator; uitgebreider in docs/google-setup.md):
 *  1. Open de spreadsheet "Flatcoaches K-buurt" en kies Extensies → Apps Script. Haal de voorbeeldcode weg,
 *     plak dit hele bestand erin en klik op Opslaan.
 *  2. Kies bovenaan de functie "maakFormulieren" en klik op Uitvoeren. Geef toestemming als Google daarom
 *     vraagt (het script maakt formulieren in jouw Google Drive en schrijft in deze spreadsheet).
 *  3. De eerste keer maakt het script de tabbladen die jij bijhoudt, met de juiste kopjes:
 *     Coaches, Kosten, Organisatie-uren, Acties, Begroting, Toegang, Instellingen, Overleggen.
 *     Daarna stopt het met de vraag om eerst de namen van de flatcoaches in het tabblad "Coaches" te zetten
 *     (kolom "Naam", één naam per regel). Doe dat en voer "maakFormulieren" nog een keer uit.
 *  4. Onderaan verschijnt het uitvoeringslogboek met de links: een link om het formulier in te vullen (voor
 *     de coaches) en een link om het te bewerken (alleen voor jou).
 *
 * Wat het script doet:
 *  - Het maakt de twee formulieren met precies de vragen, keuzes, verplichte vragen en uitleg uit het schema.
 *  - De keuzelijst met namen ("Naam flatcoach", "Medecoaches") komt uit het tabblad "Coaches"; coaches met een
 *    "Actief tot" in het verleden komen er niet in. Nieuwe coach? Pas het tabblad Coaches aan en voer daarna
 *    "werkCoachlijstBij" uit (of kies in de spreadsheet het menu Flatcoaches → Coachlijst bijwerken).
 *  - Het koppelt elk formulier aan deze spreadsheet. Google maakt dan een nieuw tabblad met de antwoorden; het
 *    script geeft dat tabblad de naam "Rondes" of "Meldingen". Bestaat er al een leeg tabblad met die
 *    naam, dan wordt dat vervangen. Staan er al gegevens in, dan stopt het script zonder iets te maken.
 *  - Nog een keer uitvoeren is veilig: een tabblad dat al aan een formulier gekoppeld is, wordt overgeslagen.
 *  - Het zet de landinstelling van de spreadsheet op Nederland en de tijdzone op Amsterdam, zodat datums als
 *    dag-maand-jaar worden opgeslagen.
 *
 * Wat het script NIET kan (beperkingen van Google Apps Script):
 *  - Een vraag "Bestand uploaden" maken. Voor "Foto" komt er daarom een open vraag waarin de coach een link
 *    naar de foto in Google Drive plakt. Wil je toch uploaden: verander in de formuliereditor het type van die
 *    vraag in "Bestand uploaden" en laat de titel "Foto" staan. (Uploaden vraagt wel dat coaches met een
 *    Google-account inloggen.)
 *  - Controleren of een tijd of datum klopt (bijvoorbeeld geen datum in de toekomst). Het dashboard controleert
 *    dat zelf en laat afgekeurde regels zien met de reden.
 *
 * Let op: verander de titels van de vragen liever niet. Het dashboard herkent een paar oude namen, maar een
 * hernoemde vraag krijgt in de spreadsheet een nieuwe kolomkop.
 */

// The questions, generated from lib/schema.py.
var CONTRACT = {
  "locale": "nl_NL",
  "timeZone": "Europe/Amsterdam",
  "roster": {
    "tab": "Coaches",
    "name": ["Naam"],
    "activeTo": ["Actief tot"]
  },
  "forms": [
    {
      "tab": "Rondes",
      "title": "Ronde doorgeven",
      "description": "Vul dit in na elke gelopen ronde. Eén formulier per ronde; de medecoaches hoeven niet zelf in te vullen.",
      "confirmation": "Dank je wel! Je ronde is doorgegeven.",
      "questions": [
        {
          "title": "Naam flatcoach",
          "aliases": ["Naam"],
          "type": "dropdown",
          "required": true,
          "help": "",
          "choices": [],
          "roster": true,
          "other": false
        },
        {
          "title": "Medecoaches",
          "aliases": [],
          "type": "checkbox",
          "required": false,
          "help": "Wie liep er mee? Niets aankruisen als je alleen liep.",
          "choices": [],
          "roster": true,
          "other": true
        },
        {
          "title": "Datum",
          "aliases": [],
          "type": "date",
          "required": true,
          "help": "De dag waarop de ronde begon.",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Starttijd",
          "aliases": [],
          "type": "time",
          "required": true,
          "help": "",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Eindtijd",
          "aliases": [],
          "type": "time",
          "required": true,
          "help": "Na middernacht? Vul gewoon de eindtijd in.",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Gelopen flats",
          "aliases": [],
          "type": "checkbox",
          "required": true,
          "help": "",
          "choices": ["Kouwenoord", "Klieverink", "Kempering", "Kralenbeek", "Openbare ruimte"],
          "roster": false,
          "other": false
        },
        {
          "title": "Observaties algemeen",
          "aliases": [],
          "type": "paragraph",
          "required": false,
          "help": "",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Observaties tijdens de ronde",
          "aliases": ["Observaties tijdens looprondes"],
          "type": "paragraph",
          "required": false,
          "help": "",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Opvallendheden/incidenten",
          "aliases": [],
          "type": "paragraph",
          "required": false,
          "help": "Kort. Details geef je door met het formulier Melding doorgeven.",
          "choices": [],
          "roster": false,
          "other": false
        }
      ]
    },
    {
      "tab": "Meldingen",
      "title": "Melding doorgeven",
      "description": "Eén melding per formulier: iets wat vies, kapot of onveilig is, of overlast.",
      "confirmation": "Dank je wel! Je melding is doorgegeven. Bij gevaar: bel 112.",
      "questions": [
        {
          "title": "Naam flatcoach",
          "aliases": ["Naam"],
          "type": "dropdown",
          "required": true,
          "help": "",
          "choices": [],
          "roster": true,
          "other": false
        },
        {
          "title": "Datum",
          "aliases": [],
          "type": "date",
          "required": true,
          "help": "",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Tijd",
          "aliases": [],
          "type": "time",
          "required": false,
          "help": "",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Locatie",
          "aliases": [],
          "type": "dropdown",
          "required": true,
          "help": "",
          "choices": ["Kouwenoord", "Klieverink", "Kempering", "Kralenbeek", "Openbare ruimte"],
          "roster": false,
          "other": false
        },
        {
          "title": "Verdieping",
          "aliases": [],
          "type": "dropdown",
          "required": false,
          "help": "",
          "choices": ["Kelder", "Begane grond", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "Dak", "n.v.t."],
          "roster": false,
          "other": false
        },
        {
          "title": "Plek",
          "aliases": [],
          "type": "dropdown",
          "required": false,
          "help": "",
          "choices": ["Entree/hal", "Lift", "Trappenhuis", "Galerij", "Bergingen", "Fietsenstalling", "Parkeergarage", "Rond de flat", "Route tussen flats", "Anders"],
          "roster": false,
          "other": false
        },
        {
          "title": "Categorie",
          "aliases": [],
          "type": "choice",
          "required": true,
          "help": "",
          "choices": ["Schoon", "Heel", "Veilig", "Overlast"],
          "roster": false,
          "other": false
        },
        {
          "title": "Soort",
          "aliases": [],
          "type": "checkbox",
          "required": false,
          "help": "",
          "choices": ["Afval/vuil", "Urine/uitwerpselen", "Slapers", "Hangjongeren", "Drugsgebruik/-handel", "Kapot/defect", "Verlichting", "Lift defect", "Graffiti/vernieling", "Geluidsoverlast", "Onveilig gevoel"],
          "roster": false,
          "other": true
        },
        {
          "title": "Beschrijving",
          "aliases": [],
          "type": "paragraph",
          "required": true,
          "help": "Wat zag je? Geen namen of huisnummers van bewoners.",
          "choices": [],
          "roster": false,
          "other": false
        },
        {
          "title": "Doorgezet naar",
          "aliases": [],
          "type": "checkbox",
          "required": false,
          "help": "",
          "choices": ["Beheerder De Key", "Gemeente (Signalen/MOR)", "Politie/wijkagent", "Wijkmakelaar", "Stichting", "Niet doorgezet"],
          "roster": false,
          "other": false
        },
        {
          "title": "Urgentie",
          "aliases": [],
          "type": "choice",
          "required": false,
          "help": "",
          "choices": ["Laag", "Gemiddeld", "Hoog", "Spoed (112 gebeld)"],
          "roster": false,
          "other": false
        },
        {
          "title": "Foto",
          "aliases": [],
          "type": "link",
          "required": false,
          "help": "Plak hier de link naar de foto in Google Drive (meerdere links scheiden met een komma). Geen gezichten of huisnummers op de foto.",
          "choices": [],
          "roster": false,
          "other": false
        }
      ]
    }
  ],
  "coordinatorTabs": [
    {
      "tab": "Coaches",
      "columns": [
        {
          "header": "Naam",
          "choices": []
        },
        {
          "header": "Pseudoniem",
          "choices": []
        },
        {
          "header": "Actief vanaf",
          "choices": []
        },
        {
          "header": "Actief tot",
          "choices": []
        },
        {
          "header": "Vrijwilligersovereenkomst",
          "choices": ["Ja", "Nee"]
        },
        {
          "header": "EHBO-training",
          "choices": []
        },
        {
          "header": "Jonger dan 21",
          "choices": ["Ja", "Nee"]
        }
      ]
    },
    {
      "tab": "Kosten",
      "columns": [
        {
          "header": "Datum",
          "choices": []
        },
        {
          "header": "Post",
          "choices": []
        },
        {
          "header": "Omschrijving",
          "choices": []
        },
        {
          "header": "Bedrag",
          "choices": []
        },
        {
          "header": "Betaald door",
          "choices": ["De Key", "Gemeente", "Stichting"]
        }
      ]
    },
    {
      "tab": "Organisatie-uren",
      "columns": [
        {
          "header": "Datum",
          "choices": []
        },
        {
          "header": "Naam",
          "choices": []
        },
        {
          "header": "Uren",
          "choices": []
        },
        {
          "header": "Omschrijving",
          "choices": []
        }
      ]
    },
    {
      "tab": "Acties",
      "columns": [
        {
          "header": "Datum overleg",
          "choices": []
        },
        {
          "header": "Actie",
          "choices": []
        },
        {
          "header": "Eigenaar",
          "choices": ["De Key", "Gemeente", "Stichting", "Politie", "Wijkmakelaar"]
        },
        {
          "header": "Deadline",
          "choices": []
        },
        {
          "header": "Status",
          "choices": ["Open", "Loopt", "Afgerond"]
        },
        {
          "header": "Melding",
          "choices": []
        },
        {
          "header": "Extern kenmerk",
          "choices": []
        },
        {
          "header": "Notitie",
          "choices": []
        }
      ]
    },
    {
      "tab": "Begroting",
      "columns": [
        {
          "header": "Post",
          "choices": []
        },
        {
          "header": "Uren",
          "choices": []
        },
        {
          "header": "Tarief",
          "choices": []
        },
        {
          "header": "Bedrag",
          "choices": []
        },
        {
          "header": "Bijdrage De Key",
          "choices": []
        },
        {
          "header": "Bijdrage Gemeente",
          "choices": []
        }
      ]
    },
    {
      "tab": "Toegang",
      "columns": [
        {
          "header": "Gemaakt op",
          "choices": []
        },
        {
          "header": "Naam link",
          "choices": []
        },
        {
          "header": "Rol",
          "choices": ["Partner", "Flatcoach"]
        },
        {
          "header": "Partner",
          "choices": ["De Key", "Gemeente"]
        },
        {
          "header": "SHA-256",
          "choices": []
        },
        {
          "header": "Ingetrokken op",
          "choices": []
        }
      ]
    },
    {
      "tab": "Instellingen",
      "columns": [
        {
          "header": "Instelling",
          "choices": []
        },
        {
          "header": "Waarde",
          "choices": []
        },
        {
          "header": "Toelichting",
          "choices": []
        }
      ]
    },
    {
      "tab": "Overleggen",
      "columns": [
        {
          "header": "Datum overleg",
          "choices": []
        },
        {
          "header": "Aanwezig",
          "choices": ["Stichting", "De Key", "Gemeente", "Politie", "Wijkmakelaar", "Flatcoaches"]
        },
        {
          "header": "Voortgang",
          "choices": []
        },
        {
          "header": "Rapportages",
          "choices": []
        },
        {
          "header": "Opvallendheden en incidenten",
          "choices": []
        },
        {
          "header": "Opvolging",
          "choices": []
        },
        {
          "header": "Nieuwe acties",
          "choices": []
        }
      ]
    }
  ]
};

/** Run once: creates the forms, links them to this spreadsheet and names the response tabs. */
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
  var coaches = readCoaches_(ss);
  checkTabsFree_(ss);
  var lines = [];
  for (var i = 0; i < CONTRACT.forms.length; i++) {
    lines.push(createForm_(ss, CONTRACT.forms[i], coaches));
  }
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

/** A menu in the spreadsheet, so the coordinator can update the names without opening the editor. */
function onOpen() {
  SpreadsheetApp.getUi()
      .createMenu("Flatcoaches")
      .addItem("Formulieren maken", "maakFormulieren")
      .addItem("Coachlijst bijwerken", "werkCoachlijstBij")
      .addToUi();
}

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

function createForm_(ss, spec, coaches) {
  var existing = findSheet_(ss, spec.tab);
  if (existing && existing.getFormUrl()) {
    return "Tabblad '" + spec.tab + "' is al gekoppeld aan een formulier; overgeslagen.";
  }
  var form = FormApp.create(spec.title);
  form.setDescription(spec.description);
  form.setCollectEmail(false);
  form.setConfirmationMessage(spec.confirmation);
  form.setShowLinkToRespondAgain(true);
  for (var i = 0; i < spec.questions.length; i++) {
    addQuestion_(form, spec.questions[i], coaches);
  }
  var before = sheetIds_(ss);
  form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
  var sheet = waitForResponseSheet_(ss, form, before);
  if (!sheet) {
    return "Formulier '" + spec.title + "' is gemaakt, maar het antwoordtabblad is niet gevonden. Geef het " +
        "nieuwe tabblad zelf de naam '" + spec.tab + "'. Bewerken: " + form.getEditUrl();
  }
  if (existing) {
    ss.deleteSheet(existing);  // empty: checkTabsFree_ stopped the script if it held data
  }
  sheet.setName(spec.tab);
  return "Formulier '" + spec.title + "' is klaar; antwoorden komen in tabblad '" + spec.tab + "'.\n" +
      "  Invullen (link voor de coaches): " + form.getPublishedUrl() + "\n" +
      "  Bewerken (alleen voor jou): " + form.getEditUrl();
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
    if (Object.prototype.toString.call(until) === "[object Date]" && until.getTime() < today.getTime()) {
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
  return String(text).replace(/\s+/g, " ").trim().toLowerCase();
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
