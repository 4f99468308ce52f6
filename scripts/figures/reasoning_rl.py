"""Figures of chapter 16 (part b): the DeepSeek-R1 pipeline and forward vs reverse KL in distillation."""
from __future__ import annotations

import math
from xml.sax.saxutils import escape

from .style import ACCENT, HEAT, INK, MASKED, MUTED, svg_open



def _text(x: float, y: float, s: str, fill: str = INK, size: int = 12, anchor: str = "start",
          bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" font-size="{size}"{weight} '
            f'xml:space="preserve">{escape(s)}</text>')


def _box(x: float, y: float, w: float, h: float, title: str, lines: list[str], colour: str,
         dashed: bool = False) -> list[str]:
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    parts = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="7" fill="none" stroke="{colour}" '
             f'stroke-width="1.8"{dash}/>',
             _text(x + 8, y + 17, title, fill=colour, size=13, bold=True)]
    for k, line in enumerate(lines):
        parts.append(_text(x + 8, y + 34 + 15 * k, line))
    return parts


def _arrow(x0: float, y0: float, x1: float, y1: float, colour: str = MUTED, dashed: bool = False) -> list[str]:
    """A straight arrow from (x0, y0) to (x1, y1) with a small head at the end."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    bx, by = x1 - 8 * ux, y1 - 8 * uy                      # base of the head
    px, py = -uy * 5, ux * 5                                # half-width of the head
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return [f'<line x1="{x0}" y1="{y0}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{colour}" stroke-width="1.6"{dash}/>',
            f'<polygon points="{bx + px:.1f},{by + py:.1f} {bx - px:.1f},{by - py:.1f} {x1},{y1}" '
            f'fill="{colour}"/>']


def r1_pipeline() -> str:
    """DeepSeek-R1 (arXiv 2501.12948, Sec. 2.2-2.4): the R1-Zero branch, R1's four stages and distillation."""
    width, height = 400, 590
    parts = [svg_open(width, height, 12)]
    # the shared base model
    parts += _box(10, 8, 380, 40, "DeepSeek-V3-Base", [], INK)
    parts.append(_text(378, 25, "671B MoE, 37B active", fill=MUTED, anchor="end"))

    # left column: R1-Zero, then the distilled models
    lx, lw = 10, 150
    parts += _box(lx, 80, lw, 160, "R1-Zero", [
        "no SFT at all",
        "GRPO on the base",
        "rule rewards only:",
        "  accuracy + format",
        "  (<think> tags)",
        "AIME'24 pass@1",
        "  15.6% -> 71.0%",
        "  (cons@64: 86.7%)",
    ], ACCENT)
    parts.append(_text(lx + 4, 258, "problems: poor", fill=MUTED))
    parts.append(_text(lx + 4, 273, "readability,", fill=MUTED))
    parts.append(_text(lx + 4, 288, "language mixing", fill=MUTED))
    parts += _arrow(60, 48, 60, 80)

    # right column: the four stages of R1
    rx, rw = 178, 212
    stages = [
        ("1 Cold-start SFT", ["thousands of long-CoT", "samples, readable format:", "reasoning + summary"], HEAT),
        ("2 Reasoning RL", ["GRPO, rule rewards", "+ language-consistency", "reward (target-lang ratio)"], ACCENT),
        ("3 Rejection-sampling SFT", ["~600k reasoning (correct", "only) + ~200k non-reason.", "~800k, 2 epochs, from Base"], HEAT),
        ("4 All-scenario RL", ["rules for math/code/logic,", "reward models for", "helpfulness + harmlessness"], ACCENT),
    ]
    y, h, gap = 80, 80, 24
    tops = []
    for title, lines, colour in stages:
        parts += _box(rx, y, rw, h, title, lines, colour)
        tops.append(y)
        y += h + gap
    for top in tops[:-1]:
        parts += _arrow(rx + rw / 2, top + h, rx + rw / 2, top + h + gap)
    parts += _arrow(rx + rw / 2, 48, rx + rw / 2, 80)
    # stage 2 checkpoint feeds the rejection sampling of stage 3
    parts.append(_text(rx + rw / 2 + 8, tops[1] + h + 16, "sample from ckpt", fill=MUTED))
    out_y = tops[-1] + h + gap
    parts += _arrow(rx + rw / 2, tops[-1] + h, rx + rw / 2, out_y)
    parts += _box(rx, out_y, rw, 40, "DeepSeek-R1", [], INK)
    parts.append(_text(rx + rw - 8, out_y + 17, "AIME'24 79.8%", fill=MUTED, anchor="end"))
    parts.append(_text(rx + 8, out_y + 33, "~ OpenAI-o1-1217", fill=MUTED))

    # R1-Zero outputs are one source of cold-start data
    parts += _arrow(lx + lw, 110, rx, 110, dashed=True)

    # distillation: the same ~800k samples, SFT only
    dy = 330
    parts += _box(lx, dy, lw, 210, "Distillation", [
        "same ~800k samples",
        "SFT only, no RL",
        "Qwen2.5-Math:",
        "  1.5B, 7B",
        "Qwen2.5: 14B, 32B",
        "Llama-3.1-8B",
        "Llama-3.3-70B-Inst.",
        "Distill-Qwen-32B:",
        "  AIME'24 72.6%",
        "  (RL-only 32B: 47.0%)",
    ], HEAT, dashed=True)
    parts += _arrow(rx, tops[2] + 50, lx + lw, dy + 30, dashed=True)
    parts.append(_text(width / 2, height - 26, "solid: training flow", fill=MUTED, anchor="middle"))
    parts.append(_text(width / 2, height - 10, "dashed: data reused (R1-Zero -> cold start, 800k -> distill)",
                       fill=MUTED, anchor="middle"))
    parts.append("</svg>")
    return "\n".join(p for p in parts if p) + "\n"


