"""The editor in a real browser, against decap-server on 127.0.0.1 and a scratch copy of the project.

An officer logs in (the local trial's login), adds a deed through the form and corrects
an organization's secretary; the files that arrive pass `pacesetter check`, show in a
rebuilt site, and change in git by exactly the lines the form changed. Nothing the page
loads comes from another host.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from pacesetter.cli import main
from pacesetter.contract import load
from pacesetter import processes
from pacesetter.editor import backends, trial, vendor

from .browser import serve
from .conftest import ROOT
from .test_serve import _free_port, _get, _wait_for

pytestmark = pytest.mark.skipif(not (ROOT / trial.SERVER).is_file() or bool(vendor.missing(ROOT)),
                                reason="scripts/test installs decap-server and fetches the editor's files")

GIT = ["git", "-c", "user.name=测试", "-c", "user.email=editor@127.0.0.1", "-c", "commit.gpgsign=false"]


def _only_loopback(urls: list[str]) -> list[str]:
    """The URLs that went anywhere but 127.0.0.1 (data: and blob: URLs stay in the page)."""
    return [u for u in urls if urlparse(u).scheme not in ("data", "blob", "about")
            and urlparse(u).hostname != "127.0.0.1"]


def _scratch(base: Path) -> Path:
    """A copy of the project, with the editor's files, as its own git repository."""
    tree = base / "project"
    tree.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", tree)
    for folder in ("content", "overrides", "data"):
        shutil.copytree(ROOT / folder, tree / folder)
    shutil.copytree(ROOT / vendor.VENDOR_DIR, tree / vendor.VENDOR_DIR)
    (tree / ".gitignore").write_text("/editor/\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tree, check=True)
    subprocess.run(GIT + ["commit", "-qm", "示例数据"], cwd=tree, check=True)
    return tree


def _build(tree: Path, out: Path, env: dict[str, str]) -> Path:
    saved = dict(os.environ)
    try:
        os.environ.update(env)
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        assert main(["build", "--data", str(tree / "data"), "--out", str(out),
                     "--config", str(tree / "mkdocs.yml")]) == 0
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return out


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """(project folder, the editor's URL): decap-server and the built site, both on 127.0.0.1."""
    base = tmp_path_factory.mktemp("editor")
    tree = _scratch(base)
    port = _free_port()
    server = trial.start(ROOT, tree, port)
    try:
        site = _build(tree, base / "site", {backends.LOCAL_URL: trial.api_url(port)})
        with serve(site) as url:
            yield tree, url + "admin/"
    finally:
        processes.stop(server)


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.requested = []
    page.errors = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def _log_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="登录").click()
    page.get_by_text("榜样").first.wait_for()


def _publish(page) -> None:
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("内容已保存").first.wait_for()


def _changed(tree: Path) -> list[str]:
    out = subprocess.run(["git", "status", "--porcelain"], cwd=tree, capture_output=True, text=True, check=True)
    return sorted(line[3:] for line in out.stdout.splitlines())


def test_the_configuration_loads_in_chinese_from_loopback_alone(editor, page):
    tree, url = editor
    _log_in(page, url)
    for label in ("组织", "示范点", "品牌", "榜样", "结对", "台账", "动态", "成果", "年度命名"):
        assert page.get_by_role("link", name=label).count() >= 1
    page.goto(url + "#/collections/orgs")
    page.get_by_text("安澜市财政投资评审中心党支部").wait_for()
    assert "配置错误" not in page.inner_text("body")
    assert page.errors == []
    assert _only_loopback(page.requested) == []


def test_an_officer_adds_a_deed_through_the_form(editor, page, tmp_path):
    tree, url = editor
    _log_in(page, url)
    page.goto(url + "#/collections/deeds/new")
    page.get_by_label("编号").fill("ren-chengzhi-pingshen")
    page.get_by_label("标题").fill("任承志：评审“一口清”")
    page.get_by_label("日期").fill("2022-11-08")
    # The organization is picked by typing part of its name; the file keeps its id.
    page.get_by_label("所在组织").click()
    page.keyboard.type("投资评审")
    page.get_by_text("安澜市财政投资评审中心党支部", exact=True).click()
    page.get_by_label("人物姓名").fill("任承志")
    page.get_by_role("button", name="新增荣誉").click()
    page.get_by_label("荣誉称号").click()
    page.get_by_text("优秀共产党员", exact=True).click()
    page.get_by_label("表彰级别").click()
    page.get_by_text("市直机关", exact=True).click()
    page.get_by_label("获评年份").fill("2022")
    page.get_by_label("授予单位").fill("中共安澜市委市直机关工委")
    # The story in Markdown, typed as Markdown.
    page.get_by_text("Markdown", exact=True).locator("xpath=..").get_by_role("switch").click()
    page.locator('[contenteditable="true"]').last.click()
    page.keyboard.type("评审项目 **126** 个，审减资金 1.3 亿元。")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("坚持“一口清”答复。")
    _publish(page)

    deed = tree / "data/deeds/ren-chengzhi-pingshen.yaml"
    assert deed.is_file()
    text = deed.read_text(encoding="utf-8")
    assert "org: cz-pingshen\n" in text and "**126**" in text
    assert "honors:\n  - title: 优秀共产党员\n    level: 市直机关\n    year: 2022\n" in text
    _, report = load(tree / "data")
    assert report.ok, report.format()
    site = _build(tree, tmp_path / "rebuilt", {})
    built = (site / "deeds/ren-chengzhi-pingshen/index.html").read_text(encoding="utf-8")
    assert "任承志：评审“一口清”" in built and "<strong>126</strong>" in built
    assert page.errors == [] and _only_loopback(page.requested) == []


