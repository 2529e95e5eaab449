"""The SSB JSON-stat importer on every real sample, checked cell by cell.

Expected values are looked up in the raw JSON by a flat index computed by hand in each test
(row-major: the last dimension varies fastest), not by re-running the reader.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from integreringslov._io.jsonstat import read_jsonstat
from integreringslov.errors import SourceError
from integreringslov.plugins import Plugins


def cell(table: pd.DataFrame, **codes: str) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for dim, code in codes.items():
        mask &= table[dim].astype(object) == code
    rows = table[mask]
    assert len(rows) == 1, f"{codes} matches {len(rows)} rows"
    return rows.iloc[0]


def test_05300_jsonstat2_values_status_and_labels(
    plugins: Plugins, sample: Callable[[str], Path], raw: Callable[[str], Any]
) -> None:
    name = "ssb_v0_table_05300_jsonstat2.json"
    imported = plugins.read(sample(name))
    data = raw(name)
    table = imported.table
    assert imported.importer.name == "ssb-jsonstat"
    assert imported.report.ok
    assert list(table.columns[:4]) == ["Avstand1", "Kulturtilbud", "ContentsCode", "Tid"]
    assert len(table) == 6 * 8 * 1 * 9 == 432
    # Avstand1 "02" (pos 1), Kulturtilbud "03" (pos 2), Avstand (0), Tid "2016" (pos 7):
    # ((1 * 8 + 2) * 1 + 0) * 9 + 7 = 97
    row = cell(table, Avstand1="02", Kulturtilbud="03", ContentsCode="Avstand", Tid="2016")
    assert row["value"] == data["value"][97] == 35
    assert row["status"] == ""
    assert row["Avstand1_label"] == "1-4,9 km"
    assert row["Kulturtilbud_label"] == "Konsertsal eller lokale med jevnlige musikkarrangement"
    # Flat index 71 = 0*72 + 7*9 + 8: Avstand1 "01", Kulturtilbud "08", Tid "2021": null + "."
    row = cell(table, Avstand1="01", Kulturtilbud="08", Tid="2021")
    assert data["value"][71] is None
    assert math.isnan(row["value"])
    assert row["status"] == data["status"]["71"] == "."
    # 360 = 5*72 + 0*9 + 0: Avstand1 "06", Kulturtilbud "01", Tid "1991": ".."
    row = cell(table, Avstand1="06", Kulturtilbud="01", Tid="1991")
    assert row["status"] == data["status"]["360"] == ".."
    assert (table["status"] != "").sum() == len(data["status"]) == 28
    assert table["value"].isna().sum() == sum(v is None for v in data["value"])
    assert table.attrs["table_id"] == "05300"
    assert table.attrs["updated"] == "2022-05-24T06:00:00Z"


def test_1120_jsonstat1_bundle(
    plugins: Plugins, sample: Callable[[str], Path], raw: Callable[[str], Any]
) -> None:
    name = "ssb_v0dataset_1120_jsonstat1.json"
    imported = plugins.read(sample(name))
    data = raw(name)["dataset"]
    table = imported.table
    assert imported.report.ok
    assert list(table.columns[:3]) == ["VareGrupper2", "Tid", "ContentsCode"]
    # "02" (1), "2014U30" (0), "Kilopris" (1): (1 * 2 + 0) * 2 + 1 = 5
    row = cell(table, VareGrupper2="02", Tid="2014U30", ContentsCode="Kilopris")
    assert row["value"] == data["value"][5] == 43.49
    assert row["ContentsCode_label"] == "Price per kilo (NOK)"
    assert row["VareGrupper2_label"] == "Fish-farm bred salmon, frozen"
    assert (table["status"] == "").all()


def test_29843_jsonstat1_sparse_status(
    plugins: Plugins, sample: Callable[[str], Path], raw: Callable[[str], Any]
) -> None:
    name = "ssb_v0dataset_29843_jsonstat1.json"
    imported = plugins.read(sample(name))
    data = raw(name)["dataset"]
    table = imported.table
    dims = data["dimension"]
    assert imported.report.ok
    assert len(table) == 20 * 6 * 312
    index = {d: dims[d]["category"]["index"] for d in ("PKoder", "ContentsCode", "Tid")}
    # Pick a cell with a value: the last one.
    pk, cc, tid = "P120", "Vekter", "2015M12"
    flat = (index["PKoder"][pk] * 6 + index["ContentsCode"][cc]) * 312 + index["Tid"][tid]
    row = cell(table, PKoder=pk, ContentsCode=cc, Tid=tid)
    expected = data["value"][flat]
    assert (math.isnan(row["value"]) and expected is None) or row["value"] == expected
    # And one with a status: the first status key.
    key = next(iter(data["status"]))
    assert table.loc[int(key), "status"] == data["status"][key]
    assert (table["status"] == ".").sum() == len(data["status"]) == 7200
    values = [v for v in data["value"] if v is not None]
    assert table["value"].sum() == pytest.approx(sum(values))


def test_canada_index_forms_and_status_array(
    plugins: Plugins, sample: Callable[[str], Path], raw: Callable[[str], Any]
) -> None:
    name = "jsonstat_org_canada_v2.json"
    imported = plugins.read(sample(name))
    data = raw(name)
    table = imported.table
    assert imported.report.ok
    assert list(table.columns[:5]) == ["country", "year", "age", "concept", "sex"]
    # country CA (no index), year 2012, age "9" (array pos 2), PERCENT (object pos 1), F (2):
    # (((0 * 1 + 0) * 20 + 2) * 2 + 1) * 3 + 2 = 17
    row = cell(table, country="CA", year="2012", age="9", concept="PERCENT", sex="F")
    assert row["value"] == data["value"][17] == 5.1
    assert row["country_label"] == "Canada"
    assert row["age_label"] == "5 to 9"
    assert (table["status"] == "a").all()  # a one-element status array applies to all cells


def test_galicia_two_geo_roles_and_missing_index(
    plugins: Plugins, sample: Callable[[str], Path], raw: Callable[[str], Any]
) -> None:
    name = "ige_galicia_v2.json"
    imported = plugins.read(sample(name))
    data = raw(name)
    table = imported.table
    assert imported.report.ok
    assert data["id"] == ["birth", "age", "gender", "time", "residence", "concept"]
    # birth "F" (5), age "20" (5), gender "M" (1), time "2011" (1), residence "27" (2), pop (0)
    flat = ((((5 * 22 + 5) * 3 + 1) * 2 + 1) * 5 + 2) * 1 + 0
    row = cell(table, birth="F", age="20", gender="M", time="2011", residence="27", concept="pop")
    assert row["value"] == data["value"][flat]
    assert row["residence_label"] == "Lugo"
    assert row["concept_label"] == "population"
    assert table.attrs["role"]["geo"] == ["residence", "birth"]


def _write(tmp_path: Path, doc: Any, name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_index_object_in_any_key_order(
    tmp_path: Path, sample: Callable[[str], Path], raw: Callable[[str], Any]
) -> None:
    data = raw("ssb_v0_table_05300_jsonstat2.json")
    shuffled = json.loads(json.dumps(data))
    for dim in shuffled["dimension"].values():
        index = dim["category"]["index"]
        dim["category"]["index"] = dict(reversed(list(index.items())))
    original = read_jsonstat(sample("ssb_v0_table_05300_jsonstat2.json"))
    reordered = read_jsonstat(_write(tmp_path, shuffled))
    pd.testing.assert_frame_equal(
        original.astype(object), reordered.astype(object), check_categorical=False
    )


def small(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [2, 2],
        "dimension": {
            "Region": {"category": {"index": {"5001": 1, "50": 0}, "label": {"50": "Trøndelag"}}},
            "Tid": {"category": {"index": ["2020", "2021"]}},
        },
        "value": [1, 2, None, 4],
    }
    doc.update(changes)
    return doc


def test_sparse_value_and_status_forms(tmp_path: Path) -> None:
    table = read_jsonstat(_write(tmp_path, small(value={"1": 7, "3": 9.5}, status="e")))
    assert table["value"].tolist()[1::2] == [7.0, 9.5]
    assert table["value"].isna().tolist() == [True, False, True, False]
    assert (table["status"] == "e").all()
    table = read_jsonstat(_write(tmp_path, small(status=[None, "", "..", ":"])))
    assert table["status"].tolist() == ["", "", "..", ":"]
    assert table["Region"].tolist() == ["50", "50", "5001", "5001"]
    assert table["Region_label"].tolist() == ["Trøndelag", "Trøndelag", "5001", "5001"]
    table = read_jsonstat(_write(tmp_path, small()), labels=False)
    assert list(table.columns) == ["Region", "Tid", "value", "status"]


def test_collections_and_multi_dataset_bundles(tmp_path: Path, raw: Callable[[str], Any]) -> None:
    collection = {
        "version": "2.0",
        "class": "collection",
        "link": {"item": [small(label="first"), small(label="second", value=[5, 6, 7, 8])]},
    }
    path = _write(tmp_path, collection)
    with pytest.raises(SourceError, match="2 datasets"):
        read_jsonstat(path)
    assert read_jsonstat(path, dataset="second")["value"].tolist() == [5, 6, 7, 8]
    assert read_jsonstat(path, dataset=0)["value"].tolist()[:2] == [1, 2]
    one = raw("ssb_v0dataset_1120_jsonstat1.json")["dataset"]
    bundle = _write(tmp_path, {"a": one, "b": one}, "bundle.json")
    assert len(read_jsonstat(bundle, dataset="b")) == 8


def test_the_dataset_option_reaches_the_reader(plugins: Plugins, tmp_path: Path) -> None:
    collection = {"class": "collection", "link": {"item": [small(), small(value=[5, 6, 7, 8])]}}
    path = _write(tmp_path, collection)
    assert plugins.read(path, dataset=1).table["value"].tolist() == [5, 6, 7, 8]
