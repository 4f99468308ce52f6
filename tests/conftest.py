import anki.collection  # noqa: F401  (must come before anything from anki.scheduler)
import os
import textwrap
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from deckbuilder.cli import main

PROJECT_DIR = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--content", default=str(PROJECT_DIR / "content"), metavar="DIR",
                     help="content tree whose cards the deck checks run on (default: the project's content/)")


@pytest.fixture(scope="session")
def content_dir(pytestconfig) -> Path:
    return Path(pytestconfig.getoption("--content")).resolve()


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
    """Import with the importer's defaults, as a user would; ``options`` as in ImportAnkiPackageOptions."""
    col = Collection(str(collection_path))
    try:
        request = ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions(**options))
        return col.import_anki_package(request).log
    finally:
        col.close()


@pytest.fixture
def open_collection():
    opened = []

    def _open(path: Path) -> Collection:
        col = Collection(str(path))
        opened.append(col)
        return col

    yield _open
    for col in opened:
        if col.db:
            col.close()
