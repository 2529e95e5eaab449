"""The StatBank / PxWeb CSV reader behind the ``ssb-csv`` importer (see :mod:`.ssb`).

One reader for every CSV layout PxWeb writes (StatBank web downloads, PxWebApi v0/v1
``csv``/``csv2``/``csv3``, PxWebApi 2 ``csv`` with its ``outputFormatParams``, ready-made
datasets, other PxWeb sites such as Statistics Finland's): an optional title line, a header
row, stub (dimension) columns on the left and value columns on the right. Everything the
reader had to decide — which columns are dimensions, which decimal mark, what the heading
columns mean — is returned as notes for the import report.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from integreringslov._io.limits import Limits, check
from integreringslov._io.text import decode_text, sniff_delimiter
from integreringslov._text.i18n import say
from integreringslov._text.privacy import redact
from integreringslov.errors import SourceError

SYMBOLS = frozenset({".", "..", ":", "-", "...", "....", ".....", "......"})
"""Cell symbols that stand for a missing value; kept in the ``status`` column."""

KNOWN_DIMENSION_IDS: Mapping[str, str] = {
    "region": "Region",
    "år": "Tid",
    "year": "Tid",
    "tid": "Tid",
    "time": "Tid",
    "kvartal": "Tid",
    "quarter": "Tid",
    "måned": "Tid",
    "month": "Tid",
    "statistikkvariabel": "ContentsCode",
    "contents": "ContentsCode",
    "contentscode": "ContentsCode",
    "alder": "Alder",
    "age": "Alder",
    "kjønn": "Kjonn",
    "kjonn": "Kjonn",
    "sex": "Kjonn",
    "landbakgrunn": "Landbakgrunn",
    "innvandringskategori": "InnvandrKat",
    "innvandrkat": "InnvandrKat",
}
"""CSV header text (lower case) → the SSB dimension id used as the column name."""

TIME_DIMENSIONS = frozenset(
    {
        "år",
        "year",
        "tid",
        "time",
        "kvartal",
        "quarter",
        "måned",
        "month",
        "uke",
        "week",
        "periode",
        "vuosi",
    }
)
"""Header texts (lower case) that name a time dimension."""

UNNAMED_HEADING = "heading"
"""The column of a heading dimension the file does not name (no title lists it): PxWeb's own
word for the variables across the top. Never a guess such as ``ContentsCode``."""

_BLANK = re.compile(r'[\s;,"]*')
_TIME_TOKEN = re.compile(r"\d{4}(?:[KMUHQ]\d{1,2}|-\d{4})?")
_TABLE_ID = re.compile(r"(?P<table>\d{5})\s*:\s*")
_PXWEB_ID = re.compile(r"(?P<table>\w{2,12})\s+--\s+")
_CODE_NAME = re.compile(r"(?P<code>[A-Za-z]{1,2}[-_][\w-]+|[A-Za-z]{0,2}\d[\w-]*)\s+(?P<name>\S.*)")
_CODE_DASH_TEXT = re.compile(r"(?P<code>\S+) - (?P<name>\S.*)")
SAMPLE_LINES = 50


@attrs.frozen
class CsvRead:
    """What :func:`read_statbank_csv` returns: the long table and the notes for the report."""

    table: pd.DataFrame = attrs.field(eq=False, repr=False)
    notes: tuple[str, ...] = ()


def is_time_token(text: str) -> bool:
    """A PxWeb time code: ``2024``, ``2024K1``, ``2024M01``, ``2024Q4``, ``2023-2024``."""
    return _TIME_TOKEN.fullmatch(text) is not None


def is_blank(line: str) -> bool:
    """A line with no cell text: empty, or only delimiters (a spreadsheet's ``;;;;;;``).

    >>> is_blank(";;;;;;;"), is_blank(" "), is_blank(";x;")
    (True, True, False)
    """
    return _BLANK.fullmatch(line) is not None


def title_table_id(title: str) -> tuple[str | None, str]:
    """``"11616: Sysselsatte …"`` → ``("11616", "Sysselsatte …")``; also ``"128c -- …"``."""
    match = _TABLE_ID.match(title) or _PXWEB_ID.match(title)
    if match is None:
        return None, title
    return match.group("table"), title[match.end() :].strip()


def title_dimensions(title: str) -> list[str]:
    """The dimension names a PxWeb title lists after *etter* / *efter* / *by*.

    >>> title_dimensions("Sysselsatte per 4. kvartal, etter region, statistikkvariabel og år")
    ['region', 'statistikkvariabel', 'år']
    >>> title_dimensions("Live births, number by region, age of the Mother, sex and year")
    ['region', 'age of the Mother', 'sex', 'year']
    >>> title_dimensions("Population by municipality, age and sex 1998-2017 - Division into x")
    ['municipality', 'age', 'sex']
    >>> title_dimensions("Folkmängd efter region, civilstånd, ålder, kön och år")
    ['region', 'civilstånd', 'ålder', 'kön', 'år']
    """
    title = " ".join(title.split())  # one space between words: no run to backtrack over
    match = re.search(r"(?:^|[ ,])(?:etter|efter|by) (?P<dims>.+)$", title)
    if not match:
        return []
    listed = match.group("dims").split(" - ", 1)[0].strip().rstrip(".")
    listed = re.sub(r" \d{4}(?: ?- ?\d{4})?$", "", listed)  # a period after the list
    dims = re.split(r", ?| (?:og|och|and) ", listed)
    return [d.strip() for d in dims if d.strip()]


def quoted_cells(line: str, delimiter: str) -> list[bool]:
    """Which cells of one CSV line are written in double quotes (jumps with ``str.find``).

    >>> quoted_cells('"3801 Horten";"2024";12', ";")
    [True, True, False]
    >>> quoted_cells('"a;""b""c";1', ";")
    [True, False]
    """
    flags: list[bool] = []
    i, n = 0, len(line)
    while True:
        if line.startswith('"', i):
            j = i + 1
            while True:  # to the closing quote; "" inside is an escaped quote
                k = line.find('"', j)
                if k < 0:
                    j = n
                    break
                if line.startswith('"', k + 1):
                    j = k + 2
                    continue
                j = k + 1
                break
            flags.append(True)
            end = line.find(delimiter, j)
        else:
            flags.append(False)
            end = line.find(delimiter, i)
        if end < 0:
            return flags
        i = end + 1


def names_table(header: str) -> bool:
    """A value column named by the table: ``07459`` (PxWeb csv3) or ``06913: Befolkning …``."""
    text = header.strip()
    return re.fullmatch(r"\d{5}", text) is not None or _TABLE_ID.match(text) is not None


def find_title(lines: Sequence[str], first: int) -> str | None:
    """The title of a PxWeb CSV: a first line that is one cell, followed by a header row."""
    line = lines[first]
    after = next((i for i in range(first + 1, len(lines)) if not is_blank(lines[i])), None)
    if after is None:
        return None
    delimiter = sniff_delimiter(lines[after : after + 5], candidates=(";", "\t", ","))
    try:
        cells = next(csv.reader([line], delimiter=delimiter))
        header = next(csv.reader([lines[after]], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None
    while len(cells) > 1 and not cells[-1].strip():  # a spreadsheet pads every line
        cells.pop()
    if len(cells) != 1 or len(header) < 2:
        return None
    title = cells[0].strip()
    if title_table_id(title)[0] is not None or (
        line.lstrip().startswith('"') and after > first + 1
    ):
        return title
    return None


def _unnamed_note(title: str | None, title_dims: Sequence[str]) -> str:
    """Why a heading dimension is called :data:`UNNAMED_HEADING`."""
    if title_dims:
        listed = ", ".join(title_dims)
        return say(
            en=f" (the title names only {listed}, so this one has no name)",
            nb=f" (tittelen navngir bare {listed}, så denne har ikke noe navn)",
        )
    if title is not None:
        return say(
            en=" (the title lists no dimensions; rename the column if you know what it is)",
            nb=" (tittelen lister ingen dimensjoner; gi kolonnen nytt navn om du vet hva den er)",
        )
    return say(
        en=" (the file has no title to name it; rename the column if you know what it is)",
        nb=" (filen har ingen tittel som navngir den; gi kolonnen nytt navn om du vet hva den er)",
    )


def _column_name(header: str) -> str:
    return KNOWN_DIMENSION_IDS.get(header.strip().lower(), header.strip())


def _split_code_name(
    cells: pd.Series, header: str, notes: list[str]
) -> tuple[pd.Series, pd.Series] | None:
    """``"3801 Horten"`` or ``"3801 - Horten"`` (PxWebApi 2 codes and texts) → code, name.

    Only where the column shows it: every cell has the form, and different codes have
    different names (``"0 år"``, ``"1 år"`` are labels, not codes with the name «år»). A
    column of one value cannot show it, so it is split only under a ``region`` header,
    where StatBank downloads always write «code name».
    """
    for pattern in (_CODE_DASH_TEXT, _CODE_NAME):
        parts = cells.str.fullmatch(pattern.pattern)
        if not bool(parts.all()):
            continue
        split = cells.str.extract(pattern)
        pairs = split.drop_duplicates()
        if pairs["code"].duplicated().any() or pairs["name"].duplicated().any():
            continue
        if len(pairs) == 1 and header.strip().lower() != "region":
            notes.append(
                say(
                    en=f"column {header!r} has one value, {cells.iloc[0]!r}: kept whole, since "
                    "one value cannot show whether it is a code and a name",
                    nb=f"kolonnen {header!r} har én verdi, {cells.iloc[0]!r}: beholdt hel, fordi "
                    "én verdi ikke kan vise om den er en kode og et navn",
                )
            )
            return None
        code, text = pairs.iloc[0]
        notes.append(
            say(
                en=f"column {header!r}: each cell is a code and a name ({cells.iloc[0]!r} → "
                f"code {code!r}, name {text!r})",
                nb=f"kolonnen {header!r}: hver celle er en kode og et navn ({cells.iloc[0]!r} → "
                f"kode {code!r}, navn {text!r})",
            )
        )
        return split["code"], split["name"]
    return None


def _is_number(text: pd.Series) -> pd.Series:
    cleaned = text.str.replace(",", ".", regex=False).str.replace("\u00a0", "", regex=False)
    return pd.to_numeric(cleaned, errors="coerce").notna()


def _decimal_mark(cells: pd.Series, source: str) -> str:
    """``","`` when value cells are written with a decimal comma, else ``"."``; never both."""
    numbers = cells[~cells.isin(SYMBOLS)]
    has_comma = bool(numbers.str.contains(",", regex=False).any())
    has_point = bool(numbers.str.contains(".", regex=False).any())
    if has_comma and has_point:
        raise SourceError(
            source,
            say(
                en="the value cells use both ',' and '.' (thousands separators?); which is the "
                "decimal mark cannot be decided",
                nb="verdicellene bruker både ',' og '.' (tusenskilletegn?); det kan ikke "
                "avgjøres hvilket som er desimaltegnet",
            ),
            expected=say(
                en="numbers written with one decimal mark and no thousands separator",
                nb="tall skrevet med ett desimaltegn og uten tusenskilletegn",
            ),
        )
    return "," if has_comma else "."


def _parse_numbers(
    cells: np.ndarray[Any, Any], decimal: str
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Cells → (values, status symbols, bad mask)."""
    text = pd.Series(cells, dtype=object).str.strip()
    is_symbol = text.isin(SYMBOLS).to_numpy()
    empty = (text == "").to_numpy()
    numeric = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    if decimal == ",":
        numeric = numeric.str.replace(",", ".", regex=False)
    values = pd.to_numeric(numeric.where(~(is_symbol | empty), None), errors="coerce").to_numpy(
        dtype=float
    )
    bad = (np.isnan(values) | np.isinf(values)) & ~is_symbol & ~empty
    status = np.where(is_symbol, text.to_numpy(dtype=object), "")
    return values, status, bad


def _split_time(heading: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """Every heading cell as (the rest, a period), or None.

    The period stands last (``"Personer 2021"``, PxWeb's order) or first (``"1951
    Befolkning 1. januar"``, Statistikkbanken's since 2025) — the same place in every cell.

    >>> _split_time(["Personer 2021", "Personer 2022"])
    (['Personer', 'Personer'], ['2021', '2022'])
    >>> _split_time(["1951 Døde", "1952 Døde"])
    (['Døde', 'Døde'], ['1951', '1952'])
    >>> _split_time(["Total 2016 Population 31 Dec"]) is None
    True
    """
    for last in (True, False):
        rests, times = [], []
        for cell in heading:
            # linear: no backtracking on long runs of spaces
            parts = cell.rsplit(None, 1) if last else cell.split(None, 1)
            if len(parts) != 2:
                break
            rest, time = (parts[0], parts[1]) if last else (parts[1], parts[0])
            if not is_time_token(time):
                break
            rests.append(rest)
            times.append(time)
        else:
            return rests, times
    return None


def read_statbank_csv(
    source: str | Path, *, labels: bool, encoding: str | None, limits: Limits
) -> CsvRead:
    """Read a StatBank / PxWeb CSV into the long table (see :func:`.ssb.read_csv`)."""
    path = Path(source)
    name = str(path)
    try:
        check(name, "bytes", path.stat().st_size, limits.max_input_bytes, name="max_input_bytes")
        data = path.read_bytes()
    except OSError as exc:
        why = exc.strerror or exc
        raise SourceError(
            name, say(en=f"cannot read the file: {why}", nb=f"kan ikke lese filen: {why}")
        ) from None
    text = decode_text(data, source=name, encoding=encoding or None)
    nul = text.find("\x00")
    if nul >= 0:
        raise SourceError(
            name,
            say(
                en="the file holds a NUL byte, which no text export has; it is corrupt or binary",
                nb="filen inneholder en NUL-byte, som ingen teksteksport har; den er skadet "
                "eller binær",
            ),
            row=text.count("\n", 0, nul) + 1,
        )
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if not is_blank(line)), None)
    if first is None:
        raise SourceError(name, say(en="the file is empty", nb="filen er tom"))
    notes: list[str] = []
    title = find_title(lines, first)
    header_at = first
    if title is not None:
        header_at = next(
            (i for i in range(first + 1, len(lines)) if not is_blank(lines[i])), len(lines)
        )
        shown = redact(title)[:200]
        notes.append(
            say(
                en=f"line {first + 1} is the table's title: {shown!r}",
                nb=f"linje {first + 1} er tabellens tittel: {shown!r}",
            )
        )
    elif title_table_id(lines[first].strip().strip('"'))[0] is not None and all(
        is_blank(line) for line in lines[first + 1 :]
    ):
        raise SourceError(
            name,
            say(
                en="the file has a title but no header or data",
                nb="filen har en tittel, men ingen overskriftsrad eller data",
            ),
            row=first + 1,
        )
    sample = lines[header_at : header_at + SAMPLE_LINES]
    delimiter = sniff_delimiter(sample, candidates=(";", "\t", ","))
    if not any(delimiter in line for line in sample) and any('" "' in line for line in sample):
        delimiter = " "  # PxWebApi 2 SeparatorSpace
    try:
        rows = list(
            csv.reader(io.StringIO("\n".join(lines[header_at:])), delimiter=delimiter, strict=True)
        )
    except csv.Error as exc:
        if "field larger" in str(exc):
            raise SourceError(
                name,
                say(
                    en=f"a cell is longer than {csv.field_size_limit()} characters, more than "
                    f"the limit of {limits.max_field_chars} (Limits.max_field_chars)",
                    nb=f"en celle er lengre enn {csv.field_size_limit()} tegn, mer enn "
                    f"grensen på {limits.max_field_chars} (Limits.max_field_chars)",
                ),
                check="max_field_chars",
            ) from None
        raise SourceError(
            name, say(en=f"not valid CSV: {exc}", nb=f"ikke gyldig CSV: {exc}")
        ) from None
    header = [h.strip() for h in rows[0]]
    longest = max(map(len, header), default=0)
    check(
        name, "characters in one cell", longest, limits.max_field_chars,
        name="max_field_chars", row=header_at + 1,
    )  # fmt: skip
    check(name, "columns", len(header), limits.max_columns, name="max_columns", row=header_at + 1)
    kept = [(header_at + 1 + i, r) for i, r in enumerate(rows) if r and any(c.strip() for c in r)]
    body = [r for _, r in kept[1:]]
    line_numbers = [n for n, _ in kept[1:]]
    check(name, "data rows", len(body), limits.max_rows, name="max_rows")
    if len(header) < 2:
        raise SourceError(
            name,
            say(
                en="the header has fewer than two columns; not a StatBank CSV",
                nb="overskriftsraden har færre enn to kolonner; ikke en CSV-fil fra "
                "Statistikkbanken",
            ),
            row=header_at + 1,
        )
    if not body:
        raise SourceError(
            name,
            say(
                en="the file has a header but no data rows",
                nb="filen har en overskriftsrad, men ingen datarader",
            ),
            row=header_at + 1,
        )
    for line_no, r in zip(line_numbers, body, strict=True):
        if len(r) != len(header):
            raise SourceError(
                name,
                say(
                    en=f"the row has {len(r)} cells but the header has {len(header)}",
                    nb=f"raden har {len(r)} celler, men overskriftsraden har {len(header)}",
                ),
                row=line_no,
            )
        longest = max(map(len, r))
        if longest > limits.max_field_chars:
            check(
                name,
                "characters in one cell",
                longest,
                limits.max_field_chars,
                name="max_field_chars",
                row=line_no,
            )
    sample = [lines[n - 1] for n in line_numbers[:SAMPLE_LINES]]
    quoting = [quoted_cells(line, delimiter) for line in sample]
    return grid_table(
        name,
        header,
        body,
        line_numbers,
        quoting=quoting,
        title=title,
        notes=notes,
        labels=labels,
        header_row=header_at + 1,
        fmt="ssb-csv",
    )


