"""Figures of chapter 14: deep-learning basics (activations, L1 vs L2 geometry)."""
from __future__ import annotations

import math

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED


def _gelu(x: float) -> float:
    return 0.5 * x * (1 + math.erf(x / math.sqrt(2)))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# (label, function, derivative, colour, dash pattern)
ACTIVATIONS = [
    ("sigmoid", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)), HEAT, ""),
    ("tanh", math.tanh, lambda x: 1 - math.tanh(x) ** 2, MUTED, "6,3"),
    ("ReLU", lambda x: max(x, 0.0), lambda x: 1.0 if x > 0 else 0.0, INK, ""),
    ("GELU", _gelu, lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2))) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi),
     ACCENT, "2,3"),
]


def activations() -> str:
    left, w, h, gap, top = 44, 300, 130, 46, 34
    x_lo, x_hi = -3.0, 3.0
    panels = [("f(x)", -1.2, 2.2, 1, [-1, 0, 1, 2]), ("f'(x)", -0.2, 1.2, 2, [0, 0.25, 0.5, 1])]
    width, height = left + w + 16, top + 2 * h + gap + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT} font-size="12">']
    # legend
    for k, (label, _, _, colour, dash) in enumerate(ACTIVATIONS):
        x0 = left + k * 76
        parts.append(f'<line x1="{x0}" y1="14" x2="{x0 + 20}" y2="14" stroke="{colour}" stroke-width="2.5" '
                     f'stroke-dasharray="{dash}"/>')
        parts.append(f'<text x="{x0 + 25}" y="18" fill="{INK}">{label}</text>')
    for p, (title, y_lo, y_hi, index, ticks) in enumerate(panels):
        y_top = top + p * (h + gap)

        def xy(x: float, y: float) -> tuple[float, float]:
            return left + w * (x - x_lo) / (x_hi - x_lo), y_top + h * (y_hi - y) / (y_hi - y_lo)

        for t in ticks:
            _, ty = xy(0, t)
            parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + w}" y2="{ty:.1f}" stroke="{MASKED}"/>')
            parts.append(f'<text x="{left - 5}" y="{ty + 4:.1f}" text-anchor="end" fill="{MUTED}">{t:g}</text>')
        x0, _ = xy(0, 0)
        _, y0 = xy(0, 0)
        parts.append(f'<line x1="{left}" y1="{y0:.1f}" x2="{left + w}" y2="{y0:.1f}" stroke="{INK}"/>')
        parts.append(f'<line x1="{x0:.1f}" y1="{y_top}" x2="{x0:.1f}" y2="{y_top + h}" stroke="{INK}"/>')
        parts.append(f'<rect x="{left}" y="{y_top}" width="{w}" height="{h}" fill="none" stroke="{MUTED}"/>')
        for xt in (-3, -2, -1, 1, 2, 3):
            tx, _ = xy(xt, 0)
            parts.append(f'<text x="{tx:.1f}" y="{y_top + h + 14}" text-anchor="middle" fill="{MUTED}">{xt}</text>')
        parts.append(f'<text x="{left + 6}" y="{y_top + 14}" fill="{INK}">{title}</text>')
        for label, fn, dfn, colour, dash in ACTIVATIONS:
            f = fn if index == 1 else dfn
            pts = []
            for i in range(241):
                x = x_lo + (x_hi - x_lo) * i / 240
                y = min(max(f(x), y_lo), y_hi)
                pts.append("%.1f,%.1f" % xy(x, y))
            parts.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{colour}" stroke-width="2" '
                         f'stroke-dasharray="{dash}"/>')
    parts.append(f'<text x="{left + w / 2}" y="{height - 4}" text-anchor="middle" fill="{INK}">x</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def l1_l2_geometry() -> str:
    """Elliptic loss contours around w* touching the L1 diamond (at a vertex) and the L2 disc."""
    w_star, a = (0.6, 1.6), (1.0, 3.0)          # loss a1 (w1 - w1*)^2 + a2 (w2 - w2*)^2
    size, scale, pad, top = 180, 50, 12, 28
    width, height = 2 * size + 3 * pad, top + 212

    def loss(w1: float, w2: float) -> float:
        return a[0] * (w1 - w_star[0]) ** 2 + a[1] * (w2 - w_star[1]) ** 2

    def boundary(kind: str, theta: float) -> tuple[float, float]:
        c, s = math.cos(theta), math.sin(theta)
        r = 1 / (abs(c) + abs(s)) if kind == "L1" else 1.0
        return r * c, r * s

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT} font-size="12">']
    for k, kind in enumerate(("L1", "L2")):
        x_left = pad + k * (size + pad)
        cx, cy = x_left + 1.3 * scale, top + 2.5 * scale

        def xy(w1: float, w2: float) -> tuple[float, float]:
            return cx + scale * w1, cy - scale * w2

        best = min((boundary(kind, 2 * math.pi * i / 20000) for i in range(20000)), key=lambda w: loss(*w))
        level = loss(*best)
        parts.append(f'<text x="{x_left + size / 2}" y="{top - 12}" text-anchor="middle" fill="{INK}" '
                     f'font-size="13">{kind} ball</text>')
        parts.append(f'<line x1="{x_left}" y1="{cy}" x2="{x_left + size}" y2="{cy}" stroke="{MUTED}"/>')
        parts.append(f'<line x1="{cx}" y1="{top}" x2="{cx}" y2="{cy + 1.3 * scale}" stroke="{MUTED}"/>')
        parts.append(f'<text x="{x_left + size}" y="{cy + 14}" text-anchor="end" fill="{MUTED}">w1</text>')
        parts.append(f'<text x="{cx - 5}" y="{top + 8}" text-anchor="end" fill="{MUTED}">w2</text>')
        if kind == "L1":
            pts = " ".join("%.1f,%.1f" % xy(*v) for v in ((1, 0), (0, 1), (-1, 0), (0, -1)))
            parts.append(f'<polygon points="{pts}" fill="{HEAT}" fill-opacity="0.18" stroke="{HEAT}" stroke-width="2"/>')
        else:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{scale}" fill="{HEAT}" fill-opacity="0.18" '
                         f'stroke="{HEAT}" stroke-width="2"/>')
        ex, ey = xy(*w_star)
        for f in (0.25, 0.6, 1.0):
            c = level * f
            parts.append(f'<ellipse cx="{ex:.1f}" cy="{ey:.1f}" rx="{scale * math.sqrt(c / a[0]):.1f}" '
                         f'ry="{scale * math.sqrt(c / a[1]):.1f}" fill="none" stroke="{INK}" '
                         f'stroke-width="{1.8 if f == 1.0 else 1}" stroke-dasharray="{"" if f == 1.0 else "4,3"}"/>')
        parts.append(f'<circle cx="{ex:.1f}" cy="{ey:.1f}" r="3" fill="{INK}"/>')
        parts.append(f'<text x="{ex + 6:.1f}" y="{ey - 4:.1f}" fill="{INK}">w*</text>')
        bx, by = xy(*best)
        parts.append(f'<circle cx="{bx:.1f}" cy="{by:.1f}" r="4.5" fill="{ACCENT}"/>')
        note = "w1 = 0 (sparse)" if kind == "L1" else "w1, w2 != 0"
        parts.append(f'<text x="{x_left + size / 2}" y="{height - 8}" text-anchor="middle" fill="{ACCENT}">'
                     f'{note}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


FIGURES = {
    "dl_activations.svg": activations,
    "dl_l1_l2_geometry.svg": l1_l2_geometry,
}