def _mixture(x: float) -> float:
    """Bimodal target: equal mixture of N(-2.5, 0.7^2) and N(2.5, 0.7^2)."""
    def gauss(m: float, s: float) -> float:
        return math.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))
    return 0.5 * gauss(-2.5, 0.7) + 0.5 * gauss(2.5, 0.7)


def _fit(grid: list[float], direction: str) -> tuple[float, float]:
    """Best single Gaussian q(mu, sigma) for KL(p||q) ('forward') or KL(q||p) ('reverse'), by grid search."""
    dx = grid[1] - grid[0]
    p = [_mixture(x) for x in grid]
    best, arg = float("inf"), (0.0, 1.0)
    for i in range(-60, 61):
        mu = i * 0.05
        for j in range(1, 81):
            sigma = j * 0.05
            q = [math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi)) for x in grid]
            if direction == "forward":
                kl = sum(pi * math.log(pi / max(qi, 1e-300)) for pi, qi in zip(p, q) if pi > 1e-12) * dx
            else:
                kl = sum(qi * math.log(qi / max(pi, 1e-300)) for pi, qi in zip(p, q) if qi > 1e-12) * dx
            if kl < best:
                best, arg = kl, (mu, sigma)
    return arg


def kd_forward_reverse_kl() -> str:
    """Fitting one Gaussian to a bimodal target: forward KL covers both modes, reverse KL picks one."""
    width, height = 400, 300
    left, right, top, bottom = 20, 385, 64, 252
    grid = [-6 + 0.1 * k for k in range(121)]
    fits = {"forward": _fit(grid, "forward"), "reverse": _fit(grid, "reverse")}
    ymax = 0.6

    def sx(x: float) -> float:
        return left + (x + 6) / 12 * (right - left)

    def sy(v: float) -> float:
        return bottom - v / ymax * (bottom - top)

    def path(values: list[float]) -> str:
        return " ".join(f"{'M' if k == 0 else 'L'}{sx(x):.1f},{sy(v):.1f}" for k, (x, v) in enumerate(zip(grid, values)))

    parts = [svg_open(width, height, 12)]
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    for x in (-4, -2, 0, 2, 4):
        parts.append(_text(sx(x), bottom + 16, str(x), fill=MUTED, anchor="middle"))
    p = [_mixture(x) for x in grid]
    parts.append(f'<path d="{path(p)} L{sx(6):.1f},{sy(0):.1f} L{sx(-6):.1f},{sy(0):.1f} Z" fill="{MASKED}" '
                 f'stroke="{INK}" stroke-width="1.5"/>')
    styles = {"forward": (HEAT, ""), "reverse": (ACCENT, ' stroke-dasharray="6 4"')}
    for name, (mu, sigma) in fits.items():
        colour, dash = styles[name]
        q = [math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi)) for x in grid]
        parts.append(f'<path d="{path(q)}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
    fmu, fsig = fits["forward"]
    rmu, rsig = fits["reverse"]
    parts.append(_text(left, 16, "grey: teacher p (two modes)", fill=INK))
    parts.append(_text(left, 32, f"blue: argmin KL(p||q)  mu={fmu:.1f}, sigma={fsig:.2f}", fill=HEAT))
    parts.append(_text(left, 48, f"red dashed: argmin KL(q||p)  mu={rmu:.1f}, sigma={rsig:.2f}", fill=ACCENT))
    parts.append(_text(width / 2, height - 12, "forward = mass-covering, reverse = mode-seeking", fill=MUTED,
                       anchor="middle"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"r1-training-pipeline.svg": r1_pipeline, "kd-forward-reverse-kl.svg": kd_forward_reverse_kl}
