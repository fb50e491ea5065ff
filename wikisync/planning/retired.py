"""Generated pages the bot no longer generates, and the notice that replaces their content.

A page stops being generated when its content moves elsewhere: a split part (``…/Matches/3``)
after its page shrank, or the page of a skill taken out of the taxonomy. Left alone it would
keep its last content, suggestions and figures that are no longer true. Each job remembers
the pages it generated at its last success (the state's ``generated_page`` table); a page
remembered but not rendered now gets, between the same markers, a short notice in the page
language that links to the nearest page still generated above it.

A retired page goes through the same guards as any other generated page: the blanking
guard (a part's rows are counted with its family, so rows that moved to another part are
no loss, and a skill page emptied while the people stayed is refused), ``{{nobots}}``,
the allowed titles and edit conflicts. A retired page that no longer exists is never
created. Once its notice is saved the page is forgotten, so it is not read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from wikisync.planning.jobs import JOB_OF_KIND, page_kind
from wikisync.render.i18n import Messages
from wikisync.render.links import page_link

#: Jobs whose pages can be retired: the registrants' section lives on a person's directory
#: page and the status page is always generated.
RETIRING_JOBS: frozenset[str] = frozenset({"matches", "resources", "check"})


def generated_by_job(pages: Mapping[str, tuple[str, str]], job: str) -> dict[str, str]:
    """The pages (title: marker name) of ``pages`` that ``job`` generates, to remember."""
    if job not in RETIRING_JOBS:
        return {}
    return {
        title: marker
        for title, (marker, _) in pages.items()
        if JOB_OF_KIND[page_kind(marker)] == job
    }


def retired_pages(
    remembered: Mapping[str, str],
    rendered: Mapping[str, tuple[str, str]],
    messages: Messages,
    roots: Iterable[str] = (),
) -> dict[str, tuple[str, str]]:
    """Title -> (marker name, notice) of each remembered page that is not rendered now.

    The notice links to the nearest title above the page (by ``/``) that is rendered, or
    else to the first of ``roots`` that is rendered (the programme's main pages).
    """
    fallback = next((root for root in roots if root in rendered), None)
    return {
        title: (marker, retirement_notice(messages, _nearest_rendered(title, rendered, fallback)))
        for title, marker in sorted(remembered.items())
        if title not in rendered
    }


def retirement_notice(messages: Messages, successor: str | None) -> str:
    """The body of a retired page: it is no longer generated, and where to look instead."""
    if successor is None:
        return str(messages.msg("retired-notice"))
    return str(messages.msg("retired-notice-see", page_link(successor)))


def _nearest_rendered(
    title: str, rendered: Mapping[str, tuple[str, str]], fallback: str | None
) -> str | None:
    pieces = title.split("/")
    for end in range(len(pieces) - 1, 0, -1):
        head = "/".join(pieces[:end])
        if head in rendered:
            return head
    return fallback
