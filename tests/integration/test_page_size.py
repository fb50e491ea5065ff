"""The wiki's size limit, as siteinfo gives it to the bot."""

from __future__ import annotations

from wikisync import wiki
from wikisync.interfaces import DEFAULT_MAX_ARTICLE_SIZE


def test_the_bot_reads_the_wiki_s_size_limit_from_siteinfo(bot: wiki.Wiki) -> None:
    assert bot.max_article_size == DEFAULT_MAX_ARTICLE_SIZE
