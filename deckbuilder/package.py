"""Rendered cards to one .apkg: a parent deck, one subdeck per chapter, fixed ids, stable GUIDs.

genanki writes the SQLite collection; the zip around it is written here, because genanki's own
``write_to_file`` copies file dates and permissions into the archive (so two builds differ), numbers
media in set order, leaves its temporary database behind and writes in place.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import json
import shutil
import sqlite3
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki

from .files import replaced_atomically
from .media import packaged_name
from .notetype import NoteType
from .render import RenderedCard, render_description
from .validate import Chapter, DeckSettings
from .vocabulary import removed_tag_for

# Part of every note's GUID. Never change it: a GUID is a note's identity in users' collections.
GUID_NAMESPACE = "nlp-llm-interview-deck"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def note_guid(card_id: str) -> str:
    return genanki.guid_for(GUID_NAMESPACE, card_id)


def deck_id(name: str) -> int:
    """A fixed id derived from the deck's name (Anki matches decks by name; the id only has to be stable)."""
    digest = hashlib.sha1(name.encode("utf-8")).digest()
    return int.from_bytes(digest[:6], "big") | 1 << 48  # never 1, Anki's Default deck


def subdeck_name(deck: DeckSettings, chapter: Chapter) -> str:
    """``Parent::NN title``: the number keeps Anki's alphabetical deck list in chapter order."""
    title = chapter.title
    if not title.startswith(chapter.number):
        title = f"{chapter.number} {title}"
    return f"{deck.title}::{title}"


def make_model(notetype: NoteType) -> genanki.Model:
    return genanki.Model(
        notetype.id, notetype.name,
        fields=[{"name": name} for name in notetype.fields],
        templates=[{"name": name, "qfmt": front, "afmt": back} for name, front, back in notetype.templates],
        css=notetype.css,
        sort_field_index=notetype.fields.index(notetype.sort_field),
    )


def note_fields(rendered: RenderedCard, notetype: NoteType) -> list[str]:
    values = {"Question": rendered.question, "Answer": rendered.answer, "Detail": rendered.detail,
              "FollowUps": rendered.followups, "Source": rendered.source, "ID": rendered.card.id}
    return [values.get(name, "") for name in notetype.fields]  # a field the content does not fill yet stays empty


@dataclass(frozen=True)
class PackagedNote:
    """One note as it goes into the package, with what its modification time depends on."""

    id: str
    deck: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    media: tuple[tuple[str, Path], ...]  # (packaged name, file)
    question: str  # the Markdown source, for the release record and the change report
    inputs: tuple[Path, ...]  # the source files whose change changes this note
    hash: str  # of everything a user's collection receives: fields, tags, deck, media bytes
    removed: bool = False  # a notice standing in for a card that left the deck
    reason: str = ""  # why it left, when the author said


def content_hash(fields, tags, deck: str, media) -> str:
    digest = hashlib.sha256(json.dumps([list(fields), sorted(tags), deck], ensure_ascii=False).encode("utf-8"))
    for name, path in sorted(media):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def packaged_notes(deck: DeckSettings, chapter: Chapter, cards: list[RenderedCard], notetype: NoteType,
                   media_dir: Path) -> list[PackagedNote]:
    deck_name = subdeck_name(deck, chapter)
    notes = []
    for card in cards:
        fields = tuple(note_fields(card, notetype))
        media = tuple(sorted((packaged_name(relative, deck.slug), media_dir / relative) for relative in card.media))
        notes.append(PackagedNote(card.card.id, deck_name, fields, card.card.tags, media,
                                  card.card.question.markdown, (chapter.path, *(path for _, path in media)),
                                  content_hash(fields, card.card.tags, deck_name, media)))
    return notes


def removal_notice(card_id: str, deck_name: str, question: str, question_html: str, reason: str,
                   tag_prefix: str, notetype: NoteType) -> PackagedNote:
    """A card that left the deck, kept as a note that says so and is easy to find and delete."""
    removed_tag = removed_tag_for(tag_prefix)
    because = f"（原因：{html.escape(reason)}）" if reason else ""
    notice = (f'<div class="removed-notice"><b>此卡已从卡组中移除</b>{because}。'
              f"复习它已没有意义，可以删除：在浏览器中搜索 <code>tag:{removed_tag}</code> "
              "可找到所有已移除的卡片。</div>")
    values = {"Question": notice + question_html, "Answer": notice, "Detail": "", "FollowUps": "", "Source": "",
              "ID": card_id}
    fields = tuple(values.get(name, "") for name in notetype.fields)
    tags = (removed_tag,)
    return PackagedNote(card_id, deck_name, fields, tags, (), question, (), content_hash(fields, tags, deck_name, ()),
                        removed=True, reason=reason)


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

    def __init__(self, deck: DeckSettings, notetype: NoteType, deck_names: list[str], notetype_time: int):
        self._model = make_model(notetype)
        parent = genanki.Deck(deck_id(deck.title), deck.title, render_description(deck))
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
