"""The totals the reliability tests report at the end of the session.

A module of its own, not the conftest: every test folder has a ``conftest`` module, so
importing one by that name can find another folder's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ReliabilityReport:
    """Totals of what the reliability tests tried and what went wrong."""

    injected: list[str] = field(default_factory=list)
    survived: list[str] = field(default_factory=list)
    bad_inputs: int = 0
    human_edits_checked: int = 0
    human_edits_lost: int = 0
    private_values_checked: int = 0
    private_values_leaked: int = 0
    injections_tried: int = 0
    injections_effective: int = 0

    def fault(self, name: str) -> None:
        """A fault was injected."""
        self.injected.append(name)

    def fault_survived(self, name: str) -> None:
        """A fault was survived: the run ended well or stopped clearly, and converged."""
        self.survived.append(name)

    def human_edits(self, checked: int, lost: int) -> None:
        """People's edits looked for after a fault, and how many were gone."""
        self.human_edits_checked += checked
        self.human_edits_lost += lost

    def private_values(self, checked: int, leaked: int) -> None:
        """Private values searched for in everything a run produced, and how many were found."""
        self.private_values_checked += checked
        self.private_values_leaked += leaked

    def injections(self, tried: int, effective: int) -> None:
        """Markup constructs from user text, and how many acted on a generated page."""
        self.injections_tried += tried
        self.injections_effective += effective

    def data(self) -> dict[str, Any]:
        """The totals as plain data, as a test worker sends them to the session's main process."""
        return asdict(self)

    def add(self, data: dict[str, Any]) -> None:
        """Add the totals of :meth:`data` from another process (a test worker)."""
        for name, value in data.items():
            setattr(self, name, getattr(self, name) + value)

    def lines(self) -> list[str]:
        """The report as printed at the end of the session."""
        return [
            f"faults injected:        {len(self.injected)} ({len(set(self.injected))} kinds)",
            f"faults survived:        {len(self.survived)} of {len(self.injected)}",
            f"bad inputs tried:       {self.bad_inputs}",
            f"human edits lost:       {self.human_edits_lost} of {self.human_edits_checked}",
            f"private values leaked:  {self.private_values_leaked} of "
            f"{self.private_values_checked} searched",
            f"injections that acted:  {self.injections_effective} of {self.injections_tried}",
        ]


#: The session's report, filled by the tests and printed by the conftest's summary hook.
REPORT = ReliabilityReport()
