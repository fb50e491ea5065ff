"""The suggested-connections page: who could learn what from whom, and why.

A programme of a few thousand people fits on one page. Past
:attr:`~wikisync.render.pages.parts.SplitSettings.max_bytes` the page becomes an index of
skills, and each skill's suggestions and unanswered requests move to a subpage of their own
(see :mod:`wikisync.render.pages.parts`).

Every page and part anchors each participant named on it at their first row there, and the
person index below Matches links to those anchors (see :mod:`wikisync.render.pages.people`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from wikisync.model import MatchResult, Reason, Suggestion, Unmatched
from wikisync.render.blocks import heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext
from wikisync.render.formatting import common_languages, language_list, time_difference
from wikisync.render.links import page_link
from wikisync.render.memo import RenderMemo, digest, plain_digest
from wikisync.render.pages.forms import answer_links
from wikisync.render.pages.parts import (
    SplitSettings,
    chunks,
    part_links,
    skill_parts,
    table_row_measures,
    utf8_size,
)
from wikisync.render.pages.people import MARKER as PEOPLE_MARKER
from wikisync.render.pages.people import Connections, finder, index_pages
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
    "column-backup",
)
#: The last column of the suggestions table where the programme has a feedback page: the
#: one-click answers (see :func:`wikisync.render.pages.forms.answer_link`).
ANSWER_COLUMN = "column-answer"
#: The columns of the table of requests without a match.
UNMATCHED_COLUMNS = ("column-learner", "column-skill", "column-why")
#: The columns of the index of a page split by skill.
INDEX_COLUMNS = ("column-skill", "column-suggestions", "column-unmatched", "column-page")
#: Room left in a part for its headings and table headers.
_PART_OVERHEAD = 4096


class _Row(NamedTuple):
    """One table row of the page, with the skill it belongs to and the anchor each public
    participant it names would get there: (cell, username, anchor markup).

    ``length`` is the characters the row takes in the table (a lower bound of its size in
    bytes); ``size`` the bytes it takes with every anchor it may carry. Make one with
    :func:`_row`, which measures them once.
    """

    skill: str
    cells: list[str]
    anchors: tuple[tuple[int, str, str], ...]
    length: int
    size: int


def _row(skill: str, cells: list[str], anchors: tuple[tuple[int, str, str], ...]) -> _Row:
    """A row of ``cells`` with its anchors, measured once."""
    length, size = table_row_measures(cells)
    marks = sum([utf8_size(mark) for _, _, mark in anchors])
    return _Row(skill, cells, anchors, length, size + marks)


@dataclass(frozen=True, slots=True)
class _Rows:
    """Every row of the page in page order: suggestions, then requests without a match."""

    suggestions: list[_Row]
    unmatched: list[_Row]


def render_matches(result: MatchResult, ctx: RenderContext) -> str:
    """A sortable table of suggestions and a table of requests without a match yet."""
    rows = _page_rows(result, ctx)
    return _body(rows.suggestions, rows.unmatched, ctx, with_empty=(True, True))[0]


@dataclass(frozen=True, slots=True)
class MatchesPages:
    """The suggested-connections page and its parts, and the person index pages: each
    title -> body."""

    matches: dict[str, str]
    people: dict[str, str]


def matches_pages(
    result: MatchResult,
    ctx: RenderContext,
    split: SplitSettings | None = None,
    memo: RenderMemo | None = None,
) -> dict[str, str]:
    """The suggested-connections page and its parts (title -> body): see
    :func:`render_matches_pages`."""
    return render_matches_pages(result, ctx, split, memo).matches


def render_matches_pages(
    result: MatchResult,
    ctx: RenderContext,
    split: SplitSettings | None = None,
    memo: RenderMemo | None = None,
) -> MatchesPages:
    """The suggested-connections page, split by skill when too large, and its person index.

    A split page lists every skill of the taxonomy (and any other skill with rows) with
    its counts and links; every such skill gets a part, so a skill whose rows all went
    away gets an emptied part rather than a stale one.

    Each skill's parts are rendered from that skill's rows alone; with ``memo`` a skill
    whose rows (and the participants they show) are as an earlier run remembered them
    keeps the parts rendered then.
    """
    chosen = split or SplitSettings()
    chosen_memo = memo or RenderMemo()
    title = ctx.settings.matches_title
    items = _items_by_skill(result, ctx)
    base = digest(ctx.digest(), MARKER, chosen)
    cells = _Cells(ctx)
    views = _Views(ctx)
    keys = {skill: _skill_key(base, skill, item, views) for skill, item in items.items()}
    units: dict[str, _SkillUnit] = {}
    for skill, item in items.items():

        def render(item: _SkillItems = item) -> dict[str, object]:
            return _render_skill_unit(item, cells, ctx, chosen)

        units[skill] = _SkillUnit.from_payload(
            chosen_memo.part(f"{MARKER}/{skill}", keys[skill], render)
        )
    characters = sum(unit.length for unit in units.values())
    unit = f"{MARKER}/{PEOPLE_MARKER}"
    if characters <= chosen.max_bytes:
        people = index_pages(
            _connections(items, ctx, lambda _: _always(title)), ctx, chosen, chosen_memo, unit
        )
        top = finder(people, ctx)

        def whole() -> str | None:
            rows = _page_rows(result, ctx)
            body = _body(rows.suggestions, rows.unmatched, ctx, (True, True), top)[0]
            return body if chosen.fits(body) else None

        body = chosen_memo.part(MARKER, digest(base, sorted(keys.items()), top), whole)
        if body is not None:
            return MatchesPages({title: str(body)}, people)
    return _split_pages(title, items, units, ctx, chosen, chosen_memo, unit)


@dataclass(frozen=True, slots=True)
class _SkillItems:
    """One skill's suggestions and requests without a match, in the result's order."""

    skill: str
    suggestions: list[Suggestion]
    unmatched: list[Unmatched]


@dataclass(frozen=True, slots=True)
class _SkillUnit:
    """What one skill's rows give the page: their length in characters and the parts."""

    length: int
    parts: list[str]
    anchors: list[frozenset[str]]

    @classmethod
    def from_payload(cls, payload: Any) -> _SkillUnit:
        """The unit from its JSON payload."""
        return cls(
            int(payload["length"]),
            [str(part) for part in payload["parts"]],
            [frozenset(map(str, names)) for names in payload["anchors"]],
        )


