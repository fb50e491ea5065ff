"""Faults of the wiki itself, injected into the real MediaWiki while a full run works.

Each test starts from the bench's starting point (most generated pages need an update),
turns a fault on through a flag-file switch, a person's action or a proxy callback at a
chosen request, and checks that the run finished or stopped with one clear line, that no
page is half-written and no person's text is lost, and that a normal run afterwards
writes the same pages as a run that saw no fault.
"""

from __future__ import annotations

import contextlib
import sqlite3

from fault_bench import (
    FILTERED_AFFILIATION,
    HUMAN_TEXT,
    Attempt,
    Bench,
    assert_survived,
    attempt,
    cli_run,
    split,
)
from proxy import Act, Proxy, Rule, Seen, action_is
from reliability_report import ReliabilityReport

from wikisync.errors import WikiError
from wikisync.render.markers import wrap

MATCHES = "Let's Connect/Matches"
GROUPS = "Let's Connect/Groups"
CLINICS = "Let's Connect/Learning clinics/Candidates"
STATISTICS = "Let's Connect/Statistics"


def edit_of(title: str) -> Rule:
    """A rule skeleton acting on the bot's first edit of ``title``."""
    return Rule(lambda r: r.action == "edit" and r.params.get("title") == title, Act.BEFORE)


def edits_after(proxy: Proxy, moment: float) -> int:
    """Edit requests the proxy saw after ``moment`` (monotonic seconds)."""
    return proxy.count(lambda r: r.action == "edit" and r.at > moment)


