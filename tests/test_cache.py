"""The build cache (cache.py): a warm build gives the bytes of a cold one, whatever changed,
and a cache that cannot be trusted is said and left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pacesetter.publish.manifest import MANIFEST_NAME, verify_site

from .conftest import DEMO, ROOT
from .sitebuild import files, run_cli


@pytest.fixture
def project(tmp_path):
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    # Parts of 40 pages: the demo's index in several parts, so that some are reused and some not.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("      data_dir: !ENV [PACESETTER_DATA, data]\n",
                            "      data_dir: !ENV [PACESETTER_DATA, data]\n      search_part_pages: 40\n")
    assert "search_part_pages: 40" in config
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(DEMO, tmp_path / "data")
    return tmp_path


def build(project: Path, out: Path, *options: str) -> str:
    """`pacesetter build` as CI runs it; returns what it printed. With a cache, every article the
    cache gives is also rendered again and compared (``--verify-cache``): a page whose inputs
    (``PageSpec.inputs``) leave out something it shows fails the build, not only the comparison
    with a cold build of the same data."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PACESETTER_DATA")}
    if "--cache" in options:
        options = (*options, "--verify-cache")
    done = subprocess.run([sys.executable, "-m", "pacesetter.cli", "build", "--data", str(project / "data"),
                           "--out", str(out), "--config", str(project / "mkdocs.yml"), *options],
                          cwd=project, capture_output=True, text=True, env={**env, "CI": "1"})
    assert done.returncode == 0, done.stderr
    return done.stderr


def same(warm: Path, cold: Path) -> None:
    # Each manifest lists what its folder holds (the build takes the digests of the files it
    # wrote, or copied from the cache, without reading them back).
    verify_site(warm)
    verify_site(cold)
    mine, fresh = files(warm), files(cold)
    assert sorted(set(mine) ^ set(fresh)) == []
    assert [name for name in fresh if fresh[name] != mine[name]] == []


