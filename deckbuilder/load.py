"""Read deck.yaml, tags.yaml, removed.yaml and the chapter files into YAML trees that remember their line numbers.

Nothing here judges the content (that is validate.py); this stage only turns bytes into
``Node`` trees, and unreadable files (bad UTF-8, YAML syntax) into problems.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, display_path

# libyaml's parser is an order of magnitude faster than the pure-Python one and keeps the same
# marks (line numbers) on every node; PyYAML built without libyaml only has the latter.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CHAPTER_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)\.ya?ml$")
DECK_FILE = "deck.yaml"
VOCABULARY_FILE = "tags.yaml"
REMOVALS_FILE = "removed.yaml"
SPECIAL_FILES = (DECK_FILE, VOCABULARY_FILE, REMOVALS_FILE)


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


@dataclass
class SourceFile:
    path: Path
    root: Node | None  # None when the file could not be read or parsed
    number: str = ""  # chapter files: the NN of NN-slug.yaml
    slug: str = ""
    # A validate.Chapter reused from an earlier build of the same bytes (then root is None).
    validated: object | None = None


@dataclass
class Sources:
    deck: SourceFile | None
    vocabulary: SourceFile | None
    removals: SourceFile | None
    # Read and parsed one file at a time as they are iterated (once), so that only one file's YAML
    # tree is alive at a time; their problems join ``problems`` as they are read.
    chapters: Iterator[SourceFile]
    problems: list[Problem]


def load_sources(content_dir: Path,
                 reuse: Callable[[Path, bytes], object | None] | None = None) -> Sources:
    """``reuse(path, data)``: the validated chapter of an earlier build of exactly these bytes, or
    None; such a file is not parsed again (see rendercache.py)."""
    problems: list[Problem] = []
    if not content_dir.is_dir():
        problems.append(Problem(display_path(content_dir), 0, "content directory not found"))
        return Sources(None, None, None, iter(()), problems)

    deck, vocabulary, removals = (_load_file(path, problems) if path.exists() else None
                                  for path in (content_dir / name for name in SPECIAL_FILES))

    chapter_files = []
    for path in sorted(content_dir.iterdir()):
        if path.suffix not in (".yaml", ".yml") or path.name in SPECIAL_FILES:
            continue
        match = CHAPTER_FILE.match(path.name)
        if not match:
            problems.append(Problem(display_path(path), 0,
                                    "chapter files are named NN-slug.yaml (two digits, then a lowercase "
                                    "ASCII slug), e.g. 01-transformer.yaml"))
            continue
        chapter_files.append((path, match))
    if not chapter_files and not problems:
        problems.append(Problem(display_path(content_dir), 0, "no chapter files (NN-slug.yaml) found"))
    return Sources(deck, vocabulary, removals, _load_chapters(chapter_files, problems, reuse), problems)


def _load_chapters(files: list[tuple[Path, re.Match]], problems: list[Problem],
                   reuse: Callable[[Path, bytes], object | None] | None) -> Iterator[SourceFile]:
    for path, match in files:
        data = path.read_bytes()
        validated = reuse(path, data) if reuse is not None else None
        source = SourceFile(path, None, validated=validated) if validated is not None \
            else _load_file(path, problems, data)
        source.number, source.slug = match["number"], match["slug"]
        yield source


def _load_file(path: Path, problems: list[Problem], data: bytes | None = None) -> SourceFile:
    where = display_path(path)
    data = path.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(Problem(where, line, f"file is not valid UTF-8 (byte 0x{data[err.start]:02x}); "
                                             "save it as UTF-8"))
        return SourceFile(path, None)
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        what = " ".join(x for x in (err.context, err.problem) if x)
        problems.append(Problem(where, line, f"YAML syntax error: {what}"))
        return SourceFile(path, None)
    except yaml.YAMLError as err:  # e.g. a control character PyYAML refuses, with no position
        problems.append(Problem(where, 0, f"YAML error: {err}"))
        return SourceFile(path, None)
    if node is None:
        return SourceFile(path, Node({}, 1, 1))
    return SourceFile(path, _to_node(node, where, problems))


def _to_node(node: yaml.Node, where: str, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        value: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in value:
                problems.append(Problem(where, key_line,
                                        f"duplicate key '{key}' (first on line {key_lines[key]})"))
                continue
            value[key] = _to_node(value_node, where, problems)
            key_lines[key] = key_line
        return Node(value, line, line, key_lines)
    if isinstance(node, yaml.SequenceNode):
        return Node([_to_node(item, where, problems) for item in node.value], line, line)
    # Scalars keep the text as written: `question: 1+1` stays "1+1", not an int.
    text = "" if node.tag == "tag:yaml.org,2002:null" else str(node.value)
    block = getattr(node, "style", None) in ("|", ">")
    return Node(text, line, line + 1 if block else line)
