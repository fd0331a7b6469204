"""Generate the demo spreadsheet: one invented but believable season (1 Dec 2021 - 15 Mar 2022) of every tab.

The rows are shaped like Google's downloads of the real spreadsheet: typed cells as in the .xlsx download, or the
locale's formatted strings as in the per-tab CSV downloads. About twenty rows are broken on purpose, one or more of
every kind the contract rejects, plus cases that only warn; `Demo.rejects`, `Demo.warnings` and `Demo.variants` say
which rows they are, so tests of the cleaner and the dashboard have an answer key.
Everything is drawn from `random.Random(seed)`: no wall clock, so a seed always gives the same workbook.

The committed workbook was made with:

    python -m lib.demo --seed 2021 --out data/demo.xlsx

and a CSV folder as Google would download it with:

    python -m lib.demo --seed 2021 --csv out/demo-csv --locale nl
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
from astral import Observer
from astral.sun import sunset
from openpyxl.utils import get_column_letter

from lib import schema
from lib.schema import Kind

Rows = list[list[Any]]

SPREADSHEET_NAME = "Flatcoaches K-buurt"
SEASON_START = date(2021, 12, 1)
SEASON_END = date(2022, 3, 15)
ROUND_DAYS = (58, 62)  # the plan: 60 days of rounds
COACH_HOURS_TARGET = (440.0, 480.0)  # the plan is 480 h; a real season lands a little under it
SIGNALS_TARGET = (270, 340)
MEETINGS = (date(2021, 12, 8), date(2022, 1, 12), date(2022, 2, 9), date(2022, 3, 9))
COORDINATOR = "Esther Mensah"
TZ = ZoneInfo("Europe/Amsterdam")
KRAAIENNEST = Observer(latitude=52.3166, longitude=4.9796)
# An old form question, deleted in December: its column stays in the sheet, unknown to the schema on purpose.
OLD_QUESTION = "Weer"
OLD_QUESTION_DELETED = date(2021, 12, 20)
# Pinned into the .xlsx (document properties, zip entries) so regenerating gives the same bytes.
FILE_STAMP = datetime(2022, 3, 16, 9, 0, 0)


def _opt(options: tuple[str, ...], *values: str) -> Any:
    """The values, checked against the contract's option list: a renamed option must fail here, not drift."""
    for v in values:
        if v not in options:
            raise ValueError(f"'{v}' is not an option of the contract: {options}")
    return values[0] if len(values) == 1 else values


KELDER, GROUND, DAK, NVT = _opt(schema.FLOORS, "Kelder", "Begane grond", "Dak", "n.v.t.")
STOREYS = tuple(f for f in schema.FLOORS if f.isdigit())
PUBLIC = schema.PUBLIC_SPACE
SPOED = _opt(schema.URGENCIES, "Spoed (112 gebeld)")
OPEN, RUNNING, DONE = _opt(schema.STATUSES, "Open", "Loopt", "Afgerond")
YES, NO = _opt(schema.ROSTER.field("agreement").options, "Ja", "Nee")
DE_KEY, GEMEENTE, STICHTING = _opt(schema.FUNDERS, "De Key", "Gemeente", "Stichting")

# Budget lines: Kosten.Post must use the same names as Begroting.Post.
LINE_ROUNDS = "Rondes flatcoaches"
LINE_ORGANISATION = "Organisatie en begeleiding"
LINE_PROMOTION = "Promotie en communicatie"
LINE_MATERIAL = "Materiële kosten"

# Answers outside the option lists, as they end up in real sheets (an option renamed later, a row typed by hand).
OFF_LIST_SPOT = "Portiek"
OFF_LIST_URGENCY = "Normaal"
OFF_LIST_FLOOR = "12"
OFF_LIST_LOCATION = "Karspeldreef"
OFF_LIST_CATEGORY = "Overig"
OFF_LIST_ROUND_PLACE = "Winkelcentrum Kraaiennest"

# --- what the answer key calls the broken rows ---------------------------------------------------------------
MISSING = "missing_required"
DATE_AFTER = "date_after_timestamp"
BAD_DATE = "unreadable_date"
BAD_TIME = "unreadable_time"
BAD_TIMESTAMP = "unreadable_timestamp"
ZERO = "duration_zero"
TOO_LONG = "duration_over_12h"
NO_PLACE = "no_known_location"
DUPLICATE = "duplicate"
BAD_LOCATION = "location_not_option"
BAD_CATEGORY = "category_not_option"
BAD_AMOUNT = "unreadable_amount"
UNKNOWN_COLUMN = "unknown_column"
UNKNOWN_COACH = "unknown_coach"
OFF_LIST = "option_outside_list"
OTHER_ANSWER = "other_answer"  # an "Anders" text under Soort: normal, yet outside the list, so it is listed too
NAME_VARIANT = "name_matches_after_normalising"
OPTION_VARIANT = "option_matches_after_normalising"

LABELS = {  # Dutch, for the summary the CLI prints
    MISSING: "verplicht antwoord ontbreekt", DATE_AFTER: "datum na de tijdstempel", BAD_DATE: "datum onleesbaar",
    BAD_TIME: "tijd onleesbaar", BAD_TIMESTAMP: "tijdstempel onleesbaar", ZERO: "duur 0",
    TOO_LONG: "duur meer dan 12 uur", NO_PLACE: "geen bekende plek bij gelopen flats", DUPLICATE: "dubbel ingestuurd",
    BAD_LOCATION: "locatie geen optie", BAD_CATEGORY: "categorie geen optie", BAD_AMOUNT: "bedrag onleesbaar",
}
# (fault, the field it breaks)
ROUND_FAULTS = ((MISSING, "end"), (DATE_AFTER, "date"), (BAD_DATE, "date"), (BAD_TIME, "start"),
                (BAD_TIMESTAMP, "timestamp"), (ZERO, "end"), (TOO_LONG, "end"), (NO_PLACE, "locations"),
                (MISSING, "date"))
SIGNAL_FAULTS = ((MISSING, "category"), (MISSING, "description"), (DATE_AFTER, "date"), (BAD_DATE, "date"),
                 (BAD_TIME, "time"), (BAD_LOCATION, "location"), (BAD_CATEGORY, "category"))
DUPLICATE_ROUNDS = 2
DUPLICATE_SIGNALS = 2


# --- the people ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Coach:
    """A coach as the coordinator knows them; `weight` is how often they walk compared with the others."""

    name: str
    active_from: date
    active_to: date | None = None
    agreement: bool = True
    first_aid: date | None = None
    under_21: bool = False
    weight: float = 1.0

    def active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


TRAINING = date(2021, 11, 27)
ROSTER = (
    Coach("Sharon Pinas", SEASON_START, first_aid=TRAINING, weight=1.4),
    Coach("Kwame Boateng", SEASON_START, first_aid=TRAINING, weight=1.3),
    Coach("Ayşe Yıldız", SEASON_START, first_aid=TRAINING),
    Coach("Mohamed El Amrani", SEASON_START, first_aid=TRAINING, weight=1.2),
    Coach("Gloria Owusu", SEASON_START, active_to=date(2022, 1, 31), first_aid=TRAINING, weight=0.9),
    Coach("Dennis Sabajo", SEASON_START, first_aid=date(2021, 12, 11), under_21=True),
    Coach("Ruud Verhoef", SEASON_START, weight=0.8),  # never did the first-aid training
    Coach("Naima Azzouzi", date(2022, 1, 5), agreement=False, first_aid=date(2022, 1, 22), under_21=True),
)
# Joined in February; the coordinator put her in the form but not yet on the Coaches tab.
NEWCOMER = Coach("Priscilla", date(2022, 2, 14))
NEWCOMER_SUBMITS_FROM = date(2022, 3, 1)  # before that she is only typed in as "Anders" under Medecoaches
COACHES = (*ROSTER, NEWCOMER)


# --- what coaches see: themes of signals ---------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    """One way a signal of a theme reads: where it can be (Plek options), on which floors, and its text."""

    spots: tuple[str, ...]
    floors: str  # a key of FLOOR_RULES
    text: str  # may use {verd} (the floor, as words), {flat} (the place) and {groep} (a number of people)


FLOOR_RULES = {
    "ground": (GROUND,),
    "low": (KELDER, GROUND),
    "upper": STOREYS,
    "high": (*STOREYS[7:], DAK),
    "none": (NVT,),
}


@dataclass(frozen=True)
class Theme:
    """A kind of thing coaches report, with the options it is filed under and how often it comes up."""

    key: str
    category: str
    kinds: tuple[str, ...]
    phrase: str  # how a coach sums it up in the round report
    tower: tuple[Variant, ...] = ()
    public: tuple[Variant, ...] = ()
    passed_tower: tuple[tuple[str, ...], ...] = ()
    passed_public: tuple[tuple[str, ...], ...] = ()
    urgency: tuple[float, float, float] = (6, 3, 0.5)  # weights of Laag, Gemiddeld, Hoog; all 0: Spoed
    weight: float = 1.0
    season: str = "flat"  # a key of SEASONS: when this theme comes up more
    other: str = ""  # an "Anders" answer under Soort (Google writes the text itself)

    def __post_init__(self) -> None:
        _opt(schema.CATEGORIES, self.category)
        for k in self.kinds:
            _opt(schema.KINDS, k)
        for v in (*self.tower, *self.public):
            _opt(schema.SPOTS, *v.spots)
            assert v.floors in FLOOR_RULES, v.floors
        for p in (*self.passed_tower, *self.passed_public):
            _opt(schema.PASSED_TO, *p)


