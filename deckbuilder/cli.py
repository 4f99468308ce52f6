"""Command line: run the build, report every problem as path:line, print a summary."""
from __future__ import annotations

import argparse
import gc
import importlib.metadata
import sys
from contextlib import contextmanager
from pathlib import Path

from . import pipeline
from .changes import report
from .pipeline import CHANGES_FILE, BuildResult, Options
from .preview import DEFAULT_MATHJAX
from .problems import ERROR, display_path, errors

CACHE_DIR = ".deckbuilder-cache"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build-deck",
        description="Build the Anki package (.apkg) from content/*.yaml and media/.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="directory of deck.yaml and NN-slug.yaml chapter files (default: content)")
    parser.add_argument("--media", type=Path, default=None, metavar="DIR",
                        help="directory of the images cards refer to (default: media/ beside the content dir)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="output package (default: dist/<deck-slug>.apkg)")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--check", action="store_true",
                       help="validate and render everything, write nothing")
    modes.add_argument("--preview", type=Path, default=None, metavar="DIR",
                       help="write a static HTML preview of every card to DIR instead of the package")
    parser.add_argument("--mathjax", default=None, metavar="PATH_OR_URL",
                        help="MathJax 3.2.2 for the preview: the path of a local tex-chtml-full.js, copied into "
                             "the site so it works offline, or a URL (default: the copy npm ci installs in "
                             f"tests/browser, else {DEFAULT_MATHJAX})")
    modes.add_argument("--release", action="store_true",
                       help="build, then record this deck as released in <content>/release.lock.json "
                            "(run before tagging a release; commit the file)")
    modes.add_argument("--changes", action="store_true",
                       help="print the cards added, changed, moved and removed since the last release; "
                            "write nothing")
    caching = parser.add_mutually_exclusive_group()
    caching.add_argument("--cache", type=Path, default=None, metavar="DIR",
                         help="keep validated chapters and rendered cards here between builds, so a rebuild "
                              "re-reads only changed files and re-renders only changed cards "
                              "(default: .deckbuilder-cache/ in the working directory)")
    caching.add_argument("--no-cache", action="store_true", help="read, check and render everything; read and write no cache")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    options = Options(args.content, args.media if args.media is not None else args.content.parent / "media",
                      out=args.out, cache_dir=None if args.no_cache else args.cache or Path(CACHE_DIR),
                      preview_dir=args.preview or Path("preview"), mathjax=args.mathjax)
    if args.check or args.changes:
        mode = pipeline.check
    elif args.preview is not None:
        mode = pipeline.preview
    else:
        mode = pipeline.release if args.release else pipeline.package_deck
    with rare_full_collections():
        result = mode(options)
    for problem in sorted(result.problems, key=lambda p: (p.path, p.line, p.severity != ERROR, p.message)):
        print(problem, file=sys.stderr)
    if not result.ok:
        print(f"build failed: {len(errors(result.problems))} error(s); nothing was written", file=sys.stderr)
        return 1
    if args.changes:
        print(report(result.changes))
        return 0
    _summary(result)
    return 0


def _version() -> str:
    try:
        return importlib.metadata.version("nlp-llm-interview-deck")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


@contextmanager
def rare_full_collections():
    """A build keeps hundreds of thousands of acyclic objects alive (YAML nodes, cards, HTML), and
    each of CPython's full collections walks all of them: measured, that was three quarters of the
    time validating 50,000 cards, for nothing collected. Young cycles are still collected."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _summary(result: BuildResult) -> None:
    chapters = result.chapters
    total = sum(len(ch.cards) for ch in chapters)
    print(f"{result.deck.title}: {len(chapters)} chapter(s), {total} card(s), {result.media_count} media file(s)")
    for chapter in chapters:
        print(f"  {result.deck.subdeck_name(chapter).split('::', 1)[1]}: {len(chapter.cards)} card(s)")
    if result.preview_pages:
        print(f"wrote preview: {display_path(result.preview_pages[0])} ({len(result.preview_pages)} page(s))")
    elif result.out is None:
        print("check passed; nothing written (--check)")
    else:
        print(f"wrote {display_path(result.out)} ({result.out.stat().st_size / 1024:.1f} KiB)")
        counts = ", ".join(f"{len(entries)} {kind}" for kind, _, entries in result.changes.kinds())
        since = f"since release {result.changes.since}" if result.changes.since else "no release yet"
        print(f"changes {since}: {counts} (details: --changes, {display_path(result.out.parent / CHANGES_FILE)})")
        if result.changes.moved:
            print("  moved cards stay in their old subdeck in Anki: tell users to move them (Browse → Change Deck)")
    if result.record is not None:
        print(f"recorded release {result.deck.version}: {display_path(result.record)} (commit it)")
