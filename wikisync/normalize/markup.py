"""Reading user-written wikitext safely: a bounded-cost parse and a plain-text view.

mwparserfromhell backtracks on every construct that is opened and never closed, so a page
with thousands of stray ``{{`` or ``<ref>`` takes quadratic time to parse. :func:`safe_parse`
first finds such unmatched openers with one linear scan and, when there are more than a few,
replaces their first character with a same-length placeholder. Offsets and line numbers stay
valid; :func:`restore` turns placeholders back into the original characters.
"""

from __future__ import annotations

import re

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from wikisync.normalize.caching import cache_short

#: Unmatched openers tolerated before they are neutralised; each costs one pass over the text.
MAX_UNMATCHED = 16

_PLACEHOLDERS = {"{": "\ufdd0", "[": "\ufdd1", "<": "\ufdd2"}
_RESTORE = str.maketrans({value: key for key, value in _PLACEHOLDERS.items()})
_SCRUB_PLACEHOLDERS = str.maketrans(dict.fromkeys(_PLACEHOLDERS.values(), "\ufffd"))

_TOKEN = re.compile(
    r"<!--|\{{2,}|\}{2,}|\[{2,}|\]{2,}|\[|\]|^\{\||^\|\}"
    r"|<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^<>]*?(?P<self>/?)>"
    r"|<(?P<bare>/?[A-Za-z][A-Za-z0-9]*)\b",
    re.MULTILINE,
)
_VOID_TAGS = frozenset({"br", "hr", "wbr", "img", "col", "area", "source", "track", "meta"})
_OPAQUE_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math", "score"})
_PAIRS = {"}}": "{{", "]]": "[[", "]": "[", "|}": "{|"}

#: Templates whose first positional argument is a user name: ``{{u|X}}``, ``{{user|X}}`` ...
USER_TEMPLATES = frozenset(
    {"u", "user", "user0", "user1", "user2", "user link", "userlink", "ul", "userlinks"}
    | {"noping", "np", "ping", "re", "reply to", "replyto", "utilisateur", "usuario"}
)

_MARKUP_CHARS = re.compile(r"[\[\]{}<>&']")
_LINE_MARKUP = re.compile(r"(?:^|\n)[ \t]*[*#:;=]")


def _starts_line_markup(text: str) -> bool:
    if "\n" in text:
        return _LINE_MARKUP.search(text) is not None
    return text.lstrip(" \t")[:1] in ("*", "#", ":", ";", "=")


def safe_parse(text: str) -> Wikicode:
    """Parse ``text`` with mwparserfromhell in time linear in the number of stray openers."""
    return mwparserfromhell.parse(defuse(text))


def defuse(text: str) -> str:
    """``text`` with stray openers neutralised when there are too many (same length)."""
    text = text.translate(_SCRUB_PLACEHOLDERS)
    unmatched = unmatched_openers(text)
    if len(unmatched) <= MAX_UNMATCHED:
        return text
    chars = list(text)
    for start, end in unmatched:
        for index in range(start, end):
            chars[index] = _PLACEHOLDERS.get(chars[index], chars[index])
    return "".join(chars)


def restore(text: str) -> str:
    """``text`` with the placeholders of :func:`defuse` turned back into their characters."""
    return text.translate(_RESTORE)


def unmatched_openers(text: str) -> list[tuple[int, int]]:
    """Spans of ``{{``, ``[[``, ``[``, ``{|``, ``<tag>`` and ``<!--`` that are never closed."""
    scan = _Scan(text)
    position = 0
    while (match := _TOKEN.search(text, position)) is not None:
        if match.group() == "<!--":
            position = scan.comment(match)
        elif match.group("tag"):
            position = scan.tag(match)
        elif match.group("bare"):
            position = scan.stray_opener(match)
        else:
            position = scan.bracket(match)
    return scan.unmatched()


