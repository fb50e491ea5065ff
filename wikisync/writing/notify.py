"""Talk-page messages about new suggestions, for participants who asked for them.

A participant whose entry says ``notify = yes`` gets a short message, in the pages'
language, when suggestions name them (as learner or as sharer) for the first time: one
message a run per person, a digest of every new suggestion that names them. Never twice
for the same pair: the state remembers every pair announced, and a message carries a
hidden mark per pair, so a message sent by a run killed before it could record it is found
on the talk page instead of being sent again. Only pairs of publicly listed participants
are announced (a message names the other person), to at most ``max_per_run`` people a run,
and never on a talk page with ``{{nobots}}``, a ``{{bots}}`` denial or
``{{bots|optout=…}}``.

Choosing and writing the messages is pure; :func:`send` does the wiki work.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from wikisync.interfaces import PageWriter, SaveOutcome
from wikisync.model import MatchResult, Person
from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.links import page_link
from wikisync.render.pages.forms import answer_links
from wikisync.running.progress import LOGGER
from wikisync.writing.safety import accepts_messages

log = logging.getLogger(LOGGER)


class NoteKind(Enum):
    """What a message tells: a new suggestion, or that the recipient is paused for not
    answering (see :mod:`wikisync.planning.silence`)."""

    SUGGESTION = "suggestion"
    PAUSED = "paused"


@dataclass(frozen=True, slots=True)
class Notification:
    """One message to ``recipient`` about the suggestion (learner, sharer, skill).

    A ``PAUSED`` note has no learner and the day the pause began as its ``skill``, so a
    sharer paused again later is told again.
    """

    recipient: str
    learner: str
    sharer: str
    skill: str
    kind: NoteKind = NoteKind.SUGGESTION

    @classmethod
    def paused(cls, sharer: str, day: dt.date) -> Notification:
        """The note telling ``sharer`` they are paused since ``day``."""
        return cls(sharer, "", sharer, day.isoformat(), NoteKind.PAUSED)

    @property
    def talk_page(self) -> str:
        """Where the message goes."""
        return f"User talk:{self.recipient}"

    @property
    def mark(self) -> str:
        """The hidden mark that identifies this message on the talk page."""
        parts: tuple[str, ...] = (self.recipient, self.learner, self.sharer, self.skill)
        if self.kind is not NoteKind.SUGGESTION:
            parts = (*parts, self.kind.value)
        key = "\x1f".join(parts)
        return f"<!-- wikisync-notification:{hashlib.sha256(key.encode()).hexdigest()[:20]} -->"


@dataclass(frozen=True, slots=True)
class NotifyReport:
    """What :func:`send` did: pairs announced, pairs found already announced, talk pages
    left alone (and why), and messages (talk-page sections) posted."""

    sent: int = 0
    found: int = 0
    skipped: tuple[str, ...] = ()
    messages: int = 0


def due_notifications(
    result: MatchResult,
    people: Iterable[Person],
    already_sent: Callable[[Notification], bool],
    limit: int,
    paused: Iterable[Notification] = (),
) -> list[Notification]:
    """The pairs this run owes a message about, in a stable order, then the ``paused``
    notes owed to publicly listed people who asked for messages, for at most ``limit``
    recipients (each gets every pair owed to them, in one message)."""
    by_name = {person.username: person for person in people}
    owed: list[Notification] = []
    for note in paused:
        person = by_name.get(note.recipient)
        if person is not None and person.public and person.notify and not already_sent(note):
            owed.append(note)
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
    recipients = set(list(dict.fromkeys(note.recipient for note in owed))[:limit])
    return [note for note in owed if note.recipient in recipients]


def digests(notes: Iterable[Notification]) -> list[tuple[Notification, ...]]:
    """The pairs owed, one group per recipient and kind (in order of first appearance)."""
    grouped: dict[tuple[str, NoteKind], list[Notification]] = {}
    for note in notes:
        grouped.setdefault((note.recipient, note.kind), []).append(note)
    return [tuple(group) for group in grouped.values()]


def message(note: Notification, ctx: RenderContext, place: str) -> tuple[str, str]:
    """The heading and signed text of a message about one pair, in the pages' language,
    linking to ``place`` (the recipient's entry on the person index, or Matches)."""
    messages = ctx.messages
    skill = ctx.skill_label(note.skill)
    where = place_link(place)
    if note.recipient == note.learner:
        body = messages.msg("notify-learner", skill, ctx.name(note.sharer), where)
    else:
        body = messages.msg("notify-sharer", ctx.name(note.learner), skill, where)
    heading = str(messages.msg("notify-heading", skill))
    answer = _answers(note, ctx)
    return heading, f"{body}{answer} {messages.msg('notify-footer')} ~~~~ {note.mark}"


def digest_message(
    notes: tuple[Notification, ...], ctx: RenderContext, place: str
) -> tuple[str, str]:
    """The heading and signed text of one recipient's message about all ``notes`` (one
    pair: :func:`message`), a line per pair, with every pair's mark; a pause note is
    :func:`paused_message`."""
    if notes[0].kind is NoteKind.PAUSED:
        return paused_message(notes[0], ctx)
    if len(notes) == 1:
        return message(notes[0], ctx, place)
    messages = ctx.messages
    lines = [f"* {_digest_line(note, ctx)}" for note in notes]
    details = messages.msg("notify-digest-details", place_link(place))
    marks = " ".join(note.mark for note in notes)
    text = (
        f"{messages.msg('notify-digest-intro')}\n" + "\n".join(lines) + "\n\n"
        f"{details} {messages.msg('notify-footer')} ~~~~ {marks}"
    )
    return str(messages.msg("notify-digest-heading", len(notes))), text


def paused_message(note: Notification, ctx: RenderContext) -> tuple[str, str]:
    """The heading and signed text telling a sharer they are paused, and how to come back."""
    messages = ctx.messages
    days = ctx.settings.answer_days
    body = messages.msg("notify-paused", days, page_link(ctx.settings.matches_title))
    text = f"{body} {messages.msg('notify-footer')} ~~~~ {note.mark}"
    return str(messages.msg("notify-paused-heading")), text


def place_link(place: str) -> Wikitext:
    """A link to ``place``, labelled with its page title (without the anchor)."""
    return page_link(place, place.partition("#")[0])


def _digest_line(note: Notification, ctx: RenderContext) -> str:
    skill = ctx.skill_label(note.skill)
    if note.recipient == note.learner:
        line = ctx.messages.msg("notify-digest-learn", skill, ctx.name(note.sharer))
    else:
        line = ctx.messages.msg("notify-digest-share", ctx.name(note.learner), skill)
    return f"{line}{_answers(note, ctx)}"


def _answers(note: Notification, ctx: RenderContext) -> str:
    """The pair's one-click answers after a space, where the programme has a feedback page."""
    if not ctx.settings.feedback:
        return ""
    links = answer_links(ctx, note.learner, note.sharer, note.skill)
    return f" {ctx.messages.msg('notify-answer', links)}"


def send(
    connection: PageWriter,
    notes: list[Notification],
    ctx: RenderContext,
    places: Mapping[str, str],
    bot: str,
    record: Callable[[Notification, int, dt.datetime], None],
    may_edit: Callable[[], bool],
) -> NotifyReport:
    """Post one message per recipient about their pairs, recording each pair; stop when the
    kill switch says so. A pair whose mark is already on the talk page is recorded and left
    out of the message.

    ``may_edit`` is asked before each message (see :class:`wikisync.writing.safety.KillSwitch`).
    """
    if not notes:
        return NotifyReport()
    pages = connection.read_pages(dict.fromkeys(note.talk_page for note in notes))
    summary = f"wikisync: {ctx.messages.msg('summary-notify')}"
    sent = found = posted = 0
    skipped: list[str] = []
    for group in digests(notes):
        talk = group[0].talk_page
        page = pages[talk]
        there = [note for note in group if note.mark in page.text]
        for note in there:
            record(note, page.revision, dt.datetime.now(dt.UTC))
        found += len(there)
        owed = tuple(note for note in group if note not in there)
        if not owed:
            continue
        if page.exists and not accepts_messages(page.text, bot):
            skipped.append(talk)
            continue
        if not may_edit():
            break
        place = places.get(owed[0].recipient, ctx.settings.matches_title)
        heading, text = digest_message(owed, ctx, place)
        saved = connection.add_section(talk, heading, text, summary, base=page)
        if saved.outcome in (SaveOutcome.EDITED, SaveOutcome.CREATED):
            for note in owed:
                record(note, saved.revision, dt.datetime.now(dt.UTC))
            sent += len(owed)
            posted += 1
            log.info("notified %s (%d suggestions)", owed[0].recipient, len(owed))
        else:
            skipped.append(f"{talk} ({saved.outcome.value}: {saved.detail})")
    return NotifyReport(sent, found, tuple(skipped), posted)
