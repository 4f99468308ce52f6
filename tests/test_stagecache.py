"""The stage cache: validated chapters and rendered cards reused only while their inputs are
unchanged, never trusted when broken; the package the same with and without it."""
from pathlib import Path

from conftest import read_content, run, write
from deckbuilder import load, stagecache, validate
from deckbuilder.render import Renderer

CHAPTER = """
chapter: 基础
cards:
  - id: first
    question: 问题一 $x$
    answer: 回答一 ![](fig.svg)
  - id: second
    question: 问题二
    answer: |
      回答二

      ```python
      print(1)
      ```
  - id: third
    question: 问题三
    answer: 回答三 $$a<b$$
"""
CACHE = Path(".deckbuilder-cache/build-cache.sqlite3")


def render_with_cache(project: Path, version: str = "v1"):
    """Render the project's cards through a cache at its default place; return (HTML by id, hits)."""
    prepared = read_content(project / "content")
    cache = stagecache.StageCache.open(project / CACHE, project / "media", project / "content", version)
    renderer = Renderer(prepared.deck, project / "media")
    rendered, render_problems = [], []
    for chapter in prepared.chapters:
        cards, problems = cache.rendered(chapter, prepared.deck.slug, renderer.render_card)
        rendered.append(cards)
        render_problems += problems
    if not render_problems:
        cache.save()
    html = {card.card.id: (card.question, card.answer, card.media) for cards in rendered for card in cards}
    return html, cache.hits, render_problems


def make_project(project: Path) -> None:
    write(project / "content/01-a.yaml", CHAPTER)
    (project / "media/fig.svg").write_text("<svg/>")


def test_unchanged_cards_are_reused_and_an_edited_card_is_rendered_again(project):
    make_project(project)
    fresh, hits, _ = render_with_cache(project)
    assert hits == 0
    again, hits, _ = render_with_cache(project)
    assert hits == 3 and again == fresh

    chapter = project / "content/01-a.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("回答三", "改过的回答三"), encoding="utf-8")
    edited, hits, _ = render_with_cache(project)
    assert hits == 2
    assert "改过的回答三" in edited["third"][1]
    assert edited["first"] == fresh["first"] and edited["second"] == fresh["second"]


def test_a_new_renderer_version_renders_everything_again(project):
    make_project(project)
    render_with_cache(project, version="v1")
    assert render_with_cache(project, version="v2")[1] == 0
    assert render_with_cache(project, version="v2")[1] == 3


def test_renderer_version_follows_the_builder_source(tmp_path):
    builder = tmp_path / "deckbuilder"
    write(builder / "render.py", "A = 1\n")
    before = stagecache.renderer_version(builder)
    write(builder / "render.py", "A = 2\n")
    assert stagecache.renderer_version(builder) != before


def test_a_missing_image_is_reported_even_when_the_card_was_cached(project):
    make_project(project)
    render_with_cache(project)
    (project / "media/fig.svg").unlink()
    html, hits, problems = render_with_cache(project)
    assert hits == 2  # the card showing the image is rendered again, and fails
    assert [p.message for p in problems] == ["image 'fig.svg' not found in " f"{project / 'media'}/"]


def test_a_corrupt_or_foreign_cache_is_ignored_and_replaced(project):
    make_project(project)
    fresh, _, _ = render_with_cache(project)
    for junk in (b"not a database at all" * 100, b""):
        (project / CACHE).write_bytes(junk)
        html, hits, _ = render_with_cache(project)
        assert hits == 0 and html == fresh
        assert render_with_cache(project)[1] == 3  # replaced by a good cache

    import sqlite3
    (project / CACHE).unlink()
    with sqlite3.connect(project / CACHE) as other:
        other.execute("CREATE TABLE cards (key TEXT, value BLOB)")
        other.execute("CREATE TABLE chapters (key TEXT, value BLOB)")
    assert render_with_cache(project)[1] == 0
    assert render_with_cache(project)[1] == 3


