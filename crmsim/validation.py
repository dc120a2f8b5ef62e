"""One validation vocabulary for every entry point, and JSON-ready results.

Every check raises :class:`~crmsim.errors.CRMSimError` with one line of the
form ``name=value is invalid: allowed ...``: the scenario, the economics
functions, the cases and the CLI all speak it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from crmsim.errors import CRMSimError

__all__ = [
    "MAX_SEED",
    "Result",
    "as_output",
    "check_array",
    "check_at_most",
    "check_number",
    "check_seed",
    "check_whole",
    "invalid",
    "plain",
    "range_text",
]

MAX_SEED = 2**63 - 1
"""Largest seed: seeds are stored in int64 columns of sweep tables."""


def plain(value: Any) -> Any:
    """Turn numpy scalars/arrays and nested containers into JSON-ready values."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


class Result:
    """Mixin: a frozen dataclass result that a CLI can print or dump as JSON."""

    def to_dict(self) -> dict[str, Any]:
        """Return the fields (and derived values) as plain, JSON-ready types."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out.update(self._derived())
        return plain(out)

    def _derived(self) -> dict[str, Any]:
        return {}


def invalid(name: str, value: Any, allowed: str, where: str = "") -> CRMSimError:
    """The error for ``name=value``: one line, naming what is allowed.

    ``where`` locates an item of an array argument (``"[3]"``). The error
    carries ``name``, the value as shown and ``allowed``, so that a caller
    knowing the argument by another name (a CLI option) can restate it with
    :meth:`CRMSimError.renamed`.
    """
    try:
        shown = repr(value.item() if isinstance(value, np.generic) else value)
    except (RecursionError, ValueError):  # deeply nested or unprintable
        shown = ""
    if not shown or "\n" in shown or len(shown) > 80:  # one short line
        shown = f"<{type(value).__name__}>"
    shown = f"{where}={shown}"
    return CRMSimError(
        f"{name}{shown} is invalid: allowed {allowed}",
        name=name,
        shown=shown,
        allowed=allowed,
    )


def check_number(
    name: str,
    value: Any,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """Validate one finite real number in a range; return it as a float."""
    allowed = _allowed(lo, hi, lo_open, hi_open)
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise invalid(name, value, allowed)
    x = float(value)
    if not _inside(np.array([x]), lo, hi, lo_open, hi_open).all():
        raise invalid(name, value, allowed)
    return x


def check_array(
    name: str,
    value: Any,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    ndim: int | None = None,
    nonempty: bool = True,
) -> np.ndarray:
    """Validate an array of finite reals in a range; return it as float64."""
    allowed = _allowed(lo, hi, lo_open, hi_open)
    if not _all_numbers(value):  # no text ('100') and no booleans
        raise invalid(name, value, f"numbers, each {allowed}")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise invalid(name, value, f"numbers, each {allowed}") from None
    if ndim is not None and arr.ndim != ndim:
        raise CRMSimError(
            f"{name} has shape {arr.shape}: allowed a {ndim}-d array, each {allowed}"
        )
    if nonempty and arr.size == 0:
        raise CRMSimError(f"{name} is empty: allowed at least one number")
    ok = _inside(arr, lo, hi, lo_open, hi_open)
    if not ok.all():
        idx = tuple(int(i) for i in np.argwhere(~ok)[0])
        where = "" if arr.ndim == 0 else f"[{', '.join(map(str, idx))}]"
        raise invalid(name, arr[idx].item(), allowed, where)
    return arr


def _all_numbers(value: Any) -> bool:
    """Whether ``value`` is a number or an array-like of numbers only.

    Text (``'100'``) and booleans are not numbers here, though numpy would
    convert them.
    """
    if isinstance(value, (bool, np.bool_, str, bytes)):
        return False
    if isinstance(value, (int, float, np.integer, np.floating)):
        return True
    if isinstance(value, (list, tuple)):
        return all(map(_all_numbers, value))
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        return False
    if arr.dtype.kind in "iuf":
        return True
    return arr.dtype.kind == "O" and all(map(_all_numbers, arr.ravel()))


def check_whole(
    name: str, value: Any, lo: float = -math.inf, hi: float = math.inf
) -> int:
    """Validate a whole number in ``[lo, hi]`` (numpy integers too); return an int.

    A float is accepted only when it is whole (``3.0``); booleans never are.
    """
    allowed = f"a whole number {range_text(lo, hi, False, False)}"
    if lo == -math.inf and hi == math.inf:
        allowed = "a whole number"
    if isinstance(value, (bool, np.bool_)):
        raise invalid(name, value, allowed)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value) or not float(value).is_integer():
            raise invalid(name, value, allowed)
        value = int(value)
    if not isinstance(value, (int, np.integer)):
        raise invalid(name, value, allowed)
    x = int(value)
    if not lo <= x <= hi:
        raise invalid(name, value, allowed)
    return x


def check_seed(seed: Any, name: str = "seed") -> int | None:
    """Validate a random seed: ``None`` or a whole number in ``[0, 2**63 - 1]``.

    Booleans, floats (even ``1.0``), text and negative numbers are refused
    with one line naming ``seed``, before numpy sees them.

    Examples
    --------
    >>> check_seed(7), check_seed(None)
    (7, None)
    """
    allowed = f"None or a whole number in [0, {MAX_SEED}]"
    if seed is None:
        return None
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)):
        raise invalid(name, seed, allowed)
    if not 0 <= int(seed) <= MAX_SEED:
        raise invalid(name, seed, allowed)
    return int(seed)


def _inside(arr, lo, hi, lo_open, hi_open) -> np.ndarray:
    ok = np.isfinite(arr)
    with np.errstate(invalid="ignore"):
        ok &= (arr > lo) if lo_open else (arr >= lo)
        ok &= (arr < hi) if hi_open else (arr <= hi)
    return ok


def _allowed(lo, hi, lo_open, hi_open) -> str:
    if lo == -math.inf and hi == math.inf:
        return "a finite number"
    return f"a number {range_text(lo, hi, lo_open, hi_open)}"


def _g(x: float) -> str:
    """A bound as people write it: whole numbers in full, others short."""
    if isinstance(x, int) or (float(x).is_integer() and abs(x) < 1e15):
        return f"{int(x):,}".replace(",", "_") if abs(x) >= 1e5 else str(int(x))
    return f"{x:g}"


def range_text(lo, hi, lo_open=False, hi_open=False) -> str:
    """A range as messages write it: ``in [0, 1]``, ``>= 10``, ``< 5``."""
    if hi == math.inf:
        return f"{'>' if lo_open else '>='} {_g(lo)}"
    if lo == -math.inf:
        return f"{'<' if hi_open else '<='} {_g(hi)}"
    return f"in {'(' if lo_open else '['}{_g(lo)}, {_g(hi)}{')' if hi_open else ']'}"


def check_at_most(name: str, a: np.ndarray, bound_name: str, b: np.ndarray) -> None:
    """Raise if any ``a > b`` (broadcast), naming the first offending pair."""
    a_b, b_b = np.broadcast_arrays(a, b)
    bad = a_b > b_b
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        where = "" if a_b.ndim == 0 else f"[{', '.join(map(str, idx))}]"
        allowed = f"at most {bound_name}{where}={b_b[idx].item()!r}"
        raise invalid(name, a_b[idx].item(), allowed, where)


def as_output(x: np.ndarray) -> float | np.ndarray:
    """Return a Python float for 0-d results, the array otherwise."""
    return float(x) if np.ndim(x) == 0 else x
