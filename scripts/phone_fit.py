"""How the cards fit a phone: builds the preview, opens every chapter at 390 px in Chromium, and
prints how many formulas, tables and code blocks are wider than the card (and so scroll sideways).

Run: python scripts/phone_fit.py [--content DIR]   (needs what tests/browser_checks.py needs)
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]

from playwright.sync_api import sync_playwright  # noqa: E402

from browser_checks import CHROMIUM, browser_problems  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=PROJECT / "content")
    args = parser.parse_args()
    fit: dict = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        problems = browser_problems(browser, args.content.resolve(), Path(scratch) / "preview", fit)
        browser.close()
    print(f"cards: {fit['cards']}")
    print(f"answer formulas wider than the card: {fit['answerFormulas']}")
    print(f"display formulas that scroll: {fit['displayMath']} "
          f"(cards with display math: {fit['cardsWithDisplayMath']}, of them overflowing: "
          f"{fit['cardsWithOverflowingDisplayMath']})")
    print(f"tables that scroll: {fit['tables']} of {fit['tablesTotal']}")
    print(f"code blocks that scroll: {fit['code']} of {fit['codeTotal']} (widest {fit['worstCode']:.2f}x the card)")
    print(f"problems: {len(problems)}")
    for problem in problems:
        print("  " + problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
