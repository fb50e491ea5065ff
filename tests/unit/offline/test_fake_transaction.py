"""A run is one transaction, offline: a refused page holds back its job's other pages, its
history and its messages; a dry run shows what a run would do; a confirmed plan is saved as
it was shown; the status page tells what happened."""

from __future__ import annotations

import datetime as dt

from wikisync.dev.fakewiki import ADMIN, FakeWiki, TickingClock
from wikisync.dev.sample import DIRECTORY, PREFIX, TAXONOMY, SamplePlan
from wikisync.dev.synth import taxonomy_wikitext
from wikisync.model import Taxonomy
from wikisync.outcomes import PageOutcome, RunOutcome
from wikisync.render.markers import find_section
from wikisync.running import operations
from wikisync.running.state import State
from wikisync.settings.config import load_settings
from wikisync.writing.execute import Mode

BOT = "SyncBot"
STATUS = f"User:{BOT}/Status"
MATCHES = f"{PREFIX}/Matches"
GROUPS = f"{PREFIX}/Groups"
CANDIDATES = f"{PREFIX}/Learning clinics/Candidates"


def run(
    config: str, fake: FakeWiki, clock: TickingClock, *, force: bool = True, dry_run: bool = False
) -> operations.JobsRun:
    clock.advance(dt.timedelta(minutes=5))
    return operations.run(
        config, force=force, dry_run=dry_run, connect_to=lambda settings: fake, clock=clock
    )


def suggestions(config: str) -> dict[tuple[str, str], str]:
    with State.open(load_settings(config).state_path) as state:
        return state.current_suggestions()


def talk_edits(fake: FakeWiki) -> int:
    return sum(r.title.startswith("User talk:") for r in fake.edits_by(BOT))


def test_a_refused_page_holds_back_its_job_and_a_restore_moves_no_suggestion(
    config: str, fake: FakeWiki, clock: TickingClock, plan: SamplePlan
) -> None:
    first = run(config, fake, clock)
    assert not operations.run_failed(first)
    suggested = suggestions(config)
    talks = talk_edits(fake)
    pages = {title: fake.text(title) for title in (MATCHES, GROUPS, CANDIDATES)}

    fake.edit(TAXONOMY, taxonomy_wikitext(Taxonomy(plan.taxonomy.skills[:4])), user=ADMIN)
    refused = run(config, fake, clock)
    assert operations.run_failed(refused)
    assert refused.result is not None
    report = refused.result.report
    outcomes = {page.title: page for page in report.pages}
    assert outcomes[MATCHES].outcome is PageOutcome.REFUSED
    for title in (GROUPS, CANDIDATES):
        assert outcomes[title].outcome in (PageOutcome.REFUSED, PageOutcome.HELD_BACK)
    held = [page for page in report.pages if page.outcome is PageOutcome.HELD_BACK]
    assert held
    assert all(page.reason.endswith("of the same job was refused") for page in held)
    jobs = {job.job: job for job in report.jobs}
    assert jobs["matches"].outcome is RunOutcome.FAILED
    assert "probable blanking" in jobs["matches"].reason
    assert {title: fake.text(title) for title in pages} == pages
    assert talk_edits(fake) == talks
    assert suggestions(config) == suggested
    status = find_section(fake.text(STATUS) or "", "status") or ""
    assert "probable blanking" in status
    assert "held back" in status

    fake.edit(TAXONOMY, plan.pages[TAXONOMY], user=ADMIN)
    restored = run(config, fake, clock)
    assert not operations.run_failed(restored)
    assert suggestions(config) == suggested
    assert {title: fake.text(title) for title in pages} == pages


def test_a_failed_job_is_due_again_and_its_status_is_on_the_page(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    fake.edit(GROUPS, "Written by hand, without the bot's markers.", user=ADMIN)
    done = run(config, fake, clock, force=False)
    assert done.ran == ()
    forced = run(config, fake, clock)
    assert forced.result is not None
    jobs = {job.job: job for job in forced.result.report.jobs}
    assert jobs["matches"].outcome is RunOutcome.FAILED
    assert jobs["resources"].outcome is RunOutcome.SUCCESS
    assert "no wikisync:groups markers" in (fake.text(STATUS) or "")
    with State.open(load_settings(config).state_path) as state:
        histories = operations.job_histories(state)
    assert histories["matches"].last_failure is not None
    assert histories["resources"].last_failure is None


def test_a_dry_run_covers_the_jobs_a_run_would_run(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    quiet = run(config, fake, clock, force=False, dry_run=True)
    assert quiet.ran == () and quiet.result is None
    forced = run(config, fake, clock, dry_run=True)
    assert set(forced.ran) == {"registrations", "matches", "resources", "check"}
    assert forced.result is not None
    assert {job.job for job in forced.result.report.jobs} == set(forced.ran)


def test_a_confirmed_plan_is_saved_as_it_was_shown(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    clock.advance(dt.timedelta(minutes=5))
    asked = operations.JobRequest(
        ("matches",), clock(), True, Mode.LIVE, connect_to=lambda settings: fake
    )
    with operations.prepared_run(config, asked) as prepared:
        shown = prepared.dry_report()
        assert shown is not None
        planned = {edit.title: edit.text for edit in shown.edits if edit.action.writes}
        # a new entry arrives while the operator reads the diff: it is not in what was shown
        fake.edit(f"{DIRECTORY}/Late", "{{Skills directory entry\n | username = Admin\n}}")
        done = operations.carry_out(prepared)
    assert done.result is not None
    assert {title: fake.text(title) for title in planned} == planned


def test_a_run_that_saves_nothing_leaves_the_status_page_alone(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    saved = fake.history(STATUS)
    again = run(config, fake, clock)
    assert again.result is not None and again.result.report.edits == 0
    assert fake.history(STATUS) == saved


def test_after_the_kill_switch_only_the_pages_that_would_change_are_not_done(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    fake.edit(f"User:{BOT}/Run", "no <!-- stopped for maintenance -->", user=ADMIN)
    fake.edit(f"{DIRECTORY}/Late", "{{Skills directory entry\n | username = Admin\n}}", user=ADMIN)
    stopped = run(config, fake, clock)
    assert stopped.result is not None
    would_change = {edit.title for edit in stopped.result.edits if edit.action.writes}
    assert would_change
    report = stopped.result.report
    not_done = {p.title for p in report.pages if p.outcome is PageOutcome.NOT_DONE}
    assert not_done == would_change
    assert {p.outcome for p in report.pages if p.title not in not_done} == {PageOutcome.UNCHANGED}
    assert report.stopped == "the kill switch says stop"
    assert report.status is None  # nothing more is written once the switch says stop
    assert operations.run_failed(stopped)
