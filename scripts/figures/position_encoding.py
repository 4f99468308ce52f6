"""Figures of chapter 02: position encoding and long context."""
from __future__ import annotations

import math

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED, matrix_axes, plot_frame

PAIR_AXIS_TITLE = "pair index i (high frequency → low frequency)"


def pair_ticks(x_of) -> list[tuple[float, str]]:
    return [(x_of(i), str(i)) for i in (0, 16, 32, 48, 63)]

HEAD_DIM = 128


def _theta(base: float, d: int = HEAD_DIM) -> list[float]:
    return [base ** (-2 * i / d) for i in range(d // 2)]


def _svg_open(width: int, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" {FONT} font-size="13">')


def _polyline(points: list[tuple[float, float]], colour: str, dash: str = "", width: float = 2) -> str:
    pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}"{extra}/>'


def rope_wavelengths() -> str:
    """Wavelength 2*pi/theta_i of each RoPE dimension pair (log scale), base 1e4 vs 5e5, against context lengths."""
    width, height = 400, 290
    left, right, top, bottom = 52, 380, 34, 240
    y_min, y_max = 0, 7                                  # log10 wavelength
    n_pairs = HEAD_DIM // 2

    def x_of(i: float) -> float:
        return left + (right - left) * i / (n_pairs - 1)

    def y_of(log_w: float) -> float:
        return bottom - (bottom - top) * (log_w - y_min) / (y_max - y_min)

    parts = [_svg_open(width, height),
             f'<text x="{(left + right) / 2}" y="18" text-anchor="middle" fill="{INK}" font-size="14">'
             'RoPE wavelength per dimension pair (d = 128)</text>']
    parts += plot_frame(left, right, top, bottom, [(y_of(e), f"1e{e}") for e in range(y_min, y_max + 1)],
                        pair_ticks(x_of), PAIR_AXIS_TITLE)
    for length, label in ((4096, "4K"), (131072, "128K")):
        y = y_of(math.log10(length))
        parts.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{ACCENT}" '
                     'stroke-dasharray="5 4" stroke-width="1.5"/>')
        parts.append(f'<text x="{left + 6}" y="{y - 5}" fill="{ACCENT}">context {label}</text>')
    for base, colour, dash, label, dy in ((1e4, HEAT, "", "base 10,000", 22), (5e5, INK, "6 3", "base 500,000", -8)):
        pts = [(x_of(i), y_of(math.log10(2 * math.pi / t))) for i, t in enumerate(_theta(base))]
        parts.append(_polyline(pts, colour, dash))
        lx, ly = pts[-1]
        parts.append(f'<text x="{lx - 4}" y="{ly + dy}" text-anchor="end" fill="{colour}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def rope_scaling_ratio(train_len: int = 4096, s: float = 8.0) -> str:
    """Per-pair frequency ratio theta'/theta for PI, NTK-aware and YaRN (NTK-by-parts) at scale s."""
    d, base = HEAD_DIM, 1e4
    theta = _theta(base, d)
    ntk_base = base * s ** (d / (d - 2))
    curves = {
        "PI": [1 / s] * len(theta),
        "NTK-aware": [(ntk_base ** (-2 * i / d)) / t for i, t in enumerate(theta)],
    }
    yarn = []
    for t in theta:
        r = train_len * t / (2 * math.pi)
        gamma = min(1.0, max(0.0, (r - 1) / (32 - 1)))
        yarn.append((1 - gamma) / s + gamma)
    curves["YaRN"] = yarn

    width, height = 400, 290
    left, right, top, bottom = 46, 380, 34, 236
    n_pairs = len(theta)

    def x_of(i: float) -> float:
        return left + (right - left) * i / (n_pairs - 1)

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * v

    parts = [_svg_open(width, height),
             f'<text x="{(left + right) / 2}" y="18" text-anchor="middle" fill="{INK}" font-size="14">'
             f"theta' / theta per pair (4K → 32K, s = {s:g})</text>"]
    parts += plot_frame(left, right, top, bottom, [(y_of(v), f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1.0)],
                        pair_ticks(x_of), PAIR_AXIS_TITLE)
    styles = {"PI": (ACCENT, "6 3"), "NTK-aware": (MUTED, ""), "YaRN": (HEAT, "")}
    for row, (name, values) in enumerate(curves.items()):
        colour, dash = styles[name]
        parts.append(_polyline([(x_of(i), y_of(v)) for i, v in enumerate(values)], colour, dash, 2.5))
        ly = top + 110 + 18 * row
        parts.append(_polyline([(left + 14, ly - 4), (left + 40, ly - 4)], colour, dash, 2.5))
        parts.append(f'<text x="{left + 46}" y="{ly}" fill="{colour}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def alibi_bias(n: int = 7, cell: int = 40) -> str:
    """ALiBi bias before multiplying by the head slope: -(i - j) for j <= i, masked above the diagonal."""
    left, top = 64, 56
    width, height = left + n * cell + 20, top + n * cell + 64
    parts = [_svg_open(width, height)]
    parts += matrix_axes(left, top, n, cell, font_size=14, label_gap=10)
    for i in range(n):
        for j in range(n):
            x, y = left + j * cell, top + i * cell
            if j <= i:
                fill = f'{HEAT}" fill-opacity="{0.1 + 0.8 * (i - j) / (n - 1):.2f}'
                label, colour = ("0" if i == j else f"-{i - j}"), INK
            else:
                fill, label, colour = MASKED, "", MUTED
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                         f'stroke="{INK}" stroke-width="1"/>')
            if label:
                parts.append(f'<text x="{x + cell / 2}" y="{y + cell / 2 + 5}" text-anchor="middle" '
                             f'fill="{colour}">{label}</text>')
    parts.append(f'<text x="{left}" y="{height - 34}" fill="{INK}">bias = m_h × (j − i); grey = causal mask</text>')
    parts.append(f'<text x="{left}" y="{height - 14}" fill="{MUTED}">8 heads: m_h = 1/2, 1/4, ..., 1/256</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {
    "rope-wavelengths.svg": rope_wavelengths,
    "rope-scaling-ratio.svg": rope_scaling_ratio,
    "alibi-bias.svg": alibi_bias,
}
