"""Local operator settings: which wiki, which account, where the state lives.

They come from a small TOML file (``wikisync.toml``), found in this order: the ``--config``
option, the ``WIKISYNC_CONFIG`` environment variable, ``./wikisync.toml``, and the settings file
of the local development wiki (``./.devwiki/wikisync.toml``). Relative paths inside the file are
relative to the file itself. A bad value stops the command before anything touches the wiki,
with a message naming the key, the value and what was expected.

Example::

    [wiki]
    api = "https://wiki.example.org/w/api.php"   # or: family = "meta", code = "meta"
    user = "SyncBot"                              # the account, without "@appid"
    password_file = "password"                    # pywikibot format, mode 0600
    put_throttle = 10                             # seconds between edits
    maxlag = 5

    [programme]
    config_page = "User:SyncBot/wikisync.json"    # the only page settings are trusted from

    [state]
    path = "state.sqlite"

    [registrations]
    csv = "signups.csv"                           # private CSV export, mode 0600; optional

    [run]
    kill_switch_seconds = 60                      # seconds of saving between two readings
    account_cache_hours = 24                      # how long account checks are reused
    clock_slack_seconds = 10                      # how far the wiki's clock may lag ours

    [jobs.matches]                                # one table per job, all optional
    every = "6h"                                  # or: cron = "0 */6 * * *" (UTC)
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wikisync.errors import ConfigError
from wikisync.running.schedule import JobSchedule, parse_schedules
from wikisync.settings import validate

CONFIG_ENV = "WIKISYNC_CONFIG"
DEFAULT_FILENAMES = (Path("wikisync.toml"), Path(".devwiki") / "wikisync.toml")


@dataclass(frozen=True, slots=True)
class WikiSettings:
    """How to reach the wiki and log in.

    Either ``api`` (any MediaWiki, by the URL of its ``api.php``) or ``family`` and ``code``
    (a wiki pywikibot knows, such as ``wikipedia``/``en`` or ``meta``/``meta``).
    ``data_dir`` holds what pywikibot keeps between runs (login cookies, throttle file),
    beside the settings file so that two set-ups never share a login.
    """

    user: str
    password_file: Path
    data_dir: Path
    api: str | None = None
    family: str | None = None
    code: str | None = None
    put_throttle: float = 10.0
    maxlag: int = 5
    user_agent_contact: str = ""
    timeout: float = 45.0
    max_retries: int = 5


@dataclass(frozen=True, slots=True)
class RunSettings:
    """How a run paces its checks of the wiki.

    ``kill_switch_seconds``: the kill switch is read before the first edit, then again
    before the first edit at least this many seconds after the last reading (see
    :class:`wikisync.writing.safety.KillSwitch`). ``account_cache_hours``: how long the
    wiki's answers about an account (exists, blocked, last edit) are reused by later runs
    (see :mod:`wikisync.planning.accounts`); 0 asks the wiki on every run.
    ``clock_slack_seconds``: changes the wiki dates up to this long before a moment the bot
    noted still count as after it (the wiki's clock may lag the bot's, a save may be dated
    before it is seen), when a run looks for what changed since the last one.
    """

    kill_switch_seconds: float = 60.0
    account_cache_hours: float = 24.0
    clock_slack_seconds: float = 10.0

    @property
    def clock_slack(self) -> dt.timedelta:
        """:attr:`clock_slack_seconds` as a duration."""
        return dt.timedelta(seconds=self.clock_slack_seconds)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a command needs to know about the operator's set-up."""

    wiki: WikiSettings
    config_page: str
    state_path: Path
    source: Path
    schedules: Mapping[str, JobSchedule]
    #: The private registration export every run reads (``[registrations] csv``), if any.
    registrations_csv: Path | None = None
    run: RunSettings = RunSettings()


