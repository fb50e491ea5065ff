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
from bisect import bisect_left

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


def hidden_spans(text: str, *, literal: bool = False) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that the page's own view does not show.

    With ``literal``, the content of literal tags counts as hidden too: for readers that
    look for markup (category links, say) in the text rather than parse it.

    One pass, linear in the page: each tag's closers are found once, and a tag with no
    ``>`` after it ends the search for tags (as ``Preprocessor_Hash`` stops looking).
    """
    if "<" not in text:
        return []
    scan = _Scan(text, literal)
    position = 0
    while (match := _ELEMENT.search(text, position)) is not None:
        if scan.no_more_tags and not match.group("comment"):
            position = match.end()
            continue
        span, position = scan.element_at(match)
        if span is not None:
            scan.spans.append(span)
    return scan.spans


class _Scan:
    """The state of one pass over a page: spans found, closers by tag, whether ``>`` is
    still to be found."""

    def __init__(self, text: str, literal: bool) -> None:
        self.text = text
        self.literal = literal
        self.spans: list[tuple[int, int]] = []
        self.no_more_tags = False
        self._closers: dict[str, tuple[list[int], list[int]]] = {}

    def closer_after(self, name: str, position: int) -> tuple[int, int] | None:
        """The first ``</name>`` at or after ``position``, as (start, end)."""
        if name not in self._closers:
            found = re.finditer(rf"</{name}\s*>", self.text, re.IGNORECASE)
            pairs = [(match.start(), match.end()) for match in found]
            self._closers[name] = ([start for start, _ in pairs], [end for _, end in pairs])
        starts, ends = self._closers[name]
        index = bisect_left(starts, position)
        return (starts[index], ends[index]) if index < len(starts) else None

    def element_at(self, match: re.Match[str]) -> tuple[tuple[int, int] | None, int]:
        """The hidden span an element opened at ``match`` makes (if any), and where to go on."""
        text, start = self.text, match.start()
        if match.group("comment"):
            end = text.find("-->", match.end())
            end = len(text) if end < 0 else end + 3
            return (start, end), end
        tag_end = text.find(">", match.end())
        if tag_end < 0:
            self.no_more_tags = True
            return None, match.end()
        name = match.group("name").lower()
        hidden_tag = (start, tag_end + 1)
        if match.group("close") or name in TRANSCLUSION_MARKERS or text[tag_end - 1] == "/":
            hides = name == "includeonly" or name in TRANSCLUSION_MARKERS
            return (hidden_tag if hides else None), tag_end + 1
        closing = self.closer_after(name, tag_end + 1)
        if name == "includeonly":
            end = len(text) if closing is None else closing[1]
            return (start, end), end
        if closing is None:
            return None, tag_end + 1
        return ((tag_end + 1, closing[0]) if self.literal else None), closing[1]


def visible_text(text: str, *, literal: bool = False) -> str:
    """``text`` with every hidden span blanked: same length and the same line breaks, so
    offsets and line numbers still point into the page as written (``literal``: see
    :func:`hidden_spans`)."""
    spans = hidden_spans(text, literal=literal)
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
