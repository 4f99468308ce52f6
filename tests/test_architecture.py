"""The stages are siblings under the runner: none imports another, each imports the model."""
import ast
from pathlib import Path

import pytest

import deckbuilder

PACKAGE = Path(deckbuilder.__file__).parent
STAGES = {"load", "validate", "render", "package", "preview", "record", "changes", "stagecache", "notetimes"}


def imported_modules(module: str) -> set[str]:
    """The deckbuilder modules that ``module`` imports (``from .x import ...`` and ``from . import x``)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_stage_imports_no_other_stage_and_no_runner(stage):
    assert imported_modules(stage) & (STAGES | {"pipeline", "cli"}) == set()


def test_only_the_runner_and_the_cli_tie_the_stages_together():
    importers = {path.stem for path in PACKAGE.glob("*.py") if imported_modules(path.stem) & STAGES}
    assert importers == {"pipeline", "cli"}
    assert {"load", "validate", "render", "package", "record", "stagecache"} <= imported_modules("pipeline")
