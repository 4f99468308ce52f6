"""When each input last changed: the raw material of the modification times in the package.

Anki's importer updates an existing note only when the package's modification time is strictly
newer than the one in the collection, and the same holds for the note type. So a time must move
forward whenever its inputs change (committed or not) and stay put when they do not, so that two
builds of the same sources are byte-identical. For one file or directory the time is:

1. ``SOURCE_DATE_EPOCH``, when set (the reproducible-builds convention), for every input;
2. inside a git work tree: the time of the last commit touching it (a merge counts at the merge's
   time, so merged work never goes back in time), or, for a change not committed yet, the file's
   modification time, whichever is latest;
3. outside git: the latest file modification time.

``SourceTimes`` asks git twice per input root, then answers for any set of paths under them.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def source_time(inputs: list[Path]) -> int:
    """The latest change among ``inputs``."""
    return SourceTimes(inputs).of(inputs)


class SourceTimes:
    def __init__(self, roots: list[Path]):
        self.epoch = _epoch()
        self._changes: dict[Path, int] = {}  # file (or deleted file) -> when it last changed
        self._memo: dict[Path, int] = {}
        if self.epoch is None:
            for root in roots:
                if root.exists():
                    self._scan(root.resolve())

    def of(self, paths: list[Path]) -> int:
        """The latest change to any of ``paths`` (files or directories); 0 if none is known."""
        if self.epoch is not None:
            return self.epoch
        return max((self._time_of(path) for path in paths), default=0)

    def _time_of(self, path: Path) -> int:
        if path not in self._memo:
            resolved = path.resolve()
            self._memo[path] = self._changes.get(resolved) or max(
                (t for p, t in self._changes.items() if resolved in p.parents), default=0)
        return self._memo[path]

    def _scan(self, root: Path) -> None:
        directory = root if root.is_dir() else root.parent
        top = _git(directory, "rev-parse", "--show-toplevel")
        if top is None:  # not in a git work tree, or no git
            for file in _files(root):
                self._note(file, int(file.stat().st_mtime))
            return
        top_path = Path(top.strip())
        log = _git(directory, "log", "--first-parent", "-m", "--no-renames", "--name-only",
                   "--format=%x00%ct", "--", str(root)) or ""
        for block in log.split("\0")[1:]:
            when, *names = block.split("\n")
            for name in filter(None, names):
                self._changes.setdefault(top_path / name, int(when))  # newest commit comes first
        status = _git(directory, "status", "--porcelain", "-z", "--untracked-files=all", "--", str(root)) or ""
        entries = iter(status.split("\0"))
        for entry in entries:
            if len(entry) < 4:
                continue
            if entry[0] in "RC":  # a rename or copy is followed by its original path
                next(entries, None)
            path = top_path / entry[3:]
            # A deleted file has no mtime left; the directory it was deleted from records the deletion.
            target = path if path.exists() else path.parent
            if target.exists():
                self._note(path, int(target.stat().st_mtime))

    def _note(self, path: Path, when: int) -> None:
        self._changes[path] = max(self._changes.get(path, 0), when)


def epoch_problem() -> str | None:
    """Why SOURCE_DATE_EPOCH cannot be used, or None when it is unset or an integer."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and not epoch.strip().lstrip("-").isdigit():
        return f"SOURCE_DATE_EPOCH must be an integer (seconds since 1970), got {epoch!r}"
    return None


def _epoch() -> int | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return int(epoch) if epoch and epoch_problem() is None else None


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


def _git(directory: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(directory), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
