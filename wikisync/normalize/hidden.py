"""What MediaWiki hides when it shows a page itself: the spans a reader must skip.

An entry that the wiki neither shows nor transcludes must not be matched or published, so
the readers look only at what MediaWiki's preprocessor keeps for the page's own view
(``Preprocessor_Hash::buildDomTreeArrayFromText`` without ``DOM_FOR_INCLUSION``):

- a comment ``<!-- … -->``; one left unclosed runs to the end of the page;
- an ``<includeonly>`` element, its content included; left unclosed, it runs to the end;
- ``<noinclude>`` and ``<onlyinclude>`` tags themselves (their content is shown).

The content of tags whose text is never wikitext (``<nowiki>``, ``<pre>``, code and maths
tags) is shown as it is written: it is not hidden, and the template parser already reads a
template written there as text; but a ``<!--`` inside it opens no comment.

Spans are found in one pass from left to right, as MediaWiki finds them: a ``<!--`` inside
``<nowiki>`` is not a comment, an ``<includeonly>`` inside a comment is not a tag.
"""

from __future__ import annotations

import re

#: Tags whose content MediaWiki never parses as wikitext.
LITERAL_TAGS = ("nowiki", "pre", "syntaxhighlight", "source", "math", "chem", "score")
#: Tags kept on the page's own view only as markers of what transclusion takes.
TRANSCLUSION_MARKERS = ("noinclude", "onlyinclude")

_ELEMENT = re.compile(
    r"<(?:(?P<comment>!--)|(?P<close>/)?(?P<name>"
    + "|".join(("includeonly", *TRANSCLUSION_MARKERS, *LITERAL_TAGS))
    + r")(?=[\s/>]))",
    re.IGNORECASE,
)


def hidden_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that the page's own view does not show."""
    if "<" not in text:
        return []
    spans: list[tuple[int, int]] = []
    position = 0
    while (match := _ELEMENT.search(text, position)) is not None:
        span, position = _element_at(text, match)
        if span is not None:
            spans.append(span)
    return spans


def _element_at(text: str, match: re.Match[str]) -> tuple[tuple[int, int] | None, int]:
    """The hidden span an element opened at ``match`` makes (if any), and where to go on."""
    start = match.start()
    if match.group("comment"):
        end = text.find("-->", match.end())
        end = len(text) if end < 0 else end + 3
        return (start, end), end
    tag_end = text.find(">", match.end())
    if tag_end < 0:
        return None, match.end()
    name = match.group("name").lower()
    hidden_tag = (start, tag_end + 1)
    if match.group("close") or name in TRANSCLUSION_MARKERS or text[tag_end - 1] == "/":
        hides = name == "includeonly" or name in TRANSCLUSION_MARKERS
        return (hidden_tag if hides else None), tag_end + 1
    closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, tag_end + 1)
    if name == "includeonly":
        end = len(text) if closing is None else closing.end()
        return (start, end), end
    if closing is None:
        return None, tag_end + 1
    return None, closing.end()


def visible_text(text: str) -> str:
    """``text`` with every hidden span blanked: same length and the same line breaks, so
    offsets and line numbers still point into the page as written."""
    spans = hidden_spans(text)
    if not spans:
        return text
    parts = []
    position = 0
    for start, end in spans:
        parts.append(text[position:start])
        parts.append(_blank(text[start:end]))
        position = end
    parts.append(text[position:])
    return "".join(parts)


def is_hidden(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies inside one of ``spans`` (as :func:`hidden_spans` gives them)."""
    return any(start <= offset < end for start, end in spans)


def _blank(segment: str) -> str:
    return "".join(char if char == "\n" else " " for char in segment)
