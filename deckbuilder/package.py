"""Rendered cards to one .apkg: a parent deck, one subdeck per chapter, fixed ids, stable GUIDs.

genanki writes the SQLite collection; the zip around it is written here, because genanki's own
``write_to_file`` copies file dates and permissions into the archive (so two builds differ), numbers
media in set order, leaves its temporary database behind and writes in place.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import sqlite3
import tempfile
import warnings
import zipfile
from pathlib import Path

import genanki

from .files import replaced_atomically
from .media import packaged_name
from .model import DeckSettings, PackagedNote, RemovedCard, RenderedCard
from .notetype import NoteType

# Part of every note's GUID. Never change it: a GUID is a note's identity in users' collections.
GUID_NAMESPACE = "nlp-llm-interview-deck"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def note_guid(card_id: str) -> str:
    return genanki.guid_for(GUID_NAMESPACE, card_id)


def deck_id(name: str) -> int:
    """A fixed id derived from the deck's name (Anki matches decks by name; the id only has to be stable)."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big") | 1 << 48  # never 1, Anki's Default deck


def make_model(notetype: NoteType) -> genanki.Model:
    return genanki.Model(
        notetype.id, notetype.name,
        fields=[{"name": name} for name in notetype.fields],
        templates=[{"name": name, "qfmt": front, "afmt": back} for name, front, back in notetype.templates],
        css=notetype.css,
        sort_field_index=notetype.fields.index(notetype.sort_field),
    )


def content_hash(fields, tags, deck: str, media) -> str:
    digest = hashlib.sha256(json.dumps([list(fields), sorted(tags), deck], ensure_ascii=False).encode("utf-8"))
    for name, path in sorted(media):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def packaged_notes(deck_name: str, cards: list[RenderedCard], notetype: NoteType, media_dir: Path,
                   deck_slug: str) -> list[PackagedNote]:
    """The notes of one subdeck: a chapter's cards, or the removal notices of one old subdeck."""
    notes = []
    for card in cards:
        fields = card.note_fields(notetype.fields)
        media = tuple(sorted((packaged_name(relative, deck_slug), media_dir / relative) for relative in card.media))
        source, removed = card.card, isinstance(card.card, RemovedCard)
        inputs = () if removed else (source.path, *(path for _, path in media))
        notes.append(PackagedNote(source.id, deck_name, fields, source.tags, media, source.question.markdown,
                                  inputs, content_hash(fields, source.tags, deck_name, media),
                                  removed=removed, reason=source.reason if removed else ""))
    return notes


class _TimedNote(genanki.Note):
    """A note that carries its own modification time instead of the package's one."""

    def __init__(self, mtime: int, **kwargs):
        super().__init__(**kwargs)
        self.mtime = mtime

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mtime, deck_id, id_gen)


class PackageWriter:
    """Writes the package's collection note by note as the notes come, so that a large deck's HTML
    is never all in memory; ``finish`` zips it and replaces ``out`` atomically. A writer closed
    without ``finish`` leaves nothing behind: a failed build keeps the last good deck."""

    def __init__(self, deck: DeckSettings, description_html: str, notetype: NoteType, deck_names: list[str],
                 notetype_time: int):
        self._model = make_model(notetype)
        parent = genanki.Deck(deck_id(deck.title), deck.title, description_html)
        parent.add_model(self._model)
        subdecks = [genanki.Deck(deck_id(name), name) for name in dict.fromkeys(deck_names)]
        self._scratch = tempfile.TemporaryDirectory(prefix="deckbuild-")
        self._database = Path(self._scratch.name) / "collection.anki2"
        self._connection = sqlite3.connect(self._database)
        self._cursor = self._connection.cursor()
        self._ids = itertools.count(notetype_time * 1000)
        self._media: dict[str, Path] = {}
        genanki.Package([parent, *subdecks]).write_to_db(self._cursor, notetype_time, self._ids)

    def add(self, notes: list[tuple[PackagedNote, int]]) -> None:
        """Notes with their modification times."""
        with warnings.catch_warnings():
            # genanki's HTML warnings would mean the renderer produced bad HTML: a bug, so fail.
            warnings.simplefilter("error")
            for note, mtime in notes:
                _TimedNote(mtime, model=self._model, fields=list(note.fields), tags=list(note.tags),
                           guid=note_guid(note.id)).write_to_db(self._cursor, mtime, deck_id(note.deck), self._ids)
                self._media.update(note.media)

    def finish(self, out: Path) -> None:
        self._connection.commit()
        self._connection.close()
        with replaced_atomically(out) as partial:
            _write_zip(partial, self._database, self._media)

    def close(self) -> None:
        self._connection.close()
        self._scratch.cleanup()


def _write_zip(path: Path, database: Path, media: dict[str, Path]) -> None:
    names = sorted(media)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "collection.anki2", database)
        _add(archive, "media", json.dumps({str(i): name for i, name in enumerate(names)},
                                          ensure_ascii=False).encode("utf-8"))
        for index, name in enumerate(names):
            _add(archive, str(index), media[name].read_bytes())


def _add(archive: zipfile.ZipFile, name: str, data: bytes | Path) -> None:
    """A file is streamed, not read whole: a large deck's collection is hundreds of MB."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    if isinstance(data, Path):
        info.file_size = data.stat().st_size  # what writestr sets: same zip64 choice, same bytes
        with data.open("rb") as source, archive.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)
    else:
        archive.writestr(info, data)