class _Scan:
    """The state of one linear pass of :func:`unmatched_openers`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self.stacks: dict[str, list[tuple[int, int]]] = {}
        self.stray: list[tuple[int, int]] = []
        self.never_closed: set[str] = set()

    def comment(self, match: re.Match[str]) -> int:
        """Skip a closed comment; an unclosed one (and every later opener) is stray."""
        if "<!--" not in self.never_closed:
            end = self.text.find("-->", match.end())
            if end >= 0:
                return end + 3
            self.never_closed.add("<!--")
        self.stray.append(match.span())
        return match.end()

    def stray_opener(self, match: re.Match[str]) -> int:
        """A tag start without its ``>``."""
        self.stray.append((match.start(), match.start() + 1))
        return match.end()

    def tag(self, match: re.Match[str]) -> int:
        """Pair opening and closing tags by name; skip the content of nowiki-like tags."""
        name = match.group("tag").lower()
        if match.group("self") or name in _VOID_TAGS:
            return match.end()
        if match.group("close"):
            opened = self.stacks.get("<" + name)
            if opened:
                opened.pop()
            return match.end()
        if name in _OPAQUE_TAGS and name not in self.never_closed:
            end = self.lowered.find(f"</{name}", match.end())
            if end >= 0:
                return end
            self.never_closed.add(name)
        self.stacks.setdefault("<" + name, []).append((match.start(), match.start() + 1))
        return match.end()

    def bracket(self, match: re.Match[str]) -> int:
        """Pair ``{{``/``}}``, ``[[``/``]]``, ``[``/``]`` and ``{|``/``|}``."""
        kind = match.group()[:2]
        opener = _PAIRS.get(kind)
        if opener is None:
            self.stacks.setdefault(kind, []).append(match.span())
        elif self.stacks.get(opener):
            self.stacks[opener].pop()
        return match.end()

    def unmatched(self) -> list[tuple[int, int]]:
        """Every opener left unclosed, in page order."""
        spans = list(self.stray)
        for opened in self.stacks.values():
            spans.extend(opened)
        return sorted(spans)


def plain_text(wikitext: str) -> str:
    """The text a reader sees: comments, references and templates dropped, links as labels.

    ``<br>`` and list bullets become new lines (list separators); user templates such as
    ``{{u|X}}`` become their user name; ``<nowiki>`` content is kept literally.
    """
    if not _MARKUP_CHARS.search(wikitext) and not _starts_line_markup(wikitext):
        return wikitext
    return _cached_plain_text(wikitext)


@cache_short
def _cached_plain_text(wikitext: str) -> str:
    out: list[str] = []
    _append_plain(safe_parse(wikitext), out)
    return restore("".join(out))


def _append_plain(code: Wikicode, out: list[str]) -> None:
    for node in code.nodes:
        if isinstance(node, Text):
            out.append(str(node))
        elif isinstance(node, HTMLEntity):
            out.append(_entity_text(node))
        elif isinstance(node, Wikilink):
            _append_plain(node.text if node.text is not None else node.title, out)
        elif isinstance(node, ExternalLink):
            _append_external_link(node, out)
        elif isinstance(node, Template):
            _append_template(node, out)
        elif isinstance(node, Tag):
            _append_tag(node, out)
        elif isinstance(node, Heading):
            _append_plain(node.title, out)
        elif isinstance(node, Argument) and node.default is not None:
            _append_plain(node.default, out)
        elif not isinstance(node, Comment | Argument):
            out.append(str(node))


def _entity_text(node: HTMLEntity) -> str:
    try:
        return str(node.normalize())
    except ValueError:
        return str(node)


def _append_external_link(node: ExternalLink, out: list[str]) -> None:
    if node.title is not None and node.title.strip():
        _append_plain(node.title, out)
    else:
        out.append(str(node.url))


def _append_template(node: Template, out: list[str]) -> None:
    if template_key(str(node.name)) in USER_TEMPLATES and node.has("1"):
        _append_plain(node.get("1").value, out)


def _append_tag(node: Tag, out: list[str]) -> None:
    name = str(node.tag).strip().lower()
    if name in ("br", "li", "dt", "dd", "hr"):
        out.append("\n")
    elif name == "ref" or node.contents is None:
        return
    elif name in _OPAQUE_TAGS:
        out.append(str(node.contents))
    else:
        _append_plain(node.contents, out)


def template_key(name: str) -> str:
    """A template name compared the way editors expect: any case, spacing or namespace prefix."""
    cleaned = " ".join(restore(_strip_comments(name)).replace("_", " ").split()).casefold()
    prefix, colon, rest = cleaned.partition(":")
    if colon and prefix.strip() in _TEMPLATE_NAMESPACES:
        cleaned = rest.strip()
    return cleaned


_TEMPLATE_NAMESPACES = frozenset({"template", "modèle", "plantilla", "predefinição", "قالب"})
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)


def _strip_comments(text: str) -> str:
    return _COMMENT.sub("", text)
