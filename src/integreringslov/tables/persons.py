"""The person table (input of ``assess_frame``) and the assessment table (its output).

Column by column as the contract (``design/contract.md``, "Person table", "What an empty
cell means", "Assessment output") says; each description says what an empty cell means.

:class:`PersonTable` is the typed person table of the contract — what the spreadsheet
importer produces and what :func:`~integreringslov.rules.assess_frame` reads after parsing
text cells with ``_coerce``. :class:`AssessmentTable` is the output.
Every field has a title, a description and, where the law defines it, the provision
(metadata key ``"provision"``, as a citation string).

A ``fodselsnummer`` column may stand in for ``birth_date`` in the files users give; it is
turned into the birth date and dropped at once, so it is not part of either schema.
"""

from __future__ import annotations

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from integreringslov.tables import Table

__all__ = ["ASSESSMENT_VALUES", "AssessmentTable", "PersonTable"]

_LETTERS = ["a", "b", "c", "d", "e", "f", "g"]

ASSESSMENT_VALUES: dict[str, tuple[str, ...]] = {
    "regime": ("integreringsloven", "introduksjonsloven"),
    "programme": ("right_and_duty", "right", "may_offer", "not_covered", "undetermined"),
    "career_guidance": ("right_and_duty", "right", "not_covered", "undetermined"),
}
"""The closed vocabularies of the assessment table's outcome columns."""


def _meta(provision: str | None = None) -> dict[str, str]:
    return {"provision": provision} if provision else {}


class PersonTable(Table):
    """*Personer* — one row per person to assess (integreringsloven §§ 8, 9, 11, 12, 52)."""

    person_id: Series[str] = pa.Field(
        nullable=False,
        str_length={"min_value": 1},
        title="Person id",
        description="The user's pseudonymous id; never a fødselsnummer.",
    )
    birth_date: Series[pd.Timestamp] = pa.Field(
        nullable=False,
        title="Birth date",
        description="Date of birth; the age on the grant date decides (§ 8 første ledd).",
        metadata=_meta("integreringsloven § 8 første ledd andre punktum"),
    )
    permit_letter: Series[str] = pa.Field(
        nullable=True,
        isin=_LETTERS,
        title="§ 9 letter",
        description="Letter of § 9 første ledd the residence permit falls under; empty = "
        "another permit (not covered, unless a reference person is given).",
        metadata=_meta("integreringsloven § 9 første ledd"),
    )
    permit_granted: Series[pd.Timestamp] = pa.Field(
        nullable=False,
        title="Permit granted",
        description="Date the residence permit was granted.",
        metadata=_meta(
            "integreringsloven § 8 første ledd andre punktum; § 52 (§ 51 before 2022-08-01)"
        ),
    )
    arrival_date: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="Arrival",
        description="Arrival in Norway, where the permit was granted before entry; empty = "
        "not applicable.",
        metadata=_meta(
            "integreringsloven § 52 (§ 51 before 2022-08-01); integreringsforskriften § 72"
        ),
    )
    settled_date: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="Settled",
        description="Date the person was settled in (moved to) a municipality; empty = not "
        "(yet) settled, which decides not_covered.",
        metadata=_meta("integreringsloven § 8 første ledd tredje punktum"),
    )
    settled_by_agreement: Series[bool] = pa.Field(
        nullable=False,
        title="Settled by agreement",
        description="Settled by agreement between the integration authorities (IMDi) and "
        "the municipality; empty = no.",
        metadata=_meta("integreringsloven § 8 første ledd første punktum; § 8 andre ledd"),
    )
    nordic_or_eea: Series[bool] = pa.Field(
        nullable=False,
        title="Nordic or EEA",
        description="Nordic citizen or covered by the EEA agreement (not covered by § 8); "
        "empty = no.",
        metadata=_meta("integreringsloven § 8 femte ledd (fjerde ledd before 2026)"),
    )
    reference_letter: Optional[Series[str]] = pa.Field(  # noqa: UP045
        nullable=True,
        isin=[*_LETTERS, "other"],
        title="Reference person's letter",
        description="For letter f and family members: the § 9 letter of the reference "
        "person's permit; other = none of a–g (e.g. a Norwegian citizen or a work permit); "
        "empty = unknown, so a letter-f row is undetermined unless another fact decides.",
        metadata=_meta(
            "integreringsloven § 9 første ledd bokstav f; § 8 tredje ledd første punktum"
        ),
    )
    reference_permanent: Optional[Series[bool]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="Reference person's permit permanent",
        description="The reference person's permit is now permanent, granted on the basis of "
        "the letter given (counts from 2023-08-01); empty = no.",
        metadata=_meta("integreringsloven § 9 andre ledd (LOV-2023-06-09-24)"),
    )
    reference_settled_date: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="Reference person settled",
        description="For letter f: when the reference person was settled in a municipality; "
        "empty where the reference person holds a–e = unknown (undetermined).",
        metadata=_meta("integreringsloven § 9 første ledd bokstav f"),
    )
    reunification_applied: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="Reunification applied",
        description="For letter f: when family reunification was applied for; empty where "
        "the reference person holds a–e = unknown (undetermined).",
        metadata=_meta("integreringsloven § 9 første ledd bokstav f"),
    )
    decision_date: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="§ 12 decision",
        description="Date of the § 12 decision; it decides which version of the law applies; "
        "empty = the assessment date stands in.",
        metadata=_meta("integreringsloven § 8 første ledd tredje punktum; § 12"),
    )
    work_hours_per_week: Optional[Series[float]] = pa.Field(  # noqa: UP045
        nullable=True,
        ge=0,
        le=168,
        title="Work hours a week",
        description="Hours of work or of a work offer (the 30-hour rule from 2026-01-01); "
        "empty = none recorded, the rule does not apply.",
        metadata=_meta("integreringsloven § 8 fjerde ledd (LOV-2025-06-20-35)"),
    )
    previous_permit_letter: Optional[Series[str]] = pa.Field(  # noqa: UP045
        nullable=True,
        isin=_LETTERS,
        title="Previous § 9 letter",
        description="The § 9 letter of the permit held before the current one (letter a "
        "after f needs no agreement from 2023-08-01); empty = none.",
        metadata=_meta(
            "integreringsloven § 8 andre ledd andre punktum (LOV-2023-06-09-24); "
            "integreringsforskriften § 43h"
        ),
    )
    first_permit_granted: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="First § 9 permit granted",
        description="When the first § 9 permit was granted, if earlier than permit_granted: "
        "the two years of § 8 run from the first; empty = this is the first.",
        metadata=_meta("integreringsloven § 8 første ledd tredje punktum"),
    )
    claim_date: Optional[Series[pd.Timestamp]] = pa.Field(  # noqa: UP045
        nullable=True,
        title="Claim for the programme",
        description="When the person claimed the programme («krav om program»): the § 12 "
        "decision and start are due within three months; empty = none recorded.",
        metadata=_meta("integreringsloven § 12 andre ledd"),
    )


