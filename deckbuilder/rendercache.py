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
import sqlite3
import zlib
from importlib import metadata
from pathlib import Path

from .media import MediaError, resolve_reference
from .render import RenderedCard
from .validate import Card

FORMAT = "deckbuilder render cache 1"
RENDER_PACKAGES = ("markdown-it-py", "mdit-py-plugins", "pygments")
BUILDER_DIR = Path(__file__).resolve().parent


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
    texts = [card.question.markdown, card.answer.markdown,
             card.detail.markdown if card.detail else None,
             [[f.question.markdown, f.answer.markdown if f.answer else None] for f in card.followups],
             card.source.markdown if card.source else None]
    payload = json.dumps([version, deck_slug, texts], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class RenderCache:
    """Open with ``RenderCache.open``; ``get`` and ``put`` cards; ``close`` stores the new entries
    and drops the ones this build did not use."""

    def __init__(self, connection: sqlite3.Connection | None, deck_slug: str, media_dir: Path, version: str):
        self._db = connection
        self._slug = deck_slug
        self._media_dir = media_dir
        self._version = version
        self._new: list[tuple[str, bytes]] = []
        self._used: set[str] = set()
        self.hits = 0

    @classmethod
    def open(cls, path: Path, deck_slug: str, media_dir: Path, version: str | None = None) -> RenderCache:
        version = version or renderer_version()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = _connect(path)
        except (OSError, sqlite3.Error):
            connection = None  # e.g. a read-only directory: build without a cache
        return cls(connection, deck_slug, media_dir, version)

    def get(self, card: Card) -> RenderedCard | None:
        if self._db is None:
            return None
        key = card_key(card, self._slug, self._version)
        self._used.add(key)
        try:
            row = self._db.execute("SELECT value FROM cards WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            question, answer, detail, followups, source, references = json.loads(zlib.decompress(row[0]))
        except (sqlite3.Error, zlib.error, ValueError, TypeError):
            return None
        for src, relative in references:
            try:
                if resolve_reference(src, card.path, self._media_dir) != relative:
                    return None
            except MediaError:
                return None
        self.hits += 1
        return RenderedCard(card, question, answer, detail, followups, source,
                            frozenset(relative for _, relative in references),
                            tuple((src, relative) for src, relative in references))

    def put(self, rendered: RenderedCard) -> None:
        if self._db is None:
            return
        key = card_key(rendered.card, self._slug, self._version)
        self._used.add(key)
        value = json.dumps([rendered.question, rendered.answer, rendered.detail, rendered.followups,
                            rendered.source, [list(r) for r in rendered.references]], ensure_ascii=False)
        self._new.append((key, zlib.compress(value.encode("utf-8"), 1)))

    def close(self) -> None:
        if self._db is None:
            return
        try:
            with self._db:  # one transaction: all of this build's changes or none
                self._db.executemany("INSERT OR REPLACE INTO cards (key, value) VALUES (?, ?)", self._new)
                (stored,) = self._db.execute("SELECT count(*) FROM cards").fetchone()
                if stored > len(self._used):
                    self._db.execute("CREATE TEMP TABLE used (key TEXT PRIMARY KEY)")
                    self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self._used))
                    self._db.execute("DELETE FROM cards WHERE key NOT IN (SELECT key FROM used)")
        except sqlite3.Error:
            pass  # a cache that cannot be written only costs the next build time
        finally:
            self._db.close()
            self._db = None
            self._new = []


def _connect(path: Path) -> sqlite3.Connection:
    """The cache database; a file that is corrupt or not a cache of this format is replaced.
    A locked or unreadable one raises sqlite3.OperationalError: another build may be using it."""
    for attempt in range(2):
        connection = sqlite3.connect(path, timeout=5)
        try:
            if _ours(connection):
                return connection
        except sqlite3.OperationalError:
            connection.close()
            raise
        except sqlite3.DatabaseError:  # not an SQLite file at all
            pass
        connection.close()
        if attempt == 0:
            path.unlink(missing_ok=True)
    raise sqlite3.OperationalError(f"cannot create a render cache at {path}")


def _ours(connection: sqlite3.Connection) -> bool:
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables:
        with connection:
            connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
            connection.execute("CREATE TABLE cards (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            connection.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
        return True
    if tables != {"meta", "cards"}:
        return False
    row = connection.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
    return row is not None and row[0] == FORMAT
