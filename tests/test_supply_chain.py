"""Hardening, class 10: what CI installs and runs is fixed by the repository, not resolved afresh.

The locks pin every package with its hash and hold every dependency pyproject.toml
declares; the set-up script installs from them with --require-hashes; the GitHub
workflow pins each action to a commit, keeps no token in the checkout and limits every
job's time, and the GitLab pipeline limits every job's time.
"""

from __future__ import annotations

import re

import pytest
from packaging.requirements import Requirement
from ruamel.yaml import YAML

from .conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    tomllib = None


def _locked(name: str) -> dict[str, str]:
    """package -> version of a lock, each entry checked to carry at least one sha256."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[a-z0-9])", text.split("\n", 1)[1] if text.startswith("#") else text)
    locked = {}
    for entry in entries:
        match = re.match(r"([a-z0-9][a-z0-9._-]*)==([^ \\\n]+)", entry)
        if not match:
            continue
        assert "--hash=sha256:" in entry, entry.splitlines()[0]
        locked[match.group(1)] = match.group(2)
    return locked


def _declared(extra: str | None) -> list[Requirement]:
    if tomllib is None:
        pytest.skip("tomllib needs Python 3.11")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return [Requirement(spec) for spec in names]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize(("lock", "extra"), [("base.txt", None), ("test.txt", "test")])
def test_every_declared_dependency_is_locked_with_a_hash_and_allowed_version(lock, extra):
    locked = {_canonical(k): v for k, v in _locked(lock).items()}
    for requirement in _declared(extra):
        name = _canonical(requirement.name)
        assert name in locked, f"{requirement.name} 不在 requirements/{lock} 中：运行 docs/developers.md 里的 pip-compile 命令"
        assert requirement.specifier.contains(locked[name], prereleases=True), (requirement, locked[name])
    assert "setuptools" in locked  # the build backend, installed without build isolation


def test_markupsafe_is_declared():
    assert "markupsafe" in {_canonical(r.name) for r in _declared(None)}


def test_setup_installs_only_from_the_lock_with_hashes():
    setup = (ROOT / "scripts/setup.sh").read_text(encoding="utf-8")
    installs = [line.strip() for line in setup.splitlines() if "pip install" in line and not line.strip().startswith("#")]
    assert installs, "scripts/setup.sh installs nothing"
    assert all("--require-hashes" in line or "--no-deps" in line for line in installs), installs
    assert any("--require-hashes" in line and "-r" in line for line in installs)
    assert all("--upgrade" not in line for line in installs)


def _yaml(path):
    return YAML(typ="safe").load((ROOT / path).read_text(encoding="utf-8"))


def test_github_actions_are_pinned_and_limited():
    workflow = _yaml(".github/workflows/column.yml")
    for name, job in workflow["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: timeout-minutes"
        for step in job["steps"]:
            uses = step.get("uses")
            if uses is None:
                continue
            assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", uses), f"{name}: {uses} 没有固定到提交"
            if uses.startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{name}: persist-credentials"


def test_gitlab_jobs_are_limited():
    pipeline = _yaml(".gitlab-ci.yml")
    default = pipeline.get("default", {}).get("timeout")
    jobs = {k: v for k, v in pipeline.items() if isinstance(v, dict) and "script" in v}
    assert jobs
    for name, job in jobs.items():
        assert job.get("timeout") or default, f"{name}: timeout"
    assert "requirements/test.txt" in pipeline["default"]["cache"][0]["key"]["files"]
