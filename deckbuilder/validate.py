"""Check the loaded YAML against the content format and turn it into Card records.

A pure function of the loaded sources: it never raises, and it reports every problem it
finds (not only the first), each with the file and line.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .load import Node, SourceFile, Sources
from .problems import Problem, WARNING, display_path
from .vocabulary import TOPIC, Vocabulary, packaged_tags, read_vocabulary

CARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TAG_PART = re.compile(r"^[^\s\"]+$")

CHAPTER_KEYS = {"chapter": True, "tags": False, "cards": True}
CARD_KEYS = {"id": True, "question": True, "answer": True, "detail": False,
             "followups": False, "source": False, "tags": False, "check": False}
FOLLOWUP_KEYS = {"q": True, "a": False}
DECK_KEYS = {"title": False, "description": False, "slug": False, "tag_prefix": False, "version": False}
VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")

DEFAULT_DECK = {
    "title": "NLP · LLM 算法工程师面试",
    "description": "",
    "slug": "nlp-llm-interview",
    "tag_prefix": "nlp-interview",
    "version": "1.0",
}


def major_version(version: str) -> int:
    """The MAJOR of MAJOR.MINOR[.PATCH]: it changes only with a breaking release."""
    return int(version.split(".")[0])


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
    version: str = DEFAULT_DECK["version"]

    @property
    def major(self) -> int:
        return major_version(self.version)


@dataclass
class _Checker:
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(display_path(path), line, message))

    def keys(self, path: Path, node: Node, allowed: dict[str, bool], what: str) -> bool:
        """Unknown keys (with a suggestion) and missing required keys; False if not a mapping."""
        if not node.is_map:
            self.error(path, node.line, f"{what} must be a mapping of keys to values")
            return False
        for key, line in node.key_lines.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else \
                    f" (allowed: {', '.join(sorted(allowed))})"
                self.error(path, line, f"unknown key '{key}' in {what}{hint}")
        for key, required in allowed.items():
            if required and key not in node.value:
                self.error(path, node.line, f"{what} is missing required key '{key}'")
        return True

    def text(self, path: Path, node: Node | None, key: str, required: bool) -> Text | None:
        if node is None:
            return None
        if not node.is_text:
            self.error(path, node.line, f"'{key}' must be text, not a list or mapping")
            return None
        if not node.value.strip():
            if required:
                self.error(path, node.line, f"'{key}' is empty")
            return None
        return Text(node.value, node.text_line)

    def tags(self, path: Path, node: Node | None) -> list[tuple[str, int]]:
        """The tags as written, each with its line."""
        if node is None:
            return []
        items = [node] if node.is_text else node.value if node.is_list else None
        if items is None:
            self.error(path, node.line, "'tags' must be a list of tags")
            return []
        tags = []
        for item in items:
            if not item.is_text or not _valid_tag(item.value):
                self.error(path, item.line, f"bad tag {item.value!r}: a tag has no spaces or quotes, and "
                                            "hierarchy levels are joined by '::' (e.g. LLM::PEFT::LoRA)")
                continue
            tags.append((item.value, item.line))
        return tags

    def resolve_tags(self, path: Path, written: list[tuple[str, int]],
                     vocabulary: Vocabulary | None) -> list[str]:
        """Tags in their packaged form (without prefix); unknown ones reported with a suggestion."""
        if vocabulary is None:
            return [tag for tag, _ in written]
        resolved = []
        for tag, line in written:
            full = vocabulary.resolve(tag)
            if full:
                resolved.append(full)
                continue
            guess = vocabulary.suggestion(tag)
            hint = f"; did you mean '{guess}'?" if guess else ""
            self.error(path, line, f"unknown tag '{tag}': not in {display_path(vocabulary.path)}{hint} "
                                   "(add new topics there first)")
        return resolved


def _valid_tag(tag: object) -> bool:
    return isinstance(tag, str) and all(part and TAG_PART.match(part) for part in tag.split("::"))


def validate(sources: Sources) -> tuple[DeckSettings, list[Chapter], list[Problem]]:
    check = _Checker()
    deck = _deck_settings(sources.deck, check)
    vocabulary, vocabulary_problems = read_vocabulary(sources.vocabulary)
    check.problems += vocabulary_problems
    chapters = [ch for ch in (_chapter(src, deck, vocabulary, check) for src in sources.chapters) if ch]

    first_seen: dict[str, Card] = {}
    for chapter in chapters:
        for card in chapter.cards:
            if card.id in first_seen:
                other = first_seen[card.id]
                check.error(card.path, card.line, f"duplicate card id '{card.id}' "
                                                  f"(also at {display_path(other.path)}:{other.line})")
            else:
                first_seen[card.id] = card
    seen_numbers: dict[str, Path] = {}
    for chapter in chapters:
        if chapter.number in seen_numbers:
            check.problems.append(Problem(display_path(chapter.path), 0,
                                          f"chapter number {chapter.number} is also used by "
                                          f"{display_path(seen_numbers[chapter.number])}", WARNING))
        seen_numbers.setdefault(chapter.number, chapter.path)
    return deck, chapters, sources.problems + check.problems


def _deck_settings(source: SourceFile | None, check: _Checker) -> DeckSettings:
    values = dict(DEFAULT_DECK)
    description = None
    if source is None or source.root is None:
        return DeckSettings(values["title"], None, values["slug"], values["tag_prefix"])
    root = source.root
    if check.keys(source.path, root, DECK_KEYS, "deck.yaml"):
        for key in ("title", "slug", "tag_prefix", "version"):
            node = root.value.get(key)
            if node is not None and not node.is_text:
                check.error(source.path, node.line, f"'{key}' must be text")
            elif node is not None:
                values[key] = node.value.strip()
        description = check.text(source.path, root.value.get("description"), "description", False)
    if not CARD_ID.match(values["slug"]):
        check.error(source.path, root.key_lines.get("slug", 1),
                    "'slug' must be a lowercase ASCII slug such as nlp-llm-interview")
    if values["tag_prefix"] and not _valid_tag(values["tag_prefix"]):
        check.error(source.path, root.key_lines.get("tag_prefix", 1), "'tag_prefix' must be a valid tag")
    if not values["title"] or "::" in values["title"]:
        check.error(source.path, root.key_lines.get("title", 1), "'title' must be non-empty and without '::'")
    if not VERSION.match(values["version"]):
        check.error(source.path, root.key_lines.get("version", 1),
                    f"'version' must look like 1.0 or 2.1.3 (major.minor[.patch]), not {values['version']!r}")
        values["version"] = DEFAULT_DECK["version"]
    return DeckSettings(values["title"], description, values["slug"], values["tag_prefix"], source.path,
                        values["version"])


def _chapter(source: SourceFile, deck: DeckSettings, vocabulary: Vocabulary | None,
             check: _Checker) -> Chapter | None:
    if isinstance(source.validated, Chapter):  # same bytes, deck settings, vocabulary and code as then
        return source.validated
    root, path = source.root, source.path
    if root is None:
        return None
    if not check.keys(path, root, CHAPTER_KEYS, "a chapter file"):
        return None
    title_node = root.value.get("chapter")
    title = title_node.value.strip() if title_node is not None and title_node.is_text else ""
    if title_node is not None and not title:
        check.error(path, title_node.line, "'chapter' (the subdeck title) must be non-empty text")
    elif "::" in title:
        check.error(path, title_node.line, "'chapter' must not contain '::' (it is one subdeck)")
    file_tags = check.resolve_tags(path, check.tags(path, root.value.get("tags")), vocabulary)
    chapter_tag = f"{source.number}-{source.slug}"

    cards_node = root.value.get("cards")
    cards: list[Card] = []
    if cards_node is not None:
        if not cards_node.is_list or not cards_node.value:
            check.error(path, cards_node.line, "'cards' must be a non-empty list of cards")
        else:
            for item in cards_node.value:
                card = _card(path, item, file_tags, chapter_tag, deck, vocabulary, check)
                if card:
                    cards.append(card)
    return Chapter(source.number, source.slug, title, tuple(cards), path)


def _card(path: Path, node: Node, file_tags: list[str], chapter_tag: str, deck: DeckSettings,
          vocabulary: Vocabulary | None, check: _Checker) -> Card | None:
    if not check.keys(path, node, CARD_KEYS, "a card"):
        return None
    fields = node.value
    card_id = ""
    id_node = fields.get("id")
    if id_node is not None:
        if not id_node.is_text or not CARD_ID.match(id_node.value):
            check.error(path, id_node.line, f"bad card id {id_node.value!r}: use lowercase ASCII letters, "
                                            "digits and '-', starting with a letter or digit")
        else:
            card_id = id_node.value
    question = check.text(path, fields.get("question"), "question", True)
    answer = check.text(path, fields.get("answer"), "answer", True)
    detail = check.text(path, fields.get("detail"), "detail", False)
    source = check.text(path, fields.get("source"), "source", False)
    code_check = check.text(path, fields.get("check"), "check", False)
    followups = _followups(path, fields.get("followups"), check)
    written_tags = check.tags(path, fields.get("tags"))
    own_tags = check.resolve_tags(path, written_tags, vocabulary)
    if not (card_id and question and answer):
        return None
    tags = file_tags + own_tags
    all_known = len(own_tags) == len(written_tags)  # an unknown tag is reported already; say nothing more
    if vocabulary and all_known and not any(t.startswith(f"{TOPIC}::") for t in tags):
        check.error(path, node.line, f"card '{card_id}' has no topic tag: give it one from "
                                     f"{display_path(vocabulary.path)} (or give its file a 'tags:' list)")
    tags = packaged_tags(deck.tag_prefix, chapter_tag, tags)
    return Card(card_id, question, answer, detail, followups, source, tags, path, node.line, code_check)


def _followups(path: Path, node: Node | None, check: _Checker) -> tuple[FollowUp, ...]:
    if node is None:
        return ()
    if not node.is_list:
        check.error(path, node.line, "'followups' must be a list (each item text, or a mapping with q and a)")
        return ()
    result = []
    for item in node.value:
        if item.is_text:
            question = check.text(path, item, "followups item", True)
            if question:
                result.append(FollowUp(question, None))
        elif check.keys(path, item, FOLLOWUP_KEYS, "a follow-up"):
            question = check.text(path, item.value.get("q"), "q", True)
            answer = check.text(path, item.value.get("a"), "a", False)
            if question:
                result.append(FollowUp(question, answer))
    return tuple(result)
