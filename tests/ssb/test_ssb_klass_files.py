"""A KLASS file handed to ``il.read`` says what it is and how to use it — not «not JSON-stat».

The files are KLASS responses people saved (``tests/data/ssb/real/klass`` and the region
samples in ``tests/data/klass``, each with its provenance). None is a table: the reader
refuses it, naming the KLASS form and what it holds as the file itself shows it (counted
here with :mod:`json` and :mod:`csv`), and points to ``integreringslov regions update
--from``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from integreringslov._io.klass import klass_csv, klass_json
from integreringslov.cli import main
from integreringslov.errors import SourceError
from integreringslov.plugins import Plugins

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "ssb" / "real" / "klass"
SAMPLES = DATA / "klass"


def _what(path: Path) -> str:
    """What the file holds, in the words the refusal uses, read off the file here."""
    if path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="latin-1")), delimiter=";"))
        return f"KLASS codes as CSV: {len(rows) - 1} rows"
    doc = json.loads(path.read_text(encoding="utf-8"))
    if "versions" in doc:
        return (
            f"the KLASS classification {doc['id']} «{doc['name']}» with its list of "
            f"{len(doc['versions'])} versions"
        )
    if "classificationItems" in doc:
        return (
            f"the KLASS version (or variant) «{doc['name']}», valid from {doc['validFrom']} "
            f"with {len(doc['classificationItems'])} codes"
        )
    if "codes" in doc:
        return f"KLASS codes ('codes' or 'codesAt'): {len(doc['codes'])} codes"
    return f"KLASS code changes ('changes'): {len(doc['codeChanges'])} rows"


FILES = sorted([*REAL.iterdir(), *SAMPLES.glob("*.json")])


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_klass_file_is_refused_with_what_it_is_and_how_to_use_it(
    path: Path, plugins: Plugins
) -> None:
    with pytest.raises(SourceError) as info:
        plugins.read(path)  # by detection, as a user would
    problem = info.value.problems[0]
    assert problem.check == "klass_file"
    assert f"this is a KLASS classification file ({_what(path)}), not a statistics table" in (
        problem.message
    )
    assert f"integreringslov regions update --from {path}" in problem.message
    assert "not JSON-stat" not in str(info.value)


def test_the_refusal_in_bokmal(plugins: Plugins) -> None:
    with pytest.raises(SourceError) as info:
        plugins.read(REAL / "klass131_codesAt_2023-03-02.json", lang="nb")
    message = info.value.problems[0].message
    assert "dette er en KLASS-klassifikasjonsfil (KLASS-koder" in message
    assert "ikke en statistikktabell" in message


def test_the_command_line_exits_1_with_the_pointer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(REAL / "klass131_classification.json")]) == 1
    err = capsys.readouterr().err
    assert "regions update --from" in err
    assert "Traceback" not in err


def test_a_jsonstat_dataset_and_a_pxweb_csv_are_not_klass() -> None:
    assert klass_json({"class": "dataset", "value": [], "dimension": {}}) is None
    assert klass_json({"codes": [{"id": 1}]}) is None  # a list of something else
    assert klass_csv(["region", "år", "Personer"]) is None
    assert klass_csv(["oldCode", "oldName", "newCode", "newName"]) is not None
