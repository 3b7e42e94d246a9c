"""The editors' field reference, written from the contract (``kinds.py``) and column.yaml's words.

Every kind, every field, its type, whether it is required, the values it allows, its
limits and an example: ``pacesetter reference`` writes it to the editors' guide, and a
test keeps the committed page equal to what this module writes.
"""

from __future__ import annotations

from . import fields as f
from .fields import MAX_BRACKETS, MAX_PARAGRAPH
from .figures import FIGURES, STARS_HELP
from .kinds import DEFAULT_WORDS, KINDS, SETTINGS, WORD_LISTS, Kind

HEADER = """---
# Editors' material: kept out of the public search (an example name here is no answer to a reader's query).
search:
  exclude: true
---

# 字段说明

<!-- 由 `pacesetter reference` 按 plugins/pacesetter/contract/kinds.py 和 data/column.yaml 生成，请勿手改。 -->

这一页列出每一类数据文件的每个字段：含义、写法、是否必填、允许的值、上限和例子。`pacesetter check`
按同样的规则检查，出错时报告“文件:行:列”和字段名。

所有文字共同的规则：

- 每个字段先检查长度；一行的文字不能换行，正文（Markdown）可以分段。
- 看不见的字符（零宽空格、从右到左覆盖、BOM、控制字符、行分隔符）一律不接受：它们常随复制的文字而来，
  会让文字显示得与实际不同。
- 编号、日期、季度、年份、数字只认半角字符：`２０２２` 要写成 `2022`。
- 任何字段都不能出现身份证号码、手机号码、电子邮箱，不管中间有没有空格、横线或全角字符；办公电话只能写在
  `column.yaml` 的 `office_phone_fields` 列出的字段里。
- 正文里的方括号 `[` 和尖括号 `<` 各不超过 {brackets} 个，一段不超过 {paragraph} 字。
"""


def _words_of(name: str, words: dict[str, list[str]]) -> list[str]:
    return list(words.get(name) or DEFAULT_WORDS.get(name, []))


def describe_type(kind: f.FieldType, words: dict[str, list[str]]) -> tuple[str, str, str]:
    """(how it is written, what it allows and its limits, an example) of one field type."""
    if isinstance(kind, f.Text) and kind.markdown:
        return ("正文（Markdown，可分段）",
                f"最多 {kind.max_len:,} 字；`[` 和 `<` 各不超过 {MAX_BRACKETS} 个；一段不超过 {MAX_PARAGRAPH:,} 字",
                "`|` 换行后写正文")
    if isinstance(kind, f.Photo):
        return ("照片路径", "data/media/ 下的 JPG、PNG、WebP 或 GIF；文件名只用汉字、字母、数字、`-`、`_`；"
                "不超过 40 MB、一亿像素；发布时去掉拍摄地点等元数据", "`media/2023-guanmohui.jpg`")
    if isinstance(kind, f.Word):
        allowed = _words_of(kind.list_name, words)
        shown = "、".join(allowed) if allowed else "不限"
        return ("一个词", f"column.yaml 的 `{kind.list_name}` 中的词：{shown}", f"`{allowed[0]}`" if allowed else "")
    if isinstance(kind, f.Fixed):
        return ("一个词", "、".join(kind.choices), f"`{kind.choices[0]}`")
    if isinstance(kind, f.Ref):
        return ("编号", f"data/{kind.kind}/ 下某个文件的编号（文件名，不含 .yaml）", "`sw-nafu`")
    if isinstance(kind, f.Slug):
        size = "1" if kind.short else "2"
        return ("编号", f"小写拼音字母、数字和连字符，以字母或数字开头，{size}–64 个字符", "`1`" if kind.short else "`sw-jiguan-1`")
    if isinstance(kind, f.Text):
        return ("一行文字", f"最多 {kind.max_len} 字", "")
    if isinstance(kind, f.Date):
        limit = "不晚于 column.yaml 的 as_of（已经发生的事）" if kind.past else "YYYY-MM-DD"
        return ("日期", limit, "`2022-07-05`")
    if isinstance(kind, f.Year):
        return ("年份", "四位数字，1921–2100" + ("，不晚于 as_of 的年份" if kind.past else ""), "`2022`")
    if isinstance(kind, f.Quarter):
        return ("季度", "年份 + Q + 1 到 4", "`2022Q3`")
    if isinstance(kind, f.Int):
        return ("整数", f"{kind.minimum}–{kind.maximum:,}", "`23`")
    if isinstance(kind, f.Ratio):
        return ("小数", "0 到 1，50% 写成 0.5", "`0.5`")
    if isinstance(kind, f.Bool):
        return ("true 或 false", "", "`false`")
    if isinstance(kind, f.YearMap):
        how, allows, _ = describe_type(kind.value, words)
        return ("按年份", f"年份: {how}（{allows}）", "`{2021: 中间, 2022: 先进}`")
    if isinstance(kind, f.ListOf):
        limits = [f"最多 {kind.max_items:,} 项"] if kind.max_items < 100_000 else []
        if kind.min_items:
            limits.insert(0, f"至少 {kind.min_items} 项")
        if kind.unique:
            limits.append("不重复")
        if isinstance(kind.item, f.Record):
            return ("列表，每项一组字段（见下表）", "；".join(limits), "每项以 `- ` 开头")
        how, allows, example = describe_type(kind.item, words)
        return (f"列表，每项是{how}", "；".join(filter(None, [allows, *limits])), f"`[{example.strip('`')}]`" if example else "")
    if isinstance(kind, f.Record):
        return ("一组字段（见下表）", "", "")
    return (kind.label, "", "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def _table(record: f.Record, words: dict[str, list[str]], nested: list[tuple[str, f.Record, bool]], path: str,
           examples: dict[str, str]) -> list[str]:
    lines = ["| 字段 | 含义 | 写法 | 必填 | 允许的值、上限 | 例子 | 说明 |", "|---|---|---|---|---|---|---|"]
    for spec in record.fields:
        how, allows, example = describe_type(spec.type, words)
        if not example and f"{path}{spec.name}" in examples:
            example = f"`{examples[path + spec.name]}`"
        is_list = isinstance(spec.type, f.ListOf)
        inner = spec.type.item if is_list else spec.type
        if isinstance(inner, f.Record):
            nested.append((f"{path}{spec.name}", inner, is_list))
        lines.append("| " + " | ".join([f"`{spec.name}`", _cell(spec.title), _cell(how), "是" if spec.required else "",
                                         _cell(allows), _cell(example), _cell(spec.help)]) + " |")
    return lines


