"""The suggested-connections page: who could learn what from whom, and why."""

from __future__ import annotations

from wikisync.model import MatchResult, Suggestion, Unmatched
from wikisync.render.blocks import heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.formatting import codes, common_languages, time_difference
from wikisync.render.reasons import reasons_line, unmatched_line

MARKER = "matches"


def render_matches(result: MatchResult, ctx: RenderContext) -> str:
    """A sortable table of suggestions and a table of requests without a match yet."""
    messages = ctx.messages
    parts = [
        heading(2, messages.msg("matches-heading-suggestions")),
        suggestions_table(result.suggestions, ctx),
        heading(2, messages.msg("matches-heading-unmatched")),
        unmatched_table(result.unmatched, ctx),
    ]
    return messages.wrap_direction("\n\n".join(parts))


def suggestions_table(suggestions: tuple[Suggestion, ...], ctx: RenderContext) -> str:
    """One row per suggestion: learner, skill, sharer, languages, time difference, reason."""
    messages = ctx.messages
    if not suggestions:
        return messages.msg("matches-empty")
    headers = [
        messages.msg(key)
        for key in (
            "column-learner",
            "column-skill",
            "column-sharer",
            "column-common-languages",
            "column-time-difference",
            "column-reason",
        )
    ]
    ordered = sorted(suggestions, key=lambda item: _suggestion_key(item, ctx))
    return wikitable(headers, [_suggestion_row(item, ctx) for item in ordered])


def _suggestion_key(item: Suggestion, ctx: RenderContext) -> tuple[object, ...]:
    return (
        sort_key(ctx.skill_label(item.skill)),
        item.skill,
        sort_key(item.learner),
        sort_key(item.sharer),
        -item.score,
        [(reason.code, [str(arg) for arg in reason.args]) for reason in item.reasons],
    )


def _suggestion_row(item: Suggestion, ctx: RenderContext) -> list[str]:
    learner, sharer = ctx.people.get(item.learner), ctx.people.get(item.sharer)
    return [
        ctx.name(item.learner),
        ctx.skill_link(item.skill),
        ctx.name(item.sharer),
        codes(common_languages(learner, sharer), ctx.messages),
        time_difference(learner, sharer, ctx.messages),
        reasons_line(item.reasons, ctx.messages, ctx.skill_label),
    ]


def unmatched_table(unmatched: tuple[Unmatched, ...], ctx: RenderContext) -> str:
    """One row per learn request without a suggestion, with the reasons why."""
    messages = ctx.messages
    if not unmatched:
        return messages.msg("matches-unmatched-empty")
    headers = [messages.msg(key) for key in ("column-learner", "column-skill", "column-why")]
    ordered = sorted(
        unmatched,
        key=lambda item: (
            sort_key(ctx.skill_label(item.skill)),
            item.skill,
            sort_key(item.learner),
        ),
    )
    rows = [
        [ctx.name(item.learner), ctx.skill_link(item.skill), unmatched_line(item.reasons, messages)]
        for item in ordered
    ]
    return wikitable(headers, rows)
