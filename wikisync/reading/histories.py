"""The feedback pages' recent histories, read for the answer check
(:mod:`wikisync.reading.answers`): one ``prop=revisions`` per 50 revisions of a page that
changed since the last check, read once for people's lines and the shop-talk lines, each
revision's feedback parsed as the page's is."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from wikisync.interfaces import PageReader, PageRevisions, RevisionText
from wikisync.model import Feedback, Organisation
from wikisync.normalize.organisation_feedback import written_statement
from wikisync.normalize.organisations import OrganisationIndex, account_names
from wikisync.reading.answers import (
    MAX_REVISIONS,
    AnswerLedger,
    CheckedAnswers,
    CheckedShopTalks,
    Key,
    PageHistory,
    PageRevision,
    ShopTalkLine,
    check_answers,
    check_shop_talks,
    statement_counts,
    unverified_pages,
)
from wikisync.reading.parse import parse_feedback, parse_organisation_feedback
from wikisync.settings.programme import Programme


@dataclass(frozen=True, slots=True)
class FeedbackHistories:
    """The revisions read of each feedback page, with the revision after which they were
    read; ``previous`` is the last check's ledger (None: none yet)."""

    previous: AnswerLedger | None
    read: Mapping[str, tuple[int, PageRevisions]]

    @classmethod
    def of(
        cls, reader: PageReader, revisions: Mapping[str, int], previous: AnswerLedger | None
    ) -> FeedbackHistories:
        """Read the histories both checks need (:func:`unverified_pages` of the ledger and of
        its ``shop_talks`` part), each page once, after the older revision of the two."""
        wanted = unverified_pages(previous, revisions)
        if previous is not None:
            for title, after in unverified_pages(previous.shop_talks, revisions).items():
                wanted[title] = min(after, wanted.get(title, after))
        read = {
            title: (after, reader.revisions_after(title, after, MAX_REVISIONS))
            for title, after in wanted.items()
        }
        return cls(previous, read)

    def histories(
        self, part: AnswerLedger | None, revisions: Mapping[str, int], counts: _Counts
    ) -> dict[str, PageHistory]:
        """The histories ``part`` of the ledger needs, each revision's statements counted by
        ``counts``."""
        histories = {}
        for title, after in unverified_pages(part, revisions).items():
            read_after, read = self.read[title]
            kept = tuple(revision for revision in read.revisions if revision.revision > after)
            complete = read.complete or (read_after < after and len(kept) < len(read.revisions))
            histories[title] = PageHistory(
                tuple(
                    PageRevision(revision.revision, revision.user, counts(revision, title))
                    for revision in kept
                ),
                complete,
            )
        return histories


#: The statements of one revision of a feedback page, counted by key.
_Counts = Callable[[RevisionText, str], Counter[Key]]


def checked_feedback(
    histories: FeedbackHistories,
    by_page: Mapping[str, Sequence[Feedback]],
    revisions: Mapping[str, int],
    programme: Programme,
) -> CheckedAnswers:
    """Which feedback lines count: ``by_page`` holds each feedback page's lines in reading
    order (archives first), ``revisions`` the revisions they were read at (with no ledger
    yet, every line counts)."""
    statements = [item for items in by_page.values() for item in items]

    def counts(revision: RevisionText, title: str) -> Counter[Key]:
        items = parse_feedback(revision.text, title, revision.revision, programme.templates)[0]
        return statement_counts(items)

    previous = histories.previous
    read = histories.histories(previous, revisions, counts)
    coordinators = programme.feedback.coordinators
    return check_answers(statements, by_page, revisions, read, previous, coordinators)


def checked_shop_talks(
    histories: FeedbackHistories,
    by_page: Mapping[str, Sequence[ShopTalkLine]],
    revisions: Mapping[str, int],
    programme: Programme,
    organisations: Iterable[Organisation],
) -> CheckedShopTalks:
    """Which shop-talk feedback lines count, as :func:`checked_feedback` for people's:
    ``by_page`` holds each page's lines in reading order, and the revisions' lines are
    counted as written, so neither needs ``organisations``: they only say who may add a
    line (:func:`check_shop_talks`). With no ledger, or one without a ``shop_talks``
    part, every line counts."""
    organisations = tuple(organisations)
    index = OrganisationIndex(organisations)
    accounts: dict[str, list[str]] = {}
    for organisation in organisations:
        accounts.setdefault(organisation.name, []).extend(account_names([organisation]))

    def members(written: str) -> list[str]:
        name = index.lookup(written)
        return accounts.get(name, []) if name is not None else []

    def counts(revision: RevisionText, title: str) -> Counter[Key]:
        records = parse_organisation_feedback(
            revision.text, title, revision.revision, programme.templates
        )
        return Counter(filter(None, map(written_statement, records)))

    previous = histories.previous.shop_talks if histories.previous is not None else None
    read = histories.histories(previous, revisions, counts)
    coordinators = programme.feedback.coordinators
    return check_shop_talks(by_page, revisions, read, previous, members, coordinators)
