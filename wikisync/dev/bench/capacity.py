"""Matching one programme at two capacities: what large capacities cost.

Every participant of a seeded programme gets the same capacity (as if every entry said
``capacity = N`` under a ``max_capacity`` of at least N); the programme is matched once for
the time and once under :mod:`tracemalloc` for the peak of memory allocated while matching
(numpy's arrays included). Each capacity is measured in a fresh process.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor

from wikisync.collector import collector_paused
from wikisync.dev.bench import synthetic
from wikisync.dev.bench.figures import CapacityFigures, Timing
from wikisync.dev.bench.stages import MemoryWiki
from wikisync.dev.synth import REFERENCE_DATE
from wikisync.matching import match
from wikisync.matching.history import MatchHistory
from wikisync.matching.settings import MatchSettings
from wikisync.normalize.pages import normalise_pages
from wikisync.reading.sources import parser_key, read_sources, taxonomy_of

#: The capacities compared: the sample's usual one, and the largest ``max_capacity``.
CAPACITIES = (3, 1000)


def measure_capacity(people: int, capacity: int, seed: int, skills: int) -> CapacityFigures:
    """Match a programme of ``people`` participants, each with ``capacity``, in this process."""
    programme = synthetic.build(people, seed, skills=skills)
    settings = synthetic.programme_settings()
    titles = synthetic.source_titles(programme.pages)
    parsed, _ = read_sources(MemoryWiki(dict(programme.pages)), None, settings, titles)
    taxonomy = taxonomy_of(parsed, titles)
    directory = normalise_pages(
        list(parsed.values()), taxonomy, settings, REFERENCE_DATE, source_key=parser_key(settings)
    )
    everyone = [dataclasses.replace(person, capacity=capacity) for person in directory.people]
    feedback = [item for page in parsed.values() for item in page.feedback]
    matching = MatchSettings.from_mapping(settings.matching)

    def run() -> int:
        with collector_paused():
            result = match(everyone, taxonomy, feedback, MatchHistory(), matching, REFERENCE_DATE)
        return len(result.suggestions)

    wall, cpu = time.perf_counter(), time.process_time()
    suggestions = run()
    timing = Timing(time.perf_counter() - wall, time.process_time() - cpu)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return CapacityFigures(people, capacity, timing, peak / 2**20, suggestions)


def measure_capacity_apart(
    people: int, capacity: int, seed: int, skills: int = synthetic.SKILLS
) -> CapacityFigures:
    """:func:`measure_capacity` in a freshly started process."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure_capacity, people, capacity, seed, skills).result()
