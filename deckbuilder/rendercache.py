"""Rendered cards kept between builds, so that an edit re-renders only the cards it touched.

An entry is keyed by a hash of everything that decides a card's HTML: its Markdown texts, the
deck slug (part of every media name) and the renderer's version (the bytes of deckbuilder/ and
the versions of markdown-it-py, mdit-py-plugins and Pygments). Image references are resolved
against the file system, which the key cannot see, so each entry also records every reference
it resolved and is used only if they all still resolve to the same files.

Only cards that rendered without problems are stored: a card with problems is rendered (and
reported) on every build. The store is one SQLite file; its transactions make every write
atomic, and a file that is corrupt, locked or not ours is ignored and replaced, never trusted.
Entries hold JSON, never pickles, so a foreign file cannot run code.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from importlib import metadata
from collections.abc import Sequence
from pathlib import Path

from .media import MediaError, resolve_reference
from .render import RenderedCard
from .validate import Card

FORMAT = "deckbuilder render cache 1"
RENDER_PACKAGES = ("markdown-it-py", "mdit-py-plugins", "pygments")
BUILDER_DIR = Path(__file__).resolve().parent
PREFETCH_BATCH = 500  # bound parameters per query; SQLite before 3.32 allows 999


def renderer_version(builder_dir: Path = BUILDER_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in builder_dir.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(builder_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for package in RENDER_PACKAGES:
        try:
            digest.update(f"{package}={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
    return digest.hexdigest()


def card_key(card: Card, deck_slug: str, version: str) -> str:
    followups = [text for f in card.followups for text in (f.question, f.answer)]
    texts = [card.question, card.answer, card.detail, *followups, card.source]
    digest = hashlib.sha256(f"{version}\0{deck_slug}\0{len(card.followups)}".encode())
    for text in texts:
        # The length prefix keeps field boundaries unambiguous; "-" marks an absent field.
        data = text.markdown.encode("utf-8") if text is not None else None
        digest.update(b"\0-" if data is None else b"\0%d:" % len(data) + data)
    return digest.hexdigest()


class RenderCache:
    """Open with ``RenderCache.open`` (reads only); ``get`` and ``put`` cards; ``save`` once the
    package is written: a failed build writes nothing, the cache included."""

    def __init__(self, path: Path, deck_slug: str, media_dir: Path, version: str):
        self._path = path
        self._db = _open_existing(path)
        self._slug = deck_slug
        self._media_dir = media_dir
        self._version = version
        self._new: list[tuple[str, bytes]] = []
        self._used: set[str] = set()
        self._prefetched: dict[str, bytes] = {}
        self.hits = 0

    @classmethod
    def open(cls, path: Path, deck_slug: str, media_dir: Path, version: str | None = None) -> RenderCache:
        return cls(path, deck_slug, media_dir, version or renderer_version())

    def prefetch(self, cards: Sequence[Card]) -> None:
        """Read the entries of these cards in a few queries (one per card costs more than the rest of
        ``get``); ``get`` then looks there first. Call per chapter: only one chapter's entries wait
        in memory."""
        self._prefetched = {}
        if self._db is None:
            return
        keys = [card_key(card, self._slug, self._version) for card in cards]
        try:
            for start in range(0, len(keys), PREFETCH_BATCH):
                batch = keys[start:start + PREFETCH_BATCH]
                query = f"SELECT key, value FROM cards WHERE key IN ({', '.join('?' * len(batch))})"
                self._prefetched.update(self._db.execute(query, batch).fetchall())
        except sqlite3.Error:
            self._prefetched = {}

    def get(self, card: Card) -> RenderedCard | None:
        if self._db is None:
            return None
        key = card_key(card, self._slug, self._version)
        try:
            value = self._prefetched.pop(key, None)
            if value is None:
                row = self._db.execute("SELECT value FROM cards WHERE key = ?", (key,)).fetchone()
                if row is None:
                    return None
                value = row[0]
            question, answer, detail, followups, source, references = json.loads(zlib.decompress(value))
            references = tuple((str(src), str(relative)) for src, relative in references)
            for src, relative in references:
                if resolve_reference(src, card.path, self._media_dir) != relative:
                    return None
        except (sqlite3.Error, zlib.error, MediaError, ValueError, TypeError):
            return None
        self._used.add(key)
        self.hits += 1
        return RenderedCard(card, question, answer, detail, followups, source,
                            frozenset(relative for _, relative in references), references)

    def put(self, rendered: RenderedCard) -> None:
        key = card_key(rendered.card, self._slug, self._version)
        self._used.add(key)
        value = json.dumps([rendered.question, rendered.answer, rendered.detail, rendered.followups,
                            rendered.source, [list(r) for r in rendered.references]], ensure_ascii=False)
        self._new.append((key, zlib.compress(value.encode("utf-8"), 1)))

    def save(self) -> None:
        """Store the new entries and drop those this build did not use; errors only cost time later."""
        try:
            if self._db is not None:
                with self._db:  # one transaction: all of this build's changes or none
                    _store(self._db, self._new, self._used)
            elif self._new:
                self._write_new_file()
        except (OSError, sqlite3.Error):
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._new = []

    def _write_new_file(self) -> None:
        """A new cache is written beside its place and renamed into it, so it appears whole or not at all."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_name(f".{self._path.name}.partial-{os.getpid()}")
        partial.unlink(missing_ok=True)
        try:
            connection = sqlite3.connect(partial)
            try:
                with connection:
                    connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
                    connection.execute("CREATE TABLE cards (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
                    connection.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
                    _store(connection, self._new, self._used)
            finally:
                connection.close()
            os.replace(partial, self._path)
        finally:
            partial.unlink(missing_ok=True)


def _store(connection: sqlite3.Connection, new: list[tuple[str, bytes]], used: set[str]) -> None:
    connection.executemany("INSERT OR REPLACE INTO cards (key, value) VALUES (?, ?)", new)
    (stored,) = connection.execute("SELECT count(*) FROM cards").fetchone()
    if stored > len(used):
        connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
        connection.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in used))
        connection.execute("DELETE FROM cards WHERE key NOT IN (SELECT key FROM used)")


def _open_existing(path: Path) -> sqlite3.Connection | None:
    """The cache database, if there is one of this format; None when missing, corrupt, foreign or
    locked by another build (then this build neither trusts nor changes it, except that ``save``
    replaces a file that is not a cache of this format)."""
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        row = connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone() \
            if tables == {"meta", "cards"} else None
        if row is not None and row[0] == FORMAT:
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None
