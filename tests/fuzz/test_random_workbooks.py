"""Random workbooks (hypothesis) read in a child process limited to 2 GiB and 30 s.

The cells are what a careless or hostile program could write: every cell type Excel
knows and one it does not, values that are no number or no date (``-700000`` in a date
cell, ``1e308``, ``NaN``), formulas with and without a cached value, styles that do not
exist, merged blocks. The reader runs in a child, because a native abort would end the
test process itself: the child must exit normally, having met nothing but
:class:`~integreringslov.errors.SourceError` refusals.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

CHILD = textwrap.dedent(
    """
    import os, sys, tempfile
    from pathlib import Path
    from hypothesis import given, settings, strategies as st
    from hostile_files import PERSON_HEADER, cell_ref, sheet_xml, workbook, xlsx_zip
    import integreringslov_importers.spreadsheet as sp
    from integreringslov.errors import SourceError

    VALUES = ["-5", "-700000", "1e308", "NaN", "inf", "abc", "", "99999999999", "3.5",
              "2958466", "#REF!", "2024-01-01", "10", "-0.5", "1e-300"]
    TYPES = ["", ' t="s"', ' t="n"', ' t="b"', ' t="d"', ' t="e"', ' t="str"', ' t="zz"']
    STYLES = ["", ' s="1"', ' s="7"']

    @st.composite
    def cell(draw, ref):
        t, s, v = draw(st.sampled_from(TYPES)), draw(st.sampled_from(STYLES)), draw(
            st.sampled_from(VALUES))
        body = f"<v>{v}</v>" if draw(st.booleans()) else ""
        if draw(st.integers(0, 4)) == 0:
            body = "<f>A1*2</f>" + body
        return f'<c r="{ref}"{t}{s}>{body}</c>'

    @st.composite
    def sheet(draw):
        rows = []
        for r in range(2, draw(st.integers(2, 8))):
            cells = [draw(cell(cell_ref(r, c))) for c in range(1, 7)]
            rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        merged = draw(st.sampled_from([[], ["A2:B3"], ["E3:E6"], ["A1:F1"]]))
        return sheet_xml([list(PERSON_HEADER)], extra_cells="".join(rows), merged=merged)

    @settings(max_examples=int(sys.argv[1]), database=None, deadline=None,
              derandomize=os.environ.get("CI", "").lower() == "true")
    @given(sheet())
    def run(xml):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ark.xlsx"
            path.write_bytes(xlsx_zip(workbook({"Ark1": xml})))
            try:
                sp.read_spreadsheet(path)
            except SourceError:
                pass

    run()
    print("ok")
    """
)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.timeout(120)
def test_random_workbooks_never_end_the_process() -> None:
    here = Path(__file__).parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(here), *sys.path])}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, "150"],
        capture_output=True,
        text=True,
        timeout=90,
        preexec_fn=_limit,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert proc.stdout.strip() == "ok"
