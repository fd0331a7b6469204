"""lib.memory: Arrow on jemalloc once a sheet is cleaned; a big read frozen out of the collector, garbage first."""
from __future__ import annotations

import gc
import weakref

import pyarrow as pa
import pytest

from lib import memory
from lib.clean import clean
from tests.builders import rnd, workbook


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_cleaning_puts_arrow_on_jemalloc():
    clean(workbook(rounds=[rnd()]))
    assert pa.default_memory_pool().backend_name == "jemalloc"


def test_a_big_read_is_frozen_after_the_last_reads_garbage_is_collected(unfrozen):
    gc.disable()  # so that only long_lived can collect it
    try:
        cycle = weakref.ref(_Node())  # garbage in a cycle, as a replaced read can leave it
        assert cycle() is not None
        memory.long_lived(memory.BIG)
        assert cycle() is None
        assert gc.get_freeze_count() > 0
        kept = _Node()
        memory.long_lived(memory.BIG)  # the next read: what is alive stays, frozen again
        assert gc.get_freeze_count() > 0 and kept.me is kept
    finally:
        gc.enable()


def test_a_small_read_leaves_the_collector_alone(unfrozen):
    memory.long_lived(memory.BIG - 1)
    assert gc.get_freeze_count() == 0
