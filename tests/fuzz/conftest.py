"""The one-line contract every bad input must keep, shared by the fuzz tests."""

import pytest

from crmsim.cli import main


def check_message(message: str, *names: str) -> None:
    """One line, naming the parameter and what is allowed, no traceback."""
    assert message and "\n" not in message.strip(), message
    assert "Traceback" not in message
    assert "allowed" in message, message
    for name in names:
        assert name in message, (name, message)


def run_cli(argv, capsys, out=None):
    """Run the CLI in process; assert exit 2, one stderr line, nothing written."""
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert code == 2, (argv, captured.out, captured.err)
    assert captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err
    if out is not None:
        assert not out.exists() or not any(out.iterdir()), list(out.rglob("*"))
    return captured.err


@pytest.fixture
def cli(capsys, tmp_path):
    """``cli(*argv)`` -> the error line; ``tmp_path / 'out'`` must stay empty."""
    out = tmp_path / "out"

    def call(*argv, with_out: bool = False):
        extra = ["--out", out] if with_out else []
        return run_cli([*argv, *extra], capsys, out)

    call.out = out
    return call
