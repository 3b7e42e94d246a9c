"""The pacesetter command: exit codes, output formats, and refusing to build bad data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pacesetter.cli import main

from .conftest import ROOT


def test_check_clean_data_exits_0(base_data, capsys):
    assert main(["check", "--data", "data"]) == 0
    assert "数据检查通过" in capsys.readouterr().err


def test_check_bad_data_exits_1_with_every_error(base_data, capsys):
    (base_data / "orgs/sw-b.yaml").write_text("id: sw-b\nname: 二支部\nkind: 支部\nparent: nobody\n", encoding="utf-8")
    (base_data / "news/kickoff.yaml").write_text("id: kickoff\n\ttitle: x\n", encoding="utf-8")
    assert main(["check", "--data", "data"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "data/news/kickoff.yaml:2:1: 错误: YAML 语法错误：这里有制表符（Tab）",
        "    提示: YAML 只能用空格缩进，请把 Tab 换成空格",
        'data/orgs/sw-b.yaml:3:7: 错误: [kind] "支部" 不是允许的值',
        "    提示: 是不是“党支部”？允许的值：党委、党组、党总支、党支部（见 data/column.yaml 的 org_kinds）",
        'data/orgs/sw-b.yaml:4:9: 错误: [parent] 引用的组织 "nobody" 不存在',
        "    提示: 检查拼写；组织的编号就是 data/orgs/ 下的文件名（不含 .yaml）",
    ]
    assert "共 3 个错误，涉及 2 个文件" in err


def test_check_github_format(base_data, capsys):
    (base_data / "orgs/sw-b.yaml").write_text("id: sw-b\nname: 二支部\nkind: 党支部\nparent: nobody\n", encoding="utf-8")
    assert main(["check", "--data", "data", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        '::error file=data/orgs/sw-b.yaml,line=4,col=9::[parent] 引用的组织 "nobody" 不存在'
        "（提示: 检查拼写；组织的编号就是 data/orgs/ 下的文件名（不含 .yaml））",
    ]


def test_check_shows_warnings_in_every_format_and_passes(base_data, capsys):
    import json

    # 教育系统 gets an organization and no brand: a reminder, not an error.
    (base_data / "orgs/jy.yaml").write_text("id: jy\nname: 教育局机关党委\nkind: 党委\nparent: root\nsystem: 教育系统\n",
                                          encoding="utf-8")
    assert main(["check", "--data", "data"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "data/column.yaml:12:10: 警告: [systems] “教育系统”还没有党建品牌"
    assert "数据检查通过（1 个警告，见上；不影响发布）" in err
    assert main(["check", "--data", "data", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith("::warning file=data/column.yaml,line=12,col=10::[systems] “教育系统”还没有党建品牌")
    assert main(["check", "--data", "data", "--format", "codeclimate"]) == 0
    issues = json.loads(capsys.readouterr().out)
    assert [(i["severity"], i["location"]["path"]) for i in issues] == [("minor", "data/column.yaml")]


def test_github_annotation_escapes_newlines_and_percent():
    from pacesetter.contract.diagnostics import Diagnostic

    line = Diagnostic("data/a,b.yaml", 1, 2, "x", "100%\n第二行").format_github()
    assert line == "::error file=data/a%2Cb.yaml,line=1,col=2::[x] 100%25\\n第二行"  # written out, see visible()


@pytest.mark.parametrize("argv", [["check", "--bogus"], ["frobnicate"], [], ["check", "--format", "xml"]])
def test_wrong_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_missing_data_folder_exits_2(tmp_path, capsys):
    assert main(["check", "--data", str(tmp_path / "nope")]) == 2
    assert "不存在" in capsys.readouterr().err


def _site_config(tmp_path: Path) -> Path:
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
                          .replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}"), encoding="utf-8")
    return config


def test_build_refuses_bad_data_and_writes_nothing(base_data, tmp_path, capfd):
    # capfd: the pages are built (and the data checked) in a child process.
    (base_data / "orgs/sw-b.yaml").write_text("id: sw-b\nname: 二支部\nkind: 党支部\nparent: nobody\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["build", "--data", "data", "--out", str(out), "--config", str(_site_config(tmp_path))]) == 1
    assert not out.exists()
    assert 'data/orgs/sw-b.yaml:4:9: 错误: [parent] 引用的组织 "nobody" 不存在' in capfd.readouterr().out


def test_build_clean_data(base_data, tmp_path):
    out = tmp_path / "site"
    assert main(["build", "--data", "data", "--out", str(out), "--config", str(_site_config(tmp_path))]) == 0
    assert (out / "index.html").is_file()


def test_a_failed_search_index_fails_the_build_and_leaves_no_manifest(base_data, tmp_path, capfd, monkeypatch):
    from pacesetter.search import index

    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 索引程序坏了 >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(index, "executable", lambda: broken)
    out = tmp_path / "site"
    assert main(["build", "--data", "data", "--out", str(out), "--config", str(_site_config(tmp_path))]) == 1
    assert "搜索索引生成失败：索引程序坏了" in capfd.readouterr().err
    assert (out / "index.html").is_file() and not (out / "pacesetter-manifest.json").exists()
    assert not list(out.glob(".pacesetter-*"))


def test_plain_mkdocs_build_makes_the_same_site_as_pacesetter_build(demo_site, tmp_path):
    """`pacesetter build` indexes after the pages' process has exited; MkDocs' own build
    indexes inside it. Both give the same files, manifest included."""
    from .conftest import DEMO

    env = {**os.environ, "PACESETTER_DATA": str(DEMO), "CI": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                            capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    ours = {p.relative_to(demo_site).as_posix(): p.read_bytes() for p in demo_site.rglob("*") if p.is_file()}
    plain = {p.relative_to(tmp_path / "site").as_posix(): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(plain)
    assert [name for name in ours if ours[name] != plain[name]] == []
    assert "pacesetter-manifest.json" in ours and any(name.startswith("pagefind/fragment/") for name in ours)


def test_plain_mkdocs_build_refuses_bad_data_without_traceback(base_data, tmp_path):
    """The plugin itself stops a plain `mkdocs build`, with the editors' messages."""
    (base_data / "orgs/sw-b.yaml").write_text("id: sw-b\nname: 二支部\nkind: 党支部\nparent: nobody\n", encoding="utf-8")
    env = {**os.environ, "PACESETTER_DATA": str(base_data)}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(_site_config(tmp_path)), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert '[parent] 引用的组织 "nobody" 不存在' in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_no_traceback_for_any_golden_case(tmp_path):
    """Run the real command on every case: exit 1 when it has errors, messages, never a traceback."""
    from .conftest import CASES, build_case

    for case in sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_")):
        where = tmp_path / case.name
        where.mkdir()
        build_case(case, where)
        result = subprocess.run([sys.executable, "-m", "pacesetter.cli", "check", "--data", "data"],
                                capture_output=True, text=True, cwd=where)
        assert "Traceback" not in result.stdout + result.stderr, case.name
        # a case of only warnings (or of a file that is fine after all) passes the check
        lines = (case / "expected").read_text(encoding="utf-8").splitlines()
        expected = 1 if any(": 错误: " in line for line in lines) else 0
        assert result.returncode == expected, (case.name, result.stdout, result.stderr)


def test_twenty_megabyte_file_is_one_clear_error(base_data, capsys):
    with (base_data / "news" / "huge.yaml").open("wb") as handle:
        handle.write(b"id: huge\nbody: |\n")
        handle.write(b"  " + "很长的正文".encode() * 1_400_000 + b"\n")
    assert (base_data / "news" / "huge.yaml").stat().st_size > 20 * 1024 * 1024
    assert main(["check", "--data", "data"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "data/news/huge.yaml:1:1: 错误: 文件过大（20.0 MB，上限 10 MB）"
