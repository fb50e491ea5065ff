"""The bench command's options, and a whole run without a wiki."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from wikisync.dev.bench.command import bench, parse_sizes


def test_sizes_are_read_as_whole_numbers() -> None:
    assert parse_sizes("1000, 10_000,100000") == (1000, 10_000, 100_000)
    assert parse_sizes("") == ()
    for bad in ("ten", "5", "1e4"):
        with pytest.raises(click.BadParameter):
            parse_sizes(bad)


def test_a_run_without_a_wiki_prints_the_table_and_writes_the_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    args = ["--sizes", "120", "--capacity-people", "120", "--no-wiki", "--json", str(out)]
    result = CliRunner().invoke(bench, args)
    assert result.exit_code == 0, result.output
    assert "     120 cold" in result.output
    assert "[  - ] no-change re-run" in result.output
    data = json.loads(out.read_text())
    assert data["wiki"] is None
    assert data["pipeline"][0]["people"] == 120
    assert data["pipeline"][0]["warm"]["pages_parsed"] == 1
    assert [(c["people"], c["capacity"]) for c in data["capacity"]] == [(120, 3), (120, 1000)]
    assert "capacity 1000 each: matching time (<= 1.2x capacity 3)" in result.output


def test_a_bad_size_is_refused_before_anything_runs() -> None:
    result = CliRunner().invoke(bench, ["--sizes", "100,x", "--no-wiki", "--capacity-people", "0"])
    assert result.exit_code == 2
    assert "'x' is not a whole number" in result.output