def grid_table(
    name: str,
    header: list[str],
    body: list[list[str]],
    line_numbers: list[int],
    *,
    quoting: list[list[bool]],
    title: str | None,
    notes: list[str],
    labels: bool,
    header_row: int,
    fmt: str,
) -> CsvRead:
    """The long table of a stub/heading grid (a CSV file's rows or a sheet's cells).

    ``quoting`` says, for a sample of the rows, which cells were written as text (quoted in
    a CSV file, a text cell in a workbook): PxWeb writes stub cells as text and values bare.
    """
    table_id, title_dims = None, []
    if title is not None:
        table_id, title_text = title_table_id(title)
        title_dims = title_dimensions(title_text)
    grid = np.array(body, dtype=object)
    n_stub = _stub_columns(grid, header, title_dims, quoting, notes, name)
    listed = {d.lower() for d in title_dims}
    if title_dims and not {h.strip().lower() for h in header[:n_stub]} <= listed:
        listed_words = ", ".join(title_dims)
        notes.append(
            say(
                en=f"the title's words after «etter»/«by» ({listed_words}) do not name the "
                "file's stub columns, so they are not taken as its dimensions",
                nb=f"tittelens ord etter «etter»/«by» ({listed_words}) er ikke navnene på filens "
                "forspaltekolonner, så de brukes ikke som dimensjoner",
            )
        )
        title_dims = []
    frame = _long_table(
        grid,
        header,
        n_stub,
        title,
        title_dims,
        line_numbers,
        labels,
        notes,
        name,
        header_row,
    )
    frame.attrs.update({"format": fmt})
    if table_id is None and names_table(header[-1]):
        table_id = header[-1].strip()[:5]
    if table_id:
        frame.attrs["table_id"] = table_id
    if title:
        frame.attrs["title"] = redact(title)
    return CsvRead(table=frame, notes=tuple(notes))