def reused(log: str) -> dict[str, tuple[int, int]]:
    """“构建缓存：数据文件 205/205 沿用，页面 …” → {label: (reused, total)}."""
    line = next(line for line in log.splitlines() if line.startswith("构建缓存："))
    counts = {}
    for item in line.removeprefix("构建缓存：").split("，"):
        label, figures, _ = item.split(" ")
        done, total = figures.replace(",", "").split("/")
        counts[label] = (int(done), int(total))
    return counts


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warm_build_gives_the_bytes_of_a_cold_one_after_each_kind_of_change(project, tmp_path):
    cache = tmp_path / "cache"
    data = project / "data"
    first = build(project, tmp_path / "w0", "--cache", str(cache))
    assert all(done == 0 for done, _ in reused(first).values()), first
    build(project, tmp_path / "c0", "--no-cache")
    same(tmp_path / "w0", tmp_path / "c0")
    # Nothing changed: everything is reused.
    again = reused(build(project, tmp_path / "w0b", "--cache", str(cache)))
    assert all(done == total for done, total in again.values()) and set(again) == {"数据文件", "照片", "页面", "下载文件", "搜索索引部分"}, again
    same(tmp_path / "w0b", tmp_path / "c0")

    def step(name: str) -> tuple[dict[str, tuple[int, int]], str]:
        log = build(project, tmp_path / f"w-{name}", "--cache", str(cache))
        build(project, tmp_path / f"c-{name}", "--no-cache")
        same(tmp_path / f"w-{name}", tmp_path / f"c-{name}")
        return reused(log), log

    # The live preview's data changes: a deed's title, a news item deleted, a photo no longer shown.
    edit(data / "deeds/cai-yafang-guoku.yaml", "title: 蔡亚楠：", "title: 蔡亚楠（更新）：")
    (data / "news/2022-huitoukan.yaml").unlink()
    edit(data / "sites/jt-gongjiao-1-shizhi.yaml", "photos: [media/jt-gongjiao-hongse-chexiang.png]\n", "")
    counts, log = step("data")
    assert "重新" not in log  # nothing of a whole kind was made again
    files_done, files_total = counts["数据文件"]
    assert files_done == files_total - 2  # the deed and the site (the news item is gone)
    pages_done, pages_total = counts["页面"]
    assert pages_total / 2 < pages_done < pages_total, counts
    parts_done, parts_total = counts["搜索索引部分"]
    assert 0 < parts_done < parts_total, counts
    # The deeds' table changed, and so the workbook; the brands' and the ratings' are copied.
    downloads_done, downloads_total = counts["下载文件"]
    assert 2 <= downloads_done <= downloads_total - 2, counts
    assert "蔡亚楠（更新）" in (tmp_path / "w-data/deeds/cai-yafang-guoku/index.html").read_text(encoding="utf-8")

    # A title alone: no page is added or removed, no count changes, and still the timeline's
    # pages that list the deed show its new title (``timeline_inputs`` holds the events themselves).
    edit(data / "deeds/chen-jingyi-tejiao.yaml", "title: ", "title: 新标题：")
    counts, log = step("title")
    # the build names the pages it rendered: the deed's, and those that show its title
    [made] = [line for line in log.splitlines() if "页的正文，其余沿用：" in line]
    listed = made.split("其余沿用：")[1].split("、")
    assert len(listed) == counts["页面"][1] - counts["页面"][0] and "/deeds/chen-jingyi-tejiao/" in listed, made
    assert "/timeline/kind/deed/" in listed and not any(url.startswith("/news/") for url in listed), made
    timeline = (tmp_path / "w-title/timeline/kind/deed/index.html").read_text(encoding="utf-8")
    assert "新标题：" in timeline

    # A quarter's ratings (stars, ranks, notices and the events of stars granted and removed),
    # and a ledger's problem (its organization's page and the timeline).
    edit(data / "ratings/2022Q4.yaml", "  - org: sw-donglin\n    met: [基本队伍,", "  - org: sw-donglin\n    met: [基本组织, 基本队伍,")
    edit(data / "ledgers/cz-pingshen.yaml", "problem: 评审环节廉政风险点未梳理", "problem: 评审环节廉政风险点尚未梳理")
    counts, _ = step("ratings")
    assert 0 < counts["页面"][0] < counts["页面"][1], counts
    assert "评审环节廉政风险点尚未梳理" in (tmp_path / "w-ratings/orgs/cz-pingshen/index.html").read_text(encoding="utf-8")

    # An organization added, then renamed, then removed.
    (data / "orgs/sw-xinban.yaml").write_text(
        "id: sw-xinban\nname: 市税务局新办党总支\nkind: 党总支\nparent: sw-dangwei\ncategory: 机关\n"
        "secretary: 邵明远\nmembers: 24\n", encoding="utf-8")
    step("org-added")
    edit(data / "orgs/sw-xinban.yaml", "name: 市税务局新办党总支", "name: 市税务局综合党总支")
    step("org-renamed")
    assert "市税务局综合党总支" in (tmp_path / "w-org-renamed/orgs/sw-xinban/index.html").read_text(encoding="utf-8")
    (data / "orgs/sw-xinban.yaml").unlink()
    step("org-removed")
    assert not (tmp_path / "w-org-removed/orgs/sw-xinban").exists()

    # The stylesheet: its new name is in every page's shell, and the articles are reused in the
    # new shells (with them, the search's stand-ins kept for shells that are no more are cut again).
    css = project / "content/assets/pacesetter.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.ps-cache-test { color: inherit; }\n", encoding="utf-8")
    counts, _ = step("stylesheet")
    assert counts["页面"][0] == counts["页面"][1], counts

    # A template: no article is reused, and the build says why.
    edit(project / "overrides/pacesetter/deed.html", "{% block column %}", "{% block column %}<!-- 缓存测试 -->")
    counts, log = step("template")
    assert counts["页面"][0] == 0 and counts["数据文件"][0] == counts["数据文件"][1], counts
    assert "mkdocs.yml、模板、column.yaml 或搜索的常见字对改了：全部页面重新生成" in log
    assert "全部数据文件重新检查" not in log

    # column.yaml: the title (in the navigation) and a word list (read by every file's check).
    edit(data / "column.yaml", "title: ", "title: 新")
    edit(data / "column.yaml", "honor_titles: [优秀共产党员, ", "honor_titles: [优秀共产党员, 岗位能手, ")
    counts, log = step("settings")
    assert counts["数据文件"][0] == 0 and counts["页面"][0] == 0, counts
    assert "column.yaml 的设置或 media/ 里的文件改了：全部数据文件重新检查" in log

    # mkdocs.yml's navigation and a hand-written page.
    edit(project / "mkdocs.yml", "  - 榜样: deeds/index.md", "  - 榜样人物: deeds/index.md")
    about = project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n缓存测试段落。\n", encoding="utf-8")
    step("frame")
    assert "榜样人物" in (tmp_path / "w-frame/orgs/cz-guoku/index.html").read_text(encoding="utf-8")


