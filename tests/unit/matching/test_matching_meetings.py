"""What a learning group is told: its number, its common languages and a weekly hour."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from matching_builders import TODAY, run, taxonomy
from matching_builders import person as make_person

from wikisync.matching import MatchHistory
from wikisync.matching.meetings import best_hour, common_languages, group_numbers, two_slots
from wikisync.matching.roster import build_roster
from wikisync.matching.settings import MatchSettings
from wikisync.model import Group

TODAY_GROUPS = taxonomy("video")


def group(gid: str, skill: str = "video", language: str = "en", number: int = 1) -> Group:
    return Group(gid, skill, language, ("A", "B", "C"), number=number)


def test_one_time_zone_meets_in_the_middle_of_its_day() -> None:
    assert best_hour([0], 8, 22) == (14, 1)
    assert best_hour([120, 120], 8, 22) == (12, 2)


def test_the_hour_suits_most_people_even_across_the_world() -> None:
    # Nairobi (+3), Lima (-5) and Manila (+8): 13:00 UTC is 08:00 in Lima, 21:00 in Manila.
    assert best_hour([180, -300, 480], 8, 22) == (13, 3)
    # Add Honolulu (-10): no hour suits all four within 08-22.
    hour, awake = best_hour([180, -300, 480, -600], 8, 22)
    assert awake == 3
    local = [(hour * 60 + offset) % 1440 for offset in (180, -300, 480, -600)]
    assert sum(8 * 60 <= m <= 21 * 60 for m in local) == 3


def test_half_hour_offsets_and_a_short_day_are_honoured() -> None:
    hour, awake = best_hour([330], 9, 11)  # India, awake 09:00-11:00
    assert awake == 1 and (hour * 60 + 330) % 1440 in range(9 * 60, 10 * 60 + 1)


@given(st.lists(st.integers(-720, 840), min_size=1, max_size=8), st.integers(0, 20))
def test_no_other_hour_suits_more_people(offsets: list[int], start: int) -> None:
    hour, awake = best_hour(offsets, start, start + 4)
    for other in range(24):
        locals_ = [(other * 60 + o) % 1440 for o in offsets]
        assert sum(start * 60 <= m <= (start + 3) * 60 for m in locals_) <= awake
    assert 0 <= hour < 24


def _awake_one_by_one(hour: int, offsets: list[int], start: int, end: int) -> tuple[int, int]:
    first, last = start * 60, end * 60 - 60
    locals_ = [(hour * 60 + o) % 1440 for o in offsets]
    awake = [m for m in locals_ if first <= m <= last]
    return len(awake), sum(min(m - first, last - m) for m in awake)


def _two_slots_one_by_one(offsets: list[int], start: int, end: int) -> tuple[tuple[int, int], ...]:
    def best(hour: int) -> tuple[int, int, int]:
        return (*_awake_one_by_one(hour, offsets, start, end), -hour)

    first = max(range(24), key=best)
    left = [o for o in offsets if not _awake_one_by_one(first, [o], start, end)[0]]
    awake = _awake_one_by_one(first, offsets, start, end)[0]
    if not any(_awake_one_by_one(h, left, start, end)[0] for h in range(24)):
        return ((first, awake),)
    second = max(
        (h for h in range(24) if h != first),
        key=lambda h: (_awake_one_by_one(h, left, start, end)[0], *best(h)),
    )
    return (first, awake), (second, _awake_one_by_one(second, offsets, start, end)[0])


@given(
    st.lists(st.sampled_from([-300, -180, 0, 60, 330, 345, 540, 600]), min_size=1, max_size=30),
    st.integers(0, 18),
    st.integers(2, 6),
)
def test_two_slots_count_each_person_once_however_many_share_an_offset(
    offsets: list[int], start: int, hours: int
) -> None:
    end = min(start + hours, 24)
    assert two_slots(offsets, start, end) == _two_slots_one_by_one(offsets, start, end)
    assert best_hour(offsets, start, end) == _two_slots_one_by_one(offsets, start, end)[0]


def test_kept_groups_keep_their_number_and_new_ones_take_the_lowest_free() -> None:
    groups = [group("g-a"), group("g-b"), group("g-c"), group("g-d", language="fr")]
    assert group_numbers(groups, {"g-c": 1, "g-b": 3}) == {"g-a": 2, "g-b": 3, "g-c": 1, "g-d": 1}
    assert group_numbers(groups, {}) == {"g-a": 1, "g-b": 2, "g-c": 3, "g-d": 1}
    # Two kept groups claiming one number: the first by id keeps it.
    assert group_numbers(groups[:2], {"g-a": 1, "g-b": 1}) == {"g-a": 1, "g-b": 2}


def test_groups_of_a_run_are_numbered_with_common_languages_and_a_meeting_time() -> None:
    people = [
        make_person(f"L{i}", speaks="en-3 fr-2" if i < 4 else "en-3", learns=["video"],
                    offset=60 * i)
        for i in range(7)
    ]  # fmt: skip
    hosts = [
        make_person("H0", speaks="en-4 fr-4", shares=["video"], capacity=0, clinic=True),
        make_person("H1", speaks="en-4", shares=["video"], capacity=0, clinic=True, offset=None),
    ]
    result = run([*people, *hosts], TODAY_GROUPS)
    assert sorted(g.number for g in result.groups) == [1, 2]
    for g in result.groups:
        assert g.languages[0] == g.language == "en"
        assert g.meeting is not None
        named = [name for name, _ in g.meeting.local]
        assert named == [n for n in (g.host, *g.members) if n != "H1"]
        assert g.meeting.known == len(named) and 1 <= g.meeting.awake <= g.meeting.known
    again = run([*people, *hosts], TODAY_GROUPS, history=MatchHistory().after(result, TODAY))
    assert again.groups == result.groups


def test_a_group_of_people_who_list_no_language_shares_only_its_own() -> None:
    people = [make_person("A", speaks=""), make_person("B", speaks="")]
    roster = build_roster(people, TODAY_GROUPS, (), MatchHistory(), MatchSettings(), TODAY)
    assert roster.languages == ()
    assert common_languages(roster, [0, 1], "en") == ("en",)
