"""Hardening, class 1: no file from outside the repository reaches the site through a link.

Each case puts one symbolic link into a copy of the project (mkdocs.yml, content/,
overrides/ and the base data). ``pacesetter check`` must refuse it naming the path,
``pacesetter build`` must refuse it without a traceback, and the secret the link
points to must appear in no file of the output folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pacesetter.cli import main

from .conftest import BASE

SECRET = "DEPLOY_KEY=pacesetter-test-secret-7f3a"


@pytest.fixture
def project(project, tmp_path) -> Path:
    """The copy of the project (conftest), and a folder of secrets beside it."""
    root = project
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "environ").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "org.yaml").write_text(f"id: leak\nname: {SECRET}\nkind: 党支部\nparent: sw\n", encoding="utf-8")
    shutil.copy(BASE / "media/room.png", outside / "room.png")
    (outside / "folder").mkdir()
    (outside / "folder/leak.md").write_text(f"# 泄露\n\n{SECRET}\n", encoding="utf-8")
    shutil.copy(BASE / "media/room.png", outside / "folder/room.png")
    return root


def _swap_for_link(path: Path, target: Path | str) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


# (where the link goes, what it points to: a path under the outside folder, or a literal target)
CASES = [
    ("content/leak.txt", "environ"),                      # the reported attack: an ordinary file of the site
    ("content/proc.txt", "/proc/self/environ"),            # the runner's own environment
    ("content/assets/extra.css", "environ"),
    ("content/more", "folder"),                            # a folder of pages
    ("content/dangling.md", "/nonexistent/pacesetter/x"),  # dangling: an error, not a traceback
    ("overrides/partials/leak.html", "environ"),
    ("overrides/main.html", "environ"),
    ("data/orgs/leak.yaml", "org.yaml"),
    ("data/ratings/2023Q1.yaml", "/proc/self/environ"),
    ("data/column.yaml", "environ"),
    ("data/media", "folder"),                              # the whole media folder elsewhere
    ("data/media/room.png", "room.png"),
    ("data/media/alias.png", "room.png@inside"),           # even a link that stays in media/
    ("data/deeds", "folder"),
    ("data/news/dangling.yaml", "/nonexistent/pacesetter/y"),
    ("data", "folder"),                                    # the data folder itself
]


def _place(project: Path, where: str, target: str) -> str:
    outside = project.parent / "outside"
    if target.endswith("@inside"):
        resolved: Path | str = target.removesuffix("@inside")  # relative, beside the link
    elif target.startswith("/"):
        resolved = target
    else:
        resolved = outside / target
    _swap_for_link(project / where, resolved)
    return where


@pytest.mark.parametrize(("where", "target"), CASES, ids=[c[0] for c in CASES])
def test_check_refuses_every_link_naming_it(project, capfd, where, target):
    _place(project, where, target)
    assert main(["check"]) == 1
    out, err = capfd.readouterr()
    assert f"{where}:1:1: 错误: 是指向" in out
    assert "符号链接" in out and "Traceback" not in out + err
    assert SECRET not in out + err


@pytest.mark.parametrize(("where", "target"), CASES, ids=[c[0] for c in CASES])
def test_build_refuses_every_link_and_publishes_nothing(project, capfd, where, target):
    _place(project, where, target)
    out_dir = project.parent / "site"
    assert main(["build", "--out", str(out_dir)]) != 0
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    assert where in out + err
    for path in out_dir.rglob("*") if out_dir.exists() else ():
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not (out_dir / "pacesetter-manifest.json").exists()


def test_import_does_not_write_through_a_linked_folder(project, capfd):
    outside = project.parent / "outside" / "ratings"
    shutil.copytree(project / "data/ratings", outside)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    _swap_for_link(project / "data/ratings", outside)
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "评星"
    book.active.append(["编号", "组织名称"])
    book.save(project / "in.xlsx")
    assert main(["import", "ratings", "in.xlsx", "--quarter", "2023Q1", "--announced", "2023-04-10"]) == 1
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert "data/ratings:1:1" in capfd.readouterr().out


def test_new_does_not_write_through_a_dangling_link(project, capfd):
    victim = project.parent / "outside" / "victim.yaml"
    _swap_for_link(project / "data/deeds/li-ming.yaml", victim)
    assert main(["new", "deeds", "--name", "李明", "--org", "sw-a"]) != 0
    assert not victim.exists()


def test_links_are_listed_without_following_them(tmp_path):
    from pacesetter.sources import links_under

    (tmp_path / "a/b").mkdir(parents=True)
    os.symlink(tmp_path / "a", tmp_path / "a/b/loop")  # a loop is listed once, never walked
    os.symlink("/nonexistent", tmp_path / "a/dangling")
    (tmp_path / "a/plain.txt").write_text("x", encoding="utf-8")
    assert links_under(tmp_path) == [str(tmp_path / "a/b/loop"), str(tmp_path / "a/dangling")]


@pytest.mark.parametrize("where", ["content/leak.txt", "overrides/partials/leak.html"])
def test_plain_mkdocs_build_is_refused_by_the_plugin(project, where, caplog, monkeypatch):
    """`mkdocs build` without the pacesetter command: the plugin itself refuses the link."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    _place(project, where, "environ")
    monkeypatch.setenv("PACESETTER_DATA", str(project / "data"))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project.parent / "site"))
    with pytest.raises(Abort):
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
    assert "符号链接" in caplog.text and where in caplog.text
    assert not any(SECRET.encode() in p.read_bytes() for p in (project.parent / "site").rglob("*") if p.is_file())
