"""The titles the bot may edit: one rule, built once from the settings, for every edit.

Generated pages, tidy rewrites and the registrants' list on a directory page all go through
the same check (talk-page notifications follow their own rules, in :mod:`wikisync.writing.notify`).
The rule holds exact titles and prefixes; a prefix ``X`` allows ``X`` itself and its
subpages ``X/…``, never a look-alike such as ``Xyz``, and a talk page or another namespace
is a title of its own. Titles are compared as MediaWiki writes them: underscores as
spaces, runs of spaces collapsed, and the first letter upper-cased, of the title and of
the part after a namespace (``user:admin`` is ``User:Admin``).
"""

from __future__ import annotations

from wikisync.settings.programme import Sources
from wikisync.writing.safety import AllowedTitles


def programme_titles(bot: str, prefix: str, sources: Sources) -> AllowedTitles:
    """What the bot may edit for a programme whose pages are under ``prefix``.

    The programme's pages, the bot's user space, the directory pages named by title or
    prefix in the settings, and the page of the registrants' list. Pages found only
    because they transclude a template are not in it.
    """
    directory = sources.directory
    return AllowedTitles(
        titles=frozenset((*directory.titles, sources.new_entries)),
        prefixes=(prefix, f"User:{bot}", directory.prefix),
    )
