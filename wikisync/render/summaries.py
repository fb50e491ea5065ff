"""Edit summaries that say what changed on a page ("12 suggestions updated, 3 new")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wikisync.model import MatchResult, Problem
from wikisync.render.i18n import Messages

#: Page kinds with their own summary wording.
PAGE_KINDS: tuple[str, ...] = (
    "matches",
    "groups",
    "clinics",
    "skill",
    "statistics",
    "problems",
    "status",
    "registrations",
)


@dataclass(frozen=True, slots=True)
class RowChanges:
    """How many rows were added, removed and changed between two versions of a page."""

    added: int = 0
    removed: int = 0
    changed: int = 0


def compare_rows(before: Mapping[str, str], after: Mapping[str, str]) -> RowChanges:
    """Rows (key -> content) present only after, only before, and in both but different."""
    return RowChanges(
        added=sum(1 for key in after if key not in before),
        removed=sum(1 for key in before if key not in after),
        changed=sum(1 for key in after if key in before and before[key] != after[key]),
    )


def summary_for(
    page_kind: str,
    before_counts: Mapping[str, str],
    after_counts: Mapping[str, str],
    messages: Messages,
) -> str:
    """A one-line summary of the rows that changed, e.g. "12 suggestions updated, 3 new".

    ``before_counts`` and ``after_counts`` map a stable row key to the row's content (see
    :func:`suggestion_rows` and friends). Summaries hold counts only, never user text.
    """
    if page_kind not in PAGE_KINDS:
        raise ValueError(f"unknown page kind {page_kind!r}")
    changes = compare_rows(before_counts, after_counts)
    parts = [
        messages.msg(f"summary-{page_kind}-{what}", count)
        for what, count in (
            ("updated", changes.changed),
            ("new", changes.added),
            ("removed", changes.removed),
        )
        if count
    ]
    return messages.join(parts) if parts else messages.msg("summary-refresh")


def _row_key(*parts: str) -> str:
    """A row key from parts that cannot run into each other."""
    return "\x1f".join(parts)


def suggestion_rows(result: MatchResult) -> dict[str, str]:
    """Suggestion rows keyed by learner and skill; the content is the suggested sharer."""
    return {_row_key(item.learner, item.skill): item.sharer for item in result.suggestions}


def group_rows(result: MatchResult) -> dict[str, str]:
    """Group rows keyed by group id; the content is host, language and sorted members."""
    return {
        group.id: _row_key(group.host or "", group.language, *sorted(group.members))
        for group in result.groups
    }


def clinic_rows(result: MatchResult) -> dict[str, str]:
    """Clinic rows keyed by skill; the content is the skill's figures and hosts."""
    rows = {}
    for clinic in result.clinics:
        shown = result.figures.skill(clinic.skill)
        figures = (shown.demand, shown.supply, shown.room, shown.unmatched)
        rows[clinic.skill] = _row_key(*map(str, figures), *sorted(clinic.hosts))
    return rows


def problem_rows(problems: Iterable[Problem]) -> dict[str, str]:
    """Problem rows keyed by where and what they are; the content is the severity."""
    rows: dict[str, str] = {}
    for problem in problems:
        source = problem.source
        where = (source.page, str(source.index), str(source.line)) if source else ("", "", "")
        key = _row_key(*where, problem.code, problem.field or "", problem.value)
        rows[key] = problem.severity.name
    return rows
