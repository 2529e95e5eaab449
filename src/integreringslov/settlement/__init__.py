"""The settlement process: need, requests, the county's recommendation, decisions, status.

Integreringsloven § 4 andre ledd: «Fylkeskommunen skal anbefale hvor mange flyktninger som
bør bosettes i den enkelte kommune i fylket.» The rest of the process — the national need,
IMDi's requests (anmodning), the municipalities' decisions (vedtak) and settlement through
the year — follows the cooperation agreement and IMDi's practice (law.md § 2).
"""

from __future__ import annotations

from integreringslov.settlement._cycle import KNOWN_DATES, DateKind, Milestone, annual_cycle
from integreringslov.settlement._model import (
    NEED_2022,
    CountyRecommendation,
    MunicipalDecision,
    NationalNeed,
    Population,
    RedistributionRule,
    RequestRound,
    SettlementOutcome,
    SettlementRequest,
)
from integreringslov.settlement._status import AgeShares, Progress, SettlementStatus

__all__ = [
    "KNOWN_DATES",
    "NEED_2022",
    "AgeShares",
    "CountyRecommendation",
    "DateKind",
    "Milestone",
    "MunicipalDecision",
    "NationalNeed",
    "Population",
    "Progress",
    "RedistributionRule",
    "RequestRound",
    "SettlementOutcome",
    "SettlementRequest",
    "SettlementStatus",
    "annual_cycle",
]
