"""`pacesetter new KIND`: a new data file, commented field by field from the contract.

The comments come from the same declaration as the checker (``contract/kinds.py``), and a
modeline points editors at the JSON Schema. Fields the command cannot know are marked
PLACEHOLDER; ``pacesetter check`` refuses any value that still carries the mark, so a file
half filled in can never be published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..contract import fields as f
from ..contract.fields import ID_PATTERN, PLACEHOLDER
from ..contract.kinds import KINDS
from ..slugs import slug

#: Kinds a scaffold makes sense for (ratings come in a quarter at a time, from Excel).
SCAFFOLD_KINDS = ("orgs", "sites", "brands", "deeds", "pairings", "ledgers", "news", "achievements")
#: The field that takes --name, by kind.
NAME_FIELDS = {"orgs": "name", "brands": "name", "deeds": "title", "news": "title", "achievements": "title"}
#: The field that takes --org, by kind.
ORG_FIELDS = {"orgs": "parent", "sites": "org", "brands": "owner", "deeds": "org", "pairings": "learner",
              "ledgers": "org", "news": "orgs", "achievements": "org"}


class ScaffoldError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Scaffold:
    path: Path
    text: str


def propose_id(name: str) -> str:
    """The pinyin of ``name`` as an id: "纳税服务科党支部" -> "na-shui-fu-wu-ke-dang-zhi-bu"."""
    candidate = slug(name)[:64].strip("-")
    return candidate if ID_PATTERN.match(candidate) else "x-" + candidate


def _value(spec: f.Field, kind: str, given: dict[str, str], as_of: str, words: dict[str, list[str]]) -> str | None:
    """The YAML text of a required field's first value, or None to leave an optional field commented out."""
    if spec.name in given:
        return given[spec.name]
    if not spec.required:
        return None
    t = spec.type
    if isinstance(t, f.Date):
        return as_of
    if isinstance(t, f.Word):
        allowed = words.get(t.list_name) or []
        return allowed[0] if allowed else PLACEHOLDER
    if isinstance(t, f.Fixed):
        return t.choices[0]
    if isinstance(t, f.Year):
        return as_of[:4]
    if isinstance(t, f.Bool):
        return "false"
    if isinstance(t, f.ListOf):
        return "[]"
    if isinstance(t, f.Text) and t.markdown:
        return f"|\n  {PLACEHOLDER}"
    return PLACEHOLDER


def render(kind: str, given: dict[str, str], as_of: str, words: dict[str, list[str]]) -> str:
    record = KINDS[kind].record
    lines = [f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json",
             f"# 新的{KINDS[kind].label}。每个字段上方是它的含义；“{PLACEHOLDER}”要换成实际内容，否则检查不会通过。",
             "# 写完后运行：pacesetter check"]
    for spec in record.fields:
        note = spec.title + ("（必填）" if spec.required else "（可选）") + (f"：{spec.help}" if spec.help else "")
        lines.append(f"# {note}")
        value = _value(spec, kind, given, as_of, words)
        if value is None:
            lines.append(f"# {spec.name}:")
        else:
            lines.append(f"{spec.name}: {value}")
    return "\n".join(lines) + "\n"


def scaffold(data_dir: Path, kind: str, name: str | None, org: str | None, entity_id: str | None,
             as_of: str, words: dict[str, list[str]], known_orgs: set[str]) -> Scaffold:
    if kind not in SCAFFOLD_KINDS:
        raise ScaffoldError(f"不能新建“{kind}”", f"可以新建：{'、'.join(SCAFFOLD_KINDS)}；评星结果按季度从 Excel 导入")
    if org is not None and org not in known_orgs:
        raise ScaffoldError(f'组织 "{org}" 不存在', "组织的编号就是 data/orgs/ 下的文件名（不含 .yaml）")
    given: dict[str, str] = {}
    if kind == "ledgers":
        if org is None:
            raise ScaffoldError("新建台账要用 --org 指定组织", "台账的文件名就是组织的编号")
        entity_id = org
    else:
        name_field = NAME_FIELDS.get(kind)
        if name_field:
            if not name:
                raise ScaffoldError("请用 --name 给出名称或标题", "编号会按名称的拼音生成，也可以用 --id 指定")
            given[name_field] = _quote(name)
        elif not entity_id and not org:
            raise ScaffoldError("请用 --id 指定编号，或用 --org 指定组织", "")
        entity_id = entity_id or propose_id(name or f"{org}-{kind}")
        if not ID_PATTERN.match(entity_id):
            raise ScaffoldError(f'编号 "{entity_id}" 不合格式', "小写拼音字母、数字和连字符，2 到 64 个字符")
        given["id"] = entity_id
    if kind == "sites":
        # A new site is most often one just named; one only applied for keeps applied and drops named.
        given["named"] = as_of
    if org is not None:
        field = ORG_FIELDS[kind]
        given[field] = f"[{org}]" if field == "orgs" else org
    path = data_dir / kind / f"{entity_id}.yaml"
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{path} 已经存在", "用 --id 指定另一个编号，或直接编辑已有的文件")
    return Scaffold(path, render(kind, given, as_of, words))


def _quote(text: str) -> str:
    return text if re.fullmatch(r"[^\s:#'\"{}\[\],&*!|>%@`-][^:#]*", text) else '"' + text.replace('"', '\\"') + '"'
