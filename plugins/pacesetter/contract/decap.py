"""The browser editor's configuration (Decap CMS), generated from the contract and column.yaml.

Every kind an editor may add to in the browser becomes a folder collection; every field of
its record becomes a widget, labelled with the contract's Chinese title and help, required
where the contract requires it. Lists of words become selects with column.yaml's words, a
reference to an organization becomes a relation searched by name that stores the id, dates
are written as YYYY-MM-DD. The form checks what a field can check on its own; the rest
(references across files, private data, dates against as_of) is ``pacesetter check``'s, on
the merge request.

Nothing here is written by hand: the configuration is regenerated from the contract, and a
test walks every field of every kind.
"""

from __future__ import annotations

from . import fields as f
from .kinds import KINDS, Kind

#: The kinds edited in the browser; ratings stay on Excel (a quarter is one sheet of every branch).
EDITED_KINDS = ("orgs", "sites", "brands", "deeds", "pairings", "ledgers", "news", "achievements", "namings")
#: The widget written for a year-keyed map (classification): registered by the editor's page script.
YEAR_MAP_WIDGET = "ps-yearmap"


#: Shown above each collection's entries: what one entry is, and what is done elsewhere.
DESCRIPTIONS = {
    "orgs": "党组织，一个组织一条：书记、党员人数、分类定级、达标创建的日期都在这里改。"
            "每个季度的评星结果不在这里，用 Excel 录入（编辑指南“用 Excel 录入一个季度的评星”）。",
    "sites": "示范点，一个示范点一条；“六有”和照片也在这里。",
    "brands": "党建品牌，一个品牌一条。",
    "deeds": "榜样事迹，一条事迹一条：个人写姓名，集体不写。",
    "pairings": "结对共建，一对一条。",
    "ledgers": "整改台账，一个组织一份，按组织编号存放。条目多时可以用 Excel 一次导入（编辑指南“台账销号、整理台账”）。",
    "news": "工作动态，一条动态一条。发布评星公示的动态，在“公示的季度”写上季度。",
    "achievements": "创标成果：政研成果、支部工作法、制度创新。",
    "namings": "年度命名，一年一条：当年的评选标准和命名的系统、组织。",
}


def _pattern(pattern, message: str) -> list[str]:
    return ["^" + pattern.pattern.removesuffix(r"\Z") + "$", message]


def widget(kind: f.FieldType, words: dict[str, list[str]]) -> dict:
    """The Decap widget settings for one field type (without name, label and required)."""
    if isinstance(kind, f.Record):
        return {"widget": "object", "collapsed": False, "fields": [field(spec, words) for spec in kind.fields]}
    if isinstance(kind, f.ListOf):
        item = kind.item
        if isinstance(item, (f.Word, f.Fixed)):
            settings = widget(item, words) | {"multiple": True}
        elif isinstance(item, f.Ref):
            settings = widget(item, words) | {"multiple": True}
        elif isinstance(item, f.Record):
            settings = {"widget": "list", "collapsed": False, "fields": [field(spec, words) for spec in item.fields]}
        else:
            settings = {"widget": "list", "field": {"name": "item", "label": kind.label} | widget(item, words)}
        if kind.min_items:
            settings["min"] = kind.min_items
        return settings
    if isinstance(kind, f.Ref):
        return {"widget": "relation", "collection": kind.kind, "value_field": "id",
                "search_fields": ["name", "short_name", "id"], "display_fields": ["name"]}
    if isinstance(kind, f.Word):
        return {"widget": "select", "options": list(words.get(kind.list_name, []))}
    if isinstance(kind, f.Fixed):
        return {"widget": "select", "options": list(kind.choices)}
    if isinstance(kind, f.Date):
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "picker_utc": True}
    if isinstance(kind, f.Year):
        return {"widget": "number", "value_type": "int", "min": 1921, "max": 2100}
    if isinstance(kind, f.Int):
        return {"widget": "number", "value_type": "int", "min": kind.minimum, "max": kind.maximum}
    if isinstance(kind, f.Ratio):
        return {"widget": "number", "value_type": "float", "min": 0, "max": 1, "step": 0.01}
    if isinstance(kind, f.Bool):
        return {"widget": "boolean"}
    if isinstance(kind, f.Photo):
        return {"widget": "image", "choose_url": False}
    if isinstance(kind, f.Quarter):
        return {"widget": "string", "pattern": _pattern(f.QUARTER_PATTERN, "季度写成 2022Q4 的样子")}
    if isinstance(kind, f.Slug):
        pattern = f.SHORT_ID_PATTERN if kind.short else f.ID_PATTERN
        return {"widget": "string", "pattern": _pattern(pattern, "只能用小写拼音字母、数字和连字符")}
    if isinstance(kind, f.YearMap):
        return {"widget": YEAR_MAP_WIDGET, "value": widget(kind.value, words)}
    if isinstance(kind, f.Text):
        return {"widget": "markdown"} if kind.markdown else {"widget": "string"}
    raise TypeError(f"no widget for {type(kind).__name__}")  # a new field type must be given one


def field(spec: f.Field, words: dict[str, list[str]]) -> dict:
    settings = {"name": spec.name, "label": spec.title, "required": spec.required} | widget(spec.type, words)
    if spec.help:
        settings["hint"] = spec.help
    return settings


def collection(kind: Kind, words: dict[str, list[str]], data: str = "data") -> dict:
    return {
        "name": kind.key,
        "label": kind.label,
        "description": DESCRIPTIONS[kind.key],
        "folder": f"{data}/{kind.key}",
        "extension": "yaml",
        # Read and written by the page's own format (editor/static/editor.js): only what
        # the form changed changes in the file.
        "format": "pacesetter-yaml",
        "create": True,
        "identifier_field": kind.stem_field,
        # The file is named by its id (the pinyin id an editor gives, or the year of a naming).
        "slug": "{{" + kind.stem_field + "}}",
        "summary": "{{" + ("name" if "name" in kind.record.field_names() else
                           "title" if "title" in kind.record.field_names() else kind.stem_field) + "}}",
        "fields": [field(spec, words) for spec in kind.record.fields],
    }


def config(words: dict[str, list[str]], data: str = "data") -> dict:
    """The editor's configuration, without its backend (set by the build: GitLab, or local for a trial)."""
    return {
        "locale": "zh_Hans",
        "site_url": "/",
        "media_folder": f"{data}/media",
        "public_folder": "media",
        "publish_mode": "editorial_workflow",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "collections": [collection(KINDS[key], words, data) for key in EDITED_KINDS],
    }
