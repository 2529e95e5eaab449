"""Write the spreadsheet importers' example files (invented people and figures).

Run from the repository root:  python tools/make_spreadsheet_examples.py
Writes src/integreringslov_importers/data/spreadsheet/example_persons.csv,
example_persons.xlsx and example_municipalities.csv. Needs openpyxl (the ``excel`` extra).

The people are made up: pseudonymous ids, no fødselsnummer. The municipality figures are
rounded and invented, in the range of Buskerud's municipalities.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

OUT = Path("src/integreringslov_importers/data/spreadsheet")

HEADER = [
    "Løpenr",
    "Fødselsdato",
    "Tillatelse",
    "Tillatelse gitt",
    "Ankomst",
    "Bosatt",
    "Bosatt etter avtale",
    "Nordisk/EØS",
    "Referanseperson tillatelse",
    "Referanseperson bosatt",
    "Søknad familiegjenforening",
    "Vedtaksdato",
    "Timer per uke",
]
D = dt.date
# id, born, letter, granted, arrival, settled, by agreement, Nordic/EEA,
# reference letter, reference settled, reunification applied, § 12 decision, hours a week
PERSONS: list[tuple[object, ...]] = [
    ("P-0101", D(1991, 3, 14), "a", D(2023, 5, 2), None, D(2023, 6, 12), True, False,
     None, None, None, D(2023, 7, 3), None),
    ("P-0102", D(2004, 11, 30), "b", D(2023, 9, 18), D(2023, 10, 24), D(2023, 10, 24), True, False,
     None, None, None, None, None),
    ("P-0103", D(1978, 6, 1), "f", D(2024, 1, 22), D(2024, 3, 1), D(2024, 3, 20), False, False,
     "a", D(2021, 4, 12), D(2022, 8, 15), D(2024, 4, 15), 12.5),
    ("P-0104", D(1999, 8, 9), None, D(2024, 2, 5), None, D(2024, 2, 19), False, True,
     None, None, None, None, 37.5),
]  # fmt: skip

MUNICIPALITIES_HEADER = [
    "Kommunenummer",
    "Kommune",
    "Innbyggere",
    "Sysselsetting (%)",
    "Anmodning",
    "Maksimum",
    "Unntatt",
]
MUNICIPALITIES = [
    ("3301", "Drammen", "103300", "69,8", "60", "", "nei"),
    ("3303", "Kongsberg", "28200", "73,1", "25", "30", "nei"),
    ("3305", "Ringerike", "31400", "68,4", "20", "", "nei"),
    ("3312", "Lier", "27600", "72,5", "15", "20", "nei"),
    ("3320", "Flå", "1060", "70,2", "0", "0", "ja"),
]


def _cell(value: object) -> str:
    """A value as a municipal CSV has it: dd.mm.yyyy dates, ja/nei, decimal commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


def write_persons_csv(path: Path) -> None:
    lines = [";".join(HEADER)] + [";".join(_cell(v) for v in row) for row in PERSONS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_persons_xlsx(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Deltakere"
    ws.append(["Deltakere i introduksjonsprogrammet 2024 (oppdiktede data)"])
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(HEADER)
    for row in PERSONS:
        ws.append([_cell(v) if isinstance(v, bool) else v for v in row])
    for cells in ws.iter_rows(min_row=4):
        for cell in cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
    fixed = dt.datetime(2024, 6, 1, 12, 0, 0)
    wb.properties.creator = "integreringslov"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.save(path)


def write_municipalities_csv(path: Path) -> None:
    lines = [";".join(MUNICIPALITIES_HEADER)]
    lines += [";".join(str(v) for v in row) for row in MUNICIPALITIES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_persons_csv(OUT / "example_persons.csv")
    write_persons_xlsx(OUT / "example_persons.xlsx")
    write_municipalities_csv(OUT / "example_municipalities.csv")


if __name__ == "__main__":
    main()
