"""The person whose eligibility is assessed, and the residence permit that decides it.

Records are frozen and keyword-only and take typed attributes only. A row of the person
table (text cells, the contract's columns) becomes a person in the table layer, which
declares the table: :func:`integreringslov.rules.person_from_row`, and back
:func:`integreringslov.rules.person_to_row`. The model knows nothing of tables.
Change a record with :func:`attrs.evolve`.

>>> from datetime import date
>>> p = Person(
...     person_id="p1",
...     birth_date=date(1990, 5, 1),
...     permit=ResidencePermit(letter=PermitLetter.A, granted=date(2023, 1, 10)),
...     settlement=Settlement(date=date(2023, 3, 1), by_agreement=True),
... )
>>> p.permit.letter.value, p.settlement.by_agreement
('a', True)
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from integreringslov._text.i18n import tr
from integreringslov.law import Provision

__all__ = [
    "PROVISION",
    "REFERENCE_LETTERS",
    "PermitLetter",
    "Person",
    "ReferencePerson",
    "ResidencePermit",
    "Settlement",
]

PROVISION = "provision"
"""Field-metadata key under which a field's :class:`~integreringslov.law.Provision` is kept."""


class PermitLetter(enum.Enum):
    """*Oppholdstillatelse etter § 9* — the letter of integreringsloven § 9 første ledd.

    The values are the letters themselves, as written in the person table.
    """

    A = "a"
    """Refugee (*flyktning*), utlendingsloven § 28."""
    B = "b"
    """Resettlement refugee (*overføringsflyktning*), utlendingsloven § 35 tredje ledd."""
    C = "c"
    """Renewable permit on humanitarian grounds after an asylum application, § 38 første ledd."""
    D = "d"
    """Limited permit as member of a family with children, § 38 femte ledd bokstav a or b."""
    E = "e"
    """Collective protection in a mass-flight situation (*kollektiv beskyttelse*), § 34."""
    F = "f"
    """Family member (utlendingsloven kapittel 6) of a person holding a to e."""
    G = "g"
    """Renewable permit on independent grounds, utlendingsloven § 53 (*selvstendig grunnlag*)."""

    @property
    def provision(self) -> Provision:
        """The provision that lists this letter, e.g. ``§ 9 første ledd bokstav a``."""
        return Provision("§ 9", ledd=1, letter=self.value)

    @classmethod
    def parse(cls, text: str | None) -> PermitLetter | None:
        """The letter for ``text`` (case-insensitive, stripped); ``None`` for empty text.

        Raises :class:`ValueError` naming the accepted letters for anything else.
        """
        if text is None or not str(text).strip():
            return None
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            raise ValueError(
                tr(
                    "not a § 9 letter: {text!r}; expected one of a, b, c, d, e, f, g or empty",
                    text=text,
                )
            ) from None


REFERENCE_LETTERS = frozenset(
    {PermitLetter.A, PermitLetter.B, PermitLetter.C, PermitLetter.D, PermitLetter.E}
)
"""The letters a reference person must hold for letter f (§ 9 første ledd bokstav f)."""


@attrs.frozen(kw_only=True)
class ReferencePerson:
    """*Referanseperson* — the family member in Norway whom a family member joins.

    A reference person something is known of; where nothing is known of them, the permit
    has no reference person at all (``ResidencePermit.reference_person is None``).
    """

    permit_letter: PermitLetter | None = attrs.field(
        metadata={PROVISION: Provision("§ 9", ledd=1, letter="f")}
    )
    """The § 9 letter of the reference person's permit; ``None`` when it is none of a–g
    (``other`` in the person table: e.g. a Norwegian citizen or a work permit), or when
    the letter is not known (:attr:`letter_known`)."""
    letter_known: bool = True
    """Whether :attr:`permit_letter` is known. ``False`` for a reference person whose
    letter is unknown (left empty in the person table) while other facts of them are
    given (:attr:`permanent`, :attr:`settled_date`): the rules then treat the letter as a
    missing fact, as for a table row."""
    permanent: bool = attrs.field(default=False, metadata={PROVISION: Provision("§ 9", ledd=2)})
    """The reference person's permit is now permanent, granted on the basis of
    :attr:`permit_letter` (§ 9 andre ledd, from 2023-08-01)."""
    settled_date: date | None = None
    """When the reference person was settled in a municipality (``None`` if unknown)."""


