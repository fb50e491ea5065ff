"""The shop-talk pages: one page per suggested session, and an overview of them all.

A session's page (``…/Shop talks/<skill> · <offering organisation>``) names the offering
and the asking organisations with their people (those whose own entries share, or want
to learn, the skill first; only people who agreed to be named, the others counted), the
asking organisations' questions, the language all of them speak, two suggested UTC hours,
a short agenda, why each organisation is there and the feedback line to add once the
session is held or declined. The overview (``…/Shop talks``) lists every session with a
link to its page, then the wanted skills left without a session and why.

Every organisation name, question and skill label is escaped; the same sessions always
give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from wikisync.model import Organisation, Reason, ShopTalk, ShopTalks, UnmetWant
from wikisync.render.blocks import bullets, heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, escape
from wikisync.render.formatting import clock, language_name
from wikisync.render.links import is_valid_title, normalize_title, page_link
from wikisync.render.pages.parts import SplitSettings, chunks, utf8_size
from wikisync.render.reasons import HISTORY_REASONS

MARKER = "shoptalk"

#: The columns of the overview's sessions table and of its unmet wants table.
SESSION_COLUMNS = (
    "column-skill",
    "shoptalk-column-offering",
    "shoptalk-column-asking",
    "shoptalk-column-language",
    "column-page",
)
UNMET_COLUMNS = ("shoptalk-column-organisation", "column-skill", "shoptalk-column-reason")
#: The agenda of every session, in order (message keys).
AGENDA = (
    "shoptalk-agenda-introductions",
    "shoptalk-agenda-questions",
    "shoptalk-agenda-lessons",
    "shoptalk-agenda-follow-ups",
)
#: The reason codes with a message (``shoptalk-reason-<code>``): seats, then unmet wants.
#: ``kept`` is not shown, as on the matches pages (see ``HISTORY_REASONS``).
REASON_CODES = (
    "common-language",
    "members-share",
    "time-overlap",
    "same-region",
    "different-region",
    "rare-skill",
    "organisation-away",
    "organisation-inactive",
    "no-offer",
    "offers-away",
    "no-common-language",
    "excluded",
    "offers-full",
)
#: Most characters of an organisation's questions shown on a page.
QUESTIONS_LIMIT = 1000
#: Longest page name of a session below the overview, in characters.
NAME_LIMIT = 120


def shop_talk_pages(
    talks: ShopTalks,
    organisations: Sequence[Organisation],
    ctx: RenderContext,
    split: SplitSettings | None = None,
) -> dict[str, str]:
    """The overview and every session's page: title -> body (none without organisations).

    An overview larger than ``split`` allows keeps links to its tables' parts
    (``…/Shop talks/Sessions/<n>`` and ``…/Shop talks/Without a session/<n>``).
    """
    if not organisations:
        return {}
    by_name = {organisation.name: organisation for organisation in organisations}
    titles = session_titles(talks.sessions, ctx)
    pages = overview_pages(talks, titles, ctx, split or SplitSettings())
    for session, title in zip(talks.sessions, titles, strict=True):
        pages[title] = session_page(session, by_name, ctx)
    return pages


def overview_pages(
    talks: ShopTalks, titles: Sequence[str], ctx: RenderContext, split: SplitSettings
) -> dict[str, str]:
    """The overview, split into parts when it does not fit (see :func:`shop_talk_pages`)."""
    body = overview(talks, titles, ctx)
    main = ctx.settings.shop_talks_title
    if split.fits(body):
        return {main: body}
    messages = ctx.messages
    sessions = [_session_row(s, t, ctx) for s, t in zip(talks.sessions, titles, strict=True)]
    unmet = [_unmet_row(want, ctx) for want in talks.unmet]
    pages: dict[str, str] = {}
    index = [_intro(ctx)]
    for name, heading_key, columns, rows in (
        ("Sessions", "shoptalk-heading-sessions", SESSION_COLUMNS, sessions),
        ("Without a session", "shoptalk-heading-unmet", UNMET_COLUMNS, unmet),
    ):
        if not rows:
            continue
        runs = chunks(rows, lambda row: utf8_size("\n| ".join(row)) + 8, split.max_bytes - 2048)
        parts = [ctx.settings.shop_talk_title(f"{name}/{n}") for n in range(1, len(runs) + 1)]
        headers = [messages.msg(key) for key in columns]
        for title, run in zip(parts, runs, strict=True):
            pages[title] = messages.wrap_direction(wikitable(headers, run))
        links = [page_link(title, str(n)) for n, title in enumerate(parts, start=1)]
        index += [heading(2, messages.msg(heading_key)), messages.join(links)]
    pages[main] = messages.wrap_direction("\n\n".join(index))
    return pages


def session_titles(sessions: Sequence[ShopTalk], ctx: RenderContext) -> list[str]:
    """Each session's title, in the order of ``sessions``: ``<skill> · <offering>``, with
    ``(2)``, ``(3)`` … after the second and further sessions of the same name, and the
    skill id and the session's position instead when the name makes no valid title."""
    seen: Counter[str] = Counter()
    titles: list[str] = []
    for session in sessions:
        name = normalize_title(f"{ctx.skill_label(session.skill)} · {session.offering}")
        name = name.replace("/", "∕")[:NAME_LIMIT].strip()
        if not is_valid_title(ctx.settings.shop_talk_title(name)):
            name = normalize_title(f"{session.skill} · {len(titles) + 1}")
        seen[name] += 1
        shown = f"{name} ({seen[name]})" if seen[name] > 1 else name
        titles.append(ctx.settings.shop_talk_title(shown))
    return titles


