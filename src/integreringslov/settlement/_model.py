"""The settlement process as records: need, request, recommendation, decision, outcome.

The yearly chain (law.md § 4.4): the national committee fixes the *need* (Nasjonalt utvalg
for mottak og bosetting) → the county *recommends* a distribution over its municipalities
(integreringsloven § 4 andre ledd) → IMDi, with KS, sends each municipality a *request*
(anmodning), possibly revised during the year → the municipality *decides* (vedtak) → people
are *settled* through the year (faktisk bosetting).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs
import pandas as pd

from integreringslov._text.i18n import tr
from integreringslov.errors import InvalidInputError, Problem
from integreringslov.law import Provision
from integreringslov.tables._coerce import MUNICIPALITY_CODE

__all__ = [
    "CountyRecommendation",
    "MunicipalDecision",
    "NationalNeed",
    "Population",
    "RedistributionRule",
    "RequestRound",
    "SettlementOutcome",
    "SettlementRequest",
]

_CODE = attrs.validators.matches_re(MUNICIPALITY_CODE)
_COUNTY = attrs.validators.matches_re(r"^\d{2}$")
_COUNT = attrs.validators.ge(0)
_OPT_COUNT = attrs.validators.optional(attrs.validators.ge(0))


class Population(enum.Enum):
    """Which persons a figure counts; the values are the IMDi table's codes."""

    ALL = "all"
    """All refugees (the request's total, including unaccompanied minors)."""
    UNACCOMPANIED_MINORS = "unaccompanied_minors"
    """Enslige mindreårige flyktninger (EM), a subset of the total."""


class RequestRound(enum.Enum):
    """Which round of a year's request: the first letter or the latest adjustment."""

    ORIGINAL = "requested_original"
    """Opprinnelig anmodning — the first request for the year."""
    ADJUSTED = "requested"
    """Anmodning om bosetting — the latest (adjusted) request, as IMDi reports it."""


@attrs.frozen(kw_only=True)
class RedistributionRule:
    """Terskel for ny fordeling — when a changed need calls for a new distribution.

    The 2016–17 mandate of the national committee: «når det estimerte bosettingsbehovet øker
    med mer enn 750 personer totalt og/eller 150 enslige mindreårige»; the later wording:
    «endres med mer eller mindre enn 10 prosent totalt og/eller … 10 prosent for enslige
    mindreårige» (law.md § 2.2). Either form is expressible; both fields may be set.
    """

    relative: float | None = 0.10
    """Relative change (either way) of the total or of EM that triggers; ``None`` = unused."""
    absolute_total: int | None = None
    """Absolute increase of the total that triggers (750 in 2016–17); ``None`` = unused."""
    absolute_minors: int | None = None
    """Absolute increase of EM that triggers (150 in 2016–17); ``None`` = unused."""

    @classmethod
    def mandate_2016(cls) -> RedistributionRule:
        """The 2016–17 mandate: more than 750 persons or 150 EM."""
        return cls(relative=None, absolute_total=750, absolute_minors=150)


@attrs.frozen(kw_only=True)
class NationalNeed:
    """Nasjonalt bosettingsbehov — the year's need for settlement places, and its distribution.

    Fixed by Nasjonalt utvalg for mottak og bosetting av flyktninger from three prognoses
    (refugees with a permit in reception at the start of the year, new permits during the
    year, and the Storting's quota of resettlement refugees), and distributed by region.
    """

    year: int
    """The settlement year the need is for."""
    persons: int = attrs.field(validator=_COUNT)
    """The total need (persons), including unaccompanied minors."""
    unaccompanied_minors: int | None = attrs.field(default=None, validator=_OPT_COUNT)
    """Of which unaccompanied minors (EM), where fixed (often given as «minst …»)."""
    by_county: Mapping[str, int] = attrs.field(factory=dict)
    """The regional distribution: county code (fylkesnummer) → persons."""
    decided_on: date | None = None
    """When the need was fixed or announced, where known."""
    source: str | None = None
    """Where the figures come from."""

    def needs_redistribution(
        self,
        new_persons: int,
        new_minors: int | None = None,
        *,
        rule: RedistributionRule | None = None,
    ) -> bool:
        """Whether a new estimate of the need calls for a new distribution under ``rule``."""
        rule = rule or RedistributionRule()
        changes = [(self.persons, new_persons, rule.absolute_total)]
        if self.unaccompanied_minors is not None and new_minors is not None:
            changes.append((self.unaccompanied_minors, new_minors, rule.absolute_minors))
        for old, new, absolute in changes:
            if absolute is not None and new - old > absolute:
                return True
            if rule.relative is not None and old > 0 and abs(new - old) / old > rule.relative:
                return True
        return False

    def county_share(self, county: str) -> int:
        """The persons distributed to ``county`` (KeyError if it has no share)."""
        return self.by_county[county]


