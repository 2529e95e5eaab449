"""The person table (input of ``assess_frame``) and the assessment table (its output).

Each column is declared once, as one :class:`Column` record, in the contract's order
(``design/contract.md``, "Person table", "What an empty cell means", "Assessment output"):
its name, its :class:`Kind`, whether the table must have it, the vocabulary of a coded
column, what an empty cell means, its title and description, the headers a spreadsheet may
give it (bokmål and English), the provision it serves and where a
:class:`~integreringslov.model.Person` keeps it. :data:`PERSON_COLUMNS` and
:data:`ASSESSMENT_COLUMNS` are the two tables.

Everything else is derived from them, never written again:

- the pandera schemas :class:`PersonTable` and :class:`AssessmentTable` (what
  :func:`integreringslov.read` validates against);
- the parser of person rows and the conversion between a row and a person
  (:func:`integreringslov.rules.parse_persons`, :func:`~integreringslov.rules.person_from_row`,
  :func:`~integreringslov.rules.person_to_row`);
- the facts the rules read (``Facts``);
- the spreadsheet importer's columns, kinds and recognised headers;
- the column reference in the documentation, and the test suite's generated persons.

A ``fodselsnummer`` column (:data:`FODSELSNUMMER`) may stand in for ``birth_date`` in the
files users give; it is turned into the birth date and dropped at once, so it is not part
of either table.

>>> REQUIRED_COLUMNS[:4]
('person_id', 'birth_date', 'permit_letter', 'permit_granted')
>>> person_column("reference_letter").vocabulary
('a', 'b', 'c', 'd', 'e', 'f', 'g', 'other')
"""

from __future__ import annotations

import enum
from typing import Any

import attrs
import pandas as pd
import pandera.pandas as pa

from integreringslov.tables._base import Table
from integreringslov.tables._coerce import MUNICIPALITY_CODE

__all__ = [
    "ASSESSMENT_COLUMNS",
    "ASSESSMENT_VALUES",
    "CARRIED_COLUMNS",
    "DECLARED",
    "FODSELSNUMMER",
    "INPUT_COLUMNS",
    "LETTERS",
    "MAX_HOURS",
    "MUNICIPALITY",
    "OUTPUT_COLUMNS",
    "PERSON_COLUMNS",
    "REFERENCE_CODES",
    "REFERENCE_OTHER",
    "REQUIRED_COLUMNS",
    "AssessmentTable",
    "Column",
    "Kind",
    "PersonTable",
    "person_column",
]


class Kind(enum.Enum):
    """What a column holds, and so how its cells are read and checked."""

    ID = "id"
    """A pseudonymous id: text, never empty, never a fødselsnummer."""
    DATE = "date"
    """A date, written ``YYYY-MM-DD`` or ``DD.MM.YYYY``."""
    LETTER = "letter"
    """A letter of integreringsloven § 9 første ledd (``a``–``g``)."""
    REFERENCE = "reference"
    """The reference person's § 9 letter, or ``other`` (none of ``a``–``g``)."""
    FLAG = "flag"
    """Yes or no (``true/false``, ``ja/nei``, ``j/n``, ``yes/no``, ``1/0``, ``x``/empty)."""
    HOURS = "hours"
    """Hours a week: a number from 0 to :data:`MAX_HOURS`."""
    IDENTITY = "identity"
    """A fødselsnummer or D-number: read for the birth date it holds, then dropped."""
    CODE = "code"
    """An outcome code of the assessment (a closed vocabulary)."""
    TEXT = "text"
    """Text for a person to read."""
    MUNICIPALITY = "municipality"
    """A kommunenummer: four digits (``0301``, ``5001``)."""


LETTERS: tuple[str, ...] = tuple("abcdefg")
"""The letters of integreringsloven § 9 første ledd, as written in the table."""
REFERENCE_OTHER = "other"
"""A reference letter that says the reference person holds none of the § 9 letters a–g."""
REFERENCE_CODES: tuple[str, ...] = (*LETTERS, REFERENCE_OTHER)
"""The values of a reference letter (empty = unknown)."""
MAX_HOURS = 168
"""The hours in a week: the most a :attr:`Kind.HOURS` cell may say."""


