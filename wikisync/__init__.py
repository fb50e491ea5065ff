"""wikisync: matches learners with people who share skills on a MediaWiki wiki."""

from wikisync.errors import ConfigError, WikiError, WikisyncError

__all__ = ["ConfigError", "WikiError", "WikisyncError", "__version__"]
__version__ = "0.1.0"
