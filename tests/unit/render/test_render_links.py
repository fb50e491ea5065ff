"""Links are rebuilt from validated targets; anything doubtful becomes plain text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikisync.render.escape import Wikitext, escape
from wikisync.render.links import (
    is_valid_title,
    labelled_page_link,
    normalize_title,
    page_link,
    resource_link,
    safe_url,
    section_links,
    user_link,
)

#: Text made mostly of the characters that matter to titles, links and escaping.
_TRICKY = st.lists(
    st.sampled_from([*"aZ0 _#&;:/.'%~[]|{}<>=!?\t\u00e9\u200f\ufffd", "://", "&#39;", "RFC 1"]),
    max_size=8,
).map("".join)
_PAGES = st.one_of(
    _TRICKY,
    st.sampled_from(["Let's Connect/Matches", "Let's Connect/Matches/2", "Matches (3)"]),
    _TRICKY.map(lambda text: f"Let's Connect/Matches/{text}"),
)
_SECTIONS = st.one_of(_TRICKY, _TRICKY.map(normalize_title), st.sampled_from(["Amara", "RFC 123"]))


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("Amara", "[[User:Amara|Amara]]"),
        ("Jean_Dupont", "[[User:Jean Dupont|Jean Dupont]]"),
        ("  Spaced   name ", "[[User:Spaced name|Spaced name]]"),
        ("O'Brien", "[[User:O'Brien|O&#39;Brien]]"),
        ("__NOTOC__", "[[User:NOTOC|NOTOC]]"),
        ("Bold'''x", "[[User:Bold&#39;&#39;'x|Bold&#39;&#39;&#39;x]]"),
        ("ISBN 123", "[[User:ISBN&#32;123|ISBN&#32;123]]"),
    ],
)
def test_valid_usernames_link_to_their_user_page(username: str, expected: str) -> None:
    assert user_link(username) == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("Bad[name]", "Bad&#91;name&#93;"),
        ("A|B", "A&#124;B"),
        ("Sig~~~~", "Sig~~&#126;&#126;"),
        ("Sub/page", "Sub/page"),
        ("Talk:Someone", "Talk:Someone"),
        ("Percent%41", "Percent%41"),
        ("Entity&amp;", "Entity&#38;amp&#59;"),
        ("a" * 256, "a" * 256),
        ("Private\ue000use", "Private\ue000use"),
        ("{{subst:x}}", "&#123;&#123;subst:x&#125;&#125;"),
    ],
)
def test_invalid_usernames_render_as_escaped_text(username: str, expected: str) -> None:
    assert user_link(username) == expected
    assert "[[" not in user_link(username)


def test_page_links_start_with_a_colon_so_categories_and_files_only_link() -> None:
    assert page_link("Category:Spam") == "[[:Category:Spam|Category:Spam]]"
    assert page_link("File:X.png", "a picture") == "[[:File:X.png|a picture]]"
    assert page_link(":fr:Page", "fr") == "[[:fr:Page|fr]]"


def test_page_link_keeps_a_valid_section() -> None:
    assert page_link("Guide#Start here", "guide") == "[[:Guide#Start here|guide]]"
    assert page_link("Guide#a[b", "guide") == "guide"


@pytest.mark.parametrize(
    "title", ["", "a/../b", "./a", "a~~~b", "x<y", "tab\x01", "%20", "a&eacute;", "\ufffd"]
)
def test_invalid_titles(title: str) -> None:
    assert not is_valid_title(title)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a_b~c", "https://example.org/a%5Fb%7Ec"),
        ("HTTP://Example.ORG/Path", "http://example.org/Path"),
        ("https://example.org/it's''x", "https://example.org/it%27s%27%27x"),
        ("https://example.org/{{x}}|!!", "https://example.org/%7B%7Bx%7D%7D%7C%21%21"),
        ("https://example.org:8080/?q=a b", "https://example.org:8080/?q=a%20b"),
    ],
)
def test_safe_url_percent_encodes_wikitext_characters(url: str, expected: str) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://example.org/",
        "https://user:pw@example.org/",
        "https://exa mple.org/",
        "https://[::1]/",
        "https://example.org:99x/",
        "//example.org/",
        "data:text/html,x",
    ],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(
    ("resource", "expected"),
    [
        ("[[Grant guide]]", "[[:Grant guide|Grant guide]]"),
        ("[[Grant guide|the guide]]", "[[:Grant guide|the guide]]"),
        ("[[Category:Guides]]", "[[:Category:Guides|Category:Guides]]"),
        ("https://example.org/guide", "[https://example.org/guide]"),
        ("https://example.org/guide Read it", "[https://example.org/guide Read it]"),
        (
            "[https://example.org/g The '''guide''']",
            "[https://example.org/g The &#39;&#39;&#39;guide&#39;&#39;&#39;]",
        ),
        ("[javascript:alert(1) click]", "&#91;javascript:alert(1) click&#93;"),
        ("[[Bad|label]] and more", "&#91;&#91;Bad&#124;label&#93;&#93; and more"),
        ("{{Template}}", "&#123;&#123;Template&#125;&#125;"),
        ("plain words", "plain words"),
    ],
)
def test_resources_are_rebuilt_or_escaped(resource: str, expected: str) -> None:
    assert resource_link(resource) == expected


@given(
    pages=st.lists(_PAGES, max_size=3),
    section=_SECTIONS,
    label=st.sampled_from(["", "Video", "Cl&#39;ip"]),
)
def test_section_links_are_the_page_links_of_page_hash_section(
    pages: list[str], section: str, label: str
) -> None:
    shown = Wikitext(label)
    expected = [labelled_page_link(f"{page}#{section}", shown) for page in pages]
    assert section_links([(page, shown) for page in pages], section) == expected


def test_section_links_join_a_valid_page_and_section() -> None:
    shown = escape("Video")
    assert section_links([("Let's Connect/Matches", shown), ("Bad[page]", shown)], "Amara") == [
        "[[:Let's Connect/Matches#Amara|Video]]",
        "Video",
    ]
    assert section_links([("Matches", shown)], "Bad[name]") == ["Video"]