@attrs.frozen(kw_only=True)
class Column:
    """*Kolonne* — one column of a table: everything any reader, rule or page needs of it."""

    name: str
    """The column's name in the contract (and in every table the library writes)."""
    kind: Kind
    """What the column holds."""
    title: str
    """A short title (English), for the documentation and the schema."""
    description: str
    """What the column says, in a sentence (English)."""
    required: bool = False
    """Whether the table must have the column (its cells may still be empty, see
    :attr:`empty`). An absent optional column is read as a column of empty cells."""
    empty: str | None = None
    """What an empty cell means (the contract's list); ``None`` when a cell must not be
    empty."""
    unknown_when_empty: bool = False
    """For a yes/no column: an empty cell is *unknown* (kept missing, and a rule that
    turns on it answers ``undetermined``) rather than *no*."""
    vocabulary: tuple[str, ...] = ()
    """The values a coded column takes (:attr:`Kind.LETTER`, :attr:`Kind.REFERENCE`,
    :attr:`Kind.CODE`), as written; empty for the others."""
    headers: tuple[str, ...] = ()
    """Headers a spreadsheet may give the column, in bokmål and English (matched ignoring
    case, spaces and line breaks); the column's own name is always recognised too."""
    provision: str | None = None
    """The provision the column serves, as a citation (``integreringsloven § 12 andre ledd``)."""
    attribute: str | None = None
    """Where a person-table column's value lives on a :class:`~integreringslov.model.Person`:
    a dotted path (``permit.reference_person.settled_date``), for the conversion between a
    row and a person. A :attr:`Kind.REFERENCE` column's path is the reference person."""

    @property
    def dtype(self) -> Any:
        """The type the column's cells have in the typed table (as pandera declares it)."""
        return _DTYPES[self.kind]


# --------------------------------------------------------------------------- the person table

