"""The bot status page in the bot's user space: what the last run did and when the next is
due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from wikisync.render.blocks import bullets, heading, wikitable
from wikisync.render.context import RenderContext
from wikisync.render.escape import escape
from wikisync.render.formatting import timestamp
from wikisync.render.links import page_link
from wikisync.render.reasons import generic_text

MARKER = "status"

#: Page outcomes with a translated label; others are shown generically.
PAGE_OUTCOMES: tuple[str, ...] = (
    "created",
    "edited",
    "unchanged",
    "no-markers",
    "skipped",
    "conflict",
    "protected",
    "failed",
)
#: Run outcomes with a translated label.
RUN_OUTCOMES: tuple[str, ...] = ("ok", "partial", "failed", "stopped")
#: Counters with a translated label.
COUNT_NAMES: tuple[str, ...] = (
    "participants",
    "skills",
    "suggestions",
    "unmatched",
    "groups",
    "clinics",
    "problems",
    "edits",
    "requests",
)
#: Longest error line shown.
ERROR_LIMIT = 300


@dataclass(frozen=True, slots=True)
class RunStatus:
    """A summary of one run for the status page.

    ``pages`` maps each generated page title to what happened to it (``edited``,
    ``unchanged``, ``no-markers`` …); ``counts`` holds named totals; ``errors`` are one-line
    descriptions without private data.
    """

    started: dt.datetime
    finished: dt.datetime | None = None
    dry_run: bool = False
    outcome: str = "ok"
    pages: Mapping[str, str] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    next_run: dt.datetime | None = None


def render_status(status: RunStatus, ctx: RenderContext) -> str:
    """Last run, what it did to each page, its counts and errors, and the next due run."""
    messages = ctx.messages
    sections = [
        (messages.msg("status-heading-run"), run_section(status, ctx)),
        (messages.msg("status-heading-pages"), pages_section(status, ctx)),
        (messages.msg("status-heading-counts"), counts_section(status, ctx)),
        (messages.msg("status-heading-errors"), errors_section(status, ctx)),
    ]
    body = "\n\n".join(f"{heading(2, title)}\n{text}" for title, text in sections)
    return messages.wrap_direction(body)


def run_section(status: RunStatus, ctx: RenderContext) -> str:
    """When the run started and ended, its mode and outcome, and when the next one is due."""
    messages = ctx.messages
    finished = timestamp(status.finished) if status.finished else messages.msg("status-running")
    next_run = timestamp(status.next_run) if status.next_run else messages.msg("status-unscheduled")
    mode = messages.msg("status-mode-dry-run" if status.dry_run else "status-mode-edit")
    return bullets(
        [
            messages.msg("status-started", timestamp(status.started)),
            messages.msg("status-finished", finished),
            messages.msg("status-mode", mode),
            messages.msg("status-outcome", outcome_label(status.outcome, RUN_OUTCOMES, ctx)),
            messages.msg("status-next-run", next_run),
        ]
    )


def outcome_label(outcome: str, known: tuple[str, ...], ctx: RenderContext) -> str:
    """The translated label of an outcome code, or the code itself when unknown."""
    if outcome in known:
        return ctx.messages.msg(f"outcome-{outcome}")
    return generic_text(outcome, (), ctx.messages)


def pages_section(status: RunStatus, ctx: RenderContext) -> str:
    """Each page the run looked at and what happened to it."""
    messages = ctx.messages
    if not status.pages:
        return messages.msg("status-no-pages")
    headers = [messages.msg("column-page"), messages.msg("column-outcome")]
    rows = [
        [page_link(title), outcome_label(outcome, PAGE_OUTCOMES, ctx)]
        for title, outcome in sorted(status.pages.items())
    ]
    return wikitable(headers, rows)


def counts_section(status: RunStatus, ctx: RenderContext) -> str:
    """The run's named totals, known names first in a fixed order, then others by name."""
    messages = ctx.messages
    if not status.counts:
        return messages.msg("status-no-counts")
    known = [name for name in COUNT_NAMES if name in status.counts]
    others = sorted(name for name in status.counts if name not in COUNT_NAMES)
    items = [messages.msg(f"count-{name}", status.counts[name]) for name in known]
    items += [messages.msg("generic-code-args", name, str(status.counts[name])) for name in others]
    return bullets(items)


def errors_section(status: RunStatus, ctx: RenderContext) -> str:
    """The run's errors, one per line, escaped and shortened."""
    if not status.errors:
        return ctx.messages.msg("status-no-errors")
    return bullets([escape(error, ERROR_LIMIT) for error in status.errors])
