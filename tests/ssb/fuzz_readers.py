"""Fuzz the SSB readers with hypothesis, under a memory and a time limit per process.

Run by ``test_ssb_fuzz.py`` in a subprocess (``python tests/ssb/fuzz_readers.py EXAMPLES``)
whose address space is limited to 2 GB, with every example under a 10-second alarm: an
example that allocates past the limit, hangs, or raises anything but the library's own
errors fails the run, and hypothesis prints the shrunk input.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MEMORY = 2 * 1024**3
SECONDS = 10


class TimedOut(Exception):
    """An example ran past its alarm."""


def _alarm(signum: int, frame: Any) -> None:
    raise TimedOut


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
keys = st.one_of(
    st.integers(min_value=-5, max_value=10**20).map(str),
    st.sampled_from(["²", "10**30", "1e3", " 1", "01", "", "٣"]),
    st.text(max_size=6),
)


@st.composite
def jsonstat_documents(draw: st.DrawFn) -> bytes:
    n_dims = draw(st.integers(min_value=0, max_value=5))
    ids = draw(st.lists(st.text(min_size=1, max_size=6), min_size=n_dims, max_size=n_dims))
    sizes = draw(
        st.lists(
            st.one_of(st.integers(0, 4), st.integers(10**6, 10**15)),
            min_size=n_dims,
            max_size=n_dims,
        )
    )
    dimension = {
        i: {"category": {"index": [str(k) for k in range(min(s, 4))]}}
        for i, s in zip(ids, sizes, strict=False)
    }
    value: Any = draw(
        st.one_of(
            st.lists(scalars, max_size=40),
            st.dictionaries(keys, scalars, max_size=20),
            scalars,
        )
    )
    status: Any = draw(
        st.one_of(
            st.none(),
            st.text(max_size=3),
            st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=40),
            st.dictionaries(keys, st.text(max_size=3), max_size=20),
        )
    )
    doc = {
        "version": "2.0",
        "class": draw(st.sampled_from(["dataset", "collection", "bundle", "x"])),
        "id": ids,
        "size": sizes,
        "dimension": dimension,
        "value": value,
        "status": status,
    }
    text = json.dumps(doc)
    if draw(st.booleans()):
        text = text.replace("0", draw(st.sampled_from(["NaN", "Infinity", "1e999", "[[[[0]]]]"])))
    return text.encode()


cells = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["..", ".", ":", "-", "1,5", "2.5", "2024", "2024K1", "inf", " " * 50]),
    st.text(max_size=10).map(lambda t: '"' + t.replace('"', "") + '"'),
)


@st.composite
def csv_documents(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([";", ",", "\t"]))
    width = draw(st.integers(min_value=1, max_value=6))
    header = draw(st.lists(cells, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(cells, min_size=1, max_size=width + 1), max_size=15))
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    if draw(st.booleans()):
        lines = ['"12345: Tittel, etter region og år"', "", *lines]
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "cp1252"])), "replace")


@st.composite
def px_documents(draw: st.DrawFn) -> bytes:
    n = draw(st.integers(min_value=1, max_value=3))
    names = [f"v{i}" for i in range(n)]
    parts = ['STUB="' + '","'.join(names) + '";']
    sizes = []
    for name in names:
        k = draw(st.integers(min_value=0, max_value=4))
        sizes.append(k)
        parts.append(f'VALUES("{name}")=' + ",".join(f'"{j}"' for j in range(k)) + ";")
    data = draw(st.lists(cells, max_size=20))
    parts.append("DATA=" + " ".join(data) + ";")
    text = "\n".join(parts)
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut]
    return text.encode("latin-1", "replace")


xlsx_cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["..", ":", "2024", "01 - Oslo", "05300: Tittel, etter region og år", ""]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=8),
)


@st.composite
def xlsx_documents(draw: st.DrawFn) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    grid = draw(st.lists(st.lists(xlsx_cells, max_size=6), max_size=12))
    for r, row in enumerate(grid, start=1):
        for c, value in enumerate(row, start=1):
            sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def run(examples: int) -> None:
    """Read every generated file; anything but success or the library's error fails."""
    from integreringslov.errors import IntegreringslovError
    from integreringslov.plugins import Plugins, get_plugin_manager

    plugins = Plugins(get_plugin_manager(autoload=False, blocked=()))
    folder = Path(tempfile.mkdtemp())
    signal.signal(signal.SIGALRM, _alarm)

    def read(data: bytes, name: str, importer: str | None) -> None:
        path = folder / name
        path.write_bytes(data)
        signal.alarm(SECONDS)
        try:
            plugins.read(path, importer=importer)
        except IntegreringslovError:
            pass
        finally:
            signal.alarm(0)

    config = settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )

    @config
    @given(data=jsonstat_documents(), detect=st.booleans())
    def fuzz_jsonstat(data: bytes, detect: bool) -> None:
        read(data, "fuzz.json", None if detect else "ssb-jsonstat")

    @config
    @given(data=csv_documents(), detect=st.booleans())
    def fuzz_csv(data: bytes, detect: bool) -> None:
        read(data, "fuzz.csv", None if detect else "ssb-csv")

    @config
    @given(data=px_documents(), detect=st.booleans())
    def fuzz_px(data: bytes, detect: bool) -> None:
        read(data, "fuzz.px", None if detect else "ssb-px")

    @config
    @given(data=xlsx_documents(), detect=st.booleans())
    def fuzz_xlsx(data: bytes, detect: bool) -> None:
        read(data, "fuzz.xlsx", None if detect else "ssb-xlsx")

    for fuzz in (fuzz_jsonstat, fuzz_csv, fuzz_px, fuzz_xlsx):
        fuzz()
        print(f"{fuzz.__name__}: {examples} examples passed", flush=True)


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