# fmt: off
PERSON_COLUMNS: tuple[Column, ...] = (
    Column(
        name="person_id",
        kind=Kind.ID,
        required=True,
        title="Person id",
        description="The user's pseudonymous id; never a fødselsnummer.",
        headers=("løpenr", "løpenr.", "løpenummer", "lnr", "id", "person-id", "personid",
                 "deltaker-id", "deltakerid", "deltakernr", "deltakernummer", "referanse",
                 "ref.nr", "person id", "participant id"),
        attribute="person_id",
    ),
    Column(
        name="birth_date",
        kind=Kind.DATE,
        required=True,
        title="Birth date",
        description="Date of birth; the age on the grant date decides (§ 8 første ledd). A "
        "fødselsnummer column may stand in for it.",
        headers=("fødselsdato", "født", "fødselsdag", "f.dato", "fdato", "født dato",
                 "date of birth", "birth date", "born"),
        provision="integreringsloven § 8 første ledd andre punktum",
        attribute="birth_date",
    ),
    Column(
        name="permit_letter",
        kind=Kind.LETTER,
        required=True,
        vocabulary=LETTERS,
        title="§ 9 letter",
        description="Letter of § 9 første ledd the residence permit falls under.",
        empty="another permit (not covered, unless a reference person is given)",
        headers=("tillatelse", "tillatelsesgrunnlag", "bokstav", "§ 9-bokstav", "§ 9 bokstav",
                 "oppholdsgrunnlag", "grunnlag", "oppholdstillatelse", "permit",
                 "permit letter", "§ 9 letter"),
        provision="integreringsloven § 9 første ledd",
        attribute="permit.letter",
    ),
    Column(
        name="permit_granted",
        kind=Kind.DATE,
        required=True,
        title="Permit granted",
        description="Date the residence permit was granted.",
        headers=("tillatelse gitt", "dato tillatelse", "tillatelsesdato",
                 "oppholdstillatelse gitt", "innvilget", "dato innvilget", "vedtak om opphold",
                 "permit granted", "date of permit"),
        provision="integreringsloven § 8 første ledd andre punktum; § 52 (§ 51 before "
        "2022-08-01)",
        attribute="permit.granted",
    ),
    Column(
        name="arrival_date",
        kind=Kind.DATE,
        title="Arrival",
        description="Arrival in Norway, where the permit was granted before entry.",
        empty="not applicable",
        headers=("ankomst", "ankomstdato", "innreise", "innreisedato", "ankommet norge",
                 "arrival", "arrival date", "arrived"),
        provision="integreringsloven § 52 (§ 51 before 2022-08-01); "
        "integreringsforskriften § 72",
        attribute="permit.arrival_date",
    ),
    Column(
        name="settled_date",
        kind=Kind.DATE,
        title="Settled",
        description="Date the person was settled in (moved to) a municipality.",
        empty="not (yet) settled in a municipality — a fact, which decides not_covered",
        headers=("bosatt", "bosettingsdato", "bosatt dato", "dato bosatt", "bosatt i kommunen",
                 "settled", "settled date", "date settled"),
        provision="integreringsloven § 8 første ledd tredje punktum",
        attribute="settlement.date",
    ),
    Column(
        name="settled_by_agreement",
        kind=Kind.FLAG,
        required=True,
        title="Settled by agreement",
        description="Settled by agreement between the integration authorities (IMDi) and "
        "the municipality.",
        empty="unknown: undetermined where the outcome turns on it (letters a–e)",
        unknown_when_empty=True,
        headers=("bosatt etter avtale", "etter avtale", "avtale",
                 "bosatt etter avtale med imdi", "avtalebosatt", "settled by agreement",
                 "by agreement"),
        provision="integreringsloven § 8 første ledd første punktum; § 8 andre ledd",
        attribute="settlement.by_agreement",
    ),
    Column(
        name="nordic_or_eea",
        kind=Kind.FLAG,
        required=True,
        title="Nordic or EEA",
        description="Nordic citizen or covered by the EEA agreement (not covered by § 8).",
        empty="read as no",
        headers=("nordisk/eøs", "nordisk eller eøs", "eøs", "eøs-borger", "nordisk/eøs-borger",
                 "nordic or eea", "nordic/eea", "eea"),
        provision="integreringsloven § 8 femte ledd (fjerde ledd before 2026)",
        attribute="nordic_or_eea",
    ),
    Column(
        name="reference_letter",
        kind=Kind.REFERENCE,
        vocabulary=REFERENCE_CODES,
        title="Reference person's letter",
        description="For letter f and family members: the § 9 letter of the reference "
        "person's permit; other = none of a–g (e.g. a Norwegian citizen or a work permit).",
        empty="unknown: a letter-f row is undetermined unless another fact decides",
        headers=("referanseperson tillatelse", "referansepersonens tillatelse",
                 "referansepersonens bokstav", "tillatelse referanseperson",
                 "reference person's letter", "reference person letter"),
        provision="integreringsloven § 9 første ledd bokstav f; "
        "§ 8 tredje ledd første punktum",
        attribute="permit.reference_person",
    ),
    Column(
        name="reference_permanent",
        kind=Kind.FLAG,
        title="Reference person's permit permanent",
        description="The reference person's permit is now permanent, granted on the basis "
        "of the letter given (counts from 2023-08-01).",
        empty="read as no (not applicable)",
        headers=("referanseperson permanent", "referansepersonen permanent",
                 "permanent tillatelse referanseperson",
                 "referansepersonens permanente tillatelse", "reference person permanent",
                 "reference person's permit permanent"),
        provision="integreringsloven § 9 andre ledd (LOV-2023-06-09-24)",
        attribute="permit.reference_person.permanent",
    ),
    Column(
        name="reference_settled_date",
        kind=Kind.DATE,
        title="Reference person settled",
        description="For letter f: when the reference person was settled in a municipality.",
        empty="unknown where the reference person holds a–e (undetermined)",
        headers=("referanseperson bosatt", "referansepersonen bosatt",
                 "referansepersonens bosettingsdato", "reference person settled"),
        provision="integreringsloven § 9 første ledd bokstav f",
        attribute="permit.reference_person.settled_date",
    ),
    Column(
        name="reunification_applied",
        kind=Kind.DATE,
        title="Reunification applied",
        description="For letter f: when family reunification was applied for.",
        empty="unknown where the reference person holds a–e (undetermined)",
        headers=("søknad familiegjenforening", "familiegjenforening søkt",
                 "søkt familiegjenforening", "dato søknad familiegjenforening",
                 "reunification applied", "family reunification applied"),
        provision="integreringsloven § 9 første ledd bokstav f",
        attribute="permit.reunification_applied",
    ),
    Column(
        name="decision_date",
        kind=Kind.DATE,
        title="§ 12 decision",
        description="Date of the § 12 decision; it decides which version of the law applies.",
        empty="the assessment date stands in for the § 12 decision",
        headers=("vedtaksdato", "dato vedtak", "vedtak dato", "vedtak", "decision date"),
        provision="integreringsloven § 8 første ledd tredje punktum; § 12",
        attribute="decision_date",
    ),
    Column(
        name="work_hours_per_week",
        kind=Kind.HOURS,
        title="Work hours a week",
        description="Hours of work or of a work offer (the 30-hour rule from 2026-01-01).",
        empty="no work or work offer recorded: the 30-hour rule does not apply",
        headers=("timer per uke", "timer pr uke", "timer pr. uke", "arbeidstimer",
                 "timer arbeid", "arbeidstid", "timer i uka", "hours per week",
                 "work hours per week"),
        provision="integreringsloven § 8 fjerde ledd (LOV-2025-06-20-35)",
        attribute="work_hours_per_week",
    ),
    Column(
        name="previous_permit_letter",
        kind=Kind.LETTER,
        vocabulary=LETTERS,
        title="Previous § 9 letter",
        description="The § 9 letter of the permit held before the current one (letter a "
        "after f needs no agreement from 2023-08-01).",
        empty="none (not applicable)",
        headers=("forrige tillatelse", "tidligere tillatelse", "tidligere bokstav",
                 "forrige bokstav", "forrige § 9-bokstav", "previous permit letter",
                 "previous permit"),
        provision="integreringsloven § 8 andre ledd andre punktum (LOV-2023-06-09-24); "
        "integreringsforskriften § 43h",
        attribute="permit.previous_letter",
    ),
    Column(
        name="first_permit_granted",
        kind=Kind.DATE,
        title="First § 9 permit granted",
        description="When the first § 9 permit was granted, if earlier than the current "
        "one: the two years of § 8 run from the first.",
        empty="this is the first permit (not applicable)",
        headers=("første tillatelse gitt", "første tillatelse", "dato første tillatelse",
                 "first permit granted", "first permit"),
        provision="integreringsloven § 8 første ledd tredje punktum",
        attribute="permit.first_granted",
    ),
    Column(
        name="claim_date",
        kind=Kind.DATE,
        title="Claim for the programme",
        description="When the person claimed the programme («krav om program»): the § 12 "
        "decision and start are due within three months.",
        empty="none recorded (not applicable)",
        headers=("krav om program", "dato krav", "kravdato", "krav mottatt", "claim date"),
        provision="integreringsloven § 12 andre ledd",
        attribute="claim_date",
    ),
)
"""The person table, column by column, in the contract's order."""

