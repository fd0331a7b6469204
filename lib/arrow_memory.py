"""Which allocator Arrow uses in this process: jemalloc, chosen once when the first sheet is cleaned.

pyarrow's wheels default to mimalloc, which keeps what the cleaner frees for itself: after cleaning 100k rounds
the process held some 120 MB more than with jemalloc, and cleaning took longer (the benchmark, `make bench`).
jemalloc hands freed pages back to the system after a second (pyarrow's decay default), which suits a dashboard
that reads the sheet again every few minutes for as long as it runs."""
from __future__ import annotations

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
