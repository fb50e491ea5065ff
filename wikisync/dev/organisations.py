"""The sample programme's organisations page, built from its seeded people.

The affiliations the people's entries name most often become organisation entries
(members: the people who name them), and a few state and university partners take a
handful of people without an affiliation. Entries are written in the shapes editors
produce: aligned or on one line, the template name in any case, parameters by their
aliases, members as user links, user templates or plain names, skills by label, alias
or id in any case, languages by code or name. A few mistakes are made on purpose, one of
each kind the problems page reports: an unknown skill, a member who has no account, a
second entry of one name, a contact who is not a member, members whose entries say
otherwise, a person an organisation leaves out, a capacity in words and an entry without
a name. The same people always give the same page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable, Sequence

from wikisync.model import NATIVE, Person, Taxonomy
from wikisync.normalize.organisations import normalise_organisations
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.organisations import parse_organisations
from wikisync.settings.programme import Programme, Templates

#: Partners of the programme that are not Wikimedia affiliates, with their country.
PARTNERS: tuple[tuple[str, str], ...] = (
    ("University of Lagos", "Nigeria"),
    ("Universidad Nacional de Colombia", "Colombia"),
    ("National Library of Indonesia", "Indonesia"),
    ("Ministry of Culture of Peru", "Peru"),
    ("Université Cheikh Anta Diop", "Senegal"),
    ("State Archives of Kerala", "India"),
)
#: Organisations on the page at most (affiliates first, by how many people name them).
MOST = 40
#: A member named on the page who has no account on the wiki.
NO_ACCOUNT = "Former Member 2019"
#: A skill no taxonomy of the sample holds.
UNKNOWN_SKILL = "Underwater basket weaving"
_INTRO = (
    "Organisations taking part in Let's Connect: affiliates, user groups and partners. Add "
    "yours with the template below; list your members' accounts, what your organisation "
    "can offer and what it would like to learn."
)


def with_partners(people: Sequence[Person], seed: int) -> list[Person]:
    """``people`` with a few of those who name no affiliation now naming a partner (one or
    two per partner, drawn with ``seed``), as their entries will say."""
    rng = random.Random(seed)
    free = [index for index, person in enumerate(people) if not person.affiliation]
    chosen = list(people)
    for name, _ in PARTNERS:
        for index in rng.sample(free, min(len(free), rng.randint(1, 2))):
            free.remove(index)
            chosen[index] = dataclasses.replace(chosen[index], affiliation=name)
    return chosen


def organisations_page(people: Sequence[Person], taxonomy: Taxonomy, seed: int) -> str:
    """The organisations page of ``people`` (see the module's description)."""
    rng = random.Random(seed)
    groups = _groups(people)
    entries = [
        _entry(index, name, members, taxonomy, rng) for index, (name, members) in enumerate(groups)
    ]
    entries = _with_mistakes(entries, groups, people, taxonomy)
    body = "\n".join(entry.text() for entry in entries)
    return f"{_INTRO}\n\n{body}\n"


def _groups(people: Sequence[Person]) -> list[tuple[str, list[Person]]]:
    """The organisations and their members: the partners last, at most :data:`MOST`."""
    partners = {name for name, _ in PARTNERS}
    by_name: dict[str, list[Person]] = {}
    for person in sorted(people, key=lambda person: person.username):
        if person.affiliation:
            by_name.setdefault(person.affiliation, []).append(person)
    affiliates = sorted(
        (name for name in by_name if name not in partners),
        key=lambda name: (-len(by_name[name]), name),
    )
    chosen = [name for name, _ in PARTNERS if name in by_name]
    chosen = affiliates[: MOST - len(chosen)] + chosen
    return [(name, by_name[name]) for name in chosen]


@dataclasses.dataclass
class _Entry:
    """One organisation entry being written: its parameters and its layout."""

    fields: list[tuple[str, str]]
    style: int

    def set(self, name: str, value: str) -> None:
        """Write ``value`` into the parameter ``name`` (added at the end when missing)."""
        for position, (written, _) in enumerate(self.fields):
            if written.lower() == name.lower():
                self.fields[position] = (written, value)
                return
        self.fields.append((name, value))

    def get(self, name: str) -> str:
        """The value of the parameter ``name`` ("" when missing)."""
        return next((v for written, v in self.fields if written.lower() == name.lower()), "")

    def text(self) -> str:
        """The template call, laid out in this entry's style."""
        if self.style == 0:
            width = max(len(name) for name, _ in self.fields)
            lines = [f" | {name:<{width}} = {value}".rstrip() for name, value in self.fields]
            return "{{Organisation entry\n" + "\n".join(lines) + "\n}}"
        if self.style == 1:
            return "{{organisation entry|" + "|".join(f"{n}={v}" for n, v in self.fields) + "}}"
        parts = " ".join(f"| {name} = {value}" for name, value in self.fields)
        return "{{ Organisation entry " + parts + " }}"


#: The parameter names each style writes (editors copy one another's entries).
_NAMES = (
    ("name", "members", "region", "country", "languages", "timezone", "offers", "wants",
     "questions", "capacity", "contact", "status"),
    ("Name", "Members", "Region", "Country", "Languages", "Time zone", "Offers", "Wants",
     "Questions", "Sessions", "Contact", "Status"),
    ("organization", "members", "region", "country", "language", "tz", "offer", "needs",
     "question", "capacity", "contact person", "status"),
)  # fmt: skip
_QUESTIONS = (
    "How do you keep volunteers after their first event?",
    "How do you report on a grant without a paid staff member?",
    "How do you run a board election in a small user group?",
    "",
    "What do you do when an edit-a-thon's articles are nominated for deletion?",
    "",
)


def _entry(
    index: int, name: str, members: Sequence[Person], taxonomy: Taxonomy, rng: random.Random
) -> _Entry:
    style = index % 3
    first = members[0]
    values = (
        name,
        _members(members, style),
        first.region or "",
        Counter(p.country for p in members).most_common(1)[0][0],
        _languages(members, style),
        first.timezone or "",
        "; ".join(_skill(taxonomy, skill, rng) for skill in _common(m.shares for m in members)),
        ", ".join(_skill(taxonomy, skill, rng) for skill in _common(m.learns for m in members)[:2]),
        _QUESTIONS[index % len(_QUESTIONS)],
        str(1 + index % 3),
        _user(first.username, style),
        "away until 2026-06-30" if index % 11 == 5 else "active",
    )
    fields = [(key, value) for key, value in zip(_NAMES[style], values, strict=True) if value]
    return _Entry(fields, style)


def _members(members: Sequence[Person], style: int) -> str:
    separator = (", ", "; ", "<br>")[style]
    return separator.join(
        _user(person.username, style + position) for position, person in enumerate(members)
    )


def _user(username: str, shape: int) -> str:
    """A username as editors write it: a user link, with or without a label, a user
    template, or plain."""
    return (f"[[User:{username}|{username}]]", f"User:{username}", f"{{{{u|{username}}}}}",
            username)[shape % 4]  # fmt: skip


def _languages(members: Sequence[Person], style: int) -> str:
    codes = list(dict.fromkeys(language.code for m in members for language in m.languages))[:3]
    if style == 1:
        return ", ".join(codes)
    native = {
        language.code for m in members[:1] for language in m.languages if language.level == NATIVE
    }
    return ", ".join(f"{code}-N" if code in native else code for code in codes)


def _common(lists: Iterable[Sequence[str]]) -> list[str]:
    """The three skills most of ``lists`` hold (ties by id)."""
    counts: Counter[str] = Counter()
    for skills in lists:
        counts.update(skills)
    return [skill for skill, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]]


