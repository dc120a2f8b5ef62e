# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Chapter 10's exercises (the claims register: does the model say what the textbook says?)."""

from __future__ import annotations

from crmsim.course.exercises import Exercise, _stored

# Exercises 10.1 and 10.2: a claim's number for each of five seeds (a
# difference between two scenarios, in yuan per person-year), shown to the
# student in the notebook as well; the claim expects it above 0.
CH10_VALUES = (4.1, 6.3, 2.2, 5.0, 3.9)
CH10_THRESHOLD = 0.0

# Exercise 10.3: the claim, seeds and market size the student runs.
CH10_CLAIM = "A2-pareto"
CH10_SEEDS = 3
CH10_N_CUSTOMERS = 300


def _ch10_verdict():
    from crmsim.claims.stats import Criterion, evaluate

    return evaluate(CH10_VALUES, Criterion("greater", CH10_THRESHOLD))


def _ch10_score() -> float:
    return float(_ch10_verdict().score)


def _ch10_half_width() -> float:
    v = _ch10_verdict()
    return float(v.ci_high - v.mean)


def _ch10_measured() -> float:
    from crmsim.claims.runner import run_claims

    table = run_claims(
        CH10_CLAIM, seeds=CH10_SEEDS, n_customers=CH10_N_CUSTOMERS, processes=1
    )
    return float(table.loc[0, "measured"])


EXERCISES = [
    Exercise(
        "10.1",
        "五个种子的测量值：均值比阈值 0 高出多少个标准误？",
        "Five seeds' values: how many standard errors is their mean above the threshold 0?",
        _ch10_score,
        rel_tol=0.01,
        hint_zh="标准误 = 样本标准差（除以 n − 1）÷ √n；再用（均值 − 0）÷ 标准误。",
        hint_en="Standard error = sample standard deviation (divide by n − 1) / √n; then (mean − 0) / standard error.",
    ),
    Exercise(
        "10.2",
        "同样五个值：95% 置信区间的半宽是多少？",
        "The same five values: what is the half-width of the 95 % confidence interval?",
        _ch10_half_width,
        rel_tol=0.01,
        hint_zh="半宽 = t(0.975, n − 1) × 标准误；n = 5 时 t ≈ 2.776（scipy.stats.t.ppf(0.975, 4)）。",
        hint_en="Half-width = t(0.975, n − 1) × standard error; for n = 5, t ≈ 2.776 (scipy.stats.t.ppf(0.975, 4)).",
    ),
    Exercise(
        "10.3",
        "用 3 个种子、300 人运行论断 A2-pareto：测量值（均值）是多少？",
        "Run claim A2-pareto with 3 seeds and 300 people: what is the measured value (mean)?",
        _ch10_measured,
        rel_tol=0.0,
        abs_tol=0.001,
        hint_zh="run_claims('A2-pareto', seeds=3, n_customers=300)，取 measured 列。",
        hint_en="run_claims('A2-pareto', seeds=3, n_customers=300), column measured.",
    ),
    Exercise(
        "10.4",
        "每个种子的值标准差为 1、真实均值比阈值高 0.5：至少要多少个种子才能超过 3 个标准误？",
        "Values with standard deviation 1 and a true mean 0.5 above the threshold: how many seeds at least to clear 3 standard errors?",
        _stored("MzcuMA=="),
        rel_tol=0.0,
        abs_tol=0.5,
        hint_zh="要求 0.5 ÷ (1 ÷ √n) > 3，即 √n > 6；n 必须严格大于 36。",
        hint_en="Need 0.5 / (1 / √n) > 3, that is √n > 6; n must be strictly above 36.",
    ),
]
