"""Figures of chapter 18: multimodal large models (visual tokens, diffusion, flow matching)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED


def _open(width: int, height: int) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" {FONT} font-size="13">',
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker>'
            '<marker id="arrow-accent" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{ACCENT}"/></marker></defs>']


def _text(x: float, y: float, s: str, anchor: str = "middle", fill: str = INK, size: int = 13) -> str:
    return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">'
            f'{escape(s)}</text>')


def qwen2vl_token_merge() -> str:
    """A 112x112 image: 8x8 ViT patches of 14 px, every 2x2 block merged by an MLP into one LLM token."""
    width, height = 400, 270
    parts = _open(width, height)
    n, cell, left, top = 8, 18, 20, 50
    parts.append(_text(left + n * cell / 2, 22, "ViT: 14×14 px patches", size=13))
    parts.append(_text(left + n * cell / 2, 40, "8 × 8 = 64 patches", fill=MUTED, size=12))
    for i in range(n):
        for j in range(n):
            shade = 0.55 if (i // 2 + j // 2) % 2 == 0 else 0.2
            parts.append(f'<rect x="{left + j * cell}" y="{top + i * cell}" width="{cell}" height="{cell}" '
                         f'fill="{HEAT}" fill-opacity="{shade}" stroke="{INK}" stroke-width="0.6"/>')
    for k in range(0, n + 1, 2):             # thick lines around every 2x2 group
        parts.append(f'<line x1="{left + k * cell}" y1="{top}" x2="{left + k * cell}" y2="{top + n * cell}" '
                     f'stroke="{INK}" stroke-width="2"/>')
        parts.append(f'<line x1="{left}" y1="{top + k * cell}" x2="{left + n * cell}" y2="{top + k * cell}" '
                     f'stroke="{INK}" stroke-width="2"/>')
    mid_y = top + n * cell / 2
    parts.append(f'<line x1="{left + n * cell + 10}" y1="{mid_y}" x2="{left + n * cell + 74}" y2="{mid_y}" '
                 f'stroke="{INK}" stroke-width="1.5" marker-end="url(#arrow)"/>')
    parts.append(_text(left + n * cell + 42, mid_y - 22, "2×2 merge", size=12))
    parts.append(_text(left + n * cell + 42, mid_y - 8, "+ MLP", size=12))
    m, big = 4, 30
    left2 = 258
    top2 = top + (n * cell - m * big) / 2
    parts.append(_text(left2 + m * big / 2, 22, "LLM: 1 token / 28 px", size=13))
    parts.append(_text(left2 + m * big / 2, 40, "4 × 4 = 16 tokens", fill=MUTED, size=12))
    for i in range(m):
        for j in range(m):
            shade = 0.55 if (i + j) % 2 == 0 else 0.2
            parts.append(f'<rect x="{left2 + j * big}" y="{top2 + i * big}" width="{big}" height="{big}" '
                         f'fill="{HEAT}" fill-opacity="{shade}" stroke="{INK}" stroke-width="2"/>')
    parts.append(_text(width / 2, 222, "tokens = (H/28)·(W/28)  (Qwen2-VL, patch 14)", size=13))
    parts.append(_text(width / 2, 244, "224×224: 256 patches → 64 tokens, +2 special = 66",
                       fill=ACCENT, size=12))
    parts.append(_text(width / 2, 262, "LLaVA-1.5 (no merge): 336×336 → 24×24 = 576", fill=MUTED, size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _sub(base: str, sub: str, x: float, y: float, fill: str = INK) -> str:
    return (f'<text x="{x}" y="{y}" text-anchor="middle" fill="{fill}" font-size="15">{escape(base)}'
            f'<tspan font-size="12" dy="4">{escape(sub)}</tspan></text>')


def ddpm_chain() -> str:
    """DDPM: fixed forward chain q (top), learned reverse chain p_theta (bottom), closed-form jump q(x_t | x_0)."""
    width, height = 400, 230
    parts = _open(width, height)
    xs = [40, 150, 250, 360]
    labels = [("x", "0"), ("x", "t-1"), ("x", "t"), ("x", "T")]
    cy = 120
    for x, (b, s) in zip(xs, labels):
        parts.append(f'<circle cx="{x}" cy="{cy}" r="22" fill="{HEAT}" fill-opacity="0.18" stroke="{INK}"/>')
        parts.append(_sub(b, s, x - 3, cy + 4))
    parts.append(_text(95, cy + 5, "…", fill=MUTED, size=16))
    parts.append(_text(305, cy + 5, "…", fill=MUTED, size=16))
    # forward one step (top) and reverse one step (bottom) between x_{t-1} and x_t
    parts.append(f'<path d="M 168 104 Q 200 84 232 104" fill="none" stroke="{INK}" stroke-width="1.5" '
                 'marker-end="url(#arrow)"/>')
    parts.append(_text(200, 80, "q: add noise β_t", size=12))
    parts.append(f'<path d="M 232 136 Q 200 156 168 136" fill="none" stroke="{ACCENT}" stroke-width="1.5" '
                 'marker-end="url(#arrow-accent)"/>')
    parts.append(_text(200, 170, "p_θ: denoise (learned)", fill=ACCENT, size=12))
    # closed-form jump x_0 -> x_t
    parts.append(f'<path d="M 52 100 Q 150 -30 244 98" fill="none" stroke="{INK}" stroke-width="1.2" '
                 'stroke-dasharray="5 4" marker-end="url(#arrow)"/>')
    parts.append(_text(150, 22, "q(x_t | x_0): one jump, closed form", size=12))
    parts.append(_text(360, 162, "N(0, I)", fill=MUTED, size=12))
    parts.append(_text(40, 162, "data", fill=MUTED, size=12))
    parts.append(_text(width / 2, 198, "x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε", size=13))
    parts.append(_text(width / 2, 220, "train: random t, regress ε;  T = 1000", fill=MUTED, size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def flow_vs_diffusion() -> str:
    """Curved, non-crossing ODE trajectories (diffusion / 1-rectified flow) vs straight ones after reflow."""
    width, height = 400, 262
    parts = _open(width, height)
    panels = [(10, "diffusion / 1-RF: curved", True), (205, "after reflow: straight", False)]
    pw, top, bottom = 185, 40, 200
    starts = [70, 95, 120, 145, 170]          # noise samples at t = 0
    ends = [60, 70, 170, 176, 182]            # two data modes at t = 1; the ODE keeps the order (no crossing)
    mean = 120
    for left, title, curved in panels:
        parts.append(_text(left + pw / 2, 22, title, size=13))
        parts.append(f'<rect x="{left}" y="{top - 8}" width="{pw}" height="{bottom - top + 16}" fill="none" '
                     f'stroke="{MASKED}" stroke-width="1.5"/>')
        x0, x1 = left + 16, left + pw - 16
        for y0, y1 in zip(starts, ends):
            if curved:                       # first drift toward the data mean, then split to a mode
                c1y = y0 + 0.6 * (mean - y0)
                c2y = mean + 0.2 * (y1 - mean)
                d = f"M {x0} {y0} C {x0 + 0.35 * (x1 - x0)} {c1y} {x0 + 0.55 * (x1 - x0)} {c2y} {x1} {y1}"
            else:
                d = f"M {x0} {y0} L {x1} {y1}"
            parts.append(f'<path d="{d}" fill="none" stroke="{HEAT}" stroke-width="1.6"/>')
            parts.append(f'<circle cx="{x0}" cy="{y0}" r="3.5" fill="{MUTED}"/>')
            parts.append(f'<circle cx="{x1}" cy="{y1}" r="3.5" fill="{INK}"/>')
        if curved:                           # one big Euler step follows the initial tangent: toward the mean
            parts.append(f'<line x1="{x0}" y1="{starts[0]}" x2="{x1 - 4}" y2="{mean - 4}" stroke="{ACCENT}" '
                         'stroke-width="1.6" stroke-dasharray="5 4" marker-end="url(#arrow-accent)"/>')
        parts.append(_text(x0, bottom + 24, "noise t=0", anchor="start", fill=MUTED, size=12))
        parts.append(_text(x1, bottom + 24, "data t=1", anchor="end", fill=MUTED, size=12))
    parts.append(_text(width / 2, 248, "dashed: 1 Euler step on a curved flow lands near the mean",
                       fill=ACCENT, size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"mllm-qwen2vl-token-merge.svg": qwen2vl_token_merge,
           "mllm-ddpm-chain.svg": ddpm_chain,
           "mllm-flow-vs-diffusion.svg": flow_vs_diffusion}
