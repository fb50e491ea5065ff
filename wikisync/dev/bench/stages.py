"""The pipeline's stages timed in process, on a synthetic programme, with no wiki.

A size is measured in a process of its own (started fresh, so that the peak memory of one
size does not carry over to the next): a cold run with an empty parse cache, then a warm
run after one directory page changed, which re-parses only that page and plans against the
pages the cold run produced, as the bot would on its next run.
"""

from __future__ import annotations

import multiprocessing
import resource
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from wikisync.collector import collector_paused
from wikisync.dev.bench import synthetic
from wikisync.dev.bench.figures import RunFigures, SizeFigures, Timing
from wikisync.dev.synth import REFERENCE_DATE
from wikisync.interfaces import DEFAULT_MAX_ARTICLE_SIZE, PageText
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.normalize.pages import normalise_pages
from wikisync.planning.edits import SyncPolicy, plan
from wikisync.planning.plan import with_summaries
from wikisync.reading.sources import (
    SourceTitles,
    parser_key,
    read_sources,
    taxonomy_of,
)
from wikisync.render.context import RenderContext
from wikisync.render.memo import RenderMemo
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.parts import utf8_size
from wikisync.render.pages.splits import splits_of
from wikisync.render.settings import PageSettings
from wikisync.running.state import State
from wikisync.settings.programme import Programme
from wikisync.writing.safety import AllowedTitles


@dataclass
class Stopwatch:
    """Wall and CPU time of named steps, in the order they ran."""

    times: dict[str, Timing] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time the body of a ``with`` block as step ``name``."""
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.times[name] = Timing(time.perf_counter() - wall, time.process_time() - cpu)

    def total(self) -> Timing:
        """All steps together."""
        return Timing(
            sum(t.wall for t in self.times.values()), sum(t.cpu for t in self.times.values())
        )


class MemoryWiki:
    """Source pages in memory, with revision ids that grow on every edit."""

    def __init__(self, pages: Mapping[str, str]) -> None:
        self.texts = dict(pages)
        self.revision = dict.fromkeys(pages, 1)
        self._last = 1

    def revisions(self, titles: Iterable[str]) -> dict[str, int]:
        """Latest revision ids; 0 for missing pages."""
        return {title: self.revision.get(title, 0) for title in titles}

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """Current texts, missing pages included."""
        return {title: self._page(title) for title in titles}

    def edit(self, title: str, text: str) -> None:
        """Save ``text`` as a new revision of ``title``."""
        self._last += 1
        self.texts[title] = text
        self.revision[title] = self._last

    def _page(self, title: str) -> PageText:
        if title not in self.texts:
            return PageText(title, exists=False)
        return PageText(title, True, self.revision[title], text=self.texts[title])


@dataclass(frozen=True, slots=True)
class PipelineRun:
    """One run's figures, the pages it leaves on the wiki, and the history it leaves."""

    figures: RunFigures
    texts: Mapping[str, str]
    history: MatchHistory
    entries: int
    counts: Mapping[str, int]


def run_pipeline(
    wiki: MemoryWiki,
    cache: State,
    programme: Programme,
    titles: SourceTitles,
    history: MatchHistory,
    previous: Mapping[str, str],
) -> PipelineRun:
    """Parse, normalise, match, render and plan once, timing each stage.

    ``previous`` holds the generated pages as the last run left them (title -> full text);
    the plan writes only the pages whose text would change. Parses, normalised entries and
    rendered parts are kept in the state ``cache`` as a run keeps them. The stages run with the
    garbage collector paused, as in a real run (see :mod:`wikisync.collector`).
    """
    with collector_paused():
        return _timed_pipeline(wiki, cache, programme, titles, history, previous)


