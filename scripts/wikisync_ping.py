"""Log in and print the site, the account, its rights and whether the bot flag is present.

Run it with pywikibot's configuration (``user-config.py``), either directly::

    PYWIKIBOT_DIR=.devwiki python scripts/wikisync_ping.py

or through pywikibot's wrapper, with this folder in ``user_script_paths``::

    PYWIKIBOT_DIR=.devwiki pwb wikisync_ping

pywikibot's global options apply (``-site:``, ``-user:``, ``-simulate``, ``-dir:`` ...).
"""

from __future__ import annotations

import sys

from wikisync import wiki
from wikisync.running.scripting import reporting_errors


def main(*args: str) -> None:
    """Log in with pywikibot's settings and describe the account."""
    sys.exit(reporting_errors(lambda: ping(args)))


def ping(args: tuple[str, ...]) -> int:
    """Print the site, the account, its rights and its bot flag; the exit code."""
    connection, _ = wiki.script_site(args)
    account = connection.account()
    print(f"site:     {account.site}")
    print(f"user:     {account.user}")
    print(f"groups:   {', '.join(account.groups)}")
    print(f"rights:   {', '.join(account.rights)}")
    print(f"bot flag: {'yes' if account.has_bot_flag else 'no'}")
    return 0


if __name__ == "__main__":
    main(*sys.argv[1:])