class AssessmentTable(Table):
    """*Vurdering* — the output of ``assess_frame``: one row per person, with reasons."""

    person_id: Series[str] = pa.Field(title="Person id", description="As in the input.")
    regime: Series[str] = pa.Field(
        isin=list(ASSESSMENT_VALUES["regime"]),
        title="Regime",
        description="The act that governs the person.",
        metadata=_meta(
            "integreringsloven § 52 (§ 51 before 2022-08-01); integreringsforskriften § 72"
        ),
    )
    programme: Series[str] = pa.Field(
        isin=list(ASSESSMENT_VALUES["programme"]),
        title="Introduction programme",
        description="right_and_duty, right (kapittel 6A to 2025-12-31; forskrift § 43h), "
        "may_offer (§ 8 tredje ledd), not_covered, or undetermined (a needed fact is "
        "missing; the reason names it).",
        metadata=_meta("integreringsloven § 8; § 9; § 37 c; integreringsforskriften § 43h"),
    )
    career_guidance: Series[str] = pa.Field(
        isin=list(ASSESSMENT_VALUES["career_guidance"]),
        title="Career guidance",
        description="right_and_duty, right (kapittel 6A, § 37 b tredje ledd to 2026-06-30), "
        "not_covered or undetermined.",
        metadata=_meta("integreringsloven § 11 første ledd; § 37 b"),
    )
    basis: Series[str] = pa.Field(
        title="Basis",
        description="The provisions applied, as numbered and worded on the decision date.",
        metadata=_meta("integreringsloven §§ 8, 9, 11, 12, 37 b, 37 c, 52"),
    )
    reason: Series[str] = pa.Field(
        title="Reason",
        description="One short sentence a caseworker can read, in English or bokmål.",
        metadata=_meta("integreringsloven §§ 8, 9, 11, 37 b, 37 c"),
    )
