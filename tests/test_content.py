"""The real deck: it builds cleanly, and every code block it shows runs and checks its own result."""
import subprocess
import sys

import pytest

from conftest import PROJECT_DIR
from deckbuilder.build import build
from deckbuilder.load import load_sources
from deckbuilder.render import make_parser
from deckbuilder.validate import validate

CONTENT = PROJECT_DIR / "content"


def _code_blocks():
    _, chapters, _ = validate(load_sources(CONTENT))
    md = make_parser()
    for chapter in chapters:
        for card in chapter.cards:
            texts = [card.question, card.answer, card.detail, card.source]
            texts += [t for f in card.followups for t in (f.question, f.answer)]
            index = 0
            for text in filter(None, texts):
                for token in md.parse(text.markdown):
                    words = token.info.split()
                    if token.type == "fence" and words[:1] == ["python"]:
                        index += 1
                        marks = [pytest.mark.skip(reason="marked as a fragment")] if "fragment" in words else []
                        yield pytest.param(token.content, id=f"{card.id}-{index}", marks=marks)


def test_real_deck_builds_without_errors_or_warnings():
    result = build(CONTENT, PROJECT_DIR / "media", None, check_only=True)
    assert [str(p) for p in result.problems] == []
    assert sum(len(ch.cards) for ch in result.chapters) >= 10


@pytest.mark.parametrize("code", list(_code_blocks()))
def test_code_block_runs(code, tmp_path):
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
