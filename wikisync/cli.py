"""The ``wikisync`` command: a thin click layer over the library; no business logic here.

Exit codes: 0 success, 1 a command failed (the message says why), 2 bad settings,
credentials or state file, 3 the wiki cannot be used (unreachable, login refused, missing rights,
read-only), 4 another run holds the lock.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from wikisync import __version__
from wikisync.dev import devwiki
from wikisync.dev.bench.command import bench
from wikisync.dev.sample import sample_programme
from wikisync.errors import LockedError, WikiError, WikisyncError
from wikisync.reading import pagefiles
from wikisync.running.progress import (
    LOG_FORMATS,
    LOGGER,
    LogProgress,
    configure_logging,
    progress_for,
)
from wikisync.running.schedule import JOBS
from wikisync.settings.config import load_settings

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn wikisync's own errors into one clear line on stderr and a documented exit code."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WikisyncError as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(e.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wikisync")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="WIKISYNC_CONFIG",
    help="Settings file (TOML). Default: $WIKISYNC_CONFIG, ./wikisync.toml, "
    "then ./.devwiki/wikisync.toml.",
)
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Match learners with people who can share each skill, on a MediaWiki wiki.

    wikisync reads a programme's skills-directory pages, normalises the entries, suggests
    learner-sharer pairs and writes auto-updated tables back to the wiki, editing only
    between its own markers. Start with 'wikisync demo' for a local try-out, or 'wikisync
    devwiki --help' for the throw-away local wiki.
    """
    ctx.obj = {"config": config_path}


@main.command()
@click.option(
    "--messages-read",
    is_flag=True,
    help="Clear the bot's new-message notice once you have read its talk page (runs stop "
    "writing while it is set).",
)
@click.pass_context
@reports_errors
def ping(ctx: click.Context, messages_read: bool) -> None:
    """Log in and show the site, the account, its groups and rights, and the bot flag."""
    from wikisync import wiki

    settings = load_settings(ctx.obj["config"])
    connection = wiki.connect(settings.wiki)
    if messages_read:
        connection.mark_messages_read()
    account = connection.account()
    click.echo(f"site:     {account.site} ({settings.wiki.api or settings.wiki.family})")
    click.echo(f"user:     {account.user}")
    click.echo(f"groups:   {', '.join(account.groups)}")
    click.echo(f"rights:   {', '.join(account.rights)}")
    click.echo(f"bot flag: {'yes' if account.has_bot_flag else 'NO (edits will not be marked)'}")
    if account.new_messages and not messages_read:
        click.echo(f"messages: NEW on User talk:{account.user} (runs do not write until read)")


@main.command()
@click.argument("jobs", nargs=-1, type=click.Choice(JOBS))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Change nothing anywhere; print the diff of every page that `run` with the same "
    "arguments would change (with --force: every job's pages).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Run the named JOBS (default: all) now, reading and matching even if no source "
    "page changed.",
)
@click.option(
    "--preview",
    metavar="PREFIX",
    default="",
    help="Write the pages that would change under PREFIX (in the bot's user space, e.g. "
    "User:SyncBot/Preview) for review, instead of the real pages.",
)
@click.option(
    "--csv",
    "csv_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A private registration export (CSV) to read in this run instead of the one named "
    "in wikisync.toml ([registrations] csv); only its public columns are used.",
)
@click.option("--loop", is_flag=True, help="Keep running the due jobs until stopped (Ctrl-C).")
@click.option(
    "--tick",
    default=60,
    show_default=True,
    type=click.IntRange(min=1),
    help="With --loop: seconds between two looks at the schedule.",
)
@click.option(
    "--log-format",
    type=click.Choice(LOG_FORMATS),
    default="text",
    show_default=True,
    help="Log lines on stderr as text or JSON lines (for log collectors).",
)
@click.option("--verbose", "-v", is_flag=True, help="Log every step, even on a terminal.")
@click.pass_context
@reports_errors
def run(
    ctx: click.Context,
    jobs: tuple[str, ...],
    dry_run: bool,
    force: bool,
    preview: str,
    csv_file: Path | None,
    loop: bool,
    tick: int,
    log_format: str,
    verbose: bool,
) -> None:
    """Run the jobs that are due, or the named JOBS now.

    \b
    Jobs (their pages are saved job by job: resources, matches, check, registrations):
      registrations  list new registrants in the directory (and tidy entries, if enabled)
      matches        match learners with sharers; matches, groups, clinic candidates
      resources      the skill pages, the statistics and shared measurement pages
      check          the problems page
    Schedules are set in wikisync.toml ([jobs.NAME] every = "6h" or cron = "0 */6 * * *").
    A job whose source pages did not change, and none of whose participants was blocked,
    unblocked or renamed, since its last full run today is recorded as unchanged after one
    cheap request; --force reads and matches anyway. A job whose run was killed after its
    last success is due at once.

    Edits go only between the bot's markers, stop when User:<bot>/Run is not 'yes', and
    respect {{nobots}}. A job records its suggestions and sends its notifications only
    when every one of its pages was saved or already up to date; the status page
    (User:<bot>/Status) then says what each job did. Exit codes: 0 done, 1 a job did not
    finish (a page refused, skipped, in conflict or not saved, or the kill switch), 2 bad settings
    or a damaged state file ('wikisync state --help'), 3 wiki unusable (unreachable,
    login, rights, read-only), 4 another run holds the lock.
    """
    from wikisync.running import operations

    if dry_run and preview:
        raise click.UsageError("--dry-run and --preview exclude each other")
    if loop and (dry_run or preview or jobs):
        raise click.UsageError("--loop runs the due jobs for real: no JOBS, --dry-run, --preview")
    configure_logging(log_format, sys.stderr, verbose=verbose)
    progress = progress_for(sys.stderr) if log_format == "text" else LogProgress()

    def once() -> operations.JobsRun:
        return operations.run(
            ctx.obj["config"], jobs, force=force, dry_run=dry_run, preview=preview,
            csv_file=csv_file, progress=progress,
        )  # fmt: skip

    if loop:
        run_forever(once, tick)
    done = once()
    report = operations.describe_jobs(done, dry_run=dry_run)
    click.echo(report)
    if not dry_run and operations.run_failed(done):
        sys.exit(1)


