"""Every user-visible label of crmsim, in English and Chinese: one table.

Plots, dashboards, the network app and command-line tables take their words
from here, so that a legend never shows a code name (``mean_satisfaction``)
and a Chinese screen never shows an English control.

Keys are plain strings (``"week"``, ``"pin"``, ``"stage.formation"``); the
members of :class:`~crmsim.model.rules.Stage` and
:class:`~crmsim.model.rules.LoyaltyType` are accepted for their names,
the column names of the result tables (see :func:`column_label`) and the
rungs of the loyalty ladder (:func:`ladder_label`).

Examples
--------
>>> from crmsim.model.rules import Stage
>>> label(Stage.FORMATION, "zh")
'形成期'
>>> column_label("mean_satisfaction", "en")
'mean satisfaction'
>>> format_years(2105.2, "en")
'> 100 years'
"""

from __future__ import annotations

import math

from crmsim.errors import CRMSimError
from crmsim.model.rules import LADDER_RUNGS, LoyaltyType, Stage

__all__ = [
    "LABELS",
    "LADDER_RUNGS_ZH",
    "LANGUAGES",
    "check_language",
    "column_label",
    "format_years",
    "get_language",
    "label",
    "ladder_label",
    "set_language",
    "stage_label",
]

LANGUAGES = ("en", "zh")
_language = "en"

# --- the course's terms (seed texts 000, 001, 004) -----------------------------

_STAGES = {
    Stage.PROSPECT: ("prospect", "潜在客户"),
    Stage.EXPLORATION: ("exploration", "考察期"),
    Stage.FORMATION: ("formation", "形成期"),
    Stage.STABILITY: ("stability", "稳定期"),
    Stage.DECLINE: ("decline", "退化期"),
    Stage.CHURNED: ("churned", "流失"),
}

_LOYALTY = {
    LoyaltyType.NONE: ("no loyalty", "非忠诚"),
    LoyaltyType.INERTIA: ("inertia loyalty", "惯性忠诚"),
    LoyaltyType.LATENT: ("latent loyalty", "潜在忠诚"),
    LoyaltyType.ABSOLUTE: ("absolute loyalty", "绝对忠诚"),
}

LADDER_RUNGS_ZH = (
    "可能的客户",
    "持观望态度的购买者",
    "潜在购买者",
    "一次性购买者",
    "重复购买者",
    "跟随者",
    "拥护者",
    "合伙人",
)
"""Chinese names of :data:`crmsim.model.rules.LADDER_RUNGS`.

Seed 001, 客户忠诚度金字塔.
"""

_RELATIONSHIP_TYPES = {
    # Kotler's five relationship types (B4), by RelationshipType member name
    "relationship.BASIC": ("basic", "基本型"),
    "relationship.REACTIVE": ("reactive", "被动式"),
    "relationship.ACCOUNTABLE": ("accountable", "负责式"),
    "relationship.PROACTIVE": ("proactive", "主动式"),
    "relationship.PARTNERSHIP": ("partnership", "伙伴式"),
    # attachment (E4), by Attachment member name
    "attachment.NONE": ("no attachment", "无依恋"),
    "attachment.LOW": ("low attachment", "低依恋"),
    "attachment.HIGH": ("high attachment", "一般依恋"),  # seed 001 grid: 一般
    "attachment.STRONG": ("strong attachment", "强烈依恋"),
}

# --- columns of the result tables (legends, CSV headers shown to people) -------

