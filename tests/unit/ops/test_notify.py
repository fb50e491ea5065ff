"""Which talk-page messages a run owes, what they say, and which talk pages refuse them."""

from __future__ import annotations

import mwparserfromhell
import pytest

from wikisync.dev.fakewiki import FakeWiki
from wikisync.model import MatchResult, Person, Skill, SourceRef, Suggestion, Taxonomy
from wikisync.render import PageSettings, RenderContext
from wikisync.writing.notify import (
    Notification,
    digest_message,
    digests,
    due_notifications,
    message,
    send,
)
from wikisync.writing.safety import accepts_messages

TAXONOMY = Taxonomy((Skill("video-editing", "Video editing", labels={"fr": "Montage vidéo"}),))
SOURCE = SourceRef("Directory", 1)


def person(name: str, *, notify: bool = True, public: bool = True) -> Person:
    return Person(name, SOURCE, notify=notify, public=public)


def result(*pairs: tuple[str, str]) -> MatchResult:
    return MatchResult(
        suggestions=tuple(
            Suggestion(learner, sharer, "video-editing", 10) for learner, sharer in pairs
        )
    )


def test_both_sides_who_asked_get_one_message_each_in_a_stable_order() -> None:
    people = [person("Zoe"), person("Amir"), person("Bea", notify=False)]
    owed = due_notifications(result(("Zoe", "Amir"), ("Bea", "Amir")), people, lambda n: False, 10)
    assert owed == [
        Notification("Amir", "Bea", "Amir", "video-editing"),
        Notification("Zoe", "Zoe", "Amir", "video-editing"),
        Notification("Amir", "Zoe", "Amir", "video-editing"),
    ]


def test_messages_already_sent_are_not_owed_and_the_limit_holds() -> None:
    people = [person("Zoe"), person("Amir")]
    sent = {Notification("Zoe", "Zoe", "Amir", "video-editing")}
    owed = due_notifications(result(("Zoe", "Amir")), people, sent.__contains__, 10)
    assert owed == [Notification("Amir", "Zoe", "Amir", "video-editing")]
    assert due_notifications(result(("Zoe", "Amir")), people, lambda n: False, 1) == [
        Notification("Zoe", "Zoe", "Amir", "video-editing")
    ]


def test_pairs_with_someone_not_listed_publicly_are_never_announced() -> None:
    people = [person("Zoe"), person("Amir", public=False)]
    assert due_notifications(result(("Zoe", "Amir")), people, lambda n: False, 10) == []


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "pt"])
def test_the_message_names_the_other_person_links_the_matches_and_is_signed(
    language: str,
) -> None:
    people = (person("Zoe"), person("Amir"))
    ctx = RenderContext.build(PageSettings(language=language), TAXONOMY, people)
    note = Notification("Zoe", "Zoe", "Amir", "video-editing")
    heading, text = message(note, ctx, "Let's Connect/Matches")
    assert "\n" not in heading
    assert "[[User:Amir|Amir]]" in text
    assert "[[:Let's Connect/Matches|" in text
    assert text.count("~~~~") == 1
    assert note.mark in text
    assert "{{" not in text


def test_a_hostile_skill_label_or_username_cannot_act_in_the_message() -> None:
    taxonomy = Taxonomy((Skill("x", "{{subst:Bad}} [[Category:Spam]] ~~~~"),))
    people = (person("Zoe"), person("Amir"))
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    heading, text = message(Notification("Amir", "Zoe", "Amir", "x"), ctx, "Matches")
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates()
    assert [str(link.title) for link in code.filter_wikilinks()] == ["User:Zoe", ":Matches"]
    assert text.count("~~~~") == 1
    assert "{{" not in heading and "[[" not in heading


def test_marks_tell_messages_apart() -> None:
    one = Notification("Zoe", "Zoe", "Amir", "x")
    assert one.mark == Notification("Zoe", "Zoe", "Amir", "x").mark
    assert one.mark != Notification("Amir", "Zoe", "Amir", "x").mark
    assert one.mark.startswith("<!--") and one.mark.endswith("-->")


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("", True),
        ("Hello", True),
        ("{{nobots}}", False),
        ("{{bots|deny=SyncBot}}", False),
        ("{{bots|optout=all}}", False),
        ("{{bots|optout=wikisync, other}}", False),
        ("{{bots|optout=newsletters}}", True),
        ("{{bots|allow=OtherBot}}", False),
    ],
)
def test_talk_pages_refuse_messages_through_the_bots_templates(text: str, accepted: bool) -> None:
    assert accepts_messages(text, "SyncBot") is accepted


TWO_SKILLS = Taxonomy((Skill("video-editing", "Video editing"), Skill("x", "Budgeting")))


def test_the_limit_counts_people_and_each_gets_every_pair_owed_to_them() -> None:
    people = [person("Zoe"), person("Amir"), person("Bea", notify=False)]
    owed = due_notifications(result(("Bea", "Amir"), ("Zoe", "Amir")), people, lambda n: False, 1)
    assert [n.recipient for n in owed] == ["Amir", "Amir"]
    assert digests(owed) == [tuple(owed)]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "pt"])
