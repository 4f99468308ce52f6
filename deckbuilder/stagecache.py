"""The output of the validate and render stages kept between builds, so that an edit costs little
more than writing the package. The runner wraps the two stages with ``validated`` and ``rendered``;
the stages themselves know nothing of it.

Two kinds of entry, each keyed by a hash of everything that decides it, including the builder's
version (the bytes of deckbuilder/ and the versions of markdown-it-py, mdit-py-plugins and
Pygments):

- a chapter file's validated cards, keyed by the file's path and bytes, deck.yaml and tags.yaml:
  an unchanged file is neither parsed nor checked again;
- a card's HTML, keyed by its Markdown texts and the deck slug (part of every media name). Image
  references are resolved against the file system, which the key cannot see, so each entry also
  records every reference it resolved and is used only if they all still resolve to the same files.

Only what came out without problems is stored: a chapter or card with problems is checked (and
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
from collections.abc import Callable, Sequence
from pathlib import Path

from . import PACKAGE_DIR
from .files import replaced_atomically
from .media import MediaError, resolve_reference
from .model import Card, Chapter, FollowUp, RenderedCard, SourceFile, Text
from .problems import Problem

# deck.yaml and tags.yaml decide how every chapter validates (tag prefix, vocabulary).
SETTINGS_FILES = ("deck.yaml", "tags.yaml")

FORMAT = "deckbuilder build cache 2"
RENDER_PACKAGES = ("markdown-it-py", "mdit-py-plugins", "pygments")
TABLES = ("cards", "chapters")
PREFETCH_BATCH = 500  # bound parameters per query; SQLite before 3.32 allows 999


def renderer_version(builder_dir: Path = PACKAGE_DIR) -> str:
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


class StageCache:
    """Open with ``StageCache.open`` (reads only); ``save`` once the package is written: a failed
    build writes nothing, the cache included."""

    def __init__(self, path: Path, media_dir: Path, content_dir: Path, version: str):
        self._path = path
        self._db = _open_existing(path)
        self._media_dir = media_dir
        self._version = version
        self._settings = b"".join(_read(content_dir / name) + b"\0" for name in SETTINGS_FILES)
        self._new: dict[str, list[tuple[str, bytes]]] = {"cards": [], "chapters": []}
        self._used: dict[str, set[str]] = {"cards": set(), "chapters": set()}
        self._prefetched: dict[str, bytes] = {}
        self.hits = 0
        self.chapter_hits = 0

    @classmethod
    def open(cls, path: Path, media_dir: Path, content_dir: Path, version: str | None = None) -> StageCache:
        return cls(path, media_dir, content_dir, version or renderer_version())

    def validated(self, source: SourceFile, validate: Callable[[], tuple[Chapter | None, list[Problem]]]
                  ) -> tuple[Chapter | None, list[Problem]]:
        """The chapter of an earlier build of exactly these bytes (and settings, and builder), or
        ``validate()``'s, which is kept when it has no problem."""
        key = hashlib.sha256(b"\0".join([self._version.encode(), str(source.path).encode(), self._settings,
                                         source.data])).hexdigest()
        cached = self._stored_chapter(key, source.path)
        if cached is not None:
            self._used["chapters"].add(key)
            self.chapter_hits += 1
            return cached, []
        chapter, problems = validate()
        if chapter is not None and not problems:
            value = json.dumps(_chapter_to_json(chapter), ensure_ascii=False).encode("utf-8")
            self._new["chapters"].append((key, zlib.compress(value, 1)))
            self._used["chapters"].add(key)
        return chapter, problems

    def rendered(self, chapter: Chapter, deck_slug: str,
                 render: Callable[[Card], tuple[RenderedCard, list[Problem]]]) -> tuple[list[RenderedCard], list[Problem]]:
        """The chapter's cards, each from the cache when its texts and images are unchanged, else
        from ``render``; a card rendered without problems is kept."""
        self._prefetch(chapter.cards, deck_slug)
        cards, problems = [], []
        for card in chapter.cards:
            rendered = self._stored_card(card, deck_slug)
            if rendered is None:
                rendered, card_problems = render(card)
                problems += card_problems
                if not card_problems:
                    self._put(rendered, deck_slug)
            cards.append(rendered)
        self._prefetched = {}
        return cards, problems

    def _stored_chapter(self, key: str, path: Path) -> Chapter | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM chapters WHERE key = ?", (key,)).fetchone()
            return _chapter_from_json(json.loads(zlib.decompress(row[0])), path) if row is not None else None
        except (sqlite3.Error, zlib.error, ValueError, TypeError, IndexError):
            return None

    def _prefetch(self, cards: Sequence[Card], deck_slug: str) -> None:
        """Read the entries of these cards in a few queries (one per card costs more than the rest of
        a lookup). Per chapter: only one chapter's entries wait in memory."""
        self._prefetched = {}
        if self._db is None:
            return
        keys = [card_key(card, deck_slug, self._version) for card in cards]
        try:
            for start in range(0, len(keys), PREFETCH_BATCH):
                batch = keys[start:start + PREFETCH_BATCH]
                query = f"SELECT key, value FROM cards WHERE key IN ({', '.join('?' * len(batch))})"
                self._prefetched.update(self._db.execute(query, batch).fetchall())
        except sqlite3.Error:
            self._prefetched = {}

    def _stored_card(self, card: Card, deck_slug: str) -> RenderedCard | None:
        if self._db is None:
            return None
        key = card_key(card, deck_slug, self._version)
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
        self._used["cards"].add(key)
        self.hits += 1
        return RenderedCard(card, question, answer, detail, followups, source,
                            frozenset(relative for _, relative in references), references)

    def _put(self, rendered: RenderedCard, deck_slug: str) -> None:
        key = card_key(rendered.card, deck_slug, self._version)
        self._used["cards"].add(key)
        value = json.dumps([rendered.question, rendered.answer, rendered.detail, rendered.followups,
                            rendered.source, [list(r) for r in rendered.references]], ensure_ascii=False)
        self._new["cards"].append((key, zlib.compress(value.encode("utf-8"), 1)))

    def save(self) -> None:
        """Store the new entries and drop those this build did not use; errors only cost time later."""
        try:
            if self._db is not None:
                with self._db:  # one transaction: all of this build's changes or none
                    _store(self._db, self._new, self._used)
            elif any(self._new.values()):
                self._write_new_file()
        except (OSError, sqlite3.Error):
            pass
        finally:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._new = {"cards": [], "chapters": []}

    def _write_new_file(self) -> None:
        """A new cache is written beside its place and renamed into it, so it appears whole or not at all."""
        with replaced_atomically(self._path) as partial:
            connection = sqlite3.connect(partial)
            try:
                with connection:
                    connection.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
                    for table in TABLES:
                        connection.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
                    connection.execute("INSERT INTO meta VALUES ('format', ?)", (FORMAT,))
                    _store(connection, self._new, self._used)
            finally:
                connection.close()


