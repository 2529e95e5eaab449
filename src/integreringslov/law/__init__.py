"""The law as data: provisions, the dated timeline of the act, parameters and duties."""

from integreringslov.law.duties import CountyDuty, county_duties, county_duty
from integreringslov.law.parameters import Parameter, ParameterValue, parameter, parameters
from integreringslov.law.provisions import Act, Provision, format_basis
from integreringslov.law.timeline import (
    ACT_IN_FORCE,
    TIMELINE,
    Amendment,
    change_dates,
    in_force,
    is_in_force,
)

__all__ = [
    "ACT_IN_FORCE",
    "TIMELINE",
    "Act",
    "Amendment",
    "CountyDuty",
    "Parameter",
    "ParameterValue",
    "Provision",
    "change_dates",
    "county_duties",
    "county_duty",
    "format_basis",
    "in_force",
    "is_in_force",
    "parameter",
    "parameters",
]