FODSELSNUMMER = Column(
    name="fodselsnummer",
    kind=Kind.IDENTITY,
    title="Fødselsnummer",
    description="A fødselsnummer or D-number, which may stand in for the birth date (or "
    "fill its empty cells): it is turned into the birth date and dropped at once, never "
    "kept, shown or written.",
    empty="the birth date cell decides",
    headers=("fødselsnummer", "fødselsnr", "fødselsnr.", "fnr", "personnummer", "d-nummer",
             "fødselsnummer/d-nummer", "fnr/dnr", "fødsels- og personnummer",
             "national identity number"),
)
"""The column of a file that may replace ``birth_date``; not a column of the person table."""

MUNICIPALITY = Column(
    name="municipality",
    kind=Kind.MUNICIPALITY,
    title="Municipality",
    description="The municipality (kommunenummer) the person is settled in, where the table "
    "has it. The rules do not read it: il.compare carries it, and the summary of "
    "``assess --reform`` counts by it.",
    empty="not known",
    headers=("kommunenummer", "kommunenr", "kommunenr.", "knr", "kommune nr"),
)
"""The column that says where a person lives: carried beside the person table's columns."""

CARRIED_COLUMNS: tuple[Column, ...] = (MUNICIPALITY,)
"""Columns a person table may have that the rules do not read: they are read, checked and
carried through (:func:`~integreringslov.rules.compare`), after the contract's columns."""

