"""Figures of chapter 03: model architectures (masks, norm placement, KV-head sharing)."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED


def _svg(width: int, height: int, body: list[str]) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" {FONT} font-size="13">')
    return "\n".join([head, *body, "</svg>"]) + "\n"


def attention_masks(n: int = 6, cell: int = 17, prefix: int = 3) -> str:
    """Who may attend to whom: encoder (full), causal decoder, prefix LM (T5 paper, Fig. 3 style)."""
    patterns = [
        ("Encoder", "bidirectional", lambda i, j: True),
        ("Decoder", "causal", lambda i, j: j <= i),
        ("Prefix LM", f"prefix = {prefix}", lambda i, j: j < prefix or j <= i),
    ]
    grid, gap, left, top = n * cell, 26, 14, 44
    width = left * 2 + 3 * grid + 2 * gap
    height = top + grid + 58
    body = []
    for k, (title, sub, visible) in enumerate(patterns):
        x0 = left + k * (grid + gap)
        body.append(f'<text x="{x0 + grid / 2}" y="18" text-anchor="middle" fill="{INK}" '
                    f'font-size="14">{title}</text>')
        body.append(f'<text x="{x0 + grid / 2}" y="34" text-anchor="middle" fill="{MUTED}">{sub}</text>')
        for i in range(n):
            for j in range(n):
                fill = HEAT if visible(i, j) else MASKED
                body.append(f'<rect x="{x0 + j * cell}" y="{top + i * cell}" width="{cell}" height="{cell}" '
                            f'fill="{fill}" stroke="{INK}" stroke-width="0.8"/>')
        if k == 2:  # mark the prefix / target boundary
            xb = x0 + prefix * cell
            body.append(f'<line x1="{xb}" y1="{top - 4}" x2="{xb}" y2="{top + grid + 4}" '
                        f'stroke="{ACCENT}" stroke-width="2"/>')
    y = top + grid + 22
    body.append(f'<text x="{left}" y="{y}" fill="{INK}">row i = query, column j = key</text>')
    body.append(f'<rect x="{left}" y="{y + 12}" width="12" height="12" fill="{HEAT}" stroke="{INK}"/>')
    body.append(f'<text x="{left + 18}" y="{y + 23}" fill="{INK}">may attend</text>')
    body.append(f'<rect x="{left + 110}" y="{y + 12}" width="12" height="12" fill="{MASKED}" stroke="{INK}"/>')
    body.append(f'<text x="{left + 128}" y="{y + 23}" fill="{INK}">masked</text>')
    return _svg(width, height, body)


def _box(x: float, y: float, w: float, h: float, label: str, color: str = INK) -> list[str]:
    return [f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="none" stroke="{color}" '
            f'stroke-width="1.6"/>',
            f'<text x="{x + w / 2}" y="{y + h / 2 + 5}" text-anchor="middle" fill="{color}">{label}</text>']


def _arrow(x1: float, y1: float, x2: float, y2: float, color: str = INK, width: float = 1.6) -> str:
    return (f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" stroke-width="{width}" '
            f'marker-end="url(#arrow)"/>')


def pre_post_ln() -> str:
    """One residual sub-layer, Post-LN vs Pre-LN: where the norm sits relative to the skip path."""
    width, height = 390, 330
    body = ['<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
            'markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>']

    def column(x0: float, title: str, sub: str, pre: bool) -> None:
        cx = x0 + 75
        body.append(f'<text x="{cx}" y="20" text-anchor="middle" fill="{INK}" font-size="15">{title}</text>')
        body.append(f'<text x="{cx}" y="38" text-anchor="middle" fill="{MUTED}">{sub}</text>')
        body.append(f'<text x="{cx}" y="318" text-anchor="middle" fill="{INK}">x (layer input)</text>')
        skip_x = x0 + 136
        plus_y = 118 if pre else 140
        body.append(f'<circle cx="{cx}" cy="{plus_y}" r="11" fill="none" stroke="{INK}" stroke-width="1.6"/>')
        body.append(f'<text x="{cx}" y="{plus_y + 5}" text-anchor="middle" fill="{INK}" font-size="16">+</text>')
        if pre:
            body.extend(_box(cx - 55, 236, 110, 30, "Norm", ACCENT))
            body.extend(_box(cx - 55, 160, 110, 34, "Attn / FFN"))
            body.append(_arrow(cx, 300, cx, 268))
            body.append(_arrow(cx, 236, cx, 196))
            body.append(_arrow(cx, 160, cx, 131))
            body.append(_arrow(cx, 107, cx, 62))
            skip_y, label = 285, "identity path"
        else:
            body.extend(_box(cx - 55, 200, 110, 34, "Attn / FFN"))
            body.extend(_box(cx - 55, 80, 110, 30, "Norm", ACCENT))
            body.append(_arrow(cx, 300, cx, 236))
            body.append(_arrow(cx, 200, cx, 153))
            body.append(_arrow(cx, 129, cx, 112))
            body.append(_arrow(cx, 80, cx, 62))
            skip_y, label = 270, "skip, then Norm"
        body.append(f'<text x="{cx}" y="56" text-anchor="middle" fill="{INK}">output</text>')
        body.append(f'<polyline points="{cx},{skip_y} {skip_x},{skip_y} {skip_x},{plus_y}" fill="none" '
                    f'stroke="{HEAT}" stroke-width="3"/>')
        body.append(_arrow(skip_x, plus_y, cx + 12, plus_y, HEAT, 3))
        body.append(f'<text x="{skip_x + 14}" y="{(skip_y + plus_y) / 2}" text-anchor="middle" fill="{HEAT}" '
                    f'transform="rotate(-90 {skip_x + 14} {(skip_y + plus_y) / 2})">{label}</text>')

    column(20, "Post-LN", "Transformer 2017, BERT", pre=False)
    column(215, "Pre-LN", "GPT-2, LLaMA", pre=True)
    body.append(f'<line x1="195" y1="10" x2="195" y2="325" stroke="{MUTED}" stroke-dasharray="4 4"/>')
    return _svg(width, height, body)


def kv_head_sharing(n_q: int = 8) -> str:
    """Query heads (top) and the K/V heads they read (bottom) for MHA, GQA with 2 groups, MQA."""
    rows = [("MHA", n_q), ("GQA (g = 2)", 2), ("MQA", 1)]
    width, row_h, left = 390, 106, 96
    height = len(rows) * row_h + 30
    slot = (width - left - 14) / n_q
    body = []
    for r, (name, n_kv) in enumerate(rows):
        y0 = 16 + r * row_h
        body.append(f'<text x="8" y="{y0 + 44}" fill="{INK}" font-size="14">{name}</text>')
        heads = f"{n_kv} KV head" + ("s" if n_kv > 1 else "")
        body.append(f'<text x="8" y="{y0 + 62}" fill="{MUTED}" font-size="12">{heads}</text>')
        q_centers = [left + slot * (i + 0.5) for i in range(n_q)]
        group = n_q // n_kv
        kv_centers = [sum(q_centers[g * group:(g + 1) * group]) / group for g in range(n_kv)]
        for i, qx in enumerate(q_centers):
            kx = kv_centers[i // group]
            body.append(f'<line x1="{qx}" y1="{y0 + 22}" x2="{kx}" y2="{y0 + 58}" stroke="{MUTED}" '
                        f'stroke-width="1.2"/>')
            body.append(f'<rect x="{qx - 11}" y="{y0 + 4}" width="22" height="18" fill="{HEAT}" '
                        f'stroke="{INK}"/>')
        for kx in kv_centers:
            body.append(f'<rect x="{kx - 14}" y="{y0 + 58}" width="28" height="20" fill="none" '
                        f'stroke="{ACCENT}" stroke-width="2"/>')
            body.append(f'<text x="{kx}" y="{y0 + 73}" text-anchor="middle" fill="{ACCENT}" '
                        f'font-size="11">KV</text>')
    y = height - 8
    body.append(f'<rect x="{left}" y="{y - 12}" width="14" height="12" fill="{HEAT}" stroke="{INK}"/>')
    body.append(f'<text x="{left + 20}" y="{y - 2}" fill="{INK}">query head</text>')
    body.append(f'<rect x="{left + 120}" y="{y - 12}" width="14" height="12" fill="none" stroke="{ACCENT}" '
                f'stroke-width="2"/>')
    body.append(f'<text x="{left + 140}" y="{y - 2}" fill="{INK}">cached K/V head</text>')
    return _svg(width, height, body)


FIGURES = {
    "arch-attention-masks.svg": attention_masks,
    "arch-pre-post-ln.svg": pre_post_ln,
    "arch-kv-head-sharing.svg": kv_head_sharing,
}
