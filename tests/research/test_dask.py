"""Sweeps on a real (local, 127.0.0.1 only) Dask distributed cluster."""

import socket
import subprocess
import sys
import time

import pandas as pd
import pytest

pytest.importorskip(
    "distributed",
    reason="dask[distributed] is not installed (pip install 'crmsim[dask]')",
)

from crmsim import CRMSimError  # noqa: E402
from crmsim.cli import main  # noqa: E402
from crmsim.research.sweep import run_sweep  # noqa: E402

SPEC = """\
n_customers = 60
weeks = 10
seeds = [1, 2]

[grid]
relationship_level = [0, 3]
service_quality = [0.6, 0.7]
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A Dask scheduler and one single-threaded worker on 127.0.0.1."""
    from distributed import Client

    folder = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = [sys.executable, "-m", "dask"]
    logs = (folder / "scheduler.log").open("w"), (folder / "worker.log").open("w")
    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port)]
                + ["--no-dashboard"],
                cwd=folder,
                stdout=logs[0],
                stderr=subprocess.STDOUT,
            )
        )
        deadline = time.monotonic() + 60
        while True:
            assert procs[0].poll() is None, "the Dask scheduler did not start"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the Dask scheduler did not start"
                time.sleep(0.2)
        procs.append(
            subprocess.Popen(
                [*dask, "worker", address, "--nworkers", "1", "--nthreads", "1"]
                + ["--no-dashboard", "--local-directory", str(folder)],
                cwd=folder,
                stdout=logs[1],
                stderr=subprocess.STDOUT,
            )
        )
        with Client(address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(1, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in logs:
            log.close()


def test_sweep_on_a_dask_cluster_equals_the_local_sweep(scheduler, tmp_path, capsys):
    spec = tmp_path / "sweep.toml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "dask"
    code = main(["sweep", str(spec), "--out", str(out), "--scheduler", scheduler])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert "8 runs (8 run now, 0 already done)" in stdout

    local = run_sweep(spec, tmp_path / "local", workers=1, progress=False)
    for name in ("weekly.csv", "summary.csv"):
        assert (out / name).read_bytes() == (tmp_path / "local" / name).read_bytes()

    # and from Python, resuming in the same folder: nothing is run again
    res = run_sweep(spec, out, scheduler=scheduler, progress=False)
    assert (res.ran, res.reused) == (0, 8)
    pd.testing.assert_frame_equal(res.summary, local.summary)
    pd.testing.assert_frame_equal(res.weekly, local.weekly)


def test_python_sweep_on_dask_without_a_folder(scheduler):
    spec = {"n_customers": 60, "weeks": 5, "seeds": [3, 4]}
    res = run_sweep(spec, scheduler=scheduler, progress=False)
    ref = run_sweep(spec, workers=1, progress=False)
    assert (res.ran, res.folder) == (2, None)
    pd.testing.assert_frame_equal(res.weekly, ref.weekly)


def test_unreachable_scheduler_is_a_one_line_error(tmp_path, capsys):
    spec = tmp_path / "sweep.toml"
    spec.write_text(SPEC, encoding="utf-8")
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    out = tmp_path / "out"
    start = time.monotonic()
    with pytest.raises(CRMSimError) as info:
        run_sweep(spec, out, scheduler=address, connect_timeout=2)
    message = str(info.value)
    assert message.startswith(f"cannot reach the Dask scheduler at {address}")
    assert "\n" not in message
    assert time.monotonic() - start < 30
    assert not out.exists()


@pytest.mark.parametrize("address", ["tcp://127.0.0.1", "nonsense://x", ""])
def test_malformed_scheduler_address_is_a_one_line_error(address, tmp_path, capsys):
    spec = tmp_path / "sweep.toml"
    spec.write_text(SPEC, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["sweep", str(spec), "--out", str(out), "--scheduler", address])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "allowed an address like tcp://HOST:PORT" in err
    assert not out.exists()
