"""Benchmark: ``assess_frame`` on 1,000,000 persons, against its floor and a fair OpenFisca peer.

Run: python benchmarks/bench_assess.py [N]   (OpenFisca: ``pip install openfisca-core``)

Three implementations of integreringsloven § 8 første ledd (with § 9 første ledd bokstav f
and the two-year rule) over the same generated persons, timed in one run, in turns:

- **floor** — the same decision written by hand as plain vectorised numpy over the already
  typed columns (dates to ``yyyymmdd`` integers by one table lookup, letters to codes, one
  boolean expression). It computes one yes/no per person and nothing else: no parsing,
  no validation, no other outcome, no basis or reason.
- **assess_frame** — the library's public call, whole: it parses and validates every
  column, decides every ground of §§ 8–9, 11, 37 b–c and 52 (not only § 8 første ledd) and
  renders the outcome, basis and reason columns; timed on one thread (``threads=1``) and on
  every core (the default). From its output, *in the § 8 target group* is ``programme ==
  "right_and_duty"``, or ``"right"`` with a basis citing § 37 c (kapittel 6A: a § 8 person
  with a right and no duty).
- **OpenFisca** (``openfisca-core``), written as its documentation writes a country
  package: a person entity, input variables with ``definition_period = ETERNITY``, one
  variable per concept (age on the grant date, years in the municipality, the family
  rule, …) with a ``formula(person, period, parameters)``, the result variable with
  ``definition_period = DAY`` computed for the assessment day with
  ``simulation.calculate(...)``, and the age limits and year counts as dated parameters
  (``parameters(period).programme.age_min``). Its dates are ``datetime64[D]`` arrays
  as OpenFisca stores them; whole years between two dates use the same table lookup as
  the floor (*fair*). The country template's literal ``age`` formula (``astype`` to years
  and months) is timed too, as *docs-literal*, to show what that date arithmetic costs.
  Timed from the same typed frame as the others (simulation built, inputs set — letters
  as codes, dates as ``datetime64[D]`` — and ``calculate()``), and ``calculate()`` alone.

The three must agree on every person; the benchmark prints where they do not. Every
measurement is taken five times, in turns — floor, one thread, every core, OpenFisca fair,
OpenFisca docs-literal, then again — so that each sees the same load on a shared machine,
and the best of each is kept. It prints the machine's cores and load, each time, the
ratios both ways and the peak memory (tracemalloc) of ``assess_frame``. Latest figures:
``benchmarks/README.md``.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

ON = date(2024, 6, 1)
ACT = 20210101

# -- the persons ---------------------------------------------------------------------------


def generate(n: int, seed: int = 2024) -> pd.DataFrame:
    """``n`` persons with typed columns (dates ``datetime64[s]``), as a register extract."""
    rng = np.random.default_rng(seed)
    on = np.datetime64(ON, "D")
    granted = on - rng.integers(0, 5 * 365, n).astype("m8[D]")
    birth = granted - rng.integers(15 * 365, 70 * 365, n).astype("m8[D]")
    settled = granted + rng.integers(0, 400, n).astype("m8[D]")
    settled = np.where(rng.random(n) < 0.05, np.datetime64("NaT"), settled)
    letters = np.array(["", "a", "b", "c", "d", "e", "f", "g"], dtype=object)[rng.integers(0, 8, n)]
    is_f = letters == "f"
    ref = np.where(is_f, np.array(["", "a", "e"], dtype=object)[rng.integers(0, 3, n)], "")
    has_ref = ref != ""
    applied = granted - rng.integers(30, 400, n).astype("m8[D]")
    ref_settled = applied - rng.integers(0, 8 * 365, n).astype("m8[D]")
    nat = np.datetime64("NaT")
    return pd.DataFrame(
        {
            "person_id": pd.array([f"p{i}" for i in range(n)], dtype="str"),
            "birth_date": birth.astype("M8[s]"),
            "permit_letter": pd.array(letters, dtype="str"),
            "permit_granted": granted.astype("M8[s]"),
            "settled_date": settled.astype("M8[s]"),
            "settled_by_agreement": rng.random(n) < 0.8,
            "nordic_or_eea": rng.random(n) < 0.02,
            "reference_letter": pd.array(np.where(is_f & ~has_ref, "other", ref), dtype="str"),
            "reference_settled_date": np.where(has_ref, ref_settled, nat).astype("M8[s]"),
            "reunification_applied": np.where(has_ref, applied, nat).astype("M8[s]"),
            "work_hours_per_week": np.where(rng.random(n) < 0.1, 35.0, np.nan),
        }
    )


def machine() -> str:
    """The machine as the figures need it: cores usable, and the load when measured."""
    from integreringslov.rules._cores import usable_cores

    one, five, _ = os.getloadavg()
    return (
        f"cores: {usable_cores()} usable of {os.cpu_count()}; "
        f"load average {one:.2f} (1 min), {five:.2f} (5 min)"
    )


# -- the floor -------------------------------------------------------------------------------

_START = np.datetime64("1850-01-01", "D")
_DAYS = np.arange(_START, np.datetime64("3000-01-01", "D"))
_YMD = (
    (_DAYS.astype("M8[Y]").astype(np.int64) + 1970) * 10000
    + (_DAYS.astype("M8[M]").astype(np.int64) % 12 + 1) * 100
    + (_DAYS - _DAYS.astype("M8[M]")).astype(np.int64)
    + 1
).astype(np.int32)
"""Each day from 1850 to 2999 as a ``yyyymmdd`` integer: the floor's one date lookup."""


