"""Figures of chapter 09: retrieval-augmented generation."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MUTED

_ARROW = (f'<defs><marker id="rarr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
          f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>')


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="1.4" '
            'marker-end="url(#rarr)"/>')


def _box(x: float, y: float, w: float, label: str, sub: str = "", color: str = INK) -> str:
    h = 40
    s = (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="none" stroke="{color}" stroke-width="1.5"/>'
         f'<text x="{x + w / 2}" y="{y + (17 if sub else 25)}" text-anchor="middle" fill="{INK}" '
         f'font-size="12">{label}</text>')
    if sub:
        s += (f'<text x="{x + w / 2}" y="{y + 32}" text-anchor="middle" fill="{MUTED}" '
              f'font-size="10">{sub}</text>')
    return s


def rag_pipeline() -> str:
    """Offline indexing row above, online query row below; the index feeds retrieval."""
    w, h = 400, 250
    p = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" {FONT}>', _ARROW,
         f'<text x="8" y="18" fill="{MUTED}" font-size="11">offline</text>',
         f'<text x="8" y="128" fill="{MUTED}" font-size="11">online</text>']
    xs = [8, 106, 204, 302]
    top = [("Docs", "parse, clean"), ("Chunk", "size, overlap"), ("Embed", "bi-encoder"), ("Index", "HNSW + BM25")]
    for x, (a, b) in zip(xs, top):
        p.append(_box(x, 28, 90, a, b, HEAT if a == "Index" else INK))
    for x in xs[:-1]:
        p.append(_arrow(x + 90, 48, x + 104, 48))
    bottom = [("Query", "rewrite"), ("Retrieve", "top-100, RRF"), ("Rerank", "cross-encoder"), ("LLM", "top-5 + cite")]
    for x, (a, b) in zip(xs, bottom):
        p.append(_box(x, 138, 90, a, b, ACCENT if a == "Rerank" else INK))
    for x in xs[:-1]:
        p.append(_arrow(x + 90, 158, x + 104, 158))
    p.append(_arrow(347, 68, 160, 136))
    p.append(_arrow(347, 178, 347, 212))
    p.append(f'<text x="347" y="232" text-anchor="middle" fill="{INK}" font-size="12">answer</text>')
    p.append('</svg>')
    return "".join(p)


FIGURES = {"rag-pipeline.svg": rag_pipeline}
