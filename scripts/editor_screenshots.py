"""The pictures of the editor in the editors' guide (content/guide/img/editor-*.png).

Runs the editor as `pacesetter serve --editor` would, on a scratch copy of the demo
(nothing here writes into data/): decap-server and the built site on 127.0.0.1, Debian's
chromium driven by Playwright. Run again after a change of the editor or of Decap.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

from pacesetter.cli import main as pacesetter
from pacesetter import processes
from pacesetter.editor import backends, trial, vendor

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--lang=zh-CN"]  # a Chinese browser: its date fields read 年/月/日


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shoot(url: str, out: Path, width: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 720}, locale="zh-CN")

        def snap(name: str) -> None:
            path = out / f"editor-{name}.png"
            shown.screenshot(path=str(path))
            taken.append(path)

        shown = page

        page.goto(url)
        page.get_by_role("button", name="登录").wait_for()
        snap("login")
        page.get_by_role("button", name="登录").click()
        page.goto(url + "#/collections/deeds")
        page.get_by_text("蔡亚楠").first.wait_for()
        snap("list")
        page.goto(url + "#/collections/deeds/new")
        page.get_by_label("标题").fill("任承志：评审“一口清”")
        page.get_by_label("所在组织").click()
        page.keyboard.type("投资评审")
        page.get_by_text("安澜市财政投资评审中心党支部", exact=True).wait_for()
        snap("relation")
        page.keyboard.press("Escape")
        page.get_by_role("button", name="发布").first.click()
        page.get_by_text("立即发布").click()
        page.get_by_text("“编号”是必填项").wait_for()
        page.get_by_label("编号").scroll_into_view_if_needed()
        snap("required")
        page.close()  # the unsaved deed stays behind
        page = shown = browser.new_page(viewport={"width": width, "height": 720}, locale="zh-CN")
        page.goto(url)
        page.get_by_role("button", name="登录").click()
        page.get_by_text("榜样").first.wait_for()
        page.goto(url + "#/collections/orgs/entries/cz-pingshen")
        page.get_by_label("书记姓名").fill("任承远")
        page.get_by_label("书记姓名").scroll_into_view_if_needed()
        snap("org")
        page.get_by_role("button", name="发布").first.click()
        snap("publish")
        browser.close()
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "content/guide/img"), help="where the pictures go")
    parser.add_argument("--width", type=int, default=1100, help="the browser's width in CSS pixels")
    args = parser.parse_args(argv)
    if vendor.missing(ROOT) or not (ROOT / trial.SERVER).is_file():
        print("先运行 scripts/setup.sh 的 ensure_editor trial（scripts/editor-screenshots 会做）", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        tree = Path(work) / "project"
        tree.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", tree)
        for folder in ("content", "overrides", "data"):
            shutil.copytree(ROOT / folder, tree / folder)
        shutil.copytree(ROOT / vendor.VENDOR_DIR, tree / vendor.VENDOR_DIR)
        port = _free_port()
        server = trial.start(ROOT, tree, port)
        try:
            os.environ[backends.LOCAL_URL] = trial.api_url(port)
            status = pacesetter(["build", "--data", str(tree / "data"), "--out", str(tree / "site"),
                                 "--config", str(tree / "mkdocs.yml")])
            if status != 0:
                return status
            with _serve(tree / "site") as url:
                for path in shoot(url + "admin/", out, args.width):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        finally:
            processes.stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
