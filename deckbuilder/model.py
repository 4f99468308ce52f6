"""The data the stages hand on, and nothing else: every stage imports this module, none imports another stage.

load → ``Sources`` of ``SourceFile`` (bytes) and ``Node`` trees; validate → ``DeckSettings``,
``Chapter`` and ``Card``; render → ``RenderedCard``; package → ``PackagedNote``. The release
record (``ReleaseRecord``, ``Removals``) is read before validation and compared after packaging.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

# The note type's fields, in order. deckbuilder/notetype/notetype.yaml is the public contract
# (users' collections hold notes of that type); these are the fields the content fills.
NOTE_FIELDS = ("Question", "Answer", "Detail", "FollowUps", "Source", "ID")


def major_version(version: str) -> int:
    """The MAJOR of MAJOR.MINOR[.PATCH]: it changes only with a breaking release."""
    return int(version.split(".")[0])


# --- load ---------------------------------------------------------------------------------------

@dataclass(slots=True)  # one per YAML value: tens of thousands in a large deck
class Node:
    """A YAML value with its position. ``value`` is a str, a list of Node or a dict of Node."""

    value: object
    line: int  # 1-based line where the value starts
    text_line: int  # 1-based line of the first line of text (next line for `|` and `>` blocks)
    key_lines: dict[str, int] = field(default_factory=dict)  # mappings: line of each key

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_text(self) -> bool:
        return isinstance(self.value, str)


@dataclass(frozen=True)
class SourceFile:
    """A content file as read: its bytes, parsed only when needed (an unchanged chapter may not be)."""

    path: Path
    data: bytes
    number: str = ""  # chapter files: the NN of NN-slug.yaml
    slug: str = ""


@dataclass
class Sources:
    deck: SourceFile | None
    vocabulary: SourceFile | None
    removals: SourceFile | None
    # Read one file at a time as they are iterated (once), so that only one file is in memory at a time.
    chapters: Iterator[SourceFile]
    problems: list[Problem]


# --- validate -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """A Markdown field and the source line of its first line of text."""

    markdown: str
    line: int


@dataclass(frozen=True)
class FollowUp:
    question: Text
    answer: Text | None


@dataclass(frozen=True)
class Card:
    id: str
    question: Text
    answer: Text
    detail: Text | None
    followups: tuple[FollowUp, ...]
    source: Text | None
    tags: tuple[str, ...]
    path: Path
    line: int
    # Python run by the tests after the card's code blocks (asserts against a reference); never packaged.
    check: Text | None = None

    def texts(self) -> list[Text]:
        """Every Markdown text of the card, in display order (the hidden ``check`` is not one)."""
        texts = [self.question, self.answer, self.detail]
        texts += [t for f in self.followups for t in (f.question, f.answer)]
        return [t for t in texts + [self.source] if t is not None]


@dataclass(frozen=True)
class RemovedCard:
    """A released card that left the content: packaged as a notice in its old subdeck, so that
    users see it is gone (Anki never deletes a note on import)."""

    id: str
    question: Text
    deck: str
    reason: str
    tags: tuple[str, ...]
    path: Path  # the release record


@dataclass(frozen=True)
class Chapter:
    number: str
    slug: str
    title: str
    cards: tuple[Card, ...]
    path: Path


@dataclass(frozen=True)
class DeckSettings:
    title: str
    description: Text | None
    slug: str
    tag_prefix: str
    path: Path | None = None
    version: str = "1.0"

    @property
    def major(self) -> int:
        return major_version(self.version)

    def subdeck_name(self, chapter: Chapter) -> str:
        """``Parent::NN title``: the number keeps Anki's alphabetical deck list in chapter order."""
        title = chapter.title
        if not title.startswith(chapter.number):
            title = f"{chapter.number} {title}"
        return f"{self.title}::{title}"


# --- render -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderedCard:
    card: Card | RemovedCard
    question: str
    answer: str
    detail: str
    followups: str
    source: str
    media: frozenset[str]  # paths relative to media/
    # Each image reference as written and the media/ path it resolved to (for the stage cache).
    references: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def note_fields(self, names: tuple[str, ...] = NOTE_FIELDS) -> tuple[str, ...]:
        """The note's field values for the note type's field names; a field the content does not
        fill (yet) stays empty."""
        values = dict(zip(NOTE_FIELDS, (self.question, self.answer, self.detail, self.followups, self.source,
                                        self.card.id)))
        return tuple(values.get(name, "") for name in names)


# --- package ------------------------------------------------------------------------------------

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


# --- the release record -------------------------------------------------------------------------

@dataclass(frozen=True)
class NoteRecord:
    hash: str
    mtime: int
    deck: str
    tags: tuple[str, ...]
    question: str  # Markdown source, for the change report and the removal notice
    removed: bool = False
    reason: str = ""


@dataclass(frozen=True)
class NotetypeRecord:
    name: str
    fields: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass(frozen=True)
class ReleaseRecord:
    version: str
    notetype: NotetypeRecord
    notes: dict[str, NoteRecord] = field(default_factory=dict)


@dataclass(frozen=True)
class Removals:
    """content/removed.yaml: why cards left the deck, and which removed ids are back on purpose."""

    reasons: dict[str, str] = field(default_factory=dict)
    restored: frozenset[str] = frozenset()
    lines: dict[str, int] = field(default_factory=dict)  # id -> line, for error messages
    path: Path | None = None
