"""The generated pages as they stand, read only where the bot cannot know them.

A revision id names one text for good. When a page's current revision is one the bot has
read before and knew to be its own last save (its frame: the text around the bot's
section, and a hash of the whole text), and the new body gives back exactly that text,
the page is the bot's own and unchanged: it is rebuilt from the frame, without reading its
text. Any doubt (another revision, no frame, another body, a hash that differs) reads the
page as before. Frames are taken only from texts read from the wiki, never from what the
bot sent, since the wiki may normalise a saved text.

A page rebuilt from its frame is put together again each time it is asked for, from the
frame and the body it was checked against, so that the pages as they stand cost no second
copy of the bodies the run renders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from wikisync.interfaces import PageReader, PageText
from wikisync.render.markers import framed, section_frame
from wikisync.running.state import PageFrame, PageRecord


class FrameStore(Protocol):
    """What the state tells about the generated pages the bot saved."""

    def page_records(self) -> dict[str, PageRecord]: ...

    def page_frames(self, revisions: Mapping[str, int]) -> dict[str, PageFrame]: ...


@dataclass(frozen=True, slots=True)
class CurrentPages:
    """The pages as they stand (title -> page), how many were read, and the frames of the
    bot's own pages among those read, for the next runs."""

    pages: Mapping[str, PageText]
    read: int
    frames: tuple[PageFrame, ...]


class RebuiltPages(Mapping[str, PageText]):
    """Pages as read, and the bot's own pages rebuilt from their frames (title -> (frame,
    the body the page holds)), each put together when it is asked for."""

    def __init__(
        self, read: Mapping[str, PageText], rebuilt: Mapping[str, tuple[PageFrame, str]]
    ) -> None:
        self._read = {title: page for title, page in read.items() if title not in rebuilt}
        self._rebuilt = dict(rebuilt)

    def __getitem__(self, title: str) -> PageText:
        if title in self._rebuilt:
            frame, body = self._rebuilt[title]
            return PageText(frame.title, True, frame.revision, text=framed_text(frame, body))
        return self._read[title]

    def __iter__(self) -> Iterator[str]:
        yield from self._read
        yield from self._rebuilt

    def __len__(self) -> int:
        return len(self._read) + len(self._rebuilt)

    def __contains__(self, title: object) -> bool:
        return title in self._rebuilt or title in self._read


def text_hash(text: str) -> str:
    """The hash the state keeps of a page's text."""
    return hashlib.sha256(text.encode()).hexdigest()


def current_pages(
    reader: PageReader,
    store: FrameStore | None,
    rendered: Mapping[str, tuple[str, str]],
    also: Iterable[str] = (),
) -> CurrentPages:
    """The generated pages ``rendered`` (title -> (marker name, body)) and the pages
    ``also`` as they stand, each as :meth:`PageReader.read_pages` gives it."""
    known: dict[str, tuple[PageFrame, str]] = {}
    records: dict[str, PageRecord] = {}
    if store is not None:
        records = store.page_records()
        revisions = reader.revisions([title for title in rendered if title in records])
        frames = store.page_frames({title: rev for title, rev in revisions.items() if rev})
        for title, frame in frames.items():
            body = rendered[title][1]
            if holds(frame, body):
                known[title] = (frame, body)
    wanted = [title for title in rendered if title not in known]
    read = reader.read_pages([*wanted, *also])
    new_frames = own_frames((read[title] for title in wanted), rendered, records)
    return CurrentPages(RebuiltPages(read, known), len(read), tuple(new_frames))


def framed_text(frame: PageFrame, body: str) -> str:
    """The text of the page of ``frame`` with ``body`` as its section."""
    return framed((frame.head, frame.tail), body)


def holds(frame: PageFrame, body: str) -> bool:
    """Whether the page as its frame saw it holds ``body`` (its whole text hashes the same)."""
    return text_hash(framed_text(frame, body)) == frame.content_hash


def own_frames(
    pages: Iterable[PageText],
    rendered: Mapping[str, tuple[str, str]],
    records: Mapping[str, PageRecord],
) -> list[PageFrame]:
    """The frames of the pages read whose revision is the one the bot last saved."""
    frames = []
    for page in pages:
        record = records.get(page.title)
        if not page.exists or record is None or record.revision != page.revision:
            continue
        parts = section_frame(page.text, rendered[page.title][0])
        if parts is not None:
            head, tail = parts
            frames.append(PageFrame(page.title, page.revision, text_hash(page.text), head, tail))
    return frames
