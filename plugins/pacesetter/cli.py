"""The ``pacesetter`` command: check the data, build, serve and publish the column.

Exit codes: 0 when all is well, 1 when the data has errors (or a publish failed and
changed nothing), 2 on wrong usage (unknown option, missing folder). A data error
never shows a traceback.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from . import progress
from .cache import DEFAULT_DIR as DEFAULT_CACHE_DIR
from .contract import DataError
from .model import load_column
from .publish.manifest import MANIFEST_NAME
from .publish.release import DEFAULT_KEEP

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
#: The plugin reads the data folder from this variable (``!ENV`` in mkdocs.yml).
DATA_ENV = "PACESETTER_DATA"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code for usage is 2 as well
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="pacesetter", description="寻标对标达标创标工作专栏：检查数据、构建和预览站点。")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    commands.required = True

    check = commands.add_parser("check", help="检查数据是否符合数据约定", description="检查数据文件夹中的每个文件，一次列出全部错误。")
    check.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data）")
    check.add_argument("--config", default="mkdocs.yml", metavar="FILE",
                       help="MkDocs 配置文件（默认 mkdocs.yml）：它的页面和模板文件夹也检查符号链接；不存在时只检查数据")
    check.add_argument("--format", choices=("text", "github", "codeclimate"), default="text",
                       help="text：给人看的中文提示（默认）；github：GitHub Actions 的 ::error 注释；"
                            "codeclimate：GitLab 合并请求里显示的代码质量报告（JSON）")

    new = commands.add_parser("new", help="新建一个数据文件（带中文注释的模板）",
                              description="按数据约定新建一个带中文注释的数据文件，并打印它的路径。")
    new.add_argument("kind", metavar="KIND", help="orgs、sites、brands、deeds、pairings、ledgers、news 或 achievements")
    new.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data）")
    new.add_argument("--name", metavar="名称", help="名称或标题；编号按它的拼音生成")
    new.add_argument("--org", metavar="ID", help="所属组织的编号（组织文件里是上级组织）")
    new.add_argument("--id", metavar="ID", help="指定编号，不按拼音生成")

    imp = commands.add_parser("import", help="从 Excel 导入评星结果、整改台账或一年的定级和达标创建",
                              description="读取 Excel 工作簿，写出对应的 YAML 文件，并检查数据。")
    imp.add_argument("what", choices=("ratings", "ledger", "classes"),
                     help="ratings：一个季度的评星；ledger：一个组织的台账；classes：一年的分类定级和达标创建日期")
    imp.add_argument("file", metavar="FILE.xlsx", help="Excel 文件")
    imp.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data）")
    imp.add_argument("--quarter", metavar="Q", help="评星的季度，例如 2023Q1（导入评星时必填）")
    imp.add_argument("--announced", metavar="DATE", help="公示日期，新季度必填，例如 2023-04-10")
    imp.add_argument("--org", metavar="ID", help="台账所属组织的编号（导入台账时必填）")
    imp.add_argument("--year", type=int, metavar="YEAR", help="分类定级的年度，例如 2022（导入 classes 时必填）")

    exp = commands.add_parser("export", help="导出可在 Excel 中编辑的评星表、台账或组织表",
                              description="导出已填好现有数据的 Excel 工作簿，编辑后可用 pacesetter import 导回。")
    exp.add_argument("what", choices=("ratings", "ledger", "orgs", "classes"), help="ratings、ledger、orgs 或 classes")
    exp.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data）")
    exp.add_argument("--out", required=True, metavar="FILE.xlsx", help="输出的 Excel 文件")
    exp.add_argument("--quarter", metavar="Q", help="评星的季度（导出评星时必填）")
    exp.add_argument("--org", metavar="ID", help="台账所属组织的编号（导出台账时必填）")
    exp.add_argument("--year", type=int, metavar="YEAR", help="分类定级的年度（导出 classes 时必填）")

    schemas = commands.add_parser("schemas", help="生成数据文件的 JSON Schema（编辑器自动补全用）",
                                  description="按数据约定和 column.yaml 的词表生成 JSON Schema，写到 schemas/。")
    schemas.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data；词表取自它的 column.yaml）")
    schemas.add_argument("--out", default="schemas", metavar="DIR", help="输出文件夹（默认 schemas）")
    schemas.add_argument("--editor-config", default="editor/config.yml", metavar="FILE",
                         help="网页编辑器的设置也写到这里（默认 editor/config.yml）")

    editor = commands.add_parser("editor", help="网页编辑器（/admin/）用到的文件",
                                 description="fetch：用 npm 下载网页编辑器的浏览器端文件（按版本和校验值锁定），"
                                             "解压到 editor/vendor/，构建时复制进站点。")
    editor.add_argument("action", choices=("fetch",), help="fetch：下载并校验")

    reference = commands.add_parser("reference", help="生成编辑指南里的字段说明",
                                    description="按数据约定和 column.yaml 的词表写出每类文件每个字段的说明（Markdown）。")
    reference.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data；词表取自它的 column.yaml）")
    reference.add_argument("--out", default="content/guide/fields.md", metavar="FILE",
                           help="输出文件（默认 content/guide/fields.md）")

    build = commands.add_parser("build", help="检查数据并构建站点", description="先检查数据，无误后用 MkDocs 构建站点。")
    build.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data）")
    build.add_argument("--out", default="site", metavar="DIR", help="输出文件夹（默认 site）")
    build.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="MkDocs 配置文件（默认 mkdocs.yml）")
    build.add_argument("--cache", metavar="DIR",
                       help="构建缓存文件夹（默认 MkDocs 配置文件旁的 .cache/pacesetter）：沿用上次构建中没有变的部分，"
                            "结果与不用缓存时逐字节相同")
    build.add_argument("--no-cache", action="store_true", help="不读也不写缓存，从头构建")
    build.add_argument("--verify-cache", action="store_true",
                       help="缓存里能沿用的页面正文也逐页重新生成并比较，有不同就报错、不发布（检查缓存是否可信；和不用缓存一样慢）")

    serve = commands.add_parser("serve", help="构建并在本机预览站点，数据变化时自动刷新",
                                description="在 127.0.0.1 上预览站点；data/ 中的 YAML 改动后自动重新构建。")
    serve.add_argument("--data", default="data", metavar="DIR", help="数据文件夹（默认 data）")
    serve.add_argument("--config", default="mkdocs.yml", metavar="FILE", help="MkDocs 配置文件（默认 mkdocs.yml）")
    serve.add_argument("--addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="监听地址（默认 127.0.0.1:8000）")
    serve.add_argument("--editor", action="store_true",
                       help="同时在 /admin/ 试用网页编辑器：保存直接写进本机的数据文件，预览随之刷新")
    serve.add_argument("--editor-port", type=int, default=8081, metavar="PORT",
                       help="试用编辑器时 decap-server 监听的 127.0.0.1 端口（默认 8081）")

    hosts_help = "发布目标：本机文件夹的绝对路径，或 用户@主机:/绝对路径（ssh）；多台主机时重复给出"
    ssh_help = "连接主机用的 ssh 命令及参数（默认取环境变量 PACESETTER_SSH，没有则为 ssh）"
    publish = commands.add_parser("publish", help="把构建好的站点发布到网站服务器（可回退）",
                                  description="校验构建清单，上传为新版本，在所有主机校验无误后原子切换 current。")
    publish.add_argument("--site", default="site", metavar="DIR", help="构建好的站点（默认 site）")
    publish.add_argument("--to", action="append", required=True, metavar="DEST", help=hosts_help)
    publish.add_argument("--keep", type=int, default=DEFAULT_KEEP, metavar="N", help=f"每台主机保留的版本数（默认 {DEFAULT_KEEP}）")
    publish.add_argument("--wait", type=float, default=600, metavar="秒",
                         help="另一次发布正在进行时最多等待的秒数（默认 600；0 表示立即放弃）")
    publish.add_argument("--bwlimit", type=int, metavar="KB/s", help="上传限速（rsync --bwlimit）")
    publish.add_argument("--ssh", metavar="命令", help=ssh_help)

    rollback = commands.add_parser("rollback", help="回退到上一个发布的版本",
                                   description="在每台主机上校验上一个版本，全部无误后把 current 切回去。")
    rollback.add_argument("--to", action="append", required=True, metavar="DEST", help=hosts_help)
    rollback.add_argument("--wait", type=float, default=600, metavar="秒", help="等待正在进行的发布的秒数（默认 600）")
    rollback.add_argument("--ssh", metavar="命令", help=ssh_help)

    releases = commands.add_parser("releases", help="列出主机上保留的版本", description="列出每台主机上的版本，标出当前版本。")
    releases.add_argument("--to", action="append", required=True, metavar="DEST", help=hosts_help)
    releases.add_argument("--ssh", metavar="命令", help=ssh_help)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except OSError as exc:  # a full disk, a read-only folder: one message, no traceback
        print(f"pacesetter {args.command}: {disk_message(exc)}", file=sys.stderr)
        return EXIT_DATA


def disk_message(exc: OSError) -> str:
    """What a failed read or write means for the person running the command."""
    import errno

    where = f"（{exc.filename}）" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"磁盘空间不足或文件超过了允许的大小{where}：没有完成，已写的部分不算数（没有构建清单，不会被发布）。请腾出空间后重试"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"没有写入权限{where}：{exc.strerror}。请换一个可写的文件夹或检查权限"
    return f"读写文件失败{where}：{exc.strerror or exc}"


def _run(args) -> int:
    if args.command in ("build", "serve"):
        progress.enable()
    if args.command in ("publish", "rollback", "releases"):
        return _publish(args)
    if args.command == "editor":
        return _editor_fetch()
    data_dir = Path(args.data)
    if not data_dir.is_dir():
        print(f"pacesetter: 数据文件夹 {data_dir} 不存在", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check":
        return _check(data_dir, args.format, Path(args.config))
    if args.command == "build":
        config = Path(args.config)
        cache_dir = None if args.no_cache else Path(args.cache) if args.cache else config.parent / DEFAULT_CACHE_DIR
        if args.verify_cache and cache_dir is None:
            print("pacesetter build: --verify-cache 检查的是缓存，不能与 --no-cache 同用", file=sys.stderr)
            return EXIT_USAGE
        return _build(data_dir, Path(args.out), config, cache_dir, args.verify_cache)
    if args.command == "schemas":
        return _schemas(data_dir, Path(args.out), Path(args.editor_config))
    if args.command == "reference":
        return _reference(data_dir, Path(args.out))
    if args.command == "new":
        return _new(data_dir, args.kind, args.name, args.org, args.id)
    if args.command in ("import", "export"):
        return _excel(args, data_dir)
    return _serve(data_dir, Path(args.config), args.addr, args.editor_port if args.editor else None)


def _check(data_dir: Path, fmt: str, config: Path | None = None) -> int:
    from .contract.diagnostics import Report
    from .contract.loader import report_links
    from .sources import site_sources

    # Links in the pages' and templates' folders, reported with the data's errors.
    extra = Report()
    for folder in (site_sources(config).values() if config is not None and config.is_file() else ()):
        report_links(folder, extra)
    try:
        with progress.stage("读取和检查数据"):
            column = load_column(data_dir)
        data, report = column.data, None
    except DataError as exc:
        report = exc.report
    if report is not None or not extra.ok:
        report = report or Report()
        report.diagnostics.extend(extra.diagnostics)
        print({"github": report.format_github, "codeclimate": report.format_codeclimate}.get(fmt, report.format)())
        print(report.summary(), file=sys.stderr)
        return EXIT_DATA
    # Warnings are shown in the same formats, and do not fail the check.
    warnings = Report(list(column.warnings))
    if fmt == "codeclimate":
        print(warnings.format_codeclimate())
    elif warnings.diagnostics:
        print(warnings.format_github() if fmt == "github" else warnings.format())
    counts = {
        "组织": len(data.orgs), "评星季度": len(data.ratings), "示范点": len(data.sites), "品牌": len(data.brands),
        "榜样": len(data.deeds), "结对": len(data.pairings), "台账": len(data.ledgers), "动态": len(data.news),
        "成果": len(data.achievements), "年度命名": len(data.namings),
    }
    noted = f"（{len(warnings.diagnostics)} 个警告，见上；不影响发布）" if warnings.diagnostics else ""
    print("数据检查通过" + noted + "：" + "，".join(f"{k} {v}" for k, v in counts.items()) + "。", file=sys.stderr)
    return EXIT_OK


def _new(data_dir: Path, kind: str, name: str | None, org: str | None, entity_id: str | None) -> int:
    from .contract.schema import words_of
    from .editors.scaffold import ScaffoldError, scaffold

    from .contract.loader import read_settings
    from .sources import links_under

    if links_under(data_dir):
        print("pacesetter new: 数据文件夹里有符号链接；先运行 pacesetter check 看清并删除它们", file=sys.stderr)
        return EXIT_DATA
    # Only column.yaml must be sound: an editor may start a file while another is half done.
    settings, report = read_settings(data_dir)
    if settings is None:
        print(report.format())
        print("column.yaml 有误，先改正再新建文件。", file=sys.stderr)
        return EXIT_DATA
    orgs = {path.stem for path in (data_dir / "orgs").glob("*.yaml")}
    try:
        result = scaffold(data_dir, kind, name, org, entity_id, str(settings.as_of), words_of(settings), orgs)
    except ScaffoldError as exc:
        print(f"pacesetter new: {exc}" + (f"\n    提示: {exc.hint}" if exc.hint else ""), file=sys.stderr)
        return EXIT_USAGE
    result.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(result.path, "x", encoding="utf-8") as f:  # never through a link, never over a file
            f.write(result.text)
    except FileExistsError:
        print(f"pacesetter new: {result.path} 已经存在", file=sys.stderr)
        return EXIT_USAGE
    print(result.path)
    return EXIT_OK


def _excel(args, data_dir: Path) -> int:
    from .editors import excel

    column = _sound_column(data_dir, "导入或导出")
    if column is None:
        return EXIT_DATA
    if args.what == "ratings" and not args.quarter:
        print(f"pacesetter {args.command}: 请用 --quarter 指定季度，例如 --quarter 2023Q1", file=sys.stderr)
        return EXIT_USAGE
    if args.what == "ledger" and (not args.org or args.org not in column.orgs):
        print(f"pacesetter {args.command}: 请用 --org 指定一个存在的组织编号", file=sys.stderr)
        return EXIT_USAGE
    if args.what == "classes" and not args.year:
        print(f"pacesetter {args.command}: 请用 --year 指定年度，例如 --year 2022", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "export":
        out = Path(args.out)
        count = {"ratings": lambda: excel.export_ratings(column, args.quarter, out),
                 "ledger": lambda: excel.export_ledger(column, args.org, out),
                 "orgs": lambda: excel.export_orgs(column, out),
                 "classes": lambda: excel.export_classes(column, args.year, out)}[args.what]()
        print(f"已导出 {count} 行到 {out}", file=sys.stderr)
        return EXIT_OK
    source = Path(args.file)
    if not source.is_file():
        print(f"pacesetter import: 找不到文件 {source}", file=sys.stderr)
        return EXIT_USAGE
    if args.what == "classes":
        return _import_classes(column, data_dir, source, args.year)
    if args.what == "ratings":
        text, report = excel.import_ratings(column, source, args.quarter, args.announced)
        target = data_dir / "ratings" / f"{args.quarter}.yaml"
    else:
        text, report = excel.import_ledger(column, source, args.org)
        target = data_dir / "ledgers" / f"{args.org}.yaml"
    if text is None:
        return _refused(report)
    target.parent.mkdir(exist_ok=True)
    status = _write_checked(data_dir, {target: text.encode("utf-8")})
    if status != EXIT_OK:
        print(f"导入的数据没有通过检查，{target} 保持原样。", file=sys.stderr)
        return status
    print(target)
    return EXIT_OK


def _refused(report) -> int:
    """A workbook that cannot be imported: every problem, and that nothing was written."""
    print("\n".join(report.problems))
    print(f"共 {len(report.problems)} 个错误，没有写入任何文件。", file=sys.stderr)
    return EXIT_DATA


def _write_checked(data_dir: Path, files: dict[Path, bytes]) -> int:
    """Write ``files``, then check the data; when the check fails, put every file back as it was.

    load_column refused any link in the data folder, so the targets and their folders are
    the repository's own; each file is renamed into place all the same. A file the import
    created is removed again, and only that.
    """
    from .sources import write_replacing

    previous = {path: (path.read_bytes() if path.is_file() else None) for path in files}
    for path, content in files.items():
        write_replacing(path, content)
    # Imported data must pass the same check as any other; otherwise nothing changes.
    status = _check(data_dir, "text")
    if status != EXIT_OK:
        for path, before in previous.items():
            if before is None:
                path.unlink()
            else:
                write_replacing(path, before)
    return status


def _import_classes(column, data_dir: Path, source: Path, year: int) -> int:
    """A year's grades and step dates into the organizations' files; all of them, or none if the check fails."""
    from .editors import excel
    from .editors.orgfiles import with_year

    changes, report = excel.import_classes(column, source, year)
    if changes is None:
        return _refused(report)
    written: dict[Path, bytes] = {}
    for org_id, change in sorted(changes.items()):
        path = data_dir / "orgs" / f"{org_id}.yaml"
        before = path.read_bytes()
        after = with_year(before.decode("utf-8-sig"), year, change["grade"], change["steps"]).encode("utf-8")
        if after != before:
            written[path] = after
    status = _write_checked(data_dir, written)
    if status != EXIT_OK:
        print(f"导入的数据没有通过检查，{len(written)} 个组织文件都保持原样。", file=sys.stderr)
        return status
    for path in written:
        print(path)
    print(f"已改动 {len(written)} 个组织文件（{year} 年度分类定级和达标创建日期）。", file=sys.stderr)
    return EXIT_OK


def _sound_column(data_dir: Path, doing: str):
    """The checked column, or None after printing its errors and that ``doing`` must wait."""
    try:
        return load_column(data_dir)
    except DataError as exc:
        print(exc.report.format())
        print(f"数据有误，先改正再{doing}。", file=sys.stderr)
        return None


def _schemas(data_dir: Path, out: Path, editor_config: Path) -> int:
    from .contract.schema import words_of, write_schemas
    from .editor.admin import committed_text
    from .sources import write_replacing

    column = _sound_column(data_dir, "生成 schema")
    if column is None:
        return EXIT_DATA
    words = words_of(column.settings)
    for path in write_schemas(words, out):
        print(path)
    editor_config.parent.mkdir(parents=True, exist_ok=True)
    write_replacing(editor_config, committed_text(words).encode("utf-8"))
    print(editor_config)
    return EXIT_OK


def _editor_fetch() -> int:
    from .editor.vendor import VendorError, fetch

    try:
        done = fetch(Path.cwd())
    except VendorError as exc:
        print(f"pacesetter editor fetch: {exc}", file=sys.stderr)
        return EXIT_DATA
    for line in done:
        print(line, file=sys.stderr)
    if not done:
        print("网页编辑器的文件已是锁定的版本，无需下载", file=sys.stderr)
    return EXIT_OK


def _reference(data_dir: Path, out: Path) -> int:
    from .contract.reference import examples_from, field_reference
    from .contract.schema import words_of
    from .sources import write_replacing

    column = _sound_column(data_dir, "生成字段说明")
    if column is None:
        return EXIT_DATA
    write_replacing(out, field_reference(words_of(column.settings), examples_from(column.data)).encode("utf-8"))
    print(out)
    return EXIT_OK


def _show_mkdocs_log(level: int) -> None:
    """Print MkDocs' messages (ours included, such as data errors found on a rebuild)."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_pacesetter", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._pacesetter = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)


