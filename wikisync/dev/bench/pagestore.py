"""Pages kept in a file, title -> text, each read when it is asked for.

The bench's runs keep the wiki's side in these: the source pages and the generated pages as
the last run left them. A bot does not hold the wiki's pages in its own memory, so a run
measured against a store holds only the pages it is working on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, MutableMapping
from pathlib import Path
from types import TracebackType


class PageStore(MutableMapping[str, str]):
    """Page texts by title in an SQLite file, iterated in title order."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS page (title TEXT PRIMARY KEY, text TEXT NOT NULL)"
        )

    def __enter__(self) -> PageStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __getitem__(self, title: str) -> str:
        row = self._db.execute("SELECT text FROM page WHERE title = ?", (title,)).fetchone()
        if row is None:
            raise KeyError(title)
        return str(row[0])

    def __setitem__(self, title: str, text: str) -> None:
        self.put(((title, text),))

    def __delitem__(self, title: str) -> None:
        with self._db:
            deleted = self._db.execute("DELETE FROM page WHERE title = ?", (title,))
        if not deleted.rowcount:
            raise KeyError(title)

    def clear(self) -> None:
        """Forget every page."""
        with self._db:
            self._db.execute("DELETE FROM page")

    def __iter__(self) -> Iterator[str]:
        titles = self._db.execute("SELECT title FROM page ORDER BY title").fetchall()
        return iter([str(title) for (title,) in titles])

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM page").fetchone()[0])

    def __contains__(self, title: object) -> bool:
        query = "SELECT 1 FROM page WHERE title = ?"
        return isinstance(title, str) and self._db.execute(query, (title,)).fetchone() is not None

    def put(self, pages: Iterable[tuple[str, str]]) -> None:
        """Save every (title, text) of ``pages``, replacing what a title held, at once."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO page (title, text) VALUES (?, ?)", pages)

    def largest(self) -> tuple[str, int]:
        """The title and size in UTF-8 bytes of the largest page (of those as large, the
        last title); ("", 0) when there is none."""
        row = self._db.execute(
            "SELECT title, length(CAST(text AS BLOB)) AS size FROM page "
            "ORDER BY size DESC, title DESC LIMIT 1"
        ).fetchone()
        return ("", 0) if row is None else (str(row[0]), int(row[1]))
