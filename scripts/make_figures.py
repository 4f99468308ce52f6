"""Regenerate every figure in media/ from the modules in scripts/figures/.

Run: python scripts/make_figures.py
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
MEDIA = SCRIPTS.parent / "media"
sys.path.insert(0, str(SCRIPTS))

import figures  # noqa: E402


def main() -> None:
    MEDIA.mkdir(exist_ok=True)
    for module_info in pkgutil.iter_modules(figures.__path__):
        module = importlib.import_module(f"figures.{module_info.name}")
        for name, draw in getattr(module, "FIGURES", {}).items():
            (MEDIA / name).write_text(draw(), encoding="utf-8")
            print(f"wrote media/{name}")


if __name__ == "__main__":
    main()
