"""Account names the wiki refuses cost only their own entry, on the real wiki.

The bot reaches the wiki through a recording proxy (the one of the reliability tests), so
that every parameter of every API request can be searched for the refused names.
"""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import SamplePlan, sample_programme
from wikisync.running import operations

RELIABILITY = str(Path(__file__).parents[1] / "reliability")
if RELIABILITY not in sys.path:
    sys.path.insert(0, RELIABILITY)

from proxy import Proxy, running_proxy  # noqa: E402

PAGE = "Let's Connect/Skills directory/Odd names"
ZWJ = "Ama\u200dOwusu"
PRIVATE_USE = "Kofi\ue000Boateng"
HOMOGLYPH = "\u0410dmin Lookalike"  # the first letter is Cyrillic
REFUSED_CHARACTERS = ("\u200d", "\ue000")


def odd_entries(skill: str) -> str:
    """Entries whose names the wiki refuses, and one that only looks like another name."""
    entry = "{{{{Skills directory entry\n | username = {}\n | languages = en-N\n | {}\n}}}}"
    return "\n".join(
        [
            entry.format(ZWJ, f"share = {skill}"),
            entry.format(PRIVATE_USE, f"learn = {skill}"),
            entry.format(HOMOGLYPH, f"learn = {skill}"),
        ]
    )


@pytest.fixture(scope="module")
def plan(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(40, 10, seed=23, per_page=20)
    devwiki.create_accounts(plan.accounts)
    skill = plan.taxonomy.skills[0].label
    devwiki.load({**plan.pages, PAGE: odd_entries(skill)}, "test programme")
    return plan


@pytest.fixture(scope="module")
def proxy(devwiki: DevWiki) -> Iterator[Proxy]:
    info = devwiki.running()
    assert info is not None
    with running_proxy(info.api) as running:
        yield running


@pytest.fixture(scope="module")
def config(devwiki: DevWiki, proxy: Proxy, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Settings of the session's wiki, reached through the proxy, with their own state."""
    folder = tmp_path_factory.mktemp("through-proxy")
    path = folder / "wikisync.toml"
    path.write_text(
        f'[wiki]\napi = "{proxy.api}"\nuser = "SyncBot"\n'
        f'password_file = "{devwiki.password_file}"\nput_throttle = 0\nmaxlag = 5\n\n'
        '[programme]\nconfig_page = "User:SyncBot/wikisync.json"\n\n'
        f'[state]\npath = "{folder / "state.sqlite"}"\n',
        encoding="utf-8",
    )
    return str(path)


def wikisync_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "wikisync"), *args],
        capture_output=True, text=True, timeout=300, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def holds_refused(text: str) -> bool:
    return any(character in text for character in REFUSED_CHARACTERS)


def test_refused_names_cost_only_their_entries_and_never_reach_the_wiki(
    plan: SamplePlan, config: str, proxy: Proxy, human: Editor
) -> None:
    proxy.clear()
    run = wikisync_cli("--config", config, "run")
    assert run.returncode == 0, run.stderr
    sent = [value for request in proxy.log for value in request.params.values()]
    assert not any(holds_refused(value) for value in sent)
    assert any(HOMOGLYPH in value for value in sent), "valid names are checked on the wiki"

    again = operations.sync(config)
    assert again.report.edits == 0, "the run wrote every page there was to write"
    titles = [page.title for page in again.report.pages]
    assert len(titles) > 10
    texts = [human.text(title) or "" for title in titles]
    summaries = [
        change.get("comment", "")
        for change in human._get(
            action="query", list="recentchanges", rcprop="comment", rclimit="max"
        )["query"]["recentchanges"]
    ]
    assert not holds_refused("\n".join([*texts, *summaries, run.stdout, run.stderr]))

    problems = human.text("Let's Connect/Directory problems") or ""
    assert "U+200D ZERO WIDTH JOINER" in problems
    assert "U+E000" in problems
    assert "mixed-script-username" in problems
    assert "invalid-username" in problems
    refused = [p for p in again.inputs.problems if p.code == "invalid-username"]
    assert {p.source.page for p in refused if p.source} == {PAGE}
    assert len(refused) == 2
    assert not any(holds_refused(f"{p.message} {p.value} {p.username}") for p in refused)

    matches = human.text("Let's Connect/Matches") or ""
    assert "The learner's account does not exist on this wiki" in matches
    people = {person.username for person in again.inputs.people}
    assert HOMOGLYPH in people
    assert set(plan.accounts) <= people


def test_a_batch_the_wiki_refuses_is_split_and_only_the_culprits_are_left_out(
    plan: SamplePlan, bot: wiki.Wiki
) -> None:
    accounts = list(plan.accounts[:12])
    names = [*accounts[:7], ZWJ, *accounts[7:], PRIVATE_USE]
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger("pywiki").addHandler(handler)
    try:
        edited = bot.edited_since(names, since)
        users = bot.users(names)
    finally:
        logging.getLogger("pywiki").removeHandler(handler)

    assert set(edited.answer) == set(accounts)
    assert all(stamp >= since for stamp in edited.answer.values())
    assert sorted(item.value for item in edited.refused) == sorted([ZWJ, PRIVATE_USE])
    assert {item.code for item in edited.refused} == {"baduser"}
    assert set(users.answer) == set(accounts)
    assert sorted(item.value for item in users.refused) == sorted([ZWJ, PRIVATE_USE])
    assert not any(holds_refused(record.getMessage()) for record in records)
    assert not any(holds_refused(repr(item)) for item in (*edited.refused, *users.refused))


def test_both_lists_in_one_request_give_what_each_gives_alone(
    plan: SamplePlan, bot: wiki.Wiki
) -> None:
    accounts = list(plan.accounts[:12])
    names = [*accounts[:5], "Nobody by this name 4821", ZWJ, *accounts[5:]]
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    alone_users, alone_edits = bot.users(names), bot.edited_since(names, since)
    before = wiki.REQUESTS.total
    together = bot.accounts(names, since)
    assert wiki.REQUESTS.total - before <= 1 + 2 * 4  # one, and the split to find one name
    assert together.facts == alone_users.answer
    assert "missing" in together.facts["Nobody by this name 4821"]
    assert together.latest_edits == alone_edits.answer
    assert [item.value for item in together.refused] == [ZWJ]
    assert not any(holds_refused(repr(item)) for item in together.refused)
