"""Read a whole data folder, check it against the contract, and return typed entities.

Every problem goes into one report, so an editor sees all of them at once. A file that
cannot be parsed stops only itself; the other files are still checked, and references
to the entity of a broken file are not reported again as missing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import cache as build_cache
from .. import entities as e
from .. import processes
from ..filestate import tree_state
from ..sources import link_message, links_under
from .diagnostics import Report, display_path
from .fields import Context, PendingRef
from .kinds import DEFAULT_RATED_KINDS, DEFAULT_STANDARDIZATION_KINDS, DEFAULT_WORDS, KINDS, SETTINGS, WORD_LISTS, Kind
from .privacy import scan
from .rules import (
    check_advanced_standardized,
    check_figure_periods,
    check_org_names,
    check_org_tree,
    check_pairings,
    check_rated_kinds,
    check_references,
    check_system_brands,
    check_unit_members,
)
from .yamlsource import MAX_FILE_BYTES, RATING_BYTES_PER_ORG, Map, YamlProblem, parse, read_text

SETTINGS_FILE = "column.yaml"
#: The publisher's own contact (in the footer, and for objections to a notice) may give an
#: office landline (never a mobile).
SETTINGS_PHONE_FIELDS = frozenset({"contact", "objections"})
MEDIA_DIR = "media"
#: Ids that name pages of every kind's own folder (its list ``index``, its ``page/2/``…).
RESERVED_IDS = frozenset({"index", "page"})
#: Files that may sit beside the data without being data.
IGNORED_NAMES = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass
class ColumnData:
    """Every checked entity of a data folder, by id (ratings by quarter, ledgers by org)."""

    data_dir: Path
    settings: e.Settings
    orgs: dict[str, e.Org] = field(default_factory=dict)
    ratings: dict[str, e.RatingQuarter] = field(default_factory=dict)
    sites: dict[str, e.Site] = field(default_factory=dict)
    brands: dict[str, e.Brand] = field(default_factory=dict)
    deeds: dict[str, e.Deed] = field(default_factory=dict)
    pairings: dict[str, e.Pairing] = field(default_factory=dict)
    ledgers: dict[str, e.Ledger] = field(default_factory=dict)
    news: dict[str, e.News] = field(default_factory=dict)
    achievements: dict[str, e.Achievement] = field(default_factory=dict)
    namings: dict[str, e.Naming] = field(default_factory=dict)  # by year ("2022")
    #: With a build cache: each kind's files by stem, each with the key its check was kept
    #: under (``_read_kind``). Two builds with the same key have the same record; the site
    #: tells from them which pages cannot have changed (``ViewsBase.epochs``, ``PageSpec.inputs``).
    checked: dict[str, dict[str, str]] = field(default_factory=dict)


def load(data_dir: Path | str) -> tuple[ColumnData | None, Report]:
    """Check every file of ``data_dir``; the data is returned only when it has no error."""
    data_dir = Path(data_dir)
    report = Report()
    links = report_links(data_dir, report)
    if str(data_dir) in links:
        return None, report  # nothing under it is read
    settings_path = data_dir / SETTINGS_FILE
    if str(settings_path) in links:
        return None, report
    if not settings_path.is_file():
        report.error(display_path(settings_path), 1, 1, "", f"缺少专栏设置文件 {SETTINGS_FILE}",
                     f"数据文件夹（{display_path(data_dir)}）里必须有 {SETTINGS_FILE}；检查 --data 是否指向了正确的文件夹")
        return None, report

    _media_states.clear()  # read again by this load
    ctx = Context(report, display_path(settings_path), data_dir)
    settings = _read(settings_path, SETTINGS, ctx, SETTINGS_PHONE_FIELDS)
    if settings is None:
        settings = e.Settings()
    valid = settings.where.fields if settings.where else {}
    given = settings.where.given if settings.where else frozenset()
    for name in WORD_LISTS:  # a list left out takes the seeds' words; a broken one checks nothing
        if name not in given:
            setattr(settings, name, list(DEFAULT_WORDS[name]))
    if "rated_kinds" not in given:
        settings.rated_kinds = list(settings.standardization_kinds or DEFAULT_RATED_KINDS)
    words = {name: getattr(settings, name) for name in WORD_LISTS if name in valid or name not in given}
    as_of = settings.as_of

    phones = _office_phone_fields(settings, ctx)
    # With a build cache: what every file's check reads besides the file itself (see _read_kind).
    checked_with = None
    if build_cache.current is not None:
        checked_with = build_cache.digest(repr((sorted(words.items()), as_of, sorted((k, sorted(v)) for k, v in phones.items()),
                                                data_dir.name)), repr(_media_names(data_dir)))
        build_cache.current.changed("settings", checked_with, "column.yaml 的设置或 media/ 里的文件改了：全部数据文件重新检查")

    refs: list[PendingRef] = []
    collected: dict[str, dict[str, e.Record]] = {}
    # Ids of files that exist but could not be read: references to them are not "missing".
    present: dict[str, set[str]] = {}
    checked: dict[str, dict[str, str]] = {kind.key: {} for kind in KINDS.values()}
    for kind in KINDS.values():  # organizations first: a quarter's ratings may be as large as they need
        max_bytes = MAX_FILE_BYTES + (RATING_BYTES_PER_ORG * len(present["orgs"]) if kind.key == "ratings" else 0)
        collected[kind.key], present[kind.key] = _read_kind(data_dir, kind, words, as_of, refs, report,
                                                            phones.get(kind.key, frozenset()), max_bytes, checked_with,
                                                            checked)

    _check_unknown_entries(data_dir, report, links)
    check_references(refs, present, {k.key: k.label for k in KINDS.values()}, report)
    check_org_tree(collected["orgs"], report)
    check_org_names(collected["orgs"], report)
    check_pairings(collected["pairings"], report, collected["orgs"])
    check_rated_kinds(collected["ratings"], collected["orgs"], settings.rated_kinds, report)
    check_figure_periods(collected, KINDS.values(), report)
    if report.ok:  # the reminders make sense only of a column that checks clean
        branch_kinds = settings.standardization_kinds or DEFAULT_STANDARDIZATION_KINDS
        check_system_brands(settings, collected["orgs"], collected["brands"], ctx.file, report)
        check_unit_members(collected["orgs"], branch_kinds, report)
        check_advanced_standardized(settings, collected["orgs"], branch_kinds, report)

    if not report.ok:
        return None, report
    return ColumnData(data_dir, settings, **collected, checked=checked if checked_with is not None else {}), report


def report_links(folder: Path, report: Report) -> set[str]:
    """Report every symbolic link under ``folder`` (see ``sources``); returns their paths."""
    links = links_under(folder)
    cwd = os.getcwd()
    for link in links:
        what, hint = link_message(link)
        report.error(display_path(Path(link), cwd), 1, 1, "", what, hint)
    return set(links)


def read_settings(data_dir: Path | str) -> tuple[e.Settings | None, Report]:
    """column.yaml alone, for tools that need the word lists but not a valid column."""
    data_dir = Path(data_dir)
    report = Report()
    path = data_dir / SETTINGS_FILE
    if data_dir.is_symlink() or path.is_symlink():
        report_links(data_dir, report)
        return None, report
    if not path.is_file():
        report.error(display_path(path), 1, 1, "", f"缺少专栏设置文件 {SETTINGS_FILE}")
        return None, report
    _media_states.clear()
    settings = _read(path, SETTINGS, Context(report, display_path(path), data_dir))
    return (settings if report.ok else None), report


#: Parsed files kept between loads, by path, while ``keep_parsed`` is on: the live
#: preview re-reads only the files that changed (same size and modification time: same tree).
keep_parsed = False
_parsed: dict[str, tuple[int, int, str, object]] = {}
#: And the records of files that checked clean, with the references they hold, by
#: path: reused while the file, the settings that checks read and the media folder are
#: the same (see ``_checked``).
_records: dict[str, tuple[tuple, object, list[PendingRef]]] = {}


def _parse_file(path: Path, max_bytes: int = MAX_FILE_BYTES):
    """The file's tree and the personal data found in it."""
    if not keep_parsed:
        text = read_text(path, max_bytes)
        root = parse(text)
        return root, (scan(root, text.splitlines()) if root is not None else [])
    stat = path.stat()
    key = os.path.abspath(path)
    cached = _parsed.get(key)
    if cached is not None and cached[:2] == (stat.st_size, stat.st_mtime_ns):
        return cached[2], cached[3]
    text = read_text(path, max_bytes)
    root = parse(text)
    findings = scan(root, text.splitlines()) if root is not None else []
    _parsed[key] = (stat.st_size, stat.st_mtime_ns, root, findings)
    return root, findings


