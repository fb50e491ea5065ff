"""Extra readers in the programme settings: validated, and chosen by the pages they name."""

from __future__ import annotations

from typing import Any

import pytest

from wikisync.errors import ConfigError
from wikisync.reading.readers import DIRECTORY_READER, reader_for
from wikisync.settings.programme import PageFormat, PageSet, Reader, load_programme


def test_readers_name_their_pages_and_default_to_entry_templates() -> None:
    programme = load_programme(
        {"sources": {"readers": [{"prefix": "User:"}, {"titles": ["Team"], "format": "template"}]}}
    )
    assert programme.sources.readers == (
        Reader(PageSet(prefix="User:", transcluding=False)),
        Reader(PageSet(titles=("Team",), transcluding=False), PageFormat.TEMPLATE),
    )
    assert reader_for("User:Ama/Let's Connect", programme) is programme.sources.readers[0]
    assert reader_for("Team", programme) is programme.sources.readers[1]
    assert reader_for("Let's Connect/Skills directory/Africa", programme) is DIRECTORY_READER


@pytest.mark.parametrize(
    ("readers", "message"),
    [
        ({"prefix": "X"}, "sources.readers: expected a list of readers"),
        (["X"], "sources.readers[0]: expected a table of reader settings"),
        ([{}], "sources.readers[0]: name the pages to read"),
        (
            [{"titles": ["A"], "format": "spreadsheet"}],
            "sources.readers[0].format: expected one of",
        ),
        ([{"titles": ["A"], "colour": 1}], "sources.readers[0].colour: unknown setting"),
    ],
)
def test_bad_readers_name_their_path(readers: Any, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_programme({"sources": {"readers": readers}})
    assert message in str(raised.value)


def test_only_template_readers_find_pages_by_transclusion() -> None:
    with pytest.raises(ConfigError, match=r"sources.readers\[0\].transcluding: only readers"):
        load_programme({"sources": {"readers": [{"transcluding": True, "format": "json"}]}})