# --------------------------------------------------------------------------- the assessment

ASSESSMENT_COLUMNS: tuple[Column, ...] = (
    Column(
        name="person_id",
        kind=Kind.ID,
        required=True,
        title="Person id",
        description="As in the input.",
    ),
    Column(
        name="regime",
        kind=Kind.CODE,
        required=True,
        vocabulary=("integreringsloven", "introduksjonsloven"),
        title="Regime",
        description="The act that governs the person.",
        provision="integreringsloven § 52 (§ 51 before 2022-08-01); "
        "integreringsforskriften § 72",
    ),
    Column(
        name="programme",
        kind=Kind.CODE,
        required=True,
        vocabulary=("right_and_duty", "right", "may_offer", "not_covered", "undetermined"),
        title="Introduction programme",
        description="right_and_duty, right (kapittel 6A to 2025-12-31; forskrift § 43h), "
        "may_offer (§ 8 tredje ledd), not_covered, or undetermined (a needed fact is "
        "missing; the reason names it).",
        provision="integreringsloven § 8; § 9; § 37 c; integreringsforskriften § 43h",
    ),
    Column(
        name="career_guidance",
        kind=Kind.CODE,
        required=True,
        vocabulary=("right_and_duty", "right", "not_covered", "undetermined"),
        title="Career guidance",
        description="right_and_duty, right (kapittel 6A, § 37 b tredje ledd to 2026-06-30), "
        "not_covered or undetermined.",
        provision="integreringsloven § 11 første ledd; § 37 b",
    ),
    Column(
        name="basis",
        kind=Kind.TEXT,
        required=True,
        title="Basis",
        description="The provisions applied, as numbered and worded on the decision date.",
        provision="integreringsloven §§ 8, 9, 11, 12, 37 b, 37 c, 52",
    ),
    Column(
        name="reason",
        kind=Kind.TEXT,
        required=True,
        title="Reason",
        description="One short sentence a caseworker can read, in English or bokmål.",
        provision="integreringsloven §§ 8, 9, 11, 37 b, 37 c",
    ),
)
"""The assessment table (the output of ``assess_frame``), column by column."""
# fmt: on

# --------------------------------------------------------------------------- derived names

INPUT_COLUMNS: tuple[str, ...] = tuple(c.name for c in PERSON_COLUMNS)
"""Every column of the person table, in the contract's order."""
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in PERSON_COLUMNS if c.required)
"""Columns the person table must have (``fodselsnummer`` may replace ``birth_date``)."""
OUTPUT_COLUMNS: tuple[str, ...] = tuple(c.name for c in ASSESSMENT_COLUMNS)
"""The columns of the assessment output, in the contract's order."""
ASSESSMENT_VALUES: dict[str, tuple[str, ...]] = {
    c.name: c.vocabulary for c in ASSESSMENT_COLUMNS if c.kind is Kind.CODE
}
"""The closed vocabularies of the assessment table's outcome columns."""

