"""Whole runs offline: ``operations.run`` on the sample programme in an in-memory wiki.

Each test seeds a fresh :class:`FakeWiki` as the local MediaWiki is seeded and runs the
real entry point with a ``wikisync.toml`` of its own, so the state, the guards, the retries,
the kill switch and the recent-changes check all run as in production.
"""

from __future__ import annotations

import datetime as dt

import pytest
from fake_runs import (
    BOT,
    GROUPS,
    MATCHES,
    RUN,
    STATISTICS,
    STATUS,
    STOPPED,
    notifications,
    outcomes,
    reasons,
    run,
)

from wikisync.dev.fakewiki import ADMIN, MEDDLER, FakeWiki, TickingClock, sample_wiki
from wikisync.dev.sample import DIRECTORY, PREFIX, SamplePlan, sample_programme
from wikisync.errors import AccountRightsError, WikiError
from wikisync.model import AccountState
from wikisync.render.markers import start_marker, wrap
from wikisync.running import operations


def test_a_first_run_creates_the_generated_pages_and_a_second_edits_nothing(
    config: str, clock: TickingClock
) -> None:
    fake = sample_wiki(sample_programme(), FakeWiki(bot=BOT, clock=clock))
    first = run(config, fake, clock)
    created = outcomes(first)
    assert set(created.values()) == {"created"}
    assert {MATCHES, GROUPS, STATISTICS, STATUS} <= set(created)
    assert sum(title.startswith(f"{PREFIX}/Skills/") for title in created) >= 5
    assert all("<!-- wikisync:" in (fake.text(title) or "") for title in created)
    assert start_marker("matches") in (fake.text(MATCHES) or "")
    assert not operations.run_failed(first)
    saved = fake.bot_edit_count()
    assert saved == len(created) + notifications(fake)

    second = run(config, fake, clock)
    assert set(outcomes(second).values()) == {"unchanged"}
    assert second.result is not None and second.result.report.edits == 0
    assert fake.bot_edit_count() == saved
    assert not operations.run_failed(second)


def test_the_check_before_a_run_reads_only_the_recent_changes_until_a_source_changes(
    config: str, fake: FakeWiki, clock: TickingClock, plan: SamplePlan
) -> None:
    run(config, fake, clock)
    clock.advance(dt.timedelta(hours=1))
    before = dict(fake.requests.counts)
    quiet = run(config, fake, clock, force=False)
    assert quiet.unchanged and not quiet.ran
    spent = {k: n - before.get(k, 0) for k, n in fake.requests.counts.items()}
    assert {k: n for k, n in spent.items() if n} == {"query:list=recentchanges": 1}

    page = f"{DIRECTORY}/Part 1"
    fake.edit(page, (fake.text(page) or "") + "\nA note for the participants.", user="Someone")
    clock.advance(dt.timedelta(hours=1))
    assert run(config, fake, clock, force=False).ran

    clock.advance(dt.timedelta(hours=1))
    assert run(config, fake, clock, force=False).unchanged
    fake.block(plan.accounts[0])
    clock.advance(dt.timedelta(hours=1))
    assert run(config, fake, clock, force=False).ran


def test_a_second_full_run_reuses_the_account_checks_and_still_notices_a_block(
    config: str, fake: FakeWiki, clock: TickingClock, plan: SamplePlan
) -> None:
    run(config, fake, clock)
    clock.advance(dt.timedelta(hours=1))
    before = dict(fake.requests.counts)
    again = run(config, fake, clock)
    spent = {k: n - before.get(k, 0) for k, n in fake.requests.counts.items()}
    assert spent["query:list=recentchanges"] == 1  # the block log since the answers
    # only the accounts that were missing or without a recent edit are asked again
    assert spent.get("query:list=users|usercontribs", 0) <= 1
    assert again.result is not None and again.result.report.edits == 0

    blocked = plan.accounts[0]
    fake.block(blocked)
    clock.advance(dt.timedelta(hours=1))
    done = run(config, fake, clock)
    assert done.result is not None
    states = {p.username: p.account for p in done.result.inputs.people}
    assert states[blocked] is AccountState.BLOCKED