def _build_here(project: Path, out: Path, *options: str) -> int:
    """`pacesetter build` in this process (its forked processes keep the test's patches); the exit status."""
    return run_cli(["build", "--data", str(project / "data"), "--out", str(out), "--config", str(project / "mkdocs.yml"),
                    *options], cwd=project, env={"CI": "1"})


def test_an_organization_page_whose_inputs_are_as_before_is_not_built_again(project, tmp_path, monkeypatch):
    """Its article comes from the cache without its view (``PageSpec.inputs``): only a page whose
    inputs changed builds its view, even among the pages kept in one pack with it."""
    from pacesetter.site.views import orgs

    built = tmp_path / "built.txt"
    view = orgs.OrgViews.org

    def counted(self, org_id):  # the page processes are forked: they append to a file
        with open(built, "a", encoding="utf-8") as f:
            f.write(org_id + "\n")
        return view(self, org_id)

    monkeypatch.setattr(orgs.OrgViews, "org", counted)
    cache = tmp_path / "cache"
    organizations = len(list((project / "data/orgs").glob("*.yaml")))

    def views_built(out: str) -> list[str]:
        built.write_text("", encoding="utf-8")
        assert _build_here(project, tmp_path / out, "--cache", str(cache)) == 0
        return built.read_text(encoding="utf-8").split()

    assert len(views_built("w0")) >= organizations  # an empty cache: every page
    # Nothing changed: the only views built are the prototypes the shells are cut from.
    assert len(views_built("w1")) <= 2
    # A deed's title: its organization's page is built again, and no other (but the prototypes).
    edit(project / "data/deeds/cai-yafang-guoku.yaml", "title: 蔡亚楠：", "title: 蔡亚楠（更新）：")
    again = views_built("w2")
    assert "cz-guoku" in again and len(set(again) - {"cz-guoku"}) <= 2, again
    assert "蔡亚楠（更新）" in (tmp_path / "w2/orgs/cz-guoku/index.html").read_text(encoding="utf-8")


def test_verify_cache_fails_the_build_where_a_pages_inputs_leave_something_out(project, tmp_path, monkeypatch, capfd):
    """Inputs that leave out what a page shows would keep an out-of-date article: ``--verify-cache``
    renders every reused article again and stops the build at the first that differs."""
    from pacesetter.site.views import orgs

    # Organization pages said to read organizations and stars alone: their deeds are left out.
    monkeypatch.setattr(orgs.OrgViews, "org_inputs", lambda self, org_id: self.epochs("orgs", "ratings"))
    cache = tmp_path / "cache"
    assert _build_here(project, tmp_path / "w0", "--cache", str(cache)) == 0
    edit(project / "data/deeds/cai-yafang-guoku.yaml", "title: 蔡亚楠：", "title: 蔡亚楠（更新）：")
    # Without the check, the organization's page keeps the deed's old title.
    assert _build_here(project, tmp_path / "w1", "--cache", str(cache)) == 0
    stale = (tmp_path / "w1/orgs/cz-guoku/index.html").read_text(encoding="utf-8")
    assert "蔡亚楠（更新）" not in stale and "蔡亚楠：" in stale
    capfd.readouterr()
    assert _build_here(project, tmp_path / "w2", "--cache", str(cache), "--verify-cache") != 0
    said = capfd.readouterr().err
    assert "构建缓存里 orgs/cz-guoku/ 的正文与重新生成的不同" in said and "--no-cache" in said, said
    assert not (tmp_path / "w2" / MANIFEST_NAME).exists()  # nothing to publish
    # Nor does the check go with --no-cache, which has nothing to check.
    assert _build_here(project, tmp_path / "w3", "--no-cache", "--verify-cache") == 2


def _generation(cache: Path) -> Path:
    (generation,) = [p for p in cache.iterdir() if p.is_dir()]
    return generation


