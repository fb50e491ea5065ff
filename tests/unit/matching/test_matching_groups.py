"""Learning groups: sizes, membership rules, hosts and stability."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from matching_builders import TODAY, programmes, run, taxonomy
from matching_builders import person as make_person
from test_matching_properties import available

from wikisync.matching import GroupSettings, MatchHistory, MatchSettings
from wikisync.matching.groups import group_id, group_sizes


@given(st.integers(2, 5), st.integers(0, 6), st.integers(0, 80))
def test_group_sizes_never_leave_anyone_alone(minimum: int, spread: int, count: int) -> None:
    config = GroupSettings(min_size=minimum, max_size=2 * minimum - 1 + spread)
    sizes = group_sizes(count, config)
    if count < minimum:
        assert sizes == []
        return
    assert sum(sizes) == count
    assert all(minimum <= size <= config.max_size for size in sizes)
    assert max(sizes) - min(sizes) <= 1
    assert len(sizes) == -(-count // config.max_size)


def test_seven_learners_make_four_and_three() -> None:
    assert group_sizes(7, GroupSettings()) == [4, 3]
    assert group_sizes(2, GroupSettings()) == []
    assert group_sizes(2, GroupSettings(min_size=2, max_size=3)) == [2]


def learners(count: int, **extra) -> list:
    return [make_person(f"L{i}", learns=["video"], offset=60 * i, **extra) for i in range(count)]


def hosts(count: int) -> list:
    return [make_person(f"H{i}", shares=["video"], capacity=0, clinic=True) for i in range(count)]


def test_groups_around_clinic_hosts_share_a_language() -> None:
    result = run([*learners(7), *hosts(2)], taxonomy("video"))
    assert sorted(len(g.members) for g in result.groups) == [3, 4]
    assert {g.language for g in result.groups} == {"en"}
    assert sorted(g.host for g in result.groups) == ["H0", "H1"]
    assert {m for g in result.groups for m in g.members} == {f"L{i}" for i in range(7)}


def test_with_one_host_only_one_full_group_forms() -> None:
    result = run([*learners(7), *hosts(1)], taxonomy("video"))
    assert [len(g.members) for g in result.groups] == [5]


def test_no_group_without_a_host_unless_allowed() -> None:
    assert run(learners(4), taxonomy("video")).groups == ()
    free = MatchSettings(groups=GroupSettings(require_host=False))
    (group,) = run(learners(4), taxonomy("video"), settings=free).groups
    assert group.host is None and len(group.members) == 4


def test_people_who_must_not_meet_are_not_grouped_together() -> None:
    people = [*learners(3), make_person("L3", learns=["video"], do_not_match=["L0"]), *hosts(1)]
    (group,) = run(people, taxonomy("video")).groups
    assert not {"L0", "L3"} <= set(group.members)


def test_group_ids_are_stable_and_groups_are_kept() -> None:
    people = [*learners(7), *hosts(2)]
    first = run(people, taxonomy("video"))
    history = MatchHistory().after(first, TODAY)
    again = run(people, taxonomy("video"), history=history)
    assert again.groups == first.groups
    for group in first.groups:
        assert group.id == group_id(group.skill, group.language, group.members)
    # A new sharer in L0's time zone takes L0; the rest of L0's group stays together
    # with its host, and the other group is untouched.
    mentor = make_person("Mentor", shares=["video"], capacity=1, offset=0)
    later = run([*people, mentor], taxonomy("video"), history=history)
    assert [(s.learner, s.sharer) for s in later.suggestions] == [("L0", "Mentor")]
    before = {frozenset(g.members): g for g in first.groups}
    after = {frozenset(g.members): g for g in later.groups}
    assert set(after) == {frozenset({"L1", "L2", "L3"}), frozenset({"L4", "L5", "L6"})}
    assert after[frozenset({"L4", "L5", "L6"})] == before[frozenset({"L4", "L5", "L6"})]
    assert (
        after[frozenset({"L1", "L2", "L3"})].host
        == before[frozenset({"L0", "L1", "L2", "L3"})].host
    )


@settings(max_examples=60, deadline=None)
@given(programmes())
def test_groups_follow_the_rules_on_random_programmes(programme) -> None:
    people, feedback = programme
    config = MatchSettings(groups=GroupSettings(min_size=2, max_size=3))
    result = run(people, feedback=feedback, settings=config)
    by_name = {p.username: p for p in people}
    suggested = {(s.learner, s.skill) for s in result.suggestions}
    seen = Counter((m, g.skill) for g in result.groups for m in g.members)
    assert all(count == 1 for count in seen.values())
    for group in result.groups:
        assert 2 <= len(group.members) <= 3
        for name in group.members:
            member = by_name[name]
            assert group.skill in member.learns and (name, group.skill) not in suggested
            assert available(member)
            assert any(x.code == group.language and x.level >= 1 for x in member.languages)
            assert not set(group.members) & member.do_not_match
        host = by_name[group.host]
        assert group.skill in host.shares and available(host) and group.host not in group.members
        assert any(x.code == group.language and x.level >= 1 for x in host.languages)
