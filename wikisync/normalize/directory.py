"""The directory as normalisation builds it: entries normalised in parts, then merged.

A part is the entries of one source page (or of the registration export). Normalising the
parts one by one and then :func:`combine`-ing them gives exactly what normalising all the
entries at once gives: the entries, their problems and the merge see the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wikisync.model import Person, Problem, RawEntry
from wikisync.normalize.entry import EntryReader, NormalisedEntry, has_consent
from wikisync.normalize.merge import merge_entries
from wikisync.normalize.problems import problem


@dataclass(frozen=True, slots=True)
class NormalisedDirectory:
    """The people of the programme (sorted by username) and how every entry was used."""

    people: tuple[Person, ...]
    merged: int
    withheld: int
    unnamed: int
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class NormalisedPart:
    """Entries normalised but not merged: those kept, in their order, and how the others
    were used (``withheld`` without consent, ``unnamed`` without a usable account name)."""

    kept: tuple[NormalisedEntry, ...] = ()
    problems: tuple[Problem, ...] = ()
    withheld: int = 0
    unnamed: int = 0


def normalise_part(raw_entries: Iterable[RawEntry], reader: EntryReader) -> NormalisedPart:
    """Every entry of one part read, in order; a registration without consent is dropped
    with a ``no-consent`` note that carries no name or value."""
    kept: list[NormalisedEntry] = []
    problems: list[Problem] = []
    withheld = unnamed = 0
    for raw in raw_entries:
        if not has_consent(raw):
            withheld += 1
            problems.append(_no_consent(raw))
            continue
        entry, found = reader.read(raw)
        problems.extend(found)
        if entry is None:
            unnamed += 1
        else:
            kept.append(entry)
    return NormalisedPart(tuple(kept), tuple(problems), withheld, unnamed)


def combine(parts: Sequence[NormalisedPart]) -> NormalisedDirectory:
    """The parts, in their order, merged into one person per username."""
    kept = [entry for part in parts for entry in part.kept]
    problems = [found for part in parts for found in part.problems]
    people, merged, notes = merge_entries(kept)
    return NormalisedDirectory(
        people=tuple(people),
        merged=merged,
        withheld=sum(part.withheld for part in parts),
        unnamed=sum(part.unnamed for part in parts),
        problems=(*problems, *notes),
    )


def _no_consent(raw: RawEntry) -> Problem:
    message = "a registration without consent = yes was not used"
    return problem("no-consent", message, raw.source, field="consent")
