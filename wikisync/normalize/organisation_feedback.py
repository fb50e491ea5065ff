"""What organisations said about their shop-talk sessions, from the feedback pages.

A feedback line about a session names organisations instead of people::

    {{Match feedback | asking = Wikimedia Ghana User Group | offering = Art+Feminism
     | skill = Proposal writing | status = held}}

``asking`` and ``offering`` name organisations by their names or aliases (compared as
names are); ``skill`` is a skill of the taxonomy by id, label or alias; ``status`` is
``held`` (also "met", "done", "happened") or ``declined`` (after which the two are never
matched again), or any status people's feedback knows. Each (asking, offering, skill)
has one status: the last line that counts in reading order wins, as for people's
feedback (who may add a line: :func:`wikisync.reading.answers.check_shop_talks`). A line
that leaves a field empty (``missing-field``), names no known organisation
(``unknown-organisation``) or an unknown skill is reported and left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from wikisync.model import OrganisationFeedback, Problem, RawRecord, RecordKind
from wikisync.normalize.keys import fold
from wikisync.normalize.markup import plain_text
from wikisync.normalize.organisations import OrganisationIndex
from wikisync.normalize.problems import located, problem
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.text import single_line
from wikisync.reading.parse import feedback_status

HELD = "held"
#: Statuses of people's feedback that mean a session took place.
_HELD_WORDS = frozenset({HELD, "met"})
_FIELDS = ("asking", "offering", "skill", "status")


def organisation_feedback(
    records: Iterable[RawRecord], index: OrganisationIndex, skills: SkillIndex
) -> tuple[tuple[OrganisationFeedback, ...], list[Problem]]:
    """One statement per (asking, offering, skill), the last in reading order, sorted;
    with the problems of the lines left out."""
    statements, problems = organisation_statements(records, index, skills)
    return latest_statements(statements), problems


def organisation_statements(
    records: Iterable[RawRecord], index: OrganisationIndex, skills: SkillIndex
) -> tuple[list[OrganisationFeedback], list[Problem]]:
    """Every statement ``records`` make, in reading order, with the problems of the lines
    left out."""
    statements: list[OrganisationFeedback] = []
    problems: list[Problem] = []
    for record in records:
        if record.kind is not RecordKind.ORGANISATION_FEEDBACK:
            continue
        item = _statement(record, index, skills, problems)
        if item is not None:
            statements.append(item)
    return statements, problems


def statement_of(
    record: RawRecord, index: OrganisationIndex, skills: SkillIndex
) -> OrganisationFeedback | None:
    """The statement one line makes, None when it is left out (its problems unsaid)."""
    return _statement(record, index, skills, [])


def unread_statements(
    records: Iterable[RawRecord], index: OrganisationIndex, skills: SkillIndex
) -> list[tuple[str | None, str | None, str | None, str]]:
    """What each line left out for naming an organisation or a skill that ``index`` or
    ``skills`` does not know still says, in reading order: (asking, offering, skill,
    status), None where unknown. A line that leaves a field empty says nothing."""
    unread = []
    for record in records:
        if record.kind is not RecordKind.ORGANISATION_FEEDBACK:
            continue
        values = _values(record)
        if not all(values.values()):
            continue
        asking, offering = index.lookup(values["asking"]), index.lookup(values["offering"])
        skill = skills.lookup(values["skill"])[0]
        if asking is None or offering is None or skill is None:
            unread.append((asking, offering, skill, _status(values["status"])))
    return unread


def latest_statements(
    statements: Iterable[OrganisationFeedback],
) -> tuple[OrganisationFeedback, ...]:
    """One statement per (asking, offering, skill), the last of ``statements``, sorted."""
    latest = {(item.asking, item.offering, item.skill): item for item in statements}
    return tuple(latest[key] for key in sorted(latest))


def _statement(
    record: RawRecord, index: OrganisationIndex, skills: SkillIndex, problems: list[Problem]
) -> OrganisationFeedback | None:
    values = _values(record)
    for name in _FIELDS:
        if not values[name]:
            message = f"the shop-talk feedback has no {name}"
            problems.append(problem("missing-field", message, record.source, field=name))
            return None
    names: dict[str, str] = {}
    for role in ("asking", "offering"):
        found = index.lookup(values[role])
        if found is None:
            message = f"no organisation entry is named {values[role]}"
            problems.append(
                problem(
                    "unknown-organisation", message, record.source, field=role, value=values[role]
                )
            )
            return None
        names[role] = found
    skill, issue = skills.lookup(values["skill"])
    if issue is not None:
        problems.append(located(issue, record.source, None, "skill"))
    if skill is None:
        return None
    status = _status(values["status"])
    return OrganisationFeedback(names["asking"], names["offering"], skill, status, record.source)


def _values(record: RawRecord) -> dict[str, str]:
    return {name: single_line(plain_text(record.fields.get(name, ""))) for name in _FIELDS}


def _status(written: str) -> str:
    known = HELD if fold(written) == HELD else feedback_status(written)
    if known in _HELD_WORDS:
        return HELD
    return known or fold(written)
