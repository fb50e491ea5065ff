"""The seeded programme the benchmark measures, and the edit a person makes to it.

The programme has the shape of :mod:`wikisync.dev.sample` at any size: a taxonomy of 200
skills with aliases and translated labels, participants with two to four languages, and
directory pages of 100 entries each. It is built here from the generators directly, so that
building 100,000 participants takes seconds rather than minutes. It has no organisations
page: one would list most of the participants as members.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from wikisync.dev.sample import (
    DIRECTORY,
    FEEDBACK,
    REGISTRATIONS,
    RESOURCES,
    TAXONOMY,
    directory_pages,
    feedback_page,
    files_folder,
    settings_page,
)
from wikisync.dev.synth import generate_people, generate_taxonomy, taxonomy_wikitext
from wikisync.model import Person, Taxonomy
from wikisync.reading import pagefiles
from wikisync.reading.sources import SourceTitles
from wikisync.settings.programme import Programme, load_programme

SKILLS = 200
PER_PAGE = 100
BOT = "SyncBot"
#: Feedback is drawn among this many participants (the feedback page has a few lines).
FEEDBACK_POOL = 2000
_ACTIVE = re.compile(r"^( \| status +=) active$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SyntheticProgramme:
    """Pages of a synthetic programme (title -> text) and the accounts it needs."""

    pages: Mapping[str, str]
    accounts: tuple[str, ...]
    people: int


def build(
    people: int, seed: int, *, skills: int = SKILLS, with_files: bool = False
) -> SyntheticProgramme:
    """A seeded programme of ``people`` participants and ``skills`` skills as page texts.

    ``with_files`` adds the bundled templates, registrations and the page of deliberate
    mistakes, as put on a wiki.
    """
    taxonomy = generate_taxonomy(skills, seed)
    participants = generate_people(people, taxonomy, seed)
    pages = _pages(participants, taxonomy)
    accounts = {person.username for person in participants}
    if with_files:
        files = pagefiles.page_files([files_folder()])
        pages.update({title: path.read_text(encoding="utf-8") for title, path in files.items()})
        accounts |= _file_accounts()
    return SyntheticProgramme(dict(sorted(pages.items())), tuple(sorted(accounts)), people)


def _pages(participants: list[Person], taxonomy: Taxonomy) -> dict[str, str]:
    pages = directory_pages(participants, taxonomy, PER_PAGE)
    pages[TAXONOMY] = f"The skills of the programme.\n\n{taxonomy_wikitext(taxonomy)}\n"
    pages[FEEDBACK] = feedback_page(participants[:FEEDBACK_POOL])
    pages[f"User:{BOT}/wikisync.json"] = settings_page(BOT, organisations=False)
    pages[f"User:{BOT}/Run"] = "yes\n"
    return pages


def _file_accounts() -> set[str]:
    lines = (files_folder() / "accounts.txt").read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def programme_settings() -> Programme:
    """The programme settings the synthetic programme's JSON page holds."""
    return load_programme(json.loads(settings_page(BOT, organisations=False)))


def source_titles(pages: Mapping[str, str]) -> SourceTitles:
    """The source pages among ``pages``, as the bot would find them on a wiki."""
    directory = tuple(sorted(title for title in pages if title.startswith(f"{DIRECTORY}/")))
    registrations = (REGISTRATIONS,) if REGISTRATIONS in pages else ()
    resources = (RESOURCES,) if RESOURCES in pages else ()
    return SourceTitles(directory, registrations, TAXONOMY, FEEDBACK, resources=resources)


def edited_page(pages: Mapping[str, str], number: int = 1) -> str:
    """The title of the ``number``-th directory page (from 1), the one a person edits."""
    directory = [
        title for title in pages if re.fullmatch(rf"{re.escape(DIRECTORY)}/Part \d+", title)
    ]
    ordered = sorted(directory, key=lambda title: int(title.rsplit(" ", 1)[1]))
    return ordered[min(number, len(ordered)) - 1]


def one_entry_changed(text: str) -> str:
    """``text`` with the first active participant set to inactive: a small real change."""
    changed = _ACTIVE.sub(r"\1 inactive", text, count=1)
    return changed if changed != text else text + "\n<!-- checked -->\n"
