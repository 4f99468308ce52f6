"""The shape of every YAML mapping the content has, declared once, and the one checker for them.

Each schema names the mapping (as messages call it) and, per key, the kind of value and whether
it is required. The checker reports every unknown key (with the closest known key as a
suggestion), every missing required key and every value of the wrong kind, each at its line.
What a value means (a valid id, a known tag) is validate.py's business, not this module's.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .model import Node
from .problems import Problem

TEXT, LIST, MAP = "text", "list", "mapping"
TEXT_OR_LIST = "text or list"
KIND_WORDS = {TEXT: "text, not a list or mapping", LIST: "a list", MAP: "a mapping",
              TEXT_OR_LIST: "text or a list"}


@dataclass(frozen=True)
class Key:
    kind: str
    required: bool = False
    shape: str = ""  # what a wrong value is told to be, when more can be said than its kind


@dataclass(frozen=True)
class Schema:
    what: str  # how messages name the mapping: "a card", "deck.yaml"
    keys: dict[str, Key]


TAGS = Key(TEXT_OR_LIST, shape="a list of tags")
DECK = Schema("deck.yaml", {"title": Key(TEXT), "description": Key(TEXT), "slug": Key(TEXT),
                            "tag_prefix": Key(TEXT), "version": Key(TEXT)})
CHAPTER = Schema("a chapter file", {"chapter": Key(TEXT, True), "tags": TAGS,
                                    "cards": Key(LIST, True, "a non-empty list of cards")})
CARD = Schema("a card", {"id": Key(TEXT, True), "question": Key(TEXT, True), "answer": Key(TEXT, True),
                         "detail": Key(TEXT), "source": Key(TEXT), "tags": TAGS, "check": Key(TEXT),
                         "followups": Key(LIST, shape="a list (each item text, or a mapping with q and a)")})
FOLLOWUP = Schema("a follow-up", {"q": Key(TEXT, True), "a": Key(TEXT)})
VOCABULARY = Schema("tags.yaml", {
    "topics": Key(MAP, True, "a mapping of topic names to descriptions or to sub-topics"),
    "kinds": Key(MAP, shape="a mapping of each kind to a one-line description")})
REMOVALS = Schema("removed.yaml", {"removed": Key(MAP, shape="a mapping of card ids to reasons"),
                                   "restored": Key(LIST, shape="a list of card ids")})


def check(node: Node, schema: Schema, where: str) -> tuple[dict[str, Node] | None, list[Problem]]:
    """The values of ``node``'s known keys that have the right kind (None when it is not a
    mapping), and the problems: unknown keys, missing required keys, values of the wrong kind."""
    if not node.is_map:
        return None, [Problem(where, node.line, f"{schema.what} must be a mapping of keys to values")]
    problems, values = [], {}
    for key, line in node.key_lines.items():
        expected = schema.keys.get(key)
        value = node.value[key]
        if expected is None:
            problems.append(Problem(where, line, f"unknown key '{key}' in {schema.what}{_hint(key, schema)}"))
        elif not _has_kind(value, expected.kind):
            problems.append(Problem(where, value.line, f"'{key}' must be {expected.shape or KIND_WORDS[expected.kind]}"))
        else:
            values[key] = value
    for key, expected in schema.keys.items():
        if expected.required and key not in node.value:
            problems.append(Problem(where, node.line, f"{schema.what} is missing required key '{key}'"))
    return values, problems


def _has_kind(node: Node, kind: str) -> bool:
    if kind == TEXT_OR_LIST:
        return node.is_text or node.is_list
    return {TEXT: node.is_text, LIST: node.is_list, MAP: node.is_map}[kind]


def _hint(key: str, schema: Schema) -> str:
    close = difflib.get_close_matches(key, schema.keys, n=1, cutoff=0.6)
    # Short keys (q, a) are too short for a similarity ratio; a key the unknown one starts with is the guess.
    close = close or sorted((k for k in schema.keys if key.startswith(k)), key=len, reverse=True)[:1]
    return f"; did you mean '{close[0]}'?" if close else f" (allowed: {', '.join(sorted(schema.keys))})"
