"""Figures of chapter 11: multimodal."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED


def clip_matrix(n: int = 4, cell: int = 52) -> str:
    """CLIP's N x N image-text similarity matrix: diagonal = positive pairs, rows = image->text, cols = text->image."""
    left, top = 78, 70
    width, height = left + n * cell + 20, top + n * cell + 52
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT} font-size="13">']
    for j in range(n):
        parts.append(f'<text x="{left + j * cell + cell / 2}" y="{top - 10}" text-anchor="middle" '
                     f'fill="{INK}">T{j + 1}</text>')
    parts.append(f'<text x="{left + n * cell / 2}" y="22" text-anchor="middle" fill="{INK}">'
                 'text embeddings</text>')
    parts.append(f'<text x="{left + n * cell / 2}" y="40" text-anchor="middle" fill="{MUTED}" font-size="12">'
                 'each column: softmax over images</text>')
    for i in range(n):
        parts.append(f'<text x="{left - 12}" y="{top + i * cell + cell / 2 + 5}" text-anchor="end" '
                     f'fill="{INK}">I{i + 1}</text>')
        for j in range(n):
            x, y = left + j * cell, top + i * cell
            fill = f'{HEAT}" fill-opacity="0.85' if i == j else MASKED
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                         f'stroke="{INK}" stroke-width="1"/>')
            label = "+" if i == j else "-"
            parts.append(f'<text x="{x + cell / 2}" y="{y + cell / 2 + 5}" text-anchor="middle" '
                         f'fill="{INK if i == j else MUTED}">{label}</text>')
    mid = top + n * cell / 2
    parts.append(f'<text x="18" y="{mid}" text-anchor="middle" fill="{INK}" '
                 f'transform="rotate(-90 18 {mid})">image embeddings</text>')
    parts.append(f'<text x="{left}" y="{height - 26}" fill="{ACCENT}">diagonal: N positive pairs</text>')
    parts.append(f'<text x="{left}" y="{height - 8}" fill="{MUTED}" font-size="12">'
                 'each row: softmax over texts</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"clip-matrix.svg": clip_matrix}
