"""Shared colours: dark ink on a transparent background (the note type's CSS inverts SVGs at night)."""
INK = "#1f2328"
MUTED = "#6e7781"
HEAT = "#2f81f7"
MASKED = "#f2f2f2"
ACCENT = "#cf222e"
FONT = 'font-family="Helvetica, Arial, sans-serif"'
