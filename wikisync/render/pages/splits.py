"""How each kind of generated page splits into parts, and the budget the wiki leaves them.

Every page kind that grows with the programme has its own
:class:`~wikisync.render.pages.parts.SplitSettings`, read from the programme's
``pages.split`` table: its top-level keys are the defaults of every kind, and a table per
kind (``pages.split.skills``) overrides them for that kind.

A part may never pass the wiki's own limit (``$wgMaxArticleSize``, read from siteinfo):
the budget of a part is the smaller of the configured ``max_bytes`` and
:data:`SAFE_SHARE` of that limit, which leaves room for the editors' text around the
markers and for the marker lines themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wikisync.render.pages.parts import SPLIT_KEYS, SplitSettings
from wikisync.settings import validate

#: The page kinds that split, as named in ``pages.split``.
KINDS = ("matches", "groups", "skills", "problems", "clinics", "statistics")
#: The share of the wiki's size limit a part may take.
SAFE_SHARE = 0.9


@dataclass(frozen=True, slots=True)
class PageSplits:
    """The split settings of every page kind that grows with the programme."""

    matches: SplitSettings = field(default_factory=SplitSettings)
    groups: SplitSettings = field(default_factory=SplitSettings)
    skills: SplitSettings = field(default_factory=SplitSettings)
    problems: SplitSettings = field(default_factory=SplitSettings)
    clinics: SplitSettings = field(default_factory=SplitSettings)
    statistics: SplitSettings = field(default_factory=SplitSettings)

    @classmethod
    def every(cls, split: SplitSettings) -> PageSplits:
        """The same settings for every kind."""
        return cls(**dict.fromkeys(KINDS, split))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str = "pages.split") -> PageSplits:
        """Settings read from ``pages.split``; a bad value names its key path."""
        validate.reject_unknown(data, (*SPLIT_KEYS, *KINDS), path)
        common = {key: value for key, value in data.items() if key not in KINDS}
        SplitSettings.from_mapping(common, path)
        return cls(
            **{
                kind: SplitSettings.from_mapping(
                    {**common, **validate.table(data, kind, path)}, validate.join(path, kind)
                )
                for kind in KINDS
            }
        )

    def within(self, limit: int) -> PageSplits:
        """These settings with every part's budget kept below the wiki's ``limit`` (bytes)."""
        return PageSplits(**{kind: part_budget(getattr(self, kind), limit) for kind in KINDS})


def part_budget(split: SplitSettings, limit: int) -> SplitSettings:
    """``split`` with ``max_bytes`` no larger than :data:`SAFE_SHARE` of ``limit``."""
    safe = int(limit * SAFE_SHARE)
    if split.max_bytes <= safe:
        return split
    return dataclasses.replace(split, max_bytes=safe)


def splits_of(pages: Mapping[str, Any], limit: int, path: str = "pages") -> PageSplits:
    """The split settings of the programme's ``pages`` table, within the wiki's ``limit``."""
    chosen = PageSplits.from_mapping(
        validate.table(pages, "split", path), validate.join(path, "split")
    )
    return chosen.within(limit)
