"""Who may answer for a suggestion: feedback counts only when the learner, the sharer or a
coordinator added it.

Anyone can follow an "accept" or "decline" link, or type a ``{{Match feedback}}`` line, so
the pages alone cannot say who answered. The feedback pages' histories can: each revision
since the last run is compared with the one before it, and every statement it adds is
credited to the revision's author. A statement is a (learner, sharer, skill, status)
*key*; a page may hold one key several times, so the check counts occurrences:

- the :class:`AnswerLedger` of the last run holds, per key, how many occurrences on all the
  feedback pages were *verified*, and each page's statements at the revision then read;
- a revision that raises a key's count on a page by ``n`` adds ``n`` occurrences, by its
  author; those by the learner, the sharer or a coordinator are verified;
- a key's verified count is then the last run's plus the verified additions, never more
  than the pages hold now. Counting all pages together is what lets an archiving move
  lines between pages without a new check: the count does not rise.

The first occurrences of a key in reading order count, up to its verified number; the rest
are ignored and listed on the problems page, with the accounts that added them. On the
first run there is no ledger: the statements on the pages then count as they stand.

Shop-talk lines (``{{Match feedback | asking = | offering = | skill = | status = }}``) are
checked the same way, in the ledger's ``shop_talks`` part, with their statements keyed by
the line as written (:class:`ShopTalkLine`): the asking, offering and skill as the line
writes them, its status as the line parser reads it. Like people's lines, these keys come
from the feedback pages alone, so every run reads every line's statement whatever the
organisation entries and the taxonomy say, and a line that cannot be resolved this run
(its skill cut from the taxonomy, an entry removed) keeps its verified count untouched.
Organisations are resolved only to decide who may add a line, when a revision adds it: a
member or the contact of the organisation the asking or the offering name stands for
now, or a coordinator. A line naming no known organisation can then be verified only by a
coordinator. A ledger stored before that part (or with the older ``organisations`` part,
keyed by resolved names) starts it as a first run does: the shop-talk lines then count as
they stand.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from wikisync.model import Feedback, OrganisationFeedback, Problem, SourceRef
from wikisync.normalize.problems import problem
from wikisync.normalize.usernames import canonical_username

#: A statement: (learner, sharer, skill, status); for a shop talk (asking, offering, skill,
#: status) as the line writes them (:class:`ShopTalkLine`).
Key = tuple[str, str, str, str]
#: A feedback line (a person's, or a shop talk's) or what it says.
Item = TypeVar("Item")
#: Whether an account (None: hidden) may make a statement.
MayAnswer = Callable[[str | None, Key], bool]

#: Most revisions of one feedback page read for one run; additions in older ones cannot be
#: credited to anyone, so they stay unverified.
MAX_REVISIONS = 500


def key_of(item: Feedback) -> Key:
    """The statement a feedback line makes."""
    return item.learner, item.sharer, item.skill, item.status


@dataclass(frozen=True, slots=True)
class ShopTalkLine:
    """A shop-talk feedback line: its statement as written (asking, offering, skill,
    status) and what it means with this run's organisations and taxonomy (None: it names
    an organisation or a skill they do not know)."""

    said: Key
    statement: OrganisationFeedback | None = None


@dataclass(frozen=True, slots=True)
class PageRevision:
    """One saved version of a feedback page: its id, its author (None when hidden) and the
    statements it holds, counted by key."""

    revision: int
    user: str | None
    statements: Counter[Key]


@dataclass(frozen=True, slots=True)
class PageHistory:
    """A feedback page's revisions after the ledger's one, oldest first; ``complete`` is
    False when there were more than :data:`MAX_REVISIONS` and only the latest are here."""

    revisions: tuple[PageRevision, ...]
    complete: bool = True


@dataclass(frozen=True, slots=True)
class AnswerLedger:
    """What the last check established (see the module docstring).

    ``pages``: each feedback page's revision then and its statements, counted by key;
    ``verified``: per key, the occurrences on all pages that count; ``refused``: per key
    with more occurrences than verified, the accounts that added the others.
    ``shop_talks``: the same for the shop-talk statements, keyed as written (None: never
    checked yet; its own ``shop_talks`` is always None).
    """

    pages: Mapping[str, tuple[int, Counter[Key]]] = field(default_factory=dict)
    verified: Mapping[Key, int] = field(default_factory=dict)
    refused: Mapping[Key, tuple[str, ...]] = field(default_factory=dict)
    shop_talks: AnswerLedger | None = None

    def to_json(self) -> str:
        """The ledger as the state's snapshot stores it."""
        return json.dumps(self._jsonable(), ensure_ascii=False, sort_keys=True)

    def _jsonable(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "pages": {
                title: [revision, _counted_rows(counts)]
                for title, (revision, counts) in sorted(self.pages.items())
            },
            "verified": _counted_rows(self.verified),
            "refused": [[*key, list(users)] for key, users in sorted(self.refused.items())],
        }
        if self.shop_talks is not None:
            data["shop_talks"] = self.shop_talks._jsonable()
        return data

    @classmethod
    def from_json(cls, payload: str) -> AnswerLedger:
        """The ledger of :meth:`to_json`. One stored without a ``shop_talks`` part has None
        there, and so has one stored with the older ``organisations`` part, whose keys
        named organisations and skills as resolved: that part is dropped."""
        return cls._from_data(json.loads(payload))

    @classmethod
    def _from_data(cls, data: Mapping[str, Any]) -> AnswerLedger:
        part = data.get("shop_talks")
        return cls(
            pages={
                str(title): (int(revision), _counter(rows))
                for title, (revision, rows) in data["pages"].items()
            },
            verified=_counter(data["verified"]),
            refused={_key(row[:4]): tuple(map(str, row[4])) for row in data["refused"]},
            shop_talks=cls._from_data(part) if part is not None else None,
        )


