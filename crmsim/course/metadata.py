"""What a command line needs to know about a function, read from the function.

A :class:`CaseSpec` describes one function a CLI (or a widget, or a test) can
offer: its command name, a one-line help and one :class:`ParamSpec` per
parameter. Nothing is spelled twice: each parameter's name, kind, default and
whether it is required come from the signature (:mod:`inspect`); its help
text, range and allowed words from the function's numpydoc ``Parameters``
section, e.g. ::

    stop_share : float, default 0.25
        Share of the influenced who stop buying, in [0, 1].

gives ``kind="float"``, ``default=0.25``, ``lo=0``, ``hi=1`` and the help
"Share of the influenced who stop buying, in [0, 1]." A type field such as
``{"high", "low"}`` gives ``choices``. Ranges are read from the phrases
``in [a, b]`` (brackets may be open), ``>= a``, ``> a``, ``<= b`` and
``< b``; a test checks every one against the function's own validation, so
the docstring cannot drift from the code.

The function still validates every value itself (a :class:`CRMSimError`
naming the parameter); a CLI may check ``lo``/``hi`` earlier but need not.
"""

from __future__ import annotations

import inspect
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crmsim.errors import CRMSimError

__all__ = ["CaseSpec", "ParamSpec", "case_spec", "parameter_docs"]

