"""Figures of chapter 01: attention."""
from __future__ import annotations

import math

from .style import HEAT, INK, MASKED, MUTED


def causal_attention_weights(n: int = 6, cell: int = 48) -> str:
    """Attention weights softmax(S + M) of a small example: rows sum to 1, zeros above the diagonal."""
    scores = [[2 * math.cos(1.3 * i + 0.7 * j) for j in range(n)] for i in range(n)]
    weights = []
    for i, row in enumerate(scores):
        exps = [math.exp(row[j]) if j <= i else 0.0 for j in range(n)]
        weights.append([e / sum(exps) for e in exps])
    left, top = 70, 62
    width, height = left + n * cell + 20, top + n * cell + 46
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family="Helvetica, Arial, sans-serif" font-size="14">',
             f'<text x="{left + n * cell / 2}" y="20" text-anchor="middle" fill="{INK}" font-size="16">'
             'key position j →</text>',
             f'<text x="18" y="{top + n * cell / 2}" text-anchor="middle" fill="{INK}" font-size="16" '
             f'transform="rotate(-90 18 {top + n * cell / 2})">query position i →</text>']
    for k in range(n):
        parts.append(f'<text x="{left + k * cell + cell / 2}" y="{top - 10}" text-anchor="middle" '
                     f'fill="{MUTED}">{k + 1}</text>')
        parts.append(f'<text x="{left - 12}" y="{top + k * cell + cell / 2 + 5}" text-anchor="end" '
                     f'fill="{MUTED}">{k + 1}</text>')
    for i in range(n):
        for j in range(n):
            x, y = left + j * cell, top + i * cell
            fill = f'{HEAT}" fill-opacity="{0.12 + 0.88 * weights[i][j]:.2f}' if j <= i else MASKED
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                         f'stroke="{INK}" stroke-width="1"/>')
            label = f"{weights[i][j]:.2f}" if j <= i else "0"
            parts.append(f'<text x="{x + cell / 2}" y="{y + cell / 2 + 5}" text-anchor="middle" '
                         f'fill="{INK if j <= i else MUTED}">{label}</text>')
    parts.append(f'<text x="{left}" y="{height - 12}" fill="{INK}">rows sum to 1; j &gt; i gets weight 0</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"causal-attention-weights.svg": causal_attention_weights}
