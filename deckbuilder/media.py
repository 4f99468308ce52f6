"""Media files: where a reference points in media/, and the namespaced name it gets in Anki.

Anki keeps every deck's media in one flat folder per collection, so each file is packaged as
``<deck-slug>-<path with / as ->``: our ``attention.svg`` cannot overwrite another deck's.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit


class MediaError(ValueError):
    pass


def resolve_reference(src: str, card_file: Path, media_dir: Path) -> str:
    """The referenced file's path relative to ``media_dir`` (POSIX form), or MediaError.

    ``x.svg`` and ``fig/x.svg`` are read inside media/; a path relative to the chapter file that
    lands in media/ (``../media/x.svg``, what Typora or Obsidian previews need) is accepted too.
    """
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        raise MediaError(f"image '{src}' is not a local file: put the file in media/ and refer to it "
                         "by name (cards must work offline on a phone)")
    relative = unquote(parts.path)
    media_root = media_dir.resolve()
    candidates = [(card_file.parent / relative).resolve(), (media_dir / relative).resolve()]
    for candidate in candidates:
        if candidate.is_relative_to(media_root) and candidate.is_file():
            return candidate.relative_to(media_root).as_posix()
    raise MediaError(f"image '{src}' not found in {media_dir}/")


def packaged_name(relative: str, deck_slug: str) -> str:
    return f"{deck_slug}-" + "-".join(PurePosixPath(relative).parts)


def media_files(media_dir: Path) -> list[str]:
    """Every file under media_dir, relative and in POSIX form, hidden files skipped."""
    if not media_dir.is_dir():
        return []
    return sorted(p.relative_to(media_dir).as_posix() for p in media_dir.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(media_dir).parts))
