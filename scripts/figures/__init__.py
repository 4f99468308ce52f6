"""Figure modules: each defines FIGURES = {media file name: function returning SVG text}."""
