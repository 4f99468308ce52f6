"""The preview shows each card as Anki does: same templates, same fields, same CSS."""
import re

import pytest

from conftest import import_package, run, write
from deckbuilder.cardtemplate import TemplateError, render_template

CHAPTER = r"""
chapter: 预览
cards:
  - id: full
    question: 问题 $x^2$
    answer: 回答 $$a<b$$
    detail: |
      | a | b |
      |---|---|
      | 1 | 2 |
    followups:
      - q: 追问？
        a: 回答。
      - 只有问题？
    source: Vaswani et al., 2017
    tags: [t]
  - id: bare
    question: 只有问答
    answer: 回答
"""


def test_preview_cards_match_ankis_rendering(project, capsys, open_collection):
    write(project / "content/01-preview.yaml", CHAPTER)
    assert run(capsys)[0] == 0
    assert run(capsys, "--preview", "preview")[0] == 0
    page = (project / "preview/01-preview.html").read_text(encoding="utf-8")
    import_package(project / "col.anki2", project / "dist/nlp-llm-interview.apkg")
    col = open_collection(project / "col.anki2")
    for card_id in ("full", "bare"):
        card = col.get_note(col.find_notes(f"ID:{card_id}")[0]).cards()[0]
        article = re.search(rf'<article [^>]*data-card-id="{card_id}">(.*?)</article>', page, re.S).group(1)
        sides = re.findall(r'<div class="card card1">(.*?)</div></div>\n', article, re.S)
        without_css = [re.sub(r"^<style>.*?</style>", "", side, flags=re.S) for side in (card.question(), card.answer())]
        assert sides == without_css


def test_preview_has_an_index_and_the_card_css(project, capsys):
    write(project / "content/01-preview.yaml", CHAPTER)
    write(project / "content/02-more.yaml", "chapter: 更多\ncards:\n  - {id: more, question: q, answer: a}\n")
    code, out, _ = run(capsys, "--preview", "preview", "--mathjax", "https://example.org/mj.js")
    assert code == 0 and "wrote preview: preview/index.html (3 page(s))" in out
    index = (project / "preview/index.html").read_text(encoding="utf-8")
    assert '<a href="01-preview.html">01 预览</a> <span class="preview-count">2 张</span>' in index
    assert '<a href="02-more.html">02 更多</a>' in index
    chapter = (project / "preview/01-preview.html").read_text(encoding="utf-8")
    assert '<script id="MathJax-script" defer src="https://example.org/mj.js"></script>' in chapter
    assert ".nightMode" in chapter  # the note type's CSS, night rules included
    assert not (project / "dist").exists()  # a preview writes no package


@pytest.mark.parametrize("template, error", [
    ("{{#Detail}}x", "section 'Detail' is not closed"),
    ("{{text:Answer}}", "field filters such as 'text:Answer' are not supported here"),
    ("{{Nope}}", "unknown field 'Nope'"),
])
def test_template_features_we_do_not_render_are_refused(template, error):
    with pytest.raises(TemplateError, match=re.escape(error)):
        render_template(template, {"Detail": "", "Answer": "a"})
