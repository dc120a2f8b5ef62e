# ruff: noqa: E501  (bilingual text tables: one sentence per line reads better than split strings)
"""Exercises whose numeric answers a student can check: ``check("01.1", answer)``.

Each exercise of a chapter notebook that asks for a number is registered
here with how its right answer is found. The students' edition of a chapter
holds the question and an empty ``answer = None`` cell; this module holds the
answer, so that the notebook a student opens never shows it:

- a number from the textbook's arithmetic is stored encoded (base64 of its
  ``repr``), not as a literal a reader would see at a glance;
- a number that depends on a simulation is not stored at all: it is
  recomputed by running crmsim with the exercise's fixed seed when the
  student checks, so it stays right when the model changes.

This is not security (the source is open); it keeps the answer out of sight
the way a textbook keeps its solutions at the back.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

from crmsim.errors import CRMSimError

__all__ = [
    "CH01_PROFITS",
    "EXERCISES",
    "Exercise",
    "Verdict",
    "check",
    "encode",
    "exercise",
]


def encode(value: float) -> str:
    """The stored form of a constant answer (base64 of its ``repr``).

    Examples
    --------
    >>> encode(3.125)
    'My4xMjU='
    >>> _decode(encode(3.125))
    3.125
    """
    return base64.b64encode(repr(float(value)).encode()).decode()


def _decode(stored: str) -> float:
    return float(base64.b64decode(stored).decode())


def _stored(stored: str) -> Callable[[], float]:
    return lambda: _decode(stored)


@dataclass(frozen=True)
class Exercise:
    """One exercise with a numeric answer.

    Attributes
    ----------
    id : str
        ``"NN.k"``: chapter number and exercise number, as in the notebook.
    prompt_zh, prompt_en : str
        The question in one line, for :func:`check`'s messages.
    expected : callable
        Returns the right answer (decodes it, or recomputes it).
    rel_tol, abs_tol : float
        An answer ``a`` is right when
        ``abs(a - expected) <= max(rel_tol * abs(expected), abs_tol)``.
    hint_zh, hint_en : str
        Shown with a wrong answer.
    """

    id: str
    prompt_zh: str
    prompt_en: str
    expected: Callable[[], float]
    rel_tol: float = 0.005
    abs_tol: float = 1e-9
    hint_zh: str = ""
    hint_en: str = ""

    def is_right(self, answer: float, want: float | None = None) -> bool:
        """Whether ``answer`` is within the tolerance of the right answer ``want``."""
        want = self.expected() if want is None else want
        return abs(answer - want) <= max(self.rel_tol * abs(want), self.abs_tol)


@dataclass(frozen=True)
class Verdict:
    """What :func:`check` found: truthy when right; shows its message."""

    exercise_id: str
    correct: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __repr__(self) -> str:
        return self.message


# --- the chapters' exercises ----------------------------------------------------
# One module per chapter, ``_chNN.py``, each with a list ``EXERCISES`` of
# :class:`Exercise` (so that chapters are written, and reviewed, apart).


def _chapter_modules() -> tuple[str, ...]:
    """The chapter modules of this package, ``_ch00``, ``_ch01``, ... in order."""
    import pkgutil
    import re

    names = (m.name for m in pkgutil.iter_modules(__path__))
    return tuple(sorted(n for n in names if re.fullmatch(r"_ch\d\d", n)))


_CHAPTERS = _chapter_modules()


def _registry() -> dict[str, Exercise]:
    from importlib import import_module

    found: dict[str, Exercise] = {}
    for name in _CHAPTERS:
        for ex in import_module(f"{__name__}.{name}").EXERCISES:
            if ex.id in found:
                raise RuntimeError(f"exercise {ex.id} is registered twice")
            found[ex.id] = ex
    return found


EXERCISES: dict[str, Exercise] = _registry()


def exercise(exercise_id: str) -> Exercise:
    """The registered exercise ``exercise_id``.

    Raises
    ------
    CRMSimError
        If no exercise has that id.
    """
    try:
        return EXERCISES[exercise_id]
    except (KeyError, TypeError):
        raise CRMSimError(
            f"exercise_id={exercise_id!r} is not an exercise; allowed: {sorted(EXERCISES)}"
        ) from None


def _heading_number(exercise_id: str) -> str:
    """The number the chapter's heading shows: ``"01.2"`` -> ``"1.2"``."""
    chapter, _, k = exercise_id.partition(".")
    return f"{int(chapter)}.{k}"


def _language(lang: str | None) -> str:
    if lang is None:
        from crmsim.presentation.plotting import get_language

        return get_language()
    if lang not in ("zh", "en"):
        raise CRMSimError(f"lang={lang!r} is not a language; allowed: 'zh', 'en'")
    return lang


def check(
    exercise_id: str, answer: float | None, *, lang: str | None = None
) -> Verdict:
    """Tell a student whether a numeric answer is right, in Chinese or English.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``, as numbered in the chapter notebook.
    answer : float or None
        The student's number; ``None`` (the empty answer cell) says there is
        no answer yet, without failing.
    lang : {"zh", "en"}, optional
        The language of the message; default the package language
        (``set_language``).

    Returns
    -------
    Verdict
        Truthy when right; a notebook shows its message.

    Raises
    ------
    CRMSimError
        If the exercise does not exist or the answer is not a number.

    Examples
    --------
    >>> check("01.2", 25 / 8, lang="en")
    ✓ Exercise 1.2: right.
    >>> bool(check("01.2", 3, lang="zh"))
    False
    """
    ex = exercise(exercise_id)
    zh = _language(lang) == "zh"
    name = _heading_number(ex.id)
    if answer is None:
        msg = (
            f"练习 {name}：还没有答案。把你的结果赋给 answer，再运行本单元。"
            if zh
            else f"Exercise {name}: no answer yet. Put your number in answer and run the cell again."
        )
        return Verdict(ex.id, None, msg)
    if (
        isinstance(answer, bool)
        or not isinstance(answer, Real)
        or not math.isfinite(answer)
    ):
        raise CRMSimError(
            f"answer={answer!r} for exercise {ex.id} is not a number; allowed: a finite number"
        )
    want = ex.expected()
    if ex.is_right(float(answer), want):
        return Verdict(
            ex.id,
            True,
            f"✓ 练习 {name}：正确。" if zh else f"✓ Exercise {name}: right.",
        )
    direction = (
        ("偏大" if zh else "too high")
        if answer > want
        else ("偏小" if zh else "too low")
    )
    hint = ex.hint_zh if zh else ex.hint_en
    msg = (
        f"✗ 练习 {name}：{answer:g} 不对（{direction}）。{hint}"
        if zh
        else f"✗ Exercise {name}: {answer:g} is not right ({direction}). {hint}"
    )
    return Verdict(ex.id, False, msg.rstrip())


# chapter 01's small customer base, shown to students in its notebook
from crmsim.course.exercises._ch01 import CH01_PROFITS  # noqa: E402
