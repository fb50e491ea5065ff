"""What every page renderer needs to name people and skills consistently and safely."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wikisync.code_digest import code_digest
from wikisync.model import Person, Skill, Taxonomy
from wikisync.render.blocks import anchor
from wikisync.render.escape import Wikitext, escape
from wikisync.render.i18n import Messages, messages_for
from wikisync.render.links import is_valid_title, normalize_title, page_link, user_link
from wikisync.render.memo import digest
from wikisync.render.settings import PageSettings


@dataclass(frozen=True, slots=True)
class RenderContext:
    """Settings, messages, taxonomy and participants, indexed for the renderers.

    People are looked up by exact username. Anyone not found, or found with
    ``public=False``, is shown as an unnamed participant: naming someone needs their consent.
    Who shares or wants to learn a skill, and every other count, is in the match result's
    figures (:class:`~wikisync.model.Figures`), not here.
    """

    settings: PageSettings
    messages: Messages
    taxonomy: Taxonomy
    people: Mapping[str, Person]
    skill_pages: Mapping[str, str]
    skills: Mapping[str, Skill]
    _names: dict[str, Wikitext] = field(default_factory=dict, compare=False, repr=False)
    _skill_links: dict[str, Wikitext] = field(default_factory=dict, compare=False, repr=False)
    _anchors: dict[str, Wikitext] = field(default_factory=dict, compare=False, repr=False)
    _digest: list[str] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def build(
        cls,
        settings: PageSettings,
        taxonomy: Taxonomy,
        people: Iterable[Person],
        messages: Messages | None = None,
    ) -> RenderContext:
        """A context for ``settings.language`` (or ``messages`` when given)."""
        chosen = messages or messages_for(settings.language)
        index: dict[str, Person] = {}
        for person in people:
            index.setdefault(person.username, person)
        skills: dict[str, Skill] = {}
        for skill in taxonomy.skills:
            skills.setdefault(skill.id, skill)
        return cls(
            settings=settings,
            messages=chosen,
            taxonomy=taxonomy,
            people=index,
            skill_pages=skill_page_titles(settings, taxonomy, chosen.lang),
            skills=skills,
        )

    def digest(self) -> str:
        """A digest of what every page depends on: the rendering code, the page settings,
        the language and the taxonomy (see :mod:`wikisync.render.memo`)."""
        if not self._digest:
            self._digest.append(
                digest(code_digest(), self.settings, self.messages.lang, self.taxonomy)
            )
        return self._digest[0]

    def is_public(self, username: str) -> bool:
        """True when ``username`` is a known participant who agreed to be named."""
        person = self.people.get(username)
        return person is not None and person.public

    def name(self, username: str) -> Wikitext:
        """A link to the user page of a public participant, or the unnamed label."""
        if not self.is_public(username):
            return self.messages.msg("private-participant")
        shown = self._names.get(username)
        if shown is None:
            shown = self._names[username] = self.messages.isolate(user_link(username))
        return shown

    def consents(self, usernames: Iterable[str]) -> tuple[tuple[str, ...], tuple[bool, ...]]:
        """The distinct ``usernames`` sorted, and whether each agreed to be named: what a
        part that names them depends on, as plain tuples for a digest."""
        names = tuple(sorted(set(usernames)))
        return names, tuple([self.is_public(name) for name in names])

    def anchor(self, username: str) -> Wikitext:
        """The anchor a participant's first row on a page carries (:func:`anchor`)."""
        mark = self._anchors.get(username)
        if mark is None:
            mark = self._anchors[username] = anchor(username)
        return mark

    def names(self, usernames: Iterable[str]) -> Wikitext:
        """The public names among ``usernames`` sorted, plus a count of the others."""
        shown = self.name_items(usernames)
        return self.messages.join(shown) if shown else self.messages.msg("none")

    def name_items(self, usernames: Iterable[str]) -> list[Wikitext]:
        """What :meth:`names` joins: each public name in order, then the count of the others."""
        distinct = set(usernames)
        public = sorted((name for name in distinct if self.is_public(name)), key=sort_key)
        hidden = len(distinct) - len(public)
        shown = [self.name(name) for name in public]
        if hidden:
            others = "private-others" if shown else "private-only"
            shown.append(self.messages.msg(others, hidden))
        return shown

    def skill(self, skill_id: str) -> Skill | None:
        """The taxonomy skill ``skill_id``, or None for an id the taxonomy does not know."""
        return self.skills.get(skill_id)

    def skill_label(self, skill_id: str) -> str:
        """The unescaped label of ``skill_id`` in the content language (the id if unknown)."""
        skill = self.skill(skill_id)
        return skill.label_in(self.messages.lang) if skill else skill_id

    def skill_link(self, skill_id: str) -> Wikitext:
        """A link to the resource page of ``skill_id``, or its escaped label without one."""
        link = self._skill_links.get(skill_id)
        if link is None:
            title = self.skill_pages.get(skill_id)
            label = self.skill_label(skill_id)
            link = page_link(title, label) if title else escape(label)
            self._skill_links[skill_id] = link
        return link


def sort_key(text: str) -> tuple[str, str]:
    """A stable, case-insensitive sort key that still separates case variants."""
    return (text.casefold(), text)


def skill_page_titles(settings: PageSettings, taxonomy: Taxonomy, lang: str) -> dict[str, str]:
    """The resource page title of every skill: its label when that makes a valid, unused
    title, else its id; a skill with neither gets no page. Decided in taxonomy order."""
    titles: dict[str, str] = {}
    taken: set[str] = set()
    for skill in taxonomy.skills:
        for name in (skill.label_in(lang), skill.id):
            title = settings.skill_title(normalize_title(name))
            if normalize_title(name) and is_valid_title(title) and title not in taken:
                titles[skill.id] = title
                taken.add(title)
                break
    return titles
