"""Writing, the only step of a run with effects: the guards every edit goes through,
carrying out a plan job by job, and talk-page messages.
"""
