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
    check_answers,
    check_shop_talks,
    shop_talk_counts,
    shop_talk_key,
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


# Shop talks: the same check, with the organisations' members and contacts.

GHANA, ART = "Wikimedia Ghana User Group", "Art+Feminism"
ACCOUNTS = {GHANA: ("Kwame Mensah", "Ama Owusu"), ART: ("Lucia Paredes",)}


def talk(status: str, page: str = PAGE, n: int = 0) -> OrganisationFeedback:
    return OrganisationFeedback(
        GHANA, ART, "proposal-writing", status, SourceRef(page, 1, n, n + 1)
    )


def talk_revision(number: int, user: str | None, *items: OrganisationFeedback) -> PageRevision:
    return PageRevision(number, user, shop_talk_counts(items))


def checked_talks(
    pages: dict[str, tuple[int, list[OrganisationFeedback]]],
    histories: dict[str, PageHistory],
    previous: AnswerLedger | None,
    coordinators: tuple[str, ...] = ("Organiser A",),
):
    by_page = {title: items for title, (_, items) in pages.items()}
    revisions = {title: number for title, (number, _) in pages.items()}
    statements = [item for items in by_page.values() for item in items]
    return check_shop_talks(
        statements, by_page, revisions, histories, previous, ACCOUNTS, coordinators
    )


def test_a_shop_talk_line_added_by_a_member_or_contact_of_either_organisation_counts() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    for author in ("Kwame Mensah", "ama_Owusu", "Lucia Paredes"):
        added = talk("declined")
        history = {PAGE: PageHistory((talk_revision(2, author, added),))}
        result = checked_talks({PAGE: (2, [added])}, history, before)
        assert result.counted == (added,), author
        assert not result.problems
        assert result.ledger.verified == {(GHANA, ART, "proposal-writing", "declined"): 1}


def test_a_shop_talk_line_added_by_an_outsider_is_ignored_and_reported() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    for author in ("Mallory", None):
        history = {PAGE: PageHistory((talk_revision(2, author, added),))}
        result = checked_talks({PAGE: (2, [added])}, history, before)
        assert result.counted == ()
        assert [item.item for item in result.ignored] == [added]
        [found] = result.problems
        assert found.code == "shop-talk-feedback-not-theirs"
        assert found.value == (author or "")
        assert found.source == added.source
        if author:
            assert "Mallory" in found.message and GHANA in found.message
    kept = checked_talks({PAGE: (2, [added])}, {}, result.ledger)
    assert kept.counted == () and len(kept.problems) == 1


def test_a_shop_talk_line_added_by_a_coordinator_counts_while_they_are_one() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("held")
    history = {PAGE: PageHistory((talk_revision(2, "Organiser_A", added),))}
    assert checked_talks({PAGE: (2, [added])}, history, before).counted == (added,)
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
    assert result.counted == (archived,)


def test_a_ledger_stored_without_an_organisations_part_loads_and_starts_it_afresh() -> None:
    old = ledger_of({PAGE: (1, [line("Ana", "Bo", "met")])})
    payload = json.loads(old.to_json())
    assert "organisations" not in payload
    loaded = AnswerLedger.from_json(json.dumps(payload))
    assert loaded == old and loaded.organisations is None
    assert unverified_pages(loaded.organisations, {PAGE: 2}) == {}
    stands = talk("declined")
    first = checked_talks({PAGE: (2, [stands])}, {}, loaded.organisations)
    assert first.counted == (stands,)
    both = dataclasses.replace(loaded, organisations=first.ledger)
    again = AnswerLedger.from_json(both.to_json())
    assert again == both
    assert again.organisations is not None
    assert again.organisations.verified == {(GHANA, ART, "proposal-writing", "declined"): 1}


# A run that cannot read some shop-talk lines keeps what the ledger knew of them.

SKILL_UNKNOWN = (GHANA, ART, None, "declined")
DECLINED = (GHANA, ART, "proposal-writing", "declined")


