"""The titles the bot may edit: one rule, built once from the settings, for every edit.

Generated pages, tidy rewrites and the registrants' list on a directory page all go through
the same check (talk-page notifications follow their own rules, in :mod:`wikisync.notify`).
The rule holds exact titles and prefixes; a prefix ``X`` allows ``X`` itself and its
subpages ``X/…``, never a look-alike such as ``Xyz``, and a talk page or another namespace
is a title of its own. Titles are compared as MediaWiki writes them: underscores as
spaces, runs of spaces collapsed, and the first letter upper-cased, of the title and of
the part after a namespace (``user:admin`` is ``User:Admin``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wikisync.programme import Sources
from wikisync.render.links import normalize_title


@dataclass(frozen=True, slots=True)
class AllowedTitles:
    """Exact ``titles`` and ``prefixes`` (each allowing itself and its subpages).

    Both are kept in normalised form; empty values are dropped, so an empty prefix allows
    nothing rather than everything.
    """

    titles: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        exact = frozenset(key for key in map(title_key, self.titles) if key)
        heads = sorted({title_key(p).rstrip("/") for p in self.prefixes} - {""})
        object.__setattr__(self, "titles", exact)
        object.__setattr__(self, "prefixes", tuple(heads))

    def allows(self, title: str) -> bool:
        """Whether the bot may edit ``title``."""
        key = title_key(title)
        if key in self.titles:
            return True
        return any(key == prefix or key.startswith(f"{prefix}/") for prefix in self.prefixes)

    def also_as(self, normal: Callable[[str], str]) -> AllowedTitles:
        """The same rule, each title and prefix also allowed as ``normal`` writes it.

        ``normal`` is the wiki's own spelling (:meth:`wikisync.wiki.Wiki.normal_title`):
        ``Project:X`` from the settings is also ``My Wiki:X``, as the wiki lists it.
        """
        titles = self.titles | {normal(title) for title in self.titles}
        return AllowedTitles(titles, (*self.prefixes, *map(normal, self.prefixes)))

    def only(self, titles: Iterable[str]) -> tuple[str, ...]:
        """The titles among ``titles`` that the bot may edit, in their order."""
        return tuple(title for title in titles if self.allows(title))


def title_key(title: str) -> str:
    """``title`` as MediaWiki normalises it (without knowing the wiki's namespaces).

    Any ``Head:`` counts as a namespace, so in the main namespace ``A: b`` and ``A:B``
    share a key; the bot may then edit both or neither, never a page of another prefix.
    """
    text = normalize_title(title)
    head, colon, rest = text.partition(":")
    if colon and head.strip() and rest.strip():
        return f"{_upper_first(head.rstrip())}:{_upper_first(rest.lstrip())}"
    return _upper_first(text)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def programme_titles(bot: str, prefix: str, sources: Sources) -> AllowedTitles:
    """What the bot may edit for a programme whose pages are under ``prefix``.

    The programme's pages, the bot's user space, the directory pages named by title or
    prefix in the settings, and the page of the registrants' list. Pages found only
    because they transclude a template are not in it.
    """
    directory = sources.directory
    return AllowedTitles(
        titles=frozenset((*directory.titles, sources.new_entries)),
        prefixes=(prefix, f"User:{bot}", directory.prefix),
    )
