"""Synthetic spreadsheets for the benchmark: many neighbourhoods and seasons, in the raw shape the Sheets API returns.

Built on lib.demo's season generator (real-shaped rows, about 6% of them rejected for every reason the contract
knows, a few duplicates, off-list answers and name variants). A workbook of any size is stitched from "teams": one
neighbourhood in one season. Each team is one demo season (from a small pool of seeds, so generating 100k rows
stays quick) with its own roster (two coaches stay on from the neighbourhood's previous season, the others are new:
about 900 coaches at 10k rounds), its dates moved to its season, and its signals thinned to the wanted ratio.
The cells are then rendered as `values:batchGet` with UNFORMATTED_VALUE + SERIAL_NUMBER returns them: dates and
times as serial numbers (days since 1899-12-30), numbers as numbers, text as text, trailing empty cells dropped
(tests/fakesheets.py's `render`). The same rows can be written as an .xlsx (for the pages) or as Dutch CSV (the
naive baseline reads formatted strings; the floor reads CSV with pyarrow).
"""
from __future__ import annotations

import datetime as dt
import math
import pickle
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib import demo, schema
from lib.sources.base import RawWorkbook, pick_tabs
from tests.fakesheets import render

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "bench-data"
POOL = 12  # distinct demo seasons; teams reuse them with other names and dates

FIRST = ("Sharon", "Kwame", "Ayşe", "Mohamed", "Gloria", "Dennis", "Ruud", "Naima", "Priscilla", "Fatima", "Jeroen",
         "Esra", "Kofi", "Anouk", "Rachid", "Sanne", "Yusuf", "Marloes", "Dewi", "Tim", "Latifa", "Bram", "Ama",
         "Hatice", "Jasper", "Ilse", "Omar", "Chantal", "Sem", "Nadia", "Winston", "Lotte")
LAST = ("Pinas", "Boateng", "Yıldız", "El Amrani", "Owusu", "Sabajo", "Verhoef", "Azzouzi", "de Vries", "Bakker",
        "Mensah", "Kartosen", "Jansen", "Ait Taleb", "Visser", "Doğan", "Asante", "Smit", "Kromodikoro", "de Jong",
        "Bouzid", "Mulder", "Koster", "Amankwah", "van Dijk", "Özdemir", "Brunings", "Meijer", "Lachkar", "Hoek")


@dataclass(frozen=True)
class Size:
    """One benchmark size: its label, rounds and signals wanted, and over how many seasons they are spread."""

    label: str
    rounds: int
    signals: int
    seasons: int


SIZES = {
    "season": Size("1 seizoen", 116, 240, 1),
    "10k": Size("10k", 10_000, 20_000, 5),
    "100k": Size("100k", 100_000, 200_000, 5),
}


def _person(i: int) -> str:
    """The i-th invented coach name (first x last, then numbered)."""
    n = len(FIRST) * len(LAST)
    name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
    return name if i < n else f"{name} {i // n + 1}"


def _pool() -> list[demo.Demo]:
    return [demo.generate(2021 + k) for k in range(POOL)]


def _shift(v: Any, days: int) -> Any:
    if isinstance(v, (dt.datetime, dt.date)) and days:
        return v + dt.timedelta(days=days)
    return v


def _rename(v: Any, names: dict[str, str]) -> Any:
    """A name cell (or a checkbox list of names) with the team's own names; case variants kept as typed."""
    if not isinstance(v, str) or not v.strip():
        return v
    parts = v.split(", ")
    out = []
    for p in parts:
        new = names.get(schema.norm(p))
        if new is None:
            out.append(p)
        elif p.strip() == p.strip().lower():
            out.append(p.replace(p.strip(), new.lower()))
        elif p.strip() == p.strip().upper():
            out.append(p.replace(p.strip(), new.upper()))
        else:
            out.append(p.replace(p.strip(), new))
    return ", ".join(out)


_NAME_COLUMNS = {"Rondes": ("Naam flatcoach", "Medecoaches"), "Meldingen": ("Naam flatcoach",)}
_DATE_TABS = ("Rondes", "Meldingen", "Kosten", "Organisatie-uren", "Acties")