def _office_phone_fields(settings: e.Settings, ctx: Context) -> dict[str, frozenset[str]]:
    """column.yaml's ``office_phone_fields`` (``sites.description``…) by folder, each checked."""
    allowed: dict[str, set[str]] = {}
    for entry in settings.office_phone_fields:
        key, _, name = entry.partition(".")
        kind = KINDS.get(key)
        if kind is None or name not in kind.record.field_names():
            known = "、".join(KINDS)
            ctx.error_at(settings.where.at("office_phone_fields"), "office_phone_fields", f'"{entry}" 不是数据中的字段',
                         f"写作 类别.字段，例如 sites.description；类别是 {known} 之一，字段是该类文件的顶层字段")
            continue
        allowed.setdefault(key, set()).add(name)
    return {key: frozenset(names) for key, names in allowed.items()}


def _read(path: Path, record, ctx: Context, office_phones: frozenset[str] = frozenset(), max_bytes: int = MAX_FILE_BYTES):
    """One file's record, or None when it cannot be parsed or is not a mapping.

    Landline numbers are allowed only in the top-level fields named in ``office_phones``.
    """
    key = _check_key(path, record, ctx, office_phones)
    if key is not None:
        cached = _records.get(key[0])
        if cached is not None and cached[0] == key:
            ctx.refs.extend(cached[2])
            return cached[1]
    errors, refs = len(ctx.report.diagnostics), len(ctx.refs)
    checked = _check_file(path, record, ctx, office_phones, max_bytes)
    if key is not None and checked is not None and len(ctx.report.diagnostics) == errors:
        _records[key[0]] = (key, checked, ctx.refs[refs:])
    return checked


