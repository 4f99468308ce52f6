"""Figures of chapter 01: attention."""
from __future__ import annotations

import math

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED, matrix_axes


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
             f'height="{height}" font-family="Helvetica, Arial, sans-serif" font-size="14">']
    parts += matrix_axes(left, top, n, cell, font_size=16, label_gap=12)
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


def flash_attention_tiling(blocks: int = 4, cell: int = 40) -> str:
    """FlashAttention's loops over one (query block, key block) tile at a time, causal case."""
    cur_i, cur_j = 2, 1
    left, top = 92, 92
    grid = blocks * cell
    o_left = left + grid + 26
    width, height = o_left + 100, top + grid + 104
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT} font-size="13">',
             '<defs><marker id="fa-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
             f'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>']

    def rect(x, y, w, h, fill, opacity=1.0, stroke=INK, sw=1):
        return (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" fill-opacity="{opacity}" '
                f'stroke="{stroke}" stroke-width="{sw}"/>')

    def text(x, y, s, anchor="middle", fill=INK, size=13):
        return f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">{s}</text>'

    # Q (row blocks) on the left, K^T (column blocks) on top, O with its running statistics on the right.
    q_left = left - 50
    for b in range(blocks):
        hot = b == cur_i
        parts.append(rect(q_left, top + b * cell, 30, cell, HEAT if hot else "none", 0.55 if hot else 1))
        parts.append(rect(left + b * cell, top - 50, cell, 30, HEAT if b == cur_j else "none",
                          0.55 if b == cur_j else 1))
        parts.append(rect(o_left, top + b * cell, 30, cell, ACCENT if hot else "none", 0.35 if hot else 1))
    parts.append(text(q_left + 15, top - 8, "Q"))
    parts.append(text(left - 20, top - 30, "K^T", anchor="end"))
    parts.append(text(o_left + 15, top - 8, "O"))
    parts.append(text(o_left + 38, top + cur_i * cell + 17, "acc, m, l", anchor="start", size=12))
    parts.append(text(o_left + 38, top + cur_i * cell + 32, "(per row)", anchor="start", fill=MUTED, size=12))

    for i in range(blocks):
        for j in range(blocks):
            x, y = left + j * cell, top + i * cell
            if j > i:
                parts.append(rect(x, y, cell, cell, MASKED, stroke=MUTED))
                parts.append(text(x + cell / 2, y + cell / 2 + 4, "skip", fill=MUTED, size=11))
            elif i == cur_i and j == cur_j:
                parts.append(rect(x, y, cell, cell, HEAT, 0.9, sw=2.5))
                parts.append(text(x + cell / 2, y + cell / 2 + 5, "S_ij"))
            elif i == cur_i and j < cur_j:
                parts.append(rect(x, y, cell, cell, HEAT, 0.25))
            else:
                parts.append(rect(x, y, cell, cell, "none"))

    # Inner loop runs along K/V blocks (only up to the diagonal when causal); outer loop moves down Q blocks.
    parts.append(f'<line x1="{left + 4}" y1="{top - 62}" x2="{left + (cur_i + 1) * cell - 4}" y2="{top - 62}" '
                 f'stroke="{INK}" stroke-width="1.5" marker-end="url(#fa-arrow)"/>')
    parts.append(text(left + (cur_i + 1) * cell + 6, top - 58, "inner loop", anchor="start", fill=MUTED, size=12))
    parts.append(f'<line x1="{q_left - 10}" y1="{top + 4}" x2="{q_left - 10}" y2="{top + grid - 4}" '
                 f'stroke="{INK}" stroke-width="1.5" marker-end="url(#fa-arrow)"/>')
    parts.append(f'<text x="{q_left - 16}" y="{top + grid / 2}" text-anchor="middle" fill="{MUTED}" '
                 f'font-size="12" transform="rotate(-90 {q_left - 16} {top + grid / 2})">outer loop</text>')

    legend_y = top + grid + 20
    for k, (fill, opacity, label) in enumerate([(HEAT, 0.9, "current tile: the only scores in SRAM"),
                                                (HEAT, 0.25, "done: folded into acc, m, l"),
                                                (MASKED, 1.0, "above the diagonal: never computed")]):
        y = legend_y + k * 20
        parts.append(rect(left - 50, y, 14, 14, fill, opacity, stroke=MUTED))
        parts.append(text(left - 28, y + 12, label, anchor="start"))
    parts.append(text(left - 50, legend_y + 74, "HBM never holds the n x n matrix", anchor="start", fill=MUTED))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES["flash-attention-tiling.svg"] = flash_attention_tiling