def _stub_columns(
    grid: np.ndarray[Any, Any],
    header: list[str],
    title_dims: list[str],
    quoting: list[list[bool]],
    notes: list[str],
    name: str,
) -> int:
    """How many columns from the left are dimensions (stub); the rest hold values."""
    quoting = [q for q in quoting if len(q) == len(header)]
    last_quoted = any(q[-1] for q in quoting)
    lowered = {d.lower() for d in title_dims}
    if names_table(header[-1]):
        notes.append(
            say(
                en=f"the last column {header[-1]!r} names the table, so it holds the values "
                "and every column before it is a dimension (PxWeb 'csv3' / ready-made dataset "
                "layout)",
                nb=f"den siste kolonnen {header[-1]!r} navngir tabellen, så den har verdiene og "
                "hver kolonne foran den er en dimensjon (PxWebs «csv3» / ferdige datasett)",
            )
        )
        return len(header) - 1
    n_stub = 0
    for j in range(len(header) - 1):
        column = pd.Series(grid[:, j], dtype=object).str.strip()
        text_cells = ~column.isin(SYMBOLS) & ~_is_number(column)
        head = header[j].lower()
        if bool(text_cells.any()):
            n_stub = j + 1
            continue
        quoted = bool(quoting) and all(q[j] for q in quoting) and not last_quoted
        if head in lowered or head in KNOWN_DIMENSION_IDS or head in TIME_DIMENSIONS:
            in_title = head in lowered
            why = say(
                en="its header names a dimension" + (" in the title" if in_title else ""),
                nb="overskriften navngir en dimensjon" + (" i tittelen" if in_title else ""),
            )
        elif quoted:
            why = say(
                en="its cells are written as text (quoted) and the value cells are not",
                nb="cellene er skrevet som tekst (i anførselstegn), og verdicellene er ikke det",
            )
        else:
            break
        notes.append(
            say(
                en=f"column {header[j]!r} holds only numbers but is read as a dimension: {why}",
                nb=f"kolonnen {header[j]!r} har bare tall, men leses som en dimensjon: {why}",
            )
        )
        n_stub = j + 1
    if n_stub == 0:
        raise SourceError(
            name,
            say(
                en="no stub (dimension) column found before the value columns",
                nb="fant ingen forspaltekolonne (dimensjon) foran verdikolonnene",
            ),
            row=None,
        )
    return n_stub


