"""Every card of the deck (or of ``pytest --content DIR``) as a person sees it on a 390 px phone,
and every formula compiled by the MathJax Anki ships."""
from browser_checks import browser_problems, compile_problems, formulas


def test_every_card_renders_cleanly_on_a_phone(chromium, content_dir, tmp_path):
    problems = browser_problems(chromium, content_dir, tmp_path / "preview")
    assert not problems, "cards that do not render cleanly:\n" + "\n".join(problems)


def test_every_formula_compiles_in_mathjax(content_dir):
    assert formulas(content_dir), "no formulas found: the extraction is broken"
    problems = compile_problems(content_dir)
    assert not problems, "formulas MathJax cannot compile:\n" + "\n".join(problems)