def test_correcting_a_secretary_changes_that_line_alone(editor, page):
    tree, url = editor
    org = "data/orgs/cz-pingshen.yaml"
    _log_in(page, url)
    page.goto(url + "#/collections/orgs/entries/cz-pingshen")
    page.get_by_label("书记姓名").fill("任承远")
    _publish(page)
    diff = subprocess.run(["git", "diff", "--unified=0", "--", org], cwd=tree, capture_output=True, text=True,
                          check=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-secretary: 任承志", "+secretary: 任承远"]
    assert org in _changed(tree)
    assert page.errors == []


def test_a_years_grade_is_set_in_its_own_widget(editor, page):
    tree, url = editor
    org = "data/orgs/cz-jiguan-2.yaml"
    before = (tree / org).read_text(encoding="utf-8")
    assert "classification: {2021: 中间, 2022: 中间}\n" in before
    _log_in(page, url)
    page.goto(url + "#/collections/orgs/entries/cz-jiguan-2")
    # A year added without its grade is named, and nothing is saved.
    page.get_by_role("button", name="添加一年").click()
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("请选择 2023 年的等次").wait_for()
    assert (tree / org).read_text(encoding="utf-8") == before
    page.get_by_role("button", name="删除").last.click()
    page.get_by_label("2022 年的等次").select_option("先进")
    _publish(page)
    after = (tree / org).read_text(encoding="utf-8")
    assert after == before.replace("classification: {2021: 中间, 2022: 中间}", "classification: {2021: 中间, 2022: 先进}")
    _, report = load(tree / "data")
    assert report.ok, report.format()


def test_an_empty_required_field_is_named_in_chinese(editor, page):
    tree, url = editor
    _log_in(page, url)
    before = _changed(tree)
    page.goto(url + "#/collections/deeds/new")
    page.get_by_label("标题").fill("没有编号的事迹")
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("“编号”是必填项").wait_for()
    assert page.get_by_text("“所在组织”是必填项").is_visible()
    # A pattern of the contract, with its own message.
    page.get_by_label("编号").fill("Not Pinyin")
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("只能用小写拼音字母、数字和连字符").first.wait_for()
    assert _changed(tree) == before  # nothing was written


def test_a_number_out_of_the_contracts_range_is_named_in_chinese(editor, page):
    tree, url = editor
    org = tree / "data/orgs/cz-jiguan-1.yaml"
    before = org.read_text(encoding="utf-8")
    _log_in(page, url)
    page.goto(url + "#/collections/orgs/entries/cz-jiguan-1")
    page.get_by_label("党员人数").fill("0")
    page.get_by_role("button", name="发布").first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("“党员人数”必须位于 1 和 100000 之间").wait_for()
    assert org.read_text(encoding="utf-8") == before


def test_the_gitlab_configuration_loads_and_asks_for_a_gitlab_login(tmp_path, page):
    """No GitLab here: the page must load its configuration without an error and offer GitLab's login."""
    tree = _scratch(tmp_path)
    env = {"PACESETTER_EDITOR_APP_ID": "5f0c4a3e9d2b7a1c8e6f4d2b0a9c7e5f3d1b9a7c5e3f1d9b7a5c3e1f9d7b5a3c",
           "PACESETTER_EDITOR_GITLAB_URL": "http://127.0.0.1:9", "PACESETTER_EDITOR_REPO": "zhiji-gongwei/pacesetter"}
    site = _build(tree, tmp_path / "site", env)
    with serve(site) as url:
        page.goto(url + "admin/")
        page.get_by_role("button", name="使用 GitLab 登录").wait_for()
        assert "配置错误" not in page.inner_text("body")
    assert page.errors == []
    assert _only_loopback(page.requested) == []


def test_serve_editor_saves_into_the_tree_and_the_live_preview_shows_it(tmp_path, page):
    """`pacesetter serve --editor`: the editor beside the live preview, which rebuilds on a save."""
    tree = _scratch(tmp_path)
    shutil.copytree(ROOT / "editor/node_modules", tree / "editor/node_modules", symlinks=True)
    port, editor_port = _free_port(), _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "pacesetter.cli", "serve", "--editor", "--addr", f"127.0.0.1:{port}",
         "--editor-port", str(editor_port)], cwd=tree, stdout=log, stderr=subprocess.STDOUT)
    org_page = f"http://127.0.0.1:{port}/orgs/cz-pingshen/"
    try:
        assert _wait_for(lambda: "任承志" in (_get(org_page) or ""), 120), (tmp_path / "serve.log").read_text()
        _log_in(page, f"http://127.0.0.1:{port}/admin/")
        page.goto(f"http://127.0.0.1:{port}/admin/#/collections/orgs/entries/cz-pingshen")
        page.get_by_label("书记姓名").fill("任承远")
        _publish(page)
        assert _wait_for(lambda: "任承远" in (_get(org_page) or ""), 120)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    assert "secretary: 任承远\n" in (tree / "data/orgs/cz-pingshen.yaml").read_text(encoding="utf-8")
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
    # decap-server stopped with the preview: nothing listens on its port any more.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", editor_port)) != 0
    assert _only_loopback(page.requested) == []
