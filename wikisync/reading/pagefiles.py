"""Local wikitext files and the wiki pages they stand for.

One convention, used by ``wikisync devwiki load`` and the test fixtures: a file's path
below the folder being loaded, without its ``.wiki`` suffix, is the page title. Folders
become ``/`` (subpages), underscores become spaces, and ``%XX`` escapes are decoded for
characters a file name cannot hold. A namespace is written as in the title::

    Template:Skills directory entry.wiki        ->  Template:Skills directory entry
    Let's Connect/Skills directory/Africa.wiki  ->  Let's Connect/Skills directory/Africa
    User:SyncBot/wikisync.json.wiki             ->  User:SyncBot/wikisync.json
    Let's Connect/Skills directory/A%3FB.wiki   ->  Let's Connect/Skills directory/A?B

Files not ending in ``.wiki`` are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

SUFFIX = ".wiki"


def title_for(path: Path, root: Path) -> str:
    """The page title a file stands for, by the convention above."""
    relative = path.relative_to(root)
    parts = [*relative.parts[:-1], relative.name.removesuffix(SUFFIX)]
    return unquote("/".join(parts)).replace("_", " ")


def page_files(paths: Iterable[Path]) -> dict[str, Path]:
    """Titles to files for files and folders given on a command line, sorted by title.

    A folder stands for every ``.wiki`` file below it; a file given directly is named
    relative to its own folder.
    """
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            for file in sorted(path.rglob(f"*{SUFFIX}")):
                found[title_for(file, path)] = file
        else:
            found[title_for(path, path.parent)] = path
    return dict(sorted(found.items()))
