"""The suggested-connections page: who could learn what from whom, and why.

A programme of a few thousand people fits on one page. Past
:attr:`~wikisync.render.pages.parts.SplitSettings.max_bytes` the page becomes an index of
skills, and each skill's suggestions and unanswered requests move to a subpage of their own
(see :mod:`wikisync.render.pages.parts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wikisync.model import MatchResult, Reason, Suggestion, Unmatched
from wikisync.render.blocks import heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext
from wikisync.render.formatting import common_languages, language_list, time_difference
from wikisync.render.pages.parts import SplitSettings, chunks, part_links, skill_parts, utf8_size
from wikisync.render.reasons import reasons_line, unmatched_line

MARKER = "matches"
#: The columns of the suggestions table (message keys of their headers).
SUGGESTION_COLUMNS = (
    "column-learner",
    "column-skill",
    "column-sharer",
    "column-common-languages",
    "column-time-difference",
    "column-reason",
)
#: The columns of the table of requests without a match.
UNMATCHED_COLUMNS = ("column-learner", "column-skill", "column-why")
#: The columns of the index of a page split by skill.
INDEX_COLUMNS = ("column-skill", "column-suggestions", "column-unmatched", "column-page")
#: Room left in a part for its headings and table headers.
_PART_OVERHEAD = 4096


@dataclass(frozen=True, slots=True)
class _Row:
    """One table row of the page, with the skill it belongs to."""

    skill: str
    cells: list[str]

    @property
    def length(self) -> int:
        """Characters the row takes in the table: a lower bound of its size in bytes."""
        return len("".join(self.cells)) + 3 * len(self.cells) + 4

    @property
    def size(self) -> int:
        """Bytes the row takes in the table."""
        return utf8_size("".join(self.cells)) + 3 * len(self.cells) + 4


@dataclass(frozen=True, slots=True)
class _Rows:
    """Every row of the page in page order: suggestions, then requests without a match."""

    suggestions: list[_Row]
    unmatched: list[_Row]


def render_matches(result: MatchResult, ctx: RenderContext) -> str:
    """A sortable table of suggestions and a table of requests without a match yet."""
    rows = _page_rows(result, ctx)
    return _body(rows.suggestions, rows.unmatched, ctx, with_empty=(True, True))


def matches_pages(
    result: MatchResult, ctx: RenderContext, split: SplitSettings | None = None
) -> dict[str, str]:
    """The suggested-connections page (title -> body), split by skill when too large.

    A split page lists every skill of the taxonomy (and any other skill with rows) with
    its counts and links; every such skill gets a part, so a skill whose rows all went
    away gets an emptied part rather than a stale one.
    """
    chosen = split or SplitSettings()
    rows = _page_rows(result, ctx)
    title = ctx.settings.matches_title
    characters = sum(row.length for row in (*rows.suggestions, *rows.unmatched))
    if characters <= chosen.max_bytes:
        body = _body(rows.suggestions, rows.unmatched, ctx, with_empty=(True, True))
        if chosen.fits(body):
            return {title: body}
    return _split_pages(title, rows, ctx, chosen)


def _split_pages(
    title: str, rows: _Rows, ctx: RenderContext, split: SplitSettings
) -> dict[str, str]:
    skills = _skills_in_order(rows, ctx)
    by_skill = {skill: _Rows([], []) for skill in skills}
    for row in rows.suggestions:
        by_skill[row.skill].suggestions.append(row)
    for row in rows.unmatched:
        by_skill[row.skill].unmatched.append(row)
    pages: dict[str, str] = {}
    index: list[list[str]] = []
    for skill in skills:
        parts = _skill_parts(by_skill[skill], ctx, split)
        name, titles = skill_parts(title, skill, len(parts), ctx, split)
        pages.update(zip(titles, parts, strict=True))
        index.append(_index_row(skill, by_skill[skill], titles, name, ctx))
    headers = [ctx.messages.msg(key) for key in INDEX_COLUMNS]
    heading_text = heading(2, ctx.messages.msg("matches-heading-suggestions"))
    pages[title] = ctx.messages.wrap_direction(f"{heading_text}\n\n{wikitable(headers, index)}")
    return pages


def _skills_in_order(rows: _Rows, ctx: RenderContext) -> list[str]:
    skills = {skill.id for skill in ctx.taxonomy.skills}
    skills.update(row.skill for row in (*rows.suggestions, *rows.unmatched))
    return sorted(skills, key=lambda skill: (sort_key(ctx.skill_label(skill)), skill))


def _skill_parts(rows: _Rows, ctx: RenderContext, split: SplitSettings) -> list[str]:
    """One skill's rows on as many parts as their size needs, in page order."""
    tagged = [(True, row) for row in rows.suggestions] + [(False, row) for row in rows.unmatched]
    runs = chunks(tagged, lambda item: item[1].size, split.max_bytes - _PART_OVERHEAD)
    bodies = []
    for number, run in enumerate(runs, start=1):
        suggestions = [row for is_suggestion, row in run if is_suggestion]
        unmatched = [row for is_suggestion, row in run if not is_suggestion]
        first = number == 1
        with_empty = (first and not rows.suggestions, first and not rows.unmatched)
        bodies.append(_body(suggestions, unmatched, ctx, with_empty))
    return bodies


def _index_row(
    skill: str, rows: _Rows, titles: Sequence[str], name: str, ctx: RenderContext
) -> list[str]:
    messages = ctx.messages
    return [
        ctx.skill_link(skill),
        messages.number(len(rows.suggestions)),
        messages.number(len(rows.unmatched)),
        part_links(titles, name, messages),
    ]


