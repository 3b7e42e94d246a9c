"""The data contract: every kind of file, its fields, their types and Chinese titles.

This is the one declaration of the contract. The checker reads it; the JSON Schemas
and the scaffold's comments are to be generated from it. Rules that concern one
record (date order within a file) are declared next to the record; rules that
concern several files (references, the org tree) live in ``rules.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import entities as e
from .fields import (
    Bool,
    Context,
    Date,
    Field,
    Fixed,
    Int,
    ListOf,
    Photo,
    Quarter,
    QuarterRef,
    Ratio,
    Record,
    Ref,
    Slug,
    Text,
    Word,
    Year,
    YearMap,
)

#: How `check` treats a branch classified in the best grade that has not reached the standard.
ADVANCED_CHECKS = ("错误", "警告", "不检查")

#: Review results drive a site's status, so the code owns these words.
REVIEW_PASSED, REVIEW_RECTIFY, REVIEW_REVOKED = "通过", "限期整改", "取消命名"
REVIEW_RESULTS = (REVIEW_PASSED, REVIEW_RECTIFY, REVIEW_REVOKED)

#: The word lists of column.yaml that other files draw their values from.
WORD_LISTS = {
    "dimensions": "评星的方面",
    "classifications": "分类定级的等次",
    "org_kinds": "组织类型",
    "categories": "党支部类别",
    "systems": "系统",
    "levels": "命名或表彰的级别",
    "honor_titles": "荣誉称号",
    "site_titles": "示范点称号",
    "six_haves": "示范点“六有”",
    "ledger_aspects": "台账的八个方面",
    "news_kinds": "动态类别",
    "achievement_kinds": "创标成果类别",
    "naming_titles": "年度命名的称号",
}

#: The seeds' vocabulary: what a word list of column.yaml holds when a column leaves it
#: out (a column written before the list existed keeps working).
DEFAULT_WORDS = {
    "dimensions": ["基本组织", "基本队伍", "基本活动", "基本制度", "基本保障", "发挥作用"],
    "classifications": ["先进", "中间", "后进"],
    "org_kinds": ["党委", "党组", "党总支", "党支部"],
    "categories": ["机关", "事业单位", "学校", "医院", "国有企业", "窗口服务", "离退休"],
    "systems": [],
    "levels": ["国家级", "省级", "市级", "县级", "市直机关"],
    "honor_titles": ["优秀共产党员", "优秀党务工作者", "先进基层党组织", "先进集体"],
    "site_titles": ["党支部规范化建设示范点", "基层党建示范点", "标准化建设示范党支部"],
    "six_haves": ["活动场所", "设施设备", "标志标识", "书报专栏", "管理制度", "人员保障"],
    "ledger_aspects": ["组织设置", "班子队伍建设", "党员教育管理", "党内组织生活", "工作载体建设", "活动场所建设",
                       "工作运行机制", "基本工作保障"],
    "news_kinds": ["擂台赛", "观摩", "交流会", "主题党日", "评比", "回头看", "其他"],
    "achievement_kinds": ["政研成果", "支部工作法", "制度创新"],
    "naming_titles": ["先锋系统", "模范机关"],
}
#: Organization kinds that are rated, and that take part in standardization, unless column.yaml says otherwise.
DEFAULT_RATED_KINDS = ["党支部"]
#: The kinds counted for 达标 unless column.yaml says otherwise (standardization_kinds).
DEFAULT_STANDARDIZATION_KINDS = ("党支部",)

LONG = 20_000  # characters of Markdown in one long-text field
PHOTOS = Field("photos", ListOf(Photo(), unique=True, max_items=30), "照片", help="data/media/ 下的照片，写成 media/文件名.jpg")


# --- record rules ----------------------------------------------------------------

def _order(ctx: Context, record, earlier: str, later: str, message: str) -> None:
    a, b = getattr(record, earlier), getattr(record, later)
    if a is not None and b is not None and b < a:
        ctx.error_at(record.where.at(later), record.where.field_path(later), message.format(a=a, b=b))


def _standardization_rule(record: e.Standardization, ctx: Context) -> None:
    steps = e.STANDARDIZATION_STEPS
    titles = dict(zip(steps, e.STANDARDIZATION_STEP_TITLES))
    for index, step in enumerate(steps):
        if getattr(record, step) is None:
            continue
        for earlier in steps[:index]:
            if getattr(record, earlier) is None:
                ctx.error_at(
                    record.where.at(step), record.where.field_path(step),
                    f"填写了“{titles[step]}”日期，却没有前一步“{titles[earlier]}”（{earlier}）的日期",
                    f"达标创建按 {' → '.join(e.STANDARDIZATION_STEP_TITLES)} 的顺序进行",
                )
                break
        else:
            if index:
                _order(ctx, record, steps[index - 1], step,
                       f"“{titles[step]}”的日期 {{b}} 早于前一步“{titles[steps[index - 1]]}”的日期 {{a}}")
    if record.withdrawn is not None:
        if record.accepted is None:
            ctx.error_at(record.where.at("withdrawn"), record.where.field_path("withdrawn"),
                         "撤销了达标，却没有“考核验收”（accepted）的日期", "只有通过考核验收（达标）的党支部才能撤销达标")
        else:
            _order(ctx, record, "accepted", "withdrawn", "撤销达标的日期 {b} 早于考核验收的日期 {a}")
        if not record.withdrawn_reason:
            ctx.error_at(record.where.at("withdrawn"), record.where.field_path("withdrawn_reason"),
                         "撤销了达标，却没有写原因", "加一行 withdrawn_reason，例如“复核不合格”")


def _phase_rule(record: e.Phase, ctx: Context) -> None:
    _order(ctx, record, "start", "end", "阶段的结束日期 {b} 早于开始日期 {a}")


def _settings_rule(record: e.Settings, ctx: Context) -> None:
    phases = [p for p in record.phases if p.start and p.end]
    for previous, phase in zip(phases, phases[1:]):
        if phase.start <= previous.end:
            ctx.error_at(
                phase.where.at("start"), phase.where.field_path("start"),
                f"阶段“{phase.name}”的开始日期 {phase.start} 不晚于上一阶段“{previous.name}”的结束日期 {previous.end}",
                "阶段按时间先后排列，互不重叠",
            )


def _site_rule(record: e.Site, ctx: Context) -> None:
    if record.named is None and record.applied is None and "named" not in record.where.given \
            and "applied" not in record.where.given:
        ctx.error_at((record.where.line, record.where.col), "named", "示范点要写命名日期（named），或者申报日期（applied）",
                     "已经命名的写 named；已申报、还没命名的写 applied")
    if record.applied and record.named:
        _order(ctx, record, "applied", "named", "命名日期 {b} 早于申报日期 {a}")
    if record.named is None and record.reviews:
        ctx.error_at(record.where.at("reviews"), "reviews", "还没有命名的示范点不能有复核记录", "命名以后再写复核记录；或补上 named")
    previous = None
    for review in record.reviews:
        if review.date is None:
            continue
        if record.named and review.date < record.named:
            ctx.error_at(review.where.at("date"), review.where.field_path("date"),
                         f"复核日期 {review.date} 早于命名日期 {record.named}")
        if previous is not None:
            if review.date < previous.date:
                ctx.error_at(review.where.at("date"), review.where.field_path("date"),
                             f"复核记录应按日期先后排列：{review.date} 早于上一条的 {previous.date}")
            if previous.result == REVIEW_REVOKED:
                ctx.error_at(review.where.at("date"), review.where.field_path("date"),
                             f"示范点已于 {previous.date} 取消命名，之后不应再有复核记录",
                             "重新命名的示范点请新建一个文件")
        previous = review


def _brand_rule(record: e.Brand, ctx: Context) -> None:
    for award in record.awards:
        if record.launched and award.year is not None and award.year < record.launched.year:
            ctx.error_at(award.where.at("year"), award.where.field_path("year"),
                         f"获奖年份 {award.year} 早于品牌创立日期 {record.launched}")


def _pairing_rule(record: e.Pairing, ctx: Context) -> None:
    if record.learner and record.learner == record.benchmark:
        ctx.error_at(record.where.at("benchmark"), "benchmark", "学习方和标杆不能是同一个组织")
    previous = None
    for step in record.progress:
        if step.date is None:
            continue
        if record.since and step.date < record.since:
            ctx.error_at(step.where.at("date"), step.where.field_path("date"),
                         f"进展日期 {step.date} 早于结对日期 {record.since}")
        elif previous and step.date < previous:
            ctx.error_at(step.where.at("date"), step.where.field_path("date"),
                         f"进展应按日期先后排列：{step.date} 早于上一条的 {previous}")
        previous = step.date


def _ledger_item_rule(record: e.LedgerItem, ctx: Context) -> None:
    _order(ctx, record, "found", "due", "整改时限 {b} 早于发现问题的日期 {a}")
    _order(ctx, record, "found", "closed", "销号日期 {b} 早于发现问题的日期 {a}")


def _unique_rule(list_field: str, key: str, what: str, hint: str):
    def rule(record, ctx: Context) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(getattr(record, list_field), start=1):
            value = getattr(item, key)
            if not value:
                continue
            if value in seen:
                ctx.error_at(item.where.at(key), item.where.field_path(key),
                             f'{what} "{value}" 重复出现（第 {seen[value]} 项已有）', hint)
            else:
                seen[value] = index
    return rule


def _quarter_rule(record: e.RatingQuarter, ctx: Context) -> None:
    if not record.quarter:
        return
    start = quarter_start(record.quarter)
    if ctx.as_of and start > ctx.as_of:
        ctx.error_at(record.where.at("quarter"), "quarter",
                     f"季度 {record.quarter} 在专栏的数据截止日期 {ctx.as_of} 之后才开始")
    if record.announced:
        if record.announced < start:
            ctx.error_at(record.where.at("announced"), "announced",
                         f"公示日期 {record.announced} 早于 {record.quarter} 开始的日子",
                         "评星结果在本季度内或季度结束后公示")
    if record.announced and record.notice_until and record.notice_until < record.announced:
        ctx.error_at(record.where.at("notice_until"), "notice_until",
                     f"公示截止日期 {record.notice_until} 早于公示日期 {record.announced}",
                     "公示期从公示日期开始；截止日期写公示的最后一天")


def quarter_start(quarter: str) -> dt.date:
    return dt.date(int(quarter[:4]), 3 * int(quarter[-1]) - 2, 1)


def quarter_end(quarter: str) -> dt.date:
    """The last day of ``quarter`` (2022Q4 → 2022-12-31)."""
    year, number = int(quarter[:4]), int(quarter[-1])
    return dt.date(year + 1, 1, 1) - dt.timedelta(days=1) if number == 4 else dt.date(year, 3 * number + 1, 1) - dt.timedelta(days=1)


# --- the kinds -------------------------------------------------------------------

def _words(name: str, title: str, min_items: int = 1) -> Field:
    default = "、".join(DEFAULT_WORDS[name]) or "空"
    return Field(name, ListOf(Text(max_len=30), unique=True, min_items=min_items), title,
                 help=f"{title}的可选值，其他文件只能使用这里列出的词；不写时为：{default}")


PHASE = Record(e.Phase, (
    Field("name", Text(max_len=30), "阶段名称", required=True),
    Field("start", Date(), "开始日期", required=True),
    Field("end", Date(), "结束日期", required=True),
), rules=(_phase_rule,))

ACTIVITY_PERIODS = ("季度", "年")

ACTIVITY = Record(e.Activity, (
    Field("kind", Word("news_kinds"), "活动", required=True, help="动态的类别之一；开展的次数按这一类的工作动态计算"),
    Field("every", Fixed(ACTIVITY_PERIODS), "多久一次", required=True),
    Field("times", Int(1, 12), "每次几场", help="每个季度（或每年）至少开展几场，默认 1"),
))

SETTINGS = Record(e.Settings, (
    Field("title", Text(max_len=60), "专栏名称", required=True),
    Field("publisher", Text(max_len=60), "发布单位", required=True),
    Field("as_of", Date(), "数据截止日期", required=True,
          help="数据所反映的日期；“当前”“逾期”都以这一天为准，构建不读取系统时钟"),
    Field("targets", Record(e.Targets, (
        Field("standardized_ratio", Ratio(), "达标比例目标", help="本年度党支部达标比例的目标，例如 0.5"),
    )), "年度目标"),
    Field("phases", ListOf(PHASE), "工作阶段", help="行动的阶段，按时间先后排列"),
    Field("improvement_quarters", Int(1, 40), "进步榜比较的季度数", help="进步榜比较最近一次评星与几个季度之前，默认 4"),
    Field("standardization_kinds", ListOf(Text(max_len=30), unique=True), "参与达标创建的组织类型",
          help="计算达标比例时计入的组织类型，默认 [党支部]"),
    Field("rated_kinds", ListOf(Text(max_len=30), unique=True, min_items=1), "参加评星的组织类型",
          help="只有这些类型的组织能出现在评星结果里，默认 [党支部]（党委、党总支不评星）"),
    _words("dimensions", "评星的方面"),
    _words("classifications", "分类定级的等次"),
    _words("org_kinds", "组织类型"),
    _words("categories", "党支部类别"),
    _words("systems", "系统", min_items=0),
    _words("levels", "命名或表彰的级别"),
    _words("honor_titles", "荣誉称号"),
    _words("site_titles", "示范点称号"),
    _words("six_haves", "示范点“六有”"),
    _words("ledger_aspects", "台账的八个方面"),
    _words("news_kinds", "动态类别"),
    _words("achievement_kinds", "创标成果类别"),
    _words("naming_titles", "年度命名的称号"),
    Field("contact", Text(max_len=100), "联系方式",
          help="页脚上的联系方式，例如“市直机关工委组织部，电话 0391-3566001”；可以写办公电话，不能写手机号码"),
    Field("icp", Text(max_len=60), "备案号", help="页脚上的网站备案号（ICP 备案或单位内网的登记号）；没有就不写"),
    Field("notice_days", Int(1, 60), "公示天数",
          help="评星结果从公示日期起公示几天（含公示当天），默认 5 天；某个季度不同的，在该季度的评星文件里写 notice_until"),
    Field("objections", Text(max_len=100), "公示期间反映意见的渠道",
          help="写在每期公示末尾，例如“市直机关工委组织部，电话 0391-3566001”；不写就用 contact"),
    Field("activities", ListOf(ACTIVITY), "规定的活动",
          help="各二级组织要定期开展的活动，例如 {kind: 擂台赛, every: 季度}；“4+N”里的 4 项写在这里，N 项不用写"),
    Field("advanced_check", Fixed(ADVANCED_CHECKS), "“先进”党支部须已达标",
          help="分类定级为第一等（通常是“先进”）的党支部，那一年应已通过考核验收；"
               "没有的，检查时报“错误”（不能发布）、“警告”（照常发布），或“不检查”。默认“警告”"),
    Field("office_phone_fields", ListOf(Text(max_len=60), unique=True), "可以登载办公电话的字段",
          help="写作 类别.字段，例如 sites.description：这些字段里的固定电话（办公电话）可以公开；"
               "手机号码、身份证号码和电子邮箱在任何字段都不行"),
    Field("editor", Bool(), "网页编辑器",
          help="true：在站点的 /admin/ 生成网页编辑器，编辑不用 git 也能在浏览器里填表提交；"
               "还要运维人员在 GitLab 注册应用并设置 PACESETTER_EDITOR_APP_ID（见运维文档）"),
), rules=(_settings_rule,))

STANDARDIZATION = Record(e.Standardization, tuple(
    Field(step, Date(past=True), title)
    for step, title in zip(e.STANDARDIZATION_STEPS, e.STANDARDIZATION_STEP_TITLES)
) + (
    Field("withdrawn", Date(past=True), "撤销达标", help="复核不合格、撤销达标命名的日期；撤销后不再计入达标"),
    Field("withdrawn_reason", Text(max_len=200), "撤销原因", help="写了 withdrawn 就要写，例如“复核不合格”"),
), rules=(_standardization_rule,))

LEADER_CONTACT = Record(e.LeaderContact, (
    Field("leader", Text(max_len=20), "领导姓名", required=True),
    Field("post", Text(max_len=40), "职务", required=True),
    Field("since", Date(past=True), "联系起始日期", required=True),
))

ORG = Record(e.Org, (
    Field("id", Slug(), "编号", required=True, help="与文件名相同，小写拼音、数字和连字符"),
    Field("name", Text(max_len=60), "组织全称", required=True),
    Field("short_name", Text(max_len=30), "简称"),
    Field("kind", Word("org_kinds"), "组织类型", required=True),
    Field("parent", Ref("orgs"), "上级组织", help="上级组织的编号；只有市局党委（根）不写"),
    Field("category", Word("categories"), "党支部类别"),
    Field("system", Word("systems"), "所属系统"),
    Field("secretary", Text(max_len=20), "书记姓名"),
    Field("members", Int(1, 100_000), "党员人数"),
    Field("classification", YearMap(Word("classifications")), "分类定级", help="按年份写，例如 {2021: 中间, 2022: 先进}"),
    Field("standardization", STANDARDIZATION, "达标创建进度"),
    Field("leader_contacts", ListOf(LEADER_CONTACT), "领导联系点",
          help="联系（挂钩）本党支部的领导，例如 {leader: 王建华, post: 市委副秘书长, since: 2022-03-01}"),
    Field("summary", Text(max_len=LONG, markdown=True), "简介"),
))

RATING = Record(e.Rating, (
    Field("org", Ref("orgs"), "组织编号", required=True),
    Field("met", ListOf(Word("dimensions"), unique=True), "达标的方面", required=True,
          help="每达到一个方面得一颗星；一个也没达到写 []"),
    Field("note", Text(max_len=200), "备注"),
))

RATING_QUARTER = Record(e.RatingQuarter, (
    Field("quarter", Quarter(), "季度", required=True, help="与文件名相同，例如 2022Q2"),
    Field("announced", Date(past=True), "公示日期", required=True),
    Field("notice_until", Date(), "公示截止日期", help="不写就按 column.yaml 的 notice_days 计算"),
    Field("ratings", ListOf(RATING), "评星结果", required=True),
), rules=(_quarter_rule, _unique_rule("ratings", "org", "组织", "一个季度对同一组织只评一次，请删除重复的一条")))

REVIEW = Record(e.Review, (
    Field("date", Date(past=True), "复核日期", required=True),
    Field("result", Fixed(REVIEW_RESULTS), "复核结论", required=True),
    Field("note", Text(max_len=200), "说明"),
))

SITE = Record(e.Site, (
    Field("id", Slug(), "编号", required=True),
    Field("org", Ref("orgs"), "所属组织", required=True),
    Field("title", Word("site_titles"), "示范点称号", required=True),
    Field("level", Word("levels"), "命名级别", required=True),
    Field("applied", Date(past=True), "申报日期", help="已申报、尚未命名的示范点只写申报日期，不写 named"),
    Field("named", Date(past=True), "命名日期", help="命名以后写上；申报日期和命名日期至少写一个"),
    Field("conferred_by", Text(max_len=60), "命名单位"),
    Field("six_haves", ListOf(Word("six_haves"), unique=True), "“六有”达标情况"),
    Field("reviews", ListOf(REVIEW), "复核记录", help="按日期先后排列；结论为“取消命名”即摘牌"),
    Field("description", Text(max_len=LONG, markdown=True), "介绍"),
    PHOTOS,
), rules=(_site_rule,))

AWARD = Record(e.Award, (
    Field("year", Year(past=True), "获奖年份", required=True),
    Field("title", Text(max_len=80), "评比名称", required=True),
    Field("rank", Text(max_len=30), "名次或等次"),
))

BRAND = Record(e.Brand, (
    Field("id", Slug(), "编号", required=True),
    Field("name", Text(max_len=40), "品牌名称", required=True),
    Field("owner", Ref("orgs"), "创建组织", required=True),
    Field("system", Word("systems"), "系统品牌",
          help="整个系统共同的品牌（一系统一品牌）写上系统名称，例如 税务系统；owner 写牵头的组织"),
    Field("launched", Date(past=True), "创立日期", required=True),
    Field("slogan", Text(max_len=60), "品牌口号"),
    Field("highlights", ListOf(Text(max_len=120)), "特色做法"),
    Field("awards", ListOf(AWARD), "获奖情况"),
    Field("description", Text(max_len=LONG, markdown=True), "介绍"),
    PHOTOS,
), rules=(_brand_rule,))

HONOR = Record(e.Honor, (
    Field("title", Word("honor_titles"), "荣誉称号", required=True),
    Field("level", Word("levels"), "表彰级别", required=True),
    Field("year", Year(past=True), "获评年份", required=True),
    Field("conferred_by", Text(max_len=60), "授予单位"),
))

DEED = Record(e.Deed, (
    Field("id", Slug(), "编号", required=True),
    Field("title", Text(max_len=80), "标题", required=True),
    Field("date", Date(past=True), "日期", required=True),
    Field("org", Ref("orgs"), "所在组织", required=True),
    Field("person", Text(max_len=20), "人物姓名", help="个人事迹写姓名；集体事迹不写"),
    Field("honors", ListOf(HONOR), "荣誉"),
    Field("tags", ListOf(Text(max_len=20), unique=True), "标签"),
    Field("story", Text(max_len=LONG, markdown=True), "事迹", required=True),
    PHOTOS,
))

PROGRESS = Record(e.Progress, (
    Field("date", Date(past=True), "日期", required=True),
    Field("note", Text(max_len=300), "进展", required=True),
))

PAIRING = Record(e.Pairing, (
    Field("id", Slug(), "编号", required=True),
    Field("learner", Ref("orgs"), "学习方", required=True),
    Field("benchmark", Ref("orgs"), "标杆", required=True),
    Field("since", Date(past=True), "结对日期", required=True),
    Field("goals", ListOf(Text(max_len=120)), "结对目标"),
    Field("progress", ListOf(PROGRESS), "进展", help="按日期先后排列"),
), rules=(_pairing_rule,))

LEDGER_ITEM = Record(e.LedgerItem, (
    Field("id", Slug(short=True), "条目编号", required=True, help="在本台账内唯一，例如 1 或 2022-01"),
    Field("aspect", Word("ledger_aspects"), "问题所属方面", required=True),
    Field("problem", Text(max_len=300), "问题", required=True),
    Field("measure", Text(max_len=300), "整改措施", required=True),
    Field("owner", Text(max_len=40), "责任人或责任部门", required=True),
    Field("found", Date(past=True), "发现日期", help="问题列入清单的日期；用于检查销号不早于问题存在"),
    Field("due", Date(), "整改时限", required=True),
    Field("closed", Date(past=True), "销号日期", help="问题整改到位、销号的日期；未销号不写"),
), rules=(_ledger_item_rule,))

LEDGER = Record(e.Ledger, (
    Field("org", Ref("orgs"), "组织编号", required=True, help="与文件名相同"),
    Field("public", Bool(), "是否公开条目", help="true 时公开每一条问题；默认 false，只公开数量"),
    Field("items", ListOf(LEDGER_ITEM), "台账条目", required=True),
), rules=(_unique_rule("items", "id", "条目编号", "每个条目的编号在本台账内只能用一次"),))

NEWS = Record(e.News, (
    Field("id", Slug(), "编号", required=True),
    Field("title", Text(max_len=80), "标题", required=True),
    Field("date", Date(past=True), "日期", required=True),
    Field("kind", Word("news_kinds"), "类别", required=True),
    Field("orgs", ListOf(Ref("orgs"), unique=True), "相关组织"),
    Field("body", Text(max_len=LONG, markdown=True), "正文", required=True),
    Field("notice", QuarterRef(), "公示的季度", help="这条动态发布某个季度的评星公示时写上季度，例如 2022Q4，页面会链接到那一期公示"),
))

ACHIEVEMENT = Record(e.Achievement, (
    Field("id", Slug(), "编号", required=True),
    Field("title", Text(max_len=80), "标题", required=True),
    Field("date", Date(past=True), "日期", required=True),
    Field("org", Ref("orgs"), "完成组织", required=True),
    Field("kind", Word("achievement_kinds"), "成果类别", required=True),
    Field("summary", Text(max_len=300), "摘要", required=True),
    Field("body", Text(max_len=LONG, markdown=True), "正文"),
))


def _award_rule(record: e.NamingAward, ctx: Context) -> None:
    if not record.systems and not record.orgs:
        ctx.error_at((record.where.line, record.where.col), record.where.path or "awards",
                     f"“{record.title}”没有写命名给谁", "写 systems（系统的名称）或 orgs（组织的编号），至少写一个")


NAMING_AWARD = Record(e.NamingAward, (
    Field("title", Word("naming_titles"), "称号", required=True),
    Field("systems", ListOf(Word("systems"), unique=True), "命名的系统", help="系统的名称，例如 [税务系统]"),
    Field("orgs", ListOf(Ref("orgs"), unique=True), "命名的组织", help="组织的编号，例如 [sw-dangwei]"),
), rules=(_award_rule,))

NAMING = Record(e.Naming, (
    Field("year", Year(past=True), "年度", required=True, help="与文件名相同，例如 2022"),
    Field("announced", Date(past=True), "命名日期", required=True),
    Field("criteria", Text(max_len=LONG, markdown=True), "评选标准", required=True,
          help="这一年评选先锋系统、模范机关的条件和程序，页面上照登"),
    Field("awards", ListOf(NAMING_AWARD, min_items=1), "命名", required=True),
))


@dataclass(frozen=True)
class Kind:
    """One folder of the data: its files, how their stem is named, and their record."""

    key: str
    label: str
    record: Record
    #: the field whose value must equal the file's stem
    stem_field: str
    stem_pattern: re.Pattern
    stem_hint: str


_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}\Z")
_ID_HINT = "文件名就是编号：小写拼音字母、数字和连字符，例如 sw-jiguan-1.yaml"

KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("orgs", "组织", ORG, "id", _ID, _ID_HINT),
    Kind("ratings", "评星", RATING_QUARTER, "quarter", re.compile(r"[0-9]{4}Q[1-4]\Z"), "文件名是季度，例如 2022Q2.yaml"),
    Kind("sites", "示范点", SITE, "id", _ID, _ID_HINT),
    Kind("brands", "品牌", BRAND, "id", _ID, _ID_HINT),
    Kind("deeds", "榜样", DEED, "id", _ID, _ID_HINT),
    Kind("pairings", "结对", PAIRING, "id", _ID, _ID_HINT),
    Kind("ledgers", "台账", LEDGER, "org", _ID, "文件名是组织的编号，例如 sw-jiguan-1.yaml"),
    Kind("news", "动态", NEWS, "id", _ID, _ID_HINT),
    Kind("achievements", "成果", ACHIEVEMENT, "id", _ID, _ID_HINT),
    Kind("namings", "年度命名", NAMING, "year", re.compile(r"[0-9]{4}\Z"), "文件名是年份，例如 2022.yaml"),
)}