def test_a_damaged_cache_is_said_and_not_used(project, tmp_path):
    cache = tmp_path / "cache"
    build(project, tmp_path / "w0", "--cache", str(cache))
    build(project, tmp_path / "cold", "--no-cache")
    generation = _generation(cache)
    # A pack with a changed byte, and a file of a cached search part changed.
    pack = generation / "checked-orgs.pack"
    data = bytearray(pack.read_bytes())
    data[-10] ^= 0xFF
    pack.write_bytes(bytes(data))
    bodies = sorted(generation.glob("bodies-*.pack"))[0]  # one bucket of articles, cut short
    bodies.write_bytes(bodies.read_bytes()[:100])
    part = sorted(p for p in generation.glob("search-*.pack") if not p.stem.endswith("-ids"))[0]
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    log = build(project, tmp_path / "w1", "--cache", str(cache))
    assert "缓存 checked-orgs 已损坏（校验和不符），不使用，重新生成" in log
    assert f"缓存 {bodies.stem} 已损坏" in log
    assert f"缓存 {part.stem} 已损坏" in log
    counts = reused(log)
    assert 0 < counts["页面"][0] < counts["页面"][1] and counts["搜索索引部分"][0] == counts["搜索索引部分"][1] - 1, counts
    same(tmp_path / "w1", tmp_path / "cold")
    # Rebuilt: the next build reuses everything again. A part's fragment ids, kept beside it
    # for the search filters, are read back from its files when their pack is damaged.
    ids = generation / f"{part.stem}-ids.pack"
    ids.write_bytes(ids.read_bytes()[:-5])
    log = build(project, tmp_path / "w2", "--cache", str(cache))
    assert f"缓存 {ids.stem} 已损坏" in log
    counts = reused(log)
    assert all(done == total for done, total in counts.values()), counts
    same(tmp_path / "w2", tmp_path / "cold")


def test_another_version_of_the_program_starts_a_new_generation(project, tmp_path, monkeypatch):
    from pacesetter import cache as cache_module

    root = tmp_path / "cache"
    build(project, tmp_path / "w0", "--cache", str(root))
    old = _generation(root)
    # A generation of another program version, with our mark, and a file of someone else's.
    stale = root / "g1-0000000000000000"
    shutil.copytree(old, stale)
    (root / "notes.txt").write_text("运维记录", encoding="utf-8")
    monkeypatch.setattr(cache_module, "FORMAT", 2)
    cache_module.code_digest.cache_clear()
    try:
        opened = cache_module.open_cache(root, {}, print)
        assert opened is not None and opened.generation.name.startswith("g2-")
        assert not stale.exists() and not old.exists()  # ours, of other versions: removed
        assert (root / "notes.txt").read_text(encoding="utf-8") == "运维记录"  # not ours: left
        assert opened.load("checked-orgs") is None
    finally:
        cache_module.code_digest.cache_clear()


def test_a_folder_that_is_not_a_cache_is_refused_and_left_alone(project, tmp_path):
    out, cold = tmp_path / "out", tmp_path / "cold"
    build(project, cold, "--no-cache")
    # Someone else's files.
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "a.pack").write_bytes(b"not ours")
    log = build(project, out, "--cache", str(foreign))
    assert f"缓存文件夹 {foreign} 里已有文件，却不是专栏的缓存" in log and "这次构建不用缓存" in log
    assert sorted(p.name for p in foreign.iterdir()) == ["a.pack"]
    same(out, cold)
    # A link.
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert "是符号链接" in build(project, out, "--cache", str(link))
    assert not (tmp_path / "elsewhere").exists()
    # A link on the way, inside the repository (.cache committed as a link): the default cache is refused.
    (tmp_path / "elsewhere").mkdir()
    (project / ".cache").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    log = build(project, out)
    assert f"缓存文件夹 {project / '.cache/pacesetter'} 是符号链接或位于符号链接之下" in log and "构建缓存：" not in log
    assert list((tmp_path / "elsewhere").iterdir()) == []
    (project / ".cache").unlink()
    # Inside the data folder, or the output folder.
    assert "与数据文件夹" in build(project, out, "--cache", str(project / "data/.cache"))
    assert not (project / "data/.cache").exists()
    assert "与输出文件夹" in build(project, out, "--cache", str(out / "cache"))


