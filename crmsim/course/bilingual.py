"""Text in the reader's language, for the printed lines of chapter notebooks.

The Chinese and English editions of a chapter share every code cell (a test
checks it), so a cell that prints a sentence cannot hard-code one language.
It calls :func:`text` with both, and the package language set by the
edition's first cell (``set_language("zh")``) picks one. Numbers go in as
format fields, so the prose never quotes a simulated number the code did not
compute.
"""

from __future__ import annotations

from typing import Any

from crmsim.errors import CRMSimError

__all__ = ["text"]


def _language() -> str:
    # Imported here: the presentation layer pulls in matplotlib, which a
    # build tool that only renders text should not need.
    from crmsim.presentation.plotting import get_language

    return get_language()


def text(zh: str, en: str, /, **values: Any) -> str:
    """The sentence in the current package language, with ``values`` filled in.

    Parameters
    ----------
    zh, en : str
        The sentence in Chinese and in English, as :meth:`str.format`
        templates (``"{share:.0%}"``).
    **values
        The numbers (or words) to fill in.

    Returns
    -------
    str
        ``zh`` when the package language is ``"zh"``, ``en`` otherwise,
        formatted with ``values``.

    Raises
    ------
    CRMSimError
        If a template names a value that was not given.

    Examples
    --------
    >>> import crmsim
    >>> crmsim.set_language("zh")
    >>> text("前 20% 的客户带来 {s:.0%} 的利润", "the top 20 % bring {s:.0%}", s=0.8)
    '前 20% 的客户带来 80% 的利润'
    >>> crmsim.set_language("en")
    >>> text("前 20% 的客户带来 {s:.0%} 的利润", "the top 20 % bring {s:.0%}", s=0.8)
    'the top 20 % bring 80%'
    """
    template = zh if _language() == "zh" else en
    try:
        return template.format(**values)
    except KeyError as err:
        raise CRMSimError(
            f"text: the template names {err.args[0]!r} but it was not given; "
            f"allowed: {sorted(values)}"
        ) from None