_COLUMNS = {
    "week": ("week", "周"),
    "customers": ("active customers", "活跃客户"),
    "new": ("new customers", "新客户"),
    "new_marketing": ("won by marketing", "营销获得"),
    "new_referral": ("won by referral", "推荐获得"),
    "churned_week": ("churned this week", "本周流失"),
    "won_by_rivals": ("prospects won by rivals", "被竞争者赢走的潜在客户"),
    "revenue": ("revenue", "收入"),
    "list_revenue": ("revenue at list price", "按标价计的收入"),
    "discounts": ("price discounts", "价格优惠"),
    "cogs": ("cost of goods", "商品成本"),
    "service_cost": ("cost to serve", "服务成本"),
    "base_service_cost": ("cost to serve a new customer", "新客户服务成本"),
    "contact_cost": ("contact cost", "联系成本"),
    "structural_cost": ("structural bond cost", "结构纽带成本"),
    "acquisition_cost": ("acquisition cost", "获取成本"),
    "referral_value": ("referral value", "推荐价值"),
    "referral_damage": ("referral damage", "推荐破坏成本"),
    "profit": ("profit", "利润"),
    "mean_satisfaction": ("mean satisfaction", "平均满意度"),
    "basic_profit": ("basic profit", "基本利润"),
    "cost_savings": ("cost savings", "成本节约"),
    "lifecycle_profit": ("lifecycle profit", "生命周期利润"),
    "cash_profit": ("cash profit", "现金利润"),
    "satisfaction": ("satisfaction", "满意度"),
    "attitude": ("attitude", "态度"),
    "behaviour": ("behaviour", "行为"),
    "purchases": ("purchases", "购买次数"),
    "tenure_weeks": ("tenure (weeks)", "客户关系时长（周）"),
    "realised_value": ("realised value", "实现价值"),
    "cumulative_profit": ("cumulative profit", "累计利润"),
}

# --- plot titles and axes -------------------------------------------------------

_PLOTS = {
    "week": ("Week", "周"),
    "people": ("People", "人数"),
    "money": ("Money per week", "每周金额"),
    "stages_title": ("Customers by stage", "各阶段客户人数"),
    "profit_title": ("Revenue and profit", "收入与利润"),
    "revenue": ("revenue", "收入"),
    "profit": ("profit", "利润"),
    "cumulative_profit": ("cumulative profit", "累计利润"),
    "cumulative_axis": ("Cumulative profit", "累计利润"),
    "retention_title": (
        "Yearly retention by satisfaction (Jones & Sasser)",
        "各满意度水平的年保持率（琼斯和赛塞）",
    ),
    "satisfaction_level": ("Satisfaction level", "满意度水平"),
    "yearly_retention": ("Yearly retention", "年保持率"),
    "lifecycle_title": ("Lifecycle profit per customer", "每位客户的生命周期利润"),
    "lifecycle_profit": ("lifecycle profit", "生命周期利润"),
    "per_customer": ("Money per customer", "每位客户金额"),
    "level1": ("1 completely dissatisfied", "1 完全不满意"),
    "level2": ("2 dissatisfied", "2 不满意"),
    "level3": ("3 neutral", "3 一般"),
    "level4": ("4 satisfied", "4 满意"),
    "level5": ("5 completely satisfied", "5 完全满意"),
    "year": ("Year", "年"),
    "yearly_retention_title": ("Yearly retention", "各年客户保持率"),
    "whole_run": ("whole run", "全程"),
    "loyalty_mix_title": ("Loyalty of active customers", "活跃客户的忠诚类型"),
    "share_of_active": ("Share of active customers", "占活跃客户的比例"),
    "network_title": ("Customer network", "客户网络"),
    "period": ("Period", "期"),
    "clv_title": ("Customer lifetime value", "客户终生价值"),
    "discounted_margin": ("Expected discounted margin", "期望贴现毛利"),
    "cumulative_clv": (
        "Cumulative value (after acquisition cost)",
        "累计价值（扣除获取成本）",
    ),
    "closed_form": ("Closed form, infinite horizon", "公式解（无限期）"),
    "smith_title": (
        "What one unhappy customer costs (Smith case)",
        "一位不满顾客的损失（史密斯女士案例）",
    ),
    "direct_loss": ("Her own sales", "她本人的销售额"),
    "indirect_loss": ("Sales of those who follow her", "受影响顾客的销售额"),
    "total_loss": ("Total loss", "总损失"),
    "people_told_n": ("Tells {n:g} people", "告诉 {n:g} 人"),
    "js_title": (
        "Satisfaction and loyalty (Jones & Sasser)",
        "满意度与忠诚度（琼斯和赛塞）",
    ),
    "loyalty_retention": ("Loyalty (retention)", "忠诚度（保持率）"),
    "high_competition": ("Highly competitive market", "高度竞争市场"),
    "low_competition": ("Low-competition market", "低竞争市场"),
    "custom_curve": ("Your curve", "自定义曲线"),
    "pinned": ("pinned", "固定"),
}

