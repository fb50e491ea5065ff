"""Problem codes, their severities, and how per-value issues become located problems.

Normalisers for single values know *what* is wrong with a value but not *where* it was
written; they return :class:`Issue` objects (cacheable, position-free). The entry-level code
turns them into :class:`~wikisync.model.Problem` records with the source, username and field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wikisync.model import Problem, Severity, SourceRef
from wikisync.normalize.contact import has_contact_details

#: Every problem code wikisync emits while reading and normalising, with its severity.
SEVERITIES: dict[str, Severity] = {
    "unknown-parameter": Severity.WARNING,
    "unnamed-parameter": Severity.WARNING,
    "duplicate-parameter": Severity.WARNING,
    "unclosed-template": Severity.ERROR,
    "missing-field": Severity.ERROR,
    "duplicate-skill": Severity.ERROR,
    "duplicate-skill-name": Severity.WARNING,
    "invalid-skill-id": Severity.ERROR,
    "unknown-feedback-status": Severity.WARNING,
    "feedback-not-theirs": Severity.WARNING,
    "invalid-json": Severity.ERROR,
    "json-bad-value": Severity.WARNING,
    "table-no-username-column": Severity.ERROR,
    "table-bad-row": Severity.WARNING,
    "missing-username": Severity.ERROR,
    "invalid-username": Severity.ERROR,
    "mixed-script-username": Severity.WARNING,
    "unknown-skill": Severity.WARNING,
    "ambiguous-skill": Severity.WARNING,
    "unknown-language": Severity.WARNING,
    "invalid-language-level": Severity.WARNING,
    "unknown-region": Severity.WARNING,
    "unknown-timezone": Severity.WARNING,
    "invalid-capacity": Severity.WARNING,
    "capacity-too-high": Severity.WARNING,
    "unknown-status": Severity.WARNING,
    "invalid-date": Severity.WARNING,
    "away-expired": Severity.INFO,
    "invalid-boolean": Severity.WARNING,
    "value-too-long": Severity.WARNING,
    "hidden-characters": Severity.WARNING,
    "hidden-username-characters": Severity.WARNING,
    "no-consent": Severity.INFO,
    "duplicate-entry": Severity.INFO,
    "csv-invalid-encoding": Severity.WARNING,
    "csv-no-username-column": Severity.ERROR,
    "csv-bad-row": Severity.WARNING,
    "csv-private-value": Severity.WARNING,
    "csv-unmapped-column": Severity.WARNING,
    "csv-unknown-role": Severity.WARNING,
    "private-value": Severity.WARNING,
    "account-missing": Severity.ERROR,
    "account-blocked": Severity.WARNING,
    "account-inactive": Severity.INFO,
    "title-username": Severity.WARNING,
    "babel-unassigned": Severity.WARNING,
    "table-no-header": Severity.WARNING,
    "table-unknown-column": Severity.WARNING,
    "table-row-cells": Severity.WARNING,
    "invalid-url": Severity.ERROR,
    "unknown-resource-kind": Severity.WARNING,
    "invalid-record-date": Severity.WARNING,
    "duplicate-organisation": Severity.WARNING,
    "invalid-organisation-capacity": Severity.WARNING,
    "contact-not-member": Severity.WARNING,
    "member-not-account": Severity.WARNING,
    "member-affiliation-mismatch": Severity.WARNING,
    "affiliation-not-listed": Severity.WARNING,
    "unknown-organisation": Severity.WARNING,
    "unknown-measure": Severity.WARNING,
    "invalid-target": Severity.WARNING,
    "invalid-period": Severity.WARNING,
    "duplicate-indicator": Severity.WARNING,
    "unknown-objective": Severity.WARNING,
    "unknown-indicator": Severity.WARNING,
    "shop-talk-feedback-not-theirs": Severity.WARNING,
}


@dataclass(frozen=True, slots=True)
class Issue:
    """What is wrong with one value, before it is known where the value was written."""

    code: str
    message: str
    value: str = ""
    hints: tuple[str, ...] = ()


def located(
    issue: Issue,
    source: SourceRef | None,
    username: str | None = None,
    field: str | None = None,
    *,
    show_value: bool = True,
) -> Problem:
    """The problem for ``issue`` found at ``source``; ``show_value=False`` withholds the value.

    Values read from private exports are withheld so that nothing typed into a private form
    (an e-mail address in the wrong box, say) can reach a public problems page.
    """
    return problem(
        issue.code,
        issue.message,
        source,
        username=username,
        field=field,
        value=issue.value if show_value else "",
        hints=issue.hints,
    )


def problem(
    code: str,
    message: str,
    source: SourceRef | None,
    *,
    username: str | None = None,
    field: str | None = None,
    value: str = "",
    hints: tuple[str, ...] = (),
) -> Problem:
    """A problem with the registered severity of ``code`` (unregistered codes are a bug).

    Whatever it was built from, a problem never carries contact details: a value, a
    parameter name or a username that holds an e-mail address or a phone number is
    withheld, and so is a message that quotes one (names typed beside an address go with
    it).
    """
    return Problem(
        code=code,
        severity=SEVERITIES[code],
        message=_PRIVATE_MESSAGE if has_contact_details(message) else message,
        source=source,
        username=_public(username),
        field=_public(field),
        value=_public(value) or "",
        hints=tuple(hint for hint in hints if not has_contact_details(hint)),
    )


_PRIVATE_MESSAGE = "a value that holds contact details is withheld"


def _public(text: str | None) -> str | None:
    return None if text and has_contact_details(text) else text


def problems_summary(problems: Iterable[Problem]) -> dict[str, int]:
    """How many problems there are of each code, keyed in code order, for logs and status."""
    counts = Counter(item.code for item in problems)
    return {code: counts[code] for code in sorted(counts)}
