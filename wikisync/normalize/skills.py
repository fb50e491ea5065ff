"""Mapping what editors write onto the taxonomy's canonical skill ids.

A :class:`SkillIndex` is built once per taxonomy from every id, label, alias and translated
label. Each name belongs to one skill: when two skills give the same name (compared folded:
case, accents and punctuation ignored, but ``+`` and ``#`` kept, so C, C++ and C# stay
apart), the earlier skill keeps it and :class:`SkillNames` reports the clash, which the
taxonomy reader turns into a problem. A string matches the skill whose name it is folded, or
else the skill whose name has the same word bag (word order, connectors, plural ``s``
ignored) when only one does. A string whose word bag fits several skills is ambiguous; a
string that names none is unknown and gets the closest known skills as hints. Nothing is
ever mapped to a different skill.

Categories map to skills too: a skill's ``share_categories`` and ``learn_categories`` (the
taxonomy's ``share_category`` and ``learn_category``) name the categories whose members
share or learn it; :meth:`SkillIndex.from_categories` turns the categories a profile page is
in (the ``categories`` field of :mod:`wikisync.reading.profiles`) into skills on each side. Category
names compare as :func:`category_key` folds them; a category named by two skills of one side
belongs to the first.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from wikisync.model import Skill, Taxonomy
from wikisync.normalize.caching import remembered
from wikisync.normalize.keys import name_bag, name_fold
from wikisync.normalize.lists import split_list, unique
from wikisync.normalize.problems import Issue
from wikisync.normalize.text import truncate

_SHORTLIST = 40
_HINTS = 3

#: The raw field in which a profile page's categories reach normalisation, one a line.
CATEGORIES_FIELD = "categories"
_CATEGORY_PREFIX = re.compile(
    r"\s*:?\s*(?:category|catégorie|categoría|categoria|تصنيف)\s*:", re.IGNORECASE
)

Lookup = tuple[str | None, Issue | None]
FieldSkills = tuple[tuple[str, ...], tuple[str, ...], tuple[Issue, ...]]


@dataclass(frozen=True, slots=True)
class NameClash:
    """A name that a skill gives although an earlier skill already has it."""

    name: str
    field: str
    skill_id: str
    kept_by: str


class SkillNames:
    """Which skill each folded name belongs to: the first skill that gives it."""

    def __init__(self) -> None:
        self.owners: dict[str, str] = {}

    def claim(self, skill: Skill) -> tuple[list[str], list[NameClash]]:
        """Claim the names of ``skill``; the ones it keeps, and one clash per name it loses."""
        kept: list[str] = []
        clashes: list[NameClash] = []
        lost: set[str] = set()
        for field, name in _named_fields(skill):
            key = name_fold(name)
            if not key:
                continue
            owner = self.owners.setdefault(key, skill.id)
            if owner == skill.id:
                kept.append(name)
            elif key not in lost:
                lost.add(key)
                clashes.append(NameClash(name, field, skill.id, owner))
        return kept, clashes


def _named_fields(skill: Skill) -> list[tuple[str, str]]:
    """Every name of ``skill`` with the template parameter it is written in."""
    names = [("id", skill.id), ("label", skill.label)]
    names += [("aliases", alias) for alias in skill.aliases]
    names += [(f"label_{lang}", label) for lang, label in skill.labels.items()]
    return names


class SkillIndex:
    """Fast lookups of skill names in one taxonomy; results are cached per string."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._bags: dict[str, list[str]] = {}
        self._labels: dict[str, str] = {}
        names = SkillNames()
        for skill in taxonomy.skills:
            self._labels[skill.id] = skill.label
            kept, _ = names.claim(skill)
            for name in kept:
                self._add_bag(name, skill.id)
        self._names = names.owners
        self._keys = sorted(self._names)
        self._by_trigram: dict[str, list[int]] = {}
        for position, key in enumerate(self._keys):
            for gram in _trigrams(key):
                self._by_trigram.setdefault(gram, []).append(position)
        self._cache: dict[str, Lookup] = {}
        self._fields: dict[tuple[str, int], FieldSkills] = {}
        self._categories: dict[tuple[str, str], str] = {}
        for skill in taxonomy.skills:
            sides = (("share", skill.share_categories), ("learn", skill.learn_categories))
            for side, categories in sides:
                for name in categories:
                    self._categories.setdefault((side, category_key(name)), skill.id)

    def _add_bag(self, name: str, skill_id: str) -> None:
        words = name_bag(name)
        if not words:
            return
        owners = self._bags.setdefault(words, [])
        if skill_id not in owners:
            owners.append(skill_id)

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
        owner = self._names.get(name_fold(text))
        if owner is not None:
            return owner, None
        owners = self._bags.get(name_bag(text), [])
        if len(owners) == 1:
            return owners[0], None
        if owners:
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

    def from_categories(self, names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The skills shared and the skills learnt by members of the categories ``names``."""
        keys = [category_key(name) for name in names]
        sides = (
            unique([self._categories.get((side, key), "") for key in keys], key=str)
            for side in ("share", "learn")
        )
        shares, learns = (tuple(skill for skill in side if skill) for side in sides)
        return shares, learns

    def closest(self, text: str) -> tuple[str, ...]:
        """Labels of up to three skills whose names look most like ``text``."""
        key = name_fold(text)
        counts: Counter[int] = Counter()
        for gram in _trigrams(key):
            counts.update(self._by_trigram.get(gram, ()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:_SHORTLIST]
        shortlist = [self._keys[position] for position, _ in ranked]
        matches = difflib.get_close_matches(key, shortlist, n=_HINTS * 2, cutoff=0.6)
        labels = unique([self.label(self._names[match]) for match in matches], key=str)
        return tuple(labels[:_HINTS])


def category_key(name: str) -> str:
    """A category name compared loosely: without its namespace, in any case and spacing
    ("Category:Wikipedians_who_edit" and "wikipedians who edit" are one category)."""
    prefix = _CATEGORY_PREFIX.match(name)
    bare = name[prefix.end() :] if prefix else name
    return " ".join(bare.replace("_", " ").split()).casefold()


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
