"""Talk-page messages about new suggestions, for participants who asked for them.

A participant whose entry says ``notify = yes`` gets one short message, in the pages'
language, when a suggestion names them (as learner or as sharer) for the first time. Never
twice for the same pair: the state remembers every message sent, and each message carries
a hidden mark, so a message sent by a run killed before it could record it is found on the
talk page instead of being sent again. Only pairs of publicly listed participants are
announced (a message names the other person), at most ``max_per_run`` a run, and never on
a talk page with ``{{nobots}}``, a ``{{bots}}`` denial or ``{{bots|optout=…}}``.

Choosing and writing the messages is pure; :func:`send` does the wiki work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wikisync.interfaces import PageWriter, SaveOutcome
from wikisync.model import MatchResult, Person
from wikisync.render.context import RenderContext
from wikisync.render.links import page_link
from wikisync.running.progress import LOGGER
from wikisync.writing.safety import accepts_messages

log = logging.getLogger(LOGGER)


@dataclass(frozen=True, slots=True)
class Notification:
    """One message to ``recipient`` about the suggestion (learner, sharer, skill)."""

    recipient: str
    learner: str
    sharer: str
    skill: str

    @property
    def talk_page(self) -> str:
        """Where the message goes."""
        return f"User talk:{self.recipient}"

    @property
    def mark(self) -> str:
        """The hidden mark that identifies this message on the talk page."""
        key = "\x1f".join((self.recipient, self.learner, self.sharer, self.skill))
        return f"<!-- wikisync-notification:{hashlib.sha256(key.encode()).hexdigest()[:20]} -->"


@dataclass(frozen=True, slots=True)
class NotifyReport:
    """What :func:`send` did: messages sent, found already there, and refused pages."""

    sent: int = 0
    found: int = 0
    skipped: tuple[str, ...] = ()


def due_notifications(
    result: MatchResult,
    people: Iterable[Person],
    already_sent: Callable[[Notification], bool],
    limit: int,
) -> list[Notification]:
    """The messages this run owes, in a stable order, at most ``limit``."""
    by_name = {person.username: person for person in people}
    owed: list[Notification] = []
    for suggestion in sorted(result.suggestions, key=lambda s: (s.learner, s.skill, s.sharer)):
        learner, sharer = by_name.get(suggestion.learner), by_name.get(suggestion.sharer)
        if learner is None or sharer is None or not (learner.public and sharer.public):
            continue
        for person in (learner, sharer):
            note = Notification(
                person.username, learner.username, sharer.username, suggestion.skill
            )
            if person.notify and not already_sent(note):
                owed.append(note)
    return owed[:limit]


def message(note: Notification, ctx: RenderContext, matches_title: str) -> tuple[str, str]:
    """The heading and signed text of a message, in the pages' language."""
    messages = ctx.messages
    skill = ctx.skill_label(note.skill)
    where = page_link(matches_title)
    if note.recipient == note.learner:
        body = messages.msg("notify-learner", skill, ctx.name(note.sharer), where)
    else:
        body = messages.msg("notify-sharer", ctx.name(note.learner), skill, where)
    heading = str(messages.msg("notify-heading", skill))
    return heading, f"{body} {messages.msg('notify-footer')} ~~~~ {note.mark}"


def send(
    connection: PageWriter,
    notes: list[Notification],
    ctx: RenderContext,
    matches_title: str,
    bot: str,
    record: Callable[[Notification, int, dt.datetime], None],
    may_edit: Callable[[], bool],
) -> NotifyReport:
    """Post the messages, recording each one; stop when the kill switch says so.

    ``may_edit`` is asked before each message (see :class:`wikisync.writing.safety.KillSwitch`).
    """
    if not notes:
        return NotifyReport()
    pages = connection.read_pages(dict.fromkeys(note.talk_page for note in notes))
    summary = f"wikisync: {ctx.messages.msg('summary-notify')}"
    sent = found = 0
    skipped: list[str] = []
    for note in notes:
        page = pages[note.talk_page]
        if note.mark in page.text:
            record(note, page.revision, dt.datetime.now(dt.UTC))
            found += 1
            continue
        if page.exists and not accepts_messages(page.text, bot):
            skipped.append(note.talk_page)
            continue
        if not may_edit():
            break
        heading, text = message(note, ctx, matches_title)
        saved = connection.add_section(note.talk_page, heading, text, summary, base=page)
        if saved.outcome in (SaveOutcome.EDITED, SaveOutcome.CREATED):
            record(note, saved.revision, dt.datetime.now(dt.UTC))
            sent += 1
            log.info("notified %s (%s)", note.recipient, note.skill)
        else:
            skipped.append(f"{note.talk_page} ({saved.outcome.value}: {saved.detail})")
    return NotifyReport(sent, found, tuple(skipped))
