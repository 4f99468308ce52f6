"""Figures of chapter 17 (pre-training, data and stability): Muon's Newton–Schulz map, metric-made
"emergence", and the layer layouts of linear + full attention hybrids."""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from .style import ACCENT, HEAT, INK, MASKED, MUTED, svg_open, svg_text

NS_COEFFS = (3.4445, -4.7750, 2.0315)        # Keller Jordan's quintic Newton–Schulz coefficients
# The quintic maps [0.68, 1.20] into itself: min over the band is f(1.20) = 0.682, max is f(0.5545) = 1.2024.
NS_BAND = (0.682, 1.202)


def _path(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points)


def ns_map(x: float, steps: int) -> float:
    """What `steps` quintic Newton–Schulz iterations do to one singular value x (of G / ||G||_F)."""
    a, b, c = NS_COEFFS
    for _ in range(steps):
        x = a * x + b * x ** 3 + c * x ** 5
    return x


def muon_newton_schulz() -> str:
    """Singular value in -> singular value out after 1, 2, 3 and 5 iterations, log x axis."""
    width, height = 390, 290
    left, right, top, bottom = 50, 372, 20, 216
    lo, hi = -3.0, 0.0                        # log10 of the input singular value
    y_max = 1.3

    def xy(log_x: float, y: float) -> tuple[float, float]:
        return (left + (right - left) * (log_x - lo) / (hi - lo), bottom - (bottom - top) * y / y_max)

    parts = [svg_open(width, height)]
    # the band every input above ~0.002 ends up in after 5 steps (computed, not quoted)
    y_top, y_bot = xy(lo, NS_BAND[1])[1], xy(lo, NS_BAND[0])[1]
    parts.append(f'<rect x="{left}" y="{y_top:.1f}" width="{right - left}" height="{y_bot - y_top:.1f}" '
                 f'fill="{HEAT}" fill-opacity="0.12"/>')
    for value, label in ((0.0, "0"), (0.5, "0.5"), (NS_BAND[0], "0.68"), (1.0, "1"), (NS_BAND[1], "1.20")):
        y = xy(lo, value)[1]
        dash = ' stroke-dasharray="3,4"' if value in (NS_BAND[0], NS_BAND[1], 1.0) else ""
        stroke = MUTED if dash else MASKED
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{stroke}"'
                     f' stroke-width="1"{dash}/>')
        parts.append(svg_text(left - 6, y + 4, label, anchor="end", fill=MUTED, size=12))
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}"/>')
    for e in (-3, -2, -1, 0):
        x = xy(e, 0)[0]
        parts.append(svg_text(x, bottom + 16, "1" if e == 0 else f"1e{e}", anchor="middle", fill=MUTED, size=12))
    parts.append(svg_text((left + right) / 2, bottom + 34, "input singular value / ||G||_F (log scale)",
                       anchor="middle", size=12))
    styles = [(1, MUTED, "2,3", "1 step"), (2, MUTED, "6,3", "2 steps"), (3, HEAT, "", "3 steps"),
              (5, ACCENT, "", "5 steps")]
    for steps, colour, dash, _ in styles:
        pts = []
        for i in range(241):
            log_x = lo + (hi - lo) * i / 240
            pts.append(xy(log_x, ns_map(10 ** log_x, steps)))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        width_attr = "2.5" if steps == 5 else "1.8"
        parts.append(f'<path d="{_path(pts)}" fill="none" stroke="{colour}" stroke-width="{width_attr}"'
                     f'{dash_attr}/>')
    # legend
    ly = bottom + 56
    for k, (steps, colour, dash, label) in enumerate(styles):
        x = left + k * 82
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="{x}" y1="{ly - 4}" x2="{x + 20}" y2="{ly - 4}" stroke="{colour}" '
                     f'stroke-width="2.2"{dash_attr}/>')
        parts.append(svg_text(x + 25, ly, label, size=12, anchor="start"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def token_accuracy(n_params: float, c: float = 1e8, alpha: float = 0.5) -> float:
    """Per-token probability of the right token when per-token cross-entropy falls as a power law."""
    return math.exp(-((n_params / c) ** -alpha))


def emergence_metric() -> str:
    """Same smooth per-token improvement; exact match over a 10-token answer looks like a sudden jump."""
    width, height = 390, 280
    left, right, top, bottom = 46, 372, 22, 200
    lo, hi = 8.0, 12.0                         # log10 of parameter count
    length = 10

    def xy(log_n: float, y: float) -> tuple[float, float]:
        return left + (right - left) * (log_n - lo) / (hi - lo), bottom - (bottom - top) * y

    parts = [svg_open(width, height)]
    for value in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = xy(lo, value)[1]
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{MASKED}"/>')
        parts.append(svg_text(left - 6, y + 4, f"{value:g}", anchor="end", fill=MUTED, size=12))
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}"/>')
    for e in range(8, 13):
        parts.append(svg_text(xy(e, 0)[0], bottom + 16, f"1e{e}", anchor="middle", fill=MUTED, size=12))
    parts.append(svg_text((left + right) / 2, bottom + 34, "parameters (log scale)", anchor="middle", size=12))
    token_pts, exact_pts = [], []
    for i in range(201):
        log_n = lo + (hi - lo) * i / 200
        p = token_accuracy(10 ** log_n)
        token_pts.append(xy(log_n, p))
        exact_pts.append(xy(log_n, p ** length))
    parts.append(f'<path d="{_path(token_pts)}" fill="none" stroke="{HEAT}" stroke-width="2.5"/>')
    parts.append(f'<path d="{_path(exact_pts)}" fill="none" stroke="{ACCENT}" stroke-width="2.5" '
                 'stroke-dasharray="7,4"/>')
    ly = bottom + 56
    parts.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 22}" y2="{ly - 4}" stroke="{HEAT}" '
                 'stroke-width="2.5"/>')
    parts.append(svg_text(left + 27, ly, "per-token accuracy p", size=12, anchor="start"))
    parts.append(f'<line x1="{left + 168}" y1="{ly - 4}" x2="{left + 190}" y2="{ly - 4}" stroke="{ACCENT}" '
                 'stroke-width="2.5" stroke-dasharray="7,4"/>')
    parts.append(svg_text(left + 195, ly, f"exact match p^{length}", size=12, anchor="start"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def hybrid_layouts() -> str:
    """Eight consecutive layers of four hybrids: which are full attention, which linear / SSM."""
    width, height = 390, 330
    left, cell, gap, row_h = 10, 40, 4, 64
    rows = [("Jamba", "Mamba : attention = 7 : 1", [4]),
            ("MiniMax-01", "lightning : softmax = 7 : 1", [7]),
            ("Qwen3-Next", "Gated DeltaNet : attention = 3 : 1", [3, 7]),
            ("Kimi Linear", "KDA : MLA = 3 : 1", [3, 7])]
    parts = [svg_open(width, height)]
    for r, (name, ratio, full) in enumerate(rows):
        y = 18 + r * row_h
        parts.append(f'<text x="{left}" y="{y}" fill="{INK}" font-size="13">{escape(name)}'
                     f'<tspan fill="{MUTED}" font-size="12">  {escape(ratio)}</tspan></text>')
        for i in range(8):
            x = left + i * (cell + gap)
            if i in full:
                fill, label = f'{ACCENT}" fill-opacity="0.55', "A"
            else:
                fill, label = f'{HEAT}" fill-opacity="0.25', "L"
            parts.append(f'<rect x="{x}" y="{y + 8}" width="{cell}" height="{cell - 10}" fill="{fill}" '
                         f'stroke="{INK}" stroke-width="0.8"/>')
            parts.append(svg_text(x + cell / 2, y + 8 + (cell - 10) / 2 + 5, label, anchor="middle", size=13))
    note_y = 18 + len(rows) * row_h + 4
    parts.append(f'<rect x="{left}" y="{note_y - 11}" width="14" height="14" fill="{ACCENT}" '
                 f'fill-opacity="0.55" stroke="{INK}" stroke-width="0.8"/>')
    parts.append(svg_text(left + 20, note_y, "A = full softmax attention (keeps a KV cache)", size=12,
                          anchor="start"))
    parts.append(f'<rect x="{left}" y="{note_y + 9}" width="14" height="14" fill="{HEAT}" fill-opacity="0.25" '
                 f'stroke="{INK}" stroke-width="0.8"/>')
    parts.append(svg_text(left + 20, note_y + 20, "L = linear attention / SSM (fixed-size state)", size=12,
                          anchor="start"))
    parts.append(svg_text(left, note_y + 42, "schematic: one 8-layer period; MoE FFNs not shown",
                       fill=MUTED, size=12, anchor="start"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {
    "pretraining-muon-ns.svg": muon_newton_schulz,
    "pretraining-emergence-metric.svg": emergence_metric,
    "pretraining-hybrid-layouts.svg": hybrid_layouts,
}
