"""What the model says about the textbook: the course's claims, tested.

The register (:data:`CLAIMS`) holds every testable claim of the course with
its concept ID, source, scenarios, measure and criterion;
:func:`run_claims` runs them and returns one row per claim saying whether it
holds, with the measured number and its confidence interval.

Examples
--------
>>> from crmsim import CLAIMS
>>> sorted({c.concept for c in CLAIMS})[:3]
['A2', 'A4', 'B4']
"""

from crmsim.claims.register import CLAIMS, Arm, Claim, get_claim
from crmsim.claims.runner import run_claims
from crmsim.claims.stats import Criterion, Verdict, evaluate, sign_test_p

__all__ = [
    "CLAIMS",
    "Arm",
    "Claim",
    "Criterion",
    "Verdict",
    "evaluate",
    "get_claim",
    "run_claims",
    "sign_test_p",
]
