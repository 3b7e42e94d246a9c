"""Stamped pages (site/stamp.py) are the very bytes MkDocs would have written."""

from __future__ import annotations

import os
import subprocess
import sys

from pacesetter.site.stamp import page_url, stampable

from .conftest import DEMO, ROOT
from .sitebuild import build_site


def _files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_stamped_pages_are_byte_identical_to_pages_rendered_by_mkdocs(demo_site, tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    config = config.replace("  custom_dir: overrides", f"  custom_dir: {ROOT / 'overrides'}")
    config = config.replace("      data_dir: !ENV [PACESETTER_DATA, data]", "      data_dir: !ENV [PACESETTER_DATA, data]\n      stamp_pages: false")
    assert "stamp_pages: false" in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    slow = build_site(DEMO, tmp_path / "slow", config=tmp_path / "mkdocs.yml")
    fast, mkdocs_only = _files(demo_site), _files(slow)
    assert sorted(fast) == sorted(mkdocs_only)
    assert [name for name in fast if fast[name] != mkdocs_only[name]] == []
    # The comparison covers stamped pages of every kind, not only MkDocs' own.
    stamped = {name.split("/")[0] for name in fast if name.endswith("/index.html") and name.count("/") >= 2}
    assert stamped >= {"orgs", "sites", "brands", "deeds", "pairings", "achievements", "news", "rankings", "timeline"}


def test_titles_that_templates_would_change_are_rendered_whole():
    assert stampable("东林县税务局机关党支部")
    for title in ("A & B", "<script>", "两个  空格", '"引号"'):
        assert not stampable(title)
    assert [page_url(s) for s in ("index.md", "orgs/index.md", "orgs/x.md", "rankings/stars/page/2.md")] == [
        "", "orgs/", "orgs/x/", "rankings/stars/page/2/"]


def test_progress_is_shown_on_request_and_quiet_in_ci(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PACESETTER_PROGRESS"}
    command = [sys.executable, "-m", "pacesetter.cli", "build", "--data", str(DEMO), "--out"]
    shown = subprocess.run([*command, str(tmp_path / "a")], cwd=ROOT, capture_output=True, text=True,
                           env={**env, "PACESETTER_PROGRESS": "1"})
    assert shown.returncode == 0, shown.stderr
    for stage in ("读取和检查数据", "生成页面", "下载文件", "搜索索引", "构建清单"):
        assert stage in shown.stderr
    assert "页/s" in shown.stderr or "页]" in shown.stderr  # the page count's bar
    quiet = subprocess.run([*command, str(tmp_path / "b")], cwd=ROOT, capture_output=True, text=True,
                           env={**env, "CI": "true"})
    assert quiet.returncode == 0 and "生成页面" not in quiet.stderr
