"""Markdown + TeX fields to the HTML stored in Anki notes.

One configured markdown-it parser renders every field. Between parsing and rendering, the
token stream is checked (unpaired math delimiters, `|` inside math in a table row, unsafe
raw HTML, images that are not in media/) and image references are rewritten to their
namespaced media names. Problems carry the source line of the Markdown that caused them.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .highlight import highlight
from .htmlcheck import replace_image_source, scan_html
from .mathmarkdown import (DISPLAY_BLOCK_TOKEN, DISPLAY_IN_TEXT_TOKEN, INLINE_TOKEN, PROBLEM_TOKEN, math_plugin,
                           pipe_inside_math)
from .media import MediaError, packaged_name, resolve_reference
from .model import Card, Chapter, DeckSettings, RemovedCard, RenderedCard, Text
from .problems import Problem, display_path
from .texcheck import formula_problems


def make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"highlight": highlight, "html": True})
    md.enable(["table", "strikethrough"])
    md.use(math_plugin)
    return md


@dataclass
class _FieldResult:
    html: str = ""
    media: set[str] = field(default_factory=set)
    references: list[tuple[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class Renderer:
    def __init__(self, deck: DeckSettings, media_dir: Path):
        self.deck = deck
        self.media_dir = media_dir
        self.md = make_parser()

    def render_chapter(self, chapter: Chapter) -> tuple[list[RenderedCard], list[Problem]]:
        problems: list[Problem] = []
        cards = []
        for card in chapter.cards:
            rendered, card_problems = self.render_card(card)
            cards.append(rendered)
            problems += card_problems
        return cards, problems

    def render_card(self, card: Card) -> tuple[RenderedCard, list[Problem]]:
        results: list[_FieldResult] = []

        def field_html(text: Text | None) -> str:
            if text is None:
                return ""
            result = self.render_text(text, card.path, card.id)
            results.append(result)
            return result.html

        question = field_html(card.question)
        answer = field_html(card.answer)
        detail = field_html(card.detail)
        followups = "".join(
            '<li><div class="followup-q">' + field_html(f.question) + "</div>"
            + (f'<div class="followup-a">{field_html(f.answer)}</div>' if f.answer else "") + "</li>"
            for f in card.followups)
        if followups:
            followups = f'<ol class="followups">{followups}</ol>'
        source = field_html(card.source)
        media = frozenset(name for r in results for name in r.media)
        references = tuple(dict.fromkeys(ref for r in results for ref in r.references))
        problems = [p for r in results for p in r.problems]
        return RenderedCard(card, question, answer, detail, followups, source, media, references), problems

    def render_notice(self, removed: RemovedCard) -> RenderedCard:
        """The note that stands in for a card that left the deck: it says so, and how to find and
        delete all such notes; the question stays, so that users know which card it was. The
        question was checked when it was released; an image it showed and that has gone since is
        left out rather than failing the build."""
        because = f"（原因：{html.escape(removed.reason)}）" if removed.reason else ""
        notice = (f'<div class="removed-notice"><b>此卡已从卡组中移除</b>{because}。'
                  f"复习它已没有意义，可以删除：在浏览器中搜索 <code>tag:{removed.tags[0]}</code> "
                  "可找到所有已移除的卡片。</div>")
        question = self.render_text(removed.question, removed.path, removed.id)
        return RenderedCard(removed, notice + question.html, notice, "", "", "", frozenset(question.media),
                            tuple(question.references))

    def render_text(self, text: Text, path: Path, card_id: str = "") -> _FieldResult:
        result = _FieldResult()
        env: dict = {}
        tokens = self.md.parse(text.markdown, env)
        self._check_tokens(tokens, text, path, result, card_id)
        result.html = self.md.renderer.render(tokens, self.md.options, env).strip()
        return result

    def _check_tokens(self, tokens: list[Token], text: Text, path: Path, result: _FieldResult,
                      card_id: str) -> None:
        lines = text.markdown.split("\n")
        where = f"card '{card_id}': " if card_id else ""
        block_line = 0
        pipe_lines: set[int] = set()  # rows already reported: their split cells need no second message

        def report(offset: int, message: str) -> None:
            # display_path resolves the path: only worth it when there is something to report.
            result.problems.append(Problem(display_path(path), text.line + offset, message))

        def check_formula(tex: str, first_line: int) -> None:
            problems = formula_problems(tex)
            if problems:
                # the line of the formula itself within its block, for a field of several lines
                head = tex.strip().split("\n")[0]
                offset = next((k for k in range(first_line, len(lines)) if head in lines[k]), first_line)
                formula = " ".join(tex.split())
                report(offset, f"{where}formula {formula}: {'; '.join(problems)}")

        for token in tokens:
            if token.map:
                block_line = token.map[0]
            if token.type == DISPLAY_BLOCK_TOKEN:
                check_formula(token.content, block_line)
            if token.type == "table_open" and token.map:
                for offset in range(*token.map):
                    if pipe_inside_math(lines[offset]):
                        pipe_lines.add(offset)
                        report(offset, "'|' inside math in a table row splits the cell; "
                                       "write \\vert (or \\lvert ... \\rvert, \\mid) instead")
            elif token.type == "html_block":
                token.content = self._check_html(token.content, block_line, path, report, result)
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type in (INLINE_TOKEN, DISPLAY_IN_TEXT_TOKEN):
                        check_formula(child.content, block_line)
                    self._check_inline(child, block_line, pipe_lines, path, report, result)

    def _check_inline(self, token: Token, block_line: int, pipe_lines: set[int], path: Path,
                      report, result: _FieldResult) -> None:
        if token.type == PROBLEM_TOKEN:
            line = block_line + token.meta["line_offset"]
            if line not in pipe_lines:
                report(line, token.content)
        elif token.type == "image":
            source = str(token.attrGet("src") or "")
            name = self._media_name(source, path, block_line, report, result)
            if name:
                token.attrSet("src", name)
        elif token.type == "html_inline":
            token.content = self._check_html(token.content, block_line, path, report, result)

    def _check_html(self, fragment: str, line: int, path: Path, report, result: _FieldResult) -> str:
        unsafe, sources = scan_html(fragment)
        for message in unsafe:
            report(line, message)
        for source in sources:
            name = self._media_name(source, path, line, report, result)
            if name:
                fragment = replace_image_source(fragment, source, name)
        return fragment

    def _media_name(self, source: str, path: Path, line: int, report, result: _FieldResult) -> str:
        try:
            relative = resolve_reference(source, path, self.media_dir)
        except MediaError as err:
            report(line, str(err))
            return ""
        result.media.add(relative)
        result.references.append((source, relative))
        return packaged_name(relative, self.deck.slug)