def test_a_digest_lists_every_pair_in_one_signed_section_with_every_mark(language: str) -> None:
    people = (person("Zoe"), person("Amir"), person("Bea"))
    ctx = RenderContext.build(PageSettings(language=language), TWO_SKILLS, people)
    notes = (
        Notification("Amir", "Zoe", "Amir", "video-editing"),
        Notification("Amir", "Amir", "Bea", "x"),
    )
    heading, text = digest_message(notes, ctx, "Let's Connect/Matches")
    assert "\n" not in heading and ("2" in heading or language == "ar")
    assert text.count("\n* ") == 2
    assert "[[User:Zoe|Zoe]]" in text and "[[User:Bea|Bea]]" in text
    assert text.count("~~~~") == 1 and text.count("[[:Let's Connect/Matches|") == 1
    assert all(note.mark in text for note in notes)
    assert "{{" not in text
    assert digest_message(notes[:1], ctx, "M") == message(notes[0], ctx, "M")


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "pt"])
def test_with_a_feedback_page_every_digest_line_carries_its_one_click_answers(
    language: str,
) -> None:
    people = (person("Zoe"), person("Amir"), person("Bea"))
    pages = PageSettings(language=language, feedback="Let's Connect/Matches/Feedback")
    ctx = RenderContext.build(pages, TWO_SKILLS, people)
    notes = (
        Notification("Amir", "Zoe", "Amir", "video-editing"),
        Notification("Amir", "Amir", "Bea", "x"),
    )
    _, text = digest_message(notes, ctx, "Let's Connect/Matches")
    lines = [line for line in text.splitlines() if line.startswith("* ")]
    for line, (learner, sharer, skill) in zip(
        lines, [("Zoe", "Amir", "video-editing"), ("Amir", "Bea", "x")], strict=True
    ):
        links = [str(t) for t in mwparserfromhell.parse(line).filter_templates()]
        assert len(links) == 2, line
        for link, status in zip(links, ("accepted", "declined"), strict=True):
            assert link.startswith("{{fullurl:Let's Connect/Matches/Feedback|action=edit&")
            assert link.endswith(
                f"preloadparams%5B%5D={learner}&preloadparams%5B%5D={sharer}"
                f"&preloadparams%5B%5D={skill}&preloadparams%5B%5D={status}}}}}"
            )
    _, single = message(notes[0], ctx, "Let's Connect/Matches")
    assert single.count("{{fullurl:") == 2


def test_a_hostile_label_cannot_act_in_a_digest() -> None:
    taxonomy = Taxonomy((Skill("x", "{{subst:Bad}} [[Category:Spam]] ~~~~"), Skill("y", "* ==")))
    ctx = RenderContext.build(PageSettings(), taxonomy, (person("Zoe"), person("Amir")))
    notes = (Notification("Amir", "Zoe", "Amir", "x"), Notification("Amir", "Zoe", "Amir", "y"))
    heading, text = digest_message(notes, ctx, "Matches")
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and not code.filter_headings()
    assert "{{" not in heading and "[[" not in heading
    assert {str(link.title) for link in code.filter_wikilinks()} == {"User:Zoe", ":Matches"}
    assert text.count("~~~~") == 1


def test_send_posts_one_section_per_person_and_skips_pairs_already_on_the_page() -> None:
    fake = FakeWiki(bot="SyncBot")
    for name in ("Zoe", "Amir", "Bea"):
        fake.create_account(name)
    people = (person("Zoe"), person("Amir"), person("Bea"))
    ctx = RenderContext.build(PageSettings(), TWO_SKILLS, people)
    done = Notification("Amir", "Zoe", "Amir", "video-editing")
    fake.edit("User talk:Amir", f"== Earlier ==\nA message {done.mark}\n")
    notes = [
        done,
        Notification("Amir", "Bea", "Amir", "x"),
        Notification("Amir", "Amir", "Zoe", "x"),
        Notification("Zoe", "Zoe", "Amir", "video-editing"),
    ]
    recorded: list[Notification] = []
    report = send(
        fake,
        notes,
        ctx,
        {"Amir": "Matches/By person/A#Amir"},
        "SyncBot",
        lambda n, r, w: recorded.append(n),
        lambda: True,
    )
    assert (report.sent, report.found, report.messages) == (3, 1, 2)
    assert sorted(recorded, key=notes.index) == notes
    amir = fake.text("User talk:Amir") or ""
    assert amir.count("\n== ") + amir.startswith("== ") == 2  # the earlier one and the digest
    assert amir.count(done.mark) == 1 and amir.count("wikisync-notification:") == 3
    assert (fake.text("User talk:Zoe") or "").count("wikisync-notification:") == 1
    assert "[[:Matches/By person/A#Amir|Matches/By person/A]]" in amir
    assert "[[:Let's Connect/Matches|Let&#39;s Connect/Matches]]" in (
        fake.text("User talk:Zoe") or ""
    )
