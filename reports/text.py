"""The source report's text as a template (../shared/seeds/000_e1dc0a3b0f6c6a88.txt), in its wording
and order: title, opening, 一、主要做法及成效 with the eight focuses, 二、存在问题及下步计划, closing.

Each ``{key}`` is a figure of ``reports.sections``; the paragraphs are the source's sentences word for
word, except where the data contradicts a word the source fixes (a count written out, "全部"), where
the wording follows the data. ``build`` turns figures and the office's section-二 text into blocks
that the web page, the PDF and the .docx all render, so the three say the same.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from core.figures import cn_number, cn_ordinal

TITLE = "{place}抓党建促基层治理能力提升专项行动工作进展情况报告（{period}）"

OPENING = (
    "县委抓党建促基层治理能力提升专项行动工作动员部署会以来，{we}紧盯目标任务，高标准谋划，"
    "以“八个聚焦”为抓手，推动了专项行动顺利开展。"
)
PART_ONE = "一、主要做法及成效"
PART_TWO = "二、存在问题及下步计划"

# The eight focuses' headings; numbered （一）…（八） in the township report, in turn in the village one.
FOCUS = {
    "一": "聚焦责任落实，加强组织领导。",
    "二": "聚焦网格治理，构建融合框架。",
    "三": "聚焦功能提升，实施三个工程。",
    "四": "聚焦三色管理，建立响应机制。",
    "五": "聚焦问题整改，提升服务水平。",
    "六": "聚焦评星定级，健全激励机制。",
    "七": "聚焦积分管理，激活党员动力。",
    "八": "聚焦四个重点，补齐短板弱项。",
}

ONE = (
    "一是迅速成立机构。成立了以镇党委书记、镇长为双组长的专项行动领导组，组建专项工作办公室，制定了工作方案，"
    "细化了重点任务清单，明确了职责任务分工。二是多频调度推进。组织召开党政班子会{party_meetings}次，"
    "专题工作推进会{progress_meetings}次，领导组成员入村调研{research_person_times}人次，"
    "工作专班针对个别支部工作推进缓慢的及时到村指导，牢牢掌握工作时序进度。三是强化工作培训。"
    "组织党员干部培训{trainings}次，{quiz}提升专项行动专业知识水平。{tour}"
)
# The period's latest study tour; left out when the work log is kept and no tour was made in the period.
ONE_TOUR = "{tour_date}，我们又组织{tour_people}赴{tour_sites}开展了观摩学习。"

# The quizzes of the period (training.selectors.quiz_figures) where the source says only that they were held;
# a period in which no quiz closed keeps the source's words.
ONE_QUIZ = "开展了党员在线答题、集中测试答题{quizzes}次，参与{quiz_sheets}人次，平均得分{quiz_average}分，"
ONE_QUIZ_NONE = "开展了党员在线答题、集中测试答题，"

TWO = (
    "坚持党建引领，以“一张网格管治理”为切入点，深化“党建＋网格”治理模式，形成了“党建领方向、网格全覆盖、"
    "工作闭环办、服务零距离”的治理新格局。一是全面组建“网格长＋网格员＋网格辅助员”三级网格队伍。"
    "将{villages}个行政村划分为{grids}个网格，{all}{leaders}名网格长全部由支部书记担任，"
    "{grid_members}名全科网格员由村“两委”干部和党员代表兼任，{assistants}名网格辅助员由老党员、村民代表和文化辅导员组成。"
    "二是全面创建“网格党支部＋网格党小组＋党员中心户＋群众”四级治理模式。{all}共建立{grid_branches}个网格党支部，"
    "{party_groups}个网格党小组，网格内{central_households}名党员中心户包联{linked_households}户，"
    "做到了有网格就有党员，有网格就有党组织，进一步建强基层治理“战斗堡垒”。"
)
TWO_VILLAGE = TWO.replace("将{villages}个行政村划分为{grids}个网格", "全村划分为{grids}个网格")

# Only when the office rated a secretary as not rated for another reason (考核不称职): the source has no such case.
SIX_UNRATED_OTHER = "，因考核不称职未评星的{secretary_unrated_other}名"

THREE_CENTRES = (
    "一是加快党群服务中心建设。现已建成{centres_built}党群服务中心，今年重点打造{centres_high}高标准党群服务中心。"
)
THREE_CENTRES_NONE_HIGH = "一是加快党群服务中心建设。现已建成{centres_built}党群服务中心。"
THREE = (
    "实施阵地建设、平台打造、服务提效“三个工程”，不断推动力量下沉、资源下沉、服务下沉。{centres}"
    "二是狠抓三支队伍能力提升。对镇机关干部、农村干部、大学生专职村干，经常性开展专题培训，全面提升干部队伍治理能力。"
    "三是严格落实镇村干部包联制度。实行镇村干部包联村延伸包联网格包联到户，每人联系群众不少于{households_each}户，"
    "每周到村工作{days_per_week}，每月至少入户{visits_per_month}次，现已走访包联户{contact_households_visited}户，"
    "重点了解群众生产生活问题以及急需解决的问题，防范化解风险隐患，提升群众满意度。"
)

FOUR_LEDGER_ALL = "{villages_with_ledger}个村全部建立风险隐患村情台账"
FOUR_LEDGER_SOME = "{colour_villages}个村中已有{villages_with_ledger}个村建立风险隐患村情台账"
FOUR_LEDGER_VILLAGE = "本村已建立风险隐患村情台账"
FOUR = (
    "以供给侧思维推进精细化服务，实行“红黄绿”三色管理，推动领导班子定向包联走深走实。"
    "镇村两级实行周例会风险隐患分析研判制度，{ledger}。一是实行“绿色管理”。对稳定村“在线服务”，"
    "及时解决被服务对象合理诉求{demands_green}条；二是实行“黄色管理”。对关注村定期针对性开展“一线服务”，"
    "主动发现急难愁盼问题{problems_yellow}条并及时解决；三是实行“红色管理”。如发现重点难点村，时刻保持“热线服务”，"
    "做到及时研究分析，精准施策，解决问题，进一步夯实基层治理根基。"
)

FIVE = (
    "对照检查阶段{we}采取广泛征求党员、群众、社会各界意见，围绕清单“自己找”，走访入户“群众提”，对口部门“上级点”，"
    "党员谈话“互相谈”等方式共征求汇总党委{committee_categories}类问题{committee_problems}条，"
    "领导班子{leadership_categories}类问题{leadership_problems}条，{village_organisations}个村级党组织共梳理"
    "{village_categories}类问题{village_problems}条。坚持“边查边改”，对照查摆出的问题全部分类形成问题台账，"
    "逐项分析研究，针对性提出整改措施，明确整改期限，能改即改并长期坚持，确保各类问题高标准整改到位，进一步提升为民服务水平。"
)
FIVE_VILLAGE = (
    "对照检查阶段{we}采取广泛征求党员、群众、社会各界意见，围绕清单“自己找”，走访入户“群众提”，对口部门“上级点”，"
    "党员谈话“互相谈”等方式共梳理{village_categories}类问题{village_problems}条。坚持“边查边改”，"
    "对照查摆出的问题全部分类形成问题台账，逐项分析研究，针对性提出整改措施，明确整改期限，能改即改并长期坚持，"
    "确保各类问题高标准整改到位，进一步提升为民服务水平。"
)

SIX = (
    "一是建立党支部评星制度。按照“五新八有十星”的标准，对各党支部进行初步评星，{star_branches}个党支部中{star_levels}。"
    "二是建立党支部书记评星制度。结合任职年限、年度考核结果、奖惩情况，对现任{star_secretaries}名党支部书记进行了初次评星，"
    "界定三星级{secretary_three}名，二星级{secretary_two}名，一星级{secretary_one}名，"
    "任职不满一年暂时未能评星的{secretary_unrated}名{unrated_other}。三是完善农村干部管理办法。明确星级评定与报酬待遇、评先评优挂钩，"
    "进一步激发了两委干部“比学赶超”的干事热情。"
)

SEVEN = (
    "为充分发挥党员在森林防火、疫情防控、安全生产、乡村振兴等重点工作中的带动作用，立足镇情实际，"
    "制定印发《{points_title}》，以{pilot_villages}为试点，开展党员积分管理分层量化考核工作。"
    "镇党委为每名党员印发一本积分管理手册，各支部正探索开展党员积分分层量化管理的好做法，"
    "全部推行党员积分“月榜、季榜、年榜”公示，实行党员积分多少与评优评先、金融服务、领办合作社、党内激励关怀挂钩，"
    "有效激发党员主动参与、带头作为的积极性，做到“小积分”有“大作为”。"
)

EIGHT = (
    "一是提升集体经济。推广{model_villages}等村成功经验，通过{routes}等途径，"
    "力争{villages_to_lift}个行政村集体经济取得明确提升。二是扎实开展“清化收”工作。"
    "对{organisations_publicised}个集体经济组织合同清查、债权债务摸底完成公示，债权清收{claims_collected}万元，"
    "化解债务{debts_resolved}万元，为村级集体经济发展清障铺路，同时以此为契机，建立镇资产资源台账，"
    "建立健全{systems}等各项管理制度。三是厘清岗位职责。通过广泛征求意见，结合镇村实际和年度目标任务，"
    "制定镇村职责清单、任务清单，镇村干部岗位职责清单、任务清单、村干部履职负面清单，制定差异化个性清单{personalised_items}项。"
    "四是深化村民自治。坚持发扬民主，建立健全{villages_with_rules}个村“村规民约”{rule_articles}余条，"
    "作为加强基层治理、推进移风易俗、培育文明乡风的重要抓手，规范自治、强化德治，打通基层治理“神经末梢”。"
)

TWO_INTRO = "在开展抓党建促基层治理能力提升工作过程中，我们不断探索思考，一些方面还需要下力气加以改进。"
TWO_NOTHING = "从本期数据看，各项工作均按计划推进，暂未发现突出问题，仍需持续巩固提升。"
CLOSING = (
    "下一步，我们{place}将坚持问题导向，聚焦短板弱项，采取有力措施，高标准完成各项工作任务，"
    "创出{closing_experience}经验，干出{closing_highlight}靓点！"
)

# Section 二's points, one per topic, in the source's order first; each opens with its heading.
TOPIC_HEADINGS = {
    "集体经济": "壮大村级集体经济方面模式路径还不够。",
    "阵地建设": "阵地建设标准化、规范化要求达不到。",
    "网格化治理": "网格化治理工作还有待提升。",
    "问题整改": "问题整改还需持续用力。",
    "三色管理": "风险隐患排查化解还需加强。",
    "包联走访": "镇村干部包联走访落实还不够到位。",
    "培训答题": "党员干部学习培训参与面还不够广。",
    "党支部评星": "评星定级激励作用发挥还不充分。",
    "积分管理": "党员积分管理推行还不够全面。",
    "村民自治": "村民自治制度建设还需完善。",
    "责任落实": "重点任务推进还不够均衡。",
}


@dataclass
class Block:
    """A paragraph of the report: ``kind`` is title, heading, para or closing; ``lead`` the bold
    opening of a focus ("（一）聚焦责任落实，加强组织领导。"); ``parts`` text and figure keys."""

    kind: str
    parts: list = field(default_factory=list)  # [("t", text) | ("f", key)]
    lead: str = ""

    def as_json(self) -> dict:
        return {"kind": self.kind, "lead": self.lead, "parts": [list(p) for p in self.parts]}

    @classmethod
    def from_json(cls, data: dict) -> Block:
        return cls(kind=data["kind"], lead=data.get("lead", ""), parts=[tuple(p) for p in data["parts"]])


def parts_of(template: str, literals: dict | None = None) -> list[tuple[str, str]]:
    """``"将{villages}个行政村"`` → [("t", "将"), ("f", "villages"), ("t", "个行政村")]; keys in
    ``literals`` are replaced by their text (words, not figures)."""
    literals = literals or {}
    result = []
    for text, key, _, _ in string.Formatter().parse(template):
        if text:
            result.append(("t", text))
        if key is None:
            continue
        if key in literals:
            result.append(("t", literals[key]))
        else:
            result.append(("f", key))
    merged: list[tuple[str, str]] = []
    for kind, value in result:
        if merged and kind == "t" and merged[-1][0] == "t":
            merged[-1] = ("t", merged[-1][1] + value)
        else:
            merged.append((kind, value))
    return merged


def section_two_draft(shortfalls, place_villages: int | None = None) -> str:
    """The drafted body of "二、存在问题及下步计划": the source's opening sentence, then one point per
    topic (一是…二是…) with each fact's figures. Plain text, a paragraph a line, for the office to edit."""
    topics: dict[str, list] = {}
    order = list(TOPIC_HEADINGS)
    for item in shortfalls:
        topics.setdefault(item.topic, []).append(item)
    ordered = sorted(topics, key=lambda t: order.index(t) if t in order else len(order))
    if not ordered:
        return TWO_INTRO + TWO_NOTHING
    points = []
    for n, topic in enumerate(ordered, start=1):
        heading = TOPIC_HEADINGS.get(topic, f"{topic}方面还有不足。")
        facts = "；".join(item.text for item in topics[topic])
        points.append(f"{cn_ordinal(n)}{heading}主要表现在{facts}。")
    return TWO_INTRO + "".join(points)


