"""A realistic programme to put on a wiki: for the demo, the integration tests and the benchmark.

Participants and the taxonomy come from the seeded generator in :mod:`wikisync.dev.synth` (the
shape of the Let's Connect pilot); the pages are written in the on-wiki formats a real
programme uses: directory pages of about a hundred entries, a taxonomy page, a feedback
page, the bot's settings page and its kill switch. The templates, a registrations page, a
page with deliberate mistakes and a resources page (learning resources and past clinics,
written with the mistakes editors make) come from ``wikisync/data/sample`` as files; a few
skills get a description. The organisations page is built from the seeded people (see
:mod:`wikisync.dev.organisations`), a few of whom name a partner organisation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from wikisync.dev.organisations import (
    organisation_feedback_lines,
    organisations_page,
    with_partners,
)
from wikisync.dev.synth import entry_wikitext, generate_people, generate_taxonomy, taxonomy_wikitext
from wikisync.model import Person, Skill, Taxonomy
from wikisync.reading import pagefiles

PREFIX = "Let's Connect"
DIRECTORY = f"{PREFIX}/Skills directory"
TAXONOMY = f"{PREFIX}/Skills taxonomy"
FEEDBACK = f"{PREFIX}/Matches/Feedback"
REGISTRATIONS = f"{PREFIX}/Registrations"
RESOURCES = f"{PREFIX}/Resources"
ORGANISATIONS = f"{PREFIX}/Organisations"
NEW_ENTRIES = f"{DIRECTORY}/New registrants"
#: The account that keeps the feedback page up to date for others (the local wiki's
#: administrator), so it may record anyone's answer.
COORDINATOR = "Admin"
#: What the taxonomy says of a few skills (the others have no description yet).
DESCRIPTIONS = {
    "proposal-writing": "Writing grant and project proposals that funders can say yes to: "
    "goals, activities, budget and how success is measured.",
    "budgeting": "Planning what a project or an affiliate will spend, and keeping track of it.",
    "volunteer-retention": "Keeping volunteers involved after their first event or edit.",
    "audio-recording": "Recording clean sound for podcasts, pronunciations and oral history.",
}

#: The day the sample's organisations are read on to write its shop-talk feedback.
SAMPLE_DAY = dt.date(2026, 3, 2)


@dataclass(frozen=True, slots=True)
class SamplePlan:
    """The pages of a sample programme and the accounts its participants need."""

    pages: Mapping[str, str]
    accounts: tuple[str, ...]
    people: tuple[Person, ...]
    taxonomy: Taxonomy


def files_folder() -> Path:
    """The bundled page files: templates, registrations, a page of deliberate mistakes."""
    return Path(str(resources.files("wikisync") / "data" / "sample"))


def sample_programme(
    people: int = 160,
    skills: int = 40,
    *,
    seed: int = 2026,
    per_page: int = 100,
    bot: str = "SyncBot",
    with_files: bool = True,
) -> SamplePlan:
    """A seeded programme of ``people`` participants as page texts (title -> text)."""
    taxonomy = _described(generate_taxonomy(skills, seed))
    participants = tuple(with_partners(generate_people(people, taxonomy, seed), seed))
    pages: dict[str, str] = {}
    if with_files:
        files = pagefiles.page_files([files_folder()])
        pages.update({title: path.read_text(encoding="utf-8") for title, path in files.items()})
    pages[TAXONOMY] = _taxonomy_page(taxonomy)
    pages.update(directory_pages(participants, taxonomy, per_page))
    pages[ORGANISATIONS] = organisations_page(participants, taxonomy, seed)
    talks = organisation_feedback_lines(pages[ORGANISATIONS], taxonomy, SAMPLE_DAY)
    pages[FEEDBACK] = feedback_page(participants, talks)
    pages[f"User:{bot}/wikisync.json"] = settings_page(bot)
    pages[f"User:{bot}/Run"] = "yes <!-- change to no to stop the bot at once -->\n"
    accounts = tuple(sorted({p.username for p in participants} | _file_accounts(with_files)))
    return SamplePlan(dict(sorted(pages.items())), accounts, participants, taxonomy)


def directory_pages(people: Sequence[Person], taxonomy: Taxonomy, per_page: int) -> dict[str, str]:
    """Directory pages of ``per_page`` entries each, in username order."""
    pages = {}
    for number, start in enumerate(range(0, len(people), per_page), start=1):
        entries = "\n".join(entry_wikitext(p, taxonomy) for p in people[start : start + per_page])
        pages[f"{DIRECTORY}/Part {number}"] = (
            "Participants of the Let's Connect skills directory. Add yourself at the end with "
            f"the template below; see [[{TAXONOMY}]] for the skills.\n\n{entries}\n"
        )
    return pages


def feedback_page(people: Sequence[Person], talks: Sequence[str] = ()) -> str:
    """A feedback page with a few outcomes between sharers and learners of the sample,
    then the lines ``talks`` about shop talks between organisations."""
    lines = ["How did a suggested connection go? Add a line like the ones below.", ""]
    pairs = [
        (learner, sharer, skill)
        for learner in people[:40]
        for sharer in people
        for skill in sorted(set(learner.learns) & set(sharer.shares))
        if sharer.username != learner.username
    ]
    outcomes = ("met", "met", "declined")
    for (learner, sharer, skill), status in zip(pairs[::7], outcomes, strict=False):
        lines.append(
            f"{{{{Match feedback | learner = {learner.username} | sharer = {sharer.username} "
            f"| skill = {skill} | status = {status}}}}}"
        )
    if talks:
        lines += ["", "How did a shop talk between organisations go?", "", *talks]
    return "\n".join(lines) + "\n"


def settings_page(bot: str, *, organisations: bool = True) -> str:
    """The programme settings the sample uses, as the JSON page in the bot's user space;
    without ``organisations``, no organisations page is read."""
    settings: dict[str, Any] = {
        "sources": {
            "directory": {"prefix": f"{DIRECTORY}/"},
            "registrations": {"titles": [REGISTRATIONS]},
            "taxonomy": TAXONOMY,
            "feedback": FEEDBACK,
            "new_entries": NEW_ENTRIES,
            "resources": {"titles": [RESOURCES]},
            "organisations": {"titles": [ORGANISATIONS]},
        },
        "pages": {"prefix": PREFIX, "status": f"User:{bot}/Status"},
        "feedback": {"coordinators": [COORDINATOR]},
    }
    if not organisations:
        del settings["sources"]["organisations"]
    return json.dumps(settings, indent=1, ensure_ascii=False) + "\n"


def _described(taxonomy: Taxonomy) -> Taxonomy:
    """``taxonomy`` with the descriptions of :data:`DESCRIPTIONS`."""
    return Taxonomy(tuple(map(_with_description, taxonomy.skills)))


def _with_description(skill: Skill) -> Skill:
    return dataclasses.replace(skill, description=DESCRIPTIONS.get(skill.id, skill.description))


def _taxonomy_page(taxonomy: Taxonomy) -> str:
    intro = (
        "The skills of the Let's Connect programme. The bot maps what people write in the "
        "directory onto these skills through their labels, aliases and translations."
    )
    return f"{intro}\n\n{taxonomy_wikitext(taxonomy)}\n"


def _file_accounts(with_files: bool) -> set[str]:
    path = files_folder() / "accounts.txt"
    if not with_files or not path.is_file():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}
