"""Which backend the editor's page talks to.

On the intranet: the organization's own GitLab. An editor logs in there (OAuth with
PKCE: the application id is public, there is no secret and no server of ours), and
each saved change becomes a branch and a merge request, which CI checks like any
other. The addresses come from GitLab CI's own variables; the operator adds only the
application's id (docs/operators.md, “网页编辑器”):

    PACESETTER_EDITOR_APP_ID      the id of the application registered in GitLab (required)
    PACESETTER_EDITOR_GITLAB_URL  GitLab's address; default CI_SERVER_URL
    PACESETTER_EDITOR_REPO        the project, group/name; default CI_PROJECT_PATH
    PACESETTER_EDITOR_BRANCH      the branch merge requests go to; default CI_DEFAULT_BRANCH, else main

For a trial on one's own machine (``pacesetter serve --editor``): decap-server on
127.0.0.1, writing into the working tree, with the live preview beside it.

Variables come from whoever can edit the CI settings or the pipeline, so each is
checked for its shape before it reaches the page; a bad one stops the build.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

APP_ID = "PACESETTER_EDITOR_APP_ID"
GITLAB_URL = "PACESETTER_EDITOR_GITLAB_URL"
REPO = "PACESETTER_EDITOR_REPO"
BRANCH = "PACESETTER_EDITOR_BRANCH"
#: Set by ``pacesetter serve --editor`` for the live preview's build: decap-server's address.
LOCAL_URL = "PACESETTER_EDITOR_LOCAL"

_APP_ID = re.compile(r"[A-Za-z0-9_-]{8,128}\Z")
_REPO = re.compile(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+\Z")
_BRANCH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]{0,99}\Z")


class BackendError(Exception):
    """A variable for the editor is missing or malformed (message in Chinese)."""


def _url(value: str, name: str) -> str:
    parts = urlsplit(value)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password
            or parts.query or parts.fragment or any(c.isspace() or c in "\"'<>\\" for c in value)):
        raise BackendError(f"{name} 应是 GitLab 的网址，例如 https://gitlab.内网域名，不带用户名、口令和参数")
    return value.rstrip("/")


def gitlab(environ: Mapping[str, str]) -> dict | None:
    """The GitLab backend from the variables, or None when no application id is set."""
    app_id = environ.get(APP_ID, "").strip()
    if not app_id:
        return None
    if not _APP_ID.fullmatch(app_id):
        raise BackendError(f"{APP_ID} 应是 GitLab 应用的 Application ID（字母和数字）")
    base = environ.get(GITLAB_URL) or environ.get("CI_SERVER_URL") or ""
    if not base:
        raise BackendError(f"请设置 {GITLAB_URL}（GitLab 的网址）；在 GitLab CI 里默认取 CI_SERVER_URL")
    base = _url(base, GITLAB_URL)
    repo = environ.get(REPO) or environ.get("CI_PROJECT_PATH") or ""
    if not _REPO.fullmatch(repo) or ".." in repo.split("/"):
        raise BackendError(f"请设置 {REPO}，写成“组/项目”；在 GitLab CI 里默认取 CI_PROJECT_PATH")
    branch = environ.get(BRANCH) or environ.get("CI_DEFAULT_BRANCH") or "main"
    if not _BRANCH.fullmatch(branch) or ".." in branch:
        raise BackendError(f"{BRANCH} 不是有效的分支名")
    return {
        "name": "gitlab",
        "repo": repo,
        "branch": branch,
        "auth_type": "pkce",
        "app_id": app_id,
        "base_url": base,
        "auth_endpoint": "oauth/authorize",
        "api_root": base + "/api/v4",
        "squash_merges": True,
        "commit_messages": {
            "create": "新增{{collection}}：{{slug}}",
            "update": "修改{{collection}}：{{slug}}",
            "delete": "删除{{collection}}：{{slug}}",
            "uploadMedia": "上传照片：{{path}}",
            "deleteMedia": "删除照片：{{path}}",
        },
    }


def local(environ: Mapping[str, str]) -> dict | None:
    """decap-server on this machine, when ``pacesetter serve --editor`` started one."""
    url = environ.get(LOCAL_URL, "")
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or parts.path != "/api/v1" or parts.query:
        raise BackendError(f"{LOCAL_URL} 只能是本机的 decap-server，例如 http://127.0.0.1:8081/api/v1")
    return {"name": "proxy", "proxy_url": url, "branch": "main"}


def backend(environ: Mapping[str, str]) -> dict | None:
    """The backend for this build: the local trial's first, then GitLab's; None if neither is set."""
    return local(environ) or gitlab(environ)
