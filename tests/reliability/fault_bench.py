"""The programme every fault test starts from, its snapshots, and the runs nobody disturbed.

One wiki serves the whole folder. The main starting point is taken once: a 60-person
programme, one complete run, people's text around the bot's markers, and then a change in
the directory that makes the next run update most generated pages. A second, smaller
starting point (one more change after that) serves the many process kills. The SQLite
files and the state file of each are copied aside; :meth:`Bench.restore` puts them back in
a few milliseconds. A reference is what a run from a starting point writes when nothing
goes wrong, on the day it runs: a run on a later day adds that day to the statistics
page's series, so the references are taken again when the suite crosses midnight (UTC).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from proxy import Proxy

from wikisync.dev.devwiki import DB_NAME, REFUSED_MARKER, DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import SamplePlan, sample_programme
from wikisync.errors import WikisyncError
from wikisync.render.markers import end_marker, start_marker
from wikisync.running import operations
from wikisync.running.schedule import JOBS
from wikisync.writing.execute import RunResult

PEOPLE = 60
SKILLS = 12
PER_PAGE = 20
STATUS_PAGE = "User:SyncBot/Status"
CHANGED_PAGE = "Let's Connect/Skills directory/Part 2"
SMALL_CHANGE_PAGE = "Let's Connect/Skills directory/Part 3"
#: Text people added around the bot's markers; it must survive every fault.
HUMAN_TEXT: Mapping[str, tuple[str, str]] = {
    "Let's Connect/Matches": ("Read the notes first.\n\n", "\n\n[[Category:Let's Connect]]"),
    "Let's Connect/Groups": ("Groups meet monthly.\n", "\n== Talk ==\nAsk on the talk page."),
    "Let's Connect/Statistics": ("", "\n\nFigures are updated by a bot."),
}
#: An affiliation holding the marker the ``abusefilter`` switch refuses; it shows on the
#: statistics page only.
FILTERED_AFFILIATION = f"Friends of {REFUSED_MARKER}"
DB_FILES = (f"{DB_NAME}.sqlite", f"{DB_NAME}_jobqueue.sqlite")
MAIN = "main"
SMALL = "small"


@dataclass
class Bench:
    """The wiki, settings files through the proxy, the snapshots and the reference pages."""

    wiki: DevWiki
    root: Path
    api: str
    plan: SamplePlan
    generated: tuple[str, ...] = ()
    before: dict[str, str] = field(default_factory=dict)
    reference: dict[str, str] = field(default_factory=dict)
    small_reference: dict[str, str] = field(default_factory=dict)
    proxy: Proxy | None = None
    reference_day: dt.date | None = None

    @property
    def state_path(self) -> Path:
        """The one state file every settings file of the bench shares."""
        return self.root / "state.sqlite"

    def config(self, name: str, *, max_retries: int = 1, timeout: float = 3) -> Path:
        """A settings file reaching the wiki through the proxy, with small retry settings."""
        folder = self.root / name
        folder.mkdir(exist_ok=True)
        path = folder / "wikisync.toml"
        path.write_text(
            f"""[wiki]
api = "{self.api}"
user = "SyncBot"
password_file = "{self.wiki.password_file}"
put_throttle = 0
maxlag = 5
max_retries = {max_retries}
timeout = {timeout}

[programme]
config_page = "User:SyncBot/wikisync.json"