V = Variant
DK, SIGNALEN, POLITIE, WIJKMAKELAAR, STICHTING_TO, NOT_PASSED = schema.PASSED_TO

THEMES = (
    Theme("litter", "Schoon", ("Afval/vuil",), "afval bij de containers", weight=5,
          tower=(V(("Rond de flat",), "ground",
                   "Vuilniszakken naast de container bij {flat}, deels opengescheurd door de meeuwen."),
                 V(("Rond de flat",), "ground", "Grofvuil bij de containers: een matras en een kapotte stoel."),
                 V(("Entree/hal",), "ground", "Reclamefolders en afval verspreid over de vloer van de hal."),
                 V(("Bergingen",), "low", "Dozen en oude kleding gedumpt in de bergingsgang."),
                 V(("Galerij",), "upper", "Vuilniszakken op de galerij{verd}, staan er al een paar dagen.")),
          public=(V(("Rond de flat", "Route tussen flats"), "none", "Veel zwerfvuil en lege blikjes langs het pad."),
                  V(("Rond de flat",), "none", "Ondergrondse container zit vol, zakken staan ernaast op de stoep."),
                  V(("Route tussen flats",), "none", "Iemand heeft een kast en een bank naast het pad gezet.")),
          passed_tower=((DK,),), passed_public=((SIGNALEN,), (SIGNALEN, DK))),
    Theme("urine", "Schoon", ("Urine/uitwerpselen",), "urinelucht in het trappenhuis", weight=2.5, season="cold",
          tower=(V(("Trappenhuis",), "upper", "Sterke urinelucht in het trappenhuis{verd}."),
                 V(("Lift",), "ground", "Plas in de lift, de hele lift stinkt."),
                 V(("Galerij",), "upper", "Hondenpoep op de galerij{verd}, al een paar dagen niet opgeruimd."),
                 V(("Trappenhuis",), "high", "In de hoek bij de trap{verd} is geplast, schoonmaak nodig.")),
          passed_tower=((DK,),), urgency=(5, 4, 0)),
    Theme("lights", "Heel", ("Verlichting",), "verlichting kapot", weight=5,
          tower=(V(("Galerij",), "upper",
                   "Verlichting op de galerij{verd} doet het niet, een stuk van zes deuren is helemaal donker."),
                 V(("Trappenhuis",), "upper", "Twee lampen in het trappenhuis{verd} kapot."),
                 V(("Entree/hal",), "ground", "Lamp in de hal van {flat} knippert de hele tijd."),
                 V(("Bergingen",), "low", "Bewegingsmelder bij de bergingen werkt niet, het licht blijft uit."),
                 V(("Parkeergarage",), "low", "Bij de inrit van de parkeergarage zijn drie lampen uit.")),
          public=(V(("Route tussen flats",), "none",
                    "Lantaarnpaal op het pad tussen de flats is uit, het is daar erg donker."),
                  V(("Rond de flat",), "none", "Twee lantaarnpalen bij het speelveld branden niet."),
                  V(("Route tussen flats",), "none",
                    "Lantaarnpaal richting metro Kraaiennest gaat steeds aan en uit.")),
          passed_tower=((DK,),), passed_public=((SIGNALEN,),), urgency=(5, 5, 0.5)),
    Theme("lift", "Heel", ("Lift defect",), "lift defect", weight=3,
          tower=(V(("Lift",), "ground", "Lift staat stil op de begane grond, de deuren gaan niet open."),
                 V(("Lift",), "ground",
                   "Een van de twee liften is buiten gebruik; bewoners van boven moeten lang wachten."),
                 V(("Lift",), "upper", "Lift stopt niet{verd}, de knop werkt niet."),
                 V(("Lift",), "ground",
                   "Lift maakt een harde klap bij het stoppen. Oudere bewoners durven er niet meer in."),
                 V(("Lift",), "ground",
                   "Beide liften van {flat} defect. Een bewoonster met rollator kon niet naar boven.")),
          passed_tower=((DK,),), urgency=(2, 6, 1.5)),
    Theme("broken", "Heel", ("Kapot/defect",), "deur of slot kapot", weight=2.5,
          tower=(V(("Entree/hal",), "ground",
                   "Voordeur van de hal valt niet in het slot, iedereen kan zo naar binnen."),
                 V(("Bergingen",), "low", "Deur van de bergingsgang is opengebroken."),
                 V(("Trappenhuis",), "upper", "Branddeur in het trappenhuis{verd} staat open met een wig ertussen."),
                 V(("Entree/hal",), "ground", "Intercom bij de entree van {flat} werkt niet."),
                 V(("Fietsenstalling",), "ground", "Hek van de fietsenstalling is kapot en gaat niet meer dicht.")),
          passed_tower=((DK,),), urgency=(4, 5, 0.7)),
    Theme("graffiti", "Heel", ("Graffiti/vernieling",), "graffiti", weight=1.5,
          tower=(V(("Entree/hal", "Trappenhuis"), "ground", "Nieuwe tags op de muur bij de ingang van {flat}."),
                 V(("Lift",), "ground", "Spiegel in de lift is bekrast en ingeslagen."),
                 V(("Entree/hal",), "ground", "Brievenbussen in de hal beklad met stift.")),
          public=(V(("Route tussen flats",), "none", "Bankje langs het pad is vernield."),
                  V(("Rond de flat",), "none", "Bushokje bij de Karspeldreef beklad en een ruit ingegooid.")),
          passed_tower=((DK,),), passed_public=((SIGNALEN,),), urgency=(8, 2, 0)),
    Theme("sleepers", "Overlast", ("Slapers",), "slapers in het trappenhuis", weight=3.5, season="cold",
          tower=(V(("Trappenhuis",), "high",
                   "Slaapplek in het trappenhuis{verd}: dekens, karton en etensresten. Niemand aanwezig."),
                 V(("Trappenhuis",), "high",
                   "Twee mannen lagen te slapen{verd}. Rustig aangesproken, ze zijn vertrokken."),
                 V(("Bergingen",), "low",
                   "Iemand slaapt al een paar nachten bij de bergingen, met veel spullen in een winkelwagen."),
                 V(("Entree/hal",), "ground",
                   "Man sliep in de hal bij de verwarming. Hij kon nergens anders heen; "
                   "nummer van de nachtopvang gegeven."),
                 V(("Parkeergarage",), "low", "Matras en slaapzak in een hoek van de parkeergarage.")),
          passed_tower=((DK,), (DK, STICHTING_TO), (DK, POLITIE)), urgency=(3, 6, 0.7)),
    Theme("youths", "Overlast", ("Hangjongeren",), "jongeren bij de bergingen", weight=4, season="youth",
          tower=(V(("Bergingen",), "low",
                   "Groep van {groep} jongeren bij de bergingen met harde muziek. Na een praatje gingen ze weg."),
                 V(("Entree/hal",), "ground",
                   "Jongeren hangen in de hal van {flat} en roken er. Bewoners durven er niet langs."),
                 V(("Parkeergarage",), "low", "{groep} jongens op scooters bij de ingang van de parkeergarage."),
                 V(("Fietsenstalling",), "ground", "Jongeren in de fietsenstalling, veel lachgaspatronen op de grond."),
                 V(("Bergingen",), "low", "Weer jongeren bij de bergingen, ze hadden een deur opengezet.")),
          public=(V(("Route tussen flats",), "none",
                    "Groepje van {groep} jongeren op het pad. Rustig, we hebben ze gedag gezegd."),
                  V(("Rond de flat",), "none",
                    "Jongeren op het speelveld, er werd met een bal tegen de gevel geschoten.")),
          passed_tower=((POLITIE,), (WIJKMAKELAAR,), (DK,), (NOT_PASSED,)),
          passed_public=((POLITIE,), (WIJKMAKELAAR,), (NOT_PASSED,)), urgency=(4, 6, 0.8)),
    Theme("drugs", "Veilig", ("Drugsgebruik/-handel",), "drugsoverlast", weight=1.2,
          tower=(V(("Parkeergarage",), "low",
                   "Vermoedelijk drugshandel bij de ingang van de parkeergarage: steeds korte bezoekjes aan een auto."),
                 V(("Trappenhuis",), "high", "Spuiten en zilverpapier gevonden in het trappenhuis{verd}."),
                 V(("Bergingen",), "low", "Sterke wietlucht in de bergingsgang, groepje aan het blowen.")),
          public=(V(("Route tussen flats",), "none",
                    "Twee mannen bij het bankje lijken te dealen, steeds korte ontmoetingen."),),
          passed_tower=((POLITIE,), (POLITIE, DK)), passed_public=((POLITIE,),), urgency=(0, 7, 3)),
    Theme("unsafe", "Veilig", ("Onveilig gevoel",), "onveilig gevoel op het pad", weight=1.5,
          tower=(V(("Entree/hal",), "ground",
                   "Een bewoonster vertelde dat ze zich na donker niet veilig voelt bij de ingang van {flat}."),),
          public=(V(("Route tussen flats",), "none",
                    "Het pad naar de metro is 's avonds erg donker, bewoners lopen er liever om."),
                  V(("Route tussen flats",), "none",
                    "De struiken langs het pad zijn zo hoog dat je niet ziet wie er staat."),
                  V(("Rond de flat",), "none",
                    "Bewoners vragen of er meer licht kan komen bij de achterkant van {flat}.")),
          passed_tower=((DK,), (WIJKMAKELAAR,)), passed_public=((SIGNALEN,), (WIJKMAKELAAR,)), urgency=(4, 5, 1)),
    Theme("noise", "Overlast", ("Geluidsoverlast",), "geluidsoverlast", weight=1.5,
          tower=(V(("Galerij",), "upper", "Harde muziek uit een woning op de galerij{verd}, ook na elf uur."),
                 V(("Entree/hal",), "ground", "Geschreeuw in de hal; toen wij kwamen was het alweer rustig."),
                 V(("Galerij",), "upper",
                   "Bewoners klagen over een hond die de hele avond blaft op de galerij{verd}.")),
          passed_tower=((DK,), (NOT_PASSED,)), urgency=(7, 3, 0)),
    Theme("fireworks", "Overlast", ("Geluidsoverlast",), "vuurwerk", weight=1, season="newyear", other="Vuurwerk",
          tower=(V(("Galerij",), "upper", "Zwaar vuurwerk afgestoken vanaf de galerij{verd}."),
                 V(("Entree/hal",), "ground", "Jongeren gooien vuurwerk in de hal van {flat}.")),
          public=(V(("Rond de flat",), "none", "Resten van vuurwerk en een verbrande prullenbak rond de flat."),),
          passed_tower=((POLITIE,), (NOT_PASSED,)), passed_public=((SIGNALEN,), (NOT_PASSED,)), urgency=(3, 5, 2)),
    Theme("rats", "Schoon", ("Afval/vuil",), "ratten bij de containers", weight=0.6, other="Ratten",
          tower=(V(("Rond de flat",), "ground",
                   "Ratten gezien bij de containers van {flat}; er staat steeds afval naast de bak."),),
          public=(V(("Rond de flat",), "none",
                    "Ratten bij de ondergrondse containers, bewoners zetten zakken ernaast."),),
          passed_tower=((DK, SIGNALEN),), passed_public=((SIGNALEN,),), urgency=(3, 6, 1)),
    Theme("leak", "Heel", ("Kapot/defect",), "lekkage", weight=0.6, other="Lekkage",
          tower=(V(("Trappenhuis",), "upper", "Lekkage in het trappenhuis{verd}, water loopt langs de muur."),
                 V(("Galerij",), "upper", "Plassen op de galerij{verd} door een lekkende regenpijp.")),
          passed_tower=((DK,),), urgency=(2, 6, 2)),
    Theme("storm", "Heel", ("Kapot/defect",), "stormschade", weight=1, season="storm", other="Stormschade",
          tower=(V(("Fietsenstalling",), "ground",
                   "Door de storm is een stuk van het hek bij de fietsenstalling losgeraakt."),
                 V(("Galerij",), "high", "Losgewaaide plaat aan de gevel{verd}, klappert hard.")),
          public=(V(("Route tussen flats",), "none",
                    "Omgewaaide boom op het pad tussen de flats, de doorgang is versperd."),),
          passed_tower=((DK,),), passed_public=((SIGNALEN,),), urgency=(1, 6, 3)),
)
# The one or two nights 112 had to be called.
EMERGENCIES = (
    Theme("fire", "Veilig", ("Afval/vuil",), "brandje in een container", other="Brand", urgency=(0, 0, 0),
          tower=(V(("Rond de flat",), "ground",
                   "Brandje in een container naast {flat}, 112 gebeld. De brandweer was er binnen tien minuten "
                   "en heeft het geblust."),),
          passed_tower=((DK, POLITIE),)),
    Theme("unwell", "Veilig", (), "bewoner onwel", other="Persoon onwel", urgency=(0, 0, 0),
          tower=(V(("Lift",), "ground",
                   "Oudere man onwel in de lift gevonden, 112 gebeld. "
                   "We zijn bij hem gebleven tot de ambulance kwam."),),
          passed_tower=((STICHTING_TO,),)),
)
SEASONS: dict[str, Callable[[date], float]] = {
    "flat": lambda d: 1.0,
    # colder weeks: more people looking for a warm place, more youths inside near the storage areas
    "cold": lambda d: 1.8 if date(2021, 12, 13) <= d <= date(2022, 2, 10) else 0.8,
    "youth": lambda d: 2.0 if date(2022, 2, 19) <= d <= date(2022, 2, 27) else SEASONS["cold"](d),
    "newyear": lambda d: 8.0 if date(2021, 12, 27) <= d <= date(2022, 1, 2) else 0.0,
    "storm": lambda d: 10.0 if date(2022, 2, 16) <= d <= date(2022, 2, 21) else 0.0,
}
OPENERS = ("Bij aankomst gezien: ", "Tijdens de ronde: ", "Op de terugweg: ", "Weer hetzelfde: ", "Gezien om {klok}: ")
EXTRA_SENTENCES = (
    "Bewoners zeggen dat dit vaker gebeurt.", "Tweede keer deze week.", "Morgen nog even kijken of het opgelost is.",
    "Een bewoner sprak ons er zelf op aan.", "Was er vorige week ook al.",
    "Volgens een bewoner speelt dit al een tijdje.", "Graag snel oppakken.", "Eerder ook al doorgegeven.",
)
# Text a privacy scrubber must catch: phone numbers, e-mail addresses, house numbers, postcodes.
PRIVATE_SENTENCES = (
    "Bewoner van {house} wil teruggebeld worden op {phone}.",
    "Mevrouw van {house} klaagt hier al weken over.",
    "De melder wil een reactie per mail: {email}.",
    "Een bewoner (postcode {postcode}) heeft het zelf ook gemeld, tel. {phone}.",
    "Bewoner van {house}, {postcode}, vroeg of wij dit wilden doorgeven.",
)