# --- controls, buttons and headline figures (dashboards and the app) ------------

_CONTROLS = {
    "relationship_level": ("Relationship level", "关系营销层次"),
    "competition_intensity": ("Competition", "竞争强度"),
    "switching_cost": ("Switching cost", "转换成本"),
    "service_quality": ("Service quality", "服务质量"),
    "expectation_level": ("Expectation set", "顾客期望水平"),
    "word_of_mouth": ("Word of mouth ×", "口碑强度 ×"),
    "loyalty_tier": ("Loyalty programme", "忠诚计划"),
    "advocacy_chance": ("Advocacy chance per week", "每周推荐概率"),
    "wom_negative_reach": ("People a leaver tells", "流失者影响人数"),
    "wom_second_hand_reach": ("People each hearer tells", "受影响者再转告人数"),
    "n_customers": ("People in the market", "市场人数"),
    "mean_degree": ("Contacts per person", "每人联系人数"),
    "render_interval": ("Weeks per frame", "每帧周数"),
    "play_interval": ("Pause between frames (ms)", "帧间隔（毫秒）"),
    "seed": ("Seed", "随机种子"),
    "level0": ("0 transactional", "0 交易型"),
    "level1_name": ("1 financial", "1 财务层次"),
    "level2_name": ("2 social", "2 社会层次"),  # seed 004: 社会层次
    "level3_name": ("3 structural", "3 结构层次"),
    "tier0": ("none", "无"),
    "tier1": ("1 points", "1 积分"),
    "tier2": ("2 + service", "2 + 专属服务"),
    "tier3": ("3 + partnership", "3 + 伙伴关系"),
    "pin": ("Pin this run", "固定本次运行"),
    "clear_pins": ("Clear pins", "清除固定"),
    "download_png": ("Figure (PNG)", "下载图表 (PNG)"),
    "download_csv": ("Weekly table (CSV)", "下载周数据 (CSV)"),
    "download_pins": ("Pinned runs (CSV)", "下载固定运行 (CSV)"),
    "reset": ("Reset", "重置"),
    "step": ("Step", "单步"),
    "play": ("Play", "播放"),
    "pause": ("Pause", "暂停"),
    "busy": ("Running…", "正在运行…"),
    "run_label": ("run", "运行"),
    "current_run": ("current", "当前"),
    "retention": ("Yearly retention", "年保持率"),
    "active": ("Active at the end", "期末活跃客户"),
    "active_now": ("Active customers", "活跃客户"),
    "churned_so_far": ("Churned so far", "累计流失"),
    "profit_total": ("Cumulative profit", "累计利润"),
    "lifecycle": ("Base lifecycle T = N/M", "客户群生命周期 T = N/M"),
    "ltv": ("Realised lifetime value", "实现的客户终生价值"),
    "week_n": ("Week {n}", "第 {n} 周"),
    "week_of": ("Week {n} of {total}", "第 {n} 周 / 共 {total} 周"),
    "finished": ("run finished", "运行结束"),
    "years_value": ("{x:.1f} years", "{x:.1f} 年"),
    "years_over": ("> {x:g} years", "> {x:g} 年"),
    "margin": ("Margin per period", "每期利润"),
    "acquisition_cost": ("Acquisition cost", "获取成本"),
    "retention_rate": ("Retention rate", "保持率"),
    "discount_rate": ("Discount rate", "贴现率"),
    "periods": ("Periods", "期数"),
    "growth": ("Margin growth", "利润增长率"),
    "clv_closed": ("CLV, closed form m·r/(1+i−r) − AC", "CLV 公式解 m·r/(1+i−r) − AC"),
    "clv_finite": ("CLV over the periods shown", "所示期数内的 CLV"),
    "multiple": ("Margin multiple r/(1+i−r)", "利润乘数 r/(1+i−r)"),
    "people_told": ("People she tells", "告诉的人数"),
    "weekly_spend": ("Her spend per week", "每周消费"),
    "years": ("Years she would stay", "本可维持的年数"),
    "influenced_share": ("Share influenced", "受影响比例"),
    "further_influenced_each": ("Each influences", "每人再影响"),
    "stop_share": ("Share who stop buying", "不再消费比例"),
    "count_first_round": ("Count the first round", "计入第一轮受影响者"),
    "step_column": ("Step", "步骤"),
    "floor": ("Loyalty at level 1", "满意度为 1 时的忠诚度"),
    "ceiling": ("Loyalty at level 5", "满意度为 5 时的忠诚度"),
    "exponent": ("Curvature", "曲率"),
    "show_presets": ("Show the two markets", "显示两种市场"),
    "level": ("Satisfaction level", "满意度水平"),
    "error": ("Cannot compute", "无法计算"),
    "app_title": ("crmsim: customer lifecycle", "crmsim：客户生命周期"),
    "tab_lifecycle": ("Lifecycle", "生命周期"),
    "tab_clv": ("CLV", "客户终生价值"),
    "tab_smith": ("Smith case", "史密斯女士案例"),
    "tab_js": ("Jones & Sasser", "琼斯和赛塞"),
}

