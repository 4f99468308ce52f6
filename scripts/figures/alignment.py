"""Figures of chapter 05: alignment (RLHF pipeline, PPO clipped objective)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from .style import ACCENT, FONT, HEAT, INK, MUTED


def _box(x: float, y: float, w: float, h: float, title: str, lines: list[str], colour: str) -> str:
    parts = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="none" stroke="{colour}" stroke-width="2"/>',
             f'<text x="{x + 12}" y="{y + 22}" fill="{colour}" font-size="15" font-weight="bold">{title}</text>']
    for k, line in enumerate(lines):
        parts.append(f'<text x="{x + 12}" y="{y + 44 + 18 * k}" fill="{INK}" font-size="13" xml:space="preserve">{line}</text>')
    return "\n".join(parts)


def _arrow_down(x: float, y0: float, y1: float, label: str = "") -> str:
    parts = [f'<line x1="{x}" y1="{y0}" x2="{x}" y2="{y1 - 8}" stroke="{MUTED}" stroke-width="2"/>',
             f'<polygon points="{x - 6},{y1 - 9} {x + 6},{y1 - 9} {x},{y1}" fill="{MUTED}"/>']
    if label:
        parts.append(f'<text x="{x + 12}" y="{(y0 + y1) / 2 + 5}" fill="{MUTED}" font-size="12">{label}</text>')
    return "\n".join(parts)


def rlhf_pipeline() -> str:
    """InstructGPT's three steps (Ouyang et al., 2022), stacked vertically for a phone screen."""
    width, height = 380, 454
    x, w = 10, 360
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT}>',
             _box(x, 10, w, 104, "Step 1  SFT",
                  ["~13k prompts + labeler-written demos",
                   "fine-tune GPT-3 with next-token CE",
                   "result: pi_SFT (init + reference)"], HEAT),
             _arrow_down(width / 2, 114, 150, "sample K = 4..9 outputs"),
             _box(x, 150, w, 122, "Step 2  Reward model",
                  ["~33k prompts; labelers RANK K outputs",
                   "-> C(K,2) pairs, all in one batch item",
                   "6B RM = SFT model + scalar head",
                   "loss: -log sigmoid(r_w - r_l)"], HEAT),
             _arrow_down(width / 2, 272, 308, "frozen r_phi"),
             _box(x, 308, w, 136, "Step 3  PPO (RL)",
                  ["~31k prompts, no labels; pi_theta samples y",
                   "reward = r_phi(x, y)",
                   "         - beta * log pi_theta(y|x) / pi_SFT(y|x)",
                   "PPO-ptx: + gamma * pretraining log-lik",
                   "steps 2-3 can be iterated"], ACCENT),
             "</svg>"]
    return "\n".join(parts) + "\n"


def ppo_clip_objective() -> str:
    """One term of L^CLIP as a function of the ratio r, for A > 0 and A < 0 (after Schulman et al., 2017, Fig. 1)."""
    eps = 0.2
    pw, ph = 170, 150          # one panel
    gap, left, top = 20, 14, 40
    width, height = left + 2 * pw + gap + 10, top + ph + 58
    r_max = 2.0

    def panel(ox: float, adv: float, title: str) -> list[str]:
        def sx(r: float) -> float:
            return ox + r / r_max * pw

        y_lo, y_hi = (-0.3, 2.1) if adv > 0 else (-2.1, 0.3)

        def sy(v: float) -> float:
            return top + (y_hi - v) / (y_hi - y_lo) * ph

        def clip_term(r: float) -> float:
            return min(r * adv, max(min(r, 1 + eps), 1 - eps) * adv)

        rs = [k * r_max / 200 for k in range(201)]
        pts = " ".join(f"{sx(r):.1f},{sy(clip_term(r)):.1f}" for r in rs)
        unclipped = " ".join(f"{sx(r):.1f},{sy(r * adv):.1f}" for r in (0.0, r_max))
        out = [f'<text x="{ox + pw / 2}" y="{top - 16}" text-anchor="middle" fill="{INK}" font-size="15">{escape(title)}</text>',
               f'<line x1="{ox}" y1="{sy(0)}" x2="{ox + pw}" y2="{sy(0)}" stroke="{MUTED}" stroke-width="1"/>',
               f'<line x1="{ox}" y1="{top}" x2="{ox}" y2="{top + ph}" stroke="{MUTED}" stroke-width="1"/>',
               f'<polyline points="{unclipped}" fill="none" stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="5 4"/>',
               f'<polyline points="{pts}" fill="none" stroke="{HEAT}" stroke-width="3"/>']
        for r, label in ((1 - eps, "0.8"), (1.0, "1"), (1 + eps, "1.2")):
            out.append(f'<line x1="{sx(r)}" y1="{top}" x2="{sx(r)}" y2="{top + ph}" stroke="{MUTED}" '
                       'stroke-width="1" stroke-dasharray="2 3"/>')
            out.append(f'<text x="{sx(r)}" y="{top + ph + 16}" text-anchor="middle" fill="{MUTED}" '
                       f'font-size="11">{label}</text>')
        flat = sx(1 + eps) if adv > 0 else sx(0.1)
        flat_y = sy((1 + eps) * adv) if adv > 0 else sy((1 - eps) * adv)
        out.append(f'<text x="{flat + (10 if adv > 0 else 0)}" y="{flat_y + 18}" '
                   f'fill="{ACCENT}" font-size="12">grad = 0</text>')
        return out

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" {FONT}>']
    parts += panel(left, 1.0, "A > 0")
    parts += panel(left + pw + gap, -1.0, "A < 0")
    parts.append(f'<text x="{width / 2}" y="{top + ph + 36}" text-anchor="middle" fill="{INK}" font-size="13">'
                 'ratio r = pi_theta / pi_old   (epsilon = 0.2)</text>')
    parts.append(f'<text x="{width / 2}" y="{top + ph + 54}" text-anchor="middle" fill="{MUTED}" font-size="12">'
                 'solid: min(r A, clip(r) A)   dashed: r A</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"rlhf-pipeline.svg": rlhf_pipeline, "ppo-clip-objective.svg": ppo_clip_objective}