def overview(talks: ShopTalks, titles: Sequence[str], ctx: RenderContext) -> str:
    """The overview page: the sessions, then the wants left without one."""
    messages = ctx.messages
    parts = [_intro(ctx)]
    if talks.sessions:
        rows = [_session_row(s, t, ctx) for s, t in zip(talks.sessions, titles, strict=True)]
        parts.append(wikitable([messages.msg(key) for key in SESSION_COLUMNS], rows))
    else:
        parts.append(messages.msg("shoptalk-empty"))
    if talks.unmet:
        parts.append(heading(2, messages.msg("shoptalk-heading-unmet")))
        rows = [_unmet_row(want, ctx) for want in talks.unmet]
        parts.append(wikitable([messages.msg(key) for key in UNMET_COLUMNS], rows))
    return messages.wrap_direction("\n\n".join(parts))


def _intro(ctx: RenderContext) -> str:
    messages = ctx.messages
    feedback = ctx.settings.feedback
    return messages.msg("shoptalk-intro", page_link(feedback) if feedback else messages.msg("none"))


def _session_row(session: ShopTalk, title: str, ctx: RenderContext) -> list[str]:
    messages = ctx.messages
    return [
        ctx.skill_link(session.skill),
        _organisation(session.offering, ctx),
        messages.join([_organisation(name, ctx) for name in session.asking]),
        _languages(session.languages, ctx),
        page_link(title, messages.msg("shoptalk-page")),
    ]


def _unmet_row(want: UnmetWant, ctx: RenderContext) -> list[str]:
    reasons = [reason_text(reason, ctx) for reason in want.reasons]
    return [_organisation(want.asking, ctx), ctx.skill_link(want.skill), ctx.messages.join(reasons)]


def session_page(
    session: ShopTalk, organisations: Mapping[str, Organisation], ctx: RenderContext
) -> str:
    """The page of one session (see the module's description)."""
    messages = ctx.messages
    skill = ctx.skill_link(session.skill)
    parts = [
        messages.msg("shoptalk-session-intro", skill, _organisation(session.offering, ctx)),
        heading(2, messages.msg("shoptalk-heading-organisations")),
        bullets(_members(session, organisations, ctx)),
        heading(2, messages.msg("shoptalk-heading-questions")),
        _questions(session, organisations, ctx),
        heading(2, messages.msg("shoptalk-heading-when")),
        bullets(
            [
                messages.msg("shoptalk-language", _languages(session.languages, ctx)),
                _slots(session, ctx),
            ]
        ),
        heading(2, messages.msg("shoptalk-heading-agenda")),
        "\n".join(f"# {messages.msg(key)}" for key in AGENDA),
        heading(2, messages.msg("shoptalk-heading-why")),
        bullets(
            [
                messages.msg(
                    "shoptalk-why",
                    _organisation(seat.asking, ctx),
                    messages.join(
                        [
                            reason_text(reason, ctx)
                            for reason in seat.reasons
                            if reason.code not in HISTORY_REASONS
                        ]
                    ),
                )
                for seat in session.seats
            ]
        ),
        heading(2, messages.msg("shoptalk-heading-feedback")),
        _feedback(session, ctx),
    ]
    return messages.wrap_direction("\n\n".join(parts))


