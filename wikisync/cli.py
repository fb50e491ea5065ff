"""The ``wikisync`` command: a thin click layer over the library; no business logic here.

Exit codes: 0 success, 1 a command failed (the message says why), 2 bad settings or
credentials, 3 the wiki cannot be used (unreachable, login refused, read-only),
4 another run holds the lock.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from wikisync import __version__, devwiki, pagefiles
from wikisync.config import load_settings
from wikisync.errors import WikisyncError

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
@click.pass_context
@reports_errors
def ping(ctx: click.Context) -> None:
    """Log in and show the site, the account, its groups and rights, and the bot flag."""
    from wikisync import wiki

    settings = load_settings(ctx.obj["config"])
    account = wiki.connect(settings.wiki).account()
    click.echo(f"site:     {account.site} ({settings.wiki.api or settings.wiki.family})")
    click.echo(f"user:     {account.user}")
    click.echo(f"groups:   {', '.join(account.groups)}")
    click.echo(f"rights:   {', '.join(account.rights)}")
    click.echo(f"bot flag: {'yes' if account.has_bot_flag else 'NO (edits will not be marked)'}")


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
    """Set up (first time) and start the wiki; print its URLs. A no-op if it runs."""
    info = devwiki.DevWiki(folder).up(install_packages=install, lang=lang)
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
    """Stop the wiki's PHP server (exactly the process 'up' started)."""
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
@click.option("--sample", is_flag=True, help="Load the bundled sample programme.")
@click.option("--summary", default="Loading local files", show_default=True)
@reports_errors
def load(folder: str, paths: tuple[Path, ...], sample: bool, summary: str) -> None:
    """Put local .wiki files onto the wiki as pages, edited by the Admin account.

    A file's path below a given folder, without '.wiki', is its title: folders become
    '/', '_' becomes a space, and %XX escapes are decoded, e.g.
    "Let's Connect/Skills directory/Africa.wiki" or "Template:Skill.wiki".
    """
    chosen = list(paths) + ([sample_folder()] if sample else [])
    if not chosen:
        raise click.UsageError("give files or folders to load, or --sample")
    for title, outcome in devwiki.DevWiki(folder).load(pagefiles.page_files(chosen), summary):
        click.echo(f"{outcome:9} {title}")


@main.command()
@dir_option
@click.option("--install", is_flag=True, help="Install missing Debian packages (needs root).")
@reports_errors
def demo(folder: str, install: bool) -> None:
    """Start the local wiki, load the sample programme, and print the URLs of its pages."""
    wiki = devwiki.DevWiki(folder)
    info = wiki.up(install_packages=install)
    files = pagefiles.page_files([sample_folder()])
    wiki.load(files, "Loading the sample programme")
    _print_devwiki(info)
    click.echo("pages:")
    for title in files:
        click.echo(f"  {info.page_url(title)}")


def sample_folder() -> Path:
    """The bundled sample programme (directory pages, taxonomy, templates)."""
    return Path(str(resources.files("wikisync") / "data" / "sample"))


def _print_devwiki(info: devwiki.DevWikiInfo) -> None:
    click.echo(f"wiki:     {info.server}/index.php")
    click.echo(f"api:      {info.api}")
    click.echo(f"folder:   {info.folder} (pid {info.pid})")
    click.echo(f"settings: {info.folder / 'wikisync.toml'}")
    click.echo(f"accounts: {devwiki.ADMIN} / {devwiki.ADMIN_PASSWORD}, bot {devwiki.BOT}")
