"""The domain model: frozen, keyword-only attrs records."""

from integreringslov.model._person import (
    PROVISION,
    REFERENCE_LETTERS,
    PermitLetter,
    Person,
    ReferencePerson,
    ResidencePermit,
    Settlement,
)

__all__ = [
    "PROVISION",
    "REFERENCE_LETTERS",
    "PermitLetter",
    "Person",
    "ReferencePerson",
    "ResidencePermit",
    "Settlement",
]
