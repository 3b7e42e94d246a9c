"""Publishing a built site as a release, switching to it atomically, and rolling back.

On every host the layout is::

    DEST/releases/000007-3fa2b1c9e0d41a2b/   one complete, verified site per release
    DEST/current  -> releases/000007-…       what the web server serves (its root)
    DEST/previous -> releases/000006-…       the release served before the last switch
    DEST/.publish.lock                       held (flock) while a publish or rollback runs

A publish checks the site against its build manifest, takes every host's lock,
uploads into a hidden ``releases/.partial-…`` folder (rsync, hard-linking files that
did not change), checks every file's SHA-256 on the host, and only when *every* host
holds the verified release switches ``current`` on each with ``rename(2)``. A publish
that fails or is killed before that leaves every ``current`` as it was; the next
publish removes what it left behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import select
import shutil
import subprocess
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from .hosts import Host, HostError
from .manifest import MANIFEST_NAME, Manifest, ManifestError, parse_manifest, verify_site
from ..sources import BUILD_MARK

NAME = re.compile(r"^([0-9]{6})-([0-9a-f]{16})\Z")
LOCK_BUSY = 75
DEFAULT_KEEP = 5

Say = Callable[[str], None]


class PublishError(Exception):
    """Publishing or rolling back stopped; the public site is as it was (the message says otherwise)."""


@dataclass
class State:
    current: str | None = None
    previous: str | None = None
    releases: list[str] = field(default_factory=list)

    @staticmethod
    def seq(name: str) -> int:
        return int(name[:6])


_STATE = r"""
cd "$1" || exit 1
if [ "$2" = clean ]; then rm -rf releases/.partial-*; fi
printf 'current %s\n' "$(readlink current 2>/dev/null)"
printf 'previous %s\n' "$(readlink previous 2>/dev/null)"
for d in releases/*; do [ -d "$d" ] && printf 'release %s\n' "${d#releases/}"; done
exit 0
"""

_VERIFY = r"""
cd "$1" || exit 1
if ! out=$(sha256sum --quiet --strict -c - 2>&1); then
  echo "校验失败：$(printf '%s' "$out" | head -n 3 | tr '\n' ' ')" >&2; exit 1
fi
count=$(find . -type f | wc -l)
[ "$count" -eq "$2" ] || { echo "文件数是 $count，清单上是 $2" >&2; exit 1; }
other=$(find . ! -type f ! -type d | head -n 1)
[ -z "$other" ] || { echo "发布的站点里不应有 $other" >&2; exit 1; }
if [ -n "$3" ]; then mv -T "$1" "$3"; fi
"""

_SWITCH = r"""
cd "$1" || exit 1
if [ -z "$2" ]; then rm -f current; exit 0; fi
[ -d "releases/$2" ] || { echo "版本 $2 不在 $1/releases 中" >&2; exit 1; }
old=$(readlink current 2>/dev/null || true)
if [ -n "$old" ] && [ "$old" != "releases/$2" ]; then
  ln -sfn "$old" .previous.new && mv -T .previous.new previous
fi
ln -sfn "releases/$2" .current.new && mv -T .current.new current
"""

_REMOVE = r"""
cd "$1/releases" || exit 1
shift
rm -rf -- "$@"
"""


class Lock:
    """``flock`` on the host, held for as long as this process keeps a pipe open.

    If the publisher dies (even by SIGKILL) the pipe closes, ``cat`` ends and the
    host releases the lock by itself: no stale lock files to clean by hand.
    """

    def __init__(self, host: Host, wait: float):
        self.host, self.wait = host, wait
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Lock":
        how = "-n" if self.wait <= 0 else f"-w {int(self.wait)}"
        script = (f'mkdir -p "$1/releases" && exec flock {how} -E {LOCK_BUSY} "$1/.publish.lock" '
                  "sh -c 'echo locked; exec cat >/dev/null'")
        self.process = subprocess.Popen(self.host.argv(script, self.host.path), stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], max(self.wait, 0) + 120)
        line = self.process.stdout.readline() if ready else ""
        if line.strip() != "locked":
            self.release()
            code = self.process.returncode
            if code == LOCK_BUSY:
                raise PublishError(f"{self.host.spec}: 另一次发布或回退正在进行" +
                                   (f"，等了 {self.wait:.0f} 秒仍未结束" if self.wait > 0 else "") + "；本次没有改动任何内容")
            error = (self.process.stderr.read() if self.process.stderr else "").strip().splitlines()
            raise PublishError(f"{self.host.spec}: 无法连接或加锁（{error[-1] if error else f'退出码 {code}'}）")
        return self

    def release(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()

    def __exit__(self, *exc) -> None:
        self.release()


def read_state(host: Host, clean: bool = False) -> State:
    state = State()
    for line in host.run(_STATE, host.path, "clean" if clean else "").splitlines():
        key, _, value = line.partition(" ")
        value = value.strip()
        if key == "release" and NAME.match(value):
            state.releases.append(value)
        elif key in ("current", "previous") and value.startswith("releases/") and NAME.match(value[9:]):
            setattr(state, key, value[9:])
    state.releases.sort(key=State.seq)
    return state


def _remote_manifest(host: Host, name: str) -> Manifest:
    text = host.run('cat "$1"', f"{host.path}/releases/{name}/{MANIFEST_NAME}")
    manifest = parse_manifest(text, f"{host.spec} 的版本 {name}")
    if NAME.match(name).group(2) != manifest.release:
        raise ManifestError(f"{host.spec}: 版本 {name} 的清单属于另一个版本 {manifest.release}")
    return manifest


def _verify(host: Host, folder: str, manifest: Manifest, sums_extra: str = "", seal_as: str = "") -> None:
    """Check every file of ``folder`` on the host against the manifest (and rename it when asked)."""
    count = len(manifest.entries) + 1  # the manifest itself
    host.run(_VERIFY, folder, str(count), seal_as, input=manifest.sums() + sums_extra)


@dataclass(frozen=True)
class Sent:
    """What an upload moved, from rsync's ``--stats``: the files it sent (the others are hard links
    to the current release) and the bytes it sent, with the file list and the deltas."""
    files: int
    bytes: int

    def __str__(self) -> str:
        return f"传送 {self.files:,} 个变化的文件，共发送 {self.bytes / 1e6:.2f} MB"


_STATS = re.compile(r"^(Number of regular files transferred|Total bytes sent): ([0-9]+)$", re.M)


def sent_by(stats: str) -> Sent | None:
    """What rsync's ``--stats`` output says it sent; None when an rsync words it otherwise."""
    found = dict(_STATS.findall(stats))
    if len(found) != 2:
        return None
    return Sent(int(found["Number of regular files transferred"]), int(found["Total bytes sent"]))


def rsync_argv(host: Host, site: Path, folder: str, link_dest: str | None, bwlimit: int | None) -> list[str]:
    """The upload of ``site`` into ``folder`` on ``host``, unchanged files hard-linked from ``link_dest``."""
    # --checksum, not size and time: every build writes new times, and unchanged files
    # should be hard links to the current release rather than new copies. The statistics
    # in plain digits (--no-human-readable) say what the upload cost.
    argv = ["rsync", "--recursive", "--checksum", "--delete", "--chmod=D755,F644", "--timeout=120",
            "--stats", "--no-human-readable", f"--exclude=/{BUILD_MARK}", *host.rsync_shell()]
    if link_dest:
        argv.append(f"--link-dest={link_dest}")
    if bwlimit:
        argv.append(f"--bwlimit={bwlimit}")
    return argv + [f"{site}/", host.rsync_target(folder + "/")]


def _upload(host: Host, site: Path, folder: str, link_dest: str | None, bwlimit: int | None) -> Sent | None:
    done = subprocess.run(rsync_argv(host, site, folder, link_dest, bwlimit), capture_output=True, text=True)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise HostError(f"{host.spec}: 上传失败（{detail[-1] if detail else f'rsync 退出码 {done.returncode}'}）")
    return sent_by(done.stdout)


def _switch(host: Host, name: str | None) -> None:
    host.run(_SWITCH, host.path, name or "")


def _prune(host: Host, keep: int, say: Say) -> None:
    state = read_state(host)
    # What is served and what was served just before always stay (the web server
    # falls back to the latter for a page's assets); the newest others fill up to keep.
    kept = {n for n in (state.current, state.previous) if n}
    for name in reversed(state.releases):
        if len(kept) >= keep:
            break
        kept.add(name)
    old = [n for n in state.releases if n not in kept]
    if old:
        host.run(_REMOVE, host.path, *old)
        say(f"{host.spec}: 删除旧版本 {', '.join(old)}")


def _locked(stack: ExitStack, hosts: list[Host], wait: float) -> None:
    # Always in the same order, so that two publishers to the same hosts cannot deadlock.
    for host in sorted(hosts, key=lambda h: h.spec):
        stack.enter_context(Lock(host, wait))


def _switch_all(targets: list[tuple[Host, str, State]], say: Say) -> None:
    """Switch every host; if one fails, put the ones already switched back."""
    switched: list[tuple[Host, State]] = []
    try:
        for host, name, state in targets:
            _switch(host, name)
            switched.append((host, state))
            say(f"{host.spec}: current → releases/{name}")
    except HostError as exc:
        for host, state in switched:
            try:
                _switch(host, state.current)
                say(f"{host.spec}: 已恢复为 {state.current or '（无）'}")
            except HostError as undo:
                say(f"{host.spec}: 无法恢复！{undo}")
        raise PublishError(f"切换失败，其余主机已恢复原版本：{exc}") from None


def publish(site: Path, hosts: list[Host], *, keep: int = DEFAULT_KEEP, wait: float = 600,
            bwlimit: int | None = None, say: Say = print) -> dict[str, str]:
    """Publish ``site`` to every host; returns host → the release it now serves."""
    if not hosts:
        raise PublishError("没有发布目标：用 --to 指定")
    if keep < 2:
        raise PublishError("至少保留 2 个版本（--keep），回退才有版本可回")
    if shutil.which("rsync") is None:
        raise PublishError("本机没有 rsync：请先安装（Debian: apt-get install rsync）")
    try:
        manifest = verify_site(site)
    except ManifestError as exc:
        raise PublishError(str(exc)) from None
    manifest_sum = _manifest_line(site)
    say(f"站点 {site}：{len(manifest.entries)} 个文件，{manifest.total_bytes / 1e6:.1f} MB，版本 {manifest.release}")
    with ExitStack() as stack:
        _locked(stack, hosts, wait)
        try:
            states = {host: read_state(host, clean=True) for host in hosts}
            seq = max((State.seq(n) for s in states.values() for n in s.releases), default=0) + 1
            name = f"{seq:06d}-{manifest.release}"
            targets: list[tuple[Host, str, State]] = []
            sealed: list[Host] = []
            serving: dict[str, str] = {}
            try:
                for host in hosts:
                    state = states[host]
                    if state.current and NAME.match(state.current).group(2) == manifest.release:
                        _verify(host, f"{host.path}/releases/{state.current}", manifest, manifest_sum)
                        say(f"{host.spec}: 当前已是这个版本（{state.current}），文件校验无误")
                        serving[host.spec] = state.current
                        continue
                    partial = f"{host.path}/releases/.partial-{name}-{os.getpid()}"
                    link = f"{host.path}/releases/{state.current}" if state.current else None
                    say(f"{host.spec}: 上传到 {partial} …")
                    sent = _upload(host, site, partial, link, bwlimit)
                    _verify(host, partial, manifest, manifest_sum, seal_as=f"{host.path}/releases/{name}")
                    sealed.append(host)
                    targets.append((host, name, state))
                    serving[host.spec] = name
                    say(f"{host.spec}: 已上传并校验 releases/{name}" + (f"（{sent}）" if sent is not None else ""))
            except (HostError, ManifestError) as exc:
                for host in sealed:  # a verified release nobody switched to is only clutter
                    try:
                        host.run(_REMOVE, host.path, name)
                    except HostError:
                        pass
                raise PublishError(f"{exc}\n没有任何主机切换到新版本，公开的站点保持原样。") from None
            _switch_all(targets, say)
            for host in hosts:
                _prune(host, keep, say)
        except HostError as exc:
            raise PublishError(str(exc)) from None
    return serving


def _manifest_line(site: Path) -> str:
    digest = hashlib.sha256((site / MANIFEST_NAME).read_bytes()).hexdigest()
    return f"{digest}  ./{MANIFEST_NAME}\n"


def rollback(hosts: list[Host], *, wait: float = 600, say: Say = print) -> dict[str, str]:
    """Return every host to the release before its current one; returns host → release."""
    if not hosts:
        raise PublishError("没有发布目标：用 --to 指定")
    with ExitStack() as stack:
        _locked(stack, hosts, wait)
        try:
            targets: list[tuple[Host, str, State]] = []
            for host in hosts:
                state = read_state(host, clean=True)
                if state.current is None:
                    raise PublishError(f"{host.spec}: 还没有发布过，无从回退")
                older = [n for n in state.releases if State.seq(n) < State.seq(state.current)]
                if not older:
                    raise PublishError(f"{host.spec}: {state.current} 之前没有保留的版本，无从回退")
                name = older[-1]
                try:
                    manifest = _remote_manifest(host, name)
                    _verify(host, f"{host.path}/releases/{name}", manifest)
                except (HostError, ManifestError) as exc:
                    raise PublishError(f"{host.spec}: 版本 {name} 校验失败，未回退：{exc}") from None
                targets.append((host, name, state))
                say(f"{host.spec}: {state.current} → {name}（已校验）")
            _switch_all(targets, say)
        except HostError as exc:
            raise PublishError(str(exc)) from None
    return {host.spec: name for host, name, _ in targets}


def releases(host: Host) -> State:
    return read_state(host)
