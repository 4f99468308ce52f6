"""The real deck (or ``pytest --content DIR``): it builds cleanly, its answers can be said in a
minute, and every code block it shows runs and checks its own result."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import options, read_content
from deckbuilder import pipeline
from deckbuilder.render import make_parser


def pytest_generate_tests(metafunc):
    if "code" in metafunc.fixturenames:
        content = Path(metafunc.config.getoption("--content")).resolve()
        metafunc.parametrize("code", list(_code_blocks(read_content(content).chapters)))


def _code_blocks(chapters):
    """Each Python block a card shows runs on its own; the card's hidden ``check`` runs after all of them."""
    md = make_parser()
    for chapter in chapters:
        for card in chapter.cards:
            shown, index = [], 0
            for text in card.texts():
                for token in md.parse(text.markdown):
                    words = token.info.split()
                    if token.type == "fence" and words[:1] == ["python"]:
                        index += 1
                        marks = [pytest.mark.skip(reason="marked as a fragment")] if "fragment" in words else []
                        if not marks:
                            shown.append(token.content)
                        yield pytest.param(token.content, id=f"{card.id}-{index}", marks=marks)
            if card.check is not None:
                if not shown:
                    yield pytest.param("raise SystemExit('check: the card shows no runnable Python block')",
                                       id=f"{card.id}-check")
                    continue
                yield pytest.param("\n\n".join(shown + [card.check.markdown]), id=f"{card.id}-check")


# About 60 seconds of speech: Chinese is spoken at roughly 4–5 characters a second. A formula counts
# as a quarter of its TeX length (what it takes to say it), markup not at all.
SPOKEN_LIMIT = 300


def spoken_length(markdown: str) -> int:
    text = re.sub(r"\$\$.*?\$\$", lambda m: "x" * max(4, len(m.group()) // 4), markdown, flags=re.S)
    text = re.sub(r"\$[^$]*\$", lambda m: "x" * max(2, len(m.group()) // 4), text)
    return len(re.sub(r"[\s*`#>|-]", "", text))


def test_answers_can_be_said_in_about_a_minute(content_dir):
    chapters = read_content(content_dir).chapters
    too_long = [f"{card.id}: {spoken_length(card.answer.markdown)}" for chapter in chapters for card in chapter.cards
                if spoken_length(card.answer.markdown) > SPOKEN_LIMIT]
    assert not too_long, f"answers longer than about a minute of speech (limit {SPOKEN_LIMIT}):\n" + "\n".join(too_long)


def test_real_deck_builds_without_errors_or_warnings(content_dir):
    result = pipeline.check(options(content_dir))
    assert [str(p) for p in result.problems] == []
    assert sum(len(ch.cards) for ch in result.chapters) >= 10


def test_code_block_runs(code, tmp_path):
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
