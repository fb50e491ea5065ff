"""Edit summaries that say what an edit does to a generated page, in that page's own terms.

"created: 232 suggestions, 57 requests without a match", "3 new suggestions, 1 suggestion
removed", "1 group formed, 1 group changed", "1 resource added; updated: Who shares it",
"updated: Participants by region".

:func:`page_summary` reads back, in the bot's section as it stands and in the new body, the
shapes the renderers of :mod:`wikisync.render.pages` write: the rows of the suggestions
table (never those of the other tables on the page), group blocks, clinic rows, resource
bullets, problem rows, the registrants' entries and headed sections. Items are compared as
multisets, so two rows that look alike are two items. Tables and headings are recognised by
their header labels in any shipped language, so a page whose language changed is still
read. A summary holds counts and fixed words only, never text read from a page.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from wikisync.render.escape import Wikitext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, Messages, messages_for
from wikisync.render.pages import clinics, matches, people, problems
from wikisync.render.pages.desired import GROUP_INDEX_COLUMNS

#: Page kinds with their own summary wording (see :func:`wikisync.planning.jobs.page_kind`).
PAGE_KINDS: tuple[str, ...] = (
    "matches",
    "people",
    "groups",
    "clinics",
    "skill",
    "statistics",
    "measurement",
    "problems",
    "status",
    "registrations",
    "form",
    "shoptalk",
)
#: Longest summary, in characters: MediaWiki keeps 500, and the caller adds a short prefix.
SUMMARY_LIMIT = 450


class Counted(Enum):
    """What a summary counts on a page; the value names its messages (``summary-<value>-…``)."""

    SUGGESTIONS = "suggestions"
    UNMATCHED = "unmatched"
    INDEX = "index"
    PEOPLE = "people"
    GROUPS = "groups"
    CLINICS = "clinics"
    RESOURCES = "resources"
    PROBLEMS = "problems"
    REGISTRANTS = "registrants"


#: The ways each counted thing can differ, in the order a summary names them. Resources
#: are whole bullets, so a resource is never changed: it is removed and another added.
CHANGE_KINDS: Mapping[Counted, tuple[str, ...]] = {
    thing: ("added", "removed") if thing is Counted.RESOURCES else ("added", "removed", "changed")
    for thing in Counted
}

#: The headed sections of a page named in a summary when they change, by heading message.
SECTIONS: Mapping[str, tuple[str, ...]] = {
    "skill": (
        "skill-heading-about",
        "skill-heading-resources",
        "skill-heading-past-clinics",
        "skill-heading-sharers",
        "skill-heading-learners",
        "skill-heading-groups",
        "skill-heading-clinic",
        "skill-heading-related",
    ),
    "statistics": (
        "stats-heading-participants",
        "stats-heading-regions",
        "stats-heading-languages",
        "stats-heading-affiliations",
        "stats-heading-skills",
        "stats-heading-unmet",
        "stats-heading-sharers",
        "stats-heading-history",
    ),
    "measurement": (
        "measurement-heading-indicators",
        "measurement-heading-breakdowns",
        "measurement-heading-goals",
    ),
    "status": (
        "status-heading-run",
        "status-heading-pages",
        "status-heading-counts",
        "status-heading-errors",
    ),
    "form": (),
    "shoptalk": (
        "shoptalk-heading-organisations",
        "shoptalk-heading-questions",
        "shoptalk-heading-when",
        "shoptalk-heading-agenda",
        "shoptalk-heading-why",
        "shoptalk-heading-feedback",
        "shoptalk-heading-unmet",
    ),
}
#: What a created page of each kind is said to hold when none of its counted things is there.
_PRIMARY: Mapping[str, Counted] = {
    "matches": Counted.SUGGESTIONS,
    "people": Counted.PEOPLE,
    "groups": Counted.GROUPS,
    "clinics": Counted.CLINICS,
    "skill": Counted.RESOURCES,
    "problems": Counted.PROBLEMS,
    "registrations": Counted.REGISTRANTS,
}
#: The sections whose changes the counted things already tell.
_COUNTED_SECTIONS = frozenset({"skill-heading-resources"})
_FIGURES = frozenset({"statistics", "measurement", "status"})

#: Every message a summary uses.
SUMMARY_MESSAGES: tuple[str, ...] = (
    "summary-created",
    "summary-form-created",
    "summary-unchanged",
    "summary-text-updated",
    "summary-figures-updated",
    "summary-sections-updated",
    "summary-sections-count",
    "summary-separator",
    *(f"summary-{thing.value}-count" for thing in Counted),
    *(f"summary-{thing.value}-{how}" for thing, kinds in CHANGE_KINDS.items() for how in kinds),
)

_HEADING = re.compile(r"^==(?!=)\s*(.*?)\s*==\s*$")
_ENTRY = re.compile(r"^\{\{[^\n]*\n(.*?)^\}\}", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[\[[^\[\]]*\]\]")
#: The anchor a cell may start with (:func:`wikisync.render.blocks.anchor`): where it sits
#: follows from the other rows, so it never makes a row differ.
_ANCHOR = re.compile(r'^<span id="[^"<>]*"></span>')


@dataclass(frozen=True, slots=True)
class Item:
    """One counted thing on a page.

    ``key`` pairs it with its other version and ``content`` tells whether it changed;
    two versions with ``ties`` (the people of a group) are one item only when they share one.
    """

    key: tuple[str, ...]
    content: tuple[str, ...] = ()
    ties: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Changes:
    """How many items were added, removed and changed between two versions of a page."""

    added: int = 0
    removed: int = 0
    changed: int = 0


def compare_items(before: Sequence[Item], after: Sequence[Item]) -> Changes:
    """Items only after, only before, and paired by key but different (multisets)."""
    old, new = Counter(before), Counter(after)
    same = old & new
    left: dict[tuple[str, ...], tuple[list[Item], list[Item]]] = {}
    for item in (old - same).elements():
        left.setdefault(item.key, ([], []))[0].append(item)
    for item in (new - same).elements():
        left.setdefault(item.key, ([], []))[1].append(item)
    added = removed = changed = 0
    for gone, came in left.values():
        paired = _paired(gone, came)
        changed += paired
        removed += len(gone) - paired
        added += len(came) - paired
    return Changes(added, removed, changed)


def _paired(gone: Sequence[Item], came: Sequence[Item]) -> int:
    """How many of ``gone`` are earlier versions of one of ``came`` each."""
    if not any(item.ties for item in (*gone, *came)):
        return min(len(gone), len(came))
    free = list(came)
    paired = 0
    for item in gone:
        index = next((i for i, other in enumerate(free) if _related(item, other)), None)
        if index is not None:
            free.pop(index)
            paired += 1
    return paired


def _related(one: Item, other: Item) -> bool:
    return not (one.ties or other.ties) or bool(one.ties & other.ties)


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a summary counts on one version of a page."""

    items: Mapping[Counted, list[Item]]
    sections: Mapping[str, str] = field(default_factory=dict)
    section_count: int = 0


