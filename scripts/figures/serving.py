"""Figures of chapter 19: serving systems, roofline, prefill/decode scheduling."""
from __future__ import annotations

import math

from .style import ACCENT, HEAT, INK, MASKED, MUTED, svg_open, svg_text

# NVIDIA H100 SXM: 989 TFLOPS dense BF16, 3.35 TB/s HBM3 (datasheet)
PEAK_TFLOPS = 989.0
BANDWIDTH_TBS = 3.35




def roofline() -> str:
    """Log-log roofline of an H100 SXM in BF16 with decode (batch 1, 32) and prefill (4096 tokens) points."""
    width, height = 400, 330
    left, right, top, bottom = 56, 386, 40, 262
    x_min, x_max = -1.0, 4.0                    # log10 FLOP/byte
    y_min, y_max = 0.0, 3.3                     # log10 TFLOPS
    ridge = PEAK_TFLOPS / BANDWIDTH_TBS         # ≈ 295 FLOP/byte

    def x_of(log_ai: float) -> float:
        return left + (right - left) * (log_ai - x_min) / (x_max - x_min)

    def y_of(log_tf: float) -> float:
        return bottom - (bottom - top) * (log_tf - y_min) / (y_max - y_min)

    def attainable(ai: float) -> float:
        return min(PEAK_TFLOPS, BANDWIDTH_TBS * ai)

    parts = [svg_open(width, height),
             svg_text((left + right) / 2, 20, "Roofline: H100 SXM, BF16 dense", size=14)]
    for e in range(0, 4):                       # horizontal grid: 1, 10, 100, 1000 TFLOPS
        y = y_of(e)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{MASKED}"/>')
        parts.append(svg_text(left - 6, y + 4, f"{10 ** e:g}", anchor="end", fill=MUTED, size=12))
    for e in range(-1, 5):                      # vertical grid: 0.1 … 10^4 FLOP/byte
        x = x_of(e)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{MASKED}"/>')
        label = {-1: "0.1", 0: "1", 1: "10", 2: "100", 3: "1e3", 4: "1e4"}[e]
        parts.append(svg_text(x, bottom + 16, label, fill=MUTED, size=12))
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(svg_text((left + right) / 2, bottom + 34, "arithmetic intensity (FLOP / byte)", size=13))
    mid = (top + bottom) / 2
    parts.append(f'<text x="16" y="{mid:.1f}" text-anchor="middle" fill="{INK}" font-size="13" '
                 f'transform="rotate(-90 16 {mid:.1f})">attainable TFLOPS</text>')

    # the roof: memory slope up to the ridge, flat compute roof after it
    pts = []
    steps = 60
    start = math.log10(10 ** y_min / BANDWIDTH_TBS)     # where the slope enters the plot (1 TFLOPS)
    for k in range(steps + 1):
        la = start + (x_max - start) * k / steps
        pts.append((x_of(la), y_of(math.log10(attainable(10 ** la)))))
    pts.insert(next(i for i, (x, _) in enumerate(pts) if x > x_of(math.log10(ridge))),
               (x_of(math.log10(ridge)), y_of(math.log10(PEAK_TFLOPS))))
    parts.append('<polyline points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
                 + f'" fill="none" stroke="{INK}" stroke-width="2.5"/>')
    rx, ry = x_of(math.log10(ridge)), y_of(math.log10(PEAK_TFLOPS))
    parts.append(f'<line x1="{rx:.1f}" y1="{ry:.1f}" x2="{rx:.1f}" y2="{bottom}" stroke="{ACCENT}" '
                 'stroke-dasharray="4 3"/>')
    parts.append(f'<circle cx="{rx:.1f}" cy="{ry:.1f}" r="4" fill="{ACCENT}"/>')
    parts.append(svg_text(rx - 6, ry - 8, f"ridge ≈ {ridge:.0f} FLOP/B", anchor="end", fill=ACCENT, size=12))
    parts.append(svg_text(right - 4, ry + 34, "peak 989 TFLOPS", anchor="end", fill=MUTED, size=12))
    sx, sy = x_of(0.45) - 9, y_of(math.log10(attainable(10 ** 0.45))) - 9
    parts.append(f'<text x="{sx:.1f}" y="{sy:.1f}" text-anchor="middle" fill="{MUTED}" font-size="12" '
                 f'transform="rotate(-45 {sx:.1f} {sy:.1f})">3.35 TB/s × AI</text>')

    # workload points: a BF16 linear layer reads 2 bytes per weight and does 2 FLOPs per weight per token
    points = [(1, "decode, batch 1", HEAT, "start", 8, 16),
              (32, "decode, batch 32", HEAT, "start", 8, 16),
              (4096, "prefill 4K tok", ACCENT, "end", 20, 18)]
    for ai, label, colour, anchor, dx, dy in points:
        x, y = x_of(math.log10(ai)), y_of(math.log10(attainable(ai)))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}" stroke="{INK}"/>')
        parts.append(svg_text(min(x + dx, right - 4) if anchor == "end" else x + dx, y + dy, label, anchor=anchor,
                           fill=colour, size=12, weight="bold"))
    parts.append(svg_text(left + 8, top + 44, "← memory-bound", anchor="start", fill=MUTED, size=12))
    parts.append(svg_text(right - 4, bottom - 8, "compute-bound →", anchor="end", fill=MUTED, size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def pd_disaggregation() -> str:
    """Colocated serving (one pool interleaving prefill and decode) vs prefill pool → KV transfer → decode pool."""
    width, height = 400, 350
    parts = [svg_open(width, height)]

    def box(x, y, w, h, fill, opacity, label="", colour=INK, size=12):
        out = [f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{fill}" '
               f'fill-opacity="{opacity}" stroke="{INK}" stroke-width="0.8"/>']
        if label:
            out.append(svg_text(x + w / 2, y + h / 2 + 4, label, fill=colour, size=size))
        return out

    # panel 1: colocated; one GPU timeline, long prefills (P) stall the decode steps (d)
    parts.append(svg_text(12, 22, "(a) colocated: one GPU pool", anchor="start", size=14, weight="bold"))
    x0, y0, unit, h = 20, 40, 12, 30
    seq = ["d", "d", "d", "P", "d", "d", "P", "d", "d", "d"]
    x = x0
    for kind in seq:
        w = unit * (5 if kind == "P" else 1.5)
        if kind == "P":
            parts += box(x, y0, w, h, ACCENT, 0.35, "prefill")
        else:
            parts += box(x, y0, w, h, HEAT, 0.35, "d")
        x += w
    parts.append(f'<line x1="{x0}" y1="{y0 + h + 8}" x2="{x:.1f}" y2="{y0 + h + 8}" stroke="{MUTED}" '
                 'marker-end="url(#arrow)"/>')
    parts.append(svg_text(x + 4, y0 + h + 12, "time", anchor="start", fill=MUTED, size=12))
    parts.append(svg_text(12, y0 + h + 30, "every prefill pauses all running decodes:", anchor="start", size=12))
    parts.append(svg_text(12, y0 + h + 46, "TPOT spikes; TTFT and TPOT share one parallelism", anchor="start",
                       size=12, fill=ACCENT))

    # panel 2: disaggregated
    top2 = 176
    parts.append(svg_text(12, top2, "(b) disaggregated (DistServe, Mooncake)", anchor="start", size=14,
                       weight="bold"))
    py = top2 + 18
    parts += box(14, py, 150, 96, ACCENT, 0.12)
    parts.append(svg_text(89, py + 18, "prefill pool", size=13, weight="bold"))
    for k in range(2):
        parts += box(26 + k * 66, py + 30, 60, 26, ACCENT, 0.35, f"GPU {k}")
    parts.append(svg_text(89, py + 76, "compute-bound", fill=MUTED, size=12))
    parts.append(svg_text(89, py + 90, "TTFT SLO", fill=MUTED, size=12))

    parts += box(236, py, 150, 96, HEAT, 0.12)
    parts.append(svg_text(311, py + 18, "decode pool", size=13, weight="bold"))
    for k in range(2):
        parts += box(248 + k * 66, py + 30, 60, 26, HEAT, 0.35, f"GPU {k}")
    parts.append(svg_text(311, py + 76, "memory-bound", fill=MUTED, size=12))
    parts.append(svg_text(311, py + 90, "big batch, TPOT SLO", fill=MUTED, size=12))

    ay = py + 44
    parts.append(f'<line x1="166" y1="{ay}" x2="232" y2="{ay}" stroke="{INK}" stroke-width="2.5" '
                 'marker-end="url(#arrow)"/>')
    parts.append(svg_text(200, ay - 10, "KV cache", size=12, weight="bold"))
    parts.append(svg_text(200, ay + 18, "RDMA /", size=12, fill=MUTED))
    parts.append(svg_text(200, ay + 32, "NVLink", size=12, fill=MUTED))

    ry = py + 118
    parts.append(svg_text(12, ry, "request → prefill → first token + KV → decode", anchor="start", size=12))
    parts.append(svg_text(12, ry + 18, "cost: KV transfer, P:D ratio to size, 2 pools", anchor="start",
                       size=12, fill=ACCENT))
    parts.append(svg_text(12, ry + 36, "win: no interference; separate TP/PP per phase", anchor="start",
                       size=12, fill=HEAT))
    parts.insert(1, f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
                    f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>'
                    '</marker></defs>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"serving-roofline.svg": roofline, "serving-pd-disaggregation.svg": pd_disaggregation}
