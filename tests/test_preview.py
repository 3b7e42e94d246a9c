"""The live preview's incremental rebuild (site/preview.py): after any sequence of
changes its folder holds exactly what a fresh build of the same inputs would, and
pages the change does not touch are not written again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pacesetter.site import plugin as plugin_module

from .conftest import DEMO, ROOT

SERVE_URL = "http://127.0.0.1:8000/"
#: What the preview writes later, in the background, or not at all (see plugin.py).
NOT_COMPARED = ("pagefind/", ".pagefind-next/", "search/facets/", "data/files/column.xlsx", "pacesetter-manifest.json",
                ".built-by-pacesetter")


class Session:
    """What `pacesetter serve` does, in this process: one plugin kept across dirty builds."""

    def __init__(self, project: Path, site: Path):
        from mkdocs.config import load_config

        self.project, self.site = project, site
        self._load = lambda: load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        self._load().plugins.on_startup(command="serve", dirty=True)

    def build(self) -> None:
        from mkdocs.commands.build import build

        config = self._load()
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=True)
        plugin_module._Background.stop()  # the search index is not compared


def _files(site: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.startswith(NOT_COMPARED):
            found[rel] = path.read_bytes()
    return found


def _fresh(project: Path, out: Path) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PACESETTER_DATA")}
    done = subprocess.run([sys.executable, "-m", "pacesetter.cli", "build", "--data", str(project / "data"),
                           "--out", str(out), "--config", str(project / "mkdocs.yml")],
                          cwd=project, capture_output=True, text=True, env={**env, "CI": "1"})
    assert done.returncode == 0, done.stderr
    return _files(out)


def _same(preview: Path, fresh: dict[str, bytes]) -> None:
    mine = _files(preview)
    assert sorted(set(mine) - set(fresh)) == [], "files left over from earlier builds"
    assert sorted(set(fresh) - set(mine)) == [], "files missing from the preview"
    assert [name for name in fresh if fresh[name] != mine[name]] == []


def _stamps(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("index.html")}


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    # The home page's navigation title from its page, that is from column.yaml's title.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(config.replace("  - 首页: index.md", "  - index.md"), encoding="utf-8")
    shutil.copytree(DEMO, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PACESETTER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("CI", "1")
    yield tmp_path
    # The plugin instance outlives this test (MkDocs keeps plugins that have on_startup).
    from mkdocs.config import load_config

    load_config(str(tmp_path / "mkdocs.yml")).plugins.on_startup(command="build", dirty=False)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()  # a later mtime even on a coarse clock
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))


def test_incremental_preview_equals_a_fresh_build_after_each_change(project, tmp_path):
    site = tmp_path / "preview"
    session = Session(project, site)
    session.build()
    before = _stamps(site)
    data = project / "data"

    # Data: a deed's title, a news item deleted, a photo no longer shown.
    _edit(data / "deeds/cai-yafang-guoku.yaml", "title: 蔡亚楠：", "title: 蔡亚楠（更新）：")
    (data / "news/2022-huitoukan.yaml").unlink()
    _edit(data / "sites/jt-gongjiao-1-shizhi.yaml", "photos: [media/jt-gongjiao-hongse-chexiang.png]\n", "")
    session.build()
    _same(site, _fresh(project, tmp_path / "fresh1"))
    assert not (site / "news/2022-huitoukan").exists()
    assert not list(site.glob("media/jt-gongjiao-hongse-chexiang*"))
    assert "蔡亚楠（更新）" in (site / "deeds/cai-yafang-guoku/index.html").read_text(encoding="utf-8")
    # Pages the change does not reach were left alone.
    after = _stamps(site)
    rewritten = [page for page in after if before.get(page) != after[page]]
    untouched = [page for page in after if page.startswith("orgs/") and page not in rewritten]
    assert "deeds/cai-yafang-guoku/index.html" in rewritten
    assert len(untouched) > 20
    assert len(rewritten) < len(after) / 2, rewritten

    # A template: the frame changed, every page is built again.
    _edit(project / "overrides/pacesetter/deed.html", "{% block column %}", "{% block column %}<!-- 预览测试 -->")
    session.build()
    _same(site, _fresh(project, tmp_path / "fresh2"))
    assert "预览测试" in (site / "deeds/cai-yafang-guoku/index.html").read_text(encoding="utf-8")

    # The navigation, from the data (the home page's title) and from mkdocs.yml: every page shows it.
    _edit(data / "column.yaml", "title: ", "title: 新")
    session.build()
    _same(site, _fresh(project, tmp_path / "fresh3"))
    _edit(project / "mkdocs.yml", "  - 榜样: deeds/index.md", "  - 榜样人物: deeds/index.md")
    session.build()
    _same(site, _fresh(project, tmp_path / "fresh4"))
    assert "榜样人物" in (site / "orgs/cz-guoku/index.html").read_text(encoding="utf-8")

    # A hand-written page.
    guide = next((project / "content/guide").glob("*.md"))
    guide.write_text(guide.read_text(encoding="utf-8") + "\n预览测试段落。\n", encoding="utf-8")
    session.build()
    _same(site, _fresh(project, tmp_path / "fresh5"))


def test_checks_reused_between_loads_still_see_changes_elsewhere(tmp_path, monkeypatch):
    """The preview reuses the check of an unchanged file; what it depends on elsewhere is checked again."""
    from pacesetter.contract import loader

    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(loader, "keep_parsed", True)
    monkeypatch.setattr(loader, "_parsed", {})
    monkeypatch.setattr(loader, "_records", {})
    first, report = loader.load(data)
    assert report.ok and loader._records
    again, report = loader.load(data)
    assert report.ok and again.deeds["cai-yafang-guoku"] is first.deeds["cai-yafang-guoku"]  # reused

    # The photo an unchanged site shows is gone: the site's check is not reused.
    photo = data / "media/jt-gongjiao-hongse-chexiang.png"
    photo.rename(tmp_path / "photo.png")
    _, report = loader.load(data)
    assert [d.file for d in report.diagnostics] == ["data/sites/jt-gongjiao-1-shizhi.yaml"]
    assert "不存在" in report.diagnostics[0].message
    (tmp_path / "photo.png").rename(photo)
    assert loader.load(data)[1].ok

    # The organization an unchanged deed belongs to is gone: its reference is checked again.
    org = again.deeds["cai-yafang-guoku"].org
    (data / f"orgs/{org}.yaml").rename(tmp_path / "org.yaml")
    _, report = loader.load(data)
    assert "data/deeds/cai-yafang-guoku.yaml" in {d.file for d in report.diagnostics}

    # A changed file is checked again.
    (tmp_path / "org.yaml").rename(data / f"orgs/{org}.yaml")
    _edit(data / "deeds/cai-yafang-guoku.yaml", "title: ", "title: \n  - ")
    _, report = loader.load(data)
    assert {d.file for d in report.diagnostics} == {"data/deeds/cai-yafang-guoku.yaml"}
