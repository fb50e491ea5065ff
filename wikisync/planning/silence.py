"""Sharers who never answer: their suggestions are released and they are paused.

A suggestion is *unanswered* when it has stood for ``matching.answer_days`` days (21 by
default; 0 never releases) with no feedback on its pair, and its sharer has made no edit on
the wiki since it was first made. Its sharer is then *paused*: treated as away (no
suggestions either way) until they edit again, and every suggestion naming them as sharer is
*released*, so its learner is offered the backup first (the previous pair is no longer
eligible, so the backup takes its ``kept`` bonus; see :mod:`wikisync.matching.pairs`).

Each run asks the wiki, in one batched ``list=users|usercontribs`` request per 50 accounts,
about the sharers with an old unanswered suggestion and those already paused: a paused
sharer who edited since the pause takes part again. Nothing is asked when no suggestion is
old enough and nobody is paused. Released requests are remembered, so the new suggestion of
each says why it moved for as long as it stands (a reason that came and went would edit the
page twice).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wikisync.interfaces import AccountFacts
from wikisync.model import Feedback, LearnRequest, Person, Status

#: The state's snapshot of who is paused and which requests were released.
SILENCE_SNAPSHOT = "silence"

Pair = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Silence:
    """Who is paused and the requests released from them (request -> the sharer who did not
    answer), as this run decides them.

    ``paused`` maps each sharer to the moment since which they have made no edit: when their
    latest unanswered suggestion was made. Any edit of theirs from then on brings them back;
    the run that paused them found none, so it can only be newer than that run's question.
    """

    paused: Mapping[str, dt.datetime] = field(default_factory=dict)
    released: Mapping[LearnRequest, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """The form kept in the state."""
        return json.dumps(
            {
                "paused": {name: _stamp(since) for name, since in sorted(self.paused.items())},
                "released": [
                    [request.learner, request.skill, sharer]
                    for request, sharer in sorted(self.released.items())
                ],
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, payload: str) -> Silence:
        """The form of :meth:`to_json`."""
        data = json.loads(payload)
        return cls(
            paused={str(k): dt.datetime.fromisoformat(v) for k, v in data["paused"].items()},
            released={LearnRequest(str(a), str(b)): str(c) for a, b, c in data["released"]},
        )

    def newly_paused(self, before: Silence) -> list[str]:
        """The sharers paused now who were not paused ``before``, by name."""
        return sorted(name for name in self.paused if name not in before.paused)


def unanswered(
    suggestions: Mapping[tuple[str, str], str],
    first_seen: Mapping[Pair, dt.datetime],
    feedback: Iterable[Feedback],
    now: dt.datetime,
    answer_days: int,
) -> dict[str, dt.datetime]:
    """Each sharer with a suggestion older than ``answer_days`` and no feedback on its pair,
    with the latest moment such a suggestion of theirs was made: an edit before it leaves
    that one unanswered."""
    if answer_days <= 0:
        return {}
    answered = {(f.learner, f.sharer, f.skill.casefold()) for f in feedback}
    limit = now - dt.timedelta(days=answer_days)
    found: dict[str, dt.datetime] = {}
    for (learner, skill), sharer in suggestions.items():
        made = first_seen.get((learner, skill, sharer))
        if made is None or made > limit or (learner, sharer, skill.casefold()) in answered:
            continue
        found[sharer] = max(made, found.get(sharer, made))
    return found


def decide(
    before: Silence,
    suspects: Mapping[str, dt.datetime],
    latest_edits: Mapping[str, dt.datetime],
    suggestions: Mapping[tuple[str, str], str],
    open_requests: Iterable[LearnRequest],
) -> Silence:
    """Who is paused after this run, and the requests released from them.

    A paused sharer who edited since the moment they are paused from takes part again; a
    suspect who made no edit since ``suspects[name]`` is paused from that moment. A released
    request stays listed while it is still open and its sharer still paused.
    """
    paused = {
        name: since
        for name, since in before.paused.items()
        if not _edited_since(latest_edits, name, since)
    }
    for name, made in suspects.items():
        if name not in paused and not _edited_since(latest_edits, name, made):
            paused[name] = made
    still_open = set(open_requests)
    released = {
        request: sharer
        for request, sharer in before.released.items()
        if sharer in paused and request in still_open
    }
    for (learner, skill), sharer in suggestions.items():
        request = LearnRequest(learner, skill)
        if sharer in paused and before.paused.get(sharer) is None and request in still_open:
            released[request] = sharer
    return Silence(dict(sorted(paused.items())), dict(sorted(released.items())))


def silence_of(
    reader: AccountFacts,
    before: Silence,
    suspects: Mapping[str, dt.datetime],
    suggestions: Mapping[tuple[str, str], str],
    open_requests: Iterable[LearnRequest],
) -> Silence:
    """:func:`decide`, with the latest edits of the suspects and the paused sharers asked of
    the wiki (nothing asked when there are none)."""
    moments = {**before.paused, **suspects}
    latest: dict[str, dt.datetime] = {}
    if moments:
        since = min(moments.values())
        answer = reader.accounts(sorted(moments), _stamp(since))
        edits = answer.latest_edits.items()
        latest = {name: dt.datetime.fromisoformat(stamp) for name, stamp in edits}
    return decide(before, suspects, latest, suggestions, open_requests)


def paused_as_away(people: Iterable[Person], silence: Silence) -> tuple[Person, ...]:
    """``people`` with every paused sharer away (without a return date), for matching."""
    return tuple(
        dataclasses.replace(person, status=Status.AWAY, away_until=None)
        if person.username in silence.paused and person.status is not Status.INACTIVE
        else person
        for person in people
    )


def _edited_since(latest: Mapping[str, dt.datetime], name: str, since: dt.datetime) -> bool:
    edit = latest.get(name)
    return edit is not None and edit >= since


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
