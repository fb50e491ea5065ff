"""Who may answer for a suggestion or a shop talk: the feedback pages' histories decide which
lines count."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

from wikisync.model import Feedback, OrganisationFeedback, SourceRef
from wikisync.reading.answers import (
    AnswerLedger,
    PageHistory,
    PageRevision,
    ShopTalkLine,
    check_answers,
    check_shop_talks,
    shop_talk_counts,
    statement_counts,
    unverified_pages,
)

PAGE = "Let's Connect/Matches/Feedback"
ARCHIVE = "Let's Connect/Matches/Feedback/Archive 1"


def line(learner: str, sharer: str, status: str, page: str = PAGE, n: int = 0) -> Feedback:
    return Feedback(learner, sharer, "proposal-writing", status, SourceRef(page, 1, n, n + 1))


def revision(number: int, user: str | None, *items: Feedback) -> PageRevision:
    return PageRevision(number, user, statement_counts(items))


def ledger_of(pages: dict[str, tuple[int, list[Feedback]]]) -> AnswerLedger:
    """The ledger a first check of these pages leaves."""
    by_page = {title: items for title, (_, items) in pages.items()}
    revisions = {title: number for title, (number, _) in pages.items()}
    statements = [item for items in by_page.values() for item in items]
    return check_answers(statements, by_page, revisions, {}, None, ()).ledger


def checked(
    pages: dict[str, tuple[int, list[Feedback]]],
    histories: dict[str, PageHistory],
    previous: AnswerLedger,
    coordinators: tuple[str, ...] = (),
):
    by_page = {title: items for title, (_, items) in pages.items()}
    revisions = {title: number for title, (number, _) in pages.items()}
    statements = [item for items in by_page.values() for item in items]
    return check_answers(statements, by_page, revisions, histories, previous, coordinators)


def test_on_the_first_check_every_line_counts_as_it_stands() -> None:
    items = [line("Ana", "Bo", "met"), line("Cy", "Di", "declined", n=1)]
    result = check_answers(items, {PAGE: items}, {PAGE: 7}, {}, None, ())
    assert result.counted == tuple(items)
    assert not result.ignored
    assert result.ledger.pages[PAGE][0] == 7


def test_a_line_added_by_the_learner_or_the_sharer_counts() -> None:
    before = ledger_of({PAGE: (1, [])})
    for author in ("Ana", "Bo", "bo"):
        added = line("Ana", "Bo", "accepted")
        history = PageHistory((revision(2, author, added),))
        result = checked({PAGE: (2, [added])}, {PAGE: history}, before)
        assert result.counted == (added,), author
        assert not result.problems


def test_a_line_added_by_someone_else_is_ignored_and_reported_with_the_account() -> None:
    before = ledger_of({PAGE: (1, [])})
    added = line("Ana", "Bo", "declined")
    history = PageHistory((revision(2, "Mallory", added),))
    result = checked({PAGE: (2, [added])}, {PAGE: history}, before)
    assert result.counted == ()
    [problem] = result.problems
    assert problem.code == "feedback-not-theirs"
    assert problem.value == "Mallory"
    assert problem.source == added.source
    assert "Mallory" in problem.message


def test_a_coordinator_may_answer_for_anyone() -> None:
    before = ledger_of({PAGE: (1, [])})
    added = line("Ana", "Bo", "met")
    history = PageHistory((revision(2, "Coord_Ina", added),))
    result = checked({PAGE: (2, [added])}, {PAGE: history}, before, ("coord Ina",))
    assert result.counted == (added,)


def test_a_hidden_author_never_verifies_a_line() -> None:
    before = ledger_of({PAGE: (1, [])})
    added = line("Ana", "Bo", "met")
    result = checked({PAGE: (2, [added])}, {PAGE: PageHistory((revision(2, None, added),))}, before)
    assert result.counted == ()
    assert "an account the history does not name" in result.problems[0].message


def test_an_ignored_line_stays_ignored_on_later_runs_without_reading_the_history_again() -> None:
    before = ledger_of({PAGE: (1, [])})
    added = line("Ana", "Bo", "declined")
    first = checked(
        {PAGE: (2, [added])}, {PAGE: PageHistory((revision(2, "Mallory", added),))}, before
    )
    assert unverified_pages(first.ledger, {PAGE: 2}) == {}
    again = checked({PAGE: (2, [added])}, {}, AnswerLedger.from_json(first.ledger.to_json()))
    assert again.counted == ()
    assert [item.added_by for item in again.ignored] == [("Mallory",)]


def test_the_same_line_saved_again_by_the_learner_counts_once_the_copy_stays_ignored() -> None:
    before = ledger_of({PAGE: (1, [])})
    forged, own = line("Ana", "Bo", "declined"), line("Ana", "Bo", "declined", n=1)
    history = PageHistory((revision(2, "Mallory", forged), revision(3, "Ana", forged, own)))
    result = checked({PAGE: (3, [forged, own])}, {PAGE: history}, before)
    assert len(result.counted) == 1 and len(result.ignored) == 1


def test_a_forged_answer_below_a_verified_one_does_not_overturn_it() -> None:
    kept = line("Ana", "Bo", "accepted")
    before = ledger_of({PAGE: (1, [kept])})
    forged = line("Ana", "Bo", "declined", n=1)
    history = PageHistory((revision(2, "Mallory", kept, forged),))
    result = checked({PAGE: (2, [kept, forged])}, {PAGE: history}, before)
    assert result.counted == (kept,)


def test_archiving_moves_lines_between_pages_without_a_new_check() -> None:
    moved = line("Ana", "Bo", "met")
    before = ledger_of({PAGE: (1, [moved])})
    archived = line("Ana", "Bo", "met", page=ARCHIVE)
    histories = {
        ARCHIVE: PageHistory((revision(2, "ArchiveBot", archived),)),
        PAGE: PageHistory((revision(3, "ArchiveBot"),)),
    }
    result = checked({ARCHIVE: (2, [archived]), PAGE: (3, [])}, histories, before)
    assert result.counted == (archived,)
    assert unverified_pages(before, {ARCHIVE: 2, PAGE: 3}) == {ARCHIVE: 0, PAGE: 1}


def test_a_removed_line_loses_its_check_and_a_copy_put_back_by_someone_else_does_not_count() -> (
    None
):
    original = line("Ana", "Bo", "met")
    before = ledger_of({PAGE: (1, [original])})
    removed = checked({PAGE: (2, [])}, {PAGE: PageHistory((revision(2, "Ana"),))}, before)
    assert removed.ledger.verified == {}
    back = checked(
        {PAGE: (3, [original])},
        {PAGE: PageHistory((revision(3, "Mallory", original),))},
        removed.ledger,
    )
    assert back.counted == ()


def test_additions_older_than_an_incomplete_history_are_credited_to_nobody() -> None:
    before = ledger_of({PAGE: (1, [])})
    early, late = line("Ana", "Bo", "met"), line("Cy", "Di", "met", n=1)
    history = PageHistory((revision(40, "Ana", early), revision(41, "Cy", early, late)), False)
    result = checked({PAGE: (41, [early, late])}, {PAGE: history}, before)
    assert result.counted == (late,)
    assert [item.item for item in result.ignored] == [early]


def test_a_ledger_survives_its_json_form() -> None:
    items = [line("Ana", "Bo", "met"), line("Ana", "Bo", "met", n=1)]
    before = ledger_of({PAGE: (1, [])})
    result = checked({PAGE: (2, items)}, {PAGE: PageHistory((revision(2, "Zed", *items),))}, before)
    again = AnswerLedger.from_json(result.ledger.to_json())
    assert again == result.ledger
    assert again.pages[PAGE] == (2, Counter({("Ana", "Bo", "proposal-writing", "met"): 2}))
    assert again.refused == {("Ana", "Bo", "proposal-writing", "met"): ("Zed",)}


# Shop talks: the same check, with the organisations' members and contacts, and statements
# keyed as the lines write them.

GHANA, ART = "Wikimedia Ghana User Group", "Art+Feminism"
ACCOUNTS = {GHANA: ("Kwame Mensah", "Ama Owusu"), ART: ("Lucia Paredes",)}
DECLINED = (GHANA, ART, "Proposal writing", "declined")


def talk(
    status: str, page: str = PAGE, n: int = 0, *, read: bool = True, asking: str = GHANA
) -> ShopTalkLine:
    """A line about Ghana and Art+Feminism's proposal-writing session, written with the
    skill's label; ``read`` False: this run's taxonomy does not know the skill."""
    said = (asking, ART, "Proposal writing", status)
    if not read:
        return ShopTalkLine(said)
    source = SourceRef(page, 1, n, n + 1)
    return ShopTalkLine(said, OrganisationFeedback(GHANA, ART, "proposal-writing", status, source))


def talk_revision(number: int, user: str | None, *lines: ShopTalkLine) -> PageRevision:
    return PageRevision(number, user, shop_talk_counts(lines))


def checked_talks(
    pages: dict[str, tuple[int, list[ShopTalkLine]]],
    histories: dict[str, PageHistory],
    previous: AnswerLedger | None,
    coordinators: tuple[str, ...] = ("Organiser A",),
    accounts: dict[str, tuple[str, ...]] = ACCOUNTS,
):
    by_page = {title: items for title, (_, items) in pages.items()}
    revisions = {title: number for title, (number, _) in pages.items()}
    return check_shop_talks(
        by_page, revisions, histories, previous, lambda name: accounts.get(name, ()), coordinators
    )


def statements(*lines: ShopTalkLine) -> tuple[OrganisationFeedback, ...]:
    return tuple(line.statement for line in lines if line.statement is not None)


def test_a_shop_talk_line_added_by_a_member_or_contact_of_either_organisation_counts() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    for author in ("Kwame Mensah", "ama_Owusu", "Lucia Paredes"):
        added = talk("declined")
        history = {PAGE: PageHistory((talk_revision(2, author, added),))}
        result = checked_talks({PAGE: (2, [added])}, history, before)
        assert result.counted == statements(added), author
        assert not result.problems
        assert result.ledger.verified == {DECLINED: 1}


def test_a_shop_talk_line_added_by_an_outsider_is_ignored_and_reported() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    for author in ("Mallory", None):
        history = {PAGE: PageHistory((talk_revision(2, author, added),))}
        result = checked_talks({PAGE: (2, [added])}, history, before)
        assert result.counted == ()
        assert [item.item for item in result.ignored] == list(statements(added))
        [found] = result.problems
        assert found.code == "shop-talk-feedback-not-theirs"
        assert found.value == (author or "")
        assert added.statement is not None and found.source == added.statement.source
        if author:
            assert "Mallory" in found.message and GHANA in found.message
    kept = checked_talks({PAGE: (2, [added])}, {}, result.ledger)
    assert kept.counted == () and len(kept.problems) == 1


def test_a_shop_talk_line_added_by_a_coordinator_counts_while_they_are_one() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("held")
    history = {PAGE: PageHistory((talk_revision(2, "Organiser_A", added),))}
    assert checked_talks({PAGE: (2, [added])}, history, before).counted == statements(added)
    assert checked_talks({PAGE: (2, [added])}, history, before, ()).counted == ()


def test_archiving_shop_talk_lines_keeps_them_counted() -> None:
    line_now = talk("declined")
    before = checked_talks({PAGE: (1, [line_now])}, {}, None).ledger
    archived = talk("declined", ARCHIVE)
    result = checked_talks(
        {ARCHIVE: (5, [archived]), PAGE: (2, [])},
        {
            ARCHIVE: PageHistory((talk_revision(5, "Archiver", archived),)),
            PAGE: PageHistory((talk_revision(2, "Archiver"),)),
        },
        before,
    )
    assert result.counted == statements(archived)


def test_on_a_first_shop_talk_check_every_line_counts_as_it_stands() -> None:
    lines = [talk("held"), talk("declined", n=1, read=False)]
    first = checked_talks({PAGE: (1, lines)}, {}, None)
    assert first.counted == statements(*lines) and not first.problems
    assert first.ledger.verified == {DECLINED: 1, (GHANA, ART, "Proposal writing", "held"): 1}


def test_a_ledger_without_a_shop_talk_part_or_with_the_old_one_starts_it_afresh() -> None:
    old = ledger_of({PAGE: (1, [line("Ana", "Bo", "met")])})
    payload = json.loads(old.to_json())
    assert "shop_talks" not in payload and "organisations" not in payload
    resolved_keys = {"pages": {PAGE: [1, [[GHANA, ART, "proposal-writing", "declined", 1]]]}}
    for part in ({}, {"organisations": {**resolved_keys, "verified": [], "refused": []}}):
        loaded = AnswerLedger.from_json(json.dumps({**payload, **part}))
        assert loaded == old and loaded.shop_talks is None
        assert unverified_pages(loaded.shop_talks, {PAGE: 2}) == {}
        stands = talk("declined")
        first = checked_talks({PAGE: (2, [stands])}, {}, loaded.shop_talks)
        assert first.counted == statements(stands)
    both = dataclasses.replace(loaded, shop_talks=first.ledger)
    again = AnswerLedger.from_json(both.to_json())
    assert again == both
    assert again.shop_talks is not None
    assert again.shop_talks.verified == {DECLINED: 1}


# Every run reads every shop-talk line's statement from the page, whether or not it can
# resolve the line's organisations and skill.


def test_a_line_a_run_cannot_resolve_keeps_its_verified_count() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    history = {PAGE: PageHistory((talk_revision(2, "Kwame Mensah", added),))}
    ledger = checked_talks({PAGE: (2, [added])}, history, before).ledger
    for _ in range(2):
        cut = checked_talks({PAGE: (2, [talk("declined", read=False)])}, {}, ledger)
        assert cut.counted == () and not cut.problems
        assert cut.ledger == ledger
    restored = checked_talks({PAGE: (2, [added])}, {}, ledger)
    assert restored.counted == statements(added) and not restored.problems


def test_a_line_a_member_adds_while_it_cannot_be_resolved_counts_once_it_can() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    unread = talk("declined", read=False)
    history = {PAGE: PageHistory((talk_revision(2, "Lucia Paredes", unread),))}
    cut = checked_talks({PAGE: (2, [unread])}, history, before)
    assert cut.counted == () and not cut.problems
    assert cut.ledger.verified == {DECLINED: 1}
    added = talk("declined")
    restored = checked_talks({PAGE: (2, [added])}, {}, cut.ledger)
    assert restored.counted == statements(added) and not restored.problems


def test_an_outsiders_line_stays_ignored_and_named_through_a_run_that_cannot_resolve_it() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    history = {PAGE: PageHistory((talk_revision(2, "Mallory", added),))}
    ledger = checked_talks({PAGE: (2, [added])}, history, before).ledger
    assert ledger.verified == {}
    cut = checked_talks({PAGE: (2, [talk("declined", read=False)])}, {}, ledger)
    assert cut.ledger == ledger
    restored = checked_talks({PAGE: (2, [added])}, {}, cut.ledger)
    assert restored.counted == ()
    assert [p.value for p in restored.problems] == ["Mallory"]


def test_who_may_add_a_line_is_decided_by_the_organisations_its_names_stand_for() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    alias = talk("declined", asking="Ghana UG")
    history = {PAGE: PageHistory((talk_revision(2, "Kwame Mensah", alias),))}
    unknown = checked_talks({PAGE: (2, [alias])}, history, before)
    assert unknown.counted == () and [p.value for p in unknown.problems] == ["Kwame Mensah"]
    accounts = {**ACCOUNTS, "Ghana UG": ACCOUNTS[GHANA]}
    known = checked_talks({PAGE: (2, [alias])}, history, before, accounts=accounts)
    assert known.counted == statements(alias) and not known.problems
    offering = {PAGE: PageHistory((talk_revision(2, "Lucia Paredes", alias),))}
    assert checked_talks({PAGE: (2, [alias])}, offering, before).counted == statements(alias)
