"""Every word the game shows, in English and Chinese, and its bilingual errors.

The game's pages, its JSON answers and its refusals take their words from
:data:`TEXT`, so a Chinese page never shows an English sentence. Stage,
loyalty and money-column names are not repeated here: they come from
:mod:`crmsim.presentation.labels`, the package's one table of the course's
terms.

Examples
--------
>>> t("round_n", "zh", n=3)
'第 3 轮'
>>> refuse("round_busy", n=2).message("zh")
'第 2 轮正在运行：请等待完成'
"""

from __future__ import annotations

from typing import Any

from crmsim.errors import CRMSimError
from crmsim.presentation.labels import label

__all__ = ["GAME_LANGUAGES", "TEXT", "GameError", "check_game_language", "refuse", "t"]

GAME_LANGUAGES = ("zh", "en")
"""Languages of every page and message."""

_DECISION_NAMES = (
    "relationship_level, loyalty_tier, service_quality, price_discount, "
    "expectation_level, marketing_budget, contact_budget"
)

TEXT: dict[str, tuple[str, str]] = {
    # --- pages: titles and navigation ------------------------------------
    "title": ("crmsim market game", "crmsim 市场竞争游戏"),
    "tagline": (
        "Student teams run rival firms in one market, round by round.",
        "学生团队在同一个市场中经营相互竞争的企业，一轮一轮地决策。",
    ),
    "language": ("中文", "English"),
    "join_title": ("Join your team", "加入你的团队"),
    "join_code": ("Join code", "加入码"),
    "team_name": ("Team name", "团队名称"),
    "join": ("Join", "加入"),
    "instructor": ("Instructor console", "教师控制台"),
    "instructor_key": ("Instructor key", "教师密钥"),
    "sign_in": ("Sign in", "登录"),
    "sign_out": ("Sign out", "退出"),
    "new_game": ("New game", "新建游戏"),
    "create": ("Create the game", "创建游戏"),
    "preset": ("Market", "市场"),
    "n_teams": ("Student teams", "学生团队数"),
    "rounds": ("Rounds", "轮数"),
    "weeks_per_round": ("Weeks per round", "每轮周数"),
    "budget_per_round": ("Budget per round", "每轮预算"),
    "game_language": ("Language of the game", "游戏语言"),
    "rivals": ("Computer-played rivals", "电脑对手"),
    "n_customers": ("People in the market", "市场人数"),
    "seed": ("Seed", "随机种子"),
    "keep_safe": (
        "Keep the instructor key safe: it runs the rounds. Hand each team its "
        "join code.",
        "请妥善保管教师密钥：运行每一轮都需要它。把加入码分发给各团队。",
    ),
    "team": ("Team", "团队"),
    "teams": ("Teams", "团队"),
    "computer": ("computer", "电脑"),
    "joined": ("joined", "已加入"),
    "not_joined": ("not joined", "未加入"),
    "submitted": ("submitted", "已提交"),
    "not_submitted": ("keeps last decisions", "沿用上轮决策"),
    "round_n": ("Round {n}", "第 {n} 轮"),
    "round_of": ("Round {n} of {total}", "第 {n} 轮 / 共 {total} 轮"),
    "game_over": ("The game is over", "游戏已结束"),
    "run_round": ("Run round {n}", "运行第 {n} 轮"),
    "running": ("Running the round…", "正在运行本轮…"),
    "export": ("Debrief pack (zip)", "复盘资料包 (zip)"),
    "side_by_side": ("All teams side by side", "各团队对比"),
    "leaderboard": ("Leaderboard (customer equity)", "排行榜（客户资产）"),
    "rank": ("Rank", "名次"),
    "your_decisions": ("Your decisions for round {n}", "第 {n} 轮的决策"),
    "submit": ("Submit decisions", "提交决策"),
    "saved": (
        "Decisions for round {n} saved. You may change them until the instructor "
        "runs the round.",
        "第 {n} 轮决策已保存。教师运行本轮之前仍可修改。",
    ),
    "waiting": (
        "Waiting for the instructor to run round {n}.",
        "等待教师运行第 {n} 轮。",
    ),
    "report": ("Your report after round {n}", "第 {n} 轮后的报告"),
    "no_report": ("No round has been run yet.", "尚未运行任何一轮。"),
    "market": ("The market", "市场"),
    "budget_left": (
        "Planned spending {spent} of {budget}",
        "计划支出 {spent} / 预算 {budget}",
    ),
    "plan_marketing": ("marketing", "营销"),
    "plan_contacts": ("personal contacts", "个人联系"),
    "plan_structural": ("structural ties", "结构纽带"),
    "plan_quality": ("service quality above the market's", "高于市场基准的服务质量"),
    "buys": (
        "This buys a weekly marketing reach of {reach} and a weekly contact chance "
        "of {contact}.",
        "这相当于每周营销触达率 {reach}，每周个人联系概率 {contact}。",
    ),
    "key_lost": (
        "Lost your key? Ask the instructor for your join code and join again.",
        "密钥丢失？请向教师索取加入码并重新加入。",
    ),
    "join_codes": ("Join codes", "加入码"),
    "new_code": ("New join code", "新加入码"),
    "exposed": (
        "Listening on {host}:{port}: every computer that can reach this one on that "
        "address can open the game (students join with their codes).",
        "正在 {host}:{port} 上监听：凡能访问该地址的计算机都能打开游戏"
        "（学生用加入码加入）。",
    ),
    # --- decisions (form labels) ------------------------------------------
    "price_discount": ("Price discount", "价格优惠"),
    "marketing_budget": ("Marketing spend", "营销支出"),
    "contact_budget": ("Contact budget", "个人联系预算"),
    # --- report rows ---------------------------------------------------------
    "customers": ("Active customers", "活跃客户"),
    "acquired": ("Customers won", "新获得客户"),
    "lost": ("Customers lost", "流失客户"),
    "retention": ("Retention over the round", "本轮客户保持率"),
    "satisfaction": ("Mean satisfaction", "平均满意度"),
    "market_share": ("Market share", "市场份额"),
    "revenue": ("Revenue", "收入"),
    "costs": ("Costs", "成本"),
    "quality_cost": ("Service quality cost", "服务质量成本"),
    "profit": ("Profit this round", "本轮利润"),
    "cumulative_profit": ("Cumulative profit", "累计利润"),
    "customer_equity": ("Customer equity", "客户资产"),
    "loyalty_mix": ("Loyalty of your customers", "客户的忠诚类型"),
    "by_stage": ("Customers by stage", "各阶段客户"),
    "market_figure": ("Market share by firm", "各企业的市场份额"),
    "firm": ("Firm", "企业"),
    "preset.default": ("Default market", "默认市场"),
    "preset.transactional": ("Transactional marketing (level 0)", "交易营销（0 层次）"),
    "preset.financial": ("Financial bonds (level 1)", "财务层次（1 层次）"),
    "preset.social": ("Social bonds (level 2)", "社会层次（2 层次）"),
    "preset.structural": ("Structural bonds (level 3)", "结构层次（3 层次）"),
    "preset.satisfaction_trap": ("Satisfaction trap", "满意度陷阱"),
    "strategy.discounter": ("transactional discounter", "交易型折扣商"),
    "strategy.builder": ("relationship builder", "关系建设者"),
    # --- refusals (one line each) ------------------------------------------
    "err.bad_json": (
        'the request body is not a JSON object: send {{"name": value, ...}}',
        '请求内容不是 JSON 对象：请发送 {{"名称": 值, ...}}',
    ),
    "err.too_big": (
        "the request body is over {limit} bytes: allowed at most {limit}",
        "请求内容超过 {limit} 字节：最多允许 {limit} 字节",
    ),
    "err.no_key": (
        "this needs a key: send 'Authorization: Bearer <key>'",
        "此操作需要密钥：请发送 'Authorization: Bearer <密钥>'",
    ),
    "err.bad_key": (
        "the key is not valid for any game: join again with your join code",
        "密钥无效：请用加入码重新加入",
    ),
    "err.instructor_only": (
        "only the instructor key may do this",
        "只有教师密钥可以执行此操作",
    ),
    "err.team_only": (
        "only a team key may submit decisions",
        "只有团队密钥可以提交决策",
    ),
    "err.bad_code": (
        "join code not recognised: check the code on your slip (letters and digits)",
        "加入码无效：请核对纸条上的加入码（字母和数字）",
    ),
    "err.computer_team": (
        "that team is played by the computer: allowed the join code of a student team",
        "该团队由电脑操控：只能使用学生团队的加入码",
    ),
    "err.rate_limited": (
        "too many failed attempts from this address: wait {seconds} s and try again",
        "此地址失败次数过多：请等待 {seconds} 秒后重试",
    ),
    "err.bad_name": (
        "team name {shown} is invalid: allowed 1 to 40 printable characters",
        "团队名称 {shown} 无效：允许 1 到 40 个可打印字符",
    ),
    "err.unknown_decision": (
        "unknown decision '{name}'{hint}: allowed " + _DECISION_NAMES,
        "未知的决策项 '{name}'{hint}：允许 " + _DECISION_NAMES,
    ),
    "err.not_number": (
        "{label} = {shown} is invalid: allowed a number from {lo} to {hi}",
        "{label} = {shown} 无效：允许 {lo} 到 {hi} 之间的数",
    ),
    "err.not_whole": (
        "{label} = {shown} is invalid: allowed a whole number from {lo} to {hi}",
        "{label} = {shown} 无效：允许 {lo} 到 {hi} 之间的整数",
    ),
    "err.discount_needs_level": (
        "a price discount needs relationship level or loyalty programme 1 or higher: "
        "allowed price_discount 0 at level 0",
        "价格优惠需要关系营销层次或忠诚计划至少为 1：层次为 0 时价格优惠只能为 0",
    ),
    "err.contacts_need_level": (
        "a contact budget needs relationship level or loyalty programme 2 or higher: "
        "allowed contact_budget 0 below level 2",
        "个人联系预算需要关系营销层次或忠诚计划至少为 2：层次低于 2 时联系预算只能为 0",
    ),
    "err.over_budget": (
        "planned spending {spent} is over the round's budget {budget} ({parts}): "
        "allowed at most {budget}",
        "计划支出 {spent} 超出本轮预算 {budget}（{parts}）：最多允许 {budget}",
    ),
    "err.round_closed": (
        "round {n} is being run or was run: decisions now go to the next round",
        "第 {n} 轮正在运行或已运行：现在提交的决策属于下一轮",
    ),
    "err.game_over": (
        "the game is over: all {rounds} rounds have been run",
        "游戏已结束：全部 {rounds} 轮均已运行",
    ),
    "err.already_run": (
        "round {n} has been run already: allowed run round {open}, the open one",
        "第 {n} 轮已经运行过：只能运行当前的第 {open} 轮",
    ),
    "err.round_busy": (
        "round {n} is being run already: wait for it to finish",
        "第 {n} 轮正在运行：请等待完成",
    ),
    "err.setting": (
        "{name} = {shown} is invalid: allowed {allowed}",
        "{name} = {shown} 无效：允许 {allowed}",
    ),
    "err.not_found": ("no such page: {path}", "页面不存在：{path}"),
    "err.no_game": ("no such game: {game}", "游戏不存在：{game}"),
}
"""Key → (English, Chinese)."""

