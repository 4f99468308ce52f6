"""The builder's cards and study site in headless Chromium: what the browser checks catch, the
line-breaking of formulas with their punctuation, night mode, and the site's search, quiz, links
and offline rendering."""
import pytest

from browser_checks import (browser_problems, build_site, compile_problems, site_despite_problems, typeset)
from conftest import write


BROKEN = r"""
chapter: 草稿
cards:
  - id: fine-card
    question: 正常的卡片 $x^2$
    answer: 注意力 $\mathrm{softmax}(QK^\top)$
  - id: parse-error-card
    question: 缺参数
    answer: 公式 $\frac{a}$ 坏了
  - id: undefined-macro-card
    question: 未定义宏
    answer: 公式 $\attn(q)$ 坏了
  - id: unbalanced-card
    question: 括号不配对
    answer: 公式 \(\frac{a}{\) 坏了
  - id: too-wide-card
    question: 太宽
    answer: 行内 $x_1+x_2+x_3+x_4+x_5+x_6+x_7+x_8+x_9+x_{10}+x_{11}+x_{12}+x_{13}+x_{14}+x_{15}+x_{16}$ 公式
  - id: wide-answer-card
    question: 回答里的独立公式太宽
    answer: |
      $$y_1+y_2+y_3+y_4+y_5+y_6+y_7+y_8+y_9+y_{10}+y_{11}+y_{12}+y_{13}+y_{14}+y_{15}+y_{16}$$
    detail: |
      详解里的宽公式可以滚动（有阴影提示）：
      $$z_1+z_2+z_3+z_4+z_5+z_6+z_7+z_8+z_9+z_{10}+z_{11}+z_{12}+z_{13}+z_{14}+z_{15}+z_{16}$$
"""


def test_broken_cards_fail_with_their_card_id(chromium, tmp_path):
    # The build refuses these formulas itself (deckbuilder/texcheck.py); this is the second line of
    # defence, for whatever that check misses, so the site is written despite the build's refusal.
    content = write(tmp_path / "scratch/content/01-draft.yaml", BROKEN).parent
    (tmp_path / "scratch/media").mkdir()
    pages = site_despite_problems(content, tmp_path / "preview")
    problems = "\n".join(browser_problems(chromium, content, tmp_path / "preview", pages=pages))
    assert "parse-error-card: MathJax error: Missing argument for \\frac in: \\frac{a}" in problems
    assert "unbalanced-card: raw TeX: 公式 \\(\\frac{a}{\\) 坏了" in problems
    assert "too-wide-card: wider than the phone screen: formula x_1+x_2" in problems
    assert "wide-answer-card: answer formula wider than the phone screen: formula y_1+y_2" in problems
    assert "z_1" not in problems  # a wide formula in the detail scrolls, with its cue
    assert "scrolls without a visible cue" not in problems
    assert "fine-card" not in problems

    compiled = compile_problems(content)
    assert compiled == ["parse-error-card: Missing argument for \\frac in: \\frac{a}",
                        "undefined-macro-card: Undefined control sequence \\attn in: \\attn(q)",
                        "unbalanced-card: Missing close brace in: \\frac{a}{"]


LINE_STARTS = """
// For every paragraph: how many lines start with Chinese closing punctuation? Optionally after
// letting the renderer's unbreakable formula-and-punctuation spans break again.
(unjoin) => {
  if (unjoin) for (const span of document.querySelectorAll(".nobr")) span.style.whiteSpace = "normal";
  let bad = 0;
  for (const p of document.querySelectorAll(".answer p")) {
    const left = p.getBoundingClientRect().left;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      for (let i = 0; i < t.data.length; i++) {
        if (!"。，、；：）".includes(t.data[i])) continue;
        const range = document.createRange();
        range.setStart(t, i);
        range.setEnd(t, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.left - left < 2) bad += 1;
      }
    }
  }
  return bad;
}
"""


def test_no_line_starts_with_closing_punctuation_after_a_formula(page, tmp_path):
    # A formula that ends at every possible position on the line, then "。": one of them wraps.
    cards = "\n".join(f"""
  - id: punct-{n}
    question: 标点 {n}
    answer: |
      {"中" * n}$\\mathrm{{softmax}}(x)_i$。后文；还有 $a+b$、$c$，以及 $d$）结束。""" for n in range(1, 40))
    content = write(tmp_path / "t/content/01-a.yaml", "chapter: 标点\ncards:" + cards + "\n").parent
    (tmp_path / "t/media").mkdir()
    result = build_site(content, tmp_path / "p", tmp_path / "t/media")
    assert result.ok, result.problems
    page.goto(result.preview_pages[1].as_uri())
    typeset(page)
    assert page.evaluate(LINE_STARTS, False) == 0
    # The same page with the spans allowed to break does wrap before "。": the check above can fail.
    assert page.evaluate(LINE_STARTS, True) > 0


