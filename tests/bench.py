"""Benchmark (`make bench`): the whole pipeline — clean plus the Overzicht metrics — on 100,000 form rows.

The goal from the data-spine issue: about a second at 100,000 rows on two cores. This prints the measured times
(best of several runs) and the goal; it is a measurement, not a test, so it never fails the test suite.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import time

from lib import metrics, schema
from lib.clean import clean
from lib.settings import load
from lib.sources.base import RawWorkbook, pick_tabs
from tests.builders import ROSTER, ROUND_HEADERS, SIGNAL_HEADERS, rnd, sig
from tests.shapes import row

GOAL_SECONDS = 1.0


def make_raw(n_rounds: int, n_signals: int, seed: int = 1) -> RawWorkbook:
    rng = random.Random(seed)
    names = [r[0] for r in ROSTER[1:]]
    start = dt.date(2021, 12, 1)
    rounds, signals = [], []
    for i in range(n_rounds):
        day = start + dt.timedelta(days=i % 3000)
        h = rng.randint(17, 22)
        rounds.append(row(rnd(ts=dt.datetime.combine(day, dt.time(23, 50)), coach=rng.choice(names),
                              mates=rng.choice(names), day=day, start=dt.time(h, rng.choice([0, 30])),
                              end=dt.time((h + rng.randint(1, 3)) % 24, 0),
                              places=", ".join(rng.sample(schema.LOCATIONS, rng.randint(1, 3))),
                              general="Rustige avond " * rng.randint(0, 3)), "csv-nl"))
    for i in range(n_signals):
        day = start + dt.timedelta(days=i % 3000)
        signals.append(row(sig(ts=dt.datetime.combine(day, dt.time(23, 55)), coach=rng.choice(names), day=day,
                               time=dt.time(rng.randint(17, 23), rng.randint(0, 59)),
                               location=rng.choice(schema.LOCATIONS), floor=rng.choice(schema.FLOORS),
                               spot=rng.choice(schema.SPOTS), category=rng.choice(schema.CATEGORIES),
                               kinds=", ".join(rng.sample(schema.KINDS, 2)), description=f"Melding {i}"), "csv-nl"))
    tabs, missing = pick_tabs({"Rondes": [ROUND_HEADERS, *rounds], "Meldingen": [SIGNAL_HEADERS, *signals],
                               "Coaches": ROSTER})
    return RawWorkbook(tabs, "bench", dt.datetime(2030, 1, 1), "csv", missing)


def timed(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    conf = load()
    for n in (10_000, 100_000):
        raw = make_raw(n // 2, n // 2)
        t_clean = timed(lambda: clean(raw, conf))
        c = clean(raw, conf)
        month = metrics.latest_month(c)
        t_metrics = timed(lambda: (metrics.headline_with_previous(c, metrics.View(month), conf),
                                   metrics.day_tower_calendar(c, metrics.View(month), conf)))
        total = t_clean + t_metrics
        print(f"{n:>7} rows: clean {t_clean:.2f} s, Overzicht metrics {t_metrics:.2f} s, "
              f"total {total:.2f} s (goal about {GOAL_SECONDS:.0f} s at 100,000 rows) "
              f"[{len(c.rounds)} rounds, {len(c.signals)} signals, {len(c.rejects)} rejected]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
