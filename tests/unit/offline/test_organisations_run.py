"""Whole runs over the sample's organisations page on the in-memory wiki: the organisations
travel in the run's inputs, their problems reach the problems page, and a participant who
did not agree to be named is never named there."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from fake_runs import run

from wikisync.dev.fakewiki import ADMIN, FakeWiki, TickingClock
from wikisync.dev.organisations import NO_ACCOUNT, PARTNERS, UNKNOWN_SKILL
from wikisync.dev.sample import (
    FEEDBACK,
    ORGANISATIONS,
    PREFIX,
    TAXONOMY,
    SamplePlan,
    sample_programme,
)
from wikisync.dev.synth import taxonomy_wikitext
from wikisync.model import Organisation, ShopTalk, ShopTalks, Taxonomy
from wikisync.planning.plan import ANSWERS_SNAPSHOT
from wikisync.reading.answers import AnswerLedger
from wikisync.running import operations
from wikisync.running.state import State
from wikisync.settings.config import load_settings

PROBLEMS = f"{PREFIX}/Directory problems"
NOT_THEIRS = "shop-talk-feedback-not-theirs"
#: A participant of the bundled pages whose entry says ``public = no``.
PRIVATE = "Nadia Rahman"
ORGANISATION_CODES = (
    "unknown-skill",
    "member-not-account",
    "duplicate-organisation",
    "contact-not-member",
    "member-affiliation-mismatch",
    "affiliation-not-listed",
    "invalid-organisation-capacity",
    "missing-field",
)


def test_a_run_reads_the_organisations_and_reports_each_deliberate_mistake(
    config: str, fake: FakeWiki, clock: TickingClock, plan: SamplePlan
) -> None:
    done = run(config, fake, clock)
    assert done.result is not None
    inputs = done.result.inputs
    names = [organisation.name for organisation in inputs.organisations]
    assert len(names) == len({name.casefold() for name in names}) >= 20
    assert {name for name, _ in PARTNERS} & set(names)
    people = {person.username for person in plan.people}
    linked = {name for item in inputs.organisations for name in item.participants}
    assert linked and linked <= people | {"Kwame Mensah"}
    counts = Counter(
        p.code
        for p in inputs.problems
        if (p.source and p.source.page == ORGANISATIONS) or p.code == "affiliation-not-listed"
    )
    assert set(counts) == set(ORGANISATION_CODES)
    page = fake.text(PROBLEMS) or ""
    assert ORGANISATIONS in page and NO_ACCOUNT in page and UNKNOWN_SKILL in page
    for code in ORGANISATION_CODES:
        assert f"| {code}" in page or code in page


def test_the_same_pages_give_the_same_organisations_and_a_second_run_edits_nothing_new(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    first = run(config, fake, clock)
    problems_page = fake.text(PROBLEMS)
    second = run(config, fake, clock)
    assert first.result is not None and second.result is not None
    assert first.result.inputs.organisations == second.result.inputs.organisations
    assert fake.text(PROBLEMS) == problems_page
    written = sample_programme(60, 16, per_page=25).pages[ORGANISATIONS]
    assert written.rstrip() == (fake.text(ORGANISATIONS) or "").rstrip()


def test_a_member_who_is_not_to_be_named_is_never_named_on_the_problems_page(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    text = fake.text(ORGANISATIONS) or ""
    listed = re.sub(r"(\n \| members +=) ", rf"\1 [[User:{PRIVATE}]], ", text, count=1)
    assert listed != text
    fake.edit(ORGANISATIONS, listed, user="Someone")
    done = run(config, fake, clock)
    assert done.result is not None
    mismatches = [
        p
        for p in done.result.inputs.problems
        if p.code == "member-affiliation-mismatch" and not p.value
    ]
    assert mismatches, "the private member's mismatch is reported, unnamed"
    page = fake.text(PROBLEMS) or ""
    section = page[page.index(f"[[:{ORGANISATIONS}|") :]
    section = section[: section.find("\n== ", 1)] if "\n== " in section else section
    assert "member-affiliation-mismatch" in section or "listed as a member" in section
    assert PRIVATE not in section


SHOP_TALKS = f"{PREFIX}/Shop talks"


def test_a_run_writes_the_shop_talk_pages_and_a_declined_pair_is_never_suggested_again(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    first = run(config, fake, clock)
    assert first.result is not None
    titles = [t for t in fake.titles() if t.startswith(f"{SHOP_TALKS}/")]
    assert len(titles) >= 5 and fake.text(SHOP_TALKS)
    talks = first.result.talks.sessions
    assert len(talks) == len(titles)
    line = operations.describe_run(first.result, dry_run=False)
    assert f"shop talks: {len(talks)} sessions, {first.result.talks.served} of " in line
    session = talks[0]
    asking, offering = session.asking[0], session.offering
    say(fake, member_of(first.result.inputs.organisations, asking, offering), session)
    second = run(config, fake, clock)
    assert second.result is not None
    said = second.result.inputs.organisation_feedback
    assert any(f.asking == asking and f.status == "declined" for f in said)
    pairs = {(name, s.offering) for s in second.result.talks.sessions for name in s.asking}
    assert (asking, offering) not in pairs and (offering, asking) not in pairs
    third = run(config, fake, clock)
    assert third.result is not None
    assert shape(third.result.talks) == shape(second.result.talks)
    pages = {title: fake.text(title) for title in fake.titles() if title.startswith(SHOP_TALKS)}
    run(config, fake, clock)
    assert pages == {title: fake.text(title) for title in pages}


def test_a_declined_line_added_by_an_outsider_is_ignored_and_reported_a_coordinators_counts(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    _, session = first_session(config, fake, clock)
    asking, offering = session.asking[0], session.offering
    fake.create_account("Mallory")
    say(fake, "Mallory", session)
    second = run(config, fake, clock)
    assert second.result is not None
    assert not [
        f
        for f in second.result.inputs.organisation_feedback
        if f.status == "declined" and (f.asking, f.offering) == (asking, offering)
    ]
    assert (asking, offering) in pairs_of(second.result.talks)
    ignored = [p for p in second.result.inputs.problems if p.code == NOT_THEIRS]
    assert [p.value for p in ignored] == ["Mallory"]
    problems = fake.text(PROBLEMS) or ""
    assert NOT_THEIRS in problems and "Mallory" in problems
    third = run(config, fake, clock)
    assert third.result is not None
    assert [p.value for p in third.result.inputs.problems if p.code == NOT_THEIRS] == ["Mallory"]
    say(fake, "Admin", session)
    fourth = run(config, fake, clock)
    assert fourth.result is not None
    assert (asking, offering) not in pairs_of(fourth.result.talks)
    assert NOT_THEIRS in (fake.text(PROBLEMS) or ""), "the outsider's copy is still reported"


def first_session(
    config: str, fake: FakeWiki, clock: TickingClock
) -> tuple[tuple[Organisation, ...], ShopTalk]:
    """A first run: the organisations it read, and its first shop-talk session."""
    first = run(config, fake, clock)
    assert first.result is not None
    return first.result.inputs.organisations, first.result.talks.sessions[0]


def say(fake: FakeWiki, user: str, session: ShopTalk, status: str = "declined") -> None:
    """Add a shop-talk feedback line about ``session``'s first asking organisation, as ``user``."""
    line = (
        f"\n{{{{Match feedback | asking = {session.asking[0]} | offering = {session.offering} "
        f"| skill = {session.skill} | status = {status}}}}}\n"
    )
    fake.edit(FEEDBACK, (fake.text(FEEDBACK) or "") + line, user=user)


