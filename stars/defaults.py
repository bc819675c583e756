"""The default branch standard "五新八有十星": ten criteria in two groups, for the demo and for a
township that has not written its own. Offices edit, import and export it (register ``star_criteria``);
a year's standard is copied from the year before with one action."""

from stars.choices import Check

DEFAULT_STANDARD = [
    {
        "group": "五新",
        "name": "班子建设新",
        "requirement": "支部班子结构合理、团结有力；“三会一课”、主题党日等组织生活按时规范开展",
        "evidence_expected": "会议记录、活动照片",
        "evidence_required": True,
        "auto_check": "",
    },
    {
        "group": "五新",
        "name": "网格治理新",
        "requirement": "按“党建＋网格”要求，每个网格建有网格党小组，网格长由村党支部书记担任",
        "evidence_expected": "网格划分及网格党小组名单（系统自动核验）",
        "evidence_required": False,
        "auto_check": Check.GRID_GROUPS,
    },
    {
        "group": "五新",
        "name": "服务群众新",
        "requirement": "落实镇村干部包联制度，全年至少10个月完成入户走访任务",
        "evidence_expected": "入户走访记录（系统自动核验）",
        "evidence_required": False,
        "auto_check": Check.VISIT_QUOTA,
    },
    {
        "group": "五新",
        "name": "产业发展新",
        "requirement": "村集体经济收入较上年有增长，有稳定的增收项目",
        "evidence_expected": "集体经济收支台账、项目资料",
        "evidence_required": True,
        "auto_check": "",
    },
    {
        "group": "五新",
        "name": "村容村貌新",
        "requirement": "人居环境整治有成效，村容整洁、秩序良好",
        "evidence_expected": "整治前后对比照片",
        "evidence_required": True,
        "auto_check": "",
    },
    {
        "group": "八有",
        "name": "有规范阵地",
        "requirement": "党群服务中心功能完善、标识规范、定期开放",
        "evidence_expected": "党群服务中心照片、开放记录",
        "evidence_required": True,
        "auto_check": "",
    },
    {
        "group": "八有",
        "name": "有积分管理",
        "requirement": "党员积分管理分层量化，积分月榜每月公示",
        "evidence_expected": "积分月榜公示（系统自动核验）",
        "evidence_required": False,
        "auto_check": Check.POINTS_PUBLISHED,
    },
    {
        "group": "八有",
        "name": "有整改台账",
        "requirement": "问题整改台账完整，年底没有逾期未整改的问题",
        "evidence_expected": "问题整改台账（系统自动核验）",
        "evidence_required": False,
        "auto_check": Check.NO_OVERDUE,
    },
    {
        "group": "八有",
        "name": "有平安稳定",
        "requirement": "风险隐患村情台账健全，年底为绿色或黄色村，未发生重大安全事故和群体性事件",
        "evidence_expected": "风险隐患台账、三色管理研判记录（系统自动核验）",
        "evidence_required": False,
        "auto_check": Check.COLOUR,
    },
    {
        "group": "八有",
        "name": "有村规民约",
        "requirement": "村规民约经村民会议通过，公开张贴并执行",
        "evidence_expected": "村规民约文本及村民会议记录",
        "evidence_required": True,
        "auto_check": "",
    },
]
