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

Which lines count is decided by the statement each makes as written
(:func:`written_statement`), which needs no organisation entry nor taxonomy.
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
from wikisync.reading.answers import Key, ShopTalkLine
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
    lines, problems = organisation_lines(records, index, skills)
    return latest_statements(
        line.statement for line in lines if line.statement is not None
    ), problems


def organisation_lines(
    records: Iterable[RawRecord], index: OrganisationIndex, skills: SkillIndex
) -> tuple[list[ShopTalkLine], list[Problem]]:
    """Every shop-talk line of ``records`` that fills all its fields, in reading order:
    what it says as written and what it means (None when it is left out), with the
    problems of the lines left out."""
    lines: list[ShopTalkLine] = []
    problems: list[Problem] = []
    for record in records:
        if record.kind is not RecordKind.ORGANISATION_FEEDBACK:
            continue
        statement = _statement(record, index, skills, problems)
        said = written_statement(record)
        if said is not None:
            lines.append(ShopTalkLine(said, statement))
    return lines, problems


def written_statement(record: RawRecord) -> Key | None:
    """The statement a shop-talk line makes as written: (asking, offering, skill,
    status), as plain single-line text, the status read as :func:`organisation_feedback`
    reads it; None when a field is empty."""
    values = _values(record)
    if not all(values.values()):
        return None
    return values["asking"], values["offering"], values["skill"], _status(values["status"])


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
