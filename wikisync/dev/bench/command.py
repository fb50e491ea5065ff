"""``wikisync bench``: the whole benchmark in one command, ending by itself.

It measures the pipeline in process at each size (a fresh process per size), then, unless
``--no-wiki``, whole runs of wikisync and of a naive pywikibot bot on a local MediaWiki it
starts and stops itself. The table goes to stdout, progress to stderr, and with ``--json``
the full result to a file.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import click

from wikisync.dev.bench import synthetic
from wikisync.dev.bench.capacity import CAPACITIES, measure_capacity_apart
from wikisync.dev.bench.figures import SizeFigures, WikiFigures
from wikisync.dev.bench.report import BenchResult, table, to_json
from wikisync.dev.bench.stages import measure_size, run_apart
from wikisync.dev.bench.wikirun import measure_wiki
from wikisync.errors import WikisyncError

DEFAULT_SIZES = "1000,10000,100000"


class BenchError(click.ClickException):
    """The benchmark could not run (the local wiki could not start, a bad option …)."""


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"1000,10000"`` as sizes; an empty text means no in-process sizes."""
    sizes = []
    for item in text.split(","):
        written = item.strip().replace("_", "")
        if not written:
            continue
        if not written.isdigit() or int(written) < 10:
            raise click.BadParameter(f"{item.strip()!r} is not a whole number of at least 10")
        sizes.append(int(written))
    return tuple(sizes)


def _sizes_option(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    return parse_sizes(value)


@click.command(name="bench")
@click.option(
    "--sizes",
    default=DEFAULT_SIZES,
    show_default=True,
    callback=_sizes_option,
    help="Participants of each in-process pipeline measurement, comma-separated.",
)
@click.option(
    "--wiki-people",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=10),
    help="Participants loaded onto the local wiki for the runs against it.",
)
@click.option("--no-wiki", is_flag=True, help="Skip the runs against a local wiki.")
@click.option(
    "--capacity-people",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Participants of the matching at capacity 3 and at capacity 1000 each (0: skip).",
)
@click.option(
    "--wiki-folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the local wiki's files in this folder (default: a temporary folder).",
)
@click.option(
    "--skills",
    default=synthetic.SKILLS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Skills in the programme's taxonomy.",
)
@click.option("--seed", default=2026, show_default=True, type=int, help="Seed of the programme.")
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the full result as JSON to this file.",
)
def bench(
    sizes: tuple[int, ...],
    wiki_people: int,
    no_wiki: bool,
    capacity_people: int,
    wiki_folder: Path | None,
    skills: int,
    seed: int,
    json_file: Path | None,
) -> None:
    """Measure the pipeline at several sizes and whole runs on a local wiki, beside a naive bot.

    \b
    In process (no wiki): parse, normalise, match, render and plan, a programme's first
    run, a cold run (every cache empty) and a warm run (one page changed), each in a
    process of its own, with its peak memory; then matching
    alone with every participant's capacity at 3 and at 1000 (time and memory).
    On a local MediaWiki started in a temporary folder (needs the Debian packages of
    'wikisync devwiki up'): a first run, a re-run with no change and a run after a person
    edited one directory page, for wikisync and for a naive pywikibot bot: requests by
    kind, pages fetched and parsed, edits, wall time.
    """
    started = time.perf_counter()
    measured: list[SizeFigures] = []
    for people in sizes:
        click.echo(f"pipeline: {people:,} participants …", err=True)
        measured.append(measure_size(people, seed, skills, run_apart))
    capacities = []
    for capacity in CAPACITIES if capacity_people else ():
        click.echo(f"matching: {capacity_people:,} participants, capacity {capacity} …", err=True)
        capacities.append(measure_capacity_apart(capacity_people, capacity, seed, skills))
    wiki: WikiFigures | None = None
    if not no_wiki:
        click.echo(f"local wiki: {wiki_people:,} participants …", err=True)
        try:
            wiki = measure_wiki(wiki_people, seed, skills, wiki_folder)
        except WikisyncError as e:
            raise BenchError(f"the runs on a local wiki failed: {e}") from e
    elapsed = time.perf_counter() - started
    result = BenchResult(
        seed, skills, os.cpu_count() or 1, measured, wiki, elapsed, tuple(capacities)
    )
    if json_file is not None:
        json_file.write_text(json.dumps(to_json(result), indent=2) + "\n", encoding="utf-8")
    click.echo(table(result))
