// A strict mock of the Apps Script services that intake/create_forms.gs uses, for tests/test_forms_script.py.
//
//   TZ=Europe/Amsterdam node tests/appsscript_mock.js <script.js> <scenario.json>   -> JSON on stdout
//
// Strict: reading a property that the mock does not define throws, so a typo or a method that is not in the Apps
// Script API fails the test instead of the coordinator's run. Methods and signatures follow Google's reference
// (developers.google.com/apps-script/reference: forms/form, script/script-app, script/clock-trigger-builder,
// script/spreadsheet-trigger-builder, mail/mail-app, lock/lock, utilities/utilities) and the event object of an installable
// Sheets "form submit" trigger (guides/triggers/events: authMode, namedValues, range, triggerUid, values).
//
// Google's behaviour copied here (shared/reference/google-facts-2026.md):
// - FormApp.create returns an UNPUBLISHED form (isPublished() false, isAcceptingResponses() false); an answer to an
//   unpublished or closed form is refused; setAcceptingResponses(true) on an unpublished form is an error (Forms API:
//   "setting is_accepting_responses to true and is_published to false isn't supported").
// - setDestination adds an answers tab named in the owner's language ("Formulierreacties 1" / "Form responses 1")
//   whose first column is the timestamp in that language.
// - MailApp counts recipients against a daily quota and throws "Service invoked too many times for one day: email."
//   past it.
//
// Scenario (all optional but sheets/steps): {sheets: [{name, rows}], steps: [...], now: ISO, quota: n,
//   account: "consumer"|"workspace", language: "nl"|"en", oldRuntime: bool, mailError: text, unticked: "mail",
//   lagResponseTab: n (a new answers tab is linked, getFormUrl() non-null, only from the n-th next step on)}
// A row cell {date: "YYYY-MM-DD"} or {ts: "YYYY-MM-DD HH:MM:SS"} becomes a Date (local time: run with TZ set).
// Steps: "functionName" | {sheet, rows} | {now: ISO}
//   | {submit: formTitle, answers: {title: value}, outsider: bool, twice: bool}
//   | {clock: handlerName} | {form: title, published: bool, accepting: bool} | {setCell: [sheet, row, col, value]}
//   | {quota: n} | {deleteTrigger: handlerName}
"use strict";
const fs = require("fs");
const vm = require("vm");
const src = fs.readFileSync(process.argv[2], "utf8");
const scenario = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));

// Names a script may probe with `typeof x.name === "function"` on an older runtime: reading them gives undefined.
const OPTIONAL = new Set(["setPublished", "isPublished", "supportsAdvancedResponderPermissions"]);

function strict(name, obj) {
  return new Proxy(obj, {
    get(target, prop) {
      if (typeof prop === "symbol" || prop in target) return target[prop];
      if (prop === "then" || prop === "toJSON") return undefined;  // probed by JavaScript itself
      if (OPTIONAL.has(prop) && scenario.oldRuntime) return undefined;
      throw new TypeError(name + "." + String(prop) + " is not in the Apps Script API (mock)");
    },
  });
}
function notModelled(name) {
  return () => { throw new Error(name + " is in the Apps Script API but not modelled in the mock"); };
}
function check(cond, message) {
  if (!cond) throw new Error(message);
}
function cell(v) {
  if (v && typeof v === "object" && v.date) {
    const [y, m, d] = v.date.split("-").map(Number);
    return new Date(y, m - 1, d);
  }
  if (v && typeof v === "object" && v.ts) {
    const [date, time] = v.ts.split(" ");
    const [y, m, d] = date.split("-").map(Number);
    const [hh, mm, ss] = time.split(":").map(Number);
    return new Date(y, m - 1, d, hh, mm, ss || 0);
  }
  return v;
}
const isDate = (v) => Object.prototype.toString.call(v) === "[object Date]";

// --- the clock -------------------------------------------------------------------------------------------------
let NOW = Date.parse(scenario.now || "2026-11-28T06:00:00Z");
class FakeDate extends Date {
  constructor(...args) {
    if (args.length === 0) super(NOW);
    else super(...args);
  }
  static now() { return NOW; }
}

