"""Real servers for the publishing tests: Debian's sshd and nginx, on 127.0.0.1 only.

Keys are generated per test session; nothing is read from or written to the user's
own ~/.ssh. The servers run in the foreground as children of the test process and are
stopped when their context ends.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pacesetter.processes import stop

ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = ROOT / "deploy/nginx/pacesetter.conf"
SSHD = "/usr/sbin/sshd"
NGINX = "/usr/sbin/nginx"


def missing_tools() -> list[str]:
    wanted = {SSHD: "openssh-server", NGINX: "nginx", "ssh": "openssh-client", "rsync": "rsync",
              "ssh-keygen": "openssh-client", "flock": "util-linux"}
    return sorted({pkg for tool, pkg in wanted.items() if shutil.which(tool) is None})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text(errors='replace') if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port}")


@dataclass(frozen=True)
class Sshd:
    port: int
    user: str
    ssh_command: str  # for PACESETTER_SSH / --ssh

    def dest(self, path: Path | str) -> str:
        return f"{self.user}@127.0.0.1:{path}"


@contextmanager
def sshd(base: Path):
    """An sshd on a free loopback port accepting one key generated here, for this user."""
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o700)
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pacesetter-test", "-f", str(base / name)],
                       check=True)
    shutil.copy(base / "client_key.pub", base / "authorized_keys")
    port = free_port()
    host_pub = (base / "host_key.pub").read_text().split()
    (base / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_pub[0]} {host_pub[1]}\n")
    (base / "sshd_config").write_text("\n".join([
        f"Port {port}",
        "ListenAddress 127.0.0.1",
        f"HostKey {base / 'host_key'}",
        f"PidFile {base / 'sshd.pid'}",
        f"AuthorizedKeysFile {base / 'authorized_keys'}",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "PermitRootLogin prohibit-password",
        "MaxStartups 50:30:100",
        "MaxSessions 50",
        "LogLevel ERROR",
    ]) + "\n")
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    log = base / "sshd.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(base / "sshd_config")],
                                   stdout=subprocess.DEVNULL, stderr=log_file)
    try:
        _wait_for_port(port, process, "sshd", log)
        ssh = " ".join(shlex.quote(a) for a in [
            "ssh", "-i", str(base / "client_key"), "-p", str(port), "-F", "/dev/null",
            "-o", f"UserKnownHostsFile={base / 'known_hosts'}", "-o", "StrictHostKeyChecking=yes",
            "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10"])
        user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        yield Sshd(port, user, ssh)
    finally:
        stop(process)


@dataclass(frozen=True)
class Nginx:
    port: int
    base: Path

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, headers: dict[str, str] | None = None):
        """(status, headers, body) of one request; errors are answers, not exceptions."""
        request = urllib.request.Request(self.url(path), headers=headers or {})
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextmanager
def nginx(base: Path, dest: Path):
    """Debian's nginx serving the shipped site configuration, pointed at ``dest``."""
    base.mkdir(parents=True, exist_ok=True)
    port = free_port()
    site = NGINX_SITE.read_text(encoding="utf-8")
    assert "listen 80;" in site and "/srv/pacesetter/" in site
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/pacesetter/", f"{dest}/")
    (base / "site.conf").write_text(site, encoding="utf-8")
    temp = "".join(f"    {kind}_temp_path {base / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (base / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {base / 'nginx.pid'};\nerror_log {base / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log {base / 'access.log'};\n{temp}    include {base / 'site.conf'};\n}}\n")
    test = subprocess.run([NGINX, "-t", "-p", str(base), "-c", str(base / "nginx.conf")], capture_output=True, text=True)
    if test.returncode != 0:
        raise RuntimeError(f"nginx -t failed: {test.stderr}")
    log = base / "error.log"
    process = subprocess.Popen([NGINX, "-p", str(base), "-c", str(base / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process, "nginx", log)
        yield Nginx(port, base)
    finally:
        stop(process)
