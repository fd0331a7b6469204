"""lib.memory: Arrow on jemalloc once a sheet is cleaned; a big read kept out of the collector until the next read."""
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


def test_a_big_read_is_frozen_until_the_next_read_hands_it_back(unfrozen):
    gc.disable()  # no collection before the freeze
    try:
        cycle = weakref.ref(_Node())  # garbage in a cycle, alive until a collection finds it
        kept = _Node()
        memory.long_lived(memory.BIG)
    finally:
        gc.enable()
    assert gc.get_freeze_count() > 0
    gc.collect()
    assert cycle() is not None, "frozen: no collection looks at it"
    memory.reading()  # the next read: the last one's objects are the collector's again
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert cycle() is None, "collected once handed back: freezing keeps no garbage for longer than a read"
    assert kept.me is kept


def test_a_small_read_leaves_the_collector_alone(unfrozen):
    memory.long_lived(memory.BIG - 1)
    assert gc.get_freeze_count() == 0