// --- Utilities.formatDate ----------------------------------------------------------------------------------------
function partsIn(date, tz) {
  const f = new Intl.DateTimeFormat("en-GB", {timeZone: tz, weekday: "short", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"});
  const p = {};
  for (const x of f.formatToParts(date)) p[x.type] = x.value;
  return p;
}
const WEEKDAY_NUMBER = {Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7};
function formatDate(date, tz, format) {
  check(isDate(date), "Utilities.formatDate: date must be a Date");
  check(typeof tz === "string" && tz, "Utilities.formatDate: timeZone must be a string");
  check(typeof format === "string", "Utilities.formatDate: format must be a string");
  const p = partsIn(date, tz);
  const tokens = {yyyy: p.year, MM: p.month, M: String(Number(p.month)), dd: p.day, d: String(Number(p.day)),
                  HH: p.hour, H: String(Number(p.hour)), mm: p.minute, ss: p.second, u: String(WEEKDAY_NUMBER[p.weekday])};
  return format.replace(/yyyy|MM|M|dd|d|HH|H|mm|ss|u|'[^']*'|[A-Za-z]/g, (t) => {
    if (t in tokens) return tokens[t];
    if (t[0] === "'") return t.slice(1, -1);
    throw new Error("Utilities.formatDate: pattern letter '" + t + "' is not modelled in the mock");
  });
}
// How a Dutch-locale sheet shows a value (e.values of a form submit are these strings).
function shown(v) {
  if (!isDate(v)) return v === undefined || v === null ? "" : String(v);
  const p = partsIn(v, "Europe/Amsterdam");
  const day = Number(p.day) + "-" + Number(p.month) + "-" + p.year;
  return (p.hour === "00" && p.minute === "00" && p.second === "00") ? day : day + " " + Number(p.hour) + ":" +
      p.minute + ":" + p.second;
}

// --- spreadsheet ------------------------------------------------------------------------------------------------
let nextId = 1;
const sheets = [];   // {id, name, rows, formId, lag}
const forms = [];
const logs = [];
const mails = [];
const refused = [];        // answers a form refused: {form, reason}
const triggerErrors = [];  // errors thrown inside a trigger's handler (Google mails those to the owner)
const triggers = [];
const state = {timeZone: "America/Los_Angeles"};  // a new spreadsheet's zone is the owner's, not Amsterdam
let lockHeld = false;
let quota = scenario.quota === undefined ? 100 : scenario.quota;
const LANGUAGE = scenario.language || "nl";
const ANSWERS_TAB = LANGUAGE === "nl" ? "Formulierreacties " : "Form responses ";
const TIMESTAMP = LANGUAGE === "nl" ? "Tijdstempel" : "Timestamp";

function addSheet(name, rows, formId) {
  const rec = {id: nextId++, name: name, rows: rows.map((r) => r.map(cell)), formId: formId || null,
               lag: 0, frozen: 0, validations: {}, bold: []};
  sheets.push(rec);
  return rec;
}
for (const s of scenario.sheets) addSheet(s.name, s.rows);
const width = (rec) => rec.rows.reduce((w, r) => Math.max(w, r.length), 0);

