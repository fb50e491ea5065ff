"""Pre-filled forms: pages the bot keeps for MediaWiki's ``preload``, and the links that
open a new section, on a talk page or on the feedback page, with one of them filled in.

MediaWiki fills a new section's edit box from the page named by ``preload``, with ``$1``,
``$2`` … replaced by the link's ``preloadparams[]`` (``EditPage::getPreloadedContent``),
and leaves out whatever is inside ``<noinclude>``. A form page therefore keeps its markers
inside ``<noinclude>`` (:func:`~wikisync.render.markers.wrap` with ``hidden``) and its body
closes that element first and opens it again at the end, so the person who follows a link
gets the filled-in text and nothing of the bot's. The signature is written
``~~<includeonly>~~</includeonly>`` so that saving the form does not sign it as the bot,
while the preloaded text reads ``~~~~``.

Links need no JavaScript and no extension: ``{{fullurl:}}`` and ``{{TALKPAGENAME:}}`` build
them on the wiki (so the talk namespace is the wiki's own), with every value
percent-encoded, so nothing in them can act as wikitext.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext, encode_link_target
from wikisync.render.links import link_target, page_link

MARKER = "form"

#: The signature the person who saves the section adds, kept whole only when preloaded.
PRELOADED_SIGNATURE = "~~<includeonly>~~</includeonly>"
#: The clinic proposal's values after the skill (``$1``), as ``$2``, ``$3`` …, named by the
#: candidates table's columns they are taken from.
CLINIC_COLUMNS = ("column-hosts", "column-interpretation", "column-slots")


#: The statuses a one-click answer can give, with the message that labels its link.
ANSWERS = {"accepted": "matches-accept", "declined": "matches-decline", "met": "matches-met"}


def form_pages(ctx: RenderContext) -> dict[str, str]:
    """Every form page: title -> body (the answer form only with a feedback page)."""
    pages = {ctx.settings.clinic_form_title: clinic_proposal_form(ctx)}
    if ctx.settings.feedback:
        pages[ctx.settings.answer_form_title] = answer_form(ctx)
    return pages


def answer_form(ctx: RenderContext) -> str:
    """The feedback line a one-click answer preloads (learner ``$1``, sharer ``$2``, skill
    ``$3``, status ``$4``) and its signature, followed by a note, not preloaded."""
    settings = ctx.settings
    fields = "|".join(
        f"{name}=${n}" for n, name in enumerate(("learner", "sharer", "skill", "status"), 1)
    )
    template = encode_link_target(settings.feedback_template)
    line = f"{{{{{template}|{fields}}}}} {PRELOADED_SIGNATURE}"
    note = ctx.messages.msg(
        "form-answer-note", page_link(settings.matches_title), page_link(settings.feedback)
    )
    return f"</noinclude>{line}<noinclude>\n\n{note}"


def answer_links(
    ctx: RenderContext, learner: str, sharer: str, skill: str, accepted: bool = False
) -> Wikitext:
    """The one-click answers of a suggestion: accept (met, once ``accepted``) and decline."""
    first = "met" if accepted else "accepted"
    return ctx.messages.join(
        [answer_link(ctx, learner, sharer, skill, status) for status in (first, "declined")]
    )


def answer_link(ctx: RenderContext, learner: str, sharer: str, skill: str, status: str) -> Wikitext:
    """A link that opens a new section on the feedback page holding the feedback line
    that gives this suggestion ``status``, for the person to check and save."""
    messages = ctx.messages
    heading = messages.msg("answer-heading", learner, sharer, ctx.skill_label(skill))
    return new_section_link(
        ctx.settings.feedback,
        ctx.settings.answer_form_title,
        heading,
        [learner, sharer, skill, status],
        messages.msg(ANSWERS[status]),
        on_talk_page=False,
    )


def clinic_proposal_form(ctx: RenderContext) -> str:
    """The clinic proposal a "propose this clinic" link preloads (the skill, then the
    candidates table's hosts, interpretation and times, then the questions to settle),
    followed by a note, not preloaded, on what the page is for."""
    messages = ctx.messages
    candidates = page_link(ctx.settings.clinics_title)
    fields = [
        messages.msg("generic-code-args", messages.msg(column), Wikitext(f"${n}"))
        for n, column in enumerate(CLINIC_COLUMNS, start=2)
    ]
    lines = [
        messages.msg("form-clinic-intro", Wikitext("$1"), candidates),
        *(f"* {field}" for field in fields),
        f"{messages.msg('form-clinic-question')} {PRELOADED_SIGNATURE}",
    ]
    text = "\n".join(lines)
    return f"</noinclude>{text}<noinclude>\n\n{messages.msg('form-note', candidates)}"


def new_section_link(
    page: str,
    form: str,
    heading: str,
    values: Sequence[str],
    label: Wikitext,
    on_talk_page: bool = True,
) -> Wikitext:
    """A link that opens a new section on the talk page of ``page`` (on ``page`` itself
    without ``on_talk_page``), headed ``heading`` and filled from ``form`` with ``values``
    as its ``$1``, ``$2`` …; ``label`` alone when a title is not valid."""
    talk_of, target = link_target(page), link_target(form)
    if talk_of is None or target is None or "#" in talk_of or "#" in target:
        return label
    query = "&".join(
        [
            "action=edit",
            "section=new",
            f"preload={_encoded(target)}",
            f"preloadtitle={_encoded(heading)}",
            *(f"preloadparams%5B%5D={_encoded(value)}" for value in values),
        ]
    )
    where = encode_link_target(talk_of)
    if on_talk_page:
        where = f"{{{{TALKPAGENAME:{where}}}}}"
    return Wikitext(f"[{{{{fullurl:{where}|{query}}}}} {label}]")


def _encoded(value: str) -> str:
    """``value`` percent-encoded whole, ``~`` and ``_`` included (no signature, no
    behaviour switch can form from it)."""
    return urllib.parse.quote(value, safe="").replace("~", "%7E").replace("_", "%5F")
