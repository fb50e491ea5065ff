"""Records survive a round trip through their compact JSON rows unchanged."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from wikisync.model import (
    AccountState,
    EntryKind,
    Feedback,
    Language,
    Person,
    Problem,
    RawEntry,
    Severity,
    Skill,
    SourceRef,
    Status,
)
from wikisync.rows import (
    feedback_from,
    feedback_row,
    person_from,
    person_row,
    problem_from,
    problem_row,
    raw_entry_from,
    raw_entry_row,
    skill_from,
    skill_row,
)

#: Any text, empty, right-to-left, astral and control characters included.
text = st.text(max_size=12)
texts = st.lists(text, max_size=4).map(tuple)
sources = st.builds(
    SourceRef, text, st.integers(0, 2**40), st.integers(0, 500), st.integers(0, 10**6)
)
problems = st.builds(
    Problem,
    code=text,
    severity=st.sampled_from(Severity),
    message=text,
    source=st.none() | sources,
    username=st.none() | text,
    field=st.none() | text,
    value=text,
    hints=texts,
)
raw_entries = st.builds(
    RawEntry,
    kind=st.sampled_from(EntryKind),
    fields=st.dictionaries(text, text, max_size=5),
    source=sources,
    unknown_params=texts,
)
skills = st.builds(
    Skill,
    id=text,
    label=text,
    aliases=texts,
    area=text,
    labels=st.dictionaries(text, text, max_size=3),
    resources=texts,
    description=text,
    share_categories=texts,
    learn_categories=texts,
)
feedback = st.builds(Feedback, text, text, text, text, st.none() | sources)
people = st.builds(
    Person,
    username=text,
    source=sources,
    kind=st.sampled_from(EntryKind),
    affiliation=text,
    region=st.none() | text,
    country=text,
    languages=st.lists(st.builds(Language, text, st.integers(0, 6)), max_size=3).map(tuple),
    timezone=st.none() | text,
    utc_offset=st.none() | st.integers(-720, 840),
    shares=texts,
    learns=texts,
    unknown_skills=texts,
    projects=texts,
    capacity=st.integers(0, 10),
    status=st.sampled_from(Status),
    away_until=st.none() | st.dates(),
    clinic=st.booleans(),
    do_not_match=st.frozensets(text, max_size=3),
    notify=st.booleans(),
    public=st.booleans(),
    account=st.sampled_from(AccountState),
)


def through_json(row: Any) -> Any:
    return json.loads(json.dumps(row, ensure_ascii=False))


@settings(max_examples=50, deadline=None)
@given(problems)
def test_a_problem_round_trips(problem: Problem) -> None:
    assert problem_from(through_json(problem_row(problem))) == problem


@settings(max_examples=50, deadline=None)
@given(raw_entries)
def test_a_raw_entry_round_trips_with_its_fields_in_order(entry: RawEntry) -> None:
    back = raw_entry_from(through_json(raw_entry_row(entry)))
    assert back == entry
    assert list(back.fields) == list(entry.fields)


@settings(max_examples=50, deadline=None)
@given(skills)
def test_a_skill_round_trips(skill: Skill) -> None:
    assert skill_from(through_json(skill_row(skill))) == skill


@settings(max_examples=50, deadline=None)
@given(feedback)
def test_feedback_round_trips(item: Feedback) -> None:
    assert feedback_from(through_json(feedback_row(item))) == item


@settings(max_examples=50, deadline=None)
@given(people)
def test_a_person_round_trips(person: Person) -> None:
    back = person_from(through_json(person_row(person)))
    assert back == person


def test_a_person_of_defaults_round_trips_with_its_types() -> None:
    person = Person("Ama", SourceRef("Directory", 3, 1, 12), away_until=dt.date(2027, 1, 31))
    back = person_from(through_json(person_row(person)))
    assert back == person
    assert type(back.away_until) is dt.date and type(back.do_not_match) is frozenset
