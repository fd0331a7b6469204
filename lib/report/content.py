"""What the monthly report says: the clean data of one month (or the whole project) turned into the format-free
model of lib.report.model.

`build()` makes the cover, the short "In het kort" and the sections: Algemeen (hours, coaches), the coaches' own
texts (lib.report.observations), notable events and incidents, coverage and budget, with the dashboard's charts
(lib.report.figures). Every number comes from lib.metrics; this module only chooses, words (lib.report.wording) and
groups. The renderers (docx, pdf, markdown) only lay out.

The contents follow the agreement in the project description ("Afspraken m.b.t. rapportages"): hours worked,
coaches who worked, general observations, observations during the rounds, notable events and incidents; plus the
follow-up, coverage and budget that the partners discuss in the monthly meeting.
Coaches appear by pseudonym (tab Coaches, lib.people) unless the coordinator chooses names; free texts are then
scrubbed (lib.privacy.text_scrubber).
"""
from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from lib import fmt, metrics, privacy, schema
from lib.clean import Clean
from lib.metrics import View
from lib.people import People
from lib.report import observations
from lib.report.context import Ctx, check_month, parse_month
from lib.report.figures import figures
from lib.report.model import PARTNERS, TITLE, Block, Bullets, Para, Report, ReportPeriodError, Section, Table
from lib.report.wording import blank, cap, compare, floor, span
from lib.settings import Settings

MIN_GAP_DAYS = 3

__all__ = ["MIN_GAP_DAYS", "ReportPeriodError", "build", "check_month", "parse_month"]


