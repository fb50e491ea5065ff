"""Merging the entries of one person found in several places into one record.

Precedence: a directory entry beats a registration, which beats a CSV row. Between entries
of the same kind, the one from the page saved most recently (higher revision id) wins, and
on the same page the later entry wins (as the last parameter wins in MediaWiki); entries are
otherwise ranked by the order the caller passed them.

What is taken from whom:

- one-value fields (affiliation, region, country, time zone, capacity, status, clinic,
  notify) come from the highest-ranked entry that gave them a usable value, so a gap (or
  an unknown region or time zone) is filled from below;
- list fields (languages, share, learn, projects, unknown skills) are the union over the
  entries of the highest-ranked kind that gave the field (one person may list different
  skills on several area pages), best-ranked entry first; a language listed twice keeps its
  highest level;
- ``do_not_match`` is the union over all entries, and ``public`` is False when any entry
  says so: a wish not to be matched or named is never lost in a merge.

Every entry folded into another is reported with a ``duplicate-entry`` problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from wikisync.model import EntryKind, Language, Person, Problem
from wikisync.normalize.entry import NormalisedEntry
from wikisync.normalize.problems import problem

_KIND_RANK = {EntryKind.DIRECTORY: 2, EntryKind.REGISTRATION: 1, EntryKind.CSV: 0}
_SCALARS = {
    "affiliation": ("affiliation",),
    "region": ("region",),
    "country": ("country",),
    "timezone": ("timezone", "utc_offset"),
    "capacity": ("capacity",),
    "status": ("status", "away_until"),
    "clinic": ("clinic",),
    "notify": ("notify",),
}
_LISTS = {"share": "shares", "learn": "learns", "projects": "projects"}


def merge_entries(entries: Sequence[NormalisedEntry]) -> tuple[list[Person], int, list[Problem]]:
    """One person per username (sorted), how many entries were merged away, and the notes."""
    groups: dict[str, list[tuple[int, NormalisedEntry]]] = {}
    for position, entry in enumerate(entries):
        groups.setdefault(entry.person.username, []).append((position, entry))
    people: list[Person] = []
    problems: list[Problem] = []
    merged = 0
    for username in sorted(groups):
        ranked = [entry for _, entry in sorted(groups[username], key=_rank, reverse=True)]
        people.append(merge_person(ranked))
        merged += len(ranked) - 1
        problems.extend(_merge_note(ranked[0].person, entry.person) for entry in ranked[1:])
    return people, merged, problems


def _rank(item: tuple[int, NormalisedEntry]) -> tuple[int, int, int]:
    position, entry = item
    return _KIND_RANK[entry.person.kind], entry.person.source.revision, position


def merge_person(ranked: Sequence[NormalisedEntry]) -> Person:
    """One person from entries of the same username, best-ranked first."""
    if len(ranked) == 1:
        return ranked[0].person
    winner = ranked[0]
    changes: dict[str, Any] = {}
    for field, attributes in _SCALARS.items():
        giver = next((entry for entry in ranked if _gave(entry, field, attributes[0])), winner)
        changes.update({name: getattr(giver.person, name) for name in attributes})
    for field, attribute in _LISTS.items():
        changes[attribute] = _union(
            getattr(entry.person, attribute) for entry in _top_kind(ranked, field)
        )
    changes["languages"] = _languages(_top_kind(ranked, "languages"))
    unknown = _top_kind(ranked, "share") + _top_kind(ranked, "learn")
    changes["unknown_skills"] = _union(entry.person.unknown_skills for entry in unknown)
    changes["do_not_match"] = frozenset().union(*(entry.person.do_not_match for entry in ranked))
    changes["public"] = all(entry.person.public for entry in ranked)
    return dataclasses.replace(winner.person, **changes)


def _gave(entry: NormalisedEntry, field: str, attribute: str) -> bool:
    """Whether ``entry`` wrote ``field`` with a usable value (an unknown region does not count)."""
    return field in entry.given and getattr(entry.person, attribute) not in (None, "")


def _top_kind(ranked: Sequence[NormalisedEntry], field: str) -> list[NormalisedEntry]:
    givers = [entry for entry in ranked if field in entry.given]
    if not givers:
        return []
    best = givers[0].person.kind
    return [entry for entry in givers if entry.person.kind is best]


def _union(lists: Iterable[Iterable[str]]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for items in lists:
        seen.update(dict.fromkeys(items))
    return tuple(seen)


def _languages(entries: Sequence[NormalisedEntry]) -> tuple[Language, ...]:
    levels: dict[str, int] = {}
    for entry in entries:
        for language in entry.person.languages:
            levels[language.code] = max(language.level, levels.get(language.code, -1))
    return tuple(Language(code, level) for code, level in levels.items())


def _merge_note(winner: Person, duplicate: Person) -> Problem:
    where = f"{winner.source.page} (entry {winner.source.index + 1})"
    message = f"{duplicate.username} is listed more than once; merged into the entry on {where}"
    return problem(
        "duplicate-entry",
        message,
        duplicate.source,
        username=duplicate.username,
        hints=(winner.source.page,),
    )