def build(figures: dict, *, period_label: str, is_village: bool, section_two: str, closing: dict) -> list[Block]:
    """The report's blocks from its figures (``reports.sections.Figure`` by key), its period's label,
    the office's section-二 text and closing phrases."""

    def value(key):
        f = figures.get(key)
        return None if f is None else f.value

    words = {
        "we": "我村" if is_village else "我镇",
        "all": "全村" if is_village else "全镇",
        "period": period_label,
    }
    blocks = [
        Block("title", parts_of(TITLE, words)),
        Block("para", parts_of(OPENING, words)),
        Block("heading", [("t", PART_ONE)]),
    ]
    focus_texts = []
    if not is_village:
        quiz = ONE_QUIZ_NONE if value("quizzes") == 0 else ONE_QUIZ
        tour = ONE_TOUR if "tour_date" in figures else ""
        focus_texts.append(("一", ONE, {"quiz": quiz, "tour": tour}))
    focus_texts.append(("二", TWO_VILLAGE if is_village else TWO, {}))
    centres = THREE_CENTRES if (value("centres_high") is None or value("centres_high")) else THREE_CENTRES_NONE_HIGH
    focus_texts.append(("三", THREE, {"centres": centres}))
    if is_village:
        ledger = FOUR_LEDGER_VILLAGE if value("villages_with_ledger") else FOUR_LEDGER_SOME
    elif value("villages_with_ledger") == value("colour_villages"):
        ledger = FOUR_LEDGER_ALL
    else:
        ledger = FOUR_LEDGER_SOME
    focus_texts.append(("四", FOUR, {"ledger": ledger}))
    focus_texts.append(("五", FIVE_VILLAGE if is_village else FIVE, {}))
    if not is_village:
        other = SIX_UNRATED_OTHER if value("secretary_unrated_other") else ""
        focus_texts.append(("六", SIX, {"unrated_other": other}))
    focus_texts.append(("七", SEVEN, {}))
    if not is_village:
        focus_texts.append(("八", EIGHT, {}))
    for n, (number, template, nested) in enumerate(focus_texts, start=1):
        for key, inner in nested.items():
            template = template.replace("{" + key + "}", inner)
        lead = f"（{cn_number(n) if n != 2 else '二'}）{FOCUS[number]}"
        blocks.append(Block("para", parts_of(template, words), lead=lead))
    blocks.append(Block("heading", [("t", PART_TWO)]))
    for line in [line.strip() for line in (section_two or "").splitlines()]:
        if line:
            blocks.append(Block("para", [("t", line)]))
    closing_words = {
        "closing_experience": closing.get("experience") or "",
        "closing_highlight": closing.get("highlight") or "",
    }
    blocks.append(Block("closing", parts_of(CLOSING, closing_words)))
    return blocks
