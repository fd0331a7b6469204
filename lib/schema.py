"""The spreadsheet contract, once: every tab, field, Dutch header, alias, type, required flag and option list.

The cleaner, the in-app intake form and the Google Forms script generator are all driven by this module;
no header string is written anywhere else in the code. The contract in words: docs/spreadsheet-contract.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """How a cell is read. The same kinds drive the parser, the intake widgets and the Forms script."""

    TIMESTAMP = "timestamp"  # date + time of day (Tijdstempel)
    DATE = "date"
    TIME = "time"
    TEXT = "text"  # short answer
    PARAGRAPH = "paragraph"  # long answer
    CHOICE = "choice"  # one option (dropdown or multiple choice)
    MULTI = "multi"  # checkboxes: one cell, options joined by ", "
    NUMBER = "number"
    MONEY = "money"
    YESNO = "yesno"  # Ja/Nee
    FILES = "files"  # Drive links, comma separated


@dataclass(frozen=True)
class Field:
    """One column of a tab: the header the form writes, older names it had, and how to read it."""

    key: str  # English name used in code and clean frames
    header: str  # exact Dutch header as Google Forms writes it
    kind: Kind
    required: bool = False
    options: tuple[str, ...] = ()
    # strict: a value outside the options rejects the row; otherwise it is kept and warned about
    strict: bool = False
    # the roster fills the options (coach names) in the forms; the cleaner matches names to the roster
    roster: bool = False
    # the form offers "Anders" with free text (Google writes the text itself into the cell)
    other: bool = False
    aliases: tuple[str, ...] = ()
    help: str = ""  # help text shown under the question in the forms

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Tab:
    """One tab of the spreadsheet. Form tabs (Rondes, Meldingen) must exist; the coordinator's may be missing."""

    name: str
    fields: tuple[Field, ...]
    must_exist: bool = False
    form_title: str = ""  # the Google Form that writes this tab, if any
    form_description: str = ""

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def header(self, key: str) -> str:
        return self.field(key).header


def norm(text: object) -> str:
    """Header/option comparison key: case- and whitespace-insensitive, as the contract asks."""
    # str.split() cuts on exactly the characters re's \s matches (str.isspace), and is ~5x faster than re.sub
    return " ".join(str(text).split()).casefold()


# --- option lists -------------------------------------------------------------------------------------------
TOWERS = ("Kouwenoord", "Klieverink", "Kempering", "Kralenbeek")
PUBLIC_SPACE = "Openbare ruimte"
LOCATIONS = (*TOWERS, PUBLIC_SPACE)
FLOORS = ("Kelder", "Begane grond", *[str(i) for i in range(1, 12)], "Dak", "n.v.t.")
SPOTS = (
    "Entree/hal", "Lift", "Trappenhuis", "Galerij", "Bergingen", "Fietsenstalling", "Parkeergarage",
    "Rond de flat", "Route tussen flats", "Anders",
)
CATEGORIES = ("Schoon", "Heel", "Veilig", "Overlast")
KINDS = (
    "Afval/vuil", "Urine/uitwerpselen", "Slapers", "Hangjongeren", "Drugsgebruik/-handel", "Kapot/defect",
    "Verlichting", "Lift defect", "Graffiti/vernieling", "Geluidsoverlast", "Onveilig gevoel",
)
# Kinds that are about people: small counts are masked outside the coordinator's view (AVG).
PERSON_KINDS = ("Slapers", "Hangjongeren", "Drugsgebruik/-handel")
PASSED_TO = (
    "Beheerder De Key", "Gemeente (Signalen/MOR)", "Politie/wijkagent", "Wijkmakelaar", "Stichting", "Niet doorgezet",
)
URGENCIES = ("Laag", "Gemiddeld", "Hoog", "Spoed (112 gebeld)")
FUNDERS = ("De Key", "Gemeente", "Stichting")
OWNERS = ("De Key", "Gemeente", "Stichting", "Politie", "Wijkmakelaar")
STATUSES = ("Open", "Loopt", "Afgerond")
OPEN = STATUSES[0]  # "Open": the status of a new action, and of one whose Status is empty
DONE = STATUSES[-1]  # "Afgerond": an action with this status is closed; every other status counts as open
URGENT_LEVELS = URGENCIES[2:]  # "Hoog", "Spoed (112 gebeld)": the dashboard's "urgent", mailed at once by the script
OTHER = "Anders"
# The two partners with a view of their own, by the key used in links, secrets and URLs -> the name shown and the
# name they carry in Eigenaar (Acties), Financier (Begroting) and Partner (Toegang).
PARTNER_NAMES = {"dekey": "De Key", "gemeente": "Gemeente"}
FOUNDATION = "stichting"  # the foundation's own view (everything, its part first): the default view

