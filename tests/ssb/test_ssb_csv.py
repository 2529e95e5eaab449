"""The SSB CSV importer on the real StatBank downloads, checked cell by cell."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from integreringslov.plugins import Plugins


def test_11616_web_export(plugins: Plugins, sample: Callable[[str], Path]) -> None:
    path = sample("ssb_statbank_web_export_11616.csv")
    imported = plugins.read(path)
    table = imported.table
    assert imported.importer.name == "ssb-csv"
    assert imported.report.ok
    assert list(table.columns) == [
        "Region",
        "ContentsCode",
        "Tid",
        "Region_label",
        "ContentsCode_label",
        "Tid_label",
        "value",
        "status",
    ]
    lines = path.read_bytes().decode("cp1252").splitlines()
    header = next(csv.reader([lines[2]], delimiter=";"))
    row = next(csv.reader([lines[5]], delimiter=";"))  # line 6 of the file
    assert row[0] == "3803 Tønsberg"
    assert header[3] == "Personer som pendler ut av regionen 2021"
    hit = table[
        (table["Region"] == "3803")
        & (table["ContentsCode"] == "Personer som pendler ut av regionen")
    ]
    assert len(hit) == 1
    assert hit["value"].iloc[0] == float(row[3]) == 11997
    assert hit.index[0] == 6  # the line number in the file
    assert hit["Region_label"].iloc[0] == "Tønsberg"
    assert hit["Tid"].iloc[0] == "2021"
    assert len(table) == 23 * 4
    assert table.attrs["table_id"] == "11616"


def test_07459_population_by_municipality_and_age(
    plugins: Plugins, sample: Callable[[str], Path]
) -> None:
    path = sample("ssb07459_personer_2021_kommune_alder.csv")
    imported = plugins.read(path)
    table = imported.table
    assert imported.report.ok
    lines = path.read_bytes().decode("latin-1").splitlines()
    expected = {}
    for fields in csv.reader(lines[3:], delimiter=";"):
        expected[(fields[0], fields[1])] = int(fields[2])
    assert len(table) == len(expected) == 38054
    trondheim = table[table["Region"] == "K-5001"]
    assert trondheim["Region_label"].iloc[0] == "Trondheim"
    assert trondheim["value"].sum() == sum(
        v for (r, _), v in expected.items() if r == "K-5001 Trondheim"
    )
    one = trondheim[trondheim["Alder"] == "17 years"]
    assert one["value"].iloc[0] == expected[("K-5001 Trondheim", "17 years")]
    assert set(table["ContentsCode"]) == {"Persons"}
    assert set(table["Tid"]) == {"2021"}
    assert "K-Rest" in set(table["Region"])


def test_utf8_bom_decimal_comma_and_symbols(plugins: Plugins, tmp_path: Path) -> None:
    path = tmp_path / "SSB_09817.csv"
    text = (
        '"09817: Innvandrere, etter region, statistikkvariabel og år"\n\n'
        '"region";"Andel av befolkningen 2020";"Andel av befolkningen 2021"\n'
        '"5001 Trondheim";12,5;13,1\n'
        '"5014 Frøya";..;:\n'
        '"5025 Røros";-;.\n'
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    imported = plugins.read(path)
    table = imported.table
    assert imported.report.ok
    assert table["value"].tolist()[:2] == [12.5, 13.1]
    assert table["status"].tolist() == ["", "", "..", ":", "-", "."]
    assert all(math.isnan(v) for v in table["value"].tolist()[2:])
    assert table["Region_label"].tolist()[2] == "Frøya"
    assert table["Tid"].tolist() == ["2020", "2021"] * 3
    assert table["ContentsCode"].iloc[0] == "Andel av befolkningen"


def test_csv_without_labels(plugins: Plugins, sample: Callable[[str], Path]) -> None:
    table = plugins.read(sample("ssb_statbank_web_export_11616.csv"), labels=False).table
    assert list(table.columns) == ["Region", "ContentsCode", "Tid", "value", "status"]
    assert isinstance(table["Region"].dtype, pd.CategoricalDtype)