@dataclass(frozen=True, slots=True)
class IgnoredAnswer(Generic[Item]):
    """A feedback line that does not count, and who added the occurrences of its statement
    that were not verified (empty when the history no longer says)."""

    item: Item
    added_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckedAnswers:
    """The feedback lines that count (in reading order), those ignored, and the ledger the
    next run starts from."""

    counted: tuple[Feedback, ...]
    ignored: tuple[IgnoredAnswer[Feedback], ...]
    ledger: AnswerLedger

    @property
    def problems(self) -> list[Problem]:
        """One problem per ignored line, for the problems page."""
        return [_ignored_problem(item) for item in self.ignored]


@dataclass(frozen=True, slots=True)
class CheckedShopTalks:
    """The shop-talk feedback statements that count (in reading order), those ignored, and
    the ledger's ``shop_talks`` part the next run starts from."""

    counted: tuple[OrganisationFeedback, ...]
    ignored: tuple[IgnoredAnswer[OrganisationFeedback], ...]
    ledger: AnswerLedger

    @property
    def problems(self) -> list[Problem]:
        """One problem per ignored line, for the problems page."""
        return [_ignored_shop_talk_problem(item) for item in self.ignored]


def statement_counts(items: Iterable[Feedback]) -> Counter[Key]:
    """How many times each statement stands among ``items``."""
    return Counter(map(key_of, items))


def shop_talk_counts(lines: Iterable[ShopTalkLine]) -> Counter[Key]:
    """How many times each shop-talk statement, as written, stands among ``lines``."""
    return Counter(line.said for line in lines)


def unverified_pages(previous: AnswerLedger | None, revisions: Mapping[str, int]) -> dict[str, int]:
    """The feedback pages whose history must be read, each with the revision after which
    it is read (0: the whole history): none on a first run, else the pages that changed
    since the ledger's revision of them or that it does not know."""
    if previous is None:
        return {}
    wanted = {}
    for title, revision in revisions.items():
        known = previous.pages.get(title)
        if revision and (known is None or known[0] != revision):
            wanted[title] = known[0] if known is not None else 0
    return wanted


