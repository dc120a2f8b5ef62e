"""Chinese labels render with real glyphs; the font fallbacks work."""

import copy
import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from matplotlib import font_manager

from crmsim import simulate, smith_case
from crmsim.presentation import fonts, plotting
from crmsim.presentation.fonts import (
    CJK_FAMILIES,
    cjk_font_name,
    cjk_font_source,
    use_cjk_font,
)


@pytest.fixture(scope="module")
def res():
    return simulate("social", seed=5, n_customers=200, weeks=110)


@pytest.fixture(scope="module")
def network():
    from crmsim.model.crm_model import CRMModel

    m = CRMModel(n_customers=80, mean_degree=5, weeks=3, rng=2)
    for _ in range(3):
        m.step()
    return m.network.to_networkx(), [int(p.stage) for p in m.people]


def _calls(res, network):
    graph, stages = network
    return {
        "plot_stages": lambda **kw: plotting.plot_stages(res.weekly, **kw),
        "plot_profit": lambda **kw: plotting.plot_profit(res.weekly, **kw),
        "plot_retention_by_satisfaction": lambda **kw: (
            plotting.plot_retention_by_satisfaction(res.by_satisfaction, **kw)
        ),
        "plot_lifecycle_profit": lambda **kw: plotting.plot_lifecycle_profit(
            res.customers, **kw
        ),
        "plot_yearly_retention": lambda **kw: plotting.plot_yearly_retention(
            res.weekly, **kw
        ),
        "plot_loyalty_mix": lambda **kw: plotting.plot_loyalty_mix(res.customers, **kw),
        "plot_network": lambda **kw: plotting.plot_network(graph, stages, **kw),
        "plot_clv": lambda **kw: plotting.plot_clv([100] * 8, 0.8, 0.1, 50, **kw),
        "plot_smith_case": lambda **kw: plotting.plot_smith_case(smith_case(), **kw),
        "plot_satisfaction_loyalty": lambda **kw: plotting.plot_satisfaction_loyalty(
            **kw
        ),
    }


def test_every_plot_function_is_covered(res, network):
    public = {n for n in plotting.__all__ if n.startswith("plot_")}
    assert public == set(_calls(res, network))


@pytest.mark.parametrize("rc", [{}, plotting.PROJECTOR_RC], ids=["plain", "projector"])
def test_every_plot_renders_chinese_without_missing_glyphs(res, network, rc):
    with matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name, call in _calls(res, network).items():
            ax = call(lang="zh")
            texts = [t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)]
            assert any(_has_cjk(t) for t in texts), name
            ax.figure.savefig(io.BytesIO(), format="png", dpi=40)
            plt.close(ax.figure)
    problems = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert not problems, problems[:3]
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    assert cjk_font_name() in CJK_FAMILIES


def test_the_package_language_setting_is_used(res):
    plotting.set_language("zh")
    try:
        ax = plotting.plot_stages(res.weekly)
        assert ax.get_title() == plotting.label("stages_title", "zh")
        plt.close(ax.figure)
    finally:
        plotting.set_language("en")
    ax = plotting.plot_stages(res.weekly)
    assert ax.get_title() == "Customers by stage"
    plt.close(ax.figure)


def test_use_cjk_font_puts_the_font_first():
    name = use_cjk_font()
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    assert matplotlib.rcParams["axes.unicode_minus"] is False


# --- the fallbacks, on a font manager that has no CJK font ---------------------


@pytest.fixture
def no_cjk(monkeypatch):
    """A font manager without CJK fonts; the module's choice forgotten."""
    fake = copy.copy(font_manager.fontManager)
    fake.ttflist = [f for f in fake.ttflist if "CJK" not in f.name]
    fake.ttflist = [f for f in fake.ttflist if f.name not in CJK_FAMILIES]
    monkeypatch.setattr(font_manager, "fontManager", fake)
    fonts._reset()
    yield fake
    fonts._reset()


def test_a_system_font_missing_from_the_cache_is_registered(no_cjk):
    if not any(fonts._CJK_FILES.search(p) for p in font_manager.findSystemFonts()):
        pytest.skip("no system CJK font file (apt-get install fonts-noto-cjk)")
    assert cjk_font_name() in CJK_FAMILIES
    assert cjk_font_source() == "system"


def test_the_mplfonts_file_is_registered_when_the_system_has_none(no_cjk, monkeypatch):
    if fonts._mplfonts_file() is None:
        pytest.skip("mplfonts is not installed (pip install mplfonts)")
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    assert cjk_font_name() == "Noto Sans CJK SC"
    assert cjk_font_source() == "mplfonts"
    assert any(f.fname.endswith("NotoSansCJKsc-Regular.otf") for f in no_cjk.ttflist)


def test_no_font_at_all_warns_once_saying_what_to_install(no_cjk, monkeypatch):
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    monkeypatch.setattr(fonts, "_mplfonts_file", lambda: None)
    sans = list(matplotlib.rcParams["font.sans-serif"])
    with pytest.warns(RuntimeWarning, match="fonts-noto-cjk.*mplfonts"):
        assert use_cjk_font() is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert use_cjk_font() is None  # only once
    assert cjk_font_source() is None
    assert list(matplotlib.rcParams["font.sans-serif"]) == sans


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
