"""Anki's card-template syntax, the part our note type uses, for rendering cards outside Anki.

``{{Field}}``, ``{{#Field}}...{{/Field}}``, ``{{^Field}}...{{/Field}}`` and the special fields
``FrontSide``, ``Deck``, ``Subdeck``, ``Tags``, ``Card``. Anything else is refused rather than
rendered differently from Anki; tests/test_preview.py compares the result with Anki's own.
"""
from __future__ import annotations

import re

TAG = re.compile(r"{{\s*([#^/]?)\s*([^{}]+?)\s*}}")


class TemplateError(ValueError):
    pass


def render_template(template: str, fields: dict[str, str]) -> str:
    output, _ = _render(template, 0, fields, closing=None)
    return output


def _render(template: str, pos: int, fields: dict[str, str], closing: str | None) -> tuple[str, int]:
    parts = []
    while True:
        match = TAG.search(template, pos)
        if not match:
            if closing:
                raise TemplateError(f"section '{closing}' is not closed")
            return "".join(parts) + template[pos:], len(template)
        parts.append(template[pos:match.start()])
        kind, name = match.groups()
        pos = match.end()
        if kind == "/":
            if name != closing:
                raise TemplateError(f"'{{{{/{name}}}}}' closes nothing")
            return "".join(parts), pos
        if kind in ("#", "^"):
            inner, pos = _render(template, pos, fields, closing=name)
            if _is_filled(_field(fields, name)) == (kind == "#"):
                parts.append(inner)
        else:
            parts.append(_field(fields, name))


def _field(fields: dict[str, str], name: str) -> str:
    if ":" in name:
        raise TemplateError(f"field filters such as '{name}' are not supported here")
    if name not in fields:
        raise TemplateError(f"unknown field '{name}'")
    return fields[name]


def _is_filled(value: str) -> bool:
    # Anki counts a field as empty when nothing but whitespace and markup is left.
    return bool(re.sub(r"<[^>]*>|&nbsp;|\s", "", value))
