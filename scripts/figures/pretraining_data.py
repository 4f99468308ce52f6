"""Figures of chapter 17 (data and continued pre-training): the CPT learning-rate recipe and the stability gap."""
from __future__ import annotations

import math

from .style import ACCENT, HEAT, INK, MASKED, MUTED, svg_open, svg_text

LEFT, RIGHT = 50, 388
SPLIT = 0.56          # fraction of the x axis where continued pre-training (CPT) starts


def _cosine(u: float, peak: float, floor: float) -> float:
    return floor + 0.5 * (peak - floor) * (1 + math.cos(math.pi * min(1.0, max(0.0, u))))


def lr_cosine_then_cpt(x: float) -> float:
    """Pre-training: warm-up + cosine to 10 %; CPT: re-warm to 0.5 and re-decay to 5 %."""
    if x < 0.04:
        return x / 0.04
    if x < SPLIT:
        return _cosine((x - 0.04) / (SPLIT - 0.04), 1.0, 0.1)
    if x < SPLIT + 0.05:
        return 0.1 + 0.4 * (x - SPLIT) / 0.05
    return _cosine((x - SPLIT - 0.05) / (1 - SPLIT - 0.05), 0.5, 0.05)


def lr_wsd(x: float) -> float:
    """WSD: the plateau simply continues through CPT; one short (1 - sqrt) cool-down at the end."""
    if x < 0.04:
        return x / 0.04
    if x < 0.86:
        return 1.0
    return 1.0 - 0.95 * math.sqrt((x - 0.86) / 0.14)


def lr_wsd_branch(x: float) -> float:
    """The short decay branch that released the pre-trained model (off the plateau at SPLIT)."""
    return 1.0 - 0.95 * math.sqrt(min(1.0, (x - SPLIT + 0.1) / 0.1))


def loss_general(x: float) -> float:
    """Schematic loss on the old (general) distribution: a bump at the CPT start, then partial recovery."""
    base = 0.25 + 0.6 * math.exp(-x / 0.12)
    if x < SPLIT:
        return base
    t = x - SPLIT
    return base + 0.28 * (t / 0.03) * math.exp(1 - t / 0.03) + 0.05 * (1 - math.exp(-t / 0.1))


def loss_domain(x: float) -> float:
    """Schematic loss on the new domain: it rises briefly too, then falls below its old level."""
    base = 0.45 + 0.45 * math.exp(-x / 0.12)
    if x < SPLIT:
        return base
    t = x - SPLIT
    return base + 0.12 * (t / 0.025) * math.exp(1 - t / 0.025) - 0.3 * (1 - math.exp(-t / 0.12))


def _path(fn, top: float, h: float, x0: float = 0.0, x1: float = 1.0, lo: float = 0.0, hi: float = 1.0) -> str:
    pts = []
    n = 240
    for i in range(n + 1):
        x = x0 + (x1 - x0) * i / n
        v = (fn(x) - lo) / (hi - lo)
        pts.append((LEFT + (RIGHT - LEFT) * x, top + h * (1 - v)))
    return "M" + " L".join(f"{px:.1f},{py:.1f}" for px, py in pts)