def _long_table(
    grid: np.ndarray[Any, Any],
    header: list[str],
    n_stub: int,
    title: str | None,
    title_dims: list[str],
    line_numbers: list[int],
    labels: bool,
    notes: list[str],
    name: str,
    header_at: int,
) -> pd.DataFrame:
    heading = header[n_stub:]
    stub_names = [h.lower() for h in header[:n_stub]]
    heading_dims = [d for d in title_dims if d.lower() not in stub_names]
    n_rows, n_heading = grid.shape[0], len(heading)
    row_of_cell = np.repeat(np.arange(n_rows), n_heading)
    head_of_cell = np.tile(np.arange(n_heading), n_rows)
    columns: dict[str, Any] = {}
    label_columns: dict[str, Any] = {}

    def add(dim_name: str, codes: pd.Series, texts: pd.Series, take: np.ndarray[Any, Any]) -> None:
        column = _column_name(dim_name)
        if column in columns or column in ("value", "status"):
            column = dim_name.strip()
        if column in columns or column in ("value", "status"):
            raise SourceError(
                name,
                say(
                    en=f"two dimensions are both called {column!r}",
                    nb=f"to dimensjoner heter begge {column!r}",
                ),
                row=header_at + 1,
            )
        joined = "\n".join(map(str, pd.unique(pd.concat([codes, texts]))))
        if redact(joined) != joined:
            raise SourceError(
                name,
                say(
                    en=f"dimension {redact(dim_name)!r} holds what looks like a fødselsnummer "
                    "or D-number; statistical tables must not identify persons, so the file is "
                    "refused (the number is not shown)",
                    nb=f"dimensjonen {redact(dim_name)!r} har noe som ser ut som et "
                    "fødselsnummer eller D-nummer; statistikktabeller skal ikke identifisere "
                    "personer, så filen avvises (nummeret vises ikke)",
                ),
                check="identity_number",
            )
        columns[column] = pd.Categorical(codes.to_numpy(dtype=object)[take])
        if labels:
            label_columns[column + "_label"] = pd.Categorical(texts.to_numpy(dtype=object)[take])

    for j in range(n_stub):
        cells = pd.Series(grid[:, j], dtype=object).str.strip()
        split = _split_code_name(cells, header[j], notes)
        codes, texts = split if split is not None else (cells, cells)
        add(header[j], codes, texts, row_of_cell)

    heading_series = pd.Series(heading, dtype=object)
    contents_in_stub = "ContentsCode" in columns
    value_named = n_heading == 1 and (names_table(heading[0]) or contents_in_stub)
    if value_named and contents_in_stub and not names_table(heading[0]):
        notes.append(
            say(
                en=f"the value column {heading[0]!r} is not a dimension: the statistics "
                "variable (ContentsCode) is already a stub column",
                nb=f"verdikolonnen {heading[0]!r} er ikke en dimensjon: statistikkvariabelen "
                "(ContentsCode) er allerede en forspaltekolonne",
            )
        )
    time_dims = [d for d in heading_dims if d.lower() in TIME_DIMENSIONS]
    other_dims = [d for d in heading_dims if d.lower() not in TIME_DIMENSIONS]
    split_time = _split_time(heading) if not value_named else None
    if value_named:
        pass
    elif all(is_time_token(h) for h in heading) and not other_dims:
        if not heading_dims:
            notes.append(
                say(
                    en=f"the value columns' headers are periods ({heading[0]} …): read as the "
                    "time dimension 'Tid'",
                    nb=f"verdikolonnenes overskrifter er perioder ({heading[0]} …): leses som "
                    "tidsdimensjonen 'Tid'",
                )
            )
        add(time_dims[0] if time_dims else "Tid", heading_series, heading_series, head_of_cell)
    elif split_time is not None and len(time_dims) <= 1:
        rests = pd.Series(split_time[0], dtype=object)
        times = pd.Series(split_time[1], dtype=object)
        rest_name = " og ".join(other_dims) or UNNAMED_HEADING
        rest_column = _column_name(rest_name)
        time_column = _column_name(time_dims[0] if time_dims else "Tid")
        unnamed = "" if other_dims else _unnamed_note(title, title_dims)
        notes.append(
            say(
                en=f"the value columns' headers join a period and another category "
                f"({heading[0]!r} …): read as two dimensions, {rest_column!r} and "
                f"{time_column!r}{unnamed}",
                nb=f"verdikolonnenes overskrifter setter sammen en periode og en annen kategori "
                f"({heading[0]!r} …): leses som to dimensjoner, {rest_column!r} og "
                f"{time_column!r}{unnamed}",
            )
        )
        add(rest_name, rests, rests, head_of_cell)
        add(time_dims[0] if time_dims else "Tid", times, times, head_of_cell)
    else:
        dim_name = " og ".join(heading_dims) if heading_dims else UNNAMED_HEADING
        if not heading_dims:
            unnamed = _unnamed_note(title, title_dims)
            notes.append(
                say(
                    en=f"the value columns' headers ({heading[0]!r} …) are read as one "
                    f"dimension, {UNNAMED_HEADING!r}{unnamed}",
                    nb=f"verdikolonnenes overskrifter ({heading[0]!r} …) leses som én "
                    f"dimensjon, {UNNAMED_HEADING!r}{unnamed}",
                )
            )
        add(dim_name, heading_series, heading_series, head_of_cell)

    flat = grid[:, n_stub:].reshape(-1)
    cells = pd.Series(flat, dtype=object).str.strip()
    decimal = _decimal_mark(cells, name)
    if bool(cells[~cells.isin(SYMBOLS)].str.contains(r"[,.]", regex=True).any()):
        notes.append(
            say(
                en=f"decimal mark: {decimal!r} (the only one the value cells use)",
                nb=f"desimaltegn: {decimal!r} (det eneste verdicellene bruker)",
            )
        )
    values, status, bad = _parse_numbers(flat, decimal)
    if bad.any():
        first_bad = int(np.flatnonzero(bad)[0])
        raise SourceError(
            name,
            say(
                en="a value cell is neither a number nor one of the symbols . .. : -",
                nb="en verdicelle er verken et tall eller et av symbolene . .. : -",
            ),
            row=line_numbers[int(row_of_cell[first_bad])],
            column=heading[int(head_of_cell[first_bad])],
            value=str(flat[first_bad])[:200],
            expected=say(en="a number or a symbol", nb="et tall eller et symbol"),
        )
    columns.update(label_columns)
    columns["value"] = values
    columns["status"] = pd.Categorical(
        status, categories=pd.Index(["", *sorted(set(status) - {""})], dtype=object)
    )
    return pd.DataFrame(columns, index=pd.Index(np.asarray(line_numbers)[row_of_cell], name="line"))
