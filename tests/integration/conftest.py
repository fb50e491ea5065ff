"""Integration fixtures: the session's wiki, reset to its pristine database for each module."""

from __future__ import annotations

import pytest

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.settings.config import Settings, load_settings


@pytest.fixture(scope="module", autouse=True)
def pristine_wiki(devwiki: DevWiki) -> DevWiki:
    """Every module starts from the wiki as it was right after set-up."""
    devwiki.reset()
    return devwiki


@pytest.fixture(scope="session")
def settings(devwiki: DevWiki) -> Settings:
    """wikisync settings of the session's wiki."""
    return load_settings(devwiki.settings_file)


@pytest.fixture(scope="session")
def bot(settings: Settings) -> wiki.Wiki:
    """The bot account, logged in through pywikibot."""
    return wiki.connect(settings.wiki)


@pytest.fixture
def human(devwiki: DevWiki) -> Editor:
    """A person editing the wiki (the Admin account, over plain HTTP)."""
    return devwiki.editor()
