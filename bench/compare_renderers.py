"""Measure the candidate Markdown stacks on the deck's math cases; prints one row per case.

    pip install -e '.[bench]' && python bench/compare_renderers.py

A case passes when the formulas found in the output, as \\(...\\) / \\[...\\] (what Anki's
MathJax reads), are exactly the expected ones, in order.
"""
from __future__ import annotations

import re
from html import escape

import markdown
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from deckbuilder.render import make_parser

CASES = [
    ("emphasis chars in math", "$a_i * b_j$ 与 $c_i * d_j$", [r"\(a_i * b_j\)", r"\(c_i * d_j\)"]),
    ("two formulas, one line", "$x_{t}^{2}$ 与 $y_{t}$", [r"\(x_{t}^{2}\)", r"\(y_{t}\)"]),
    ("< and & in math", "$a<b$ & $c>d$", [r"\(a&lt;b\)", r"\(c&gt;d\)"]),
    ("aligned block", "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned}\n$$",
     ["\\[\\begin{aligned}\na &amp;= b \\\\\nc &amp;= d\n\\end{aligned}\\]"]),
    ("math in table cell", "| a | b |\n|---|---|\n| $x^2$ | $\\vert x \\vert$ |", [r"\(x^2\)", r"\(\vert x \vert\)"]),
    ("Chinese punctuation", "其中$x$，以及$y$。", [r"\(x\)", r"\(y\)"]),
    ("dollar in code", "`$x$`\n\n```python\np = '$5'\n```", []),
    ("currency 价格是$5和$10", "价格是$5和$10", []),
    ("currency $5 or $7", "costs $5 or $7", []),
    ("currency $5 or $ 7", "costs $5 or $ 7", []),
    ("$$ without blank lines", "文本\n$$\nx^2\n$$\n后面", [r"\[x^2\]"]),
    ("$$ in a list item", "- 项目\n\n  $$\n  x^2\n  $$\n- 二", [r"\[x^2\]"]),
    ("\\( and \\[ delimiters", "行内 \\(a_i * b_i\\) 与\n\n\\[\nE=mc^2\n\\]", [r"\(a_i * b_i\)", r"\[E=mc^2\]"]),
]
MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)


def pymdown(text: str) -> str:
    return markdown.markdown(text, extensions=["pymdownx.arithmatex", "pymdownx.superfences", "tables"],
                             extension_configs={"pymdownx.arithmatex": {"generic": True}})


def dollarmath_plain(text: str) -> str:
    md = MarkdownIt("commonmark").enable("table")
    md.use(dollarmath_plugin, allow_digits=False, double_inline=True,
           renderer=lambda tex, opts: (f"\\[{escape(tex)}\\]" if opts["display_mode"] else f"\\({escape(tex)}\\)"))
    return md.render(text)


def formulas(rendered: str) -> list[str]:
    code_free = re.sub(r"<code.*?</code>", "", rendered, flags=re.S)
    return [m.group(0).replace("\\[\n", "\\[").replace("\n\\]", "\\]") for m in MATH.finditer(code_free)]


def main() -> None:
    stacks = {"pymdown arithmatex": pymdown, "markdown-it dollarmath": dollarmath_plain,
              "deck renderer": make_parser().render}
    print(f"{'case':28}" + "".join(f"{name:>24}" for name in stacks))
    totals = dict.fromkeys(stacks, 0)
    for name, text, expected in CASES:
        row = f"{name:28}"
        for stack, render in stacks.items():
            ok = formulas(render(text)) == expected
            totals[stack] += ok
            row += f"{'pass' if ok else 'FAIL':>24}"
        print(row)
    print(f"{'passed':28}" + "".join(f"{f'{totals[s]}/{len(CASES)}':>24}" for s in stacks))


if __name__ == "__main__":
    main()
