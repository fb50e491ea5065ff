"""What the roster reads from earlier runs, request by request."""

from __future__ import annotations

import numpy as np

from wikisync.matching.roster import RequestPositions
from wikisync.model import LearnRequest


def test_requests_are_found_by_their_normal_learner_and_skill() -> None:
    positions = RequestPositions(["Ana", "Ana", "Bo Li"], ["git", "lua", "git"])
    asked = [
        LearnRequest("bo_Li", "git"),
        LearnRequest("Ana", "lua"),
        LearnRequest("Ana", "css"),
        LearnRequest("Cy", "git"),
    ]
    assert positions.of(asked).tolist() == [2, 1, -1, -1]
    assert positions.of([]).tolist() == []


def test_values_spread_to_their_requests_the_later_of_two_names_winning() -> None:
    positions = RequestPositions(["Ana", "Bo"], ["git", "git"])
    requests = {
        LearnRequest("ana", "git"): 4,
        LearnRequest("Zed", "git"): 9,
        LearnRequest("Ana", "git"): 7,
    }
    values = np.array(list(requests.values()), dtype=np.int64)
    assert positions.spread(requests, values, -1).tolist() == [7, -1]
    assert positions.spread({}, np.zeros(0, dtype=np.int64), 0).tolist() == [0, 0]
