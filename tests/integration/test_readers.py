"""People kept in other shapes, read by a run on the real wiki and matched.

A mentor list saved as a JSON content page in the bot's user space, a list of people saved
as JSON on a wikitext page, and profile pages whose categories the taxonomy maps to skills:
each is named by a reader in the programme settings, and its people appear on the Matches
page like those of the directory.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.running import operations

BOT = "SyncBot"
MENTORS = f"User:{BOT}/Mentors.json"
LIST = "Let's Connect/Mentors.json"
PROFILES = ("User:Kofi Mensah/Profile", "User:Lena Fischer")
MATCHES = "Let's Connect/Matches"
ACCOUNTS = ("Ama Owusu", "Bruno Costa", "Ines Moreau", "Kofi Mensah", "Lena Fischer")

TAXONOMY = """Skills of the programme.

{{Skill | id = video-editing | label = Video editing
 | learn_category = Wikipedians who want to learn video editing }}
{{Skill | id = translation | label = Translation | share_category = Wikipedians who translate }}
{{Skill | id = wikidata | label = Wikidata
 | learn_category = Category:Wikipedians who want to learn Wikidata }}
{{Skill | id = proposal-writing | label = Proposal writing }}
"""
SETTINGS: dict[str, Any] = {
    "sources": {
        "taxonomy": "Let's Connect/Skills taxonomy",
        "readers": [
            {"titles": [MENTORS, LIST], "format": "json"},
            {"titles": list(PROFILES), "format": "categories"},
        ],
    },
    "templates": {"ignored_parameters": ["message", "weight", "automaticallyAssigned"]},
    "matching": {"language_policy": "preferred"},
    "pages": {"prefix": "Let's Connect", "status": f"User:{BOT}/Status"},
}
MENTOR_LIST = {
    "Mentors": {
        "2": {"username": "Ama Owusu", "message": "Videos for Commons", "weight": 2,
              "automaticallyAssigned": True, "share": ["Video editing"], "languages": "en"},
        "3": {"username": "Bruno Costa", "message": None, "weight": 4,
              "automaticallyAssigned": False, "share": ["Translation"], "languages": "pt, en"},
    }
}  # fmt: skip
PEOPLE = [{"username": "Ines Moreau", "share": ["Wikidata"], "learn": "Translation",
           "languages": ["fr-N", "en-3"]}]  # fmt: skip
PROFILE_TEXTS = {
    PROFILES[0]: "I make videos.\n[[Category:Wikipedians who want to learn video editing|Kofi]]\n"
    "[[category:Wikipedians in Ghana]]\n",
    PROFILES[1]: "[[Category:Wikipedians_who_translate]]\n"
    "[[Category:Wikipedians who want to learn Wikidata]]\n<!-- [[Category:Hidden]] -->\n",
}


@pytest.fixture(scope="module")
def loaded(devwiki: DevWiki) -> None:
    devwiki.create_accounts(ACCOUNTS)
    devwiki.load(
        {
            f"User:{BOT}/wikisync.json": json.dumps(SETTINGS, indent=1),
            f"User:{BOT}/Run": "yes\n",
            "Let's Connect/Skills taxonomy": TAXONOMY,
            MENTORS: json.dumps(MENTOR_LIST, indent=1),
            LIST: '<syntaxhighlight lang="json">\n' + json.dumps(PEOPLE, indent=1) + "\n"
            "</syntaxhighlight>\n",
            **PROFILE_TEXTS,
        },
        "people in other shapes",
    )


def content_model(human: Editor, title: str) -> str:
    pages = human._get(action="query", prop="info", titles=title)["query"]["pages"]
    return str(pages[0]["contentmodel"])


@pytest.mark.usefixtures("loaded")
def test_json_pages_and_profile_categories_are_read_and_matched(
    devwiki: DevWiki, human: Editor
) -> None:
    assert (content_model(human, MENTORS), content_model(human, LIST)) == ("json", "wikitext")
    done = operations.sync(str(devwiki.settings_file))
    people = {p.username: (p.shares, p.learns) for p in done.inputs.people}
    assert people == {
        "Ama Owusu": (("video-editing",), ()),
        "Bruno Costa": (("translation",), ()),
        "Ines Moreau": (("wikidata",), ("translation",)),
        "Kofi Mensah": ((), ("video-editing",)),
        "Lena Fischer": (("translation",), ("wikidata",)),
    }
    pairs = {(s.learner, s.sharer, s.skill) for s in done.result.suggestions}
    assert pairs >= {
        ("Kofi Mensah", "Ama Owusu", "video-editing"),
        ("Lena Fischer", "Ines Moreau", "wikidata"),
    }
    assert any(pair[0] == "Ines Moreau" and pair[2] == "translation" for pair in pairs)
    matches = human.text(MATCHES) or ""
    assert all(name in matches for name in ACCOUNTS)
    reading = [p for p in done.inputs.problems if p.code in ("invalid-json", "json-bad-value")]
    assert reading == []
