"""The bots exclusion convention: ``{{nobots}}`` and ``{{bots|allow=…|deny=…}}`` on a page.

MediaWiki does not enforce it; well-behaved bots check it themselves before editing a page
that people own. The rules are those of pywikibot's ``botMayEdit``:

- ``{{nobots}}`` denies every bot; ``{{bots}}`` with no parameters allows every bot;
- ``{{bots|allow=A,B}}`` allows only the bots listed (``all`` allows all, ``none`` none);
- ``{{bots|deny=A,B}}`` denies the bots listed (``all`` denies all, ``none`` none);
- ``{{bots|optout=…}}`` concerns notifications only and does not block edits.
"""

from __future__ import annotations

import mwparserfromhell


def bot_may_edit(text: str, bot: str) -> bool:
    """Whether ``bot`` may edit a page holding ``text``.

    Both templates have "bots" in their name, so a page without those letters is settled
    without parsing it (most pages: the parse is the slowest part of planning).
    """
    if "bots" not in text.lower():
        return True
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        name = _template_name(str(template.name))
        if name == "Nobots":
            return False
        if name != "Bots":
            continue
        for param in template.params:
            key = str(param.name).strip().lower()
            names = _names(str(param.value))
            if key == "allow":
                return "all" in names or bot.lower() in names
            if key == "deny":
                return not ("all" in names or bot.lower() in names)
    return True


def accepts_messages(text: str, bot: str, kind: str = "wikisync") -> bool:
    """Whether a talk page holding ``text`` takes messages from ``bot``.

    No when the bot may not edit it at all, or when ``{{bots|optout=…}}`` lists ``all`` or
    the message ``kind``.
    """
    if not bot_may_edit(text, bot):
        return False
    for template in mwparserfromhell.parse(text).filter_templates(recursive=True):
        if _template_name(str(template.name)) != "Bots":
            continue
        for param in template.params:
            if str(param.name).strip().lower() == "optout":
                kinds = _names(str(param.value))
                if "all" in kinds or kind.lower() in kinds:
                    return False
    return True


def _template_name(raw: str) -> str:
    name = raw.strip().replace("_", " ")
    name = name.removeprefix("Template:").removeprefix("template:")
    return name[:1].upper() + name[1:]


def _names(value: str) -> set[str]:
    return {part.strip().lower() for part in value.split(",") if part.strip()}
