"""Formulas checked at build time, the way Anki's MathJax would read them, without Node.

Anki typesets with ``noerrors`` and ``noundefined``: a formula with a missing brace or an unknown
macro shows as red or raw TeX instead of failing. So every formula is tokenized here and checked
for balanced braces, ``\\left``/``\\right`` and ``\\begin``/``\\end`` pairs, and macros and
environments outside the set that Anki's MathJax (3.2.2 with Anki's packages) defines.
That set, ``tex_macros.json``, is read from MathJax's own parse tables by
``tests/browser/tex_macros.js`` (how to regenerate it is written there); the Node compile in the
tests stays as a second line of defence.
"""
from __future__ import annotations

import difflib
import json
import re
from functools import lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("tex_macros.json")
# A control word (\frac), a control symbol (\{, \\, \,) or a brace. A % is not taken as a comment:
# inside \text{...} MathJax grabs the argument by counting braces, comment or not.
TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.)|([{}])", re.S)
ENVIRONMENT_NAME = re.compile(r"\s*\{([^{}]*)\}")
# Macros whose argument is a name, not TeX: \begin{aligned}, \operatorname{softmax} is still TeX.
DEFINERS = {"newcommand", "renewcommand", "def", "let", "DeclareMathOperator", "newenvironment"}


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return frozenset(data["macros"]), frozenset(data["environments"])


def formula_problems(tex: str) -> list[str]:
    """What is wrong with one formula, as messages; empty when MathJax will typeset it cleanly."""
    macros, environments = vocabulary()
    problems: list[str] = []
    defined: set[str] = set()
    # One stack for everything that must nest: '{', '\left', and environment names.
    open_items: list[str] = []
    name_end = 0  # the braces of an environment's name are part of \begin / \end, not a group
    for token in TOKEN.finditer(tex):
        if token.start() < name_end:
            continue
        word, symbol, brace = token.groups()
        if brace == "{":
            open_items.append("{")
        elif brace == "}":
            if "{" not in open_items:
                problems.append("unbalanced braces: '}' without a matching '{'")
                continue
            if open_items[-1] != "{":
                problems.append(f"'}}' closes a group while {_describe(open_items[-1])} is still open")
            while open_items.pop() != "{":
                pass
        elif word in ("begin", "end"):
            match = ENVIRONMENT_NAME.match(tex, token.end())
            if match is None:
                problems.append(f"\\{word} without an {{environment}} name")
                continue
            name, name_end = match.group(1).strip(), match.end()
            if word == "begin":
                if name not in environments:
                    problems.append(f"unknown environment '{name}'{_suggest(name, environments, '')}")
                open_items.append(f"env:{name}")
            elif f"env:{name}" not in open_items:
                problems.append(f"\\end{{{name}}} without \\begin{{{name}}}")
            else:
                if open_items[-1] != f"env:{name}":
                    problems.append(f"\\end{{{name}}} while {_describe(open_items[-1])} is still open")
                while open_items.pop() != f"env:{name}":
                    pass
        elif word == "left":
            open_items.append("left")
        elif word == "right":
            if open_items and open_items[-1] == "left":
                open_items.pop()
            else:
                problems.append("\\right without a matching \\left in the same group")
        elif word == "middle" and "left" not in open_items:
            problems.append("\\middle outside a \\left ... \\right pair")
        elif word is not None:
            if word in DEFINERS:
                name = _defined_name(tex, token.end())
                if name:
                    defined.add(name)
            elif word not in macros and word not in defined:
                problems.append(f"undefined macro \\{word}{_suggest(word, macros)}")
        elif symbol is not None and symbol not in macros and not symbol.isspace():
            problems.append(f"undefined control symbol \\{symbol}")
    problems += [("unbalanced braces: " if item == "{" else "") + f"{_describe(item)} is never closed"
                 for item in open_items]
    return list(dict.fromkeys(problems))


def _describe(item: str) -> str:
    if item == "{":
        return "a '{'"
    if item == "left":
        return "a \\left"
    return f"\\begin{{{item[4:]}}}"


def _defined_name(tex: str, start: int) -> str | None:
    match = re.compile(r"\s*\{?\s*\\([A-Za-z]+)").match(tex, start)
    return match.group(1) if match else None


def _suggest(name: str, known: frozenset[str], prefix: str = "\\") -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f"; did you mean '{prefix}{close[0]}'?" if close else ""

