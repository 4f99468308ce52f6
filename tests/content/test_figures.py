"""The figures in media/ are what scripts/figures/ draws, and each one is well-formed SVG."""
import importlib.util
import xml.etree.ElementTree as ElementTree

import pytest

from conftest import PROJECT_DIR

spec = importlib.util.spec_from_file_location("make_figures", PROJECT_DIR / "scripts" / "make_figures.py")
make_figures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_figures)
FIGURES = list(make_figures.generated_figures())


@pytest.mark.parametrize("name, script, svg", FIGURES, ids=[name for name, _, _ in FIGURES])
def test_figure_is_well_formed_and_committed(name, script, svg):
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg", f"{script}: {name} has no <svg> root"
    committed = PROJECT_DIR / "media" / name
    assert committed.read_text(encoding="utf-8") == svg, f"media/{name} is stale: run python scripts/make_figures.py"
