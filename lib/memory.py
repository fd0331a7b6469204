"""The process's memory around the clean data: which allocator Arrow uses, and keeping Python's cycle collector off
the data while it is cleaned and once it is read. Measured in the benchmark (`make bench`) at 100k rounds + 200k
signals.

- Arrow on jemalloc (`use_jemalloc`, chosen once when the first sheet is cleaned): pyarrow's wheels default to
  mimalloc, which kept some 120 MB the cleaner had freed, and cleaning took longer. jemalloc hands freed pages back
  to the system after a second (pyarrow's decay default), which suits a dashboard that reads the sheet again every
  few minutes for as long as it runs.
- The clean data as long-lived (`long_lived`, after each read of the sheet): it holds over half a million Python
  objects (a list of answers per round and signal), and Python's cycle collector walked them all again each time
  they moved up a generation: a fifth of computing every metric after a read. Freezing them (gc.freeze) leaves them
  out of every later collection; they are still freed when the next read replaces them. `reading`, called before
  the next read, hands them back to the collector (gc.unfreeze): whatever was caught in reference cycles when they
  were frozen is collected as usual while that read runs, so freezing never keeps garbage for longer than a read.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

_chosen = False


def use_jemalloc() -> None:
    """Make jemalloc Arrow's default pool (once; arrays made before keep their own pool). A pyarrow built without
    jemalloc keeps its default."""
    global _chosen
    if _chosen:
        return
    _chosen = True
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # pa.ArrowNotImplementedError is one
        pass


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while cleaning: the raw tabs are millions of live cells, and every list made per
    row (checkbox answers) set off collections that walked them all again (a quarter of cleaning 100k rounds). The
    cleaner makes no reference cycles worth collecting; whatever there is goes at the next collection after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


BIG = 20_000  # rounds + signals from which freezing pays; below it the collector's walks cost next to nothing


def reading() -> None:
    """Call before reading the sheet: what the last read froze goes back to the collector (its garbage, if any, is
    collected by the collections the read itself sets off)."""
    gc.unfreeze()


def long_lived(rows: int) -> None:
    """Call right after reading and cleaning the sheet (`rows`: its clean rounds + signals): from BIG rows on, freeze
    every object alive now, the new clean data among them."""
    if rows >= BIG:
        gc.freeze()
