"""What the offline whole-run tests share: names of the sample's pages, one run, its outcomes."""

from __future__ import annotations

import datetime as dt

from wikisync.dev.fakewiki import FakeWiki, TickingClock
from wikisync.dev.sample import PREFIX
from wikisync.running import operations

BOT = "SyncBot"
RUN = f"User:{BOT}/Run"
STATUS = f"User:{BOT}/Status"
MATCHES = f"{PREFIX}/Matches"
GROUPS = f"{PREFIX}/Groups"
STATISTICS = f"{PREFIX}/Statistics"
STOPPED = "the kill switch says stop"


def run(
    config: str,
    fake: FakeWiki,
    clock: TickingClock,
    *,
    force: bool = True,
    saving: TickingClock | None = None,
) -> operations.JobsRun:
    """One run at ``clock``; ``saving`` (standing still unless advanced) paces the switch."""
    clock.advance(dt.timedelta(minutes=5))
    seconds = saving or TickingClock(clock.now, step=dt.timedelta(0))
    return operations.run(
        config,
        force=force,
        connect_to=lambda settings: fake,
        clock=clock,
        monotonic=lambda: seconds().timestamp(),
    )


def outcomes(done: operations.JobsRun) -> dict[str, str]:
    """Every page's outcome, the status page's last (when the run looked at it)."""
    assert done.result is not None
    report = done.result.report
    status = (report.status,) if report.status is not None else ()
    return {page.title: page.outcome for page in (*report.pages, *status)}


def reasons(done: operations.JobsRun) -> dict[str, str]:
    assert done.result is not None
    return {page.title: page.reason for page in done.result.report.pages}


def notifications(fake: FakeWiki) -> int:
    return sum(r.title.startswith("User talk:") for r in fake.edits_by(BOT))