def _items_by_skill(result: MatchResult, ctx: RenderContext) -> dict[str, _SkillItems]:
    """Every skill of the taxonomy and every other skill with rows, in page order."""
    skills = {skill.id for skill in ctx.taxonomy.skills}
    skills.update(item.skill for item in result.suggestions)
    skills.update(item.skill for item in result.unmatched)
    ordered = sorted(skills, key=lambda skill: (sort_key(ctx.skill_label(skill)), skill))
    items = {skill: _SkillItems(skill, [], []) for skill in ordered}
    for suggestion in result.suggestions:
        items[suggestion.skill].suggestions.append(suggestion)
    for request in result.unmatched:
        items[request.skill].unmatched.append(request)
    return items


def _skill_key(base: str, skill: str, items: _SkillItems, views: _Views) -> str:
    """The digest of everything one skill's parts show: its rows and, of every participant
    they name, what the cells show (consent to be named, languages, time zone)."""
    names = {item.learner for item in items.suggestions}
    names.update(item.sharer for item in items.suggestions)
    names.update(item.backup for item in items.suggestions if item.backup)
    names.update(item.learner for item in items.unmatched)
    suggestions = [suggestion_data(item) for item in items.suggestions]
    unmatched = [unmatched_data(item) for item in items.unmatched]
    shown = [views.of(name) for name in sorted(names)]
    return plain_digest((base, skill, tuple(suggestions), tuple(unmatched), tuple(shown)))


