"""Watching a run week by week, for the two helpers that need every customer's state.

NOTE (one run path): :func:`crmsim.simulate` is the one way to run the
model, but its ``on_week`` callback receives only the week number, and
:class:`~crmsim.Results` keeps the final state only. :func:`stage_transitions`
(every person's stage each week) and :func:`churn_snapshot` (the customers at
one week) need the model itself during the run, so :func:`watch_run` builds the
engine and drives it as ``simulate`` does (``make_engine`` and the one loop
``crmsim.model.engine.run``), calling ``on_week(model)`` at week 0 and after
every week. It is the only place in :mod:`crmsim.course` that creates a model:
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
    engine: str = "mesa",
):
    """Run an engine as ``simulate`` does, calling ``on_week(model)``.

    ``on_week`` is called at week 0 and after each week; the model is
    returned after the last week. ``engine`` is ``"mesa"`` or ``"vector"``
    (identical results for the same seed).
    """
    from crmsim.model.engine import make_engine, run

    model = make_engine(scenario, seed, engine, transactions=transactions)
    on_week(model)
    run(model, on_week=lambda _week: on_week(model))
    return model


def stages_of(model) -> np.ndarray:
    """Every person's stage code, in the order of the engine's people."""
    return np.asarray(model.state.stage, dtype=np.int64).copy()
