"""Rendered cards to one .apkg: a parent deck, one subdeck per chapter, fixed ids, stable GUIDs.

genanki writes the SQLite collection; the zip around it is written here, because genanki's own
``write_to_file`` copies file dates and permissions into the archive (so two builds differ), numbers
media in set order, leaves its temporary database behind and writes in place.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import sqlite3
import tempfile
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki

from .media import packaged_name
from .notetype import NoteType
from .render import RenderedCard, render_description
from .validate import Chapter, DeckSettings

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
    return [values[name] for name in notetype.fields]


@dataclass(frozen=True)
class PackageContents:
    decks: list[genanki.Deck]
    media: dict[str, Path]  # packaged name -> file


def assemble(deck: DeckSettings, chapters: list[Chapter], rendered: list[list[RenderedCard]],
             notetype: NoteType, media_dir: Path) -> PackageContents:
    model = make_model(notetype)
    parent = genanki.Deck(deck_id(deck.title), deck.title, render_description(deck))
    decks = [parent]
    media: dict[str, Path] = {}
    for chapter, cards in zip(chapters, rendered):
        name = subdeck_name(deck, chapter)
        subdeck = genanki.Deck(deck_id(name), name)
        for card in cards:
            subdeck.add_note(genanki.Note(model=model, fields=note_fields(card, notetype),
                                          tags=list(card.card.tags), guid=note_guid(card.card.id)))
            for relative in card.media:
                media[packaged_name(relative, deck.slug)] = media_dir / relative
        decks.append(subdeck)
    return PackageContents(decks, media)


def write_apkg(contents: PackageContents, out: Path, timestamp: int) -> None:
    """Write the package to ``out`` atomically: a failed build leaves the last good deck in place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="deckbuild-") as scratch:
        database = Path(scratch) / "collection.anki2"
        _write_collection(contents.decks, database, timestamp)
        partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
        try:
            _write_zip(partial, database, contents.media)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)


def _write_collection(decks: list[genanki.Deck], database: Path, timestamp: int) -> None:
    connection = sqlite3.connect(database)
    try:
        with warnings.catch_warnings():
            # genanki's HTML warnings would mean the renderer produced bad HTML: a bug, so fail.
            warnings.simplefilter("error")
            genanki.Package(decks).write_to_db(connection.cursor(), timestamp,
                                               itertools.count(timestamp * 1000))
        connection.commit()
    finally:
        connection.close()


def _write_zip(path: Path, database: Path, media: dict[str, Path]) -> None:
    names = sorted(media)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, "collection.anki2", database.read_bytes())
        _add(archive, "media", json.dumps({str(i): name for i, name in enumerate(names)},
                                          ensure_ascii=False).encode("utf-8"))
        for index, name in enumerate(names):
            _add(archive, str(index), media[name].read_bytes())


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)
