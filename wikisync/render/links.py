"""Links built by wikisync itself from validated titles, usernames and URLs.

A link is only written when its target passes the same checks MediaWiki applies to titles
(``MediaWikiTitleCodec::splitTitleString``, ``UserNameUtils::isValid``); anything else is
shown as escaped plain text, never as a broken or hijacked link. Internal links always start
with a colon, so a ``Category:`` or ``File:`` target links to the page instead of
categorising or embedding, and a language prefix gives an inline link, not an interlanguage
link. Targets have underscores turned into spaces (the same title) so that ``__NOTOC__``
cannot appear in them, and ``''``, ``://`` and magic links written as references.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Iterable

from wikisync.render.escape import Wikitext, clean, encode_link_target, escape

#: Longest title MediaWiki stores, in UTF-8 bytes.
MAX_TITLE_BYTES = 255

_ILLEGAL_TITLE_CHARACTER = re.compile(r"[^ %!\"$&'()*,\-./0-9:;=?@A-Z\\^_`a-z~+\u0080-\U0010ffff]")
_PERCENT_SEQUENCE = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z0-9\u0080-\U0010ffff]+);")
_RELATIVE = re.compile(r"(^|/)\.\.?(/|$)")
_UNDERSCORES_AND_SPACES = re.compile(r"[ _]+")
_USERNAME_TROUBLEMAKERS = re.compile(
    "[\u0080-\u009f\u00a0\u2000-\u200f\u2028-\u202f\u3000\ue000-\uf8ff]"
)
_EXTERNAL_LINK = re.compile(r"^\[(\S+)(?: +([^\]]*))?\]$")
_INTERNAL_LINK = re.compile(r"^\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]$")
_URL_KEEP = "-.:/?#@$&()*+,;=%"
_HOSTNAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*$")
_SAFE_SCHEMES = ("http", "https")
_NOT_IN_WRITTEN_URL = re.compile(r"[\s\[\]{}|<>\"]")


def normalize_title(title: str) -> str:
    """``title`` with underscores as spaces, runs collapsed and the ends trimmed."""
    return _UNDERSCORES_AND_SPACES.sub(" ", clean(title)).strip()


#: MediaWiki's canonical namespace names (and the aliases it accepts), by lower-case name.
_NAMESPACES = {
    name.lower(): name
    for name in (
        "Media", "Special", "Talk", "User", "User talk", "Project", "Project talk", "File",
        "File talk", "MediaWiki", "MediaWiki talk", "Template", "Template talk", "Help",
        "Help talk", "Category", "Category talk",
    )
} | {"image": "File", "image talk": "File talk"}  # fmt: skip
#: Namespaces whose page names always start with a capital letter (account names).
_CAPITALISED_NAMESPACES = frozenset({"User", "User talk"})


def canonical_title(title: str) -> str:
    """``title`` normalised, its namespace written as MediaWiki writes it.

    Namespace names are case-insensitive on every wiki (``user:X`` is ``User:X``), and an
    account name always starts with a capital letter; the first letter of other titles is
    left alone, as some wikis keep it lower-case.
    """
    title = normalize_title(title)
    namespace, colon, rest = title.partition(":")
    canonical = _NAMESPACES.get(normalize_title(namespace).lower())
    if not colon or canonical is None:
        return title
    rest = rest.strip()
    if canonical in _CAPITALISED_NAMESPACES:
        rest = rest[:1].upper() + rest[1:]
    return f"{canonical}:{rest}"


def is_valid_title(title: str) -> bool:
    """True when MediaWiki would accept ``title`` (already normalised) as a page title."""
    if not title or title.startswith(":") or "\ufffd" in title:
        return False
    if _ILLEGAL_TITLE_CHARACTER.search(title) or _PERCENT_SEQUENCE.search(title):
        return False
    if _ENTITY.search(title) or _RELATIVE.search(title) or "~~~" in title:
        return False
    return len(title.encode("utf-8", "surrogatepass")) <= MAX_TITLE_BYTES


def is_valid_username(username: str) -> bool:
    """True when ``username`` (already normalised) can name a user page: a valid title with
    no subpage, no namespace-like prefix and none of the characters MediaWiki refuses in
    account names."""
    if "/" in username or ":" in username or _USERNAME_TROUBLEMAKERS.search(username):
        return False
    return is_valid_title(username)


def link_target(title: str) -> str | None:
    """The normalised ``title`` (with an optional ``#section``) for a link, or None when
    MediaWiki would not accept it. One leading colon is allowed, as in ``[[:Category:X]]``;
    a title starting with ``/`` is refused, as it reads like a relative or protocol link."""
    full = normalize_title(title).removeprefix(":")
    if _ENTITY.search(full) or full.startswith("/"):
        return None
    page, hash_sign, section = full.partition("#")
    page, section = page.strip(), section.strip()
    if not is_valid_title(page) or (hash_sign and not is_valid_title(section)):
        return None
    return f"{page}#{section}" if section else page


def page_link(title: str, label: str | None = None) -> Wikitext:
    """A link to ``title`` showing ``label`` (escaped), or just the escaped label when the
    title is not valid; ``label`` defaults to the title."""
    return labelled_page_link(title, escape(label if label is not None else title))


def labelled_page_link(title: str, shown: Wikitext) -> Wikitext:
    """A link to ``title`` showing ``shown`` (wikitext built by wikisync), or ``shown`` alone
    when the title is not valid."""
    target = link_target(title)
    if target is None or not shown:
        return shown
    return Wikitext(f"[[:{encode_link_target(target)}|{shown}]]")


def section_links(links: Iterable[tuple[str, Wikitext]], section: str) -> list[Wikitext]:
    """``labelled_page_link(f"{page}#{section}", shown)`` for each ``(page, shown)`` of
    ``links``, with the section checked and encoded once and each page once however many
    links name it.

    The parts are joined as they are when neither can join the other into something else
    (no ``#`` or ``&`` in either, both already normalised); any other pair takes the full
    path, so the result is always the same.
    """
    section_part = _plain_section_part(section)
    if section_part is None:
        return [labelled_page_link(f"{page}#{section}", shown) for page, shown in links]
    made = []
    for page, shown in links:
        page_part = _plain_page_part(page)
        if page_part is None:
            made.append(labelled_page_link(f"{page}#{section}", shown))
        else:
            made.append(Wikitext(f"[[:{page_part}#{section_part}|{shown}]]") if shown else shown)
    return made


@functools.lru_cache(maxsize=4096)
def _plain_page_part(page: str) -> str | None:
    """``page`` encoded for a link when it is a valid, normalised title with no ``#``,
    ``&`` or leading colon; None otherwise."""
    if "#" in page or "&" in page or link_target(page) != page:
        return None
    return encode_link_target(page)


@functools.lru_cache(maxsize=256)
def _plain_section_part(section: str) -> str | None:
    """``section`` encoded for a link when it is a valid, normalised title with no ``#``
    or ``&``; None otherwise."""
    if not section or "#" in section or "&" in section or normalize_title(section) != section:
        return None
    return encode_link_target(section) if is_valid_title(section) else None


def user_link(username: str) -> Wikitext:
    """``[[User:Name|Name]]`` for a valid username, escaped plain text otherwise."""
    name = normalize_title(username)
    shown = escape(name)
    if not is_valid_username(name):
        return shown
    return Wikitext(f"[[User:{encode_link_target(name)}|{shown}]]")


def safe_url(url: str) -> str | None:
    """``url`` rebuilt for an external link, or None when it is not a plain http(s) URL.

    Characters that could act in wikitext (quotes, tildes, underscores, brackets, pipes,
    braces, ``!``) are percent-encoded, which leaves the address unchanged.
    """
    try:
        parts = urllib.parse.urlsplit(clean(url))
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not _is_plain_host(parts.netloc):
        return None
    rest = urllib.parse.urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    encoded = urllib.parse.quote(rest, safe=_URL_KEEP).replace("_", "%5F").replace("~", "%7E")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{encoded}"


def checked_url(written: str) -> str | None:
    """An address written as a whole value, rebuilt by :func:`safe_url`; None unless it is
    one plain http(s) URL.

    Refused: another scheme (``javascript:``, ``data:``, ``file:``, ``mailto:`` …), none or
    a protocol-relative ``//`` address, white space inside, and link, template or tag
    markup (brackets, braces, pipes, angle brackets, quotes), which :func:`safe_url` would
    percent-encode into an address the editor did not mean.
    """
    text = written.strip()
    if not text or _NOT_IN_WRITTEN_URL.search(text):
        return None
    return safe_url(text)


def _is_plain_host(netloc: str) -> bool:
    """True for ``host`` or ``host:port`` made of ASCII letters, digits, dots and hyphens."""
    host, _, port = netloc.partition(":")
    return bool(_HOSTNAME.fullmatch(host)) and (not port or (port.isascii() and port.isdigit()))


def external_link(url: str, label: str | None = None) -> Wikitext:
    """``[url label]`` for a safe http(s) URL, escaped plain text otherwise."""
    return labelled_link(url, escape(label) if label else Wikitext(""))


def labelled_link(url: str, shown: Wikitext) -> Wikitext:
    """``[url shown]`` for a safe http(s) URL and a label already rendered (a language
    name isolated on a right-to-left page, say); ``shown`` alone (or the escaped URL when
    it is empty) otherwise."""
    target = safe_url(url)
    if target is None:
        return shown or escape(url)
    return Wikitext(f"[{target} {shown}]" if shown else f"[{target}]")


def resource_link(resource: str) -> Wikitext:
    """A taxonomy resource (``[[Page]]``, ``[[Page|label]]``, ``[URL label]``, ``URL label``
    or a bare URL) rebuilt as a link from its validated parts; anything else as text."""
    text = clean(resource)
    internal = _INTERNAL_LINK.match(text)
    if internal:
        return page_link(internal.group(1), internal.group(2) or internal.group(1))
    external = _EXTERNAL_LINK.match(text)
    if external:
        url, label = external.group(1), external.group(2)
    else:
        url, _, label = text.partition(" ")
    if safe_url(url) is None:
        return escape(text)
    return external_link(url, label or None)