def _check_key(path: Path, record, ctx: Context, office_phones: frozenset[str]) -> tuple | None:
    """What a file's check depends on: the file, the settings it reads, the media folder."""
    if not keep_parsed:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    words = tuple((name, tuple(values)) for name, values in sorted(ctx.words.items()))
    return (os.path.abspath(path), stat.st_size, stat.st_mtime_ns, record, ctx.file, words, ctx.as_of,
            office_phones, _media_state(ctx.data_dir))


def _media_state(data_dir: Path) -> tuple:
    """The media folder's files (photos are checked to exist), read once per load."""
    key = os.path.abspath(data_dir)
    cached = _media_states.get(key)
    if cached is None:
        folder = os.path.join(key, MEDIA_DIR)
        try:
            link = os.readlink(folder)
        except OSError:
            link = None
        # Links themselves, not their targets: a photo linked out of media/ is refused.
        cached = _media_states[key] = (link, tuple(tree_state(folder, follow_symlinks=False)))
    return cached


_media_states: dict[str, tuple] = {}


def _media_names(data_dir: Path) -> tuple:
    """What a photo's check sees of the media folder: its entries and their types (a link is
    told from a file), without sizes or times, which a fresh checkout changes."""
    link, state = _media_state(data_dir)
    root = os.path.abspath(data_dir)
    return link, tuple((os.path.relpath(path, root), mode & 0o170000) for path, _, _, mode in state)


