"""Rendering of generated pages: escaping, messages, markers and one renderer per page.

Typical use::

    ctx = RenderContext.build(PageSettings.from_mapping(config), taxonomy, people)
    for title, (marker, body) in desired_pages(RenderInput(result, problems), ctx).items():
        new_text = replace_section(old_text, marker, body) if old_text else wrap(marker, body)

Every user-derived string goes through ``wikisync.render.escape.escape`` (or a link builder)
before it reaches a page.
"""

from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.i18n import Messages, messages_for
from wikisync.render.links import external_link, page_link, resource_link, user_link
from wikisync.render.markers import find_section, replace_section, wrap
from wikisync.render.pages.clinics import render_clinics
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.groups import render_groups
from wikisync.render.pages.matches import render_matches
from wikisync.render.pages.problems import render_problems
from wikisync.render.pages.skills import render_skill_page
from wikisync.render.pages.statistics import HistoryPoint, render_statistics
from wikisync.render.pages.status import (
    JobStatus,
    PageStatus,
    RunStatus,
    render_status,
    same_apart_from_times,
)
from wikisync.render.settings import PageSettings
from wikisync.render.summaries import page_summary

__all__ = [
    "HistoryPoint",
    "JobStatus",
    "Messages",
    "PageSettings",
    "PageStatus",
    "RenderContext",
    "RenderInput",
    "RunStatus",
    "Wikitext",
    "desired_pages",
    "external_link",
    "find_section",
    "messages_for",
    "page_link",
    "page_summary",
    "render_clinics",
    "render_groups",
    "render_matches",
    "render_problems",
    "render_skill_page",
    "render_statistics",
    "render_status",
    "replace_section",
    "resource_link",
    "same_apart_from_times",
    "user_link",
    "wrap",
]
