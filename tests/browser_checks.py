"""Cards as a person sees them: the study site in headless Chromium with Anki's MathJax, and every
formula compiled by MathJax in Node. Shared by tests/test_browser.py (the builder's behaviour),
tests/content/test_on_phone.py (the real deck) and scripts/phone_fit.py."""
import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import PROJECT_DIR, options, read_content, require
from deckbuilder import pipeline
from deckbuilder import preview as site
from deckbuilder.mathmarkdown import DISPLAY_BLOCK_TOKEN, DISPLAY_IN_TEXT_TOKEN, INLINE_TOKEN
from deckbuilder.render import Renderer, make_parser

BROWSER_DIR = PROJECT_DIR / "tests" / "browser"
MATHJAX = BROWSER_DIR / "node_modules" / "mathjax" / "es5" / "tex-chtml-full.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PHONE_WIDTH = 390
CJK_FAMILY = re.compile(r"CJK|WenQuanYi|Hei|PingFang|YaHei|Source Han|Song|Ming|Gothic", re.I)


def typeset(page):
    """Wait until MathJax has typeset the page and its fonts are in: only then are widths final."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise.then(() => document.fonts.ready).then(() => true)")


def build_site(content: Path, preview_dir: Path, media: Path | None = None) -> pipeline.BuildResult:
    """The study site of ``content``, with the local MathJax; it must build without errors."""
    result = pipeline.preview(options(content, media, preview_dir=preview_dir, mathjax=str(MATHJAX)))
    assert result.ok, "\n".join(map(str, result.problems))
    return result


def site_despite_problems(content: Path, preview_dir: Path) -> list[Path]:
    """The study site of ``content`` even when the build would refuse it (e.g. formulas the TeX
    check rejects), to show what the browser makes of cards that get past the build's checks."""
    prepared = read_content(content)
    renderer = Renderer(prepared.deck, content.parent / "media")
    rendered = [renderer.render_chapter(chapter)[0] for chapter in prepared.chapters]
    return site.write_preview(preview_dir, prepared.deck, prepared.description, prepared.chapters, rendered,
                              prepared.notetype, content.parent / "media", site.MathJaxSource(MATHJAX))


def browser_problems(browser, content: Path, preview_dir: Path, fit: dict | None = None,
                     pages: list[Path] | None = None) -> list[str]:
    """Every problem found on the chapter pages of ``content``'s site (or of ``pages``), each naming
    its card. ``fit``, if given, receives the counts of what scrolls sideways at phone width."""
    pages = pages if pages is not None else build_site(content, preview_dir).preview_pages
    checks = (BROWSER_DIR / "card_checks.js").read_text(encoding="utf-8")
    problems = []
    page = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 844})
    try:
        for path in pages[1:]:
            page.goto(path.as_uri())
            typeset(page)
            measured = page.evaluate(checks, PHONE_WIDTH)
            for found in measured["problems"]:
                problems.append(f"{found['card']}: {found['kind']}: {found['detail']}")
            if fit is not None:
                for key, value in measured["fit"].items():
                    fit[key] = max(fit.get(key, 0), value) if key == "worstCode" else fit.get(key, 0) + value
            problems += _font_problems(page)
    finally:
        page.close()
    return problems


def _font_problems(page) -> list[str]:
    """Ask Chromium which fonts drew each card's Chinese text: a CJK font, or tofu boxes."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        problems = []
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-cjk-probe]"})["nodeIds"]:
            attributes = cdp.send("DOM.getAttributes", {"nodeId": node})["attributes"]
            card = attributes[attributes.index("data-cjk-probe") + 1]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            families = [f["familyName"] for f in fonts if f["glyphCount"]]
            if not any(CJK_FAMILY.search(family) for family in families):
                problems.append(f"{card}: no CJK font: Chinese text drawn with {families or 'no font'}")
        return problems
    finally:
        cdp.detach()


def formulas(content: Path) -> list[dict]:
    """Every formula of every card, as the renderer hands it to MathJax."""
    chapters = read_content(content).chapters
    md = make_parser()
    found = []
    for chapter in chapters:
        for card in chapter.cards:
            for text in card.texts():
                for token in md.parse(text.markdown):
                    for t in [token, *(token.children or [])]:
                        if t.type in (INLINE_TOKEN, DISPLAY_IN_TEXT_TOKEN, DISPLAY_BLOCK_TOKEN):
                            found.append({"card": card.id, "tex": t.content.strip(), "display": t.type != INLINE_TOKEN})
    return found


def compile_problems(content: Path) -> list[str]:
    require(shutil.which("node") is not None, "Node.js")
    require(MATHJAX.exists(), "the local MathJax 3.2.2 (npm install in tests/browser)")
    done = subprocess.run(["node", str(BROWSER_DIR / "compile_tex.js")], input=json.dumps(formulas(content)),
                          capture_output=True, text=True, timeout=300, cwd=BROWSER_DIR)
    assert done.returncode == 0, done.stderr
    return [f"{f['card']}: {f['error']} in: {f['tex']}" for f in json.loads(done.stdout)]


