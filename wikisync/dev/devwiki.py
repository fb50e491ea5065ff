"""A throw-away local MediaWiki for the demo, the tests and the benchmark.

It uses Debian's ``mediawiki`` package (1.39) with SQLite, served by PHP's built-in server on
a free loopback port. Everything lives in one folder (default ``./.devwiki``)::

    conf/LocalSettings.php   written by MediaWiki's installer
    conf/wikisync.php        regenerated on every start: port, bot passwords, fault switches
    db/                      the SQLite files;  pristine/  a copy taken right after set-up
    flags/                   fault switches: an empty file named readonly, maxlag ... turns one on
    password                 pywikibot password file (mode 0600) for the bot and the admin
    user-config.py           pywikibot configuration for ``pwb`` and ``python scripts/...``
    wikisync.toml            wikisync settings: ``wikisync --config .devwiki/wikisync.toml``
    server.pid, server.log   the PHP server started by ``up``: the pid of its master, which
                             leads the process group of its workers; ``down`` stops that group

Accounts: ``Admin`` (administrator, stands in for a human editor) and ``SyncBot`` (in the
``bot`` group), each with a BotPassword.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from wikisync.dev.editor import Editor
from wikisync.errors import DevWikiError, MissingPackagesError
from wikisync.settings import credentials

MEDIAWIKI = Path("/usr/share/mediawiki")
MAINTENANCE = MEDIAWIKI / "maintenance"
DEBIAN_PACKAGES = ("mediawiki", "php-cli", "php-sqlite3", "php-mbstring", "php-xml", "php-intl")
DEFAULT_DIR = Path(".devwiki")
DIR_ENV = "WIKISYNC_DEVWIKI"
ADMIN = "Admin"
ADMIN_PASSWORD = "Admin-pass-12345"
BOT = "SyncBot"
BOT_PASSWORD = "Bot-pass-12345"
BOT_APP = "sync"
ADMIN_APP = "load"
BOT_GRANTS = "basic,highvolume,editpage,createeditmovepage"
#: What a participant's editor may do: read and edit pages.
PARTICIPANT_GRANTS = "basic,editpage,createeditmovepage"
ADMIN_GRANTS = (
    "basic,highvolume,editpage,createeditmovepage,editprotected,editsiteconfig,delete,protect"
)
DB_NAME = "wiki"
EXTENSIONS = ("AbuseFilter", "InputBox", "ParserFunctions")
SCRIPTS_LINK = "wikisync_scripts"
#: The local wiki shares the bot's clock and saves before it answers, so the slack its
#: settings allow for a lagging clock is small (``[run] clock_slack_seconds``).
DEV_CLOCK_SLACK = 2
START_TIMEOUT = 15.0
#: Seconds ``down`` waits for the server's processes after SIGTERM, and again after SIGKILL.
STOP_TIMEOUT = 5.0
#: Edits whose new text holds this string are refused while the ``abusefilter`` switch is on.
REFUSED_MARKER = "wikisync-refused-marker"
#: The replication lag every API request reports while the ``maxlag`` switch is on (seconds).
FAKE_LAG = 7
#: Fault switches: a file of this name in flags/ turns on the PHP lines beside it.
#:
#: ``readonly``: the wiki refuses every write. ``maxlag``: every request reports a database
#: lag of ``FAKE_LAG`` seconds, so writes sent with ``maxlag`` are refused. ``ratelimit``:
#: the bot loses ``noratelimit`` and may save 3 edits a minute. ``ratelimit-burst``: the
#: same, 2 edits a second, which a client that waits and retries gets through.
#: ``abusefilter``: an edit filter (the ``EditFilterMergedContent`` hook, answering as
#: AbuseFilter's ``disallow`` action does) refuses any edit whose text holds
#: ``REFUSED_MARKER``.
FAULT_SWITCHES = {
    "readonly": "$wgReadOnly = 'wikisync test: the wiki is read-only';",
    "maxlag": (
        "$wgHooks['ApiMaxLagInfo'][] = static function ( array &$lagInfo ) {"
        f" $lagInfo = [ 'host' => 'db-fault', 'lag' => {FAKE_LAG}, 'type' => 'db' ]; }};"
    ),
    "ratelimit": (
        "$wgMainCacheType = CACHE_DB; $wgGroupPermissions['bot']['noratelimit'] = false;"
        " $wgRateLimits['edit']['user'] = [ 3, 60 ];"
    ),
    "ratelimit-burst": (
        "$wgMainCacheType = CACHE_DB; $wgGroupPermissions['bot']['noratelimit'] = false;"
        " $wgRateLimits['edit']['user'] = [ 2, 1 ];"
    ),
    "abusefilter": (
        "$wgHooks['EditFilterMergedContent'][] = static function ("
        " $context, $content, $status, $summary, $user, $minorEdit ) {"
        " if ( $content instanceof TextContent"
        f" && str_contains( $content->getText(), '{REFUSED_MARKER}' ) ) {{"
        " $status->fatal( 'abusefilter-disallowed', 'wikisync test filter', 1 );"
        " $status->value = EditPage::AS_HOOK_ERROR_EXPECTED; return false; }"
        " return true; };"
    ),
}


@dataclass(frozen=True, slots=True)
class DevWikiInfo:
    """Where a running development wiki answers."""

    folder: Path
    port: int
    pid: int
    #: What ``up`` found and did before starting: a stale server stopped, a port held.
    notes: tuple[str, ...] = ()

    @property
    def server(self) -> str:
        """The wiki's base URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        """The URL of api.php."""
        return f"{self.server}/api.php"

    def page_url(self, title: str) -> str:
        """The URL at which a page is read."""
        path = urllib.parse.quote(title.replace(" ", "_"), safe="/:")
        return f"{self.server}/index.php?title={path}"


