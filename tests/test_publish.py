"""Publishing for real: Debian's sshd and nginx on 127.0.0.1, rsync, the shipped nginx site.

What must hold: a site goes live only whole and verified, readers never see an error
or a page from one release with assets from another, a killed or refused publish
leaves the public site as it was, and a rollback serves the previous release.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from pacesetter.cli import main
from pacesetter.publish.manifest import MANIFEST_NAME, read_manifest, scan, verify_site, write_manifest
from pacesetter.publish.release import Sent, sent_by
from pacesetter.sources import BUILD_MARK

from .conftest import CASES, DEMO, ROOT, build_case
from .servers import missing_tools, nginx, sshd


@pytest.fixture(scope="module", autouse=True)
def _tools():
    missing = missing_tools()
    if missing:
        message = "publishing tests need the Debian packages " + ", ".join(missing) + " (scripts/test installs them as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real `pacesetter` command, as CI runs it."""
    return subprocess.run([sys.executable, "-m", "pacesetter.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pacesetter.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
                            start_new_session=True)


def current(dest: Path) -> str:
    return os.readlink(dest / "current").removeprefix("releases/")


def release_dirs(dest: Path) -> list[str]:
    return sorted(p.name for p in (dest / "releases").iterdir())


def changed(before: Path | None, after: Path) -> tuple[int, int]:
    """The files of ``after`` that are new or differ from ``before``'s (those a publish sends), and their bytes."""
    files = size = 0
    for path in after.rglob("*"):
        if path.is_file() and path.name != BUILD_MARK:
            old = before / path.relative_to(after) if before is not None else None
            if old is None or not old.is_file() or old.read_bytes() != path.read_bytes():
                files, size = files + 1, size + path.stat().st_size
    return files, size


def derived_site(source: Path, target: Path, change: str, extra_bytes: int = 0) -> Path:
    """A copy of a built site with one page changed (and optionally a large file), re-manifested."""
    shutil.copytree(source, target)
    with (target / "index.html").open("a", encoding="utf-8") as f:
        f.write(f"<!-- {change} -->\n")
    if extra_bytes:
        (target / "data/files/archive.bin").write_bytes(os.urandom(extra_bytes))
    write_manifest(target)
    return target


@pytest.fixture(scope="module")
def site_a(demo_site) -> Path:
    return demo_site


@pytest.fixture(scope="module")
def site_b(tmp_path_factory) -> Path:
    """The demo a week later: an organization renamed and the stylesheet changed."""
    base = tmp_path_factory.mktemp("release-b")
    data = base / "data"
    shutil.copytree(DEMO, data)
    org = data / "orgs/sw-nafu.yaml"
    text = org.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M).group(1)
    org.write_text(text.replace(f"name: {name}", f"name: {name.strip()}（新）", 1), encoding="utf-8")
    project = base / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "content", project / "content")
    with (project / "content/assets/pacesetter.css").open("a", encoding="utf-8") as f:
        f.write("\n.md-typeset h1 { letter-spacing: .01em; }\n")
    out = base / "site"
    saved = os.getcwd()
    try:
        os.chdir(ROOT)
        assert main(["build", "--data", str(data), "--out", str(out), "--config", str(project / "mkdocs.yml")]) == 0
    finally:
        os.chdir(saved)
        os.environ.pop("PACESETTER_DATA", None)
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    return out


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory):
    with sshd(tmp_path_factory.mktemp("sshd")) as server:
        yield server


@pytest.fixture
def ssh_env(ssh_server) -> dict[str, str]:
    return {"PACESETTER_SSH": ssh_server.ssh_command}


# --- the manifest ---------------------------------------------------------------------


def test_a_build_ends_with_a_manifest_of_every_file(site_a):
    manifest = verify_site(site_a)
    on_disk = [p for p in site_a.rglob("*") if p.is_file()]
    assert len(on_disk) == len(manifest.entries) + 2  # the manifest and the build folder's mark
    index = next(e for e in manifest.entries if e.path == "index.html")
    assert index.sha256 == hashlib.sha256((site_a / "index.html").read_bytes()).hexdigest()
    # The release id depends on the files alone: the same data gives the same id.
    assert scan(site_a).release == manifest.release
    # Pagefind's index and the downloads are written after the pages: they are listed too.
    assert any(e.path.startswith("pagefind/") for e in manifest.entries)
    assert any(e.path == "feed.xml" for e in manifest.entries)