# --- chapter 02, relationship marketing (figures of notebooks/src/02_*) ---------

_CH02 = {
    "ch02.run_title": ("{name} (seed {seed})", "{name}（种子 {seed}）"),
    "ch02.lifetime": ("Expected lifetime (weeks)", "预期关系时长（周）"),
    "ch02.bond_cost": (
        "Bond cost per customer-year (yuan)",
        "每客户每年的关系投入（元）",
    ),
    "ch02.profit_person_year": ("Profit per person-year (yuan)", "每人每年利润（元）"),
    "ch02.levels_title": (
        "Four firms, {n} seeds each (bar: mean; dots: seeds)",
        "四家企业，各 {n} 个随机种子（柱：均值；点：各种子）",
    ),
    "ch02.claims_axis": (
        "Difference in profit per person-year (yuan)",
        "每人每年利润之差（元）",
    ),
    "ch02.claims_title": (
        "Conditional claims, both sides (dots: seeds; line: 95 % interval)",
        "有条件的论断，两种情形（点：各种子；线：95% 置信区间）",
    ),
    "ch02.claim.B4-partnership": (
        "few customers, high margin: L3 − L0",
        "客户少、边际利润高：三级 − 交易型",
    ),
    "ch02.claim.B4-basic": (
        "many customers, low margin: L3 − L0",
        "客户多、边际利润低：三级 − 交易型",
    ),
    "ch02.claim.B5-financial-pays-unmatched": (
        "rivals cannot copy: L1 − L0",
        "竞争者无法跟进：一级 − 交易型",
    ),
    "ch02.claim.B5-financial-loses-matched": (
        "rivals copy at once: L1 − L0",
        "竞争者立即跟进：一级 − 交易型",
    ),
    "ch02.claim.B5-structural-pays-contested": (
        "contested market: L3 − L0",
        "竞争激烈：三级 − 交易型",
    ),
    "ch02.claim.B5-structural-wasted-uncontested": (
        "quiet market: L3 − L0",
        "竞争很弱：三级 − 交易型",
    ),
    "ch02.profit_title": ("Profit by week, {name}", "每周利润：{name}"),
}

# --- chapter 10, the claims register (notebooks/src/10_*) -------------------------
# The English of each "ch10.claim.*" entry is the register's own text
# (crmsim/claims/register.py); the notebook shows the Chinese only while the
# two match, so a changed note is never shown under a stale translation.