def find_settings_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The settings file to use, by the documented search order."""
    if explicit:
        return _existing(Path(explicit), "--config")
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return _existing(Path(from_env), CONFIG_ENV)
    for candidate in DEFAULT_FILENAMES:
        if candidate.is_file():
            return candidate.resolve()
    raise ConfigError(
        "no settings file: pass --config FILE, set WIKISYNC_CONFIG, create ./wikisync.toml, "
        "or start the local development wiki with 'wikisync devwiki up'"
    )


def load_settings(explicit: str | os.PathLike[str] | None = None) -> Settings:
    """Find, read and validate the local settings."""
    path = find_settings_file(explicit)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from e
    return parse_settings(data, path)


def parse_settings(data: Mapping[str, Any], source: Path) -> Settings:
    """Validate the parsed TOML of a settings file at ``source``."""
    validate.reject_unknown(
        data, ("wiki", "programme", "state", "run", "jobs", "registrations"), ""
    )
    base = source.parent
    wiki = _wiki_settings(validate.table(data, "wiki", ""), base)
    programme = validate.table(data, "programme", "")
    validate.reject_unknown(programme, ("config_page",), "programme")
    config_page = validate.non_empty_string(
        programme, "config_page", "programme", f"User:{wiki.user}/wikisync.json"
    )
    state = validate.table(data, "state", "")
    validate.reject_unknown(state, ("path",), "state")
    state_path = base / validate.non_empty_string(state, "path", "state", "state.sqlite")
    return Settings(
        wiki=wiki,
        config_page=config_page,
        state_path=state_path,
        source=source,
        schedules=parse_schedules(validate.table(data, "jobs", "")),
        registrations_csv=_registrations_csv(validate.table(data, "registrations", ""), base),
        run=_run_settings(validate.table(data, "run", "")),
    )


def _run_settings(data: Mapping[str, Any]) -> RunSettings:
    names = ("kill_switch_seconds", "account_cache_hours", "clock_slack_seconds")
    validate.reject_unknown(data, names, "run")
    return RunSettings(
        kill_switch_seconds=validate.number(data, "kill_switch_seconds", "run", 60.0, 0, 3600),
        account_cache_hours=validate.number(data, "account_cache_hours", "run", 24.0, 0, 168),
        clock_slack_seconds=validate.number(data, "clock_slack_seconds", "run", 10.0, 0, 600),
    )


def _registrations_csv(data: Mapping[str, Any], base: Path) -> Path | None:
    """The private export named by ``[registrations] csv``: a readable file only its owner
    can read (refused otherwise, like the password file), or None when not set."""
    validate.reject_unknown(data, ("csv",), "registrations")
    if "csv" not in data:
        return None
    path = base / validate.non_empty_string(data, "csv", "registrations", "")
    try:
        mode = path.stat().st_mode
    except OSError:
        raise validate.bad_value("registrations.csv", str(path), "an existing file") from None
    if not stat.S_ISREG(mode) or not os.access(path, os.R_OK):
        raise validate.bad_value("registrations.csv", str(path), "a readable file")
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"registrations.csv: {path} holds private data but other users can read it "
            f"(mode {stat.S_IMODE(mode):04o}); run 'chmod 600 {path}'"
        )
    return path


_WIKI_KEYS = (
    "api",
    "family",
    "code",
    "user",
    "password_file",
    "put_throttle",
    "maxlag",
    "user_agent_contact",
    "timeout",
    "max_retries",
)


def _wiki_settings(data: Mapping[str, Any], base: Path) -> WikiSettings:
    path = "wiki"
    validate.reject_unknown(data, _WIKI_KEYS, path)
    api = data.get("api")
    family = data.get("family")
    if (api is None) == (family is None):
        raise ConfigError("wiki: set either 'api' (URL of api.php) or 'family' and 'code'")
    if api is not None:
        api = _api_url(validate.non_empty_string(data, "api", path, ""))
    code = None
    if family is not None:
        family = validate.non_empty_string(data, "family", path, "")
        code = validate.non_empty_string(data, "code", path, family)
    user = validate.non_empty_string(data, "user", path, "")
    if "@" in user:
        raise validate.bad_value(
            "wiki.user",
            user,
            "the account name without '@appid' (the BotPassword app id goes in the password file)",
        )
    return WikiSettings(
        user=user,
        password_file=base / validate.non_empty_string(data, "password_file", path, "password"),
        data_dir=base / "pywikibot-data",
        api=api,
        family=family,
        code=code,
        put_throttle=validate.number(data, "put_throttle", path, 10.0, 0, 600),
        maxlag=validate.integer(data, "maxlag", path, 5, minimum=1, maximum=60),
        user_agent_contact=validate.string(data, "user_agent_contact", path, ""),
        timeout=validate.number(data, "timeout", path, 45.0, 1, 600),
        max_retries=validate.integer(data, "max_retries", path, 5, minimum=0, maximum=50),
    )


def _api_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise validate.bad_value("wiki.api", url, "an http(s) URL of the wiki's api.php")
    if not parts.path.endswith("api.php"):
        raise validate.bad_value("wiki.api", url, "a URL ending in api.php")
    return url


def _existing(path: Path, origin: str) -> Path:
    if not path.is_file():
        raise ConfigError(f"{origin}: settings file {str(path)!r} does not exist")
    return path.resolve()
