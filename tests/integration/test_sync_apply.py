"""Applying a plan on the real wiki: markers, people's text, conflicts, exclusion, kill switch."""

from __future__ import annotations

from collections.abc import Callable

from wikisync import wiki
from wikisync.dev.editor import Editor
from wikisync.planning.edits import DesiredPage, SyncPolicy, apply, plan
from wikisync.render.markers import wrap
from wikisync.wiki import PageText, SaveResult
from wikisync.writing.safety import AllowedTitles, KillSwitch

ALLOWED = AllowedTitles(prefixes=("Sync test",))
POLICY = SyncPolicy(bot="SyncBot", allowed=ALLOWED)


def desired(title: str, body: str) -> DesiredPage:
    return DesiredPage(title=f"Sync test/{title}", section="test", body=body, summary="test sync")


def always() -> bool:
    return True


def run(bot: wiki.Wiki, pages: list[DesiredPage], may_edit: Callable[[], bool] = always):
    current = bot.read_pages(p.title for p in pages)
    return apply(plan(pages, current, POLICY), bot, POLICY, may_edit)


def test_first_run_creates_second_run_edits_nothing(bot: wiki.Wiki, human: Editor) -> None:
    pages = [desired("A", "alpha"), desired("B", "beta")]
    first = run(bot, pages)
    assert [p.outcome for p in first.pages] == ["created", "created"]
    assert human.text("Sync test/A") == wrap("test", "alpha")
    before = wiki.REQUESTS.total
    second = run(bot, pages)
    assert [p.outcome for p in second.pages] == ["unchanged", "unchanged"]
    assert second.edits == 0
    assert wiki.REQUESTS.total - before == 1


def test_text_people_added_around_the_markers_survives(bot: wiki.Wiki, human: Editor) -> None:
    run(bot, [desired("Around", "v1")])
    human.edit("Sync test/Around", "Lead.\n" + wrap("test", "v1") + "\n[[Category:People]]")
    report = run(bot, [desired("Around", "v2")])
    assert report.pages[0].outcome == "edited"
    assert (
        human.text("Sync test/Around") == "Lead.\n" + wrap("test", "v2") + "\n[[Category:People]]"
    )


def test_a_page_without_markers_is_left_alone_and_reported(bot: wiki.Wiki, human: Editor) -> None:
    human.edit("Sync test/Human", "A person's page.")
    report = run(bot, [desired("Human", "generated")])
    assert report.pages[0].outcome == "skipped"
    assert "markers" in report.pages[0].reason
    assert human.text("Sync test/Human") == "A person's page."


def test_nobots_stops_the_edit(bot: wiki.Wiki, human: Editor) -> None:
    human.edit("Sync test/Excluded", "{{nobots}}\n" + wrap("test", "old"))
    report = run(bot, [desired("Excluded", "new")])
    assert report.pages[0].outcome == "skipped"
    assert human.text("Sync test/Excluded") == "{{nobots}}\n" + wrap("test", "old")


class HumanEditsFirst:
    """A writer that lets a person edit the page right before the bot's first save."""

    def __init__(self, bot: wiki.Wiki, human: Editor, text: str) -> None:
        self.bot, self.human, self.text = bot, human, text
        self.saves = 0

    def read_pages(self, titles):  # type: ignore[no-untyped-def]
        return self.bot.read_pages(titles)

    def save(
        self, title: str, text: str, summary: str, *, base: PageText, minor: bool = True
    ) -> SaveResult:
        if self.saves == 0:
            self.human.edit(title, self.text)
        self.saves += 1
        return self.bot.save(title, text, summary, base=base, minor=minor)


def test_a_conflict_is_retried_on_the_fresh_text_without_losing_the_human_edit(
    bot: wiki.Wiki, human: Editor
) -> None:
    run(bot, [desired("Conflict", "v1")])
    person = "Note from a person.\n" + wrap("test", "v1, tidied by hand")
    writer = HumanEditsFirst(bot, human, person)
    page = desired("Conflict", "v2")
    report = apply(plan([page], bot.read_pages([page.title]), POLICY), writer, POLICY, always)
    assert writer.saves == 2
    assert report.pages[0].outcome == "edited"
    assert human.text(page.title) == "Note from a person.\n" + wrap("test", "v2")


def test_an_edit_elsewhere_on_the_page_is_merged_by_the_wiki(bot: wiki.Wiki, human: Editor) -> None:
    run(bot, [desired("Merged", "v1")])
    writer = HumanEditsFirst(bot, human, wrap("test", "v1") + "\n\nA comment below.")
    page = desired("Merged", "v2")
    report = apply(plan([page], bot.read_pages([page.title]), POLICY), writer, POLICY, always)
    assert report.pages[0].outcome == "edited"
    assert human.text(page.title) == wrap("test", "v2") + "\n\nA comment below."


def test_the_kill_switch_stops_edits(bot: wiki.Wiki, human: Editor) -> None:
    human.edit("User:SyncBot/Run", "no")

    def read() -> PageText:
        return bot.read_pages(["User:SyncBot/Run"])["User:SyncBot/Run"]

    pages = [desired(f"Stopped {n}", "x") for n in range(3)]
    stopped = KillSwitch(read, seconds=60, clock=minutes_apart())
    report = run(bot, pages, stopped.allows_edit)
    assert report.stopped
    assert report.edits == 0
    assert {page.outcome for page in report.pages} == {"not done"}
    assert all(human.text(p.title) is None for p in pages)
    human.edit("User:SyncBot/Run", "yes <!-- set to no to stop the bot -->")
    switch = KillSwitch(read, seconds=60, clock=minutes_apart(0.6))
    report = run(bot, pages, switch.allows_edit)
    assert report.edits == 3
    assert (stopped.reads, switch.reads) == (1, 2)  # before the first edit, then a minute on


def minutes_apart(minutes: float = 1.0) -> Callable[[], float]:
    """A clock (seconds) that moves on by ``minutes`` each time it is read."""
    ticks = iter(range(1_000))
    return lambda: next(ticks) * minutes * 60