[state]
path = "{self.state_path}"
""",
            encoding="utf-8",
        )
        return path

    @property
    def steady(self) -> Path:
        """Settings for runs that see no fault."""
        return self.config("steady", max_retries=3, timeout=30)

    def take_snapshot(self, name: str) -> None:
        """Copy the wiki's database and the state file aside as ``name``."""
        folder = self.root / "snapshots" / name
        folder.mkdir(parents=True, exist_ok=True)
        for db_file in DB_FILES:
            shutil.copyfile(self.wiki.db / db_file, folder / db_file)
        for path in self.root.glob("state.sqlite*"):
            shutil.copyfile(path, folder / path.name)

    def restore(self, name: str = MAIN) -> None:
        """Put the wiki and the state back at snapshot ``name``; every fault switch off.

        The references are taken again first if they were taken on an earlier day.
        """
        if self.reference_day != utc_today():
            self.take_references()
        self._put_back(name)

    def _put_back(self, name: str) -> None:
        folder = self.root / "snapshots" / name
        self.clear_faults()
        for db_file in DB_FILES:
            shutil.copyfile(folder / db_file, self.wiki.db / db_file)
        with contextlib.closing(sqlite3.connect(self.wiki.db / "wikicache.sqlite")) as cache:
            cache.execute("DELETE FROM objectcache WHERE keyname NOT LIKE '%:MWSession:%'")
            cache.commit()
        for path in self.root.glob("state.sqlite*"):
            path.unlink()
        for path in folder.glob("state.sqlite*"):
            shutil.copyfile(path, self.root / path.name)
        for ctrl in self.root.glob("*/pywikibot-data/throttle.ctrl"):
            ctrl.write_text("", encoding="utf-8")

    def take_references(self) -> None:
        """What a run from each starting point writes today when nothing goes wrong."""
        self._put_back(MAIN)
        operations.sync(str(self.steady))
        self.reference = self.texts()
        self._put_back(SMALL)
        operations.sync(str(self.steady))
        self.small_reference = self.texts()
        self.reference_day = utc_today()
        self._put_back(MAIN)

    def clear_faults(self) -> None:
        """Every fault switch off and every proxy rule gone."""
        for flag in self.wiki.flags.glob("*"):
            flag.unlink()
        if self.proxy is not None:
            self.proxy.clear()

    def texts(self, titles: Iterable[str] | None = None) -> dict[str, str]:
        """Current texts of the generated pages ("" for a missing page)."""
        return page_texts(self.wiki.editor(), titles or self.generated)


def page_texts(editor: Editor, titles: Iterable[str]) -> dict[str, str]:
    """Current texts of pages, 50 titles a request ("" for a missing page)."""
    wanted = list(titles)
    texts: dict[str, str] = {}
    for start in range(0, len(wanted), 50):
        batch = wanted[start : start + 50]
        data = editor._get(
            action="query", prop="revisions", titles="|".join(batch), rvprop="content",
            rvslots="main",
        )["query"]  # fmt: skip
        aliases = {n["to"]: n["from"] for n in data.get("normalized", [])}
        for page in data["pages"]:
            title = aliases.get(page["title"], page["title"])
            revisions = page.get("revisions") or [{}]
            texts[title] = str(revisions[0].get("slots", {}).get("main", {}).get("content", ""))
    return {title: texts.get(title, "") for title in wanted}


def split(text: str) -> tuple[str, str, str] | None:
    """A generated page's text before, between and after the bot's markers (None if broken)."""
    name = text.partition("<!-- wikisync:")[2].partition(":start -->")[0]
    start, end = start_marker(name or "none"), end_marker(name or "none")
    if not name or text.count(start) != 1 or text.count(end) != 1:
        return None
    head, _, rest = text.partition(start)
    body, _, tail = rest.partition(end)
    return head, body, tail


def half_written(bench: Bench, now: Mapping[str, str], old: Mapping[str, str]) -> list[str]:
    """Generated pages whose bot section is neither the old nor the new full text.

    ``old`` is the page texts at the starting point; the new text is the reference's.
    The status page says when it ran, so it only has to be whole.
    """
    bad = []
    for title in bench.generated:
        parts = split(now[title])
        if parts is None:
            bad.append(title)
            continue
        if title == STATUS_PAGE:
            continue
        bodies = {_body(old[title]), _body(bench.reference[title])}
        if parts[1] not in bodies:
            bad.append(title)
    return bad


def _body(text: str) -> str:
    parts = split(text)
    return parts[1] if parts else ""


def lost_human_text(now: Mapping[str, str]) -> list[str]:
    """The pages on which text people wrote around the markers is gone."""
    lost = []
    for title, (head, tail) in HUMAN_TEXT.items():
        parts = split(now[title])
        if parts is None or not (parts[0].startswith(head) and parts[2].startswith(tail)):
            lost.append(title)
    return lost


def diverging(bench: Bench, now: Mapping[str, str], reference: Mapping[str, str]) -> list[str]:
    """Generated pages (the status page aside) that differ from the reference run's."""
    return [t for t in bench.generated if t != STATUS_PAGE and now[t] != reference[t]]


@dataclass(frozen=True)
class Attempt:
    """A run under a fault: its result or the error that stopped it, and how long it took."""

    result: RunResult | None
    error: WikisyncError | None
    seconds: float


