"""Build an Anki package from Markdown + TeX question/answer YAML.

Stages, each its own module, data flowing one way:
load (YAML -> raw records with line numbers) -> validate (-> Card) ->
render (Markdown + TeX -> HTML for Anki's MathJax) -> package (-> .apkg).
"""
