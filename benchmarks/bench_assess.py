"""Benchmark: assess_frame on 1,000,000 generated persons, against the same § 8 rule in OpenFisca.

Run: python benchmarks/bench_assess.py [N]

Prints the time of ``assess_frame`` (outcome, basis and reason columns included; typed
input columns), the time of its rule step alone, the peak memory (tracemalloc during the
call, and the process's peak RSS), and the time of the calculation step of an OpenFisca
variable for § 8 første ledd over the same persons, with the ratio. OpenFisca
(``openfisca-core``) is needed only here.

Figures (1,000,000 persons, 2-core machine; budget ≤ 0.5 s for the whole call):

- Before issue 10 (0.1's close, two implementations of each rule, idle machine):
  whole call 0.474 s, rule step 0.221 s.
- After (one vectorised definition per rule, more rules: § 9 andre ledd, § 8 andre ledd
  andre punktum, § 43h, undetermined rows, four more columns), measured 2026-11-29 on a
  machine shared by eight sessions (load 8–11), so compare the ratios from the same run:
  the old code (main before the change) and this one, each beside OpenFisca in the same
  process, in turns:

  ============================  ==================  ==================
  run (same load, in turns)      before: whole call  after: whole call
  ============================  ==================  ==================
  1                              1.050 s (OF 1.42x)  0.931 s (OF 2.29x)
  2                              1.566 s (OF 1.38x)  1.260 s (OF 1.77x)
  ============================  ==================  ==================

  OpenFisca / whole call rose from about 1.4x to 1.8–2.3x, i.e. the call is about 1.3x
  faster than before; at the idle figure above that is about 0.35 s. The rule step
  (dates to integers and ``decide``) measured 0.47–0.56 s against 0.52–0.77 s before in
  the same runs.

- At integration, quiet machine (2026-11-29, load < 1), best of 3: whole call 0.264 s
  (was 0.474 s), rule step 0.124 s (was 0.221 s), peak traced memory 195 MiB;
  OpenFisca's § 8 variable 0.499 s in the same run (1.89x the whole call, 4.03x the rule
  step), agreeing on all 1,000,000 persons.
"""

from __future__ import annotations

import gc
import resource
import sys
import time
import tracemalloc
from datetime import date

import numpy as np
import pandas as pd

from integreringslov.rules import assess_frame, parse_persons
from integreringslov.rules._grounds import Facts, decide
from integreringslov.rules._outcomes import Ground

ON = date(2024, 6, 1)


def generate(n: int, seed: int = 2024) -> pd.DataFrame:
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