def page_summary(kind: str, before: str | None, after: str, messages: Messages) -> str:
    """What writing ``after`` over ``before`` does to a page of ``kind``, in a few words.

    ``before`` is the bot's section as it stands, None when the page does not exist yet;
    ``after`` is the new body. A created page says what it holds; an edit counts the items
    added, removed and changed and names the sections that changed; a change outside all of
    them is said in general words. Never longer than :data:`SUMMARY_LIMIT`.
    """
    if kind not in PAGE_KINDS:
        raise ValueError(f"unknown page kind {kind!r}")
    if before is not None and before.strip() == after.strip():
        return messages.msg("summary-unchanged")
    if before is None and kind == "form":
        return messages.msg("summary-form-created")
    new = _read(kind, after, messages)
    if before is None:
        held = messages.join(_holds(kind, new, messages))
        return _bounded([messages.msg("summary-created", held)])
    old = _read(kind, before, messages)
    counted = _counted_changes(old, new, messages)
    sections = _changed_sections(old, new, messages)
    parts = [messages.join(counted)] if counted else []
    if sections:
        parts.append(messages.msg("summary-sections-updated", messages.join(sections)))
    if not parts:
        fallback = "summary-figures-updated" if kind in _FIGURES else "summary-text-updated"
        parts.append(messages.msg(fallback))
    return _bounded(parts, messages.msg("summary-separator"))


