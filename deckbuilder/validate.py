"""Check the parsed YAML against the content format and turn it into ``Card`` records.

Pure functions of the parsed files: they never raise, and they report every problem they find
(not only the first), each with the file and line. The shape of each mapping (its keys and the
kinds of their values) is declared in schema.py; what the values mean is checked here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import schema
from .model import Card, Chapter, DeckSettings, FollowUp, Node, SourceFile, Text
from .problems import WARNING, Problem, display_path
from .vocabulary import TOPIC, Vocabulary, packaged_tags

CARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TAG_PART = re.compile(r"^[^\s\"]+$")
VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")

DEFAULT_DECK = {
    "title": "NLP · LLM 算法工程师面试",
    "description": "",
    "slug": "nlp-llm-interview",
    "tag_prefix": "nlp-interview",
    "version": "1.0",
}


@dataclass
class _Checker:
    """The problems of one file, with the checks every mapping of it shares."""

    path: Path
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.where = display_path(self.path)

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.where, line, message))

    def mapping(self, node: Node, shape: schema.Schema) -> dict[str, Node] | None:
        values, problems = schema.check(node, shape, self.where)
        self.problems += problems
        return values

    def text(self, node: Node | None, key: str, required: bool) -> Text | None:
        if node is None:
            return None
        if not node.value.strip():
            if required:
                self.error(node.line, f"'{key}' is empty")
            return None
        return Text(node.value, node.text_line)

    def tags(self, node: Node | None) -> list[tuple[str, int]]:
        """The tags as written, each with its line."""
        if node is None:
            return []
        tags = []
        for item in [node] if node.is_text else node.value:
            if not item.is_text or not valid_tag(item.value):
                self.error(item.line, f"bad tag {item.value!r}: a tag has no spaces or quotes, and "
                                      "hierarchy levels are joined by '::' (e.g. LLM::PEFT::LoRA)")
                continue
            tags.append((item.value, item.line))
        return tags

    def resolve_tags(self, written: list[tuple[str, int]], vocabulary: Vocabulary | None) -> list[str]:
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
            self.error(line, f"unknown tag '{tag}': not in {display_path(vocabulary.path)}{hint} "
                             "(add new topics there first)")
        return resolved


def valid_tag(tag: object) -> bool:
    return isinstance(tag, str) and all(part and TAG_PART.match(part) for part in tag.split("::"))


def deck_settings(source: SourceFile | None, root: Node | None) -> tuple[DeckSettings, list[Problem]]:
    """deck.yaml's settings, the defaults where it is missing or says nothing."""
    values = dict(DEFAULT_DECK)
    if source is None or root is None:
        return DeckSettings(values["title"], None, values["slug"], values["tag_prefix"]), []
    check = _Checker(source.path)
    fields = check.mapping(root, schema.DECK) or {}
    for key in ("title", "slug", "tag_prefix", "version"):
        if key in fields:
            values[key] = fields[key].value.strip()
    description = check.text(fields.get("description"), "description", False)
    if not CARD_ID.match(values["slug"]):
        check.error(root.key_lines.get("slug", 1), "'slug' must be a lowercase ASCII slug such as nlp-llm-interview")
    if values["tag_prefix"] and not valid_tag(values["tag_prefix"]):
        check.error(root.key_lines.get("tag_prefix", 1), "'tag_prefix' must be a valid tag")
    if not values["title"] or "::" in values["title"]:
        check.error(root.key_lines.get("title", 1), "'title' must be non-empty and without '::'")
    if not VERSION.match(values["version"]):
        check.error(root.key_lines.get("version", 1),
                    f"'version' must look like 1.0 or 2.1.3 (major.minor[.patch]), not {values['version']!r}")
        values["version"] = DEFAULT_DECK["version"]
    return DeckSettings(values["title"], description, values["slug"], values["tag_prefix"], source.path,
                        values["version"]), check.problems


