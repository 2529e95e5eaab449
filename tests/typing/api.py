"""Type-checked, never run: the public API as users write it (mypy --strict checks it).

Every line is what a user of ``import integreringslov as il`` would write; the annotations
say what the contract promises each call returns. A change to the public API that breaks
one of these lines is a breaking change (the design contract, ``shared/design/contract.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import dask.dataframe as dd
import pandas as pd
import pandera.pandas as pa
import polars as pl
import pyarrow
from pandera.typing import Series

import integreringslov as il
from integreringslov.model import PermitLetter, ReferencePerson, Settlement
from integreringslov.rules import person_from_row, person_to_row, persons_from_rows

ON = date(2026, 1, 1)

version: str = il.__version__

# -- the law as data ------------------------------------------------------------------------
p: il.Provision = il.Provision("§ 8", ledd=1)
citation: str = str(p)
same: il.law.Provision = p
on_2026 = il.law.parameter("programme.age_max", on=ON).value
value: il.law.ParameterValue = il.law.parameter("programme.work_hours_exemption", on=ON)
reference: str = value.reference
valid_from: date = value.valid_from
valid_to: date | None = value.valid_to
every_parameter: dict[str, il.law.Parameter] = il.law.parameters()
in_force: bool = il.law.is_in_force("kapittel-6a", date(2024, 1, 1))
timeline: tuple[il.law.Amendment, ...] = il.law.TIMELINE
for amendment in il.law.TIMELINE:
    key: str = amendment.key
    title: str = amendment.title
    starts: date | None = amendment.in_force
    until: date | None = amendment.until
    cited: tuple[il.Provision, ...] = amendment.provisions
amendments_now: list[str] = [a.key for a in il.law.in_force(ON)]
change_dates: tuple[date, ...] = il.law.change_dates()
act_in_force: date = il.law.ACT_IN_FORCE
duties: tuple[il.law.CountyDuty, ...] = il.law.county_duties(on=ON)
basis_text: str = il.law.format_basis([p, il.Provision("§ 9", ledd=1, letter="a")])

# -- regions --------------------------------------------------------------------------------
m: il.regions.Municipality = il.regions.municipality("5001", on=date(2024, 1, 1))
m_code: str = m.code
m_name: str = m.name
m_county: il.regions.County = m.county
municipalities: list[il.regions.Municipality] = il.regions.municipalities(on=ON)
counties: list[il.regions.County] = il.regions.counties(on=date(2024, 6, 1))
county_code: str = counties[0].code
county: il.regions.County = il.regions.county("50", on=ON)
resolution: il.regions.Resolution = il.regions.resolve("5012", on=date(2020, 1, 1))
codes: tuple[str, ...] = il.regions.resolve("1601", on=date(2020, 1, 1)).codes
ambiguous: bool = resolution.ambiguous
note: str = resolution.note
resolved_list: list[str] = list(il.regions.resolve("3002", on=date(2024, 6, 1)))
source_of_regions: il.regions.RegistrySource = il.regions.source()
updated_from: str = il.regions.update(base_url="http://127.0.0.1:8000/klass/v1")
updated_from_files: str = il.regions.update(files=["131.json", Path("codesAt.json@2023-03-02")])

# -- SSB StatBank, live (PxWebApi 2) ----------------------------------------------------------
found_tables: list[il.ssb.TableInfo] = il.ssb.tables("innvandrere", lang="en")
table_meta: il.ssb.Metadata = il.ssb.metadata("09817")
dimension_codes: tuple[str, ...] = table_meta.dimension("Region").codes
fetched: il.Imported = il.ssb.fetch(
    "09817",
    select={"Region": ["5001", "5006"], "Landbakgrunn": "*", "Tid": "top(1)"},
    lang="no",
    base_url=il.ssb.DEFAULT_BASE_URL,
    offline=True,
    timeout=10.0,
    deadline=120.0,
)
fetched_table: pd.DataFrame = fetched.table

# -- eligibility: one person ----------------------------------------------------------------
person = il.Person(
    person_id="p1",
    birth_date=date(1990, 5, 1),
    permit=il.ResidencePermit(
        letter=PermitLetter.F,
        granted=date(2025, 1, 10),
        reference_person=ReferencePerson(
            permit_letter=PermitLetter.A, settled_date=date(2023, 3, 1)
        ),
        reunification_applied=date(2024, 6, 1),
    ),
    settlement=Settlement(date=date(2025, 3, 1), by_agreement=False),
    work_hours_per_week=12.5,
)
from_row: il.Person = person_from_row({"person_id": "p2", "birth_date": "1990-05-01"})
as_row: dict[str, object] = person_to_row(from_row)
many: list[il.Person] = persons_from_rows([as_row, as_row])
assessment: il.Assessment = il.assess(person, on=ON)
programme: str = assessment.programme.value
guidance: str = assessment.career_guidance.value
provisions: tuple[il.Provision, ...] = assessment.provisions
basis: str = assessment.basis
reason: str = assessment.reason
decided_on: date = assessment.decision_date
row: dict[str, str] = assessment.to_row()
finding_reasons: list[str] = [f.reason for f in assessment.findings]

# -- eligibility: a table -------------------------------------------------------------------
persons = pd.DataFrame({"person_id": ["p1"], "birth_date": ["1990-05-01"]})
assessed: pd.DataFrame = il.assess_frame(persons, on=ON)
raised: pd.DataFrame = il.assess_frame(persons, on=ON, errors="raise", source="persons.csv")
split = il.assess_frame(persons, on=ON, errors="split")
split_ok: bool = split.ok
valid_rows: pd.DataFrame = split.assessed
invalid_rows: pd.DataFrame = split.invalid
for problem in split.problems:
    problem_row: int | None = problem.row
    problem_column: str | None = problem.column
    problem_value: str | None = problem.value
    problem_expected: str | None = problem.expected
try:
    il.assess_frame(persons, on=date(2019, 1, 1))
except il.NotInForceError as exc:
    not_in_force: il.IntegreringslovError = exc
except il.InvalidInputError as exc:
    problems: tuple[il.Problem, ...] = tuple(exc.problems)

# -- polars, Arrow and panels (issue 14) ------------------------------------------------------
polars_persons = pl.DataFrame({"person_id": ["p1"], "birth_date": [date(1990, 5, 1)]})
polars_assessed: pl.DataFrame = il.assess_frame(polars_persons, on=ON)
lazy_assessed: pl.LazyFrame = il.assess_frame(polars_persons.lazy(), on=ON)
arrow_assessed: pyarrow.Table = il.assess_frame(pyarrow.table({"person_id": ["p1"]}), on=ON)
polars_split_ok: bool = il.assess_frame(polars_persons, on=ON, errors="split").ok
panel: pd.DataFrame = il.assess_panel(persons, dates=[ON, date(2026, 7, 1)])
polars_panel: pl.DataFrame = il.assess_panel(polars_persons, dates=(ON,))


def dask_panel(register: dd.DataFrame) -> dd.DataFrame:
    """A Dask frame in, a Dask frame out."""
    return il.assess_panel(register, dates=[ON])


polars_read: il.Imported = il.read(polars_persons, importer="spreadsheet")
polars_recommendation: il.Recommendation = il.recommend(
    10, pl.DataFrame({"municipality": ["5001"], "population": [1.0]}), criteria="population=1",
    method="hamilton",
)  # fmt: skip

# -- settlement: apportion and recommend ----------------------------------------------------
shares: dict[str, int] = il.apportion(10, {"A": 4160, "B": 3380, "C": 2460}, method="dhondt")
capped: dict[str, int] = il.apportion(
    100, {"A": 1.0, "B": 2.0}, method="sainte_lague", minimum=10, maximum={"A": 40, "B": None}
)
by_number: dict[int, int] = il.apportion(5, {1: 1, 2: 3}, method="largest_remainder")
criteria_table = pd.DataFrame({"municipality": ["5001", "5006"], "population": [1.0, 2.0]})
recommendation: il.Recommendation = il.recommend(
    3790, criteria_table, criteria={"population": 1.0}, method="sainte_lague", minimum=10
)
from_text: il.Recommendation = il.recommend(
    100, criteria_table, criteria="population=1", method="dhondt"
)
numbers: dict[str, int] = recommendation.numbers
recommended: pd.DataFrame = recommendation.table
explanation: str = recommendation.explain()
comparison: Mapping[str, float] = recommendation.comparison()
legal_basis: str = recommendation.provision

# -- data: read and importers ---------------------------------------------------------------
imported: il.Imported = il.read("bosatt_anmodede.csv")
by_name: il.Imported = il.read(Path("persons.xlsx"), importer="spreadsheet-persons")
mapped: il.Imported = il.read("deltakere.xlsx", mapping={"table": "persons"})
mapped_toml: il.Imported = il.read("deltakere.xlsx", mapping=Path("map.toml"), sheet="Ark1")
in_bokmal: il.Imported = il.read("bosatt_anmodede.csv", lang="nb")
from_frame: il.Imported = il.read(pd.DataFrame({"municipality": ["5001"]}), importer="imdi")
table: pd.DataFrame = imported.table
report: il.ValidationReport = imported.report
report_ok: bool = report.ok
report_text: str = report.to_text()
report_text_nb: str = report.to_text("nb")
problem_text_nb: list[str] = [p.text("nb") for p in report.problems]
report_json: dict[str, Any] = report.to_dict()
report_notes: tuple[str, ...] = report.notes
report_problems: tuple[il.Problem, ...] = report.problems
used: il.ImporterInfo = imported.importer
infos: list[il.ImporterInfo] = il.importers()
for info in infos:
    info_name: str = info.name
    info_title: str = info.title
    info_publisher: str = info.publisher
    info_schema: type[il.Table] = info.table
    info_patterns: tuple[str, ...] = info.patterns
    info_plugin: str = info.plugin
    info_distribution: str | None = info.distribution


# -- a minimal importer plugin --------------------------------------------------------------
class CountTable(il.Table):
    """Persons per municipality."""

    municipality: Series[str] = pa.Field(str_matches=r"^\d{4}$")
    persons: Series[int] = pa.Field(ge=0)


@il.hookimpl
def register_importers(register: il.RegisterImporter) -> None:
    """Declare one importer."""
    register(
        name="count",
        title="Persons per municipality",
        publisher="an example",
        table=CountTable,
        patterns=("*.count",),
        examples=(Path("example.count"),),
    )


@il.hookimpl
def detect_source(source: Path) -> il.Detection | None:
    """Claim ``*.count`` files."""
    if source.suffix == ".count":
        return il.Detection(importer="count", confidence=0.9, reason="the suffix")
    return None


@il.hookimpl
def read_source(source: Path, importer: str, options: Mapping[str, Any]) -> il.SourceTable | None:
    """Read a ``.count`` file; the host validates it against ``CountTable``."""
    if importer != "count":
        return None
    frame = pd.read_csv(source, sep=" ", names=["municipality", "persons"], dtype=str)
    return il.SourceTable(
        table=frame,
        problems=[il.Problem(message="unreadable line", row=3, column="persons", value="x")],
        notes=("comment lines",),
    )
