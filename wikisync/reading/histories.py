"""The feedback pages' recent histories, read for the answer check
(:mod:`wikisync.reading.answers`): one ``prop=revisions`` per 50 revisions of a page that
changed since the last check, each revision's feedback parsed as the page's is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wikisync.interfaces import PageReader
from wikisync.model import Feedback
from wikisync.reading.answers import (
    MAX_REVISIONS,
    AnswerLedger,
    CheckedAnswers,
    PageHistory,
    PageRevision,
    check_answers,
    statement_counts,
    unverified_pages,
)
from wikisync.reading.parse import parse_feedback
from wikisync.settings.programme import Programme


def checked_feedback(
    reader: PageReader,
    by_page: Mapping[str, Sequence[Feedback]],
    revisions: Mapping[str, int],
    previous: AnswerLedger | None,
    programme: Programme,
) -> CheckedAnswers:
    """Which feedback lines count: ``by_page`` holds each feedback page's lines in reading
    order (archives first), ``revisions`` the revisions they were read at, ``previous``
    the last check's ledger (None: none yet, every line counts)."""
    statements = [item for items in by_page.values() for item in items]
    histories = {
        title: _history(reader, title, after, programme)
        for title, after in unverified_pages(previous, revisions).items()
    }
    coordinators = programme.feedback.coordinators
    return check_answers(statements, by_page, revisions, histories, previous, coordinators)


def _history(reader: PageReader, title: str, after: int, programme: Programme) -> PageHistory:
    read = reader.revisions_after(title, after, MAX_REVISIONS)
    revisions = tuple(
        PageRevision(
            revision.revision,
            revision.user,
            statement_counts(
                parse_feedback(revision.text, title, revision.revision, programme.templates)[0]
            ),
        )
        for revision in read.revisions
    )
    return PageHistory(revisions, read.complete)
