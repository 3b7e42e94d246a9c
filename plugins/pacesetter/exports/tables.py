"""The public data as tables: organizations, ratings history, sites, brands, deeds.

Only what the site itself shows is published. Ledgers appear as counts per organization;
the items of a ledger never leave the data folder, public or not, because a table of
problems loses the context the organization page gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.column import Column
from ..terms import quarter_label


@dataclass(frozen=True)
class Table:
    name: str  # file stem and sheet name
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, Chinese header)
    rows: tuple[tuple, ...]


#: Each table's file stem (and sheet name) and title, in the order of ``tables``.
ORGS, RATINGS, SITES, BRANDS, DEEDS = TITLES = (
    ("orgs", "组织及当前星级、排名"), ("ratings", "历季评星结果"), ("sites", "示范点"), ("brands", "党建品牌"),
    ("deeds", "榜样事迹与荣誉"),
)


def _rank(ranked) -> int | None:
    return ranked.rank if ranked else None


def sizes(column: Column) -> list[tuple[str, str, int]]:
    """(name, title, rows) of each table, as ``tables`` gives them, without making the rows:
    what the data page shows of the downloads, while another process writes them."""
    data = column.data
    rows = (len(column.orgs), sum(len(data.ratings[q].ratings) for q in column.quarters),
            len(data.sites), len(data.brands), len(data.deeds))
    return [(name, title, count) for (name, title), count in zip(TITLES, rows, strict=True)]


def tables(column: Column) -> list[Table]:
    data = column.data
    quarter = column.current_quarter
    year = column.classification_year
    orgs = []
    for org_id, org in column.orgs.items():
        stars = column.stars(org_id)
        tier = column.tier(org_id)
        ledger = column.ledger_progress(org_id)
        parent = column.orgs[org.parent] if org.parent else None
        orgs.append((
            org_id, org.name, org.short_name or "", org.kind, column.level(org_id), org.parent or "",
            parent.name if parent else "", column.system_of(org_id) or "", org.category or "", org.secretary or "",
            org.members, quarter_label(quarter) if stars is not None else "", stars, tier.label if tier else "",
            _rank(column.sibling_rank(org_id)), _rank(column.column_rank(org_id)),
            "是" if column.standardized(org_id) else "否", org.classification.get(year, "") if year else "",
            ledger.total if ledger else None, ledger.closed if ledger else None,
            len(ledger.overdue) if ledger else None,
        ))
    ratings = [(quarter_label(q), r.org, column.orgs[r.org].name, len(r.met), "、".join(r.met), str(data.ratings[q].announced))
               for q in column.quarters for r in sorted(data.ratings[q].ratings, key=lambda r: r.org)]
    sites = [(s.id, s.org, column.orgs[s.org].name, s.title, s.level, str(s.applied or ""), str(s.named or ""), s.conferred_by or "",
              column.site_status(s.id).label, len(s.six_haves)) for s in sorted(data.sites.values(), key=lambda s: s.id)]
    brands = [(b.id, b.name, b.owner, column.orgs[b.owner].name, str(b.launched), b.slogan or "",
               "；".join(f"{a.year} {a.title}{' ' + a.rank if a.rank else ''}" for a in b.awards))
              for b in sorted(data.brands.values(), key=lambda b: b.id)]
    deeds = [(d.id, d.title, str(d.date), d.org, column.orgs[d.org].name, d.person or "集体",
              "；".join(f"{h.year} {h.level}{h.title}" for h in d.honors), "、".join(d.tags))
             for d in sorted(data.deeds.values(), key=lambda d: d.id)]
    return [
        Table(*ORGS, (
            ("id", "编号"), ("name", "名称"), ("short_name", "简称"), ("kind", "类型"), ("level", "网格层级"),
            ("parent", "上级编号"), ("parent_name", "上级名称"), ("system", "系统"), ("category", "类别"),
            ("secretary", "书记"), ("members", "党员人数"), ("quarter", "评星季度"), ("stars", "星级"), ("tier", "梯队"),
            ("sibling_rank", "同级名次"), ("column_rank", "全部参评组织中的名次"), ("standardized", "是否达标"),
            ("classification", f"{year or ''}年度分类定级"), ("ledger_total", "台账问题数"),
            ("ledger_closed", "已销号"), ("ledger_overdue", "逾期未销号"),
        ), tuple(orgs)),
        Table(*RATINGS, (
            ("quarter", "季度"), ("org", "组织编号"), ("org_name", "组织名称"), ("stars", "星级"),
            ("met", "达标的方面"), ("announced", "公示日期"),
        ), tuple(ratings)),
        Table(*SITES, (
            ("id", "编号"), ("org", "组织编号"), ("org_name", "组织名称"), ("title", "称号"), ("level", "级别"),
            ("applied", "申报日期"), ("named", "命名日期"), ("conferred_by", "命名单位"), ("status", "状态"),
            ("six_haves", "六有具备项数"),
        ), tuple(sites)),
        Table(*BRANDS, (
            ("id", "编号"), ("name", "品牌"), ("owner", "组织编号"), ("owner_name", "组织名称"), ("launched", "创立日期"),
            ("slogan", "口号"), ("awards", "获奖"),
        ), tuple(brands)),
        Table(*DEEDS, (
            ("id", "编号"), ("title", "标题"), ("date", "日期"), ("org", "组织编号"), ("org_name", "组织名称"),
            ("person", "人物"), ("honors", "荣誉"), ("tags", "标签"),
        ), tuple(deeds)),
    ]
