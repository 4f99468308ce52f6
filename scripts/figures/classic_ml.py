"""Figures of chapter 13: classic machine learning."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MUTED

_ARROW = (f'<defs><marker id="svm-arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
          f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/></marker></defs>')
_LO, _HI_X, _HI_Y = 10, 370, 330


def _line_xy(c: float) -> tuple[float, float, float, float]:
    """Endpoints of the line x + y = c clipped to the plot box."""
    y1 = max(_LO, c - _HI_X)
    y2 = min(_HI_Y, c - _LO)
    return c - y1, y1, c - y2, y2


def svm_margin() -> str:
    """Separating line f = 0, the two margin lines f = +1 / -1 and the support vectors lying on them."""
    w, h = 380, 340
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" {FONT}>',
             _ARROW]
    for c, dash, label in ((260, ' stroke-dasharray="6 4"', "f = -1"), (320, "", "f = 0"),
                           (380, ' stroke-dasharray="6 4"', "f = +1")):
        x1, y1, x2, y2 = _line_xy(c)
        width = 2 if c == 320 else 1.2
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{INK}" stroke-width="{width}"{dash}/>')
        parts.append(f'<text x="{c - 24}" y="22" text-anchor="end" fill="{MUTED}" font-size="12">{label}</text>')
    positives = [(300, 200), (260, 250), (330, 140), (220, 300), (200, 262), (340, 260)]
    negatives = [(60, 90), (100, 40), (40, 180), (130, 60), (80, 140), (30, 60)]
    sv_pos, sv_neg = [(230, 150), (160, 220)], [(150, 110)]
    for x, y in positives + sv_pos:
        parts.append(f'<circle cx="{x}" cy="{y}" r="6" fill="{HEAT}"/>')
    for x, y in negatives + sv_neg:
        parts.append(f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12" fill="{ACCENT}"/>')
    for x, y in sv_pos + sv_neg:
        parts.append(f'<circle cx="{x}" cy="{y}" r="11" fill="none" stroke="{INK}" stroke-width="1.5"/>')
    # margin width measured along the normal direction w
    parts.append(f'<line x1="200" y1="60" x2="260" y2="120" stroke="{INK}" stroke-width="1.5" '
                 'marker-start="url(#svm-arr)" marker-end="url(#svm-arr)"/>')
    parts.append(f'<text x="238" y="80" fill="{INK}" font-size="13">margin</text>')
    parts.append(f'<line x1="175" y1="145" x2="205" y2="175" stroke="{HEAT}" stroke-width="2" '
                 'marker-end="url(#svm-arr)"/>')
    parts.append(f'<text x="196" y="150" fill="{HEAT}" font-size="14">w</text>')
    parts.append(f'<text x="370" y="332" text-anchor="end" fill="{INK}" font-size="12">ringed: support vectors</text>')
    parts.append(f'<text x="20" y="22" fill="{ACCENT}" font-size="12">class -1</text>')
    parts.append(f'<text x="370" y="306" text-anchor="end" fill="{HEAT}" font-size="12">class +1</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


FIGURES = {"svm-margin.svg": svm_margin}
