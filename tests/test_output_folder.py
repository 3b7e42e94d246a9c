"""Hardening, class 2: a build never empties a folder it did not make.

MkDocs deletes what the output folder holds before it builds. ``pacesetter build``
(and the plugin, for a plain ``mkdocs build``) refuses an output folder that is, holds
or lies inside the data, content or overrides folders, a link, a file, and a non-empty
folder that is not an earlier build; in every refused case not one file changes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pacesetter.cli import main



@pytest.fixture
def project(project, tmp_path) -> Path:
    """The copy of the project (conftest), and somebody's folder of files beside it."""
    (tmp_path / "home").mkdir()
    (tmp_path / "home/notes.txt").write_text("别人的文件", encoding="utf-8")
    return project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


REFUSED = [
    ("data", "重叠"),                  # the reported attack: 208 data files deleted
    ("data/orgs", "重叠"),
    ("data/site", "重叠"),             # inside the data folder
    ("content", "重叠"),
    ("content/assets", "重叠"),
    ("overrides", "重叠"),
    (".", "重叠"),                     # holds every source
    ("..", "重叠"),
    ("../home", "不是专栏以前构建的站点"),  # somebody's folder with files
    ("mkdocs.yml", "是一个文件"),
    ("../home/notes.txt", "是一个文件"),
    ("link-to-home", "符号链接"),
]


@pytest.mark.parametrize(("out", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_output_folders_change_nothing(project, capfd, out, message):
    os.symlink(project.parent / "home", project / "link-to-home")
    before = _snapshot(project.parent)
    assert main(["build", "--out", out]) == 2
    err = capfd.readouterr().err
    assert message in err, err
    assert "Traceback" not in err
    assert _snapshot(project.parent) == before


def test_a_new_an_empty_and_an_earlier_build_folder_are_accepted(project, capfd):
    assert main(["build", "--out", "../fresh"]) == 0
    (project.parent / "empty").mkdir()
    assert main(["build", "--out", "../empty"]) == 0
    # the same folder again: an earlier build, emptied and built anew
    (project.parent / "fresh/stale.html").write_text("旧文件", encoding="utf-8")
    assert main(["build", "--out", "../fresh"]) == 0
    assert not (project.parent / "fresh/stale.html").exists()
    assert (project.parent / "fresh/pacesetter-manifest.json").is_file()


def test_a_build_from_before_the_mark_is_still_an_earlier_build(project, capfd):
    """A site folder with a manifest but no mark (built by an older version) is built into again."""
    site = project.parent / "site"
    site.mkdir()
    (site / "pacesetter-manifest.json").write_text("{}", encoding="utf-8")
    (site / "index.html").write_text("旧站点", encoding="utf-8")
    assert main(["build", "--out", "../site"]) == 0
    assert "旧站点" not in (site / "index.html").read_text(encoding="utf-8")


def test_an_interrupted_build_is_still_an_earlier_build(project, capfd, monkeypatch):
    """A build that failed half-way has no manifest, but the mark it left lets the next one in."""
    from pacesetter.search import index

    broken = project.parent / "pagefind"
    broken.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    with monkeypatch.context() as patch:
        patch.setattr(index, "executable", lambda: broken)
        assert main(["build", "--out", "../site"]) == 1
    assert (project.parent / "site/index.html").is_file()
    assert not (project.parent / "site/pacesetter-manifest.json").exists()
    assert main(["build", "--out", "../site"]) == 0
    assert (project.parent / "site/pacesetter-manifest.json").is_file()


def test_plain_mkdocs_build_into_the_data_folder_is_refused(project, caplog, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("PACESETTER_DATA", str(project / "data"))
    before = _snapshot(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "data"))
    with pytest.raises(Abort):
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    assert "重叠" in caplog.text
    assert _snapshot(project) == before
