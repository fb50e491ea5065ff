"""The model's records as compact JSON rows, for the caches kept in the state between runs.

Each record is a JSON array of its fields in field order, built and read by one explicit
function per type; nested records are arrays too, enums are their values, dates ISO
strings. Unlike the generic :mod:`wikisync.codec`, nothing is looked up from type hints,
so a warm run reads thousands of cached records in a fraction of the time. A row's shape
changes with its record, and so does the code: the caches that hold rows are keyed by
:func:`~wikisync.code_digest.code_digest`, so no old row is ever read with a new shape.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from wikisync.model import (
    AccountState,
    EntryKind,
    Feedback,
    Language,
    Person,
    Problem,
    RawEntry,
    RawRecord,
    RecordKind,
    Severity,
    Skill,
    SourceRef,
    Status,
)

Row = list[Any]

_KINDS = {kind.value: kind for kind in EntryKind}
_RECORD_KINDS = {kind.value: kind for kind in RecordKind}
_SEVERITIES = {int(severity): severity for severity in Severity}
_STATUSES = {status.value: status for status in Status}
_ACCOUNTS = {state.value: state for state in AccountState}


def source_row(source: SourceRef) -> Row:
    """``source`` as [page, revision, index, line]."""
    return [source.page, source.revision, source.index, source.line]


def source_from(row: Row) -> SourceRef:
    """The source reference of :func:`source_row`."""
    return SourceRef(row[0], row[1], row[2], row[3])


def problem_row(problem: Problem) -> Row:
    """``problem`` in field order (a missing source is null)."""
    source = None if problem.source is None else source_row(problem.source)
    return [
        problem.code,
        int(problem.severity),
        problem.message,
        source,
        problem.username,
        problem.field,
        problem.value,
        list(problem.hints),
    ]


def problem_from(row: Row) -> Problem:
    """The problem of :func:`problem_row`."""
    source = None if row[3] is None else source_from(row[3])
    return Problem(
        row[0], _SEVERITIES[row[1]], row[2], source, row[4], row[5], row[6], tuple(row[7])
    )


def raw_entry_row(entry: RawEntry) -> Row:
    """``entry`` as [kind, fields (an object, in their order), source, unknown parameters]."""
    return [
        entry.kind.value,
        dict(entry.fields),
        source_row(entry.source),
        list(entry.unknown_params),
    ]


def raw_entry_from(row: Row) -> RawEntry:
    """The raw entry of :func:`raw_entry_row`."""
    return RawEntry(_KINDS[row[0]], row[1], source_from(row[2]), tuple(row[3]))


def raw_record_row(record: RawRecord) -> Row:
    """``record`` as [kind, fields (an object, in their order), source]."""
    return [record.kind.value, dict(record.fields), source_row(record.source)]


def raw_record_from(row: Row) -> RawRecord:
    """The raw record of :func:`raw_record_row`."""
    return RawRecord(_RECORD_KINDS[row[0]], row[1], source_from(row[2]))


def skill_row(skill: Skill) -> Row:
    """``skill`` in field order (its labels an object, in their order)."""
    return [
        skill.id,
        skill.label,
        list(skill.aliases),
        skill.area,
        dict(skill.labels),
        list(skill.resources),
        skill.description,
        list(skill.share_categories),
        list(skill.learn_categories),
    ]


def skill_from(row: Row) -> Skill:
    """The skill of :func:`skill_row`."""
    return Skill(
        row[0],
        row[1],
        tuple(row[2]),
        row[3],
        row[4],
        tuple(row[5]),
        row[6],
        tuple(row[7]),
        tuple(row[8]),
    )


def feedback_row(feedback: Feedback) -> Row:
    """``feedback`` in field order (a missing source is null)."""
    source = None if feedback.source is None else source_row(feedback.source)
    return [feedback.learner, feedback.sharer, feedback.skill, feedback.status, source]


def feedback_from(row: Row) -> Feedback:
    """The feedback of :func:`feedback_row`."""
    source = None if row[4] is None else source_from(row[4])
    return Feedback(row[0], row[1], row[2], row[3], source)


def person_row(person: Person) -> Row:
    """``person`` in field order: languages as [code, level] pairs, ``do_not_match`` sorted."""
    away = None if person.away_until is None else person.away_until.isoformat()
    return [
        person.username,
        source_row(person.source),
        person.kind.value,
        person.affiliation,
        person.region,
        person.country,
        [[language.code, language.level] for language in person.languages],
        person.timezone,
        person.utc_offset,
        list(person.shares),
        list(person.learns),
        list(person.unknown_skills),
        list(person.projects),
        person.capacity,
        person.status.value,
        away,
        person.clinic,
        sorted(person.do_not_match),
        person.notify,
        person.public,
        person.account.value,
    ]


def person_from(row: Row) -> Person:
    """The person of :func:`person_row`."""
    away = None if row[15] is None else dt.date.fromisoformat(row[15])
    return Person(
        row[0],
        source_from(row[1]),
        _KINDS[row[2]],
        row[3],
        row[4],
        row[5],
        tuple(_language(code, level) for code, level in row[6]),
        row[7],
        row[8],
        tuple(row[9]),
        tuple(row[10]),
        tuple(row[11]),
        tuple(row[12]),
        row[13],
        _STATUSES[row[14]],
        away,
        row[16],
        frozenset(row[17]),
        row[18],
        row[19],
        _ACCOUNTS[row[20]],
    )


@lru_cache(maxsize=4096)
def _language(code: str, level: int) -> Language:
    """One shared record for each language and level (records are immutable)."""
    return Language(code, level)
