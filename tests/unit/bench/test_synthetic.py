"""The benchmark's programme is seeded, and the edit a person makes changes one entry."""

from __future__ import annotations

from wikisync.dev.bench import synthetic
from wikisync.dev.sample import DIRECTORY, FEEDBACK, TAXONOMY


def test_the_same_seed_builds_the_same_programme() -> None:
    first = synthetic.build(320, seed=11)
    assert first == synthetic.build(320, seed=11)
    assert first != synthetic.build(320, seed=12)
    directory = [title for title in first.pages if title.startswith(DIRECTORY + "/")]
    assert len(directory) == 4
    assert first.pages[TAXONOMY].count("{{Skill ") == synthetic.SKILLS
    assert FEEDBACK in first.pages
    assert len(first.accounts) == 320


def test_the_bundled_files_add_their_pages_and_accounts() -> None:
    plain = synthetic.build(120, seed=1)
    full = synthetic.build(120, seed=1, with_files=True)
    assert set(plain.pages) < set(full.pages)
    assert "Template:Skills directory entry" in full.pages
    assert set(plain.accounts) < set(full.accounts)


def test_source_titles_find_the_directory_pages_in_order() -> None:
    pages = synthetic.build(1150, seed=1).pages
    titles = synthetic.source_titles(pages)
    assert len(titles.directory) == 12
    assert (titles.taxonomy, titles.feedback) == (TAXONOMY, FEEDBACK)
    assert synthetic.edited_page(pages, 2) == f"{DIRECTORY}/Part 2"
    assert synthetic.edited_page(pages, 99) == f"{DIRECTORY}/Part 12"


def test_the_edit_makes_one_active_participant_inactive() -> None:
    text = synthetic.build(100, seed=2).pages[f"{DIRECTORY}/Part 1"]
    changed = synthetic.one_entry_changed(text)
    before, after = text.splitlines(), changed.splitlines()
    assert len(before) == len(after)
    differing = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert differing == [(" | status       = active", " | status       = inactive")]
    assert synthetic.one_entry_changed("no entries") != "no entries"
