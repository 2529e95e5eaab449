"""Reference figures shipped with the library: Trøndelag 2022 (IMDi; the county's slides).

Sources, dates and licences: ``integreringslov/data/README.md``. IMDi data are NLOD 2.0;
the 2021 population is SSB's (CC BY 4.0, «Kilde: Statistisk sentralbyrå»).
"""

from __future__ import annotations

import functools
import io
from datetime import date
from importlib.resources import files

import pandas as pd

from integreringslov import regions
from integreringslov.settlement._model import (
    MunicipalDecision,
    SettlementOutcome,
    SettlementRequest,
)
from integreringslov.settlement._status import AgeShares, SettlementStatus

__all__ = [
    "TRONDELAG",
    "trondelag_2022",
    "trondelag_2022_criteria",
    "trondelag_2022_decisions",
    "trondelag_2022_outcomes",
    "trondelag_2022_requests",
    "trondelag_2022_status",
]

TRONDELAG = "50"
"""Fylkesnummer of Trøndelag (from 2018)."""

_SOURCE_IMDI = "IMDi, bosatt_anmodede (Sept 2023), NLOD 2.0"


def _read(name: str) -> str:
    return files("integreringslov.data").joinpath(name).read_text("utf-8")


@functools.cache
def _imdi() -> pd.DataFrame:
    frame = pd.read_csv(
        io.StringIO(_read("trondelag_2022_settlement.csv")),
        dtype={"municipality": "string", "population": "string", "measure": "string",
               "status": "string"},
        keep_default_na=False, na_values={"persons": [""]},
    )  # fmt: skip
    frame["persons"] = frame["persons"].astype("Int64")
    return frame


def trondelag_2022() -> pd.DataFrame:
    """The IMDi long table for Trøndelag 2022 (a copy; columns as the IMDi importer's)."""
    return _imdi().copy()


def trondelag_2022_requests() -> list[SettlementRequest]:
    """The original and adjusted requests (anmodning) of 2022 per municipality."""
    return SettlementRequest.from_imdi_rows(_imdi())


def trondelag_2022_decisions() -> list[MunicipalDecision]:
    """The municipalities' decisions (vedtak) for 2022."""
    return MunicipalDecision.from_imdi_rows(_imdi())


def trondelag_2022_outcomes() -> list[SettlementOutcome]:
    """Persons actually settled in 2022 (Røyrvik suppressed by IMDi)."""
    return SettlementOutcome.from_imdi_rows(_imdi())


def trondelag_2022_criteria() -> pd.DataFrame:
    """A criteria table for Trøndelag's 38 municipalities (the ``recommend`` input).

    Columns: ``municipality``, ``name`` (on 1 January 2022), ``population`` (1 January 2021,
    SSB 07459), ``requested_original`` (IMDi's first request for 2022, made before the war
    by IMDi's criteria), ``spread`` (1 for every municipality: an equal part for «styrt og
    spreidd» settlement), ``requested`` (the adjusted request of 2022, for comparison).
    """
    frame = _imdi()
    wide = frame[frame["population"] == "all"].pivot(
        index="municipality", columns="measure", values="persons"
    )
    pop = regions.population_2021()
    on = date(2022, 1, 1)
    codes = [str(c) for c in wide.index]
    return pd.DataFrame(
        {
            "municipality": codes,
            "name": [regions.municipality(c, on=on).names[0] for c in codes],
            "population": [float(pop[c]) for c in codes],
            "requested_original": wide["requested_original"].astype("float64").to_numpy(),
            "spread": 1.0,
            "requested": wide["requested"].astype("Int64").to_numpy(),
        }
    )


def trondelag_2022_status() -> tuple[SettlementStatus, ...]:
    """The county's settlement status snapshots of 9 and 16 May 2022 (seed slides)."""
    frame = pd.read_csv(io.StringIO(_read("trondelag_settlement_status_2022.csv")),
                        dtype={"county": "string"})  # fmt: skip
    out = []
    for rec in frame.to_dict("records"):
        out.append(
            SettlementStatus(
                region=str(rec["county"]),
                as_of=date.fromisoformat(str(rec["as_of"])),
                requested=int(rec["requested"]),
                settled=int(rec["settled"]),
                assigned_municipality=int(rec["assigned_municipality"]),
                career_guidance=int(rec["career_guidance"]),
                age_shares=AgeShares(
                    children_0_5=float(rec["share_children_0_5"]),
                    children_6_15=float(rec["share_children_6_15"]),
                    youth_16_19=float(rec["share_youth_16_19"]),
                    adults=float(rec["share_adults"]),
                ),
            )
        )
    return tuple(sorted(out, key=lambda s: s.as_of))
