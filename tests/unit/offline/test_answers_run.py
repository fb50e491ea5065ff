"""One-click answers in whole offline runs: the links, who may answer, accepted pairs held."""

from __future__ import annotations

import re
import urllib.parse

from fake_runs import MATCHES, STATISTICS, run

from wikisync.dev.fakewiki import FakeWiki, TickingClock
from wikisync.dev.sample import FEEDBACK, PREFIX

PROBLEMS = f"{PREFIX}/Directory problems"
FORM = f"{PREFIX}/Forms/Answer"
LINK = re.compile(r"\[\{\{fullurl:([^|]*)\|([^}]*)\}\} ([^\]]*)\]")


def answer_links(text: str) -> list[tuple[str, dict[str, list[str]], str]]:
    """Every answer link of a page: (page, query, label)."""
    found = []
    for page, query, label in LINK.findall(text):
        fields = urllib.parse.parse_qs(query)
        if fields.get("preload") == [FORM]:
            found.append((page, fields, label))
    return found


def values(fields: dict[str, list[str]]) -> tuple[str, ...]:
    return tuple(fields["preloadparams[]"])


def answer(fake: FakeWiki, user: str, learner: str, sharer: str, skill: str, status: str) -> None:
    """Save the line an answer link preloads, as ``user`` would from the form."""
    text = fake.text(FEEDBACK) or ""
    fields = f"learner={learner}|sharer={sharer}|skill={skill}|status={status}"
    line = f"{{{{Match feedback|{fields}}}}} ~~~~"
    fake.edit(FEEDBACK, f"{text}\n== {learner} and {sharer} ==\n{line}\n", user=user)


def row_of(text: str, learner: str, sharer: str, skill: str) -> str:
    """The table row whose answer links are about this suggestion."""
    for row in text.split("\n|-\n"):
        for _, fields, _ in answer_links(row):
            if values(fields)[:3] == (learner, sharer, skill):
                return row
    raise AssertionError(f"no answer links for {learner}, {sharer}, {skill}")


def test_rows_carry_accept_and_decline_links_that_preload_the_feedback_line(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    text = fake.text(MATCHES) or ""
    links = answer_links(text)
    assert links, "Matches has no answer links"
    assert {page for page, _, _ in links} == {FEEDBACK}
    statuses = {values(fields)[3] for _, fields, _ in links}
    assert statuses == {"accepted", "declined"}
    for _, fields, _ in links:
        assert fields["action"] == ["edit"] and fields["section"] == ["new"]
        assert len(values(fields)) == 4
    form = fake.text(FORM) or ""
    assert "{{Match feedback|learner=$1|sharer=$2|skill=$3|status=$4}}" in form


def test_an_answer_saved_by_the_learner_holds_the_pair_and_is_counted(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    _, fields, _ = answer_links(fake.text(MATCHES) or "")[0]
    learner, sharer, skill, _ = values(fields)
    answer(fake, learner, learner, sharer, skill, "accepted")
    run(config, fake, clock)
    text = fake.text(MATCHES) or ""
    statuses = [
        values(f)[3] for _, f, _ in answer_links(text) if values(f)[:3] == (learner, sharer, skill)
    ]
    assert statuses == ["met", "declined"]
    assert "Accepted: held until it is met or declined" in row_of(text, learner, sharer, skill)
    assert "1 suggestion is accepted and held." in (fake.text(STATISTICS) or "")
    assert "neither the learner" not in (fake.text(PROBLEMS) or "")


def test_an_answer_saved_by_someone_else_is_ignored_and_reported(
    config: str, fake: FakeWiki, clock: TickingClock
) -> None:
    run(config, fake, clock)
    _, fields, _ = answer_links(fake.text(MATCHES) or "")[0]
    learner, sharer, skill, _ = values(fields)
    fake.create_account("Mallory")
    answer(fake, "Mallory", learner, sharer, skill, "declined")
    run(config, fake, clock)
    text = fake.text(MATCHES) or ""
    assert any(values(f)[:3] == (learner, sharer, skill) for _, f, _ in answer_links(text))
    problems = fake.text(PROBLEMS) or ""
    assert "Mallory" in problems
    assert "neither the learner, the sharer nor a coordinator" in problems
    run(config, fake, clock)
    assert "Mallory" in (fake.text(PROBLEMS) or ""), "the ignored line is still reported"
