"""The naive baseline of the benchmark: the usual Streamlit-over-gspread way, written honestly and kept small.

It reads the sheet as gspread's `get_all_records()` gives it (FORMATTED_VALUE strings, Dutch locale, one dict per
row), parses every date and time with `datetime.strptime` row by row, builds DataFrames from the lists of dicts and
adds each derived column with `DataFrame.apply`. It follows the same counting rules as lib.clean (required answers,
a Datum after the Tijdstempel, unreadable cells, duration 0 or over 12 h, no known place, the two duplicate rules,
roster matching) and computes a representative set of the pages' figures (headline per month, hours per week and
per place, signals per week by category, place and kind, floor x spot per tower, per coach). It is not slow on
purpose: duplicates are looked for per day, not over all pairs. Its totals are checked against lib.clean's.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pandas as pd

from lib import schema

TS = "%d-%m-%Y %H:%M:%S"
DAY = "%d-%m-%Y"
CLOCK = ("%H:%M:%S", "%H:%M")


def records(rows: list[list]) -> list[dict]:
    """gspread's get_all_records: the header row as keys (a repeated header: the last one wins, as a dict does)."""
    if not rows:
        return []
    head = [str(h) for h in rows[0]]
    return [dict(zip(head, list(r) + [""] * (len(head) - len(r)))) for r in rows[1:]]


def _norm(s) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().casefold()


def _ts(v: str):
    try:
        return datetime.strptime(str(v).strip(), TS)
    except ValueError:
        try:
            return datetime.strptime(str(v).strip(), DAY)
        except ValueError:
            return None


def _day(v: str):
    """A date cell: '1-12-2021' (a date typed with a time, '1-12-2021 0:00:00', counts as its day)."""
    t = _ts(v)
    return None if t is None else t.replace(hour=0, minute=0, second=0)


def _clock(v: str):
    for f in CLOCK:
        try:
            t = datetime.strptime(str(v).strip(), f)
            return t.hour * 3600 + t.minute * 60 + t.second
        except ValueError:
            pass
    return None


def _split(v) -> list[str]:
    return [p.strip() for p in str(v or "").split(",") if p.strip()]


