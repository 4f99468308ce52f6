"""Formulas and figures refused at build time: what Anki's MathJax (noerrors) or image view would show broken."""
import json
import shutil
import subprocess

import pytest

from conftest import PROJECT_DIR, require, run, write
from deckbuilder.texcheck import VOCABULARY_FILE, formula_problems

BROWSER_DIR = PROJECT_DIR / "tests" / "browser"


@pytest.mark.parametrize("tex, expected", [
    (r"\frac{\partial L}{\partial W=g\,x^\top", ["unbalanced braces: a '{' is never closed"]),
    (r"\partail L", ["undefined macro \\partail; did you mean '\\partial'?"]),
    (r"a}", ["unbalanced braces: '}' without a matching '{'"]),
    (r"\left( x", ["a \\left is never closed"]),
    (r"x \right)", ["\\right without a matching \\left in the same group"]),
    (r"\left( \frac{a}{b \right) }", ["\\right without a matching \\left in the same group",
                                      "a \\left is never closed"]),
    (r"\left( \frac{a}{b } \end{aligned}", ["\\end{aligned} without \\begin{aligned}", "a \\left is never closed"]),
    (r"\begin{aligned} { \end{aligned} }", ["\\end{aligned} while a '{' is still open",
                                           "unbalanced braces: '}' without a matching '{'"]),
    (r"\begin{aligned} a \end{align}", ["\\end{align} without \\begin{align}", "\\begin{aligned} is never closed"]),
    (r"\begin{alignd} a \end{alignd}", ["unknown environment 'alignd'; did you mean 'aligned'?"]),
    (r"\begin{cases} a \end{cases} \end{cases}", ["\\end{cases} without \\begin{cases}"]),
    (r"\middle| x", ["\\middle outside a \\left ... \\right pair"]),
])
def test_broken_formulas_are_named(tex, expected):
    assert formula_problems(tex) == expected


@pytest.mark.parametrize("tex", [
    r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
    r"\begin{aligned} a &= b \\ &= c \end{aligned}",
    r"\lvert x\rvert + \{a\} + \, \; \! \quad \operatorname{tr}(A) \coloneqq \mathbb{E}",
    r"\left\langle q, k \right\rangle \left. x \middle/ y \right\vert",
    r"\newcommand{\attn}{A} \attn",
    r"\text{% of tokens} \% 100",
])
def test_formulas_anki_typesets_pass(tex):
    assert formula_problems(tex) == []


def test_check_refuses_broken_formulas_and_keeps_the_last_good_deck(project, capsys):
    chapter = write(project / "content/01-a.yaml", """
        chapter: 公式
        cards:
          - id: outer-product
            question: 线性层的梯度？
            answer: 外积
        """)
    assert run(capsys)[0] == 0
    deck = project / "dist/nlp-llm-interview.apkg"
    good = deck.read_bytes()
    write(chapter, """
        chapter: 公式
        cards:
          - id: outer-product
            question: 线性层的梯度？
            answer: |
              梯度是
              $\\frac{\\partial L}{\\partial W=g\\,x^\\top$ 即外积。
          - id: typo-card
            question: 偏导
            answer: |
              $$
              \\partail L
              $$
        """)
    for args in (("--check",), ()):
        code, _, err = run(capsys, *args)
        assert code == 1
        assert ("content/01-a.yaml:7: card 'outer-product': formula \\frac{\\partial L}{\\partial W=g\\,x^\\top: "
                "unbalanced braces: a '{' is never closed") in err
        assert ("content/01-a.yaml:12: card 'typo-card': formula \\partail L: undefined macro \\partail; "
                "did you mean '\\partial'?") in err
    assert deck.read_bytes() == good


def test_malformed_svg_is_refused_with_its_script(project, capsys):
    write(project / "content/01-a.yaml", """
        chapter: 图
        cards:
          - id: clip
            question: PPO clip？
            answer: "![clip](clip.svg)"
        """)
    write(project / "scripts/figures/alignment.py", 'FIGURES = {"clip.svg": None}\n')
    write(project / "media/clip.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<text>A < 0</text>\n</svg>\n')
    code, _, err = run(capsys, "--check")
    assert code == 1
    assert ("media/clip.svg:2: SVG is not well-formed XML (column 9: not well-formed (invalid token)), "
                          "so Anki shows a broken image; it is drawn by scripts/figures/alignment.py") in err
    (project / "media/clip.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>A &lt; 0</text></svg>')
    assert run(capsys, "--check")[0] == 0
    (project / "media/photo.png").write_bytes(b"<html>not a picture</html>")
    code, _, err = run(capsys, "--check")
    assert code == 1 and "media/photo.png: not a PNG image" in err


def test_macro_list_is_what_mathjax_defines():
    """The committed vocabulary is regenerated from Anki's MathJax by tests/browser/tex_macros.js."""
    require(shutil.which("node") is not None, "Node.js")
    require((BROWSER_DIR / "node_modules" / "mathjax").is_dir(), "the local MathJax 3.2.2 (npm ci in tests/browser)")
    done = subprocess.run(["node", "tex_macros.js"], cwd=BROWSER_DIR, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(VOCABULARY_FILE.read_text(encoding="utf-8")), \
        "deckbuilder/tex_macros.json is stale: regenerate it as tests/browser/tex_macros.js says"
