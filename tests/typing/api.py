"""Type-checked, never run: the public API as users write it (mypy --strict checks it)."""

from datetime import date

import integreringslov as il

version: str = il.__version__
m: il.regions.Municipality = il.regions.municipality("5001", on=date(2024, 1, 1))
codes: tuple[str, ...] = il.regions.resolve("1601", on=date(2020, 1, 1)).codes
p: il.Provision = il.Provision("§ 8", ledd=1)
citation: str = str(p)
on_2026 = il.law.parameter("programme.age_max", on=date(2026, 1, 1)).value
in_force: bool = il.law.is_in_force("kapittel-6a", date(2024, 1, 1))