function rangeApi(rec, row, col, numRows, numCols) {
  const get = () => {
    const out = [];
    for (let r = 0; r < numRows; r++) {
      const src = rec.rows[row - 1 + r] || [];
      const line = [];
      for (let c = 0; c < numCols; c++) {
        const v = src[col - 1 + c];
        line.push(v === undefined || v === null ? "" : v);
      }
      out.push(line);
    }
    return out;
  };
  const put = (values) => {
    values.forEach((v, i) => {
      const target = rec.rows[row - 1 + i] || (rec.rows[row - 1 + i] = []);
      v.forEach((x, j) => { target[col - 1 + j] = x; });
    });
  };
  const range = strict("Range", {
    getValues: get,
    getValue: () => get()[0][0],
    getRow: () => row,
    getSheet: () => sheetApi(rec),
    setValues: (values) => {
      check(Array.isArray(values) && values.length === numRows && values.every((v) => v.length === numCols),
            "Range.setValues: size mismatch");
      put(values);
      return range;
    },
    setValue: (v) => {
      check(numRows === 1 && numCols === 1, "Range.setValue on more than one cell is not modelled");
      check(v === null || ["string", "number", "boolean"].includes(typeof v) || isDate(v),
            "Range.setValue: bad value " + v);
      put([[v]]);
      return range;
    },
    setFontWeight: (w) => { rec.bold.push(row); return range; },
    setDataValidation: (rule) => {
      check(numCols === 1 && row === 2, "validation expected on one column from row 2");
      rec.validations[col - 1] = rule;
      return range;
    },
  });
  return range;
}
let ssApi;
function sheetApi(rec) {
  const self = strict("Sheet", {
    getName: () => rec.name,
    setName: (n) => {
      check(!sheets.some((s) => s !== rec && s.name.toLowerCase() === n.toLowerCase()), "name taken: " + n);
      rec.name = n;
      return self;
    },
    getSheetId: () => rec.id,
    getParent: () => ssApi,
    getFormUrl: () => (rec.formId && !rec.lag) ? "https://docs.google.com/forms/d/" + rec.formId + "/viewform"
        : null,
    getLastRow: () => rec.rows.length,
    getLastColumn: () => width(rec),
    getMaxRows: () => 1000,
    getDataRange: () => rangeApi(rec, 1, 1, Math.max(rec.rows.length, 1), Math.max(width(rec), 1)),
    setFrozenRows: (n) => { rec.frozen = n; return self; },
    appendRow: (values) => {
      check(Array.isArray(values) && values.length > 0, "Sheet.appendRow needs an array");
      rec.rows.push(values.slice());
      return self;
    },
    getRange: (row, col, numRows, numCols) => {
      if (typeof row === "string") throw new Error("A1 notation is not modelled in the mock");
      if (numRows === undefined && numCols === undefined) { numRows = 1; numCols = 1; }
      check([row, col, numRows, numCols].every((n) => Number.isInteger(n) && n >= 1), "bad range");
      return rangeApi(rec, row, col, numRows, numCols);
    },
  });
  return self;
}
ssApi = strict("Spreadsheet", {
  getId: () => "SPREADSHEET-1",
  getSheets: () => sheets.map(sheetApi),
  insertSheet: (name) => {
    check(!sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()), "name taken: " + name);
    return sheetApi(addSheet(name, []));
  },
  deleteSheet: (sh) => { sheets.splice(sheets.findIndex((s) => s.id === sh.getSheetId()), 1); },
  setSpreadsheetLocale: (l) => { state.locale = l; },
  setSpreadsheetTimeZone: (tz) => { state.timeZone = tz; },
  getSpreadsheetTimeZone: () => state.timeZone,
});

