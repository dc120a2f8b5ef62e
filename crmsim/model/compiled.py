"""The customer's week compiled by numba, from the one source of the rules.

:func:`step_loop` and :func:`keep_loop` are :func:`crmsim.model.week.step_loop`
and :func:`crmsim.model.week.keep_loop` compiled: they call
:func:`~crmsim.model.week.customer_step` and
:func:`~crmsim.model.week.keep_loop`; the step calls the rules of
:mod:`crmsim.model.rules` -- the very functions the Mesa agent calls on
Python numbers, registered here as callable from compiled code. The rules'
scalar-or-array helpers (``_minimum``, ``_where``, ...) get their scalar
branch as the compiled version. No rule is written twice.

Compiled code is cached on disk (``$CRMSIM_CACHE_DIR``, else
``$XDG_CACHE_HOME/crmsim`` or ``~/.cache/crmsim``) under a hash of the source
files it is built from, so a changed rule is compiled afresh: numba's own
cache would only notice a change in the file of the loop itself. Where the
cache folder cannot be written, the loops are compiled in each process (a
few seconds, once).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numba
from llvmlite import ir
from numba.core import cgutils, types
from numba.extending import intrinsic, overload, register_jitable

from crmsim.model import ledger, rules, week

__all__ = ["CACHE", "cache_dir", "close_cash_loop", "keep_loop", "step_loop"]


# --- the rules' helpers: their scalar branch, compiled --------------------------


@overload(rules._minimum)
def _minimum(a, b):
    return lambda a, b: a if a < b else b


@overload(rules._maximum)
def _maximum(a, b):
    return lambda a, b: a if a > b else b


@overload(rules._where)
def _where(condition, a, b):
    return lambda condition, a, b: a if condition else b


@overload(rules._unit)
def _unit(x):
    def unit(x):
        x = x if x > 0.0 else 0.0
        return x if x < 1.0 else 1.0

    return unit


@overload(rules._trunc)
def _trunc(x):
    return lambda x: int(x)


@intrinsic
def _prefetch(typingctx, values, index):
    """LLVM's prefetch of ``values[index]`` (for writing, to all cache levels)."""
    sig = types.void(values, index)

    def codegen(context, builder, signature, args):
        array_type, index_type = signature.args
        array = context.make_array(array_type)(context, builder, args[0])
        indices = (
            cgutils.unpack_tuple(builder, args[1])
            if isinstance(index_type, types.BaseTuple)
            else [args[1]]
        )
        where = cgutils.get_item_pointer(
            context, builder, array_type, array, indices, wraparound=False
        )
        i8p, i32 = ir.IntType(8).as_pointer(), ir.IntType(32)
        function = cgutils.get_or_insert_function(
            builder.module,
            ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32]),
            "llvm.prefetch.p0",
        )
        builder.call(function, [builder.bitcast(where, i8p), i32(1), i32(3), i32(1)])
        return context.get_dummy_value()

    return sig, codegen


@overload(week.prefetch)
def _prefetch_overload(values, index):
    return lambda values, index: _prefetch(values, index)


# --- the rules and the week, callable from compiled code ------------------------

_RULES = (
    rules.perceived_quality,
    rules.satisfaction,
    rules.follow,
    rules.attitude_target,
    rules.attitude_update,
    rules.repeat_purchase_target,
    rules.next_stage,
    rules.stage_clock,
    rules.leaves_market,
    rules.own_delivered_value,
    rules.competitor_offer_value,
    rules.rival_met,
    rules.rival_offer_value,
    rules.defects,
    rules.advocates,
    rules.satisfaction_level,
    week.customer_step,
    ledger.book_week_of_service,
)
for _rule in _RULES:
    register_jitable(_rule)

_SOURCES = (rules, week, ledger)  # what the compiled loops are built from


def _source_hash() -> str:
    h = hashlib.sha256(numba.__version__.encode())
    for path in (*(module.__file__ for module in _SOURCES), __file__):
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path | None:
    """Where the compiled loops are cached (None: not cached, not writable)."""
    root = os.environ.get("CRMSIM_CACHE_DIR")
    try:
        if root is None:
            base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
            root = Path(base) / "crmsim"
        path = Path(root) / f"numba-{_source_hash()}"
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".writable"
        probe.touch()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return path


def _compile(fn, where: Path | None):
    """``fn`` compiled, cached in ``where`` (numba reads the folder when decorating)."""
    if where is None:
        return numba.njit(fn)
    before = numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(where)
    try:
        return numba.njit(cache=True)(fn)
    finally:
        numba.config.CACHE_DIR = before


CACHE = cache_dir()
"""Where this process's compiled loops are cached (None: not cached)."""
step_loop = _compile(week.step_loop, CACHE)
keep_loop = _compile(week.keep_loop, CACHE)
close_cash_loop = _compile(ledger.close_cash_loop, CACHE)
