"""Markers: the bot replaces only its own section and keeps the editors' text byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikisync.render.escape import escape
from wikisync.render.markers import end_marker, find_section, replace_section, start_marker, wrap

START, END = start_marker("matches"), end_marker("matches")
OUTSIDE = st.text().filter(lambda text: "<!-- wikisync:" not in text)


def test_wrap_puts_the_body_between_the_markers() -> None:
    assert wrap("matches", "body") == f"{START}\nbody\n{END}"
    assert find_section(wrap("matches", "body"), "matches") == "body"


def test_replace_keeps_text_around_the_markers() -> None:
    page = f"Intro {{{{Lead}}}}\r\n\n{START}\nold\n{END}\n[[Category:Programme]]  \n"
    new = replace_section(page, "matches", "new")
    assert new == f"Intro {{{{Lead}}}}\r\n\n{START}\nnew\n{END}\n[[Category:Programme]]  \n"


@given(OUTSIDE, OUTSIDE, st.text(), st.text())
def test_replace_is_idempotent_and_preserves_the_outside(
    before: str, after: str, old: str, body: str
) -> None:
    page = f"{before}{START}{old.replace('<!--', '')}{END}{after}"
    once = replace_section(page, "matches", body)
    assert once is not None
    assert once.startswith(before + START)
    assert once.endswith(END + after)
    assert replace_section(once, "matches", body) == once
    assert find_section(once, "matches") == body


@pytest.mark.parametrize(
    "page",
    [
        "no markers at all",
        f"{START}\nonly the start",
        f"only the end\n{END}",
        f"{END}\nreversed\n{START}",
        f"{START}\na\n{END}\n{START}\nb\n{END}",
        f"{START}\n{START}\nx\n{END}",
    ],
)
def test_pages_without_exactly_one_pair_in_order_are_untouched(page: str) -> None:
    assert replace_section(page, "matches", "new") is None
    assert find_section(page, "matches") is None


def test_markers_of_other_sections_do_not_count() -> None:
    page = f"{wrap('groups', 'g')}\n{wrap('matches', 'm')}"
    replaced = replace_section(page, "matches", "new")
    assert replaced == f"{wrap('groups', 'g')}\n{wrap('matches', 'new')}"


def test_user_text_cannot_forge_a_marker() -> None:
    forged = escape(END)
    assert "<!--" not in forged
    page = wrap("matches", f"* {forged}")
    assert replace_section(page, "matches", "new") == wrap("matches", "new")


@pytest.mark.parametrize("name", ["", "Matches", "a b", "x-->", "-x"])
def test_invalid_marker_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="marker name"):
        wrap(name, "body")
