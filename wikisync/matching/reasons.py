"""Stable reason codes attached to suggestions and to requests left without one.

The renderer translates each code; ``args`` are the values its message needs.

Why a pair was suggested (``Suggestion.reasons``, in this order):

=====================  ==========================  ==========================================
code                   args                        meaning
=====================  ==========================  ==========================================
common-language        (code, level)               best shared language, level both can use
no-common-language     ()                          no shared language (policy "preferred")
time-overlap           (hours,)                    waking hours in common (known time zones)
same-region            (region,)                   both in this region
different-region       (learner's, sharer's)       regions differ, as the settings prefer
rare-skill             (sharers,)                  only this many people share the skill
waited                 (days,)                     the request has waited this long
kept                   ()                          the same suggestion as last time
swap                   (skill,)                    the learner shares this skill with the sharer
=====================  ==========================  ==========================================

Why a request got nothing (``Unmatched.reasons``: the first that applies, then ``waited``
when the request has waited at least a week):

=====================  ==========================  ==========================================
code                   args                        meaning
=====================  ==========================  ==========================================
unknown-skill          (skill,)                    the skill is not in the taxonomy
learner-away           (until,) or ()              the learner is away (until this ISO date)
learner-inactive       ()                          the learner's status is inactive
no-sharer              ()                          nobody else shares the skill
sharers-away           (sharers,)                  everyone who shares it is away or inactive
no-common-language     (sharers,)                  none of the available sharers speaks a
                                                   language the learner speaks
excluded               (sharers,)                  every sharer left is excluded by
                                                   do_not_match or declined feedback
sharers-full           (sharers,)                  the available sharers' capacity went to
                                                   other learners
=====================  ==========================  ==========================================
"""

from __future__ import annotations

from wikisync.model import Reason

COMMON_LANGUAGE = "common-language"
NO_COMMON_LANGUAGE = "no-common-language"
TIME_OVERLAP = "time-overlap"
SAME_REGION = "same-region"
DIFFERENT_REGION = "different-region"
RARE_SKILL = "rare-skill"
WAITED = "waited"
KEPT = "kept"
SWAP = "swap"

UNKNOWN_SKILL = "unknown-skill"
LEARNER_AWAY = "learner-away"
LEARNER_INACTIVE = "learner-inactive"
NO_SHARER = "no-sharer"
SHARERS_AWAY = "sharers-away"
EXCLUDED = "excluded"
SHARERS_FULL = "sharers-full"

#: Days a request must have waited before ``waited`` is given as a reason.
WAITED_MIN_DAYS = 7


class ReasonBook:
    """Hands out ``Reason`` records, one shared instance per distinct (code, args).

    Reasons are immutable and repeat a lot (``time-overlap (14,)``...); sharing them keeps
    a large run from allocating hundreds of thousands of identical records.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[str, tuple[str | int, ...]], Reason] = {}

    def get(self, code: str, *args: str | int) -> Reason:
        """The reason with this code and these arguments."""
        key = (code, args)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = Reason(code, args)
        return found