def build(size: Size, seed: int = 1) -> dict[str, list[list[Any]]]:
    """The workbook's tabs as typed cells (as the .xlsx download has them), header row first."""
    pool = _pool()
    rng = random.Random(seed)
    per_team = sum(len(d.tabs["Rondes"]) - 1 for d in pool) / len(pool)
    hoods = math.ceil(size.rounds / per_team / size.seasons)
    base_names = [c.name for c in demo.COACHES]
    tabs: dict[str, list[list[Any]]] = {name: [] for name in schema.TABS}
    headers: dict[str, list[Any]] = {}
    roster: dict[str, tuple[dt.date, int]] = {}  # name -> first day, slot (for the Coaches tab)
    carry: dict[int, list[str]] = {}  # neighbourhood -> its last season's names
    person = 0
    left_rounds, left_signals = size.rounds, size.signals
    team = -1
    while left_rounds > 0:
        team += 1
        season, hood = divmod(team, hoods)
        src = pool[(team * 7 + seed) % POOL]
        days = season * 364  # whole weeks: the same weekdays as the demo season
        names: dict[str, str] = {}
        kept = carry.get(hood, [])
        new_names = []
        for slot, old in enumerate(base_names):
            if slot < 2 and len(kept) > slot:
                new = kept[slot]
            else:
                new, person = _person(person), person + 1
            names[schema.norm(old)] = new
            new_names.append(new)
            roster.setdefault(new, (demo.SEASON_START + dt.timedelta(days=days), slot))
        carry[hood] = new_names
        cutoff = None
        for name in schema.TABS:
            rows = src.tabs.get(name) or []
            if not rows:
                continue
            headers.setdefault(name, list(rows[0]))
            if name in ("Coaches", "Begroting", "Toegang", "Instellingen", "Overleggen"):
                continue  # one roster and one budget for the whole sheet (below)
            body = rows[1:]
            if name == "Rondes":
                if len(body) > left_rounds:  # the last team stops early: its signals stop with its rounds
                    body = body[:left_rounds]
                    day = rows[0].index("Datum")
                    cutoff = max(r[day] for r in body if isinstance(r[day], dt.datetime))
                taken = len(body)
                left_rounds -= taken
            elif name == "Meldingen":
                if cutoff is not None:
                    day = rows[0].index("Datum")
                    body = [r for r in body if not isinstance(r[day], dt.datetime) or r[day] <= cutoff]
                want = min(left_signals, round(left_signals * taken / (left_rounds + taken)))
                body = body if want >= len(body) else [body[i] for i in sorted(rng.sample(range(len(body)), want))]
                left_signals -= len(body)
            elif team % max(1, hoods * size.seasons // 40):  # coordinator tabs: a few dozen teams' worth is plenty
                continue
            cols = {h: i for i, h in enumerate(rows[0])}
            name_cols = [cols[h] for h in _NAME_COLUMNS.get(name, ()) if h in cols]
            for r in body:
                r = [_shift(v, days) for v in r] if name in _DATE_TABS else list(r)
                for i in name_cols:
                    if i < len(r):
                        r[i] = _rename(r[i], names)
                tabs[name].append(r)
    # the signals wanted beyond the pool's supply (one season asks 240 of ~320): already capped above
    coach_head = headers.get("Coaches") or [schema.ROSTER.header(f.key) for f in schema.ROSTER.fields]
    coaches = []
    for name, (start, slot) in roster.items():
        coaches.append([name, f"Coach {len(coaches) + 1}", dt.datetime.combine(start, dt.time()), None,
                        "Nee" if slot == 7 else "Ja", dt.datetime.combine(start, dt.time()) if slot < 6 else None,
                        "Ja" if slot in (5, 7) else "Nee"][:len(coach_head)])
    out = {name: [headers.get(name, [])] + tabs[name] for name in schema.TABS}
    out["Coaches"] = [coach_head] + coaches
    out["Begroting"] = pool[0].tabs["Begroting"]
    for name in ("Toegang", "Instellingen", "Overleggen"):
        out[name] = pool[0].tabs[name]
    return out


def as_api(tabs: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The tabs as values:batchGet returns them (UNFORMATTED_VALUE, SERIAL_NUMBER): trailing blanks dropped."""
    out = {}
    for name, rows in tabs.items():
        api = []
        for r in rows:
            cells = [render(v, "UNFORMATTED_VALUE", "SERIAL_NUMBER") for v in r]
            while cells and cells[-1] == "":
                cells.pop()
            api.append(cells)
        while api and not api[-1]:
            api.pop()
        out[name] = api
    return out


def as_formatted(tabs: dict[str, list[list[Any]]]) -> dict[str, list[list[Any]]]:
    """The tabs as FORMATTED_VALUE (Dutch locale) returns them: what gspread's get_all_records reads."""
    return {name: [[render(v, "FORMATTED_VALUE", "SERIAL_NUMBER") for v in r] for r in rows]
            for name, rows in tabs.items()}


def _cached(key: str, make):
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{key}-v2.pickle"  # our own file, written just below: safe to unpickle
    if path.exists():
        return pickle.loads(path.read_bytes())
    value = make()
    path.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def typed(key: str) -> dict[str, list[list[Any]]]:
    return _cached(f"typed-{key}", lambda: build(SIZES[key]))


def api(key: str) -> dict[str, list[list[Any]]]:
    return _cached(f"api-{key}", lambda: as_api(typed(key)))


def raw_workbook(key: str) -> RawWorkbook:
    tabs, missing = pick_tabs(api(key))
    return RawWorkbook(tabs, f"bench {key}", dt.datetime(2026, 11, 28, 8, 0), "api", missing)


def xlsx(key: str) -> Path:
    """The workbook as an .xlsx download (for the pages, through FLATCOACH_SOURCE)."""
    path = CACHE / f"{key}-v2.xlsx"
    if not path.exists():
        demo.write_xlsx(typed(key), path)
    return path


def csv_folder(key: str) -> Path:
    """The workbook as Google's per-tab CSV downloads, Dutch locale (for the floor)."""
    folder = CACHE / f"csv-{key}-v2"
    if not folder.exists():
        tmp = folder.with_name(folder.name + ".tmp")
        demo.write_csv_folder(typed(key), tmp, "nl")
        tmp.rename(folder)
    return folder