def _section(title: str, intro: str, record: f.Record, words: dict[str, list[str]], examples: dict[str, str]) -> list[str]:
    nested: list[tuple[str, f.Record, bool]] = []
    out = [f"## {title}", "", intro, "", *_table(record, words, nested, "", examples)]
    while nested:
        path, inner, is_list = nested.pop(0)
        out += ["", f"### `{path}` 的每一项" if is_list else f"### `{path}`", "",
                *_table(inner, words, nested, path + ".", examples)]
    return out + [""]


def _file_intro(kind: Kind) -> str:
    names = {"ratings": "一个季度一个文件，文件名是季度，例如 `data/ratings/2022Q3.yaml`。",
             "ledgers": "一个组织一个文件，文件名是组织的编号，例如 `data/ledgers/sw-nafu.yaml`。"}
    return names.get(kind.key, f"一条一个文件：`data/{kind.key}/编号.yaml`，文件名就是 `id`；`index` 和 `page` 留给专栏自己的页面。")


def examples_from(data) -> dict[str, dict[str, str]]:
    """For each kind, the first value (by file name) of each of its one-line text fields, from a checked column."""
    found: dict[str, dict[str, str]] = {"column": {"title": data.settings.title, "publisher": data.settings.publisher}}
    for kind in KINDS.values():
        records = getattr(data, kind.key)
        examples = found.setdefault(kind.key, {})
        for spec in kind.record.fields:
            if type(spec.type) is not f.Text or spec.type.markdown:
                continue
            value = next((getattr(r, spec.name) for _, r in sorted(records.items()) if getattr(r, spec.name, None)), None)
            if value:
                examples[spec.name] = value if len(value) <= 30 else value[:30] + "…"
    return found


def field_reference(words: dict[str, list[str]], examples: dict[str, dict[str, str]] | None = None) -> str:
    """The whole reference page as Markdown; ``examples`` (see ``examples_from``) fill the text fields' examples."""
    examples = examples or {}
    lines = [HEADER.format(brackets=MAX_BRACKETS, paragraph=f"{MAX_PARAGRAPH:,}")]
    lists = "、".join(f"`{name}`（{title}）" for name, title in WORD_LISTS.items())
    lines += _section("专栏设置 column.yaml", "整个专栏一个文件：`data/column.yaml`。其中的词表（" + lists +
                      "）规定其他文件能用的词；没写的词表按下表“说明”里的默认值。", SETTINGS, words, examples.get("column", {}))
    for kind in KINDS.values():
        lines += _section(f"{kind.label} {kind.key}/", _file_intro(kind), kind.record, words, examples.get(kind.key, {}))
    lines += _figures_section()
    return "\n".join(lines).rstrip() + "\n"


def _figures_section() -> list[str]:
    """The figures a Markdown field may name instead of a typed number (contract/figures.py)."""
    argument = {"none": "不带", "quarter": "季度，例如 2022Q4", "period": "季度或年份，例如 2022Q4、2022"}
    lines = ["## 正文里的数字", "",
             "正文（可用 Markdown 的字段）里要写评星、达标的数字时，不要手写，写成 `{{ 名称 季度或年份 }}`，"
             "生成页面时按数据算出来，数据改了，数字跟着改。检查时会核对名称、参数，以及那个季度或年份有没有评星结果。", "",
             "| 写法 | 参数 | 算的是 |", "|---|---|---|"]
    for name, (takes, what) in FIGURES.items():
        example = f"{{{{ {name} }}}}" if takes == "none" else f"{{{{ {name} 2022Q4 }}}}"
        lines.append(f"| `{example}` | {argument[takes]} | {_cell(what)} |")
    lines.append(f"| `{{{{ 六星 2022Q4 }}}}` | {argument['quarter']} | {_cell(STARS_HELP)} |")
    lines.append("")
    return lines
