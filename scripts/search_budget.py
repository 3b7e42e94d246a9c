"""Measure search at scale in a real browser: bytes of a first search, and delay after typing.

    scripts/search-budget [--orgs 10000] [--seed 1] [--site DIR --data DIR] [--files]

Builds a synthetic column (unless --site names a built one), serves it on 127.0.0.1
with gzip on, opens the search page in Debian's chromium with an empty cache, and
reports, from the browser's own resource timings:
- the bytes the page itself needs (HTML, theme CSS and JS),
- the bytes of the search library (Pagefind's JS, WebAssembly and entry files),
- the bytes of a first search (index chunks, result fragments),
- for several queries typed at 80 ms a key, the time from the last keystroke to the
  rendered results (median and worst).
Budget (issue 5): library + first search <= 400 KB; results <= 300 ms after the last key.
This is a measurement, not a test: it prints figures and exits 0 either way.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser  # noqa: E402  (the tests' launcher: Debian chromium, the required flags)

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".mjs"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the browser accepts it (as nginx would)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSIBLE or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path):
    handler = lambda *a, **k: GzipHandler(*a, directory=str(site), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def queries_from(data: Path) -> list[str]:
    """An organization's name, a phrase of a deed, a kind word, and a person's name."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    orgs = sorted((data / "orgs").glob("b*.yaml"))
    name = yaml.load(orgs[len(orgs) // 2].read_text(encoding="utf-8"))["name"]
    deed = yaml.load(sorted((data / "deeds").glob("*.yaml"))[0].read_text(encoding="utf-8"))
    return [name.split("（")[0], "带领党员开展志愿服务", "示范点", deed["person"]]


def categorize(url: str) -> str:
    library = ("pagefind.js", "pagefind-worker.js", ".pf_meta", "pagefind-entry.json", ".pagefind")
    if "/pagefind/" in url and url.endswith(library):
        return "library"
    if "/pagefind/" in url or "/search/facets/" in url:
        return "search"
    return "page"


def measure(base_url: str, queries: list[str]) -> dict:
    """Bytes on the wire (request sizes, workers included) and delays, in a fresh browser context."""
    transfers: list[tuple[str, int]] = []

    def finished(request):
        sizes = request.sizes()
        transfers.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    with browser() as chromium:
        context = chromium.new_context()
        context.on("requestfinished", finished)
        page = context.new_page()
        page.goto(base_url + "search/")
        page.wait_for_selector("form[data-ready=true]")
        page.wait_for_load_state("networkidle")
        loaded = len(transfers)
        page.evaluate("""() => {
            window.__ps = {};
            // The last keystroke is the last 'input' event (keydown is not seen for synthesized typing here).
            document.querySelector('#ps-q').addEventListener('input', () => { window.__ps.key = performance.now(); });
            document.addEventListener('ps-search-done', (e) => {
                if (e.detail.query === window.__ps.q && !window.__ps.done)
                    window.__ps.done = [e.detail.query, performance.now(), e.detail.count];
            });
        }""")
        delays, first_search = [], None
        for query in queries:
            page.fill("#ps-q", "")
            page.wait_for_timeout(300)
            page.evaluate("q => { window.__ps = {key: 0, q}; }", query)
            page.type("#ps-q", query, delay=80)
            page.wait_for_function("q => window.__ps.done && window.__ps.done[0] === q", arg=query, timeout=20000)
            key, done, count = page.evaluate("[window.__ps.key, window.__ps.done[1], window.__ps.done[2]]")
            delays.append(done - key)
            page.wait_for_load_state("networkidle")
            if first_search is None:
                first_search = transfers[loaded:]
            print(f"  {query}：首屏 {count} 条结果，{done - key:.0f} ms；{page.locator('[data-ps-search-status]').inner_text()}",
                  file=sys.stderr)
        context.close()
    sums = {"page": 0, "library": 0, "search": 0}
    for url, size in transfers[:loaded]:
        sums[categorize(url)] += size
    first = {"page": 0, "library": 0, "search": 0}
    for url, size in first_search:
        first[categorize(url)] += size
    return {"page": sums["page"], "library": sums["library"] + first["library"],
            "first_search": sums["search"] + first["search"], "delays": delays,
            "first_files": [(url, size) for url, size in transfers[:loaded] + first_search if categorize(url) != "page"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/search-budget", description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--site", type=Path, help="a site already built from synthetic data")
    parser.add_argument("--data", type=Path, help="the data the site was built from (for the queries)")
    parser.add_argument("--files", action="store_true", help="also list each file of the library and the first search")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="search-budget-"))
    data, site = args.data, args.site
    if site is None:
        from pacesetter.cli import main as pacesetter
        from pacesetter.synth import generate

        data = work / "data"
        site = work / "site"
        generate(args.orgs, args.seed, data)
        if pacesetter(["build", "--data", str(data), "--out", str(site), "--config", str(ROOT / "mkdocs.yml")]) != 0:
            return 1
    server, url = serve(site)
    try:
        pages = sum(1 for _ in site.rglob("index.html"))
        fragments = [len(list(entry.parent.glob("fragment/*.pf_fragment")))
                     for entry in sorted((site / "pagefind").glob("**/pagefind-entry.json"))]
        print(f"站点：{pages} 个页面，其中 {sum(fragments)} 个进入搜索索引（分 {len(fragments)} 部分）", file=sys.stderr)
        result = measure(url, queries_from(data))
    finally:
        server.shutdown()
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    total = result["library"] + result["first_search"]
    delays = result["delays"]
    print(f"页面本身（HTML、主题样式和脚本，压缩后）：{kb(result['page'])}")
    print(f"搜索程序库（Pagefind JS、WebAssembly、入口文件）：{kb(result['library'])}")
    print(f"第一次搜索（索引分片、结果摘要）：{kb(result['first_search'])}")
    if args.files:
        for file_url, size in sorted(result["first_files"], key=lambda item: -item[1]):
            print(f"  {kb(size):>10}  {file_url.removeprefix(url)}")
    print(f"程序库 + 第一次搜索：{kb(total)}（预算 400 KB，{'达标' if total <= 400 * 1024 else '超出'}）")
    print(f"最后一次按键到显示结果：中位数 {statistics.median(delays):.0f} ms，最慢 {max(delays):.0f} ms"
          f"（预算 300 ms，{'达标' if max(delays) <= 300 else '超出'}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
