"""Build a data folder into a site with the project's real mkdocs.yml, as `pacesetter build` does."""

from __future__ import annotations

import os
from pathlib import Path

from bs4 import BeautifulSoup

from pacesetter.cli import main

ROOT = Path(__file__).resolve().parent.parent


def build_site(data: Path, out: Path, config: Path | None = None) -> Path:
    status = run_cli(["build", "--data", str(data), "--out", str(out)] + (["--config", str(config)] if config else []))
    assert status == 0
    return out


def run_cli(args: list[str], cwd: Path = ROOT, env: dict[str, str] | None = None) -> int:
    """`pacesetter ARGS` in this process, from ``cwd`` and with ``env`` added, without the caller's
    SOURCE_DATE_EPOCH (the build sets its own); the folder and environment are restored after. The exit status."""
    saved_cwd, saved_env = os.getcwd(), dict(os.environ)
    try:
        os.chdir(cwd)
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        os.environ.update(env or {})
        return main(args)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (path relative to it → bytes), to compare two builds byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(site: Path, url: str) -> str:
    """The visible text of a page's article, whitespace collapsed."""
    article = soup(site, url).select_one("article")
    return " ".join(article.get_text(" ").split())
