"""A static study site of the whole deck: cards rendered with the note type's templates and CSS,
an index with every question and a search over questions and answers, chapter pages with their
question list and neighbours, a self-quiz mode. It works from ``file://`` without a network when
MathJax is copied in from a local copy."""
from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import unquote, urlsplit

from .cardtemplate import render_template
from .media import packaged_name
from .model import Chapter, DeckSettings, RenderedCard
from .notetype import NoteType
from .vocabulary import TOPIC

ASSETS = Path(__file__).parent / "preview_assets"
DEFAULT_MATHJAX = "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/tex-chtml-full.js"
# The pinned copy tests/browser/package-lock.json installs, relative to the project directory.
LOCAL_MATHJAX = Path("tests/browser/node_modules/mathjax/es5/tex-chtml-full.js")
# What tex-chtml-full.js loads at run time, relative to it: its fonts, and the TeX extensions
# Anki's configuration asks the loader for.
MATHJAX_PARTS = ("tex-chtml-full.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")
STATIC_FILES = ("preview.css", "preview.js", "mathjax-config.js")
TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class MathJaxSource:
    """Where the pages load MathJax from: a local copy to put into the site, or a URL."""

    local: Path | None
    url: str = DEFAULT_MATHJAX

    @classmethod
    def choose(cls, asked: str | None, project_dir: Path) -> MathJaxSource:
        """``asked``: a URL, a file: URL or a path of tex-chtml-full.js; None looks for the local pinned copy."""
        if asked is None:
            local = project_dir / LOCAL_MATHJAX
            return cls(local) if local.is_file() else cls(None)
        parts = urlsplit(asked)
        if parts.scheme == "file":
            return cls(Path(unquote(parts.path)))
        if parts.scheme in ("http", "https"):
            return cls(None, asked)
        return cls(Path(asked))


def _template(name: str) -> Template:
    return Template((ASSETS / name).read_text(encoding="utf-8"))


def card_sides(card: RenderedCard, chapter_deck: str, notetype: NoteType) -> tuple[str, str]:
    """The front and back HTML of the card as Anki renders it (first template), without the CSS."""
    fields = dict(zip(notetype.fields, card.note_fields(notetype.fields)))
    fields.update(Deck=chapter_deck, Subdeck=chapter_deck.split("::")[-1], Tags=" ".join(card.card.tags),
                  Card=notetype.templates[0][0])
    _, front_template, back_template = notetype.templates[0]
    front = render_template(front_template, fields)
    back = render_template(back_template, {**fields, "FrontSide": front})
    return front, back


def chapter_page_name(chapter: Chapter) -> str:
    return f"{chapter.number}-{chapter.slug}.html"


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def excerpt(text: str, limit: int = 90) -> str:
    """The start of a plain-text answer, cut outside any formula so that MathJax can typeset it."""
    if len(text) <= limit:
        return text
    cut = limit
    opened = max(text.rfind("\\(", 0, cut), text.rfind("\\[", 0, cut))
    if opened >= 0 and max(text.rfind("\\)", 0, cut), text.rfind("\\]", 0, cut)) < opened:
        closing = text.find("\\)" if text[opened + 1] == "(" else "\\]", opened)
        cut = closing + 2 if 0 <= closing < limit + 60 else opened
    return text[:cut].rstrip() + "…"


def topics_of(card: RenderedCard, tag_prefix: str) -> list[str]:
    """The card's topic tags without the deck's prefix: ``peft::lora``."""
    head = f"{tag_prefix}::{TOPIC}::" if tag_prefix else f"{TOPIC}::"
    return [tag[len(head):] for tag in card.card.tags if tag.startswith(head)]


def write_preview(out_dir: Path, deck: DeckSettings, description_html: str, chapters: list[Chapter],
                  rendered: list[list[RenderedCard]], notetype: NoteType, media_dir: Path,
                  mathjax: MathJaxSource) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in STATIC_FILES:
        shutil.copyfile(ASSETS / name, out_dir / name)
    mathjax_url = _install_mathjax(mathjax, out_dir)
    page, card_html = _template("page.html"), _template("card.html")
    chapter_html, entry = _template("chapter.html"), _template("index-entry.html")

    def write_page(name: str, title: str, heading: str, body: str, links: str = "") -> Path:
        path = out_dir / name
        path.write_text(page.substitute(title=html.escape(title), heading=html.escape(heading), links=links,
                                        card_css=notetype.css, mathjax_url=html.escape(mathjax_url), body=body),
                        encoding="utf-8")
        return path

    titles = [deck.subdeck_name(chapter).split("::")[-1] for chapter in chapters]
    names = [chapter_page_name(chapter) for chapter in chapters]
    pages, entries, search = [], [], []
    topics: set[str] = set()
    for k, (chapter, cards) in enumerate(zip(chapters, rendered)):
        deck_name = deck.subdeck_name(chapter)
        articles, questions = [], []
        for card in cards:
            front, back = card_sides(card, deck_name, notetype)
            articles.append(card_html.substitute(card_id=card.card.id, front=front, back=back))
            questions.append(f'    <li><a href="{names[k]}#{card.card.id}">{card.question}</a></li>\n')
            card_topics = topics_of(card, deck.tag_prefix)
            topics.update(card_topics)
            search.append({"id": card.card.id, "href": f"{names[k]}#{card.card.id}", "chapter": chapter.number,
                           "q": plain_text(card.question), "a": plain_text(card.answer), "topics": card_topics,
                           "excerpt": excerpt(plain_text(card.answer))})
            for relative in card.media:
                shutil.copyfile(media_dir / relative, out_dir / packaged_name(relative, deck.slug))
        prev = f'<a rel="prev" href="{names[k - 1]}">← {html.escape(titles[k - 1])}</a>' if k else ""
        next_ = f'<a rel="next" href="{names[k + 1]}">{html.escape(titles[k + 1])} →</a>' if k + 1 < len(names) else ""
        links = "".join(f'<link rel="{rel}" href="{names[j]}">\n' for rel, j in (("prev", k - 1), ("next", k + 1))
                        if 0 <= j < len(names))
        body = chapter_html.substitute(prev=prev, next=next_, count=len(cards), questions="".join(questions),
                                       cards="\n".join(articles))
        pages.append(write_page(names[k], f"{titles[k]} · {deck.title}", titles[k], body, links))
        entries.append(entry.substitute(href=names[k], title=html.escape(titles[k]), count=len(cards),
                                        questions="".join(questions)))
    chapter_options = "".join(f'<option value="{c.number}">{html.escape(t)}</option>' for c, t in zip(chapters, titles))
    topic_options = "".join(f'<option value="{html.escape(t)}">{html.escape(t)}</option>' for t in sorted(topics))
    # "</" would end the script element early: JSON allows "<\/" for it.
    index_data = json.dumps(search, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    description = f'<div class="deck-description">{description_html}</div>' if description_html else ""
    index = _template("index.html").substitute(title=html.escape(deck.title), description=description,
                                               chapter_options=chapter_options, topic_options=topic_options,
                                               chapters="".join(entries), search_index=index_data)
    pages.insert(0, write_page("index.html", deck.title, deck.title, index))
    return pages


def _install_mathjax(mathjax: MathJaxSource, out_dir: Path) -> str:
    """The script URL the pages use: relative to the site for a copied local MathJax."""
    if mathjax.local is None:
        return mathjax.url
    source = mathjax.local.parent
    target = out_dir / "mathjax"
    for part in MATHJAX_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, dirs_exist_ok=True)
        elif (source / part).is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / part, target / part)
    return f"mathjax/{mathjax.local.name}"

