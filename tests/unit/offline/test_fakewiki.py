"""The in-memory wiki answers as the real one: titles, reads, saves, accounts, changes, faults."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from wikisync import wiki
from wikisync.dev.fakewiki import (
    ADMIN,
    MEDDLER,
    FakeWiki,
    TickingClock,
    format_timestamp,
    sample_wiki,
)
from wikisync.dev.sample import sample_programme
from wikisync.errors import WikiError
from wikisync.interfaces import PageText, SaveOutcome
from wikisync.render.markers import wrap
from wikisync.running.operations import change_of

STAMP = "%Y-%m-%dT%H:%M:%SZ"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
DIRECTORY = "Let's Connect/Skills directory"
ENTRY = "{{Skills directory entry\n | username = Amani\n | share = Budgeting\n}}\n"


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock(START)


@pytest.fixture
def fake(clock: TickingClock) -> FakeWiki:
    return FakeWiki(clock=clock)


def public_methods(cls: type) -> dict[str, inspect.Signature | None]:
    return {
        name: inspect.signature(member) if callable(member) else None
        for name, member in vars(cls).items()
        if not name.startswith("_")
    }


def test_it_has_every_method_and_property_of_the_real_wiki_with_the_same_parameters() -> None:
    real = public_methods(wiki.Wiki)
    fake = public_methods(FakeWiki)
    for name, signature in real.items():
        assert name in fake, name
        if signature is not None:
            assert fake[name] is not None, name
            assert list(fake[name].parameters) == list(signature.parameters), name  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("asked", "namespace", "normal"),
    [
        ("user:admin", 0, "User:Admin"),
        ("user_talk:some  body", 0, "User talk:Some body"),
        ("Project:Rules", 0, "Fake Wiki:Rules"),
        ("project talk:rules", 0, "Fake Wiki talk:Rules"),
        ("fake_wiki:rules", 0, "Fake Wiki:Rules"),
        ("Image:Logo.png", 0, "File:Logo.png"),
        ("  let's_connect/Skills  ", 0, "Let's connect/Skills"),
        ("Let's Connect/", 0, "Let's Connect/"),
        ("Skill", 10, "Template:Skill"),
        ("template:skill", 10, "Template:Skill"),
        ("User:X/box", 10, "User:X/box"),
        (":Main page", 10, "Main page"),
        ("Talk: something", 0, "Talk:Something"),
        ("A: b", 0, "A: b"),
    ],
)
def test_titles_are_normalised_as_mediawiki_does(
    fake: FakeWiki, asked: str, namespace: int, normal: str
) -> None:
    assert fake.normal_title(asked, namespace) == normal


@pytest.mark.parametrize("bad", ["", "User:", "[[Link]]", "A|b", "A{{b}}", "Page#section"])
def test_an_invalid_title_stops_with_a_wiki_error(fake: FakeWiki, bad: str) -> None:
    with pytest.raises(WikiError, match="invalidtitle"):
        fake.normal_title(bad)


def test_namespace_names_and_aliases_are_known_without_case(fake: FakeWiki) -> None:
    found = {name: fake.namespace_id(name) for name in ("User", "user talk", "Project", "Fake Wiki",
             "Image", "", "Template:", "Nope", "a:b")}  # fmt: skip
    assert found == {"User": 2, "user talk": 3, "Project": 4, "Fake Wiki": 4, "Image": 6,
                     "": 0, "Template:": 10, "Nope": None, "a:b": None}  # fmt: skip


def test_reads_are_keyed_as_asked_and_counted_by_batch(fake: FakeWiki) -> None:
    fake.edit("Main_page", "Hello")
    pages = fake.read_pages(["main page", "Missing page"])
    assert list(pages) == ["main page", "Missing page"]
    assert pages["main page"] == PageText(
        "Main page", True, pages["main page"].revision, format_timestamp(START), "Hello"
    )
    assert pages["Missing page"] == PageText("Missing page", exists=False)
    assert fake.revisions(["Main page", "Missing page"]) == {
        "Main page": pages["main page"].revision,
        "Missing page": 0,
    }
    assert fake.reads == {"Main page": 1, "Missing page": 1}
    assert fake.requests.counts == {"query:prop=revisions|info": 1, "query:prop=info": 1}


def test_without_high_limits_titles_go_fifty_to_a_request(clock: TickingClock) -> None:
    fake = FakeWiki(clock=clock, bot_rights=("bot", "edit", "createpage"))
    assert fake.batch_size == 50
    fake.read_pages(f"Page {n}" for n in range(120))
    assert fake.requests.counts["query:prop=revisions|info"] == 3


def test_a_save_pinned_to_a_stale_revision_is_a_conflict(fake: FakeWiki) -> None:
    fake.edit("Matches", "old")
    base = fake.read_pages(["Matches"])["Matches"]
    fake.edit("Matches", "someone else's", user="Someone")
    result = fake.save("Matches", "the bot's", "summary", base=base)
    assert (result.outcome, result.detail) == (SaveOutcome.CONFLICT, "editconflict")
    assert fake.text("Matches") == "someone else's"


def test_a_page_created_after_it_was_read_missing_is_a_conflict(fake: FakeWiki) -> None:
    base = fake.read_pages(["New page"])["New page"]
    fake.edit("New page", "first")
    result = fake.save("New page", "the bot's", "summary", base=base)
    assert (result.outcome, result.detail) == (SaveOutcome.CONFLICT, "articleexists")


def test_unchanged_text_is_not_sent_and_saved_text_reads_back_as_saved(fake: FakeWiki) -> None:
    base = fake.read_pages(["Page"])["Page"]
    created = fake.save("Page", "text  \n\n", "summary", base=base)
    assert created.outcome is SaveOutcome.CREATED
    again = fake.read_pages(["Page"])["Page"]
    assert again.text == "text" and again.revision == created.revision
    assert fake.save("Page", "text", "summary", base=again).outcome is SaveOutcome.UNCHANGED
    assert fake.requests.counts["edit"] == 1
    assert [r.user for r in fake.history("Page")] == ["SyncBot"]


def test_signatures_are_expanded_except_in_comments_and_nowiki(fake: FakeWiki) -> None:
    fake.edit("Page", "Hi ~~~~ <!-- ~~~ --> <nowiki>~~~</nowiki>", user="Someone")
    assert fake.text("Page") == (
        "Hi [[User:Someone|Someone]] ([[User talk:Someone|talk]]) 08:00, 2 March 2026 (UTC) "
        "<!-- ~~~ --> <nowiki>~~~</nowiki>"
    )


def test_json_pages_are_checked_pretty_printed_and_only_their_user_may_edit_them(
    fake: FakeWiki,
) -> None:
    assert fake.edit("User:SyncBot/wikisync.json", '{"a": [1]}').outcome is SaveOutcome.CREATED
    assert fake.text("User:SyncBot/wikisync.json") == '{\n    "a": [\n        1\n    ]\n}'
    assert fake.edit("User:SyncBot/x.json", "{oops").outcome is SaveOutcome.REFUSED
    refused = fake.edit("User:SyncBot/wikisync.json", "{}", user="Someone")
    assert (refused.outcome, refused.detail) == (SaveOutcome.REFUSED, "customjsonprotected")
    base = fake.read_pages(["User:Admin/x.json"])["User:Admin/x.json"]
    assert fake.save("User:Admin/x.json", "{}", "s", base=base).outcome is SaveOutcome.REFUSED
    fake.edit("Notes.json", "not JSON  ")
    assert fake.text("Notes.json") == "not JSON"


def test_conflicts_injected_for_the_next_saves_keep_the_other_edits(fake: FakeWiki) -> None:
    fake.edit("Matches", "lead")
    fake.conflict_on("Matches", times=2)
    outcomes = []
    for _ in range(3):
        base = fake.read_pages(["Matches"])["Matches"]
        outcomes.append(fake.save("Matches", base.text + "\nbot", "s", base=base).outcome)
    assert outcomes == [SaveOutcome.CONFLICT, SaveOutcome.CONFLICT, SaveOutcome.EDITED]
    assert [r.user for r in fake.history("Matches")] == [ADMIN, MEDDLER, MEDDLER, "SyncBot"]
    assert fake.text("Matches") == (
        f"lead\n\nA note added meanwhile by {MEDDLER}.\n\nA note added meanwhile by {MEDDLER}.\nbot"
    )


def test_a_conflict_on_a_missing_page_is_someone_creating_it(fake: FakeWiki) -> None:
    fake.conflict_on("New page")
    base = fake.read_pages(["New page"])["New page"]
    assert fake.save("New page", "bot", "s", base=base).detail == "articleexists"
    assert fake.text("New page") == f"A note added meanwhile by {MEDDLER}."


def test_protected_and_refused_pages_are_outcomes_not_errors(fake: FakeWiki) -> None:
    fake.edit("Groups", "lead")
    fake.protect("Groups")
    fake.protect("Clinics")
    fake.refuse_saves("Statistics")
    pages = fake.read_pages(["Groups", "Clinics", "Statistics"])
    saved = {title: fake.save(title, "bot", "s", base=page) for title, page in pages.items()}
    assert {t: (r.outcome, r.detail) for t, r in saved.items()} == {
        "Groups": (SaveOutcome.PROTECTED, "protectedpage"),
        "Clinics": (SaveOutcome.PROTECTED, "protectedtitle"),
        "Statistics": (
            SaveOutcome.REFUSED,
            "abusefilter-disallowed: This action has been automatically identified as harmful.",
        ),
    }
    fake.protect("Groups", on=False)
    assert fake.save("Groups", "bot", "s", base=pages["Groups"]).outcome is SaveOutcome.EDITED


def test_a_read_only_wiki_and_a_blocked_bot_stop_every_write(fake: FakeWiki) -> None:
    base = fake.read_pages(["Page"])["Page"]
    fake.set_read_only("database maintenance")
    with pytest.raises(WikiError, match=r"readonly\): database maintenance"):
        fake.save("Page", "text", "s", base=base)
    with pytest.raises(WikiError, match="readonly"):
        fake.add_section("User talk:Amani", "Hi", "text", "s", base=base)
    fake.set_read_only("")
    fake.block("SyncBot")
    with pytest.raises(WikiError, match="blocked"):
        fake.save("Page", "text", "s", base=base)
    assert fake.text("Page") is None and fake.requests.counts["edit"] == 0


def test_accounts_missing_blocked_and_invalid_are_answered_as_the_api_does(
    fake: FakeWiki, clock: TickingClock
) -> None:
    fake.create_account("Amani")
    fake.create_account("Lucia", edit=False)
    fake.block("Lucia", reason="spam")
    users = fake.users(["amani", "Lucia", "Nobody", "Bad|name", "127.0.0.1"])
    assert set(users.answer) == {"Amani", "Lucia", "Nobody"}
    assert users.answer["Amani"]["editcount"] == 1 and "blockid" not in users.answer["Amani"]
    assert users.answer["Lucia"]["blockreason"] == "spam" and users.answer["Lucia"]["blockid"]
    assert users.answer["Nobody"] == {"name": "Nobody", "missing": True}
    assert [(r.value, r.code) for r in users.refused] == [
        ("Bad|name", "invalid"),
        ("127.0.0.1", "invalid"),
    ]
    clock.advance(dt.timedelta(days=1))
    since = format_timestamp(clock.now)
    fake.edit("Sandbox", "x", user="Lucia")
    recent = fake.edited_since(["Amani", "Lucia", "Bad|name"], since)
    assert recent.answer == {"Lucia": fake.history("Sandbox")[-1].timestamp.strftime(STAMP)}
    assert [(r.value, r.code) for r in recent.refused] == [("Bad|name", "baduser")]


def test_recent_changes_list_edits_creations_and_log_events_since_a_moment(
    fake: FakeWiki, clock: TickingClock
) -> None:
    fake.edit("Page", "one")
    clock.advance(dt.timedelta(hours=1))
    since = clock.now
    fake.edit("Page", "two", user="Someone")
    fake.create_account("Amani")
    fake.block("Amani")
    changes = fake.recent_changes(format_timestamp(since))
    assert [(c["type"], c["title"], c["user"]) for c in changes] == [
        ("edit", "Page", "Someone"),
        ("new", "User:Amani", "Amani"),
        ("log", "User:Amani", ADMIN),
    ]
    assert changes[0]["timestamp"] == format_timestamp(since)
    assert changes[2]["logtype"] == "block" and changes[2]["logaction"] == "block"
    assert change_of(changes[2]).accounts == ("Amani",)
    assert fake.recent_changes(format_timestamp(clock.now)) == []


def test_a_rename_logged_by_hand_names_both_accounts(fake: FakeWiki) -> None:
    params = {"olduser": "Amani", "newuser": "Amani K"}
    fake.log_event("renameuser", "renameuser", "User:Amani", params=params)
    (change,) = fake.recent_changes(format_timestamp(START))
    assert change_of(change).accounts == ("Amani", "Amani K")


def test_templates_are_found_in_page_texts_through_other_templates(fake: FakeWiki) -> None:
    fake.load(
        {
            f"{DIRECTORY}/Part 1": ENTRY,
            "User:Amani/Profile": "{{Profile box}}",
            "Template:Profile box": "<includeonly>{{skills directory entry|username=X}}"
            "</includeonly><noinclude>{{Documentation}}</noinclude>",
            "Template:Skills directory entry": "<noinclude><pre>{{Skills directory entry}}"
            "</pre>{{Documentation}}</noinclude>",
            "Help:Formats": "<!-- {{Skills directory entry}} --> <nowiki>{{Skills directory "
            "entry}}</nowiki> {{{Skills directory entry|}}} {{#if:x|y}} {{PAGENAME}}",
            "Sandbox": "{{:Let's Connect/Skills directory/Part 1}}",
        },
        "seed",
    )
    assert fake.titles_transcluding("Skills directory entry") == {
        f"{DIRECTORY}/Part 1": 0,
        "Sandbox": 0,
        "User:Amani/Profile": 2,
    }
    assert fake.titles_transcluding("Documentation") == {
        "Template:Profile box": 10,
        "Template:Skills directory entry": 10,
    }
    asked = ["User:Amani/Profile", "Help:Formats", "sandbox", "Missing"]
    assert fake.transcluding(asked, ["Template:Skills directory entry"]) == {
        "User:Amani/Profile",
        "Sandbox",
    }


def test_titles_with_a_prefix_stay_in_their_namespace(fake: FakeWiki) -> None:
    titles = [
        f"{DIRECTORY}/Part 2",
        f"{DIRECTORY}/Part 1",
        f"{DIRECTORY} (old)",
        "User:SyncBot/Run",
        "User:SyncBot/Status",
        f"Talk:{DIRECTORY}/X",
    ]
    fake.load(dict.fromkeys(titles, "x"), "seed")
    assert fake.titles_with_prefix(f"{DIRECTORY}/") == [
        f"{DIRECTORY}/Part 1",
        f"{DIRECTORY}/Part 2",
    ]
    assert fake.titles_with_prefix("user:SyncBot/") == ["User:SyncBot/Run", "User:SyncBot/Status"]


def test_someone_elses_edit_to_the_bots_talk_page_is_a_new_message(fake: FakeWiki) -> None:
    fake.edit("User talk:SyncBot", "Please stop", user="Someone")
    assert fake.account().new_messages
    fake.mark_messages_read()
    assert not fake.account().new_messages
    base = fake.read_pages(["User talk:SyncBot"])["User talk:SyncBot"]
    fake.add_section("User talk:SyncBot", "Reply", "Stopped", "s", base=base)
    assert not fake.account().new_messages


def test_a_new_section_is_added_at_the_end_and_signed(fake: FakeWiki) -> None:
    fake.create_account("Amani")
    fake.edit("User talk:Amani", "Welcome!  \n")
    base = fake.read_pages(["User talk:Amani"])["User talk:Amani"]
    fake.edit("User talk:Amani", "Welcome!\n\nMore.")
    result = fake.add_section("User talk:Amani", "A match", "Hello ~~~~ <!-- m -->", "s", base=base)
    assert result.outcome is SaveOutcome.EDITED
    assert fake.text("User talk:Amani") == (
        "Welcome!\n\nMore.\n\n== A match ==\n\nHello [[User:SyncBot|SyncBot]] "
        "([[User talk:SyncBot|talk]]) 08:00, 2 March 2026 (UTC) <!-- m -->"
    )
    assert fake.account().new_messages is False and fake.users(["Amani"]).answer


def test_an_action_after_the_bots_nth_save(fake: FakeWiki) -> None:
    fake.edit("User:SyncBot/Run", "yes")
    fake.after_bot_saves(2, lambda w: w.edit("User:SyncBot/Run", "no"))
    for number in range(3):
        base = fake.read_pages([f"P{number}"])[f"P{number}"]
        fake.save(f"P{number}", "x", "s", base=base)
        assert fake.text("User:SyncBot/Run") == ("no" if number >= 1 else "yes")


def test_a_simulating_wiki_writes_nothing(clock: TickingClock) -> None:
    fake = FakeWiki(clock=clock, simulating=True)
    base = fake.read_pages(["Page"])["Page"]
    assert fake.simulating
    assert fake.save("Page", "x", "s", base=base).outcome is SaveOutcome.UNCHANGED
    assert fake.text("Page") is None


def test_a_sample_for_another_bot_is_refused(clock: TickingClock) -> None:
    with pytest.raises(ValueError, match="no settings page for OtherBot"):
        sample_wiki(sample_programme(10, 5), FakeWiki(bot="OtherBot", clock=clock))


def test_the_account_is_the_bots(fake: FakeWiki) -> None:
    account = fake.account()
    assert account.user == "SyncBot" and account.has_bot_flag
    assert {"edit", "createpage", "apihighlimits"} <= set(account.rights)
    assert fake.content_language == "en"


def test_it_never_imports_pywikibot() -> None:
    import subprocess
    import sys

    code = "import sys, wikisync.dev.fakewiki; print('pywikibot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_markers_written_by_an_editor_are_kept(fake: FakeWiki) -> None:
    text = f"Lead\n{wrap('matches', '')}\n[[Category:Programme]]"
    fake.edit("Let's Connect/Matches", text)
    assert fake.text("Let's Connect/Matches") == text
