"""The generated pages as they stand, read only where the bot cannot know them.

A revision id names one text for good. When a page's current revision is one the bot has
read before and knew to be its own last save (its frame: the text around the bot's
section, and a hash of the whole text), and the new body gives back exactly that text,
the page is the bot's own and unchanged: it is rebuilt from the frame, without reading its
text. Any doubt (another revision, no frame, another body, a hash that differs) reads the
page as before. Frames are taken only from texts read from the wiki, never from what the
bot sent, since the wiki may normalise a saved text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from wikisync.interfaces import PageReader, PageText
from wikisync.render.markers import section_frame
from wikisync.running.state import PageFrame, PageRecord


class FrameStore(Protocol):
    """What the state tells about the generated pages the bot saved."""

    def page_records(self) -> dict[str, PageRecord]: ...

    def page_frames(self, revisions: Mapping[str, int]) -> dict[str, PageFrame]: ...


@dataclass(frozen=True, slots=True)
class CurrentPages:
    """The pages as they stand (title -> page), how many were read, and the frames of the
    bot's own pages among those read, for the next runs."""

    pages: dict[str, PageText]
    read: int
    frames: tuple[PageFrame, ...]


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
    known: dict[str, PageText] = {}
    records: dict[str, PageRecord] = {}
    if store is not None:
        records = store.page_records()
        revisions = reader.revisions([title for title in rendered if title in records])
        frames = store.page_frames({title: rev for title, rev in revisions.items() if rev})
        for title, frame in frames.items():
            page = rebuilt_page(frame, rendered[title][1])
            if page is not None:
                known[title] = page
    wanted = [title for title in rendered if title not in known]
    read = reader.read_pages([*wanted, *also])
    new_frames = own_frames((read[title] for title in wanted), rendered, records)
    return CurrentPages({**read, **known}, len(read), tuple(new_frames))


def rebuilt_page(frame: PageFrame, body: str) -> PageText | None:
    """The page as it stands when ``body`` is the body its frame held, else None."""
    text = f"{frame.head}\n{body}\n{frame.tail}"
    if text_hash(text) != frame.content_hash:
        return None
    return PageText(frame.title, True, frame.revision, text=text)


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
