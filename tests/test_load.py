"""The load stage alone: which files are content, and bytes to YAML trees with their lines."""
from pathlib import Path

import pytest

from conftest import write
from deckbuilder import load
from deckbuilder.model import SourceFile


def parse(text: str):
    return load.parse(SourceFile(Path("01-a.yaml"), text.encode("utf-8")))


def messages(problems) -> list[str]:
    return [f"{p.line}: {p.message}" for p in problems]


def test_finds_the_special_files_and_the_chapters_in_order(tmp_path):
    for name in ("02-b.yaml", "01-a.yaml", "deck.yaml", "tags.yaml", "notes.txt"):
        write(tmp_path / name, "x: 1\n")
    sources = load.read_sources(tmp_path)
    assert sources.deck.path.name == "deck.yaml" and sources.vocabulary.path.name == "tags.yaml"
    assert sources.removals is None
    assert [(s.number, s.slug) for s in sources.chapters] == [("01", "a"), ("02", "b")]
    assert sources.problems == []


def test_a_badly_named_chapter_file_is_a_problem_and_not_read(tmp_path):
    write(tmp_path / "1-a.yaml", "x: 1\n")
    sources = load.read_sources(tmp_path)
    assert list(sources.chapters) == []
    assert [p.message for p in sources.problems] == [
        "chapter files are named NN-slug.yaml (two digits, then a lowercase ASCII slug), e.g. 01-transformer.yaml"]


def test_an_empty_directory_says_there_are_no_chapters(tmp_path):
    assert [p.message for p in load.read_sources(tmp_path).problems] == ["no chapter files (NN-slug.yaml) found"]


def test_nodes_keep_the_lines_of_values_keys_and_block_text():
    root, problems = parse("chapter: 基础\ncards:\n  - id: a\n    answer: |\n      第一行\n      第二行\n")
    assert problems == []
    card = root.value["cards"].value[0]
    assert root.key_lines == {"chapter": 1, "cards": 2}
    assert card.key_lines == {"id": 3, "answer": 4}
    assert card.value["answer"].value == "第一行\n第二行\n"
    assert card.value["answer"].text_line == 5  # a | block's text starts on the next line


def test_scalars_stay_text_as_written():
    root, _ = parse("a: 1+1\nb: 3.0\nc: yes\nd:\n")
    assert {key: node.value for key, node in root.value.items()} == {"a": "1+1", "b": "3.0", "c": "yes", "d": ""}


@pytest.mark.parametrize("text, expected", [
    ("cards:\n  - id: a\n    question: [unclosed\n    answer: x\n",
     "3: YAML syntax error in the [ ] list that starts here: did not find expected ',' or ']' (noticed on line 4)"),
    ("a: {b: 1\n\nc: 2\n",
     "1: YAML syntax error in the { } mapping that starts here: did not find expected ',' or '}' (noticed on line 3)"),
    ("a: 'no end\nb: 2\n",
     "1: YAML syntax error in the quoted string that starts here: found unexpected end of stream (noticed on line 3)"),
    ("a:\n  - x\n - y\n", "3: YAML syntax error: while parsing a block mapping did not find expected key"),
    ("a: b: c\n", "1: YAML syntax error: mapping values are not allowed in this context"),
])
def test_a_syntax_error_points_where_the_broken_construct_starts(text, expected):
    root, problems = parse(text)
    assert root is None
    assert messages(problems) == [expected]


def test_bad_utf8_names_its_line():
    root, problems = load.parse(SourceFile(Path("01-a.yaml"), "a: 1\nb: é\n".encode("latin-1")))
    assert root is None
    assert messages(problems) == ["2: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"]


def test_a_duplicate_key_is_reported_and_the_first_one_kept():
    root, problems = parse("a: 1\nb: 2\na: 3\n")
    assert root.value["a"].value == "1"
    assert messages(problems) == ["3: duplicate key 'a' (first on line 1)"]


def test_an_empty_file_is_an_empty_mapping():
    root, problems = parse("")
    assert root.is_map and root.value == {} and problems == []