def unread_talks(
    pages: dict[str, tuple[int, list[OrganisationFeedback]]],
    histories: dict[str, PageHistory],
    previous: AnswerLedger | None,
    unread: dict[str, list[tuple[str | None, str | None, str | None, str | None]]],
):
    by_page = {title: items for title, (_, items) in pages.items()}
    revisions = {title: number for title, (number, _) in pages.items()}
    statements = [item for items in by_page.values() for item in items]
    return check_shop_talks(
        statements, by_page, revisions, histories, previous, ACCOUNTS, ("Organiser A",), unread
    )


def test_a_line_a_run_cannot_read_keeps_its_verified_count_through_runs_that_cannot() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    history = {PAGE: PageHistory((talk_revision(2, "Kwame Mensah", added),))}
    ledger = checked_talks({PAGE: (2, [added])}, history, before).ledger
    for _ in range(2):
        cut = unread_talks({PAGE: (2, [])}, {}, ledger, {PAGE: [SKILL_UNKNOWN]})
        assert cut.counted == () and not cut.problems
        assert cut.ledger is not None
        ledger = cut.ledger
        assert ledger.verified == {DECLINED: 1}
        assert ledger.pages[PAGE] == (2, Counter({DECLINED: 1}))
    restored = checked_talks({PAGE: (2, [added])}, {}, ledger)
    assert restored.counted == (added,) and not restored.problems


def test_a_page_edited_while_its_lines_cannot_be_read_keeps_them_and_credits_the_edit() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    history = {PAGE: PageHistory((talk_revision(2, "Kwame Mensah", added),))}
    ledger = checked_talks({PAGE: (2, [added])}, history, before).ledger
    held = talk("held", n=1)
    edited = {PAGE: PageHistory((talk_revision(3, "Lucia Paredes", held),))}
    cut = unread_talks({PAGE: (3, [held])}, edited, ledger, {PAGE: [SKILL_UNKNOWN]})
    assert cut.counted == (held,)
    assert cut.ledger is not None
    assert cut.ledger.pages[PAGE] == (3, Counter({DECLINED: 1, shop_talk_key(held): 1}))
    restored = checked_talks({PAGE: (3, [added, held])}, {}, cut.ledger)
    assert restored.counted == (added, held) and not restored.problems


def test_an_unread_line_keeps_only_a_statement_it_may_be() -> None:
    added = talk("declined")
    ledger = checked_talks({PAGE: (1, [added])}, {}, None).ledger
    for other in (
        (ART, GHANA, None, "declined"),
        (GHANA, ART, None, "held"),
        (None, None, "x", "declined"),
    ):
        cut = unread_talks({PAGE: (2, [])}, {PAGE: PageHistory(())}, ledger, {PAGE: [other]})
        assert cut.ledger is not None
        assert cut.ledger.verified == {}, other
        assert cut.ledger.pages[PAGE] == (2, Counter()), other
    gone = unread_talks({PAGE: (2, [])}, {PAGE: PageHistory(())}, ledger, {})
    assert gone.ledger is not None and gone.ledger.verified == {}
    back = checked_talks(
        {PAGE: (3, [added])},
        {PAGE: PageHistory((talk_revision(3, "Mallory", added),))},
        gone.ledger,
    )
    assert back.counted == () and [p.value for p in back.problems] == ["Mallory"]


def test_an_outsiders_line_stays_ignored_through_a_run_that_cannot_read_it() -> None:
    before = checked_talks({PAGE: (1, [])}, {}, None).ledger
    added = talk("declined")
    history = {PAGE: PageHistory((talk_revision(2, "Mallory", added),))}
    ledger = checked_talks({PAGE: (2, [added])}, history, before).ledger
    assert ledger is not None and ledger.verified == {}
    cut = unread_talks({PAGE: (2, [])}, {}, ledger, {PAGE: [SKILL_UNKNOWN]})
    assert cut.ledger is not None and cut.ledger.verified == {}
    restored = checked_talks({PAGE: (2, [added])}, {}, cut.ledger)
    assert restored.counted == ()
    assert [p.value for p in restored.problems] == ["Mallory"]


def test_a_first_check_that_cannot_read_every_line_starts_no_ledger() -> None:
    stands = talk("held")
    first = unread_talks({PAGE: (1, [stands])}, {}, None, {PAGE: [SKILL_UNKNOWN]})
    assert first.counted == (stands,)
    assert first.ledger is None
    assert checked_talks({PAGE: (1, [stands])}, {}, None).ledger is not None