def _check_file(path: Path, record, ctx: Context, office_phones: frozenset[str] = frozenset(),
                max_bytes: int = MAX_FILE_BYTES):
    try:
        root, findings = _parse_file(path, max_bytes)
    except YamlProblem as problem:
        ctx.report.error(ctx.file, problem.line, problem.col, "", problem.message, problem.hint)
        return None
    if root is None:
        ctx.report.error(ctx.file, 1, 1, "", "文件里没有内容（空文件或只有注释）", "删除这个文件，或按编辑指南填写内容")
        return None
    for finding in findings:
        if finding.what == "电话号码" and re.split(r"[.\[]", finding.path, maxsplit=1)[0] in office_phones:
            continue
        ctx.error_at((finding.line, finding.col), finding.path, f"含有{finding.what}（{finding.excerpt}），公开的专栏不能登载个人信息",
                  "删除这段号码；需要联系方式时写单位名称或办公地点")
    if not isinstance(root, Map):
        ctx.error(root, "", "文件的顶层应是“字段: 值”的键值映射，而这里是列表或单个值", "参照编辑指南中的样例，从“id: …”开始逐行填写字段")
        return None
    return record.check(root, ctx, "")


#: A folder of at least this many files is read on every core (one forked process each),
#: except in the live preview, which keeps what it read between rebuilds in this process.
PARALLEL_FILES = 1000
#: Files handed to a reading process at a time: small enough to share the work evenly.
_CHUNK = 250


