"""examples/ssb_fetch_trondelag.py rebuilds the seed's table through the live path.

The fake serves the project's SSB-format file (tests/data/ssb/, see
src/integreringslov/data/README.md) as table ``trondelag-2021``, with a cell limit that cuts
the 54 cells into several calls. The expected table is the seed's transcription of the
county's slide (../shared/seed/trondelag_2021_age_by_world_region.csv), copied here.
"""

from __future__ import annotations

import io
import json
import runpy
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

from fake_servers import DATA, FakePxWeb

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "ssb_fetch_trondelag.py"
SEED = """\
world_region,0,1-5,6-12,13-15,16-19,20-44,45-66,67-79,80+
Europa unntatt Tyrkia,294,1584,1899,558,748,15289,7570,1087,302
Afrika,183,1079,1179,393,512,4475,1194,99,7
Asia med Tyrkia,231,1323,1901,778,1037,9715,3589,316,72
Nord-Amerika,6,37,39,21,14,489,217,82,37
Sør- og Mellom-Amerika,10,58,72,31,54,1055,426,56,10
Oseania,3,10,9,0,0,132,39,5,3
Total,727,4091,5099,1781,2365,31155,13035,1645,431
"""


def test_the_example_rebuilds_the_seed_table_from_several_calls():
    cube = json.loads(
        (DATA / "ssb" / "trondelag_2021_innvandrere_alder_verdensregion.json").read_text("utf-8")
    )
    fake = FakePxWeb(cubes={"trondelag-2021": cube}, max_data_cells=20, max_calls=100)
    module = runpy.run_path(str(SCRIPT))
    out = io.StringIO()
    with fake.running() as base, redirect_stdout(out):
        module["main"](["--base-url", base])
    assert fake.count("/data") == 3  # 6 world regions x 9 age groups at 20 cells a call
    text = out.getvalue()
    assert SEED in text
    assert text.endswith("60329 persons\n")
    seed = ROOT.parent / "shared" / "seed" / "trondelag_2021_age_by_world_region.csv"
    if seed.is_file():
        assert seed.read_text(encoding="utf-8") == SEED


def test_without_a_server_the_example_only_shows_its_selection(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "Selection: Region=50 InnvandrKat=B-C" in proc.stdout
    assert "Give --base-url URL" in proc.stdout
