"""PNG screenshots for the README, at 2x device scale: representative cards (math, code, table,
figure), light and night, on a phone (390 px) and at a desktop card's width (46em); and the study
site (the index with a search, a chapter in self-quiz mode). Needs Chromium, Playwright and the
local MathJax (see .ci/run):

    python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from deckbuilder import pipeline  # noqa: E402

MATHJAX = PROJECT / "tests/browser/node_modules/mathjax/es5/tex-chtml-full.js"
CARDS = {  # card id: (what it shows off, the element to frame)
    "attention-scaling-sqrt-dk": ("math", ".answer"),
    "handwrite-self-attention": ("code", "pre.highlight"),
    "attention-vs-self-attention": ("table", "table"),
    "causal-mask": ("figure", "img"),
}
SHOT_HEIGHT = 640
WIDTHS = {"phone": 390, "desktop": 1000}  # the preview shows a desktop card at Anki's 46em card width
# The card's width, from a little above the element to show, at most `height` pixels tall (page coordinates).
FRAME = """([card, target, height]) => {
  const box = document.querySelector(card).getBoundingClientRect();
  const top = document.querySelector(card + " " + target).getBoundingClientRect().top - 48;
  const y = Math.max(box.top, top) + window.scrollY;
  return {x: box.left + window.scrollX, y, width: box.width, height: Math.min(height, box.bottom + window.scrollY - y)};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PROJECT / "docs/screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        result = pipeline.preview(pipeline.Options(PROJECT / "content", PROJECT / "media",
                                                   preview_dir=Path(scratch), mathjax=str(MATHJAX)))
        if not result.ok:
            sys.exit("\n".join(map(str, result.problems)))
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        for device, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=2)
            for night in (False, True):
                for page_path in result.preview_pages[1:]:
                    page.goto(page_path.as_uri() + ("?night=1" if night else "?night=0"))
                    page.evaluate("() => MathJax.startup.promise.then(() => document.fonts.ready).then(() => 1)")
                    page.evaluate("() => document.querySelectorAll('details.detail').forEach(d => d.open = true)")
                    for card_id, (kind, target) in CARDS.items():
                        back = f'article[data-card-id="{card_id}"] .preview-back .card'
                        if not page.locator(back).count():
                            continue
                        name = f"{kind}-{'night' if night else 'light'}-{device}.png"
                        page.screenshot(path=str(args.out / name), full_page=True,
                                        clip=page.evaluate(FRAME, [back, target, SHOT_HEIGHT]))
                        print(f"wrote {args.out / name}")
            page.close()
        site_shots(browser, result.preview_pages, args.out)
        browser.close()


def site_shots(browser, pages: list[Path], out: Path) -> None:
    """The study site on a phone: the index filtered by a search, and a chapter in self-quiz mode."""
    page = browser.new_page(viewport={"width": 390, "height": 760}, device_scale_factor=2)
    page.goto(pages[0].as_uri() + "?night=0")
    page.fill("#search", "旋转")
    page.evaluate("() => MathJax.startup.promise.then(() => MathJax.typesetPromise()).then(() => 1)")
    page.screenshot(path=str(out / "site-index-search-phone.png"))
    print(f"wrote {out / 'site-index-search-phone.png'}")
    page.goto(pages[1].as_uri() + "?night=0#attention-scaling-sqrt-dk")
    page.click("#quiz-toggle")
    page.evaluate("() => MathJax.startup.promise.then(() => document.fonts.ready).then(() => 1)")
    page.evaluate("() => document.getElementById('attention-scaling-sqrt-dk').scrollIntoView()")
    page.screenshot(path=str(out / "site-chapter-quiz-phone.png"))
    print(f"wrote {out / 'site-chapter-quiz-phone.png'}")
    page.click("#quiz-toggle")  # leave the remembered mode off
    page.close()


if __name__ == "__main__":
    main()