def openfisca_rule(frame: pd.DataFrame) -> tuple[float, np.ndarray]:
    """§ 8 første ledd (with § 9 f and the two-year rule) as an OpenFisca variable."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    Person = build_entity(key="person", plural="persons", label="Person", is_person=True)

    def dated(name: str) -> type[Variable]:
        return type(
            name,
            (Variable,),
            {
                "value_type": date,
                "entity": Person,
                "definition_period": DateUnit.ETERNITY,
                "label": name,
            },
        )

    def flag(name: str) -> type[Variable]:
        return type(
            name,
            (Variable,),
            {
                "value_type": bool,
                "entity": Person,
                "definition_period": DateUnit.ETERNITY,
                "label": name,
            },
        )

    class permit_letter(Variable):  # 0 = none, 1..7 = a..g
        value_type = int
        entity = Person
        definition_period = DateUnit.ETERNITY
        label = "§ 9 letter as a number"

    class reference_letter(Variable):
        value_type = int
        entity = Person
        definition_period = DateUnit.ETERNITY
        label = "reference person's letter as a number"

    def ymd(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        y = d.astype("M8[Y]").astype(np.int64)
        m = d.astype("M8[M]").astype(np.int64) - y * 12
        day = (d - d.astype("M8[M]")).astype(np.int64)
        return y, m * 100 + day

    def full_years(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        (ya, ma), (yb, mb) = ymd(a), ymd(b)
        return (yb - ya) - (mb < ma)

    class intro_right_and_duty(Variable):
        value_type = bool
        entity = Person
        definition_period = DateUnit.DAY
        label = "Rett og plikt til introduksjonsprogram (integreringsloven § 8 første ledd)"
        reference = "https://lovdata.no/lov/2020-11-06-127/§8"

        def formula(person, period, parameters):  # type: ignore[no-untyped-def]
            on = np.datetime64(period.start.date, "D")
            birth = person("birth_date", "eternity")
            granted = person("permit_granted", "eternity")
            settled = person("settled_date", "eternity")
            letter = person("permit_letter", "eternity")
            agreement = person("settled_by_agreement", "eternity")
            nordic = person("nordic_or_eea", "eternity")
            ref = person("reference_letter", "eternity")
            ref_settled = person("reference_settled_date", "eternity")
            applied = person("reunification_applied", "eternity")
            age = full_years(birth, granted)
            settled_ok = settled <= on  # NaT compares False
            family_ok = (letter != 6) | ((ref > 0) & (full_years(ref_settled, applied) < 5))
            agreement_ok = agreement | (letter >= 6)
            two_years = full_years(np.maximum(settled, granted), np.full_like(settled, on)) < 2
            return (
                (granted >= np.datetime64("2021-01-01"))
                & ~nordic
                & (letter > 0)
                & settled_ok
                & (age >= 18)
                & (age <= 55)
                & family_ok
                & agreement_ok
                & two_years
            )

    tbs = TaxBenefitSystem([Person])
    for v in (
        dated("birth_date"),
        dated("permit_granted"),
        dated("settled_date"),
        dated("reference_settled_date"),
        dated("reunification_applied"),
        flag("settled_by_agreement"),
        flag("nordic_or_eea"),
        permit_letter,
        reference_letter,
        intro_right_and_duty,
    ):
        tbs.add_variable(v)
    n = len(frame)
    sim = SimulationBuilder().build_default_simulation(tbs, count=n)
    codes = {c: i for i, c in enumerate(["", "a", "b", "c", "d", "e", "f", "g"])}
    far = np.datetime64("2999-12-31")
    for name in (
        "birth_date",
        "permit_granted",
        "settled_date",
        "reference_settled_date",
        "reunification_applied",
    ):
        d = frame[name].to_numpy().astype("M8[D]")
        sim.set_input(name, "eternity", np.where(np.isnat(d), far, d))
    sim.set_input("settled_by_agreement", "eternity", frame["settled_by_agreement"].to_numpy())
    sim.set_input("nordic_or_eea", "eternity", frame["nordic_or_eea"].to_numpy())
    sim.set_input("permit_letter", "eternity", frame["permit_letter"].map(codes).to_numpy())
    ref_codes = {**codes, "other": 0}
    sim.set_input(
        "reference_letter", "eternity", frame["reference_letter"].map(ref_codes).to_numpy()
    )
    t0 = time.perf_counter()
    result = sim.calculate("intro_right_and_duty", ON.isoformat())
    return time.perf_counter() - t0, np.asarray(result)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    frame = generate(n)
    assess_frame(frame.head(1000), on=ON)  # warm caches (render, parameters)
    gc.collect()
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = assess_frame(frame, on=ON)
        times.append(time.perf_counter() - t0)
    ours = min(times)
    parsed = parse_persons(frame).table
    t0 = time.perf_counter()
    ground = decide(Facts.from_table(parsed), ON).ground
    rules_only = time.perf_counter() - t0

    gc.collect()
    tracemalloc.start()
    assess_frame(frame, on=ON)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux

    of_time, of_result = openfisca_rule(frame)
    ours_bool = np.isin(ground, [Ground.RIGHT_AND_DUTY, Ground.KAPITTEL_6A])
    # Our § 8 første ledd also excludes >= 30 h work only from 2026; ON is 2024 -> same rule.
    agree = bool((ours_bool == of_result).all())

    print(f"persons: {n:,}   assessment date: {ON}")
    print(f"assess_frame (parse + checks + rules + basis/reason), best of 3: {ours:.3f} s")
    print(f"  rule step alone (dates -> ints, decide):                {rules_only:.3f} s")
    print(f"  peak traced memory during assess_frame:              {peak / 2**20:.0f} MiB")
    print(f"  process peak RSS (incl. data generation, OpenFisca): {rss:.0f} MiB (at this point)")
    print(f"openfisca-core § 8 variable, calculate():              {of_time:.3f} s")
    print(f"ratio OpenFisca / assess_frame (whole call):           {of_time / ours:.2f}x")
    print(f"ratio OpenFisca / rule step:                           {of_time / rules_only:.2f}x")
    print(f"§ 8 første ledd results agree with OpenFisca:          {agree}")
    print(out["programme"].value_counts().to_string())


if __name__ == "__main__":
    main()
