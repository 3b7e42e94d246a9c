"""decap-server on 127.0.0.1, for trying the editor on one's own machine (``pacesetter serve --editor``).

decap-server (installed by ``npm ci`` in ``editor/``, see scripts/setup.sh) answers the
editor page's requests by reading and writing the files of a working tree. It runs
in its file mode: a save writes the file and nothing else (no commit, no branch), so
the live preview rebuilds and ``git diff`` shows what the form changed. It listens on
127.0.0.1 only, and answers only pages from 127.0.0.1 or localhost.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from .. import processes

SERVER = Path("editor") / "node_modules" / "decap-server" / "dist" / "index.js"
DEFAULT_PORT = 8081


class TrialError(Exception):
    """decap-server could not be started (message in Chinese)."""


def api_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api/v1"


def start(root: Path, tree: Path, port: int = DEFAULT_PORT, wait: float = 20.0) -> subprocess.Popen:
    """Start decap-server from ``root``'s ``editor/`` serving ``tree``; returns once it listens."""
    node = shutil.which("node")
    script = root / SERVER
    if node is None or not script.is_file():
        raise TrialError("试用网页编辑器需要 Node.js 和 decap-server：请先运行 scripts/setup.sh --editor"
                         "（或在 editor/ 里运行 npm ci --ignore-scripts）")
    if _listening(port):
        raise TrialError(f"127.0.0.1:{port} 已被占用：用 --editor-port 换一个端口")
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "TMPDIR")}
    env |= {"PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs", "LOG_LEVEL": "warn",
            "GIT_REPO_DIRECTORY": str(tree.resolve())}
    process = subprocess.Popen([node, str(script)], cwd=tree, env=env, stdin=subprocess.DEVNULL,
                               preexec_fn=_die_with_parent)
    deadline = time.monotonic() + wait
    while not _listening(port):
        if process.poll() is not None:
            raise TrialError(f"decap-server 没有启动（退出码 {process.returncode}）")
        if time.monotonic() > deadline:
            processes.stop(process)
            raise TrialError(f"decap-server 在 {wait:.0f} 秒内没有开始监听 127.0.0.1:{port}")
        time.sleep(0.1)
    return process


def _die_with_parent() -> None:
    """In the child, before node starts: if the preview is killed outright, decap-server goes too (Linux)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