# the course's own words, from the package's one table of labels
_FROM_LABELS = {
    "relationship_level": "relationship_level",
    "loyalty_tier": "loyalty_tier",
    "service_quality": "service_quality",
    "expectation_level": "expectation_level",
    "level.0": "level0",
    "level.1": "level1_name",
    "level.2": "level2_name",
    "level.3": "level3_name",
    "tier.0": "tier0",
    "tier.1": "tier1",
    "tier.2": "tier2",
    "tier.3": "tier3",
    "preset.low_competition": "low_competition",
    "preset.high_competition": "high_competition",
}
TEXT.update({k: (label(v, "en"), label(v, "zh")) for k, v in _FROM_LABELS.items()})


def check_game_language(lang: Any) -> str:
    """``lang`` if it is ``"zh"`` or ``"en"``; refuse anything else."""
    if lang not in GAME_LANGUAGES:
        raise CRMSimError(f"lang={lang!r} is invalid: allowed zh, en")
    return lang


def t(key: str, lang: str, /, **values: Any) -> str:
    """The text ``key`` in ``lang`` (``"zh"`` or ``"en"``), ``values`` filled in."""
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**values)


class GameError(CRMSimError):
    """A refusal with its message in both languages and an HTTP status.

    ``str(error)`` is the English line (what the CLI prints);
    :meth:`message` gives either language.
    """

    def __init__(self, en: str, zh: str, status: int = 400, code: str = "") -> None:
        super().__init__(en)
        self.zh = " ".join(zh.split())
        self.status = status
        self.code = code

    def message(self, lang: str) -> str:
        """The one-line message in ``lang``."""
        return self.zh if lang == "zh" else str(self)


def refuse(key: str, status: int = 400, **values: Any) -> GameError:
    """The :class:`GameError` whose message is ``TEXT["err." + key]``."""
    full = f"err.{key}"
    return GameError(t(full, "en", **values), t(full, "zh", **values), status, key)
