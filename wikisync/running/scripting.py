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

from wikisync import wiki
from wikisync.errors import ConfigError, WikisyncError
from wikisync.running import operations
from wikisync.settings.config import Settings
from wikisync.writing.execute import Mode

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


def exit_code(done: operations.JobsRun) -> int:
    """0 when every job finished as planned; else one ``error:`` line and 1."""
    if not operations.run_failed(done) or done.result is None:
        return 0
    report = done.result.report
    jobs = [f"{job.job} {job.outcome} ({job.reason})" for job in report.jobs if job.reason]
    parts = [part for part in (report.stopped, "; ".join(jobs)) if part]
    click.echo(f"error: {'; '.join(parts)}", err=True)
    return 1


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
        if not options.always:
            answer = _confirmation(prepared)
            if answer is not None:
                return answer
        done = operations.carry_out(prepared)
        click.echo(operations.describe_jobs(done, dry_run=False))
        return exit_code(done)


def _confirmation(prepared: operations.PreparedRun) -> int | None:
    """Show the plan's changes and ask; None to go on and save, else the exit code.

    What is saved afterwards is exactly the plan shown: it is not made again. A plan
    that changes no page needs no question (it still records the run).
    """
    shown = prepared.dry_report()
    if shown is None or not operations.changed_pages(shown):
        return None
    click.echo(operations.describe_run(shown, dry_run=True))
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
    return None
