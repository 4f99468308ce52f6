"""Figures of chapter 06: parameter-efficient fine-tuning."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED

_ARROW = (f'<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
          f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>')


def _arrow(x1: float, y1: float, x2: float, y2: float) -> str:
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="1.5" '
            'marker-end="url(#arr)"/>')


def _text(x: float, y: float, s: str, fill: str = INK, size: int = 13, anchor: str = "middle") -> str:
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" fill="{fill}" font-size="{size}">{s}</text>'


def lora_branch() -> str:
    """A frozen W0 in parallel with the trainable low-rank branch x -> A -> B, summed at the output."""
    w, h = 400, 330
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" {FONT}>',
             _ARROW]
    # output
    parts.append(_text(180, 18, "h  (d)", size=14))
    parts.append(f'<circle cx="180" cy="52" r="14" fill="none" stroke="{INK}" stroke-width="1.5"/>')
    parts.append(_text(180, 58, "+", size=18))
    parts.append(_arrow(180, 38, 180, 26))
    # frozen W0
    parts.append(f'<rect x="25" y="110" width="140" height="120" fill="{MASKED}" stroke="{INK}" stroke-width="1.5"/>')
    parts.append(_text(95, 165, "W0  (d x k)", size=15))
    parts.append(_text(95, 187, "pretrained, frozen", MUTED, 12))
    parts.append(f'<polyline points="95,110 95,52 162,52" fill="none" stroke="{INK}" stroke-width="1.5" '
                 'marker-end="url(#arr)"/>')
    # trainable branch: A narrows k -> r, B widens r -> d
    parts.append(f'<polygon points="200,250 330,250 288,205 242,205" fill="{HEAT}" fill-opacity="0.22" '
                 f'stroke="{HEAT}" stroke-width="1.5"/>')
    parts.append(_text(265, 233, "A  (r x k)", size=14))
    parts.append(_text(336, 232, "random", HEAT, 12, "start"))
    parts.append(f'<rect x="242" y="185" width="46" height="20" fill="none" stroke="{HEAT}" stroke-width="1.5" '
                 'stroke-dasharray="4 3"/>')
    parts.append(_text(265, 199, "r", size=13))
    parts.append(f'<polygon points="242,185 288,185 330,140 200,140" fill="{HEAT}" fill-opacity="0.22" '
                 f'stroke="{HEAT}" stroke-width="1.5"/>')
    parts.append(_text(265, 168, "B  (d x r)", size=14))
    parts.append(_text(336, 166, "zeros", HEAT, 12, "start"))
    parts.append(_text(272, 100, "scale alpha/r", ACCENT, 12, "start"))
    parts.append(f'<polyline points="265,140 265,52 198,52" fill="none" stroke="{INK}" stroke-width="1.5" '
                 'marker-end="url(#arr)"/>')
    # input and split
    parts.append(_text(180, 318, "x  (k)", size=14))
    parts.append(f'<line x1="180" y1="302" x2="180" y2="280" stroke="{INK}" stroke-width="1.5"/>')
    parts.append(f'<line x1="95" y1="280" x2="265" y2="280" stroke="{INK}" stroke-width="1.5"/>')
    parts.append(_arrow(95, 280, 95, 232))
    parts.append(_arrow(265, 280, 265, 252))
    parts.append(_text(272, 268, "dropout", MUTED, 11, "start"))
    parts.append(_text(88, 262, "no grad", MUTED, 12, "end"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def peft_positions() -> str:
    """Where each PEFT method puts its trainable parameters in one decoder block."""
    w, h = 400, 470
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" {FONT}>',
             _ARROW]
    cx, bw = 200, 150
    x0 = cx - bw / 2

    def box(y: float, height: float, label: str, fill: str = MASKED, stroke: str = INK, opacity: str = "1") -> None:
        parts.append(f'<rect x="{x0}" y="{y}" width="{bw}" height="{height}" fill="{fill}" fill-opacity="{opacity}" '
                     f'stroke="{stroke}" stroke-width="1.5"/>')
        parts.append(_text(cx, y + height / 2 + 5, label))

    parts.append(_text(cx, 16, "output", size=13))
    parts.append(_arrow(cx, 50, cx, 24))
    box(50, 24, "Add &amp; Norm")
    box(86, 22, "Adapter", HEAT, HEAT, "0.22")
    box(120, 44, "FFN")
    box(178, 24, "Add &amp; Norm")
    box(214, 22, "Adapter", HEAT, HEAT, "0.22")
    box(248, 50, "Self-attention")
    for y1, y2 in ((86, 74), (120, 108), (178, 164), (214, 202), (248, 236)):
        parts.append(_arrow(cx, y1, cx, y2))
    parts.append(_arrow(cx, 330, cx, 298))
    # LoRA labels (right)
    parts.append(_text(x0 + bw + 8, 138, "LoRA on", HEAT, 12, "start"))
    parts.append(_text(x0 + bw + 8, 154, "gate/up/down", HEAT, 12, "start"))
    parts.append(_text(x0 + bw + 8, 266, "LoRA on", HEAT, 12, "start"))
    parts.append(_text(x0 + bw + 8, 282, "Wq Wk Wv Wo", HEAT, 12, "start"))
    # prefix K/V (left), every layer
    for i in range(3):
        parts.append(f'<rect x="{14 + i * 16}" y="262" width="12" height="22" fill="{ACCENT}" fill-opacity="0.3" '
                     f'stroke="{ACCENT}" stroke-width="1.2"/>')
    parts.append(_arrow(66, 273, x0 - 2, 273))
    parts.append(_text(10, 246, "prefix K,V", ACCENT, 12, "start"))
    parts.append(_text(10, 304, "every layer", ACCENT, 12, "start"))
    # layer bracket
    parts.append(f'<polyline points="{x0 - 10},46 {x0 - 18},46 {x0 - 18},302 {x0 - 10},302" fill="none" '
                 f'stroke="{MUTED}" stroke-width="1.2"/>')
    parts.append(_text(x0 - 24, 178, "x N", MUTED, 13, "end"))
    # input: soft prompt + token embeddings
    y_in = 330
    for i in range(3):
        parts.append(f'<rect x="{x0 + i * 18}" y="{y_in}" width="14" height="24" fill="{ACCENT}" fill-opacity="0.3" '
                     f'stroke="{ACCENT}" stroke-width="1.2"/>')
    for i in range(5):
        parts.append(f'<rect x="{x0 + 58 + i * 18}" y="{y_in}" width="14" height="24" fill="{MASKED}" '
                     f'stroke="{INK}" stroke-width="1.2"/>')
    parts.append(_text(x0 - 8, y_in + 17, "soft prompt", ACCENT, 12, "end"))
    parts.append(_text(x0 + 103, y_in + 42, "token embeddings", MUTED, 12))
    # legend
    ly = 402
    parts.append(f'<rect x="20" y="{ly}" width="14" height="12" fill="{HEAT}" fill-opacity="0.22" stroke="{HEAT}"/>')
    parts.append(_text(42, ly + 11, "trainable module: Adapter (serial), LoRA (parallel)", INK, 12, "start"))
    parts.append(f'<rect x="20" y="{ly + 22}" width="14" height="12" fill="{ACCENT}" fill-opacity="0.3" '
                 f'stroke="{ACCENT}"/>')
    parts.append(_text(42, ly + 33, "trainable vectors: Prompt Tuning, P-Tuning (input)", INK, 12, "start"))
    parts.append(_text(42, ly + 55, "Prefix-Tuning, P-Tuning v2 (K,V in every layer)", INK, 12, "start"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"lora-branch.svg": lora_branch, "peft-positions.svg": peft_positions}
