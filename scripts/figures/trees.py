"""Figures of chapter 13 (trees and ensembles)."""
from __future__ import annotations

import math

from .style import ACCENT, FONT, HEAT, INK, MUTED


def _bias2(c: float) -> float:
    return 0.75 * math.exp(-3.5 * c)


def _variance(c: float) -> float:
    return 0.03 + 0.6 * c ** 3


NOISE = 0.12


def bias_variance() -> str:
    """Stylised bias^2, variance, noise and expected test error against model complexity."""
    left, top, w, h = 44, 20, 320, 180
    width, height = left + w + 16, top + h + 70
    y_max = 1.0

    def xy(c: float, v: float) -> tuple[float, float]:
        return left + w * c, top + h * (1 - min(v, y_max) / y_max)

    def path(fn) -> str:
        pts = [xy(i / 100, fn(i / 100)) for i in range(101)]
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)

    total = lambda c: _bias2(c) + _variance(c) + NOISE
    best = min((i / 1000 for i in range(1001)), key=total)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT} font-size="12">']
    parts.append(f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="{INK}"/>')
    bx, by = xy(best, total(best))
    parts.append(f'<line x1="{bx:.1f}" y1="{top}" x2="{bx:.1f}" y2="{top + h}" stroke="{MUTED}" '
                 'stroke-dasharray="3,4"/>')
    parts.append(f'<circle cx="{bx:.1f}" cy="{by:.1f}" r="3.5" fill="{INK}"/>')
    parts.append(f'<text x="{bx:.1f}" y="{top + 12}" text-anchor="middle" fill="{MUTED}">best</text>')
    curves = [
        (lambda c: NOISE, MUTED, "4,4", 1.5, "noise"),
        (_bias2, HEAT, "none", 2.2, "bias^2"),
        (_variance, ACCENT, "none", 2.2, "variance"),
        (total, INK, "none", 2.8, "test error"),
    ]
    for fn, colour, dash, stroke, _ in curves:
        parts.append(f'<path d="{path(fn)}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
                     f'stroke-dasharray="{dash}"/>')
    parts.append(f'<text x="{left + 8}" y="{top + h + 16}" fill="{MUTED}">simple</text>')
    parts.append(f'<text x="{left + w - 4}" y="{top + h + 16}" text-anchor="end" fill="{MUTED}">complex</text>')
    parts.append(f'<text x="{left + w / 2}" y="{top + h + 16}" text-anchor="middle" fill="{INK}">'
                 'model complexity →</text>')
    parts.append(f'<text x="16" y="{top + h / 2}" text-anchor="middle" fill="{INK}" '
                 f'transform="rotate(-90 16 {top + h / 2})">error</text>')
    for k, (_, colour, dash, stroke, label) in enumerate(curves):
        lx = left + (k % 2) * 160
        ly = top + h + 38 + (k // 2) * 20
        parts.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 24}" y2="{ly - 4}" stroke="{colour}" '
                     f'stroke-width="{stroke}" stroke-dasharray="{dash}"/>')
        parts.append(f'<text x="{lx + 30}" y="{ly}" fill="{INK}">{label}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"bias-variance.svg": bias_variance}
