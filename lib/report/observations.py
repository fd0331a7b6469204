"""The coaches' own texts in the report: general observations, observations per place during the rounds, the
rounds' notable events, and the appendix with every text. A long month is summarised (count, themes, recent
examples) and every text then goes into the appendix. Texts pass through Ctx.scrub (lib.privacy) first.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from lib import fmt, metrics, schema
from lib.report.context import Ctx
from lib.report.model import Block, Bullets, Para, Section
from lib.report.wording import NOTHING, cap, date, sentences, theme_line
from lib.themes import QUIET, theme_counts, themes_in

# More texts than this in one section and the section is summarised (count, themes, examples); all texts then go
# into the appendix. Fifteen is about one page of notes: a month of rounds is usually more.
LONG = 15
SEVERAL = "Rondes langs meerdere plekken"
_PLACE_PREFIX = re.compile(r"(?<!\w)(" + "|".join(re.escape(p) for p in schema.LOCATIONS) + r")\s*:", re.IGNORECASE)
_PLACE_BY_KEY = {schema.norm(p): p for p in schema.LOCATIONS}


@dataclass
class _Note:
    date: pd.Timestamp
    start: pd.Timestamp
    places: list[str]
    coaches: str
    text: str


def _round_notes(x: Ctx) -> pd.DataFrame:
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
            out.append((_PLACE_BY_KEY[schema.norm(m.group(1))], cap(seg)))
    return out


def sections(x: Ctx) -> tuple[list[Section], list[Section]]:
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
                f"Bij {fmt.count(n_during, 'ronde', 'rondes')} schreven de coaches op wat ze per plek zagen, samen "
                f"{fmt.count(len(during), 'notitie', 'notities')}; {fmt.number(quiet)} daarvan meldden dat het rustig "
                f"was of niets bijzonders. Wat het vaakst genoemd werd: "
                f"{theme_line(counts) or 'geen vaste onderwerpen'}. "
                "Per plek hieronder de onderwerpen met een recent voorbeeld; alle teksten staan in de bijlage."))
        for place in order:
            notes = by_place[place]
            ps = Section(place, level=2, key=f"obs-rondes-{schema.norm(place).replace(' ', '-')}")
            ps.blocks += _place_summary(x, notes) if long2 else _place_full(x, notes, place == SEVERAL)
            sub.append(ps)

    inc = round_incidents(x, r)
    appendix: list[Section] = []
    if long1 or long2 or inc[1]:
        appendix = _appendix(x, r)
    return [s1, s2, *sub], appendix if appendix else []


def _note_para(x: Ctx, n: _Note, with_places: bool = True) -> Para:
    """'ma 3 jan · Kouwenoord, Kempering (Coach D en Coach B): text' with the date bold and the where/who italic."""
    where = ", ".join(n.places) if with_places else ""
    who = f"({n.coaches})" if n.coaches else ""
    meta = " ".join(p for p in (where, who) if p)
    return Para(n.text, lead=f"{date(n.date, x.whole)}" + (" · " if meta else ": "),
                meta=f"{meta}: " if meta else "")


def _general_full(x: Ctx, notes: list[_Note]) -> list[Block]:
    return [Bullets([_note_para(x, n) for n in notes])]


def _general_summary(x: Ctx, notes: list[_Note]) -> list[Block]:
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
        f"Bij {fmt.count(len(notes), 'ronde', 'rondes')} schreven de coaches algemene observaties op. Meest genoemde "
        f"onderwerpen: {theme_line(counts, skip=(), top=6) or 'geen vaste onderwerpen'}. "
        "Alle teksten staan in de bijlage.")]
    recurring = [(k, v) for k, v in sent.most_common() if v >= 2][:6]
    if recurring:
        blocks.append(Para("Wat vaker terugkwam:", lead=""))
        blocks.append(Bullets([Para(f"{first_form[k]} ({fmt.number(v)} keer, laatst {date(last[k].date, x.whole)})")
                               for k, v in recurring]))
    once = [n for n in reversed(notes) if all(sent[s_.casefold()] == 1 for s_ in sentences(n.text))][:4]
    if once:
        blocks.append(Para("Enkele andere observaties:"))
        blocks.append(Bullets([_note_para(x, n) for n in reversed(once)]))
    return blocks


def _place_full(x: Ctx, notes: list[_Note], with_places: bool) -> list[Block]:
    return [Bullets([_note_para(x, n, with_places) for n in notes])]


def _place_summary(x: Ctx, notes: list[_Note]) -> list[Block]:
    counts = theme_counts([n.text for n in notes])
    quiet = sum(1 for n in notes if set(themes_in(n.text)) <= {QUIET, "contact met bewoners"} and themes_in(n.text))
    top = [k for k, _ in counts.most_common() if k not in (QUIET, "contact met bewoners")][:3]
    text = f"{fmt.count(len(notes), 'notitie', 'notities')}"
    text += f", waarvan {fmt.number(quiet)} rustig of zonder bijzonderheden" if quiet else ""
    text += f". Meest genoemd: {theme_line(counts, top=4)}." if top else ". Geen terugkerende onderwerpen."
    blocks: list[Block] = [Para(text)]
    examples, seen = [], set()
    for theme in top:
        for n in reversed(notes):
            if theme in themes_in(n.text) and n.text.casefold() not in seen:
                seen.add(n.text.casefold())
                examples.append(Para(n.text, lead=f"{date(n.date, x.whole)} ({theme}): "))
                break
    if examples:
        blocks.append(Bullets(examples))
    return blocks


def round_incidents(x: Ctx, r: pd.DataFrame) -> tuple[list[Block], bool]:
    """The rounds' own 'Opvallendheden/incidenten' texts (empty and 'geen bijzonderheden' left out)."""
    notes = []
    for row in r.itertuples():
        text = x.scrub(row.incidents)
        if text and not NOTHING.match(text):
            notes.append(_Note(row.date, row.start, list(row.locations), x.people.labels(row.coaches), text))
    if not notes:
        return [Para(f"De rondeverslagen {x.in_period} noemen geen opvallendheden.")], False
    if len(notes) <= LONG:
        return [Bullets([_note_para(x, n) for n in notes])], False
    serious = [n for n in notes if re.search(r"112|spoed|urgentie hoog|politie", n.text, re.IGNORECASE)]
    counts = theme_counts([n.text for n in notes])
    blocks: list[Block] = [Para(
        f"{fmt.count(len(notes), 'rondeverslag noemt', 'rondeverslagen noemen')} opvallendheden; meest genoemd: "
        f"{theme_line(counts) or 'geen vaste onderwerpen'}. "
        + ("De ernstigste:" if serious else "De meeste zijn ook als melding doorgegeven (zie hierboven).")
        + " Alle teksten staan in de bijlage.")]
    if serious:
        blocks.append(Bullets([_note_para(x, n) for n in serious[:12]]))
    return blocks, True


def _appendix(x: Ctx, r: pd.DataFrame) -> list[Section]:
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
            current = Section(cap(fmt.month(month)), level=2, key=f"bijlage-{month}")
            out.append(current)
        head = (f"{date(row.date, x.whole)}, {row.start:%H:%M} · {', '.join(row.locations)} · "
                f"{x.people.labels(row.coaches)}")
        current.blocks.append(Para(head, style="subhead"))
        current.blocks.append(Bullets([Para(t, lead=f"{lbl}: ") for lbl, t in texts]))
    return out


# --- Opvallendheden / incidenten --------------------------------------------------------------------------------