NEED_2022 = NationalNeed(
    year=2022,
    persons=35_000,
    unaccompanied_minors=400,
    by_county={
        "42": 2245, "34": 2790, "15": 2835, "18": 2750, "03": 2000, "11": 3605,
        "54": 2835, "50": 3790, "38": 2045, "46": 4340, "30": 5765,
    },
    decided_on=date(2022, 3, 18),
    source="IMDi request of 18 March 2022; county figures NRK 2022-04 («Kilde: IMDi.no»); "
    "EM «minst 400» (IMDi 17.3.2022) — law.md §§ 3.1–3.2",
)  # fmt: skip
"""The 2022 need after the invasion of Ukraine: 35 000, of which at least 400 EM."""


def _frame(rows: pd.DataFrame | Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    need = ["year", "municipality", "population", "measure", "persons"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise InvalidInputError(
            [
                Problem(
                    message=tr("column {c!r} of the IMDi table is missing", c=c),
                    column=c,
                )
                for c in missing
            ],
            what=tr("the IMDi settlement table"),
        )
    return frame


def _pairs(frame: pd.DataFrame, measure: str) -> dict[tuple[int, str], dict[str, int | None]]:
    """(year, municipality) → {population: persons} for one measure (nulls kept as None)."""
    sub = frame[frame["measure"] == measure]
    out: dict[tuple[int, str], dict[str, int | None]] = {}
    for year, code, pop, persons in zip(
        sub["year"].tolist(), sub["municipality"].astype(str).tolist(),
        sub["population"].tolist(), sub["persons"].tolist(), strict=True,
    ):  # fmt: skip
        value = None if pd.isna(persons) else int(persons)
        out.setdefault((int(year), code), {})[str(pop)] = value
    return out


@attrs.frozen(kw_only=True)
class SettlementRequest:
    """Anmodning om bosetting — IMDi's request to one municipality for one year.

    «Anmodning er det antallet flyktninger staten ber en kommune om å bosette.» The request
    gives a total and, separately, the number of unaccompanied minors (EM), because their
    settlement needs a dedicated service in the municipality. A year may have several
    rounds; IMDi's statistics keep the original and the latest.
    """

    year: int
    """The settlement year."""
    municipality: str = attrs.field(validator=_CODE)
    """Kommunenummer as published (may be a historical number)."""
    persons: int = attrs.field(validator=_COUNT)
    """Requested persons in total (including EM)."""
    unaccompanied_minors: int | None = attrs.field(default=None, validator=_OPT_COUNT)
    """Of which unaccompanied minors (EM), where specified."""
    round: RequestRound = RequestRound.ADJUSTED
    """The original request or the latest adjustment."""
    sent: date | None = None
    """When the request letter was sent, where known."""
    answer_by: date | None = None
    """The municipality's deadline for its decision, where known."""

    @unaccompanied_minors.validator
    def _minors_within_total(self, _: Any, value: int | None) -> None:
        if value is not None and value > self.persons:
            raise ValueError(
                tr(
                    "{self_municipality} {self_year}: {value} unaccompanied minors exceed the "
                    "request of {self_persons}",
                    self_municipality=self.municipality,
                    self_year=self.year,
                    value=value,
                    self_persons=self.persons,
                )
            )

    @classmethod
    def from_imdi_rows(
        cls, rows: pd.DataFrame | Iterable[Mapping[str, Any]]
    ) -> list[SettlementRequest]:
        """Requests from the IMDi long table.

        The columns are ``year``, ``municipality``, ``population``, ``measure``,
        ``persons`` and ``status`` (as the IMDi importer produces them).

        One request per (year, municipality, round) with a total: ``requested`` rows give the
        adjusted round, ``requested_original`` the original; ``unaccompanied_minors`` rows of
        the same measure fill in EM. Rows without a number (``.`` or ``:``) give no request.
        """
        frame = _frame(rows)
        out = []
        for rnd in (RequestRound.ORIGINAL, RequestRound.ADJUSTED):
            for (year, code), pops in sorted(_pairs(frame, rnd.value).items()):
                total = pops.get(Population.ALL.value)
                if total is None:
                    continue
                em = pops.get(Population.UNACCOMPANIED_MINORS.value)
                out.append(cls(year=year, municipality=code, persons=total,
                               unaccompanied_minors=em, round=rnd))  # fmt: skip
        return out


@attrs.frozen(kw_only=True)
class CountyRecommendation:
    """Anbefaling — the county's recommendation per municipality (§ 4 andre ledd).

    «Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den enkelte
    kommune i fylket.» Neither the act nor a regulation sets a date or a format for it
    (law.md § 2.4); IMDi «skal legge stor vekt på» it (the county's own presentation, 2022).
    """

    county: str = attrs.field(validator=_COUNTY)
    """Fylkesnummer, e.g. ``50`` (Trøndelag)."""
    year: int
    """The settlement year recommended for."""
    numbers: Mapping[str, int] = attrs.field(factory=dict)
    """Kommunenummer → recommended persons."""
    made_on: date | None = None
    """When the recommendation was given, where known."""
    basis: Provision = attrs.field(factory=lambda: Provision("§ 4", ledd=2))
    """integreringsloven § 4 andre ledd."""
    note: str | None = None
    """How it was made, e.g. the criteria and method (see ``Recommendation.explain()``)."""

    @property
    def total(self) -> int:
        """The sum recommended."""
        return sum(self.numbers.values())

    @classmethod
    def from_recommendation(
        cls, recommendation: Any, *, county: str, year: int, made_on: date | None = None
    ) -> CountyRecommendation:
        """From an :class:`~integreringslov.allocation.Recommendation`, noting its criteria."""
        crit = ", ".join(f"{c.label}={c.weight:g}" for c in recommendation.criteria)
        return cls(
            county=county, year=year, numbers=dict(recommendation.numbers), made_on=made_on,
            note=f"method {recommendation.method}, minimum {recommendation.minimum}, "
            f"criteria {crit}",
        )  # fmt: skip

    def compare(self, requests: Iterable[SettlementRequest]) -> dict[str, int]:
        """Kommunenummer → recommended − requested, for municipalities in both."""
        req = {r.municipality: r.persons for r in requests if r.year == self.year}
        return {k: v - req[k] for k, v in self.numbers.items() if k in req}


@attrs.frozen(kw_only=True)
class MunicipalDecision:
    """Vedtak om bosetting — how many refugees a municipality has decided to settle.

    «Vedtak er det antallet flyktninger en kommune har sagt ja til å bosette. … Tomme felt
    betyr at det ikke er registrert et vedtak, mens "0" i vedtakskolonnen betyr at kommunen
    har sagt nei til bosetting av flyktninger.» So ``persons=0`` means *said no* and
    ``persons=None`` means *no decision registered*. A decision may exceed the request.
    """

    year: int
    """The settlement year."""
    municipality: str = attrs.field(validator=_CODE)
    """Kommunenummer."""
    persons: int | None = attrs.field(default=None, validator=_OPT_COUNT)
    """Persons the municipality decided to settle; 0 = said no; ``None`` = not registered."""
    unaccompanied_minors: int | None = attrs.field(default=None, validator=_OPT_COUNT)
    """EM the municipality decided to settle, where decided (the only «who» it decides)."""
    decided_on: date | None = None
    """The date of the council's decision, where known."""

    @property
    def registered(self) -> bool:
        """True when a decision is registered with IMDi."""
        return self.persons is not None

    @property
    def said_no(self) -> bool:
        """True when the municipality decided to settle no refugees (``0``)."""
        return self.persons == 0

    def versus(self, request: SettlementRequest) -> int | None:
        """Decided − requested (positive when the decision exceeds the request)."""
        return None if self.persons is None else self.persons - request.persons

    @classmethod
    def from_imdi_rows(
        cls, rows: pd.DataFrame | Iterable[Mapping[str, Any]]
    ) -> list[MunicipalDecision]:
        """Decisions from the IMDi long table (``measure == "decided"``).

        An empty value gives ``persons=None`` (not registered), not 0 (said no).
        """
        frame = _frame(rows)
        return [
            cls(year=year, municipality=code, persons=pops.get(Population.ALL.value),
                unaccompanied_minors=pops.get(Population.UNACCOMPANIED_MINORS.value))
            for (year, code), pops in sorted(_pairs(frame, "decided").items())
        ]  # fmt: skip


@attrs.frozen(kw_only=True)
class SettlementOutcome:
    """Faktisk bosetting — persons actually settled in a municipality in a year.

    «En flyktning er bosatt når han eller hun ankommer kommunen som har vedtatt å bosette
    ham eller henne.»
    """

    year: int
    """The settlement year."""
    municipality: str = attrs.field(validator=_CODE)
    """Kommunenummer."""
    persons: int | None = attrs.field(default=None, validator=_OPT_COUNT)
    """Persons settled; ``None`` when IMDi suppressed (``:``) or lacks the figure."""
    suppressed: bool = False
    """True when IMDi suppressed the figure (``:``) to protect privacy."""

    @classmethod
    def from_imdi_rows(
        cls, rows: pd.DataFrame | Iterable[Mapping[str, Any]]
    ) -> list[SettlementOutcome]:
        """Outcomes from the IMDi long table (``measure == "settled"``, population ``all``)."""
        frame = _frame(rows)
        sub = frame[(frame["measure"] == "settled") & (frame["population"] == "all")]
        status = (
            sub["status"].fillna("").astype(str).tolist() if "status" in sub else [""] * len(sub)
        )
        return [
            cls(year=int(y), municipality=str(m), persons=None if pd.isna(p) else int(p),
                suppressed=s.strip() == ":")
            for y, m, p, s in zip(sub["year"].tolist(), sub["municipality"].tolist(),
                                  sub["persons"].tolist(), status, strict=True)
        ]  # fmt: skip