@main.command(name="status")
@click.option("--runs", default=10, show_default=True, type=click.IntRange(min=1))
@click.pass_context
@reports_errors
def status_command(ctx: click.Context, runs: int) -> None:
    """Show the recent runs, what is due next, and the last errors (from the local state)."""
    from wikisync.running import operations

    click.echo(operations.status_report(ctx.obj["config"], runs))


@main.group(name="state")
def state_group() -> None:
    """Check the local state file, or put back its last good copy.

    \b
    After each run that succeeded, wikisync checks the state file and copies it to
    <state>.backup (owner-only, like the state). A run refuses a damaged or emptied
    state with one line and exit code 2, before any edit; 'wikisync state restore'
    then puts the backup back.
    """


@state_group.command(name="check")
@click.pass_context
@reports_errors
def state_check(ctx: click.Context) -> None:
    """Check the state file and its backup; exit 2 when the state file is damaged."""
    from wikisync.running import state

    path = load_settings(ctx.obj["config"]).state_path
    found = state.check_file(path)
    click.echo(f"state:  {found.describe()}")
    click.echo(f"backup: {state.check_file(state.backup_path(path)).describe()}")
    if found.damage is not None:
        raise state.StateError(
            f"state file {found.path} is damaged ({found.damage}): {state.recovery(path)}"
        )


@state_group.command(name="restore")
@click.pass_context
@reports_errors
def state_restore(ctx: click.Context) -> None:
    """Replace the state file with its backup, the state after the last run that succeeded.

    The backup is checked first; the file it replaces is kept as <state>.replaced. The
    next run then goes on from the backup: declined pairs, notifications sent and the
    suggestion history stay as they were then. Refused while a run holds the lock.
    """
    from wikisync.running import state

    click.echo(state.restore_backup(load_settings(ctx.obj["config"]).state_path).describe())


def run_forever(once: Callable[[], Any], tick: int) -> None:
    """Run the due jobs every ``tick`` seconds until interrupted.

    A wiki that is down or a run holding the lock is logged and tried again later (each
    failed job waits its retry_after); bad settings stop the loop with their exit code.
    """
    from wikisync.running import operations

    log = logging.getLogger(LOGGER)
    try:
        while True:
            try:
                done = once()
                if done.ran or done.unchanged:
                    click.echo(operations.describe_jobs(done, dry_run=False))
            except (WikiError, LockedError) as e:
                log.error("%s", e)
            time.sleep(tick)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.exit(0)


