"""Shared helpers: a copy of a golden case's data, and the demo data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
BASE = CASES / "_base" / "data"
DEMO = ROOT / "data"


def build_case(case: Path, target: Path, layers: tuple[Path, ...] = ()) -> Path:
    """Base data, then each of ``layers``, then the case's own files, minus the paths in its 'delete' file."""
    data = target / "data"
    shutil.copytree(BASE, data)
    for layer in layers:
        shutil.copytree(layer, data, dirs_exist_ok=True)
    overlay = case / "data"
    if overlay.is_dir():
        shutil.copytree(overlay, data, dirs_exist_ok=True)
    delete = case / "delete"
    if delete.is_file():
        for rel in delete.read_text(encoding="utf-8").split():
            (data / rel).unlink()
    return data


@pytest.fixture
def base_data(tmp_path, monkeypatch) -> Path:
    """A valid copy of the base case in tmp_path, with the working directory set beside it."""
    monkeypatch.chdir(tmp_path)
    return build_case(CASES / "_base", tmp_path)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the project (mkdocs.yml, content/, overrides/, the base data) in tmp_path/repo, the working directory."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(BASE, root / "data")
    monkeypatch.chdir(root)
    monkeypatch.delenv("PACESETTER_DATA", raising=False)
    return root


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch):
    # The CLI and the plugin set these for MkDocs; undo them after each test.
    monkeypatch.delenv("PACESETTER_DATA", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo column built once for the whole session, with the project's mkdocs.yml."""
    from .sitebuild import build_site

    return build_site(DEMO, tmp_path_factory.mktemp("demo") / "site")


@pytest.fixture(scope="session")
def site(demo_site) -> Path:
    """The built demo column, as the page-family tests (test_page_*.py) read it."""
    return demo_site


@pytest.fixture(scope="session")
def views():
    """The demo column's views, built without MkDocs (photos at one width)."""
    from pacesetter.model import load_column
    from pacesetter.site.markdown import Renderer
    from pacesetter.site.views import Views

    return Views(load_column(DEMO), Renderer(), lambda path: ((path + "@480.png", 480, 270),))


@pytest.fixture(scope="session")
def demo_data():
    from pacesetter.contract import load

    data, report = load(DEMO)
    assert report.ok, report.format()
    return data


@pytest.fixture(scope="session")
def demo_url(demo_site):
    """The built demo served on a free loopback port."""
    from .browser import serve

    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium driven by Playwright, shared by the browser tests."""
    from .browser import browser

    with browser() as instance:
        yield instance


def nav_pages() -> list[str]:
    """The pages mkdocs.yml's nav lists (index.md, orgs/index.md …), in order."""
    import re

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = text.split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r":\s*(\S+\.md)\s*$", nav, flags=re.MULTILINE)


#: The shared overlay of the model's golden cases (ranking, trend, class and activity cases).
RANKING_BASE = Path(__file__).resolve().parent / "ranking_cases" / "_base" / "data"


def golden_cases(folder: str) -> list[Path]:
    """The case folders under tests/<folder>/ (a folder starting with "_" is a shared overlay)."""
    root = Path(__file__).resolve().parent / folder
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))
