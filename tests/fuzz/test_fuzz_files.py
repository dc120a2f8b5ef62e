"""Bad scenario and sweep files: encodings, nesting, unknown keys, wrong types."""

import pytest
from conftest import check_message
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmsim import CRMSimError, load_scenario, load_sweep

ENCODINGS = {
    "utf-16 with BOM": "weeks = 10\n".encode("utf-16"),
    "utf-16-le": "weeks = 10\n".encode("utf-16-le"),
    "utf-16-be": "weeks = 10\n".encode("utf-16-be"),
    "latin-1": "name = 'café'\n".encode("latin-1"),
    "gb18030": "name = '客户'\n".encode("gb18030"),
    "binary": bytes(range(256)),
    "png header": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "nul in text": b"weeks = 10\x00\n",
    "deep arrays": b"x = " + b"[" * 3000 + b"]" * 3000,
    "deep inline tables": b"x = " + b"{a = " * 600 + b"1" + b"}" * 600,
    "nested 5": b"wallet_share = [[[[[0.1]]]]]\n",
    "too large": b"# " + b"x" * 1_100_000 + b"\n",
    "empty key": b'"" = 1\n',
}

TEXTS = {
    "unknown key": ("wekes = 10\n", "did you mean 'weeks'"),
    "unknown preset": ('preset = "socail"\n', "social"),
    "preset number": ("preset = 3\n", "preset=3"),
    "weeks text": ('weeks = "ten"\n', "weeks="),
    "weeks float": ("weeks = 10.5\n", "weeks=10.5"),
    "weeks bool": ("weeks = true\n", "weeks=True"),
    "weeks table": ("[weeks]\na = 1\n", "weeks="),
    "weeks array": ("weeks = [1, 2]\n", "weeks="),
    "quality nan": ("service_quality = nan\n", "service_quality=nan"),
    "quality inf": ("service_quality = inf\n", "service_quality=inf"),
    "quality date": ("service_quality = 1979-05-27\n", "service_quality="),
    "money overflow": ("basket_value = 5e15\n", "basket_value="),
    "wallet short": ("wallet_share = [0.1, 0.2]\n", "wallet_share="),
    "wallet text": ('wallet_share = ["a", "b", "c", "d"]\n', "wallet_share"),
    "malformed": ("weeks = [1,\n", "is not valid TOML"),
    "duplicate key": ("weeks = 1\nweeks = 2\n", "is not valid TOML"),
}

SWEEPS = {
    "no seeds": ("weeks = 5\n", "no seeds"),
    "seeds text": ('seeds = "1"\n', "seeds="),
    "seeds negative": ("seeds = [-1]\n", "seeds="),
    "seeds bool": ("seeds = [true]\n", "seeds="),
    "seeds huge": ("seeds = [100000000000000000000]\n", "seeds="),
    "seeds repeat": ("seeds = [1, 1]\n", "repeats"),
    "replicates huge": ("replicates = 1000000000\n", "replicates=1000000000"),
    "replicates zero": ("replicates = 0\n", "replicates=0"),
    "grid not table": ("seeds = [1]\ngrid = 3\n", "grid=3"),
    "grid empty": ("seeds = [1]\n[grid]\n", "[grid] is empty"),
    "grid scalar": ("seeds = [1]\n[grid]\nweeks = 5\n", "[grid] weeks = 5"),
    "grid empty list": ("seeds = [1]\n[grid]\nweeks = []\n", "is empty"),
    "grid unknown": ("seeds = [1]\n[grid]\nwekes = [1]\n", "wekes"),
    "grid bad value": ("seeds = [1]\n[grid]\nweeks = [0]\n", "weeks=0"),
    "grid too large": (
        "seeds = [1]\n[grid]\nweeks = [" + ",".join(map(str, range(1, 201))) + "]\n"
        "service_quality = [" + ",".join(str(i / 200) for i in range(201)) + "]\n",
        "allowed at most 20,000",
    ),
    "runs not tables": ("seeds = [1]\nruns = [1, 2]\n", "runs is invalid"),
    "runs unknown": ("seeds = [1]\n[[runs]]\nwekes = 1\n", "wekes"),
    "engine": ('seeds = [1]\nengine = "gpu"\n', "engine='gpu'"),
    "engine in grid": ('seeds = [1]\n[grid]\nengine = ["gpu"]\n', "engine='gpu'"),
    "preset in grid": ("seeds = [1]\n[grid]\npreset = [3]\n", "preset=3"),
}


@pytest.mark.parametrize("kind", ["scenario", "sweep"])
@pytest.mark.parametrize("case", ENCODINGS)
def test_unreadable_files(tmp_path, case, kind, cli):
    path = tmp_path / "bad.toml"
    path.write_bytes(ENCODINGS[case])
    load = load_scenario if kind == "scenario" else load_sweep
    with pytest.raises(CRMSimError) as info:
        load(path)
    check_message(str(info.value))
    if kind == "scenario":
        check_message(cli("run", path, "--no-progress", with_out=True))
    else:
        check_message(cli("sweep", path, "--no-progress", with_out=True))


@pytest.mark.parametrize("case", TEXTS)
def test_bad_scenario_files(tmp_path, case, cli):
    text, fragment = TEXTS[case]
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    err = cli("run", path, "--no-progress", with_out=True)
    check_message(err, fragment)


@pytest.mark.parametrize("case", [*SWEEPS, *TEXTS])
def test_bad_sweep_files(tmp_path, case, cli):
    text, fragment = SWEEPS.get(case) or TEXTS[case]
    if case in TEXTS and "seeds" not in text:
        text = "seeds = [1]\n" + text
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    err = cli("sweep", path, "--no-progress", with_out=True)
    check_message(err, fragment)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=200))
def test_hypothesis_random_bytes_never_crash(tmp_path, data):
    path = tmp_path / "random.toml"
    path.write_bytes(data)
    try:
        load_sweep(path)
    except CRMSimError as exc:
        assert "\n" not in str(exc)
    else:  # pragma: no cover - random bytes are almost never a valid sweep
        pass
