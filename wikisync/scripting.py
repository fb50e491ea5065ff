"""What the pywikibot scripts in ``scripts/`` share: their options, the confirmation, a run.

The scripts log in through pywikibot's own configuration (``user-config.py``, ``-site:``,
``-user:``, ``-dir:``) and keep pywikibot's conventions: ``-simulate`` saves nothing and
records nothing; without ``-always`` the changes are shown and a person confirms them
before anything is saved (and a run nobody watches stops instead of saving). wikisync's
own settings (state file, programme settings page, schedules) come from ``wikisync.toml``,
found as for the ``wikisync`` command or given with ``-settings:FILE``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass

import click

from wikisync import operations, wiki
from wikisync.config import Settings
from wikisync.errors import ConfigError, WikisyncError
from wikisync.execute import Mode

USAGE = "options: -settings:FILE -force -always, and pywikibot's global options (-simulate ...)"


@dataclass(frozen=True, slots=True)
class ScriptOptions:
    """The script's own options, after pywikibot took its global ones."""

    config: str | None = None
    force: bool = False
    always: bool = False


def parse_options(args: Sequence[str]) -> ScriptOptions:
    """``-settings:FILE``, ``-force`` and ``-always``; anything else is an error."""
    config, force, always = None, False, False
    for arg in args:
        if arg.startswith("-settings:") and len(arg) > len("-settings:"):
            config = arg.removeprefix("-settings:")
        elif arg == "-force":
            force = True
        elif arg == "-always":
            always = True
        else:
            raise ConfigError(f"unknown option {arg!r}; {USAGE}")
    return ScriptOptions(config, force, always)


def run_script(jobs: Sequence[str], args: Sequence[str]) -> int:
    """Run ``jobs`` (none: the due ones) as a pywikibot script; return the exit code."""
    try:
        return _run(jobs, args)
    except WikisyncError as e:
        click.echo(f"error: {e}", err=True)
        return e.exit_code


def _run(jobs: Sequence[str], args: Sequence[str]) -> int:
    connection, remaining = wiki.script_site(args)
    options = parse_options(remaining)

    def same_connection(settings: Settings) -> wiki.Wiki:
        return connection

    mode = Mode.DRY_RUN if connection.simulating else Mode.LIVE
    asked = operations.JobRequest(
        jobs, operations.now(), options.force, mode, connect_to=same_connection
    )
    with operations.prepared_run(options.config, asked) as prepared:
        if mode is Mode.DRY_RUN:
            click.echo(operations.describe_jobs(operations.carry_out(prepared), dry_run=True))
            click.echo("-simulate: nothing was saved or recorded")
            return 0
        if not options.always and not _confirmed(prepared):
            return 1 if not sys.stdin.isatty() else 0
        done = operations.carry_out(prepared)
        click.echo(operations.describe_jobs(done, dry_run=False))
        return int(operations.run_failed(done))


def _confirmed(prepared: operations.PreparedRun) -> bool:
    """Show the plan's changes and ask; nothing to change needs no question.

    What is saved afterwards is exactly the plan shown: it is not made again.
    """
    shown = prepared.dry_report()
    if shown is None or not operations.changed_pages(shown):
        return True
    click.echo(operations.describe_run(shown, dry_run=True))
    if not sys.stdin.isatty():
        click.echo("nothing saved: add -always to save without confirmation", err=True)
        return False
    return click.confirm("Save these changes?", default=False)