def clean(tabs: dict[str, list[list]]) -> dict[str, pd.DataFrame]:
    """The clean rounds and signals (and the number rejected), the naive way."""
    roster = {_norm(r["Naam"]): str(r["Naam"]).strip() for r in records(tabs.get("Coaches", []))
              if str(r["Naam"]).strip()}
    places = {_norm(p): p for p in schema.LOCATIONS}

    rounds, rejected = [], 0
    for i, r in enumerate(records(tabs["Rondes"]), start=2):
        if not any(str(v).strip() for v in r.values()):
            continue
        need = ("Tijdstempel", "Naam flatcoach", "Datum", "Starttijd", "Eindtijd", "Gelopen flats")
        ts, day = _ts(r.get("Tijdstempel")), _day(r.get("Datum"))
        start, end = _clock(r.get("Starttijd")), _clock(r.get("Eindtijd"))
        if any(not str(r.get(k, "")).strip() for k in need) or None in (ts, day, start, end) or day.date() > ts.date():
            rejected += 1
            continue
        secs = end - start if end >= start else end - start + 86400
        locs = [places[_norm(p)] for p in _split(r["Gelopen flats"]) if _norm(p) in places]
        if secs == 0 or secs > 12 * 3600 or not locs:
            rejected += 1
            continue
        rounds.append({"row": i, "timestamp": ts, "date": day, "start_s": start, "secs": secs,
                       "coach": r["Naam flatcoach"], "mates": r.get("Medecoaches", ""), "locations": locs})
    rf = pd.DataFrame(rounds)
    rf["start"] = rf.apply(lambda x: x["date"] + timedelta(seconds=x["start_s"]), axis=1)
    rf["end"] = rf.apply(lambda x: x["start"] + timedelta(seconds=x["secs"]), axis=1)
    rf["hours"] = rf.apply(lambda x: x["secs"] / 3600, axis=1)

    def team(x) -> list[str]:
        out: dict[str, str] = {}
        for n in [x["coach"], *_split(x["mates"])]:
            k = _norm(n)
            if k and k != _norm(schema.OTHER):
                out.setdefault(k, roster.get(k, str(n).strip()))
        return list(out.values())

    rf["coaches"] = rf.apply(team, axis=1)
    rf["keys"] = rf.apply(lambda x: {_norm(n) for n in x["coaches"]}, axis=1)
    # duplicates: same day, overlapping times, a coach in common: the later Tijdstempel is the copy
    copies = set()
    for _, day in rf.groupby("date"):
        items = list(day.itertuples())
        for a in items:
            for b in items:
                if a.row != b.row and a.start < b.end and b.start < a.end and a.keys & b.keys and \
                        (a.timestamp, a.row) > (b.timestamp, b.row):
                    copies.add(a.row)
    rejected += len(copies)
    rf = rf[~rf["row"].isin(copies)].copy()
    rf["n_coaches"] = rf.apply(lambda x: len(x["coaches"]), axis=1)
    rf["coach_hours"] = rf.apply(lambda x: x["hours"] * x["n_coaches"], axis=1)
    rf["month"] = rf.apply(lambda x: x["date"].strftime("%Y-%m"), axis=1)

    cats = {_norm(c): c for c in schema.CATEGORIES}
    signals, seen, s_rejected = [], set(), 0
    for i, r in enumerate(records(tabs["Meldingen"]), start=2):
        if not any(str(v).strip() for v in r.values()):
            continue
        ts, day = _ts(r.get("Tijdstempel")), _day(r.get("Datum"))
        t = _clock(r.get("Tijd")) if str(r.get("Tijd", "")).strip() else -1
        need = ("Tijdstempel", "Naam flatcoach", "Datum", "Locatie", "Categorie", "Beschrijving")
        if any(not str(r.get(k, "")).strip() for k in need) or None in (ts, day, t) or day.date() > ts.date() \
                or _norm(r["Locatie"]) not in places or _norm(r["Categorie"]) not in cats:
            s_rejected += 1
            continue
        signals.append({"row": i, "timestamp": ts, "date": day, "time": t, "coach": r["Naam flatcoach"],
                        "location": places[_norm(r["Locatie"])], "category": cats[_norm(r["Categorie"])],
                        "floor": str(r.get("Verdieping", "")).strip(), "spot": str(r.get("Plek", "")).strip(),
                        "kinds": r.get("Soort", ""), "description": str(r["Beschrijving"]).strip()})
    sf = pd.DataFrame(signals).sort_values(["timestamp", "row"])
    sf["key"] = sf.apply(lambda x: (_norm(x["coach"]), x["date"], x["time"], x["location"], x["category"],
                                    x["description"]), axis=1)
    keep = []
    for k in sf["key"]:
        keep.append(k not in seen)
        seen.add(k)
    s_rejected += keep.count(False)
    sf = sf[keep].copy()
    sf["coach"] = sf.apply(lambda x: roster.get(_norm(x["coach"]), str(x["coach"]).strip()), axis=1)
    sf["kinds"] = sf.apply(lambda x: _split(x["kinds"]), axis=1)
    sf["month"] = sf.apply(lambda x: x["date"].strftime("%Y-%m"), axis=1)
    sf["week"] = sf.apply(lambda x: x["date"].strftime("%G-W%V"), axis=1)
    return {"rounds": rf, "signals": sf, "rejected": rejected + s_rejected}


def metrics(d: dict[str, pd.DataFrame]) -> dict[str, object]:
    """A representative set of the dashboard's figures, for every month and for the whole project."""
    rf, sf = d["rounds"], d["signals"]
    out: dict[str, object] = {}
    rf["week"] = rf.apply(lambda x: x["date"].strftime("%G-W%V"), axis=1)
    by_coach = rf.explode("coaches")
    out["per_month"] = pd.DataFrame({
        "rounds": rf.groupby("month").size(),
        "coach_hours": rf.groupby("month")["coach_hours"].sum(),
        "coaches": by_coach.groupby("month")["coaches"].nunique(),
        "signals": sf.groupby("month").size(),
    })
    out["hours_per_week"] = rf.groupby("week")["coach_hours"].sum()
    out["hours_per_place"] = rf.explode("locations").groupby("locations")["coach_hours"].sum()
    out["hours_per_coach"] = by_coach.groupby(["month", "coaches"]).apply(lambda g: g["hours"].sum())
    out["signals_per_week"] = {by: sf.groupby(["week", by]).size() for by in ("category", "location")}
    out["kinds_per_week"] = sf.explode("kinds").groupby(["week", "kinds"]).size()
    out["floor_spot"] = {t: sf[sf["location"] == t].groupby(["floor", "spot"]).size() for t in schema.TOWERS}
    out["totals"] = {"rounds": len(rf), "coach_hours": round(float(rf["coach_hours"].sum()), 2),
                     "coaches": int(by_coach["coaches"].map(_norm).nunique()), "meldingen": len(sf)}
    return out
