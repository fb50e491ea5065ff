"""Run the ``check`` job now, as a pywikibot script.

    PYWIKIBOT_DIR=.devwiki pwb wikisync_check -simulate     # show, save nothing
    PYWIKIBOT_DIR=.devwiki pwb wikisync_check               # show, then ask before saving
    PYWIKIBOT_DIR=.devwiki pwb wikisync_check -always       # save without asking (cron)

Options: ``-settings:FILE`` (wikisync.toml; default as for the ``wikisync`` command),
``-force`` (read and match even if no source page changed), ``-always``, and pywikibot's
global options (``-simulate``, ``-site:``, ``-user:``, ``-dir:`` ...).
"""

from __future__ import annotations

import sys

from wikisync.running.scripting import run_script

JOBS: tuple[str, ...] = ("check",)


def main(*args: str) -> None:
    """Run the job with pywikibot's login and wikisync's settings."""
    sys.exit(run_script(JOBS, args))


if __name__ == "__main__":
    main(*sys.argv[1:])
