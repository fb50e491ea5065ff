"""The in-process pipeline: cold runs parse everything, warm runs only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikisync.dev.bench import synthetic
from wikisync.dev.bench.figures import STAGES
from wikisync.dev.bench.stages import (
    RUNS,
    MemoryWiki,
    Stopwatch,
    measure_size,
    run_apart,
    run_pipeline,
)
from wikisync.matching import MatchHistory
from wikisync.running.state import State


def test_a_memory_wiki_gives_every_edit_a_new_revision() -> None:
    wiki = MemoryWiki({"A": "one", "B": "two"})
    wiki.edit("B", "three")
    wiki.edit("C", "new")
    assert wiki.revisions(["A", "B", "C", "D"]) == {"A": 1, "B": 2, "C": 3, "D": 0}
    pages = wiki.read_pages(["B", "D"])
    assert (pages["B"].text, pages["B"].revision, pages["D"].exists) == ("three", 2, False)


def test_a_stopwatch_adds_up_its_steps() -> None:
    watch = Stopwatch()
    with watch.step("a"):
        sum(range(10_000))
    with watch.step("b"):
        pass
    assert list(watch.times) == ["a", "b"]
    assert watch.total().wall == pytest.approx(sum(t.wall for t in watch.times.values()))


def test_a_warm_run_parses_the_changed_page_and_writes_only_changed_pages(tmp_path: Path) -> None:
    programme = synthetic.build(250, seed=4, skills=24)
    settings = synthetic.programme_settings()
    titles = synthetic.source_titles(programme.pages)
    wiki = MemoryWiki(dict(programme.pages))
    with State.open(tmp_path / "state") as state:
        cold = run_pipeline(wiki, state, settings, titles, MatchHistory(), {})
        left = dict(cold.written())
        again = run_pipeline(wiki, state, settings, titles, cold.history, left)
        edited = synthetic.edited_page(programme.pages)
        wiki.edit(edited, synthetic.one_entry_changed(wiki.texts[edited]))
        warm = run_pipeline(wiki, state, settings, titles, cold.history, left)
    assert list(cold.figures.stages) == list(STAGES)
    assert cold.figures.pages_parsed == len(titles.all())
    assert cold.figures.pages_to_write == cold.figures.generated_pages > 20
    assert (again.figures.pages_parsed, again.figures.pages_to_write) == (0, 0)
    assert warm.figures.pages_parsed == 1
    assert 0 < warm.figures.pages_to_write < cold.figures.generated_pages // 2
    assert cold.counts["people"] == 250
    assert set(left) == {edit.title for edit in cold.writes}
    assert all(left[title] != text for title, text in warm.written())


def test_measuring_a_size_reports_cold_and_warm_runs_and_the_peak_memory() -> None:
    figures = measure_size(150, seed=9)
    assert figures.people == figures.entries == 150
    assert figures.source_pages == 4  # two directory pages, taxonomy, feedback
    assert figures.cold.pages_parsed == 4
    assert figures.warm.pages_parsed == 1
    assert figures.largest_page_bytes > 1000
    assert figures.peak_rss_mib > 10
    assert list(figures.run_peaks_mib) == list(RUNS)


def test_runs_made_apart_hand_on_their_pages_and_report_their_own_peaks() -> None:
    here = measure_size(120, seed=4)
    apart = measure_size(120, seed=4, runner=run_apart)
    assert (apart.first.pages_to_write, apart.cold.pages_to_write) == (
        here.first.pages_to_write,
        here.cold.pages_to_write,
    )
    assert apart.first.pages_to_write == apart.first.generated_pages
    assert apart.cold.pages_to_write == 0 < apart.warm.pages_to_write
    assert apart.largest_page_bytes == here.largest_page_bytes
    assert apart.peak_rss_mib == max(apart.run_peaks_mib.values()) > 10