def member_of(organisations: Iterable[Organisation], *names: str) -> str:
    """A member or contact of one of the organisations ``names``."""
    for organisation in organisations:
        if organisation.name in names:
            for account in (*organisation.members, organisation.contact):
                if account:
                    return account
    raise AssertionError(f"no member of {names}")


def pairs_of(talks: ShopTalks) -> set[tuple[str, str]]:
    return {(name, s.offering) for s in talks.sessions for name in s.asking}


def shape(talks: ShopTalks) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(s.offering, s.skill, s.asking) for s in talks.sessions]


def test_lines_a_refused_run_could_not_read_still_count_once_the_taxonomy_is_restored(
    config: str, fake: FakeWiki, clock: TickingClock, plan: SamplePlan
) -> None:
    first = run(config, fake, clock)
    assert first.result is not None
    kept = plan.taxonomy.skills[:4]
    cut_ids = {skill.id for skill in kept}
    sessions = [s for s in first.result.talks.sessions if s.skill not in cut_ids]
    held, declined, outsiders = sessions[0], sessions[1], sessions[2]
    organisations = first.result.inputs.organisations
    say(fake, member_of(organisations, held.asking[0], held.offering), held, "held")
    say(fake, member_of(organisations, declined.asking[0], declined.offering), declined)
    fake.create_account("Mallory")
    say(fake, "Mallory", outsiders)
    said = run(config, fake, clock)
    assert said.result is not None
    counted = statuses(said)
    assert counted[key(held)] == "held" and counted[key(declined)] == "declined"
    assert key(outsiders) not in counted
    assert [p.value for p in said.result.inputs.problems if p.code == NOT_THEIRS] == ["Mallory"]
    ledger = stored_ledger(config)
    assert ledger.shop_talks is not None and ledger.shop_talks.verified

    fake.edit(TAXONOMY, taxonomy_wikitext(Taxonomy(kept)), user=ADMIN)
    refused = run(config, fake, clock)
    assert operations.run_failed(refused)
    assert refused.result is not None
    assert not {key(held), key(declined)} & set(statuses(refused)), "the lines are unread"
    assert stored_ledger(config) == ledger, "a run that could not read the lines keeps them"

    fake.edit(TAXONOMY, plan.pages[TAXONOMY], user=ADMIN)
    restored = run(config, fake, clock)
    assert not operations.run_failed(restored)
    assert restored.result is not None
    assert statuses(restored) == counted
    problems = restored.result.inputs.problems
    assert [p.value for p in problems if p.code == NOT_THEIRS] == ["Mallory"]
    assert (declined.asking[0], declined.offering) not in pairs_of(restored.result.talks)
    assert key(outsiders) not in statuses(restored)


