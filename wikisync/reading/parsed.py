"""A parsed source page, and its payload in the parse cache.

The payload is one compact JSON array, ``[version, title, revision, exists, entries,
skills, feedback, problems, records]``, each record a row of :mod:`wikisync.rows`. A payload of
another version (or anything that is not a payload) reads as no payload at all, so the
page is simply parsed again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from wikisync.model import Feedback, Problem, RawEntry, RawRecord, Skill
from wikisync.rows import (
    feedback_from,
    feedback_row,
    problem_from,
    problem_row,
    raw_entry_from,
    raw_entry_row,
    raw_record_from,
    raw_record_row,
    skill_from,
    skill_row,
)

#: The shape of the payload; raise it with every change to it or to the rows it holds.
PAYLOAD_VERSION = 3


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """What one source page yielded: entries, taxonomy skills, feedback or the raw records
    of a resources page, and problems."""

    title: str
    revision: int
    exists: bool = True
    entries: tuple[RawEntry, ...] = ()
    skills: tuple[Skill, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    problems: tuple[Problem, ...] = ()
    records: tuple[RawRecord, ...] = ()


def encode(page: ParsedPage) -> str:
    """The cache payload of a parsed page."""
    row = [
        PAYLOAD_VERSION,
        page.title,
        page.revision,
        page.exists,
        [raw_entry_row(entry) for entry in page.entries],
        [skill_row(skill) for skill in page.skills],
        [feedback_row(item) for item in page.feedback],
        [problem_row(problem) for problem in page.problems],
        [raw_record_row(record) for record in page.records],
    ]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def decode(payload: str) -> ParsedPage | None:
    """The parsed page of a cache payload; None for a payload of another version."""
    try:
        row = json.loads(payload)
    except json.JSONDecodeError:
        return None
    if not isinstance(row, list) or not row or row[0] != PAYLOAD_VERSION:
        return None
    _, title, revision, exists, entries, skills, feedback, problems, records = row
    return ParsedPage(
        title,
        revision,
        exists,
        tuple(map(raw_entry_from, entries)),
        tuple(map(skill_from, skills)),
        tuple(map(feedback_from, feedback)),
        tuple(map(problem_from, problems)),
        tuple(map(raw_record_from, records)),
    )
