"""Which generated pages belong to which job.

A run reads and matches once, then writes only the pages of the jobs it runs:

- ``registrations``: the bot's list of new registrants on the directory (and tidy mode);
- ``matches``: the matches, groups and clinic-candidate pages, the forms their links fill
  in, the shop-talk pages (and notifications);
- ``resources``: the skill pages, the statistics page and the shared measurement page;
- ``check``: the problems page.

The bot's status page is written by any run that changed another page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wikisync.reading.sources import NEW_ENTRIES_SECTION
from wikisync.render.pages.skills import MARKER as SKILL_MARKER

#: A generated page's kind, from its marker name, mapped to the job that writes it.
JOB_OF_KIND: Mapping[str, str] = {
    "registrations": "registrations",
    "matches": "matches",
    "people": "matches",
    "groups": "matches",
    "clinics": "matches",
    "skill": "resources",
    "statistics": "resources",
    "measurement": "resources",
    "problems": "check",
    "status": "",
    "form": "matches",
    "shoptalk": "matches",
}
#: Kinds whose pages are preloaded into edit forms: their markers sit inside
#: ``<noinclude>`` (see :mod:`wikisync.render.pages.forms`).
HIDDEN_MARKER_KINDS = frozenset({"form"})

_NAMED_KINDS = (
    "matches",
    "people",
    "groups",
    "clinics",
    "statistics",
    "measurement",
    "problems",
    "status",
    "form",
    "shoptalk",
)


def page_kind(section: str) -> str:
    """The kind of a generated page from its marker name (``matches``, ``skill`` …)."""
    if section == NEW_ENTRIES_SECTION:
        return "registrations"
    if section == SKILL_MARKER:
        return "skill"
    return next((kind for kind in _NAMED_KINDS if kind in section), "skill")


def pages_of_jobs(
    pages: Mapping[str, tuple[str, str]], jobs: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """The generated pages (title -> (marker, body)) that the given jobs write."""
    return {
        title: (section, body)
        for title, (section, body) in pages.items()
        if JOB_OF_KIND[page_kind(section)] in jobs
    }
