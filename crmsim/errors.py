"""The one exception type crmsim raises for bad input.

Every user-facing entry point (scenario validation, TOML loading, the CLI)
raises :class:`CRMSimError` with a one-line message that names what was wrong
and what is allowed. The CLI turns it into a line on stderr and exit status 2.
"""

from __future__ import annotations

__all__ = ["CRMSimError"]


class CRMSimError(ValueError):
    """Bad input: an invalid parameter, unknown preset or malformed file.

    The message is always a single line naming the problem and what is allowed.

    Parameters
    ----------
    message : str
        The one-line message.
    name : str, optional
        The argument that was wrong (``"retention_rate"``), when there is one.
        With ``shown`` and ``allowed`` it lets a caller that knows the argument
        under another name (the CLI's ``--retention-rate``) say it again in its
        own words, see :meth:`renamed`, without parsing the message.
    shown : str, optional
        How the bad value is shown, e.g. ``"1.5"`` (``"[3]=-1.0"`` for an item).
    allowed : str, optional
        What is allowed, e.g. ``"a number in [0, 1]"``.
    """

    def __init__(
        self,
        message: str,
        *,
        name: str | None = None,
        shown: str | None = None,
        allowed: str | None = None,
    ) -> None:
        message = " ".join(str(message).split())  # one line, whatever the input
        super().__init__(message)
        self.name = name
        self.shown = shown
        self.allowed = allowed

    def renamed(self, label: str) -> CRMSimError:
        """The same error with the argument called ``label`` (e.g. an option).

        Errors without a structured ``name`` come back unchanged.
        """
        if self.name is None or self.shown is None or self.allowed is None:
            return self
        return CRMSimError(
            f"{label}{self.shown} is invalid: allowed {self.allowed}",
            name=self.name,
            shown=self.shown,
            allowed=self.allowed,
        )