def _timed_pipeline(
    wiki: MemoryWiki,
    cache: State,
    programme: Programme,
    titles: SourceTitles,
    history: MatchHistory,
    previous: Mapping[str, str],
) -> PipelineRun:
    watch = Stopwatch()
    with watch.step("parse"):
        parsed, read = read_sources(wiki, cache, programme, titles)
    taxonomy = taxonomy_of(parsed, titles)
    entries = sum(len(page.entries) for page in parsed.values())
    feedback = [item for page in parsed.values() for item in page.feedback]
    with watch.step("normalise"):
        sources = list(parsed.values())
        directory = normalise_pages(
            sources,
            taxonomy,
            programme,
            REFERENCE_DATE,
            cache=cache,
            source_key=parser_key(programme),
        )
    with watch.step("match"):
        settings = MatchSettings.from_mapping(programme.matching)
        result = match(directory.people, taxonomy, feedback, history, settings, REFERENCE_DATE)
    with watch.step("render"):
        pages = PageSettings.from_mapping(programme.pages, bot_user=synthetic.BOT)
        ctx = RenderContext.build(pages, taxonomy, directory.people)
        problems = [*(p for page in parsed.values() for p in page.problems), *directory.problems]
        splits = splits_of(programme.pages, DEFAULT_MAX_ARTICLE_SIZE)
        memo = RenderMemo(cache.render_parts())
        rendered = desired_pages(RenderInput(result, problems, feedback), ctx, splits, memo)
    with watch.step("plan"):
        current = {title: _page_as_left(title, previous) for title in rendered}
        desired = with_summaries(rendered, current, ctx.messages)
        edits = plan(desired, current, _policy(pages))
    cache.store_render_parts(memo.rows(), keep=memo.used)
    writes = [edit for edit in edits if edit.action.writes]
    figures = RunFigures(watch.times, watch.total(), read.parsed, len(writes), len(rendered))
    texts = {**previous, **{edit.title: edit.text for edit in writes}}
    counts = {
        "people": len(directory.people),
        "suggestions": len(result.suggestions),
        "unmatched": len(result.unmatched),
        "groups": len(result.groups),
    }
    return PipelineRun(figures, texts, history.after(result, REFERENCE_DATE), entries, counts)


def _page_as_left(title: str, previous: Mapping[str, str]) -> PageText:
    if title not in previous:
        return PageText(title, exists=False)
    return PageText(title, True, 1, text=previous[title])


def _policy(pages: PageSettings) -> SyncPolicy:
    allowed = AllowedTitles(prefixes=(pages.prefix, f"User:{synthetic.BOT}"))
    return SyncPolicy(bot=synthetic.BOT, allowed=allowed, max_page_bytes=DEFAULT_MAX_ARTICLE_SIZE)


def measure_size(people: int, seed: int, skills: int = synthetic.SKILLS) -> SizeFigures:
    """A first, a cold and a warm run on a programme of ``people`` participants, in this
    process.

    The first run is a programme's very first: no history, every cache empty, every page
    created. The cold and warm runs start from the history and pages it leaves, as every
    run but the first does: the cold run with every cache empty (as after an upgrade), then
    the warm run after one page changed, with the caches the cold run left.
    """
    started = time.perf_counter()
    programme = synthetic.build(people, seed, skills=skills)
    build_seconds = time.perf_counter() - started
    settings = synthetic.programme_settings()
    titles = synthetic.source_titles(programme.pages)
    wiki = MemoryWiki(programme.pages)
    with tempfile.TemporaryDirectory() as folder:
        with State.open(Path(folder) / "first") as scratch:
            first = run_pipeline(wiki, scratch, settings, titles, MatchHistory(), {})
        with State.open(Path(folder) / "state") as state:
            cold = run_pipeline(wiki, state, settings, titles, first.history, first.texts)
            edited = synthetic.edited_page(programme.pages)
            wiki.edit(edited, synthetic.one_entry_changed(wiki.texts[edited]))
            warm = run_pipeline(wiki, state, settings, titles, cold.history, cold.texts)
    largest = max(cold.texts, key=lambda title: (utf8_size(cold.texts[title]), title))
    return SizeFigures(
        people=people,
        source_pages=len(titles.all()),
        source_bytes=sum(utf8_size(programme.pages[title]) for title in titles.all()),
        entries=cold.entries,
        suggestions=cold.counts["suggestions"],
        unmatched=cold.counts["unmatched"],
        groups=cold.counts["groups"],
        generated_pages=cold.figures.generated_pages,
        largest_page=largest,
        largest_page_bytes=utf8_size(cold.texts[largest]),
        build_seconds=build_seconds,
        first=first.figures,
        cold=cold.figures,
        warm=warm.figures,
        peak_rss_mib=peak_rss_mib(),
    )


def peak_rss_mib() -> float:
    """The largest resident memory this process has had, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_size_apart(people: int, seed: int, skills: int = synthetic.SKILLS) -> SizeFigures:
    """:func:`measure_size` in a freshly started process, so peaks of sizes do not add up."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure_size, people, seed, skills).result()
