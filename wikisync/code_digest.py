"""A digest of wikisync's own code, for the keys of what the state remembers between runs.

A cached parse, a normalised page or a rendered part made by other code may differ from
what this code makes. A key that holds the digest of the code that made it is another key
for other code, so nothing made by an earlier version, or by the same version with edited
modules (an editable install), is used again.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from wikisync import __version__

#: The installed package.
PACKAGE = Path(__file__).parent
#: What decides what the code makes: its modules, the kernel's source and the messages.
SOURCE_SUFFIXES = frozenset({".py", ".pyx", ".json"})


@functools.cache
def code_digest() -> str:
    """A digest of the version and of every source file of the package (a few milliseconds,
    once per process)."""
    return tree_digest(PACKAGE, __version__)


def tree_digest(root: Path, version: str) -> str:
    """A digest of ``version`` and of every source file under ``root`` but its ``data``
    folder (the sample programme), by path and content."""
    hasher = hashlib.blake2b(version.encode(), digest_size=16)
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.suffix in SOURCE_SUFFIXES and "data" not in relative.parts:
            hasher.update(relative.as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()
