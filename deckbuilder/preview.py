"""A static HTML preview of the whole deck: cards rendered with the note type's templates and CSS."""
from __future__ import annotations

import html
import shutil
from pathlib import Path
from string import Template

from .cardtemplate import render_template
from .media import packaged_name
from .notetype import NoteType
from .package import note_fields, subdeck_name
from .render import RenderedCard
from .validate import Chapter, DeckSettings

ASSETS = Path(__file__).parent / "preview_assets"
DEFAULT_MATHJAX = "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/tex-chtml-full.js"
STATIC_FILES = ("preview.css", "preview.js", "mathjax-config.js")


def _template(name: str) -> Template:
    return Template((ASSETS / name).read_text(encoding="utf-8"))


def card_sides(card: RenderedCard, chapter_deck: str, notetype: NoteType) -> tuple[str, str]:
    """The front and back HTML of the card as Anki renders it (first template), without the CSS."""
    fields = dict(zip(notetype.fields, note_fields(card, notetype)))
    fields.update(Deck=chapter_deck, Subdeck=chapter_deck.split("::")[-1], Tags=" ".join(card.card.tags),
                  Card=notetype.templates[0][0])
    _, front_template, back_template = notetype.templates[0]
    front = render_template(front_template, fields)
    back = render_template(back_template, {**fields, "FrontSide": front})
    return front, back


def chapter_page_name(chapter: Chapter) -> str:
    return f"{chapter.number}-{chapter.slug}.html"


def write_preview(out_dir: Path, deck: DeckSettings, chapters: list[Chapter], rendered: list[list[RenderedCard]],
                  notetype: NoteType, media_dir: Path, mathjax_url: str = DEFAULT_MATHJAX) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in STATIC_FILES:
        shutil.copyfile(ASSETS / name, out_dir / name)
    page, card_html, entry = _template("page.html"), _template("card.html"), _template("index-entry.html")

    def write_page(name: str, heading: str, body: str) -> Path:
        path = out_dir / name
        path.write_text(page.substitute(title=html.escape(f"{heading} · {deck.title}"), heading=html.escape(heading),
                                        card_css=notetype.css, mathjax_url=html.escape(mathjax_url), body=body),
                        encoding="utf-8")
        return path

    pages, entries = [], []
    for chapter, cards in zip(chapters, rendered):
        deck_name = subdeck_name(deck, chapter)
        articles = []
        for card in cards:
            front, back = card_sides(card, deck_name, notetype)
            articles.append(card_html.substitute(card_id=card.card.id, front=front, back=back))
            for relative in card.media:
                shutil.copyfile(media_dir / relative, out_dir / packaged_name(relative, deck.slug))
        title = deck_name.split("::")[-1]
        pages.append(write_page(chapter_page_name(chapter), title, "\n".join(articles)))
        entries.append(entry.substitute(href=chapter_page_name(chapter), title=html.escape(title), count=len(cards)))
    pages.insert(0, write_page("index.html", deck.title, _template("index.html").substitute(entries="".join(entries))))
    return pages
