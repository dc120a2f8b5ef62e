"""What the course tests share: the seed texts, the course's Chinese sources.

The seed texts live outside the repository, in ``../shared/seeds`` next to
it (``000_….txt`` … ``004_….txt``, the number first); a test that asks for
``seed_texts`` is skipped, with the reason, when they are absent.
"""

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """Each seed text by its number (``"000"`` … ``"004"``)."""
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    if not texts:
        pytest.skip(f"the seeds are not at {SEEDS}")
    return texts