def suggestion_data(item: Suggestion) -> tuple[Any, ...]:
    """Every field of a suggestion as plain values, for its digest."""
    reasons = tuple([(reason.code, reason.args) for reason in item.reasons])
    return (item.learner, item.sharer, item.skill, item.score, reasons, item.backup, item.accepted)


def unmatched_data(item: Unmatched) -> tuple[Any, ...]:
    """Every field of a request without a match as plain values, for its digest."""
    reasons = tuple([(reason.code, reason.args) for reason in item.reasons])
    return (item.learner, item.skill, reasons)


class _Views:
    """What the cells show of each participant, as plain values, found once per name."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ctx = ctx
        self._views: dict[str, tuple[Any, ...]] = {}

    def of(self, username: str) -> tuple[Any, ...]:
        """The participant's name, consent to be named, language codes and UTC offset."""
        view = self._views.get(username)
        if view is None:
            view = self._views[username] = self._view(username)
        return view

    def _view(self, username: str) -> tuple[Any, ...]:
        person = self.ctx.people.get(username)
        if person is None:
            return (username,)
        codes = tuple([language.code for language in person.languages])
        return (username, person.public, codes, person.utc_offset)


def _render_skill_unit(
    items: _SkillItems, cells: _Cells, ctx: RenderContext, split: SplitSettings
) -> dict[str, object]:
    suggestions = _suggestion_rows(items.suggestions, cells)
    rows = _Rows(suggestions, _unmatched_rows(items.unmatched, cells))
    length = sum(row.length for row in (*rows.suggestions, *rows.unmatched))
    parts = _skill_parts(rows, ctx, split)
    return {
        "length": length,
        "parts": [body for body, _ in parts],
        "anchors": [names for _, names in parts],
    }


def _split_pages(
    title: str,
    items: dict[str, _SkillItems],
    units: dict[str, _SkillUnit],
    ctx: RenderContext,
    split: SplitSettings,
    memo: RenderMemo,
    unit: str,
) -> MatchesPages:
    pages: dict[str, str] = {}
    index: list[list[str]] = []
    located: dict[str, list[str]] = {}
    for skill, item in items.items():
        parts = units[skill].parts
        name, titles = skill_parts(title, skill, len(parts), ctx, split)
        pages.update(zip(titles, parts, strict=True))
        located[skill] = titles
        index.append(_index_row(skill, item, titles, name, ctx))

    def part_of(skill: str) -> Callable[[str], str]:
        """For a name, the first part of ``skill`` that anchors them."""
        titles = located[skill]
        if len(titles) == 1:
            return _always(titles[0])
        anchored = list(zip(titles, units[skill].anchors, strict=True))

        def anchoring(username: str) -> str:
            return next((page for page, names in anchored if username in names), titles[0])

        return anchoring

    people = index_pages(_connections(items, ctx, part_of), ctx, split, memo, unit)
    headers = [ctx.messages.msg(key) for key in INDEX_COLUMNS]
    heading_text = heading(2, ctx.messages.msg("matches-heading-suggestions"))
    parts = [finder(people, ctx), heading_text, wikitable(headers, index)]
    pages[title] = ctx.messages.wrap_direction("\n\n".join(filter(None, parts)))
    return MatchesPages(pages, people)


def _connections(
    items: dict[str, _SkillItems],
    ctx: RenderContext,
    page_of: Callable[[str], Callable[[str], str]],
) -> list[Connections]:
    """Where each public participant's rows are, in page order: ``page_of(skill)`` tells,
    for a name, the page that anchors it among ``skill``'s rows."""
    found: dict[str, Connections] = {}
    hidden: set[str] = set()

    def entry(username: str) -> Connections | None:
        known = found.get(username)
        if known is None and username not in hidden:
            if ctx.is_public(username):
                known = found[username] = Connections(username)
            else:
                hidden.add(username)
        return known

    for skill, item in items.items():
        _add_rows(item, entry, page_of(skill))
    return list(found.values())


