"""The directory-problems page: every problem editors should fix, grouped by page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby

from wikisync.model import Problem, Severity
from wikisync.render.blocks import heading, wikitable
from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext, escape
from wikisync.render.links import page_link, user_link
from wikisync.render.reasons import problem_explanation, problem_fix

MARKER = "problems"

#: Longest value shown in the table; longer ones are cut with an ellipsis.
VALUE_LIMIT = 200

#: The columns of the table of problems on one page (message keys of their headers).
COLUMNS = (
    "column-where",
    "column-entry",
    "column-field",
    "column-value",
    "column-severity",
    "column-problem",
    "column-fix",
)


def render_problems(problems: Sequence[Problem], ctx: RenderContext) -> str:
    """A count per problem code, then one table per page with every problem on it."""
    messages = ctx.messages
    if not problems:
        return messages.wrap_direction(messages.msg("problems-none"))
    ordered = sorted(problems, key=problem_key)
    parts = [
        heading(2, messages.msg("problems-heading-summary")),
        summary_table(ordered, ctx),
    ]
    for page, items in groupby(ordered, key=_page_of):
        parts.append(heading(2, page_heading(page, ctx)))
        parts.append(page_table(list(items), ctx))
    return messages.wrap_direction("\n\n".join(parts))


def problem_key(problem: Problem) -> tuple[object, ...]:
    """Problems by page, position in the page, gravest first, then code and field."""
    source = problem.source
    position = (source.index, source.line) if source else (0, 0)
    return (
        _page_of(problem) is None,
        _page_of(problem) or "",
        position,
        -problem.severity,
        problem.code,
        problem.field or "",
        problem.value,
        problem.username or "",
    )


def _page_of(problem: Problem) -> str | None:
    return problem.source.page if problem.source else None


def summary_table(problems: Sequence[Problem], ctx: RenderContext) -> str:
    """How many problems of each code, most frequent first, with the total above."""
    messages = ctx.messages
    counts = Counter(problem.code for problem in problems)
    headers = [messages.msg("column-problem-code"), messages.msg("column-count")]
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows = [[escape(code), messages.number(count)] for code, count in ordered]
    return f"{messages.msg('problems-total', len(problems))}\n\n{wikitable(headers, rows)}"


def page_heading(page: str | None, ctx: RenderContext) -> Wikitext:
    """A link to the page the problems are on, or a label for problems without a page."""
    return page_link(page) if page else ctx.messages.msg("problems-no-page")


def page_table(problems: Sequence[Problem], ctx: RenderContext) -> str:
    """One row per problem on one page."""
    messages = ctx.messages
    rows = [problem_row(problem, ctx) for problem in problems]
    return wikitable([messages.msg(key) for key in COLUMNS], rows)


def problem_row(problem: Problem, ctx: RenderContext) -> list[str]:
    """Where the problem is, in which entry and field, its value, and how to fix it."""
    messages = ctx.messages
    return [
        where(problem, ctx),
        messages.isolate(user_link(problem.username)) if problem.username else "",
        escape(problem.field or ""),
        messages.isolate(escape(problem.value, VALUE_LIMIT)),
        severity_label(problem.severity, ctx),
        problem_explanation(problem, messages),
        problem_fix(problem, messages),
    ]


def where(problem: Problem, ctx: RenderContext) -> str:
    """The entry number (counted from 1, as an editor counts) and line of a problem."""
    messages = ctx.messages
    source = problem.source
    if source is None:
        return ""
    if source.line:
        return messages.msg("where-entry-line", source.index + 1, source.line)
    return messages.msg("where-entry", source.index + 1)


def severity_label(severity: Severity, ctx: RenderContext) -> str:
    """The severity in words."""
    return ctx.messages.msg(f"severity-{severity.name.lower()}")