# --- the season's records ------------------------------------------------------------------------------------
@dataclass
class Signal:
    """One Melding as the coach meant it."""

    at: datetime
    coach: str
    location: str
    floor: str | None
    spot: str | None
    category: str
    kinds: list[str]
    description: str
    passed_to: list[str]
    urgency: str | None
    photos: list[str]
    theme: Theme
    submitted: datetime | None = None
    fault: str | None = None
    broken: str = ""  # the field the fault is in


@dataclass
class Round:
    """One walked round as it happened; `names` are the coaches as written in the form (submitter first)."""

    start: datetime
    end: datetime
    coaches: list[Coach]
    names: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    texts: tuple[str | None, str | None, str | None] = (None, None, None)
    weather: str | None = None
    submitted: datetime | None = None
    fault: str | None = None
    broken: str = ""  # the field the fault is in

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    @property
    def coach_hours(self) -> float:
        return self.hours * len(self.coaches)


@dataclass
class Entry:
    """One row of a tab before it is laid out: field key -> cell, plus its place in the answer key."""

    at: datetime  # when the row landed in the sheet; rows are in this order, as Google appends them
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)  # columns the schema does not know
    fault: str | None = None
    warnings: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Expected:
    """A row the answer key points at: its tab, its row number in the sheet (the header is row 1), and why."""

    tab: str
    row: int
    kind: str


@dataclass
class Demo:
    """The generated workbook: rows per tab (header first, typed cells) and the answer key."""

    tabs: dict[str, Rows]
    rejects: list[Expected]
    warnings: list[Expected]
    variants: list[Expected]  # written differently from the roster or option, must still match without a warning
    coach_hours: float  # of the rounds that should survive cleaning, counted as the contract counts them


# --- rounds --------------------------------------------------------------------------------------------------
def _season_days() -> list[date]:
    return [SEASON_START + timedelta(days=n) for n in range((SEASON_END - SEASON_START).days + 1)]


def _day_weight(d: date) -> float:
    """How likely a round is on a day: weekends and holidays more, Christmas Day not at all, New Year's Eve surely."""
    special = {date(2021, 12, 25): 0.0, date(2021, 12, 24): 0.5, date(2022, 1, 1): 0.6, date(2021, 12, 31): 1000.0}
    if d in special:
        return special[d]
    w = 1.6 if d.weekday() >= 5 else 1.3 if d.weekday() == 4 else 1.0
    return w * (1.4 if date(2022, 2, 19) <= d <= date(2022, 2, 27) else 1.0)


def _round_days(rng: random.Random) -> list[date]:
    """About 60 days, drawn by weight without replacement (the key u^(1/w) trick keeps it one pass)."""
    n = rng.randint(*ROUND_DAYS)
    keyed = [(rng.random() ** (1 / w), d) for d in _season_days() if (w := _day_weight(d)) > 0]
    return sorted(d for _, d in sorted(keyed, reverse=True)[:n])


def _quarter_up(t: datetime) -> datetime:
    t = t.replace(second=0, microsecond=0) + timedelta(minutes=14)
    return t.replace(minute=t.minute - t.minute % 15)


def _earliest_start(day: date) -> datetime:
    """Rounds are walked in the dark and outside office hours (weekdays 09:00-17:00)."""
    dusk = _quarter_up(sunset(KRAAIENNEST, date=day, tzinfo=TZ).replace(tzinfo=None))
    if day.weekday() < 5:
        dusk = max(dusk, datetime.combine(day, time(17, 0)))
    return dusk


