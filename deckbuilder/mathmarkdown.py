"""markdown-it rules that pass TeX through untouched, in the delimiters Anki's MathJax reads.

Authors write ``$...$`` / ``$$...$$`` (parsed by mdit-py-plugins' dollarmath, with Pandoc's
rules so that currency such as ``$5和$10`` stays text) or ``\\(...\\)`` /
``\\[...\\]`` (parsed here). Every formula leaves as ``\\(...\\)`` or ``\\[...\\]``: Anki's
MathJax ignores ``$`` and bare environments. Inside a formula only ``<``, ``>`` and ``&`` are
HTML-escaped; nothing else changes.

Delimiters that do not pair up become ``math_problem`` tokens; render.py reports them with
their line.
"""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

INLINE_TOKEN = "math_inline"  # dollarmath's names, reused so one set of render rules serves both
DISPLAY_IN_TEXT_TOKEN = "math_inline_double"
DISPLAY_BLOCK_TOKEN = "math_block"
PROBLEM_TOKEN = "math_problem"
# A formula is an atomic inline box to the line breaker, and browsers break next to it whatever
# the neighbouring character (Chromium ignores U+2060 WORD JOINER there), so a line could start with
# "。" or end with "（". The formula and the punctuation that touches it go into one unbreakable span.
NOBR_OPEN = '<span class="nobr">'
NOBR_CLOSE = "</span>"
CLOSING_PUNCTUATION = "。，、；：？！）】」』》〉〕”’…·％"
OPENING_PUNCTUATION = "（【「『《〈〔“‘"


