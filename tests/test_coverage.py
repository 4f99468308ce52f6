"""Every chapter file covers every question of its chapter in the coverage lists: docs/syllabus.yaml
(the seed notes, chapters 01–15) and docs/syllabus-2026.yaml (the 2025–26 interview, chapters 16–20)."""
import re

import pytest
import yaml

from conftest import PROJECT_DIR
from deckbuilder.load import load_sources
from deckbuilder.validate import validate

SYLLABUS = [chapter for name in ("syllabus.yaml", "syllabus-2026.yaml")
            for chapter in yaml.safe_load((PROJECT_DIR / "docs" / name).read_text(encoding="utf-8"))["chapters"]]
CHAPTERS = {re.match(r"\d+", ch["title"]).group(): ch for ch in SYLLABUS}


def _written_chapters():
    _, chapters, _ = validate(load_sources(PROJECT_DIR / "content"))
    return {chapter.number: chapter for chapter in chapters}


@pytest.mark.parametrize("number", sorted(CHAPTERS))
def test_written_chapter_covers_its_syllabus(number):
    chapter = _written_chapters().get(number)
    if chapter is None:
        pytest.skip(f"chapter {number} is not written yet")
    ids = {card.id for card in chapter.cards}
    missing = [q["id"] for q in CHAPTERS[number]["questions"] if q["id"] not in ids]
    assert not missing, f"chapter {number} has no card for: {', '.join(missing)}"
