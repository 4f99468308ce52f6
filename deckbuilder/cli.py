"""Command line: load -> validate -> render -> package, reporting every problem as path:line."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import load, media, package, render, timestamps, validate
from .notetype import NOTETYPE_DIR, load_notetype
from .problems import ERROR, WARNING, Problem, display_path, errors

PROJECT_DIR = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="build_deck.py",
        description="Build the Anki package (.apkg) from content/*.yaml and media/.")
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                        help="directory of deck.yaml and NN-slug.yaml chapter files (default: content)")
    parser.add_argument("--media", type=Path, default=None, metavar="DIR",
                        help="directory of images referenced by cards (default: media/ beside the content dir)")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="output package (default: dist/<deck-slug>.apkg)")
    parser.add_argument("--check", action="store_true",
                        help="validate and render everything, write nothing")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    media_dir = args.media if args.media is not None else args.content.parent / "media"

    sources = load.load_sources(args.content)
    deck, chapters, problems = validate.validate(sources)
    renderer = render.Renderer(deck, media_dir)
    rendered, render_problems = renderer.render_chapters(chapters)
    problems += render_problems
    used = {name for cards in rendered for card in cards for name in card.media}
    problems += [Problem(display_path(media_dir / name), 0, "media file is not used by any card", WARNING)
                 for name in media.media_files(media_dir) if name not in used]

    _report(problems)
    if errors(problems):
        print(f"build failed: {len(errors(problems))} error(s); nothing was written", file=sys.stderr)
        return 1

    out = args.out or Path("dist") / f"{deck.slug}.apkg"
    contents = package.assemble(deck, chapters, rendered, load_notetype(), media_dir)
    if not args.check:
        stamp = timestamps.source_time([args.content, media_dir, NOTETYPE_DIR.parent])
        package.write_apkg(contents, out, stamp)
    _summary(deck, chapters, contents, out, args.check)
    return 0


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.severity != ERROR, p.message)):
        print(problem, file=sys.stderr)


def _summary(deck, chapters, contents, out: Path, checked_only: bool) -> None:
    total = sum(len(ch.cards) for ch in chapters)
    print(f"{deck.title}: {len(chapters)} chapter(s), {total} card(s), {len(contents.media)} media file(s)")
    for chapter in chapters:
        print(f"  {package.subdeck_name(deck, chapter).split('::', 1)[1]}: {len(chapter.cards)}")
    if checked_only:
        print("check passed; nothing written (--check)")
    else:
        print(f"wrote {display_path(out)} ({out.stat().st_size / 1024:.1f} KiB)")