def cpt_schedule() -> str:
    width, height = 400, 372
    t1, h1 = 30, 110          # learning-rate panel
    t2, h2 = 196, 110         # loss panel
    xs = LEFT + (RIGHT - LEFT) * SPLIT
    parts = [svg_open(width, height, 12)]
    for top, h, title in ((t1, h1, "learning rate"), (t2, h2, "val loss (schematic)")):
        parts.append(f'<line x1="{LEFT}" y1="{top + h}" x2="{RIGHT}" y2="{top + h}" stroke="{INK}"/>')
        parts.append(f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{top + h}" stroke="{INK}"/>')
        parts.append(f'<text x="16" y="{top + h / 2}" text-anchor="middle" fill="{INK}" font-size="12" '
                     f'transform="rotate(-90 16 {top + h / 2})">{title}</text>')
        parts.append(f'<line x1="{xs:.1f}" y1="{top - 4}" x2="{xs:.1f}" y2="{top + h}" stroke="{MUTED}" '
                     'stroke-dasharray="3,4"/>')
    parts.append(svg_text((LEFT + xs) / 2, t1 - 10, "pre-training", fill=MUTED, size=12))
    parts.append(svg_text((xs + RIGHT) / 2, t1 - 10, "continued pre-training", fill=MUTED, size=12))
    # learning-rate curves
    parts.append(f'<path d="{_path(lr_wsd, t1, h1)}" fill="none" stroke="{ACCENT}" stroke-width="2" '
                 'stroke-dasharray="7,4"/>')
    parts.append(f'<path d="{_path(lr_wsd_branch, t1, h1, SPLIT - 0.1, SPLIT)}" fill="none" stroke="{ACCENT}" '
                 'stroke-width="1.5" stroke-dasharray="2,3"/>')
    parts.append(f'<path d="{_path(lr_cosine_then_cpt, t1, h1)}" fill="none" stroke="{HEAT}" stroke-width="2.5"/>')
    parts.append(svg_text(xs + 22, t1 + h1 * 0.42, "re-warm", anchor="start", fill=HEAT, size=12))
    parts.append(svg_text(RIGHT - 4, t1 + h1 * 0.72, "re-decay", anchor="end", fill=HEAT, size=12))
    parts.append(svg_text(xs + 8, t1 + 14, "WSD: resume plateau", anchor="start", fill=ACCENT, size=12))
    # loss curves
    lo, hi = 0.15, 1.0
    parts.append(f'<rect x="{xs:.1f}" y="{t2}" width="{(RIGHT - LEFT) * 0.09:.1f}" height="{h2}" '
                 f'fill="{MASKED}" fill-opacity="0.6"/>')
    parts.append(f'<path d="{_path(loss_general, t2, h2, lo=lo, hi=hi)}" fill="none" stroke="{INK}" '
                 'stroke-width="2"/>')
    parts.append(f'<path d="{_path(loss_domain, t2, h2, lo=lo, hi=hi)}" fill="none" stroke="{HEAT}" '
                 'stroke-width="2" stroke-dasharray="6,3"/>')
    bump_y = t2 + h2 * (1 - (loss_general(SPLIT + 0.03) - lo) / (hi - lo))
    parts.append(svg_text(xs + 34, bump_y - 8, "stability gap", anchor="start", fill=ACCENT, size=12))
    parts.append(svg_text(LEFT + (RIGHT - LEFT) / 2, t2 + h2 + 16, "tokens →", fill=INK, size=12))
    # legend
    ly = height - 4
    parts.append(f'<line x1="{LEFT}" y1="{ly - 28}" x2="{LEFT + 22}" y2="{ly - 28}" stroke="{HEAT}" stroke-width="2.5"/>')
    parts.append(svg_text(LEFT + 27, ly - 24, "cosine, then re-warm + re-decay", anchor="start", size=12))
    parts.append(f'<line x1="{LEFT}" y1="{ly - 10}" x2="{LEFT + 22}" y2="{ly - 10}" stroke="{ACCENT}" stroke-width="2" '
                 'stroke-dasharray="7,4"/>')
    parts.append(svg_text(LEFT + 27, ly - 6, "WSD", anchor="start", size=12))
    parts.append(f'<line x1="{LEFT + 80}" y1="{ly - 10}" x2="{LEFT + 102}" y2="{ly - 10}" stroke="{INK}" stroke-width="2"/>')
    parts.append(svg_text(LEFT + 107, ly - 6, "general", anchor="start", size=12))
    parts.append(f'<line x1="{LEFT + 170}" y1="{ly - 10}" x2="{LEFT + 192}" y2="{ly - 10}" stroke="{HEAT}" '
                 'stroke-width="2" stroke-dasharray="6,3"/>')
    parts.append(svg_text(LEFT + 197, ly - 6, "new domain", anchor="start", size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"pretraining-cpt-schedule.svg": cpt_schedule}
