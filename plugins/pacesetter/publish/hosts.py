"""Where a release goes: a folder on this machine or ``user@host:/path`` over ssh.

Both kinds run the same small POSIX shell scripts (coreutils, ``flock`` and ``rsync``,
which every Debian-based server has), locally through ``sh`` or remotely through
``ssh``; nothing needs Python on the web server.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass

#: ``user@host:/path`` or ``host:/path`` (a colon before any slash), as rsync reads it.
_REMOTE = re.compile(r"^(?P<login>[^/:\s]+):(?P<path>/.*)\Z")


class HostError(Exception):
    """A command on a host failed; the message is ready for the operator."""


@dataclass(frozen=True)
class Host:
    """One destination. ``login`` is None for a local folder."""

    spec: str
    path: str
    login: str | None
    ssh: tuple[str, ...]

    @classmethod
    def parse(cls, spec: str, ssh_command: str = "ssh") -> "Host":
        match = _REMOTE.match(spec)
        if match:
            path = match.group("path").rstrip("/") or "/"
            return cls(spec, path, match.group("login"), tuple(shlex.split(ssh_command)))
        if ":" in spec.split("/", 1)[0]:
            raise HostError(f"发布目标 {spec!r} 看不懂：远程目标写作 用户@主机:/绝对路径，本地目标写文件夹路径")
        if not spec.startswith("/"):
            raise HostError(f"本地发布目标要写绝对路径：{spec!r}")
        return cls(spec, spec.rstrip("/") or "/", None, ())

    @property
    def remote(self) -> bool:
        return self.login is not None

    def argv(self, script: str, *args: str) -> list[str]:
        """The command that runs ``script`` (with ``$1``… = ``args``) on this host."""
        command = ["sh", "-c", script, "pacesetter", *args]
        if not self.remote:
            return command
        # ssh joins its arguments into one line for the remote shell: quote each part.
        return [*self._ssh_batch, "--", self.login, " ".join(shlex.quote(a) for a in command)]

    def run(self, script: str, *args: str, input: str | None = None, timeout: float | None = 600) -> str:
        try:
            done = subprocess.run(self.argv(script, *args), input=input, capture_output=True, text=True, timeout=timeout)
        except FileNotFoundError as exc:
            raise HostError(f"{self.spec}: 找不到命令 {exc.filename}") from None
        except subprocess.TimeoutExpired:
            raise HostError(f"{self.spec}: 命令超过 {timeout:.0f} 秒没有结束") from None
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise HostError(f"{self.spec}: {detail[-1] if detail else f'命令失败（退出码 {done.returncode}）'}")
        return done.stdout

    def rsync_target(self, folder: str) -> str:
        return f"{self.login}:{folder}" if self.remote else folder

    def rsync_shell(self) -> list[str]:
        if not self.remote:
            return []
        return ["-e", " ".join(shlex.quote(a) for a in self._ssh_batch)]

    @property
    def _ssh_batch(self) -> tuple[str, ...]:
        # Never stop to ask for a password or passphrase: CI has nobody to answer.
        return (*self.ssh, "-o", "BatchMode=yes")