def _holds(kind: str, reading: _Reading, messages: Messages) -> list[Wikitext]:
    """What a created page holds: its sections when it is made of them, and its counted
    things (its main thing even when there is none of it yet)."""
    held = [
        messages.msg(f"summary-{thing.value}-count", len(items))
        for thing, items in reading.items.items()
        if items
    ]
    if not held and kind in _PRIMARY:
        held = [messages.msg(f"summary-{_PRIMARY[kind].value}-count", 0)]
    if kind in SECTIONS:
        held.insert(0, messages.msg("summary-sections-count", reading.section_count))
    return held


def _counted_changes(old: _Reading, new: _Reading, messages: Messages) -> list[Wikitext]:
    phrases = []
    for thing in Counted:
        changes = compare_items(old.items.get(thing, []), new.items.get(thing, []))
        for how in CHANGE_KINDS[thing]:
            count = getattr(changes, how)
            if count:
                phrases.append(messages.msg(f"summary-{thing.value}-{how}", count))
    return phrases


def _changed_sections(old: _Reading, new: _Reading, messages: Messages) -> list[Wikitext]:
    keys = [*old.sections, *(key for key in new.sections if key not in old.sections)]
    return [
        messages.msg(key)
        for key in keys
        if key not in _COUNTED_SECTIONS and old.sections.get(key) != new.sections.get(key)
    ]


def _bounded(parts: Sequence[str], separator: str = "") -> str:
    """``parts`` joined, cut at a list item to fit :data:`SUMMARY_LIMIT`."""
    text = separator.join(parts)
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text[: SUMMARY_LIMIT - 1]
    for mark in (separator, ", ", "، ", " "):
        if mark and mark in cut:
            cut = cut[: cut.rindex(mark)]
            break
    return cut + "…"


# Reading a page back.


def _read(kind: str, text: str, messages: Messages) -> _Reading:
    """The counted things and the headed sections of one version of a page of ``kind``."""
    if kind == "matches":
        return _Reading(_table_items(text, messages, _MATCHES_TABLES))
    if kind == "people":
        return _Reading(_table_items(text, messages, _PEOPLE_TABLES))
    if kind == "groups":
        index = _table_items(text, messages, _GROUP_TABLES)
        return _Reading({Counted.GROUPS: _group_items(text), **index})
    if kind == "clinics":
        return _Reading(_table_items(text, messages, _CLINIC_TABLES))
    if kind == "problems":
        return _Reading({Counted.PROBLEMS: _problem_items(text, messages)})
    if kind == "registrations":
        return _Reading({Counted.REGISTRANTS: _registrant_items(text)})
    sections = _named_sections(text, SECTIONS[kind], messages)
    items: dict[Counted, list[Item]] = {}
    if kind == "skill":
        resources = _bullets(sections.get("skill-heading-resources", ""))
        items[Counted.RESOURCES] = [Item((line,)) for line in resources]
    count = sum(1 for heading, _ in _sections(text) if heading is not None)
    return _Reading(items, sections, count)


@dataclass(frozen=True, slots=True)
class _TableShape:
    """A table the renderers write: its columns, what its rows are, and which cells pair a
    row with its other version (the others tell whether it changed)."""

    columns: tuple[str, ...]
    thing: Counted
    key: slice
    content: slice


_MATCHES_TABLES = (
    _TableShape(matches.SUGGESTION_COLUMNS, Counted.SUGGESTIONS, slice(0, 2), slice(2, None)),
    _TableShape(
        (*matches.SUGGESTION_COLUMNS, matches.ANSWER_COLUMN),
        Counted.SUGGESTIONS,
        slice(0, 2),
        slice(2, None),
    ),
    _TableShape(matches.UNMATCHED_COLUMNS, Counted.UNMATCHED, slice(0, 2), slice(2, None)),
    _TableShape(matches.INDEX_COLUMNS, Counted.INDEX, slice(0, 1), slice(1, None)),
)
_PEOPLE_TABLES = (_TableShape(people.INDEX_COLUMNS, Counted.PEOPLE, slice(0, 1), slice(1, None)),)
_GROUP_TABLES = (_TableShape(GROUP_INDEX_COLUMNS, Counted.INDEX, slice(0, 1), slice(1, None)),)
#: A candidate is its skill; its rank follows from the others and does not make it change.
_CLINIC_TABLES = (_TableShape(clinics.COLUMNS, Counted.CLINICS, slice(1, 2), slice(2, None)),)


