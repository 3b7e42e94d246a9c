"""`pacesetter serve`: rebuilds when a YAML file changes, reports data errors and keeps serving."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .conftest import ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return None


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_yaml_change_and_survives_bad_data(base_data, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "pacesetter.cli", "serve", "--data", str(base_data), "--addr", f"127.0.0.1:{port}"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    page = f"http://127.0.0.1:{port}/orgs/sw-b/"
    org_file = base_data / "orgs/sw-b.yaml"
    try:
        assert _wait_for(lambda: "税务局第二党支部" in (_get(page) or ""))

        org_file.write_text(org_file.read_text(encoding="utf-8").replace("税务局第二党支部", "税务局第二党支部（改）"),
                            encoding="utf-8")
        assert _wait_for(lambda: "税务局第二党支部（改）" in (_get(page) or ""))

        good = org_file.read_text(encoding="utf-8")
        org_file.write_text(good.replace("kind: 党支部", "kind: 支部"), encoding="utf-8")
        assert _wait_for(lambda: '[kind] "支部" 不是允许的值' in (tmp_path / "serve.log").read_text(encoding="utf-8"))
        assert server.poll() is None, "the preview keeps running on bad data"

        org_file.write_text(good.replace("税务局第二党支部（改）", "第二支部"), encoding="utf-8")
        assert _wait_for(lambda: "第二支部" in (_get(page) or ""))
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    assert "Traceback" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