@attrs.frozen(kw_only=True)
class ResidencePermit:
    """*Oppholdstillatelse* — the residence permit the assessment turns on."""

    letter: PermitLetter | None = attrs.field(metadata={PROVISION: Provision("§ 9", ledd=1)})
    """The letter of § 9 første ledd the permit falls under; ``None`` for another permit.

    A permit under utlendingsloven kapittel 6 as family member of someone who does *not*
    hold a–e is written as letter f with a reference person whose letter is ``None``.
    """
    granted: date = attrs.field(metadata={PROVISION: Provision("§ 8", ledd=1, punktum=2)})
    """The day the permit was granted: the age on this day decides (§ 8 første ledd)."""
    arrival_date: date | None = attrs.field(default=None, metadata={PROVISION: Provision("§ 51")})
    """Arrival in Norway, where the permit was granted abroad before entry (forskrift § 72)."""
    reference_person: ReferencePerson | None = None
    """For letter f: the reference person."""
    reunification_applied: date | None = attrs.field(
        default=None, metadata={PROVISION: Provision("§ 9", ledd=1, letter="f")}
    )
    """For letter f: the day family reunification was applied for."""
    previous_letter: PermitLetter | None = attrs.field(
        default=None, metadata={PROVISION: Provision("§ 8", ledd=2, punktum=2)}
    )
    """The § 9 letter of the permit held before this one; ``None`` for none."""
    first_granted: date | None = attrs.field(
        default=None, metadata={PROVISION: Provision("§ 8", ledd=1, punktum=3)}
    )
    """When the first § 9 permit was granted, if earlier than :attr:`granted`: the two
    years of § 8 run from the first permit; ``None`` when this is the first."""


@attrs.frozen(kw_only=True)
class Settlement:
    """*Bosetting* — the person's settlement in a municipality."""

    date: date = attrs.field(metadata={PROVISION: Provision("§ 8", ledd=1, punktum=3)})
    """The day the person was settled in (moved to) the municipality."""
    by_agreement: bool | None = attrs.field(
        metadata={PROVISION: Provision("§ 8", ledd=1, punktum=1)}
    )
    """Settled by agreement between the integration authorities (IMDi) and the municipality;
    ``None`` when not known (the rules answer ``undetermined`` where it matters)."""


@attrs.frozen(kw_only=True)
class Person:
    """*Innvandrer* — a person assessed under integreringsloven §§ 8, 9 and 11."""

    person_id: str
    """The user's pseudonymous id; never a fødselsnummer."""
    birth_date: date
    """Date of birth."""
    permit: ResidencePermit
    """The residence permit."""
    settlement: Settlement | None = None
    """The settlement in a municipality; ``None`` when not (yet) settled."""
    nordic_or_eea: bool = attrs.field(default=False, metadata={PROVISION: Provision("§ 8", ledd=5)})
    """Nordic citizen or covered by the EEA agreement (§ 8 fjerde ledd, from 2026 femte)."""
    decision_date: date | None = attrs.field(
        default=None, metadata={PROVISION: Provision("§ 12", ledd=2)}
    )
    """The day of the § 12 decision; ``None`` lets the assessment date stand in for it."""
    claim_date: date | None = attrs.field(
        default=None, metadata={PROVISION: Provision("§ 12", ledd=2)}
    )
    """When the person claimed the programme («krav om program», § 12 andre ledd)."""
    work_hours_per_week: float | None = attrs.field(
        default=None, metadata={PROVISION: Provision("§ 8", ledd=4)}
    )
    """Hours a week of work or of a work offer (the 30-hour rule from 2026-01-01)."""

    def __repr__(self) -> str:
        # Keep the repr short and free of anything but the pseudonymous id.
        letter = self.permit.letter.value if self.permit.letter else "-"
        return f"Person(person_id={self.person_id!r}, permit_letter={letter!r})"
