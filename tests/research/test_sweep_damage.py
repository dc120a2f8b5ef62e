"""Sweeps against damaged run files, bad output folders, full disks and dead parents."""

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from crmsim import CRMSimError
from crmsim.cli import main
from crmsim.research import sweep as sweep_module
from crmsim.research.sweep import MAX_RUNS, run_sweep, sweep_from_mapping

TINY = {
    "n_customers": 12,
    "mean_degree": 4,
    "weeks": 4,
    "engine": "vector",
    "seeds": [1, 2],
    "grid": {"relationship_level": [0, 2]},
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "sw"
    return run_sweep(TINY, out, workers=1, progress=False)


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "header only":
        path.write_bytes(data.split(b"\n", 1)[0] + b"\n")
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "one digit changed":
        i = data.rindex(b"1") if b"1" in data[-40:] else len(data) - 3
        path.write_bytes(
            data[:i] + (b"2" if data[i : i + 1] != b"2" else b"3") + data[i + 1 :]
        )
    elif how == "no manifest":
        path.with_name(path.name.split(".")[0] + ".manifest.json").unlink()


@pytest.mark.parametrize("kind", ["weekly", "summary"])
@pytest.mark.parametrize(
    "how", ["truncated", "header only", "empty", "one digit changed", "no manifest"]
)
def test_damaged_run_file_is_detected_and_that_run_redone(
    tmp_path, reference, kind, how
):
    out = tmp_path / "sw"
    run_sweep(TINY, out, workers=1, progress=False)
    rid = reference.summary["run_id"].iloc[1]
    _damage(out / "runs" / f"{rid}.{kind}.csv", how)
    again = run_sweep(TINY, out, workers=1, progress=False)
    assert (again.ran, again.reused) == (1, len(reference.summary) - 1)
    pd.testing.assert_frame_equal(again.summary, reference.summary)
    pd.testing.assert_frame_equal(again.weekly, reference.weekly)


def test_manifest_records_rows_and_checksums(reference):
    runs = reference.folder / "runs"
    for rid in reference.summary["run_id"]:
        manifest = json.loads((runs / f"{rid}.manifest.json").read_text())
        weekly = runs / f"{rid}.weekly.csv"
        assert manifest[weekly.name]["rows"] == TINY["weeks"] + 1
        assert manifest[f"{rid}.summary.csv"]["rows"] == 1
        import hashlib

        assert (
            manifest[weekly.name]["sha256"]
            == hashlib.sha256(weekly.read_bytes()).hexdigest()
        )


def test_outputs_are_0644(reference):
    files = [
        p
        for p in reference.folder.rglob("*")
        if p.is_file() and p.name != ".sweep.lock"
    ]
    assert files
    umask = os.umask(0)
    os.umask(umask)
    assert {p.stat().st_mode & 0o777 for p in files} == {0o666 & ~umask}


def test_minus_zero_is_one_grid_value():
    sweep = sweep_from_mapping({**TINY, "grid": {"switching_cost": [0.0, -0.0, 0.0]}})
    assert len(sweep) == len(TINY["seeds"])
    assert {r.scenario.switching_cost for r in sweep.runs} == {0.0}


def test_grid_size_is_counted_before_listing():
    grid = {
        "weeks": list(range(1, 1001)),
        "service_quality": [i / 1000 for i in range(1001)],
    }
    started = time.process_time()
    with pytest.raises(
        CRMSimError, match=f"1,001,000 runs: allowed at most {MAX_RUNS:,}"
    ):
        sweep_from_mapping({**TINY, "seeds": [1], "grid": grid})
    # counted, not listed: a listing of a million scenarios would take minutes
    assert time.process_time() - started < 5
    with pytest.raises(
        CRMSimError,
        match=r"replicates=1000000000 is invalid: allowed a whole number in \[1, ",
    ):
        sweep_from_mapping({"replicates": 10**9})


def _bad_folders(tmp_path):
    a_file = tmp_path / "file.csv"
    a_file.write_text("x")
    return {"a file": a_file, "under a file": a_file / "sub" / "out"}


@pytest.mark.parametrize("case", ["a file", "under a file"])
def test_unusable_out_is_refused_before_anything_runs(
    tmp_path, case, monkeypatch, capsys
):
    out = _bad_folders(tmp_path)[case]
    ran = []
    monkeypatch.setattr(sweep_module, "_compute_runs", lambda u: ran.append(u))
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(
        CRMSimError, match="allowed a folder that can be created and written"
    ):
        run_sweep(TINY, out, workers=1, progress=False)
    spec = tmp_path / "s.toml"
    spec.write_text("seeds = [1]\nn_customers = 12\nmean_degree = 4\nweeks = 4\n")
    before = sorted(tmp_path.rglob("*"))
    assert main(["sweep", str(spec), "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out=" in err
    assert ran == [] and sorted(tmp_path.rglob("*")) == before


@pytest.fixture
def readonly_dir(tmp_path):
    """A folder this process cannot write: chmod, or (as root) a read-only mount."""
    path = tmp_path / "ro"
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        yield path
        path.chmod(0o755)
        return
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)],
        capture_output=True,
    )
    if proc.returncode != 0:
        pytest.skip("root without a way to make a read-only folder")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)