def _times(rng: random.Random, day: date) -> tuple[datetime, datetime]:
    """Start and end: mostly evenings ending by 23:30, now and then a late round past midnight."""
    if rng.random() < 0.12:
        start = datetime.combine(day, time(22, rng.choice((0, 15, 30))))
        return start, start + timedelta(minutes=rng.choice((90, 105, 120, 150)))
    first = _earliest_start(day)
    last = datetime.combine(day, time(20, 30))
    start = first + timedelta(minutes=15 * rng.randint(0, max(0, int((last - first).total_seconds() // 900))))
    hours = rng.choices((1, 1.5, 2, 2.5, 3, 3.5, 4), (1, 1, 3, 5, 7, 7, 6))[0]
    end = min(start + timedelta(hours=hours), datetime.combine(day, time(23, 30)))
    return start, max(end, start + timedelta(hours=1))


def _weighted_sample(rng: random.Random, items: list[Coach], k: int) -> list[Coach]:
    keyed = sorted(((rng.random() ** (1 / c.weight), i) for i, c in enumerate(items)), reverse=True)
    return [items[i] for _, i in keyed[:k]]


def _crew(rng: random.Random, day: date, busy: set[str]) -> list[Coach]:
    """Mostly pairs, sometimes alone or three; the newcomer never submits before she is in the form."""
    pool = [c for c in COACHES if c.active_on(day) and c.name not in busy]
    size = rng.choices((1, 2, 3), (10, 80, 10))[0]
    crew = _weighted_sample(rng, pool, min(size, len(pool)))
    if crew and crew[0] is NEWCOMER and day < NEWCOMER_SUBMITS_FROM:
        crew = crew[1:] + crew[:1] if len(crew) > 1 else _weighted_sample(rng, pool[:-1], 1) + crew
    return crew


def _plan_rounds(rng: random.Random) -> list[Round]:
    rounds = []
    for day in _round_days(rng):
        busy: set[str] = set()
        for _ in range(2 if rng.random() < 0.3 else 1):  # a second pair out on the same day
            crew = _crew(rng, day, busy)
            busy.update(c.name for c in crew)
            rounds.append(Round(*_times(rng, day), coaches=crew, names=[c.name for c in crew]))
    return sorted(rounds, key=lambda r: r.start)


def _latest_end(r: Round) -> datetime:
    if r.end.date() > r.day:
        return datetime.combine(r.end.date(), time(1, 30))
    return datetime.combine(r.day, time(23, 30))


def _balance_hours(rng: random.Random, rounds: list[Round]) -> None:
    """Lengthen or shorten clean rounds by half hours until the coach hours land near a drawn target."""
    clean = [r for r in rounds if r.fault is None]
    target = rng.uniform(*COACH_HOURS_TARGET)
    half = timedelta(minutes=30)
    for _ in range(1000):
        total = sum(r.coach_hours for r in clean)
        if abs(total - target) <= 3:
            return
        if total > target:
            pool = [r for r in clean if r.hours >= 1.5]
        else:
            pool = [r for r in clean if r.hours <= 3.5 and r.end + half <= _latest_end(r)]
        if not pool:
            return
        rng.choice(pool).end += -half if total > target else half


def _tower_gaps(rng: random.Random) -> dict[str, tuple[date, date]]:
    """Two towers go unvisited for a stretch (holidays, a coach away), so the coverage page has gaps to show."""
    first, second = rng.sample(schema.TOWERS, 2)
    a = date(2021, 12, 18) + timedelta(days=rng.randint(0, 6))
    b = date(2022, 2, 1) + timedelta(days=rng.randint(0, 14))
    return {first: (a, a + timedelta(days=rng.randint(7, 11))), second: (b, b + timedelta(days=rng.randint(5, 8)))}


def _locations(rng: random.Random, r: Round, gaps: dict[str, tuple[date, date]]) -> list[str]:
    """About one tower per hour walked, and usually the public space between them (the gemeente's wish)."""
    towers = [t for t in schema.TOWERS if not (t in gaps and gaps[t][0] <= r.day <= gaps[t][1])]
    k = max(1, min(len(towers), round(r.hours) + rng.choice((-1, 0, 0, 1))))
    picked = set(rng.sample(towers, k))
    if rng.random() < 0.7:
        picked.add(PUBLIC)
    return [loc for loc in schema.LOCATIONS if loc in picked]


# --- signals -------------------------------------------------------------------------------------------------
def _floor_words(floor: str | None) -> str:
    if floor in STOREYS:
        return f" op de {floor}e verdieping"
    return {KELDER: " in de kelder", DAK: " bij de deur naar het dak"}.get(floor, "")


def _drive_link(rng: random.Random) -> str:
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    return "https://drive.google.com/open?id=1" + "".join(rng.choice(chars) for _ in range(32))


def _pick_theme(rng: random.Random, themes: Iterable[Theme], location: str, day: date) -> Theme:
    fits = [t for t in themes if (t.public if location == PUBLIC else t.tower)]
    weights = [t.weight * SEASONS[t.season](day) for t in fits]
    return rng.choices(fits, weights)[0]


def _signal(rng: random.Random, theme: Theme, location: str, at: datetime, coach: str) -> Signal:
    public = location == PUBLIC
    variant = rng.choice(theme.public if public else theme.tower)
    floor = rng.choice(FLOOR_RULES[variant.floors])
    words = {"verd": _floor_words(floor), "flat": location if not public else "de flat",
             "groep": rng.choice(("drie", "vier", "vijf", "zes", "een stuk of acht"))}
    text = variant.text.format(**words)
    if rng.random() < 0.2:  # coaches rarely write the same sentence twice in the same way
        opener = rng.choice(OPENERS).format(klok=f"{at.hour}.{at.minute:02d}")
        text = opener + text[0].lower() + text[1:]
    text = text[0].upper() + text[1:]
    if rng.random() < 0.3:
        text += " " + rng.choice(EXTRA_SENTENCES)
    photos = [_drive_link(rng) for _ in range(rng.choices((0, 1, 2), (90, 8, 2))[0])]
    if photos and rng.random() < 0.5:
        text += " Foto bijgevoegd."
    kinds = [*theme.kinds, *([theme.other] if theme.other else [])]
    urgency = rng.choices(schema.URGENCIES[:3], theme.urgency)[0] if sum(theme.urgency) else SPOED
    return Signal(
        at=at, coach=coach, location=location,
        floor=None if rng.random() < 0.08 else floor, spot=None if rng.random() < 0.04 else rng.choice(variant.spots),
        category=theme.category, kinds=kinds, description=text,
        passed_to=list(rng.choice(theme.passed_public if public else theme.passed_tower)),
        urgency=None if urgency != SPOED and rng.random() < 0.03 else urgency, photos=photos, theme=theme,
    )


def _signal_moment(rng: random.Random, r: Round) -> datetime:
    """A minute of the round no other signal of it has: two signals alike in the same minute would be a duplicate."""
    minutes = int(r.hours * 60)
    taken = {s.at for s in r.signals}
    span = range(int(minutes * 0.05), int(minutes * 0.95) + 1)
    free = [m for m in span if r.start + timedelta(minutes=m) not in taken]
    return r.start + timedelta(minutes=rng.choice(free))


def _reporter(rng: random.Random, r: Round, at: datetime) -> str:
    names = [n for n, c in zip(r.names, r.coaches) if c is not NEWCOMER or at.date() >= NEWCOMER_SUBMITS_FROM]
    return rng.choice(names or r.names)


def _add_signals(rng: random.Random, rounds: list[Round]) -> None:
    """Spread the season's signals over the rounds by length and season, then the one or two emergencies."""
    weights = [r.hours * (1.3 if SEASONS["cold"](r.day) > 1 else 1.0) for r in rounds]
    per_round = Counter(rng.choices(range(len(rounds)), weights, k=rng.randint(*SIGNALS_TARGET)))
    for i, n in sorted(per_round.items()):
        r = rounds[i]
        for _ in range(n):
            at = _signal_moment(rng, r)
            loc = rng.choices(r.locations, [2 if loc == PUBLIC else 3 for loc in r.locations])[0]
            r.signals.append(_signal(rng, _pick_theme(rng, THEMES, loc, at.date()), loc, at, _reporter(rng, r, at)))
    with_tower = [r for r in rounds if any(loc in schema.TOWERS for loc in r.locations) and r.fault is None]
    for theme, r in zip(EMERGENCIES[: rng.randint(1, 2)], rng.sample(with_tower, 2)):
        loc = rng.choice([loc for loc in r.locations if loc != PUBLIC])
        at = _signal_moment(rng, r)
        r.signals.append(_signal(rng, theme, loc, at, _reporter(rng, r, at)))
    for r in rounds:
        r.signals.sort(key=lambda s: s.at)


def _private_details(rng: random.Random, signals: list[Signal]) -> None:
    """A few coaches write down what they shouldn't: the scrubber needs something to find."""
    for i, s in enumerate(rng.sample(signals, 8)):
        house = f"{rng.choice(schema.TOWERS)} {rng.randint(2, 480)}"
        digits = {"a": rng.randint(1000, 9999), "b": rng.randint(1000, 9999)}
        phone = rng.choice(("06-{a}{b}", "06 {a} {b}", "06{a}{b}")).format(**digits)
        email = f"{rng.choice(('bewoner.k', 'm.jansen', 'familie.kk', 'buurvrouw'))}{rng.randint(10, 99)}@example.com"
        postcode = f"1104 {rng.choice(('AB', 'BK', 'CJ', 'KL', 'PR', 'TX'))}"
        sentence = PRIVATE_SENTENCES[i % len(PRIVATE_SENTENCES)]  # each kind of detail at least once
        s.description += " " + sentence.format(house=house, phone=phone, email=email, postcode=postcode)


def _signal_submitted(rng: random.Random, s: Signal, r: Round) -> datetime:
    """Mostly sent from the phone on the spot, else after the round, sometimes the next day."""
    roll = rng.random()
    if roll < 0.55:
        at = s.at + timedelta(minutes=rng.randint(2, 25))
    elif roll < 0.9:
        at = r.end + timedelta(minutes=rng.randint(3, 90))
    else:
        at = datetime.combine(r.day + timedelta(days=1), time(rng.randint(9, 20), rng.randint(0, 59)))
    return max(at, s.at + timedelta(minutes=1)).replace(second=rng.randint(0, 59))


# --- round reports -------------------------------------------------------------------------------------------
GENERAL = (
    "Rustige avond, weinig mensen op straat.", "Rustige ronde, de meeste bewoners waren binnen door de kou.",
    "Het was stil in en rond de flats.",
    "We hebben een stuk of tien bewoners gesproken, de meesten kennen ons inmiddels van de hesjes.",
    "Een bewoonster bedankte ons voor het lopen; ze voelt zich veiliger nu er iemand rondloopt.",
    "Bewoners aangesproken bij de ingang, ze vroegen wanneer de lampen gemaakt worden.",
    "Kinderen vroegen wat we deden; uitgelegd wat flatcoaches zijn.", "Koud en nat, weinig mensen buiten.",
    "Droog en koud, heldere avond.", "Mist, het was extra donker op de paden.",
    "Harde wind en regen, korte ronde gehouden.",
    "Drukke avond bij metro Kraaiennest, veel mensen onderweg.", "Veel jongeren buiten, maar de sfeer was goed.",
    "Goede sfeer, een paar bewoners maakten een praatje.",
)
SPECIAL_DAYS: tuple[tuple[date, date, str], ...] = (  # the first that fits a day is used: single days first
    (date(2021, 12, 5), date(2021, 12, 5), "Pakjesavond: veel kinderen en ouders onderweg, gezellige drukte."),
    (date(2021, 12, 24), date(2021, 12, 24),
     "Kerstavond, rustig. In een van de hallen hangt kerstversiering van bewoners."),
    (date(2021, 12, 31), date(2021, 12, 31),
     "Oudejaarsavond: de hele avond vuurwerk rond de flats, veel bewoners op de galerijen."),
    (date(2022, 1, 1), date(2022, 1, 2), "Overal vuurwerkresten rond de flats."),
    (date(2022, 2, 16), date(2022, 2, 21), "Na de storm liggen er takken en afval op de paden."),
    (date(2022, 2, 19), date(2022, 2, 27), "Voorjaarsvakantie: meer kinderen en jongeren buiten dan normaal."),
    (date(2021, 12, 19), date(2022, 1, 14), "Door de lockdown is het erg stil op straat."),
)
QUIET = ("rustig", "niets bijzonders", "alles in orde", "deuren dicht, schoon", "rustig, bewoners gegroet")
QUIET_OUTSIDE = ("rustig", "niets bijzonders", "paden schoon", "weinig mensen op straat")
WEATHER = ("Droog", "Regen", "Koud", "Motregen", "Harde wind", "Droog, koud")


def _general(rng: random.Random, day: date) -> str:
    special = [text for a, b, text in SPECIAL_DAYS if a <= day <= b]
    picked = special[:1] + rng.sample(GENERAL, rng.choice((1, 1, 2)))
    return " ".join(picked[:2])


def _during(rng: random.Random, r: Round) -> str | None:
    """Per place walked: what was seen there, as short notes."""
    if rng.random() < 0.08:
        return None
    parts = []
    for loc in r.locations:
        seen = list(dict.fromkeys(s.theme.phrase for s in r.signals if s.location == loc))
        quiet = QUIET_OUTSIDE if loc == PUBLIC else QUIET
        parts.append(f"{loc}: {', '.join(seen[:2]) if seen else rng.choice(quiet)}.")
    return " ".join(parts)


def _incidents(rng: random.Random, r: Round) -> str | None:
    """A short summary; details went through the Melding form."""
    serious = [s for s in r.signals if s.urgency in schema.URGENCIES[2:]]
    if serious:
        s = serious[-1]
        if s.urgency == SPOED:
            return f"112 gebeld: {s.theme.phrase} ({s.location}). Melding gedaan."
        return f"{s.location}: {s.theme.phrase}, melding gedaan met urgentie hoog."
    if r.signals and rng.random() < 0.45:
        phrases = list(dict.fromkeys(s.theme.phrase for s in r.signals))[:3]
        return "Meldingen gedaan over " + ", ".join(phrases) + "."
    return rng.choice((None, None, "Geen bijzonderheden."))


def _write_reports(rng: random.Random, rounds: list[Round]) -> None:
    for r in rounds:
        r.texts = (_general(rng, r.day), _during(rng, r), _incidents(rng, r))
        if r.day < OLD_QUESTION_DELETED and rng.random() < 0.85:
            r.weather = rng.choice(WEATHER)


def _round_submitted(rng: random.Random, r: Round) -> datetime:
    """A few minutes to a day after the round ended."""
    roll = rng.random()
    if roll < 0.7 or r.fault == DATE_AFTER:  # that fault needs a same-evening submission to show
        at = r.end + timedelta(minutes=rng.randint(2, 40))
    elif roll < 0.9:
        at = r.end + timedelta(minutes=rng.randint(60, 300))
    else:
        at = datetime.combine(r.day + timedelta(days=1), time(rng.randint(9, 20), rng.randint(0, 59)))
    return max(at, r.end + timedelta(minutes=5)).replace(second=rng.randint(0, 59))


# --- faults: rows broken as people break them ----------------------------------------------------------------
def _round_fits(kind: str, r: Round) -> bool:
    same_evening = r.end.date() == r.day and r.end.hour < 23
    needs = {DATE_AFTER: same_evening and r.day < date(2022, 3, 1), TOO_LONG: r.end.date() == r.day}
    return r.fault is None and NEWCOMER not in r.coaches and r.day != date(2021, 12, 31) and needs.get(kind, True)


def _choose_faults(rng: random.Random, items: list[Any], faults: tuple[tuple[str, str], ...],
                   fits: Callable[[str, Any], bool]) -> None:
    for kind, key in faults:
        item = rng.choice([it for it in items if fits(kind, it)])
        item.fault, item.broken = kind, key


NUMBERS = ("twaalf", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf")
DAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS_SHORT_NL = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
             "november", "december")


def _spoken_time(t: time) -> str:
    """How someone types a time in words: 'half acht', 'kwart over zeven'."""
    h = t.hour % 12
    words = {0: f"{NUMBERS[h]} uur", 15: f"kwart over {NUMBERS[h]}", 30: f"half {NUMBERS[(h + 1) % 12]}",
             45: f"kwart voor {NUMBERS[(h + 1) % 12]}"}
    return words.get(t.minute - t.minute % 15, f"{NUMBERS[h]} uur")


def _break_round(kind: str, key: str, v: dict[str, Any]) -> None:
    d: datetime = v["date"]
    if kind == MISSING:
        v[key] = None  # typed in by the coordinator from a message, one answer left out
    elif kind == DATE_AFTER:
        v["date"] = d + timedelta(days=7)  # picked the wrong week in the date picker
    elif kind == BAD_DATE:
        v["date"] = f"{DAYS_NL[d.weekday()]} {d.day} {MONTHS_SHORT_NL[d.month - 1]}"
    elif kind == BAD_TIME:
        v["start"] = _spoken_time(v["start"])
    elif kind == BAD_TIMESTAMP:
        ts: datetime = v["timestamp"]
        v["timestamp"] = f"{ts.day}-{ts.month}-{ts.year} {ts.hour}.{ts.minute:02d}u"
    elif kind == ZERO:
        v["end"] = v["start"]
    elif kind == TOO_LONG:
        v["end"] = v["end"].replace(hour=v["end"].hour % 12)  # AM instead of PM: 21:30 became 9:30
    elif kind == NO_PLACE:
        v["locations"] = OFF_LIST_ROUND_PLACE


def _break_signal(kind: str, key: str, v: dict[str, Any]) -> None:
    d: datetime = v["date"]
    if kind == MISSING:
        v[key] = None  # the question was made required only later in the season
    elif kind == DATE_AFTER:
        v["date"] = d.replace(month=d.month % 12 + 1, year=d.year + (d.month == 12))  # next month by mistake
    elif kind == BAD_DATE:
        v["date"] = f"{d.day} {MONTHS_NL[d.month - 1]}"
    elif kind == BAD_TIME:
        v["time"] = f"rond {NUMBERS[v['time'].hour % 12]} uur"
    elif kind == BAD_LOCATION:
        v["location"] = OFF_LIST_LOCATION
    elif kind == BAD_CATEGORY:
        v["category"] = OFF_LIST_CATEGORY


def _signal_fits(kind: str, s: Signal) -> bool:
    needs = {MISSING: True, DATE_AFTER: s.at.day <= 28 and s.at.month != 3, BAD_TIME: True}
    return s.fault is None and s.urgency != SPOED and s.coach != NEWCOMER.name and needs.get(kind, True)


# --- rows ----------------------------------------------------------------------------------------------------
def _midnight(d: date) -> datetime:
    """Google's xlsx download types a date cell as a datetime at midnight."""
    return datetime.combine(d, time(0))


def _joined(items: Iterable[str]) -> str | None:
    text = ", ".join(items)
    return text or None


def _round_entry(r: Round) -> Entry:
    values = {
        "timestamp": r.submitted, "coach": r.names[0], "co_coaches": _joined(r.names[1:]),
        "date": _midnight(r.day), "start": r.start.time(), "end": r.end.time(),
        "locations": _joined(r.locations), "obs_general": r.texts[0], "obs_round": r.texts[1], "incidents": r.texts[2],
    }
    if r.fault:
        _break_round(r.fault, r.broken, values)
    warnings = (UNKNOWN_COACH,) if NEWCOMER in r.coaches else ()
    variants = (NAME_VARIANT,) if r.names != [c.name for c in r.coaches] else ()
    return Entry(r.submitted, values, {OLD_QUESTION: r.weather}, r.fault, warnings, variants)


def _partner_entry(rng: random.Random, r: Round) -> Entry:
    """The medecoach sends the same round in as well, a little later: 'dubbel ingestuurd'."""
    values = {
        "timestamp": r.submitted + timedelta(minutes=rng.randint(5, 180), seconds=rng.randint(0, 59)),
        "coach": r.names[1], "co_coaches": r.names[0], "date": _midnight(r.day),
        "start": (r.start + timedelta(minutes=rng.choice((0, 15)))).time(), "end": r.end.time(),
        "locations": _joined(r.locations), "obs_general": rng.choice(GENERAL), "obs_round": None, "incidents": None,
    }
    return Entry(values["timestamp"], values, {}, DUPLICATE)


def _signal_entry(s: Signal, spelled: dict[str, str]) -> Entry:
    values = {
        "timestamp": s.submitted, "coach": spelled.get("coach", s.coach), "date": _midnight(s.at.date()),
        "time": s.at.time(), "location": spelled.get("location", s.location), "floor": spelled.get("floor", s.floor),
        "spot": spelled.get("spot", s.spot), "category": s.category, "kinds": _joined(s.kinds),
        "description": s.description, "passed_to": _joined(s.passed_to), "urgency": spelled.get("urgency", s.urgency),
        "photo": _joined(s.photos),
    }
    if s.fault:
        _break_signal(s.fault, s.broken, values)
    warnings = tuple(OFF_LIST for k in ("floor", "spot", "urgency") if k in spelled)
    warnings += (UNKNOWN_COACH,) if s.coach == NEWCOMER.name else ()
    warnings += (OTHER_ANSWER,) if s.theme.other else ()
    variants = tuple(NAME_VARIANT if k == "coach" else OPTION_VARIANT for k in ("coach", "location") if k in spelled)
    return Entry(s.submitted, values, {}, s.fault, warnings, variants)


def _resent(rng: random.Random, e: Entry, trailing_space: bool) -> Entry:
    """The same melding sent twice (a double tap, or 'did it go through?')."""
    values = dict(e.values, timestamp=e.at + timedelta(seconds=rng.randint(20, 240)))
    if trailing_space:
        values["description"] = values["description"] + " "  # still the same after trimming
    return Entry(values["timestamp"], values, {}, DUPLICATE)


def _spellings(rng: random.Random, signals: list[Signal]) -> dict[int, dict[str, str]]:
    """Answers written differently from the list: some must still match, some are outside it (warnings)."""
    plain = [i for i, s in enumerate(signals) if s.fault is None and s.coach != NEWCOMER.name and s.urgency != SPOED]
    towers = [i for i in plain if signals[i].location in schema.TOWERS and signals[i].floor in STOREYS]
    typed_by_hand = ROSTER[1].name
    by_hand = [i for i in plain if signals[i].coach == typed_by_hand] or plain
    picks = rng.sample(towers, 5)
    out = {
        picks[0]: {"location": f"{signals[picks[0]].location.lower()} "},  # typed by hand, lower case + space
        picks[1]: {"spot": OFF_LIST_SPOT},  # an old option, renamed to Entree/hal later
        picks[2]: {"urgency": OFF_LIST_URGENCY}, picks[3]: {"urgency": OFF_LIST_URGENCY},
        picks[4]: {"floor": OFF_LIST_FLOOR},
    }
    k = rng.choice([i for i in by_hand if i not in out])
    out[k] = {"coach": signals[k].coach.replace(" ", "  ") + " "}  # double space and a trailing one
    return out


def _layout(t: schema.Tab, entries: list[Entry], extra: tuple[str, ...] = ()
            ) -> tuple[Rows, list[Expected], list[Expected], list[Expected]]:
    """Header plus rows in the order they landed, and the answer key by sheet row number."""
    header = [f.header for f in t.fields] + list(extra)
    rows: Rows = [header]
    rejects, warnings, variants = [], [], []
    for n, e in enumerate(sorted(entries, key=lambda e: e.at), start=2):
        rows.append([e.values.get(f.key) for f in t.fields] + [e.extra.get(h) for h in extra])
        rejects += [Expected(t.name, n, e.fault)] if e.fault else []
        warnings += [Expected(t.name, n, w) for w in e.warnings]
        variants += [Expected(t.name, n, v) for v in e.variants]
    return rows, rejects, warnings, variants


# --- the tabs the coordinator keeps --------------------------------------------------------------------------
def _yes_no(flag: bool) -> str:
    return YES if flag else NO


def _roster_entries() -> list[Entry]:
    entries = []
    for letter, c in zip("ABCDEFGH", ROSTER):
        values = {
            "name": c.name, "pseudonym": f"Coach {letter}", "active_from": _midnight(c.active_from),
            "active_to": _midnight(c.active_to) if c.active_to else None, "agreement": _yes_no(c.agreement),
            "first_aid": _midnight(c.first_aid) if c.first_aid else None, "under_21": _yes_no(c.under_21),
        }
        entries.append(Entry(_midnight(c.active_from), values))
    return entries


def _money(x: float) -> float | int:
    """Whole amounts as ints, as the xlsx download reads back (15, not 15.0)."""
    x = round(x, 2)
    return int(x) if x == int(x) else x


COSTS = (  # date, budget line, what, amount, paid by
    (date(2021, 11, 26), LINE_PROMOTION, "Flyers en posters startbijeenkomst (drukwerk)", 186.34, GEMEENTE),
    (date(2021, 11, 29), LINE_MATERIAL, "Zaklampen (8 stuks)", 8 * 24.95, DE_KEY),
    (date(2021, 11, 29), LINE_MATERIAL, "Veiligheidsschoenen (8 paar)", 8 * 54.95, DE_KEY),
    (date(2021, 11, 30), LINE_MATERIAL, "EHBO-kits (2)", 2 * 34.50, STICHTING),
    (date(2021, 12, 1), LINE_MATERIAL, "Prepaid telefoons (2) voor de dienstlijn", 2 * 89.00, DE_KEY),
    (date(2021, 12, 2), LINE_MATERIAL, "Mondkapjes en handgel (coronabescherming)", 42.80, GEMEENTE),
    (date(2021, 12, 6), LINE_PROMOTION, "Hesjes met opdruk 'Flatcoach K-buurt' (10)", 245.00, DE_KEY),
    (date(2021, 12, 31), LINE_MATERIAL, "Beltegoed dienstlijnen december", 30.00, DE_KEY),
    (date(2022, 1, 6), LINE_MATERIAL, "Reservebatterijen zaklampen", 23.47, STICHTING),
    (date(2022, 1, 10), LINE_PROMOTION, "Nieuwjaarsflyer voor de bewoners van de vier torens", 120.50, GEMEENTE),
    (date(2022, 1, 12), LINE_MATERIAL, "Veiligheidsschoenen nieuwe coach", 54.95, DE_KEY),
    (date(2022, 1, 31), LINE_MATERIAL, "Beltegoed dienstlijnen januari", 30.00, DE_KEY),
    (date(2022, 2, 2), LINE_MATERIAL, "Thermoskannen en bekers voor de rondes", "nog opvragen", STICHTING),
    (date(2022, 2, 15), LINE_PROMOTION, "Advertentie werving nieuwe coaches (buurtkrant)", 75.00, GEMEENTE),
    (date(2022, 2, 28), LINE_MATERIAL, "Beltegoed dienstlijnen februari", 30.00, DE_KEY),
    (date(2022, 3, 12), LINE_PROMOTION, "Afsluitende bijeenkomst met bewoners (koffie, thee, gebak)", 96.40, STICHTING),
    (date(2022, 3, 15), LINE_MATERIAL, "Beltegoed dienstlijnen maart", 15.00, DE_KEY),
)


def _cost_entries() -> list[Entry]:
    entries = []
    for d, line, what, amount, paid_by in COSTS:
        bad = isinstance(amount, str)  # the receipt was lost: the coordinator typed a note instead of an amount
        values = {"date": _midnight(d), "budget_line": line, "description": what,
                  "amount": amount if bad else _money(amount), "paid_by": paid_by}
        entries.append(Entry(_midnight(d), values, fault=BAD_AMOUNT if bad else None))
    return entries


def _hours_entries(rng: random.Random) -> list[Entry]:
    """The coordinator's hours: set-up, a weekly roster, the monthly meetings and reports, the evaluation."""
    items = [(date(2021, 11, 22), 6, "Werving en intakegesprekken"),
             (date(2021, 11, 27), 4, "EHBO-training organiseren en begeleiden"),
             (date(2021, 12, 1), 3.5, "Startbijeenkomst coaches en partners"),
             (date(2022, 1, 5), 2, "Intake en inwerken nieuwe coach"),
             (date(2022, 2, 14), 1.5, "Inwerken nieuwe coach"),
             (date(2022, 3, 15), 4, "Evaluatie voorbereiden")]
    items += [(m, 3, "Maandelijks overleg De Key, gemeente, politie en wijkmakelaar (voorbereiding en verslag)")
              for m in MEETINGS]
    items += [(m - timedelta(days=2), 2.5, "Maandrapportage voor De Key") for m in MEETINGS[1:]]
    items += [(date(y, m, 25), 1.5, "Uitbetaling vergoedingen coaches")
              for y, m in ((2021, 12), (2022, 1), (2022, 2), (2022, 3))]
    monday = date(2021, 11, 29)
    while monday <= SEASON_END:
        items.append((monday, rng.choice((1, 1.5, 1.5, 2)), "Rooster en appgroep bijhouden"))
        monday += timedelta(days=7)
    return [Entry(_midnight(d), {"date": _midnight(d), "name": COORDINATOR, "hours": h, "description": what})
            for d, h, what in sorted(items)]


# Action, owner, days until the deadline (None: no deadline), theme + place of the signal it follows, ticket prefix
ACTIONS = {
    MEETINGS[0]: (
        ("Lampen op de galerijen van Kouwenoord laten vervangen", "De Key", 14, ("lights", "Kouwenoord"), "DK"),
        ("Slot op de deur van de bergingsgang Klieverink repareren", "De Key", 14, ("broken", "Klieverink"), "DK"),
        ("Wijkagent vragen in het weekend langs de bergingen van Kralenbeek te lopen", "Politie", 21,
         ("youths", "Kralenbeek"), None),
        ("Brief aan bewoners over de flatcoaches en de appgroep", "Stichting", 10, None, None),
        ("Extra ophaalmoment grofvuil aanvragen bij de gemeente", "Gemeente", 21, ("litter", PUBLIC), "SIG"),
    ),
    MEETINGS[1]: (
        ("Veldwerkers daklozenzorg inschakelen voor de slapers in het trappenhuis", "Gemeente", 14,
         ("sleepers", None), "SIG"),
        ("Lift: monteur laten komen, de storing keert steeds terug", "De Key", 7, ("lift", None), "DK"),
        ("Lantaarnpalen op het pad tussen de flats laten repareren", "Gemeente", 21, ("lights", PUBLIC), "SIG"),
        ("Tweede EHBO-training plannen voor nieuwe coaches", "Stichting", 28, None, None),
        ("Jongerenwerk uitnodigen voor een gesprek over de jongeren bij de bergingen", "Wijkmakelaar", 28,
         ("youths", None), None),
        ("Deur naar het dak afsluiten tegen slapers", "De Key", 14, ("sleepers", None), "DK"),
    ),
    MEETINGS[2]: (
        ("Camera bij de ingang van de parkeergarage bespreken", "De Key", 28, ("drugs", None), None),
        ("Trappenhuizen tijdelijk vaker laten schoonmaken (urine)", "De Key", 14, ("urine", None), "DK"),
        ("Nieuwe coach werven en inwerken", "Stichting", 14, None, None),
        ("Bosjes langs het pad naar de metro laten snoeien", "Gemeente", 28, ("unsafe", PUBLIC), "SIG"),
        ("Ongediertebestrijding inschakelen voor de ratten bij de containers", "Gemeente", 14, ("rats", None), "SIG"),
    ),
    MEETINGS[3]: (
        ("Evaluatie voorbereiden met de cijfers uit het dashboard", "Stichting", 14, None, None),
        ("Afspraken maken over voortzetting na 15 maart", "Gemeente", 21, None, None),
        ("Intercom bij de entree laten repareren", "De Key", 14, ("broken", None), "DK"),
        ("Verslag voor bewoners over de resultaten van deze winter", "Stichting", None, None, None),
        ("Wijkagent om terugkoppeling vragen over de drugsoverlast", "Politie", 14, ("drugs", None), None),
    ),
}
# Notes by status, for partners that fix things (De Key, Gemeente) and for the others (the default)
NOTES = {
    (DONE, "De Key"): ("Gereed, gecontroleerd tijdens een ronde.", "Opgelost.", None),
    (DONE, "Gemeente"): ("Gereed volgens Signalen, gecontroleerd tijdens een ronde.", None),
    (DONE, ""): ("Gedaan, besproken in het overleg.", None),
    (RUNNING, "De Key"): ("Onderdelen besteld.", "Wacht op de aannemer.", None),
    (RUNNING, "Gemeente"): ("In behandeling bij de gemeente.", None),
    (RUNNING, ""): ("Mee bezig.", None),
    (OPEN, "De Key"): ("Nog geen reactie ontvangen.", None),
    (OPEN, "Gemeente"): ("Nog geen reactie ontvangen.", None),
    (OPEN, "Politie"): ("Nog geen reactie ontvangen.", None),
    (OPEN, "Wijkmakelaar"): ("Nog geen reactie ontvangen.", None),
    (OPEN, ""): ("Nog niet aan toegekomen.", None),
}


def _followed_signal(signals: list[Signal], link: tuple[str, str | None] | None, before: date) -> Signal | None:
    """The latest clean signal of the theme (and place) before the meeting: the one the action follows up."""
    if not link:
        return None
    theme, place = link
    hits = [s for s in signals if s.fault is None and s.theme.key == theme and s.submitted.date() < before
            and place in (None, s.location)]
    return max(hits, key=lambda s: s.submitted) if hits else None


def _status(rng: random.Random, deadline: date | None) -> str:
    """Long past the deadline most actions are done; some stay open, so the overdue list has something."""
    if deadline is None or deadline >= SEASON_END:
        return rng.choice((OPEN, RUNNING))
    weights = (85, 10, 5) if deadline < SEASON_END - timedelta(days=30) else (55, 25, 20)
    return rng.choices((DONE, RUNNING, OPEN), weights)[0]


def _ticket(rng: random.Random, prefix: str | None, year: int) -> str | None:
    if prefix == "DK":
        return f"DK-{year}-{rng.randint(1, 999):04d}"
    return f"SIG-{rng.randint(100000, 999999)}" if prefix == "SIG" else None


def _action_entries(rng: random.Random, signals: list[Signal]) -> list[Entry]:
    entries = []
    for meeting, actions in ACTIONS.items():
        for text, owner, days, link, prefix in actions:
            deadline = meeting + timedelta(days=days) if days else None
            status = _status(rng, deadline)
            followed = _followed_signal(signals, link, meeting)
            values = {
                "meeting_date": _midnight(meeting), "action": text, "owner": _opt(schema.OWNERS, owner),
                "deadline": _midnight(deadline) if deadline else None, "status": status,
                "signal_ts": followed.submitted if followed else None,
                "ticket": _ticket(rng, prefix, meeting.year) if followed or rng.random() < 0.3 else None,
                "note": rng.choice(NOTES.get((status, owner), NOTES[(status, "")])),
            }
            entries.append(Entry(_midnight(meeting), values))
    return entries


def _budget_entries() -> list[Entry]:
    """The project's budget lines with invented contributions (they are blacked out in the published plan)."""
    lines = ((LINE_ROUNDS, 480, 15, 4800, 2400), (LINE_ORGANISATION, 80, 25, 1200, 800),
             (LINE_PROMOTION, None, None, 350, 400), (LINE_MATERIAL, None, None, 1000, 500))
    entries = []
    for line, hours, rate, dekey, gemeente in lines:
        values = {"budget_line": line, "hours": hours, "rate": rate,
                  "amount": hours * rate if hours else dekey + gemeente,
                  "contrib_dekey": dekey, "contrib_gemeente": gemeente}
        entries.append(Entry(_midnight(SEASON_START), values))
    return entries


# --- the whole workbook --------------------------------------------------------------------------------------
def _season(rng: random.Random) -> list[Round]:
    """The rounds, their faults, their length, places, signals, reports and submission times, in that order."""
    rounds = _plan_rounds(rng)
    _choose_faults(rng, rounds, ROUND_FAULTS, _round_fits)
    _balance_hours(rng, rounds)
    gaps = _tower_gaps(rng)
    for r in rounds:
        r.locations = _locations(rng, r, gaps)
    _add_signals(rng, rounds)
    _write_reports(rng, rounds)
    for r in rounds:
        r.submitted = _round_submitted(rng, r)
        for s in r.signals:
            s.submitted = _signal_submitted(rng, s, r)
    return rounds


def _name_variant(rng: random.Random, rounds: list[Round]) -> None:
    """Two names typed by hand in another case or with extra spaces: they must still match the roster."""
    plain = [r for r in rounds if r.fault is None and NEWCOMER not in r.coaches and len(r.coaches) == 2]
    first, second = rng.sample(plain, 2)
    first.names[0] = "  " + first.names[0].lower()
    second.names[1] = second.names[1].upper().replace(" ", "  ")


def generate(seed: int) -> Demo:
    """The whole demo workbook for a seed: the same seed always gives the same rows."""
    rng = random.Random(seed)
    rounds = _season(rng)
    signals = [s for r in rounds for s in r.signals]
    _choose_faults(rng, signals, SIGNAL_FAULTS, _signal_fits)
    _private_details(rng, [s for s in signals if s.urgency != SPOED and s.fault is None])
    pairs = [r for r in rounds if r.fault is None and len(r.coaches) == 2 and NEWCOMER not in r.coaches]
    doubled = rng.sample(pairs, DUPLICATE_ROUNDS)
    _name_variant(rng, [r for r in rounds if r not in doubled])

    round_entries = [_round_entry(r) for r in rounds] + [_partner_entry(rng, r) for r in doubled]
    spelled = _spellings(rng, signals)
    signal_entries = [_signal_entry(s, spelled.get(i, {})) for i, s in enumerate(signals)]
    plain = [e for e in signal_entries if e.fault is None and not e.warnings and not e.variants]
    resend = rng.sample(plain, DUPLICATE_SIGNALS)
    signal_entries += [_resent(rng, e, i == 1) for i, e in enumerate(resend)]

    laid_out = {
        schema.ROUNDS.name: _layout(schema.ROUNDS, round_entries, (OLD_QUESTION,)),
        schema.SIGNALS.name: _layout(schema.SIGNALS, signal_entries),
        schema.ROSTER.name: _layout(schema.ROSTER, _roster_entries()),
        schema.COSTS.name: _layout(schema.COSTS, _cost_entries()),
        schema.ORG_HOURS.name: _layout(schema.ORG_HOURS, _hours_entries(rng)),
        schema.ACTIONS.name: _layout(schema.ACTIONS, _action_entries(rng, signals)),
        schema.BUDGET.name: _layout(schema.BUDGET, _budget_entries()),
        # the dashboard's own tabs start empty, as the forms script makes them
        schema.ACCESS_LINKS.name: _layout(schema.ACCESS_LINKS, []),
        schema.SHEET_SETTINGS.name: _layout(schema.SHEET_SETTINGS, []),
        schema.MEETINGS.name: _layout(schema.MEETINGS, []),
    }
    tabs = {name: laid_out[name][0] for name in schema.TABS}
    warnings = [Expected(schema.ROUNDS.name, 1, UNKNOWN_COLUMN)]
    return Demo(
        tabs=tabs,
        rejects=[x for name in schema.TABS for x in laid_out[name][1]],
        warnings=warnings + [x for name in schema.TABS for x in laid_out[name][2]],
        variants=[x for name in schema.TABS for x in laid_out[name][3]],
        coach_hours=round(sum(r.coach_hours for r in rounds if r.fault is None), 2),
    )


# --- writing and reading -------------------------------------------------------------------------------------
XLSX_FORMATS = {Kind.TIMESTAMP: "d-m-yyyy h:mm:ss", Kind.DATE: "d-m-yyyy", Kind.TIME: "h:mm:ss",
                Kind.MONEY: '"€" #,##0.00'}


def _column_kinds(tab_name: str, header: list[Any]) -> list[Kind | None]:
    """The schema's kind of each column (None for a column the schema doesn't know)."""
    t = schema.tab(tab_name)
    kinds: list[Kind | None] = [None] * len(header)
    for key, cols in schema.map_headers(t, header).columns.items():
        for i in cols:
            kinds[i] = t.field(key).kind
    return kinds


def write_xlsx(tabs: dict[str, Rows], path: str | Path) -> None:
    """An .xlsx like Google's download: one sheet per tab, dates and times as typed cells with Dutch formats."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tabs.items():
        ws = wb.create_sheet(name)
        kinds = _column_kinds(name, rows[0])
        for row in rows:
            ws.append(row)
        for col, kind in enumerate(kinds, start=1):
            fmt = XLSX_FORMATS.get(kind)
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                    if not isinstance(cell.value, str):
                        cell.number_format = fmt
            width = 48 if kind == Kind.PARAGRAPH else max(12, len(str(rows[0][col - 1])) + 2)
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
    wb.properties.creator = SPREADSHEET_NAME
    wb.properties.created = wb.properties.modified = FILE_STAMP
    wb.save(path)
    _pin_zip_times(path)


def _pin_zip_times(path: Path) -> None:
    """openpyxl stamps the zip entries and 'modified' with the wall clock; fixed stamps make a regenerated file
    byte-identical, so `git status` stays clean when nothing changed."""
    stamp = FILE_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info)) for info in zin.infolist()]
    items = [(info, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
              if info.filename == "docProps/core.xml" else data) for info, data in items]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            pinned = zipfile.ZipInfo(info.filename, date_time=FILE_STAMP.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(pinned, data)
    os.replace(tmp, path)


def read_xlsx_rows(path: str | Path) -> dict[str, Rows]:
    """Every sheet's rows as typed cells (trailing empty rows dropped), in sheet order."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        tabs = {}
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            while rows and all(v is None for v in rows[-1]):
                rows.pop()
            tabs[ws.title] = rows
        return tabs
    finally:
        wb.close()


def _fmt_date(d: date, locale: str) -> str:
    return f"{d.month}/{d.day}/{d.year}" if locale == "us" else f"{d.day}-{d.month}-{d.year}"


def _fmt_time(t: time, twelve_hour: bool) -> str:
    if twelve_hour:
        return f"{t.hour % 12 or 12}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}"
    return f"{t.hour}:{t.minute:02d}:{t.second:02d}"


def _fmt_number(x: float, kind: Kind | None, locale: str) -> str:
    """Dutch '2,5' and '€ 1.234,56'; US '2.5' and '€1,234.56'."""
    if kind == Kind.MONEY:
        text = f"{x:,.2f}"
        return "€" + text if locale == "us" else "€ " + text.replace(",", "_").replace(".", ",").replace("_", ".")
    text = str(x) if isinstance(x, int) else f"{x:.10g}"
    return text if locale == "us" else text.replace(".", ",")


def format_cell(value: Any, kind: Kind | None, locale: str) -> str:
    """A cell as Google's CSV download shows it in the spreadsheet's locale ('nl' or 'us')."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if locale == "us" else ("WAAR" if value else "ONWAAR")
    if isinstance(value, datetime):
        if kind == Kind.DATE or (kind is None and value.time() == time(0)):
            return _fmt_date(value.date(), locale)
        return f"{_fmt_date(value.date(), locale)} {_fmt_time(value.time(), twelve_hour=False)}"
    if isinstance(value, date):
        return _fmt_date(value, locale)
    if isinstance(value, time):
        return _fmt_time(value, twelve_hour=locale == "us")
    if isinstance(value, (int, float)):
        return _fmt_number(value, kind, locale)
    return str(value)


def csv_name(tab_name: str) -> str:
    """Google's name for a tab's CSV download."""
    return f"{SPREADSHEET_NAME} - {tab_name}.csv"


def write_csv_folder(tabs: dict[str, Rows], folder: str | Path, locale: str) -> list[Path]:
    """One CSV per tab, as Google downloads them: the locale's formatted strings, UTF-8, CRLF line ends."""
    if locale not in ("nl", "us"):
        raise ValueError(f"locale must be 'nl' or 'us', not {locale!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tabs.items():
        kinds = _column_kinds(name, rows[0])
        path = folder / csv_name(name)
        with open(path, "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh)
            out.writerow(rows[0])
            out.writerows([format_cell(v, k, locale) for v, k in zip(row, kinds)] for row in rows[1:])
        written.append(path)
    return written


def summary(demo: Demo) -> str:
    """What was generated, in Dutch."""
    counts = {name: len(rows) - 1 for name, rows in demo.tabs.items()}
    faults = Counter(LABELS[x.kind] for x in demo.rejects)
    lines = [", ".join(f"{name}: {n} rijen" for name, n in counts.items()),
             f"Coachuren in goede rondes: {demo.coach_hours:.1f}".replace(".", ","),
             f"Opzettelijk foute rijen: {len(demo.rejects)} ({', '.join(f'{k} {n}x' for k, n in faults.items())})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lib.demo", description="Maak de demo-spreadsheet (verzonnen gegevens).")
    parser.add_argument("--seed", type=int, default=2021, help="startgetal; hetzelfde getal geeft dezelfde gegevens")
    parser.add_argument("--out", help="pad van het .xlsx-bestand, bijvoorbeeld data/demo.xlsx")
    parser.add_argument("--csv", help="map voor CSV-bestanden per tabblad, zoals Google ze downloadt")
    parser.add_argument("--locale", choices=("nl", "us"), default="nl", help="landinstelling van de CSV-bestanden")
    args = parser.parse_args(argv)
    if not args.out and not args.csv:
        parser.error("geef --out en/of --csv")
    demo = generate(args.seed)
    if args.out:
        write_xlsx(demo.tabs, args.out)
        print(f"Geschreven: {args.out}")
    if args.csv:
        write_csv_folder(demo.tabs, args.csv, args.locale)
        print(f"Geschreven: {args.csv} ({args.locale})")
    print(summary(demo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
