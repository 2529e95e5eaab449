"""Run the SSB reader fuzzer (``fuzz_readers.py``) in a process limited to 2 GB."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FUZZER = Path(__file__).with_name("fuzz_readers.py")
EXAMPLES = int(os.environ.get("INTEGRERINGSLOV_FUZZ_EXAMPLES", "60"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux")
def test_fuzzed_ssb_files_end_in_a_table_or_a_library_error() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")]),
    }
    env["INTEGRERINGSLOV_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    done = subprocess.run(
        [sys.executable, str(FUZZER), str(EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    for name in ("fuzz_jsonstat", "fuzz_csv", "fuzz_px", "fuzz_xlsx"):
        assert f"{name}: {EXAMPLES} examples passed" in done.stdout
