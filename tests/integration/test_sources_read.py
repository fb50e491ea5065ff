"""Reading source pages: revisions first, content only for pages the cache does not hold."""

from __future__ import annotations

from pathlib import Path

from wikisync import wiki
from wikisync.dev.editor import Editor
from wikisync.model import Problem, Severity
from wikisync.reading.parsed import ParsedPage
from wikisync.reading.sources import read_parsed
from wikisync.running.state import State
from wikisync.wiki import PageText

TITLES = [f"Source test/Page {n}" for n in range(12)]


def count_lines(page: PageText) -> ParsedPage:
    problem = Problem("lines", Severity.INFO, f"{len(page.text.splitlines())} lines")
    return ParsedPage(page.title, page.revision, problems=(problem,))


def test_unchanged_pages_are_neither_fetched_nor_parsed(
    bot: wiki.Wiki, human: Editor, tmp_path: Path
) -> None:
    for title in TITLES:
        human.edit(title, f"{title}\nsecond line")
    with State.open(tmp_path / "state.sqlite") as state:
        before = wiki.REQUESTS.total
        cold, stats = read_parsed(bot, state, [*TITLES, "Source test/Missing"], "k1", count_lines)
        assert (stats.pages, stats.fetched, stats.parsed) == (13, 13, 12)
        assert wiki.REQUESTS.total - before == 1, "pages never parsed are read without a check"
        assert not cold["Source test/Missing"].exists
        assert cold[TITLES[0]].problems[0].message == "2 lines"

        before = wiki.REQUESTS.total
        warm, stats = read_parsed(bot, state, [*TITLES, "Source test/Missing"], "k1", count_lines)
        assert (stats.fetched, stats.parsed) == (0, 0)
        assert wiki.REQUESTS.total - before == 1
        assert warm == cold

        human.edit(TITLES[3], "changed\nby\na person")
        before = wiki.REQUESTS.total
        changed, stats = read_parsed(bot, state, TITLES, "k1", count_lines)
        assert (stats.fetched, stats.parsed) == (1, 1)
        assert wiki.REQUESTS.total - before == 2
        assert changed[TITLES[3]].problems[0].message == "3 lines"
        assert changed[TITLES[3]].revision > cold[TITLES[3]].revision

        _, stats = read_parsed(bot, state, TITLES, "k2", count_lines)
        assert stats.parsed == 12
