"""Regions onto the programme's configured list; codes and common spellings accepted.

The list and its aliases come from the programme settings (Wikimedia regions by default:
"SSA", "MENA", "ESEAP", "LAC", "CEE", "SA", "NA", "WE" ...). Matching ignores case, accents,
punctuation, "and"/"&" and word order; a value that names no region or several is reported
and left empty rather than guessed.
"""

from __future__ import annotations

import difflib

from wikisync.normalize.caching import remembered
from wikisync.normalize.keys import bag, fold
from wikisync.normalize.problems import Issue

Regions = tuple[tuple[str, tuple[str, ...]], ...]
RegionLookup = tuple[str | None, Issue | None]


class RegionIndex:
    """Lookups of region names, codes and aliases in one region list; cached per string."""

    def __init__(self, regions: Regions) -> None:
        self._exact: dict[str, set[str]] = {}
        self._words: dict[str, set[str]] = {}
        self._owners: dict[str, str] = {}
        for name, aliases in regions:
            for spelling in (name, *aliases):
                self._exact.setdefault(fold(spelling), set()).add(name)
                self._words.setdefault(bag(spelling), set()).add(name)
                self._owners.setdefault(fold(spelling), name)
        self._cache: dict[str, RegionLookup] = {}

    def lookup(self, text: str) -> RegionLookup:
        """The canonical region ``text`` names, or None with an issue (empty text: None, None)."""
        return remembered(self._cache, text, text, lambda: self._resolve(text))

    def _resolve(self, text: str) -> RegionLookup:
        if not fold(text):
            return None, None
        for table, key in ((self._exact, fold(text)), (self._words, bag(text))):
            names = sorted(table.get(key, ()))
            if len(names) == 1:
                return names[0], None
            if len(names) > 1:
                message = f'"{text}" could mean several regions'
                return None, Issue("unknown-region", message, text, tuple(names))
        message = f'"{text}" is not one of the regions'
        return None, Issue("unknown-region", message, text, self._closest(text))

    def _closest(self, text: str) -> tuple[str, ...]:
        matches = difflib.get_close_matches(fold(text), sorted(self._owners), n=6, cutoff=0.5)
        hints: list[str] = []
        for match in matches:
            if self._owners[match] not in hints:
                hints.append(self._owners[match])
        return tuple(hints[:3])


def parse_region(text: str, regions: Regions) -> RegionLookup:
    """The canonical region ``text`` names in ``regions`` (builds an index: use it for one-offs)."""
    return RegionIndex(regions).lookup(text)
