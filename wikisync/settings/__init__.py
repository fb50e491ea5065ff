"""Settings: the local ``wikisync.toml``, the on-wiki programme settings, their validation
and the password file.
"""
