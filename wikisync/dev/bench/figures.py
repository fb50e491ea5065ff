"""What the benchmark measures, as plain data: timings, run figures, costs on a wiki."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

#: The pipeline stages timed in process, in the order they run.
STAGES = ("parse", "normalise", "match", "render", "plan")
#: The runs made on the wiki by each bot, in order.
STEPS = ("first", "no_change", "one_page_edit")
#: Request kinds that write; every other request reads.
WRITE_KINDS = frozenset({"edit"})


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds of wall-clock time and of CPU time (this process) a step took."""

    wall: float
    cpu: float


@dataclass(frozen=True, slots=True)
class RunFigures:
    """One in-process run: stage timings, pages parsed, pages the plan would write."""

    stages: Mapping[str, Timing]
    total: Timing
    pages_parsed: int
    pages_to_write: int
    generated_pages: int


@dataclass(frozen=True, slots=True)
class SizeFigures:
    """Everything measured for one programme size: its first run (no history, every page
    created), a cold run (every cache empty) and a warm run (one page changed).
    ``run_peaks_mib``: each run's peak resident memory (run -> MiB); ``peak_rss_mib``: the
    largest of them."""

    people: int
    source_pages: int
    source_bytes: int
    entries: int
    suggestions: int
    unmatched: int
    groups: int
    generated_pages: int
    largest_page: str
    largest_page_bytes: int
    build_seconds: float
    first: RunFigures
    cold: RunFigures
    warm: RunFigures
    peak_rss_mib: float
    run_peaks_mib: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CapacityFigures:
    """Matching alone, with every participant's capacity set to ``capacity``: the wall and
    CPU time, the peak of memory allocated while matching (MiB), and the answer's size."""

    people: int
    capacity: int
    match: Timing
    peak_mib: float
    suggestions: int


@dataclass(frozen=True, slots=True)
class RunCost:
    """What one run cost the wiki."""

    requests: Mapping[str, int]
    source_pages: int
    pages_fetched: int
    pages_parsed: int
    pages_planned: int
    edits: int
    wall_seconds: float

    @property
    def total_requests(self) -> int:
        """Every API request of the run."""
        return sum(self.requests.values())

    @property
    def read_requests(self) -> int:
        """Requests that only read."""
        return sum(n for kind, n in self.requests.items() if kind not in WRITE_KINDS)


@dataclass(frozen=True, slots=True)
class WikiFigures:
    """Both bots' runs on one wiki, and what setting the wiki up took."""

    people: int
    source_pages: int
    generated_pages: int
    accounts_seconds: float
    pages_seconds: float
    wikisync: Mapping[str, RunCost]
    naive: Mapping[str, RunCost]
    edited_page: str

    @property
    def read_bound(self) -> int:
        """The read requests a first run may make (see :func:`read_bound`)."""
        return read_bound(self.source_pages, self.generated_pages)


def read_bound(source_pages: int, generated_pages: int) -> int:
    """The read requests a first run may make: one per 50 source pages, one per 50
    generated pages, and 5 more (settings, page sets, accounts, login)."""
    return math.ceil(source_pages / 50) + math.ceil(generated_pages / 50) + 5
