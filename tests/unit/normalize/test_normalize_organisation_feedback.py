"""Shop-talk feedback: lines of the feedback template that name organisations."""

from __future__ import annotations

from wikisync.model import Organisation, SourceRef, Taxonomy
from wikisync.normalize.organisation_feedback import organisation_feedback, organisation_lines
from wikisync.normalize.organisations import OrganisationIndex
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.parse import parse_feedback, parse_organisation_feedback
from wikisync.settings.programme import Templates

TEMPLATES = Templates()
INDEX = OrganisationIndex(
    [
        Organisation("Wikimedia Ghana User Group", SourceRef("Orgs"), aliases=("WMGH",)),
        Organisation("Art+Feminism", SourceRef("Orgs")),
    ]
)
PAGE = (
    "{{Match feedback | learner = Ama | sharer = Kofi | skill = video-editing | status = met}}\n"
    "{{Match feedback | asking = WMGH | offering = [[Art+Feminism]] "
    "| skill = Grant writing | status = Happened}}\n"
    "{{Match feedback | asking organisation = Art+Feminism "
    "| offering organisation = Wikimedia Ghana User Group | skill = video-editing "
    "| status = declined}}\n"
    "{{Match feedback | asking = Nobody Group | offering = Art+Feminism "
    "| skill = video-editing | status = held}}\n"
    "{{Match feedback | asking = WMGH | offering = Art+Feminism | skill = video-editing}}\n"
    "{{Match feedback | asking = WMGH | offering = Art+Feminism "
    "| skill = Grant writing | status = declined}}\n"
)


def test_people_and_organisations_lines_are_told_apart(skills: SkillIndex) -> None:
    people, problems = parse_feedback(PAGE, "Feedback", 4, TEMPLATES, skills)
    assert [(f.learner, f.sharer) for f in people] == [("Ama", "Kofi")]
    assert problems == []
    records = parse_organisation_feedback(PAGE, "Feedback", 4, TEMPLATES)
    assert len(records) == 5


def test_statements_name_organisations_and_the_last_wins(skills: SkillIndex) -> None:
    records = parse_organisation_feedback(PAGE, "Feedback", 4, TEMPLATES)
    said, problems = organisation_feedback(records, INDEX, skills)
    assert [(f.asking, f.offering, f.skill, f.status) for f in said] == [
        ("Art+Feminism", "Wikimedia Ghana User Group", "video-editing", "declined"),
        ("Wikimedia Ghana User Group", "Art+Feminism", "proposal-writing", "declined"),
    ]
    assert [(p.code, p.field) for p in problems] == [
        ("unknown-organisation", "asking"),
        ("missing-field", "status"),
    ]


def test_held_is_kept_as_held(skills: SkillIndex) -> None:
    text = (
        "{{Match feedback | asking = WMGH | offering = Art+Feminism "
        "| skill = video-editing | status = held}}"
    )
    records = parse_organisation_feedback(text, "Feedback", 1, TEMPLATES)
    said, problems = organisation_feedback(records, INDEX, skills)
    assert [(f.status, f.source) for f in said] == [("held", SourceRef("Feedback", 1, 0, 1))]
    assert not problems


def test_every_line_that_fills_its_fields_says_its_statement_as_written(
    skills: SkillIndex,
) -> None:
    records = parse_organisation_feedback(PAGE, "Feedback", 4, TEMPLATES)
    written = [
        ("WMGH", "Art+Feminism", "Grant writing", "held"),
        ("Art+Feminism", "Wikimedia Ghana User Group", "video-editing", "declined"),
        ("Nobody Group", "Art+Feminism", "video-editing", "held"),
        ("WMGH", "Art+Feminism", "Grant writing", "declined"),
    ]
    for taxonomy in (skills, SkillIndex(Taxonomy(()))):
        lines, _ = organisation_lines(records, INDEX, taxonomy)
        assert [line.said for line in lines] == written
        read = [line.statement is not None for line in lines]
        assert read == ([True, True, False, True] if taxonomy is skills else [False] * 4)
    lines, _ = organisation_lines(records, INDEX, skills)
    assert lines[0].statement is not None
    assert lines[0].statement.asking == "Wikimedia Ghana User Group"
