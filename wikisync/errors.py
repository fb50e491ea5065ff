"""The exceptions wikisync raises on purpose.

Expected outcomes of a write (no change, edit conflict, protected page ...) are typed
results, not exceptions. Exceptions are for conditions that stop a command::

    WikisyncError                 base; the CLI prints its message and exits non-zero
    ├── ConfigError               a local or on-wiki setting is missing or invalid
    ├── DevWikiError              the local development wiki cannot be set up or run
    │   └── MissingPackagesError  Debian packages it needs are not installed
    ├── CredentialsError          password file missing, unsafe or without an entry
    ├── WikiError                 the wiki cannot be used
    │   ├── WikiUnreachableError  no answer from the API
    │   ├── LoginFailedError      the wiki refused the login
    │   ├── AccountRightsError    the account lacks the bot flag or a right a run needs
    │   └── InteractionRequired   pywikibot wanted to prompt; wikisync never does
    └── LockedError               another run holds the state lock
"""

from __future__ import annotations


class WikisyncError(Exception):
    """Base class: a condition that stops the command with a clear message."""

    exit_code = 1


class ConfigError(WikisyncError):
    """A setting is missing or invalid; raised before any edit."""

    exit_code = 2


class DevWikiError(WikisyncError):
    """The local development wiki cannot be installed, started or used."""


class MissingPackagesError(DevWikiError):
    """Debian packages the development wiki needs are not installed."""

    def __init__(self, packages: list[str]) -> None:
        self.packages = packages
        names = " ".join(packages)
        super().__init__(
            f"missing Debian packages: {names}. Install them with "
            f"'apt-get install -y {names}' or run 'wikisync devwiki up --install' as root."
        )


class CredentialsError(WikisyncError):
    """The password file is missing, readable by others, or has no entry for the account."""

    exit_code = 2


class WikiError(WikisyncError):
    """The wiki cannot be used for this run."""

    exit_code = 3


class AccountRightsError(WikiError):
    """The bot account lacks the bot flag or a right that a run needs."""


class WikiUnreachableError(WikiError):
    """The wiki's API does not answer."""


class LoginFailedError(WikiError):
    """The wiki refused the login (wrong password, unknown account, missing grants)."""


class InteractionRequired(WikiError):
    """pywikibot asked a question; wikisync runs unattended and never answers prompts."""


class LockedError(WikisyncError):
    """Another wikisync run holds the lock on the state file."""

    exit_code = 4
