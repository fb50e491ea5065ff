"""The blanking guard weighs the shared measurement page by the indicators read."""

from __future__ import annotations

from wikisync.planning.edits import SyncPolicy
from wikisync.writing.safety import AllowedTitles, SourceCounts, blanking_reason


def test_the_blanking_guard_weighs_the_measurement_page_by_its_indicators() -> None:
    policy = SyncPolicy(
        bot="Bot", allowed=AllowedTitles(), sources_now=SourceCounts(100, 50, indicators=0)
    )
    before = SourceCounts(100, 50, indicators=6)
    assert blanking_reason("measurement", 60, 0, policy, before) == ""
    kept = SyncPolicy(
        bot="Bot", allowed=AllowedTitles(), sources_now=SourceCounts(100, 50, indicators=6)
    )
    assert "blanking" in blanking_reason("measurement", 60, 0, kept, before)