# --- the tabs -----------------------------------------------------------------------------------------------
TIMESTAMP = Field("timestamp", "Tijdstempel", Kind.TIMESTAMP, required=True, aliases=("Timestamp",))
COACH = Field("coach", "Naam flatcoach", Kind.CHOICE, required=True, roster=True, aliases=("Naam",))

ROUNDS = Tab(
    "Rondes",
    (
        TIMESTAMP,
        COACH,
        Field("co_coaches", "Medecoaches", Kind.MULTI, roster=True, other=True,
              help="Wie liep er mee? Niets aankruisen als je alleen liep."),
        Field("date", "Datum", Kind.DATE, required=True, help="De dag waarop de ronde begon."),
        Field("start", "Starttijd", Kind.TIME, required=True),
        Field("end", "Eindtijd", Kind.TIME, required=True, help="Na middernacht? Vul gewoon de eindtijd in."),
        Field("locations", "Gelopen flats", Kind.MULTI, required=True, options=LOCATIONS),
        Field("obs_general", "Observaties algemeen", Kind.PARAGRAPH),
        Field("obs_round", "Observaties tijdens de ronde", Kind.PARAGRAPH,
              aliases=("Observaties tijdens looprondes",)),
        Field("incidents", "Opvallendheden/incidenten", Kind.PARAGRAPH,
              help="Kort. Details geef je door met het formulier Melding doorgeven."),
    ),
    must_exist=True,
    form_title="Ronde doorgeven",
    form_description="Vul dit in na elke gelopen ronde. Eén formulier per ronde; de medecoaches hoeven niet zelf "
                     "in te vullen.",
)

SIGNALS = Tab(
    "Meldingen",
    (
        TIMESTAMP,
        COACH,
        Field("date", "Datum", Kind.DATE, required=True),
        Field("time", "Tijd", Kind.TIME),
        Field("location", "Locatie", Kind.CHOICE, required=True, options=LOCATIONS, strict=True),
        Field("floor", "Verdieping", Kind.CHOICE, options=FLOORS),
        Field("spot", "Plek", Kind.CHOICE, options=SPOTS),
        Field("category", "Categorie", Kind.CHOICE, required=True, options=CATEGORIES, strict=True),
        Field("kinds", "Soort", Kind.MULTI, options=KINDS, other=True),
        Field("description", "Beschrijving", Kind.PARAGRAPH, required=True,
              help="Wat zag je? Geen namen of huisnummers van bewoners."),
        Field("passed_to", "Doorgezet naar", Kind.MULTI, options=PASSED_TO),
        Field("urgency", "Urgentie", Kind.CHOICE, options=URGENCIES),
        Field("photo", "Foto", Kind.FILES),
    ),
    must_exist=True,
    form_title="Melding doorgeven",
    form_description="Eén melding per formulier: iets wat vies, kapot of onveilig is, of overlast.",
)

