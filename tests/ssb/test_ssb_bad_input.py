"""Bad input gives the library's SourceError naming the file and the problem; CLI exits 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integreringslov.cli import main
from integreringslov.errors import IntegreringslovError, SourceError
from integreringslov.plugins import Plugins, default_plugins


def dataset(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [2, 2],
        "dimension": {
            "Region": {"category": {"index": {"50": 0, "5001": 1}}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        },
        "value": [1, 2, 3, 4],
        "role": {"time": ["Tid"]},
    }
    doc.update(changes)
    return doc


def dims(**region: Any) -> dict[str, Any]:
    return {"Region": {"category": region}, "Tid": {"category": {"index": ["2020", "2021"]}}}


BAD_JSON: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "whitespace": (b"  \n", "empty"),
    "truncated": (json.dumps(dataset()).encode()[:60], "not valid JSON"),
    "not json": (b"Region;Tid\n50;2020\n", "not valid JSON"),
    "binary garbage": (bytes(range(256)), "binary"),
    "utf-16": (json.dumps(dataset()).encode("utf-16"), "binary or UTF-16"),
    "latin-1": (
        json.dumps(dataset(label="Tr\u00f8ndelag"), ensure_ascii=False).encode("latin-1"),
        "not UTF-8",
    ),
    "top-level array": (b"[1, 2]", "not JSON-stat"),
    "no dataset": (b'{"queryObj": {"query": []}}', "no dataset"),
    "size vs id": (json.dumps(dataset(size=[2])).encode(), '"size" has 1 entries'),
    "size vs categories": (
        json.dumps(dataset(size=[3, 2], value=[0] * 6)).encode(),
        'has 2 categories but "size" says 3',
    ),
    "size vs values": (json.dumps(dataset(value=[1, 2, 3])).encode(), '"value" has 3 entries'),
    "unknown role": (
        json.dumps(dataset(role={"geo": ["Kommune"]})).encode(),
        "unknown dimension 'Kommune'",
    ),
    "object as a value": (
        json.dumps(dataset(value=[1, {"n": 2}, 3, 4])).encode(),
        "not a number, a text or null",
    ),
    "boolean value": (json.dumps(dataset(value=[1, True, 3, 4])).encode(), "not a number"),
    "NaN literal": (
        json.dumps(dataset()).replace("[1, 2, 3, 4]", "[1, NaN, 3, 4]").encode(),
        "not valid JSON",
    ),
    "duplicate code (array)": (
        json.dumps(dataset(dimension=dims(index=["50", "50"]))).encode(),
        "appears twice",
    ),
    "duplicate code (object)": (
        json.dumps(dataset()).replace('{"50": 0, "5001": 1}', '{"50": 0, "50": 1}').encode(),
        "names the key '50' twice",
    ),
    "duplicate id": (json.dumps(dataset(id=["Region", "Region"])).encode(), "twice"),
    "sparse value out of range": (json.dumps(dataset(value={"9": 1})).encode(), "refers to cell 9"),
    "status key not a number": (
        json.dumps(dataset(status={"x": "."})).encode(),
        "not a cell position",
    ),
    "no category": (
        json.dumps(dataset(dimension={"Region": {}, "Tid": {}})).encode(),
        'no "category"',
    ),
}


@pytest.mark.parametrize("case", BAD_JSON, ids=list(BAD_JSON))
def test_bad_json_is_a_source_error_naming_the_file(
    case: str, plugins: Plugins, tmp_path: Path
) -> None:
    content, message = BAD_JSON[case]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer="ssb-jsonstat")
    assert str(path) in str(info.value)
    assert message in str(info.value)
    assert info.value.problems[0].source == str(path)


def test_a_duplicate_key_is_one_problem_in_its_own_words(plugins: Plugins, tmp_path: Path) -> None:
    """It was wrapped in «not valid JSON: <the whole error>» and lost its check."""
    content, _ = BAD_JSON["duplicate code (object)"]
    path = tmp_path / "twice.json"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer="ssb-jsonstat")
    (problem,) = info.value.problems
    assert problem.check == "duplicate_key"
    assert "names the key '50' twice" in problem.message
    assert not problem.message.startswith("not valid JSON")


BAD_CSV: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "binary": (b"\x00\x01\x02" * 50, "binary"),
    "undecodable": (
        b'"region";"x 2021"\n"5001 A";1\n' + b"\x81\x8d\n",
        "neither UTF-8 nor",
    ),
    "ragged": (b'"region";"x 2021"\n"5001 A";1;2\n', "3 cells"),
    "text in a value cell": (b'"region";"x 2021"\n"5001 A";abc\n', "neither a number"),
    "title only": ('"11616: Sysselsatte, etter region og år"\n'.encode(), "no header"),
}


@pytest.mark.parametrize("case", BAD_CSV, ids=list(BAD_CSV))
def test_bad_csv_is_a_source_error_naming_the_file(
    case: str, plugins: Plugins, tmp_path: Path
) -> None:
    content, message = BAD_CSV[case]
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer="ssb-csv")
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_a_bad_value_cell_names_line_and_column(plugins: Plugins, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('"region";"A 2021";"B 2021"\n"5001 X";1;2\n"5006 Y";3;tre\n', encoding="utf-8")
    with pytest.raises(SourceError) as info:
        plugins.read(path, importer="ssb-csv")
    problem = info.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (3, "B 2021", "tre")


@pytest.mark.parametrize("case", ["truncated", "binary garbage", "size vs values"])
def test_the_cli_prints_the_error_and_exits_1(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTEGRERINGSLOV_DISABLE_PLUGIN_AUTOLOAD", "1")
    default_plugins.cache_clear()
    path = tmp_path / "bad.json"
    path.write_bytes(BAD_JSON[case][0])
    try:
        assert main(["import", str(path), "--importer", "ssb-jsonstat"]) == 1
    finally:
        default_plugins.cache_clear()
    err = capsys.readouterr().err
    assert str(path) in err
    assert BAD_JSON[case][1] in err
    assert "Traceback" not in err


SAMPLE_NAMES = [
    "ssb_v0_table_05300_jsonstat2.json",
    "ssb_v0dataset_1120_jsonstat1.json",
    "jsonstat_org_canada_v2.json",
    "ssb_statbank_web_export_11616.csv",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(SAMPLE_NAMES),
    cut=st.integers(min_value=0, max_value=4000),
    position=st.integers(min_value=0, max_value=4000),
    replacement=st.binary(min_size=0, max_size=8),
    delete=st.integers(min_value=0, max_value=8),
    detect=st.booleans(),
)
def test_fuzz_only_library_errors_escape(
    sample: Callable[[str], Path],
    plugins: Plugins,
    tmp_path: Path,
    name: str,
    cut: int,
    position: int,
    replacement: bytes,
    delete: int,
    detect: bool,
) -> None:
    data = sample(name).read_bytes()
    pos = position % (len(data) + 1)
    mutated = data[:pos] + replacement + data[pos + delete :]
    if cut % 3 == 0:
        mutated = mutated[: cut % (len(mutated) + 1)]
    path = tmp_path / name
    path.write_bytes(mutated)
    importer = None if detect else ("ssb-csv" if name.endswith(".csv") else "ssb-jsonstat")
    try:
        imported = plugins.read(path, importer=importer)
    except IntegreringslovError:
        return
    assert imported.report.rows >= len(imported.table)
