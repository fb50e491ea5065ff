"""Whole runs on a throw-away local MediaWiki: wikisync and the naive bot, side by side.

A development wiki is started in a temporary folder, the synthetic programme is loaded
onto it (accounts by one maintenance process, pages by plain HTTP; timed, but not part of
the figures), and then, on the same data::

    wikisync first run          naive bot first run
    wikisync re-run (no change) naive bot re-run
    a person edits one directory page
    wikisync run                naive bot run

Every API request the bot's pywikibot session makes is counted by kind
(:data:`wikisync.wiki.REQUESTS`); edits are the revisions the bot account created,
counted from its contributions. The wiki is stopped (by its pid) however the run ends.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wikisync import wiki
from wikisync.dev.bench import synthetic
from wikisync.dev.bench.figures import RunCost, WikiFigures
from wikisync.dev.bench.naive import run_naive
from wikisync.dev.devwiki import MAINTENANCE, DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import PREFIX
from wikisync.errors import DevWikiError
from wikisync.render.settings import PageSettings
from wikisync.running import operations
from wikisync.running.schedule import JOBS
from wikisync.settings.config import load_settings

#: Where the naive bot writes its pages, apart from wikisync's.
NAIVE_PREFIX = f"{PREFIX} (naive bot)"


def measure_wiki(
    people: int, seed: int, skills: int = synthetic.SKILLS, folder: Path | None = None
) -> WikiFigures:
    """Start a wiki, load a programme of ``people``, run both bots three times, stop it.

    The wiki lives in ``folder`` (a temporary folder by default, removed afterwards).
    """
    with _scratch(folder) as place:
        devwiki = DevWiki(place / "wiki")
        devwiki.up()
        try:
            return _measure(devwiki, synthetic.build(people, seed, skills=skills, with_files=True))
        finally:
            devwiki.down()


@contextmanager
def _scratch(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="wikisync-bench-") as made:
        yield Path(made)


def _measure(devwiki: DevWiki, programme: synthetic.SyntheticProgramme) -> WikiFigures:
    accounts_seconds = _timed(lambda: load_participants(devwiki, programme.accounts))
    pages_seconds = _timed(lambda: devwiki.load(programme.pages, "benchmark programme"))
    config = str(devwiki.settings_file)
    settings = load_settings(config)
    # Edits this close before a run's start make the next run read again (clock slack).
    time.sleep(settings.run.clock_slack_seconds + 1)
    connection = wiki.connect(settings.wiki)
    human = devwiki.editor()
    bot = settings.wiki.user
    naive_pages = PageSettings(prefix=NAIVE_PREFIX, status=f"User:{bot}/Naive status")
    programme_settings = synthetic.programme_settings()

    def wikisync_run() -> RunCost:
        return _cost(human, bot, lambda: _wikisync_counts(config))

    def naive_run() -> RunCost:
        today = dt.datetime.now(dt.UTC).date()

        def counts() -> PageCounts:
            done = run_naive(connection.site, programme_settings, naive_pages, today, bot)
            return PageCounts(done.pages_fetched, done.pages_fetched, done.pages_parsed, done.saves)

        return _cost(human, bot, counts)

    ours = {"first": wikisync_run(), "no_change": wikisync_run()}
    theirs = {"first": naive_run(), "no_change": naive_run()}
    edited = synthetic.edited_page(programme.pages, 2)
    human.edit(edited, synthetic.one_entry_changed(human.text(edited) or ""), "a small change")
    ours["one_page_edit"] = wikisync_run()
    theirs["one_page_edit"] = naive_run()
    return WikiFigures(
        people=programme.people,
        source_pages=max(cost.source_pages for cost in ours.values()),
        generated_pages=ours["first"].pages_planned,
        accounts_seconds=accounts_seconds,
        pages_seconds=pages_seconds,
        wikisync=ours,
        naive=theirs,
        edited_page=edited,
    )


@dataclass(frozen=True, slots=True)
class PageCounts:
    """What a run did with pages: source pages it covered, fetched and parsed; generated
    pages it planned."""

    sources: int
    fetched: int
    parsed: int
    planned: int


def _wikisync_counts(config: str) -> PageCounts:
    """One ``wikisync run`` of every job (skipped when no source changed)."""
    done = operations.run(config, JOBS)
    if done.result is None:
        return PageCounts(0, 0, 0, 0)
    read = done.result.inputs.read
    return PageCounts(read.pages, read.fetched, read.parsed, len(done.result.edits))


def _cost(human: Editor, bot: str, work: Callable[[], PageCounts]) -> RunCost:
    """Run ``work`` and count its requests, the bot's edits and the time it took."""
    edits_before = bot_edits(human, bot)
    before = Counter(wiki.REQUESTS.counts)
    started = time.perf_counter()
    pages = work()
    wall = time.perf_counter() - started
    requests = Counter(wiki.REQUESTS.counts)
    requests.subtract(before)
    return RunCost(
        requests=dict(sorted((kind, n) for kind, n in requests.items() if n)),
        source_pages=pages.sources,
        pages_fetched=pages.fetched,
        pages_parsed=pages.parsed,
        pages_planned=pages.planned,
        edits=bot_edits(human, bot) - edits_before,
        wall_seconds=wall,
    )


