"""Compile the customer's week now, once, not in the middle of a lecture.

``python -m crmsim.model.warmup`` (``make venv`` runs it) runs both engines
for a few weeks in both precisions, so that numba compiles the loops of
:mod:`crmsim.model.compiled` and caches them on disk; later processes load
them in a fraction of a second instead of compiling for a few seconds.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["warm"]


def warm() -> Path | None:
    """Compile the loops for both precisions and engines; return the cache folder."""
    from crmsim.model import compiled
    from crmsim.model.simulation import simulate

    for precision in ("double", "single"):
        for engine in ("vector", "mesa"):
            simulate(
                n_customers=60,
                weeks=2,
                warmup_weeks=1,
                precision=precision,
                engine=engine,
            )
    return compiled.CACHE


if __name__ == "__main__":
    where = warm()
    print(
        f"crmsim: the week is compiled, cached in {where}"
        if where
        else "crmsim: the week is compiled (no writable cache folder: once a process)"
    )