def check_answers(
    statements: Sequence[Feedback],
    by_page: Mapping[str, Sequence[Feedback]],
    revisions: Mapping[str, int],
    histories: Mapping[str, PageHistory],
    previous: AnswerLedger | None,
    coordinators: Iterable[str],
) -> CheckedAnswers:
    """Which of ``statements`` (every feedback page's, in reading order) count.

    ``by_page`` holds each page's statements now and ``revisions`` its current revision;
    ``histories`` holds, for each page :func:`unverified_pages` named, its revisions after
    the ledger's one. Where a history is incomplete, what its oldest revision holds is
    credited to nobody. ``coordinators`` may answer for anyone.
    """
    trusted = _accounts(coordinators)

    def may_answer(user: str | None, key: Key) -> bool:
        return _among(user, frozenset(key[:2]) | trusted)

    counted, ignored, ledger = _checked(
        statements, key_of, by_page, revisions, histories, previous, may_answer
    )
    return CheckedAnswers(counted, ignored, ledger)


def check_shop_talks(
    by_page: Mapping[str, Sequence[ShopTalkLine]],
    revisions: Mapping[str, int],
    histories: Mapping[str, PageHistory],
    previous: AnswerLedger | None,
    accounts: Callable[[str], Iterable[str]],
    coordinators: Iterable[str],
) -> CheckedShopTalks:
    """Which shop-talk lines count, as :func:`check_answers` decides for people's:
    ``by_page`` holds each page's lines in reading order, ``previous`` is the last
    ledger's ``shop_talks`` part, and the histories' revisions hold statements as written
    (:func:`shop_talk_counts`). ``accounts`` names the members and the contact of the
    organisation a line's asking or offering name stands for (none when no entry is
    named so); those of either and ``coordinators`` may add a line. Only lines with a
    statement this run are returned, counted or ignored; the ledger keeps them all.
    """
    trusted = _accounts(coordinators)
    members: dict[str, frozenset[str]] = {}

    def of(name: str) -> frozenset[str]:
        if name not in members:
            members[name] = _accounts(accounts(name))
        return members[name]

    def may_answer(user: str | None, key: Key) -> bool:
        return _among(user, of(key[0]) | of(key[1]) | trusted)

    lines = [line for items in by_page.values() for line in items]
    counted, ignored, ledger = _checked(
        lines, _said, by_page, revisions, histories, previous, may_answer
    )
    return CheckedShopTalks(
        tuple(line.statement for line in counted if line.statement is not None),
        tuple(
            IgnoredAnswer(item.item.statement, item.added_by)
            for item in ignored
            if item.item.statement is not None
        ),
        ledger,
    )


def _said(line: ShopTalkLine) -> Key:
    return line.said


def _checked(
    statements: Sequence[Item],
    key_of: Callable[[Item], Key],
    by_page: Mapping[str, Sequence[Item]],
    revisions: Mapping[str, int],
    histories: Mapping[str, PageHistory],
    previous: AnswerLedger | None,
    may_answer: MayAnswer,
) -> tuple[tuple[Item, ...], tuple[IgnoredAnswer[Item], ...], AnswerLedger]:
    """The check itself (see the module docstring), for either kind of line."""
    now = Counter(map(key_of, statements))
    pages = {
        title: (revisions.get(title, 0), Counter(map(key_of, items)))
        for title, items in by_page.items()
    }
    if previous is None:
        return tuple(statements), (), AnswerLedger(pages, dict(now), {})
    verified: Counter[Key] = Counter()
    others: dict[Key, list[str]] = {key: list(users) for key, users in previous.refused.items()}
    for title, history in histories.items():
        known = previous.pages.get(title)
        before = known[1] if known is not None else Counter()
        revisions_read = history.revisions
        if not history.complete and revisions_read:
            before, revisions_read = revisions_read[0].statements, revisions_read[1:]
        for revision in revisions_read:
            for key, count in revision.statements.items():
                added = count - before.get(key, 0)
                if added <= 0:
                    continue
                if may_answer(revision.user, key):
                    verified[key] += added
                else:
                    _append_once(others.setdefault(key, []), revision.user or "")
            before = revision.statements
    counts = {
        key: verified_count
        for key, total in now.items()
        if (verified_count := min(total, previous.verified.get(key, 0) + verified[key])) > 0
    }
    counted, ignored = _split(statements, key_of, counts, others)
    refused = {
        key: tuple(user for user in others.get(key, ()) if user)
        for key, total in now.items()
        if total > counts.get(key, 0)
    }
    return counted, ignored, AnswerLedger(pages, counts, refused)


