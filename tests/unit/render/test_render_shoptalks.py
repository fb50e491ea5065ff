"""The shop-talk pages: one per session and an overview; escaped, private people unnamed,
byte-identical for the same sessions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from wikisync.matching.settings import MatchSettings
from wikisync.matching.shoptalk import ShopTalkInput, sharer_counts, shop_talks
from wikisync.model import Language, Organisation, Person, Skill, SourceRef, Taxonomy
from wikisync.render.context import RenderContext
from wikisync.render.pages.shoptalks import shop_talk_pages
from wikisync.render.settings import PageSettings

TODAY = dt.date(2026, 6, 1)
TAXONOMY = Taxonomy((Skill("video", "Video editing"), Skill("budgeting", "Budgeting")))
SETTINGS = PageSettings(feedback="Let's Connect/Feedback")
EVIL = "Evil ~~~~ {{subst:X}} [[Category:Spam]] <!-- |} #REDIRECT"


def person(name: str, public: bool = True, **extra: object) -> Person:
    base = Person(name, SourceRef("Directory"), public=public)
    return dataclasses.replace(base, **extra)  # type: ignore[arg-type]


def organisation(name: str, **extra: object) -> Organisation:
    base = Organisation(name, SourceRef("Orgs"), languages=(Language("en", 4),), utc_offset=0)
    return dataclasses.replace(base, **extra)  # type: ignore[arg-type]


PEOPLE = (
    person("Ama", shares=("video",)),
    person("Kofi"),
    person("Secret Sharer", public=False, shares=("video",)),
    person("Nia", learns=("video",)),
    person("Zed"),
)
ORGANISATIONS = (
    organisation("Host Group", offers=("video",), participants=("Ama", "Kofi", "Secret Sharer")),
    organisation(
        "Asking Group",
        wants=("video",),
        questions="How do you [[train]] {{volunteers}}?",
        participants=("Nia", "Zed"),
        utc_offset=330,
    ),
    organisation(EVIL, wants=("video",), questions=EVIL),
    organisation("Lonely", wants=("budgeting",)),
)


def pages() -> dict[str, str]:
    data = ShopTalkInput(ORGANISATIONS, sharers=sharer_counts(ORGANISATIONS, PEOPLE))
    talks = shop_talks(data, MatchSettings(), TODAY)
    ctx = RenderContext.build(SETTINGS, TAXONOMY, PEOPLE)
    return shop_talk_pages(talks, ORGANISATIONS, ctx)


def test_a_page_per_session_and_an_overview() -> None:
    rendered = pages()
    assert sorted(rendered) == [
        "Let's Connect/Shop talks",
        "Let's Connect/Shop talks/Video editing · Host Group",
    ]
    overview = rendered["Let's Connect/Shop talks"]
    assert "[[:Let's Connect/Shop talks/Video editing · Host Group|Session page]]" in overview
    assert "Wanted skills without a session" in overview and "no other organisation" in overview


def test_the_session_page_names_people_skill_first_and_never_a_private_one() -> None:
    page = pages()["Let's Connect/Shop talks/Video editing · Host Group"]
    assert "Secret Sharer" not in page
    assert page.index("User:Ama|") < page.index("User:Kofi|")
    assert page.index("User:Nia|") < page.index("User:Zed|")
    assert "one more participant not listed publicly" in page
    assert "2 people of the offering organisation share the skill" in page
    assert "English" in page and "UTC" in page
    for part in ("Introductions", "questions", "What worked", "Follow-ups"):
        assert part in page
    assert "status = held" in page.replace("&#61;", "=").replace("&#124;", "|")


def test_user_strings_never_act_on_the_page() -> None:
    for body in pages().values():
        assert not body.startswith("#")
        for active in ("~~~~", "{{subst:", "[[Category:", "<!--", "[[train]]", "{{volunteers"):
            assert active not in body, active
        assert body.count("|}") == body.count('{| class="wikitable')


def test_the_same_sessions_give_byte_identical_pages() -> None:
    assert pages() == pages()
    shuffled = tuple(reversed(ORGANISATIONS))
    data = ShopTalkInput(shuffled, sharers=sharer_counts(shuffled, PEOPLE))
    talks = shop_talks(data, MatchSettings(), TODAY)
    ctx = RenderContext.build(SETTINGS, TAXONOMY, tuple(reversed(PEOPLE)))
    assert shop_talk_pages(talks, shuffled, ctx) == pages()


def test_no_organisations_no_pages() -> None:
    ctx = RenderContext.build(SETTINGS, TAXONOMY, PEOPLE)
    data = ShopTalkInput(())
    assert shop_talk_pages(shop_talks(data, MatchSettings(), TODAY), (), ctx) == {}


def test_two_sessions_of_one_name_are_numbered() -> None:
    both = (Language("en", 4), Language("fr", 4))
    organisations = (
        organisation("Host Group", offers=("video",), capacity=2, languages=both),
        organisation("English Group", wants=("video",)),
        organisation("French Group", wants=("video",), languages=(Language("fr", 4),)),
    )
    talks = shop_talks(ShopTalkInput(organisations), MatchSettings(), TODAY)
    ctx = RenderContext.build(SETTINGS, TAXONOMY, PEOPLE)
    assert sorted(shop_talk_pages(talks, organisations, ctx)) == [
        "Let's Connect/Shop talks",
        "Let's Connect/Shop talks/Video editing · Host Group",
        "Let's Connect/Shop talks/Video editing · Host Group (2)",
    ]
