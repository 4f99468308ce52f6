"""When each packaged note was last modified, the time Anki's importer compares: the policy
(``note_time``), and the time and content of every note as the last build packaged it
(``note-times.json`` in the build cache directory), so that between releases an edit moves only
the edited note's time.

Without it, a note changed since the last release (or in a deck never released) takes the last
change time of its chapter file: every later edit anywhere in that file would re-date, and so
re-import, all such notes of the file, overwriting users' own edits of them. With it, a note whose
packaged content (fields, tags, subdeck, images, note type) is unchanged since the last build
keeps that build's time, and a changed one moves past it.

The file is local build state, like the rest of the cache directory: losing it (deleted,
``--no-cache``, a new machine) only means the notes changed since the release are dated from
their files again. Times only move forward, so no note is ever dated before what users imported.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_text_atomically
from .model import PackagedNote, ReleaseRecord
from .timestamps import SourceTimes

STATE_FILE = "note-times.json"
FORMAT = 1


@dataclass
class LastBuild:
    """Per note id: (content key, time) as the last package of this content tree had them."""

    path: Path | None
    content_dir: str
    notes: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def read(cls, cache_dir: Path | None, content_dir: Path) -> LastBuild:
        content = str(content_dir.resolve())
        if cache_dir is None:
            return cls(None, content)
        path = cache_dir / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data["format"] != FORMAT or data["content"] != content:
                return cls(path, content)  # another tree's state: start afresh, it is replaced on write
            notes = {str(id_): (str(key), int(mtime)) for id_, (key, mtime) in data["notes"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path, content)  # missing or unreadable: as if lost, which is always safe
        return cls(path, content, notes)

    def get(self, note_id: str) -> tuple[str, int] | None:
        return self.notes.get(note_id)

    def write(self, times: dict[str, tuple[str, int]]) -> None:
        """After a package was written; never fails the build (the state is only an optimisation)."""
        if self.path is None:
            return
        data = {"format": FORMAT, "content": self.content_dir,
                "notes": {id_: list(entry) for id_, entry in sorted(times.items())}}
        try:
            write_text_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
        except OSError:
            pass


def content_key(note_hash: str, notetype_id: int) -> str:
    """What a user's collection receives of a note: its content, and the note type it belongs to."""
    return f"{notetype_id}:{note_hash}"


def note_time(note: PackagedNote, record: ReleaseRecord | None, times: SourceTimes, shared_inputs: list[Path],
              fallback_inputs: list[Path], last_build: LastBuild, notetype_id: int) -> int:
    """A note's modification time. A note as released keeps its released time, so re-importing
    leaves it (and a user's own edits of it) alone; so does a note packaged unchanged by the last
    build. A changed or new note takes the time its inputs last changed, and always a time later
    than the released one and the last build's, or Anki would skip it."""
    old = record.notes.get(note.id) if record else None
    if old is not None and old.hash == note.hash:
        return old.mtime
    last = last_build.get(note.id)
    if last is not None and last[0] == content_key(note.hash, notetype_id):
        return last[1]
    when = times.of(list(note.inputs or fallback_inputs) + shared_inputs)
    if old is not None:
        when = max(when, old.mtime + 1)
    if last is not None:
        when = max(when, last[1] + 1)
    return when
