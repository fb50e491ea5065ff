"""The pipeline's stages timed in process, on a synthetic programme, with no wiki.

A size is measured in three runs, each in a process of its own as a bot's runs are (so that
each run's peak memory is its own): the programme's first run, a cold run with every cache
empty, then a warm run after one directory page changed, which re-parses only that page
and plans against the pages the cold run produced, as the bot would on its next run.
"""

from __future__ import annotations

import multiprocessing
import pickle
import resource
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikisync.collector import collector_paused
from wikisync.dev.bench import synthetic
from wikisync.dev.bench.figures import RunFigures, SizeFigures, Timing
from wikisync.dev.bench.pagestore import PageStore
from wikisync.dev.synth import REFERENCE_DATE
from wikisync.interfaces import DEFAULT_MAX_ARTICLE_SIZE, PageText
from wikisync.matching import MatchHistory, MatchSettings, match_from
from wikisync.model import Feedback, Problem, Taxonomy
from wikisync.normalize.directory import NormalisedDirectory
from wikisync.normalize.pages import normalise_pages
from wikisync.planning.edits import PlannedEdit, SyncPolicy, plan
from wikisync.planning.plan import SOLVER, solver_start, with_summaries
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
    """Source pages (``pages``, held as given: a dict, or a :class:`PageStore` that reads
    each when it is asked for), with revision ids that grow on every edit."""

    def __init__(self, pages: MutableMapping[str, str]) -> None:
        self.texts = pages
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
    """One run's figures, the edits it makes on the wiki, and the history it leaves."""

    figures: RunFigures
    writes: tuple[PlannedEdit, ...]
    history: MatchHistory
    entries: int
    counts: Mapping[str, int]

    def written(self) -> Iterator[tuple[str, str]]:
        """The title and new text of each page the run writes, made one at a time."""
        for edit in self.writes:
            yield edit.title, edit.text


def run_pipeline(
    wiki: MemoryWiki,
    cache: State,
    programme: Programme,
    titles: SourceTitles,
    history: MatchHistory,
    previous: Mapping[str, str],
) -> PipelineRun:
    """Parse, normalise, match, render and plan once, timing each stage.

    ``previous`` holds the generated pages as the last run left them (title -> text; a
    :class:`PageStore` reads each when the plan asks for it, as a run reads the pages it
    may edit); the plan writes only the pages whose text would change. Parses, normalised
    entries, rendered parts and the solver's start are kept in the state ``cache`` as a
    run keeps them. As in
    a real run (see :func:`wikisync.planning.plan.gather_inputs`), the parsed entries are
    let go once normalised, and the stages run with the garbage collector paused (see
    :mod:`wikisync.collector`).
    """
    with collector_paused():
        watch = Stopwatch()
        inputs = _read_inputs(watch, wiki, cache, programme, titles)
        return _matched_and_planned(watch, inputs, cache, programme, history, previous)


@dataclass(frozen=True, slots=True)
class _Inputs:
    """What the stages after normalising use of the sources."""

    directory: NormalisedDirectory
    taxonomy: Taxonomy
    feedback: list[Feedback]
    problems: list[Problem]
    parsed: int
    entries: int


def _read_inputs(
    watch: Stopwatch, wiki: MemoryWiki, cache: State, programme: Programme, titles: SourceTitles
) -> _Inputs:
    with watch.step("parse"):
        parsed, read = read_sources(wiki, cache, programme, titles)
    taxonomy = taxonomy_of(parsed, titles)
    with watch.step("normalise"):
        directory = normalise_pages(
            list(parsed.values()),
            taxonomy,
            programme,
            REFERENCE_DATE,
            cache=cache,
            source_key=parser_key(programme),
        )
    return _Inputs(
        directory,
        taxonomy,
        [item for page in parsed.values() for item in page.feedback],
        [*(p for page in parsed.values() for p in page.problems), *directory.problems],
        read.parsed,
        sum(len(page.entries) for page in parsed.values()),
    )


def _matched_and_planned(
    watch: Stopwatch,
    inputs: _Inputs,
    cache: State,
    programme: Programme,
    history: MatchHistory,
    previous: Mapping[str, str],
) -> PipelineRun:
    people, taxonomy = inputs.directory.people, inputs.taxonomy
    with watch.step("match"):
        settings = MatchSettings.from_mapping(programme.matching)
        matched = match_from(
            people, taxonomy, inputs.feedback, history, settings, REFERENCE_DATE,
            start=solver_start(cache),
        )  # fmt: skip
        result = matched.result
    with watch.step("render"):
        pages = PageSettings.from_mapping(programme.pages, bot_user=synthetic.BOT)
        ctx = RenderContext.build(pages, taxonomy, people)
        splits = splits_of(programme.pages, DEFAULT_MAX_ARTICLE_SIZE)
        memo = RenderMemo(cache.render_parts())
        data = RenderInput(result, inputs.problems, inputs.feedback)
        rendered = desired_pages(data, ctx, splits, memo)
    with watch.step("plan"):
        current = _PagesAsLeft(rendered, previous)
        desired = with_summaries(rendered, current, ctx.messages)
        edits = plan(desired, current, _policy(pages))
    cache.store_render_parts(memo.rows(), keep=memo.used)
    cache.store_solver_start(SOLVER, matched.solved.start.to_bytes())
    writes = tuple(edit for edit in edits if edit.action.writes)
    figures = RunFigures(watch.times, watch.total(), inputs.parsed, len(writes), len(rendered))
    counts = {
        "people": len(people),
        "suggestions": len(result.suggestions),
        "unmatched": len(result.unmatched),
        "groups": len(result.groups),
    }
    after = history.after(result, REFERENCE_DATE)
    return PipelineRun(figures, writes, after, inputs.entries, counts)


