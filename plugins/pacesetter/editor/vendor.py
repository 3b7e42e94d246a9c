"""The browser packages the editor ships, pinned by version and integrity, never fetched by a page.

``pacesetter editor fetch`` asks npm for each package's tarball (``npm pack``: the
registry npm is set up for, by name), checks the tarball's SHA-512 against the pin
below before opening it, and unpacks only the files the page loads into
``editor/vendor/<name>-<version>/``. The build copies them from there into the site,
so a reader's browser fetches them from the column's own server.

A tarball is untrusted input: only regular files under ``package/`` whose names match
the package's pattern are written, each by name under a folder this command created.
Nothing outside ``editor/vendor`` is touched, and a folder there is replaced only if
it carries this command's mark.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: Left in each unpacked package folder: the integrity it was checked against and the files taken.
MARK = ".pacesetter-vendor"
#: Under the project's root.
VENDOR_DIR = Path("editor") / "vendor"


class VendorError(Exception):
    """A package could not be fetched or did not match its pin (message in Chinese)."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    #: npm's integrity string of the tarball: "sha512-" and the base64 digest
    integrity: str
    #: the files taken from the tarball, relative to its ``package/`` folder
    files: re.Pattern

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"

    @property
    def mark(self) -> str:
        """What the mark holds: the tarball checked, and which of its files were taken."""
        return f"{self.integrity}\n{self.files.pattern}\n"


#: Decap CMS: the editor itself, one script that loads its chunks (and two WebAssembly
#: modules) from its own folder. ``yaml``: the YAML library the page uses to change
#: only the edited lines of a file (see static/editor.js).
PACKAGES = (
    Package("decap-cms", "3.16.3",
            "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
            re.compile(r"dist/(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]{20}\.wasm)")),
    Package("yaml", "2.9.1",
            "sha512-3NxN8+78OdzbT7C/WjGsyfPAtJaN3FNDsWxv7Y7mcDsT/oOmgW8BpyQQFFBnvZE3j9Y2Sdz1ULFLezL7Eb2yFw==",
            re.compile(r"browser/dist/([a-z0-9.-]+/)*[a-zA-Z0-9-]+\.js")),
)
DECAP, YAML = PACKAGES


def integrity_of(data: bytes, algorithm: str = "sha512") -> str:
    """An integrity string as npm's lock and a page's ``integrity`` attribute write it."""
    return f"{algorithm}-" + base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")


def folder_of(root: Path, package: Package) -> Path:
    return root / VENDOR_DIR / package.folder


def is_fetched(root: Path, package: Package) -> bool:
    mark = folder_of(root, package) / MARK
    return mark.is_file() and not mark.is_symlink() and mark.read_text(encoding="utf-8") == package.mark


def missing(root: Path) -> list[Package]:
    return [package for package in PACKAGES if not is_fetched(root, package)]


def vendored_files(root: Path, package: Package) -> list[str]:
    """The package's files (relative, sorted) as unpacked; what the build copies."""
    base = folder_of(root, package)
    found = []
    for folder, dirs, names in os.walk(base):
        dirs.sort()
        for name in names:
            path = Path(folder, name)
            if name != MARK and not path.is_symlink():
                found.append(path.relative_to(base).as_posix())
    return sorted(found)


def unpack(tarball: bytes, package: Package, out: Path) -> int:
    """Write the package's wanted files from ``tarball`` under ``out`` (a new, empty folder)."""
    count = 0
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive:
            name = member.name
            if not member.isfile() or not name.startswith("package/"):
                continue
            relative = name.removeprefix("package/")
            if ".." in relative.split("/") or not package.files.fullmatch(relative):
                continue
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            assert source is not None  # a regular file
            with open(target, "xb") as f:  # never through a file that is already there
                shutil.copyfileobj(source, f)
            count += 1
    return count


def npm_pack(package: Package, into: Path) -> bytes:
    """The package's tarball, as npm hands it over (npm's own configuration picks the registry)."""
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError("找不到 npm：网页编辑器的文件要用 npm 下载（Debian: apt-get install npm）")
    spec = f"{package.name}@{package.version}"
    result = subprocess.run([npm, "pack", spec, "--pack-destination", str(into), "--ignore-scripts",
                             "--silent"], capture_output=True, text=True, cwd=into, check=False)
    tarballs = sorted(into.glob("*.tgz"))
    if result.returncode != 0 or len(tarballs) != 1:
        raise VendorError(f"npm 没能下载 {spec}：{result.stderr.strip()[-500:]}")
    return tarballs[0].read_bytes()


def fetch(root: Path, pack=npm_pack) -> list[str]:
    """Fetch and unpack every package not yet unpacked; returns what was done, one line each."""
    done = []
    vendor = root / VENDOR_DIR
    if vendor.is_symlink():
        raise VendorError(f"{VENDOR_DIR} 是符号链接：不往链接里写文件")
    vendor.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        if is_fetched(root, package):
            continue
        target = folder_of(root, package)
        if target.is_symlink() or (target.exists() and not (target / MARK).is_file()):
            raise VendorError(f"{target.relative_to(root)} 不是本命令建的文件夹：请先把它移走")
        work = Path(tempfile.mkdtemp(prefix=".fetch-", dir=vendor))
        try:
            tarball = pack(package, work)
            got = integrity_of(tarball)
            if got != package.integrity:
                raise VendorError(f"{package.name}@{package.version} 的校验值不符，没有使用：\n"
                                  f"  应为 {package.integrity}\n  实为 {got}")
            out = work / "out"
            out.mkdir()
            count = unpack(tarball, package, out)
            if count == 0:
                raise VendorError(f"{package.name}@{package.version} 里没有需要的文件")
            (out / MARK).write_text(package.mark, encoding="utf-8")
            if target.exists():  # an earlier, unfinished or outdated unpacking of ours
                shutil.rmtree(target)
            out.rename(target)
            done.append(f"{package.name}@{package.version}：{count} 个文件，校验值相符")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return done
