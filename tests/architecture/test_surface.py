"""The public surface, pinned (as httpx pins its own): every public module and its ``__all__``.

A module is public when no part of its dotted name starts with an underscore. Adding or
removing a public module or name is a change users see: make it here on purpose, with a
changelog entry. Implementation modules are private (``rules._grounds``, ``_io.write``, ...)
and may change at any time.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import integreringslov

PUBLIC: dict[str, tuple[str, ...]] = {
    "integreringslov": (
        "AllocationError",
        "Assessment",
        "Detection",
        "Imported",
        "ImporterInfo",
        "IntegreringslovError",
        "InvalidInputError",
        "MissingExtraError",
        "NotInForceError",
        "Person",
        "PluginError",
        "Problem",
        "Provision",
        "Recommendation",
        "RegisterImporter",
        "ResidencePermit",
        "SourceError",
        "SourceTable",
        "Table",
        "UnknownRegionError",
        "ValidationReport",
        "__version__",
        "apportion",
        "assess",
        "assess_frame",
        "assess_panel",
        "compare",  # issue 20: reforms
        "hookimpl",
        "importers",
        "law",
        "read",
        "recommend",
        "regions",
        "ssb",
    ),
    "integreringslov.allocation": (
        "Criterion",
        "Direction",
        "METHODS",
        "METHOD_NAMES",
        "Method",
        "MethodName",
        "Recommendation",
        "RecommendationRow",
        "apportion",
        "parse_criteria",
        "recommend",
    ),
    "integreringslov.cli": ("EXIT_INVALID", "EXIT_OK", "EXIT_PIPE", "EXIT_USAGE", "main"),
    "integreringslov.cli.assess": ("register",),
    "integreringslov.cli.demo": ("register",),
    "integreringslov.cli.fetch": (
        "add_timeout_option",
        "parse_selection",
        "register",
    ),
    "integreringslov.cli.importing": ("register",),
    "integreringslov.cli.recommend": ("IMPORTER", "register"),
    "integreringslov.cli.regions": ("register",),
    "integreringslov.data": (),
    "integreringslov.errors": (
        "AllocationError",
        "IntegreringslovError",
        "InvalidInputError",
        "MissingExtraError",
        "NotInForceError",
        "PluginError",
        "Problem",
        "SourceError",
        "UnknownRegionError",
    ),
    "integreringslov.fodselsnummer": ("EXPECTED", "birth_date", "check_digits", "is_valid"),
    "integreringslov.law": (
        "ACT_IN_FORCE",
        "Act",
        "Amendment",
        "CountyDuty",
        "Parameter",
        "ParameterValue",
        "Provision",
        "SOURCES_END",
        "TIMELINE",
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
    ),
    "integreringslov.model": (
        "PROVISION",
        "PermitLetter",
        "Person",
        "REFERENCE_LETTERS",
        "ReferencePerson",
        "ResidencePermit",
        "Settlement",
    ),
    "integreringslov.plugins": (
        "BLOCKED_ENV",
        "DEFAULT_LIMITS",
        "DISABLE_AUTOLOAD_ENV",
        "Detection",
        "ENTRY_POINT_GROUP",
        "Imported",
        "ImporterInfo",
        "Limits",
        "PROJECT",
        "Plugins",
        "RegisterImporter",
        "SourceTable",
        "default_plugins",
        "get_plugin_manager",
        "hookimpl",
        "importers",
        "read",
        "say",
        "speaking",
    ),
    "integreringslov.plugins.hookspecs": ("detect_source", "read_source", "register_importers"),
    "integreringslov.regions": (
        "County",
        "FIRST_MODELLED",
        "Municipality",
        "RegistrySource",
        "Resolution",
        "UNKNOWN_MUNICIPALITY",
        "check_registry",
        "counties",
        "county",
        "municipalities",
        "municipality",
        "population_2021",
        "provenance",
        "reload",
        "resolve",
        "source",
        "update",
    ),
    "integreringslov.regions.klass": (
        "Answers",
        "COUNTIES",
        "FIRST",
        "JsonClient",
        "KLASS_BASE_URL",
        "LICENCE",
        "MAX_FILES",
        "MAX_VERSIONS",
        "MUNICIPALITIES",
        "Version",
        "build_registry",
        "check_data",
        "fetch",
        "read_files",
        "registry_file",
        "registry_lock",
        "store",
    ),
    "integreringslov.rules": (
        "Assessment",
        "Finding",
        "Ground",
        "GuidanceCase",
        "GuidanceOutcome",
        "INPUT_COLUMNS",
        "OUTPUT_COLUMNS",
        "ParsedPersons",
        "ProgrammeOutcome",
        "READINGS",  # issue 20, item 4: readings of open texts
        "REQUIRED_COLUMNS",
        "Reading",
        "Regime",
        "Rendered",
        "SplitResult",
        "TimelineIssue",
        "assess",
        "assess_frame",
        "career_guidance",
        "check_guidance_case",
        "check_person",
        "compare",  # issue 20: reforms
        "decision_date",
        "family_reference",
        "full_years",
        "kapittel_6a",
        "parse_persons",
        "person_from_row",
        "person_to_row",
        "persons_from_rows",
        "regime",
        "render",
        "target_group",
    ),
    "integreringslov.settlement": (
        "AgeShares",
        "CountyRecommendation",
        "DateKind",
        "KNOWN_DATES",
        "Milestone",
        "MunicipalDecision",
        "NEED_2022",
        "NationalNeed",
        "Population",
        "Progress",
        "RedistributionRule",
        "RequestRound",
        "SettlementOutcome",
        "SettlementRequest",
        "SettlementStatus",
        "annual_cycle",
    ),
    "integreringslov.ssb": (
        "ContentLang",
        "DEFAULT_BASE_URL",
        "Dimension",
        "MAX_CALLS",
        "Metadata",
        "Selection",
        "TableInfo",
        "fetch",
        "metadata",
        "tables",
    ),
    "integreringslov.ssb.selection": (
        "Dimension",
        "MAX_URL_LENGTH",
        "Metadata",
        "Selection",
        "cells",
        "plan_calls",
    ),
    "integreringslov.tables": ("Table", "ValidationReport", "column_schema", "validate"),
    "integreringslov.tables.municipalities": (
        "CONTRIBUTION_PREFIX",
        "MunicipalityCriteria",
        "RESERVED_COLUMNS",
        "RecommendationTable",
        "criteria_columns",
    ),
    "integreringslov.tables.persons": (
        "ASSESSMENT_COLUMNS",
        "ASSESSMENT_VALUES",
        "AssessmentTable",
        "CARRIED_COLUMNS",
        "Column",
        "DECLARED",
        "FODSELSNUMMER",
        "INPUT_COLUMNS",
        "Kind",
        "LETTERS",
        "MAX_HOURS",
        "MUNICIPALITY",
        "OUTPUT_COLUMNS",
        "PERSON_COLUMNS",
        "PersonTable",
        "REFERENCE_CODES",
        "REFERENCE_OTHER",
        "REQUIRED_COLUMNS",
        "person_column",
    ),
    "integreringslov.tables.settlement_statistics": (
        "IMDI_STATUS",
        "ImdiWideTable",
        "MEASURES",
        "POPULATIONS",
        "SettlementStatistics",
    ),
    "integreringslov.tables.statistics": (
        "DEFAULT_IMMIGRANT_DIMENSIONS",
        "IMMIGRANT_CATEGORIES",
        "ImmigrantPopulation",
        "PERSONS_CONTENTS",
        "SsbTable",
        "age_by_world_region",
        "immigrant_population_from_ssb",
    ),
    "integreringslov.testing": (
        "FOREIGN_FILES",
        "check_declaration",
        "check_detection_is_safe",
        "check_example",
        "check_importer",
        "make_plugins",
    ),
}


def _public_modules() -> list[str]:
    names = ["integreringslov"]
    for info in pkgutil.walk_packages(integreringslov.__path__, prefix="integreringslov."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            names.append(info.name)
    return sorted(names)


def test_the_public_modules_are_the_pinned_ones() -> None:
    assert _public_modules() == sorted(PUBLIC)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_public_module_exports_the_pinned_names(name: str) -> None:
    module = importlib.import_module(name)
    exported = tuple(sorted(getattr(module, "__all__", ())))
    assert exported == PUBLIC[name]
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what the module does not have"


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_public_module_says_what_it_is(name: str) -> None:
    module = importlib.import_module(name)
    assert (module.__doc__ or "").strip(), f"{name} has no docstring"
