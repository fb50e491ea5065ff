"""Keeping Python's cyclic garbage collector out of the way of the pure pipeline.

Reading, normalising, matching, rendering and planning build millions of small objects that
live until the run ends (raw entries, people, candidate pairs, table cells, page texts), and
they make almost no reference cycles: a cold run of 100,000 participants leaves about a
thousand objects for the collector to free. Each full collection the allocations set off
scans the whole heap and frees nothing; at that size they add up to several seconds. The
stages therefore run with automatic collection paused; what little cyclic garbage they make
is freed by the first collection after the block, and reference counting frees everything
else as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic cyclic garbage collection paused while the block runs.

    Nests, and leaves the collector as it found it: a collector another block (or the
    caller) disabled stays disabled.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
