"""Chinese glyphs for matplotlib on a fresh machine.

Order of preference: a CJK font already known to matplotlib (on Debian,
``apt-get install fonts-noto-cjk``); otherwise the Noto Sans CJK SC file
shipped by the PyPI package ``mplfonts`` (``pip install crmsim[zh]``),
registered at run time with ``fontManager.addfont`` (``mplfonts init`` is
never run: it deletes matplotlib's cache folder); otherwise one warning that
says what to install.
"""

from __future__ import annotations

import warnings
from importlib import util
from pathlib import Path

__all__ = ["cjk_font_name", "use_cjk_font"]

# Families that cover Simplified Chinese, best first.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
)

_chosen: str | None = None
_warned = False


def cjk_font_name() -> str | None:
    """The CJK font family matplotlib will use, registering one if needed."""
    global _chosen
    if _chosen is not None:
        return _chosen
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in known:
            _chosen = family
            return family
    spec = util.find_spec("mplfonts")
    if spec is not None and spec.submodule_search_locations:
        path = Path(spec.submodule_search_locations[0]) / "fonts"
        font_file = path / "NotoSansCJKsc-Regular.otf"
        if font_file.exists():
            font_manager.fontManager.addfont(str(font_file))
            _chosen = font_manager.FontProperties(fname=str(font_file)).get_name()
            return _chosen
    return None


def use_cjk_font() -> str | None:
    """Put a CJK font first in matplotlib's sans-serif list; return its name.

    Warns once, saying what to install, when no CJK font can be found.
    """
    global _warned
    import matplotlib as mpl

    name = cjk_font_name()
    if name is None:
        if not _warned:
            warnings.warn(
                "no Chinese font found: Chinese labels will show as boxes; install "
                "one with 'apt-get install fonts-noto-cjk' or 'pip install mplfonts'",
                RuntimeWarning,
                stacklevel=3,
            )
            _warned = True
        return None
    families = list(mpl.rcParams["font.sans-serif"])
    if families[:1] != [name]:
        mpl.rcParams["font.sans-serif"] = [name, *[f for f in families if f != name]]
        mpl.rcParams["font.family"] = "sans-serif"
        mpl.rcParams["axes.unicode_minus"] = False
    return name
