"""Rebuild the reconstructed SSB/PxWeb CSV forms in this folder from the real JSON-stat files.

Every figure, code and label comes from a real SSB response in ``../samples/``; only the
layout is reconstructed, following the serializers that write these formats (see README.md).
Run ``python tests/data/ssb/forms/make_forms.py`` to rebuild; the files are committed.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SAMPLES = HERE.parent / "samples"


def cube(
    doc: dict[str, Any],
) -> tuple[
    list[str], list[list[str]], dict[str, dict[str, str]], dict[str, str], list[Any], dict[str, str]
]:
    """ids, codes per dimension, labels, dimension labels, values, status (by position)."""
    dims = doc["dimension"]
    ids = doc.get("id") or dims["id"]
    codes, labels, dim_labels = [], {}, {}
    for d in ids:
        index = dims[d]["category"]["index"]
        ordered = sorted(index, key=index.__getitem__) if isinstance(index, dict) else index
        codes.append(ordered)
        labels[d] = dims[d]["category"].get("label", {})
        dim_labels[d] = dims[d].get("label", d)
    return ids, codes, labels, dim_labels, doc["value"], doc.get("status") or {}


def cell(values: list[Any], status: dict[str, str], pos: int, decimal: str = ".") -> str:
    if values[pos] is None:
        return status.get(str(pos), "..")
    return str(values[pos]).replace(".", decimal)


def positions(sizes: list[int]) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(s) for s in sizes)))


def flat(coords: tuple[int, ...], sizes: list[int]) -> int:
    pos = 0
    for c, s in zip(coords, sizes, strict=True):
        pos = pos * s + c
    return pos


def write(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def forms_05300() -> None:
    doc = json.loads((SAMPLES / "ssb_v0_table_05300_jsonstat2.json").read_text("utf-8"))
    ids, codes, labels, dim_labels, values, status = cube(doc)
    sizes = [len(c) for c in codes]
    title = doc["label"]
    contents = labels["ContentsCode"]["Avstand"]

    # PxWebApi v1 csv3: codes, one row per cell, table id as the value column's name.
    lines = [",".join([*ids, "05300"])]
    for coords in positions(sizes):
        lines.append(
            ",".join(
                [
                    *(codes[i][c] for i, c in enumerate(coords)),
                    cell(values, status, flat(coords, sizes)),
                ]
            )
        )
    write("05300_v1_csv3.csv", "\r\n".join(lines) + "\r\n")

    # PxWebApi v1 csv2: all variables in the stub, texts quoted, the contents as value column.
    lines = [",".join(q(dim_labels[d]) for d in ids) + "," + q(contents)]
    for coords in positions(sizes):
        texts = [q(labels[ids[i]].get(codes[i][c], codes[i][c])) for i, c in enumerate(coords)]
        lines.append(",".join([*texts, cell(values, status, flat(coords, sizes))]))
    write("05300_v1_csv2.csv", "\r\n".join(lines) + "\r\n")

    # PxWebApi 2 csv, outputFormatParams=IncludeTitle,SeparatorSemicolon,UseCodesAndTexts;
    # stub avstand, kulturtilbud, statistikkvariabel; heading år.
    stub = ids[:3]
    years = codes[3]
    lines = [q(title), ""]
    lines.append(";".join([*(q(dim_labels[d]) for d in stub), *(q(y) for y in years)]))
    for coords in positions(sizes[:3]):
        texts = [q(f"{codes[i][c]} - {labels[ids[i]][codes[i][c]]}") for i, c in enumerate(coords)]
        cells = [cell(values, status, flat((*coords, t), sizes)) for t in range(len(years))]
        lines.append(";".join([*texts, *cells]))
    write("05300_v2_csv_title_semicolon_codes_and_texts.csv", "\r\n".join(lines) + "\r\n")

    # PxWebApi 2 csv, outputFormatParams=SeparatorTab,UseTexts; no title.
    lines = ["\t".join([*(q(dim_labels[d]) for d in stub), *(q(y) for y in years)])]
    for coords in positions(sizes[:3]):
        texts = [q(labels[ids[i]][codes[i][c]]) for i, c in enumerate(coords)]
        cells = [cell(values, status, flat((*coords, t), sizes)) for t in range(len(years))]
        lines.append("\t".join([*texts, *cells]))
    write("05300_v2_csv_tab_texts.csv", "\r\n".join(lines) + "\r\n")

    # PxWebApi 2 csv, default comma, outputFormatParams=UseCodes: codes for variables and
    # values, so every stub cell ("01") looks like a number and only its quotes tell.
    lines = [",".join([*(q(d) for d in stub), *(q(y) for y in years)])]
    for coords in positions(sizes[:3]):
        texts = [q(codes[i][c]) for i, c in enumerate(coords)]
        cells = [cell(values, status, flat((*coords, t), sizes)) for t in range(len(years))]
        lines.append(",".join([*texts, *cells]))
    write("05300_v2_csv_codes.csv", "\r\n".join(lines) + "\r\n")

    # StatBank download without a title, years quoted in the stub (Windows-1252), and the
    # ready-made dataset CSV: the same rows, "<table id>: <title>" as the value column.
    for name, value_column in (
        ("05300_statbank_quoted_years.csv", contents),
        ("05300_ready_made_dataset.csv", title),
    ):
        lines = [";".join([*(q(dim_labels[d]) for d in ids), q(value_column)])]
        for coords in positions(sizes):
            texts = [
                q(f"{codes[i][c]} {labels[ids[i]][codes[i][c]]}")
                if ids[i] in ("Avstand1", "Kulturtilbud")
                else q(labels[ids[i]][codes[i][c]])
                for i, c in enumerate(coords)
            ]
            value = cell(values, status, flat(coords, sizes), decimal=",")
            lines.append(";".join([*texts, value]))
        write(name, "\r\n".join(lines) + "\r\n", encoding="cp1252")


def xlsx_05300(path: Path, *, title: bool = True) -> None:
    """The StatBank .xlsx download as PxWeb's Xlsx2Serializer writes it (see README.md).

    ``title=False``: PxWeb 2's own download, which leaves ``IncludeTitle`` off: no title,
    the heading on row 1.
    """
    import openpyxl

    doc = json.loads((SAMPLES / "ssb_v0_table_05300_jsonstat2.json").read_text("utf-8"))
    ids, codes, labels, _, values, status = cube(doc)
    sizes = [len(c) for c in codes]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "05300"
    top = 1
    if title:
        sheet.cell(1, 1, doc["label"])  # IncludeTitle: the title, then an empty row
        top = 3
    for t, year in enumerate(codes[3]):  # one heading variable (år), right of the stub
        sheet.cell(top, 4 + t, year)
    row = top + 1
    for coords in positions(sizes[:3]):
        for i, c in enumerate(coords):  # a stub value once per block
            if all(x == 0 for x in coords[i + 1 :]):
                sheet.cell(row, i + 1, f"{codes[i][c]} - {labels[ids[i]][codes[i][c]]}")
        for t in range(len(codes[3])):
            pos = flat((*coords, t), sizes)
            cell = values[pos] if values[pos] is not None else status.get(str(pos), "..")
            sheet.cell(row, 4 + t, cell)
        row += 1
    sheet.cell(row + 1, 1, "Kontakt:")  # the table information below an empty row
    sheet.cell(row + 2, 1, "Tabell:")
    sheet.cell(row + 2, 2, "05300")
    sheet.cell(row + 3, 1, "Kilde:")
    sheet.cell(row + 3, 2, doc["source"])
    book.save(path)


def forms_29843() -> None:
    doc = json.loads((SAMPLES / "ssb_v0dataset_29843_jsonstat1.json").read_text("utf-8"))["dataset"]
    ids, codes, labels, dim_labels, values, status = cube(doc)
    sizes = [len(c) for c in codes]
    months = list(range(sizes[2] - 3, sizes[2]))  # the last three months
    contents = [2, 0]  # Unadjusted, Seasonally adjusted
    # PxWebApi v1 csv (the default pivot): stub industry, heading contents × time.
    lines = [q(doc["label"].replace("Index", "29843: Index", 1)), ""]
    heading = [
        q(f"{labels['ContentsCode'][codes[1][k]]} {codes[2][m]}") for k in contents for m in months
    ]
    lines.append(",".join([q(dim_labels["PKoder"]), *heading]))
    for p in range(sizes[0]):
        cells = [cell(values, status, flat((p, k, m), sizes)) for k in contents for m in months]
        lines.append(",".join([q(f"{codes[0][p]} {labels['PKoder'][codes[0][p]]}"), *cells]))
    write("29843_v1_csv_months_in_heading.csv", "\r\n".join(lines) + "\r\n")
    # Norwegian-style: semicolon, decimal comma, months quoted in the stub.
    lines = [";".join([q(dim_labels[d]) for d in ids] + [q("Index of production")])]
    for p in range(sizes[0]):
        for k in contents:
            for m in months:
                lines.append(
                    ";".join(
                        [
                            q(f"{codes[0][p]} {labels['PKoder'][codes[0][p]]}"),
                            q(labels["ContentsCode"][codes[1][k]]),
                            q(codes[2][m]),
                            cell(values, status, flat((p, k, m), sizes), decimal=","),
                        ]
                    )
                )
    write("29843_semicolon_decimal_comma_months.csv", "\r\n".join(lines) + "\r\n")


if __name__ == "__main__":
    forms_05300()
    xlsx_05300(HERE / "05300_statbank.xlsx")
    xlsx_05300(HERE / "05300_pxweb2_no_title.xlsx", title=False)
    forms_29843()
