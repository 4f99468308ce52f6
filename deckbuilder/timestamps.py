"""The modification time written into the package.

Anki's importer updates an existing note only when the package's modification time is strictly
newer than the one in the collection, and the same holds for the note type. So the time must:
move forward whenever the sources change (committed or not), including templates and the
renderer; and stay put when they do not, so that two builds of the same sources are
byte-identical. Precedence:

1. ``SOURCE_DATE_EPOCH``, when set (the reproducible-builds convention);
2. for inputs inside a git work tree: the time of the last commit touching them, or, for files
   changed but not committed yet, their file modification time, whichever is latest;
3. outside git: the latest file modification time among the inputs.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def source_time(inputs: list[Path]) -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return int(epoch)
        except ValueError:
            raise SystemExit(f"SOURCE_DATE_EPOCH must be an integer, got {epoch!r}") from None
    return max((_latest_change(path) for path in inputs if path.exists()), default=0)


def _latest_change(path: Path) -> int:
    directory = path if path.is_dir() else path.parent
    committed = _git(directory, "log", "-1", "--format=%ct", "--", str(path.resolve()))
    if committed is None:  # not in a git work tree, or no git
        return _newest_mtime(_files(path))
    status = _git(directory, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(path.resolve()))
    root = _git(directory, "rev-parse", "--show-toplevel")
    changed = [Path(root.strip()) / entry[3:] for entry in (status or "").split("\0") if len(entry) > 3] if root else []
    # A deleted file has no mtime left; the mtime of the directory it was deleted from records the deletion.
    newest_edit = _newest_mtime([p if p.exists() else p.parent for p in changed if p.exists() or p.parent.exists()])
    return max(int(committed.strip() or 0), newest_edit)


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _newest_mtime(files: list[Path]) -> int:
    return max((int(f.stat().st_mtime) for f in files), default=0)


def _git(directory: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(directory), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
