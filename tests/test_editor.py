"""The editor in the browser: its pinned files, its backends, and the /admin/ page a build writes.

What the editor does in a browser is tested in test_editor_browser.py.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from ruamel.yaml import YAML

from pacesetter.contract.schema import words_of
from pacesetter.editor import admin, backends, vendor
from pacesetter.model import load_column

from .conftest import DEMO, ROOT
from .sitebuild import build_site

GITLAB_ENV = {
    "PACESETTER_EDITOR_APP_ID": "5f0c4a3e9d2b7a1c8e6f4d2b0a9c7e5f3d1b9a7c5e3f1d9b7a5c3e1f9d7b5a3c",
    "CI_SERVER_URL": "https://gitlab.anlan.example",
    "CI_PROJECT_PATH": "zhiji-gongwei/pacesetter",
    "CI_DEFAULT_BRANCH": "main",
}


# ---- the pinned packages --------------------------------------------------------------

def _tarball(members: dict[str, bytes], links: dict[str, str] = {}) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in links.items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return out.getvalue()


def _package(tarball: bytes) -> vendor.Package:
    return vendor.Package("decap-cms", "0.0.1", vendor.integrity_of(tarball),
                          re.compile(r"dist/(decap-cms\.js|[0-9]+\.decap-cms\.js)"))


def test_unpack_takes_only_the_wanted_regular_files(tmp_path):
    tarball = _tarball({
        "package/dist/decap-cms.js": b"bundle",
        "package/dist/12.decap-cms.js": b"chunk",
        "package/dist/decap-cms.js.map": b"map",
        "package/README.md": b"readme",
        "package/dist/../../../escape.js": b"x",
        "/etc/dist/decap-cms.js": b"absolute",
    }, links={"package/dist/7.decap-cms.js": "/etc/passwd"})
    out = tmp_path / "out"
    out.mkdir()
    assert vendor.unpack(tarball, _package(tarball), out) == 2
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "dist/12.decap-cms.js", "dist/decap-cms.js"]
    assert not (tmp_path / "escape.js").exists() and not list(out.rglob("*.map"))


def test_fetch_checks_the_integrity_before_unpacking(tmp_path, monkeypatch):
    good = _tarball({"package/dist/decap-cms.js": b"the pinned bundle"})
    package = _package(good)
    monkeypatch.setattr(vendor, "PACKAGES", (package,))
    tampered = _tarball({"package/dist/decap-cms.js": b"something else"})
    with pytest.raises(vendor.VendorError, match="校验值不符"):
        vendor.fetch(tmp_path, pack=lambda p, into: tampered)
    assert not vendor.folder_of(tmp_path, package).exists()
    assert [p.name for p in (tmp_path / vendor.VENDOR_DIR).iterdir()] == []  # its scratch folder is gone too

    done = vendor.fetch(tmp_path, pack=lambda p, into: good)
    assert done and vendor.is_fetched(tmp_path, package)
    assert (vendor.folder_of(tmp_path, package) / "dist/decap-cms.js").read_bytes() == b"the pinned bundle"
    assert vendor.vendored_files(tmp_path, package) == ["dist/decap-cms.js"]

    def no_second_download(p, into):
        raise AssertionError("fetched again")
    assert vendor.fetch(tmp_path, pack=no_second_download) == []


def test_fetch_never_replaces_a_folder_it_did_not_make(tmp_path, monkeypatch):
    good = _tarball({"package/dist/decap-cms.js": b"bundle"})
    package = _package(good)
    monkeypatch.setattr(vendor, "PACKAGES", (package,))
    someone_elses = vendor.folder_of(tmp_path, package)
    someone_elses.mkdir(parents=True)
    (someone_elses / "notes.txt").write_text("mine")
    with pytest.raises(vendor.VendorError, match="不是本命令建的"):
        vendor.fetch(tmp_path, pack=lambda p, into: good)
    assert (someone_elses / "notes.txt").read_text() == "mine"


def test_fetch_refuses_a_linked_vendor_folder(tmp_path, monkeypatch):
    good = _tarball({"package/dist/decap-cms.js": b"bundle"})
    monkeypatch.setattr(vendor, "PACKAGES", (_package(good),))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "editor").mkdir()
    (tmp_path / vendor.VENDOR_DIR).symlink_to(elsewhere)
    with pytest.raises(vendor.VendorError, match="符号链接"):
        vendor.fetch(tmp_path, pack=lambda p, into: good)
    assert list(elsewhere.iterdir()) == []


def test_the_pins_are_exact_versions_with_sha512():
    for package in vendor.PACKAGES:
        assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+", package.version)
        assert package.integrity.startswith("sha512-") and len(package.integrity) == 95


def test_the_trial_server_is_locked_with_integrity_and_no_download_address():
    lock = json.loads((ROOT / "editor/package-lock.json").read_text(encoding="utf-8"))
    packages = {k: v for k, v in lock["packages"].items() if k}
    assert packages["node_modules/decap-server"]["version"] == "3.11.3"
    assert all(v.get("integrity", "").startswith("sha512-") for v in packages.values())
    assert "resolved" not in (ROOT / "editor/package-lock.json").read_text(encoding="utf-8")


# ---- the backends ---------------------------------------------------------------------

def test_gitlab_backend_from_gitlab_ci_variables():
    backend = backends.gitlab(GITLAB_ENV)
    assert backend["name"] == "gitlab" and backend["auth_type"] == "pkce"
    assert backend["app_id"] == GITLAB_ENV["PACESETTER_EDITOR_APP_ID"]
    assert backend["repo"] == "zhiji-gongwei/pacesetter" and backend["branch"] == "main"
    assert backend["base_url"] == "https://gitlab.anlan.example"
    assert backend["api_root"] == "https://gitlab.anlan.example/api/v4"
    overridden = backends.gitlab(GITLAB_ENV | {"PACESETTER_EDITOR_GITLAB_URL": "http://git.zhiji.example/",
                                               "PACESETTER_EDITOR_REPO": "dangjian/zhuanlan",
                                               "PACESETTER_EDITOR_BRANCH": "release"})
    assert (overridden["base_url"], overridden["repo"], overridden["branch"]) == (
        "http://git.zhiji.example", "dangjian/zhuanlan", "release")


def test_no_application_id_means_no_gitlab_backend():
    assert backends.gitlab({k: v for k, v in GITLAB_ENV.items() if k != "PACESETTER_EDITOR_APP_ID"}) is None
    assert backends.backend({}) is None


@pytest.mark.parametrize("change, variable", [
    ({"PACESETTER_EDITOR_APP_ID": "abc\"><script>"}, "PACESETTER_EDITOR_APP_ID"),
    ({"CI_SERVER_URL": "javascript:alert(1)"}, "PACESETTER_EDITOR_GITLAB_URL"),
    ({"CI_SERVER_URL": "https://user:token@gitlab.anlan.example"}, "PACESETTER_EDITOR_GITLAB_URL"),
    ({"CI_SERVER_URL": ""}, "PACESETTER_EDITOR_GITLAB_URL"),
    ({"CI_PROJECT_PATH": "../other"}, "PACESETTER_EDITOR_REPO"),
    ({"CI_PROJECT_PATH": "single"}, "PACESETTER_EDITOR_REPO"),
    ({"CI_DEFAULT_BRANCH": "main\nx"}, "PACESETTER_EDITOR_BRANCH"),
])
def test_a_malformed_variable_is_named(change, variable):
    with pytest.raises(backends.BackendError, match=variable):
        backends.gitlab(GITLAB_ENV | change)


@pytest.mark.parametrize("url", ["http://10.0.0.5:8081/api/v1", "http://localhost:8081/api/v1",
                                 "https://127.0.0.1:8081/api/v1", "http://127.0.0.1:8081/other"])
def test_the_local_backend_is_loopback_only(url):
    with pytest.raises(backends.BackendError):
        backends.local({backends.LOCAL_URL: url})


def test_the_local_trial_publishes_straight_into_the_tree():
    backend = backends.backend({backends.LOCAL_URL: "http://127.0.0.1:8081/api/v1"} | GITLAB_ENV)
    assert backend == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}
    settings = admin.config({}, backend)
    assert settings["publish_mode"] == "simple"
    assert admin.config({}, backends.gitlab(GITLAB_ENV))["publish_mode"] == "editorial_workflow"


# ---- the configuration and the page -----------------------------------------------------

def test_committed_editor_config_is_current():
    """`pacesetter schemas` writes editor/config.yml; a change of contract or word lists must regenerate it."""
    words = words_of(load_column(DEMO).settings)
    assert (ROOT / "editor/config.yml").read_text(encoding="utf-8") == admin.committed_text(words), \
        "editor/config.yml 不是最新的：请运行 pacesetter schemas"


def test_every_collection_is_written_with_the_columns_own_format():
    settings = admin.config({}, backends.gitlab(GITLAB_ENV))
    assert {c["format"] for c in settings["collections"]} == {"pacesetter-yaml"}
    assert {c["extension"] for c in settings["collections"]} == {"yaml"}
    assert settings["locale"] == "zh_Hans"
    script = (ROOT / "plugins/pacesetter/editor/static/editor.js").read_text(encoding="utf-8")
    assert 'registerCustomFormat("pacesetter-yaml", "yaml"' in script
    assert 'registerWidget("ps-yearmap"' in script


def _demo_copy(tmp_path: Path, editor: bool = True) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    text = (data / "column.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^editor: .*$", f"editor: {'true' if editor else 'false'}", text, flags=re.M)
    (data / "column.yaml").write_text(text, encoding="utf-8")
    return data


def test_without_a_backend_the_page_says_what_to_set_and_loads_nothing(tmp_path, monkeypatch):
    for name in list(GITLAB_ENV) + [backends.LOCAL_URL]:
        monkeypatch.delenv(name, raising=False)
    site = build_site(_demo_copy(tmp_path), tmp_path / "site")
    assert sorted(p.name for p in (site / "admin").iterdir()) == ["index.html"]
    page = BeautifulSoup((site / "admin/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "PACESETTER_EDITOR_APP_ID" in page.get_text() and not page.select("script")
    assert page.select_one('a[href="../"]') is not None  # a way back to the column


def test_without_editor_in_column_yaml_there_is_no_admin(tmp_path, monkeypatch):
    for name, value in GITLAB_ENV.items():
        monkeypatch.setenv(name, value)
    site = build_site(_demo_copy(tmp_path, editor=False), tmp_path / "site")
    assert not (site / "admin").exists()


def test_the_gitlab_build_ships_the_editor_and_its_configuration(tmp_path, monkeypatch):
    for name, value in GITLAB_ENV.items():
        monkeypatch.setenv(name, value)
    site = build_site(_demo_copy(tmp_path), tmp_path / "site")
    settings = YAML(typ="safe").load((site / "admin/config.yml").read_text(encoding="utf-8"))
    assert settings["backend"] == backends.gitlab(GITLAB_ENV)
    assert settings["publish_mode"] == "editorial_workflow"
    assert [c["name"] for c in settings["collections"]] == list(admin.decap.EDITED_KINDS)
    # The same configuration as the committed one, plus the backend and the site's address.
    committed = YAML(typ="safe").load((ROOT / "editor/config.yml").read_text(encoding="utf-8"))
    assert settings["collections"] == committed["collections"]

    page = BeautifulSoup((site / "admin/index.html").read_text(encoding="utf-8"), "html.parser")
    scripts = page.select("script[src]")
    assert [s["src"] for s in scripts] == ["decap-cms-3.16.3/dist/decap-cms.js",
                                           scripts[1]["src"]] and re.fullmatch(r"editor\.[0-9a-f]{8}\.js", scripts[1]["src"])
    for script in scripts:  # each with the hash of the file the build wrote
        assert script["integrity"] == vendor.integrity_of((site / "admin" / script["src"]).read_bytes(), "sha384")
    assert (site / "admin/decap-cms-3.16.3/dist/decap-cms.js").read_bytes() == (
        vendor.folder_of(ROOT, vendor.DECAP) / "dist/decap-cms.js").read_bytes()
    settings = json.loads(page.select_one("#ps-editor").string)
    for href in settings["styles"]:
        assert (site / "admin" / href).resolve().is_file()
    assert settings["styles"][0].startswith("../assets/stylesheets/main.")
    # Nothing in the page names another host.
    assert not re.search(r"(src|href)=\"(https?:)?//", (site / "admin/index.html").read_text(encoding="utf-8"))
    # The editor is no page of the column: not in the sitemap, not searched.
    assert "/admin/" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_bad_variable_stops_the_build_with_its_name(tmp_path, monkeypatch):
    from pacesetter.cli import main

    for name, value in GITLAB_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("PACESETTER_EDITOR_APP_ID", "<script>")
    monkeypatch.chdir(ROOT)
    assert main(["build", "--data", str(_demo_copy(tmp_path)), "--out", str(tmp_path / "site")]) != 0
    assert not (tmp_path / "site/admin/config.yml").exists()


def test_two_builds_of_the_editor_are_byte_identical(tmp_path, monkeypatch):
    for name, value in GITLAB_ENV.items():
        monkeypatch.setenv(name, value)
    data = _demo_copy(tmp_path)
    first = build_site(data, tmp_path / "one") / "admin"
    second = build_site(data, tmp_path / "two") / "admin"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
