"""Mapping what editors write onto the taxonomy's canonical skill ids.

A :class:`SkillIndex` is built once per taxonomy from every id, label, alias and translated
label. A string matches when its folded form (case, accents, punctuation ignored) names
exactly one skill, or else when its word bag (word order, connectors, plural ``s`` ignored)
does. A string that names several skills is ambiguous; a string that names none is unknown
and gets the closest known skills as hints. Nothing is ever mapped to a different skill.
"""

from __future__ import annotations

import difflib
from collections import Counter

from wikisync.model import Taxonomy
from wikisync.normalize.caching import remembered
from wikisync.normalize.keys import bag, fold
from wikisync.normalize.lists import split_list, unique
from wikisync.normalize.problems import Issue
from wikisync.normalize.text import truncate

_SHORTLIST = 40
_HINTS = 3

Lookup = tuple[str | None, Issue | None]
FieldSkills = tuple[tuple[str, ...], tuple[str, ...], tuple[Issue, ...]]


class SkillIndex:
    """Fast lookups of skill names in one taxonomy; results are cached per string."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._exact: dict[str, list[str]] = {}
        self._bags: dict[str, list[str]] = {}
        self._labels: dict[str, str] = {}
        self._key_owner: dict[str, str] = {}
        for skill in taxonomy.skills:
            self._labels[skill.id] = skill.label
            names = [skill.id, skill.label, *skill.aliases, *skill.labels.values()]
            for name in names:
                self._add(name, skill.id)
        self._keys = sorted(self._key_owner)
        self._by_trigram: dict[str, list[int]] = {}
        for position, key in enumerate(self._keys):
            for gram in _trigrams(key):
                self._by_trigram.setdefault(gram, []).append(position)
        self._cache: dict[str, Lookup] = {}
        self._fields: dict[tuple[str, int], FieldSkills] = {}

    def _add(self, name: str, skill_id: str) -> None:
        exact, words = fold(name), bag(name)
        if not exact:
            return
        for table, key in ((self._exact, exact), (self._bags, words)):
            owners = table.setdefault(key, [])
            if skill_id not in owners:
                owners.append(skill_id)
        self._key_owner.setdefault(exact, skill_id)

    def label(self, skill_id: str) -> str:
        """The English label of ``skill_id`` (the id itself when it is not in the taxonomy)."""
        return self._labels.get(skill_id, skill_id)

    def knows(self, text: str) -> bool:
        """Whether ``text`` names exactly one skill."""
        return self.lookup(text)[0] is not None

    def lookup(self, text: str) -> Lookup:
        """The skill id ``text`` names, or None with an unknown/ambiguous issue."""
        return remembered(self._cache, text, text, lambda: self._resolve(text))

    def _resolve(self, text: str) -> Lookup:
        for table, key in ((self._exact, fold(text)), (self._bags, bag(text))):
            owners = table.get(key, [])
            if len(owners) == 1:
                return owners[0], None
            if len(owners) > 1:
                labels = tuple(sorted(self.label(owner) for owner in owners))
                message = f'"{text}" could mean several skills'
                return None, Issue("ambiguous-skill", message, text, labels)
        hints = self.closest(text)
        return None, Issue("unknown-skill", f'"{text}" is not in the skills taxonomy', text, hints)

    def field(self, text: str, limit: int) -> FieldSkills:
        """Ids, unknown strings and issues of a list field (plain text); cached per value."""

        def compute() -> FieldSkills:
            ids, unknown, issues = skills_from_text(text, self, limit)
            return (tuple(ids), tuple(unknown), tuple(issues))

        return remembered(self._fields, (text, limit), text, compute)

    def closest(self, text: str) -> tuple[str, ...]:
        """Labels of up to three skills whose names look most like ``text``."""
        key = fold(text)
        counts: Counter[int] = Counter()
        for gram in _trigrams(key):
            counts.update(self._by_trigram.get(gram, ()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:_SHORTLIST]
        shortlist = [self._keys[position] for position, _ in ranked]
        matches = difflib.get_close_matches(key, shortlist, n=_HINTS * 2, cutoff=0.6)
        labels = unique([self.label(self._key_owner[match]) for match in matches], key=str)
        return tuple(labels[:_HINTS])


def _trigrams(key: str) -> list[str]:
    padded = f"  {key} "
    return sorted({padded[index : index + 3] for index in range(len(padded) - 2)})


def skills_from_text(
    text: str, index: SkillIndex, limit: int
) -> tuple[list[str], list[str], list[Issue]]:
    """Canonical ids and unknown strings listed in ``text`` (plain text), with issues."""
    ids: list[str] = []
    unknown: list[str] = []
    issues: list[Issue] = []
    for item in split_list(text, index.knows):
        name = item
        if len(item) > limit:
            name, cut = truncate(item, limit)
            issues.extend(cut)
        skill_id, issue = index.lookup(name)
        if skill_id is None:
            unknown.append(name)
        elif skill_id not in ids:
            ids.append(skill_id)
        if issue is not None:
            issues.append(issue)
    return ids, unique(unknown), issues
