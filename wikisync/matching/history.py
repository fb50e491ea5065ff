"""What earlier runs suggested, as plain data: the memory that keeps results stable.

The state store keeps this between runs; matching only reads it. Usernames may be written
as on the wiki (underscores, lower-case first letter): they are normalised before use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from wikisync.model import Group, LearnRequest, MatchResult


@dataclass(frozen=True, slots=True)
class MatchHistory:
    """Previous suggestions, how long requests have waited, and the previous groups.

    ``previous`` maps a learn request to the sharer suggested for it last time, and
    ``backups`` to the backup sharer named beside that suggestion;
    ``waiting_since`` maps a request to the day it was first seen without being met (a
    request not listed counts as new today); ``groups`` are the groups of the last run;
    ``released`` maps a request to the sharer whose unanswered suggestion was released from
    it, and ``paused`` holds the sharers paused for not answering
    (see :mod:`wikisync.planning.silence`).
    """

    previous: Mapping[LearnRequest, str] = field(default_factory=dict)
    backups: Mapping[LearnRequest, str] = field(default_factory=dict)
    waiting_since: Mapping[LearnRequest, dt.date] = field(default_factory=dict)
    groups: tuple[Group, ...] = ()
    released: Mapping[LearnRequest, str] = field(default_factory=dict)
    paused: frozenset[str] = frozenset()

    def after(self, result: MatchResult, today: dt.date) -> MatchHistory:
        """The history the next run should get once ``result`` was published on ``today``.

        Waiting dates carry over for requests that are still open; requests seen for the
        first time start waiting today.
        """
        previous = {LearnRequest(s.learner, s.skill): s.sharer for s in result.suggestions}
        backups = {
            LearnRequest(s.learner, s.skill): s.backup for s in result.suggestions if s.backup
        }
        open_requests = [*previous, *(LearnRequest(u.learner, u.skill) for u in result.unmatched)]
        waiting = {request: self.waiting_since.get(request, today) for request in open_requests}
        return MatchHistory(
            previous=previous, backups=backups, waiting_since=waiting, groups=result.groups
        )
