"""Shared fixtures for the normalisation tests: the test taxonomy and default settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikisync.model import Taxonomy
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.parse import parse_taxonomy
from wikisync.settings.programme import Programme, default_programme

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The skills of ``data/taxonomy.wiki``."""
    text = (DATA / "taxonomy.wiki").read_text(encoding="utf-8")
    taxonomy, problems = parse_taxonomy(text, "Taxonomy", 1, default_programme().templates)
    assert problems == []
    return taxonomy


@pytest.fixture(scope="session")
def skills(taxonomy: Taxonomy) -> SkillIndex:
    return SkillIndex(taxonomy)


@pytest.fixture(scope="session")
def programme() -> Programme:
    return default_programme()