def _store(connection: sqlite3.Connection, new: dict[str, list[tuple[str, bytes]]],
           used: dict[str, set[str]]) -> None:
    for table in TABLES:
        connection.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", new[table])
        (stored,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        if stored > len(used[table]):
            connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            connection.execute("DELETE FROM used")
            connection.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in used[table]))
            connection.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM used)")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"-"  # missing: differs from every file's bytes, an empty one included


def _text_to_json(text: Text | None) -> list | None:
    return None if text is None else [text.markdown, text.line]


def _text_from_json(value: list | None) -> Text | None:
    return None if value is None else Text(str(value[0]), int(value[1]))


def _chapter_to_json(chapter: Chapter) -> list:
    cards = [[card.id, _text_to_json(card.question), _text_to_json(card.answer), _text_to_json(card.detail),
              [[_text_to_json(f.question), _text_to_json(f.answer)] for f in card.followups],
              _text_to_json(card.source), list(card.tags), card.line, _text_to_json(card.check)]
             for card in chapter.cards]
    return [chapter.number, chapter.slug, chapter.title, cards]


def _chapter_from_json(value: list, path: Path) -> Chapter:
    number, slug, title, cards = value
    return Chapter(str(number), str(slug), str(title), tuple(
        Card(str(card_id), _text_from_json(question), _text_from_json(answer), _text_from_json(detail),
             tuple(FollowUp(_text_from_json(q), _text_from_json(a)) for q, a in followups),
             _text_from_json(source), tuple(str(tag) for tag in tags), path, int(line), _text_from_json(check))
        for card_id, question, answer, detail, followups, source, tags, line, check in cards), path)


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
            if tables == {"meta", *TABLES} else None
        if row is not None and row[0] == FORMAT:
            return connection
    except sqlite3.Error:
        pass
    connection.close()
    return None