_BY_NAME = {c.name: c for c in PERSON_COLUMNS}


def person_column(name: str) -> Column:
    """The person table's column called ``name``.

    :raises KeyError: When the person table has no such column (the message lists them).
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"the person table has no column {name!r}; it has {INPUT_COLUMNS}") from None


# --------------------------------------------------------------------------- pandera schemas

_DTYPES: dict[Kind, Any] = {
    Kind.ID: str,
    Kind.DATE: pd.Timestamp,
    # a closed vocabulary: categorical (the categories as found; the check names the codes)
    Kind.LETTER: "category",
    Kind.REFERENCE: "category",
    Kind.FLAG: bool,
    Kind.HOURS: float,
    Kind.CODE: str,
    Kind.TEXT: str,
    Kind.MUNICIPALITY: str,
}


def _column(column: Column) -> pa.Column:
    """The pandera column of a column: its type, checks, title, description and metadata."""
    checks = []
    if column.kind is Kind.ID:
        checks.append(pa.Check.str_length(min_value=1))
    if column.vocabulary:
        checks.append(pa.Check.isin(list(column.vocabulary)))
    if column.kind is Kind.HOURS:
        checks += [pa.Check.ge(0), pa.Check.le(MAX_HOURS)]
    if column.kind is Kind.MUNICIPALITY:
        checks.append(pa.Check.str_matches(MUNICIPALITY_CODE))
    metadata = {
        key: value
        for key, value in (("provision", column.provision), ("empty", column.empty))
        if value is not None
    }
    return pa.Column(
        _DTYPES[column.kind],
        checks=checks,
        # an empty yes/no cell reads as "no" (so the flag is never missing) unless unknown
        nullable=column.empty is not None
        and (column.kind is not Kind.FLAG or column.unknown_when_empty),
        required=column.required,
        title=column.title,
        description=column.description,
        metadata=metadata or None,
    )


def _schema(name: str, doc: str, columns: tuple[Column, ...]) -> type[Table]:
    """A :class:`Table` whose pandera schema has one column per declared column.

    The schema is built from the declaration itself (pandera's ``build_schema_`` hook,
    given the model's settings: strict, coercing, named), not from class annotations.
    """

    def build_schema_(cls: type[Table], /, **kwargs: Any) -> pa.DataFrameSchema:
        return pa.DataFrameSchema({c.name: _column(c) for c in columns}, **kwargs)

    namespace = {
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": doc,
        "build_schema_": classmethod(build_schema_),
    }
    return type(name, (Table,), namespace)


PersonTable: type[Table] = _schema(
    "PersonTable",
    """*Personer* — one row per person to assess (integreringsloven §§ 8, 9, 11, 12, 52).

    The typed person table of the contract: what :func:`integreringslov.read` gives for a
    person file and what :func:`~integreringslov.rules.assess_frame` reads. Generated from
    :data:`PERSON_COLUMNS`: every field has a title, a description, what an empty cell
    means (metadata ``"empty"``) and, where the law defines it, the provision (metadata
    ``"provision"``). A ``municipality`` column (:data:`CARRIED_COLUMNS`) may follow.
    """,
    (*PERSON_COLUMNS, *CARRIED_COLUMNS),
)
AssessmentTable: type[Table] = _schema(
    "AssessmentTable",
    """*Vurdering* — the output of ``assess_frame``: one row per person, with reasons.

    Generated from :data:`ASSESSMENT_COLUMNS`.
    """,
    ASSESSMENT_COLUMNS,
)

DECLARED: dict[type[Table], tuple[Column, ...]] = {
    PersonTable: (*PERSON_COLUMNS, *CARRIED_COLUMNS),
    AssessmentTable: ASSESSMENT_COLUMNS,
}
"""Each table declared here, with its columns (the documentation renders them from it)."""
