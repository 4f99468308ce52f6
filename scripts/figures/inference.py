"""Figures of chapter 07: decoding, caching and serving."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED


def paged_kv_blocks() -> str:
    """PagedAttention: logical KV blocks of two requests mapped through block tables onto physical blocks."""
    slots = 4                                   # tokens per block in the picture (vLLM's default is 16)
    cell, gap = 44, 0
    width, height = 400, 324
    phys_left, phys_top = 24, 200
    # physical block id -> filled slots; request A's prompt block 5 is shared with request B (copy-on-write)
    filled = {5: 4, 1: 4, 6: 3, 2: 2}
    seqs = [("request A", 24, [(5, "A0"), (1, "A1"), (6, "A2")]),
            ("request B", 230, [(5, "B0"), (2, "B1")])]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT} font-size="13">']

    def text(x, y, s, anchor="middle", fill=INK, size=13):
        return f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">{s}</text>'

    for title, left, blocks in seqs:
        parts.append(text(left, 22, title, anchor="start"))
        parts.append(text(left, 108, "block table", anchor="start", fill=MUTED, size=12))
        for k, (phys, label) in enumerate(blocks):
            x = left + k * 50
            parts.append(f'<rect x="{x}" y="34" width="44" height="30" fill="{HEAT}" fill-opacity="0.25" '
                         f'stroke="{INK}"/>')
            parts.append(text(x + 22, 54, label))
            parts.append(f'<rect x="{x}" y="116" width="44" height="24" fill="none" stroke="{MUTED}"/>')
            parts.append(text(x + 22, 133, f"-&gt; {phys}", size=12))
            px = phys_left + phys * (cell + gap) + cell / 2
            colour = ACCENT if phys == 5 else INK
            parts.append(f'<line x1="{x + 22}" y1="140" x2="{px}" y2="{phys_top}" stroke="{colour}" '
                         f'stroke-width="1.2"/>')
            parts.append(f'<line x1="{x + 22}" y1="64" x2="{x + 22}" y2="116" stroke="{MUTED}" '
                         'stroke-dasharray="3 3"/>')
    for b in range(8):
        x = phys_left + b * cell
        stroke, sw = (ACCENT, 2.5) if b == 5 else (INK, 1)
        for s in range(slots):
            used = s < filled.get(b, 0)
            fill = f'{HEAT}" fill-opacity="0.6' if used else MASKED
            parts.append(f'<rect x="{x + 4}" y="{phys_top + 6 + s * 12}" width="{cell - 8}" height="10" '
                         f'fill="{fill}"/>')
        parts.append(f'<rect x="{x}" y="{phys_top}" width="{cell}" height="56" fill="none" stroke="{stroke}" '
                     f'stroke-width="{sw}"/>')
        parts.append(text(x + cell / 2, phys_top + 72, str(b), fill=MUTED, size=12))
    parts.append(text(width / 2, 294, "physical KV blocks in GPU memory", fill=MUTED, size=12))
    parts.append(text(width / 2, 316, "block 5: shared prompt, ref count 2; free blocks stay grey",
                      fill=ACCENT, size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"paged-kv-blocks.svg": paged_kv_blocks}