def _table_items(
    text: str, messages: Messages, shapes: Sequence[_TableShape]
) -> dict[Counted, list[Item]]:
    """The rows of the tables of ``shapes`` on a page, as items."""
    items: dict[Counted, list[Item]] = {shape.thing: [] for shape in shapes}
    for headers, rows in _tables(text):
        shape = next((s for s in shapes if _has_columns(headers, s.columns, messages)), None)
        if shape is not None:
            items[shape.thing] += [Item(row[shape.key], row[shape.content]) for row in rows]
    return items


def _group_items(text: str) -> list[Item]:
    """One item per group block: paired by skill and language, tied by host and members."""
    items = []
    for heading, body in _sections(text):
        if heading is None:
            continue
        details = _bullets(body)
        people = frozenset(_LINK.findall(" ".join(details[2:])))
        items.append(Item(tuple(details[:2]), (heading, *details[2:]), people))
    return items


def _problem_items(text: str, messages: Messages) -> list[Item]:
    """One item per problem row, with the page it is on; its line does not pair it."""
    summary = _labels("problems-heading-summary", messages)
    items = []
    for heading, body in _sections(text):
        if heading is None or heading in summary:
            continue
        for headers, rows in _tables(body):
            if _has_columns(headers, problems.COLUMNS, messages):
                items += [Item((heading, *row[1:]), row[:1]) for row in rows]
    return items


def _registrant_items(text: str) -> list[Item]:
    """One item per entry, paired by its first parameter line (the username)."""
    items = []
    for match in _ENTRY.finditer(text):
        lines = match.group(1).splitlines()
        key = " ".join(lines[0].split()) if lines else ""
        items.append(Item((key,), (" ".join(match.group(0).split()),)))
    return items


def _tables(text: str) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Each table's header cells and data rows, as :func:`~wikisync.render.blocks.wikitable`
    writes them: one cell a line, which escaping keeps from holding a row or cell mark."""
    tables: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
    headers: list[str] | None = None
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if line.startswith("{|"):
            headers, rows = [], []
        elif headers is None:
            continue
        elif line.startswith("|}"):
            tables.append((tuple(headers), [tuple(row) for row in rows if row]))
            headers = None
        elif line.startswith("|-"):
            rows.append([])
        elif line.startswith("!"):
            headers.append(line[1:].strip())
        elif line.startswith("|") and rows:
            rows[-1].append(_ANCHOR.sub("", line[1:].strip()))
    return tables


def _sections(text: str) -> list[tuple[str | None, str]]:
    """The level-2 sections of ``text`` as (heading, body); None heads the text before them."""
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.split("\n"):
        found = _HEADING.match(line)
        if found:
            sections.append((found.group(1), []))
        else:
            sections[-1][1].append(line)
    return [(heading, "\n".join(lines)) for heading, lines in sections]


def _named_sections(text: str, keys: Sequence[str], messages: Messages) -> dict[str, str]:
    """The sections whose heading is one of the messages ``keys``, by key."""
    named: dict[str, str] = {}
    for heading, body in _sections(text):
        key = next((k for k in keys if heading in _labels(k, messages)), None)
        if key is not None:
            named[key] = body.strip()
    return named


def _bullets(text: str) -> list[str]:
    return [line[2:].strip() for line in text.split("\n") if line.startswith("* ")]


def _has_columns(headers: Sequence[str], columns: Sequence[str], messages: Messages) -> bool:
    return len(headers) == len(columns) and all(
        header in _labels(key, messages) for header, key in zip(headers, columns, strict=True)
    )


def _labels(key: str, messages: Messages) -> frozenset[str]:
    """The message ``key`` in the page's language and in every shipped one."""
    return _shipped_labels(key) | {messages.msg(key)}


@functools.cache
def _shipped_labels(key: str) -> frozenset[str]:
    return frozenset(messages_for(lang).msg(key) for lang in SUPPORTED_LANGUAGES)