def _mkdocs_config(config: Path, data_dir: Path, **overrides):
    from mkdocs.config import load_config

    os.environ[DATA_ENV] = os.path.abspath(data_dir)  # a link stays a link, and is refused
    if not config.is_file():
        raise FileNotFoundError(config)
    return load_config(str(config), **overrides)


def _build(data_dir: Path, out: Path, config: Path, cache_dir: Path | None = None, verify: bool = False) -> int:
    from . import cache
    from .sources import output_problem, site_sources

    # MkDocs empties the output folder: never one that holds the sources, or anything
    # that is not an earlier build. (The plugin checks again for `mkdocs build`.)
    sources = {"数据文件夹": data_dir, **(site_sources(config) if config.is_file() else {})}
    problem = output_problem(out, sources, MANIFEST_NAME)
    if problem:
        print(f"pacesetter build: {problem}", file=sys.stderr)
        return EXIT_USAGE
    # A cache refused (see cache.py) is said and left alone; the build goes on without one.
    used = cache.use(cache_dir, {**sources, "输出文件夹": out},
                     lambda message: print(f"pacesetter build: {message}", file=sys.stderr), config.parent)
    if used is not None:
        used.verify = verify
    try:
        status = _build_with(data_dir, out, config)
    finally:
        cache.current = None  # for this build only (a process may build again, without a cache)
    if used is not None:  # found while the search index was made
        _say_cache(used)
    if status == EXIT_OK:
        if used is not None:
            print(f"构建缓存：{used.summary() or '没有可沿用的内容'}", file=sys.stderr)
        print(f"站点已构建到 {out}/", file=sys.stderr)
    return status


