"""A synthetic, valid column of any size, for benchmarks: ``scripts/synth --orgs N --seed S --out DIR``.

A province-like tree (the provincial bureau's committee, one second-level organization per
city bureau or department for about every hundred organizations, branches below), eight
quarters of ratings, and deeds, sites, brands, pairings, ledgers, news and achievements in
the proportions of the demo column. The same arguments write the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

QUARTERS = ["2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4"]
ANNOUNCED = {"2021Q1": "2021-04-12", "2021Q2": "2021-07-08", "2021Q3": "2021-10-13", "2021Q4": "2022-01-11",
             "2022Q1": "2022-04-12", "2022Q2": "2022-07-06", "2022Q3": "2022-10-12", "2022Q4": "2022-12-26"}
DIMS = ["基本组织", "基本队伍", "基本活动", "基本制度", "基本保障", "发挥作用"]
CITIES = ["安澜", "青川", "临海", "云岭", "白沙", "金河", "东平", "南屏", "西岭", "北川", "长宁", "丰源", "沧浪", "洛川",
          "平阳", "兴安", "宁远", "嘉禾"]
DISTRICTS = ["城关", "新区", "高新", "东城", "西城", "南湖", "北山", "河口", "桥头", "石门", "清水", "柳林", "上庄", "下营"]
SYSTEMS = [("税务", "税务局", "税务系统"), ("教育", "教育局", "教育系统"), ("卫健", "卫生健康委员会", "卫生健康系统"),
           ("交通", "交通运输局", "交通运输系统"), ("市场", "市场监督管理局", "市场监管系统"),
           ("人社", "人力资源和社会保障局", "人力资源社会保障系统"), ("自然", "自然资源和规划局", "自然资源系统"),
           ("住建", "住房和城乡建设局", "住房城乡建设系统")]
UNITS = ["办公室", "综合科", "政策法规科", "征收管理科", "纳税服务科", "稽查局", "信息中心", "第一分局", "第二分局", "第三分局",
         "服务大厅", "执法大队", "监测站", "档案室", "后勤服务中心", "离退休干部"]
CATEGORIES = ["机关", "事业单位", "学校", "医院", "国有企业", "窗口服务", "离退休"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = ["建国", "海燕", "志强", "秀兰", "卫东", "丽娟", "晓峰", "红梅", "国庆", "文静", "振华", "玉芳", "永刚", "淑珍",
         "学军", "春燕", "立新", "桂英", "宏伟", "雪梅", "明辉", "慧敏", "向阳", "晓燕", "德胜", "素芬"]
DEEDS = ["扎根一线服务群众", "攻坚克难勇挑重担", "创新工作方法提升效率", "疫情防控冲锋在前", "结对帮扶带动提升",
         "优化营商环境", "守护群众安全", "传承红色基因"]
STORY = ("{who}坚持把党建工作与业务工作同谋划、同部署，{year} 年牵头完成重点任务 {n} 项，"
         "带领党员开展志愿服务 {m} 次，群众满意度明显提升。")

COLUMN = """title: 寻标对标达标创标工作专栏（合成数据）
publisher: 合成省局党委
as_of: 2022-12-31
targets: {{standardized_ratio: 0.5}}
improvement_quarters: 4
phases:
  - {{name: 全面启动, start: 2022-04-01, end: 2022-04-30}}
  - {{name: 深入推进, start: 2022-05-01, end: 2022-10-31}}
  - {{name: 回头看, start: 2022-11-01, end: 2022-11-30}}
  - {{name: 总结完善, start: 2022-12-01, end: 2022-12-31}}
