"""Commands generated from a function's signature: each option spelled once.

A :class:`Command` names a function; its parameters become the command's
options (``retention_rate`` -> ``--retention-rate``), their defaults the
options' defaults, parameters without a default required options. Only what a
signature cannot say is added by hand: a range the CLI enforces before the
call (size limits), a list parameter, a choice. The function validates the
values itself; when its :class:`~crmsim.errors.CRMSimError` names one of its
parameters, the CLI says it again with the option's name
(:meth:`CRMSimError.renamed`), so the message is the function's own.
"""

from __future__ import annotations

import argparse
import enum
import inspect
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crmsim.cli.tables import display_width as _width
from crmsim.errors import CRMSimError
from crmsim.validation import check_number, check_whole, invalid, plain

__all__ = [
    "Command",
    "Option",
    "Param",
    "add_command",
    "option_name",
    "render_text",
    "table",
    "to_json",
]


def option_name(parameter: str) -> str:
    """The option for a Python parameter: ``retention_rate`` -> ``--retention-rate``."""
    return "--" + parameter.replace("_", "-")


@dataclass(frozen=True)
class Param:
    """What a signature cannot say about one parameter.

    Attributes
    ----------
    kind : str or None
        ``"float"``, ``"int"``, ``"str"``, ``"flag"`` or ``"floats"`` (a list);
        default: from the annotation or the default value.
    lo, hi : float
        Range enforced by the CLI before the call (e.g. a size limit).
    choices : tuple of str, optional
        The allowed words.
    convert : callable, optional
        Turns the parsed value into what the function takes.
    positional : bool
        A positional argument instead of an option.
    help : str
        Help text (default: the unit and default).
    """

    kind: str | None = None
    lo: float = -math.inf
    hi: float = math.inf
    choices: tuple[str, ...] | None = None
    convert: Callable[[Any], Any] | None = None
    positional: bool = False
    help: str = ""


@dataclass(frozen=True)
class Option:
    """One option of a generated command, however it was described.

    The fields are those of :class:`crmsim.course.metadata.ParamSpec` (so a
    case registry's parameters are used as they are) plus the CLI's own
    ``positional`` and ``convert``.
    """

    name: str
    kind: str
    default: Any = None
    required: bool = False
    help: str = ""
    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = False
    hi_open: bool = False
    choices: tuple[str, ...] | None = None
    length: int | None = None
    positional: bool = False
    convert: Callable[[Any], Any] | None = None
    check_range: bool = False

    @property
    def label(self) -> str:
        """How messages name it: the option (``--stop-share``) or the argument."""
        return self.name if self.positional else option_name(self.name)

    @classmethod
    def from_spec(cls, spec: Any) -> Option:
        """An option from a ``ParamSpec``-like object (attributes as above)."""
        names = [f for f in cls.__dataclass_fields__ if hasattr(spec, f)]
        return cls(**{f: getattr(spec, f) for f in names})


@dataclass(frozen=True)
class Command:
    """One generated command: a function and the few facts its signature lacks.

    Attributes
    ----------
    name : str
        The command word (``"smith"``).
    function : callable
        What the command calls with the parsed options as keywords.
    help : str
        One-line help; the description is the function's docstring summary.
    params : mapping of str to Param
        Extra facts per parameter.
    forwards_to : callable, optional
        For ``function(**kwargs)`` that forwards its keywords to another
        function: the parameters of that one become options too.
    skip : tuple of str
        Parameters not offered on the command line.
    aliases : tuple of str
        Other command words.
    """

    name: str
    function: Callable[..., Any]
    help: str
    params: Mapping[str, Param] = field(default_factory=dict)
    forwards_to: Callable[..., Any] | None = None
    skip: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    described: tuple[Option, ...] | None = None

    def options(self) -> list[Option]:
        """The options, in signature order: as described, or from the signature."""
        if self.described is not None:
            return list(self.described)
        out: list[Option] = []
        for fn in (self.function, self.forwards_to):
            if fn is None:
                continue
            for p in inspect.signature(fn).parameters.values():
                if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) or p.name in self.skip:
                    continue
                if p.name in {o.name for o in out}:
                    continue
                extra = self.params.get(p.name, Param())
                required = p.default is inspect.Parameter.empty
                out.append(
                    Option(
                        name=p.name,
                        kind=_kind(p, extra),
                        default=None if required else p.default,
                        required=required,
                        help=extra.help,
                        lo=extra.lo,
                        hi=extra.hi,
                        choices=extra.choices,
                        positional=extra.positional,
                        convert=extra.convert,
                        check_range=extra.lo != -math.inf or extra.hi != math.inf,
                    )
                )
        return out


def _kind(p: inspect.Parameter, extra: Param) -> str:
    if extra.kind:
        return extra.kind
    ann = str(p.annotation)
    default = p.default
    if isinstance(default, bool) or ann == "bool":
        return "flag"
    if isinstance(default, tuple | list) or "tuple" in ann or "list" in ann:
        return "floats"
    if ann in ("int", "<class 'int'>"):
        return "int"
    if ann in ("str", "<class 'str'>") or isinstance(default, str):
        return "str"
    return "float"


