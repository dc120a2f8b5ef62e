"""Kill a sweep at random points, damage a run file, resume: the result is the uninterrupted one."""

import random
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from crmsim.research.sweep import run_sweep

SPEC = {
    "n_customers": 200,
    "mean_degree": 6,
    "weeks": 40,
    "engine": "vector",
    "seeds": [1, 2, 3],
    "grid": {"relationship_level": [0, 1, 2, 3]},
}

TOML = """
n_customers = 200
mean_degree = 6
weeks = 40
engine = "vector"
seeds = [1, 2, 3]
[grid]
relationship_level = [0, 1, 2, 3]
"""


def _damage_one(runs, rng) -> str | None:
    files = sorted(runs.glob("*.csv"))
    if not files:
        return None
    victim = rng.choice(files)
    data = victim.read_bytes()
    how = rng.choice(["truncate", "header", "empty"])
    cut = {"truncate": len(data) // 2, "header": data.index(b"\n") + 1, "empty": 0}[how]
    victim.write_bytes(data[:cut])
    return f"{victim.name} {how}"


@pytest.mark.slow
def test_killed_at_random_points_with_damaged_files_ends_like_an_uninterrupted_sweep(
    tmp_path,
):
    rng = random.Random(20261201)
    spec = tmp_path / "sweep.toml"
    spec.write_text(TOML)
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "crmsim", "sweep", str(spec), "--out", str(out)]
    command += ["--workers", "1", "--no-progress"]
    damaged = []
    for _ in range(2):  # two random kill points (each start costs an import)
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # kill at a random point: after a random number of further runs is
        # written (counting files, not seconds: this machine's speed varies)
        done = len(list(out.glob("runs/*.manifest.json")))
        target = done + rng.randint(1, 3)
        while (
            proc.poll() is None and len(list(out.glob("runs/*.manifest.json"))) < target
        ):
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        damaged.append(_damage_one(out / "runs", rng))
    proc = subprocess.run(command, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    # the reference: the same sweep, never interrupted, by the same code
    reference = run_sweep(SPEC, tmp_path / "reference", workers=1, progress=False)
    final = pd.read_csv(out / "summary.csv", dtype={"run_id": str})
    weekly = pd.read_csv(out / "weekly.csv", dtype={"run_id": str})
    read = {"dtype": {"run_id": str}}
    ref_summary = pd.read_csv(tmp_path / "reference" / "summary.csv", **read)
    ref_weekly = pd.read_csv(tmp_path / "reference" / "weekly.csv", **read)
    assert len(final) == len(reference.summary) == len(SPEC["seeds"]) * 4
    assert final["run_id"].is_unique
    pd.testing.assert_frame_equal(final, ref_summary)
    pd.testing.assert_frame_equal(weekly, ref_weekly)
    assert all(damaged), damaged  # each cycle damaged a finished run's file
