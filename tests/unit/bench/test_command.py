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
    result = CliRunner().invoke(bench, ["--sizes", "120", "--no-wiki", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "     120 cold" in result.output
    assert "[  - ] no-change re-run" in result.output
    data = json.loads(out.read_text())
    assert data["wiki"] is None
    assert data["pipeline"][0]["people"] == 120
    assert data["pipeline"][0]["warm"]["pages_parsed"] == 1


def test_a_bad_size_is_refused_before_anything_runs() -> None:
    result = CliRunner().invoke(bench, ["--sizes", "100,x", "--no-wiki"])
    assert result.exit_code == 2
    assert "'x' is not a whole number" in result.output
