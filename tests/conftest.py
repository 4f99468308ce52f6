import os
import textwrap
from pathlib import Path

import pytest

from deckbuilder import pipeline
from deckbuilder.cli import main

PROJECT_DIR = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--content", default=str(PROJECT_DIR / "content"), metavar="DIR",
                     help="content tree whose cards the deck checks run on (default: the project's content/)")


@pytest.fixture(scope="session")
def content_dir(pytestconfig) -> Path:
    return Path(pytestconfig.getoption("--content")).resolve()


def options(content: Path, media: Path | None = None, **settings) -> pipeline.Options:
    """The runner's options for a content tree, its media beside it unless given."""
    return pipeline.Options(content, media if media is not None else content.parent / "media", **settings)


def read_content(content: Path) -> pipeline.Prepared:
    """A content tree loaded and validated, as every mode of the runner starts."""
    prepared = pipeline.prepare(options(content))
    assert isinstance(prepared, pipeline.Prepared), prepared.problems
    return prepared


def require(available: bool, what: str) -> None:
    """Skip when a browser-side tool is missing on a developer's machine; in CI, fail instead."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, but CI must run this check (.ci/run installs it)")
    pytest.skip(f"{what} is not installed here (.ci/run installs it; CI never skips this)")


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch):
    """Tests set the build time themselves; one from the environment would override it."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project directory (content/, media/) that is also the working directory."""
    (tmp_path / "content").mkdir()
    (tmp_path / "media").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str, mtime: float | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def import_package(collection_path: Path, apkg: Path, **options):
    """Import with the importer's defaults, as a user would; ``options`` as in ImportAnkiPackageOptions.
    (The anki package is imported only by the tests that use the real backend.)"""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    col = Collection(str(collection_path))
    try:
        request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(**options))
        return col.import_anki_package(request).log
    finally:
        col.close()


@pytest.fixture
def open_collection():
    from anki.collection import Collection
    opened = []

    def _open(path: Path) -> Collection:
        col = Collection(str(path))
        opened.append(col)
        return col

    yield _open
    for col in opened:
        if col.db:
            col.close()


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium through Playwright (the browser checks are in tests/browser_checks.py)."""
    from browser_checks import CHROMIUM, MATHJAX
    require(Path(CHROMIUM).exists(), "Chromium (Debian package chromium)")
    require(MATHJAX.exists(), "the local MathJax 3.2.2 (npm install in tests/browser)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh phone-sized page (its own context: no remembered night or quiz mode)."""
    from browser_checks import PHONE_WIDTH
    page = chromium.new_page(viewport={"width": PHONE_WIDTH, "height": 844})
    yield page
    page.close()
