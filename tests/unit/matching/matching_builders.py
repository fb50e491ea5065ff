"""Builders for small hand-made and generated programmes used by the matching tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from hypothesis import strategies as st

from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import (
    AccountState,
    Feedback,
    Language,
    MatchResult,
    Person,
    Skill,
    SourceRef,
    Status,
    Taxonomy,
)

TODAY = dt.date(2026, 3, 2)
SKILLS = ("budgeting", "editing", "video")
LANGUAGES = ("en", "fr", "sw")
REGIONS = ("SSA", "MENA", "SA")


def taxonomy(*ids: str) -> Taxonomy:
    """A taxonomy with these skill ids (labels are the ids)."""
    return Taxonomy(tuple(Skill(skill, skill.capitalize()) for skill in ids or SKILLS))


def languages(spec: str) -> tuple[Language, ...]:
    """Languages from ``"en-3 fr-N"``."""
    out = []
    for item in spec.split():
        code, level = item.split("-")
        out.append(Language(code, 6 if level == "N" else int(level)))
    return tuple(out)


def person(
    username: str,
    speaks: str = "en-3",
    shares: Sequence[str] = (),
    learns: Sequence[str] = (),
    capacity: int = 2,
    status: Status = Status.ACTIVE,
    away_until: dt.date | None = None,
    offset: int | None = 0,
    region: str | None = "SSA",
    clinic: bool = False,
    do_not_match: Iterable[str] = (),
    account: AccountState = AccountState.USABLE,
) -> Person:
    """A normalised participant with sensible defaults."""
    return Person(
        username=username,
        source=SourceRef(page="Directory"),
        region=region,
        languages=languages(speaks),
        utc_offset=offset,
        shares=tuple(shares),
        learns=tuple(learns),
        capacity=capacity,
        status=status,
        away_until=away_until,
        clinic=clinic,
        do_not_match=frozenset(do_not_match),
        account=account,
    )


def run(
    people: Iterable[Person],
    skills: Taxonomy | None = None,
    feedback: Iterable[Feedback] = (),
    history: MatchHistory | None = None,
    settings: MatchSettings | None = None,
    today: dt.date = TODAY,
) -> MatchResult:
    """``match`` with defaults for a first run."""
    return match(
        people,
        skills or taxonomy(),
        feedback,
        history or MatchHistory(),
        settings or MatchSettings(),
        today,
    )


@st.composite
def programmes(draw: st.DrawFn, max_people: int = 9) -> tuple[list[Person], list[Feedback]]:
    """A small random programme: people with random languages, skills, availability, bans."""
    count = draw(st.integers(2, max_people))
    names = [f"P{index}" for index in range(count)]
    people = [draw(_people(name, names)) for name in names]
    feedback = draw(st.lists(_feedback(names), max_size=4))
    return people, feedback


@st.composite
def _people(draw: st.DrawFn, name: str, names: Sequence[str]) -> Person:
    spoken = draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=2, unique=True))
    levels = " ".join(
        f"{code}-{draw(st.sampled_from(['0', '1', '3', '5', 'N']))}" for code in spoken
    )
    shares = draw(st.lists(st.sampled_from(SKILLS), max_size=2, unique=True))
    learns = draw(st.lists(st.sampled_from(SKILLS), max_size=2, unique=True))
    status = draw(
        st.sampled_from([Status.ACTIVE, Status.ACTIVE, Status.ACTIVE, Status.AWAY, Status.INACTIVE])
    )
    away = TODAY + dt.timedelta(days=draw(st.integers(-5, 5))) if status is Status.AWAY else None
    others = [other for other in names if other != name]
    banned = (
        draw(st.lists(st.sampled_from(others), max_size=1)) if draw(st.integers(0, 5)) == 0 else []
    )
    return person(
        name,
        speaks=levels,
        shares=shares,
        learns=learns,
        capacity=draw(st.integers(0, 2)),
        status=status,
        away_until=away,
        offset=draw(st.sampled_from([None, -300, 0, 60, 180, 330, 600])),
        region=draw(st.sampled_from([None, *REGIONS])),
        clinic=draw(st.booleans()),
        do_not_match=banned,
    )


@st.composite
def _feedback(draw: st.DrawFn, names: Sequence[str]) -> Feedback:
    learner, sharer = draw(st.permutations(names))[:2]
    return Feedback(
        learner=learner,
        sharer=sharer,
        skill=draw(st.sampled_from(SKILLS)),
        status=draw(st.sampled_from(["declined", "met"])),
    )