def bot_edits(editor: Editor, bot: str) -> int:
    """How many revisions ``bot`` has saved on the wiki so far (its contributions)."""
    params: dict[str, Any] = {
        "action": "query",
        "list": "usercontribs",
        "ucuser": bot,
        "ucprop": "ids",
        "uclimit": "max",
        "format": "json",
        "formatversion": "2",
    }
    count = 0
    while True:
        response = editor.session.get(editor.api, params=params, timeout=editor.timeout)
        response.raise_for_status()
        data = response.json()
        count += len(data.get("query", {}).get("usercontribs", []))
        if "continue" not in data:
            return count
        params.update(data["continue"])


def load_participants(devwiki: DevWiki, names: Sequence[str]) -> None:
    """Create an account for each name, each with one edit (matching leaves out accounts
    that never edited), in one maintenance process.

    Accounts are created in one transaction and their edits written as revisions of one
    page directly, without the per-edit work of a normal save: about 300 accounts a
    second, where saving a user page for each takes minutes for 10,000.
    """
    request = devwiki.folder / "participants.json"
    request.write_text(json.dumps({"names": sorted(set(names)), "page": SIGN_IN_PAGE}), "utf-8")
    script = devwiki.folder / "participants.php"
    script.write_text("<?php\n" + _PARTICIPANTS_PHP, encoding="utf-8")
    env = dict(os.environ, MW_CONFIG_FILE=str(devwiki.conf / "LocalSettings.php"))
    done = subprocess.run(
        ["php", str(MAINTENANCE / "eval.php")],
        input=f"require {json.dumps(str(script))};\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=devwiki.folder,
        check=False,
    )
    if done.returncode != 0 or "participants loaded" not in done.stderr:
        output = (done.stdout + done.stderr).strip()[-2000:]
        raise DevWikiError(f"loading the participants' accounts failed:\n{output}")


#: The page every participant's one edit goes to.
SIGN_IN_PAGE = "Benchmark sign-in sheet"
_PARTICIPANTS_PHP = r"""
use MediaWiki\MediaWikiServices;
use MediaWiki\Revision\MutableRevisionRecord;
use MediaWiki\Revision\SlotRecord;
$services = MediaWikiServices::getInstance();
$dbw = $services->getDBLoadBalancer()->getConnection( DB_PRIMARY );
$request = json_decode( file_get_contents( __DIR__ . '/participants.json' ) );
$dbw->startAtomic( 'participants' );
foreach ( $request->names as $name ) {
    $user = User::newFromName( $name );
    if ( !$user || ( $user->getId() === 0 && !User::createNew( $name ) ) ) {
        fwrite( STDERR, "cannot create account $name\n" );
        exit( 1 );
    }
}
$dbw->endAtomic( 'participants' );
$title = Title::newFromText( $request->page );
$page = $services->getWikiPageFactory()->newFromTitle( $title );
$updater = $page->newPageUpdater( User::newFromName( $request->names[0] ) );
$updater->setContent( SlotRecord::MAIN, new WikitextContent( 'Participants sign in here.' ) );
$updater->saveRevision( CommentStoreComment::newUnsavedComment( 'Hello' ) );
$page->clear();
$store = $services->getRevisionStore();
$latest = null;
$dbw->startAtomic( 'participants' );
foreach ( $request->names as $name ) {
    $revision = new MutableRevisionRecord( $title );
    $revision->setContent( SlotRecord::MAIN, new WikitextContent( "$name takes part." ) );
    $revision->setComment( CommentStoreComment::newUnsavedComment( 'Hello' ) );
    $revision->setUser( User::newFromName( $name ) );
    $revision->setTimestamp( wfTimestampNow() );
    $revision->setPageId( $page->getId() );
    $revision->setParentId( $latest ? $latest->getId() : $page->getLatest() );
    $revision->setMinorEdit( false );
    $latest = $store->insertRevisionOn( $revision, $dbw );
}
$page->updateRevisionOn( $dbw, $latest );
$dbw->endAtomic( 'participants' );
fwrite( STDERR, "participants loaded\n" );
"""


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started
