"""The editor's page, ``/admin/``, written into the built site.

The page loads Decap CMS from the column's own server (``decap-cms-<version>/``, with
a subresource-integrity hash), then ``editor.<hash>.js``, which adds what the column
needs (static/editor.js) and starts the editor with ``config.yml``. Without a backend
(no GitLab application set up, no local trial) the page says so and loads nothing.

Nothing here reads the clock or the environment: the same data, backend and bundle
give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from importlib import resources
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML

from ..contract import decap
from . import vendor

ADMIN_DIR = "admin"
#: Shown at the top of the committed copy of the configuration.
GENERATED = ("# 网页编辑器（Decap CMS）的设置，由 `pacesetter schemas` 按数据约定和 column.yaml 生成，不要手改。\n"
             "# 构建时再加上后端（GitLab 或本机试用），写到站点的 admin/config.yml。\n")


def config(words: dict[str, list[str]], backend: dict | None = None, site_url: str = "/", data: str = "data") -> dict:
    """The whole configuration: the contract's collections, and the backend when there is one."""
    settings = decap.config(words, data)
    settings["site_url"] = settings["display_url"] = site_url
    settings["logo"] = {"src": "logo.svg", "show_in_header": True}
    if backend is not None:
        settings = {"backend": backend} | settings
        if backend["name"] == "proxy":
            # decap-server writes straight into the working tree: no branches to review.
            settings["publish_mode"] = "simple"
    return settings


def dump(settings: dict) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False
    out = StringIO()
    yaml.dump(settings, out)
    return out.getvalue()


def committed_text(words: dict[str, list[str]]) -> str:
    """``editor/config.yml``: the configuration without a backend, for review and for CI to compare."""
    return GENERATED + dump(config(words))


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def logo(title: str) -> bytes:
    """The column's name in its red, for the editor's login page and header."""
    width = 24 * len(title) + 56
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="48" viewBox="0 0 {width} 48">'
           f'<rect width="40" height="40" x="0" y="4" rx="6" fill="#b71c1c"/>'
           f'<path d="M20 11l2.9 6.9 7.4.6-5.6 4.9 1.7 7.3L20 26.8l-6.4 3.9 1.7-7.3-5.6-4.9 7.4-.6z" fill="#ffd54f"/>'
           f'<text x="52" y="33" font-size="22" font-family="sans-serif" fill="#b71c1c">{escape(title)}</text></svg>')
    return svg.encode("utf-8")


#: The column's own controls inside Decap's form (the year-keyed map), in Decap's sizes.
STYLE = """<style>
.ps-yearmap-row { display: flex; gap: .5rem; align-items: center; margin: .4rem 0; }
.ps-yearmap-row input, .ps-yearmap-row select { font-size: 15px; padding: .35rem .5rem;
  border: 2px solid #dfdfe3; border-radius: 5px; background: #fff; }
.ps-yearmap-row input { width: 5.5rem; }
.ps-yearmap-row button, .ps-yearmap-add { font-size: 14px; padding: .35rem .8rem; border: 0; border-radius: 5px;
  background: #eff0f4; color: #313d3e; cursor: pointer; }
.ps-yearmap-add { margin-top: .3rem; background: #fcefea; color: #b71c1c; }
/* The column's red along the top of Decap's header (its components' names are in its class names). */
header[class*="-AppHeader"], div[class*="-ToolbarContainer"] { border-top: 4px solid #b71c1c; }
</style>
"""


def page(title: str, body: str, head: str = "") -> str:
    return ("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            f"<title>网页编辑器 · {escape(title)}</title>\n{head}</head>\n<body>\n{body}</body>\n</html>\n")


def not_set_up(title: str) -> str:
    return page(title, head="<meta name=\"color-scheme\" content=\"light dark\">\n", body=(
        "<main style=\"max-width:36rem;margin:3rem auto;padding:0 1rem;font:1.1rem/1.7 sans-serif\">\n"
        f"<h1 style=\"color:#c62828;font-size:1.5rem\">{escape(title)} · 网页编辑器</h1>\n"
        "<p>网页编辑器还没有接入本单位的 GitLab。请运维人员按运维文档“网页编辑器”一节注册 GitLab 应用，"
        "并设置 CI 变量 <code>PACESETTER_EDITOR_APP_ID</code>。</p>\n"
        "<p>在自己的电脑上试用：<code>pacesetter serve --editor</code>。</p>\n"
        "<p><a href=\"../guide/\">编辑指南</a> · <a href=\"../\">返回专栏首页</a></p>\n</main>\n"))


def write(site_dir: Path, root: Path, *, title: str, words: dict[str, list[str]], backend: dict | None,
          styles: list[str], site_url: str = "/", data: str = "data") -> None:
    """Write ``admin/`` under ``site_dir``.

    ``root`` is the project's root (where ``editor/vendor`` is); ``styles`` the column's
    stylesheets, as paths from the site's root, for the preview pane.
    Raises vendor.VendorError when the backend is set but the bundle was never fetched.
    """
    out = site_dir / ADMIN_DIR
    out.mkdir(parents=True, exist_ok=True)

    def put(name: str, content: bytes) -> None:
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)

    if backend is None:
        put("index.html", not_set_up(title).encode("utf-8"))
        return
    absent = vendor.missing(root)
    if absent:
        names = "、".join(f"{p.name}@{p.version}" for p in absent)
        raise vendor.VendorError(f"网页编辑器需要的 {names} 还没有下载：请运行 scripts/setup.sh 里的"
                                 f" `pacesetter editor fetch`（要用 npm）")
    main_script = f"{vendor.DECAP.folder}/dist/decap-cms.js"
    bundle = b""
    for package in vendor.PACKAGES:
        base = vendor.folder_of(root, package)
        for name in vendor.vendored_files(root, package):
            content = (base / name).read_bytes()
            put(f"{package.folder}/{name}", content)
            if f"{package.folder}/{name}" == main_script:
                bundle = content  # its integrity goes into the page
    put("config.yml", dump(config(words, backend, site_url, data)).encode("utf-8"))
    put("logo.svg", logo(title))
    script = _static("editor.js")
    script_name = f"editor.{hashlib.sha256(script).hexdigest()[:8]}.js"
    put(script_name, script)
    settings = {
        "yaml": f"./{vendor.YAML.folder}/browser/dist/index.js",
        "styles": styles,
        "stems": {key: decap.KINDS[key].stem_field for key in decap.EDITED_KINDS},
    }
    # "</" cannot end the script element early: json.dumps escapes no slash, so do it here.
    embedded = json.dumps(settings, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    put("index.html", page(title, (
        f"<script type=\"application/json\" id=\"ps-editor\">{embedded}</script>\n"
        "<noscript>网页编辑器需要浏览器启用 JavaScript。</noscript>\n"
        # Decap starts itself as it loads unless told not to: editor.js starts it once the
        # column's widget, format and preview are registered.
        "<script>window.CMS_MANUAL_INIT = true;</script>\n"
        f"<script src=\"{main_script}\" integrity=\"{vendor.integrity_of(bundle, 'sha384')}\"></script>\n"
        f"<script type=\"module\" src=\"{script_name}\" integrity=\"{vendor.integrity_of(script, 'sha384')}\"></script>\n"),
        "<link rel=\"icon\" href=\"logo.svg\">\n" + STYLE).encode("utf-8"))

