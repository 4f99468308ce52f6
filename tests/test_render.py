"""Markdown + TeX -> the exact HTML stored in the note."""
from pathlib import Path

import pytest

from deckbuilder.render import Renderer
from deckbuilder.model import DeckSettings, Text

DECK = DeckSettings("Deck", None, "nlp-llm-interview", "")


def render(markdown: str, media_dir: Path = Path("media")):
    return Renderer(DECK, media_dir).render_text(Text(markdown, 1), Path("content/01-x.yaml"))


@pytest.mark.parametrize("markdown, expected", [
    # emphasis characters inside math are not Markdown
    ("$a_i * b_j$ 与 $c_i * d_j$", "<p>\\(a_i * b_j\\) 与 \\(c_i * d_j\\)</p>"),
    ("$x_{t}^{2}$ 与 $y_{t}$", "<p>\\(x_{t}^{2}\\) 与 \\(y_{t}\\)</p>"),
    # only <, > and & are escaped inside math
    ("$a<b$ 且 $c>d$ & e", "<p>\\(a&lt;b\\) 且 \\(c&gt;d\\) &amp; e</p>"),
    ("其中$x$，以及$y$。", '<p>其中<span class="nobr">\\(x\\)，</span>以及<span class="nobr">\\(y\\)。</span></p>'),
    ("见（$x$）与“$y$”", '<p>见<span class="nobr">（\\(x\\)）</span>与<span class="nobr">“\\(y\\)”</span></p>'),
    ("$a$ 和 $b$,", "<p>\\(a\\) 和 \\(b\\),</p>"),
    ("（$a\\ne b$）。后", '<p><span class="nobr">（\\(a\\ne b\\)）。</span>后</p>'),
    ("$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$",
     '<div class="math-display">\\[\\begin{aligned}\na &amp;= b \\\\\nc &amp;= d\n\\end{aligned}\\]</div>'),
    # a paragraph that starts with a formula and ends with a digit (dollarmath read src[-1] as "before")
    ("$d_k$ 取 64", "<p>\\(d_k\\) 取 64</p>"),
    # currency is not math
    ("价格是$5和$10", "<p>价格是$5和$10</p>"),
    ("costs $5 or $ 7", "<p>costs $5 or $ 7</p>"),
    ("字面量 \\$x", "<p>字面量 $x</p>"),
    # $$ blocks without blank lines, and inside list items
    ("文本\n$$\nx^2\n$$\n后面", '<p>文本\n<span class="math-display">\\[x^2\\]</span>\n后面</p>'),
    ("- 项目\n\n  $$\n  x^2\n  $$\n- 二",
     '<ul>\n<li>\n<p>项目</p>\n<div class="math-display">\\[x^2\\]</div>\n</li>\n<li>\n<p>二</p>\n</li>\n</ul>'),
    # \(...\) and \[...\] as authors may also write them
    ("行内 \\(a_i * b_i\\) 与\n\\[\nE=mc^2\n\\]\n后",
     '<p>行内 \\(a_i * b_i\\) 与</p>\n<div class="math-display">\\[E=mc^2\\]</div>\n<p>后</p>'),
    ("a \\[b\\] c", '<p>a <span class="math-display">\\[b\\]</span> c</p>'),
    # math in table cells
    ("| a | b |\n|---|---|\n| $x^2$ | $\\vert x \\vert$ |",
     "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
     "<td>\\(x^2\\)</td>\n<td>\\(\\vert x \\vert\\)</td>\n</tr>\n</tbody>\n</table>"),
    # a dollar inside code stays a dollar
    ("`$x$` 是代码", "<p><code>$x$</code> 是代码</p>"),
])
def test_math_comes_out_exactly_as_written(markdown, expected):
    result = render(markdown)
    assert result.problems == []
    assert result.html == expected


def test_dollar_in_fenced_code_stays_a_dollar_and_is_highlighted():
    result = render("```python\nprice = '$5'  # $x$\n```")
    assert result.html.startswith('<pre class="highlight"><code class="language-python">')
    assert "\\(" not in result.html
    assert "'$5'" in result.html and "# $x$" in result.html
    assert '<span class="n">price</span>' in result.html  # Pygments classes, not inline colours


def test_code_block_language_words_after_the_first_are_ignored():
    result = render("```python fragment\nx = 1\n```")
    assert result.html.startswith('<pre class="highlight"><code class="language-python">')


def test_images_are_rewritten_to_namespaced_media_names(tmp_path):
    (tmp_path / "fig").mkdir()
    (tmp_path / "fig" / "attention.svg").write_text("<svg/>")
    result = render('![注意力](fig/attention.svg)\n\n<img src="fig/attention.svg" width="80%">', tmp_path)
    assert result.problems == []
    assert result.media == {"fig/attention.svg"}
    assert '<img src="nlp-llm-interview-fig-attention.svg" alt="注意力" />' in result.html
    assert '<img src="nlp-llm-interview-fig-attention.svg" width="80%">' in result.html


def test_markdown_basics():
    result = render("**粗体** 和 *斜体*\n\n1. 一\n2. 二\n\n> 引用")
    assert result.html == ("<p><strong>粗体</strong> 和 <em>斜体</em></p>\n<ol>\n<li>一</li>\n<li>二</li>\n</ol>\n"
                           "<blockquote>\n<p>引用</p>\n</blockquote>")


def test_markdown_links_with_script_urls_are_not_links():
    assert "href" not in render("[x](javascript:alert(1))").html
