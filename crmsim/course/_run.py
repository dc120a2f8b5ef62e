"""Watching a run week by week, for the two helpers that need every customer's state.

NOTE (one run path): :func:`crmsim.simulate` is the one way to run the
model, but its ``on_week`` callback receives only the week number, and
:class:`~crmsim.Results` keeps the final state only. :func:`stage_transitions`
(every person's stage each week) and :func:`churn_snapshot` (the customers at
one week) need the model itself during the run, so :func:`watch_run` drives
:class:`~crmsim.CRMModel` exactly as ``simulate(engine="mesa")`` does (same
constructor, same loop), calling ``on_week(model)`` at week 0 and after every
week. It is the only place in :mod:`crmsim.course` that creates a model:
once ``simulate`` can hand the engine to a callback, this module goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from crmsim.model.scenario import Scenario

__all__ = ["stages_of", "watch_run"]


def watch_run(
    scenario: Scenario,
    seed: int | None,
    on_week: Callable[[Any], None],
    transactions: bool = False,
):
    """Run the Mesa model as ``simulate`` does, calling ``on_week(model)``.

    ``on_week`` is called at week 0 and after each week; the model is
    returned after the last week.
    """
    from crmsim.model.crm_model import CRMModel

    model = CRMModel(scenario, rng=seed, record_transactions=transactions)
    on_week(model)
    while model.running:
        model.step()
        on_week(model)
    return model


def stages_of(model) -> np.ndarray:
    """Every person's stage code, in the order of ``model.people``."""
    return np.fromiter((int(a.stage) for a in model.people), dtype=np.int64)
