"""Build-speed benchmark: the column at province scale against plain MkDocs (scripts/bench).

For each size it generates a synthetic column (scripts/synth), builds it with
`pacesetter build`, and in the same run builds a baseline: plain MkDocs with the same
theme settings and Material's default search, over the same number of pages written
as Markdown files of about the size of an organization's facts. It prints, per size:
pages, wall time, peak memory (the proportional set size of the build and all its
child processes, sampled every 50 ms), output bytes per page, and the ratio to the
baseline; then builds with a cache after each kind of merge (one deed, one quarter's
ratings, column.yaml) against the cold build, with the bytes a publish sends for the
deed; then the time of a live-preview rebuild after one deed changes.

Nothing here is asserted: the targets are read off the table (README, “性能”).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from pacesetter.publish.hosts import Host
from pacesetter.publish.release import rsync_argv, sent_by

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Run:
    pages: int
    seconds: float
    peak_bytes: int
    output_bytes: int

    @property
    def bytes_per_page(self) -> float:
        return self.output_bytes / max(self.pages, 1)


#: How often the memory of a build is sampled. Each sample reads every process's page tables
#: (``/proc/PID/smaps_rollup``, under the process's memory lock): every 50 ms, that slowed the
#: column's cold build at 20,000 organizations from 53.3–54.0 s to 59.7–63.4 s (its Pagefind
#: services and page writers are several large processes; the baseline is one). The peak
#: lasts seconds (pages rendered on every core), so half a second finds it (1,765 MiB against
#: 1,785 and 1,816 MiB sampled every 50 ms).
SAMPLE_SECONDS = 0.5


def _tree_pss(process: psutil.Process) -> int:
    total = 0
    for proc in [process, *process.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak memory (PSS of the whole process tree) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                peak = max(peak, _tree_pss(watched))
            except psutil.NoSuchProcess:
                return
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-3000:]}")
    return seconds, peak


def site_size(site: Path) -> tuple[int, int]:
    pages = sum(1 for _ in site.rglob("index.html")) + (1 if (site / "404.html").exists() else 0)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return pages, size


def synth(orgs: int, work: Path) -> Path:
    data = work / f"data-{orgs}"
    if not (data / "column.yaml").exists():
        subprocess.run([PYTHON, "-m", "pacesetter.synth", "--orgs", str(orgs), "--seed", "1", "--out", str(data)],
                       check=True, stdout=subprocess.DEVNULL)
    return data


def settled(*folders: Path) -> None:
    """Delete ``folders`` and wait until the filesystem has forgotten their files.

    ext4 without a journal (this project's 2-core machines) gives out no inode freed in the
    last ``vm.dirty_expire_centisecs`` (30 s), and reads each such inode when it looks for a
    free one: a build that starts right after a 70,000-file site was deleted spends half its
    time in the kernel (a build that reused every page: 34 to 49 s, against 23.5 to 30.5 s). So the
    bench deletes what earlier runs left once, at the start, waits that long, and then
    writes every build into a folder of its own.
    """
    removed = False
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)
            removed = True
    if removed:
        os.sync()
        try:
            window = int(Path("/proc/sys/vm/dirty_expire_centisecs").read_text()) / 100
        except (OSError, ValueError):
            window = 30
        time.sleep(window + 1)


def build_column(data: Path, out: Path, cache: Path | None = None) -> Run:
    """One ``pacesetter build``: cold (``--no-cache``), or with the build cache at ``cache``."""
    settled(out)
    options = ["--cache", str(cache)] if cache is not None else ["--no-cache"]
    seconds, peak = measure([PYTHON, "-m", "pacesetter.cli", "build", "--data", str(data), "--out", str(out), *options],
                            ROOT, {"CI": "1"})
    pages, size = site_size(out)
    return Run(pages, seconds, peak, size)


# --- builds with a cache --------------------------------------------------------------------


def publish_cost(before: Path, after: Path, work: Path) -> str:
    """What `pacesetter publish` sends to a host serving ``before`` when it publishes ``after``: its own
    rsync command, into a new folder under ``work`` with ``before`` as the release it hard-links from.
    rsync between two local folders copies whole files; ``--no-whole-file`` makes it send only the
    differences, as it does over ssh (the same figures to within 20 bytes at 20,000 organizations)."""
    scratch = Path(tempfile.mkdtemp(prefix="publish-", dir=work)).resolve()
    argv = rsync_argv(Host.parse(str(scratch)), after, str(scratch / "release"), str(before.resolve()), None)
    argv[1:1] = ["--no-whole-file"]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    sent = sent_by(done.stdout)
    return f"publish sends {sent.files:,} files, {sent.bytes / 2**20:.1f} MiB" if sent else "publish: rsync gave no statistics"


def replace_latest_quarter(data: Path) -> None:
    """The latest quarter's ratings replaced by a whole new set (the previous quarter's results, under its own header)."""
    latest, previous = sorted((data / "ratings").glob("*.yaml"))[-1:-3:-1]
    head, _, _ = latest.read_text(encoding="utf-8").partition("ratings:\n")
    _, _, body = previous.read_text(encoding="utf-8").partition("ratings:\n")
    latest.write_text(head + "ratings:\n" + body, encoding="utf-8")


def incremental(data: Path, work: Path, cold: Run) -> list[tuple[str, Run, str]]:
    """Builds with a cache after each kind of merge, each against the cold build ``cold``."""
    copy, cache = work / "incremental-data", work / "incremental-cache"
    shutil.copytree(data, copy)  # the folders of an earlier run: deleted at the start (``settled``)
    rows = []

    def step(label: str, out: str) -> Run:
        run = build_column(copy, work / out, cache)
        rows.append((label, run, ""))
        return run

    step("cold, writing the cache", "inc-0")
    step("nothing changed", "inc-1")
    deed = sorted((copy / "deeds").glob("*.yaml"))[0]
    deed.write_text(deed.read_text(encoding="utf-8").replace("title: ", "title: 更新：", 1), encoding="utf-8")
    step("one deed changed", "inc-2")
    rows[-1] = (rows[-1][0], rows[-1][1], publish_cost(work / "inc-1", work / "inc-2", work))
    replace_latest_quarter(copy)
    step("one quarter's ratings replaced", "inc-3")
    settings = copy / "column.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("title: ", "title: 新", 1), encoding="utf-8")
    step("column.yaml changed (a full build)", "inc-4")
    return rows


# --- the baseline ------------------------------------------------------------------------

SECTIONS = ["orgs", "rankings", "timeline", "notices", "sites", "brands", "deeds", "pairings", "achievements", "news", "data"]
TITLES = ["组织", "排行", "大事记", "公示", "示范点", "品牌", "榜样", "结对", "成果", "动态", "数据"]


def baseline_page(number: int) -> str:
    """About the facts of one organization page, as an author would write them in Markdown."""
    rows = "\n".join(f"| 2022Q{q % 4 + 1} | {(number + q) % 6 + 1} 星 | 基本组织、基本队伍 |" for q in range(8))
    links = "\n".join(f"- [第 {number}-{k} 号党支部](../p{(number + k) % 997}/) 2022 年 {k % 12 + 1} 月" for k in range(12))
    return (f"# 第 {number} 号党支部\n\n"
            f"第 {number} 号党支部隶属于第 {number // 100} 号党委，共有党员 {number % 40 + 5} 名，"
            "坚持把党建工作与业务工作同谋划、同部署，带领党员开展志愿服务，群众满意度明显提升。\n\n"
            "## 历季星级\n\n| 季度 | 星级 | 达标方面 |\n|---|---|---|\n" + rows + "\n\n"
            "## 大事记\n\n" + links + "\n\n"
            "!!! note \"说明\"\n    本页由评星结果生成，数据截至 2022 年 12 月 31 日。\n")


def write_baseline(pages: int, project: Path) -> None:
    """A plain MkDocs project: the column's theme settings, Material's default search, ``pages`` pages."""
    settled(project)
    docs = project / "docs"
    docs.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    theme = config[config.index("theme:"):config.index("plugins:")]
    theme = "\n".join(line for line in theme.splitlines() if "custom_dir" not in line) + "\n"
    extensions = config[config.index("markdown_extensions:"):config.index("extra_css:")]
    nav = "\n".join(f"  - {title}: {section}/index.md" for section, title in zip(SECTIONS, TITLES))
    (project / "mkdocs.yml").write_text(
        "site_name: 基线\nsite_url: http://127.0.0.1:8000/\nuse_directory_urls: true\n" + theme + extensions +
        "extra:\n  generator: false\nnav:\n  - 首页: index.md\n" + nav + "\n"
        "not_in_nav: |\n  /*/p*.md\n", encoding="utf-8")
    (docs / "index.md").write_text("# 基线\n\n首页。\n", encoding="utf-8")
    for section, title in zip(SECTIONS, TITLES):
        (docs / section).mkdir()
        (docs / section / "index.md").write_text(f"# {title}\n\n列表页。\n", encoding="utf-8")
    left = pages - 1 - len(SECTIONS)
    for number in range(max(left, 0)):
        section = SECTIONS[number % len(SECTIONS)]
        (docs / section / f"p{number}.md").write_text(baseline_page(number), encoding="utf-8")


def build_baseline(pages: int, work: Path, run: int = 1) -> Run:
    project = work / f"baseline-{pages}-{run}"
    write_baseline(pages, project)
    seconds, peak = measure([PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")], project,
                            {"NO_MKDOCS_2_WARNING": "1"})
    built, size = site_size(project / "site")
    return Run(built, seconds, peak, size)


# --- live preview -------------------------------------------------------------------------


def preview_rebuild(data: Path, work: Path, edits: int = 3) -> tuple[float, list[float]]:
    """Seconds of the first build and of each rebuild after one deed file changes, in `pacesetter serve`.

    Each edit waits until the preview has also rebuilt its search index (in the
    background), as an editor who reads the page before the next change would.
    """
    copy = work / "preview-data"  # an earlier run's: deleted at the start (``settled``)
    shutil.copytree(data, copy)
    port = _free_port()
    proc = subprocess.Popen([PYTHON, "-m", "pacesetter.cli", "serve", "--data", str(copy), "--addr", f"127.0.0.1:{port}"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "CI": "1"}, start_new_session=True)
    built = re.compile(r"Documentation built in ([0-9.]+) seconds")
    indexed = re.compile("预览的搜索索引已更新")
    try:
        first = _wait_for(proc, built)
        rebuilds = []
        for deed in sorted((copy / "deeds").glob("*.yaml"))[:edits]:
            _wait_for(proc, indexed)
            deed.write_text(deed.read_text(encoding="utf-8").replace("title: ", "title: 更新：", 1), encoding="utf-8")
            rebuilds.append(_wait_for(proc, built))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return first, rebuilds


def _wait_for(proc: subprocess.Popen, pattern: re.Pattern) -> float | None:
    for line in proc.stderr:
        match = pattern.search(line)
        if match:
            return float(match.group(1)) if match.groups() else None
        if "错误" in line or "Error" in line:
            raise SystemExit(line)
    raise SystemExit("pacesetter serve stopped")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the table ------------------------------------------------------------------------------


def _median_run(runs: list[Run]) -> Run:
    """The median time of several builds of the same site, with the highest peak memory seen."""
    return Run(runs[0].pages, statistics.median(r.seconds for r in runs), max(r.peak_bytes for r in runs),
               runs[-1].output_bytes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="organizations per column, comma separated")
    parser.add_argument("--work", default="/tmp/pacesetter-bench", help="where data and sites go (reused between runs)")
    parser.add_argument("--preview", type=int, default=5000, help="size for the live-preview rebuild (0: skip)")
    parser.add_argument("--incremental", type=int, default=20000,
                        help="size for the builds with a cache after each kind of merge (0: skip; one of --sizes)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="builds of each size (the table shows the median time and the highest peak)")
    args = parser.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    cpu = psutil.cpu_count(logical=True)
    print(f"machine: {cpu} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; Python {sys.version.split()[0]}")
    # What earlier runs built, deleted before anything is timed (see ``settled``).
    settled(*(folder for pattern in ("site-*", "baseline-*", "inc-*", "incremental-*", "preview-data")
               for folder in sorted(work.glob(pattern))))
    rows = []
    for orgs in sizes:
        data = synth(orgs, work)
        runs = []
        for run in range(1, args.repeat + 1):  # alternately, so that a slow spell of the machine hits both
            ours = build_column(data, work / f"site-{orgs}-{run}")
            base = build_baseline(ours.pages, work, run)
            runs.append((ours, base))
            print(f"{orgs:>6} orgs: column {ours.pages} pages {ours.seconds:.1f} s {ours.peak_bytes / 2**20:.0f} MiB; "
                  f"baseline {base.pages} pages {base.seconds:.1f} s {base.peak_bytes / 2**20:.0f} MiB", flush=True)
        rows.append((orgs, _median_run([r[0] for r in runs]), _median_run([r[1] for r in runs])))
    print()
    print("| organizations | pages | column s | baseline s | ratio | column peak MiB | baseline peak MiB | column KB/page | baseline KB/page |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for orgs, ours, base in rows:
        print(f"| {orgs:,} | {ours.pages:,} | {ours.seconds:.1f} | {base.seconds:.1f} | {ours.seconds / base.seconds:.2f} | "
              f"{ours.peak_bytes / 2**20:,.0f} | {base.peak_bytes / 2**20:,.0f} | {ours.bytes_per_page / 1024:.1f} | "
              f"{base.bytes_per_page / 1024:.1f} |")
    by_size = {orgs: ours for orgs, ours, _ in rows}
    if 5000 in by_size and 20000 in by_size:
        small, large = by_size[5000], by_size[20000]
        print(f"\n20,000 vs 5,000: time ×{large.seconds / small.seconds:.2f}, output bytes ×{large.output_bytes / small.output_bytes:.2f}, "
              f"pages ×{large.pages / small.pages:.2f} (target: within ×4.4)")
    if 20000 in by_size:
        print(f"peak memory at 20,000: {by_size[20000].peak_bytes / 2**30:.2f} GiB (target: ≤ 2 GiB)")
    if args.incremental in by_size:
        cold = by_size[args.incremental]
        print(f"\nbuilds with a cache at {args.incremental:,} organizations (cold build without a cache: {cold.seconds:.1f} s)")
        print("| merge | s | of the cold build | peak MiB | |")
        print("|---|---:|---:|---:|---|")
        for label, run, note in incremental(synth(args.incremental, work), work, cold):
            print(f"| {label} | {run.seconds:.1f} | {run.seconds / cold.seconds:.0%} | {run.peak_bytes / 2**20:,.0f} | {note} |",
                  flush=True)
        print("targets: one deed ≤ 10%, one quarter's ratings ≤ 35%")
    if args.preview:
        data = synth(args.preview, work)
        first, rebuilds = preview_rebuild(data, work)
        rebuild = statistics.median(rebuilds)
        full = by_size.get(args.preview)
        print(f"live preview at {args.preview:,}: first build {first:.1f} s, rebuild after one deed changed "
              f"{rebuild:.1f} s (median of {', '.join(f'{r:.1f}' for r in rebuilds)})"
              + (f" = {rebuild / full.seconds:.0%} of the full build ({full.seconds:.1f} s; target ≤ 25%)" if full else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
