"""Regions onto the programme's configured list; codes and common spellings accepted.

The list and its aliases come from the programme settings (by default the regions of the
Wikimedia regional funds: "SSA", "MENA", "ESEAP", "LAC", "CEE", "SA", "NA", "NWE" ...),
plus extra spellings for one of them (``normalise.region_aliases``). The Wikimedia
Foundation's own regions, by which programmes such as Let's Connect report participants,
are accepted too: one that covers a single configured region is that region, one that
covers several ("MEA": the Middle East and Africa) is reported as ambiguous with those
regions as hints, unless the programme maps it with an alias.

Matching ignores case, accents, punctuation, "and"/"&" and word order; a value that names
no region or several is reported and left empty rather than guessed. The hints for an
unknown value are the regions sharing most of its words, then the most alike in spelling.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from wikisync.normalize.caching import remembered
from wikisync.normalize.keys import bag, fold
from wikisync.normalize.problems import Issue

Regions = tuple[tuple[str, tuple[str, ...]], ...]
RegionAliases = tuple[tuple[str, str], ...]
RegionLookup = tuple[str | None, Issue | None]

#: The Wikimedia Foundation's regions (codes and names) with the regional-fund regions
#: (as in the default settings) that each one covers.
WIKIMEDIA_REGIONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("MEA", "Middle East and Africa"), ("Middle East and North Africa", "Sub-Saharan Africa")),
    (("SA", "South Asia"), ("South Asia",)),
    (("LAC", "Latin America and the Caribbean"), ("Latin America and Caribbean",)),
    (
        ("CEE", "Central and Eastern Europe", "CEE/CA"),
        ("Central and Eastern Europe and Central Asia",),
    ),
    (("NWE", "Northern and Western Europe"), ("Northern and Western Europe",)),
    (
        ("NA", "USCA", "North America", "United States and Canada", "US and Canada"),
        ("North America",),
    ),
    (("ESEAP", "East, Southeast Asia and Pacific"), ("East, Southeast Asia and Pacific",)),
)
_HINTS = 3
_CUTOFF = 0.5


class RegionIndex:
    """Lookups of region names, codes and aliases in one region list; cached per string."""

    def __init__(self, regions: Regions, aliases: RegionAliases = ()) -> None:
        self._exact: dict[str, set[str]] = {}
        self._words: dict[str, set[str]] = {}
        self._spellings: list[tuple[str, str]] = []
        for name, spellings in regions:
            self._add(name, (name, *spellings))
        for spelling, name in aliases:
            self._add(name, (spelling,))
        self._wikimedia = _wikimedia_spellings({name for name, _ in regions})
        self._order = {name: position for position, (name, _) in enumerate(regions)}
        self._cache: dict[str, RegionLookup] = {}

    def _add(self, name: str, spellings: Iterable[str]) -> None:
        for spelling in spellings:
            self._exact.setdefault(fold(spelling), set()).add(name)
            self._words.setdefault(bag(spelling), set()).add(name)
            self._spellings.append((spelling, name))

    def lookup(self, text: str) -> RegionLookup:
        """The canonical region ``text`` names, or None with an issue (empty text: None, None)."""
        return remembered(self._cache, text, text, lambda: self._resolve(text))

    def _resolve(self, text: str) -> RegionLookup:
        if not fold(text):
            return None, None
        for exact, words in ((self._exact, self._words), self._wikimedia):
            names = exact.get(fold(text)) or words.get(bag(text)) or set()
            if len(names) == 1:
                return next(iter(names)), None
            if len(names) > 1:
                message = f'"{text}" could mean several regions'
                return None, Issue("unknown-region", message, text, self._ordered(names))
        message = f'"{text}" is not one of the regions'
        return None, Issue("unknown-region", message, text, self._closest(text))

    def _ordered(self, names: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(names, key=self._position))

    def _position(self, name: str) -> tuple[int, str]:
        """Where ``name`` stands in the configured list (unlisted names last)."""
        return (self._order.get(name, len(self._order)), name)

    def _closest(self, text: str) -> tuple[str, ...]:
        """Regions whose spellings share most of the words of ``text``, then look most
        alike; the configured order breaks ties."""
        words = set(bag(text).split())
        key = fold(text)
        best: dict[str, tuple[float, float]] = {}
        for spelling, name in self._spellings:
            shared = len(words & set(bag(spelling).split())) / max(1, len(words))
            alike = difflib.SequenceMatcher(None, key, fold(spelling)).ratio()
            if shared > 0 or alike >= _CUTOFF:
                best[name] = max(best.get(name, (0.0, 0.0)), (shared, alike))
        ranked = sorted(
            best, key=lambda name: (-best[name][0], -best[name][1], self._position(name))
        )
        return tuple(ranked[:_HINTS])


def _wikimedia_spellings(configured: set[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Folded and word-bag spellings of the Wikimedia regions -> the configured regions
    each covers (regions the programme does not have are left out)."""
    exact: dict[str, set[str]] = {}
    words: dict[str, set[str]] = {}
    for spellings, covered in WIKIMEDIA_REGIONS:
        names = {name for name in covered if name in configured}
        if names:
            for spelling in spellings:
                exact.setdefault(fold(spelling), set()).update(names)
                words.setdefault(bag(spelling), set()).update(names)
    return exact, words


def parse_region(text: str, regions: Regions, aliases: RegionAliases = ()) -> RegionLookup:
    """The canonical region ``text`` names in ``regions`` (builds an index: use it for one-offs)."""
    return RegionIndex(regions, aliases).lookup(text)
