"""Figures of chapter 04: pre-training and SFT."""
from __future__ import annotations

import math

from .style import ACCENT, HEAT, INK, MUTED


def lr_at(step: int, total: int, warmup: int, peak: float = 1.0, floor: float = 0.1) -> float:
    """Linear warm-up to `peak`, then cosine decay to `floor * peak` at `total`."""
    if step < warmup:
        return peak * step / warmup
    progress = min(1.0, (step - warmup) / (total - warmup))
    return floor * peak + 0.5 * (peak - floor * peak) * (1 + math.cos(math.pi * progress))


def wsd_at(step: int, total: int, warmup: int, decay_frac: float = 0.2, floor: float = 0.1) -> float:
    """Warmup-Stable-Decay: constant plateau, then a short linear decay at the end."""
    decay_start = total - int(decay_frac * total)
    if step < warmup:
        return step / warmup
    if step < decay_start:
        return 1.0
    return 1.0 - (1.0 - floor) * (step - decay_start) / (total - decay_start)


def lr_schedule() -> str:
    total, warmup = 1000, 60
    left, top, w, h = 52, 30, 320, 170
    width, height = left + w + 20, top + h + 62

    def xy(step: int, value: float) -> tuple[float, float]:
        return left + w * step / total, top + h * (1 - value)

    def path(fn) -> str:
        pts = [xy(s, fn(s, total, warmup)) for s in range(0, total + 1, 5)]
        return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in pts)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family="Helvetica, Arial, sans-serif" font-size="13">']
    # axes and guide lines
    parts.append(f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + h}" stroke="{INK}"/>')
    for value, label in ((1.0, "peak"), (0.1, "10%")):
        y = xy(0, value)[1]
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + w}" y2="{y:.1f}" stroke="{MUTED}" '
                     'stroke-dasharray="3,4"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{label}</text>')
    xw = xy(warmup, 0)[0]
    parts.append(f'<line x1="{xw:.1f}" y1="{top}" x2="{xw:.1f}" y2="{top + h}" stroke="{MUTED}" '
                 'stroke-dasharray="3,4"/>')
    parts.append(f'<text x="{xw + 6:.1f}" y="{top + h / 2 + 40}" fill="{MUTED}">warm-up ends</text>')
    # curves
    parts.append(f'<path d="{path(wsd_at)}" fill="none" stroke="{ACCENT}" stroke-width="2" '
                 'stroke-dasharray="7,4"/>')
    parts.append(f'<path d="{path(lr_at)}" fill="none" stroke="{HEAT}" stroke-width="2.5"/>')
    # labels
    parts.append(f'<text x="{left + w / 2}" y="{top + h + 22}" text-anchor="middle" fill="{INK}">'
                 'training step →</text>')
    parts.append(f'<text x="16" y="{top + h / 2}" text-anchor="middle" fill="{INK}" '
                 f'transform="rotate(-90 16 {top + h / 2})">learning rate</text>')
    ly = top + h + 44
    parts.append(f'<line x1="{left}" y1="{ly - 4}" x2="{left + 24}" y2="{ly - 4}" stroke="{HEAT}" stroke-width="2.5"/>')
    parts.append(f'<text x="{left + 30}" y="{ly}" fill="{INK}">warm-up + cosine</text>')
    parts.append(f'<line x1="{left + 160}" y1="{ly - 4}" x2="{left + 184}" y2="{ly - 4}" stroke="{ACCENT}" '
                 'stroke-width="2" stroke-dasharray="7,4"/>')
    parts.append(f'<text x="{left + 190}" y="{ly}" fill="{INK}">WSD</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def float_formats() -> str:
    """Bit layouts of fp32, fp16 and bf16, one box per bit."""
    rows = [("fp32", 1, 8, 23), ("fp16", 1, 5, 10), ("bf16", 1, 8, 7)]
    left, top, bit, row_h = 48, 34, 10, 46
    width = left + 32 * bit + 20
    height = top + len(rows) * row_h + 22
    fills = {"sign": ACCENT, "exponent": HEAT, "mantissa": MUTED}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family="Helvetica, Arial, sans-serif" font-size="12">']
    for r, (name, s, e, m) in enumerate(rows):
        y = top + r * row_h
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="{INK}" font-size="13">{name}</text>')
        parts.append(f'<text x="{left + bit / 2}" y="{y + 34}" text-anchor="middle" fill="{INK}">S</text>')
        x = left
        for kind, count in (("sign", s), ("exponent", e), ("mantissa", m)):
            for _ in range(count):
                parts.append(f'<rect x="{x}" y="{y}" width="{bit}" height="20" fill="{fills[kind]}" '
                             f'fill-opacity="0.55" stroke="{INK}" stroke-width="0.6"/>')
                x += bit
        seg_x = left + bit
        parts.append(f'<text x="{seg_x + e * bit / 2}" y="{y + 34}" text-anchor="middle" fill="{INK}">exp {e}</text>')
        seg_x += e * bit
        parts.append(f'<text x="{seg_x + m * bit / 2}" y="{y + 34}" text-anchor="middle" fill="{INK}">mantissa {m}</text>')
    parts.append(f'<text x="{left}" y="{top - 12}" fill="{MUTED}">S = sign bit, then exponent, then mantissa</text>')
    parts.append(f'<text x="{left}" y="{height - 10}" fill="{INK}">bf16: fp32 range, less precision</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"lr-warmup-cosine.svg": lr_schedule, "float-formats.svg": float_formats}