def attempt(config: Path) -> Attempt:
    """Run every job once through ``config``; a wikisync error is an outcome, not a crash."""
    started = time.monotonic()
    try:
        result = operations.sync(str(config))
    except WikisyncError as e:
        return Attempt(None, e, time.monotonic() - started)
    return Attempt(result, None, time.monotonic() - started)


def build_bench(wiki: DevWiki, root: Path, proxy: Proxy) -> Bench:
    """Load the programme, run once, let people edit, change the directory, snapshot it all."""
    wiki.reset()
    plan = sample_programme(PEOPLE, SKILLS, seed=3, per_page=PER_PAGE)
    wiki.create_accounts(plan.accounts)
    wiki.load(plan.pages, "test programme")
    bench = Bench(wiki, root, proxy.api, plan, proxy=proxy)
    first = operations.sync(str(bench.steady))
    bench.generated = tuple(sorted(edit.title for edit in first.edits))
    human = wiki.editor()
    for title, (head, tail) in HUMAN_TEXT.items():
        human.edit(title, head + (human.text(title) or "") + tail, "a person's notes")
    changed = (human.text(CHANGED_PAGE) or "").replace(
        "status       = active", "status       = inactive", 6
    )
    changed = changed.replace("affiliation  = ", f"affiliation  = {FILTERED_AFFILIATION} ", 1)
    human.edit(CHANGED_PAGE, changed, "some people are away")
    bench.take_snapshot(MAIN)
    bench.before = bench.texts()
    operations.sync(str(bench.steady))
    small = (human.text(SMALL_CHANGE_PAGE) or "").replace(
        "status       = active", "status       = inactive", 2
    )
    human.edit(SMALL_CHANGE_PAGE, small, "two more people are away")
    bench.take_snapshot(SMALL)
    bench.take_references()
    return bench


def utc_today() -> dt.date:
    """The day a run started now counts as (the bot keeps its days in UTC)."""
    return dt.datetime.now(dt.UTC).date()


def assert_survived(
    bench: Bench,
    report: ReportLike,
    name: str,
    outcome: Attempt,
    *,
    expected: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Check what a fault left, converge with a normal run, and record the fault as survived.

    The faulted run either finished or stopped with one clear line (a wikisync error); every
    generated page is whole (old or new text between the markers) with people's text
    around it; a normal run afterwards writes the same pages as the reference run (or
    ``expected``, when the test's own human edits changed what is right). Returns the
    pages after the faulted run.
    """
    if outcome.error is not None:
        message = str(outcome.error)
        assert message and "\n" not in message, message
    bench.clear_faults()
    after_fault = bench.texts()
    assert half_written(bench, after_fault, bench.before) == []
    lost = lost_human_text(after_fault)
    report.human_edits(len(HUMAN_TEXT), len(lost))
    assert lost == []
    operations.sync(str(bench.steady))
    final = bench.texts()
    assert diverging(bench, final, expected or bench.reference) == []
    report.fault_survived(name)
    return after_fault


class ReportLike(Protocol):
    """What the checks record into (the session's reliability report)."""

    def human_edits(self, checked: int, lost: int) -> None:
        """People's edits looked for, and how many were gone."""
        ...

    def fault_survived(self, name: str) -> None:
        """A fault was survived."""
        ...


def pywikibot_dir(root: Path) -> Path:
    """A pywikibot folder whose user-config.py drops the pause between requests.

    The command-line runs of the tests talk to a local wiki many times over; everything
    else comes from the wikisync settings file.
    """
    folder = root / "pywikibot"
    folder.mkdir(exist_ok=True)
    (folder / "user-config.py").write_text("minthrottle = 0\nput_throttle = 0\n", encoding="utf-8")
    return folder


def run_command(config: Path) -> list[str]:
    """The command line of a full run (every job, now) with ``config``."""
    wikisync = Path(sys.executable).parent / "wikisync"
    return [str(wikisync), "--config", str(config), "run", "--force", *JOBS]


def start_run(bench: Bench, config: Path) -> subprocess.Popen[str]:
    """Start ``wikisync run`` as its own process."""
    env = dict(os.environ, PYWIKIBOT_DIR=str(pywikibot_dir(bench.root)))
    return subprocess.Popen(
        run_command(config), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env, cwd=bench.root,
    )  # fmt: skip


def cli_run(bench: Bench, config: Path) -> subprocess.CompletedProcess[str]:
    """Run ``wikisync run`` to the end and return its exit code and output."""
    process = start_run(bench, config)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
