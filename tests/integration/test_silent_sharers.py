"""Sharers who never answer, on the real wiki with an injected clock: the suggestion is
released to its backup after ``matching.answer_days``, the silent sharer is paused and told
once, and an edit of theirs brings them back.

The programme holds only the people below (the sample's taxonomy, feedback page and
templates, none of its directory): two Basque speakers share one skill, one learns it, so
whichever sharer is suggested the other is the backup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import DIRECTORY, REGISTRATIONS, SamplePlan, sample_programme
from wikisync.model import Reason, Suggestion
from wikisync.running import operations

ENTRIES = f"{DIRECTORY}/Basque circle"
LEARNER = "Nerea Ikasle"
SHARERS = ("Amaia Irakasle", "Beñat Irakasle")
MATCHES = "Let's Connect/Matches"
STATISTICS = "Let's Connect/Statistics"
PAUSED_HEADING = "== Your suggestions are paused for now =="


def entries(skill: str) -> str:
    entry = "{{{{Skills directory entry\n | username = {}\n | languages = eu-N\n{}}}}}"
    people = [entry.format(LEARNER, f" | learn = {skill}\n")]
    people += [
        entry.format(name, f" | share = {skill}\n | capacity = 2\n | notify = yes\n")
        for name in SHARERS
    ]
    return "\n".join(people) + "\n"


@pytest.fixture(scope="module")
def plan(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(20, 8, seed=5, per_page=20)
    kept = {
        title: text
        for title, text in plan.pages.items()
        if not title.startswith(f"{DIRECTORY}/") and title != REGISTRATIONS
    }
    devwiki.create_accounts([LEARNER, *SHARERS])
    devwiki.load({**kept, ENTRIES: entries(plan.taxonomy.skills[0].label)}, "test programme")
    return plan


def days_later(start: dt.datetime, days: float) -> Callable[[], dt.datetime]:
    return lambda: start + dt.timedelta(days=days)


def the_suggestion(done: operations.JobsRun) -> Suggestion:
    assert done.result is not None
    (suggestion,) = done.result.result.suggestions
    assert suggestion.learner == LEARNER
    return suggestion


def test_a_silent_sharer_is_released_to_the_backup_told_once_and_back_after_an_edit(
    plan: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    start = dt.datetime.now(dt.UTC)
    first = the_suggestion(operations.run(config, force=True, clock=days_later(start, 0)))
    silent, backup = first.sharer, first.backup
    assert backup is not None and {silent, backup} == set(SHARERS)
    devwiki.participant(backup).edit(f"User:{backup}/sandbox", "Ready to help.", "notes")

    early = operations.run(config, force=True, clock=days_later(start, 20))
    assert the_suggestion(early).sharer == silent, "released before answer_days"

    late = operations.run(config, force=True, clock=days_later(start, 22))
    moved = the_suggestion(late)
    assert moved.sharer == backup
    assert Reason("released", (21,)) in moved.reasons
    matches = human.text(MATCHES) or ""
    assert "The previous sharer did not answer within 21 days" in matches
    statistics = human.text(STATISTICS) or ""
    assert (
        "1 suggestion was passed on after 21 days without an answer; "
        "1 sharer is paused until they edit again."
    ) in statistics
    talk = human.text(f"User talk:{silent}") or ""
    assert talk.count(PAUSED_HEADING) == 1, talk
    assert "just edit anywhere on the wiki" in talk
    assert PAUSED_HEADING not in (human.text(f"User talk:{backup}") or "")

    operations.run(config, force=True, clock=days_later(start, 23))
    assert (human.text(f"User talk:{silent}") or "").count(PAUSED_HEADING) == 1, "told once"

    devwiki.participant(silent).edit(f"User:{silent}/sandbox", "Back from a trip.", "back")
    back = operations.run(config, force=True, clock=days_later(start, 24))
    assert the_suggestion(back).sharer == backup, "the backup keeps the learner"
    assert "paused until they edit again" not in (human.text(STATISTICS) or "")
