"""What the monthly report says: the clean data of one month (or the whole project) turned into a format-free model.

The model is a `Report`: a cover, a short "In het kort", and sections of paragraphs, bullet lists, tables (cells are
finished Dutch strings, formatted with lib.fmt) and figures (the dashboard's own Altair specs). Every number comes
from lib.metrics; this module only chooses, words and groups. The renderers (docx, pdf, markdown) only lay out.

The contents follow the agreement in the project description ("Afspraken m.b.t. rapportages"): hours worked,
coaches who worked, general observations, observations during the rounds, notable events and incidents; plus the
follow-up, coverage and budget that the partners discuss in the monthly meeting.
Coaches appear by pseudonym (tab Coaches) unless the coordinator chooses names; free texts are then scrubbed.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from lib import fmt, metrics, schema
from lib.clean import Clean
from lib.errors import FlatcoachError
from lib.metrics import View
from lib.people import pseudonyms
from lib.settings import Settings

TITLE = "Maandrapportage Flatcoaches K-buurt"
PARTNERS = ("Lieven de Key", "Gemeente Amsterdam, stadsdeel Zuidoost", "Stichting Hart voor de K-buurt")
# More texts than this in one section and the section is summarised (count, themes, examples); all texts then go
# into the appendix. Fifteen is about one page of notes: a month of rounds is usually more.
LONG = 15
MIN_GAP_DAYS = 3

# Simple keyword themes for the coaches' own texts. A theme counts once per text when one of its word stems occurs
# at the start of a word (so "lamp" also finds "lampen", "lantaarn" finds "lantaarnpaal").
THEMES: dict[str, tuple[str, ...]] = {
    "verlichting": ("verlichting", "lamp", "licht", "lantaarn", "donker"),
    "afval": ("afval", "vuil", "zwerfvuil", "container", "vuilniszak", "grofvuil", "gedumpt", "rommel", "matras"),
    "slapers": ("slaper", "slaapplek", "slaapzak", "sliep", "slapen", "dakloos", "nachtopvang"),
    "jongeren": ("jongeren", "jongens", "hangjongeren", "scooter", "lachgas"),
    "lift": ("lift",),
    "deuren en sloten": ("slot", "intercom", "opengebroken", "branddeur", "voordeur", "deur van", "deur naar",
                         "deur staat", "deur is", "deur of", "deur open", "deuren open", "hek"),
    "urine en poep": ("urine", "plas", "geplast", "poep", "uitwerpselen", "stinkt"),
    "drugs": ("drugs", "dealen", "deal", "blowen", "wiet", "spuiten", "zilverpapier"),
    "graffiti en vernieling": ("graffiti", "tags", "beklad", "vernield", "vernieling", "ingeslagen", "bekrast"),
    "geluid": ("geluid", "muziek", "geschreeuw", "blaft", "lawaai"),
    "vuurwerk": ("vuurwerk",),
    "onveilig gevoel": ("onveilig", "veilig voel", "niet veilig", "bang"),
    "ratten": ("rat", "ratten", "ongedierte"),
    "lekkage": ("lekkage", "lek", "lekkende"),
    "storm": ("storm", "omgewaaid", "losgewaaid", "takken"),
    "contact met bewoners": ("bewoner", "bewoonster", "praatje", "gesproken", "aangesproken", "bedankte", "gegroet"),
    "rustig": ("rustig", "was stil", "erg stil", "stil op straat", "niets bijzonders", "alles in orde",
               "geen bijzonderheden", "deuren dicht", "paden schoon"),
}
_THEME_RE = {k: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)
             for k, words in THEMES.items()}
QUIET = "rustig"
_NOTHING = re.compile(r"^\s*(geen bijzonderheden|niets bijzonders|n\.?v\.?t\.?|nee|-)\s*\.?\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÁÂÄÈÉÊËÍÎÏÓÔÖÚÛÜ'\"(])")
_PLACE_PREFIX = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in schema.LOCATIONS) + r")\s*:", re.IGNORECASE)
_PLACE_BY_KEY = {schema.norm(p): p for p in schema.LOCATIONS}
SEVERAL = "Rondes langs meerdere plekken"


class ReportPeriodError(FlatcoachError):
    """The month asked for cannot be read or has no data."""


# --- the model --------------------------------------------------------------------------------------------------

@dataclass
class Para:
    """A paragraph: optional bold lead, optional meta (italic: where and who), then the text.
    style: 'body', 'note' (small print), 'quote' or 'subhead' (a bold line kept with what follows).
    Separators are part of the strings."""

    text: str
    lead: str = ""
    style: str = "body"
    meta: str = ""


@dataclass
class Bullets:
    items: list[Para]


@dataclass
class Table:
    """A table of finished strings. align: one letter per column, 'l' or 'r'. widths: relative column widths.
    total: the last row is a total row. width: the share of the text width the table takes."""

    columns: list[str]
    rows: list[list[str]]
    align: str = ""
    widths: tuple[float, ...] = ()
    total: bool = False
    caption: str = ""
    width: float = 1.0

    def __post_init__(self) -> None:
        if not self.align:
            self.align = "l" + "r" * (len(self.columns) - 1)
        if not self.widths:
            self.widths = tuple([1.0] * len(self.columns))


@dataclass
class Figure:
    """A chart from the dashboard (the same Altair spec), rendered to PNG by the renderers."""

    title: str
    chart: Any
    caption: str = ""
    width: int = 640  # px at scale 1: the text width of an A4 page

    def png(self) -> bytes:
        return chart_png(self.chart, self.width)


Block = Para | Bullets | Table | Figure


@dataclass
class Section:
    title: str
    level: int = 1
    blocks: list[Block] = field(default_factory=list)
    key: str = ""


@dataclass
class Report:
    title: str
    month: str | None
    period: str  # 'januari 2022' / 'hele project'
    period_range: str  # '1 januari 2022 – 31 januari 2022'
    made_on: dt.date
    names: bool
    cover: list[tuple[str, str]]
    summary: list[Para]
    sections: list[Section]
    notes: list[str] = field(default_factory=list)  # what could not be included (a chart that failed)
    cover_page: bool = True  # the cover and "In het kort" on a page of their own (the minutes run on instead)

    @property
    def footer(self) -> str:
        return f"{self.title} · {self.period}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- charts ---------------------------------------------------------------------------------------------------

_PNG_CACHE: OrderedDict[str, bytes] = OrderedDict()


def chart_png(chart: Any, width: int = 640) -> bytes:
    """The chart as PNG at the report's width. Reruns of the page render the same spec once (small LRU)."""
    import altair as alt

    from lib.charts.common import png_key, to_png

    # The key: the chart's spec + a hash of its frames (no schema check, no data written out as JSON) and the width,
    # taken before the sized copy is made: a kept chart (lib.charts.common.kept) has its spec made once.
    key = f"{png_key(chart)}@{width}"
    if key in _PNG_CACHE:
        _PNG_CACHE.move_to_end(key)
        return _PNG_CACHE[key]
    sized = chart
    try:
        if getattr(chart, "width", alt.Undefined) is alt.Undefined:
            sized = chart.properties(width=width)
    except Exception:  # a concatenated chart has no single width: render it as the dashboard lays it out
        sized = chart
    png = to_png(sized)
    _PNG_CACHE[key] = png
    while len(_PNG_CACHE) > 32:
        _PNG_CACHE.popitem(last=False)
    return png


