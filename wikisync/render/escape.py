"""Escaping of user-derived text for generated wikitext.

Every string that comes from a participant, a directory page or a registration passes
through :func:`escape` (or one of its context variants) before it reaches a page. The core
is a faithful port of MediaWiki 1.39's ``wfEscapeWikiText`` (includes/GlobalFunctions.php):
characters and sequences that start markup are replaced by numeric character references,
which the parser shows as the same characters but never acts on. On top of that port,
:func:`escape` applies the additions MediaWiki made in later releases (``!!`` and a leading
``!`` for tables, ``~~~`` for signatures, the first and last character so that two escaped
values glued together cannot form ``__TOC__`` or ``~~~~``) and cleans the value first:
newlines and other whitespace runs collapse to one space, bidirectional embedding, override
and isolate controls are removed, other control characters are dropped and lone surrogates
become U+FFFD.

Template arguments use numeric references too, never ``{{!}}``: ``{{!}}`` expands to a
bare ``|`` that acts again wherever the template places the argument (a table cell, a
link), while ``&#124;`` is shown as a pipe in every context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: ``wfEscapeWikiText``'s static table (MediaWiki 1.39), in source order.
MEDIAWIKI_1_39_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ('"', "&#34;"),
    ("&", "&#38;"),
    ("'", "&#39;"),
    ("<", "&#60;"),
    ("=", "&#61;"),
    (">", "&#62;"),
    ("[", "&#91;"),
    ("]", "&#93;"),
    ("{", "&#123;"),
    ("|", "&#124;"),
    ("}", "&#125;"),
    (";", "&#59;"),
    ("\n#", "\n&#35;"),
    ("\r#", "\r&#35;"),
    ("\n*", "\n&#42;"),
    ("\r*", "\r&#42;"),
    ("\n:", "\n&#58;"),
    ("\r:", "\r&#58;"),
    ("\n ", "\n&#32;"),
    ("\r ", "\r&#32;"),
    ("\n\n", "\n&#10;"),
    ("\r\n", "&#13;\n"),
    ("\n\r", "\n&#13;"),
    ("\r\r", "\r&#13;"),
    ("\n\t", "\n&#9;"),
    ("\r\t", "\r&#9;"),
    ("\n----", "\n&#45;---"),
    ("\r----", "\r&#45;---"),
    ("__", "_&#95;"),
    ("://", "&#58;//"),
)

#: Magic links escaped whatever the wiki's ``$wgEnableMagicLinks`` says.
MAGIC_LINKS: tuple[str, ...] = ("ISBN", "PMID", "RFC")

#: MediaWiki 1.39's default ``$wgUrlProtocols``.
URL_PROTOCOLS: tuple[str, ...] = (
    "bitcoin:",
    "ftp://",
    "ftps://",
    "geo:",
    "git://",
    "gopher://",
    "http://",
    "https://",
    "irc://",
    "ircs://",
    "magnet:",
    "mailto:",
    "matrix:",
    "mms://",
    "news:",
    "nntp://",
    "redis://",
    "sftp://",
    "sip:",
    "sips:",
    "sms:",
    "ssh://",
    "svn://",
    "tel:",
    "telnet://",
    "urn:",
    "worldwind://",
    "xmpp:",
    "//",
)

#: Table and signature sequences that later MediaWiki releases added to the table.
LATER_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("!!", "&#33;!"),
    ("\n!", "\n&#33;"),
    ("\r!", "\r&#33;"),
    ("~~~", "~~&#126;"),
)

#: Characters protected at the start of a value (``|+``, ``|-``, ``__X__``, ``~~~``).
FIRST_CHARACTER: Mapping[str, str] = {"+": "&#43;", "-": "&#45;", "_": "&#95;", "~": "&#126;"}

#: Characters protected at the end of a value (the start of ``__X__`` or ``~~~~``).
LAST_CHARACTER: Mapping[str, str] = {"_": "&#95;", "~": "&#126;"}


class Wikitext(str):
    """Wikitext that wikisync built from escaped parts: safe to put in a page as it is.

    Messages insert a ``Wikitext`` argument unchanged and escape any other string.
    """

    __slots__ = ()


_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_OTHER_CONTROLS = [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0)]
_CLEANING: dict[int, str | None] = {
    **dict.fromkeys(_OTHER_CONTROLS),
    **dict.fromkeys(map(ord, _BIDI_CONTROLS + "\ufeff\ufffe\uffff")),
    **dict.fromkeys(range(0xD800, 0xE000), "\ufffd"),
    0x180E: " ",
}


def _magic_link_replacements() -> tuple[tuple[str, str], ...]:
    """The table rows ``wfEscapeWikiText`` adds for every enabled magic link."""
    spaces = ((" ", "&#32;"), ("\t", "&#9;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\f", "&#12;"))
    return tuple(
        (magic + space, magic + entity) for magic in MAGIC_LINKS for space, entity in spaces
    )


def _strtr_pattern(table: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """A regex that, like PHP's ``strtr``, prefers the longest key at each position."""
    keys = sorted({key for key, _ in table}, key=lambda key: (-len(key), key))
    return re.compile("|".join(re.escape(key) for key in keys))


