"""Stamped pages (site/stamp.py) are the very bytes MkDocs would have written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pacesetter.site.stamp import page_url, stampable

from .conftest import DEMO, ROOT
from .sitebuild import build_site, files


def _mkdocs_only(tmp_path: Path) -> Path:
    """The project's configuration with every page rendered through MkDocs (``stamp_pages: false``)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    config = config.replace("  custom_dir: overrides", f"  custom_dir: {ROOT / 'overrides'}")
    config = config.replace("      data_dir: !ENV [PACESETTER_DATA, data]", "      data_dir: !ENV [PACESETTER_DATA, data]\n      stamp_pages: false")
    assert "stamp_pages: false" in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return tmp_path / "mkdocs.yml"


def test_stamped_pages_are_byte_identical_to_pages_rendered_by_mkdocs(demo_site, tmp_path):
    slow = build_site(DEMO, tmp_path / "slow", config=_mkdocs_only(tmp_path))
    fast, mkdocs_only = files(demo_site), files(slow)
    assert sorted(fast) == sorted(mkdocs_only)
    assert [name for name in fast if fast[name] != mkdocs_only[name]] == []
    # The comparison covers stamped pages of every kind, not only MkDocs' own.
    stamped = {name.split("/")[0] for name in fast if name.endswith("/index.html") and name.count("/") >= 2}
    assert stamped >= {"orgs", "sites", "brands", "deeds", "pairings", "achievements", "news", "rankings", "timeline"}


def test_one_shell_serves_the_pages_of_a_template_in_every_folder_of_a_section(tmp_path, monkeypatch):
    """Shells are cut once per template, tab and depth (``Stamper._shell_key``): the
    pages of one template in other folders of the section, and in other sections, are still
    MkDocs' bytes. Short lists make the demo's lists, rankings and notices run to several pages."""
    from pacesetter.site import pages

    monkeypatch.setattr(pages, "PER_PAGE", 3)
    monkeypatch.setattr(pages, "RANKING_PER_PAGE", 4)
    fast = files(build_site(DEMO, tmp_path / "fast"))
    slow = files(build_site(DEMO, tmp_path / "slow", config=_mkdocs_only(tmp_path)))
    assert sorted(fast) == sorted(slow)
    assert [name for name in fast if fast[name] != slow[name]] == []
    # A list's second page in several sections, and ranking pages in several folders of one depth.
    assert {name.split("/")[0] for name in fast if name.endswith("/page/2/index.html") and name.count("/") == 3} >= {
        "deeds", "news", "pairings"}
    assert len({name.rsplit("/", 3)[0] for name in fast
                if name.startswith("rankings/") and name.endswith("/page/2/index.html")}) >= 3


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


def test_past_the_protocols_limit_the_sitemap_is_an_index_of_files(tmp_path, monkeypatch):
    """At province scale and beyond (100,000 organizations) no sitemap file holds more than 50,000 URLs."""
    import gzip
    from types import SimpleNamespace
    from xml.etree import ElementTree

    from pacesetter.site import stamp
    from pacesetter.site.pages import PageSpec

    monkeypatch.setattr(stamp, "SITEMAP_URLS", 4)
    specs = [PageSpec(f"orgs/org-{n}.md", "", "org.html", lambda: None) for n in range(9)]
    files = SimpleNamespace(documentation_pages=lambda: [SimpleNamespace(url="", generated_by=None)])
    config = SimpleNamespace(site_url="https://zhuanlan.example/")
    (tmp_path / "sitemap-7.xml").write_text("left by an earlier, larger build")
    stamp.write_sitemap(tmp_path, config, files, specs)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert parts == [f"https://zhuanlan.example/sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = []
    for n in (1, 2, 3):
        urls = [loc.text for loc in ElementTree.parse(tmp_path / f"sitemap-{n}.xml").getroot().findall("s:url/s:loc", ns)]
        assert 0 < len(urls) <= 4
        assert gzip.decompress((tmp_path / f"sitemap-{n}.xml.gz").read_bytes()) == (tmp_path / f"sitemap-{n}.xml").read_bytes()
        listed += urls
    assert listed == ["https://zhuanlan.example/"] + [f"https://zhuanlan.example/orgs/org-{n}/" for n in range(9)]
    assert not (tmp_path / "sitemap-7.xml").exists()
    # Below the limit, one file as before.
    monkeypatch.setattr(stamp, "SITEMAP_URLS", 50_000)
    stamp.write_sitemap(tmp_path, config, files, specs)
    assert ElementTree.parse(tmp_path / "sitemap.xml").getroot().tag.endswith("urlset")
    assert not list(tmp_path.glob("sitemap-*"))


def test_page_writers_are_one_per_core_while_the_memory_holds_them(monkeypatch):
    from pacesetter import processes

    monkeypatch.setattr(processes, "cores", lambda: 16)
    gib = 2**30
    monkeypatch.setattr(processes, "available_memory", lambda: 20 * gib)
    assert processes.workers(1 * gib) == 16
    assert processes.workers(2 * gib) == 10  # sixteen cores, memory for ten
    assert processes.workers(40 * gib) == 1  # at least one
    monkeypatch.setattr(processes, "available_memory", lambda: None)  # not Linux
    assert processes.workers(40 * gib) == 16


def test_the_available_memory_is_read_from_the_system():
    from pacesetter import processes

    free = processes.available_memory()
    if not Path("/proc/meminfo").is_file():
        assert free is None
        return
    total = int(next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:")).split()[1])
    assert free is not None and 2**20 < free <= total * 1024


def test_the_build_names_the_pages_it_rendered_or_counts_them_by_folder():
    from pacesetter.site.stamp import MADE_LISTED, made_note

    assert made_note(["orgs/b/", "deeds/a/", ""]) == "渲染了 3 页的正文，其余沿用：/、/deeds/a/、/orgs/b/"
    many = [f"orgs/o{n}/" for n in range(MADE_LISTED)] + ["timeline/page/2/", "timeline/", ""]
    assert made_note(many) == f"渲染了 {MADE_LISTED + 3} 页的正文，其余沿用：/orgs/ 下 {MADE_LISTED} 页、/timeline/ 下 2 页、首页"