# --- helpers ----------------------------------------------------------------------------------------------------

def parse_month(text: str | None) -> str | None:
    """'2022-01' -> '2022-01'; None, '' or 'project' -> None (the whole project). Raises ReportPeriodError."""
    if text is None or not str(text).strip() or str(text).strip().casefold() == "project":
        return None
    t = str(text).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ReportPeriodError(f"Onleesbare maand '{t[:20]}': schrijf de maand als JJJJ-MM (bijvoorbeeld 2022-01), "
                                "of 'project' voor het hele project.")
    return t


def check_month(c: Clean, month: str | None) -> None:
    """Raise ReportPeriodError when the month has no rounds and no signals."""
    months = metrics.months_with_data(c)
    if month is None:
        if not months:
            raise ReportPeriodError("Er zijn nog geen rondes of meldingen: er valt niets te rapporteren.")
        return
    if month not in months:
        known = ", ".join(fmt.month(m) for m in months) or "geen"
        raise ReportPeriodError(f"Geen rondes of meldingen in {fmt.month(month)}. Maanden met gegevens: {known}.")


def _blank(x: object) -> bool:
    return x is None or (isinstance(x, float) and pd.isna(x)) or not str(x).strip()


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _count(n: int, one: str, many: str) -> str:
    return f"{fmt.number(n)} {one if n == 1 else many}"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _date(d: pd.Timestamp, whole: bool) -> str:
    """'wo 5 jan' inside a month; with the year over the whole project."""
    return f"{fmt.day_short(d)} {d.year}" if whole else fmt.day_short(d)


def themes_in(text: str) -> list[str]:
    """The keyword themes a text mentions, in THEMES order."""
    if _blank(text):
        return []
    return [k for k, rx in _THEME_RE.items() if rx.search(text)]


def theme_counts(texts: list[str]) -> Counter[str]:
    """How many texts mention each theme (a text counts once per theme)."""
    out: Counter[str] = Counter()
    for t in texts:
        out.update(themes_in(t))
    return out


def _theme_line(counts: Counter[str], skip: tuple[str, ...] = (QUIET, "contact met bewoners"), top: int = 5) -> str:
    parts = [f"{k} ({fmt.number(n)})" for k, n in counts.most_common() if k not in skip][:top]
    return _join(parts)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(str(text).strip()) if s.strip()]


class People:
    """How coaches are named in this report: pseudonyms (tab Coaches) or, when chosen, their names."""

    def __init__(self, c: Clean, names: bool):
        self.names = names
        # the same table as the partner pages and the payout, so report and dashboard agree
        self._pseudo = pseudonyms(c)

    def label(self, name: str) -> str:
        if self.names:
            return str(name).strip()
        k = schema.norm(name)
        return self._pseudo.get(k) or "Coach"

    def labels(self, names: list[str]) -> str:
        return _join([self.label(n) for n in names])


def scrubber(c: Clean, names: bool) -> Callable[[str], str]:
    """What happens to free texts (observations, descriptions) before they go into the report.

    PRIVACY CALL SITE: with names chosen the text stays as the coach wrote it; otherwise lib.privacy.scrub (the
    scrubber the partner pages use) replaces phone numbers, e-mail addresses, postcodes, house numbers, residents
    named with a title and the coaches' names. This is the only place the report touches free text for privacy.
    """
    if names:
        return lambda text: "" if _blank(text) else str(text).strip()
    try:
        from lib import privacy
    except ImportError:  # an older checkout without the shared scrubber: at least hide the coaches' names
        privacy = None
    if privacy is None or not callable(getattr(privacy, "scrub", None)):
        fn = _pseudonymise_names(c)
    else:
        people = sorted({str(n) for n in pd.concat([c.roster["name"], c.round_coaches["coach"], c.signals["coach"],
                                                    c.org_hours["name"]]).dropna() if str(n).strip()})
        # One compiled pattern for the whole report instead of one per text, when privacy offers it.
        maker = getattr(privacy, "_names_pattern", None)
        pattern = maker(people) if callable(maker) else people

        def fn(text: str) -> str:
            return privacy.scrub(text, pattern)

    def scrub(text: str) -> str:
        return "" if _blank(text) else str(fn(str(text).strip()))

    return scrub