@main.command()
@click.option(
    "--file",
    "files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check a local page (wikitext) instead of the wiki; repeat for several pages.",
)
@click.option(
    "--taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --file: the skills taxonomy page as a local file (else skills are not checked).",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="With --file: the programme settings as a local JSON file (the same JSON as the "
    "settings page on the wiki), for pages with other template or parameter names or in "
    "another shape (sources.readers: template options, table, json, tabular, categories; a "
    "file's reader is chosen by its title: its path below this folder).",
)
@click.pass_context
@reports_errors
def check(
    ctx: click.Context,
    files: tuple[Path, ...],
    taxonomy: Path | None,
    settings_file: Path | None,
) -> None:
    """List the problems of the directory: what to fix, where, and how.

    Without --file it reads the configured wiki; with --file it needs no wiki at all, so
    editors can check a page before saving it, and it says how many entries each file
    holds. Exit code 1 when there are errors, or when no file holds any entry.
    """
    from wikisync.running import operations

    if not files:
        if taxonomy or settings_file:
            raise click.UsageError("--taxonomy and --settings go with --file")
        problems = operations.check_wiki(ctx.obj["config"])
        click.echo(operations.describe_problems(problems))
        sys.exit(1 if operations.has_errors(problems) else 0)
    checked = operations.check_files(files, taxonomy, settings_file)
    click.echo(operations.describe_file_check(checked))
    nothing_read = len(checked.empty_files) == len(checked.entries)
    sys.exit(1 if operations.has_errors(checked.problems) or nothing_read else 0)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "tab"]),
    default="json",
    help="json or csv: the public records; tab: the indicators per period as "
    "Commons-style tabular data (a Data:….tab page).",
)
@click.option(
    "--records",
    "records_of",
    type=click.Choice(["people", "organisations", "sessions"]),
    default="people",
    help="What the CSV lists, one row each (JSON holds them all).",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
@click.pass_context
@reports_errors
def export(ctx: click.Context, fmt: str, records_of: str, output: Path | None) -> None:
    """Write the normalised public records, the organisations, the current suggestions
    and the shop-talk sessions (JSON, or one kind of record as CSV), or the shared
    measurement's indicators as tabular data (tab)."""
    from wikisync.running import operations

    text = operations.export(ctx.obj["config"], fmt, records_of)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@main.group(name="devwiki")
def devwiki_group() -> None:
    """A throw-away local MediaWiki (Debian's mediawiki package, SQLite, PHP's server).

    Everything lives in one folder (default ./.devwiki, or $WIKISYNC_DEVWIKI, or --dir).
    It holds a wikisync.toml that other commands use by default, and a pywikibot
    user-config.py for 'PYWIKIBOT_DIR=.devwiki pwb ...'.
    """


dir_option = click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False),
    envvar=devwiki.DIR_ENV,
    default=str(devwiki.DEFAULT_DIR),
    show_default=True,
    help="Folder of the development wiki.",
)


@devwiki_group.command()
@dir_option
@click.option("--install", is_flag=True, help="Install missing Debian packages (needs root).")
@click.option("--lang", default="en", show_default=True, help="Content language of a new wiki.")
@reports_errors
def up(folder: str, install: bool, lang: str) -> None:
    """Set up (first time) and start the wiki; print its URLs. A no-op if it runs.

    What is left of a server this folder started that no longer answers (workers of a
    crashed master) is stopped first, and reported.
    """
    info = devwiki.DevWiki(folder).up(install_packages=install, lang=lang)
    for note in info.notes:
        click.echo(f"note: {note}", err=True)
    _print_devwiki(info)


@devwiki_group.command()
@click.option("--install", is_flag=True, help="Install the missing ones (needs root).")
@reports_errors
def packages(install: bool) -> None:
    """Check the Debian packages the wiki needs; exit 1 if some are missing."""
    missing = devwiki.missing_packages()
    if missing and install:
        devwiki.ensure_packages(install=True)
        missing = devwiki.missing_packages()
    if missing:
        names = " ".join(missing)
        click.echo(f"missing: {names} (install them: apt-get install -y {names})")
        sys.exit(1)
    click.echo(f"installed: {' '.join(devwiki.DEBIAN_PACKAGES)}")


@devwiki_group.command()
@dir_option
@reports_errors
def down(folder: str) -> None:
    """Stop the wiki's PHP server: the master 'up' started and its workers, and wait for them."""
    stopped = devwiki.DevWiki(folder).down()
    click.echo("stopped" if stopped else "not running")


@devwiki_group.command()
@dir_option
@reports_errors
def status(folder: str) -> None:
    """Show whether the wiki runs and answers; exit 1 when it does not."""
    wiki = devwiki.DevWiki(folder)
    info = wiki.running()
    if info is None:
        state = "installed, stopped" if wiki.installed else "not installed"
        click.echo(f"{wiki.folder}: {state}")
        sys.exit(1)
    _print_devwiki(info)


@devwiki_group.command()
@dir_option
@reports_errors
def reset(folder: str) -> None:
    """Put the wiki back as it was right after set-up: no pages, no edits, no sessions."""
    devwiki.DevWiki(folder).reset()
    click.echo("reset to the pristine database")


