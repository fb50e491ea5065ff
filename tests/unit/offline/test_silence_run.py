"""Silent sharers in whole offline runs: released to the backups, paused, noted once, back.

The sample's participants never edit (the administrator loaded their pages), so every
sharer but the silent ones is made to edit a sandbox after the first run: only the chosen
sharers are then silent when ``matching.answer_days`` (21) have passed.
"""

from __future__ import annotations

import datetime as dt

from fake_runs import MATCHES, STATISTICS, run

from wikisync.dev.fakewiki import FakeWiki, TickingClock
from wikisync.model import MatchResult, Reason, Suggestion
from wikisync.running.operations import JobsRun

RELEASED_REASON = "The previous sharer did not answer within 21 days"
PAUSED_HEADING = "Your suggestions are paused for now"


def result_of(done: JobsRun) -> MatchResult:
    assert done.result is not None
    return done.result.result


def by_request(result: MatchResult) -> dict[tuple[str, str], Suggestion]:
    return {(s.learner, s.skill): s for s in result.suggestions}


def edit_as_everyone_but(fake: FakeWiki, result: MatchResult, silent: set[str]) -> None:
    """Every suggested person but ``silent`` saves a sandbox, as an active participant would."""
    active = {s.sharer for s in result.suggestions} | {s.learner for s in result.suggestions}
    for name in sorted(active - silent):
        fake.edit(f"User:{name}/sandbox", "Notes for my connection.", user=name)


def notes_to(fake: FakeWiki, name: str) -> int:
    talk = fake.text(f"User talk:{name}") or ""
    return talk.count(PAUSED_HEADING)


def test_a_silent_sharer_is_released_to_the_backup_paused_noted_once_and_back_after_an_edit(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    first = run(config, fake, clock)
    assert first.result is not None
    people = {p.username: p for p in first.result.inputs.people}
    before = by_request(result_of(first))
    released = next(s for s in sorted(before.values(), key=lambda s: s.sharer) if s.backup)
    target = released.sharer
    noted = next(
        name
        for name in sorted({s.sharer for s in before.values()} - {target})
        if people[name].notify and people[name].public
    )
    edit_as_everyone_but(fake, result_of(first), {target, noted})

    clock.advance(dt.timedelta(days=20))
    early = by_request(result_of(run(config, fake, clock)))
    assert early[(released.learner, released.skill)].sharer == target, "released too soon"

    clock.advance(dt.timedelta(days=2))
    late = result_of(run(config, fake, clock))
    moved = by_request(late)[(released.learner, released.skill)]
    assert moved.sharer == released.backup, "the learner is offered the backup first"
    assert Reason("released", (21,)) in moved.reasons
    assert RELEASED_REASON in (fake.text(MATCHES) or "")
    assert all(target not in (s.sharer, s.learner) for s in late.suggestions), "not paused"
    assert all(noted not in (s.sharer, s.learner) for s in late.suggestions), "not paused"
    passed_on = sum(s.sharer in (target, noted) for s in before.values())
    statistics = fake.text(STATISTICS) or ""
    assert f"{passed_on} suggestions were passed on after 21 days without an answer" in (statistics)
    assert "2 sharers are paused until they edit again." in statistics
    assert notes_to(fake, noted) == 1
    assert notes_to(fake, target) == int(people[target].notify and people[target].public)

    clock.advance(dt.timedelta(days=1))
    run(config, fake, clock)
    assert notes_to(fake, noted) == 1, "the pause note is sent once"

    fake.edit(f"User:{target}/sandbox", "Back from a long trip.", user=target)
    run(config, fake, clock)
    statistics = fake.text(STATISTICS) or ""
    assert "1 sharer is paused until they edit again." in statistics
