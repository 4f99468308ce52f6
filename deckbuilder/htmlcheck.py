"""Raw HTML in content: refuse what could run code on a card, find the images it shows."""
from __future__ import annotations

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "base", "form", "meta", "link"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
SCRIPT_URL = re.compile(r"^(javascript|vbscript):", re.IGNORECASE)
INVISIBLE = re.compile(r"[\s\x00-\x1f]+")


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.image_sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> is not allowed in card content")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event-handler attribute '{name}' on <{tag}> is not allowed")
            elif name in URL_ATTRIBUTES and value and SCRIPT_URL.match(INVISIBLE.sub("", value)):
                self.problems.append(f"script URL in '{name}' on <{tag}> is not allowed")
        if tag == "img":
            source = dict(attrs).get("src")
            if source:
                self.image_sources.append(source)

    handle_startendtag = handle_starttag


def scan_html(fragment: str) -> tuple[list[str], list[str]]:
    """Return (problems, image sources) of a raw HTML fragment."""
    scanner = _Scanner()
    scanner.feed(fragment)
    scanner.close()
    return scanner.problems, scanner.image_sources


def replace_image_source(fragment: str, old: str, new: str) -> str:
    pattern = re.compile(r"(\bsrc\s*=\s*)([\"']?)" + re.escape(old) + r"\2", re.IGNORECASE)
    return pattern.sub(lambda m: f'{m.group(1)}"{new}"', fragment)
