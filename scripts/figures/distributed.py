"""Figures of chapter 08: distributed training."""
from __future__ import annotations

from .style import ACCENT, FONT, HEAT, INK, MASKED, MUTED


def _schedule(p: int, m: int, one_f_one_b: bool) -> dict[tuple[int, str, int], int]:
    """Start slot of each (stage, 'F'/'B', micro-batch); forward and backward take one slot each."""
    orders = []
    for s in range(p):
        if one_f_one_b:
            warm = min(p - 1 - s, m)
            ops = [("F", i) for i in range(warm)]
            f, b = warm, 0
            while b < m:
                if f < m:
                    ops.append(("F", f))
                    f += 1
                ops.append(("B", b))
                b += 1
        else:
            ops = [("F", i) for i in range(m)] + [("B", i) for i in range(m)]
        orders.append(ops)
    start: dict[tuple[int, str, int], int] = {}
    pos, free = [0] * p, [0] * p
    while any(pos[s] < len(orders[s]) for s in range(p)):
        for s in range(p):
            if pos[s] == len(orders[s]):
                continue
            kind, i = orders[s][pos[s]]
            if kind == "F":
                dep = (s - 1, "F", i) if s else None
            else:
                dep = (s + 1, "B", i) if s < p - 1 else (s, "F", i)
            if dep is not None and dep not in start:
                continue
            ready = start[dep] + 1 if dep is not None else 0
            start[(s, kind, i)] = max(ready, free[s])
            free[s] = start[(s, kind, i)] + 1
            pos[s] += 1
    return start


def pipeline_schedule() -> str:
    """GPipe (all forwards, then all backwards) vs 1F1B for p = 4 stages and m = 6 micro-batches."""
    p, m, cell, left = 4, 6, 18, 60
    slots = 2 * (m + p - 1)
    w = left + slots * cell + 10
    panel = p * cell + 40
    h = 2 * panel + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" {FONT}>']
    for k, (title, ofb) in enumerate([("GPipe", False), ("1F1B", True)]):
        top = 30 + k * panel
        parts.append(f'<text x="{left}" y="{top - 10}" fill="{INK}" font-size="13" font-weight="bold">{title}</text>')
        sched = _schedule(p, m, ofb)
        for s in range(p):
            y = top + s * cell
            parts.append(f'<text x="{left - 8}" y="{y + cell / 2 + 4}" text-anchor="end" fill="{MUTED}" '
                         f'font-size="11">stage {s + 1}</text>')
            for t in range(slots):
                parts.append(f'<rect x="{left + t * cell}" y="{y}" width="{cell}" height="{cell}" '
                             f'fill="{MASKED}" stroke="#ffffff" stroke-width="1"/>')
        for (s, kind, i), t in sched.items():
            colour = HEAT if kind == "F" else ACCENT
            x, y = left + t * cell, top + s * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" '
                         f'fill-opacity="0.25" stroke="{colour}" stroke-width="1"/>')
            parts.append(f'<text x="{x + cell / 2}" y="{y + cell / 2 + 4}" text-anchor="middle" fill="{INK}" '
                         f'font-size="10">{kind}{i + 1}</text>')
    parts.append(f'<text x="{left}" y="{h - 8}" fill="{MUTED}" font-size="11">time ->   grey = idle (bubble)'
                 '</text>')
    parts.append("</svg>")
    return "\n".join(parts)


FIGURES = {"pipeline-schedule.svg": pipeline_schedule}
