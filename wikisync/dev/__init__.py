"""Developer tooling, not needed to run the bot: the throw-away local MediaWiki, a plain-HTTP
editor, the sample and synthetic programmes, the in-memory wiki, the benchmark and the
matching baselines it is measured against.
"""
