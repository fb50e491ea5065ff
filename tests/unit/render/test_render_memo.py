"""Remembered parts give the bodies a cold render gives: seeded programmes, random changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from tests.unit.render.memo_rows import remembered
from wikisync.dev.synth import generate_people, generate_taxonomy
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import Person, Status, Taxonomy
from wikisync.render.context import RenderContext
from wikisync.render.memo import RenderMemo, digest
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.parts import SplitSettings
from wikisync.render.settings import PageSettings

TODAY = dt.date(2026, 3, 2)
SPLIT = SplitSettings(max_bytes=10_000)


def render(
    people: list[Person], taxonomy: Taxonomy, memo: RenderMemo | None
) -> dict[str, tuple[str, str]]:
    result = match(people, taxonomy, (), MatchHistory(), MatchSettings(), TODAY)
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    return desired_pages(RenderInput(result), ctx, SPLIT, memo)


def changed(
    people: list[Person], taxonomy: Taxonomy, rng: random.Random
) -> tuple[list[Person], Taxonomy]:
    """One random change: a participant inactive, private, removed, learning another skill,
    or a skill relabelled."""
    people = list(people)
    index = rng.randrange(len(people))
    kind = rng.choice(["inactive", "private", "removed", "learns", "label"])
    if kind == "inactive":
        people[index] = dataclasses.replace(people[index], status=Status.INACTIVE)
    elif kind == "private":
        people[index] = dataclasses.replace(people[index], public=not people[index].public)
    elif kind == "removed":
        del people[index]
    elif kind == "learns":
        skill = rng.choice(taxonomy.skills).id
        people[index] = dataclasses.replace(people[index], learns=(skill,))
    else:
        skills = list(taxonomy.skills)
        at = rng.randrange(len(skills))
        skills[at] = dataclasses.replace(skills[at], label=f"{skills[at].label} {rng.randrange(9)}")
        taxonomy = Taxonomy(tuple(skills))
    return people, taxonomy


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_warm_render_gives_the_bodies_of_a_cold_one(seed: int) -> None:
    rng = random.Random(seed)
    taxonomy = generate_taxonomy(12, seed)
    people = list(generate_people(150, taxonomy, seed))
    memo = RenderMemo()
    assert render(people, taxonomy, memo) == render(people, taxonomy, None)
    known = remembered(memo)
    for _ in range(4):
        people, taxonomy = changed(people, taxonomy, rng)
        warm = RenderMemo(known)
        assert render(people, taxonomy, warm) == render(people, taxonomy, None)
        known.update(remembered(warm))
    again = RenderMemo(known)
    assert render(people, taxonomy, again) == render(people, taxonomy, None)
    assert again.reused == len(again.used) and not again.rendered


def test_digests_tell_apart_what_repr_would() -> None:
    assert digest(("a", 1)) != digest(("a", "1"))
    assert digest(frozenset({"b", "a"})) == digest(frozenset({"a", "b"}))
    assert digest(Status.ACTIVE) != digest(Status.INACTIVE)


def test_a_rendered_payload_is_held_once_and_encoded_when_stored() -> None:
    memo = RenderMemo()
    body = "x" * 1000
    payload = {"parts": [body]}
    assert memo.part("unit", "key", lambda: payload) is payload
    assert memo.part("unit", "key", lambda: pytest.fail("rendered twice")) is payload
    assert list(memo.rows()) == [("unit", "key", '{"parts": ["' + body + '"]}')]
    assert memo.rendered == 1 and memo.reused == 0


def test_a_remembered_payload_is_decoded_once_and_a_new_digest_renders_again() -> None:
    memo = RenderMemo({"unit": ("old", '["Ä"]'), "other": ("k", '"kept"')})
    assert memo.part("unit", "old", lambda: pytest.fail("rendered")) == ["Ä"]
    assert memo.part("other", "new", lambda: "fresh") == "fresh"
    assert memo.reused == 1 and memo.rendered == 1
    assert list(memo.rows()) == [("other", "new", '"fresh"')]


def test_a_changed_group_renders_only_its_skills_blocks_again() -> None:
    from wikisync.model import Group, MatchResult
    from wikisync.render.pages.desired import remembered_groups_pages

    taxonomy = generate_taxonomy(6, 5)
    people = list(generate_people(40, taxonomy, 5))
    names = [person.username for person in people]
    skills = [skill.id for skill in taxonomy.skills]
    made = tuple(
        Group(f"g{i}", skills[i % 3], "en", (names[i], names[i + 10]), names[i + 20])
        for i in range(9)
    )
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    small = SplitSettings(max_bytes=3_000)
    for split in (SPLIT, small):
        first = RenderMemo()
        cold = remembered_groups_pages(MatchResult(groups=made), ctx, split, first)
        assert first.rendered == 3
        moved = (dataclasses.replace(made[0], members=(names[0], names[30])), *made[1:])
        warm = RenderMemo(remembered(first))
        pages = remembered_groups_pages(MatchResult(groups=moved), ctx, split, warm)
        fresh = remembered_groups_pages(MatchResult(groups=moved), ctx, split, RenderMemo())
        assert pages == fresh and pages != cold
        assert warm.rendered == 1 and warm.reused == 2
    assert len(cold) > 1
