"""The feedback pages' histories are read once for both checks, people's and shop talks'."""

from __future__ import annotations

import dataclasses

from wikisync.interfaces import PageRevisions, RevisionText
from wikisync.model import (
    Feedback,
    Organisation,
    OrganisationFeedback,
    Skill,
    SourceRef,
    Taxonomy,
)
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.answers import AnswerLedger, check_answers, check_shop_talks
from wikisync.reading.histories import FeedbackHistories, checked_feedback, checked_shop_talks
from wikisync.settings.programme import Programme

PAGE = "Let's Connect/Matches/Feedback"
GHANA, ART = "Wikimedia Ghana User Group", "Art+Feminism"
PEOPLE = "{{Match feedback|learner=Ana|sharer=Bo|skill=proposal-writing|status=met}}"
TALK = (
    f"{{{{Match feedback|asking={GHANA}|offering={ART}|skill=proposal-writing|status=declined}}}}"
)


class Reader:
    """A page reader that keeps the history reads it was asked for."""

    def __init__(self, revisions: tuple[RevisionText, ...]) -> None:
        self.revisions = revisions
        self.asked: list[tuple[str, int]] = []

    def revisions_after(self, title: str, after: int, limit: int) -> PageRevisions:
        self.asked.append((title, after))
        return PageRevisions(tuple(r for r in self.revisions if r.revision > after))


def organisations() -> tuple[Organisation, ...]:
    source = SourceRef("Let's Connect/Organisations", 1, 0, 1)
    return (
        Organisation(GHANA, source, members=("Kwame Mensah",), contact="Kwame Mensah"),
        Organisation(ART, source, members=("Lucia Paredes",)),
    )


def _people() -> list[Feedback]:
    return [Feedback("Ana", "Bo", "proposal-writing", "met", SourceRef(PAGE, 3, 0, 1))]


def _taxonomy() -> Taxonomy:
    return Taxonomy((Skill("proposal-writing", "Proposal writing"),))


def empty_ledger() -> AnswerLedger:
    people = check_answers([], {PAGE: []}, {PAGE: 1}, {}, None, ()).ledger
    talks = check_shop_talks([], {PAGE: []}, {PAGE: 1}, {}, None, {}, ()).ledger
    return dataclasses.replace(people, organisations=talks)


def test_one_read_per_page_serves_both_checks_and_credits_each_line_to_its_author() -> None:
    reader = Reader(
        (RevisionText(2, "Ana", PEOPLE), RevisionText(3, "Mallory", f"{PEOPLE}\n{TALK}"))
    )
    programme = Programme()
    histories = FeedbackHistories.of(reader, {PAGE: 3}, empty_ledger())
    assert reader.asked == [(PAGE, 1)]
    people = checked_feedback(histories, {PAGE: _people()}, {PAGE: 3}, programme)
    assert len(people.counted) == 1 and not people.ignored
    said = [OrganisationFeedback(GHANA, ART, "proposal-writing", "declined", None)]
    skills = SkillIndex(_taxonomy())
    talks = checked_shop_talks(
        histories, {PAGE: said}, {PAGE: 3}, programme, organisations(), skills
    )
    assert talks.counted == ()
    assert [p.value for p in talks.problems] == ["Mallory"]
    assert reader.asked == [(PAGE, 1)]


def test_a_ledger_without_an_organisations_part_reads_no_history_for_it() -> None:
    reader = Reader((RevisionText(3, "Mallory", TALK),))
    people_only = dataclasses.replace(empty_ledger(), organisations=None, pages={PAGE: (3, {})})
    histories = FeedbackHistories.of(reader, {PAGE: 3}, people_only)
    assert reader.asked == []
    said = [OrganisationFeedback(GHANA, ART, "proposal-writing", "declined", None)]
    talks = checked_shop_talks(
        histories, {PAGE: said}, {PAGE: 3}, Programme(), organisations(), SkillIndex(_taxonomy())
    )
    assert talks.counted == tuple(said)
    assert talks.ledger.verified == {(GHANA, ART, "proposal-writing", "declined"): 1}
