"""Derived facts, each from a small column whose answer is known by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pacesetter.model import load_column
from pacesetter.model.column import TIERS, tier_of

D = dt.date


def write(data: Path, rel: str, text: str) -> None:
    (data / rel).parent.mkdir(parents=True, exist_ok=True)
    (data / rel).write_text(text, encoding="utf-8")


def quarter(data: Path, name: str, announced: str, ratings: dict[str, list[str]]) -> None:
    lines = [f"quarter: {name}", f"announced: {announced}", "ratings:"]
    for org, met in ratings.items():
        lines += [f"  - org: {org}", f"    met: [{', '.join(met)}]"]
    if not ratings:
        lines[-1] = "ratings: []"
    write(data, f"ratings/{name}.yaml", "\n".join(lines) + "\n")


DIMS = ["基本组织", "基本队伍", "基本活动", "基本制度", "基本保障", "发挥作用"]


def met(n: int) -> list[str]:
    return DIMS[:n]


def add_branch(data: Path, org_id: str, parent: str = "sw", extra: str = "") -> None:
    write(data, f"orgs/{org_id}.yaml", f"id: {org_id}\nname: 支部{org_id}\nkind: 党支部\nparent: {parent}\n{extra}")


# --- the tree --------------------------------------------------------------------

def test_levels_ancestors_subtree_and_inherited_system(base_data):
    column = load_column(base_data)
    assert {o: column.level(o) for o in column.orgs} == {"root": 1, "sw": 2, "sw-a": 3, "sw-b": 3}
    assert [o.id for o in column.ancestors("sw-a")] == ["root", "sw"]
    assert column.subtree("sw") == ["sw", "sw-a", "sw-b"]
    assert column.system_of("sw-a") == "税务系统"  # written on its parent only
    assert column.system_of("root") is None


# --- stars and their changes -----------------------------------------------------

def test_star_changes_between_two_quarters(base_data):
    quarter(base_data, "2022Q2", "2022-07-05", {
        "sw-a": ["基本组织", "基本队伍", "发挥作用"],
        "sw-b": ["基本组织", "基本活动"],
    })
    column = load_column(base_data)
    assert column.quarters == ["2022Q2", "2022Q3"]
    q3 = {c.org: c for c in column.changes_in("2022Q3")}
    assert (q3["sw-a"].before, q3["sw-a"].after, q3["sw-a"].delta) == (3, 5, 2)
    assert q3["sw-a"].granted == ("基本活动", "基本制度", "基本保障")
    assert q3["sw-a"].removed == ("发挥作用",)
    assert (q3["sw-b"].before, q3["sw-b"].after, q3["sw-b"].granted, q3["sw-b"].removed) == (2, 1, (), ("基本活动",))
    assert q3["sw-a"].announced == D(2022, 10, 10) and q3["sw-a"].previous_quarter == "2022Q2"
    first = {c.org: c for c in column.changes_in("2022Q2")}
    assert first["sw-a"].before is None and first["sw-a"].granted == () and first["sw-a"].delta is None


def test_a_missed_quarter_compares_with_the_last_rating(base_data):
    quarter(base_data, "2022Q1", "2022-04-05", {"sw-a": met(2), "sw-b": met(4)})
    quarter(base_data, "2022Q2", "2022-07-05", {"sw-a": met(3)})  # sw-b not rated
    column = load_column(base_data)
    assert column.stars("sw-b", "2022Q2") is None
    change = next(c for c in column.changes_in("2022Q3") if c.org == "sw-b")
    assert (change.previous_quarter, change.before, change.after) == ("2022Q1", 4, 1)
    assert column.star_history("sw-b") == [("2022Q1", 4), ("2022Q2", None), ("2022Q3", 1)]


def test_current_stars_come_from_the_latest_quarter(base_data):
    column = load_column(base_data)
    assert column.current_quarter == "2022Q3"
    assert (column.stars("sw-a"), column.stars("sw-b"), column.stars("sw")) == (5, 1, None)
    assert column.met("sw-b") == ("基本组织",)


@pytest.mark.parametrize(("stars", "tier"), [(6, "top"), (5, "next"), (4, "guide"), (3, "guide"),
                                             (2, "weak"), (1, "weak"), (0, "weak"), (None, None)])
def test_tier_boundaries(stars, tier):
    assert (tier_of(stars).key if stars is not None else None) == tier


def test_tiers_cover_zero_to_six_once():
    covered = [s for t in TIERS for s in range(t.low, t.high + 1)]
    assert sorted(covered) == list(range(7))


def test_tier_counts_list_every_tier(base_data):
    assert load_column(base_data).tier_counts() == {"top": 0, "next": 1, "guide": 0, "weak": 1}


# --- improvement -----------------------------------------------------------------

def _improvement_column(data: Path):
    add_branch(data, "sw-c")
    quarter(data, "2021Q4", "2022-01-10", {"sw-a": met(2), "sw-b": met(3)})
    quarter(data, "2022Q1", "2022-04-10", {"sw-a": met(3), "sw-b": met(3), "sw-c": met(1)})
    quarter(data, "2022Q2", "2022-07-10", {"sw-a": met(4), "sw-b": met(2), "sw-c": met(2)})
    # 2022Q3 (base): sw-a 5, sw-b 1, sw-c not rated
    return load_column(data)


def test_improvement_over_n_quarters(base_data):
    column = _improvement_column(base_data)
    a = column.improvement("sw-a", 3)
    assert (a.since_quarter, a.before, a.after, a.delta) == ("2021Q4", 2, 5, 3)
    assert column.improvement("sw-b", 1).delta == -1  # 2 → 1
    assert column.improvement("sw-a", 1).since_quarter == "2022Q2"


def test_improvement_window_starts_at_the_first_rating_inside_it(base_data):
    column = _improvement_column(base_data)
    longer = column.improvement("sw-a", 10)  # window longer than the history: earliest rating
    assert longer.since_quarter == "2021Q4"
    quarter(base_data, "2021Q3", "2021-10-10", {"sw-b": met(6)})  # sw-a not rated then
    column = load_column(base_data)
    a = column.improvement("sw-a", 4)  # 4 back is 2021Q3, where sw-a has no rating
    assert (a.since_quarter, a.before) == ("2021Q4", 2)
    assert column.improvement("sw-b", 4).since_quarter == "2021Q3"


def test_improvement_needs_a_current_rating(base_data):
    column = _improvement_column(base_data)
    assert column.improvement("sw-c", 3) is None  # not rated in the latest quarter


def test_improvement_defaults_to_column_setting(base_data):
    column = _improvement_column(base_data)
    assert column.improvement("sw-a") == column.improvement("sw-a", 4)


# --- ranks -----------------------------------------------------------------------

def test_sibling_and_column_ranks_with_ties_and_moves(base_data):
    add_branch(base_data, "sw-c")
    write(base_data, "orgs/jy.yaml", "id: jy\nname: 教育局机关党委\nkind: 党委\nparent: root\n")
    add_branch(base_data, "jy-a", parent="jy")
    quarter(base_data, "2022Q2", "2022-07-05", {"sw-a": met(4), "sw-b": met(4), "sw-c": met(6), "jy-a": met(2)})
    quarter(base_data, "2022Q3", "2022-10-10", {"sw-a": met(5), "sw-b": met(1), "sw-c": met(5), "jy-a": met(5)})
    column = load_column(base_data)
    siblings = {o: column.sibling_rank(o).rank for o in ("sw-a", "sw-b", "sw-c")}
    assert siblings == {"sw-a": 1, "sw-c": 1, "sw-b": 3}
    assert column.sibling_rank("jy-a").rank == 1 and column.sibling_rank("jy-a").of == 1
    overall = {o: column.column_rank(o).rank for o in ("sw-a", "sw-b", "sw-c", "jy-a")}
    assert overall == {"jy-a": 1, "sw-a": 1, "sw-c": 1, "sw-b": 4}
    move = column.rank_move("jy-a", "column")
    assert (move.previous.rank, move.current.rank, move.change) == (4, 1, 3)
    move = column.rank_move("sw-c", "siblings")
    assert (move.previous.rank, move.current.rank, move.change) == (1, 1, 0)
    assert column.sibling_rank("root") is None  # the root has no siblings
    assert column.column_rank("sw") is None  # unrated organizations are not ranked


def test_a_branch_on_the_second_level_is_ranked_with_all_branches(base_data):
    add_branch(base_data, "tj", parent="root")  # a small unit's only branch, right under the root
    quarter(base_data, "2022Q3", "2022-10-10", {"sw-a": met(4), "sw-b": met(2), "tj": met(5)})
    column = load_column(base_data)
    assert column.level("tj") == 2 and column.level("sw-a") == 3
    assert column.rated_orgs == ("sw-a", "sw-b", "tj") and column.rated_label == "全部党支部"
    assert [column.column_rank(o).rank for o in ("tj", "sw-a", "sw-b")] == [1, 2, 3]
    assert column.column_rank("tj").of == 3 == sum(column.tier_counts().values())


def test_rank_move_without_previous_quarter(base_data):
    move = load_column(base_data).rank_move("sw-a", "siblings")
    assert move.current.rank == 1 and move.previous is None and move.change is None


# --- standardization -------------------------------------------------------------

def test_standardized_ratio_per_parent_and_overall(base_data):
    column = load_column(base_data)
    assert column.standardized("sw-a") and not column.standardized("sw-b")
    for org in ("sw", None):
        ratio = column.standardized_ratio(org)
        assert (ratio.done, ratio.total, ratio.value) == (1, 2, 0.5)
        assert ratio.meets(column.target_ratio) is True
    assert column.standardized_ratio_of_system("税务系统").value == 0.5


def test_ratio_of_a_parent_without_branches_is_unknown(base_data):
    write(base_data, "orgs/jy.yaml", "id: jy\nname: 教育局机关党委\nkind: 党委\nparent: root\n")
    ratio = load_column(base_data).standardized_ratio("jy")
    assert (ratio.done, ratio.total, ratio.value, ratio.meets(0.5)) == (0, 0, None, None)


def test_only_acceptance_counts_as_standardized(base_data):
    add_branch(base_data, "sw-c", extra="standardization: {surveyed: 2022-03-01, planned: 2022-04-01, building: 2022-05-01}\n")
    column = load_column(base_data)
    ratio = column.standardized_ratio()
    assert (ratio.done, ratio.total) == (1, 3)
    assert ratio.meets(0.5) is False


def test_standardization_kinds_come_from_the_column(base_data):
    text = (base_data / "column.yaml").read_text(encoding="utf-8")
    (base_data / "column.yaml").write_text(text + "standardization_kinds: [党支部, 党委]\n", encoding="utf-8")
    ratio = load_column(base_data).standardized_ratio()
    assert (ratio.done, ratio.total) == (1, 4)  # root and sw now count, neither accepted


# --- ledgers and sites -----------------------------------------------------------

def test_ledger_close_rate_and_overdue_as_of(base_data):
    write(base_data, "ledgers/sw-b.yaml", """org: sw-b
