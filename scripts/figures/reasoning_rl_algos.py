"""Figures of chapter 16 (RL algorithms and systems): sync vs async RL timelines, GRPO's std weighting."""
from __future__ import annotations

from xml.sax.saxutils import escape

from .style import ACCENT, HEAT, INK, MASKED, MUTED, plot_frame, svg_open



def _text(x: float, y: float, s: str, anchor: str = "start", fill: str = INK, size: int = 13) -> str:
    return (f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">'
            f'{escape(s)}</text>')


def _block(x: float, y: float, w: float, h: float, kind: str, label: str = "") -> str:
    """One bar of a timeline: kind 'gen' (rollout), 'train', 'idle' or 'sync' (weight update)."""
    fill = {"gen": f'{HEAT}" fill-opacity="0.45', "train": f'{ACCENT}" fill-opacity="0.35',
            "idle": MASKED, "sync": INK}[kind]
    parts = [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" stroke="{INK}" stroke-width="0.8"/>']
    if label:
        parts.append(_text(x + w / 2, y + h / 2 + 4, label, anchor="middle", size=12))
    return "".join(parts)


def rl_sync_vs_async() -> str:
    """Top: colocated synchronous RL, rollout waits for the longest answer. Bottom: async, separate pools."""
    width, height = 400, 300
    left, unit, h = 78, 2.9, 20                  # x of time 0, px per time unit, bar height
    parts = [svg_open(width, height)]

    # synchronous, colocated: every GPU generates, waits for the longest sample, then all train
    parts.append(_text(8, 20, "synchronous (colocated, on-policy)"))
    lengths = [40, 22, 30, 55]                   # generation time of the answers on each GPU
    longest, train, step = max(lengths), 24, 3
    for row, n in enumerate(lengths):
        y = 32 + row * (h + 4)
        parts.append(_text(left - 6, y + 15, f"GPU {row}", anchor="end", fill=MUTED, size=12))
        parts.append(_block(left, y, n * unit, h, "gen", "gen" if row == 0 else ""))
        if n < longest:
            parts.append(_block(left + n * unit, y, (longest - n) * unit, h, "idle"))
        parts.append(_block(left + longest * unit, y, step * unit, h, "sync"))
        parts.append(_block(left + (longest + step) * unit, y, train * unit, h, "train", "train"))
    y_note = 32 + 4 * (h + 4) + 14
    parts.append(_text(8, y_note, "grey = idle (longest answer still running); black = sync",
                       fill=MUTED, size=12))

    # asynchronous: rollout pool streams samples, trainer pool updates, weights pushed back
    top = y_note + 26
    parts.append(_text(8, top, "asynchronous (AReaL-style, staleness <= eta)"))
    rows = [("rollout", [(0, 44, "gen v0"), (44, 27, "gen v1"), (71, 21, "gen v2")]),
            ("rollout", [(0, 44, "gen v0"), (44, 27, "gen v1"), (71, 21, "gen v2")]),
            ("trainer", [(20, 24, "train"), (47, 24, "train"), (74, 18, "train")])]
    for row, (name, bars) in enumerate(rows):
        y = top + 12 + row * (h + 4)
        parts.append(_text(left - 6, y + 15, name, anchor="end", fill=MUTED, size=12))
        for start, length, label in bars:
            parts.append(_block(left + start * unit, y, length * unit, h, "train" if name == "trainer" else "gen",
                                label))
    y_arrow = top + 12 + 3 * (h + 4) + 6
    for t, v in [(44, "v1"), (71, "v2")]:
        x = left + t * unit
        parts.append(f'<line x1="{x}" y1="{top + 12 + 2 * (h + 4)}" x2="{x}" y2="{top + 12}" stroke="{INK}" '
                     'stroke-width="1.2" stroke-dasharray="3 2"/>')
        parts.append(_text(x, y_arrow + 8, f"push {v}", anchor="middle", fill=INK, size=12))
    parts.append(_text(8, y_arrow + 30, "no idle bars, but a batch may come from an older policy", fill=MUTED,
                       size=12))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def rl_grpo_std_weight() -> str:
    """Total |advantage| a group gets vs. its pass rate p (binary reward), normalised to 1 at p = 0.5."""
    width, height = 400, 290
    left, right, top, bottom = 46, 380, 34, 236
    n = 100

    def x_of(p: float) -> float:
        return left + (right - left) * p

    def y_of(v: float) -> float:
        return bottom - (bottom - top) * v

    parts = [svg_open(width, height),
             _text((left + right) / 2, 18, "total |advantage| of a group vs. pass rate p", anchor="middle", size=14)]
    parts += plot_frame(left, right, top, bottom, [(y_of(v), f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1.0)],
                        [(x_of(p), f"{p:g}") for p in (0, 0.25, 0.5, 0.75, 1.0)], "pass rate p of the group")
    curves = [("GRPO: 2 sqrt(p(1-p))", HEAT, "", lambda p: (4 * p * (1 - p)) ** 0.5),
              ("Dr. GRPO: 4 p(1-p)", ACCENT, "6 3", lambda p: 4 * p * (1 - p))]
    for row, (name, colour, dash, f) in enumerate(curves):
        points = " ".join(f"{x_of(i / n):.1f},{y_of(f(i / n)):.1f}" for i in range(n + 1))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5" '
                     f'stroke-dasharray="{dash}"/>')
        ly = bottom - 40 + 18 * row
        parts.append(f'<line x1="{left + 96}" y1="{ly - 4}" x2="{left + 122}" y2="{ly - 4}" stroke="{colour}" '
                     f'stroke-width="2.5" stroke-dasharray="{dash}"/>')
        parts.append(_text(left + 128, ly, name, fill=colour))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"rl-sync-vs-async.svg": rl_sync_vs_async, "rl-grpo-std-weight.svg": rl_grpo_std_weight}