class DevWiki:
    """One development wiki in one folder."""

    def __init__(self, folder: Path | str | None = None, *, repo_scripts: Path | None = None):
        chosen = folder or os.environ.get(DIR_ENV) or DEFAULT_DIR
        self.folder = Path(chosen).resolve()
        self.repo_scripts = repo_scripts or Path(__file__).resolve().parents[2] / "scripts"

    # -- paths -----------------------------------------------------------------------------

    @property
    def conf(self) -> Path:
        """The folder of LocalSettings.php."""
        return self.folder / "conf"

    @property
    def local_settings(self) -> Path:
        """MediaWiki's settings file; the server's MW_CONFIG_FILE, which tells it is ours."""
        return self.conf / "LocalSettings.php"

    @property
    def db(self) -> Path:
        """The folder of the live SQLite files."""
        return self.folder / "db"

    @property
    def pristine(self) -> Path:
        """The SQLite files as they were right after set-up."""
        return self.folder / "pristine"

    @property
    def flags(self) -> Path:
        """The fault-switch folder."""
        return self.folder / "flags"

    @property
    def settings_file(self) -> Path:
        """The wikisync settings for this wiki."""
        return self.folder / "wikisync.toml"

    @property
    def password_file(self) -> Path:
        """The pywikibot password file (bot and admin)."""
        return self.folder / "password"

    @property
    def pid_file(self) -> Path:
        """Where the server's pid is recorded."""
        return self.folder / "server.pid"

    @property
    def port_file(self) -> Path:
        """Where the server's port is recorded."""
        return self.folder / "server.port"

    @property
    def log_file(self) -> Path:
        """The PHP server's output."""
        return self.folder / "server.log"

    @property
    def installed(self) -> bool:
        """Whether MediaWiki has been installed into this folder."""
        return (self.pristine / f"{DB_NAME}.sqlite").is_file()

    # -- life cycle ------------------------------------------------------------------------

    def up(self, *, install_packages: bool = False, lang: str = "en") -> DevWikiInfo:
        """Install (first time) and start the wiki; a no-op when it is already running."""
        running = self.running()
        if running is not None:
            return running
        ensure_packages(install=install_packages)
        self.folder.mkdir(parents=True, exist_ok=True)
        notes = self._clear_stale_server()
        port = free_port()
        if not self.installed:
            self._install(port, lang)
        self._write_runtime_settings(port)
        return dataclasses.replace(self._start(port), notes=notes)

    def down(self) -> bool:
        """Stop the server this folder started, workers included; True if any of it ran.

        ``up`` starts PHP's server in a session of its own, so the recorded pid leads a
        process group holding the master and its workers: the whole group is stopped and
        waited for, even when the master is gone and only workers are left. Only a group
        whose every process is this folder's PHP server is signalled (pids get reused).
        """
        pgid = self._recorded_pid()
        stopped = pgid is not None and self._stop_group(pgid)
        self.pid_file.unlink(missing_ok=True)
        return stopped

    def running(self) -> DevWikiInfo | None:
        """The running wiki of this folder, or None."""
        pid = self._recorded_pid()
        if (
            pid is None
            or not _is_our_server(pid, self.local_settings)
            or not self.port_file.is_file()
        ):
            return None
        port = int(self.port_file.read_text().strip())
        info = DevWikiInfo(self.folder, port, pid)
        return info if api_answers(info.api) else None

    def reset(self) -> None:
        """Put pages, revisions and accounts back as they were right after set-up.

        Login sessions survive (the accounts and their ids are the same), so a connected
        client stays logged in; every other cached object is dropped, and so is wikisync's
        state file of this wiki (its parse cache is keyed by revision ids, which restart).
        """
        if not self.installed:
            raise DevWikiError(f"no development wiki in {self.folder}; run 'wikisync devwiki up'")
        for name in (f"{DB_NAME}.sqlite", f"{DB_NAME}_jobqueue.sqlite"):
            shutil.copyfile(self.pristine / name, self.db / name)
        with contextlib.closing(sqlite3.connect(self.db / "wikicache.sqlite")) as cache:
            cache.execute("DELETE FROM objectcache WHERE keyname NOT LIKE '%:MWSession:%'")
            cache.commit()
        for flag in self.flags.glob("*"):
            flag.unlink()
        for state in self.folder.glob("state.sqlite*"):
            state.unlink()

    def editor(self, user: str = ADMIN) -> Editor:
        """A plain-HTTP editor logged in as ``user`` (the Admin stands in for a person)."""
        info = self.running()
        if info is None:
            raise DevWikiError(f"the wiki in {self.folder} is not running; 'wikisync devwiki up'")
        app, secret = credentials.botpassword_for(self.password_file.read_text("utf-8"), user)
        return Editor(info.api, user, app, secret)

    def participant(self, user: str) -> Editor:
        """A plain-HTTP editor logged in as the existing account ``user``, as a participant
        editing for themselves: a new BotPassword with the rights to edit pages."""
        info = self.running()
        if info is None:
            raise DevWikiError(f"the wiki in {self.folder} is not running; 'wikisync devwiki up'")
        app, secret = f"person{secrets.token_hex(4)}", _new_secret()
        self._bot_password(user, app, PARTICIPANT_GRANTS, secret)
        return Editor(info.api, user, app, secret)

    def load(self, pages: Mapping[str, str], summary: str) -> list[tuple[str, str]]:
        """Save pages (title -> text) as the Admin, as a person would; (title, outcome) pairs."""
        editor = self.editor()
        outcomes = []
        for title, text in pages.items():
            result = editor.edit(title, text, summary)
            if "nochange" in result:
                outcomes.append((title, "unchanged"))
            else:
                outcomes.append((title, "created" if result.get("new") else "edited"))
        return outcomes

    def create_accounts(self, names: Iterable[str], summary: str = "Hello") -> None:
        """Create accounts that have edited: each saves its own user page once.

        Matching leaves out accounts that never edited, so sample participants need an
        edit. Runs as one PHP process with MediaWiki loaded (``eval.php`` includes a script
        written beside the wiki), about a second for a few hundred accounts.
        """
        wanted = sorted(set(names))
        if not wanted:
            return
        request = {"names": wanted, "summary": summary}
        (self.folder / "accounts.json").write_text(json.dumps(request), encoding="utf-8")
        script = self.folder / "accounts.php"
        script.write_text("<?php\n" + _ACCOUNTS_PHP, encoding="utf-8")
        self._php(MAINTENANCE / "eval.php", stdin=f"require {_php_string(str(script))}\n")

    def block(self, names: Iterable[str], *, unblock: bool = False) -> None:
        """Block accounts for good (or lift their blocks) as the Admin, as an administrator
        would: the wiki logs each one and lists it in its recent changes.

        Without an autoblock: every account of this wiki edits from the same address.
        """
        wanted = sorted(set(names))
        action = ("--unblock",) if unblock else ("--reason", "test block", "--disable-autoblock")
        output = self._php(
            MAINTENANCE / "blockUsers.php", "--performer", ADMIN, *action,
            stdin="".join(f"{name}\n" for name in wanted),
        )  # fmt: skip
        failed = [line for line in output.splitlines() if "' failed (" in line]
        if failed:
            raise DevWikiError(f"blockUsers.php: {failed[0]}")

    def set_fault(self, name: str, on: bool = True) -> None:
        """Turn a fault switch on or off (takes effect on the next request)."""
        if name not in FAULT_SWITCHES:
            raise DevWikiError(f"unknown fault switch {name!r}; known: {', '.join(FAULT_SWITCHES)}")
        flag = self.flags / name
        if on:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    # -- set-up ----------------------------------------------------------------------------

    def _install(self, port: int, lang: str) -> None:
        for sub in ("conf", "db", "pristine", "flags"):
            shutil.rmtree(self.folder / sub, ignore_errors=True)
            (self.folder / sub).mkdir(parents=True)
        self._php(
            MAINTENANCE / "install.php",
            "--confpath", str(self.conf), "--dbtype", "sqlite", "--dbpath", str(self.db),
            "--dbname", DB_NAME, "--server", f"http://127.0.0.1:{port}", "--scriptpath", "",
            "--lang", lang, "--pass", ADMIN_PASSWORD, "--extensions", ",".join(EXTENSIONS),
            "Wikisync Dev Wiki", ADMIN,
        )  # fmt: skip
        with (self.conf / "LocalSettings.php").open("a", encoding="utf-8") as settings:
            settings.write("\nrequire __DIR__ . '/wikisync.php';\n")
        self._write_runtime_settings(port)
        self._php(MAINTENANCE / "createAndPromote.php", "--bot", BOT, BOT_PASSWORD)
        bot_secret = _new_secret()
        admin_secret = _new_secret()
        self._bot_password(BOT, BOT_APP, BOT_GRANTS, bot_secret)
        self._bot_password(ADMIN, ADMIN_APP, ADMIN_GRANTS, admin_secret)
        self._write_password_file(bot_secret, admin_secret)
        for source in self.db.glob("*.sqlite"):
            shutil.copyfile(source, self.pristine / source.name)

    def _bot_password(self, user: str, app: str, grants: str, secret: str) -> None:
        self._php(
            MAINTENANCE / "createBotPassword.php", "--appid", app, "--grants", grants, user, secret
        )

    def _write_password_file(self, bot_secret: str, admin_secret: str) -> None:
        text = credentials.botpassword_line(BOT, BOT_APP, bot_secret)
        text += credentials.botpassword_line(ADMIN, ADMIN_APP, admin_secret)
        self.password_file.touch(mode=0o600)
        self.password_file.chmod(0o600)
        self.password_file.write_text(text, encoding="utf-8")

    def _write_runtime_settings(self, port: int) -> None:
        switches = "\n".join(
            f"if ( file_exists( __DIR__ . '/../flags/{name}' ) ) {{ {php} }}"
            for name, php in FAULT_SWITCHES.items()
        )
        (self.conf / "wikisync.php").write_text(
            f"""<?php
# Written by 'wikisync devwiki up' on every start; edit LocalSettings.php instead.
$wgServer = 'http://127.0.0.1:{port}';
$wgEnableBotPasswords = true;
$wgShowExceptionDetails = true;
$wgLogos = [ '1x' => "$wgResourceBasePath/resources/assets/mediawiki.png" ];
$wgGroupPermissions['bot']['apihighlimits'] = true;
$wgGroupPermissions['bot']['noratelimit'] = true;
$wgGroupPermissions['sysop']['editinterface'] = true;
{switches}
""",
            encoding="utf-8",
        )

    def _write_client_settings(self, port: int) -> None:
        """pywikibot's user-config.py and wikisync.toml, pointing at ``port``."""
        api = f"http://127.0.0.1:{port}/api.php"
        (self.folder / "user-config.py").write_text(
            f"""# pywikibot configuration for the local development wiki (rewritten on every start).
# Use it with: PYWIKIBOT_DIR={self.folder} pwb wikisync_ping
family = 'devwiki'
mylang = 'devwiki'
family_files['devwiki'] = {api!r}
usernames['devwiki']['*'] = {BOT!r}
password_file = 'password'
put_throttle = 0
write_maxlag = 5
max_retries = 3
user_script_paths = [{SCRIPTS_LINK!r}]
""",
            encoding="utf-8",
        )
        link = self.folder / SCRIPTS_LINK
        link.unlink(missing_ok=True)
        link.symlink_to(self.repo_scripts, target_is_directory=True)
        self.settings_file.write_text(
            f"""# wikisync settings for the local development wiki (rewritten on every start).
[wiki]
api = "{api}"
user = "{BOT}"
password_file = "password"
put_throttle = 0
maxlag = 5
max_retries = 3

[programme]
config_page = "User:{BOT}/wikisync.json"

[state]
path = "state.sqlite"

[run]
clock_slack_seconds = {DEV_CLOCK_SLACK}
""",
            encoding="utf-8",
        )

    # -- the server ------------------------------------------------------------------------

    def _start(self, port: int) -> DevWikiInfo:
        self._write_client_settings(port)
        env = dict(os.environ, MW_CONFIG_FILE=str(self.conf / "LocalSettings.php"))
        env["PHP_CLI_SERVER_WORKERS"] = "4"
        # The built-in server runs under PHP's command-line settings, where the opcode cache
        # is off: turned on, MediaWiki's files are compiled once, not on every request.
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [
                    "php",
                    "-d",
                    "opcache.enable_cli=1",
                    "-S",
                    f"127.0.0.1:{port}",
                    "-t",
                    str(MEDIAWIKI),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=self.folder,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{process.pid}\n")
        self.port_file.write_text(f"{port}\n")
        info = DevWikiInfo(self.folder, port, process.pid)
        deadline = time.monotonic() + START_TIMEOUT
        while not api_answers(info.api):
            if process.poll() is not None or time.monotonic() > deadline:
                self.down()
                tail = self.log_file.read_text(errors="replace")[-2000:]
                raise DevWikiError(f"the PHP server did not start on port {port}:\n{tail}")
            time.sleep(0.05)
        return info

    def _recorded_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _recorded_port(self) -> int | None:
        try:
            return int(self.port_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def _stop_group(self, pgid: int) -> bool:
        """Stop process group ``pgid`` if it is this folder's server; True if it was."""
        members = _group_members(pgid)
        ours = [pid for pid in members if _is_our_server(pid, self.local_settings)]
        if not ours:
            return False
        if len(ours) < len(members):
            others = " ".join(str(pid) for pid in members if pid not in ours)
            raise DevWikiError(
                f"process group {pgid} of the wiki in {self.folder} also holds processes "
                f"that are not its PHP server (pids {others}): stop them yourself"
            )
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, sig)
            if _wait_until_gone(pgid, STOP_TIMEOUT):
                return True
        raise DevWikiError(f"the PHP server of {self.folder} (process group {pgid}) did not stop")

    def _clear_stale_server(self) -> tuple[str, ...]:
        """Stop what is left of a server this folder started; say what was found.

        A master that crashed leaves its workers serving the old port; a server that no
        longer answers is stopped too. A recorded port that something else holds is only
        reported: the wiki starts on a free port anyway.
        """
        notes = []
        pgid = self._recorded_pid()
        if pgid is not None:
            left = len(_group_members(pgid))
            if self._stop_group(pgid):
                notes.append(
                    f"stopped a stale server of this wiki: process group {pgid}, "
                    f"{left} process(es) left by an earlier 'up'"
                )
            self.pid_file.unlink(missing_ok=True)
        port = self._recorded_port()
        if port is not None and port_in_use(port):
            notes.append(
                f"port {port}, recorded for this wiki, is held by a process it did not "
                "start; the wiki now uses another port"
            )
        return tuple(notes)

    def _php(self, script: Path, *args: str, stdin: str = "") -> str:
        env = dict(os.environ, MW_CONFIG_FILE=str(self.conf / "LocalSettings.php"))
        result = subprocess.run(
            ["php", str(script), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=self.folder,
            check=False,
            input=stdin,
        )
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()[-2000:]
            raise DevWikiError(f"{script.name} failed (exit {result.returncode}):\n{output}")
        return result.stdout


_ACCOUNTS_PHP = r"""
$services = MediaWiki\MediaWikiServices::getInstance();
$request = json_decode( file_get_contents( __DIR__ . '/accounts.json' ) );
$summary = $request->summary;
foreach ( $request->names as $name ) {
    $user = User::newFromName( $name );
    if ( !$user || ( $user->getId() === 0 && !User::createNew( $name ) ) ) {
        fwrite( STDERR, "cannot create account $name\n" );
        exit( 1 );
    }
    $user = User::newFromName( $name );
    $page = $services->getWikiPageFactory()->newFromTitle( Title::makeTitle( NS_USER, $name ) );
    if ( $page->exists() ) {
        continue;
    }
    $updater = $page->newPageUpdater( $user );
    $updater->setContent( 'main', new WikitextContent( "I take part in Let's Connect." ) );
    $updater->saveRevision( CommentStoreComment::newUnsavedComment( $summary ) );
}
"""


def missing_packages() -> list[str]:
    """The Debian packages the development wiki needs that are not installed."""
    if shutil.which("dpkg-query") is None:
        raise DevWikiError("the development wiki needs a Debian system (dpkg-query not found)")
    missing = []
    for package in DEBIAN_PACKAGES:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def ensure_packages(*, install: bool) -> None:
    """Check the Debian packages; install the missing ones when asked and running as root."""
    missing = missing_packages()
    if not missing:
        return
    if not install:
        raise MissingPackagesError(missing)
    if os.geteuid() != 0:
        raise DevWikiError(
            f"installing {' '.join(missing)} needs root; run as root or "
            f"'sudo apt-get install -y {' '.join(missing)}'"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
    ):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            raise DevWikiError(f"'{' '.join(command)}' failed; see its output above")


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    """Whether something accepts connections on loopback ``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def api_answers(api: str, timeout: float = 2.0) -> bool:
    """Whether a MediaWiki API answers a siteinfo query at ``api``."""
    url = f"{api}?action=query&meta=siteinfo&format=json"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return "query" in json.loads(response.read())
    except (OSError, ValueError):
        return False


def _php_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _new_secret() -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvw"
    return "".join(secrets.choice(alphabet) for _ in range(32))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _is_our_server(pid: int, settings: Path) -> bool:
    """Whether ``pid`` is alive and still a PHP built-in server of the wiki ``settings`` set up.

    Pids get reused: the command line and the environment ``up`` gave the server (its
    ``MW_CONFIG_FILE``, which its workers inherit) tell that it is that server or one of
    its workers. The working folder would not: PHP moves into the document root while it
    serves a request.
    """
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    php = Path(command[0].decode(errors="replace")).name.startswith("php") and b"-S" in command
    configured = f"MW_CONFIG_FILE={settings}".encode() in environment
    return php and configured and _alive(pid)


def _group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields and fields[2] == str(pgid) and fields[0] != "Z":
            members.append(int(entry.name))
    return sorted(members)


def _wait_until_gone(pgid: int, timeout: float) -> bool:
    """Wait until process group ``pgid`` has no live process; False if ``timeout`` ran out."""
    deadline = time.monotonic() + timeout
    while True:
        _reap(pgid)
        if not _group_members(pgid):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name: state, ppid, pgrp, session …"""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    return status.rsplit(")", 1)[-1].split()


def _is_zombie(pid: int) -> bool:
    fields = _stat_fields(pid)
    return bool(fields) and fields[0] == "Z"


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
