"""Every file in media/ must load where Anki shows it: an SVG must be well-formed XML with an
<svg> root (one stray ``<`` and the card shows a broken-image icon), a bitmap must be what its
extension says. Figures drawn by scripts/figures/ are named with their script, where the fix goes.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .media import media_files
from .problems import Problem, display_path

BITMAP_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}
FIGURE_SCRIPTS = Path("scripts") / "figures"


def media_problems(media_dir: Path) -> list[Problem]:
    problems = []
    for name in media_files(media_dir):
        path = media_dir / name
        suffix = path.suffix.lower()
        if suffix == ".svg":
            problems += _svg_problems(path, name, media_dir)
        elif suffix in BITMAP_SIGNATURES:
            head = path.read_bytes()[:12]
            if not any(head.startswith(signature) for signature in BITMAP_SIGNATURES[suffix]):
                problems.append(Problem(display_path(path), 0, f"not a {suffix[1:].upper()} image "
                                                               "(the file's contents do not match its extension)"))
    return problems


def _svg_problems(path: Path, name: str, media_dir: Path) -> list[Problem]:
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as err:
        line, column = err.position
        script = _generating_script(name, media_dir)
        fix = f"; it is drawn by {script}: escape its text with xml.sax.saxutils.escape and run " \
              "python scripts/make_figures.py" if script else "; escape < and & in its text as &lt; and &amp;"
        return [Problem(display_path(path), line, f"SVG is not well-formed XML (column {column}: "
                                                  f"{str(err).split(':')[0]}), so Anki shows a broken image{fix}")]
    if not re.fullmatch(r"(\{[^}]*\})?svg", root.tag):
        return [Problem(display_path(path), 1, f"SVG file whose root element is <{root.tag}>, not <svg>")]
    return []


def _generating_script(name: str, media_dir: Path) -> str | None:
    """The module of scripts/figures/ that names this figure, in a project laid out like this one."""
    scripts = media_dir.parent / FIGURE_SCRIPTS
    quoted = (f'"{name}"', f"'{name}'")
    for script in sorted(scripts.glob("*.py")) if scripts.is_dir() else []:
        text = script.read_text(encoding="utf-8", errors="replace")
        if any(q in text for q in quoted):
            return display_path(script)
    return None
