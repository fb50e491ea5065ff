"""API requests are counted by kind from their real parameters."""

from __future__ import annotations

import requests

from wikisync.interfaces import request_kind


def prepared(method: str, params: dict[str, str]) -> requests.PreparedRequest:
    url = "http://127.0.0.1:1/api.php"
    if method == "GET":
        return requests.Request("GET", url, params=params).prepare()
    return requests.Request("POST", url, data=params).prepare()


def test_queries_are_named_by_their_modules() -> None:
    request = prepared("POST", {"action": "query", "prop": "revisions|info", "titles": "A|B"})
    assert request_kind(request) == "query:prop=revisions|info"
    request = prepared("GET", {"action": "query", "list": "users", "meta": "tokens"})
    assert request_kind(request) == "query:list=users&meta=tokens"


def test_other_actions_are_named_by_action() -> None:
    assert (
        request_kind(prepared("POST", {"action": "edit", "title": "X", "text": "a=b&c"})) == "edit"
    )
    assert request_kind(prepared("GET", {})) == "other"