def test_a_cache_committed_to_git_is_never_read(project, tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    cache = project / ".cache/pacesetter"
    build(project, tmp_path / "w0")  # the default cache, beside mkdocs.yml
    assert (cache / "pacesetter-cache.json").is_file()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-f", ".cache/pacesetter/pacesetter-cache.json"], cwd=project, check=True)
    log = build(project, tmp_path / "w1")
    assert "里有 git 管理的文件：缓存不能来自提交" in log
    assert "构建缓存：" not in log
    # Nor when the environment points git at another repository or an empty index.
    subprocess.run([*git, "init", "-q", str(tmp_path / "other")], check=True)
    for name, value in (("GIT_DIR", str(tmp_path / "other/.git")), ("GIT_INDEX_FILE", str(tmp_path / "empty-index"))):
        monkeypatch.setenv(name, value)
        log = build(project, tmp_path / "w2")
        monkeypatch.delenv(name)
        assert "里有 git 管理的文件：缓存不能来自提交" in log and "构建缓存：" not in log, name


def test_no_cache_reads_and_writes_nothing(project, tmp_path):
    log = build(project, tmp_path / "out", "--no-cache")
    assert "构建缓存" not in log
    assert not (project / ".cache").exists()


def test_ci_keeps_the_build_cache_on_main_and_merge_requests_only_read_it():
    from ruamel.yaml import YAML

    from pacesetter.cache import DEFAULT_DIR, FORMAT

    yaml = YAML(typ="safe")
    gitlab = yaml.load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    rules = {rule["if"]: rule.get("variables", {}) for rule in gitlab["workflow"]["rules"]}
    assert rules['$CI_PIPELINE_SOURCE == "merge_request_event"'] == {"PACESETTER_CACHE_POLICY": "pull"}
    assert rules["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"] == {"PACESETTER_CACHE_POLICY": "pull-push"}
    jobs = {name: job for name, job in gitlab.items() if isinstance(job, dict) and "script" in job}
    # Every cache of every job follows the policy: a merge request writes none of them.
    for name, job in {"default": gitlab["default"], **jobs}.items():
        for entry in job.get("cache", []):
            assert entry["policy"] == "$PACESETTER_CACHE_POLICY", name
    (build_cache,) = [entry for entry in jobs["build"]["cache"] if DEFAULT_DIR in entry["paths"]]
    assert build_cache["key"]["prefix"] == f"pacesetter-build-v{FORMAT}"
    assert build_cache["key"]["files"] == ["requirements/base.txt"]

    github = yaml.load((ROOT / ".github/workflows/column.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/cache" not in uses  # the plain action would save from pull requests too
    restore = steps[uses.index("actions/cache/restore")]
    save = steps[uses.index("actions/cache/save")]
    assert uses.index("actions/cache/restore") < [s.get("run") for s in steps].index("scripts/ci build") < uses.index("actions/cache/save")
    key = f"pacesetter-build-v{FORMAT}-${{{{ hashFiles('requirements/base.txt') }}}}-"
    assert restore["with"]["path"] == save["with"]["path"] == DEFAULT_DIR
    assert restore["with"]["restore-keys"] == key and restore["with"]["key"].startswith(key)
    assert save["with"]["key"] == restore["with"]["key"]
    assert save["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def test_kept_files_never_leave_their_folder(tmp_path):
    from pacesetter.cache import BuildCache

    cache = BuildCache(tmp_path / "cache")
    cache.open()
    target = tmp_path / "site" / "pagefind"
    for name, packed in (("search-up", {"../../escaped.txt": b"x"}), ("search-root", {"/tmp/escaped.txt": b"x"}),
                        ("search-type", {"a.txt": "not bytes"})):
        cache.store(name, packed)
        assert cache.copy_files(name, target) is None
        assert f"缓存 {name} 含有不该有的文件，不使用" in cache.messages
    assert not (tmp_path / "escaped.txt").exists() and not target.exists()
    # What the cache kept itself comes back as it was.
    source = tmp_path / "made"
    (source / "fragment").mkdir(parents=True)
    (source / "fragment/a.pf_fragment").write_bytes(b"\x1f\x8b fragment")
    (source / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    cache.keep_files("search-good", source)
    assert cache.copy_files("search-good", target) is not None
    assert (target / "fragment/a.pf_fragment").read_bytes() == b"\x1f\x8b fragment"