def test_a_failed_build_leaves_no_manifest_and_cannot_be_published(site_a, tmp_path):
    out = tmp_path / "site"
    shutil.copytree(site_a, out)
    broken = build_case(CASES / "all-errors-sorted", tmp_path / "broken")
    assert main(["build", "--data", str(broken), "--out", str(out)]) == 1
    assert not (out / MANIFEST_NAME).exists()
    result = run("publish", "--site", str(out), "--to", str(tmp_path / "srv"))
    assert result.returncode == 1
    assert f"没有 {MANIFEST_NAME}" in result.stderr and "不能发布" in result.stderr
    assert not (tmp_path / "srv/current").exists()


def test_a_site_changed_after_its_build_is_refused(site_a, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(site_a, site)
    (site / "orgs/sw-nafu/index.html").write_text("<p>改过的页面</p>", encoding="utf-8")
    (site / "feed.xml").unlink()
    (site / "extra.html").write_text("多出来的", encoding="utf-8")
    result = run("publish", "--site", str(site), "--to", str(tmp_path / "srv"))
    assert result.returncode == 1
    for expected in ("缺少 feed.xml", "多出 extra.html", "内容不符 orgs/sw-nafu/index.html"):
        assert expected in result.stderr
    assert not (tmp_path / "srv/current").exists()


def test_the_manifest_takes_the_digest_of_a_file_the_build_wrote_until_the_file_changes(tmp_path):
    from pacesetter.filestate import write_file

    site = tmp_path / "site"
    kept = write_file(site / "orgs/a/index.html", b"<p>one</p>")
    changed = write_file(site / "orgs/b/index.html", b"<p>two</p>")
    assert kept[3] == hashlib.sha256(b"<p>one</p>").hexdigest() and kept[0] == len(b"<p>one</p>")
    # A file written again after the build wrote it: same size, another modification time.
    (site / "orgs/b/index.html").write_bytes(b"<p>TWO</p>")
    os.utime(site / "orgs/b/index.html", ns=(changed[1] + 10**9, changed[1] + 10**9))
    (site / "feed.xml").write_bytes(b"<feed/>")  # written without a digest: read
    known = {"orgs/a/index.html": (*kept[:3], "0" * 64), "orgs/b/index.html": changed}
    sums = {e.path: e.sha256 for e in scan(site, known).entries}
    assert sums["orgs/a/index.html"] == "0" * 64  # taken on trust, not read again
    assert sums["orgs/b/index.html"] == hashlib.sha256(b"<p>TWO</p>").hexdigest()
    assert sums["feed.xml"] == hashlib.sha256(b"<feed/>").hexdigest()
    assert {e.path: e.sha256 for e in scan(site).entries}["orgs/a/index.html"] == kept[3]


# --- publish and rollback over ssh, served by nginx --------------------------------------


def test_publish_and_rollback_over_ssh(site_a, site_b, ssh_server, ssh_env, tmp_path):
    dest = tmp_path / "srv"
    to = ssh_server.dest(dest)
    with nginx(tmp_path / "nginx", dest) as web:
        assert web.get("/")[0] == 404  # nothing published yet

        first = run("publish", "--site", str(site_a), "--to", to, env=ssh_env)
        assert first.returncode == 0, first.stderr
        release_a = current(dest)
        assert release_a == f"000001-{read_manifest(site_a).release}"
        assert web.get("/")[2] == (site_a / "index.html").read_bytes()

        second = run("publish", "--site", str(site_b), "--to", to, env=ssh_env)
        assert second.returncode == 0, second.stderr
        # The log says what the upload cost: the first sent every file whole; the second only the
        # files that differ, and of those rsync's differences (the pages are mostly the same).
        whole, size = changed(None, site_a)
        sent = re.search(r"传送 ([\d,]+) 个变化的文件，共发送 ([\d.]+) MB", first.stderr)
        assert sent and int(sent[1].replace(",", "")) == whole and float(sent[2]) * 1e6 >= size
        files, size = changed(site_a, site_b)
        sent = re.search(r"传送 ([\d,]+) 个变化的文件，共发送 ([\d.]+) MB", second.stderr)
        assert sent and int(sent[1].replace(",", "")) == files and 0 < files < whole
        assert float(sent[2]) * 1e6 < size / 2
        release_b = current(dest)
        assert release_b == f"000002-{read_manifest(site_b).release}"
        assert os.readlink(dest / "previous") == f"releases/{release_a}"
        assert web.get("/orgs/sw-nafu/")[2] == (site_b / "orgs/sw-nafu/index.html").read_bytes()
        # Files that did not change are hard links to the previous release, not new copies.
        logo = "assets/images/favicon.png"
        assert (dest / "releases" / release_a / logo).stat().st_ino == (dest / "releases" / release_b / logo).stat().st_ino

        listing = run("releases", "--to", to, env=ssh_env)
        assert listing.stdout.splitlines()[1:] == [f"  {release_b}  当前", f"  {release_a}  上一个"]

        # Publishing the same build again changes nothing, after checking the files.
        again = run("publish", "--site", str(site_b), "--to", to, env=ssh_env)
        assert again.returncode == 0 and "当前已是这个版本" in again.stderr
        assert current(dest) == release_b and len(release_dirs(dest)) == 2

        back = run("rollback", "--to", to, env=ssh_env)
        assert back.returncode == 0, back.stderr
        assert current(dest) == release_a
        assert web.get("/orgs/sw-nafu/")[2] == (site_a / "orgs/sw-nafu/index.html").read_bytes()

        # Nothing older to return to: refused, and the site stays as it is.
        none = run("rollback", "--to", to, env=ssh_env)
        assert none.returncode == 1 and "之前没有保留的版本" in none.stderr
        assert current(dest) == release_a


def test_what_an_upload_sent_is_read_from_rsyncs_statistics():
    stats = ("Number of files: 48,054 (reg: 48,054)\nNumber of regular files transferred: 77\n"
             "Literal data: 467898 bytes\nFile list size: 1310644\nTotal bytes sent: 3134610\n"
             "Total bytes received: 69984\n")
    assert sent_by(stats) == Sent(77, 3134610)
    assert str(Sent(77, 3134610)) == "传送 77 个变化的文件，共发送 3.13 MB"
    # An rsync that words its statistics otherwise (or groups the digits) leaves the figure out, not the upload.
    assert sent_by(stats.replace("Total bytes sent: 3134610", "Total bytes sent: 3,134,610")) is None
    assert sent_by("") is None


def test_old_releases_are_pruned_but_never_the_current_or_previous(site_a, tmp_path):
    dest = tmp_path / "srv"
    names = []
    for number in range(5):
        site = derived_site(site_a, tmp_path / f"site{number}", f"release {number}")
        result = run("publish", "--site", str(site), "--to", str(dest), "--keep", "3")
        assert result.returncode == 0, result.stderr
        names.append(current(dest))
    assert release_dirs(dest) == names[-3:]
    assert run("rollback", "--to", str(dest)).returncode == 0
    assert current(dest) == names[-2]
    # A new publish after a rollback keeps what it serves and what it served before.
    site = derived_site(site_a, tmp_path / "site-next", "after rollback")
    assert run("publish", "--site", str(site), "--to", str(dest), "--keep", "2").returncode == 0
    assert os.readlink(dest / "previous") == f"releases/{names[-2]}"
    assert release_dirs(dest) == sorted([names[-2], current(dest)])


def test_a_release_altered_on_the_host_is_not_rolled_back_to(site_a, tmp_path):
    dest = tmp_path / "srv"
    for number in range(2):
        site = derived_site(site_a, tmp_path / f"site{number}", f"release {number}")
        assert run("publish", "--site", str(site), "--to", str(dest)).returncode == 0
    older = release_dirs(dest)[0]
    target = dest / "releases" / older / "news/index.html"
    target.unlink()  # not in place: the file is a hard link shared with the newer release
    target.write_text("<p>被篡改</p>", encoding="utf-8")
    newest = current(dest)
    result = run("rollback", "--to", str(dest))
    assert result.returncode == 1
    assert "校验失败" in result.stderr and "news/index.html" in result.stderr
    assert current(dest) == newest


# --- readers during a publish -----------------------------------------------------------


class Reader(threading.Thread):
    """Requests pages and every stylesheet, script and image they use, over and over.

    Each page is matched to the release it came from by its hash; each of its assets
    must then be that same release's file. Errors and mixtures are recorded.
    """

    PAGES = ("/", "/orgs/", "/orgs/sw-nafu/", "/rankings/", "/sites/sw-nafu-shengji/", "/news/", "/search/")

    def __init__(self, web, sites: dict[str, Path]):
        super().__init__(daemon=True)
        self.web = web
        self.manifests = {name: {e.path: e.sha256 for e in read_manifest(site).entries} for name, site in sites.items()}
        self.stop = threading.Event()
        self.problems: list[str] = []
        self.seen: dict[str, int] = {name: 0 for name in sites}
        self.requests = 0

    def _get(self, path: str) -> bytes | None:
        self.requests += 1
        status, _, body = self.web.get(path)
        if status != 200:
            self.problems.append(f"{path}: HTTP {status}")
            return None
        return body

    def run(self) -> None:
        while not self.stop.is_set():
            for page in self.PAGES:
                body = self._get(page)
                if body is None:
                    continue
                file = page.strip("/") + "/index.html" if page != "/" else "index.html"
                digest = hashlib.sha256(body).hexdigest()
                releases = [name for name, files in self.manifests.items() if files.get(file) == digest]
                if not releases:
                    self.problems.append(f"{page}: belongs to no release")
                    continue
                for name in releases:
                    self.seen[name] += 1
                soup = BeautifulSoup(body, "html.parser")
                urls = [t.get("href") for t in soup.select("link[rel=stylesheet]")]
                urls += [t.get("src") for t in soup.select("script[src], img[src]")]
                for url in urls:
                    if url is None or url.startswith(("http:", "https:", "data:")):
                        continue
                    asset = os.path.normpath(os.path.join(os.path.dirname(file), url.split("?")[0]))
                    content = self._get("/" + asset)
                    if content is None:
                        continue
                    sha = hashlib.sha256(content).hexdigest()
                    if not any(self.manifests[name].get(asset) == sha for name in releases):
                        self.problems.append(f"{page} ({'/'.join(releases)}) got {asset} of another release")


def test_readers_never_see_an_error_or_a_mixed_release(site_a, site_b, ssh_server, ssh_env, tmp_path):
    dest = tmp_path / "srv"
    to = ssh_server.dest(dest)
    assert run("publish", "--site", str(site_a), "--to", to, env=ssh_env).returncode == 0
    # The stylesheet differs between the two releases under the same source name.
    css = {name: sorted(p.name for p in (site / "assets").glob("pacesetter.*.css")) for name, site in (("a", site_a), ("b", site_b))}
    assert css["a"] != css["b"]
    with nginx(tmp_path / "nginx", dest) as web:
        reader = Reader(web, {"a": site_a, "b": site_b})
        reader.start()
        try:
            time.sleep(0.5)
            for step in range(3):  # a → b, back to a, b again
                if step == 1:
                    result = run("rollback", "--to", to, env=ssh_env)
                else:
                    result = run("publish", "--site", str(site_b), "--to", to, "--bwlimit", "2000", env=ssh_env)
                assert result.returncode == 0, result.stderr
                time.sleep(0.5)
        finally:
            reader.stop.set()
            reader.join(timeout=30)
    assert reader.problems == []
    assert reader.seen["a"] > 0 and reader.seen["b"] > 0
    assert reader.requests > 50


# --- failures leave the public site as it was ---------------------------------------------


def _wait_for_partial(dest: Path, process: subprocess.Popen, at_least: int = 1) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        partials = list((dest / "releases").glob(".partial-*")) if (dest / "releases").exists() else []
        if partials and sum(f.stat().st_size for f in partials[0].rglob("*") if f.is_file()) >= at_least:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the upload never started")


@pytest.fixture
def published_a(site_a, ssh_server, ssh_env, tmp_path):
    dest = tmp_path / "srv"
    assert run("publish", "--site", str(site_a), "--to", ssh_server.dest(dest), env=ssh_env).returncode == 0
    return dest


@pytest.fixture
def slow_site(site_b, tmp_path) -> Path:
    """Release b plus a 3 MB file: at 1 MB/s its upload takes about three seconds."""
    return derived_site(site_b, tmp_path / "slow", "slow", extra_bytes=3_000_000)


@pytest.mark.parametrize("how", ["SIGKILL to the whole job", "SIGTERM to the command"])
def test_a_publish_killed_mid_upload_leaves_current_as_it_was(how, published_a, site_a, site_b, slow_site, ssh_server,
                                                              ssh_env, tmp_path):
    dest = published_a
    to = ssh_server.dest(dest)
    before = current(dest)
    with nginx(tmp_path / "nginx", dest) as web:
        process = start("publish", "--site", str(slow_site), "--to", to, "--bwlimit", "1000", env=ssh_env)
        _wait_for_partial(dest, process, at_least=200_000)
        if how.startswith("SIGKILL"):
            os.killpg(process.pid, signal.SIGKILL)  # as a CI runner cancels a job
        else:
            process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
        assert process.returncode == (-signal.SIGKILL if how.startswith("SIGKILL") else 128 + signal.SIGTERM)
        assert current(dest) == before
        assert web.get("/")[2] == (site_a / "index.html").read_bytes()
        # The lock went with the killed publish: the next one starts at once and
        # clears what the killed one left.
        after = run("publish", "--site", str(site_b), "--to", to, "--wait", "20", env=ssh_env)
        assert after.returncode == 0, after.stderr
        assert current(dest) == f"000002-{read_manifest(site_b).release}"
        assert web.get("/orgs/sw-nafu/")[2] == (site_b / "orgs/sw-nafu/index.html").read_bytes()
    deadline = time.monotonic() + 20
    while list((dest / "releases").glob(".partial-*")) and time.monotonic() < deadline:
        time.sleep(0.2)  # the host's rsync of the killed publish may still be ending
        run("releases", "--to", to, env=ssh_env)
    assert run("rollback", "--to", to, env=ssh_env).returncode == 0  # clears leftovers under the lock
    assert not list((dest / "releases").glob(".partial-*"))


def test_a_second_publish_refuses_or_waits_while_one_runs(published_a, site_b, slow_site, ssh_server, ssh_env):
    dest = published_a
    to = ssh_server.dest(dest)
    first = start("publish", "--site", str(slow_site), "--to", to, "--bwlimit", "1000", env=ssh_env)
    _wait_for_partial(dest, first)
    refused = run("publish", "--site", str(site_b), "--to", to, "--wait", "0", env=ssh_env)
    assert refused.returncode == 1
    assert "另一次发布或回退正在进行" in refused.stderr and "没有改动任何内容" in refused.stderr
    waiting = start("publish", "--site", str(site_b), "--to", to, "--wait", "60", env=ssh_env)
    first_err = first.communicate(timeout=60)[1]
    assert first.returncode == 0, first_err
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    names = release_dirs(dest)
    assert names[-2] == f"000002-{read_manifest(slow_site).release}"
    assert current(dest) == names[-1] == f"000003-{read_manifest(site_b).release}"


def test_every_host_verifies_the_release_before_any_host_switches(site_a, site_b, ssh_server, ssh_env, tmp_path):
    one, two, local = tmp_path / "one", tmp_path / "two", tmp_path / "local"
    for dest in (one, two):
        assert run("publish", "--site", str(site_a), "--to", ssh_server.dest(dest), env=ssh_env).returncode == 0
    # Host two already claims release b, but one of its files was altered on the host.
    assert run("publish", "--site", str(site_b), "--to", ssh_server.dest(two), env=ssh_env).returncode == 0
    altered = two / "current/rankings/index.html"
    altered.unlink()
    altered.write_text("<p>改动</p>", encoding="utf-8")
    before = current(one)
    result = run("publish", "--site", str(site_b), "--to", ssh_server.dest(one), "--to", ssh_server.dest(two), env=ssh_env)
    assert result.returncode == 1
    assert "校验失败" in result.stderr and "没有任何主机切换到新版本" in result.stderr
    assert current(one) == before and release_dirs(one) == [before]

    # An unreachable host: nothing is uploaded anywhere.
    result = run("publish", "--site", str(site_b), "--to", ssh_server.dest(one), "--to", "/proc/pacesetter", env=ssh_env)
    assert result.returncode == 1
    assert current(one) == before and release_dirs(one) == [before]

    # All well: every host serves the same release.
    result = run("publish", "--site", str(site_b), "--to", ssh_server.dest(one), "--to", str(local), env=ssh_env)
    assert result.returncode == 0, result.stderr
    assert current(one) == current(local) == f"000002-{read_manifest(site_b).release}"
    assert (local / "current/index.html").read_bytes() == (site_b / "index.html").read_bytes()


# --- the shipped nginx site ---------------------------------------------------------------


def test_nginx_serves_pages_fresh_assets_for_a_year_and_pagefind_as_bytes(site_a, tmp_path):
    dest = tmp_path / "srv"
    assert run("publish", "--site", str(site_a), "--to", str(dest)).returncode == 0
    files = [e.path for e in read_manifest(site_a).entries]
    css = next(p for p in files if re.fullmatch(r"assets/pacesetter\.[0-9a-f]{8}\.css", p))
    meta = next(p for p in files if p.endswith(".pf_meta"))
    gz = {"Accept-Encoding": "gzip"}
    with nginx(tmp_path / "nginx", dest) as web:
        status, headers, _ = web.get("/", gz)
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Cache-Control"] == "no-cache" and headers["Content-Encoding"] == "gzip"
        assert headers["X-Content-Type-Options"] == "nosniff"

        status, headers, body = web.get("/" + css, gz)
        assert status == 200 and headers["Content-Type"] == "text/css"
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"

        status, headers, body = web.get("/" + meta, gz)
        assert status == 200 and headers["Content-Type"] == "application/octet-stream"
        assert "Content-Encoding" not in headers  # Pagefind decompresses it itself
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert body == (site_a / meta).read_bytes()
        assert web.get("/pagefind/pagefind-entry.json")[1]["Cache-Control"] == "no-cache"
        assert web.get("/pagefind/pagefind.js")[1]["Content-Type"] == "application/javascript; charset=utf-8"

        assert web.get("/data/files/orgs.csv")[1]["Content-Type"] == "text/csv; charset=utf-8"
        assert web.get("/feed.xml")[1]["Content-Type"] == "application/atom+xml; charset=utf-8"

        status, headers, _ = web.get("/orgs/sw-nafu")
        assert status == 301 and headers["Location"] == "/orgs/sw-nafu/"  # relative: right behind any proxy
        status, _, body = web.get("/orgs/no-such-org/")
        assert status == 404 and body == (site_a / "404.html").read_bytes()


# --- the pipelines ---------------------------------------------------------------------------


def _ci(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GITLAB_", "PACESETTER_"))}
    return subprocess.run([str(ROOT / "scripts/ci"), *args], capture_output=True, text=True, cwd=ROOT,
                          env={**base, "PACESETTER_VENV": sys.prefix, **env}, timeout=300)


def test_the_pipeline_publish_step_uses_only_the_documented_variables(site_a, site_b, ssh_server, tmp_path):
    key_dir = Path(ssh_server.ssh_command.split(" -i ")[1].split()[0]).parent
    dest = tmp_path / "srv"
    env = {
        "PACESETTER_PUBLISH_TO": ssh_server.dest(dest),
        "PACESETTER_SSH_KEY": (key_dir / "client_key").read_text(),  # as a masked secret: the key's text
        "PACESETTER_SSH_KNOWN_HOSTS": str(key_dir / "known_hosts"),   # as a GitLab "File" variable: a path
        "PACESETTER_SSH_PORT": str(ssh_server.port),
        "PACESETTER_SITE_DIR": str(site_a),
    }
    result = _ci("publish", env=env)
    assert result.returncode == 0, result.stderr
    assert current(dest) == f"000001-{read_manifest(site_a).release}"
    assert _ci("publish", env={**env, "PACESETTER_SITE_DIR": str(site_b)}).returncode == 0
    assert _ci("rollback", env=env).returncode == 0
    assert current(dest) == f"000001-{read_manifest(site_a).release}"
    # Without the hosts' keys it refuses rather than trusting whatever answers.
    refused = _ci("publish", env={k: v for k, v in env.items() if k != "PACESETTER_SSH_KNOWN_HOSTS"})
    assert refused.returncode == 2 and "PACESETTER_SSH_KNOWN_HOSTS" in refused.stderr


def test_the_pipeline_check_step_annotates_for_github_and_gitlab(tmp_path):
    broken = build_case(CASES / "all-errors-sorted", tmp_path / "broken")
    github = _ci("check", "--data", str(broken), env={"GITHUB_ACTIONS": "true"})
    assert github.returncode == 1
    assert re.search(r"^::error file=[^,]+,line=\d+,col=\d+::", github.stdout, re.M)
    codequality = tmp_path / "gl-code-quality-report.json"
    gitlab = _ci("check", "--data", str(broken), env={"GITLAB_CI": "true", "PACESETTER_CODEQUALITY": str(codequality)})
    assert gitlab.returncode == 1 and "错误" in gitlab.stdout
    report = json.loads(codequality.read_text(encoding="utf-8"))
    assert report and all(set(issue) >= {"description", "fingerprint", "severity", "location"} for issue in report)
    assert all(issue["location"]["positions"]["begin"]["line"] >= 1 for issue in report)
    assert len({issue["fingerprint"] for issue in report}) == len(report)


def _yaml(path: Path):
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _steps(script) -> list[str]:
    lines = script if isinstance(script, list) else [script]
    return [m.group(1) for line in lines for m in re.finditer(r"scripts/ci (\w+)", str(line))]


def test_both_pipelines_run_the_same_steps_through_scripts_ci():
    known = set(re.findall(r"^  (\w+)\)$", (ROOT / "scripts/ci").read_text(encoding="utf-8"), re.M))
    assert known == {"check", "build", "test", "publish", "rollback"}

    gitlab = _yaml(ROOT / ".gitlab-ci.yml")
    jobs = {name: job for name, job in gitlab.items() if isinstance(job, dict) and "script" in job}
    assert {name: _steps(job["script"]) for name, job in jobs.items()} == {
        "check": ["check"], "build": ["build"], "test": ["test"], "publish": ["publish"], "rollback": ["rollback"]}
    assert "site/" in jobs["build"]["artifacts"]["paths"]
    assert jobs["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "merge_request_event" in jobs["test"]["rules"][0]["if"]
    for name in ("publish", "rollback"):
        assert jobs[name]["rules"][0]["if"] == "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
        assert jobs[name]["resource_group"] == "production" and jobs[name]["interruptible"] is False
    assert jobs["rollback"]["rules"][0]["when"] == "manual"

    github = _yaml(ROOT / ".github/workflows/column.yml")
    assert set(github["on"]) == {"pull_request", "push", "workflow_dispatch"}
    gh_jobs = github["jobs"]
    assert {name: [s for step in job["steps"] for s in _steps(step.get("run", ""))] for name, job in gh_jobs.items()} == {
        "check": ["check"], "build": ["build"], "test": ["test"], "publish": ["publish"], "rollback": ["rollback"]}
    assert "pull_request" in gh_jobs["test"]["if"] and "pull_request" not in gh_jobs["publish"]["if"].replace("!= 'pull_request'", "")
    assert any(step.get("uses", "").startswith("actions/upload-artifact") and step["with"]["path"] == "site/"
               for step in gh_jobs["build"]["steps"])
    for name in ("publish", "rollback"):
        assert gh_jobs[name]["concurrency"] == {"group": "production", "cancel-in-progress": False}
        env = next(step["env"] for step in gh_jobs[name]["steps"] if "env" in step)
        documented = set(re.findall(r"PACESETTER_\w+", (ROOT / "docs/operators.md").read_text(encoding="utf-8")))
        assert set(env) <= documented
