"""The one rule of the titles the bot may edit: exact titles, and prefixes with subpages."""

from __future__ import annotations

import pytest

from wikisync.planning.titles import programme_titles
from wikisync.reading.sources import split_transcluding
from wikisync.settings.programme import load_programme
from wikisync.writing.safety import AllowedTitles, title_key

ALLOWED = AllowedTitles(
    titles=frozenset({"Community portal/Directory"}),
    prefixes=("Let's Connect", "User:SyncBot/"),
)


@pytest.mark.parametrize(
    "title",
    [
        "Community portal/Directory",
        "Let's Connect",
        "Let's Connect/Matches",
        "Let's Connect/Skills/Video editing",
        "User:SyncBot",
        "User:SyncBot/Status",
        "let's Connect/Matches",
        "Let's_Connect/Matches",
        "user:syncBot/Status",
        "community portal/Directory",
    ],
)
def test_allowed(title: str) -> None:
    assert ALLOWED.allows(title)


@pytest.mark.parametrize(
    "title",
    [
        "Community portal/Directory/Archive",  # an exact title has no subpages
        "Community portal",
        "Let's Connections",  # a look-alike of the prefix
        "Let's Connect Directory",
        "Let's connect/Matches",  # only the first letter is case-insensitive
        "Talk:Let's Connect/Matches",  # the talk page of an allowed page
        "Talk:Community portal/Directory",
        "User talk:SyncBot/Status",
        "User:SyncBotter/Status",
        "User:Admin",  # another user's page
        "Project:Let's Connect/Matches",  # another namespace
        "Template:Let's Connect",
        "Main Page",
        "",
    ],
)
def test_refused(title: str) -> None:
    assert not ALLOWED.allows(title)


def test_an_empty_prefix_allows_nothing() -> None:
    assert AllowedTitles(prefixes=("", "/")).prefixes == ()
    assert not AllowedTitles(prefixes=("",)).allows("Main Page")


def test_titles_are_kept_normalised() -> None:
    written = AllowedTitles(
        titles=frozenset({"community_portal/Directory"}),
        prefixes=("user:SyncBot", "let's Connect/"),
    )
    assert written == ALLOWED
    assert title_key("user: admin") == "User:Admin"
    assert title_key("  main__page ") == "Main page"


def test_only_keeps_the_allowed_titles_in_order() -> None:
    titles = ["Let's Connect/B", "Main Page", "Let's Connect/A"]
    assert ALLOWED.only(titles) == ("Let's Connect/B", "Let's Connect/A")


def test_the_programme_rule_covers_its_pages_and_nothing_found_by_transclusion() -> None:
    programme = load_programme(
        {
            "sources": {
                "directory": {"titles": ["Community portal/Skills"], "prefix": "Skills pages/"},
                "new_entries": "Let's Connect/Skills directory/New registrants",
            }
        }
    )
    allowed = programme_titles("SyncBot", "Let's Connect", programme.sources)
    for title in (
        "Let's Connect/Matches",
        "Let's Connect/Skills directory/New registrants",
        "Community portal/Skills",
        "Skills pages/Part 1",
        "User:SyncBot/Status",
    ):
        assert allowed.allows(title), title
    for title in ("Main Page", "Community portal", "User:Admin", "Talk:Let's Connect/Matches"):
        assert not allowed.allows(title), title


def test_only_the_programmes_pages_and_named_namespaces_are_sources() -> None:
    found = {
        "Let's Connect/Skills directory/Part 1": 0,
        "Let's Connect": 0,
        "Let's Connections": 0,
        "Main Page": 0,
        "Talk:Let's Connect/Skills directory/Part 1": 1,
        "User:Ama/Skills": 2,
        "User talk:Ama": 3,
        "Template:Sandbox": 10,
    }
    own = AllowedTitles(prefixes=("Let's Connect",))
    inside, outside = split_transcluding(found, own, {2})
    assert inside == ["Let's Connect/Skills directory/Part 1", "Let's Connect", "User:Ama/Skills"]
    assert outside == [
        "Let's Connections",
        "Main Page",
        "Talk:Let's Connect/Skills directory/Part 1",
        "User talk:Ama",
        "Template:Sandbox",
    ]
    assert split_transcluding(found, own, ())[0] == [
        "Let's Connect/Skills directory/Part 1",
        "Let's Connect",
    ]
