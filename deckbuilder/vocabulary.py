"""The controlled tag vocabulary (content/tags.yaml) and the tags a card is packaged with.

Authors write short topic paths (``peft::lora``) and kinds (``kind::code``); the package
carries ``<prefix>::topic::peft::lora``, ``<prefix>::kind::code`` and the chapter tag
``<prefix>::chapter::06-peft``, so Anki's sidebar shows three tidy trees and one search
(``tag:<prefix>::topic::peft``) collects a topic from every chapter.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .model import Node, SourceFile
from .problems import Problem, display_path

TOPIC, KIND, CHAPTER, REMOVED = "topic", "kind", "chapter", "removed"
ABOUT = "about"  # a branch's own description, not a sub-topic
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Vocabulary:
    topics: frozenset[str]  # every path of the tree, branches included: 'peft', 'peft::lora'
    kinds: frozenset[str]
    path: Path

    def resolve(self, tag: str) -> str | None:
        """The packaged form (without prefix) of a tag as written, or None if it is unknown."""
        if tag.startswith(f"{KIND}::"):
            return tag if tag.split("::", 1)[1] in self.kinds else None
        return f"{TOPIC}::{tag}" if tag in self.topics else None

    def suggestion(self, tag: str) -> str | None:
        """The known tag an author most likely meant, e.g. 'peft::lora' for 'lora' or 'LoRA'."""
        known = sorted(self.topics) + [f"{KIND}::{kind}" for kind in sorted(self.kinds)]
        wanted = tag.lower().split("::")[-1]
        same_leaf = [t for t in known if t.split("::")[-1] == wanted]
        if same_leaf:
            return same_leaf[0]
        by_leaf = {t.split("::")[-1]: t for t in known}
        close = difflib.get_close_matches(wanted, by_leaf, n=1, cutoff=0.7)
        return by_leaf[close[0]] if close else None


def read_vocabulary(source: SourceFile | None, root: Node | None) -> tuple[Vocabulary | None, list[Problem]]:
    """None (free tagging) when there is no tags.yaml."""
    if source is None or root is None:
        return None, []
    where = display_path(source.path)
    fields, problems = schema.check(root, schema.VOCABULARY, where)
    if fields is None:
        return None, problems

    def error(line: int, message: str) -> None:
        problems.append(Problem(where, line, message))

    topics: set[str] = set()
    if "topics" in fields:
        _collect_topics(fields["topics"], "", topics, error)
    kinds: set[str] = set()
    for name, line in fields["kinds"].key_lines.items() if "kinds" in fields else ():
        if _check_name(name, line, error):
            kinds.add(name)
    return Vocabulary(frozenset(topics), frozenset(kinds), source.path), problems


def _collect_topics(node: Node, parent: str, topics: set[str], error) -> None:
    if not node.is_map:
        error(node.line, f"'{parent or 'topics'}' must be a mapping of topic names to descriptions "
                         "or to sub-topics")
        return
    for name, line in node.key_lines.items():
        if parent and name == ABOUT:
            continue
        if not _check_name(name, line, error):
            continue
        path = f"{parent}::{name}" if parent else name
        topics.add(path)
        child = node.value[name]
        if child.is_map:
            _collect_topics(child, path, topics, error)
        elif not child.is_text:
            error(child.line, f"topic '{path}' must have a description or sub-topics")


def _check_name(name: str, line: int, error) -> bool:
    if NAME.match(name):
        return True
    error(line, f"bad tag name {name!r}: use lowercase ASCII letters, digits and '-'")
    return False


def packaged_tags(prefix: str, chapter: str, resolved: list[str]) -> tuple[str, ...]:
    """Chapter tag first, then each tag once, dropping a topic that a more specific one implies
    (Anki's tag search already matches the tags below a parent)."""
    unique = list(dict.fromkeys(resolved))
    kept = [t for t in unique if not any(other.startswith(t + "::") for other in unique)]
    head = f"{prefix}::" if prefix else ""
    return tuple(head + tag for tag in [f"{CHAPTER}::{chapter}"] + kept)


def removed_tag_for(prefix: str) -> str:
    """The one tag every removal notice carries, so users find them all with one search."""
    return f"{prefix}::{REMOVED}" if prefix else REMOVED
