"""Build small raw workbooks from logical rows, in any shape, and clean them."""
from __future__ import annotations

import datetime as dt

from lib import schema
from lib.clean import Clean, clean
from lib.sources.base import RawWorkbook, pick_tabs
from tests.shapes import row

ROUND_HEADERS = [f.header for f in schema.ROUNDS.fields]
SIGNAL_HEADERS = [f.header for f in schema.SIGNALS.fields]
ROSTER = [["Naam", "Pseudoniem", "Actief vanaf", "Actief tot", "Vrijwilligersovereenkomst", "EHBO-training",
           "Jonger dan 21"],
          ["Anna de Vries", "Coach A", None, None, "Ja", None, "Nee"],
          ["Bram Mensah", "Coach B", None, None, "Ja", None, "Ja"],
          ["Chantal Kok", "Coach C", None, None, "Ja", None, "Nee"]]


def rnd(ts=dt.datetime(2021, 12, 1, 22, 5), coach="Anna de Vries", mates="Bram Mensah", day=dt.date(2021, 12, 1),
        start=dt.time(19, 0), end=dt.time(21, 0), places="Kouwenoord, Openbare ruimte", general="", during="",
        incidents=""):
    return [ts, coach, mates, day, start, end, places, general, during, incidents]


def sig(ts=dt.datetime(2021, 12, 1, 22, 5), coach="Anna de Vries", day=dt.date(2021, 12, 1), time=dt.time(20, 0),
        location="Kouwenoord", floor="3", spot="Lift", category="Heel", kinds="Lift defect",
        description="Lift staat stil", passed="Beheerder De Key", urgency="Gemiddeld", photo=""):
    return [ts, coach, day, time, location, floor, spot, category, kinds, description, passed, urgency, photo]


def workbook(rounds=(), signals=(), shape="xlsx", roster=True, extra: dict | None = None,
             round_headers=None, signal_headers=None) -> RawWorkbook:
    tabs = {
        "Rondes": [round_headers or ROUND_HEADERS, *[row(r, shape) for r in rounds]],
        "Meldingen": [signal_headers or SIGNAL_HEADERS, *[row(s, shape) for s in signals]],
    }
    if roster:
        tabs["Coaches"] = ROSTER
    tabs.update(extra or {})
    picked, missing = pick_tabs(tabs)
    return RawWorkbook(picked, "test", dt.datetime(2022, 1, 1), shape.split("-")[0], missing)


def cleaned(**kw) -> Clean:
    return clean(workbook(**kw))
