"""Chinese glyphs for matplotlib on a fresh machine.

Order of preference:

1. a CJK font matplotlib already knows (its font cache);
2. a CJK font file installed on the system but missing from a font cache
   built before it was installed (on Debian, ``apt-get install
   fonts-noto-cjk``), registered at run time;
3. the Noto Sans CJK SC file shipped by the PyPI package ``mplfonts``
   (``pip install crmsim[zh]``), registered at run time with
   ``fontManager.addfont`` (``mplfonts init`` is never run: it deletes
   matplotlib's cache folder);
4. otherwise one warning that says what to install.

Examples
--------
>>> from crmsim.presentation.fonts import use_cjk_font
>>> name = use_cjk_font()  # e.g. 'Noto Sans CJK SC', or None with a warning
"""

from __future__ import annotations

import re
import warnings
from importlib import util
from pathlib import Path

__all__ = ["CJK_FAMILIES", "cjk_font_name", "cjk_font_source", "use_cjk_font"]

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "AR PL UMing CN",
)
"""Families that cover Simplified Chinese, best first."""

# File names of system fonts that cover Simplified Chinese (Debian, macOS,
# Windows), tried when matplotlib's font cache predates their installation.
_CJK_FILES = re.compile(
    r"(NotoSansCJK|NotoSansSC|SourceHanSans|wqy-zenhei|wqy-microhei|simhei|msyh|"
    r"PingFang|STHeiti|uming)",
    re.IGNORECASE,
)

INSTALL_HINT = (
    "install a Chinese font with 'apt-get install fonts-noto-cjk' (Debian/Ubuntu) "
    "or 'pip install mplfonts' (any system)"
)

_chosen: str | None = None
_source: str | None = None
_warned = False


def cjk_font_name() -> str | None:
    """The CJK font family matplotlib will use, registering one if needed.

    Returns
    -------
    str or None
        The family name, or ``None`` when no Chinese font can be found.
    """
    global _chosen, _source
    if _chosen is not None:
        return _chosen
    from matplotlib import font_manager

    name = _known_family(font_manager)
    if name is not None:
        _chosen, _source = name, "matplotlib"
        return name
    name = None
    for path in sorted(font_manager.findSystemFonts(), key=_file_rank):
        if _CJK_FILES.search(Path(path).name):
            # every weight of it, so that bold titles find a bold face
            name = _register(font_manager, path) or name
    if name is not None:
        _chosen, _source = name, "system"
        return name
    path = _mplfonts_file()
    if path is not None:
        name = _register(font_manager, str(path))
        if name is not None:
            _chosen, _source = name, "mplfonts"
            return name
    return None


def cjk_font_source() -> str | None:
    """Where the CJK font came from: ``"matplotlib"``, ``"system"``, ``"mplfonts"``.

    ``None`` when no font was found (or none has been looked for yet).
    """
    cjk_font_name()
    return _source


def use_cjk_font() -> str | None:
    """Put a CJK font first in matplotlib's sans-serif list; return its name.

    Warns once (``RuntimeWarning``), saying what to install, when no CJK font
    can be found; Chinese labels then show as boxes.
    """
    global _warned
    import matplotlib as mpl

    name = cjk_font_name()
    if name is None:
        if not _warned:
            warnings.warn(
                f"no Chinese font found: Chinese labels will show as boxes; "
                f"{INSTALL_HINT}",
                RuntimeWarning,
                stacklevel=3,
            )
            _warned = True
        return None
    families = list(mpl.rcParams["font.sans-serif"])
    if families[:1] != [name] or mpl.rcParams["font.family"] != ["sans-serif"]:
        mpl.rcParams["font.sans-serif"] = [name, *[f for f in families if f != name]]
        mpl.rcParams["font.family"] = "sans-serif"
        mpl.rcParams["axes.unicode_minus"] = False
    return name


def _known_family(font_manager) -> str | None:
    known = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in known), None)


def _file_rank(path: str) -> tuple[int, str]:
    """Sans before serif, regular before bold."""
    name = Path(path).name.lower()
    return (("serif" in name) + ("bold" in name or "black" in name), name)


def _register(font_manager, path: str) -> str | None:
    """Add a font file (all faces of a collection) and return the best family."""
    try:
        font_manager.fontManager.addfont(path)
    except (OSError, RuntimeError, ValueError):
        return None
    return (
        _known_family(font_manager)
        or font_manager.FontProperties(fname=path).get_name()
    )


def _mplfonts_file() -> Path | None:
    spec = util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    font_file = path / "NotoSansCJKsc-Regular.otf"
    return font_file if font_file.exists() else None


def _reset() -> None:
    """Forget the chosen font and the warning (for tests)."""
    global _chosen, _source, _warned
    _chosen = _source = None
    _warned = False
