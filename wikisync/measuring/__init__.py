"""Shared measurement: the indicators a programme defines, the measures the bot computes
from its data, the per-period snapshots kept in the state, and their tabular export."""