def math_plugin(md: MarkdownIt) -> None:
    # Pandoc's rule: no space just inside the dollars, no digit just outside, so `$5 or $7` is money.
    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)
    dollar_rule = md.inline.ruler.__rules__[md.inline.ruler.__find__("math_inline")].fn
    md.inline.ruler.at("math_inline", _at_paragraph_start_too(dollar_rule))
    md.inline.ruler.before("escape", "math_brackets", _bracket_inline)
    md.inline.ruler.before("escape", "math_unpaired", _unpaired_delimiter)
    md.block.ruler.before("fence", "math_bracket_block", _bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.add_render_rule(INLINE_TOKEN, lambda self, tokens, idx, options, env:
                       "\\(" + _escape(tokens[idx].content) + "\\)")
    md.add_render_rule(DISPLAY_IN_TEXT_TOKEN, lambda self, tokens, idx, options, env:
                       '<span class="math-display">\\[' + _escape(tokens[idx].content) + "\\]</span>")
    md.add_render_rule(DISPLAY_BLOCK_TOKEN, lambda self, tokens, idx, options, env:
                       '<div class="math-display">\\[' + _escape(tokens[idx].content) + "\\]</div>\n")
    md.core.ruler.push("cjk_punctuation_join", _join_punctuation_to_formulas)
    md.add_render_rule(PROBLEM_TOKEN, lambda self, tokens, idx, options, env:
                       html.escape(tokens[idx].markup, quote=False))


def _at_paragraph_start_too(dollar_rule):
    """dollarmath checks "no digit before the opening $" as ``src[pos - 1]``, which at the start of
    a paragraph is the paragraph's *last* character: ``$x$ 取 2`` was refused as an unpaired ``$``.
    At position 0 nothing comes before the ``$``, so the rule runs with a non-digit in that place."""
    def rule(state: StateInline, silent: bool) -> bool:
        if state.pos != 0 or not state.src[-1:].isdigit():
            return dollar_rule(state, silent)
        source = state.src
        state.src = source + "\n"
        try:
            return dollar_rule(state, silent)
        finally:
            state.src = source
    return rule


def _join_punctuation_to_formulas(state) -> None:
    for block in state.tokens:
        if not block.children:
            continue
        joined = []
        children = block.children
        for k, token in enumerate(children):
            if token.type != INLINE_TOKEN:
                joined.append(token)
                continue
            before = joined[-1] if joined and joined[-1].type == "text" else None
            after = children[k + 1] if k + 1 < len(children) and children[k + 1].type == "text" else None
            opening = before is not None and before.content[-1:] != "" and before.content[-1] in OPENING_PUNCTUATION
            closing = after is not None and after.content[:1] != "" and after.content[0] in CLOSING_PUNCTUATION
            if not (opening or closing):
                joined.append(token)
                continue
            # the whole run of punctuation: a line may not start with the "。" of "）。" either
            lead = ""
            if opening:
                kept = before.content.rstrip(OPENING_PUNCTUATION)
                lead, before.content = before.content[len(kept):], kept
            joined.append(_html(state, NOBR_OPEN + html.escape(lead, quote=False)))
            joined.append(token)
            trail = ""
            if closing:
                rest = after.content.lstrip(CLOSING_PUNCTUATION)
                trail, after.content = after.content[:len(after.content) - len(rest)], rest
            joined.append(_html(state, html.escape(trail, quote=False) + NOBR_CLOSE))
        block.children = joined


def _html(state, content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _escape(tex: str) -> str:
    return html.escape(tex.strip(), quote=False)


def _find_closing(src: str, start: int, closing: str) -> int:
    """Index of ``closing`` (``\\)`` or ``\\]``) whose backslash is not itself escaped, or -1."""
    pos = start
    while True:
        pos = src.find(closing, pos)
        if pos < 0:
            return -1
        backslashes = 0
        while pos - 1 - backslashes >= start and src[pos - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return pos
        pos += 1


def _bracket_inline(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith(("\\(", "\\["), pos):
        return False
    closing = "\\)" if src[pos + 1] == "(" else "\\]"
    end = _find_closing(src, pos + 2, closing)
    if end < 0 or not src[pos + 2:end].strip():
        return False  # left to _unpaired_delimiter, which reports it
    if not silent:
        token = state.push(INLINE_TOKEN if closing == "\\)" else DISPLAY_IN_TEXT_TOKEN, "math", 0)
        token.content = src[pos + 2:end]
        token.markup = src[pos:pos + 2]
    state.pos = end + 2
    return True


UNPAIRED = {
    "\\(": "'\\(' has no matching '\\)'",
    "\\[": "'\\[' has no matching '\\]'",
    "\\)": "'\\)' without an opening '\\('",
    "\\]": "'\\]' without an opening '\\['",
    "\\begin{": "'\\begin{...}' outside math: Anki's MathJax does not typeset bare environments; "
                "put it inside $$...$$ (use aligned/cases/matrix there)",
    "$$": "'$$' has no matching '$$'",
}


def _unpaired_delimiter(state: StateInline, silent: bool) -> bool:
    """Runs where the math rules did not match: a delimiter here is one that does not pair up."""
    src, pos = state.src, state.pos
    markup = next((m for m in UNPAIRED if src.startswith(m, pos)), None)
    if markup:
        message = UNPAIRED[markup]
    elif src[pos] == "$" and pos + 1 < len(src) and not (src[pos + 1].isspace() or src[pos + 1].isdigit()):
        # `$5` and `$ 5` read as money; `$x` with no closing `$` is a formula left open.
        markup, message = "$", "'$' has no matching '$' (write \\$ for a literal dollar sign)"
    else:
        return False
    if not silent:
        token = state.push(PROBLEM_TOKEN, "", 0)
        token.markup = markup
        token.content = message
        token.meta = {"line_offset": src.count("\n", 0, pos)}
    state.pos = pos + len(markup)
    return True


def _bracket_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """``\\[`` at the start of a line opens display math that may span lines, as ``$$`` does."""
    begin = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4 or not state.src.startswith("\\[", begin):
        return False
    # Search line by line within this block so that indentation of list items is respected.
    line = start_line
    pieces = []
    while line < end_line:
        line_begin = begin + 2 if line == start_line else state.bMarks[line] + state.tShift[line]
        line_end = state.eMarks[line]
        if line != start_line and state.sCount[line] < state.blkIndent:
            return False
        segment = state.src[line_begin:line_end]
        close = _find_closing(segment, 0, "\\]")
        if close >= 0:
            if segment[close + 2:].strip():
                return False  # text after \] on the same line: an inline formula in a paragraph
            pieces.append(segment[:close])
            break
        pieces.append(segment)
        line += 1
    else:
        return False
    if silent:
        return True
    token = state.push(DISPLAY_BLOCK_TOKEN, "math", 0)
    token.block = True
    token.content = "\n".join(pieces)
    token.markup = "\\["
    token.map = [start_line, line + 1]
    state.line = line + 1
    return True


_DELIMITER = re.compile(r"\\\$|\$\$|\$|\\\(|\\\)")


def pipe_inside_math(line: str) -> bool:
    """Whether a table row has an unescaped ``|`` inside ``$...$``, ``$$...$$`` or ``\\(...\\)``.

    Delimiters are paired left to right, as the math rules would pair them before the table
    split the row; code spans are ignored.
    """
    line = re.sub(r"`[^`]*`", "", line)
    opened_at, opener = -1, ""
    for match in _DELIMITER.finditer(line):
        delimiter = match.group()
        if delimiter == "\\$":
            continue
        if opener == "" and delimiter != "\\)":
            opened_at, opener = match.end(), delimiter
        elif (opener == delimiter and delimiter != "\\(") or (opener == "\\(" and delimiter == "\\)"):
            if re.search(r"(?<!\\)\|", line[opened_at:match.start()]):
                return True
            opener = ""
    return False