def test_a_damaged_entry_is_a_miss(project):
    import sqlite3
    make_project(project)
    fresh, _, _ = render_with_cache(project)
    with sqlite3.connect(project / CACHE) as db:
        db.execute("UPDATE cards SET value = x'00ff'")
    html, hits, _ = render_with_cache(project)
    assert hits == 0 and html == fresh


def test_the_package_is_the_same_with_and_without_the_cache(project, capsys, monkeypatch):
    make_project(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(capsys, "--out", "plain.apkg", "--no-cache")[0] == 0
    assert not (project / ".deckbuilder-cache").exists()
    assert run(capsys, "--out", "cold.apkg")[0] == 0
    assert (project / CACHE).is_file()
    assert run(capsys, "--out", "warm.apkg")[0] == 0
    plain = (project / "plain.apkg").read_bytes()
    assert (project / "cold.apkg").read_bytes() == plain
    assert (project / "warm.apkg").read_bytes() == plain


def test_a_failed_build_writes_no_cache(project, capsys):
    write(project / "content/01-a.yaml", CHAPTER.replace("fig.svg", "missing.svg"))
    assert run(capsys)[0] == 1
    assert not (project / ".deckbuilder-cache").exists()


def validate_with_cache(project: Path, version: str = "v1"):
    """Parse and validate each chapter through the cache, then store; return (chapters, problems, hits).
    Every parse is counted: a chapter the cache answers must not be parsed at all."""
    cache = stagecache.StageCache.open(project / CACHE, project / "media", project / "content", version)
    sources = load.read_sources(project / "content")
    deck, _ = validate.deck_settings(None, None)
    chapters, problems, parsed = [], [], []

    def parse_and_validate(source):
        parsed.append(source.path.name)
        root, parse_problems = load.parse(source)
        chapter, chapter_problems = validate.chapter(source, root, deck, None)
        return chapter, parse_problems + chapter_problems

    for source in sources.chapters:
        chapter, chapter_problems = cache.validated(source, lambda: parse_and_validate(source))
        chapters.append(chapter)
        problems += chapter_problems
    cache.save()
    assert cache.chapter_hits == len(chapters) - len(parsed)
    return chapters, problems, cache.chapter_hits


def test_an_unchanged_chapter_file_is_not_parsed_again_and_gives_the_same_cards(project):
    make_project(project)
    write(project / "content/02-b.yaml", CHAPTER.replace("id: ", "id: b-"))
    fresh, _, hits = validate_with_cache(project)
    assert hits == 0
    reused, _, hits = validate_with_cache(project)
    assert hits == 2 and reused == fresh

    chapter = project / "content/02-b.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("问题二", "新问题二"), encoding="utf-8")
    edited, _, hits = validate_with_cache(project)
    assert hits == 1
    assert edited[0] == fresh[0] and edited[1].cards[1].question.markdown == "新问题二"
    assert validate_with_cache(project, version="v2")[2] == 0


def test_a_chapter_with_problems_is_checked_again_every_time(project):
    make_project(project)
    write(project / "content/02-b.yaml", CHAPTER.replace("id: ", "id: b-").replace("question: 问题三", "qestion: 问题三"))
    for expected_hits in (0, 1):  # the good chapter is reused, the bad one never
        _, problems, hits = validate_with_cache(project)
        assert hits == expected_hits
        assert any("unknown key 'qestion'" in p.message for p in problems)


def test_a_vocabulary_change_checks_unchanged_chapters_again(project, capsys):
    write(project / "content/tags.yaml", """
        topics:
          attention: 注意力
          ffn: 前馈层
        kinds:
          code: 代码
    """)
    make_project(project)
    chapter = project / "content/01-a.yaml"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        "    answer: 回答三", "    tags: [ffn]\n    answer: 回答三").replace(
        "chapter: 基础", "chapter: 基础\ntags: [attention]"), encoding="utf-8")
    assert run(capsys)[0] == 0
    (project / "content/tags.yaml").write_text("topics:\n  attention: 注意力\n", encoding="utf-8")
    code, _, err = run(capsys)
    assert code == 1 and "unknown tag 'ffn'" in err
