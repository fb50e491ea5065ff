"""Contact details typed anywhere never leave the run: recognised in every disguise, withheld
from every field, problem and rendered problems page."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wikisync.model import EntryKind, Severity, SourceRef, Taxonomy
from wikisync.normalize import contact, normalise
from wikisync.normalize.contact import has_contact_details, without_contact_details
from wikisync.normalize.problems import problem
from wikisync.reading.parse import parse_entries
from wikisync.render.context import RenderContext
from wikisync.render.pages.problems import render_problems
from wikisync.render.settings import PageSettings
from wikisync.settings.programme import FIELDS, default_programme

#: (value as typed, the parts of it that must never be shown).
CORPUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Jane Roe <jroe (AT) example DOT com>", ("Jane Roe", "jroe")),
    ("jroe (at) example (dot) com", ("jroe",)),
    ("mkofi [at] mail [dot] example [dot] gh", ("mkofi",)),
    ("lina at example dot org", ("lina",)),
    ("ana.p {at} example {dot} pe", ("ana.p",)),
    ("tomas.r@example.es", ("tomas.r",)),
    ("wu.li＠example.cn", ("wu.li",)),
    ("zed&#64;example.net", ("zed&#64",)),
    ("[mailto:quiet.person@example.org Quiet]", ("quiet.person",)),
    ("Amara Obi +234 803 555 0199", ("Amara Obi", "555 0199")),
    ("call 0712 345 678", ("0712 345 678",)),
    ("Tel. (020) 7946-0958", ("7946-0958",)),
    ("Ravi Kumar, ravi.k AT example DOT in", ("Ravi Kumar", "ravi.k")),
)
SAFE = (
    "Proposal writing", "away until 2026-12-31", "UTC+03:00", "Meet at the park",
    "Wikimedia Ghana User Group", "C#, F#, .NET", "Node.js at scale", "2026-2027", "en-N, fr-2",
    "Lunch at 12.30", "Python 3.11 at work", "Look at Wikidata (SPARQL)", "capacity 2",
)  # fmt: skip
TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(("value", "secrets"), CORPUS)
def test_contact_details_are_recognised_in_every_disguise(
    value: str, secrets: tuple[str, ...]
) -> None:
    assert has_contact_details(value)
    assert "[private]" in without_contact_details(value)


@pytest.mark.parametrize("value", SAFE)
def test_ordinary_values_are_not_mistaken_for_contact_details(value: str) -> None:
    assert not has_contact_details(value)


def entry_page(field: str, value: str) -> str:
    """A directory page whose one entry has ``value`` in ``field`` (and in a stray param)."""
    params = {"username": "Safe Name", "share": "Proposal writing", field: value}
    body = "".join(f" | {name} = {text}\n" for name, text in params.items())
    return f"{{{{Skills directory entry\n{body} | {value} = x\n}}}}\n"


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(("value", "secrets"), CORPUS)
def test_no_field_lets_contact_details_reach_a_person_or_a_problem(
    field: str, value: str, secrets: tuple[str, ...]
) -> None:
    programme = default_programme()
    text = entry_page(field, value)
    raw, parse_problems = parse_entries(
        text, "Directory", 1, EntryKind.DIRECTORY, programme.templates
    )
    result = normalise(raw, Taxonomy(()), programme, TODAY)
    problems = [*parse_problems, *result.problems]
    shown = [repr(person) for person in result.people]
    shown += [repr(dataclasses.replace(item, source=None)) for item in problems]
    ctx = RenderContext.build(PageSettings(), Taxonomy(()), result.people)
    shown.append(render_problems(tuple(problems), ctx))
    everything = "\n".join(shown)
    for secret in secrets:
        assert secret not in everything, (field, value)


def test_a_problem_never_carries_contact_details_whatever_it_was_built_from() -> None:
    made = problem(
        "unknown-region",
        'unknown region "jroe (at) example (dot) com"',
        SourceRef("Directory"),
        username="Amara Obi +234 803 555 0199",
        value="jroe (at) example (dot) com",
        hints=("tomas.r@example.es", "Europe"),
    )
    assert made.severity is Severity.WARNING
    assert "jroe" not in made.message
    assert made.value == ""
    assert made.username is None
    assert made.hints == ("Europe",)


#: Pieces of contact details and of what only looks like them.
_PIECES = [*"ab @＠.()[]<>-/+:0123456789", " at ", " dot ", "mailto", "&#64;", "&commat;"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24).map("".join))
def test_the_quick_hint_never_hides_contact_details(text: str) -> None:
    assert has_contact_details(text) == _without_hint(text)


def _without_hint(text: str) -> bool:
    """The full test of :func:`has_contact_details`, without its quick first search."""
    if contact._MAILTO.search(text) or any(
        contact._is_phone(found.group()) for found in contact._PHONE.finditer(text)
    ):
        return True
    if not contact._AT_HINT.search(text):
        return False
    return bool(contact._PLAIN_EMAIL.search(text) or contact._OBFUSCATED_EMAIL.search(text))
