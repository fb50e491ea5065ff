"""People from profile pages whose categories say what they share and learn.

The ``categories`` format of :mod:`wikisync.reading.readers`, in the way MatchBot reads profiles on
English Wikipedia: each page of the reader's page set is one person, named by the page
title (``User:Ama`` or ``User:Ama/Profile`` -> ``Ama``), and the page's ``[[Category:…]]``
links (sort keys ignored; any case; English, French, Spanish, Portuguese and Arabic
namespace names; not ``[[:Category:…]]``, which only links to a category, nor links in a
comment or a ``<nowiki>``-like tag) are kept in the
entry's ``categories`` field. Normalisation maps them to skills through the taxonomy's
``share_category`` and ``learn_category`` (see :class:`wikisync.normalize.skills.SkillIndex`),
so that a change to the taxonomy needs no new read of the profiles; categories the taxonomy
does not name are ignored. Only categories written on the page count, not those a template
on it adds.
"""

from __future__ import annotations

import re

from wikisync.model import EntryKind, Problem, RawEntry, SourceRef
from wikisync.normalize.hidden import visible_text
from wikisync.normalize.skills import CATEGORIES_FIELD, category_key
from wikisync.normalize.usernames import title_username

_CATEGORY_LINK = re.compile(
    r"\[\[\s*(?:category|catégorie|categoría|categoria|تصنيف)\s*:(?P<name>[^\[\]|{}<>\n]+)"
    r"(?:\|[^\[\]]*)?\]\]",
    re.IGNORECASE,
)


def read_profile(
    text: str, title: str, revision: int, *, page: str = ""
) -> tuple[list[RawEntry], list[Problem]]:
    """The person of one profile page: the account in its title, its categories.

    ``page`` names the page in provenance when that is not its title (a local file).
    """
    visible = visible_text(text, literal=True)
    names = dict.fromkeys(
        category_key(match.group("name")) for match in _CATEGORY_LINK.finditer(visible)
    )
    fields = {"username": username_from_title(title), CATEGORIES_FIELD: "\n".join(names)}
    return [RawEntry(EntryKind.DIRECTORY, fields, SourceRef(page or title, revision, 0, 1))], []


def username_from_title(title: str) -> str:
    """The account a user page or subpage belongs to (``User:Ama/Profile`` -> ``Ama``); ""
    for a page outside the user namespace."""
    return title_username(title) or ""