class _PagesAsLeft(Mapping[str, PageText]):
    """The pages ``titles`` as ``previous`` holds them, each read when it is asked for."""

    def __init__(self, titles: Iterable[str], previous: Mapping[str, str]) -> None:
        self._titles = tuple(titles)
        self._previous = previous

    def __getitem__(self, title: str) -> PageText:
        if title not in self._previous:
            return PageText(title, exists=False)
        return PageText(title, True, 1, text=self._previous[title])

    def __iter__(self) -> Iterator[str]:
        return iter(self._titles)

    def __len__(self) -> int:
        return len(self._titles)


def _policy(pages: PageSettings) -> SyncPolicy:
    allowed = AllowedTitles(prefixes=(pages.prefix, f"User:{synthetic.BOT}"))
    return SyncPolicy(bot=synthetic.BOT, allowed=allowed, max_page_bytes=DEFAULT_MAX_ARTICLE_SIZE)


#: The runs of one size, in order: the programme's first, then a cold and a warm run.
RUNS = ("first", "cold", "warm")


@dataclass(frozen=True, slots=True)
class SizeRun:
    """One run of a size to make: which (see :data:`RUNS`), in ``folder``, where the
    programme's pages are and where each run leaves its pages, history and state."""

    kind: str
    folder: Path


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """What one run of a size measured: its figures, the size of the programme and its
    answer, and its own peak memory."""

    figures: RunFigures
    entries: int
    counts: Mapping[str, int]
    largest_page: str
    largest_page_bytes: int
    peak_rss_mib: float


Runner = Callable[[SizeRun], RunOutcome]


def measure_size(
    people: int, seed: int, skills: int = synthetic.SKILLS, runner: Runner | None = None
) -> SizeFigures:
    """A first, a cold and a warm run on a programme of ``people`` participants.

    The first run is a programme's very first: no history, every cache empty, every page
    created. The cold and warm runs start from the history and pages it leaves, as every
    run but the first does: the cold run with every cache empty (as after an upgrade), then
    the warm run after one page changed, with the caches the cold run left. The runs hand
    on their pages, history and state through files, as a bot's runs do; ``runner`` makes
    each run (:func:`run_here`, in this process, by default; :func:`run_apart` in a
    process of its own, so that each run's peak memory is its own).
    """
    make = runner or run_here
    started = time.perf_counter()
    programme = synthetic.build(people, seed, skills=skills)
    build_seconds = time.perf_counter() - started
    titles = synthetic.source_titles(programme.pages)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with PageStore(work / PAGES) as store:
            store.put(programme.pages.items())
        runs = {kind: make(SizeRun(kind, work)) for kind in RUNS}
    first, cold, warm = (runs[kind] for kind in RUNS)
    return SizeFigures(
        people=people,
        source_pages=len(titles.all()),
        source_bytes=sum(utf8_size(programme.pages[title]) for title in titles.all()),
        entries=cold.entries,
        suggestions=cold.counts["suggestions"],
        unmatched=cold.counts["unmatched"],
        groups=cold.counts["groups"],
        generated_pages=cold.figures.generated_pages,
        largest_page=cold.largest_page,
        largest_page_bytes=cold.largest_page_bytes,
        build_seconds=build_seconds,
        first=first.figures,
        cold=cold.figures,
        warm=warm.figures,
        peak_rss_mib=max(run.peak_rss_mib for run in runs.values()),
        run_peaks_mib={kind: run.peak_rss_mib for kind, run in runs.items()},
    )


#: The files of a size's folder: the source pages (the wiki), the generated pages as the
#: last run left them, and the history it left.
PAGES, LEFT, HISTORY = "pages.sqlite", "left.sqlite", "history"


def run_here(run: SizeRun) -> RunOutcome:
    """Make ``run`` in this process: the pages and history of the run before it are read
    from its folder, and its own left there for the next. A first run has its own state;
    the cold run starts a state that the warm run goes on with. Pages stay in their files
    (:class:`PageStore`) and are read as the run needs them."""
    first = run.kind == "first"
    history = MatchHistory() if first else _load(run.folder / HISTORY)
    with PageStore(run.folder / PAGES) as pages, PageStore(run.folder / LEFT) as left:
        wiki = MemoryWiki(pages)
        titles = synthetic.source_titles(pages)
        if run.kind == "warm":
            edited = synthetic.edited_page(pages)
            wiki.edit(edited, synthetic.one_entry_changed(pages[edited]))
        if first:
            left.clear()
        settings = synthetic.programme_settings()
        with State.open(run.folder / ("first" if first else "state")) as state:
            done = run_pipeline(wiki, state, settings, titles, history, left)
        _save(run.folder / HISTORY, done.history)
        left.put(done.written())
        largest, largest_bytes = left.largest()
    return RunOutcome(
        done.figures, done.entries, done.counts, largest, largest_bytes, peak_rss_mib()
    )


def run_apart(run: SizeRun) -> RunOutcome:
    """:func:`run_here` in a freshly started process, so that the peak memory it reports
    is that of the run alone (a bot makes each run in a process of its own)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_here, run).result()


def _save(path: Path, value: object) -> None:
    with path.open("wb") as file:
        pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


def _load(path: Path) -> Any:
    with path.open("rb") as file:
        return pickle.load(file)


def peak_rss_mib() -> float:
    """The largest resident memory this process has had, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
