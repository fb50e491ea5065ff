"""Which talk-page messages a run owes, what they say, and which talk pages refuse them."""

from __future__ import annotations

import mwparserfromhell
import pytest

from wikisync.model import MatchResult, Person, Skill, SourceRef, Suggestion, Taxonomy
from wikisync.render import PageSettings, RenderContext
from wikisync.writing.notify import Notification, due_notifications, message
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