ROSTER = Tab(
    "Coaches",
    (
        Field("name", "Naam", Kind.TEXT, required=True),
        Field("pseudonym", "Pseudoniem", Kind.TEXT),
        Field("active_from", "Actief vanaf", Kind.DATE),
        Field("active_to", "Actief tot", Kind.DATE),
        Field("agreement", "Vrijwilligersovereenkomst", Kind.YESNO, options=("Ja", "Nee")),
        Field("first_aid", "EHBO-training", Kind.DATE),
        Field("under_21", "Jonger dan 21", Kind.YESNO, options=("Ja", "Nee")),
    ),
)

COSTS = Tab(
    "Kosten",
    (
        Field("date", "Datum", Kind.DATE, required=True),
        Field("budget_line", "Post", Kind.TEXT, required=True),
        Field("description", "Omschrijving", Kind.TEXT),
        Field("amount", "Bedrag", Kind.MONEY, required=True),
        Field("paid_by", "Betaald door", Kind.CHOICE, options=FUNDERS),
    ),
)

ORG_HOURS = Tab(
    "Organisatie-uren",
    (
        Field("date", "Datum", Kind.DATE, required=True),
        Field("name", "Naam", Kind.TEXT, required=True),
        Field("hours", "Uren", Kind.NUMBER, required=True),
        Field("description", "Omschrijving", Kind.TEXT),
    ),
)

ACTIONS = Tab(
    "Acties",
    (
        Field("meeting_date", "Datum overleg", Kind.DATE, required=True),
        Field("action", "Actie", Kind.PARAGRAPH, required=True),
        Field("owner", "Eigenaar", Kind.CHOICE, options=OWNERS),
        Field("deadline", "Deadline", Kind.DATE),
        Field("status", "Status", Kind.CHOICE, options=STATUSES),
        Field("signal_ts", "Melding", Kind.TIMESTAMP),
        Field("ticket", "Extern kenmerk", Kind.TEXT),
        Field("note", "Notitie", Kind.PARAGRAPH),
    ),
)

BUDGET = Tab(
    "Begroting",
    (
        Field("budget_line", "Post", Kind.TEXT, required=True),
        Field("hours", "Uren", Kind.NUMBER),
        Field("rate", "Tarief", Kind.MONEY),
        Field("amount", "Bedrag", Kind.MONEY),
        Field("contrib_dekey", "Bijdrage De Key", Kind.MONEY),
        Field("contrib_gemeente", "Bijdrage Gemeente", Kind.MONEY),
    ),
)

# --- tabs the dashboard and the forms script keep for themselves ------------------------------------------------
# Share links made on the page Delen: only the SHA-256 of a link's token is stored, never the token. The one
# writable place a hosted dashboard has, so a link can be made or revoked without a redeploy.
LINK_ROLES = ("Partner", "Flatcoach")
LINK_PARTNERS = ("De Key", "Gemeente")
ACCESS_LINKS = Tab(
    "Toegang",
    (
        Field("made_at", "Gemaakt op", Kind.TIMESTAMP, required=True),
        Field("label", "Naam link", Kind.TEXT, required=True),
        Field("role", "Rol", Kind.CHOICE, required=True, options=LINK_ROLES, strict=True),
        Field("partner", "Partner", Kind.CHOICE, options=LINK_PARTNERS),
        Field("sha256", "SHA-256", Kind.TEXT, required=True),
        Field("revoked_at", "Ingetrokken op", Kind.TIMESTAMP),
    ),
)