items:
  - {id: a1, aspect: 组织设置, problem: 一, measure: 改, owner: 书记, due: 2022-06-30, closed: 2022-06-01}
  - {id: a2, aspect: 组织设置, problem: 二, measure: 改, owner: 书记, due: 2022-12-30}
  - {id: a3, aspect: 组织设置, problem: 三, measure: 改, owner: 书记, due: 2022-12-31}
  - {id: a4, aspect: 组织设置, problem: 四, measure: 改, owner: 书记, due: 2023-03-31}
""")
    column = load_column(base_data)
    progress = column.ledger_progress("sw-b")
    assert (progress.total, progress.closed, progress.open) == (4, 1, 3)
    assert progress.close_rate == 0.25
    assert [i.id for i in progress.overdue] == ["a2"]  # due on as_of itself is not yet overdue
    assert column.ledger_progress("sw-a") is None


@pytest.mark.parametrize(("reviews", "status"), [
    ("", ("active", D(2021, 6, 1))),
    ("  - {date: 2022-03-01, result: 限期整改}\n", ("rectifying", D(2022, 3, 1))),
    ("  - {date: 2022-03-01, result: 限期整改}\n  - {date: 2022-06-01, result: 通过}\n", ("active", D(2022, 6, 1))),
    ("  - {date: 2022-03-01, result: 限期整改}\n  - {date: 2022-09-01, result: 取消命名}\n", ("revoked", D(2022, 9, 1))),
])
def test_site_status(base_data, reviews, status):
    body = "id: sw-a-site\norg: sw-a\ntitle: 基层党建示范点\nlevel: 市直机关\nnamed: 2021-06-01\n"
    write(base_data, "sites/sw-a-site.yaml", body + ("reviews:\n" + reviews if reviews else ""))
    result = load_column(base_data).site_status("sw-a-site")
    assert (result.key, result.since) == status


# --- the timeline ----------------------------------------------------------------

def test_timeline_is_ordered_and_covers_every_kind_of_fact(base_data):
    write(base_data, "orgs/sw-b.yaml", "id: sw-b\nname: 税务局第二党支部\nkind: 党支部\nparent: sw\n"
                                      "classification: {2022: 中间}\n")
    quarter(base_data, "2022Q2", "2022-07-05", {"sw-a": met(4), "sw-b": met(2)})
    column = load_column(base_data)
    events = column.timeline
    assert events == sorted(events)
    kinds = {e.kind for e in events}
    assert kinds >= {"phase", "classification", "standardization", "branch_named", "star_granted", "star_removed", "site_named",
                     "site_reviewed", "brand_launched", "brand_award", "deed", "honor", "pairing",
                     "pairing_progress", "ledger_closed", "news", "achievement"}
    granted = [e for e in events if e.kind == "star_granted"]
    assert [(e.date, e.orgs) for e in granted] == [(D(2022, 10, 10), ("sw-a",))]
    assert "基本保障" in granted[0].title and "5 星" in granted[0].title
    assert all(e.date <= column.as_of for e in events)
    honor = next(e for e in events if e.kind == "honor")
    assert honor.precision == "year" and honor.date == D(2022, 1, 1)  # after the year's dated facts, newest first
    assert [e.kind for e in column.timeline_of("sw-b")] == [  # oldest first: the year's classification opens it
        "classification", "pairing", "pairing_progress", "ledger_closed", "star_removed"]


def test_private_ledger_events_do_not_publish_the_problem(base_data):
    text = (base_data / "ledgers/sw-b.yaml").read_text(encoding="utf-8").replace("public: true", "public: false")
    (base_data / "ledgers/sw-b.yaml").write_text(text, encoding="utf-8")
    events = [e for e in load_column(base_data).timeline if e.kind == "ledger_closed"]
    assert len(events) == 1 and "三会一课" not in events[0].title


def test_future_phase_is_not_on_the_timeline(base_data):
    text = (base_data / "column.yaml").read_text(encoding="utf-8").replace(
        "  - {name: 深入推进, start: 2022-05-01, end: 2022-10-31}",
        "  - {name: 深入推进, start: 2022-05-01, end: 2022-10-31}\n  - {name: 明年, start: 2023-01-01, end: 2023-03-31}")
    (base_data / "column.yaml").write_text(text, encoding="utf-8")
    titles = [e.title for e in load_column(base_data).timeline if e.kind == "phase"]
    assert titles == ["“全面启动”阶段开始", "“深入推进”阶段开始"]


def test_checked_column_is_reused_until_a_file_changes(base_data):
    first = load_column(base_data)
    assert load_column(base_data) is first
    path = base_data / "orgs/sw-b.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("税务局第二党支部", "第二支部"), encoding="utf-8")
    second = load_column(base_data)
    assert second is not first and second.orgs["sw-b"].name == "第二支部"


def test_figures_in_a_text_come_from_the_data(base_data):
    from pacesetter.model.figures import fill

    quarter(base_data, "2022Q2", "2022-07-05", {"sw-a": met(3), "sw-b": met(2)})
    quarter(base_data, "2022Q3", "2022-10-10", {"sw-a": met(5), "sw-b": met(1)})
    column = load_column(base_data)
    text = ("{{ 参评 2022Q3 }} 个参评，授星 {{ 授星 2022 }} 颗（{{ 授星组织 2022Q3 }} 个组织），摘星 {{摘星 2022Q3}} 颗，"
            "平均 {{ 平均星级 2022Q3 }} 星，五星 {{ 五星 2022Q3 }} 个，{{ 1星 2022Q3 }} 个一星；"
            "党支部 {{ 党支部 }} 个，达标 {{ 达标党支部 }} 个，{{ 达标比例 }}。")
    # 2022Q3 against 2022Q2: sw-a 3 → 5 (two stars granted), sw-b 2 → 1 (one removed); 2022Q2 was the first rating.
    assert fill(column, text) == ("2 个参评，授星 2 颗（1 个组织），摘星 1 颗，平均 3.00 星，五星 1 个，1 个一星；"
                                  "党支部 2 个，达标 1 个，50.0%。")
    assert fill(column, "{{ 党组织 }} 个党组织，{{ 二级组织 }} 个二级组织，{{ 结对 }} 对结对") == "4 个党组织，1 个二级组织，1 对结对"
    assert fill(column, "没有数字的文字") == "没有数字的文字" and fill(column, None) is None


def test_a_notice_has_every_result_its_changes_first_ratings_and_period(base_data):
    add_branch(base_data, "sw-c")
    quarter(base_data, "2022Q2", "2022-07-05", {"sw-a": met(4), "sw-b": met(3)})
    write(base_data, "ratings/2022Q3.yaml", "\n".join([
        "quarter: 2022Q3", "announced: 2022-10-10", "notice_until: 2022-10-20", "ratings:",
        f"  - org: sw-a\n    met: [{', '.join(met(6))}]",
        f"  - org: sw-b\n    met: [{', '.join(met(2))}]\n    note: “基本活动”未达标，予以摘星",
        f"  - org: sw-c\n    met: [{', '.join(met(5))}]"]) + "\n")
    column = load_column(base_data)
    # By hand: sw-a 4 → 6 (two granted), sw-b 3 → 2 (one removed, with its note), sw-c rated for the first time.
    notice = column.notice("2022Q3")
    assert [(c.org, c.after) for c in notice.results] == [("sw-a", 6), ("sw-c", 5), ("sw-b", 2)]  # most stars first
    assert [(c.org, c.granted) for c in notice.granted] == [("sw-a", ("基本保障", "发挥作用"))]
    assert [(c.org, c.removed, c.note) for c in notice.removed] == [("sw-b", ("基本活动",), "“基本活动”未达标，予以摘星")]
    assert [c.org for c in notice.first] == ["sw-c"] and notice.first[0].granted == ()
    assert notice.until == dt.date(2022, 10, 20)  # the quarter's own end of the notice period
    first = column.notice("2022Q2")
    assert first.until == dt.date(2022, 7, 9)  # five days by default, counting the day it is announced
    assert [c.org for c in first.first] == ["sw-a", "sw-b"] and not first.granted and not first.removed