def _build_with(data_dir: Path, out: Path, config: Path) -> int:
    from .sources import mark_output

    if out.is_dir():
        # An earlier build, vouched for by its manifest until the next line removes it: the
        # mark keeps it one for the plugin's own check (a site built before marks existed too).
        mark_output(out)
    # Whatever happens next, the folder must no longer vouch for an earlier build:
    # `pacesetter publish` only takes a site whose build got to the end.
    (out / MANIFEST_NAME).unlink(missing_ok=True)
    if "fork" not in multiprocessing.get_all_start_methods():
        status = _build_site(data_dir, out, config)  # the plugin indexes in this process
    else:
        # The pages are built in a child process and the search index after it has
        # exited: at province scale the model and MkDocs' pages (1 GiB at 20,000
        # organizations) and Pagefind's index (1.5 GiB) are never held together.
        # The page writers keep each indexed page's stand-in (search/standin.py) in a folder
        # of this build's own, for Pagefind after they have exited.
        spool = Path(tempfile.mkdtemp(prefix="pacesetter-standins-"))
        try:
            child = multiprocessing.get_context("fork").Process(target=_site_child, args=(data_dir, out, config, spool))
            child.start()
            child.join()
            status = child.exitcode if child.exitcode is not None and child.exitcode >= 0 else EXIT_DATA
            if status == EXIT_OK:
                status = _finish_site(out, spool)
        finally:
            shutil.rmtree(spool, ignore_errors=True)
    return status