def chapter(source: SourceFile, root: Node, deck: DeckSettings,
            vocabulary: Vocabulary | None) -> tuple[Chapter | None, list[Problem]]:
    check = _Checker(source.path)
    fields = check.mapping(root, schema.CHAPTER)
    if fields is None:
        return None, check.problems
    title_node = fields.get("chapter")
    title = title_node.value.strip() if title_node is not None else ""
    if title_node is not None and not title:
        check.error(title_node.line, "'chapter' (the subdeck title) must be non-empty text")
    elif "::" in title:
        check.error(title_node.line, "'chapter' must not contain '::' (it is one subdeck)")
    file_tags = check.resolve_tags(check.tags(fields.get("tags")), vocabulary)
    chapter_tag = f"{source.number}-{source.slug}"

    cards_node = fields.get("cards")
    cards: list[Card] = []
    if cards_node is not None:
        if not cards_node.value:
            check.error(cards_node.line, "'cards' must be a non-empty list of cards")
        for item in cards_node.value:
            card = _card(check, item, file_tags, chapter_tag, deck, vocabulary)
            if card:
                cards.append(card)
    return Chapter(source.number, source.slug, title, tuple(cards), source.path), check.problems


def cross_check(chapters: list[Chapter]) -> list[Problem]:
    """What no single file can show: an id used twice, a chapter number used twice."""
    problems = []
    first_seen: dict[str, Card] = {}
    for chapter_ in chapters:
        for card in chapter_.cards:
            if card.id in first_seen:
                other = first_seen[card.id]
                problems.append(Problem(display_path(card.path), card.line, f"duplicate card id '{card.id}' "
                                        f"(also at {display_path(other.path)}:{other.line})"))
            else:
                first_seen[card.id] = card
    seen_numbers: dict[str, Path] = {}
    for chapter_ in chapters:
        if chapter_.number in seen_numbers:
            problems.append(Problem(display_path(chapter_.path), 0, f"chapter number {chapter_.number} is also "
                                    f"used by {display_path(seen_numbers[chapter_.number])}", WARNING))
        seen_numbers.setdefault(chapter_.number, chapter_.path)
    return problems


def _card(check: _Checker, node: Node, file_tags: list[str], chapter_tag: str, deck: DeckSettings,
          vocabulary: Vocabulary | None) -> Card | None:
    fields = check.mapping(node, schema.CARD)
    if fields is None:
        return None
    card_id = ""
    id_node = fields.get("id")
    if id_node is not None:
        if not CARD_ID.match(id_node.value):
            check.error(id_node.line, f"bad card id {id_node.value!r}: use lowercase ASCII letters, "
                                      "digits and '-', starting with a letter or digit")
        else:
            card_id = id_node.value
    question = check.text(fields.get("question"), "question", True)
    answer = check.text(fields.get("answer"), "answer", True)
    detail = check.text(fields.get("detail"), "detail", False)
    source = check.text(fields.get("source"), "source", False)
    code_check = check.text(fields.get("check"), "check", False)
    followups = _followups(check, fields.get("followups"))
    written_tags = check.tags(fields.get("tags"))
    own_tags = check.resolve_tags(written_tags, vocabulary)
    if not (card_id and question and answer) or len(fields) < len(node.value):  # a wrong kind is reported
        return None
    tags = file_tags + own_tags
    all_known = len(own_tags) == len(written_tags)  # an unknown tag is reported already; say nothing more
    if vocabulary and all_known and not any(t.startswith(f"{TOPIC}::") for t in tags):
        check.error(node.line, f"card '{card_id}' has no topic tag: give it one from "
                               f"{display_path(vocabulary.path)} (or give its file a 'tags:' list)")
    tags = packaged_tags(deck.tag_prefix, chapter_tag, tags)
    return Card(card_id, question, answer, detail, followups, source, tags, check.path, node.line, code_check)


def _followups(check: _Checker, node: Node | None) -> tuple[FollowUp, ...]:
    if node is None:
        return ()
    result = []
    for item in node.value:
        if item.is_text:
            question = check.text(item, "followups item", True)
            if question:
                result.append(FollowUp(question, None))
            continue
        fields = check.mapping(item, schema.FOLLOWUP)
        if fields is None:
            continue
        question = check.text(fields.get("q"), "q", True)
        answer = check.text(fields.get("a"), "a", False)
        if question:
            result.append(FollowUp(question, answer))
    return tuple(result)
