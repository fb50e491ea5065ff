"""The benchmark's JSON result, its targets and its table, from hand-made figures."""

from __future__ import annotations

import dataclasses
import json

import pytest

from wikisync.dev.bench.figures import (
    STAGES,
    CapacityFigures,
    RunCost,
    RunFigures,
    SizeFigures,
    Timing,
    WikiFigures,
)
from wikisync.dev.bench.report import BenchResult, ratio, table, targets, to_json


def run_figures(seconds: float, parsed: int, writes: int) -> RunFigures:
    share = Timing(seconds / len(STAGES), seconds / len(STAGES) / 2)
    return RunFigures(
        stages=dict.fromkeys(STAGES, share),
        total=Timing(seconds, seconds / 2),
        pages_parsed=parsed,
        pages_to_write=writes,
        generated_pages=400,
    )


def size(people: int, cold: float, warm: float, peak: float) -> SizeFigures:
    return SizeFigures(
        people=people,
        source_pages=people // 100 + 2,
        source_bytes=people * 470,
        entries=people,
        suggestions=people,
        unmatched=people,
        groups=people // 25,
        generated_pages=400,
        largest_page="Let's Connect/Matches/Video editing",
        largest_page_bytes=900_000,
        build_seconds=1.0,
        first=run_figures(cold * 2, people // 100 + 2, 400),
        cold=run_figures(cold, people // 100 + 2, 400),
        warm=run_figures(warm, 1, 9),
        peak_rss_mib=peak,
    )


def cost(requests: dict[str, int], edits: int, wall: float) -> RunCost:
    return RunCost(requests, source_pages=104, pages_fetched=3, pages_parsed=3, pages_planned=400,
                   edits=edits, wall_seconds=wall)  # fmt: skip


def wiki(no_change: RunCost) -> WikiFigures:
    return WikiFigures(
        people=10_000,
        source_pages=104,
        generated_pages=400,
        accounts_seconds=30.0,
        pages_seconds=20.0,
        wikisync={
            "first": cost({"query:prop=info": 10, "edit": 400}, 400, 100.0),
            "no_change": no_change,
            "one_page_edit": cost({"query:prop=info": 12, "edit": 9}, 9, 10.0),
        },
        naive={
            "first": cost({"query:prop=revisions": 1000, "edit": 400}, 400, 300.0),
            "no_change": cost({"query:prop=revisions": 900, "edit": 400}, 0, 200.0),
            "one_page_edit": cost({"query:prop=revisions": 900, "edit": 400}, 8, 210.0),
        },
        edited_page="Let's Connect/Skills directory/Part 2",
    )


@pytest.fixture
def result() -> BenchResult:
    sizes = [size(1000, 0.5, 0.2, 150.0), size(10_000, 4.0, 0.8, 300.0)]
    sizes.append(size(100_000, 90.0, 70.0, 2500.0))
    capacities = (
        CapacityFigures(10_000, 3, Timing(0.5, 0.5), 80.0, 19_000),
        CapacityFigures(10_000, 1000, Timing(0.55, 0.55), 200.0, 28_000),
    )
    return BenchResult(
        2026, 200, 2, sizes, wiki(cost({"query:list=recentchanges": 1}, 0, 1.0)), 500.0, capacities
    )


def test_the_json_has_every_field_and_survives_a_round_trip(result: BenchResult) -> None:
    data = json.loads(json.dumps(to_json(result)))
    assert [item["people"] for item in data["pipeline"]] == [1000, 10_000, 100_000]
    cold = data["pipeline"][1]["cold"]
    assert list(cold["stages"]) == list(STAGES)
    assert cold["total"] == {"wall": 4.0, "cpu": 2.0}
    assert data["pipeline"][1]["first"]["total"] == {"wall": 8.0, "cpu": 4.0}
    assert data["pipeline"][1]["warm"]["pages_parsed"] == 1
    runs = data["wiki"]["wikisync"]
    assert runs["first"]["requests"] == {
        "total": 410, "read": 10, "write": 400, "by_kind": {"query:prop=info": 10, "edit": 400}
    }  # fmt: skip
    assert runs["no_change"]["edits"] == 0
    assert data["wiki"]["naive"]["first"]["edits"] == 400
    assert data["wiki"]["ratios"]["no_change"] == {"requests": 1300.0, "edits": None, "wall": 200.0}
    assert data["wiki"]["read_bound"] == 3 + 8 + 5
    assert {t["name"] for t in data["targets"]} >= {"10k cold pipeline", "100k peak memory"}
    assert data["capacity"][1] == {
        "people": 10_000, "capacity": 1000, "match": {"wall": 0.55, "cpu": 0.55},
        "peak_mib": 200.0, "suggestions": 28_000,
    }  # fmt: skip


def test_targets_say_what_was_met_and_what_was_missed(result: BenchResult) -> None:
    met = {target.name: target.met for target in targets(result)}
    assert met == {
        "10k cold pipeline": True,
        "10k warm, one page changed": True,
        "10k warm / cold": True,
        "100k warm, one page changed": False,
        "100k cold pipeline": False,
        "100k peak memory": False,
        "10k matching": True,
        "100k matching": False,
        "largest page at 100k below the wiki's limit": True,
        "capacity 1000 each: matching time": True,
        "capacity 1000 each: matching memory": False,
        "read requests, first run": True,
        "no-change re-run": True,
        "one-page change": True,
        "fewer requests than the naive bot": True,
        "needless edits on re-runs": True,
    }


def test_a_rerun_with_edits_or_many_requests_misses_its_targets(result: BenchResult) -> None:
    busy = BenchResult(
        2026, 200, 2, result.sizes, wiki(cost({"query:prop=info": 4, "edit": 2}, 2, 3.0)), 1.0
    )
    met = {target.name: target.met for target in targets(busy)}
    assert met["no-change re-run"] is False
    assert met["needless edits on re-runs"] is False


def test_targets_without_a_measurement_are_neither_met_nor_missed() -> None:
    empty = BenchResult(1, 200, 2, [], None, 0.0)
    assert {target.met for target in targets(empty)} == {None}
    assert to_json(empty)["wiki"] is None


def test_the_table_shows_each_size_each_run_and_each_target(result: BenchResult) -> None:
    shown = table(result)
    assert "  10,000 cold" in shown and "  10,000 first" in shown
    assert " 100,000 warm" in shown
    assert "no_change      wikisync         1      1      0" in shown
    assert "naive / wikisync requests: first 3.4x, no_change 1300.0x, one_page_edit 61.9x" in shown
    assert "naive / wikisync edits: first 1.0x, no_change -, one_page_edit 0.9x" in shown
    assert "[MISS] 100k peak memory (<= 1024 MiB): 2500.00 MiB (2.44x the limit)" in shown
    assert "[met ] 10k warm / cold (<= 0.2): 0.20 of the cold run (1.00x the limit)" in shown
    assert "[met ] 10k cold pipeline (<= 5 s): 4.00 s (0.80x the limit)" in shown
    assert "[MISS] 100k matching (<= 15 s): 18.00 s (1.20x the limit)" in shown
    assert "  10,000     1000   0.55(0.6)      200      28,000" in shown
    assert (
        "[MISS] capacity 1000 each: matching memory (<= 1.2x capacity 3): 200.00 MiB against "
        "80.00 MiB (10,000 people) (2.08x the limit)"
    ) in shown


def test_ratio_of_nothing_is_none() -> None:
    assert ratio(5, 0) is None
    assert ratio(10, 4) == 2.5


def test_a_page_at_the_wiki_limit_misses_the_size_target(result: BenchResult) -> None:
    big = [dataclasses.replace(size, largest_page_bytes=2048 * 1024) for size in result.sizes]
    met = {t.name: t.met for t in targets(BenchResult(1, 200, 2, big, None, 0.0))}
    assert met["largest page at 100k below the wiki's limit"] is False
    shown = table(BenchResult(1, 200, 2, big, None, 0.0))
    assert "the wiki's limit is 2.10 MB" in shown
