"""Shared colours: dark ink on a transparent background (the note type's CSS inverts SVGs at night)."""
from xml.sax.saxutils import escape

INK = "#1f2328"
MUTED = "#6e7781"
HEAT = "#2f81f7"
MASKED = "#f2f2f2"
ACCENT = "#cf222e"
FONT = 'font-family="Helvetica, Arial, sans-serif"'


def svg_open(width: int, height: int, font_size: int = 13) -> str:
    """The opening <svg> tag of a figure width × height px, with the shared font."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" {FONT} font-size="{font_size}">')


def svg_text(x: float, y: float, s: str, anchor: str = "middle", fill: str = INK, size: int = 13,
             weight: str = "normal") -> str:
    """A <text> label; its text is XML-escaped (a raw < or & would make the whole SVG unreadable)."""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" '
            f'font-weight="{weight}">{escape(s)}</text>')


def matrix_axes(left: float, top: float, n: int, cell: float, font_size: int, label_gap: int) -> list[str]:
    """Axis titles and 1..n index labels around an n×n query/key matrix whose top-left is (left, top)."""
    middle = top + n * cell / 2
    parts = [f'<text x="{left + n * cell / 2}" y="20" text-anchor="middle" fill="{INK}" font-size="{font_size}">'
             'key position j →</text>',
             f'<text x="18" y="{middle}" text-anchor="middle" fill="{INK}" font-size="{font_size}" '
             f'transform="rotate(-90 18 {middle})">query position i →</text>']
    for k in range(n):
        parts.append(f'<text x="{left + k * cell + cell / 2}" y="{top - 10}" text-anchor="middle" '
                     f'fill="{MUTED}">{k + 1}</text>')
        parts.append(f'<text x="{left - label_gap}" y="{top + k * cell + cell / 2 + 5}" text-anchor="end" '
                     f'fill="{MUTED}">{k + 1}</text>')
    return parts


def plot_frame(left: float, right: float, top: float, bottom: float, y_ticks: list[tuple[float, str]],
               x_ticks: list[tuple[float, str]], x_title: str) -> list[str]:
    """Grid lines with y labels, the two axes, x labels and the x-axis title of a line plot."""
    parts = []
    for y, label in y_ticks:
        parts.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{MASKED}" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4}" text-anchor="end" fill="{MUTED}">{label}</text>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{INK}"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{INK}"/>')
    for x, label in x_ticks:
        parts.append(f'<text x="{x}" y="{bottom + 16}" text-anchor="middle" fill="{MUTED}">{label}</text>')
    parts.append(f'<text x="{(left + right) / 2}" y="{bottom + 34}" text-anchor="middle" fill="{INK}">'
                 f'{x_title}</text>')
    return parts
