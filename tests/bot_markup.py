"""Markup the bot itself writes that an injection scan must not count as user markup.

Generated pages hold no templates, tags or comments of their own, with two exceptions that
``wikisync.render.pages.forms`` builds: the ``{{fullurl:{{TALKPAGENAME:…}}|query}}`` of a
"propose" link and the ``{{fullurl:<feedback page>|query}}`` of an answer link, whose
queries hold percent-encoded values only, and the ``<includeonly>~~</includeonly>`` that
completes a form page's preloaded signature. A scan recognises them exactly, so anything
else of the kind still counts.
"""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Node, Tag, Template

from wikisync.dev.sample import FEEDBACK
from wikisync.render.settings import PageSettings

#: The query of a form link: percent-encoded values only.
FORM_QUERY = re.compile(r"^action=edit&section=new(&[a-z]+(%5B%5D)?=[A-Za-z0-9%.-]*)+$")
FORM_PAGE = re.compile(
    rf"^(\{{\{{TALKPAGENAME:{re.escape(PageSettings().clinics_title)}\}}\}}|{re.escape(FEEDBACK)})$"
)
SIGNATURE_END = "<includeonly>~~</includeonly>"


def is_form_link(node: Node) -> bool:
    """True for the ``{{fullurl:{{TALKPAGENAME:…}}|query}}`` of a link the bot builds,
    and for the ``{{TALKPAGENAME:…}}`` inside it."""
    if not isinstance(node, Template):
        return False
    name = str(node.name)
    if name.startswith("TALKPAGENAME:"):
        return bool(FORM_PAGE.match("{{" + name + "}}")) and not node.params
    if not name.startswith("fullurl:") or len(node.params) != 1:
        return False
    query = str(node.params[0])
    return bool(FORM_PAGE.match(name.removeprefix("fullurl:")) and FORM_QUERY.match(query))


def is_form_signature(node: Node) -> bool:
    """True for the end of a form page's preloaded signature."""
    return isinstance(node, Tag) and str(node) == SIGNATURE_END


def is_bot_markup(node: Node) -> bool:
    """True for either construct of the bot's forms."""
    return is_form_link(node) or is_form_signature(node)
