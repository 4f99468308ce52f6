"""PNG screenshots of representative cards (math, code, table, figure), light and night, phone and
desktop width, for the README. Needs Chromium, Playwright and the local MathJax (see .ci/run):

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

from deckbuilder.build import build  # noqa: E402

MATHJAX = PROJECT / "tests/browser/node_modules/mathjax/es5/tex-chtml-full.js"
CARDS = {  # card id: (what it shows off, the element to frame)
    "attention-scaling-sqrt-dk": ("math", ".answer"),
    "handwrite-self-attention": ("code", "pre.highlight"),
    "attention-vs-self-attention": ("table", "table"),
    "causal-mask": ("figure", "img"),
}
SHOT_HEIGHT = 640
WIDTHS = {"phone": 390, "desktop": 1000}
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
        result = build(PROJECT / "content", PROJECT / "media", None, preview_dir=Path(scratch),
                       mathjax_url=MATHJAX.as_uri())
        if not result.ok:
            sys.exit("\n".join(map(str, result.problems)))
        browser = playwright.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
        for device, width in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
            for night in (False, True):
                for page_path in result.preview_pages[1:]:
                    page.goto(page_path.as_uri() + ("?night=1" if night else "?night=0"))
                    page.evaluate("() => MathJax.startup.promise.then(() => document.fonts.ready).then(() => 1)")
                    for card_id, (kind, target) in CARDS.items():
                        back = f'article[data-card-id="{card_id}"] .preview-side:nth-child(2) .card'
                        if not page.locator(back).count():
                            continue
                        name = f"{kind}-{'night' if night else 'light'}-{device}.png"
                        page.screenshot(path=str(args.out / name), full_page=True,
                                        clip=page.evaluate(FRAME, [back, target, SHOT_HEIGHT]))
                        print(f"wrote {args.out / name}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
