"""Every chapter file covers every question of its chapter in the coverage lists: docs/syllabus.yaml
(the seed notes, chapters 01–15) and docs/syllabus-2026.yaml (the 2025–26 interview, chapters 16–20)."""
import re

import pytest
import yaml

from conftest import PROJECT_DIR, read_content

SYLLABUS = [chapter for name in ("syllabus.yaml", "syllabus-2026.yaml")
            for chapter in yaml.safe_load((PROJECT_DIR / "docs" / name).read_text(encoding="utf-8"))["chapters"]]
CHAPTERS = {re.match(r"\d+", ch["title"]).group(): ch for ch in SYLLABUS}


@pytest.fixture(scope="module")
def written_chapters(content_dir):
    return {chapter.number: chapter for chapter in read_content(content_dir).chapters}


@pytest.mark.parametrize("number", sorted(CHAPTERS))
def test_written_chapter_covers_its_syllabus(number, written_chapters):
    chapter = written_chapters.get(number)
    if chapter is None:
        pytest.skip(f"chapter {number} is not written yet")
    ids = {card.id for card in chapter.cards}
    missing = [q["id"] for q in CHAPTERS[number]["questions"] if q["id"] not in ids]
    assert not missing, f"chapter {number} has no card for: {', '.join(missing)}"