def test_read_only_out_is_one_line(readonly_dir, capsys):
    with pytest.raises(CRMSimError, match="read-only folder"):
        run_sweep(TINY, readonly_dir / "sw", workers=1, progress=False)
    from crmsim.io import check_output_folder

    with pytest.raises(CRMSimError, match="--out="):
        check_output_folder(readonly_dir, "--out")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_full_disk_mid_sweep_is_one_line_and_nothing_half_written(
    tmp_path, monkeypatch, code, reference
):
    out = tmp_path / "sw"
    real = sweep_module.write_atomic
    calls = []

    def failing(path, data):
        calls.append(path)
        if len(calls) == 5:  # in the middle of the second run
            raise OSError(code, os.strerror(code), str(path))
        return real(path, data)

    monkeypatch.setattr(sweep_module, "write_atomic", failing)
    with pytest.raises(CRMSimError) as info:
        run_sweep(TINY, out, workers=1, progress=False)
    message = str(info.value)
    assert "\n" not in message and os.strerror(code) in message
    assert not list((out / "runs").glob(".*.part"))
    assert not (out / "summary.csv").exists()
    monkeypatch.setattr(sweep_module, "write_atomic", real)
    again = run_sweep(TINY, out, workers=1, progress=False)
    assert again.ran + again.reused == len(reference.summary) and again.reused >= 1
    pd.testing.assert_frame_equal(again.summary, reference.summary)


def test_broken_pipe_gives_no_traceback(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text(
        textwrap.dedent("""
        seeds = [1, 2, 3]
        [grid]
        weeks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
    """)
    )
    proc = subprocess.run(
        f"{sys.executable} -m crmsim sweep {spec} --dry-run | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.stdout.count("\n") == 1 and "run_id" in proc.stdout
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


_PARENT = """
import sys
from crmsim.research.sweep import run_sweep
spec = {"n_customers": 2000, "weeks": 5000, "engine": "vector", "seeds": list(range(40))}
run_sweep(spec, sys.argv[1], workers=2, progress=False)
"""


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", _PARENT, str(tmp_path / "sw")])
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline:
            # spawn starts a resource tracker too; the workers run crmsim
            workers = [
                c
                for c in _children(parent.pid)
                if "spawn_main"
                in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")
                and "resource_tracker"
                not in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")
            ]
            if len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) >= 2, "the sweep did not start its workers"
        time.sleep(1.0)  # let the workers take work
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.2)
        assert not any(_alive(w) for w in workers)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        for w in workers if "workers" in dir() else []:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
