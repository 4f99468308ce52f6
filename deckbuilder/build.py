"""The whole pipeline as one call: load -> validate -> render -> package."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import load, media, package, preview, render, rendercache, timestamps, validate
from .notetype import NOTETYPE_DIR, load_notetype
from .problems import WARNING, Problem, display_path, errors

BUILDER_DIR = Path(__file__).resolve().parent


@dataclass
class BuildResult:
    problems: list[Problem]
    deck: validate.DeckSettings | None = None
    chapters: list[validate.Chapter] = field(default_factory=list)
    media_count: int = 0
    out: Path | None = None  # the package, when one was written
    preview_pages: list[Path] = field(default_factory=list)
    timestamp: int = 0

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def build(content_dir: Path, media_dir: Path, out: Path | None, check_only: bool = False,
          notetype_dir: Path = NOTETYPE_DIR, preview_dir: Path | None = None,
          mathjax_url: str = preview.DEFAULT_MATHJAX, cache_dir: Path | None = None) -> BuildResult:
    """Validate and render everything; then write the preview if asked, else the package unless check_only.

    ``cache_dir``: where rendered cards are kept between package builds (see rendercache.py); None
    renders every card. --check and --preview never read or write it.
    """
    deck, chapters, problems = validate.validate(load.load_sources(content_dir))
    cache = None
    if cache_dir is not None and not check_only and preview_dir is None:
        cache = rendercache.RenderCache.open(cache_dir / f"{deck.slug}.sqlite3", deck.slug, media_dir)
    try:
        rendered, render_problems = render.Renderer(deck, media_dir).render_chapters(chapters, cache)
    finally:
        if cache is not None:
            cache.close()
    problems += render_problems
    used = {name for cards in rendered for card in cards for name in card.media}
    problems += [Problem(display_path(media_dir / name), 0, "media file is not used by any card", WARNING)
                 for name in media.media_files(media_dir) if name not in used]
    result = BuildResult(problems, deck, chapters, len(used))
    if not result.ok:
        return result

    notetype = load_notetype(notetype_dir)
    if preview_dir is not None:
        result.preview_pages = preview.write_preview(preview_dir, deck, chapters, rendered, notetype, media_dir,
                                                     mathjax_url)
        return result
    contents = package.assemble(deck, chapters, rendered, notetype, media_dir)
    if not check_only:
        result.out = out or Path("dist") / f"{deck.slug}.apkg"
        # The renderer's code is an input too: a change in it changes the notes' HTML.
        result.timestamp = timestamps.source_time([content_dir, media_dir, notetype_dir, BUILDER_DIR])
        package.write_apkg(contents, result.out, result.timestamp)
    return result
