"""Build an Anki package from Markdown + TeX question/answer YAML.

Stages, each its own module over the data of model.py, run in order by pipeline.py:
load (files -> YAML trees with line numbers) -> validate (-> Card) ->
render (Markdown + TeX -> HTML for Anki's MathJax) -> package (-> .apkg).
"""

from pathlib import Path

# The builder's own files (code, templates, CSS): an input of every note, and part of the cache key.
PACKAGE_DIR = Path(__file__).resolve().parent
