"""How a run tells the operator what it is doing: a progress bar or log lines.

On a terminal, long steps (saving pages) show a progress bar and the rest stays quiet;
elsewhere (cron, systemd, Toolforge) every step is a plain log line on stderr, or a JSON
object per line with ``--log-format json`` for log collectors. Steps report through the
standard :mod:`logging` module (logger ``wikisync``) and a :class:`Progress` object.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any, Protocol, TextIO

import click

LOGGER = "wikisync"
LOG_FORMATS = ("text", "json")


class Progress(Protocol):
    """A step with a known number of items: started, advanced item by item, finished."""

    def start(self, step: str, total: int) -> None:
        """A step of ``total`` items begins."""
        ...

    def advance(self, item: str, outcome: str) -> None:
        """One item is done, with its outcome."""
        ...

    def finish(self) -> None:
        """The step is over."""
        ...


class LogProgress:
    """One log line per item: for runs nobody watches."""

    def __init__(self) -> None:
        self._log = logging.getLogger(LOGGER)
        self._step = ""
        self._total = 0
        self._done = 0

    def start(self, step: str, total: int) -> None:
        """Log the start of the step."""
        self._step, self._total, self._done = step, total, 0
        self._log.info("%s: %d to do", step, total)

    def advance(self, item: str, outcome: str) -> None:
        """Log one item."""
        self._done += 1
        self._log.info("%s %d/%d: %s (%s)", self._step, self._done, self._total, item, outcome)

    def finish(self) -> None:
        """Nothing more to say: the run's summary follows."""


class BarProgress:
    """A progress bar on the terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._bar: Any = None

    def start(self, step: str, total: int) -> None:
        """Show a bar for the step."""
        self.finish()
        bar = click.progressbar(length=total, label=step, file=self._stream, show_pos=True)
        self._bar = bar.__enter__()

    def advance(self, item: str, outcome: str) -> None:
        """Move the bar on."""
        if self._bar is not None:
            self._bar.update(1)

    def finish(self) -> None:
        """Close the bar."""
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


def progress_for(stream: TextIO) -> Progress:
    """A bar when ``stream`` is a terminal, log lines otherwise."""
    return BarProgress(stream) if stream.isatty() else LogProgress()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger and message."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a JSON line."""
        stamp = dt.datetime.fromtimestamp(record.created, dt.UTC)
        return json.dumps(
            {
                "time": stamp.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "level": record.levelname.lower(),
                "logger": record.name,
                "message": record.getMessage(),
            },
            ensure_ascii=False,
        )


def configure_logging(log_format: str, stream: TextIO, *, verbose: bool) -> None:
    """Send wikisync's log lines to ``stream``: quiet on a terminal unless ``verbose``."""
    handler = logging.StreamHandler(stream)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S%z")
        )
    logger = logging.getLogger(LOGGER)
    logger.handlers[:] = [handler]
    logger.propagate = False
    quiet = stream.isatty() and not verbose and log_format == "text"
    logger.setLevel(logging.WARNING if quiet else logging.INFO)
