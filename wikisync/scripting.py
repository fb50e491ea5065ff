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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import click

from wikisync import operations, wiki
from wikisync.config import Settings
from wikisync.errors import ConfigError, WikisyncError
from wikisync.pipeline import RunResult

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
    return reporting_errors(lambda: _run(jobs, args))


def reporting_errors(action: Callable[[], int]) -> int:
    """``action``'s exit code; a wikisync error is one ``error:`` line and its exit code.

    The scripts pass the code to ``sys.exit``: pywikibot's ``pwb`` runs a script as
    ``__main__`` and lets its ``SystemExit`` through, but exits 0 when the script returns.
    """
    try:
        return action()
    except WikisyncError as e:
        click.echo(f"error: {e}", err=True)
        return e.exit_code


def exit_code(result: RunResult | None) -> int:
    """0 when every page was written as planned; else one ``error:`` line and 1.

    A plan not applied (nothing to save) fails only by the pages it could never write.
    """
    if result is None:
        return 0
    pages = operations.failed_pages(result) or [
        edit.title for edit in result.edits if edit.blanking or edit.unmarked
    ]
    stopped = result.report.stopped
    if not pages and not stopped:
        return 0
    which = f"not written as planned: {', '.join(pages)} (see above)" if pages else ""
    click.echo(f"error: {'; '.join(part for part in (stopped, which) if part)}", err=True)
    return 1


def _run(jobs: Sequence[str], args: Sequence[str]) -> int:
    connection, remaining = wiki.script_site(args)
    options = parse_options(remaining)

    def same_connection(settings: Settings) -> wiki.Wiki:
        return connection

    def once(dry_run: bool) -> operations.JobsRun:
        done = operations.run(
            options.config, jobs, force=options.force, dry_run=dry_run,
            connect_to=same_connection,
        )  # fmt: skip
        click.echo(operations.describe_jobs(done, dry_run=dry_run))
        return done

    if connection.simulating:
        once(dry_run=True)
        click.echo("-simulate: nothing was saved or recorded")
        return 0
    if options.always:
        return exit_code(once(dry_run=False).result)
    preview = once(dry_run=True)
    if preview.result is None or not operations.changed_pages(preview.result):
        return exit_code(preview.result)
    if not sys.stdin.isatty():
        click.echo("error: nothing saved: no terminal to confirm on; add -always", err=True)
        return 1
    try:
        confirmed = click.confirm("Save these changes?", default=False)
    except click.Abort:
        click.echo("\nerror: nothing saved: the confirmation was interrupted", err=True)
        return 1
    if not confirmed:
        click.echo("nothing saved")
        return 0
    return exit_code(once(dry_run=False).result)