def _read_kind(data_dir, kind: Kind, words, as_of, refs, report, office_phones: frozenset[str] = frozenset(),
               max_bytes: int = MAX_FILE_BYTES, checked_with: str | None = None, checked: dict | None = None):
    """The records of one kind's folder. ``checked_with`` (a digest of the settings the checks
    read, given when a build cache is in use) lets a file checked by an earlier build be reused;
    each file's key then goes into ``checked`` (kind → stem → key)."""
    entities: dict[str, e.Record] = {}
    present: set[str] = set()
    folder = data_dir / kind.key
    if folder.is_symlink() or not folder.is_dir():
        return entities, present  # a link is reported by report_links and never read
    cwd = os.getcwd()
    wanted: list[tuple[Path, str]] = []
    for path in sorted(folder.iterdir()):
        shown = display_path(path, cwd)
        if path.name in IGNORED_NAMES:
            continue
        if path.is_symlink():
            present.add(path.stem)  # reported as a link; not "missing" where referenced
            continue
        if path.is_dir():
            report.error(shown, 1, 1, "", f"{kind.key}/ 里不应有子文件夹", f"{kind.label}文件直接放在 data/{kind.key}/ 下")
            continue
        if path.suffix != ".yaml":
            hint = f"改名为 {path.stem}.yaml" if path.suffix in (".yml", ".YAML", ".YML") else f"data/{kind.key}/ 只放 .yaml 文件"
            report.error(shown, 1, 1, "", f'不认识的文件 "{path.name}"', hint)
            continue
        stem = path.stem
        if not kind.stem_pattern.match(stem):
            report.error(shown, 1, 1, "", f'文件名 "{path.name}" 不合格式', kind.stem_hint)
            continue
        if stem in RESERVED_IDS and kind.stem_field == "id":
            report.error(shown, 1, 1, "", f'编号 "{stem}" 留给了专栏自己的页面（{"、".join(sorted(RESERVED_IDS))}）',
                         "换一个编号，例如在前面加上单位的拼音缩写，并同时改文件名和 id")
            present.add(stem)
            continue
        present.add(stem)
        wanted.append((path, shown))

    job = (data_dir, kind.key, words, as_of, office_phones, max_bytes)
    cache = build_cache.current if checked_with is not None else None
    keys: list[str] = []
    known: dict = {}
    if cache is not None and wanted:
        # A file checked by an earlier build, with the same contents and the same settings
        # that its check reads, gives the same record, messages and references.
        context = build_cache.digest(checked_with, kind.key)
        for path, shown in wanted:
            content = path.read_bytes()
            # The size limit matters only to a file above it (a quarter's limit grows with the organizations).
            keys.append(build_cache.digest(context, shown, content, str(max_bytes) if len(content) > max_bytes else ""))
        known = cache.load(f"checked-{kind.key}") or {}
    todo = [(n, item) for n, (item, key) in enumerate(zip(wanted, keys or [None] * len(wanted))) if key not in known]
    results: list = [known.get(key) for key in keys] if keys else [None] * len(wanted)
    cores = processes.cores()
    if not todo:
        fresh = []
    elif keep_parsed or cores < 2 or len(todo) < PARALLEL_FILES and kind.key != "ratings" or len(todo) < 2:
        fresh = _read_files(job, [item for _, item in todo])
    else:
        import multiprocessing

        # Each process parses and checks its files; the records, messages and references
        # come back in the files' order, so the result is the one a single process gives.
        step = 1 if kind.key == "ratings" else _CHUNK
        chunks = [[item for _, item in todo[i:i + step]] for i in range(0, len(todo), step)]
        with multiprocessing.get_context("fork").Pool(min(cores, len(chunks))) as pool:
            fresh = [one for part in pool.imap(_read_chunk, [(job, chunk) for chunk in chunks]) for one in part]
    for (n, _), result in zip(todo, fresh):
        results[n] = result
    if checked is not None and cache is not None:
        checked[kind.key] = {path.stem: key for (path, _), key in zip(wanted, keys)}
    if cache is not None and wanted:
        cache.count("数据文件", len(wanted) - len(todo), len(wanted))
        if todo or len(known) != len(keys):
            cache.store(f"checked-{kind.key}", dict(zip(keys, results)))
    for (path, shown), (record, diagnostics, found) in zip(wanted, results):
        report.diagnostics.extend(diagnostics)
        refs.extend(found)
        if record is None:
            continue
        stem = path.stem
        value = getattr(record, kind.stem_field)
        if value and str(value) != stem:
            line, col = record.where.at(kind.stem_field)
            report.error(shown, line, col, kind.stem_field, f'{kind.stem_field} "{value}" 与文件名 "{stem}" 不一致',
                         f"把 {kind.stem_field} 改为 {stem}，或把文件改名为 {value}.yaml")
        entities[stem] = record
    return entities, present


def _read_files(job, files: list[tuple[Path, str]]) -> list[tuple]:
    """(record or None, its messages, its references) of each file, in order."""
    data_dir, key, words, as_of, office_phones, max_bytes = job
    record_type = KINDS[key].record
    out = []
    for path, shown in files:
        report, refs = Report(), []
        ctx = Context(report, shown, data_dir, words, refs, as_of)
        out.append((_read(path, record_type, ctx, office_phones, max_bytes), report.diagnostics, refs))
    return out


def _read_chunk(args) -> list[tuple]:
    return _read_files(*args)


def _check_unknown_entries(data_dir: Path, report: Report, links: set[str]) -> None:
    expected = {SETTINGS_FILE, MEDIA_DIR, *KINDS} | IGNORED_NAMES
    for path in sorted(data_dir.iterdir()):
        if path.name in expected or path.name.startswith(".") or str(path) in links:
            continue
        kind = "文件夹" if path.is_dir() else "文件"
        report.error(display_path(path), 1, 1, "", f'数据文件夹里有不认识的{kind} "{path.name}"',
                     f"数据只放在 {SETTINGS_FILE}、{MEDIA_DIR}/ 和 {'、'.join(k + '/' for k in KINDS)} 中；检查名字是否拼错")