# the measure both sides of A4's cost claim share
_A4_COST_RATIO = (
    "bond spending per customer-year / acquisition cost per customer",
    "每客户每年的关系投入 ÷ 获取一个客户的成本",
)
_CH10 = {
    "ch10.arm.default": ("default", "默认市场"),
    "ch10.arm.social": ("social", "社会层次"),
    "ch10.arm.social, courting": ("social, courting", "社会层次，营销联络每个潜在客户"),
    "ch10.arm.financial": ("financial", "财务层次"),
    "ch10.arm.transactional": ("transactional", "交易营销"),
    **{
        f"ch10.arm.expectation {e}{firm}": (
            f"expectation {e}{firm}",
            f"期望水平 {e}{zh}",
        )
        for e in ("0.35", "0.45", "0.55", "0.65", "0.75")
        for firm, zh in (("", ""), (", delighting firm", "，能带来惊喜的企业"))
    },
    **{
        f"ch10.arm.level {k}, {n} customers, {b} basket": (
            f"level {k}, {n} customers, {b} basket",
            f"{zh}，客户{nz}，每篮{bz}",
        )
        for k, zh in ((0, "交易型"), (3, "三级"))
        for n, nz, b, bz in (
            ("2x", "加倍", "1/2", "减半"),
            ("1/2", "减半", "2x", "加倍"),
        )
    },
    **{
        f"ch10.arm.quality {q}": (f"quality {q}", f"服务质量 {q}")
        for q in ("0.60", "0.70", "0.85", "0.95")
    },
    "ch10.claim.D2-latent-steeper.measure": (
        "gain in the absolutely loyal share 0.85->0.95 minus gain 0.60->0.70",
        "绝对忠诚客户比例的提升：质量 0.85→0.95 减去 0.60→0.70",
    ),
    "ch10.claim.D2-retention-in-band.measure": (
        "retention gain 0.85->0.95 minus gain 0.60->0.70",
        "保持率的提升：质量 0.85→0.95 减去 0.60→0.70",
    ),
    "ch10.claim.D2-retention-in-band.condition": (
        "rivals' offers worth 0.62 on average (default), inside the band",
        "竞争者报价的平均价值为 0.62（默认），位于期望带内",
    ),
    "ch10.arm.no complaints heard": ("no complaints heard", "抱怨无人听到"),
    "ch10.arm.complaints heard": ("complaints heard", "抱怨被听到"),
    "ch10.arm.complainers x lifetime": (
        "complainers x lifetime",
        "抱怨者人数 × 生命周期",
    ),
    "ch10.claim.A2-pareto.measure": (
        "share of customers bringing 80 % of cash profit",
        "带来 80% 现金利润的客户所占比例",
    ),
    "ch10.claim.A4-complaints.measure": (
        "people reached per complaining leaver",
        "每个抱怨的流失客户影响的人数",
    ),
    "ch10.claim.B4-count.measure": (
        "(L3 - L0 profit a year per 100 of weekly demand) with 1/2 customers - with "
        "2x (the market's volume, people x basket, held fixed; bonds cost the same "
        "per customer whatever it buys)",
        "（每 100 元周需求每年的利润：三级 − 交易型）客户减半时 − 客户加倍时"
        "（市场容量即人数 × 每篮金额不变；关系投入按客户计，与客户买多少无关）",
    ),
    "ch10.claim.E10-smith-chain.measure": (
        "customer-years lost to complaints / complainers' own lifetimes",
        "抱怨造成的客户年损失 ÷ 抱怨者本人的生命周期（客户年）",
    ),
    "ch10.claim.E10-first-hand-only.measure": (
        "customer-years lost to complaints / complainers' own lifetimes",
        "抱怨造成的客户年损失 ÷ 抱怨者本人的生命周期（客户年）",
    ),
    "ch10.claim.E10-smith-chain.condition": (
        "the Smith chain: a leaver tells 15 people (10-20), each one influenced "
        "tells 5 more",
        "史密斯女士的链条：流失者告诉 15 人（10 至 20 人），每个受影响的人再告诉 5 人",
    ),
    "ch10.claim.E10-first-hand-only.condition": (
        "the default market: 25 people reached first hand (seed 004), nobody "
        "passes it on",
        "默认市场：直接影响 25 人（伍京华《客户关系管理》第二章），没有人再转告",
    ),
    "ch10.claim.C3-six-parts.measure": (
        "largest |six parts - lifecycle profit| over customers (money)",
        "各客户 |六项之和 − 生命周期利润| 的最大值（元）",
    ),
    "ch10.claim.A4-retention-cheaper.measure": _A4_COST_RATIO,
    "ch10.claim.A4-retention-cheaper.condition": (
        "marketing courts every prospect with a contact a week, costing what a bond "
        "contact costs (5); about 1 in 100 is won a week",
        "营销每周联络每一个潜在客户一次，每次的费用与关系营销的一次联络相同（5 元）；"
        "每周约百分之一被争取过来",
    ),
    "ch10.claim.A4-retention-dearer-flat-fee.measure": _A4_COST_RATIO,
    "ch10.claim.A4-retention-dearer-flat-fee.condition": (
        "the default market: marketing pays 60 per customer won and nothing for the "
        "prospects it courts in vain",
        "默认市场：营销每争取到一个客户付 60 元，争取不到的潜在客户不花钱",
    ),
    "ch10.claim.B5-financial-pays-unmatched.measure": (
        "profit per person-year, level 1 - level 0",
        "每人每年利润：财务层次 − 交易营销（元）",
    ),
    "ch10.claim.B5-financial-pays-unmatched.condition": (
        "high competition, competitors do not match the discount",
        "竞争激烈，竞争者不跟进折扣",
    ),
    "ch10.claim.B5-financial-loses-matched.measure": (
        "profit per person-year, level 1 - level 0",
        "每人每年利润：财务层次 − 交易营销（元）",
    ),
    "ch10.claim.B5-financial-loses-matched.condition": (
        "default market, competitors match the whole discount",
        "默认市场，竞争者完全跟进折扣",
    ),
    "ch10.claim.D4-middle-expectation.measure": (
        "best inner profit - better end profit (0.35 / 0.75), per person-year",
        "中间期望水平的最高利润 − 两端（0.35 / 0.75）中较高者，每人每年（元）",
    ),
    "ch10.claim.D4-middle-expectation.condition": (
        "service quality 0.85 (above the latent expectation at a middle promise); "
        "customers also leave for reasons of their own (0.6 % a week); the promise "
        "moves buyers strongly (promise effect 3)",
        "服务质量 0.85（承诺适中时高于潜在期望）；客户也会因自身原因离开"
        "（每周 0.6%）；承诺对购买者的吸引力强（承诺效应 3）",
    ),
    "ch10.claim.D4-low-promise-pays.measure": (
        "profit at the lowest promise (0.35) - best other profit, per person-year",
        "最低承诺（0.35）的利润 − 其余承诺水平中的最高利润，每人每年（元）",
    ),
    "ch10.claim.D4-low-promise-pays.condition": (
        "the default market: service quality 0.65, nobody leaves without a reason, "
        "promise effect 1",
        "默认市场：服务质量 0.65，客户不会无缘无故离开，承诺效应 1",
    ),
}