def test_an_edit_conflict_on_the_matches_page_is_retried_and_keeps_the_other_edit(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    fake.edit(MATCHES, f"Lead.\n{wrap('matches', '')}\n[[Category:Programme]]")
    fake.conflict_on(MATCHES, times=1)
    done = run(config, fake, clock)
    assert outcomes(done)[MATCHES] == "edited"
    assert [r.user for r in fake.history(MATCHES)] == [ADMIN, MEDDLER, BOT]
    text = fake.text(MATCHES) or ""
    assert text.startswith("Lead.\n") and f"A note added meanwhile by {MEDDLER}." in text
    assert "[[Category:Programme]]" in text and "{|" in text
    assert not operations.run_failed(done)


def test_an_edit_conflict_that_persists_leaves_the_page_and_fails_the_run(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    fake.edit(MATCHES, f"Lead.\n{wrap('matches', '')}")
    fake.conflict_on(MATCHES, times=4)
    done = run(config, fake, clock)
    assert outcomes(done)[MATCHES] == "conflict"
    assert reasons(done)[MATCHES] == "edit conflict persisted after 3 re-reads"
    assert [r.user for r in fake.history(MATCHES)] == [ADMIN, *[MEDDLER] * 4]
    assert operations.run_failed(done)
    assert done.result is not None
    assert operations.failed_pages(done.result) == [MATCHES]
    assert f"{MATCHES}: conflict" in operations.status_report(config)


def test_a_run_saving_within_a_minute_reads_the_kill_switch_once(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    done = run(config, fake, clock)
    assert len(outcomes(done)) + notifications(fake) > 5  # pages and messages alike
    assert fake.reads[RUN] == 1


def test_the_kill_switch_is_read_again_a_minute_of_saving_after_the_last_reading(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    saving = TickingClock(clock.now, step=dt.timedelta(0))
    fake.after_bot_saves(4, lambda wiki: saving.advance(dt.timedelta(seconds=60)))
    fake.after_bot_saves(9, lambda wiki: saving.advance(dt.timedelta(seconds=59)))
    done = run(config, fake, clock, saving=saving)
    assert not operations.run_failed(done)
    assert fake.reads[RUN] == 2  # before the first edit and the fifth; not a minute later


def test_the_kill_switch_turned_off_during_a_run_stops_it_at_the_next_check(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    saving = TickingClock(clock.now, step=dt.timedelta(0))

    def turn_off(wiki: FakeWiki) -> None:
        wiki.edit(RUN, "no", user=ADMIN)
        saving.advance(dt.timedelta(seconds=30))

    fake.after_bot_saves(3, turn_off)
    fake.after_bot_saves(6, lambda wiki: saving.advance(dt.timedelta(seconds=30)))
    done = run(config, fake, clock, saving=saving)
    assert done.result is not None
    assert done.result.report.stopped == STOPPED
    assert done.result.report.edits == 6 == fake.bot_edit_count()
    assert fake.reads[RUN] == 2
    pages = list(outcomes(done).values())
    assert pages[:6] == ["created"] * 6 and set(pages[6:]) == {"not done"}
    assert notifications(fake) == 0
    assert operations.run_failed(done)


def test_a_kill_switch_saying_no_stops_the_run_before_any_edit(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    fake.edit(RUN, "no <!-- stopped by the operator -->")
    done = run(config, fake, clock)
    assert set(outcomes(done).values()) == {"not done"}
    assert fake.bot_edit_count() == 0 and fake.reads[RUN] == 1


def test_a_protected_page_and_a_refused_save_are_reported_page_by_page(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    fake.protect(GROUPS)
    fake.refuse_saves(STATISTICS)
    done = run(config, fake, clock)
    pages, why = outcomes(done), reasons(done)
    assert (pages[GROUPS], why[GROUPS]) == ("protected", "protectedtitle")
    assert pages[STATISTICS] == "failed"  # the wiki refused the save
    assert why[STATISTICS].startswith("abusefilter-disallowed: ")
    assert {title for title, outcome in pages.items() if outcome != "created"} == {
        GROUPS,
        STATISTICS,
    }
    assert fake.text(GROUPS) is None and fake.text(STATISTICS) is None
    assert operations.run_failed(done)
    assert done.result is not None
    assert set(operations.failed_pages(done.result)) == {GROUPS, STATISTICS}


def test_a_read_only_wiki_writes_nothing_and_the_run_fails_with_its_reason(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    fake.set_read_only("database maintenance until 10:00 UTC")
    with pytest.raises(WikiError, match="database maintenance until 10:00 UTC"):
        run(config, fake, clock)
    assert fake.bot_edit_count() == 0
    report = operations.status_report(config)
    assert "failed" in report and "database maintenance until 10:00 UTC" in report


def test_missing_and_blocked_accounts_are_reported_and_never_matched(
    config: str, plan: SamplePlan, clock: TickingClock
) -> None:
    people = sorted({person.username for person in plan.people})
    missing, blocked = people[0], people[1]
    fake = FakeWiki(bot=BOT, clock=clock)
    fake.create_accounts(name for name in plan.accounts if name != missing)
    fake.block(blocked)
    fake.load(plan.pages, "Loading the sample programme")
    done = run(config, fake, clock)
    assert done.result is not None
    found = {(p.code, p.username) for p in done.result.inputs.problems}
    assert {("account-missing", missing), ("account-blocked", blocked)} <= found
    paired = {name for s in done.result.result.suggestions for name in (s.learner, s.sharer)}
    assert paired and not {missing, blocked} & paired


def test_a_new_message_on_the_bots_talk_page_stops_every_write(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    fake.edit(f"User talk:{BOT}", "Please stop editing the matches page.", user="Someone")
    with pytest.raises(AccountRightsError, match="new message"):
        run(config, fake, clock)
    assert fake.bot_edit_count() == 0