def ymd(days: np.ndarray) -> np.ndarray:
    """``datetime64`` values as ``yyyymmdd`` integers by the table lookup (0 for NaT)."""
    d = days.astype("M8[D]", copy=False)
    out = _YMD.take((d - _START).astype(np.int64), mode="clip")
    return np.where(np.isnat(d), 0, out)


LETTERS = ("", "a", "b", "c", "d", "e", "f", "g")


def codes(column: pd.Series, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Letters as codes 0 (empty or other) … 7 (g): each distinct text looked up once."""
    found, uniques = pd.factorize(column)
    lookup = {v: i for i, v in enumerate(vocabulary)}
    return np.array([lookup.get(u, 0) for u in uniques], dtype=np.int64)[found]


def floor(frame: pd.DataFrame, on: date) -> np.ndarray:
    """§ 8 første ledd by hand over typed columns: in the target group, yes or no."""
    on_i = on.year * 10000 + on.month * 100 + on.day
    birth = ymd(frame["birth_date"].to_numpy())
    granted = ymd(frame["permit_granted"].to_numpy())
    settled = ymd(frame["settled_date"].to_numpy())
    ref_settled = ymd(frame["reference_settled_date"].to_numpy())
    applied = ymd(frame["reunification_applied"].to_numpy())
    letter = codes(frame["permit_letter"], LETTERS)
    ref = codes(frame["reference_letter"], LETTERS)
    age = (granted - birth) // 10000
    family_ok = (letter != 6) | (
        (ref >= 1) & (ref <= 5) & (ref_settled > 0) & ((applied - ref_settled) // 10000 < 5)
    )
    answer: np.ndarray = (
        (granted >= ACT)
        & ~frame["nordic_or_eea"].to_numpy()
        & (letter > 0)
        & (settled > 0)
        & (settled <= on_i)
        & (age >= 18)
        & (age <= 55)
        & family_ok
        & (frame["settled_by_agreement"].to_numpy() | (letter >= 6))
        & ((on_i - np.maximum(settled, granted)) // 10000 < 2)
    )
    return answer


def in_target_group(assessed: pd.DataFrame) -> np.ndarray:
    """From ``assess_frame``'s output: in § 8 første ledd's target group, yes or no."""
    kap6a = assessed["basis"].astype(str).str.contains("37 c", regex=False)
    return (assessed["programme"] == "right_and_duty").to_numpy() | (
        (assessed["programme"] == "right").to_numpy() & kap6a.to_numpy()
    )


# -- OpenFisca, as its documentation writes a country package --------------------------------


def openfisca(frame: pd.DataFrame, *, literal: bool) -> tuple[float, float, np.ndarray]:
    """§ 8 første ledd as OpenFisca variables: times (whole, ``calculate()``) and answer.

    *Whole* starts from the same typed frame as the floor and ``assess_frame``: the
    simulation built, its inputs set (letters as codes, dates as ``datetime64[D]``), and
    ``calculate()``; the tax-benefit system (the variables) is built before the clock.
    """
    from openfisca_core.entities import build_entity
    from openfisca_core.parameters import ParameterNode
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    ETERNITY, DAY = DateUnit.ETERNITY, DateUnit.DAY
    Person = build_entity(key="person", plural="persons", label="Person", is_person=True)

    def full_years(start: np.ndarray, end: np.ndarray) -> np.ndarray:
        """Whole years from ``start`` to ``end`` (datetime64[D] arrays)."""
        if literal:  # the country template's ``age`` formula, its date parts of both ends
            (sy, sm, sd), (ey, em, ed) = (
                (
                    d.astype("datetime64[Y]").astype(int) + 1970,
                    d.astype("datetime64[M]").astype(int) % 12 + 1,
                    (d - d.astype("datetime64[M]") + 1).astype(int),
                )
                for d in (start, end)
            )
            past = (sm < em) + (sm == em) * (sd <= ed)
            return (ey - sy) - np.where(past, 0, 1)
        return (ymd(end) - ymd(start)) // 10000  # the floor's lookup

    def entered(name: str, kind: type, label: str) -> type[Variable]:
        return type(name, (Variable,), {"value_type": kind, "entity": Person,
                                        "definition_period": ETERNITY, "label": label})  # fmt: skip

    class age_at_grant(Variable):
        value_type = int
        entity = Person
        definition_period = ETERNITY
        label = "Age when the permit was granted (§ 8 første ledd)"

        def formula(person, period, parameters):  # type: ignore[no-untyped-def]
            return full_years(person("birth_date", period), person("permit_granted", period))

    class settled_in_municipality(Variable):
        value_type = bool
        entity = Person
        definition_period = DAY
        label = "Bosatt i kommunen (§ 8 første ledd)"

        def formula(person, period, parameters):  # type: ignore[no-untyped-def]
            return person("settled_date", period) <= np.datetime64(period.start.date)

    class years_with_permit_settled(Variable):
        value_type = int
        entity = Person
        definition_period = DAY
        label = "Whole years since settlement with the permit (§ 8 første ledd tredje punktum)"

        def formula(person, period, parameters):  # type: ignore[no-untyped-def]
            since = np.maximum(person("settled_date", period), person("permit_granted", period))
            return full_years(since, np.full_like(since, np.datetime64(period.start.date)))

    class family_rule_met(Variable):
        value_type = bool
        entity = Person
        definition_period = DAY
        label = "§ 9 første ledd bokstav f: reference person a–e, applied within five years"

        def formula(person, period, parameters):  # type: ignore[no-untyped-def]
            ref = person("reference_letter", period)
            years = full_years(
                person("reference_settled_date", period), person("reunification_applied", period)
            )
            limit = parameters(period).programme.reference_person_years
            return (person("permit_letter", period) != 6) | ((ref > 0) & (years < limit))

    class intro_right_and_duty(Variable):
        value_type = bool
        entity = Person
        definition_period = DAY
        label = "Rett og plikt til introduksjonsprogram (integreringsloven § 8 første ledd)"
        reference = "https://lovdata.no/lov/2020-11-06-127/§8"

        def formula(person, period, parameters):  # type: ignore[no-untyped-def]
            p = parameters(period).programme
            letter = person("permit_letter", period)
            age = person("age_at_grant", period)
            return (
                (person("permit_granted", period) >= np.datetime64("2021-01-01"))
                * not_(person("nordic_or_eea", period))
                * (letter > 0)
                * person("settled_in_municipality", period)
                * (age >= p.age_min)
                * (age <= p.age_max)
                * person("family_rule_met", period)
                * (person("settled_by_agreement", period) + (letter >= 6))
                * (person("years_with_permit_settled", period) < p.years_in_municipality)
            )

    def not_(values: np.ndarray) -> np.ndarray:
        return np.logical_not(values)

    tbs = TaxBenefitSystem([Person])
    since = {"2021-01-01": {"value": None}}
    tbs.parameters = ParameterNode(
        "",
        data={
            "programme": {
                name: {"values": {k: {"value": value} for k in since}}
                for name, value in {
                    "age_min": 18,
                    "age_max": 55,
                    "years_in_municipality": 2,
                    "reference_person_years": 5,
                }.items()
            }
        },
    )
    for v in (
        *(entered(name, date, name) for name in DATES),
        entered("settled_by_agreement", bool, "Bosatt etter avtale"),
        entered("nordic_or_eea", bool, "Nordisk eller EØS-borger"),
        entered("permit_letter", int, "§ 9 letter: 0 none, 1–7 a–g"),
        entered("reference_letter", int, "reference person's letter: 0 none or other, 1–7"),
        age_at_grant,
        settled_in_municipality,
        years_with_permit_settled,
        family_rule_met,
        intro_right_and_duty,
    ):
        tbs.add_variable(v)
    t0 = time.perf_counter()
    sim = SimulationBuilder().build_default_simulation(tbs, count=len(frame))
    far = np.datetime64("2999-12-31")  # an empty date: none
    for name in DATES:
        d = frame[name].to_numpy().astype("M8[D]")
        sim.set_input(name, "eternity", np.where(np.isnat(d), far, d))
    for name in ("settled_by_agreement", "nordic_or_eea"):
        sim.set_input(name, "eternity", frame[name].to_numpy())
    sim.set_input("permit_letter", "eternity", codes(frame["permit_letter"], LETTERS))
    sim.set_input("reference_letter", "eternity", codes(frame["reference_letter"], LETTERS))
    t1 = time.perf_counter()
    result = sim.calculate("intro_right_and_duty", ON.isoformat())
    t2 = time.perf_counter()
    return t2 - t0, t2 - t1, np.asarray(result, dtype=bool)


DATES = (
    "birth_date",
    "permit_granted",
    "settled_date",
    "reference_settled_date",
    "reunification_applied",
)


TURNS = 5
"""How many times each measurement is taken (in turns); the best is kept."""


def disagree(name: str, ours: np.ndarray, theirs: np.ndarray) -> str:
    differ = int((ours != theirs).sum())
    return f"{name}: agrees on every person" if not differ else f"{name}: DIFFERS on {differ:,}"


def main() -> None:
    from integreringslov.rules import assess_frame

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    frame = generate(n)
    assess_frame(frame.head(1000), on=ON)  # warm the caches (wordings, parameters)
    times: dict[str, list[tuple[float, float]]] = {"floor": [], "1": [], "all": []}
    runs: dict[str, Callable[[], Any]] = {
        "floor": lambda: floor(frame, ON),
        "1": lambda: assess_frame(frame, on=ON, threads=1),
        "all": lambda: assess_frame(frame, on=ON),
    }
    results: dict[str, Any] = {}
    peer_runs: dict[str, list[tuple[float, float, np.ndarray]]] = {}
    try:
        import openfisca_core  # noqa: F401

        peer_runs = {"fair": [], "docs-literal": []}
    except ImportError:
        print("(openfisca-core is not installed: no peer figures)")
    for _ in range(TURNS):  # in turns, so that each sees the same load
        for name, call in runs.items():
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            results[name] = call()
            times[name].append((time.perf_counter() - wall, time.process_time() - cpu))
        for label, got in peer_runs.items():
            gc.collect()
            got.append(openfisca(frame, literal=label == "docs-literal"))
    floor_s, floor_cpu = (min(t[i] for t in times["floor"]) for i in (0, 1))
    ours_s, ours_cpu = (min(t[i] for t in times["1"]) for i in (0, 1))
    every_s = min(t[0] for t in times["all"])
    floor_r, out = results["floor"], results["1"]
    ours_r = in_target_group(out)
    pd.testing.assert_frame_equal(results["all"], out)  # every core gives one thread's result
    peers = {
        label: (min(r[0] for r in got), min(r[1] for r in got), got[-1][2])
        for label, got in peer_runs.items()
    }

    gc.collect()
    tracemalloc.start()
    assess_frame(frame, on=ON, threads=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(f"persons: {n:,}   assessment date: {ON}   {machine()}")
    print(f"floor, § 8 første ledd by hand over typed columns:      {floor_s:7.3f} s")
    print(f"assess_frame, whole call (parse, check, decide, render), one thread: {ours_s:7.3f} s"
          f"  = {ours_s / floor_s:.2f}x the floor")  # fmt: skip
    print(f"  CPU time, one thread: {ours_cpu:.3f} s against the floor's {floor_cpu:.3f} s "
          f"= {ours_cpu / floor_cpu:.2f}x")  # fmt: skip
    print(f"assess_frame, every core (threads=None): {every_s:7.3f} s  "
          f"= {every_s / floor_s:.2f}x the floor, "
          f"{ours_s / every_s:.2f}x faster than one thread")  # fmt: skip
    print(f"  peak traced memory during assess_frame, one thread: {peak / 2**20:.0f} MiB")
    for label, (whole, calc, _) in peers.items():
        print(f"OpenFisca {label}, from the typed frame (build, set_input, calculate): "
              f"{whole:.3f} s = {whole / floor_s:.2f}x the floor; "
              f"OpenFisca/assess_frame {whole / ours_s:.2f} (one thread), "
              f"{whole / every_s:.2f} (every core; OpenFisca has one thread)")  # fmt: skip
        print(f"  calculate() alone, inputs already set: {calc:.3f} s = "
              f"{calc / floor_s:.2f}x the floor; OpenFisca/assess_frame {calc / ours_s:.2f} "
              f"(one thread), {calc / every_s:.2f} (every core)")  # fmt: skip
    print(disagree("assess_frame vs floor", ours_r, floor_r))
    for label, (_, _, r) in peers.items():
        print(disagree(f"OpenFisca {label} vs floor", r, floor_r))
    print(f"in the § 8 target group: {int(floor_r.sum()):,} of {n:,}")


if __name__ == "__main__":
    main()
