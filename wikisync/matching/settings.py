"""Programme settings for matching, read from the ``matching`` table of the on-wiki JSON config.

Every setting has a safe default, so ``MatchSettings()`` is a complete configuration and an
empty table is valid. Unknown keys are refused so that a typo never silently falls back to
a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from wikisync.errors import ConfigError
from wikisync.settings import validate

LANGUAGE_POLICIES = ("required", "preferred")
REGION_PREFERENCES = ("same", "different", "none")
DECLINED_SCOPES = ("pair", "skill")
OBJECTIVES = ("participants", "requests")

_MAX_WEIGHT = 10_000


def _integers(
    defaults: Any, data: Mapping[str, Any], path: str, others: tuple[str, ...] = ()
) -> dict[str, int]:
    """Every field of a settings dataclass but ``others`` (read by the caller), from a
    table, as whole weights within bounds; a key that names no field is an error."""
    names = [item.name for item in fields(defaults)]
    validate.reject_unknown(data, names, path)
    return {
        name: validate.integer(data, name, path, getattr(defaults, name), 0, _MAX_WEIGHT)
        for name in names
        if name not in others
    }


@dataclass(frozen=True, slots=True)
class Weights:
    """Integer points of the pair score; every weight is >= 0.

    The score of a suggested pair (learner L, sharer S, skill K) is the sum of:

    - ``language`` x the level both can use in their best common language (the lower of
      the two Babel levels, 1-5, 6 for native);
    - ``time_overlap`` x whole hours in which both are awake (see ``MatchSettings.day_start``
      and ``day_end``); half the waking window when either time zone is unknown, so an
      unknown zone neither helps nor hurts;
    - ``region`` once when the region preference is met (same or different region);
    - ``rarity`` x (``rare_skill_sharers`` + 1 - number of available sharers of K), when
      positive, so requests for rare skills are served before their few sharers fill up;
    - ``waiting`` x full weeks the request has waited unmatched (capped at
      ``max_waiting_weeks``);
    - ``kept`` when S was suggested for this request last time and still qualifies, so
      suggestions stay put unless something better is clearly possible;
    - ``swap`` when L can also share with S something S wants to learn (reciprocal swap);
    - minus ``no_common_language`` when the pair shares no language (only possible with
      ``language_policy = "preferred"``).

    ``load`` is a cost, not part of a pair's score: a sharer's k-th learner (k = 0, 1, ...)
    costs ``load`` x k, so extra learners go to the least loaded sharers first.
    """

    language: int = 4
    time_overlap: int = 2
    region: int = 6
    rarity: int = 6
    waiting: int = 2
    kept: int = 40
    swap: int = 10
    load: int = 10
    no_common_language: int = 40

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str) -> Weights:
        """Weights from a settings table; absent keys keep their defaults."""
        return cls(**_integers(cls(), data, path))


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """How learning groups are formed.

    ``min_size``/``max_size`` bound the number of learners per group (``min_size = 2``
    allows pairs). ``max_size`` must be at least ``2 * min_size - 1`` so that any number of
    learners from ``min_size`` up can be split into groups without leaving anyone alone.
    ``require_host`` forms only groups that have a host; ``groups_per_host`` caps how many
    groups one person hosts.
    """

    min_size: int = 3
    max_size: int = 5
    require_host: bool = True
    groups_per_host: int = 1

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str) -> GroupSettings:
        """Group settings from a settings table."""
        validate.reject_unknown(data, [item.name for item in fields(cls)], path)
        defaults = cls()
        minimum = validate.integer(data, "min_size", path, defaults.min_size, 2, 100)
        maximum = validate.integer(data, "max_size", path, defaults.max_size, 2, 200)
        if maximum < 2 * minimum - 1:
            raise validate.bad_value(
                validate.join(path, "max_size"), maximum, f"an integer >= {2 * minimum - 1}"
            )
        return cls(
            min_size=minimum,
            max_size=maximum,
            require_host=validate.boolean(data, "require_host", path, defaults.require_host),
            groups_per_host=validate.integer(
                data, "groups_per_host", path, defaults.groups_per_host, 1, 100
            ),
        )


@dataclass(frozen=True, slots=True)
class ClinicSettings:
    """How learning-clinic candidates are chosen and ranked.

    A skill becomes a candidate when at least ``min_unmet`` of its learn requests are left
    without a suggestion or a group. Its score is ``unmet_weight`` x unmet requests +
    ``gap_weight`` x (demand - supply, when positive) + ``host_weight`` x willing hosts
    (counting at most three).
    """

    min_unmet: int = 3
    unmet_weight: int = 10
    gap_weight: int = 5
    host_weight: int = 20

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str) -> ClinicSettings:
        """Clinic settings from a settings table; absent keys keep their defaults."""
        return cls(**_integers(cls(), data, path))


@dataclass(frozen=True, slots=True)
class ShopTalkSettings:
    """How organisations are matched for shop-talk sessions (the ``shop_talks`` table).

    An organisation that wants a skill is matched with one that offers it; several that
    want the same skill from the same organisation share one session, up to
    ``max_size`` asking organisations. A session takes one unit of the offering
    organisation's ``capacity``. The score of (asking A, offering O, skill K) is the sum of:

    - ``skill_fit`` x the people linked to O who share K themselves (at most three), so
      sessions go where someone can speak from experience;
    - ``region`` once when the ``region_preference`` (``"same"``, ``"different"`` or
      ``"none"``) is met, both regions being known;
    - ``time_overlap`` x whole waking hours the two have in common (half the waking
      window when either time zone is unknown; ``matching.day_start``/``day_end``);
    - ``rarity`` x (``rare_offers`` + 1 - organisations offering K), when positive;
    - ``kept`` when A had a session with O on K last time and still qualifies.
    """

    max_size: int = 4
    region_preference: str = "none"
    rare_offers: int = 2
    skill_fit: int = 4
    region: int = 6
    time_overlap: int = 2
    rarity: int = 6
    kept: int = 40

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str) -> ShopTalkSettings:
        """Shop-talk settings from a settings table; absent keys keep their defaults."""
        defaults = cls()
        weights = _integers(defaults, data, path, ("max_size", "region_preference", "rare_offers"))
        return cls(
            max_size=validate.integer(data, "max_size", path, defaults.max_size, 1, 50),
            region_preference=validate.choice(
                data, "region_preference", path, defaults.region_preference, REGION_PREFERENCES
            ),
            rare_offers=validate.integer(data, "rare_offers", path, defaults.rare_offers, 0, 1000),
            **weights,
        )


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Everything that decides who is suggested to whom.

    - ``language_policy``: ``"required"`` (a pair must share a language) or ``"preferred"``
      (a pair without one is allowed, at a cost of ``weights.no_common_language``).
    - ``min_language_level``: the lowest Babel level that counts as speaking a language.
    - ``region_preference``: reward pairs from the ``"same"`` or a ``"different"`` region,
      or ``"none"``.
    - ``day_start``/``day_end``: the local waking window, in hours (default 08-22).
    - ``rare_skill_sharers``: skills with at most this many available sharers are rare.
    - ``max_waiting_weeks``: waiting stops adding points after this many weeks.
    - ``declined_scope``: after a declined suggestion, never suggest the two people to each
      other again for any skill, either way round (``"pair"``, the default: a declined
      introduction is about the people), or only the same learner, sharer and skill
      (``"skill"``).
    - ``met_uses_capacity``: whether learners a sharer has already met (feedback ``met``)
      still take up the sharer's capacity. Off by default: a met connection is done, and
      capacity is about new introductions.
    - ``answer_days``: a suggestion with no feedback this many days after it was made,
      whose sharer has not edited since, is released and its sharer paused (0: never; see
      :mod:`wikisync.planning.silence`).
    - ``candidates_per_request``: how many of the best sharers of each request the solver
      starts from. Speed and, a little, the total score depend on it (the score is the
      best among candidate pairs); the matched count never does: it is always the maximum
      over all eligible pairs.
    - ``objective``: what the suggestions maximise first. ``"participants"`` (the default):
      the number of learners who get at least one suggestion, then the requests served,
      then the score, so everyone gets a first connection before anyone gets a third.
      ``"requests"``: the requests served, then the score. Both serve the same number of
      requests (see :mod:`wikisync.matching.coverage`).
    - ``shop_talks``: how organisations are matched (:class:`ShopTalkSettings`);
      ``min_language_level``, ``declined_scope`` and the waking window above apply to them
      too, and a common language is always required.
    """

    language_policy: str = "required"
    min_language_level: int = 1
    region_preference: str = "same"
    day_start: int = 8
    day_end: int = 22
    rare_skill_sharers: int = 5
    max_waiting_weeks: int = 26
    declined_scope: str = "pair"
    met_uses_capacity: bool = False
    candidates_per_request: int = 6
    answer_days: int = 21
    objective: str = "participants"
    weights: Weights = field(default_factory=Weights)
    groups: GroupSettings = field(default_factory=GroupSettings)
    clinics: ClinicSettings = field(default_factory=ClinicSettings)
    shop_talks: ShopTalkSettings = field(default_factory=ShopTalkSettings)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str = "matching") -> MatchSettings:
        """Settings from the on-wiki JSON table at ``path``; raises ConfigError naming the key."""
        validate.reject_unknown(data, [item.name for item in fields(cls)], path)
        defaults = cls()
        day_start = validate.integer(data, "day_start", path, defaults.day_start, 0, 23)
        day_end = validate.integer(data, "day_end", path, defaults.day_end, 1, 24)
        if day_end <= day_start:
            raise ConfigError(
                f"{validate.join(path, 'day_end')}: expected an hour after day_start "
                f"({day_start}), got {day_end}"
            )
        return cls(
            language_policy=validate.choice(
                data, "language_policy", path, defaults.language_policy, LANGUAGE_POLICIES
            ),
            min_language_level=validate.integer(
                data, "min_language_level", path, defaults.min_language_level, 0, 6
            ),
            region_preference=validate.choice(
                data, "region_preference", path, defaults.region_preference, REGION_PREFERENCES
            ),
            day_start=day_start,
            day_end=day_end,
            rare_skill_sharers=validate.integer(
                data, "rare_skill_sharers", path, defaults.rare_skill_sharers, 0, 1000
            ),
            max_waiting_weeks=validate.integer(
                data, "max_waiting_weeks", path, defaults.max_waiting_weeks, 0, 520
            ),
            declined_scope=validate.choice(
                data, "declined_scope", path, defaults.declined_scope, DECLINED_SCOPES
            ),
            met_uses_capacity=validate.boolean(
                data, "met_uses_capacity", path, defaults.met_uses_capacity
            ),
            candidates_per_request=validate.integer(
                data, "candidates_per_request", path, defaults.candidates_per_request, 1, 1000
            ),
            answer_days=validate.integer(data, "answer_days", path, defaults.answer_days, 0, 365),
            objective=validate.choice(data, "objective", path, defaults.objective, OBJECTIVES),
            weights=Weights.from_mapping(
                validate.table(data, "weights", path), validate.join(path, "weights")
            ),
            groups=GroupSettings.from_mapping(
                validate.table(data, "groups", path), validate.join(path, "groups")
            ),
            clinics=ClinicSettings.from_mapping(
                validate.table(data, "clinics", path), validate.join(path, "clinics")
            ),
            shop_talks=ShopTalkSettings.from_mapping(
                validate.table(data, "shop_talks", path), validate.join(path, "shop_talks")
            ),
        )
