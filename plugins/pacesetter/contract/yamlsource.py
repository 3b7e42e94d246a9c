"""Read one YAML file into a small tree of nodes that remember where they stand.

We build the tree ourselves from ruamel.yaml's event stream instead of letting ruamel
construct Python objects, because that gives us, in one pass and without recursion:

- the line and column of every value, keys and list items included;
- no object construction from tags (a tag other than the standard ones is an error);
- duplicate keys reported where the second one stands;
- bounded work: the file size, the nesting depth and the number of nodes that aliases
  expand to are all capped, so an alias bomb or a 1,000-deep nesting fails fast.

Scalars are resolved with the YAML 1.2 core schema (so ``yes`` is a string, not a
boolean). Dates stay strings: the contract's field types parse them, which lets a
quoted and an unquoted date mean the same thing.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

#: One entity's file: a province's quarter of ratings is about 2.5 MB, four times that is surely
#: a mistake. A quarter's ratings may grow with the organizations (RATING_BYTES_PER_ORG).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: What each organization adds to the limit of a quarter's ratings file: a rating is about
#: 85 bytes, so 100,000 organizations (8.5 MB) stay far inside, and no fixed size caps the column.
RATING_BYTES_PER_ORG = 512
#: The contract nests four levels at most; anything near this limit is hostile or broken.
MAX_DEPTH = 32
#: Nodes that aliases may add by repeating an anchored value (the alias bomb guard).
MAX_ALIAS_EXPANSION = 10_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(eq=False, slots=True)
class Node:
    line: int  # 1-based
    col: int  # 1-based
    size: int = field(default=1, repr=False)  # nodes in this subtree, aliases expanded


@dataclass(eq=False, slots=True)
class Scalar(Node):
    value: Union[str, int, float, bool, None] = None
    raw: str = ""
    quoted: bool = False


@dataclass(eq=False, slots=True)
class Seq(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Map(Node):
    #: key text -> (key node, value node), in file order
    entries: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


@dataclass
class YamlProblem(Exception):
    """A file that cannot be read as YAML; one per file, since parsing stops there."""

    line: int
    col: int
    message: str
    hint: str = ""


_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OCT = re.compile(r"0o[0-7]+\Z")
_INT_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_FLOAT_SPECIAL = re.compile(r"(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z")
#: The first characters of every null, boolean, integer and float above.
_RESOLVED_STARTS = frozenset("~nNtTfF-+.0123456789")


def resolve_plain(text: str) -> Union[str, int, float, bool, None]:
    """YAML 1.2 core schema resolution of an unquoted scalar."""
    if text and text[0] not in _RESOLVED_STARTS:
        return text  # most values (names, ids, dates) cannot be anything but text
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) or _FLOAT_SPECIAL.match(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


def _tag_name(tag: object) -> str | None:
    if tag is None:
        return None
    value = getattr(tag, "value", tag)
    return None if value is None else str(value)


def decode(data: bytes) -> str:
    """UTF-8 text of a file, without a byte-order mark; YamlProblem where a byte is invalid."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise YamlProblem(
            line,
            col,
            f"文件不是有效的 UTF-8 编码（第 {exc.start + 1} 个字节 0x{data[exc.start]:02x} 无法解码）",
            "请用 UTF-8 编码保存文件（记事本“另存为”时在“编码”中选择 UTF-8）",
        ) from None


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of a data file, refused when larger than ``max_bytes`` or not UTF-8."""
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlProblem(
            1, 1, f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）",
            "一个文件只写一个条目；过大的文件多半是误提交了别的内容",
        )
    return decode(path.read_bytes())


_local = threading.local()


#: Texts one YAML object reads before it is replaced (it keeps a small record of each).
_PARSER_USES = 1000


def _parser() -> YAML:
    """This thread's YAML reader. Making one looks for ruamel's plug-ins on disk, which
    costs as much as parsing a small file; each parse starts afresh with its own parser."""
    uses = getattr(_local, "uses", _PARSER_USES)
    if uses >= _PARSER_USES:
        _local.parser, uses = YAML(typ="safe"), 0
    _local.uses = uses + 1
    return _local.parser


def parse(text: str) -> Node | None:
    """The node tree of YAML text; raises YamlProblem with a Chinese message."""
    try:
        # "safe" takes libyaml's parser (ruamel.yaml.clib) when installed, about eight
        # times faster than the pure-Python one; both give every event its line and column.
        return _build(_parser().parse(text))
    except YamlProblem:
        raise
    except MarkedYAMLError as exc:
        raise _translate(exc, text) from None
    except ReaderError as exc:  # libyaml reports a control character by its offset
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = f"#x{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise YamlProblem(line, col, f"文件中含有不可见的控制字符（{code}）", "删除该位置的特殊字符后重新保存") from None
    except YAMLError as exc:  # unmarked errors are rare; keep their text
        raise YamlProblem(1, 1, f"YAML 无法解析：{exc}") from None


def _build(events) -> Node | None:
    """The node tree of a stream of parser events.

    This loop sees every value of every file (a province's data is millions of events),
    so it dispatches on the event's exact class and inlines the common steps.
    """
    root: Node | None = None
    documents = 0
    # Each open container is [node, pending key (for maps) or None].
    stack: list[list] = []
    anchors: dict[str, Node] = {}
    expansion = 0
    str_tag = "tag:yaml.org,2002:str"

    for event in events:
        kind = type(event)
        if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            tag = event.tag
            if tag is not None:
                tag = _tag_name(tag)
                if tag is not None and tag not in _STANDARD_TAGS:
                    shown = tag.replace("tag:yaml.org,2002:", "!!")
                    raise YamlProblem(line, col, f"不允许使用 YAML 标签 {shown}", "去掉以 ! 开头的标签，直接写值")
            if kind is ScalarEvent:
                raw = event.value
                plain = event.implicit[0]
                style = event.style
                # plain is None (pure parser) or "" (C parser) for a quoted scalar
                if tag == str_tag or not plain or style == "|" or style == ">":
                    value = raw
                else:
                    value = resolve_plain(raw)
                node: Node = Scalar(line, col, 1, value, raw, style == "'" or style == '"' or not plain)
            elif len(stack) >= MAX_DEPTH:
                raise YamlProblem(line, col, f"嵌套层数超过 {MAX_DEPTH} 层", "专栏的数据最多嵌套四五层，请检查缩进")
            else:
                node = Map(line, col) if kind is MappingStartEvent else Seq(line, col)
            if event.anchor:
                anchors[event.anchor] = node
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            node = stack.pop()[0]
            if kind is SequenceEndEvent:
                node.size = 1 + sum(child.size for child in node.items)
            else:
                node.size = 1 + sum(key.size + value.size for key, value in node.entries.values())
            continue
        elif kind is AliasEvent:
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            node = anchors.get(event.anchor)
            if node is None:  # ruamel reports this itself; kept for safety
                raise YamlProblem(line, col, f"引用了未定义的锚点 *{event.anchor}")
            if any(open_node is node for open_node, _ in stack):
                raise YamlProblem(line, col, f"别名 *{event.anchor} 引用了包含它自己的内容", "删除这个别名，直接写出内容")
            expansion += node.size
            if expansion > MAX_ALIAS_EXPANSION:
                raise YamlProblem(
                    line, col, f"别名（*{event.anchor}）展开后的内容过多，超过 {MAX_ALIAS_EXPANSION} 个值",
                    "请直接写出内容，不要层层引用锚点",
                )
        else:
            if kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlProblem(mark.line + 1, mark.column + 1, "一个文件只能有一个 YAML 文档",
                                      "删除文件中间的 --- 分隔线，把第二部分拆成单独的文件")
            continue
        # The node goes into its container: the root, a list, or a map as its key or value.
        if not stack:
            root = node
        else:
            top = stack[-1]
            container = top[0]
            if type(container) is Seq:
                container.items.append(node)
            elif top[1] is not None:
                container.entries[top[1].raw] = (top[1], node)
                top[1] = None
            else:
                if type(node) is not Scalar:
                    raise YamlProblem(node.line, node.col, "字段名必须是简单的文字，不能是列表或映射")
                if node.quoted is False and node.value is None:
                    raise YamlProblem(node.line, node.col, "字段名不能为空")
                name = node.raw
                if name in container.entries:
                    first = container.entries[name][0]
                    raise YamlProblem(
                        node.line, node.col, f'字段 "{name}" 重复出现（第一次在第 {first.line} 行）',
                        "同一层里每个字段只能写一次，请删除或合并重复的一行",
                    )
                top[1] = node
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append([node, None])
    return root


_TRANSLATIONS = [
    ("found character '\\t' that cannot start any token", "这里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("found character '\\t'", "这里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("found a tab character", "这里有制表符（Tab）", "YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("mapping values are not allowed", "这里不能出现冒号开始的值", "检查上一行的缩进；文字中含“: ”时请给整段文字加引号"),
    ("could not find expected ':'", "缺少冒号", "每个字段写成“字段名: 值”，冒号后面要有一个空格"),
    ("found undefined alias", "引用了未定义的锚点", "删除 *名称，直接写出内容"),
    ("found duplicate anchor", "锚点重复定义", "每个 &名称 只能定义一次"),
    ("did not find expected key", "缩进不一致，找不到下一个字段", "同一层的字段要对齐到同一列"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一个列表的每一项“- ”要对齐到同一列"),
    ("found unexpected end of stream", "文件在引号或括号闭合之前就结束了", "检查是否漏写了右引号或右括号"),
    ("found unknown escape character", "双引号中有无法识别的转义字符（\\）", "改用单引号，或把 \\ 写成 \\\\"),
    ("special characters are not allowed", "文件中含有不可见的控制字符", "删除该位置的特殊字符后重新保存"),
    ("control characters are not allowed", "文件中含有不可见的控制字符", "删除该位置的特殊字符后重新保存"),
    ("expected <block end>, but found", "缩进不一致", "同一层的内容要对齐到同一列"),
    ("found character '@' that cannot start any token", "@ 不能作为值的开头", "给整段文字加引号"),
    ("found character '`' that cannot start any token", "` 不能作为值的开头", "给整段文字加引号"),
    ("found unexpected ':'", "这里的冒号让 YAML 无法分辨字段和值", "含冒号的文字（例如网址）请加引号"),
    ("expected a comment or a line break", "值的后面多了内容", "检查引号是否配对；文字中含引号时请给整段文字换一种引号"),
]


def _translate(exc: MarkedYAMLError, text: str) -> YamlProblem:
    # An unclosed quote or bracket is found at the end of the file; where it opened helps more.
    ends_early = "end of stream" in (exc.problem or "") and exc.context_mark is not None
    mark = exc.context_mark if ends_early else (exc.problem_mark or exc.context_mark)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = exc.problem or ""
    if problem == "found character that cannot start any token" and mark is not None:
        # libyaml does not name the character; the pure-Python parser does.
        lines = text.split("\n")
        char = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
        problem = f"found character {char!r} that cannot start any token"
    context = exc.context or ""
    for needle, message, hint in _TRANSLATIONS:
        if needle in problem or needle in context:
            return YamlProblem(line, col, f"YAML 语法错误：{message}", hint)
    return YamlProblem(line, col, f"YAML 语法错误：{problem or context}", "检查这一行及上一行的缩进、冒号和引号")
