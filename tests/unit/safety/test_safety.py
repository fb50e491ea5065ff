"""Every guard of :mod:`wikisync.writing.safety`, each on its own: the kill switch, the talk-page
stop, the bots exclusion convention, the allowed titles and the blanking guard."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat

import pytest

from wikisync.interfaces import Account, PageText
from wikisync.planning.edits import SyncPolicy
from wikisync.writing.safety import (
    AllowedTitles,
    KillSwitch,
    SourceCounts,
    blanking_reason,
    bot_may_edit,
    may_name_bots,
    switch_allows,
    talk_page_stop,
)

SWITCH = "User:SyncBot/Run"


def switch_page(text: str | None) -> PageText:
    if text is None:
        return PageText(SWITCH, exists=False)
    return PageText(SWITCH, exists=True, revision=3, text=text)


@pytest.mark.parametrize(
    ("text", "allows"),
    [
        (None, False),  # a missing page
        ("", False),  # an empty page
        ("yes", True),
        ("Yes\n", True),
        ("yes <!-- set to no to stop the bot -->", True),
        ("<!-- the bot may run -->\n yes \n", True),
        ("no", False),
        ("yes please", False),
        ("<!-- yes -->", False),
        ("stop", False),
        ("[[yes]]", False),
    ],
)
def test_the_kill_switch_allows_edits_only_when_its_page_says_yes(
    text: str | None, allows: bool
) -> None:
    assert switch_allows(switch_page(text)) is allows


class Seconds:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def counting_switch(
    answers: Iterator[str], clock: Seconds, seconds: float = 60
) -> tuple[KillSwitch, list[str]]:
    read: list[str] = []

    def page() -> PageText:
        read.append(next(answers))
        return switch_page(read[-1])

    return KillSwitch(page, seconds=seconds, clock=clock), read


def test_the_kill_switch_is_read_before_the_first_edit() -> None:
    switch, read = counting_switch(repeat("yes"), Seconds())
    assert switch.reads == 0 and not read
    assert switch.allows_edit()
    assert switch.reads == len(read) == 1


def test_edits_within_the_period_do_not_read_the_kill_switch_again() -> None:
    clock = Seconds()
    switch, read = counting_switch(repeat("yes"), clock)
    for _ in range(30):
        assert switch.allows_edit()
        clock.now += 1.9  # 30 quick edits in 57 seconds
    assert switch.reads == len(read) == 1


def test_the_first_edit_a_period_after_the_last_reading_reads_the_kill_switch() -> None:
    clock = Seconds()
    switch, _ = counting_switch(repeat("yes"), clock)
    assert switch.allows_edit()
    clock.now += 59.5
    assert switch.allows_edit() and switch.reads == 1
    clock.now += 0.5  # 60 seconds since the reading
    assert switch.allows_edit() and switch.reads == 2
    clock.now += 59
    assert switch.allows_edit() and switch.reads == 2
    clock.now += 600  # a long pause counts as one period: one reading
    assert switch.allows_edit() and switch.reads == 3


def test_a_kill_switch_that_said_stop_stays_stopped_without_reading_again() -> None:
    clock = Seconds()
    switch, _ = counting_switch(iter(["yes", "no", "yes"]), clock)
    said = []
    for _ in range(5):
        said.append(switch.allows_edit())
        clock.now += 61
    assert said == [True, False, False, False, False]
    assert switch.stopped
    assert switch.reads == 2


def test_a_kill_switch_read_every_time_when_its_period_is_zero() -> None:
    switch, _ = counting_switch(repeat("yes"), Seconds(), seconds=0)
    assert all(switch.allows_edit() for _ in range(4))
    assert switch.reads == 4


@dataclass(frozen=True)
class Talk:
    user: str
    new_messages: bool


def test_a_new_message_on_the_bots_talk_page_stops_every_write() -> None:
    reason = talk_page_stop(Talk("SyncBot", new_messages=True))
    assert "User talk:SyncBot has a new message" in reason
    assert "wikisync ping --messages-read" in reason
    assert talk_page_stop(Talk("SyncBot", new_messages=False)) == ""


def test_an_account_as_the_wiki_describes_it_is_what_the_talk_page_stop_reads() -> None:
    account = Account("http://w", "SyncBot", ("bot",), ("bot", "edit"), new_messages=True)
    assert talk_page_stop(account)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("", True),  # an empty page
        ("An ordinary page about bots.", True),
        ("{{nobots}}", False),
        ("{{Nobots}} and text", False),
        ("{{bots}}", True),
        ("{{bots|deny=all}}", False),
        ("{{bots|deny=SyncBot}}", False),
        ("{{bots|deny=OtherBot}}", True),
        ("{{bots|allow=SyncBot}}", True),
        ("{{bots|allow=OtherBot}}", False),
        ("{{bots|allow=none}}", False),
        ("{{bots|optout=all}}", True),  # messages only
        ("<!-- {{nobots}} -->", True),  # a comment is no template, as in pywikibot
    ],
)
def test_the_bots_exclusion_convention(text: str, allowed: bool) -> None:
    assert bot_may_edit(text, "SyncBot") is allowed


@pytest.mark.parametrize(
    ("title", "allowed"),
    [
        ("Let's Connect/Matches", True),
        ("Let's_Connect/Matches", True),
        ("let's Connect", True),
        ("Let's Connections", False),  # a look-alike of the prefix
        ("Talk:Let's Connect/Matches", False),
        ("User:SyncBot/Status", True),
        ("User:SyncBotter", False),
        ("Main Page", False),
        ("", False),
    ],
)
def test_the_allowed_titles(title: str, allowed: bool) -> None:
    rule = AllowedTitles(prefixes=("Let's Connect", "User:SyncBot"))
    assert rule.allows(title) is allowed


def test_an_empty_prefix_allows_nothing() -> None:
    assert not AllowedTitles(prefixes=("",)).allows("Anything")


POLICY = SyncPolicy(
    bot="SyncBot",
    allowed=AllowedTitles(),
    sources_now=SourceCounts(entries=1000, people=950),
)
SAME = SourceCounts(entries=1000, people=950)


@pytest.mark.parametrize(
    ("kind", "old", "new", "before", "refused"),
    [
        ("matches", 100, 10, SAME, True),  # most rows gone, people as before
        ("matches", 100, 60, SAME, False),  # within the allowance
        ("matches", 100, 10, SourceCounts(10000, 9500), False),  # the people shrank as much
        ("matches", 4, 0, SAME, False),  # a small table is not guarded
        ("matches", 100, 120, SAME, False),  # growing is never a blanking
        ("problems", 100, 3, SAME, False),  # fewer problems, as many entries: a repair
        ("problems", 100, 3, SourceCounts(2000, 1900), True),  # half the entries lost
        ("status", 100, 0, SAME, False),  # the status page is never guarded
        ("matches", 100, 10, None, True),  # no earlier run known: the allowance alone
    ],
)
def test_the_blanking_guard(
    kind: str, old: int, new: int, before: SourceCounts | None, refused: bool
) -> None:
    reason = blanking_reason(kind, old, new, POLICY, before)
    assert bool(reason) is refused
    if refused:
        assert f"({old} -> {new})" in reason


def test_the_quick_look_for_bots_finds_what_lowering_the_text_finds() -> None:
    assert all(
        may_name_bots(f"x{chr(code)}ots") == ("bots" in f"x{chr(code)}ots".lower())
        for code in range(0x110000)
    )
    samples = [
        "{{NoBots}}",
        "RoBOTS",
        "İbots",
        "\u212aBOTS",
        "ſbots",
        "b\u00f6ts",
        "\ud800bots",
        "",
    ]
    for text in samples:
        assert may_name_bots(text) == ("bots" in text.lower()), text