# Settings the coordinator fills in (who gets which mail, the dashboard's address) and the forms script's state
# (whether its triggers are installed), as rows of Instelling | Waarde.
SHEET_SETTINGS = Tab(
    "Instellingen",
    (
        Field("key", "Instelling", Kind.TEXT, required=True),
        Field("value", "Waarde", Kind.TEXT),
        Field("note", "Toelichting", Kind.PARAGRAPH),
    ),
)
# The rows of Instellingen by their Instelling text. The coordinator fills the first three; the forms script
# (intake/create_forms.gs) writes the "Script: …" rows and one "Formulier: <title>" row per form (its edit link),
# so the dashboard can show whether the mails are switched on.
SETTING_URGENT_MAIL = "Spoedmail naar"  # addresses, separated by commas
SETTING_WEEKLY_MAIL = "Weekmail naar"
SETTING_DASHBOARD_URL = "Dashboardlink"  # e.g. https://flatcoach-kbuurt.streamlit.app
SETTING_SCRIPT_URGENT = "Script: spoedmail"  # "aan sinds 28-11-2026 07:12"
SETTING_SCRIPT_WEEKLY = "Script: weekmail"
SETTING_SCRIPT_ERROR = "Script: laatste fout"  # the last mail that could not be sent (see SCRIPT_LOG)
SETTING_SCRIPT_LAST_URGENT = "Script: laatste spoedmail"  # "rij 42 van 27-11-2026 22:07:13, verstuurd 28-11-2026 …"
SETTING_FORM_PREFIX = "Formulier: "
# A tab the forms script appends to when a mail could not be sent (never read by the dashboard's cleaner).
SCRIPT_LOG = "Scriptlog"
SCRIPT_LOG_HEADERS = ("Tijdstip", "Wat", "Melding", "Ontvangers", "Reden")

# One row per monthly meeting of the partners: who was there and a short note per agenda subject.
ATTENDEES = ("Stichting", "De Key", "Gemeente", "Politie", "Wijkmakelaar", "Flatcoaches")
MEETINGS = Tab(
    "Overleggen",
    (
        Field("date", "Datum overleg", Kind.DATE, required=True),
        Field("attendees", "Aanwezig", Kind.MULTI, options=ATTENDEES, other=True),
        Field("note_progress", "Voortgang", Kind.PARAGRAPH),
        Field("note_reports", "Rapportages", Kind.PARAGRAPH),
        Field("note_incidents", "Opvallendheden en incidenten", Kind.PARAGRAPH),
        Field("note_followup", "Opvolging", Kind.PARAGRAPH),
        Field("note_new", "Nieuwe acties", Kind.PARAGRAPH),
    ),
)

TABS: dict[str, Tab] = {t.name: t for t in (ROUNDS, SIGNALS, ROSTER, COSTS, ORG_HOURS, ACTIONS, BUDGET,
                                            ACCESS_LINKS, SHEET_SETTINGS, MEETINGS)}
FORM_TABS = (ROUNDS, SIGNALS)
# Columns Google adds that are not questions; known, so they are not warned about.
IGNORED_HEADERS = ("E-mailadres", "Email Address", "Idempotentiesleutel")
# The in-app intake writes a submission key in this column (far right) so a retry never writes twice.
SUBMISSION_KEY = Field("submission_key", "Idempotentiesleutel", Kind.TEXT)


def tab(name: str) -> Tab:
    return TABS[name]


@dataclass
class HeaderMap:
    """Which sheet columns feed which field, as found in one tab's header row."""

    columns: dict[str, list[int]] = field(default_factory=dict)  # field key -> column indexes, left to right
    unknown: list[str] = field(default_factory=list)  # headers the schema does not know
    missing: list[Field] = field(default_factory=list)  # fields with no column


def map_headers(t: Tab, header_row: list[object]) -> HeaderMap:
    """Match a header row to the tab's fields by header or alias (case- and whitespace-insensitive).

    A question renamed, or deleted and made again, leaves two columns for one field: both are listed and the
    cleaner takes the non-empty one per row.
    """
    lookup = {norm(n): f.key for f in t.fields for n in f.names}
    ignored = {norm(h) for h in IGNORED_HEADERS}
    hm = HeaderMap()
    for i, h in enumerate(header_row):
        key = norm(h) if h is not None else ""
        if not key:
            continue
        if key in lookup:
            hm.columns.setdefault(lookup[key], []).append(i)
        elif key not in ignored:
            hm.unknown.append(str(h).strip())
    hm.missing = [f for f in t.fields if f.key not in hm.columns]
    return hm