def _accounts(names: Iterable[str]) -> frozenset[str]:
    """Canonical account names of ``names``, those that are none left out."""
    return frozenset(filter(None, (canonical_username(name)[0] for name in names)))


def _among(user: str | None, allowed: frozenset[str]) -> bool:
    """Whether ``user`` (None: hidden, never) is one of the ``allowed`` canonical names."""
    if user is None:
        return False
    name = canonical_username(user)[0]
    return name is not None and name in allowed


def _split(
    statements: Sequence[Item],
    key_of: Callable[[Item], Key],
    counts: Mapping[Key, int],
    others: Mapping[Key, list[str]],
) -> tuple[tuple[Item, ...], tuple[IgnoredAnswer[Item], ...]]:
    """The first ``counts[key]`` occurrences of each key count; the others are ignored."""
    seen: Counter[Key] = Counter()
    counted: list[Item] = []
    ignored: list[IgnoredAnswer[Item]] = []
    for item in statements:
        key = key_of(item)
        seen[key] += 1
        if seen[key] <= counts.get(key, 0):
            counted.append(item)
        else:
            users = tuple(user for user in others.get(key, ()) if user)
            ignored.append(IgnoredAnswer(item, users))
    return tuple(counted), tuple(ignored)


def _ignored_problem(ignored: IgnoredAnswer[Feedback]) -> Problem:
    item = ignored.item
    return _not_theirs(
        "feedback-not-theirs",
        f"feedback for {item.learner} and {item.sharer} ({item.skill}: {item.status})",
        "neither of them nor a coordinator",
        ignored.added_by,
        item.source,
    )


def _ignored_shop_talk_problem(ignored: IgnoredAnswer[OrganisationFeedback]) -> Problem:
    item = ignored.item
    return _not_theirs(
        "shop-talk-feedback-not-theirs",
        f"shop-talk feedback for {item.asking} and {item.offering} ({item.skill}: {item.status})",
        "neither a member or contact of either organisation nor a coordinator",
        ignored.added_by,
        item.source,
    )


def _not_theirs(
    code: str, line: str, whom: str, added_by: Sequence[str], source: SourceRef | None
) -> Problem:
    """The problem of an ignored feedback ``line`` (what it says, at ``source``): the
    accounts that ``added_by`` it, and ``whom`` they are not."""
    by = ", ".join(added_by) or "an account the history does not name"
    message = f"{line} was added by {by}, {whom}; it does not count"
    return problem(code, message, source, field="status", value=", ".join(added_by))


def _append_once(users: list[str], user: str) -> None:
    if user not in users:
        users.append(user)


def _counted_rows(counts: Mapping[Key, int]) -> list[list[object]]:
    return [[*key, count] for key, count in sorted(counts.items()) if count > 0]


def _counter(rows: Iterable[Sequence[object]]) -> Counter[Key]:
    return Counter({_key(row[:4]): int(str(row[4])) for row in rows})


def _key(values: Sequence[object]) -> Key:
    learner, sharer, skill, status = (str(value) for value in values)
    return learner, sharer, skill, status