@devwiki_group.command()
@dir_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--sample",
    is_flag=True,
    help="Load the sample programme (160 participants) and create its accounts.",
)
@click.option("--summary", default="Loading local files", show_default=True)
@reports_errors
def load(folder: str, paths: tuple[Path, ...], sample: bool, summary: str) -> None:
    """Put local .wiki files onto the wiki as pages, edited by the Admin account.

    A file's path below a given folder, without '.wiki', is its title: folders become
    '/', '_' becomes a space, and %XX escapes are decoded, e.g.
    "Let's Connect/Skills directory/Africa.wiki" or "Template:Skill.wiki".
    """
    if not paths and not sample:
        raise click.UsageError("give files or folders to load, or --sample")
    files = pagefiles.page_files(paths)
    pages = {title: path.read_text(encoding="utf-8") for title, path in files.items()}
    wiki = devwiki.DevWiki(folder)
    if sample:
        plan = sample_programme()
        wiki.create_accounts(plan.accounts)
        pages = {**plan.pages, **pages}
    for title, outcome in wiki.load(pages, summary):
        click.echo(f"{outcome:9} {title}")


@main.command()
@dir_option
@click.option("--install", is_flag=True, help="Install missing Debian packages (needs root).")
@reports_errors
def demo(folder: str, install: bool) -> None:
    """Start the local wiki, load the sample programme, run the sync, print the page URLs.

    The sync runs twice: first with its clock set a month back, then now, so that the
    shared measurement page shows two periods.
    """
    from wikisync.running import operations

    wiki = devwiki.DevWiki(folder)
    info = wiki.up(install_packages=install)
    plan = sample_programme()
    wiki.create_accounts(plan.accounts)
    wiki.load(plan.pages, "Loading the sample programme")
    result = operations.sync_with_earlier_period(str(wiki.settings_file))
    click.echo(operations.describe_run(result, dry_run=False))
    _print_devwiki(info)
    click.echo("source pages:")
    for title in plan.pages:
        click.echo(f"  {info.page_url(title)}")
    click.echo("generated pages:")
    for edit in result.edits:
        click.echo(f"  {info.page_url(edit.title)}")


@devwiki_group.command()
@dir_option
@click.argument("names", nargs=-1)
@click.option(
    "--file",
    "names_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of account names, one a line ('#' starts a comment).",
)
@reports_errors
def accounts(folder: str, names: tuple[str, ...], names_file: Path | None) -> None:
    """Create accounts that have made an edit (their user page), for sample participants."""
    wanted = [*names, *(read_names(names_file) if names_file else [])]
    devwiki.DevWiki(folder).create_accounts(wanted)
    click.echo(f"{len(set(wanted))} accounts ready")


@main.command()
@click.option(
    "--people",
    "counts",
    default="1000",
    show_default=True,
    help="Participants of each synthetic programme, comma-separated.",
)
@click.option(
    "--seeds", default="1", show_default=True, help="Seeds of the programmes, comma-separated."
)
@click.option(
    "--skills",
    default=60,
    show_default=True,
    type=click.IntRange(min=1),
    help="Skills in each programme's taxonomy.",
)
def evaluate(counts: str, seeds: str, skills: int) -> None:
    """Compare the matching under both objectives with naive baselines on synthetic programmes.

    \b
    For each size and seed: requests served against the most any assignment can serve,
    learners covered against the most that can get a suggestion, the worst-off learner,
    the Gini of sharer utilisation and churn after small edits.
    """
    from wikisync.dev.evaluate import evaluate as evaluate_programme
    from wikisync.dev.evaluate import format_report

    tables = [
        format_report(evaluate_programme(people, seed, skills))
        for people in _whole_numbers(counts, "--people")
        for seed in _whole_numbers(seeds, "--seeds")
    ]
    click.echo("\n\n".join(tables))


def _whole_numbers(text: str, option: str) -> list[int]:
    """``"1000,10_000"`` as whole numbers; anything else is a usage error naming ``option``."""
    items = [item.strip().replace("_", "") for item in text.split(",") if item.strip()]
    if not items or not all(item.isdigit() for item in items):
        raise click.BadParameter(
            f"expected whole numbers separated by commas, got {text!r}", param_hint=option
        )
    return [int(item) for item in items]


def read_names(path: Path) -> list[str]:
    """Account names from a file, one a line; blank lines and '#' comments are skipped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _print_devwiki(info: devwiki.DevWikiInfo) -> None:
    click.echo(f"wiki:     {info.server}/index.php")
    click.echo(f"api:      {info.api}")
    click.echo(f"folder:   {info.folder} (pid {info.pid})")
    click.echo(f"settings: {info.folder / 'wikisync.toml'}")
    click.echo(f"accounts: {devwiki.ADMIN} / {devwiki.ADMIN_PASSWORD}, bot {devwiki.BOT}")


main.add_command(bench)
