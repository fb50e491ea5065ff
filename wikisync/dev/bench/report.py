"""The benchmark's result: a JSON document, the targets met or missed, and a short table.

The JSON document::

    seed, skills, cpus, total_seconds
    pipeline[]  people, source_pages, source_bytes, entries, suggestions, unmatched, groups,
                generated_pages, largest_page, largest_page_bytes, build_seconds,
                peak_rss_mib (the largest of the runs'), first, cold and warm: {stages:
                {parse|normalise|match|render|plan: {wall, cpu}}, total: {wall, cpu},
                pages_parsed, pages_to_write, peak_rss_mib}
    wiki        null, or people, source_pages, generated_pages, read_bound, edited_page,
                load: {accounts_seconds, pages_seconds},
                wikisync and naive: {first|no_change|one_page_edit: {requests: {total, read,
                write, by_kind}, pages_fetched, pages_parsed, edits, wall_seconds}},
                ratios: {first|no_change|one_page_edit|reruns: {requests, edits, wall}}
                (naive / wikisync; null where wikisync has 0)
    capacity[]  people, capacity, match: {wall, cpu}, peak_mib, suggestions
    targets[]   name, goal, measured, met (null when not measured), ratio (measured / limit)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wikisync.dev.bench.figures import (
    STAGES,
    STEPS,
    CapacityFigures,
    RunCost,
    RunFigures,
    SizeFigures,
    Timing,
    WikiFigures,
)
from wikisync.interfaces import DEFAULT_MAX_ARTICLE_SIZE

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class BenchResult:
    """Everything one ``wikisync bench`` measured."""

    seed: int
    skills: int
    cpus: int
    sizes: Sequence[SizeFigures]
    wiki: WikiFigures | None
    total_seconds: float
    capacities: Sequence[CapacityFigures] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """A goal, what was measured against it, and whether it was met (None: not measured).

    ``ratio``: the measured value over the goal's limit, where the goal is a limit (below
    1 is within it).
    """

    name: str
    goal: str
    measured: str
    met: bool | None
    ratio: float | None = None


def to_json(result: BenchResult) -> JSON:
    """The result as a JSON-ready mapping (see the module's description)."""
    return {
        "seed": result.seed,
        "skills": result.skills,
        "cpus": result.cpus,
        "total_seconds": _round(result.total_seconds),
        "pipeline": [_size_json(size) for size in result.sizes],
        "wiki": _wiki_json(result.wiki) if result.wiki is not None else None,
        "capacity": [_capacity_json(figures) for figures in result.capacities],
        "targets": [
            {
                "name": t.name,
                "goal": t.goal,
                "measured": t.measured,
                "met": t.met,
                "ratio": t.ratio,
            }
            for t in targets(result)
        ],
    }


def _size_json(size: SizeFigures) -> JSON:
    return {
        "people": size.people,
        "source_pages": size.source_pages,
        "source_bytes": size.source_bytes,
        "entries": size.entries,
        "suggestions": size.suggestions,
        "unmatched": size.unmatched,
        "groups": size.groups,
        "generated_pages": size.generated_pages,
        "largest_page": size.largest_page,
        "largest_page_bytes": size.largest_page_bytes,
        "build_seconds": _round(size.build_seconds),
        "peak_rss_mib": _round(size.peak_rss_mib),
        **{
            kind: {**_run_json(run), "peak_rss_mib": _round(size.run_peaks_mib.get(kind, 0.0))}
            for kind, run in (("first", size.first), ("cold", size.cold), ("warm", size.warm))
        },
    }


def _capacity_json(figures: CapacityFigures) -> JSON:
    return {
        "people": figures.people,
        "capacity": figures.capacity,
        "match": _timing_json(figures.match),
        "peak_mib": _round(figures.peak_mib),
        "suggestions": figures.suggestions,
    }


def _run_json(run: RunFigures) -> JSON:
    return {
        "stages": {name: _timing_json(run.stages[name]) for name in STAGES},
        "total": _timing_json(run.total),
        "pages_parsed": run.pages_parsed,
        "pages_to_write": run.pages_to_write,
    }


def _timing_json(timing: Timing) -> JSON:
    return {"wall": _round(timing.wall), "cpu": _round(timing.cpu)}


def _wiki_json(wiki: WikiFigures) -> JSON:
    return {
        "people": wiki.people,
        "source_pages": wiki.source_pages,
        "generated_pages": wiki.generated_pages,
        "read_bound": wiki.read_bound,
        "edited_page": wiki.edited_page,
        "load": {
            "accounts_seconds": _round(wiki.accounts_seconds),
            "pages_seconds": _round(wiki.pages_seconds),
        },
        "wikisync": {step: _cost_json(wiki.wikisync[step]) for step in STEPS},
        "naive": {step: _cost_json(wiki.naive[step]) for step in STEPS},
        "ratios": {
            **{step: _ratios(wiki.naive[step], wiki.wikisync[step]) for step in STEPS},
            "reruns": _ratios(_sum(_reruns(wiki.naive)), _sum(_reruns(wiki.wikisync))),
        },
    }


def _cost_json(cost: RunCost) -> JSON:
    return {
        "requests": {
            "total": cost.total_requests,
            "read": cost.read_requests,
            "write": cost.total_requests - cost.read_requests,
            "by_kind": dict(cost.requests),
        },
        "source_pages": cost.source_pages,
        "pages_fetched": cost.pages_fetched,
        "pages_parsed": cost.pages_parsed,
        "edits": cost.edits,
        "wall_seconds": _round(cost.wall_seconds),
    }


def _ratios(naive: RunCost, ours: RunCost) -> JSON:
    return {
        "requests": ratio(naive.total_requests, ours.total_requests),
        "edits": ratio(naive.edits, ours.edits),
        "wall": ratio(naive.wall_seconds, ours.wall_seconds),
    }


def _sum(costs: Iterable[RunCost]) -> RunCost:
    items = list(costs)
    kinds: dict[str, int] = {}
    for cost in items:
        for kind, count in cost.requests.items():
            kinds[kind] = kinds.get(kind, 0) + count
    return RunCost(
        requests=kinds,
        source_pages=sum(c.source_pages for c in items),
        pages_fetched=sum(c.pages_fetched for c in items),
        pages_parsed=sum(c.pages_parsed for c in items),
        pages_planned=sum(c.pages_planned for c in items),
        edits=sum(c.edits for c in items),
        wall_seconds=sum(c.wall_seconds for c in items),
    )


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` to one decimal, or None when the denominator is 0."""
    return round(numerator / denominator, 1) if denominator else None


def _round(value: float) -> float:
    return round(value, 3)


def targets(result: BenchResult) -> list[Target]:
    """Every target of the benchmark with what was measured against it."""
    by_people = {size.people: size for size in result.sizes}
    return [
        *_pipeline_targets(by_people),
        *_capacity_targets(result.capacities),
        *_wiki_targets(result.wiki),
    ]


def _pipeline_targets(by_people: Mapping[int, SizeFigures]) -> list[Target]:
    checks: list[tuple[str, str, int, Callable[[SizeFigures], float], float, str]] = [
        ("10k cold pipeline", "<= 5 s", 10_000, lambda s: s.cold.total.wall, 5.0, "s"),
        ("10k warm, one page changed", "<= 1 s", 10_000, lambda s: s.warm.total.wall, 1.0, "s"),
        ("10k warm / cold", "<= 0.2", 10_000, _warm_share, 0.2, "of the cold run"),
        ("100k warm, one page changed", "<= 6 s", 100_000, lambda s: s.warm.total.wall, 6.0, "s"),
        ("100k cold pipeline", "<= 30 s", 100_000, lambda s: s.cold.total.wall, 30.0, "s"),
        ("100k peak memory", "<= 1024 MiB", 100_000, lambda s: s.peak_rss_mib, 1024.0, "MiB"),
        ("10k matching", "<= 1 s", 10_000, lambda s: s.cold.stages["match"].wall, 1.0, "s"),
        ("100k matching", "<= 15 s", 100_000, lambda s: s.cold.stages["match"].wall, 15.0, "s"),
        (
            "largest page at 100k below the wiki's limit",
            f"< {DEFAULT_MAX_ARTICLE_SIZE:,} bytes",
            100_000,
            lambda s: s.largest_page_bytes,
            DEFAULT_MAX_ARTICLE_SIZE - 1,
            "bytes",
        ),
    ]
    found = []
    for name, goal, people, measure, limit, unit in checks:
        size = by_people.get(people)
        if size is None:
            found.append(Target(name, goal, "not measured", None))
            continue
        value = measure(size)
        shown = f"{value:,} {unit}" if isinstance(value, int) else f"{value:.2f} {unit}"
        found.append(Target(name, goal, shown, value <= limit, _over(value, limit)))
    return found


#: How much more a capacity of 1000 each may cost than a capacity of 3, in time and memory.
CAPACITY_LIMIT = 1.2


def _capacity_targets(capacities: Sequence[CapacityFigures]) -> list[Target]:
    goal = f"<= {CAPACITY_LIMIT}x capacity 3"
    by_capacity = {figures.capacity: figures for figures in capacities}
    low, high = by_capacity.get(3), by_capacity.get(1000)
    if low is None or high is None:
        return [
            Target(f"capacity 1000 each: matching {what}", goal, "not measured", None)
            for what in ("time", "memory")
        ]
    found = []
    measures: tuple[tuple[str, str, Callable[[CapacityFigures], float]], ...] = (
        ("time", "s", lambda f: f.match.wall),
        ("memory", "MiB", lambda f: f.peak_mib),
    )
    for what, unit, measure in measures:
        value, base = measure(high), measure(low)
        share = value / base if base else 0.0
        shown = f"{value:.2f} {unit} against {base:.2f} {unit} ({high.people:,} people)"
        found.append(
            Target(
                f"capacity 1000 each: matching {what}",
                goal,
                shown,
                share <= CAPACITY_LIMIT,
                _over(share, CAPACITY_LIMIT),
            )
        )
    return found


def _warm_share(size: SizeFigures) -> float:
    """The warm run's wall time as a share of the cold run's."""
    return size.warm.total.wall / size.cold.total.wall if size.cold.total.wall else 0.0


def _over(value: float, limit: float) -> float | None:
    """``value / limit`` to two decimals (None for a limit of 0)."""
    return round(value / limit, 2) if limit else None


def _wiki_targets(wiki: WikiFigures | None) -> list[Target]:
    names = (
        ("read requests, first run", "<= ceil(sources/50) + ceil(generated/50) + 5"),
        ("no-change re-run", "<= 3 requests, 0 edits"),
        ("one-page change", "edits only changed pages"),
        ("fewer requests than the naive bot", ">= 20x on re-runs"),
        ("needless edits on re-runs", "0"),
    )
    if wiki is None:
        return [Target(name, goal, "not measured", None) for name, goal in names]
    ours, theirs = wiki.wikisync, wiki.naive
    first, again, edited = ours["first"], ours["no_change"], ours["one_page_edit"]
    changed = theirs["one_page_edit"].edits
    reruns = ratio(_sum(_reruns(theirs)).total_requests, _sum(_reruns(ours)).total_requests)
    values: tuple[tuple[str, bool, float | None], ...] = (
        (
            f"{first.read_requests} (bound {wiki.read_bound})",
            first.read_requests <= wiki.read_bound,
            _over(first.read_requests, wiki.read_bound),
        ),
        (
            f"{again.total_requests} requests, {again.edits} edits",
            again.total_requests <= 3 and again.edits == 0,
            _over(again.total_requests, 3),
        ),
        (
            f"{edited.edits} edits; {changed} pages changed (+1 status page)",
            edited.edits <= changed + 1,
            _over(edited.edits, changed + 1),
        ),
        (f"{reruns}x", reruns is not None and reruns >= 20, None),
        (f"{again.edits}", again.edits == 0, None),
    )
    return [
        Target(name, goal, measured, met, share)
        for (name, goal), (measured, met, share) in zip(names, values, strict=True)
    ]


def _reruns(costs: Mapping[str, RunCost]) -> list[RunCost]:
    return [cost for step, cost in costs.items() if step != "first"]


def table(result: BenchResult) -> str:
    """A short human-readable summary: pipeline timings, wiki runs, targets."""
    lines = [
        f"wikisync bench (seed {result.seed}, {result.cpus} CPUs, {result.total_seconds:.0f} s)"
    ]
    if result.sizes:
        lines += ["", *_pipeline_table(result.sizes)]
    if result.capacities:
        lines += ["", *_capacity_table(result.capacities)]
    if result.wiki is not None:
        lines += ["", *_wiki_table(result.wiki)]
    lines += ["", "targets:"]
    for target in targets(result):
        mark = {True: "met ", False: "MISS", None: "  - "}[target.met]
        of_goal = f" ({target.ratio:.2f}x the limit)" if target.ratio is not None else ""
        lines.append(f"  [{mark}] {target.name} ({target.goal}): {target.measured}{of_goal}")
    return "\n".join(lines)


def _pipeline_table(sizes: Sequence[SizeFigures]) -> list[str]:
    header = (
        f"{'people':>8} {'run':5} "
        + " ".join(f"{name:>11}" for name in (*STAGES, "total"))
        + f" {'parsed':>6} {'writes':>6} {'peak MiB':>8}"
    )
    lines = ["pipeline in process, wall seconds (cpu seconds):", header]
    for size in sizes:
        for label, run in (("first", size.first), ("cold", size.cold), ("warm", size.warm)):
            cells = [run.stages[name] for name in STAGES] + [run.total]
            lines.append(
                f"{size.people:>8,} {label:5} "
                + " ".join(f"{_seconds(t):>11}" for t in cells)
                + f" {run.pages_parsed:>6} {run.pages_to_write:>6}"
                + f" {size.run_peaks_mib.get(label, size.peak_rss_mib):>8.0f}"
            )
    largest = max(sizes, key=lambda size: size.people)
    lines.append(
        f"largest page at {largest.people:,}: {largest.largest_page} "
        f"({largest.largest_page_bytes / 1e6:.2f} MB of {largest.generated_pages} pages; "
        f"the wiki's limit is {DEFAULT_MAX_ARTICLE_SIZE / 1e6:.2f} MB)"
    )
    return lines


def _capacity_table(capacities: Sequence[CapacityFigures]) -> list[str]:
    lines = [
        "matching alone, every participant with the same capacity:",
        f"{'people':>8} {'capacity':>8} {'match s':>11} {'peak MiB':>8} {'suggestions':>11}",
    ]
    for figures in capacities:
        lines.append(
            f"{figures.people:>8,} {figures.capacity:>8} {_seconds(figures.match):>11} "
            f"{figures.peak_mib:>8.0f} {figures.suggestions:>11,}"
        )
    return lines


def _seconds(timing: Timing) -> str:
    return f"{timing.wall:.2f}({timing.cpu:.1f})"


def _wiki_table(wiki: WikiFigures) -> list[str]:
    lines = [
        f"local wiki, {wiki.people:,} people, {wiki.source_pages} source pages, "
        f"{wiki.generated_pages} generated pages (loading took {wiki.accounts_seconds:.0f} s "
        f"for accounts, {wiki.pages_seconds:.0f} s for pages; not counted below):",
        f"{'run':14} {'bot':9} {'requests':>8} {'reads':>6} {'edits':>6} "
        f"{'fetched':>7} {'parsed':>6} {'wall s':>7}",
    ]
    for step in STEPS:
        for bot, cost in (("wikisync", wiki.wikisync[step]), ("naive", wiki.naive[step])):
            lines.append(
                f"{step:14} {bot:9} {cost.total_requests:>8} {cost.read_requests:>6} "
                f"{cost.edits:>6} {cost.pages_fetched:>7} {cost.pages_parsed:>6} "
                f"{cost.wall_seconds:>7.1f}"
            )
    measures: tuple[tuple[str, Callable[[RunCost], float]], ...] = (
        ("requests", lambda cost: cost.total_requests),
        ("edits", lambda cost: cost.edits),
        ("wall time", lambda cost: cost.wall_seconds),
    )
    for label, measure in measures:
        ratios = [
            f"{step} {_shown(ratio(measure(wiki.naive[step]), measure(wiki.wikisync[step])))}"
            for step in STEPS
        ]
        lines.append(f"naive / wikisync {label}: " + ", ".join(ratios))
    return lines


def _shown(value: float | None) -> str:
    return "-" if value is None else f"{value}x"
