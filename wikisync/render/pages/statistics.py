"""The statistics page: who takes part, which skills are offered and wanted, and how
suggestions turn into meetings over time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wikisync.model import Figures, MatchResult
from wikisync.render.blocks import bar, heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, escape
from wikisync.render.figures import FIGURE_COLUMNS, figure_cells
from wikisync.render.formatting import language_name
from wikisync.render.i18n import Messages

MARKER = "statistics"


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    """How many suggestions stood on ``day`` and how many of them were reported as met."""

    day: dt.date
    suggestions: int
    met: int


def render_statistics(
    result: MatchResult, history: Sequence[HistoryPoint], ctx: RenderContext
) -> str:
    """All statistics sections, each a table; shares are drawn as bars.

    Every count comes from ``result.figures`` (see :class:`~wikisync.model.Figures`).
    """
    messages = ctx.messages
    figures = result.figures
    sections = [
        (messages.msg("stats-heading-participants"), participants_section(figures, ctx)),
        (messages.msg("stats-heading-regions"), regions_section(figures, ctx)),
        (messages.msg("stats-heading-languages"), languages_section(figures, ctx)),
        (messages.msg("stats-heading-affiliations"), affiliations_section(figures, ctx)),
        (messages.msg("stats-heading-skills"), skills_section(figures, ctx)),
        (messages.msg("stats-heading-unmet"), unmet_section(figures, ctx)),
        (messages.msg("stats-heading-sharers"), sharers_section(figures, ctx)),
        (messages.msg("stats-heading-history"), history_section(figures, history, ctx)),
    ]
    body = "\n\n".join(f"{heading(2, title)}\n{text}" for title, text in sections)
    return messages.wrap_direction(body)


def participants_section(figures: Figures, ctx: RenderContext) -> str:
    """The number of participants, and how many of them take part in matching now."""
    messages = ctx.messages
    total = messages.msg("stats-total", figures.participants)
    return f"{total} {messages.msg('stats-taking-part', figures.taking_part)}"


def share_table(
    label_header: str,
    counts: Counter[str],
    not_given: str,
    figures: Figures,
    ctx: RenderContext,
    label: Callable[[str, Messages], Wikitext] | None = None,
) -> str:
    """Values with their count, share of all participants and a bar, most frequent first.

    ``counts`` keys are plain values, shown through ``label`` (a language code by its name)
    or escaped; the empty key is shown as ``not_given``. Equal counts go alphabetically.
    """
    messages = ctx.messages
    if not counts:
        return messages.msg("stats-no-data")
    total = figures.participants
    headers = [
        label_header,
        messages.msg("column-count"),
        messages.msg("column-share"),
        messages.msg("column-chart"),
    ]
    shown = {
        value: (label(value, messages) if label else escape(value)) if value else not_given
        for value in counts
    }
    order = {value: sort_key(shown[value] if label else value) for value in counts}
    ordered = sorted(counts.items(), key=lambda item: (-item[1], order[item[0]]))
    rows = [
        [shown[value], messages.number(count), messages.percent(count, total), bar(count, total)]
        for value, count in ordered
    ]
    return wikitable(headers, rows)


def regions_section(figures: Figures, ctx: RenderContext) -> str:
    """Participants per region."""
    messages = ctx.messages
    counts = Counter(person.region or "" for person in ctx.people.values())
    return share_table(
        messages.msg("column-region"), counts, messages.msg("region-unknown"), figures, ctx
    )


def languages_section(figures: Figures, ctx: RenderContext) -> str:
    """Participants per language they speak (one person counts once per language)."""
    messages = ctx.messages
    counts = Counter(
        code
        for person in ctx.people.values()
        for code in {language.code for language in person.languages}
    )
    return share_table(
        messages.msg("column-language"),
        counts,
        messages.msg("unknown"),
        figures,
        ctx,
        language_name,
    )


def affiliations_section(figures: Figures, ctx: RenderContext) -> str:
    """Participants per affiliation."""
    messages = ctx.messages
    counts = Counter(person.affiliation for person in ctx.people.values())
    return share_table(
        messages.msg("column-affiliation"),
        counts,
        messages.msg("affiliation-none"),
        figures,
        ctx,
    )


def skills_section(figures: Figures, ctx: RenderContext) -> str:
    """Every taxonomy skill with how many want to learn it and share it, the room its
    sharers have and how many learners have no match; most wanted first."""
    messages = ctx.messages
    if not ctx.taxonomy.skills:
        return messages.msg("stats-no-data")
    shown = {skill.id: figures.skill(skill.id) for skill in ctx.taxonomy.skills}
    most = max([*(item.demand for item in shown.values()), 1])
    ordered = sorted(
        ctx.taxonomy.skills,
        key=lambda skill: (
            -shown[skill.id].demand,
            shown[skill.id].supply,
            sort_key(ctx.skill_label(skill.id)),
        ),
    )
    headers = [messages.msg(key) for key in ("column-skill", *FIGURE_COLUMNS, "column-chart")]
    rows = [
        [
            ctx.skill_link(skill.id),
            *figure_cells(shown[skill.id], ctx),
            bar(shown[skill.id].demand, most),
        ]
        for skill in ordered
    ]
    return f"{messages.msg('figures-note')}\n\n{wikitable(headers, rows)}"


def unmet_section(figures: Figures, ctx: RenderContext) -> str:
    """Learners without a match, per skill, and their share of all of them."""
    messages = ctx.messages
    counts = {skill: item.unmatched for skill, item in figures.skills.items() if item.unmatched}
    if not counts:
        return messages.msg("stats-no-unmet")
    total = figures.unmatched
    headers = [
        messages.msg(key)
        for key in ("column-skill", "column-unmet", "column-share", "column-chart")
    ]
    ordered = sorted(
        counts.items(), key=lambda item: (-item[1], sort_key(ctx.skill_label(item[0])), item[0])
    )
    rows = [
        [
            ctx.skill_link(skill),
            messages.number(count),
            messages.percent(count, total),
            bar(count, total),
        ]
        for skill, count in ordered
    ]
    return wikitable(headers, rows)


def sharers_section(figures: Figures, ctx: RenderContext) -> str:
    """Sharers by the number of learners they met (feedback ``met``): recognition.

    Only people listed publicly are named; the others are counted in one line.
    """
    messages = ctx.messages
    met = figures.met_by_sharer
    if not met:
        return messages.msg("stats-no-meetings")
    public = sorted(
        ((name, count) for name, count in met.items() if ctx.is_public(name)),
        key=lambda item: (-item[1], sort_key(item[0]), item[0]),
    )
    hidden = len(met) - len(public)
    headers = [messages.msg("column-person"), messages.msg("column-met")]
    rows = [[ctx.name(name), messages.number(count)] for name, count in public]
    table = wikitable(headers, rows) if rows else ""
    note = messages.msg("private-others" if rows else "private-only", hidden) if hidden else ""
    return "\n\n".join(part for part in (table, note) if part)


def history_section(figures: Figures, history: Sequence[HistoryPoint], ctx: RenderContext) -> str:
    """Feedback totals, then suggestions and meetings per day with the share met."""
    messages = ctx.messages
    summary: str = messages.msg("stats-feedback", figures.met, figures.declined)
    if figures.accepted:
        summary = f"{summary} {messages.msg('stats-accepted', figures.accepted)}"
    if figures.released or figures.paused:
        days = ctx.settings.answer_days
        released = messages.msg("stats-released", figures.released, days, figures.paused)
        summary = f"{summary} {released}"
    if not history:
        return f"{summary}\n\n{messages.msg('stats-no-data')}"
    headers = [
        messages.msg(key)
        for key in (
            "column-date",
            "column-suggestions",
            "column-met",
            "column-share",
            "column-chart",
        )
    ]
    rows = [
        [
            point.day.isoformat(),
            messages.number(point.suggestions),
            messages.number(point.met),
            messages.percent(point.met, point.suggestions),
            bar(point.met, point.suggestions),
        ]
        for point in sorted(history, key=lambda point: (point.day, point.suggestions, point.met))
    ]
    return f"{summary}\n\n{wikitable(headers, rows)}"