def _always(page: str) -> Callable[[str], str]:
    """``page`` for every name (a skill whose rows are all on one page)."""

    def same(_: str) -> str:
        return page

    return same


def _add_rows(
    item: _SkillItems,
    entry: Callable[[str], Connections | None],
    page_of: Callable[[str], str],
) -> None:
    """Each public participant's rows of one skill, with the page that anchors them."""
    skill = item.skill
    for suggestion in item.suggestions:
        if learner := entry(suggestion.learner):
            learner.learning.append((skill, page_of(suggestion.learner)))
        if sharer := entry(suggestion.sharer):
            sharer.sharing.append((skill, page_of(suggestion.sharer)))
    for request in item.unmatched:
        if waiting := entry(request.learner):
            waiting.waiting.append((skill, page_of(request.learner)))


def _skill_parts(
    rows: _Rows, ctx: RenderContext, split: SplitSettings
) -> list[tuple[str, list[str]]]:
    """One skill's rows on as many parts as their size needs, in page order, each with the
    names it anchors."""
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
    skill: str, items: _SkillItems, titles: Sequence[str], name: str, ctx: RenderContext
) -> list[str]:
    messages = ctx.messages
    return [
        ctx.skill_link(skill),
        messages.number(len(items.suggestions)),
        messages.number(len(items.unmatched)),
        part_links(titles, name, messages),
    ]


def _body(
    suggestions: Sequence[_Row],
    unmatched: Sequence[_Row],
    ctx: RenderContext,
    with_empty: tuple[bool, bool],
    top: str = "",
) -> tuple[str, list[str]]:
    """The two sections of the page (or of a part) holding these rows, after ``top``, and
    the names anchored on it.

    A section without rows shows its "none" message when ``with_empty`` says so, and is
    left out otherwise (a later part of a skill whose rows all fit on the first). Each
    public participant is anchored at their first row.
    """
    messages = ctx.messages
    anchored: dict[str, None] = {}
    parts = [top] if top else []
    if suggestions or with_empty[0]:
        parts.append(heading(2, messages.msg("matches-heading-suggestions")))
        cells = _anchored(suggestions, anchored)
        parts.append(_table(cells, suggestion_columns(ctx), "matches-empty", ctx))
    if unmatched or with_empty[1]:
        parts.append(heading(2, messages.msg("matches-heading-unmatched")))
        cells = _anchored(unmatched, anchored)
        parts.append(_table(cells, UNMATCHED_COLUMNS, "matches-unmatched-empty", ctx))
    return messages.wrap_direction("\n\n".join(parts)), list(anchored)


def _anchored(rows: Sequence[_Row], anchored: dict[str, None]) -> list[list[str]]:
    """The rows' cells, each name not yet in ``anchored`` given its anchor (and added)."""
    tables = []
    for row in rows:
        cells = row.cells
        for cell, username, mark in row.anchors:
            if username not in anchored:
                anchored[username] = None
                cells = cells if cells is not row.cells else list(cells)
                cells[cell] = mark + cells[cell]
        tables.append(cells)
    return tables


def _table(
    rows: Sequence[Sequence[str]], columns: Sequence[str], empty: str, ctx: RenderContext
) -> str:
    if not rows:
        return ctx.messages.msg(empty)
    return wikitable([ctx.messages.msg(key) for key in columns], rows)


def suggestion_columns(ctx: RenderContext) -> tuple[str, ...]:
    """The columns of the suggestions table: the answers last, with a feedback page."""
    return (*SUGGESTION_COLUMNS, ANSWER_COLUMN) if ctx.settings.feedback else SUGGESTION_COLUMNS