# --- chapter 11, competition between firms (notebooks/src/11_*) -------------------

_CH11 = {
    "ch11.firm.a": ("firm A", "甲企业"),
    "ch11.firm.b": ("firm B", "乙企业"),
    "ch11.firm.c": ("firm C", "丙企业"),
    "ch11.firm.partner": (
        "firm C: better service, structural bonds",
        "丙企业：服务更好，结构纽带",
    ),
    "ch11.firm.discounter": ("discounter", "折扣型企业"),
    "ch11.firm.builder": ("relationship builder", "关系建设型企业"),
    "ch11.axis.share": ("market share (%)", "市场份额（%）"),
    "ch11.axis.week": ("week", "周"),
    "ch11.equal_share": ("equal split", "平分"),
    "ch11.title.symmetric": (
        "Three equal firms: share at week {weeks} ({n} seeds)",
        "三家相同的企业：第 {weeks} 周的市场份额（{n} 个种子）",
    ),
    "ch11.title.partner": (
        "One firm with better service and structural bonds ({n} seeds)",
        "一家企业服务更好、采用结构纽带（{n} 个种子）",
    ),
    "ch11.title.midrun": (
        "Firm C starts structural bonds in week {w} ({n} seeds)",
        "丙企业从第 {w} 周起采用结构纽带（{n} 个种子）",
    ),
    "ch11.midrun.start": ("C starts structural bonds", "丙企业开始采用结构纽带"),
}

# loyalty types also by the names the customer table uses ("latent")
_LOYALTY_NAMES = {t.name.lower(): _LOYALTY[t] for t in LoyaltyType}