KINDS = ("float", "int", "str", "flag", "floats")
"""Parameter kinds: a number, a whole number, a word, True/False, a list."""


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a :class:`CaseSpec`.

    Attributes
    ----------
    name : str
        The Python parameter name (``"stop_share"``).
    kind : str
        One of :data:`KINDS`: ``"float"``, ``"int"``, ``"str"``, ``"flag"``
        (a bool) or ``"floats"`` (a list of numbers).
    default : Any
        The default value; ``None`` when :attr:`required` (and for optional
        parameters whose default is ``None``: the function's default applies).
    required : bool
        True when the signature gives no default.
    help : str
        First sentence of the docstring's description (English).
    lo, hi : float
        The documented range (``-inf``/``inf`` when none is stated).
    lo_open, hi_open : bool
        Whether ``lo``/``hi`` themselves are excluded.
    choices : tuple of str or None
        Allowed words, for ``kind="str"``.
    length : int or None
        For ``kind="floats"``: the exact number of values (2 for a
        ``(low, high)`` pair), None for any number >= 1.
    """

    name: str
    kind: str
    default: Any
    required: bool
    help: str
    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple[str, ...] | None = None
    length: int | None = None

    @property
    def option(self) -> str:
        """The command-line option: ``stop_share`` -> ``--stop-share``."""
        return "--" + self.name.replace("_", "-")

    def allows(self, value: float) -> bool:
        """Whether ``value`` lies in the documented range."""
        above = value > self.lo if self.lo_open else value >= self.lo
        below = value < self.hi if self.hi_open else value <= self.hi
        return above and below


@dataclass(frozen=True)
class CaseSpec:
    """One function a command line can offer, with its parameters.

    Attributes
    ----------
    name : str
        The command word (``"smith"``, ``"jones-sasser"``).
    function : callable
        What to call with the parsed values as keywords; it returns a result
        with ``to_dict()`` (and ``steps()`` for a chain), a list of dicts, an
        enum with ``.chinese``, or an array/float.
    help : str
        One line of English help.
    concept : str
        Course concept IDs (``"E10"``).
    params : tuple of ParamSpec
        The parameters, in signature order.
    aliases : tuple of str
        Other command words (``("wom",)``).
    example : Mapping
        Valid keyword arguments for the required parameters (an example
        command; the tests call every case with it).
    """

    name: str
    function: Callable[..., Any]
    help: str
    concept: str
    params: tuple[ParamSpec, ...]
    aliases: tuple[str, ...] = ()
    example: Mapping[str, Any] = field(default_factory=dict)

    def param(self, name: str) -> ParamSpec:
        """The parameter called ``name``."""
        for p in self.params:
            if p.name == name:
                return p
        raise CRMSimError(
            f"parameter {name!r} is invalid for {self.name}: allowed "
            f"{', '.join(p.name for p in self.params)}"
        )

    def __call__(self, **values: Any) -> Any:
        """Call the function with the example, updated by ``values``."""
        return self.function(**{**self.example, **values})


_ENTRY = re.compile(r"^(\*{0,2}[A-Za-z_][\w, *]*?)\s*:\s*(.*)$")
_RANGE_IN = re.compile(r"in ([\[(])\s*(-?[\d.e+]+|-inf),\s*(-?[\d.e+]+|inf)\s*([\])])")
_BOUND = re.compile(r"(>=|>|<=|<)\s*(-?\d[\d.e+]*)")
_CHOICES = re.compile(r"\{([^}]*)\}")


def parameter_docs(function: Callable[..., Any]) -> dict[str, tuple[str, str]]:
    """The ``Parameters`` section of a numpydoc docstring: name -> (type, text).

    Entries naming several parameters (``a, b : float``) give each the same
    type and text. The text is the description joined into one line.

    Parameters
    ----------
    function : callable
        A function with a numpydoc docstring.

    Returns
    -------
    dict
        Type field and description per parameter name.

    Examples
    --------
    >>> def f(x, y=1):
    ...     '''Add.
    ...
    ...     Parameters
    ...     ----------
    ...     x : float
    ...         First, >= 0.
    ...     y : int, default 1
    ...         Second.
    ...     '''
    >>> parameter_docs(f)["x"]
    ('float', 'First, >= 0.')
    """
    lines = (inspect.getdoc(function) or "").splitlines()
    try:
        start = next(
            k
            for k, line in enumerate(lines[:-1])
            if line.strip() == "Parameters" and set(lines[k + 1].strip()) == {"-"}
        )
    except StopIteration:
        return {}
    out: dict[str, tuple[str, str]] = {}
    names: list[str] = []
    kind, text = "", []
    for line in lines[start + 2 :]:
        if line and not line.startswith(" "):
            if set(line.strip()) == {"-"}:  # next section's underline
                names = []  # the line above was the section's title
                break
            for n in names:
                out[n] = (kind, " ".join(text))
            match = _ENTRY.match(line)
            names = (
                [n.strip().lstrip("*") for n in match.group(1).split(",")]
                if match
                else [line.strip().lstrip("*")]
            )
            kind = match.group(2) if match else ""
            text = []
        elif line.strip():
            text.append(line.strip())
    for n in names:
        out[n] = (kind, " ".join(text))
    return out


def _kind(annotation: Any, default: Any) -> tuple[str, int | None]:
    ann = str(annotation).replace("typing.", "")
    if ann == "tuple[float, float]":
        return "floats", 2
    if "Sequence" in ann or "list" in ann or "tuple" in ann:
        return "floats", None
    core = ann.replace(" | None", "")
    if core == "bool" or isinstance(default, bool):
        return "flag", None
    if "str" in core.split(" | "):  # a word, or a number typed as text
        return "str", None
    for kind in ("int", "str", "float"):
        if core == kind:
            return kind, None
    if annotation is inspect.Parameter.empty and isinstance(default, float | int):
        return "float", None
    raise TypeError(f"cannot tell the kind of a parameter annotated {ann!r}")


def _range(text: str) -> dict[str, Any]:
    match = _RANGE_IN.search(text)
    if match:
        return {
            "lo": float(match.group(2)),
            "hi": float(match.group(3)),
            "lo_open": match.group(1) == "(",
            "hi_open": match.group(4) == ")",
        }
    out: dict[str, Any] = {}
    for op, number in _BOUND.findall(text):  # the first bound each way counts
        if op.startswith(">") and "lo" not in out:
            out |= {"lo": float(number), "lo_open": op == ">"}
        elif op.startswith("<") and "hi" not in out:
            out |= {"hi": float(number), "hi_open": op == "<"}
    return out


def _first_sentence(text: str) -> str:
    match = re.search(r"(?<=[.)])\s+(?=[A-Z(])", text)
    return text if match is None else text[: match.start()]


def _params(function: Callable[..., Any], skip: tuple[str, ...]) -> list[ParamSpec]:
    docs = parameter_docs(function)
    out = []
    for p in inspect.signature(function).parameters.values():
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) or p.name in skip:
            continue
        type_field, text = docs.get(p.name, ("", ""))
        if not text:
            raise TypeError(f"{function.__name__}: parameter {p.name} is undocumented")
        required = p.default is inspect.Parameter.empty
        kind, length = _kind(p.annotation, None if required else p.default)
        choices = _CHOICES.search(type_field)
        out.append(
            ParamSpec(
                name=p.name,
                kind=kind,
                default=None if required else p.default,
                required=required,
                help=_first_sentence(text),
                choices=tuple(
                    c.strip().strip("\"'") for c in choices.group(1).split(",")
                )
                if choices
                else None,
                length=length,
                **_range(text),
            )
        )
    return out


def case_spec(
    name: str,
    function: Callable[..., Any],
    help: str,
    concept: str,
    *,
    forwards_to: Callable[..., Any] | None = None,
    aliases: tuple[str, ...] = (),
    example: Mapping[str, Any] | None = None,
) -> CaseSpec:
    """Build a :class:`CaseSpec` from a function's signature and docstring.

    Parameters
    ----------
    name : str
        The command word.
    function : callable
        The function to describe.
    help : str
        One line of English help.
    concept : str
        Course concept IDs.
    forwards_to : callable, optional
        For a ``function(..., **kwargs)`` that passes its keywords on: that
        function's parameters (except those ``function`` names itself) are
        added after ``function``'s own.
    aliases : tuple of str
        Other command words.
    example : Mapping, optional
        Valid values for the required parameters.

    Returns
    -------
    CaseSpec
        The description.

    Examples
    --------
    >>> from crmsim.course.cases import smith_case, smith_chain
    >>> s = case_spec("smith", smith_case, "one unhappy customer", "E10",
    ...               forwards_to=smith_chain)
    >>> s.param("people_told").length, s.param("stop_share").hi
    (2, 1.0)
    """
    params = _params(function, ())
    if forwards_to is not None:
        params += _params(forwards_to, tuple(p.name for p in params))
    return CaseSpec(
        name=name,
        function=function,
        help=help,
        concept=concept,
        params=tuple(params),
        aliases=aliases,
        example=dict(example or {}),
    )
