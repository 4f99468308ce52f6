"""Writing outputs so that a crash or an error never leaves a half-written file in their place."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_atomically(path: Path) -> Iterator[Path]:
    """Yields a scratch path beside ``path`` to write; on success it replaces ``path`` in one step,
    on failure it is removed and ``path`` keeps its last good content."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    with replaced_atomically(path) as partial:
        partial.write_text(text, encoding="utf-8")