def suggestions_table(suggestions: tuple[Suggestion, ...], ctx: RenderContext) -> str:
    """One row per suggestion: learner, skill, sharer, languages, time difference, reason,
    backup and, with a feedback page, the answer links."""
    rows = _suggestion_rows(suggestions, _Cells(ctx))
    return _table([row.cells for row in rows], suggestion_columns(ctx), "matches-empty", ctx)


def unmatched_table(unmatched: tuple[Unmatched, ...], ctx: RenderContext) -> str:
    """One row per learn request without a suggestion, with the reasons why."""
    rows = _unmatched_rows(unmatched, _Cells(ctx))
    cells = [row.cells for row in rows]
    return _table(cells, UNMATCHED_COLUMNS, "matches-unmatched-empty", ctx)


def _page_rows(result: MatchResult, ctx: RenderContext) -> _Rows:
    cells = _Cells(ctx)
    return _Rows(
        _suggestion_rows(result.suggestions, cells), _unmatched_rows(result.unmatched, cells)
    )


def _suggestion_rows(suggestions: Sequence[Suggestion], cells: _Cells) -> list[_Row]:
    ordered = sorted(suggestions, key=cells.suggestion_key)
    return [
        _row(item.skill, cells.suggestion(item), cells.pair_anchors(item.learner, item.sharer))
        for item in ordered
    ]


def _unmatched_rows(unmatched: Sequence[Unmatched], cells: _Cells) -> list[_Row]:
    ordered = sorted(unmatched, key=cells.unmatched_key)
    return [
        _row(item.skill, cells.unmatched(item), cells.learner_anchor(item.learner))
        for item in ordered
    ]


def answer_cell(item: Suggestion, ctx: RenderContext) -> Wikitext:
    """The one-click answers of a suggestion (:func:`~wikisync.render.pages.forms.answer_links`).

    The links carry both usernames, so they are given only when both people agreed to be
    named; otherwise the cell points to the feedback page."""
    if not (ctx.is_public(item.learner) and ctx.is_public(item.sharer)):
        return ctx.messages.msg("answer-unnamed", page_link(ctx.settings.feedback))
    return answer_links(ctx, item.learner, item.sharer, item.skill, item.accepted)


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
        self._none = ctx.messages.msg("none")
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

    def pair_anchors(self, learner: str, sharer: str) -> tuple[tuple[int, str, str], ...]:
        """The anchors a suggestion row's learner (cell 0) and sharer (cell 2) would get,
        for each of them who is public: (cell, username, anchor markup)."""
        first, second = self._anchor(learner), self._anchor(sharer)
        if first and second:
            return ((0, learner, first), (2, sharer, second))
        if first:
            return ((0, learner, first),)
        return ((2, sharer, second),) if second else ()

    def learner_anchor(self, learner: str) -> tuple[tuple[int, str, str], ...]:
        """The anchor a request row's learner (cell 0) would get, if public."""
        mark = self._anchor(learner)
        return ((0, learner, mark),) if mark else ()

    def _anchor(self, username: str) -> str:
        """The participant's anchor markup, or "" for one not listed publicly."""
        ctx = self.ctx
        return ctx.anchor(username) if ctx.is_public(username) else ""

    def suggestion(self, item: Suggestion) -> list[str]:
        """Learner, skill, sharer, common languages, time difference, reasons and the
        backup sharer."""
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
        backup = self._name(item.backup) if item.backup else self._none
        learner_name, sharer_name = self._name(item.learner), self._name(item.sharer)
        cells = [learner_name, skill, sharer_name, shown, time, reasons, backup]
        if ctx.settings.feedback:
            cells.append(answer_cell(item, ctx))
        return cells

    def unmatched(self, item: Unmatched) -> list[str]:
        """Learner, skill, and why there is no suggestion."""
        ctx = self.ctx
        why = self._why.get(item.reasons)
        if why is None:
            why = self._why[item.reasons] = unmatched_line(item.reasons, ctx.messages)
        return [self._name(item.learner), ctx.skill_link(item.skill), why]
