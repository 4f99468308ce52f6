"""Regenerate every figure in media/ from the modules in scripts/figures/.

Run: python scripts/make_figures.py
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
MEDIA = SCRIPTS.parent / "media"
sys.path.insert(0, str(SCRIPTS))

import figures  # noqa: E402


def generated_figures():
    """(file name, script path, SVG text) of every figure the modules in scripts/figures/ draw."""
    for module_info in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"figures.{module_info.name}")
        script = Path(module.__file__).relative_to(SCRIPTS.parent).as_posix()
        for name, draw in getattr(module, "FIGURES", {}).items():
            yield name, script, draw()


def main() -> int:
    MEDIA.mkdir(exist_ok=True)
    failed = 0
    for name, script, svg in generated_figures():
        try:
            ElementTree.fromstring(svg)
        except ElementTree.ParseError as err:  # an unescaped < or & in a label: Anki shows a broken image
            print(f"{script}: media/{name} is not well-formed XML ({err}); escape text with "
                  "xml.sax.saxutils.escape", file=sys.stderr)
            failed += 1
            continue
        (MEDIA / name).write_text(svg, encoding="utf-8")
        print(f"wrote media/{name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