def stored_ledger(config: str) -> AnswerLedger:
    with State.open(load_settings(config).state_path) as state:
        payload = state.snapshot(ANSWERS_SNAPSHOT)
    assert payload
    return AnswerLedger.from_json(payload)


def key(session: ShopTalk) -> tuple[str, str, str]:
    return session.asking[0], session.offering, session.skill


def statuses(done: operations.JobsRun) -> dict[tuple[str, str, str], str]:
    """The statuses the run counted of shop-talk lines, by (asking, offering, skill)."""
    assert done.result is not None
    return {
        (f.asking, f.offering, f.skill): f.status for f in done.result.inputs.organisation_feedback
    }


def test_a_line_a_member_adds_while_its_skill_is_cut_counts_once_the_skill_is_back(
    config: str, fake: FakeWiki, clock: TickingClock, plan: SamplePlan
) -> None:
    organisations, session = first_session(config, fake, clock)
    asking, offering = session.asking[0], session.offering
    cut_taxonomy = Taxonomy(tuple(s for s in plan.taxonomy.skills if s.id != session.skill))
    fake.edit(TAXONOMY, taxonomy_wikitext(cut_taxonomy), user=ADMIN)
    say(fake, member_of(organisations, asking, offering), session)
    cut = run(config, fake, clock)
    assert not operations.run_failed(cut)
    assert key(session) not in statuses(cut), "the line names a skill the taxonomy lacks"
    ledger = stored_ledger(config)
    assert ledger.shop_talks is not None
    assert (asking, offering, session.skill, "declined") in ledger.shop_talks.verified

    fake.edit(TAXONOMY, plan.pages[TAXONOMY], user=ADMIN)
    restored = run(config, fake, clock)
    assert restored.result is not None
    assert statuses(restored)[key(session)] == "declined"
    assert not [p for p in restored.result.inputs.problems if p.code == NOT_THEIRS]
    assert (asking, offering) not in pairs_of(restored.result.talks)


def test_a_verified_line_keeps_counting_once_its_organisation_is_renamed_with_an_alias(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    organisations, session = first_session(config, fake, clock)
    asking, offering = session.asking[0], session.offering
    say(fake, member_of(organisations, asking, offering), session)
    said = run(config, fake, clock)
    assert statuses(said)[key(session)] == "declined"

    renamed = f"{asking} Network"
    text = fake.text(ORGANISATIONS) or ""
    pattern = rf"(\|\s*(?:name|organi[sz]ation)\s*=\s*){re.escape(asking)}(\s*[|\n])"
    edited = re.sub(pattern, rf"\g<1>{renamed} | aliases = {asking}\2", text, count=1, flags=re.I)
    assert edited != text
    fake.edit(ORGANISATIONS, edited, user=ADMIN)
    after = run(config, fake, clock)
    assert after.result is not None
    assert renamed in {o.name for o in after.result.inputs.organisations}
    assert statuses(after)[(renamed, offering, session.skill)] == "declined"
    assert not [p for p in after.result.inputs.problems if p.code == NOT_THEIRS]
    assert (renamed, offering) not in pairs_of(after.result.talks)