def _organisation(name: str, ctx: RenderContext) -> Wikitext:
    return ctx.messages.isolate(escape(name))


def _languages(codes: Sequence[str], ctx: RenderContext) -> Wikitext:
    if not codes:
        return ctx.messages.msg("none")
    return ctx.messages.join([language_name(code, ctx.messages) for code in codes])


def _members(
    session: ShopTalk, organisations: Mapping[str, Organisation], ctx: RenderContext
) -> list[str]:
    """One line per organisation, the offering one first, each with its people."""
    messages = ctx.messages
    lines: list[str] = [
        messages.msg(
            "shoptalk-offering",
            _organisation(session.offering, ctx),
            _people(organisations.get(session.offering), session.skill, True, ctx),
        )
    ]
    lines.extend(
        messages.msg(
            "shoptalk-asking",
            _organisation(name, ctx),
            _people(organisations.get(name), session.skill, False, ctx),
        )
        for name in session.asking
    )
    return lines


def _people(
    organisation: Organisation | None, skill: str, sharing: bool, ctx: RenderContext
) -> Wikitext:
    """The organisation's people who may be named, those whose own entries share (or want
    to learn) ``skill`` first, then a count of the others."""
    messages = ctx.messages
    if organisation is None or not organisation.participants:
        return messages.msg("none")

    def first(name: str) -> tuple[bool, tuple[str, str]]:
        person = ctx.people.get(name)
        skills = (person.shares if sharing else person.learns) if person else ()
        return (skill not in skills, sort_key(name))

    public = sorted((n for n in organisation.participants if ctx.is_public(n)), key=first)
    shown: list[str] = [ctx.name(name) for name in public]
    hidden = len(set(organisation.participants)) - len(public)
    if hidden:
        shown.append(messages.msg("private-others" if shown else "private-only", hidden))
    return messages.join(shown)


def _questions(
    session: ShopTalk, organisations: Mapping[str, Organisation], ctx: RenderContext
) -> str:
    messages = ctx.messages
    asked = [
        messages.msg(
            "shoptalk-question",
            _organisation(name, ctx),
            escape(organisations[name].questions, QUESTIONS_LIMIT),
        )
        for name in session.asking
        if name in organisations and organisations[name].questions.strip()
    ]
    return bullets(asked) if asked else messages.msg("shoptalk-no-questions")


def _slots(session: ShopTalk, ctx: RenderContext) -> Wikitext:
    messages = ctx.messages
    if not session.slots:
        return messages.msg("shoptalk-slots-unknown")
    shown = [
        messages.msg("shoptalk-slot", Wikitext(clock(hour * 60)), count, session.timed)
        for hour, count in session.slots
    ]
    return messages.msg("shoptalk-slots", messages.join(shown))


def _feedback(session: ShopTalk, ctx: RenderContext) -> str:
    """The feedback lines to add once the session is held (or declined), shown literally."""
    settings = ctx.settings
    lines = [
        escape(
            f"{{{{{settings.feedback_template} | asking = {name} | offering = "
            f"{session.offering} | skill = {session.skill} | status = held}}}}"
        )
        for name in session.asking
    ]
    where = page_link(settings.feedback) if settings.feedback else ctx.messages.msg("none")
    code = "\n".join(f"* <code>{line}</code>" for line in lines)
    return f"{ctx.messages.msg('shoptalk-feedback', where)}\n{code}"


def reason_text(reason: Reason, ctx: RenderContext) -> Wikitext:
    """A seat's or an unmet want's reason in words (a language by its name)."""
    messages = ctx.messages
    if reason.code not in REASON_CODES:
        return escape(reason.code)
    if reason.code == "common-language" and reason.args:
        return messages.msg(
            "shoptalk-reason-common-language", language_name(str(reason.args[0]), messages)
        )
    key = f"shoptalk-reason-{reason.code}"
    if reason.code == "organisation-away" and not reason.args:
        key = "shoptalk-reason-organisation-away-undated"
    return messages.msg(key, *reason.args)
