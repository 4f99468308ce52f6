"""Command line: run the build, report every problem as path:line, print a summary."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import BuildResult, build
from .package import subdeck_name
from .preview import DEFAULT_MATHJAX
from .problems import ERROR, display_path, errors

CACHE_DIR = ".deckbuilder-cache"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_deck.py",
        description="Build the Anki package (.apkg) from content/*.yaml and media/.")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="directory of deck.yaml and NN-slug.yaml chapter files (default: content)")
    parser.add_argument("--media", type=Path, default=None, metavar="DIR",
                        help="directory of the images cards refer to (default: media/ beside the content dir)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="output package (default: dist/<deck-slug>.apkg)")
    parser.add_argument("--check", action="store_true",
                        help="validate and render everything, write nothing")
    parser.add_argument("--preview", type=Path, default=None, metavar="DIR",
                        help="write a static HTML preview of every card to DIR instead of the package")
    parser.add_argument("--mathjax", default=DEFAULT_MATHJAX, metavar="URL",
                        help="where the preview loads MathJax 3.2.2 (tex-chtml-full.js) from; "
                             "a file path or URL (default: %(default)s)")
    parser.add_argument("--cache", type=Path, default=None, metavar="DIR",
                        help="keep rendered cards here between builds, so a rebuild re-renders only "
                             "changed cards (default: .deckbuilder-cache/ beside the output)")
    parser.add_argument("--no-cache", action="store_true", help="render every card, read and write no cache")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    media_dir = args.media if args.media is not None else args.content.parent / "media"
    cache_dir = None if args.no_cache else args.cache or (args.out.parent if args.out else Path("dist")) / CACHE_DIR
    result = build(args.content, media_dir, args.out, check_only=args.check, preview_dir=args.preview,
                   mathjax_url=_as_url(args.mathjax), cache_dir=cache_dir)
    for problem in sorted(result.problems, key=lambda p: (p.path, p.line, p.severity != ERROR, p.message)):
        print(problem, file=sys.stderr)
    if not result.ok:
        print(f"build failed: {len(errors(result.problems))} error(s); nothing was written", file=sys.stderr)
        return 1
    _summary(result)
    return 0


def _as_url(location: str) -> str:
    """A local path becomes a file: URL, so the preview works wherever it is opened from."""
    if "://" in location:
        return location
    return Path(location).resolve().as_uri()


def _summary(result: BuildResult) -> None:
    chapters = result.chapters
    total = sum(len(ch.cards) for ch in chapters)
    print(f"{result.deck.title}: {len(chapters)} chapter(s), {total} card(s), {result.media_count} media file(s)")
    for chapter in chapters:
        print(f"  {subdeck_name(result.deck, chapter).split('::', 1)[1]}: {len(chapter.cards)} card(s)")
    if result.preview_pages:
        print(f"wrote preview: {display_path(result.preview_pages[0])} ({len(result.preview_pages)} page(s))")
    elif result.out is None:
        print("check passed; nothing written (--check)")
    else:
        print(f"wrote {display_path(result.out)} ({result.out.stat().st_size / 1024:.1f} KiB)")