// --- forms ----------------------------------------------------------------------------------------------------
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
      check(typeof b === "boolean", "required must be boolean");
      rec.required = b;
      return self;
    },
    getTitle: () => rec.title,
    getType: () => rec.type,
    isRequired: () => rec.required,
  };
  for (const m of ITEM_METHODS[rec.type]) {
    api[m] = (v) => {
      if (m === "setChoiceValues") {
        check(Array.isArray(v) && v.length, "setChoiceValues needs a non-empty array");
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
    check(rec.type === type, "Item is not " + type);
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
  const api = {
    getTitle: () => rec.title,
    setDescription: (d) => { rec.description = d; return self; },
    setCollectEmail: (b) => { rec.collectEmail = b; return self; },
    setConfirmationMessage: (m) => { rec.confirmation = m; return self; },
    setShowLinkToRespondAgain: (b) => { rec.respondAgain = b; return self; },
    setDestination: (type, id) => {
      check(type === "SPREADSHEET" && id === "SPREADSHEET-1", "bad destination");
      rec.destination = id;
      const n = sheets.filter((s) => s.formId).length + 1;
      const tab = addSheet(ANSWERS_TAB + n, [[TIMESTAMP].concat(rec.items.map((i) => i.title))], rec.id);
      if (scenario.lagResponseTab) tab.lag = Number(scenario.lagResponseTab);  // Google links the tab later
      return self;
    },
    getDestinationId: () => {
      check(rec.destination, "Form has no destination");
      return rec.destination;
    },
    getId: () => rec.id,
    getEditUrl: () => "https://docs.google.com/forms/d/" + rec.id + "/edit",
    getPublishedUrl: () => "https://docs.google.com/forms/d/e/" + rec.id + "/viewform",
    getItems: () => rec.items.map(genericItem),
    addListItem: add("LIST"), addMultipleChoiceItem: add("MULTIPLE_CHOICE"), addCheckboxItem: add("CHECKBOX"),
    addDateItem: add("DATE"), addTimeItem: add("TIME"), addTextItem: add("TEXT"),
    addParagraphTextItem: add("PARAGRAPH_TEXT"),
    isAcceptingResponses: () => rec.accepting,
    setAcceptingResponses: (b) => {
      check(typeof b === "boolean", "setAcceptingResponses needs a boolean");
      if (b && !rec.published) throw new Error("Cannot accept responses on an unpublished form.");
      rec.accepting = b;
      return self;
    },
    // Deprecated in the reference; only a Google Workspace form can be limited to the organisation's accounts.
    requiresLogin: () => rec.requireLogin,
    setRequireLogin: (b) => {
      if (scenario.account !== "workspace") throw new Error("Requiring sign-in is only available for Google Workspace.");
      rec.requireLogin = b;
      return self;
    },
  };
  if (!scenario.oldRuntime) {
    api.isPublished = () => rec.published;
    api.supportsAdvancedResponderPermissions = () => true;
    api.setPublished = (b) => {
      check(typeof b === "boolean", "setPublished needs a boolean");
      rec.published = b;
      rec.accepting = b;  // publishing opens the form; unpublishing closes it
      return self;
    };
  }
  const self = strict("Form", api);
  return self;
}
const FormApp = strict("FormApp", {
  DestinationType: {SPREADSHEET: "SPREADSHEET"},
  ItemType: {LIST: "LIST", MULTIPLE_CHOICE: "MULTIPLE_CHOICE", CHECKBOX: "CHECKBOX", DATE: "DATE", TIME: "TIME",
             TEXT: "TEXT", PARAGRAPH_TEXT: "PARAGRAPH_TEXT"},
  create: (title) => {
    // an older runtime made forms that were open at once; since June 2026 they start unpublished
    const open = Boolean(scenario.oldRuntime);
    const rec = {id: "FORM-" + (forms.length + 1), title: title, items: [], published: open, accepting: open,
                 requireLogin: scenario.account === "workspace"};
    forms.push(rec);
    return formApi(rec);
  },
  openByUrl: (url) => {
    const m = /forms\/d\/(?:e\/)?([^/]+)/.exec(url);
    const rec = m && forms.find((f) => f.id === m[1]);
    if (!rec) throw new Error("No item with the given ID could be found: " + url);
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
});

// --- triggers ---------------------------------------------------------------------------------------------------
const EventType = {CLOCK: "CLOCK", ON_OPEN: "ON_OPEN", ON_EDIT: "ON_EDIT", ON_FORM_SUBMIT: "ON_FORM_SUBMIT",
                   ON_CHANGE: "ON_CHANGE", ON_EVENT_UPDATED: "ON_EVENT_UPDATED"};
const TriggerSource = {SPREADSHEETS: "SPREADSHEETS", CLOCK: "CLOCK", FORMS: "FORMS", DOCUMENTS: "DOCUMENTS",
                       CALENDAR: "CALENDAR"};
const WeekDay = {MONDAY: "MONDAY", TUESDAY: "TUESDAY", WEDNESDAY: "WEDNESDAY", THURSDAY: "THURSDAY",
                 FRIDAY: "FRIDAY", SATURDAY: "SATURDAY", SUNDAY: "SUNDAY"};
let nextTrigger = 1;
function triggerApi(t) {
  return strict("Trigger", {
    getHandlerFunction: () => t.handler,
    getEventType: () => t.event,
    getTriggerSource: () => t.source,
    getTriggerSourceId: () => t.sourceId,
    getUniqueId: () => t.uid,
  });
}
function makeTrigger(t) {
  check(typeof sandbox[t.handler] === "function", "ScriptApp: no function named " + t.handler + " in the script");
  t.uid = String(nextTrigger++);
  triggers.push(t);
  return triggerApi(t);
}
function clockBuilder(handler) {
  const t = {handler: handler, event: EventType.CLOCK, source: TriggerSource.CLOCK, sourceId: null};
  const b = strict("ClockTriggerBuilder", {
    onWeekDay: (day) => { check(Object.values(WeekDay).includes(day), "onWeekDay needs a ScriptApp.WeekDay"); t.weekDay = day; return b; },
    atHour: (h) => { check(Number.isInteger(h) && h >= 0 && h <= 23, "atHour needs 0-23"); t.hour = h; return b; },
    nearMinute: (m) => { check(Number.isInteger(m) && m >= 0 && m <= 59, "nearMinute needs 0-59"); t.minute = m; return b; },
    inTimezone: (tz) => { check(typeof tz === "string" && tz.includes("/"), "inTimezone needs an IANA zone"); t.timeZone = tz; return b; },
    everyWeeks: (n) => { check(Number.isInteger(n) && n >= 1, "everyWeeks needs n >= 1"); t.everyWeeks = n; return b; },
    create: () => {
      check(t.weekDay || t.everyWeeks, "a clock trigger needs a schedule");
      return makeTrigger(t);
    },
    after: notModelled("ClockTriggerBuilder.after"), at: notModelled("ClockTriggerBuilder.at"),
    atDate: notModelled("ClockTriggerBuilder.atDate"), everyDays: notModelled("ClockTriggerBuilder.everyDays"),
    everyHours: notModelled("ClockTriggerBuilder.everyHours"),
    everyMinutes: notModelled("ClockTriggerBuilder.everyMinutes"),
    onMonthDay: notModelled("ClockTriggerBuilder.onMonthDay"),
  });
  return b;
}
function sourceId(x, what) {
  if (typeof x === "string") return x;
  check(x && typeof x.getId === "function", what + " needs a file or its ID");
  return x.getId();
}
const ScriptApp = strict("ScriptApp", {
  EventType: EventType, TriggerSource: TriggerSource, WeekDay: WeekDay,
  getProjectTriggers: () => triggers.map(triggerApi),
  deleteTrigger: (trigger) => {
    const i = triggers.findIndex((t) => t.uid === trigger.getUniqueId());
    check(i >= 0, "ScriptApp.deleteTrigger: no such trigger");
    triggers.splice(i, 1);
  },
  newTrigger: (handler) => {
    check(typeof handler === "string" && handler, "newTrigger needs a function name");
    return strict("TriggerBuilder", {
      timeBased: () => clockBuilder(handler),
      forSpreadsheet: (ss) => {
        const id = sourceId(ss, "forSpreadsheet");
        const t = {handler: handler, source: TriggerSource.SPREADSHEETS, sourceId: id};
        const done = (event) => () => strict("SpreadsheetTriggerBuilder.create", {create: () => makeTrigger(Object.assign(t, {event}))});
        return strict("SpreadsheetTriggerBuilder", {
          onFormSubmit: () => strict("SpreadsheetTriggerBuilder", {create: () => makeTrigger(Object.assign(t, {event: EventType.ON_FORM_SUBMIT}))}),
          onEdit: done(EventType.ON_EDIT), onChange: done(EventType.ON_CHANGE), onOpen: done(EventType.ON_OPEN),
        });
      },
      forForm: (form) => {
        const t = {handler: handler, source: TriggerSource.FORMS, sourceId: sourceId(form, "forForm")};
        return strict("FormTriggerBuilder", {
          onFormSubmit: () => strict("FormTriggerBuilder", {create: () => makeTrigger(Object.assign(t, {event: EventType.ON_FORM_SUBMIT}))}),
          onOpen: notModelled("FormTriggerBuilder.onOpen"),
        });
      },
      forDocument: notModelled("TriggerBuilder.forDocument"),
      forUserCalendar: notModelled("TriggerBuilder.forUserCalendar"),
    });
  },
});

// --- mail -------------------------------------------------------------------------------------------------------
const MAIL_OPTIONS = ["attachments", "bcc", "cc", "htmlBody", "inlineImages", "name", "noReply", "replyTo"];
const ADDRESS = /^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/;
function addressList(text) {
  return String(text || "").split(",").map((a) => a.trim()).filter((a) => a);
}
// What an unticked permission on the granular consent screen does: the call that needs it throws.
const NO_MAIL_PERMISSION = "Specified permissions are not sufficient to call MailApp.getRemainingDailyQuota. " +
    "Required permissions: https://www.googleapis.com/auth/script.send_mail";
const MailApp = strict("MailApp", {
  getRemainingDailyQuota: () => {
    if (scenario.unticked === "mail") throw new Error(NO_MAIL_PERMISSION);
    return quota;
  },
  sendEmail: (...args) => {
    check(args.length === 3 || args.length === 4, "MailApp.sendEmail(recipient, subject, body[, options]) expected");
    const [to, subject, body, options] = args;
    check(typeof to === "string" && typeof subject === "string" && typeof body === "string",
          "MailApp.sendEmail: recipient, subject and body must be strings");
    const opts = options || {};
    for (const k of Object.keys(opts)) check(MAIL_OPTIONS.includes(k), "MailApp.sendEmail: unknown option " + k);
    if (scenario.unticked === "mail") throw new Error(NO_MAIL_PERMISSION.replace("getRemainingDailyQuota", "sendEmail"));
    const recipients = addressList(to).concat(addressList(opts.cc), addressList(opts.bcc));
    check(recipients.length > 0, "Failed to send email: no recipient");
    for (const a of recipients) check(ADDRESS.test(a), "Invalid email: " + a);
    if (scenario.mailError) throw new Error(scenario.mailError);
    if (recipients.length > quota) throw new Error("Service invoked too many times for one day: email.");
    quota -= recipients.length;
    mails.push({to: to, subject: subject, body: body, options: opts, at: new Date(NOW).toISOString()});
  },
});

// --- the sandbox and the steps --------------------------------------------------------------------------------------
const sandbox = {
  SpreadsheetApp: strict("SpreadsheetApp", {
    getActiveSpreadsheet: () => ssApi,
    flush: () => {},
    newDataValidation: () => {
      const rule = {};
      const b = strict("DataValidationBuilder", {
        requireValueInList: (values, showDropdown) => {
          rule.choices = values.slice();
          rule.dropdown = showDropdown;
          return b;
        },
        setAllowInvalid: (allow) => { rule.allowInvalid = allow; return b; },
        build: () => rule,
      });
      return b;
    },
    getUi: () => { throw new Error("Cannot call SpreadsheetApp.getUi() from this context."); },
  }),
  FormApp: FormApp,
  ScriptApp: ScriptApp,
  MailApp: MailApp,
  LockService: strict("LockService", {
    getScriptLock: () => {
      const lock = strict("Lock", {
        waitLock: (ms) => {
          check(Number.isInteger(ms) && ms > 0, "Lock.waitLock needs a timeout in milliseconds");
          check(!lockHeld, "Lock timeout: another process was holding the lock for too long.");
          lockHeld = true;
        },
        tryLock: (ms) => {
          check(Number.isInteger(ms) && ms >= 0, "Lock.tryLock needs a timeout in milliseconds");
          if (lockHeld) return false;
          lockHeld = true;
          return true;
        },
        hasLock: () => lockHeld,
        releaseLock: () => { lockHeld = false; },
      });
      return lock;
    },
  }),
  Logger: strict("Logger", {log: (m) => { logs.push(String(m)); }}),
  Utilities: strict("Utilities", {sleep: () => {}, formatDate: formatDate}),
};
vm.createContext(sandbox);
sandbox.Date = FakeDate;
vm.runInContext(src, sandbox);

function fire(t, event) {
  try {
    sandbox[t.handler](event);
  } catch (e) {
    triggerErrors.push(t.handler + ": " + String(e.message || e));
  }
}
function submit(step) {
  const rec = forms.find((f) => f.title === step.submit);
  check(rec, "no form titled " + step.submit);
  const why = !rec.published ? "the form is not published" : !rec.accepting ? "the form is not accepting responses"
      : (rec.requireLogin && step.outsider) ? "only accounts of the organisation may respond" : null;
  if (why) {
    refused.push({form: rec.title, reason: why});
    throw new Error("Answer refused: " + why);
  }
  const tab = sheets.find((s) => s.formId === rec.id);
  check(tab, "form " + rec.title + " has no answers tab");
  const header = tab.rows[0];
  const row = header.map((h, i) => {
    if (i === 0) return new Date(NOW);
    const v = step.answers[h];
    return v === undefined ? "" : Array.isArray(v) ? v.join(", ") : cell(v);
  });
  tab.rows.push(row);
  const rowNumber = tab.rows.length;
  const namedValues = {};
  header.forEach((h, i) => { namedValues[h] = [shown(row[i])]; });
  // Google now and then fires a form-submit trigger twice for one answer ({twice: true})
  for (const t of step.twice ? triggers.concat(triggers) : triggers.slice()) {
    if (t.event !== EventType.ON_FORM_SUBMIT) continue;
    if (t.source === TriggerSource.SPREADSHEETS && t.sourceId === "SPREADSHEET-1") {
      fire(t, strict("FormSubmitEvent", {authMode: "FULL", triggerUid: t.uid, namedValues: namedValues,
        values: row.map(shown), range: rangeApi(tab, rowNumber, 1, 1, header.length)}));
    }
    if (t.source === TriggerSource.FORMS && t.sourceId === rec.id) {
      fire(t, strict("FormSubmitEvent", {authMode: "FULL", triggerUid: t.uid}));
    }
  }
}
const errors = [];
for (const step of scenario.steps) {
  for (const s of sheets) s.lag = Math.max(0, s.lag - 1);  // a lagging answers tab is linked some steps later
  try {
    if (typeof step === "string") {
      check(typeof sandbox[step] === "function", "no function " + step);
      sandbox[step]();
    } else if (step.submit) submit(step);
    else if (step.clock) {
      const due = triggers.filter((t) => t.event === EventType.CLOCK && t.handler === step.clock);
      check(due.length, "no clock trigger for " + step.clock);
      for (const t of due) fire(t, strict("ClockEvent", {authMode: "FULL", triggerUid: t.uid}));
    } else if (step.now) NOW = Date.parse(step.now);
    else if (step.quota !== undefined) quota = step.quota;
    else if (step.form) {
      const rec = forms.find((f) => f.title === step.form);
      if ("published" in step) rec.published = step.published;
      if ("accepting" in step) rec.accepting = step.accepting;
    } else if (step.setCell) {
      const [name, r, c, v] = step.setCell;
      const rec = sheets.find((s) => s.name === name);
      (rec.rows[r - 1] = rec.rows[r - 1] || [])[c - 1] = cell(v);
    } else if (step.deleteTrigger) {
      const i = triggers.findIndex((t) => t.handler === step.deleteTrigger);
      triggers.splice(i, 1);
    } else if (step.sheet) {
      sheets.find((s) => s.name === step.sheet).rows = step.rows.map((r) => r.map(cell));
    } else throw new Error("unknown step " + JSON.stringify(step));
    errors.push(null);
  } catch (e) {
    errors.push(String(e.message || e));
  }
}
process.stdout.write(JSON.stringify({forms, sheets, logs, state, errors, error: errors[errors.length - 1], mails,
  triggers, refused, triggerErrors, quota}));
