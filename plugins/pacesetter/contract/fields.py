"""The vocabulary the contract is written in: field types that check a node and convert it.

Each type checks one value of a YAML node, reports what is wrong in Chinese through the
context, and returns the converted Python value, or ``INVALID``. The kinds of the
contract (``kinds.py``) are declared with these types only, so that the checker, and
later the JSON Schemas and the scaffold, read one declaration.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from ..entities import Where
from ..photos import PhotoError
from ..photos import inspect as inspect_photo
from .diagnostics import HIDDEN_CATEGORIES, Report, visible
from .figures import problems as figure_problems
from .yamlsource import Map, Node, Scalar, Seq


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

# Patterns end in \Z, never $ (which also matches before a final newline), and say
# [0-9], never \d (which also matches full-width and other scripts' digits).
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{1,63}\Z")
#: Items inside one file (ledger items) may be numbered as editors do: 1, 2, 3.
SHORT_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\Z")
#: The mark `pacesetter new` leaves where the editor must write; never accepted as data.
PLACEHOLDER = "【待填写】"
QUARTER_PATTERN = re.compile(r"([0-9]{4})Q([1-4])\Z")
_YEAR = re.compile(r"[0-9]{4}\Z")
_INTEGER = re.compile(r"[0-9]+\Z")
DATE_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@dataclass(frozen=True)
class PendingRef:
    """A reference to another entity, resolved once every file has been read."""

    kind: str
    id: str
    file: str
    line: int
    col: int
    path: str


@dataclass
class Context:
    """What a check needs while reading one file."""

    report: Report
    file: str
    data_dir: Path
    words: dict[str, list[str]] = field(default_factory=dict)
    refs: list[PendingRef] = field(default_factory=list)
    #: column.yaml's as_of: facts (``past=True`` dates) cannot lie after it
    as_of: dt.date | None = None

    def error(self, node: Node, path: str, message: str, hint: str = "") -> None:
        self.report.error(self.file, node.line, node.col, path, message, hint)

    def error_at(self, pos: tuple[int, int], path: str, message: str, hint: str = "") -> None:
        self.report.error(self.file, pos[0], pos[1], path, message, hint)


def describe(node: Node) -> str:
    """How a wrong value is named in a message: '数字 123', '列表', …"""
    if isinstance(node, Map):
        return "键值映射"
    if isinstance(node, Seq):
        return "列表"
    value = node.value
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {node.raw}"
    if isinstance(value, (int, float)):
        return f"数字 {node.raw}"
    shown = value if len(value) <= 20 else value[:20] + "…"
    return f'文字 "{shown}"'


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def is_empty(node: Node) -> bool:
    return isinstance(node, Scalar) and node.value is None and not node.quoted


def hidden_char(text: str, allowed: str = "") -> str | None:
    """The first character of ``text`` a reader cannot see (``allowed`` excepted), or None."""
    plain = text
    for ch in allowed:
        plain = plain.replace(ch, "")
    if plain.isprintable():  # the common case, in C
        return None
    return next((ch for ch in plain if unicodedata.category(ch) in HIDDEN_CATEGORIES), None)


def halfwidth_hint(raw: str, pattern: re.Pattern) -> str:
    """A hint when ``raw`` is right but for full-width characters (２０２２Ｑ１), else ''."""
    folded = unicodedata.normalize("NFKC", raw).strip()
    if folded != raw.strip() and pattern.match(folded):
        return f"这里用了全角字符：请改用半角，写成 {folded}"
    return ""


class FieldType:
    """Base of every type: ``check`` returns the value or INVALID after reporting."""

    #: Chinese name of the type, used in messages and (later) schema descriptions.
    label = "值"

    def check(self, node: Node, ctx: Context, path: str) -> Any:
        raise NotImplementedError

    def _scalar(self, node: Node, ctx: Context, path: str) -> Scalar | None:
        if isinstance(node, Scalar):
            return node
        ctx.error(node, path, f"应为{self.label}，而这里是{describe(node)}")
        return None


@dataclass(frozen=True)
class Text(FieldType):
    max_len: int = 200
    markdown: bool = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return "文字（可用 Markdown）" if self.markdown else "文字"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        if not isinstance(scalar.value, str):
            hint = f"如果这就是要写的内容，请加引号：'{scalar.raw}'" if scalar.value is not None else ""
            ctx.error(node, path, f"应为{self.label}，而这里是{describe(scalar)}", hint)
            return INVALID
        text = scalar.value.strip() if not self.markdown else scalar.value.rstrip() + "\n"
        # The length first: every other check, and the privacy scan, is bounded by it.
        if len(text) > self.max_len:
            ctx.error(node, path, f"太长了（{len(text)} 字，上限 {self.max_len} 字）")
            return INVALID
        if not text.strip():
            ctx.error(node, path, "不能是空文字")
            return INVALID
        if PLACEHOLDER in text:
            ctx.error(node, path, f"还没有填写（仍是“{PLACEHOLDER}”）", "把它换成实际内容")
            return INVALID
        if not self.markdown and "\n" in text:
            ctx.error(node, path, "只能写一行", "长段文字请写在 summary、description、story 或 body 等正文字段中")
            return INVALID
        if self.markdown and not _markdown_within_limits(text, node, ctx, path):
            return INVALID
        if self.markdown and "{{" in text:
            found = figure_problems(text)  # only {{ 中文 … }} is a figure; other braces are text
            for message, hint in found:
                ctx.error(node, path, message, hint)
            if found:
                return INVALID
        hidden = hidden_char(text, "\n\t" if self.markdown else "")
        if hidden is not None:
            name = unicodedata.name(hidden, "控制字符")
            ctx.error(node, path, f"含有看不见的字符 U+{ord(hidden):04X}（{name}）",
                      "删除它：这类字符常随从网页、文档或聊天软件复制的文字而来，会让文字显示得与实际不同")
            return INVALID
        return text


#: Markdown's inline syntax is matched by scanning ahead from each "[" and "<" to the
#: end of its paragraph, so their number times a paragraph's length is what a page
#: costs to render (20,000 "[" took 37 s). These limits keep any field under 0.1 s;
#: the demo's longest paragraph has 89 characters and not one bracket.
MAX_BRACKETS = 100
MAX_ANGLES = 100
MAX_PARAGRAPH = 3_000
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def _markdown_within_limits(text: str, node, ctx: Context, path: str) -> bool:
    for mark, limit, name, hint in (
        ("[", MAX_BRACKETS, "方括号“[”", "链接写成 [文字](地址)，一个字段最多 100 个；方括号太多会让网页生成变得极慢"),
        ("<", MAX_ANGLES, "尖括号“<”", "正文里不需要写 HTML 标签；需要小于号时写“小于”"),
    ):
        count = text.count(mark)
        if count > limit:
            ctx.error(node, path, f"{name}太多（{count} 个，上限 {limit} 个）", hint)
            return False
    longest = max((len(p.strip()) for p in _PARAGRAPHS.split(text)), default=0)
    if longest > MAX_PARAGRAPH:
        ctx.error(node, path, f"这一段有 {longest} 字，一段的上限是 {MAX_PARAGRAPH} 字", "在段落之间空一行，把长段分成几段")
        return False
    return True


@dataclass(frozen=True)
class Slug(FieldType):
    #: an item's number inside one file (1, 2, 3…) rather than an entity's id
    short: bool = False
    label = "编号"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        value = scalar.raw if isinstance(scalar.value, (str, int)) and not isinstance(scalar.value, bool) else None
        pattern = SHORT_ID_PATTERN if self.short else ID_PATTERN
        if value is None or not pattern.match(value):
            size = "1" if self.short else "2"
            ctx.error(
                node, path, f'编号 "{visible(scalar.raw)}" 不合格式',
                halfwidth_hint(scalar.raw, pattern) or
                f"编号由小写拼音字母、数字和连字符组成，以字母或数字开头，{size} 到 64 个字符，例如 sw-jiguan-1",
            )
            return INVALID
        return value


@dataclass(frozen=True)
class Ref(FieldType):
    """An id of another entity; resolved after all files are read."""

    kind: str = "orgs"
    label = "编号"

    def check(self, node, ctx, path):
        value = Slug().check(node, ctx, path)
        if value is not INVALID:
            ctx.refs.append(PendingRef(self.kind, value, ctx.file, node.line, node.col, path))
        return value


@dataclass(frozen=True)
class Word(FieldType):
    """One of the allowed words listed in column.yaml under ``list_name``."""

    list_name: str = ""
    label = "文字"

    def check(self, node, ctx, path):
        value = Text(max_len=60).check(node, ctx, path)
        if value is INVALID:
            return INVALID
        allowed = ctx.words.get(self.list_name)
        if allowed is None:  # the list itself is broken; column.yaml reports that
            return value
        if value not in allowed:
            close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
            hint = f'是不是“{close[0]}”？' if close else ""
            hint += f"允许的值：{'、'.join(allowed)}（见 data/column.yaml 的 {self.list_name}）"
            ctx.error(node, path, f'"{value}" 不是允许的值', hint)
            return INVALID
        return value


@dataclass(frozen=True)
class Fixed(FieldType):
    """One of a few words whose meaning the code relies on (so they are not in column.yaml)."""

    choices: tuple[str, ...] = ()
    label = "文字"

    def check(self, node, ctx, path):
        value = Text(max_len=20).check(node, ctx, path)
        if value is INVALID:
            return INVALID
        if value not in self.choices:
            ctx.error(node, path, f'"{value}" 不是允许的值', f"只能是：{'、'.join(self.choices)}")
            return INVALID
        return value


@dataclass(frozen=True)
class Date(FieldType):
    #: a fact that has happened, so it cannot lie after column.yaml's as_of
    past: bool = False
    label = "日期"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        match = DATE_PATTERN.match(scalar.raw.strip()) if isinstance(scalar.value, str) else None
        if not match:
            ctx.error(node, path, f"应为日期，而这里是{describe(scalar)}",
                      halfwidth_hint(scalar.raw, DATE_PATTERN) or "日期写成 YYYY-MM-DD，例如 2022-07-05")
            return INVALID
        try:
            value = dt.date(*map(int, match.groups()))
        except ValueError:
            ctx.error(node, path, f"日期 {scalar.raw} 不存在", "检查月份和日子，例如 2 月没有 30 日")
            return INVALID
        if self.past and ctx.as_of and value > ctx.as_of:
            ctx.error(node, path, f"日期 {value} 晚于专栏的数据截止日期 {ctx.as_of}",
                      "已经发生的事才能写进专栏；若数据截止日期已变，请先修改 column.yaml 的 as_of")
            return INVALID
        return value


@dataclass(frozen=True)
class Year(FieldType):
    past: bool = False
    label = "年份"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        raw = scalar.raw.strip()
        if isinstance(scalar.value, bool) or not _YEAR.match(raw) or not 1921 <= int(raw) <= 2100:
            ctx.error(node, path, f"应为四位年份，而这里是{describe(scalar)}", halfwidth_hint(raw, _YEAR) or "例如 2022")
            return INVALID
        if self.past and ctx.as_of and int(raw) > ctx.as_of.year:
            ctx.error(node, path, f"年份 {raw} 晚于专栏的数据截止日期 {ctx.as_of}")
            return INVALID
        return int(raw)


@dataclass(frozen=True)
class Quarter(FieldType):
    label = "季度"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        if not isinstance(scalar.value, str) or not QUARTER_PATTERN.match(scalar.raw):
            ctx.error(node, path, f"应为季度，而这里是{describe(scalar)}",
                      halfwidth_hint(scalar.raw, QUARTER_PATTERN) or "季度写成 2022Q2 的样子（年份 + Q + 1 到 4）")
            return INVALID
        return scalar.raw


class QuarterRef(Quarter):
    """A quarter that must have its ratings file (ratings/<quarter>.yaml)."""

    def check(self, node, ctx, path):
        value = super().check(node, ctx, path)
        if value is not INVALID:
            ctx.refs.append(PendingRef("ratings", value, ctx.file, node.line, node.col, path))
        return value


@dataclass(frozen=True)
class Int(FieldType):
    minimum: int = 0
    maximum: int = 10**9
    label = "整数"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        if not isinstance(scalar.value, int) or isinstance(scalar.value, bool):
            ctx.error(node, path, f"应为整数，而这里是{describe(scalar)}",
                      halfwidth_hint(scalar.raw, _INTEGER) or "直接写数字，不加引号和单位，例如 23")
            return INVALID
        if not self.minimum <= scalar.value <= self.maximum:
            ctx.error(node, path, f"数值 {scalar.value} 超出范围", f"应在 {self.minimum} 到 {self.maximum} 之间")
            return INVALID
        return scalar.value


@dataclass(frozen=True)
class Ratio(FieldType):
    label = "比例"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        value = scalar.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            ctx.error(node, path, f"应为 0 到 1 之间的小数，而这里是{describe(scalar)}", "例如 50% 写成 0.5")
            return INVALID
        return float(value)


@dataclass(frozen=True)
class Bool(FieldType):
    label = "true 或 false"

    def check(self, node, ctx, path):
        scalar = self._scalar(node, ctx, path)
        if scalar is None:
            return INVALID
        if not isinstance(scalar.value, bool):
            ctx.error(node, path, f"应为 true 或 false，而这里是{describe(scalar)}", "公开写 true，不公开写 false")
            return INVALID
        return scalar.value


#: One part of a photo's path: letters (Chinese included), digits, "-", "_" and ".",
#: so that the name needs no escaping in a web address ("#", "?", "%" would break it).
_PHOTO_PART = re.compile(r"[^\W_][\w.-]*\Z")


@dataclass(frozen=True)
class Photo(FieldType):
    """A photo under data/media/, written relative to the data folder, in its one normal form."""

    label = "照片路径"

    def check(self, node, ctx, path):
        value = Text(max_len=200).check(node, ctx, path)
        if value is INVALID:
            return INVALID
        hint = "照片放在 data/media/ 下，路径写成 media/文件名.jpg"
        pure = PurePosixPath(value)
        if "\\" in value or pure.is_absolute() or re.match(r"^[A-Za-z]:", value):
            ctx.error(node, path, f'照片路径 "{value}" 必须是相对路径', hint)
            return INVALID
        if ".." in pure.parts or not pure.parts or pure.parts[0] != "media":
            ctx.error(node, path, f'照片路径 "{value}" 必须位于 media/ 之内', hint)
            return INVALID
        normal = posixpath.normpath(value)
        if normal != value:
            ctx.error(node, path, f'照片路径 "{value}" 的写法不规范', f"写成 {normal}")
            return INVALID
        odd = next((part for part in pure.parts[1:] if not _PHOTO_PART.match(part)), None)
        if odd is not None:
            ctx.error(node, path, f'照片路径 "{value}" 含有网址里不能直接使用的字符（如空格、#、?、%）',
                      "文件名只用汉字、字母、数字、连字符（-）、下划线和点，例如 media/2023-guanmohui.jpg；改名后同时改这里")
            return INVALID
        if pure.suffix.lower() not in PHOTO_SUFFIXES:
            ctx.error(node, path, f'照片 "{value}" 的格式不受支持', f"只接受 {'、'.join(PHOTO_SUFFIXES)} 文件")
            return INVALID
        target = ctx.data_dir / pure
        # A link anywhere on the way (media/ itself included) could reach any file the build can read.
        steps = [ctx.data_dir.joinpath(*pure.parts[:n]) for n in range(1, len(pure.parts) + 1)]
        if any(step.is_symlink() for step in steps):
            ctx.error(node, path, f'照片 "{value}" 是符号链接或位于符号链接之下', "不要使用符号链接，把照片本身放进 media/")
            return INVALID
        if not target.is_file():
            ctx.error(node, path, f'照片 "{value}" 不存在', f"把照片放到 {ctx.data_dir.name}/{value}，或改正文件名（区分大小写）")
            return INVALID
        try:
            inspect_photo(target)
        except PhotoError as problem:
            ctx.error(node, path, f'照片 "{value}" {problem.message}', problem.hint)
            return INVALID
        return value


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType = field(default_factory=Text)
    unique: bool = False
    min_items: int = 0
    max_items: int = 100_000
    label = "列表"

    def check(self, node, ctx, path):
        if not isinstance(node, Seq):
            example = "[基本组织, 基本队伍]" if not isinstance(self.item, Record) else "每项以“- ”开头"
            ctx.error(node, path, f"应为列表，而这里是{describe(node)}", f"列表写成 {example}，或每行一个“- 值”")
            return INVALID
        if len(node.items) < self.min_items:
            ctx.error(node, path, f"至少要有 {self.min_items} 项")
        if len(node.items) > self.max_items:
            ctx.error(node, path, f"最多 {self.max_items} 项，这里有 {len(node.items)} 项")
            return INVALID
        values = []
        seen: dict[Any, int] = {}
        for index, item in enumerate(node.items, start=1):
            item_path = f"{path}[{index}]"
            value = self.item.check(item, ctx, item_path)
            if value is INVALID:
                continue
            if self.unique:
                if value in seen:
                    ctx.error(item, item_path, f'"{value}" 重复（与第 {seen[value]} 项相同）', "同一个列表里每个值只写一次")
                    continue
                seen[value] = index
            values.append(value)
        return values


@dataclass(frozen=True)
class YearMap(FieldType):
    """A mapping from year to a value, such as the yearly classification."""

    value: FieldType = field(default_factory=Text)
    label = "按年份的映射"

    def check(self, node, ctx, path):
        if not isinstance(node, Map):
            ctx.error(node, path, f"应为按年份的映射，而这里是{describe(node)}", "写成 {2021: 中间, 2022: 先进}")
            return INVALID
        result = {}
        for key_text, (key, value_node) in node.entries.items():
            year = Year(past=True).check(key, ctx, join(path, key_text))
            value = self.value.check(value_node, ctx, join(path, key_text))
            if year is not INVALID and value is not INVALID:
                result[year] = value
        return dict(sorted(result.items()))


@dataclass(frozen=True)
class Field:
    """One field of a record: its name in the contract, type, and Chinese description."""

    name: str
    type: FieldType
    title: str
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Record(FieldType):
    """A mapping with named fields, converted to an instance of ``cls``."""

    cls: type = object
    fields: tuple[Field, ...] = ()
    #: Checks of the record as a whole (date order…), run when its fields are valid.
    rules: tuple[Callable[[Any, Context], None], ...] = ()
    label = "键值映射"

    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def check(self, node, ctx, path):
        if not isinstance(node, Map):
            ctx.error(node, path, f"应为键值映射（字段: 值），而这里是{describe(node)}", _record_hint(self))
            return INVALID
        known = {f.name: f for f in self.fields}
        values: dict[str, Any] = {}
        positions: dict[str, tuple[int, int]] = {}
        for key_text, (key, value_node) in node.entries.items():
            spec = known.get(key_text)
            if spec is None:
                close = difflib.get_close_matches(key_text, list(known), n=1, cutoff=0.6)
                hint = f'是不是 "{close[0]}"？' if close else f"可用的字段：{', '.join(known)}"
                ctx.error(key, join(path, key_text), f'未知字段 "{key_text}"', hint)
                continue
            if is_empty(value_node):
                if spec.required:
                    ctx.error(value_node, join(path, key_text), f"必填字段 {key_text}（{spec.title}）不能为空")
                continue
            value = spec.type.check(value_node, ctx, join(path, key_text))
            if value is not INVALID:
                values[key_text] = value
                # Only valid fields get a position: rules and callers read a field
                # that has one as present and sound.
                positions[key_text] = (value_node.line, value_node.col)
        for spec in self.fields:
            if spec.required and spec.name not in node.entries:
                ctx.error(node, join(path, spec.name), f"缺少必填字段 {spec.name}（{spec.title}）")
        where = Where(ctx.file, node.line, node.col, path, positions, frozenset(node.entries))
        record = self.cls(**values, where=where)
        # Rules see invalid fields as absent (None or empty), so they run regardless
        # and every independent problem is reported in the same run.
        for rule in self.rules:
            rule(record, ctx)
        return record


def _record_hint(record: Record) -> str:
    required = [f.name for f in record.fields if f.required]
    return f"每行写“字段: 值”，必填字段：{', '.join(required)}" if required else "每行写“字段: 值”"


def record_fields(cls: type) -> list[str]:
    """The contract fields of an entity class (``where`` is bookkeeping, not data)."""
    return [f.name for f in dataclasses.fields(cls) if f.name != "where"]
