"""Writing files so that nobody ever reads a half-written one.

:func:`check_output_folder` says, before any work is done, whether a folder
can take the results; :func:`write_atomic` writes one file so that a reader
sees the old file or the complete new one, never a part.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from crmsim.errors import CRMSimError

__all__ = ["check_output_folder", "os_error", "write_atomic"]


def check_output_folder(path: str | Path, name: str = "out") -> Path:
    """Check that ``path`` is, or can be made, a folder this process writes into.

    Nothing is created: call it before a long computation, so that an unusable
    folder is reported in one line before any work (and nothing is written).

    Parameters
    ----------
    path : str or Path
        The output folder; it need not exist yet.
    name : str
        What the caller calls it in messages (``"out"``, ``"--out"``).

    Returns
    -------
    Path
        ``path`` as a :class:`~pathlib.Path`.

    Raises
    ------
    CRMSimError
        If ``path`` is a file, lies under a file, or its nearest existing
        folder cannot be written (read-only folder or file system).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     check_output_folder(Path(tmp) / "new" / "results").name
    'results'
    """
    if not isinstance(path, str | os.PathLike) or not str(path):
        raise CRMSimError(
            f"{name}={path!r} is invalid: allowed a folder path",
            name=name,
            shown=f"={path!r}",
            allowed="a folder path",
        )
    path = Path(path)
    allowed = "a folder that can be created and written"

    def refuse(reason: str) -> CRMSimError:
        shown = f"={str(path)!r}"
        return CRMSimError(
            f"{name}{shown} is invalid ({reason}): allowed {allowed}",
            name=name,
            shown=shown,
            allowed=allowed,
        )

    probe = path
    try:
        while not probe.is_dir():
            if probe.exists() or probe.is_symlink():
                raise refuse("is a file" if probe == path else f"{probe} is a file")
            if probe.parent == probe:
                break
            probe = probe.parent
    except OSError as exc:  # e.g. a folder this user may not look into
        raise refuse(exc.strerror or type(exc).__name__) from None
    if not os.access(probe, os.W_OK | os.X_OK):
        where = "" if probe == path else f": {probe}"
        raise refuse(f"read-only folder{where}")
    return path


def os_error(exc: OSError, what: str) -> CRMSimError:
    """One line for a failed write (full disk, read-only folder, ...).

    Parameters
    ----------
    exc : OSError
        The error from the file system.
    what : str
        What was being written, e.g. ``"runs/ab12.weekly.csv"``.
    """
    reason = exc.strerror or type(exc).__name__
    hint = {
        errno.ENOSPC: "free some disk space and run again",
        errno.EDQUOT: "free some disk space and run again",
        errno.EROFS: "choose a writable folder",
        errno.EACCES: "choose a writable folder",
        errno.EPERM: "choose a writable folder",
    }.get(exc.errno, "check the folder and run again")
    return CRMSimError(f"cannot write {what}: {reason}: {hint}")


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    The temporary file lives in the same folder, so the final ``os.replace``
    is atomic: a reader sees the old file or the complete new one, never a
    part. The data is flushed to disk before the rename. The file gets the
    usual permissions (``0o666`` less the umask, so typically ``0o644``), like
    any file the user's programs create, not ``mkstemp``'s private ``0o600``.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