def test_night_mode_toggle_switches_cards_to_anki_night_classes(page, tmp_path):
    content = write(tmp_path / "t/content/01-a.yaml", """
        chapter: 夜间
        cards:
          - id: night
            question: 问题
            answer: |
              ```python
              x = 1
              ```
        """).parent
    (tmp_path / "t/media").mkdir()
    result = build_site(content, tmp_path / "p", tmp_path / "t/media")
    page.goto(result.preview_pages[1].as_uri())
    card = page.locator("article .card").first
    light = card.evaluate("el => getComputedStyle(el).backgroundColor")
    page.click("#night-toggle")
    assert "nightMode" in card.get_attribute("class") and "night_mode" in card.get_attribute("class")
    assert card.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(30, 30, 30)" != light
    code = page.locator("article pre.highlight").first
    assert code.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(39, 40, 34)"  # monokai
    page.goto(result.preview_pages[1].as_uri())  # the choice is remembered
    assert "nightMode" in page.locator("article .card").first.get_attribute("class")


SITE = """
chapter: 位置编码
cards:
  - id: rope-basics
    question: 什么是旋转位置编码？
    answer: RoPE 把 $q$、$k$ 按位置旋转，$\\langle R_m q, R_n k\\rangle$ 只依赖 $m-n$。
    tags: [t::rope]
  - id: alibi-basics
    question: ALiBi 怎么做？
    answer: 给注意力分数加与距离成正比的偏置 $-m\\,\\lvert i-j\\rvert$。
    tags: [t::alibi]
"""
SITE_TWO = """
chapter: 注意力
cards:
  - id: mha-basics
    question: 多头注意力为什么有效？
    answer: 每个头在不同子空间里计算 $\\mathrm{softmax}(QK^\\top/\\sqrt{d})V$。
    tags: [t::attention]
"""


@pytest.fixture
def site(tmp_path):
    content = write(tmp_path / "s/content/01-position.yaml", SITE).parent
    write(content / "02-attention.yaml", SITE_TWO)
    write(content / "tags.yaml", "topics:\n  t:\n    about: 测试\n    rope: RoPE\n    alibi: ALiBi\n"
                                 "    attention: 注意力\nkinds:\n  code: 代码\n")
    (tmp_path / "s/media").mkdir()
    result = build_site(content, tmp_path / "site", tmp_path / "s/media")
    assert result.ok, result.problems
    return tmp_path / "site"


def test_search_finds_cards_by_chinese_and_english_words(page, site):
    page.goto((site / "index.html").as_uri())
    assert page.locator(".index-chapter li").count() == 3  # every question, by chapter
    page.fill("#search", "旋转")
    assert page.locator("#results li a").all_inner_texts() == ["什么是旋转位置编码？"]
    page.fill("#search", "alibi")
    assert page.locator("#results li a").all_inner_texts() == ["ALiBi 怎么做？"]
    page.fill("#search", "softmax")  # found in an answer, not in the question
    assert page.locator("#results li a").get_attribute("href") == "02-attention.html#mha-basics"
    page.fill("#search", "")
    page.select_option("#topic-filter", "t::alibi")
    assert page.locator("#results li a").all_inner_texts() == ["ALiBi 怎么做？"]
    page.select_option("#topic-filter", "")
    page.select_option("#chapter-filter", "02")
    assert page.locator("#results li a").all_inner_texts() == ["多头注意力为什么有效？"]
    page.click("#random-card")  # within the filter: the only card left
    page.wait_for_url("**/02-attention.html#mha-basics")


def test_self_quiz_hides_backs_until_tapped_and_is_remembered(page, site):
    page.goto((site / "01-position.html").as_uri())
    back = page.locator('article[data-card-id="rope-basics"] .preview-back .card')
    assert back.is_visible()
    page.click("#quiz-toggle")
    assert not back.is_visible()
    page.goto((site / "02-attention.html").as_uri())  # the mode is remembered on the next page
    other = page.locator('article[data-card-id="mha-basics"] .preview-back')
    assert not other.locator(".card").is_visible()
    other.locator(".reveal").click()
    assert other.locator(".card").is_visible()
    page.click("#quiz-toggle")


def test_chapter_pages_link_their_neighbours_questions_and_cards(page, site):
    page.goto((site / "01-position.html").as_uri())
    assert page.locator('a[rel="prev"]').count() == 0
    page.click('main a[rel="next"] >> nth=0')
    page.wait_for_url("**/02-attention.html")
    page.click('main a[rel="prev"] >> nth=0')
    page.wait_for_url("**/01-position.html")
    assert page.locator(".chapter-toc li a").all_inner_texts() == ["什么是旋转位置编码？", "ALiBi 怎么做？"]
    page.click(".chapter-toc li a >> nth=1")
    permalink = page.locator('article[data-card-id="alibi-basics"] .permalink')
    assert permalink.get_attribute("href") == "#alibi-basics"
    # the jump lands on the card's first line, below the sticky bar, not under it
    bar = page.locator(".preview-bar").bounding_box()
    label = page.locator('article[data-card-id="alibi-basics"] .preview-label').first.bounding_box()
    assert label["y"] >= bar["y"] + bar["height"] - 1


def test_site_typesets_formulas_with_the_network_blocked(page, site):
    assert (site / "mathjax" / "tex-chtml-full.js").is_file()  # copied in, loaded by a relative path
    moved = site.parent / "moved-site"
    site.rename(moved)  # the folder can be moved
    outside = []

    def only_local(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto((moved / "01-position.html").as_uri())
    typeset(page)
    assert page.locator("mjx-container").count() >= 5
    assert "\\(" not in page.locator("main").inner_text()
    assert outside == []
