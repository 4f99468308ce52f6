"""Fenced code to HTML with Pygments CSS classes, so that colours follow night mode."""
from __future__ import annotations

import html
import re

from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

LIGHT_STYLE = "friendly"
DARK_STYLE = "monokai"
CODE_CLASS = "highlight"
NIGHT_SELECTORS = (".nightMode", ".night_mode")

_FORMATTER = HtmlFormatter(nowrap=True)


def highlight(code: str, lang: str, _attrs: object) -> str:
    """markdown-it highlight hook; returning '' keeps markdown-it's plain <pre><code>."""
    if not lang:
        return ""
    try:
        lexer = get_lexer_by_name(lang)
    except ClassNotFound:
        return ""
    body = pygments_highlight(code, lexer, _FORMATTER)
    # Must start with <pre, or markdown-it wraps it in a second <pre><code>.
    return (f'<pre class="{CODE_CLASS}"><code class="language-{html.escape(lang)}">'
            f"{body}</code></pre>\n")


def code_css() -> str:
    """Pygments rules for light mode, and the same rules under Anki's night-mode classes."""
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(f".{CODE_CLASS}")
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(
        [f"{night} .{CODE_CLASS}" for night in NIGHT_SELECTORS])
    return _keep_scroll_cue(f"/* Pygments {LIGHT_STYLE} */\n{light}\n/* Pygments {DARK_STYLE}, night mode */\n{dark}\n")


def _keep_scroll_cue(css: str) -> str:
    """Pygments sets the block's colour with the ``background`` shorthand, which would also wipe the
    scroll-shadow images of style.css: set only the colour, and the cover colour of the shadows."""
    return re.sub(r"(\.highlight\s*\{[^}]*?)\bbackground:\s*([^;}]+)",
                  r"\1--scroll-cover: \2; background-color: \2", css)
