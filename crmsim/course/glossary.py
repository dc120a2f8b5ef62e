# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""The course glossary (术语表): one table of terms, in the seeds' own words.

Every concept of the course digest (A1 – F3) has its terms here, with the
Chinese written as the source texts (seeds ``000`` – ``004``) write it — for
example 琼斯和赛塞, not 琼斯与萨塞. The four 潜在 terms are kept apart on
purpose, because students (and translators) run them together:

- 潜在客户 *prospect* — someone who has not bought yet but may (004, ch. 1);
- 潜在购买者 *potential buyer* — a rung of the loyalty ladder (001);
- 潜在忠诚 *latent loyalty* — high attitude, low repeat behaviour (001);
- 潜在期望 *latent expectation* — what the customer hopes for beyond the
  basic expectation (000 §2.3).

``python -m crmsim.course.glossary`` writes ``book/glossary.md`` from this
table (a test checks the file is up to date).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from crmsim.io import write_atomic

__all__ = ["TERMS", "Term", "render_markdown", "terms_for"]


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes
    ----------
    concept : str
        The digest's concept ID (``"A1"`` … ``"F3"``).
    zh : str
        The term as the seed writes it.
    en : str
        The English term used in the English edition.
    source : str
        The seed that has it (``"000"`` … ``"004"``).
    note_zh, note_en : str
        What it means, in one line; for a term that is easily confused, which
        term it is not.
    """

    concept: str
    zh: str
    en: str
    source: str
    note_zh: str = ""
    note_en: str = ""


def _t(concept, zh, en, source, note_zh="", note_en=""):
    return Term(concept, zh, en, source, note_zh, note_en)


TERMS: tuple[Term, ...] = (
    # A. CRM and its core ideas
    _t(
        "A1",
        "客户关系管理",
        "customer relationship management (CRM)",
        "004",
        "以客户为中心的管理理念、技术系统和管理模式",
        "a philosophy, a technical system and a management model centred on the customer",
    ),
    _t("A1", "管理理念", "management philosophy", "004"),
    _t("A1", "技术系统", "technical system", "004"),
    _t("A1", "管理模式", "management model", "004"),
    _t("A1", "以客户为中心", "customer-centred", "004"),
    _t(
        "A1",
        "潜在客户",
        "prospect",
        "004",
        "还没有购买、但今后可能购买的人；不是潜在购买者、潜在忠诚或潜在期望",
        "someone who has not bought yet but may; not a potential buyer, latent loyalty or a latent expectation",
    ),
    _t("A2", "客户满意度", "customer satisfaction", "004"),
    _t("A2", "客户忠诚度", "customer loyalty", "004"),
    _t(
        "A2",
        "开拓新客户",
        "winning new customers",
        "004",
        "与“保持老客户”并提",
        "paired with keeping old customers",
    ),
    _t("A2", "鉴别把握关键客户", "identifying the key customers", "004"),
    _t(
        "A2",
        "二八效应",
        "the 80/20 rule",
        "004",
        "20% 甚至更少的客户带来 80% 的利润",
        "20 % or fewer of the customers bring 80 % of the profit",
    ),
    _t(
        "A3",
        "可感知效果",
        "perceived performance",
        "004",
        "与期望值比较，形成满意或失望",
        "compared with the expectation",
    ),
    _t("A3", "期望值", "expectation", "004"),
    _t(
        "A4",
        "口碑",
        "word of mouth",
        "004",
        "一个满意的客户会引发 8 笔潜在的生意；一个不满意的客户会影响 25 个人的购买意愿",
        "one satisfied customer brings 8 potential deals; one dissatisfied customer affects 25 people",
    ),
    # B. Relationship marketing
    _t("B1", "关系营销", "relationship marketing", "000"),
    _t(
        "B2",
        "双向沟通",
        "two-way communication",
        "000",
        "关系营销的特征：双向沟通、合作、双赢、亲密、控制",
        "a trait: two-way communication, cooperation, win–win, intimacy, control",
    ),
    _t("B2", "双赢", "win–win", "000"),
    _t("B3", "交易营销", "transaction marketing", "000"),
    _t(
        "B4",
        "被动式",
        "reactive (relationship type)",
        "000",
        "科特勒五种企业—客户关系之一",
        "one of Kotler's five relationship types",
    ),
    _t("B4", "负责式", "accountable (relationship type)", "000"),
    _t("B4", "主动式", "proactive (relationship type)", "000"),
    _t("B4", "伙伴式", "partnership (relationship type)", "000"),
    _t("B5", "一级关系营销", "level-1 relationship marketing (financial bonds)", "000"),
    _t("B5", "财务层次", "financial level", "004"),
    _t("B5", "社会层次", "social level", "004"),
    _t("B5", "结构层次", "structural level", "004"),
    _t(
        "B6",
        "顾客让渡价值",
        "customer delivered value",
        "003",
        "顾客总价值 − 顾客总成本（科特勒，1994）",
        "total customer value − total customer cost (Kotler 1994)",
    ),
    _t("B6", "顾客总价值", "total customer value", "003"),
    _t("B6", "顾客总成本", "total customer cost", "003"),
    _t("B7", "客户盈利能力", "customer profitability", "000"),
    _t("B7", "客户保留成本", "retention cost", "000"),
    _t("B7", "客户流失成本", "churn cost", "000"),
    _t("B8", "反叛离", "anti-defection (management)", "003"),
    # C. Lifecycle and value
    _t("C1", "客户生命周期", "customer lifecycle", "000"),
    _t("C1", "考察期", "exploration stage", "000"),
    _t("C1", "形成期", "formation stage", "000"),
    _t("C1", "稳定期", "stability stage", "000"),
    _t("C1", "流失", "churn (the relationship ended)", "000"),
    _t(
        "C2",
        "企业客户群体生命周期",
        "lifecycle of the customer base",
        "000",
        "T = N ÷ M",
        "T = N ÷ M",
    ),
    _t("C3", "客户生命周期利润", "customer lifecycle profit", "000"),
    _t("C3", "基本利润", "basic profit", "000"),
    _t("C3", "成本节约", "cost savings", "000"),
    _t("C3", "推荐价值", "referral value", "000"),
    _t("C3", "获取成本", "acquisition cost", "000"),
    _t("C3", "推荐破坏成本", "referral damage cost", "000"),
    _t("C4", "客户终生价值", "customer lifetime value (CLV)", "000"),
    _t("C4", "企业客户群体终生价值", "lifetime value of the customer base", "000"),
    # D. Satisfaction trap and expectations
    _t(
        "D1",
        "客户满意陷阱",
        "the satisfaction trap",
        "000",
        "高满意度、低忠诚度",
        "high satisfaction, low loyalty",
    ),
    _t("D2", "基本期望", "basic expectation", "000"),
    _t(
        "D2",
        "潜在期望",
        "latent expectation",
        "000",
        "基本期望之外客户希望得到的东西；不是潜在客户或潜在忠诚",
        "what the customer hopes for beyond the basic expectation; not a prospect or latent loyalty",
    ),
    _t("D3", "常客奖励计划", "frequent-customer rewards", "000"),
    _t("D3", "感情联络计划", "emotional-contact programme", "000"),
    _t("D3", "特别对待计划", "special-treatment programme", "000"),
    _t("D3", "共同体计划", "community programme", "000"),
    _t("D4", "顾客期望", "customer expectations (managing them)", "002"),
    # E. Loyalty
    _t("E1", "客户忠诚", "customer loyalty", "001"),
    _t("E2", "重复购买者", "repeat buyer", "001"),
    _t("E3", "客户忠诚度金字塔", "loyalty ladder (pyramid)", "001"),
    _t("E3", "可能的客户", "possible customer", "001"),
    _t("E3", "持观望态度的购买者", "wait-and-see buyer", "001"),
    _t(
        "E3",
        "潜在购买者",
        "potential buyer",
        "001",
        "忠诚度金字塔的一级；不是潜在客户或潜在忠诚",
        "a rung of the loyalty ladder; not a prospect or latent loyalty",
    ),
    _t("E3", "一次性购买者", "one-time buyer", "001"),
    _t("E3", "跟随者", "follower", "001"),
    _t("E3", "拥护者", "advocate", "001"),
    _t("E3", "合伙人", "partner", "001"),
    _t(
        "E4",
        "依恋",
        "attachment",
        "001",
        "喜好程度 × 差异化程度",
        "preference × product differentiation",
    ),
    _t("E4", "喜好程度", "preference", "001"),
    _t("E4", "差异化程度", "differentiation", "001"),
    _t("E5", "态度忠诚", "attitudinal loyalty", "001"),
    _t("E5", "行为忠诚", "behavioural loyalty", "001"),
    _t("E5", "绝对忠诚", "absolute loyalty", "001"),
    _t(
        "E5",
        "潜在忠诚",
        "latent loyalty",
        "001",
        "态度忠诚高、行为忠诚低；不是潜在客户或潜在期望",
        "high attitudinal, low behavioural loyalty; not a prospect or a latent expectation",
    ),
    _t("E5", "惯性忠诚", "inertia loyalty", "001"),
    _t("E5", "非忠诚", "no loyalty", "001"),
    _t("E6", "钱包份额", "share of wallet", "001"),
    _t("E6", "客户保持率", "retention rate", "001"),
    _t("E6", "客户流失率", "churn rate", "001"),
    _t("E7", "转换成本", "switching cost", "001"),
    _t(
        "E8",
        "琼斯和赛塞",
        "Jones and Sasser",
        "001",
        "客户满意与重购意愿的关系（不写作“琼斯与萨塞”）",
        "satisfaction against repurchase intent",
    ),
    _t("E9", "客户保持", "customer retention", "001"),
    _t("E10", "史密斯女士", "Ms Smith (the case)", "001"),
    _t("E11", "忠诚计划", "loyalty programme", "001"),
    _t("E11", "积分计划联盟", "coalition points programme", "001"),
    _t("E11", "联名卡", "co-branded card", "001"),
    _t("E11", "会员俱乐部", "membership club", "001"),
    # F. Customer knowledge and the 10C
    _t("F1", "客户智能", "customer intelligence", "000"),
    _t("F1", "对话性客户知识", "dialogue customer knowledge", "000"),
    _t("F1", "观察性客户知识", "observational customer knowledge", "000"),
    _t("F1", "预测性客户知识", "predictive customer knowledge", "000"),
    _t(
        "F2",
        "客户档案",
        "customer profile",
        "001",
        "客户资料的记录（种子 002 的 10C 表把 Customer Profile 写成“顾客定制”，易与定制化混淆）",
        "the record of a customer (seed 002's 10C list labels it 顾客定制, easily confused with customisation)",
    ),
    _t("F2", "顾客区隔", "customer segmentation", "002"),
    _t(
        "F2",
        "定制化",
        "customisation",
        "002",
        "批量营销 → 分区隔营销 → 一对一营销",
        "mass → segment → one-to-one",
    ),
    _t("F2", "交叉销售", "cross-selling", "002"),
    _t("F2", "高级销售", "up-selling", "002"),
    _t("F3", "留住老客户", "keeping old customers", "002"),
    _t("F3", "吸引新客户", "winning new customers", "002"),
)

CONCEPT_GROUPS = {
    "A": ("客户关系管理及其核心理念", "CRM and its core ideas"),
    "B": ("关系营销", "Relationship marketing"),
    "C": ("客户生命周期及其价值", "The customer lifecycle and its value"),
    "D": ("客户满意陷阱与期望", "The satisfaction trap and expectations"),
    "E": ("客户忠诚", "Customer loyalty"),
    "F": ("客户智能、客户知识与 10C", "Customer intelligence, knowledge and the 10C"),
}


def terms_for(concept: str) -> list[Term]:
    """The glossary terms of one concept ID, in table order."""
    return [t for t in TERMS if t.concept == concept]


def render_markdown() -> str:
    """The glossary page (``book/glossary.md``): one bilingual table per group."""
    lines = [
        "---",
        "title: 术语表 Glossary",
        "---",
        "",
        "<!-- Written by `python -m crmsim.course.glossary` from crmsim/course/glossary.py; "
        "edit that table, not this file. -->",
        "",
        "本术语表按课程概念（A1 – F3）列出中文术语（按原始教材的写法）和英文版使用的译名。"
        "四个“潜在”术语含义不同，请勿混用：**潜在客户**（prospect）、**潜在购买者**（potential buyer）、"
        "**潜在忠诚**（latent loyalty）、**潜在期望**（latent expectation）。",
        "",
        "The course's terms by concept (A1 – F3), in Chinese as the source texts write them and in the "
        "English used by the English edition. The four 潜在 terms mean different things: "
        "prospect, potential buyer, latent loyalty, latent expectation.",
        "",
    ]
    for group, (zh, en) in CONCEPT_GROUPS.items():
        lines += [
            f"## {group}. {zh} · {en}",
            "",
            "| 概念 | 中文 | English | 说明 / note | 来源 |",
            "|---|---|---|---|---|",
        ]
        for t in TERMS:
            if t.concept.startswith(group):
                note = " / ".join(n for n in (t.note_zh, t.note_en) if n)
                lines.append(f"| {t.concept} | {t.zh} | {t.en} | {note} | {t.source} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write the glossary page; the one argument is the output path."""
    argv = sys.argv[1:] if argv is None else argv
    out = (
        Path(argv[0])
        if argv
        else Path(__file__).resolve().parents[2] / "book" / "glossary.md"
    )
    write_atomic(out, render_markdown())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
