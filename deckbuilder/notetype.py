"""The note type, read from notetype/ (notetype.yaml, the templates, the CSS)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .highlight import code_css

NOTETYPE_DIR = Path(__file__).parent / "notetype"


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    fields: tuple[str, ...]
    sort_field: str
    templates: tuple[tuple[str, str, str], ...]  # (name, front html, back html)
    css: str

    def for_major_version(self, major: int) -> "NoteType":
        """Version 1 keeps the type as it is; a breaking release (major 2, 3, ...) gets a new type, so
        that users' collections hold the old and the new side by side instead of a half-merged one."""
        if major <= 1:
            return self
        return replace(self, id=self.id + major - 1, name=f"{self.name} v{major}")


def load_notetype(directory: Path = NOTETYPE_DIR) -> NoteType:
    spec = yaml.safe_load((directory / "notetype.yaml").read_text(encoding="utf-8"))
    read = lambda name: (directory / name).read_text(encoding="utf-8")  # noqa: E731
    templates = tuple((t["name"], read(t["front"]), read(t["back"])) for t in spec["templates"])
    css = read(spec["css"]) + "\n" + code_css()
    return NoteType(int(spec["id"]), spec["name"], tuple(spec["fields"]), spec["sort_field"], templates, css)