def _protocol_pattern() -> re.Pattern[str]:
    """``wfEscapeWikiText``'s ``$repl2``: protocols without ``//``, at a word boundary.

    PHP's pattern has no ``/u`` flag, so ``\\b`` sees bytes and every non-ASCII character
    counts as a boundary; ``re.ASCII`` gives Python the same behaviour.
    """
    names = [re.escape(protocol[:-1]) for protocol in URL_PROTOCOLS if protocol.endswith(":")]
    return re.compile(r"\b(" + "|".join(names) + "):", re.IGNORECASE | re.ASCII)


_PORT_TABLE = MEDIAWIKI_1_39_REPLACEMENTS + _magic_link_replacements()
_PORT = dict(_PORT_TABLE)
_PORT_PATTERN = _strtr_pattern(_PORT_TABLE)
_FULL_TABLE = _PORT_TABLE + LATER_REPLACEMENTS
_FULL = dict(_FULL_TABLE)
_FULL_PATTERN = _strtr_pattern(_FULL_TABLE)
_PROTOCOLS = _protocol_pattern()
_TARGET_TABLE = (("''", "&#39;&#39;"), ("://", "&#58;//"), *_magic_link_replacements())
_TARGET = dict(_TARGET_TABLE)
_TARGET_PATTERN = _strtr_pattern(_TARGET_TABLE)


def wf_escape_wiki_text(text: str) -> str:
    """MediaWiki 1.39's ``wfEscapeWikiText``, with ISBN, PMID and RFC magic links enabled.

    Kept as an exact port so its behaviour can be compared with the wiki's; generated pages
    use :func:`escape`, which adds the later hardening and cleaning on top.
    """
    translated = _PORT_PATTERN.sub(lambda match: _PORT[match.group(0)], "\n" + text)[1:]
    return _PROTOCOLS.sub(r"\1&#58;", translated)


def clean(value: str) -> str:
    """The displayable form of a user value: one line, no bidi or other control characters.

    Whitespace runs (newlines and every Unicode space included) become one space and the
    ends are trimmed, so a value can never start a new line, list item, heading or table row.
    """
    return " ".join(value.translate(_CLEANING).split())


def shorten(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, marking a cut with an ellipsis."""
    if len(value) <= limit:
        return value
    return value[: max(limit - 1, 0)].rstrip() + "…"


def escape(value: str, limit: int | None = None) -> Wikitext:
    """Wikitext that displays ``value`` literally and can never act as markup.

    Use it for every user-derived string: usernames, skill labels, affiliations, countries,
    reason arguments, problem values. ``limit`` shortens long values before escaping, so an
    entity is never cut in half.
    """
    text = clean(value)
    if limit is not None:
        text = shorten(text, limit)
    if not text:
        return Wikitext("")
    text = _FULL_PATTERN.sub(lambda match: _FULL[match.group(0)], "\n" + text)[1:]
    text = _protect_ends(text)
    return Wikitext(_PROTOCOLS.sub(r"\1&#58;", text))


def encode_link_target(target: str) -> str:
    """A validated link target with the sequences that could still act in it (``''``,
    ``://``, protocols, magic links) written as numeric references.

    MediaWiki decodes references when it reads a link target (``Title::newFromText``), so
    the link points to the same page, while neither the parser nor other wikitext tools can
    read bold, a free link or a magic link into it. Characters that are illegal in titles
    never reach this point.
    """
    encoded = _TARGET_PATTERN.sub(lambda match: _TARGET[match.group(0)], target)
    return _PROTOCOLS.sub(r"\1&#58;", encoded)


def _protect_ends(text: str) -> str:
    """Escape a first and last character that could join a neighbour into a token."""
    first = FIRST_CHARACTER.get(text[0], text[0])
    if len(text) == 1:
        return LAST_CHARACTER.get(first, first)
    return first + text[1:-1] + LAST_CHARACTER.get(text[-1], text[-1])


def escape_cell(value: str, limit: int | None = None) -> Wikitext:
    """A user value for a wikitable cell.

    :func:`escape` already writes ``|`` as ``&#124;`` and breaks ``!!``, a leading ``!``,
    ``|-``, ``|}``, ``|+`` and ``||``, so a cell value can neither end its cell nor start a
    row; this name records that the guarantee is relied on.
    """
    return escape(value, limit)


def escape_template_argument(value: str, limit: int | None = None) -> Wikitext:
    """A user value for a template argument: no ``|``, ``=``, ``{{`` or ``}}`` survives.

    Numeric references are used rather than ``{{!}}``, which would become a working pipe
    wherever the template puts the argument.
    """
    return escape(value, limit)
