"""Read deck.yaml, tags.yaml, removed.yaml and the chapter files, and parse them into YAML trees
that remember their line numbers.

Nothing here judges the content (that is validate.py): ``read_sources`` finds the files and reads
their bytes, ``parse`` turns one file into a ``Node`` tree, or unreadable bytes (bad UTF-8, YAML
syntax) into problems.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from .model import Node, SourceFile, Sources
from .problems import Problem, display_path
# libyaml's parser is an order of magnitude faster than the pure-Python one and keeps the same
# marks (line numbers) on every node; PyYAML built without libyaml only has the latter.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CHAPTER_FILE = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9][a-z0-9-]*)\.ya?ml$")
DECK_FILE = "deck.yaml"
VOCABULARY_FILE = "tags.yaml"
REMOVALS_FILE = "removed.yaml"
SPECIAL_FILES = (DECK_FILE, VOCABULARY_FILE, REMOVALS_FILE)
# YAML constructs that open with a delimiter: PyYAML's names for them, and ours
DELIMITED = {"flow sequence": "[ ] list", "flow mapping": "{ } mapping", "quoted scalar": "quoted string"}


def read_sources(content_dir: Path) -> Sources:
    problems: list[Problem] = []
    if not content_dir.is_dir():
        problems.append(Problem(display_path(content_dir), 0, "content directory not found"))
        return Sources(None, None, None, iter(()), problems)

    deck, vocabulary, removals = (SourceFile(path, path.read_bytes()) if path.exists() else None
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
    return Sources(deck, vocabulary, removals, _read_chapters(chapter_files), problems)


def _read_chapters(files: list[tuple[Path, re.Match]]) -> Iterator[SourceFile]:
    for path, match in files:
        yield SourceFile(path, path.read_bytes(), match["number"], match["slug"])


def parse(source: SourceFile) -> tuple[Node | None, list[Problem]]:
    """The file's YAML tree (None when it cannot be read), and its problems."""
    where = display_path(source.path)
    data = source.data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, [Problem(where, line, f"file is not valid UTF-8 (byte 0x{data[err.start]:02x}); "
                                           "save it as UTF-8")]
    try:
        node = yaml.compose(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(where, err)]
    except yaml.YAMLError as err:  # e.g. a control character PyYAML refuses, with no position
        return None, [Problem(where, 0, f"YAML error: {err}")]
    if node is None:
        return Node({}, 1, 1), []
    problems: list[Problem] = []
    return _to_node(node, where, problems), problems


def _syntax_problem(where: str, err: yaml.MarkedYAMLError) -> Problem:
    """A construct opened by a delimiter (``[``, ``{``, a quote) and never closed is reported at
    its opening line, which is where the author has to look: the parser only notices at the next
    line that cannot belong to it, often the end of the file. Other errors are where they are found."""
    start, found = err.context_mark, err.problem_mark
    context = err.context or ""
    construct = context.removeprefix("while parsing ").removeprefix("while scanning ").removeprefix("a ")
    if start is not None and found is not None and start.line != found.line and construct in DELIMITED:
        return Problem(where, start.line + 1, f"YAML syntax error in the {DELIMITED[construct]} that starts here: "
                                              f"{err.problem} (noticed on line {found.line + 1})")
    mark = found or start
    what = " ".join(x for x in (context, err.problem) if x)
    return Problem(where, mark.line + 1 if mark else 0, f"YAML syntax error: {what}")


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