def _body(
    suggestions: Sequence[_Row],
    unmatched: Sequence[_Row],
    ctx: RenderContext,
    with_empty: tuple[bool, bool],
) -> str:
    """The two sections of the page (or of a part) holding these rows.

    A section without rows shows its "none" message when ``with_empty`` says so, and is
    left out otherwise (a later part of a skill whose rows all fit on the first).
    """
    messages = ctx.messages
    parts = []
    if suggestions or with_empty[0]:
        parts.append(heading(2, messages.msg("matches-heading-suggestions")))
        parts.append(_table(suggestions, SUGGESTION_COLUMNS, "matches-empty", ctx))
    if unmatched or with_empty[1]:
        parts.append(heading(2, messages.msg("matches-heading-unmatched")))
        parts.append(_table(unmatched, UNMATCHED_COLUMNS, "matches-unmatched-empty", ctx))
    return messages.wrap_direction("\n\n".join(parts))


def _table(rows: Sequence[_Row], columns: Sequence[str], empty: str, ctx: RenderContext) -> str:
    if not rows:
        return ctx.messages.msg(empty)
    return wikitable([ctx.messages.msg(key) for key in columns], [row.cells for row in rows])


def suggestions_table(suggestions: tuple[Suggestion, ...], ctx: RenderContext) -> str:
    """One row per suggestion: learner, skill, sharer, languages, time difference, reason."""
    rows = _suggestion_rows(suggestions, _Cells(ctx))
    return _table(rows, SUGGESTION_COLUMNS, "matches-empty", ctx)


def unmatched_table(unmatched: tuple[Unmatched, ...], ctx: RenderContext) -> str:
    """One row per learn request without a suggestion, with the reasons why."""
    rows = _unmatched_rows(unmatched, _Cells(ctx))
    return _table(rows, UNMATCHED_COLUMNS, "matches-unmatched-empty", ctx)


def _page_rows(result: MatchResult, ctx: RenderContext) -> _Rows:
    cells = _Cells(ctx)
    return _Rows(
        _suggestion_rows(result.suggestions, cells), _unmatched_rows(result.unmatched, cells)
    )


def _suggestion_rows(suggestions: Sequence[Suggestion], cells: _Cells) -> list[_Row]:
    ordered = sorted(suggestions, key=cells.suggestion_key)
    return [_Row(item.skill, cells.suggestion(item)) for item in ordered]


def _unmatched_rows(unmatched: Sequence[Unmatched], cells: _Cells) -> list[_Row]:
    ordered = sorted(unmatched, key=cells.unmatched_key)
    return [_Row(item.skill, cells.unmatched(item)) for item in ordered]


class _Cells:
    """The cells of table rows, remembering the ones many rows share within one render.

    Reason lines, common languages and time differences repeat across thousands of rows;
    each is a pure function of what it is keyed by here.
    """

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self._skill_keys: dict[str, tuple[object, ...]] = {}
        self._reason_keys: dict[tuple[Reason, ...], list[tuple[str, list[str]]]] = {}
        self._names: dict[str, Wikitext] = {}
        self._reasons: dict[tuple[Reason, ...], Wikitext] = {}
        self._why: dict[tuple[Reason, ...], Wikitext] = {}
        self._languages: dict[tuple[str, ...], Wikitext] = {}
        self._times: dict[tuple[int | None, int | None], str] = {}

    def suggestion_key(self, item: Suggestion) -> tuple[object, ...]:
        """Suggestions by skill label, learner, sharer, best score, then reasons."""
        reasons = self._reason_keys.get(item.reasons)
        if reasons is None:
            reasons = [(reason.code, [str(arg) for arg in reason.args]) for reason in item.reasons]
            self._reason_keys[item.reasons] = reasons
        return (
            self._skill_key(item.skill),
            sort_key(item.learner),
            sort_key(item.sharer),
            -item.score,
            reasons,
        )

    def unmatched_key(self, item: Unmatched) -> tuple[object, ...]:
        """Requests without a match by skill label, then learner."""
        return (self._skill_key(item.skill), sort_key(item.learner))

    def _skill_key(self, skill: str) -> tuple[object, ...]:
        key = self._skill_keys.get(skill)
        if key is None:
            key = self._skill_keys[skill] = (sort_key(self.ctx.skill_label(skill)), skill)
        return key

    def _name(self, username: str) -> Wikitext:
        name = self._names.get(username)
        if name is None:
            name = self._names[username] = self.ctx.name(username)
        return name

    def suggestion(self, item: Suggestion) -> list[str]:
        """Learner, skill, sharer, common languages, time difference and reasons."""
        ctx = self.ctx
        learner, sharer = ctx.people.get(item.learner), ctx.people.get(item.sharer)
        languages = common_languages(learner, sharer)
        shown = self._languages.get(languages)
        if shown is None:
            shown = self._languages[languages] = language_list(languages, ctx.messages)
        offsets = (
            learner.utc_offset if learner else None,
            sharer.utc_offset if sharer else None,
        )
        time = self._times.get(offsets)
        if time is None:
            time = self._times[offsets] = time_difference(learner, sharer, ctx.messages)
        reasons = self._reasons.get(item.reasons)
        if reasons is None:
            reasons = reasons_line(item.reasons, ctx.messages, ctx.skill_label)
            self._reasons[item.reasons] = reasons
        skill = ctx.skill_link(item.skill)
        return [self._name(item.learner), skill, self._name(item.sharer), shown, time, reasons]

    def unmatched(self, item: Unmatched) -> list[str]:
        """Learner, skill, and why there is no suggestion."""
        ctx = self.ctx
        why = self._why.get(item.reasons)
        if why is None:
            why = self._why[item.reasons] = unmatched_line(item.reasons, ctx.messages)
        return [self._name(item.learner), ctx.skill_link(item.skill), why]