def _site_child(data_dir: Path, out: Path, config: Path, spool: Path) -> None:
    from .search.standin import Spool
    from .site import plugin

    os.environ[plugin.INDEX_LATER_ENV] = "1"
    plugin.SPOOL = Spool(spool)
    sys.exit(_build_site(data_dir, out, config))


def _finish_site(out: Path, spool: Path) -> int:
    from .search import SearchIndexError
    from .search.standin import Spool
    from .site.plugin import finish_site

    try:
        finish_site(out.resolve(), Spool(spool).pages())
    except SearchIndexError as exc:
        print(f"pacesetter: 构建失败: 搜索索引生成失败：{exc}", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"pacesetter: 构建失败: {disk_message(exc)}", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def _build_site(data_dir: Path, out: Path, config: Path) -> int:
    from . import cache

    try:
        return _build_site_checked(data_dir, out, config)
    finally:
        if cache.current is not None:
            _say_cache(cache.current)


def _say_cache(used) -> None:
    """What the cache had to say: a damaged entry, found and not used; what was made again, and why."""
    for message in used.messages + used.notes:
        print(f"pacesetter build: {message}", file=sys.stderr)
    used.messages.clear()
    used.notes.clear()


def _build_site_checked(data_dir: Path, out: Path, config: Path) -> int:
    # Check first and print the editors' messages plainly, rather than as a MkDocs abort.
    status = _check(data_dir, "text", config)
    if status != EXIT_OK:
        return status
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    _show_mkdocs_log(logging.WARNING)
    try:
        cfg = _mkdocs_config(config, data_dir, site_dir=str(out.resolve()))
        # As `mkdocs build` does: plugins kept between builds of one process learn that this is a build.
        cfg.plugins.on_startup(command="build", dirty=False)
        build(cfg)
    except FileNotFoundError:
        print(f"pacesetter: 找不到 MkDocs 配置文件 {config}", file=sys.stderr)
        return EXIT_USAGE
    except MkDocsException as exc:
        print(f"pacesetter: 构建失败: {exc}", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:
        print(f"pacesetter: 构建失败: {disk_message(exc)}", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def _serve(data_dir: Path, config: Path, addr: str, editor_port: int | None = None) -> int:
    from .contract import loader

    loader.keep_parsed = True  # the preview re-reads only the files that change
    status = _check(data_dir, "text", config)
    if status != EXIT_OK:
        return status
    from mkdocs.commands.serve import serve

    if not config.is_file():
        print(f"pacesetter: 找不到 MkDocs 配置文件 {config}", file=sys.stderr)
        return EXIT_USAGE
    os.environ[DATA_ENV] = os.path.abspath(data_dir)
    _show_mkdocs_log(logging.INFO)
    print(f"预览地址：http://{addr}/ ；修改 {data_dir}/ 中的文件后会自动重新构建。按 Ctrl+C 停止。", file=sys.stderr)
    server = None
    if editor_port is not None:
        from . import processes
        from .editor import backends, trial

        root = config.resolve().parent
        try:
            server = trial.start(root, root, editor_port)
        except trial.TrialError as exc:
            print(f"pacesetter serve: {exc}", file=sys.stderr)
            return EXIT_USAGE
        os.environ[backends.LOCAL_URL] = trial.api_url(editor_port)
        print(f"网页编辑器：http://{addr}/admin/ （保存会直接改写 {data_dir}/ 中的文件）", file=sys.stderr)
    # A terminated preview stops as Ctrl+C stops it, so that decap-server stops with it.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        # A dirty build: unchanged pages stay in the preview's folder (see site/preview.py).
        serve(str(config), dev_addr=addr, livereload=True, build_type="dirty")
    finally:
        if server is not None:
            processes.stop(server)
    return EXIT_OK


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _publish(args) -> int:
    from .publish.hosts import Host, HostError
    from .publish.release import PublishError, publish, releases, rollback

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    ssh = args.ssh or os.environ.get("PACESETTER_SSH") or "ssh"
    try:
        hosts = [Host.parse(spec, ssh) for spec in args.to]
    except HostError as exc:
        print(f"pacesetter {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if len({h.spec for h in hosts}) != len(hosts):
        print(f"pacesetter {args.command}: 同一个发布目标给了两次", file=sys.stderr)
        return EXIT_USAGE
    # A cancelled CI job gets SIGTERM: stop the running upload and release the locks.
    signal.signal(signal.SIGTERM, _terminate)
    try:
        if args.command == "publish":
            site = Path(args.site)
            if not site.is_dir():
                print(f"pacesetter publish: 站点文件夹 {site} 不存在：先运行 pacesetter build", file=sys.stderr)
                return EXIT_USAGE
            done = publish(site, hosts, keep=args.keep, wait=args.wait, bwlimit=args.bwlimit, say=say)
            say("发布完成：" + "；".join(f"{spec} → {name}" for spec, name in done.items()))
        elif args.command == "rollback":
            done = rollback(hosts, wait=args.wait, say=say)
            say("回退完成：" + "；".join(f"{spec} → {name}" for spec, name in done.items()))
        else:
            for host in hosts:
                state = releases(host)
                print(f"{host.spec}:")
                for name in reversed(state.releases):
                    mark = "当前" if name == state.current else ("上一个" if name == state.previous else "")
                    print(f"  {name}  {mark}".rstrip())
                if not state.releases:
                    print("  （还没有发布过）")
    except (PublishError, HostError) as exc:
        print(f"pacesetter {args.command}: {exc}", file=sys.stderr)
        return EXIT_DATA
    return EXIT_OK


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