def _skill(taxonomy: Taxonomy, skill_id: str, rng: random.Random) -> str:
    """A skill as an editor names it: its label in some case, an alias, or its id."""
    skill = taxonomy.get(skill_id)
    if skill is None:
        return skill_id
    choice = rng.randrange(4)
    if choice == 0 and skill.aliases:
        return skill.aliases[0]
    if choice == 1:
        return skill.label.lower()
    if choice == 2:
        return skill.id
    return skill.label


def _with_mistakes(
    entries: list[_Entry],
    groups: Sequence[tuple[str, list[Person]]],
    people: Sequence[Person],
    taxonomy: Taxonomy,
) -> list[_Entry]:
    """``entries`` with one mistake of each kind (those the sample's size allows)."""
    if len(entries) < 8:
        return entries
    entries[2].set(_NAMES[2][6], f"{entries[2].get(_NAMES[2][6])}; {UNKNOWN_SKILL}".lstrip("; "))
    entries[4].set("Members", f"{entries[4].get('Members')}; [[User:{NO_ACCOUNT}]]")
    outsider = groups[1][1][0].username
    entries[6].set("contact", f"[[User:{outsider}]]")
    elsewhere = groups[0][1][-1].username
    entries[7].set("members", f"{entries[7].get('members')}, {elsewhere}")
    unaffiliated = next((p.username for p in people if not p.affiliation), None)
    if unaffiliated is not None:
        entries[3].set("members", f"{entries[3].get('members')}, [[User:{unaffiliated}]]")
    left_out = groups[5][1]
    if len(left_out) > 1:
        entries[5].set("Members", _members(left_out[:-1], 2))
    entries[1].set("Sessions", "twice a month")
    twin = _Entry([("name", f" {groups[0][0].upper()} "), ("members", "")], 0)
    twin.set("offers", entries[0].get("offers"))
    nameless = _Entry([("members", _user(groups[0][1][0].username, 0)), ("offers", "Editing")], 1)
    return [*entries, twin, nameless]


def organisation_feedback_lines(page: str, taxonomy: Taxonomy, today: dt.date) -> list[str]:
    """Two feedback lines about shop talks between organisations of ``page`` (the
    organisations page): one session ``held`` and one ``declined``, each between an
    organisation that wants a skill and one that offers it, the first such pairs."""
    records, _ = parse_organisations(page, "Organisations", 1, Templates())
    organisations, _ = normalise_organisations(records, SkillIndex(taxonomy), Programme(), today)
    pairs = [
        (asking.name, offering.name, skill)
        for asking in organisations
        for skill in asking.wants
        for offering in organisations
        if skill in offering.offers and offering.name != asking.name
    ]
    chosen = [pairs[0], next(p for p in pairs[1:] if p[:2] != pairs[0][:2])] if pairs else []
    return [
        f"{{{{Match feedback | asking = {asking} | offering = {offering} | skill = {skill} "
        f"| status = {status}}}}}"
        for (asking, offering, skill), status in zip(chosen, ("held", "declined"), strict=False)
    ]