def _pseudonymise_names(c: Clean) -> Callable[[str], str]:
    """Fallback when lib.privacy is missing: at least the coaches' names become their pseudonyms."""
    pairs = [(str(n).strip(), str(p).strip()) for n, p in zip(c.roster["name"], c.roster["pseudonym"])
             if str(n).strip()]
    pairs.sort(key=lambda np_: -len(np_[0]))
    rx = [(re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)", re.IGNORECASE), p) for n, p in pairs]

    def scrub(text: str) -> str:
        for r, p in rx:
            text = r.sub(p, text)
        return text

    return scrub


# --- build ------------------------------------------------------------------------------------------------------

@dataclass
class _Ctx:
    c: Clean
    conf: Settings
    month: str | None
    view: View
    whole: bool
    period: str
    people: People
    scrub: Callable[[str], str]
    today: dt.date
    notes: list[str]
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def in_period(self) -> str:
        """'in januari 2022' / 'over het hele project'."""
        return "over het hele project" if self.whole else f"in {self.period}"


def build(c: Clean, month: str | None, conf: Settings, *, note: str = "", names: bool = False,
          today: dt.date | None = None, charts: bool = True) -> Report:
    """The report for one month ('YYYY-MM') or the whole project (None). Raises ReportPeriodError for a month
    without data. `note` is the coordinator's own text; `names` puts real names in instead of pseudonyms."""
    check_month(c, month)
    today = today or dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    view = View(month)
    start, end = metrics.bounds(c, month, conf)
    x = _Ctx(c=c, conf=conf, month=month, view=view, whole=month is None, period=fmt.month(month),
             people=People(c, names), scrub=scrubber(c, names), today=today, notes=[], start=start, end=end)
    period_range = f"{fmt.day(start, long=True)} – {fmt.day(end, long=True)}"
    sections: list[Section] = []
    if note and note.strip():
        sections.append(_note_section(note))
    sections += _general(x, charts)
    obs_sections, appendix = _observations(x)
    sections += obs_sections
    sections += _signals(x, charts)
    sections += _coverage(x, charts)
    sections += _budget(x, charts)
    if appendix:
        sections += appendix
    cover = [
        ("Periode", f"{_cap(x.period)} ({period_range})" if not x.whole
         else f"Hele project, voor de evaluatie ({period_range})"),
        ("Voor", f"{PARTNERS[0]}; {PARTNERS[1]}"),
        ("Van", f"{PARTNERS[2]}, namens het team flatcoaches"),
        ("Opgemaakt op", fmt.day(today, long=True)),
        ("Coaches", "met naam (alleen voor intern gebruik)" if names else "met pseudoniem (tabblad Coaches)"),
        ("Gegevens", _source_line(c)),
    ]
    return Report(title=TITLE, month=month, period=x.period, period_range=period_range, made_on=today, names=names,
                  cover=cover, summary=_summary(x), sections=sections, notes=x.notes)


def _source_line(c: Clean) -> str:
    src = c.source or "spreadsheet Flatcoaches K-buurt"
    return f"{src}, gelezen op {fmt.moment(c.read_at)}" if c.read_at else src


def _note_section(note: str) -> Section:
    blocks: list[Block] = []
    bullets: list[Para] = []
    for line in note.strip().splitlines():
        s = line.strip()
        if re.match(r"^[-*•]\s+", s):
            bullets.append(Para(re.sub(r"^[-*•]\s+", "", s)))
            continue
        if bullets:
            blocks.append(Bullets(bullets))
            bullets = []
        if s:
            blocks.append(Para(s))
    if bullets:
        blocks.append(Bullets(bullets))
    return Section("Toelichting coördinator", blocks=blocks, key="toelichting")


def _summary(x: _Ctx) -> list[Para]:
    h = metrics.report_headline(x.c, x.view, x.conf)
    share = h["coach_hours"] / h["plan_hours"] if h["plan_hours"] else None
    urgent = len(metrics.urgent_signals(x.c, x.view, x.conf))
    acts = metrics.period_actions(x.c, x.view, x.conf, x.today)
    open_n = int((acts["status"] != "Afgerond").sum())
    return [
        Para(f"{fmt.hours(h['coach_hours'])} gelopen door {_count(h['coaches'], 'coach', 'coaches')} "
             f"({fmt.percent(share)} van de {fmt.hours(h['plan_hours'])} uit het plan)", lead="Uren: "),
        Para(f"{_count(h['rounds'], 'ronde', 'rondes')} op {_count(h['round_days'], 'dag', 'dagen')}", lead="Rondes: "),
        Para(f"{_count(h['signals'], 'melding', 'meldingen')}, waarvan {fmt.number(urgent)} met urgentie Hoog of Spoed",
             lead="Meldingen: "),
        Para(f"{_count(open_n, 'actie', 'acties')} uit het overleg nog open of lopend", lead="Opvolging: "),
    ]


# --- Algemeen ---------------------------------------------------------------------------------------------------

def _compare(now: float, prev: float, one: str, many: str, decimals: int = 0) -> str:
    """'24,3 coachuren minder', '1 coach meer', 'evenveel rondes'."""
    d = now - prev
    if abs(d) < 10 ** -(decimals + 1):
        return f"evenveel {many}"
    n = fmt.number(abs(d), decimals)
    return f"{n} {one if abs(d) == 1 else many} {'meer' if d > 0 else 'minder'}"


def _general(x: _Ctx, charts: bool) -> list[Section]:
    c, conf = x.c, x.conf
    h = metrics.report_headline(c, x.view, conf)
    share = h["coach_hours"] / h["plan_hours"] if h["plan_hours"] else None
    s = Section("Algemeen", key="algemeen")
    text = (f"{_cap(x.in_period)} liepen {_count(h['coaches'], 'coach', 'coaches')} samen "
            f"{_count(h['rounds'], 'ronde', 'rondes')} op {_count(h['round_days'], 'dag', 'verschillende dagen')}: "
            f"{fmt.hours(h['coach_hours'])} aan coachuren (de duur van elke ronde maal het aantal coaches dat meeliep; "
            f"de rondes zelf duurden samen {fmt.hours(h['round_hours'])}). ")
    if x.whole:
        text += (f"Het plan voor het hele project is {fmt.hours(h['plan_hours'])} op "
                 f"{fmt.number(h['plan_round_days'])} dagen; daarvan is {fmt.percent(share)} gelopen. ")
    else:
        text += (f"Het plan voor deze maand is {fmt.hours(h['plan_hours'])} (het totaal van "
                 f"{fmt.hours(conf.plan_coach_hours)} gelijk verdeeld over de projectperiode); daarvan is "
                 f"{fmt.percent(share)} gelopen. ")
    before = metrics.org_hours_before(c, conf)
    months = metrics.months_with_data(c)
    if x.whole and before:  # the whole project counts the preparation too, as the budget and the Uren page do
        text += (f"De organisatie besteedde {fmt.hours(h['org_hours'] + before)} aan coördinatie en begeleiding, "
                 f"waarvan {fmt.hours(before)} vóór de eerste ronde ({fmt.day(x.start)}): werving, training en "
                 "voorbereiding")
    else:
        text += f"De organisatie besteedde {fmt.hours(h['org_hours'])} aan coördinatie en begeleiding"
        if before and months and x.month == months[0]:
            text += (f"; daarnaast {fmt.hours(before)} vóór de eerste ronde ({fmt.day(x.start)}): werving, training "
                     "en voorbereiding")
    s.blocks.append(Para(text + "."))

    if x.whole:
        s.blocks.append(_months_table(x))
    else:
        prev_month = metrics.previous_month(x.month)
        has_prev = prev_month in metrics.months_with_data(c)
        p = metrics.report_headline(c, View(prev_month), conf)
        if has_prev:
            s.blocks.append(Para(
                f"Vergeleken met {fmt.month(prev_month)}: "
                f"{_compare(h['coach_hours'], p['coach_hours'], 'coachuur', 'coachuren', 1)} "
                f"(toen {fmt.hours(p['coach_hours'])}), {_compare(h['rounds'], p['rounds'], 'ronde', 'rondes')} "
                f"(toen {fmt.number(p['rounds'])}) en {_compare(h['coaches'], p['coaches'], 'coach', 'coaches')} "
                f"(toen {fmt.number(p['coaches'])})."))
        else:
            s.blocks.append(Para(f"In {fmt.month(prev_month)} liepen nog geen rondes: dit is de eerste maand.",
                                 style="note"))

        num = fmt.number
        rows = [  # label, this month, the month before, the plan
            ["Coachuren", fmt.hours(h["coach_hours"]), fmt.hours(p["coach_hours"]), fmt.hours(h["plan_hours"])],
            ["Rondeduur (uren)", fmt.hours(h["round_hours"]), fmt.hours(p["round_hours"]), "–"],
            ["Rondes", num(h["rounds"]), num(p["rounds"]), "–"],
            ["Dagen met een ronde", num(h["round_days"]), num(p["round_days"]), num(h["plan_round_days"], 1)],
            ["Coaches die liepen", num(h["coaches"]), num(p["coaches"]), "–"],
            ["Organisatie-uren", fmt.hours(h["org_hours"]), fmt.hours(p["org_hours"]), fmt.hours(h["plan_org_hours"])],
            ["Meldingen", num(h["signals"]), num(p["signals"]), "–"],
        ]
        columns = ["", _cap(x.period), _cap(fmt.month(prev_month)), "Plan"]
        if not has_prev:  # the first month: no column of dashes for a month before the project
            rows = [[r[0], r[1], r[3]] for r in rows]
            columns = [columns[0], columns[1], columns[3]]
        s.blocks.append(Table(columns, rows, widths=(2.2, 1.3, 1.3, 1.2)[: len(columns)], caption="Kerncijfers"))

    towers = metrics.tower_summary(c, x.view, conf)
    t = Section("Per flat en openbare ruimte", level=2, key="algemeen-plekken")
    rows = [[r.location, fmt.number(r.rounds), fmt.number(r.days), fmt.hours(r.hours), fmt.hours(r.coach_hours),
             fmt.number(r.signals)] for r in towers.itertuples()]
    t.blocks.append(Table(["Plek", "Rondes", "Dagen", "Rondeduur", "Coachuren", "Meldingen"], rows,
                          widths=(2.0, 1, 1, 1.2, 1.2, 1.1)))
    t.blocks.append(Para("Een ronde langs meerdere plekken telt bij elke plek mee; de kolommen tellen daarom op tot "
                         "meer dan het totaal.", style="note"))
    s2 = Section("Uren per coach", level=2, key="algemeen-coaches")
    cs = metrics.coach_summary(c, x.view, conf)
    if cs.empty:
        s2.blocks.append(Para(f"Geen rondes {x.in_period}."))
    else:
        rows = [[x.people.label(r.coach), fmt.number(r.rounds), fmt.hours(r.hours)] for r in cs.itertuples()]
        rows.append(["Totaal", fmt.number(int(metrics.rounds_in(c, x.view, conf)["row"].nunique())),
                     fmt.hours(cs["hours"].sum())])
        s2.blocks.append(Table(["Coach", "Rondes", "Uren"], rows, widths=(2.4, 1, 1), total=True, width=0.6))
        s2.blocks.append(Para(("Namen zoals in tabblad Coaches." if x.people.names else
                               "Coaches staan onder hun pseudoniem uit tabblad Coaches.") +
                              " Een ronde met twee coaches telt bij allebei; het totaal aan rondes telt elke ronde "
                              "één keer.",
                              style="note"))
    out = [s, t, s2]
    if charts:
        s.blocks += _figures(x, "hours")
    return out


def _months_table(x: _Ctx) -> Table:
    ms = metrics.monthly_summary(x.c, x.conf)
    rows = [[_cap(fmt.month(r.month)), fmt.hours(r.coach_hours), fmt.hours(r.plan_hours), fmt.number(r.rounds),
             fmt.number(r.coaches), fmt.hours(r.org_hours), fmt.number(r.signals)] for r in ms.itertuples()]
    h = metrics.report_headline(x.c, x.view, x.conf)
    before = metrics.org_hours_before(x.c, x.conf)
    if before:
        rows.insert(0, [f"Vóór {fmt.day(x.start)}", "–", "–", "–", "–", fmt.hours(before), "–"])
    rows.append(["Hele project", fmt.hours(h["coach_hours"]), fmt.hours(h["plan_hours"]), fmt.number(h["rounds"]),
                 fmt.number(h["coaches"]), fmt.hours(h["org_hours"] + before), fmt.number(h["signals"])])
    return Table(["Maand", "Coachuren", "Plan", "Rondes", "Coaches", "Organisatie", "Meldingen"], rows,
                 widths=(1.6, 1.2, 1.1, 0.9, 0.9, 1.2, 1.0), total=True, caption="Per maand")


# --- Observaties ------------------------------------------------------------------------------------------------

@dataclass
class _Note:
    date: pd.Timestamp
    start: pd.Timestamp
    places: list[str]
    coaches: str
    text: str


def _round_notes(x: _Ctx) -> pd.DataFrame:
    r = metrics.rounds_in(x.c, x.view, x.conf).sort_values(["date", "start"])
    return r


def _split_places(text: str, places: list[str]) -> list[tuple[str, str]]:
    """'Kouwenoord: rustig. Kempering: lift defect.' -> [(Kouwenoord, rustig.), (Kempering, lift defect.)].
    Text without a place in front belongs to the round's one place, or to 'several places'."""
    out: list[tuple[str, str]] = []
    matches = list(_PLACE_PREFIX.finditer(text))
    head = text[: matches[0].start()] if matches else text
    if head.strip():
        out.append((places[0] if len(places) == 1 else SEVERAL, head.strip()))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        seg = text[m.end():end].strip()
        if seg:
            out.append((_PLACE_BY_KEY[schema.norm(m.group(1))], _cap(seg)))
    return out


def _observations(x: _Ctx) -> tuple[list[Section], list[Section]]:
    r = _round_notes(x)
    general = [_Note(row.date, row.start, list(row.locations), x.people.labels(row.coaches), x.scrub(row.obs_general))
               for row in r.itertuples()]
    general = [n for n in general if n.text]
    during: list[tuple[str, _Note]] = []
    n_during = 0
    for row in r.itertuples():
        text = x.scrub(row.obs_round)
        if not text:
            continue
        n_during += 1
        for place, seg in _split_places(text, list(row.locations)):
            during.append((place, _Note(row.date, row.start, list(row.locations), x.people.labels(row.coaches), seg)))

    s1 = Section("Observaties algemeen", key="obs-algemeen")
    s2 = Section("Observaties tijdens looprondes", key="obs-rondes")
    long1, long2 = len(general) > LONG, n_during > LONG
    if not general:
        s1.blocks.append(Para(f"Geen algemene observaties {x.in_period}."))
    elif long1:
        s1.blocks += _general_summary(x, general)
    else:
        s1.blocks += _general_full(x, general)

    sub: list[Section] = []
    if not during:
        s2.blocks.append(Para(f"Geen observaties tijdens de rondes {x.in_period}."))
    else:
        by_place: dict[str, list[_Note]] = {}
        for place, n in during:
            by_place.setdefault(place, []).append(n)
        order = [p for p in (*schema.LOCATIONS, SEVERAL) if p in by_place]
        if long2:
            counts = theme_counts([n.text for _, n in during])
            quiet = sum(1 for _, n in during if themes_in(n.text) in ([QUIET], [QUIET, "contact met bewoners"]))
            s2.blocks.append(Para(
                f"Bij {_count(n_during, 'ronde', 'rondes')} schreven de coaches op wat ze per plek zagen, samen "
                f"{_count(len(during), 'notitie', 'notities')}; {fmt.number(quiet)} daarvan meldden dat het rustig was "
                f"of niets bijzonders. Wat het vaakst genoemd werd: {_theme_line(counts) or 'geen vaste onderwerpen'}. "
                "Per plek hieronder de onderwerpen met een recent voorbeeld; alle teksten staan in de bijlage."))
        for place in order:
            notes = by_place[place]
            ps = Section(place, level=2, key=f"obs-rondes-{schema.norm(place).replace(' ', '-')}")
            ps.blocks += _place_summary(x, notes) if long2 else _place_full(x, notes, place == SEVERAL)
            sub.append(ps)

    inc = _round_incidents(x, r)
    appendix: list[Section] = []
    if long1 or long2 or inc[1]:
        appendix = _appendix(x, r)
    return [s1, s2, *sub], appendix if appendix else []


def _note_para(x: _Ctx, n: _Note, with_places: bool = True) -> Para:
    """'ma 3 jan · Kouwenoord, Kempering (Coach D en Coach B): text' with the date bold and the where/who italic."""
    where = ", ".join(n.places) if with_places else ""
    who = f"({n.coaches})" if n.coaches else ""
    meta = " ".join(p for p in (where, who) if p)
    return Para(n.text, lead=f"{_date(n.date, x.whole)}" + (" · " if meta else ": "),
                meta=f"{meta}: " if meta else "")


def _general_full(x: _Ctx, notes: list[_Note]) -> list[Block]:
    return [Bullets([_note_para(x, n) for n in notes])]


def _general_summary(x: _Ctx, notes: list[_Note]) -> list[Block]:
    counts = theme_counts([n.text for n in notes])
    sent = Counter()
    last: dict[str, _Note] = {}
    for n in notes:
        for s_ in sentences(n.text):
            key = s_.casefold()
            sent[key] += 1
            last[key] = n
    first_form = {s_.casefold(): s_ for n in notes for s_ in sentences(n.text)}
    blocks: list[Block] = [Para(
        f"Bij {_count(len(notes), 'ronde', 'rondes')} schreven de coaches algemene observaties op. Meest genoemde "
        f"onderwerpen: {_theme_line(counts, skip=(), top=6) or 'geen vaste onderwerpen'}. "
        "Alle teksten staan in de bijlage.")]
    recurring = [(k, v) for k, v in sent.most_common() if v >= 2][:6]
    if recurring:
        blocks.append(Para("Wat vaker terugkwam:", lead=""))
        blocks.append(Bullets([Para(f"{first_form[k]} ({fmt.number(v)} keer, laatst {_date(last[k].date, x.whole)})")
                               for k, v in recurring]))
    once = [n for n in reversed(notes) if all(sent[s_.casefold()] == 1 for s_ in sentences(n.text))][:4]
    if once:
        blocks.append(Para("Enkele andere observaties:"))
        blocks.append(Bullets([_note_para(x, n) for n in reversed(once)]))
    return blocks


def _place_full(x: _Ctx, notes: list[_Note], with_places: bool) -> list[Block]:
    return [Bullets([_note_para(x, n, with_places) for n in notes])]


def _place_summary(x: _Ctx, notes: list[_Note]) -> list[Block]:
    counts = theme_counts([n.text for n in notes])
    quiet = sum(1 for n in notes if set(themes_in(n.text)) <= {QUIET, "contact met bewoners"} and themes_in(n.text))
    top = [k for k, _ in counts.most_common() if k not in (QUIET, "contact met bewoners")][:3]
    text = f"{_count(len(notes), 'notitie', 'notities')}"
    text += f", waarvan {fmt.number(quiet)} rustig of zonder bijzonderheden" if quiet else ""
    text += f". Meest genoemd: {_theme_line(counts, top=4)}." if top else ". Geen terugkerende onderwerpen."
    blocks: list[Block] = [Para(text)]
    examples, seen = [], set()
    for theme in top:
        for n in reversed(notes):
            if theme in themes_in(n.text) and n.text.casefold() not in seen:
                seen.add(n.text.casefold())
                examples.append(Para(n.text, lead=f"{_date(n.date, x.whole)} ({theme}): "))
                break
    if examples:
        blocks.append(Bullets(examples))
    return blocks


def _round_incidents(x: _Ctx, r: pd.DataFrame) -> tuple[list[Block], bool]:
    """The rounds' own 'Opvallendheden/incidenten' texts (empty and 'geen bijzonderheden' left out)."""
    notes = []
    for row in r.itertuples():
        text = x.scrub(row.incidents)
        if text and not _NOTHING.match(text):
            notes.append(_Note(row.date, row.start, list(row.locations), x.people.labels(row.coaches), text))
    if not notes:
        return [Para(f"De rondeverslagen {x.in_period} noemen geen opvallendheden.")], False
    if len(notes) <= LONG:
        return [Bullets([_note_para(x, n) for n in notes])], False
    serious = [n for n in notes if re.search(r"112|spoed|urgentie hoog|politie", n.text, re.IGNORECASE)]
    counts = theme_counts([n.text for n in notes])
    blocks: list[Block] = [Para(
        f"{_count(len(notes), 'rondeverslag noemt', 'rondeverslagen noemen')} opvallendheden; meest genoemd: "
        f"{_theme_line(counts) or 'geen vaste onderwerpen'}. "
        + ("De ernstigste:" if serious else "De meeste zijn ook als melding doorgegeven (zie hierboven).")
        + " Alle teksten staan in de bijlage.")]
    if serious:
        blocks.append(Bullets([_note_para(x, n) for n in serious[:12]]))
    return blocks, True


def _appendix(x: _Ctx, r: pd.DataFrame) -> list[Section]:
    s = Section("Bijlage: alle observaties", key="bijlage")
    s.blocks.append(Para(f"Alle teksten uit de rondeverslagen {x.in_period}, per dag en ronde, zoals de coaches ze "
                         "schreven" + ("." if x.people.names else "; persoonsgegevens zijn weggelaten."), style="note"))
    out = [s]
    current = s
    month = None
    for row in r.itertuples():
        texts = [(lbl, x.scrub(v)) for lbl, v in (("Algemeen", row.obs_general), ("Tijdens de ronde", row.obs_round),
                                                   ("Opvallendheden", row.incidents))]
        texts = [(lbl, t) for lbl, t in texts if t]
        if not texts:
            continue
        if x.whole and row.date.strftime("%Y-%m") != month:  # the evaluation's appendix is long: a heading a month
            month = row.date.strftime("%Y-%m")
            current = Section(_cap(fmt.month(month)), level=2, key=f"bijlage-{month}")
            out.append(current)
        head = (f"{_date(row.date, x.whole)}, {row.start:%H:%M} · {', '.join(row.locations)} · "
                f"{x.people.labels(row.coaches)}")
        current.blocks.append(Para(head, style="subhead"))
        current.blocks.append(Bullets([Para(t, lead=f"{lbl}: ") for lbl, t in texts]))
    return out


# --- Opvallendheden / incidenten --------------------------------------------------------------------------------

def _signals(x: _Ctx, charts: bool) -> list[Section]:
    c, v, conf = x.c, x.view, x.conf
    s = Section("Opvallendheden / incidenten", key="meldingen")
    sig = metrics.signals_in(c, v, conf)
    urgent = metrics.urgent_signals(c, v, conf)
    out = [s]
    if sig.empty:
        s.blocks.append(Para(f"Er zijn {x.in_period} geen meldingen gedaan."))
    else:
        cat = metrics.signals_by(c, v, conf, ["category"]).set_index("category")["signals"]
        kinds = metrics.signals_by(c, v, conf, ["kind"])
        kinds = kinds[kinds["kind"] != "(geen soort)"]
        top_kinds = _join([f"{k.kind.casefold()} ({fmt.number(k.signals)})" for k in kinds.head(3).itertuples()])
        spoed = int((urgent["urgency"] == "Spoed (112 gebeld)").sum())
        s.blocks.append(Para(
            f"{_cap(x.in_period)} deden de coaches {_count(len(sig), 'melding', 'meldingen')} met het formulier "
            f"Melding doorgeven: "
            + _join([f"{fmt.number(cat.get(k, 0))} {k.casefold()}" for k in schema.CATEGORIES]) + ". "
            + (f"Het vaakst ging het om {top_kinds}. " if top_kinds else "")
            + f"{_cap(_count(len(urgent), 'melding had', 'meldingen hadden'))} urgentie Hoog of Spoed"
            + (f"; bij {_count(spoed, 'melding', 'meldingen')} is 112 gebeld." if spoed else ".")))
        pivot = metrics.signals_by(c, v, conf, ["location", "category"])
        rows = []
        for place in schema.LOCATIONS:
            p = pivot[pivot["location"] == place].set_index("category")["signals"]
            rows.append([place, *[fmt.number(p.get(k, 0)) for k in schema.CATEGORIES], fmt.number(p.sum())])
        tot = pivot.groupby("category")["signals"].sum()
        rows.append(["Totaal", *[fmt.number(tot.get(k, 0)) for k in schema.CATEGORIES], fmt.number(len(sig))])
        s.blocks.append(Table(["Plek", *schema.CATEGORIES, "Totaal"], rows, widths=(2.0, 1, 1, 1, 1, 1), total=True,
                              caption="Meldingen per plek en categorie"))
        krows = [[k.kind, fmt.number(k.signals)] for k in kinds.head(10).itertuples()]
        if krows:
            s.blocks.append(Table(["Soort", "Meldingen"], krows, widths=(3, 1), width=0.55,
                                  caption="Meest gemelde soorten (een melding kan meer soorten hebben)"))
        if charts:
            s.blocks += _figures(x, "signals") + _figures(x, "map")

    u = Section("Urgente meldingen", level=2, key="urgent")
    if urgent.empty:
        u.blocks.append(Para(f"Geen meldingen met urgentie Hoog of Spoed {x.in_period}."))
    else:
        rows = []
        for r in urgent.itertuples():
            where = ", ".join(w for w in (r.location, _floor(r.floor), r.spot) if not _blank(w))
            what = f"{r.category}" + (f": {', '.join(r.kinds)}" if len(r.kinds) else "") + f" ({r.urgency})"
            rows.append([fmt.moment(r.moment) if not _blank(r.moment) else fmt.day(r.date), where, what,
                         x.scrub(r.description), ", ".join(r.passed_to) or "–"])
        u.blocks.append(Table(["Wanneer", "Waar", "Wat", "Beschrijving", "Doorgezet naar"], rows,
                              align="lllll", widths=(1.35, 1.7, 1.9, 3.7, 1.75)))
    out.append(u)

    d = Section("Doorgezet naar", level=2, key="doorgezet")
    if sig.empty:
        d.blocks.append(Para("Geen meldingen, dus niets doorgezet."))
    else:
        passed = metrics.signals_by(c, v, conf, ["passed_to"])
        rows = [[r.passed_to, fmt.number(r.signals), fmt.percent(r.signals / len(sig))] for r in passed.itertuples()]
        d.blocks.append(Table(["Doorgezet naar", "Meldingen", "Deel"], rows, widths=(3, 1.2, 1), width=0.65))
        d.blocks.append(Para("Een melding kan aan meer partijen zijn doorgezet; '(niet ingevuld)' betekent dat de "
                             "coach "
                             "het veld leeg liet.", style="note"))
    out.append(d)

    inc_blocks, _ = _round_incidents(x, metrics.rounds_in(c, v, conf).sort_values(["date", "start"]))
    r_sec = Section("Uit de rondeverslagen", level=2, key="rondeverslagen")
    r_sec.blocks += inc_blocks
    out.append(r_sec)

    a = Section("Opvolging: acties uit het overleg", level=2, key="acties")
    acts = metrics.period_actions(c, v, conf, x.today)
    if acts.empty:
        a.blocks.append(Para(f"Geen acties uit het overleg {x.in_period}, en geen openstaande van eerder."))
    else:
        n_open = int((acts["status"] != "Afgerond").sum())
        n_late = int(acts["overdue"].sum())
        which = ("Alle acties uit het overleg" if x.whole else
                 f"Acties uit het overleg {x.in_period}, en eerdere die nog niet zijn afgerond")
        a.blocks.append(Para(
            f"{which} ({fmt.number(len(acts))}). Stand op {fmt.day(x.today, long=True)}: {fmt.number(n_open)} open of "
            f"lopend" + (f", waarvan {fmt.number(n_late)} over de deadline." if n_late else ".")))
        rows = []
        for r in acts.itertuples():
            action = str(r.action).strip()
            if not _blank(r.note):
                action += f" — {str(r.note).strip()}"
            status = (r.status or "–") + (" (over deadline)" if r.overdue else "")
            rows.append([fmt.day(r.meeting_date), action, r.owner or "–", fmt.day(r.deadline), status,
                         r.ticket or "–"])
        a.blocks.append(Table(["Overleg", "Actie", "Eigenaar", "Deadline", "Status", "Kenmerk"], rows,
                              align="llllll", widths=(1.25, 3.7, 1.55, 1.3, 1.35, 1.55)))
    out.append(a)
    return out


def _floor(f: object) -> str:
    if _blank(f) or f == "n.v.t.":
        return ""
    return f"verdieping {f}" if str(f).isdigit() else str(f).casefold()


# --- Dekking ----------------------------------------------------------------------------------------------------

def _coverage(x: _Ctx, charts: bool) -> list[Section]:
    c, v, conf = x.c, x.view, x.conf
    s = Section("Dekking", key="dekking")
    share = metrics.evening_weekend_share(c, v, conf)
    towers = metrics.tower_summary(c, v, conf).set_index("location")
    gaps = metrics.gaps(c, v, conf, MIN_GAP_DAYS)
    ev = share["evenings"].max() if len(share) else 0
    outside = metrics.outside_office_share(c, v, conf)
    s.blocks.append(Para(
        f"Hoe vaak kwam er een coach langs? Per plek het aantal dagen met een ronde, het aantal avonden (ronde na "
        f"{conf.hours('evening_start'):%H:%M}) en weekenddagen met een ronde. "
        f"{fmt.percent(outside)} van de coachuren viel buiten kantoortijd."
        + (f" Er zijn {fmt.number(ev)} dagen meegeteld (tot en met de laatste gegevens)." if ev else "")))
    rows = []
    for r in share.itertuples():
        rows.append([r.location, fmt.number(towers.loc[r.location, "days"]),
                     f"{fmt.number(r.evenings_covered)} van {fmt.number(r.evenings)} ({fmt.percent(r.evening_share)})",
                     f"{fmt.number(r.weekend_covered)} van {fmt.number(r.weekend_days)} "
                     f"({fmt.percent(r.weekend_share)})"
                     if r.weekend_days else "–"])
    s.blocks.append(Table(["Plek", "Dagen met ronde", "Avonden met ronde", "Weekenddagen met ronde"], rows,
                          widths=(2, 1.2, 1.8, 1.8)))
    if charts:
        s.blocks += _figures(x, "coverage")
    g = Section("Gaten in de dekking", level=2, key="gaten")
    if gaps.empty:
        g.blocks.append(Para(f"Geen periodes van {MIN_GAP_DAYS} of meer dagen achter elkaar zonder ronde "
                             f"{x.in_period}."))
    else:
        rows = []
        for place in schema.LOCATIONS:
            mine = gaps[gaps["location"] == place]
            if mine.empty:
                rows.append([place, "geen", "0"])
                continue
            spans = "; ".join(f"{_span(x, r.start, r.end)} ({_count(r.days, 'dag', 'dagen')})"
                              for r in mine.itertuples())
            rows.append([place, spans, fmt.number(int(mine["days"].sum()))])
        g.blocks.append(Table(["Plek", "Periodes zonder ronde", "Dagen samen"], rows, align="llr",
                              widths=(1.6, 5.0, 1.1),
                              caption=f"Periodes van {MIN_GAP_DAYS} of meer dagen achter elkaar waarin een plek geen "
                                      f"ronde had ({_count(len(gaps), 'periode', 'periodes')})"))
    return [s, g]


def _span(x: _Ctx, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'5–7 jan' inside a month report (the year is on the cover), '30 dec 2021 – 2 jan 2022' otherwise."""
    text = fmt.date_range(start, end)
    return text if x.whole or start.year != end.year else text.replace(f" {end.year}", "")


# --- Budget -----------------------------------------------------------------------------------------------------

def _budget(x: _Ctx, charts: bool) -> list[Section]:
    c, v, conf = x.c, x.view, x.conf
    s = Section("Budget", key="budget")
    b = metrics.period_budget(c, v, conf)
    total = float(b["budgeted"].sum(min_count=1)) if b["budgeted"].notna().any() else float("nan")
    spent = float(b["spent"].sum())
    spent_p = float(b["spent_period"].sum())
    label = "in de periode" if x.whole else f"in {x.period}"
    upto = "tot nu toe" if x.whole else f"t/m {x.period}"
    text = (f"Besteed {upto}: {fmt.euro(spent)} van de begrote {fmt.euro(total)} "
            f"({fmt.percent(spent / total) if total else '–'}). ")
    if not x.whole:
        text += f"{_cap(label)} zelf: {fmt.euro(spent_p)}. "
    text += (f"De coachvergoedingen zijn gerekend als coachuren × {fmt.euro(metrics.coach_rate(c, conf))}, de "
             f"organisatie-uren × {fmt.euro(metrics.org_rate(c, conf))}; overige kosten komen uit tabblad Kosten.")
    if x.whole or x.month == metrics.latest_month(c):
        text += (f" In het huidige tempo komt het totaal aan het eind van het project uit op "
                 f"{fmt.euro(metrics.forecast_total(c, conf))}.")
    s.blocks.append(Para(text))
    if c.budget["is_default"].any():
        s.blocks.append(Para("Tabblad Begroting is leeg: de posten komen uit de projectomschrijving; bedragen die daar "
                             "zijn weggelakt ontbreken.", style="note"))
    rows = []
    for r in b.itertuples():
        row = [r.budget_line, fmt.euro(r.budgeted, cents=False)]
        if not x.whole:
            row.append(fmt.euro(r.spent_period, cents=False))
        row += [fmt.euro(r.spent, cents=False), fmt.euro(r.remaining, cents=False), fmt.percent(r.share_spent)]
        rows.append(row)
    tot = ["Totaal", fmt.euro(total, cents=False)] + ([fmt.euro(spent_p, cents=False)] if not x.whole else []) + \
        [fmt.euro(spent, cents=False), fmt.euro(total - spent, cents=False),
         fmt.percent(spent / total) if total else "–"]
    rows.append(tot)
    cols = ["Post", "Begroot"] + ([f"Besteed {x.period}"] if not x.whole else []) + \
        [f"Besteed {upto}", "Resterend", "Besteed"]
    widths = (2.4, 1.1) + ((1.3,) if not x.whole else ()) + (1.3, 1.1, 0.9)
    s.blocks.append(Table(cols, rows, widths=widths, total=True, caption="Per post"))

    f = metrics.funder_status(c, conf, until=x.end)
    known = bool(f["known"].all()) if "known" in f.columns else True
    frows = [[r.funder, fmt.euro(r.contribution, cents=False) if known else "niet ingevuld", fmt.euro(r.costs_paid)]
             for r in f.itertuples()]
    s.blocks.append(Table(["Financier", "Bijdrage (begroting)", f"Zelf betaalde kosten {upto}"], frows,
                          widths=(2, 1.6, 1.8), caption="Per financier"))
    s.blocks.append(Para(("De bijdrage van de Stichting is wat na de bijdragen van De Key en de gemeente van de "
                          "begroting overblijft. " if known else
                          "De bijdragen van De Key en de gemeente staan nog niet in tabblad Begroting. ") +
                         "Zelf betaalde kosten: bonnen in tabblad Kosten per 'Betaald door'; de vergoedingen en "
                         "organisatie-uren factureert de Stichting aan De Key en de gemeente.", style="note"))
    if charts:
        s.blocks += _figures(x, "budget")
    return [s]


# --- figures: the dashboard's own chart builders ----------------------------------------------------------------

def _figures(x: _Ctx, which: str) -> list[Figure]:
    """The dashboard's charts for one part of the report (the very specs its pages draw). A chart that cannot be
    made is left out with a note in Report.notes: a chart never stops the report."""
    try:
        made = _CHARTS[which](x)
    except Exception as exc:
        x.notes.append(f"grafiek '{which}' niet opgenomen: {type(exc).__name__}: {exc}")
        return []
    return [Figure(title, chart, caption) for title, chart, caption in made]


def _chart_hours(x: _Ctx) -> list[tuple]:
    from lib.charts import coverage

    cum = metrics.cumulative_hours(x.c, x.conf)
    if cum["actual"].dropna().empty:
        return []
    period = None if x.whole else (x.start, x.end)
    return [("Coachuren: gelopen en gepland", coverage.plan_vs_actual(cum, period),
             f"Doorgetrokken lijn: coachuren opgeteld sinds {fmt.day(x.conf.plan_start)}; stippellijn: het plan van "
             f"{fmt.hours(x.conf.plan_coach_hours)} gelijk verdeeld tot {fmt.day(x.conf.plan_end)}."
             + ("" if x.whole else f" Het gekleurde vlak is {x.period}."))]


def _chart_signals(x: _Ctx) -> list[tuple]:
    from lib.charts import signals

    df = metrics.signals_per_week(x.c, x.view, x.conf, "category")
    if df.empty:
        return []
    return [("Meldingen per week, per categorie",
             signals.per_week(df, "category", metrics.weeks(x.c, x.view, x.conf)), "")]


def _chart_map(x: _Ctx) -> list[tuple]:
    from lib import places
    from lib.charts import kmap

    per_place = metrics.signals_per_place(x.c, x.view, x.conf)
    if per_place["signals"].sum() == 0:
        return []
    return [("Kaart: meldingen per plek", kmap.incident_map(places.load(), per_place, height=480),
             "De oppervlakte van een cirkel staat voor het aantal meldingen op die plek.")]


def _chart_coverage(x: _Ctx) -> list[tuple]:
    from lib.charts import coverage

    cal = metrics.day_tower_calendar(x.c, x.view, x.conf)
    if cal["rounds"].sum() == 0:
        return []
    return [("Rondes per plek per dag", coverage.heatmap(cal, metrics.place_order(), "rounds", dense=x.whole),
             "Elk vakje is een dag; grijs is een dag zonder ronde op die plek. Een ronde na middernacht telt op de dag "
             "waarop hij begon.")]


def _chart_budget(x: _Ctx) -> list[tuple]:
    from lib.charts import budget

    status = metrics.budget_status(x.c, x.conf) if x.whole else metrics.period_budget(x.c, x.view, x.conf)
    out = [] if status.empty else [("Begroot en besteed per post", budget.lines(status), "")]
    bu = metrics.burn_up(x.c, x.conf)
    if not bu["actual"].dropna().empty:
        out.append(("Verloop van de uitgaven", budget.burn_up(bu, None if x.whole else x.end),
                    "Doorgetrokken lijn: uitgegeven. Grijze stippellijn: de begroting gelijk verdeeld over de "
                    "projectperiode. Oranje: verwachting als de uren in hetzelfde tempo doorgaan."))
    return out


_CHARTS: dict[str, Callable[[_Ctx], list[tuple]]] = {
    "hours": _chart_hours, "signals": _chart_signals, "map": _chart_map, "coverage": _chart_coverage,
    "budget": _chart_budget,
}