def add_command(sub: argparse._SubParsersAction, command: Command) -> None:
    """Add ``command`` to ``sub``, one option per parameter of its function."""
    doc = inspect.getdoc(command.function) or command.help
    parser = sub.add_parser(
        command.name,
        aliases=list(command.aliases),
        help=command.help,
        description=doc.split("\n\n")[0],
    )
    for o in command.options():
        shown = (
            "" if o.required or o.default is None else f" (default {_show(o.default)})"
        )
        text = (o.help or o.name.replace("_", " ")) + shown
        if o.choices:
            text += f"; one of {', '.join(o.choices)}"
        text = text.replace("%", "%%")
        if o.kind == "flag":
            parser.add_argument(
                option_name(o.name),
                dest=o.name,
                action=argparse.BooleanOptionalAction,
                default=bool(o.default),
                help=text,
            )
            continue
        kwargs: dict[str, Any] = {"help": text, "default": None}
        if o.kind == "floats":
            kwargs["nargs"] = o.length or "+"
            kwargs["metavar"] = "X"
        else:
            kwargs["metavar"] = "WORD" if o.choices else o.name.upper()
        if o.positional:
            kwargs["nargs"] = None if o.required else "?"
            parser.add_argument(o.name, **kwargs)
        else:
            parser.add_argument(
                option_name(o.name), dest=o.name, required=o.required, **kwargs
            )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=lambda args: _run(command, args))


def _show(value: Any) -> str:
    if isinstance(value, tuple | list):
        return " ".join(_show(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def _number(o: Option, text: str, label: str) -> Any:
    """Parse one command-line word as a number, naming the option if it is not."""
    try:
        value: Any = int(text)
    except ValueError:
        try:
            value = float(text)
        except ValueError:
            allowed = "a whole number" if o.kind == "int" else "a number"
            raise invalid(label, text, allowed) from None
    if o.kind == "int":
        if o.check_range:
            return check_whole(label, value, o.lo, o.hi)
        return value
    if o.check_range:
        check_number(label, value, o.lo, o.hi, lo_open=o.lo_open, hi_open=o.hi_open)
    return float(value)


def _parse(command: Command, args: argparse.Namespace) -> dict[str, Any]:
    """The typed keywords for the function; unset options keep its defaults."""
    kwargs = {}
    for o in command.options():
        value = getattr(args, o.name)
        if value is None or (o.kind == "flag" and value == bool(o.default)):
            continue
        if o.choices and value not in o.choices:
            raise invalid(o.label, value, f"one of {', '.join(o.choices)}")
        if o.kind == "floats":
            value = [_number(o, v, o.label) for v in value]
        elif o.kind in ("float", "int"):
            value = _number(o, value, o.label)
        if o.convert is not None:
            value = o.convert(value)
        kwargs[o.name] = value
    return kwargs


def _run(command: Command, args: argparse.Namespace) -> int:
    kwargs = _parse(command, args)
    labels = {o.name: o.label for o in command.options()}
    try:
        result = command.function(**kwargs)
    except CRMSimError as exc:
        base, bracket, index = (exc.name or "").partition("[")
        if base in labels:  # the function named its parameter: say the option
            raise exc.renamed(labels[base] + bracket + index) from None
        raise
    if args.json:
        print(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        print(render_text(command.name, result))
    return 0


# --- output -------------------------------------------------------------------


def to_json(result: Any) -> Any:
    """A function's result as JSON-ready data (enums by name and code)."""
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, enum.Enum):
        out = {"name": result.name.lower(), "code": plain(result.value)}
        if getattr(result, "chinese", None):
            out["name_zh"] = result.chinese
        return out
    if isinstance(result, Mapping):
        return {str(k): to_json(v) for k, v in result.items()}
    if isinstance(result, list | tuple):
        return [to_json(v) for v in result]
    return plain(result)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], indent=2) -> str:
    """A plain text table whose columns line up with Chinese text too."""
    all_rows = [list(headers), *[list(r) for r in rows]]
    widths = [max(_width(r[k]) for r in all_rows) for k in range(len(headers))]
    lines = []
    for row in all_rows:
        cells = [
            cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)
        ]
        lines.append(" " * indent + "  ".join(cells).rstrip())
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{value:,.0f}"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return " ".join(_cell(v) for v in value)
    return str(value)


def render_text(name: str, result: Any) -> str:
    """A readable breakdown of a result: steps as a table, fields as lines."""
    if isinstance(result, enum.Enum):
        zh = getattr(result, "chinese", "")
        return f"{name}: {result.name.lower()}" + (f" ({zh})" if zh else "")
    if hasattr(result, "steps"):
        rows = [
            [s["label"], s["label_zh"], s["formula"], "=", _cell(s["value"]), s["unit"]]
            for s in result.steps()
        ]
        return table(["step", "步骤", "formula", "", "value", "unit"], rows)
    data = to_json(result)
    if isinstance(data, list) and data and all(isinstance(d, Mapping) for d in data):
        keys = [k for k in data[0] if not isinstance(data[0][k], Mapping | list)]
        return table(keys, [[_cell(d.get(k)) for k in keys] for d in data])
    if isinstance(data, Mapping):
        lines = []
        for key, value in data.items():
            if isinstance(value, Mapping) and "steps" in value:
                lines.append(f"{key}:")
                lines.append(render_text(key, getattr(result, key, value)))
            elif isinstance(value, Mapping):
                inner = ", ".join(f"{k} {_cell(v)}" for k, v in value.items())
                lines.append(f"{key}: {inner}")
            else:
                lines.append(f"{key}: {_cell(value)}")
        return "\n".join(lines)
    return f"{name}: {_cell(data)}"
