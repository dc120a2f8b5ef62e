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
    """
