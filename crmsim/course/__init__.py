"""The course: textbook cases, and what notebooks need beyond model and economics.

==============================  ==========  ======================================
module                          concepts    what
==============================  ==========  ======================================
:mod:`.cases`                   A4 B4 E8-   the textbook's cases and data (Smith,
                                E10         TARP, Reichheld, Kotler, Jones &
                                            Sasser) and their CLI metadata
:mod:`.classify`                E3 E4 E5    loyalty type, attachment, ladder rung
:mod:`.experiments`             C1          sweeps, sensitivity, stage flows
:mod:`.churn`                   F1 F2       churn snapshot, logistic churn model,
                                            churn scores and gains curve
:mod:`.relationship_value`      B7 E9       relationship value measures, profit by
                                            tenure year, customer equity test
:mod:`.metadata`                --          parameter metadata read from a
                                            function's signature and docstring
==============================  ==========  ======================================

Everything public is re-exported here and from :mod:`crmsim`.
"""

from crmsim.course.cases import (
    CASES,
    JONES_SASSER_SHAPES,
    REICHHELD_SOURCE,
    REICHHELD_TABLE,
    RelationshipType,
    RetentionTableRow,
    SmithCase,
    SmithChain,
    WordOfMouthBalance,
    kotler_grid,
    recommended_relationship,
    reichheld_readings,
    satisfaction_loyalty,
    smith_case,
    smith_chain,
    word_of_mouth_balance,
)
from crmsim.course.churn import (
    ChurnScoreReport,
    LogisticChurnModel,
    churn_score_report,
    churn_snapshot,
    fit_logistic_churn_model,
    gains_curve,
)
from crmsim.course.classify import (
    CLASSIFIERS,
    LADDER_RUNGS_ZH,
    LOYALTY_TYPE_ZH,
    Attachment,
    attachment,
    classify_attachment,
    classify_ladder_rung,
    classify_loyalty,
    ladder_rung_info,
)
from crmsim.course.experiments import sensitivity, stage_transitions, sweep_parameter
from crmsim.course.metadata import CaseSpec, ParamSpec
from crmsim.course.relationship_value import (
    customer_equity_test,
    profit_by_tenure_year,
    relationship_value_measures,
)

__all__ = [
    "CASES",
    "CLASSIFIERS",
    "JONES_SASSER_SHAPES",
    "LADDER_RUNGS_ZH",
    "LOYALTY_TYPE_ZH",
    "REICHHELD_SOURCE",
    "REICHHELD_TABLE",
    "Attachment",
    "CaseSpec",
    "ChurnScoreReport",
    "LogisticChurnModel",
    "ParamSpec",
    "RelationshipType",
    "RetentionTableRow",
    "SmithCase",
    "SmithChain",
    "WordOfMouthBalance",
    "attachment",
    "churn_score_report",
    "churn_snapshot",
    "classify_attachment",
    "classify_ladder_rung",
    "classify_loyalty",
    "customer_equity_test",
    "fit_logistic_churn_model",
    "gains_curve",
    "kotler_grid",
    "ladder_rung_info",
    "profit_by_tenure_year",
    "recommended_relationship",
    "reichheld_readings",
    "relationship_value_measures",
    "satisfaction_loyalty",
    "sensitivity",
    "smith_case",
    "smith_chain",
    "stage_transitions",
    "sweep_parameter",
    "word_of_mouth_balance",
]
