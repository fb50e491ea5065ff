"""Fixtures shared by every test tier: one real local MediaWiki per test session."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.errors import WikisyncError

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture(scope="session")
def devwiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevWiki]:
    """A real MediaWiki started through the same code as 'wikisync devwiki up'.

    If it cannot start, every test that needs it fails with the reason; none is skipped.
    """
    wiki = DevWiki(tmp_path_factory.mktemp("devwiki"))
    try:
        wiki.up()
    except WikisyncError as e:
        pytest.fail(f"the local MediaWiki could not start: {e}", pytrace=False)
    yield wiki
    wiki.down()
