"""Login, batched reads and the guarded write path, against the real local MediaWiki."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.errors import WikiError
from wikisync.wiki import SaveOutcome


def test_bot_logs_in_with_its_botpassword_and_has_the_bot_flag(bot: wiki.Wiki) -> None:
    account = bot.account()
    assert account.user == "SyncBot"
    assert "bot" in account.groups
    assert account.has_bot_flag
    assert "apihighlimits" in account.rights


def test_120_pages_are_read_in_at_most_3_requests(bot: wiki.Wiki, human: Editor) -> None:
    titles = [f"Batch/Page {n:03d}" for n in range(120)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda t: human.edit(t, f"text of {t}"), titles))
    before = wiki.REQUESTS.total
    pages = bot.read_pages([*titles, "Batch/Missing"])
    used = wiki.REQUESTS.total - before
    assert used <= 3, wiki.REQUESTS.counts
    assert list(pages)[:120] == titles
    assert all(pages[t].exists and pages[t].text == f"text of {t}" for t in titles)
    assert all(pages[t].revision > 0 for t in titles)
    assert not pages["Batch/Missing"].exists


def test_titles_are_returned_as_asked_even_when_the_wiki_normalises_them(bot: wiki.Wiki) -> None:
    pages = bot.read_pages(["batch/Page_000", "Main_Page"])
    assert list(pages) == ["batch/Page_000", "Main_Page"]
    assert pages["Main_Page"].exists


def test_write_then_read_back(bot: wiki.Wiki) -> None:
    base = bot.read_pages(["Sandbox/Write"])["Sandbox/Write"]
    created = bot.save("Sandbox/Write", "first text", "test: create", base=base)
    assert created.outcome is SaveOutcome.CREATED and created.revision > 0
    read = bot.read_pages(["Sandbox/Write"])["Sandbox/Write"]
    assert read.text == "first text" and read.revision == created.revision
    edited = bot.save("Sandbox/Write", "second text", "test: edit", base=read)
    assert edited.outcome is SaveOutcome.EDITED and edited.revision > created.revision
    assert bot.read_pages(["Sandbox/Write"])["Sandbox/Write"].text == "second text"


def test_unchanged_text_is_not_sent(bot: wiki.Wiki, human: Editor) -> None:
    human.edit("Sandbox/Same", "same text\n")
    base = bot.read_pages(["Sandbox/Same"])["Sandbox/Same"]
    before = wiki.REQUESTS.total
    result = bot.save("Sandbox/Same", "same text  \n\n", "test: nothing", base=base)
    assert result.outcome is SaveOutcome.UNCHANGED
    assert wiki.REQUESTS.total == before


def test_a_human_edit_after_the_read_is_a_conflict_and_survives(
    bot: wiki.Wiki, human: Editor
) -> None:
    human.edit("Sandbox/Conflict", "original")
    base = bot.read_pages(["Sandbox/Conflict"])["Sandbox/Conflict"]
    human.edit("Sandbox/Conflict", "original, improved by a person")
    result = bot.save("Sandbox/Conflict", "bot text", "test: conflict", base=base)
    assert result.outcome is SaveOutcome.CONFLICT
    assert human.text("Sandbox/Conflict") == "original, improved by a person"


def test_a_page_created_after_the_read_is_not_overwritten(bot: wiki.Wiki, human: Editor) -> None:
    base = bot.read_pages(["Sandbox/Created meanwhile"])["Sandbox/Created meanwhile"]
    assert not base.exists
    human.edit("Sandbox/Created meanwhile", "a person got there first")
    result = bot.save("Sandbox/Created meanwhile", "bot text", "test", base=base)
    assert result.outcome is SaveOutcome.CONFLICT
    assert human.text("Sandbox/Created meanwhile") == "a person got there first"


def test_a_page_deleted_after_the_read_is_not_recreated(bot: wiki.Wiki, human: Editor) -> None:
    human.edit("Sandbox/Deleted meanwhile", "soon gone")
    base = bot.read_pages(["Sandbox/Deleted meanwhile"])["Sandbox/Deleted meanwhile"]
    human.delete("Sandbox/Deleted meanwhile")
    result = bot.save("Sandbox/Deleted meanwhile", "bot text", "test", base=base)
    assert result.outcome is SaveOutcome.CONFLICT
    assert human.text("Sandbox/Deleted meanwhile") is None


def test_a_read_only_wiki_stops_writes(bot: wiki.Wiki, devwiki: DevWiki) -> None:
    base = bot.read_pages(["Sandbox/Read-only"])["Sandbox/Read-only"]
    devwiki.set_fault("readonly")
    try:
        with pytest.raises(WikiError, match="readonly"):
            bot.save("Sandbox/Read-only", "text", "test", base=base)
    finally:
        devwiki.set_fault("readonly", on=False)
    assert not bot.read_pages(["Sandbox/Read-only"])["Sandbox/Read-only"].exists


def test_edits_carry_the_bot_flag(bot: wiki.Wiki, human: Editor) -> None:
    base = bot.read_pages(["Sandbox/Flagged"])["Sandbox/Flagged"]
    bot.save("Sandbox/Flagged", "flagged", "test", base=base)
    changes = human._get(
        action="query", list="recentchanges", rctitle="Sandbox/Flagged", rcprop="flags|user"
    )["query"]["recentchanges"]
    assert changes and changes[0]["user"] == "SyncBot" and changes[0]["bot"] is True
