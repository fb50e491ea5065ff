"""The feedback pages' histories are read once for both checks, people's and shop talks'."""

from __future__ import annotations

import dataclasses

from wikisync.interfaces import PageRevisions, RevisionText
from wikisync.model import Feedback, Organisation, Skill, SourceRef, Taxonomy
from wikisync.normalize.organisation_feedback import organisation_lines
from wikisync.normalize.organisations import OrganisationIndex
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.answers import (
    AnswerLedger,
    CheckedShopTalks,
    ShopTalkLine,
    check_answers,
    check_shop_talks,
)
from wikisync.reading.histories import FeedbackHistories, checked_feedback, checked_shop_talks
from wikisync.reading.parse import parse_organisation_feedback
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


def organisations(ghana: str = GHANA, *aliases: str) -> tuple[Organisation, ...]:
    source = SourceRef("Let's Connect/Organisations", 1, 0, 1)
    return (
        Organisation(
            ghana, source, members=("Kwame Mensah",), contact="Kwame Mensah", aliases=aliases
        ),
        Organisation(ART, source, members=("Lucia Paredes",)),
    )


def lines(
    text: str, found: tuple[Organisation, ...], taxonomy: Taxonomy, revision: int = 3
) -> list[ShopTalkLine]:
    """The shop-talk lines of ``text`` as a run with these organisations and taxonomy reads
    them."""
    records = parse_organisation_feedback(text, PAGE, revision, Programme().templates)
    return organisation_lines(records, OrganisationIndex(found), SkillIndex(taxonomy))[0]


def _people() -> list[Feedback]:
    return [Feedback("Ana", "Bo", "proposal-writing", "met", SourceRef(PAGE, 3, 0, 1))]


def _taxonomy() -> Taxonomy:
    return Taxonomy((Skill("proposal-writing", "Proposal writing"),))


def empty_ledger() -> AnswerLedger:
    people = check_answers([], {PAGE: []}, {PAGE: 1}, {}, None, ()).ledger
    talks = check_shop_talks({PAGE: []}, {PAGE: 1}, {}, None, lambda name: (), ()).ledger
    return dataclasses.replace(people, shop_talks=talks)


def test_one_read_per_page_serves_both_checks_and_credits_each_line_to_its_author() -> None:
    reader = Reader(
        (RevisionText(2, "Ana", PEOPLE), RevisionText(3, "Mallory", f"{PEOPLE}\n{TALK}"))
    )
    programme = Programme()
    histories = FeedbackHistories.of(reader, {PAGE: 3}, empty_ledger())
    assert reader.asked == [(PAGE, 1)]
    people = checked_feedback(histories, {PAGE: _people()}, {PAGE: 3}, programme)
    assert len(people.counted) == 1 and not people.ignored
    said = lines(TALK, organisations(), _taxonomy())
    talks = checked_shop_talks(histories, {PAGE: said}, {PAGE: 3}, programme, organisations())
    assert talks.counted == ()
    assert [p.value for p in talks.problems] == ["Mallory"]
    assert reader.asked == [(PAGE, 1)]


def test_a_ledger_without_an_organisations_part_reads_no_history_for_it() -> None:
    reader = Reader((RevisionText(3, "Mallory", TALK),))
    people_only = dataclasses.replace(empty_ledger(), shop_talks=None, pages={PAGE: (3, {})})
    histories = FeedbackHistories.of(reader, {PAGE: 3}, people_only)
    assert reader.asked == []
    said = lines(TALK, organisations(), _taxonomy())
    talks = checked_shop_talks(histories, {PAGE: said}, {PAGE: 3}, Programme(), organisations())
    assert talks.counted == tuple(line.statement for line in said)
    assert talks.ledger.verified == {(GHANA, ART, "proposal-writing", "declined"): 1}


# Lines are counted as written, so what other pages say later does not make them new.

LABELLED = f"{{{{Match feedback|asking=Ghana UG|offering={ART}|skill=Video editing|status=held}}}}"


def run_on(
    ledger: AnswerLedger, reader: Reader, found: tuple[Organisation, ...], taxonomy: Taxonomy
) -> CheckedShopTalks:
    """A run on the page as it now stands (revision 3), after ``ledger``."""
    histories = FeedbackHistories.of(reader, {PAGE: 3}, ledger)
    said = lines(LABELLED, found, taxonomy)
    return checked_shop_talks(histories, {PAGE: said}, {PAGE: 3}, Programme(), found)


def test_a_skill_added_later_or_an_organisation_renamed_keeps_verified_lines_counted() -> None:
    reader = Reader((RevisionText(3, "Kwame Mensah", LABELLED),))
    before = run_on(empty_ledger(), reader, organisations("Ghana UG"), _taxonomy())
    assert before.counted == () and not before.problems, "the skill is not in the taxonomy yet"
    ledger = dataclasses.replace(empty_ledger(), pages={PAGE: (3, {})}, shop_talks=before.ledger)
    later = Taxonomy((*_taxonomy().skills, Skill("video-editing", "Video editing")))
    for found in (organisations("Ghana UG"), organisations(GHANA, "Ghana UG")):
        after = run_on(ledger, reader, found, later)
        assert [(f.asking, f.skill, f.status) for f in after.counted] == [
            (found[0].name, "video-editing", "held")
        ]
        assert not after.problems
        assert after.ledger == before.ledger


def test_a_line_naming_an_unknown_organisation_is_credited_to_a_member_of_the_other() -> None:
    key = ("Ghana UG", ART, "Video editing", "held")
    for author, verified in (("Kwame Mensah", 0), ("Lucia Paredes", 1)):
        reader = Reader((RevisionText(3, author, LABELLED),))
        cut = run_on(empty_ledger(), reader, organisations(), _taxonomy())
        assert cut.counted == ()
        assert cut.ledger.verified.get(key, 0) == verified, author
