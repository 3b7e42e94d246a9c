"""Hardening, class 9: what a merge request can do to CI's output and environment.

A crafted file name must not forge a line in any report format; SOURCE_DATE_EPOCH
from the environment must not replace the data's own date; a full disk gives one
clear message and no build that could be published.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pacesetter.cli import main
from pacesetter.contract.diagnostics import Diagnostic, visible

from .conftest import ROOT

FORGERIES = [
    "x\n::error file=README.md,line=1::伪造的注释",
    "x\r::warning::伪造",
    "x\u2028::error::伪造",
    "x\u202e lmay.x",  # right-to-left override: the name reads backwards
    "x%0A::error::伪造",  # already escaped text must stay text
]


@pytest.mark.parametrize("name", FORGERIES)
def test_a_crafted_file_name_stays_on_its_own_line_in_every_format(base_data, capsys, name):
    (base_data / "orgs" / f"{name}.yaml").write_text("id: x\n", encoding="utf-8")
    for fmt in ("text", "github", "codeclimate"):
        assert main(["check", "--data", "data", "--format", fmt]) == 1
        out = capsys.readouterr().out
        if fmt == "codeclimate":
            issues = json.loads(out)
            assert all("\n" not in i["location"]["path"] and "\u202e" not in i["location"]["path"] for i in issues)
            continue
        lines = out.splitlines()
        if fmt == "github":
            assert all(line.startswith("::error file=") for line in lines), lines
            assert len(lines) == 1  # the forged command is text inside the one real annotation
        else:
            assert [line for line in lines if not line.startswith(("data/", "    提示:"))] == []
        assert "\u202e" not in out and "\u2028" not in out


def test_github_properties_are_escaped_by_the_format_rules():
    line = Diagnostic("data/a,b:c%\r\n.yaml", 1, 2, "x", "100%\n第二行").format_github()
    assert line == "::error file=data/a%2Cb%3Ac%25\\r\\n.yaml,line=1,col=2::[x] 100%25\\n第二行"


def test_visible_keeps_chinese_text_and_spaces():
    assert visible("党支部　第一 名") == "党支部　第一 名"
    assert visible("a\tb\x00c\u200bd") == "a\\tb\\x00c\\u200bd"


def test_source_date_epoch_does_not_replace_as_of(base_data, tmp_path, monkeypatch):
    from .test_cli import _site_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # 1970-01-01
    out = tmp_path / "site"
    assert main(["build", "--data", "data", "--out", str(out), "--config", str(_site_config(tmp_path))]) == 0
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "1970-01-01" not in sitemap
    assert "<lastmod>2023-" in sitemap or "<lastmod>2022-" in sitemap


def test_a_full_disk_gives_one_message_and_no_build(base_data, tmp_path):
    """Files may grow to 24 KiB at most: pages are larger, so the build runs out of room."""
    out = tmp_path / "site"
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (24 << 10, 24 << 10));"
            "from pacesetter.cli import main; sys.exit(main(sys.argv[1:]))")
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PACESETTER_DATA")}
    done = subprocess.run([sys.executable, "-c", code, "build", "--data", str(base_data), "--out", str(out)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env={**env, "CI": "1"})
    assert done.returncode == 1, done.stderr
    assert "磁盘空间不足或文件超过了允许的大小" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (out / "pacesetter-manifest.json").exists()


def test_downloads_that_fail_beside_the_pages_fail_the_build(base_data, tmp_path, monkeypatch, capfd):
    """The downloads are written by a process of their own while the pages render: its
    failure is the build's, with the same message, and no manifest."""
    import errno

    from pacesetter.site import plugin

    from .test_cli import _site_config

    def disk_full(tables, folder, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "orgs.csv"))

    monkeypatch.setattr(plugin, "write_all", disk_full)  # the forked processes have it too
    out = tmp_path / "site"
    assert main(["build", "--data", str(base_data), "--out", str(out), "--config", str(_site_config(tmp_path))]) == 1
    err = capfd.readouterr().err
    assert "磁盘空间不足或文件超过了允许的大小" in err and "orgs.csv" in err
    assert "Traceback" not in err
    assert not (out / "pacesetter-manifest.json").exists()


def test_a_build_that_stops_stops_the_downloads_it_started(base_data, tmp_path, monkeypatch):
    """A page that cannot be built stops the build after the downloads' process has started:
    that process is ended with it, and writes nothing afterwards. The pages' process is run
    here, in this one (as ``pacesetter build`` runs it in a child), so that nothing but the
    plugin can end the downloads' process."""
    import time

    from pacesetter import cli
    from pacesetter.site import plugin

    from .test_cli import _site_config

    late = tmp_path / "late"

    def slow(*args, **kwargs):
        time.sleep(4)
        late.write_text("written after the build had stopped", encoding="utf-8")

    def broken(self, *args, **kwargs):
        raise RuntimeError("渲染失败")

    monkeypatch.setenv(plugin.INDEX_LATER_ENV, "1")
    monkeypatch.setattr(plugin, "write_all", slow)
    monkeypatch.setattr(plugin.Stamper, "start", broken)  # after on_files, where the downloads start
    _fails_and_writes_nothing_later(lambda out: cli._build_site(base_data, out, _site_config(tmp_path)), tmp_path, late)


def test_a_build_that_stops_stops_the_page_writers_it_started(tmp_path, monkeypatch):
    """The pages outside the navigation are written by processes started before MkDocs builds
    its own pages: when one of those fails, the processes are ended with the build, and write
    nothing afterwards (run in this process, as in the test above)."""
    import time

    from mkdocs.commands import build as mkdocs_build

    from pacesetter import cli
    from pacesetter.site import plugin, stamp
    from pacesetter.synth import generate

    from .test_cli import _site_config

    data = tmp_path / "data"
    generate(300, 3, data)  # enough pages to be written by forked processes (stamp.CHUNK)
    late = tmp_path / "late"
    write_unit = stamp.Stamper._write_unit

    def slow(self, work):
        time.sleep(4)
        late.write_text("written after the build had stopped", encoding="utf-8")
        return write_unit(self, work)

    def broken(*args, **kwargs):
        raise RuntimeError("渲染失败")

    monkeypatch.setenv(plugin.INDEX_LATER_ENV, "1")
    monkeypatch.setattr(stamp.Stamper, "_write_unit", slow)  # the forked processes inherit it
    monkeypatch.setattr(mkdocs_build, "_build_page", broken)  # MkDocs' own pages, after the writers started
    _fails_and_writes_nothing_later(lambda out: cli._build_site(data, out, _site_config(tmp_path)), tmp_path, late)


def _fails_and_writes_nothing_later(build, tmp_path, late) -> None:
    """``build(out)`` stops with “渲染失败” at once; 6 s after it started (the slowed work writes
    ``late`` 4 s after it begins) nothing was written late and the build left no manifest."""
    import time

    out = tmp_path / "site"
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="渲染失败"):
        build(out)
    assert time.monotonic() - started < 60
    time.sleep(max(0.0, started + 6 - time.monotonic()))
    assert not late.exists()
    assert not (out / "pacesetter-manifest.json").exists()
