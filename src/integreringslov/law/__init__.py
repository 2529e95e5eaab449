"""The law as data: provisions, their dated wordings, the timeline, parameters and duties."""

from integreringslov.law._duties import CountyDuty, county_duties, county_duty
from integreringslov.law._parameters import Parameter, ParameterValue, parameter, parameters
from integreringslov.law._provisions import Act, Provision, format_basis
from integreringslov.law._texts import Wording, text, versions
from integreringslov.law._timeline import (
    ACT_IN_FORCE,
    SOURCES_END,
    TIMELINE,
    Amendment,
    beyond_sources,
    change_dates,
    in_force,
    is_in_force,
)

__all__ = [
    "ACT_IN_FORCE",
    "SOURCES_END",
    "TIMELINE",
    "Act",
    "Amendment",
    "CountyDuty",
    "Parameter",
    "ParameterValue",
    "Provision",
    "Wording",
    "beyond_sources",
    "change_dates",
    "county_duties",
    "county_duty",
    "format_basis",
    "in_force",
    "is_in_force",
    "parameter",
    "parameters",
    "text",
    "versions",
]