dimensions: [{dims}]
classifications: [{classes}]
org_kinds: [党委, 党组, 党总支, 党支部]
categories: [{categories}]
systems: [{systems}]
levels: [国家级, 省级, 市级, 县级, 市直机关]
honor_titles: [优秀共产党员, 优秀党务工作者, 先进基层党组织, 五一劳动奖章, 全国劳动模范, 工作标兵, 业务能手, 先进集体, 示范团队]
site_titles: [党支部规范化建设示范点, 基层党建示范点, 标准化建设示范党支部, 精品示范党支部]
six_haves: [活动场所, 设施设备, 标志标识, 书报专栏, 管理制度, 人员保障]
ledger_aspects: [组织设置, 班子队伍建设, 党员教育管理, 党内组织生活, 工作载体建设, 活动场所建设, 工作运行机制, 基本工作保障]
news_kinds: [擂台赛, 观摩, 交流会, 主题党日, 评比, 回头看, 其他]
achievement_kinds: [政研成果, 支部工作法, 制度创新]
"""


def _date(rng: random.Random, year: int = 2022, last_month: int = 12) -> str:
    return f"{year}-{rng.randint(1, last_month):02d}-{rng.randint(1, 28):02d}"


def generate(orgs: int, seed: int, out: Path, dims: list[str] | None = None,
             classes: list[str] | None = None) -> dict[str, int]:
    """Write a column of ``orgs`` organizations into ``out`` (emptied first); returns counts.

    ``dims`` and ``classes`` replace the six dimensions and the three classes (any
    number of each), for tests of a column.yaml adapted by another unit.
    """
    dims = list(dims or DIMS)
    classes = list(classes or ["先进", "中间", "后进"])
    if orgs < 3:
        raise ValueError("at least 3 organizations")
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("orgs", "ratings", "sites", "brands", "deeds", "pairings", "ledgers", "news", "achievements"):
        (out / folder).mkdir(parents=True)
    (out / "column.yaml").write_text(COLUMN.format(
        dims=", ".join(dims), classes=", ".join(classes), categories=", ".join(CATEGORIES), systems=", ".join(s for _, _, s in SYSTEMS)),
        encoding="utf-8")

    def person() -> str:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)

    def write(folder: str, name: str, text: str) -> None:
        (out / folder / f"{name}.yaml").write_text(text, encoding="utf-8")

    write("orgs", "root", "id: root\nname: 合成省局党委\nkind: 党委\n")
    units = max(1, (orgs - 1) // 100)
    branches = orgs - 1 - units
    unit_ids = []
    for u in range(units):
        city, (_, dept, system) = CITIES[u % len(CITIES)], SYSTEMS[(u // len(CITIES)) % len(SYSTEMS)]
        unit_id = f"u{u:04d}"
        unit_ids.append(unit_id)
        secretary = person()
        rng.randint(80, 400)  # once a typed member count; a unit's is now its branches' sum (same draws, same column)
        write("orgs", unit_id, f"id: {unit_id}\nname: {city}市{dept}党委（{u + 1}）\nkind: 党委\nparent: root\n"
                               f"system: {system}\nsecretary: {secretary}\n")
    branch_ids = []
    stars: dict[str, list[int | None]] = {}
    for b in range(branches):
        unit = unit_ids[b % units]
        branch_id = f"b{b:05d}"
        branch_ids.append(branch_id)
        district, unit_name = DISTRICTS[(b // units) % len(DISTRICTS)], UNITS[b % len(UNITS)]
        name = f"{district}{unit_name}第{b // (units * len(DISTRICTS)) + 1}党支部（{b + 1}）"
        s = rng.choice([1, 2, 3, 3, 4, 4, 4, 5, 5, 6])
        series: list[int | None] = []
        for q in QUARTERS:
            if rng.random() < 0.2:
                s = min(6, s + 1)
            elif rng.random() < 0.08:
                s = max(0, s - 1)
            series.append(None if rng.random() < 0.03 else s)
        stars[branch_id] = series
        text = (f"id: {branch_id}\nname: {name}\nkind: 党支部\nparent: {unit}\ncategory: {rng.choice(CATEGORIES)}\n"
                f"secretary: {person()}\nmembers: {rng.randint(5, 60)}\n")
        grades = (rng.choice(classes), rng.choice(classes[:2]))
        steps, accepted = "", False
        if rng.random() < 0.7:
            steps = "standardization: {surveyed: 2022-03-01, planned: 2022-04-01, building: 2022-05-01"
            accepted = rng.random() < 0.6
            steps += ", accepted: 2022-11-15, named: 2022-12-20}\n" if accepted else "}\n"
        # A branch is 先进 in a year of the campaign only once it has reached the standard (check's rule).
        grade_2022 = grades[1] if accepted or grades[1] != classes[0] or len(classes) < 2 else classes[1]
        text += f"classification: {{2021: {grades[0]}, 2022: {grade_2022}}}\n" + steps
        write("orgs", branch_id, text)

    for index, q in enumerate(QUARTERS):
        lines = [f"quarter: {q}", f"announced: {ANNOUNCED[q]}", "ratings:"]
        for branch_id in branch_ids:
            value = stars[branch_id][index]
            if value is not None:  # six stars scaled to the number of dimensions
                lines.append(f"  - org: {branch_id}\n    met: [{', '.join(dims[:round(value * len(dims) / 6)])}]")
        if len(lines) == 3:  # a small column whose only branches all skipped this quarter
            lines.append(f"  - org: {branch_ids[0]}\n    met: [{', '.join(dims[:3])}]")
        write("ratings", q, "\n".join(lines) + "\n")

    counts = {"sites": max(1, orgs // 80), "brands": max(1, orgs // 60), "deeds": max(1, orgs // 25),
              "pairings": max(1, orgs // 50), "ledgers": max(1, orgs // 20), "news": max(1, orgs // 40),
              "achievements": max(1, orgs // 100)}
    pick = rng.sample(branch_ids, min(len(branch_ids), max(counts.values()) * 2))
    for i in range(counts["sites"]):
        write("sites", f"s{i:05d}", f"id: s{i:05d}\norg: {pick[i]}\ntitle: 基层党建示范点\nlevel: 市直机关\n"
                                    f"named: {_date(rng, 2021)}\nsix_haves: [活动场所, 设施设备, 标志标识]\n"
                                    "description: 支部以示范点建设为抓手，规范组织生活，党员作用发挥明显。\n")
    for i in range(counts["brands"]):
        write("brands", f"p{i:05d}", f"id: p{i:05d}\nname: 先锋品牌{i + 1}\nowner: {pick[i]}\nlaunched: {_date(rng, 2021)}\n"
                                     "slogan: 党建引领，服务为民\nhighlights: [党员先锋岗, 结对共建]\n")
    for i in range(counts["deeds"]):
        who = person()
        story = STORY.format(who=who, year=2022, n=rng.randint(3, 20), m=rng.randint(5, 60))
        write("deeds", f"d{i:05d}", f"id: d{i:05d}\ntitle: {who}：{rng.choice(DEEDS)}\ndate: {_date(rng)}\n"
                                    f"org: {pick[i % len(pick)]}\nperson: {who}\nhonors:\n"
                                    f"  - {{title: 优秀共产党员, level: 市级, year: 2022}}\nstory: {story}\n")
    # A pairing needs two different branches; a column of one branch has none.
    for i in range(counts["pairings"] if len(pick) >= 2 else 0):
        learner, benchmark = pick[2 * i % len(pick)], pick[(2 * i + 1) % len(pick)]
        write("pairings", f"j{i:05d}", f"id: j{i:05d}\nlearner: {learner}\nbenchmark: {benchmark}\nsince: 2022-04-15\n"
                                       "goals: [学习党员先锋岗做法]\nprogress:\n  - {date: 2022-06-01, note: 开展联合主题党日}\n")
    for i in range(counts["ledgers"]):
        org = branch_ids[(i * 7) % len(branch_ids)]
        items = "".join(
            f"  - {{id: i{k}, aspect: 党内组织生活, problem: 组织生活记录不规范{k}, measure: 统一记录本, owner: 组织委员, "
            f"found: 2022-03-01, due: 2022-{rng.randint(4, 12):02d}-28{', closed: 2022-06-30' if rng.random() < 0.6 else ''}}}\n"
            for k in range(3))
        write("ledgers", org, f"org: {org}\npublic: {'true' if i % 2 else 'false'}\nitems:\n{items}")
    for i in range(counts["news"]):
        write("news", f"n{i:05d}", f"id: n{i:05d}\ntitle: 第{i + 1}片区党建工作交流会召开\ndate: {_date(rng)}\nkind: 交流会\n"
                                   f"orgs: [{unit_ids[i % units]}]\nbody: 各党支部交流了寻标对标达标创标的经验做法。\n")
    for i in range(counts["achievements"]):
        write("achievements", f"a{i:05d}", f"id: a{i:05d}\ntitle: 支部工作法第{i + 1}号\ndate: {_date(rng)}\n"
                                           f"org: {pick[i]}\nkind: 支部工作法\nsummary: 把党建工作嵌入业务流程的做法。\n")
    return {"orgs": orgs, "ratings": len(QUARTERS), **counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/synth", description="生成合成的专栏数据，用于性能测量。")
    parser.add_argument("--orgs", type=int, required=True, help="组织数量")
    parser.add_argument("--seed", type=int, default=1, help="随机种子（相同参数生成相同文件）")
    parser.add_argument("--out", type=Path, required=True, help="输出的数据文件夹（会被清空）")
    args = parser.parse_args(argv)
    counts = generate(args.orgs, args.seed, args.out)
    print("已生成：" + "，".join(f"{k} {v}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
