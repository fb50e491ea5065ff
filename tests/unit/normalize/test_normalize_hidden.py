"""What the page's own view hides, found as MediaWiki's preprocessor finds it."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikisync.normalize.hidden import hidden_spans, is_hidden, visible_text


def hidden_parts(text: str) -> list[str]:
    return [text[start:end] for start, end in hidden_spans(text)]


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("plain {{x}}", []),
        ("a <!-- b --> c", ["<!-- b -->"]),
        ("a <!-- never closed\n{{x}}", ["<!-- never closed\n{{x}}"]),
        ("<includeonly>{{x}}</includeonly> y", ["<includeonly>{{x}}</includeonly>"]),
        ("<IncludeOnly >{{x}}</INCLUDEONLY > y", ["<IncludeOnly >{{x}}</INCLUDEONLY >"]),
        ("<includeonly>{{x}}\nto the end", ["<includeonly>{{x}}\nto the end"]),
        ("<includeonly/>{{x}}", ["<includeonly/>"]),
        ("<noinclude>{{x}}</noinclude>", ["<noinclude>", "</noinclude>"]),
        ("<onlyinclude>{{x}}</onlyinclude>", ["<onlyinclude>", "</onlyinclude>"]),
        ("<nowiki><!--</nowiki>{{x}}", []),
        ("<pre><includeonly></pre>{{x}}", []),
        ("<!-- <includeonly> -->{{x}}", ["<!-- <includeonly> -->"]),
        ("<nowiki>unclosed <!-- c -->", ["<!-- c -->"]),
        ("<includeonlyx>{{x}}", []),
        ("<includeonly", []),
    ],
)
def test_hidden_spans_follow_the_preprocessor(text: str, hidden: list[str]) -> None:
    assert hidden_parts(text) == hidden


@given(st.text(alphabet="<!->/includeoywpr \n{}x", max_size=60))
def test_the_visible_text_keeps_offsets_and_line_breaks(text: str) -> None:
    visible = visible_text(text)
    assert len(visible) == len(text)
    assert [i for i, c in enumerate(visible) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    spans = hidden_spans(text)
    for offset, char in enumerate(visible):
        if is_hidden(offset, spans):
            assert char in " \n"
        else:
            assert char == text[offset]


@pytest.mark.parametrize("opener", ["<nowiki>", "<pre>", "<nowiki", "<includeonly>", "<!--"])
def test_many_unclosed_openers_are_read_in_linear_time(opener: str) -> None:
    text = opener * 40_000
    started = time.process_time()
    visible_text(text)
    visible_text(text, literal=True)
    assert time.process_time() - started < 5  # quadratic scanning took minutes here


def test_literal_content_counts_as_hidden_only_when_asked() -> None:
    text = "a <nowiki>[[Category:X]]</nowiki> b"
    assert "[[Category:X]]" in visible_text(text)
    assert "[[Category:X]]" not in visible_text(text, literal=True)
