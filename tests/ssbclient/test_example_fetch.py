"""examples/ssb_fetch_trondelag.py rebuilds the seed's table through the live path.

The fake serves the project's SSB-format file (tests/data/ssb/, see
src/integreringslov/data/README.md) as table ``trondelag-2021``, with a cell limit that cuts
the 54 cells into several calls. The expected table is the one the file-based example reads
from disk, whose figures are the seed's transcription of the county's slide.
"""

from __future__ import annotations

import io
import json
import runpy
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
from fake_servers import DATA, FakePxWeb

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "ssb_fetch_trondelag.py"


def test_the_example_rebuilds_the_seed_table_from_several_calls(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "examples"))
    cube = json.loads(
        (DATA / "ssb" / "trondelag_2021_innvandrere_alder_verdensregion.json").read_text("utf-8")
    )
    fake = FakePxWeb(cubes={"trondelag-2021": cube}, max_data_cells=20, max_calls=100)
    live = runpy.run_path(str(SCRIPT))
    with fake.running() as base:
        table = live["age_by_world_region_live"](base)
        out = io.StringIO()
        with redirect_stdout(out):
            live["main"](["--base-url", base])
    # 6 world regions x 9 age groups at 20 cells a call; the second fetch is from the cache
    assert fake.count("/data") == 3
    # the same table as the file read from disk (tests/ssb/test_ssb_immigrants.py checks that
    # one against the seed's transcription of the slide, cell for cell)
    from_file = runpy.run_path(str(ROOT / "examples" / "ssb_immigrants_trondelag.py"))
    pd.testing.assert_frame_equal(table, from_file["age_by_world_region_table"]())
    assert table.loc["Total"].tolist() == [727, 4091, 5099, 1781, 2365, 31155, 13035, 1645, 431]
    assert out.getvalue().endswith("60329 persons\n")


def test_without_a_server_the_example_only_shows_its_selection(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Selection: Region=50 InnvandrKat=B-C" in proc.stdout
    assert "Give --base-url URL" in proc.stdout
