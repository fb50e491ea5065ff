"""The synthetic programme generator: determinism, shape, valid names and wikitext."""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter

import mwparserfromhell

from wikisync.dev import synth
from wikisync.model import NATIVE, Status

TAXONOMY = synth.generate_taxonomy(60, 3)
PEOPLE = synth.generate_people(2000, TAXONOMY, 3)
INVALID_IN_NAMES = re.compile(r"[#<>\[\]|{}/@:=_~,;]")
UNSAFE_IN_VALUES = ("|", "=", "{{", "}}", "[[", "]]")


def test_same_seed_same_programme_and_another_seed_another() -> None:
    assert synth.generate_taxonomy(60, 3) == TAXONOMY
    assert synth.generate_people(300, TAXONOMY, 3) == synth.generate_people(300, TAXONOMY, 3)
    assert synth.generate_people(300, TAXONOMY, 3) != synth.generate_people(300, TAXONOMY, 4)


def test_taxonomy_has_real_topics_translations_and_unique_ids() -> None:
    labels = {skill.label for skill in TAXONOMY.skills}
    assert {
        "Proposal writing",
        "Video editing",
        "Conflict management",
        "Wikidata queries",
    } <= labels
    assert all(set(skill.labels) == {"fr", "es", "pt", "ar"} for skill in TAXONOMY.skills)
    big = synth.generate_taxonomy(200, 1)
    assert len({s.id for s in big.skills}) == 200 == len({s.label for s in big.skills})
    for skill in big.skills:
        for text in (skill.label, *skill.aliases, *skill.labels.values()):
            assert not re.search(r"[|=,;{}\[\]]| and ", text), text


def test_regions_follow_the_pilot() -> None:
    share = Counter(p.region for p in PEOPLE)
    africa_middle_east = (share["SSA"] + share["MENA"]) / len(PEOPLE)
    assert abs(africa_middle_east - 0.65) < 0.04
    assert abs(share["SA"] / len(PEOPLE) - 0.14) < 0.03
    assert abs(share["LAC"] / len(PEOPLE) - 0.12) < 0.03
    assert set(share) <= set(synth.REGION_NAMES)


def test_people_are_plausible() -> None:
    names = [p.username for p in PEOPLE]
    assert len(set(names)) == len(names) and names == sorted(names)
    assert any(not name.isascii() for name in names)
    for person in PEOPLE:
        assert not INVALID_IN_NAMES.search(person.username), person.username
        assert person.username == person.username.strip() and "  " not in person.username
        assert 2 <= len(person.languages) <= 4
        assert sum(lang.level == NATIVE for lang in person.languages) == 1
        assert 1 <= person.capacity <= 3 and person.learns
        assert not set(person.shares) & set(person.learns)
        if person.timezone and "/" in person.timezone:
            zoneinfo.ZoneInfo(person.timezone)
    statuses = Counter(p.status for p in PEOPLE)
    assert statuses[Status.AWAY] and statuses[Status.INACTIVE]
    assert any(p.clinic for p in PEOPLE) and any(p.do_not_match for p in PEOPLE)
    assert sum(len(p.learns) for p in PEOPLE) / len(PEOPLE) > 2.8


def test_entry_wikitext_is_one_clean_template() -> None:
    for person in PEOPLE[:300]:
        code = mwparserfromhell.parse(synth.entry_wikitext(person, TAXONOMY))
        (template,) = code.filter_templates()
        assert template.name.strip() == "Skills directory entry"
        values = {str(p.name).strip(): str(p.value).strip() for p in template.params}
        assert values["username"].replace("_", " ") == person.username
        for value in values.values():
            assert not any(mark in value for mark in UNSAFE_IN_VALUES), value
        labels = {s.id: s.label for s in TAXONOMY.skills}
        assert values["learn"].split("; ") == [labels[s] for s in person.learns]
        assert re.fullmatch(r"[a-z]{2,3}-[1-5N](, [a-z]{2,3}-[1-5N])*", values["languages"])


def test_taxonomy_wikitext_lists_every_skill() -> None:
    code = mwparserfromhell.parse(synth.taxonomy_wikitext(TAXONOMY))
    templates = code.filter_templates()
    assert [str(t.get("id").value).strip() for t in templates] == [s.id for s in TAXONOMY.skills]
    assert all(t.has("label_fr") and t.has("area") for t in templates)


def test_perturb_edits_about_the_requested_share() -> None:
    people = PEOPLE[:1000]
    changed = synth.perturb(people, 0.01, 7)
    assert changed == synth.perturb(people, 0.01, 7)
    assert [p.username for p in changed] == [p.username for p in people]
    edited = sum(1 for before, after in zip(people, changed, strict=True) if before != after)
    assert 5 <= edited <= 10