def build(c: Clean, month: str | None, conf: Settings, *, note: str = "", names: bool = False,
          today: dt.date | None = None, charts: bool = True) -> Report:
    """The report for one month ('YYYY-MM') or the whole project (None). Raises ReportPeriodError for a month
    without data. `note` is the coordinator's own text; `names` puts real names in instead of pseudonyms."""
    check_month(c, month)
    today = today or dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    view = View(month)
    start, end = metrics.bounds(c, month, conf)
    x = Ctx(c=c, conf=conf, month=month, view=view, whole=month is None, period=fmt.month(month),
            people=People(c, names), scrub=privacy.text_scrubber(c, names), today=today, notes=[], start=start,
            end=end)
    period_range = f"{fmt.day(start, long=True)} – {fmt.day(end, long=True)}"
    sections: list[Section] = []
    if note and note.strip():
        sections.append(_note_section(note))
    sections += _general(x, charts)
    obs_sections, appendix = observations.sections(x)
    sections += obs_sections
    sections += _signals(x, charts)
    sections += _coverage(x, charts)
    sections += _budget(x, charts)
    if appendix:
        sections += appendix
    cover = [
        ("Periode", f"{cap(x.period)} ({period_range})" if not x.whole
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


def _summary(x: Ctx) -> list[Para]:
    h = metrics.report_headline(x.c, x.view, x.conf)
    share = metrics.share_of_plan(h["coach_hours"], h["plan_hours"])
    urgent = len(metrics.urgent_signals(x.c, x.view, x.conf))
    acts = metrics.period_actions(x.c, x.view, x.conf, x.today)
    open_n = metrics.count_open(acts)
    return [
        Para(f"{fmt.hours(h['coach_hours'])} gelopen door {fmt.count(h['coaches'], 'coach', 'coaches')} "
             f"({fmt.percent(share)} van de {fmt.hours(h['plan_hours'])} uit het plan)", lead="Uren: "),
        Para(f"{fmt.count(h['rounds'], 'ronde', 'rondes')} op {fmt.count(h['round_days'], 'dag', 'dagen')}",
             lead="Rondes: "),
        Para(f"{fmt.count(h['signals'], 'melding', 'meldingen')}, waarvan {fmt.number(urgent)} met urgentie Hoog of "
             "Spoed", lead="Meldingen: "),
        Para(f"{fmt.count(open_n, 'actie', 'acties')} uit het overleg nog open of lopend", lead="Opvolging: "),
    ]




# --- Algemeen ---------------------------------------------------------------------------------------------------

def _general(x: Ctx, charts: bool) -> list[Section]:
    c, conf = x.c, x.conf
    h = metrics.report_headline(c, x.view, conf)
    share = metrics.share_of_plan(h["coach_hours"], h["plan_hours"])
    s = Section("Algemeen", key="algemeen")
    text = (f"{cap(x.in_period)} liepen {fmt.count(h['coaches'], 'coach', 'coaches')} samen "
            f"{fmt.count(h['rounds'], 'ronde', 'rondes')} op "
            f"{fmt.count(h['round_days'], 'dag', 'verschillende dagen')}: "
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
                f"{compare(h['coach_hours'], p['coach_hours'], 'coachuur', 'coachuren', 1)} "
                f"(toen {fmt.hours(p['coach_hours'])}), {compare(h['rounds'], p['rounds'], 'ronde', 'rondes')} "
                f"(toen {fmt.number(p['rounds'])}) en {compare(h['coaches'], p['coaches'], 'coach', 'coaches')} "
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
        columns = ["", cap(x.period), cap(fmt.month(prev_month)), "Plan"]
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
        s.blocks += figures(x, "hours")
    return out


def _months_table(x: Ctx) -> Table:
    ms = metrics.monthly_summary(x.c, x.conf)
    rows = [[cap(fmt.month(r.month)), fmt.hours(r.coach_hours), fmt.hours(r.plan_hours), fmt.number(r.rounds),
             fmt.number(r.coaches), fmt.hours(r.org_hours), fmt.number(r.signals)] for r in ms.itertuples()]
    h = metrics.report_headline(x.c, x.view, x.conf)
    before = metrics.org_hours_before(x.c, x.conf)
    if before:
        rows.insert(0, [f"Vóór {fmt.day(x.start)}", "–", "–", "–", "–", fmt.hours(before), "–"])
    rows.append(["Hele project", fmt.hours(h["coach_hours"]), fmt.hours(h["plan_hours"]), fmt.number(h["rounds"]),
                 fmt.number(h["coaches"]), fmt.hours(h["org_hours"] + before), fmt.number(h["signals"])])
    return Table(["Maand", "Coachuren", "Plan", "Rondes", "Coaches", "Organisatie", "Meldingen"], rows,
                 widths=(1.6, 1.2, 1.1, 0.9, 0.9, 1.2, 1.0), total=True, caption="Per maand")




# --- Opvallendheden / incidenten --------------------------------------------------------------------------------

def _signals(x: Ctx, charts: bool) -> list[Section]:
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
        top_kinds = fmt.join([f"{k.kind.casefold()} ({fmt.number(k.signals)})" for k in kinds.head(3).itertuples()])
        spoed = int((urgent["urgency"] == "Spoed (112 gebeld)").sum())
        s.blocks.append(Para(
            f"{cap(x.in_period)} deden de coaches {fmt.count(len(sig), 'melding', 'meldingen')} met het formulier "
            f"Melding doorgeven: "
            + fmt.join([f"{fmt.number(cat.get(k, 0))} {k.casefold()}" for k in schema.CATEGORIES]) + ". "
            + (f"Het vaakst ging het om {top_kinds}. " if top_kinds else "")
            + f"{cap(fmt.count(len(urgent), 'melding had', 'meldingen hadden'))} urgentie Hoog of Spoed"
            + (f"; bij {fmt.count(spoed, 'melding', 'meldingen')} is 112 gebeld." if spoed else ".")))
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
            s.blocks += figures(x, "signals") + figures(x, "map")

    u = Section("Urgente meldingen", level=2, key="urgent")
    if urgent.empty:
        u.blocks.append(Para(f"Geen meldingen met urgentie Hoog of Spoed {x.in_period}."))
    else:
        rows = []
        for r in urgent.itertuples():
            where = ", ".join(w for w in (r.location, floor(r.floor), r.spot) if not blank(w))
            what = f"{r.category}" + (f": {', '.join(r.kinds)}" if len(r.kinds) else "") + f" ({r.urgency})"
            rows.append([fmt.moment(r.moment) if not blank(r.moment) else fmt.day(r.date), where, what,
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

    inc_blocks, _ = observations.round_incidents(x, metrics.rounds_in(c, v, conf).sort_values(["date", "start"]))
    r_sec = Section("Uit de rondeverslagen", level=2, key="rondeverslagen")
    r_sec.blocks += inc_blocks
    out.append(r_sec)

    a = Section("Opvolging: acties uit het overleg", level=2, key="acties")
    acts = metrics.period_actions(c, v, conf, x.today)
    if acts.empty:
        a.blocks.append(Para(f"Geen acties uit het overleg {x.in_period}, en geen openstaande van eerder."))
    else:
        n_open = metrics.count_open(acts)
        n_late = int(acts["overdue"].sum())
        which = ("Alle acties uit het overleg" if x.whole else
                 f"Acties uit het overleg {x.in_period}, en eerdere die nog niet zijn afgerond")
        a.blocks.append(Para(
            f"{which} ({fmt.number(len(acts))}). Stand op {fmt.day(x.today, long=True)}: {fmt.number(n_open)} open of "
            f"lopend" + (f", waarvan {fmt.number(n_late)} over de deadline." if n_late else ".")))
        rows = []
        for r in acts.itertuples():
            action = str(r.action).strip()
            if not blank(r.note):
                action += f" — {str(r.note).strip()}"
            status = (r.status or "–") + (" (over deadline)" if r.overdue else "")
            rows.append([fmt.day(r.meeting_date), action, r.owner or "–", fmt.day(r.deadline), status,
                         r.ticket or "–"])
        a.blocks.append(Table(["Overleg", "Actie", "Eigenaar", "Deadline", "Status", "Kenmerk"], rows,
                              align="llllll", widths=(1.25, 3.7, 1.55, 1.3, 1.35, 1.55)))
    out.append(a)
    return out




# --- Dekking ----------------------------------------------------------------------------------------------------

def _coverage(x: Ctx, charts: bool) -> list[Section]:
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
        s.blocks += figures(x, "coverage")
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
            spans = "; ".join(f"{span(r.start, r.end, x.whole)} ({fmt.count(r.days, 'dag', 'dagen')})"
                              for r in mine.itertuples())
            rows.append([place, spans, fmt.number(int(mine["days"].sum()))])
        g.blocks.append(Table(["Plek", "Periodes zonder ronde", "Dagen samen"], rows, align="llr",
                              widths=(1.6, 5.0, 1.1),
                              caption=f"Periodes van {MIN_GAP_DAYS} of meer dagen achter elkaar waarin een plek geen "
                                      f"ronde had ({fmt.count(len(gaps), 'periode', 'periodes')})"))
    return [s, g]




# --- Budget -----------------------------------------------------------------------------------------------------

def _budget(x: Ctx, charts: bool) -> list[Section]:
    c, v, conf = x.c, x.view, x.conf
    s = Section("Budget", key="budget")
    b = metrics.period_budget(c, v, conf)
    t = metrics.period_budget_totals(c, v, conf)
    total, spent, spent_p = t["budgeted"], t["spent"], t["spent_period"]
    label = "in de periode" if x.whole else f"in {x.period}"
    upto = "tot nu toe" if x.whole else f"t/m {x.period}"
    text = (f"Besteed {upto}: {fmt.euro(spent)} van de begrote {fmt.euro(total)} "
            f"({fmt.percent(t['share_spent'])}). ")
    if not x.whole:
        text += f"{cap(label)} zelf: {fmt.euro(spent_p)}. "
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
        [fmt.euro(spent, cents=False), fmt.euro(t["remaining"], cents=False), fmt.percent(t["share_spent"])]
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
        s.blocks += figures(x, "budget")
    return [s]