def test_a_wiki_turning_read_only_mid_run_stops_writes_at_once(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    switched: list[float] = []

    def read_only(request: Seen) -> None:
        at_start.wiki.set_fault("readonly")
        switched.append(request.at)

    proxy.add(Rule(action_is("edit"), Act.BEFORE, nth=3, callback=read_only))
    report.fault("read-only wiki (mid-run)")
    outcome = attempt(at_start.config("readonly", max_retries=3))
    assert isinstance(outcome.error, WikiError)
    assert "read-only" in str(outcome.error)
    assert edits_after(proxy, switched[0] - 0.001) == 1  # no retry, no further page
    assert outcome.seconds < 15
    assert_survived(at_start, report, "read-only wiki (mid-run)", outcome)


def test_a_read_only_wiki_at_start_ends_the_command_with_one_line_and_exit_3(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    at_start.wiki.set_fault("readonly")
    report.fault("read-only wiki (at start)")
    done = cli_run(at_start, at_start.config("readonly-cli"))
    assert done.returncode == 3, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: "), done.stderr
    assert "read-only" in last, done.stderr
    assert "Traceback" not in done.stderr
    assert proxy.count(action_is("edit")) == 0
    error = WikiError(last.removeprefix("error: "))
    assert_survived(at_start, report, "read-only wiki (at start)", Attempt(None, error, 0))


def test_lag_above_maxlag_stops_the_run_after_bounded_retries(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    at_start.wiki.set_fault("maxlag")
    report.fault("database lag (maxlag)")
    outcome = attempt(at_start.config("maxlag", max_retries=1))
    assert isinstance(outcome.error, WikiError)
    assert "lag" in str(outcome.error)
    assert proxy.count(action_is("edit")) == 2  # the first edit and its one retry
    assert outcome.seconds < 20
    assert_survived(at_start, report, "database lag (maxlag)", outcome)


def test_a_rate_limit_the_run_cannot_wait_out_stops_it_clearly(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    at_start.wiki.set_fault("ratelimit")
    report.fault("rate limit (3 edits a minute)")
    outcome = attempt(at_start.config("ratelimit", max_retries=0))
    assert outcome.error is not None
    assert proxy.count(action_is("edit")) == 4  # three saved, the fourth refused
    assert_survived(at_start, report, "rate limit (3 edits a minute)", outcome)


def test_a_short_rate_limit_is_waited_out_and_the_run_completes(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    at_start.wiki.set_fault("ratelimit-burst")
    report.fault("rate limit (2 edits a second)")
    outcome = attempt(at_start.config("burst", max_retries=3))
    assert outcome.error is None, outcome.error
    assert outcome.result is not None
    assert {p.outcome for p in outcome.result.report.pages} <= {"edited", "unchanged"}
    assert_survived(at_start, report, "rate limit (2 edits a second)", outcome)


def test_an_edit_filter_refusal_skips_that_page_and_keeps_the_others(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    assert FILTERED_AFFILIATION in at_start.reference[STATISTICS]
    at_start.wiki.set_fault("abusefilter")
    report.fault("edit filter refusal")
    outcome = attempt(at_start.config("filter"))
    assert outcome.result is not None, outcome.error
    pages = {p.title: p for p in outcome.result.report.pages}
    assert pages[STATISTICS].outcome == "failed"  # the wiki refused the save
    assert "abusefilter-disallowed" in pages[STATISTICS].reason
    assert pages[MATCHES].outcome == "edited"
    after = assert_survived(at_start, report, "edit filter refusal", outcome)
    assert after[STATISTICS] == at_start.before[STATISTICS]


def expire_sessions(bench: Bench) -> None:
    """Forget every login session on the wiki, as a session store that lost its data."""
    with contextlib.closing(sqlite3.connect(bench.wiki.db / "wikicache.sqlite")) as cache:
        cache.execute("DELETE FROM objectcache WHERE keyname LIKE '%:MWSession:%'")
        cache.commit()


def test_a_session_expiring_mid_run_is_recovered_by_logging_in_again(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    proxy.add(
        Rule(action_is("edit"), Act.BEFORE, nth=4, callback=lambda r: expire_sessions(at_start))
    )
    report.fault("login session expired")
    outcome = attempt(at_start.config("session", max_retries=2))
    assert outcome.error is None, outcome.error
    assert proxy.count(lambda r: r.action == "login") >= 1
    assert_survived(at_start, report, "login session expired", outcome)


def test_a_protected_page_is_reported_and_the_rest_is_written(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    admin = at_start.wiki.editor()
    admin._post(action="protect", title=GROUPS, protections="edit=sysop", token=admin.token)
    report.fault("protected page")
    outcome = attempt(at_start.config("protected"))
    assert outcome.result is not None, outcome.error
    pages = {p.title: p.outcome for p in outcome.result.report.pages}
    assert pages[GROUPS] == "protected"
    assert pages[MATCHES] == "edited"
    admin._post(action="protect", title=GROUPS, protections="edit=all", token=admin.token)
    assert_survived(at_start, report, "protected page", outcome)


def test_a_person_editing_the_section_before_the_bot_saves_keeps_their_text_outside(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    human = at_start.wiki.editor()
    note = "\n\nA person's question, added while the bot was working."

    def edit_inside_and_outside(request: Seen) -> None:
        head, body, tail = split(human.text(MATCHES) or "") or ("", "", "")
        tidied = body.replace("\n|-\n", "\n|- <!-- tidied by hand -->\n")
        human.edit(MATCHES, head + wrap("matches", tidied) + tail + note)

    proxy.add(edit_of(MATCHES)).callback = edit_inside_and_outside
    report.fault("edit conflict with a person")
    outcome = attempt(at_start.config("conflict"))
    assert outcome.result is not None, outcome.error
    assert {p.title: p.outcome for p in outcome.result.report.pages}[MATCHES] == "edited"
    assert proxy.count(lambda r: r.action == "edit" and r.params.get("title") == MATCHES) == 2
    expected = dict(at_start.reference)
    expected[MATCHES] += note
    after = assert_survived(
        at_start, report, "edit conflict with a person", outcome, expected=expected
    )
    assert "tidied by hand" not in after[MATCHES]  # the bot's own section was re-rendered
    assert after[MATCHES].endswith(HUMAN_TEXT[MATCHES][1] + note)


def test_a_page_deleted_between_read_and_write_is_created_again_whole(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    admin = at_start.wiki.editor()
    proxy.add(edit_of(CLINICS)).callback = lambda r: admin.delete(CLINICS, "no longer wanted")
    report.fault("page deleted before the save")
    outcome = attempt(at_start.config("deleted"))
    assert outcome.result is not None, outcome.error
    assert {p.title: p.outcome for p in outcome.result.report.pages}[CLINICS] == "created"
    assert_survived(at_start, report, "page deleted before the save", outcome)


def test_a_page_a_person_creates_between_read_and_write_is_left_to_them(
    at_start: Bench, proxy: Proxy, report: ReliabilityReport
) -> None:
    admin = at_start.wiki.editor()
    admin.delete(CLINICS, "starting over")
    own = "A person's own page about clinics, without the bot's markers."
    proxy.add(edit_of(CLINICS)).callback = lambda r: admin.edit(CLINICS, own)
    report.fault("page created before the save")
    outcome = attempt(at_start.config("created"))
    assert outcome.result is not None, outcome.error
    page = {p.title: p for p in outcome.result.report.pages}[CLINICS]
    assert page.outcome == "skipped"
    assert "markers" in page.reason
    assert admin.text(CLINICS) == own
    report.human_edits(1, 0)
    report.fault_survived("page created before the save")
