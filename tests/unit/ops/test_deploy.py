"""The deployment examples in deploy/ call commands and schedules that really exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from croniter import croniter

from wikisync.cli import main
from wikisync.cli import run as run_command

DEPLOY = Path(__file__).parents[3] / "deploy"


def wikisync_arguments(line: str) -> list[str]:
    """The arguments after the ``wikisync`` executable on a command line."""
    words = shlex.split(line.split(">>")[0])
    start = next(i for i, word in enumerate(words) if word.endswith("bin/wikisync"))
    return words[start + 1 :]


def assert_cli_accepts(arguments: list[str]) -> None:
    split = arguments.index("run")
    context = main.make_context("wikisync", [*arguments[:split], "run"])
    run_command.make_context("run", arguments[split + 1 :], parent=context)


@pytest.mark.parametrize(
    ("filename", "pattern"),
    [
        ("crontab", r"^(\S+ \S+ \S+ \S+ \S+) (/\S+wikisync .*)$"),
        ("toolforge-jobs.yaml", r'schedule: "([^"]+)"'),
    ],
)
def test_schedules_are_valid_cron_expressions(filename: str, pattern: str) -> None:
    found = re.search(pattern, (DEPLOY / filename).read_text(encoding="utf-8"), re.MULTILINE)
    assert found is not None
    assert croniter.is_valid(found.group(1))


@pytest.mark.parametrize(
    ("filename", "prefix"),
    [
        ("crontab", "*/15"),
        ("wikisync.service", "ExecStart="),
        ("toolforge-jobs.yaml", "  command:"),
    ],
)
def test_every_example_runs_a_command_the_cli_accepts(filename: str, prefix: str) -> None:
    lines = (DEPLOY / filename).read_text(encoding="utf-8").splitlines()
    line = next(line for line in lines if line.startswith(prefix))
    try:
        assert_cli_accepts(wikisync_arguments(line.removeprefix(prefix).removeprefix("=")))
    except click.UsageError as e:
        pytest.fail(f"{filename}: {e}")


def test_the_timer_starts_the_service() -> None:
    timer = (DEPLOY / "wikisync.timer").read_text(encoding="utf-8")
    service = (DEPLOY / "wikisync.service").read_text(encoding="utf-8")
    assert "[Timer]" in timer and "OnUnitActiveSec=" in timer
    assert "[Service]" in service and "Type=oneshot" in service
    assert "SuccessExitStatus=4" in service