# --- what a claim's scenarios measure (crmsim claims figures, Chinese) -----------
# The English is the measure's own description (crmsim/claims/measures.py); a
# ``{name}`` is filled with the value of the measure's parameter of that name.
MEASURE_ZH = {
    "measure.profit_per_person_year": "预热期后企业每年的现金利润，按市场中每人计",
    "measure.profit_per_demand_year": (
        "企业每年的现金利润，按市场每周需求每 100 元计（B4）"
    ),
    "measure.yearly_retention": "预热期后按每周数据计算的年客户保持率",
    "measure.retention_at_levels": (
        "各满意度水平合并的年客户保持率（整个运行期，E7/E8）"
    ),
    "measure.loyalty_share": "期末活跃客户中{kind}的比例（D2、E5）",
    "measure.marketing_conversion": (
        "营销每个潜在客户·年赢得的客户数（D4：承诺带来的购买者）"
    ),
    "measure.inertia_share": "期末活跃客户中惯性忠诚的比例（E5）：好感低、购买多",
    "measure.mean_attitude": "期末活跃客户的平均态度（喜好与信任，0–1）",
}

# Stage and LoyaltyType are IntEnums (Stage.FORMATION == LoyaltyType.LATENT == 2),
# so the table keys them by name; label() accepts the members themselves.
LABELS: dict = {
    **{f"stage.{s.name.lower()}": v for s, v in _STAGES.items()},
    **{f"loyalty.{t.name.lower()}": v for t, v in _LOYALTY.items()},
    **_LOYALTY_NAMES,
    **_RELATIONSHIP_TYPES,
    **{f"column.{k}": v for k, v in _COLUMNS.items()},
    **_PLOTS,
    **_CONTROLS,
    **_CH02,
    **_CH10,
    **_CH11,
}
"""Every label: key → (English, Chinese)."""


def set_language(lang: str) -> None:
    """Set the label language for the whole package: ``"en"`` or ``"zh"``."""
    global _language
    _language = check_language(lang)


def get_language() -> str:
    """The package's current label language."""
    return _language


def check_language(lang: str | None) -> str:
    """``lang``, or the package setting when ``None``; refuse anything else.

    Raises
    ------
    CRMSimError
        When ``lang`` is not one of :data:`LANGUAGES`.
    """
    lang = _language if lang is None else lang
    if lang not in LANGUAGES:
        raise CRMSimError(f"lang={lang!r} is invalid: allowed {', '.join(LANGUAGES)}")
    return lang


def label(key, lang: str | None = None) -> str:
    """The label for ``key`` in ``lang`` (default: the package setting).

    Raises
    ------
    KeyError
        When ``key`` has no label (a programming error, not user input).
    """
    if isinstance(key, Stage):
        key = f"stage.{key.name.lower()}"
    elif isinstance(key, LoyaltyType):
        key = f"loyalty.{key.name.lower()}"
    en, zh = LABELS[key]
    return zh if check_language(lang) == "zh" else en


def stage_label(stage, lang: str | None = None) -> str:
    """The name of a lifecycle stage (a :class:`Stage` or its integer code)."""
    return label(Stage(int(stage)), lang)


def ladder_label(rung: int, lang: str | None = None) -> str:
    """The name of rung ``rung`` (0 = bottom) of the loyalty ladder (E3)."""
    names = LADDER_RUNGS_ZH if check_language(lang) == "zh" else LADDER_RUNGS
    return names[int(rung)]


def column_label(column: str, lang: str | None = None) -> str:
    """The label of a result-table column (a stage, a loyalty type, money, ...).

    Stage columns (``"formation"``) and loyalty types (``"latent"``) take the
    course's names; every other column its entry in the table of columns.
    """
    stage = Stage.__members__.get(column.upper())
    if stage is not None:
        return label(stage, lang)
    if column in _LOYALTY_NAMES:
        return label(column, lang)
    return label(f"column.{column}", lang)


def format_years(years: float, lang: str | None = None, cap: float = 100.0) -> str:
    """A duration in years that stays readable: ``"> 100 years"`` above ``cap``.

    ``T = N/M`` grows without bound as churn goes to zero; past ``cap`` (or
    when it is infinite or undefined) the exact figure means nothing in class.
    """
    if years is None or not math.isfinite(years) or years > cap:
        return label("years_over", lang).format(x=cap)
    return label("years_value", lang).format(x=years)
