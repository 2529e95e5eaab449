"""Apportionment: share a whole number of persons among regions in proportion to weights.

Up to a total of 2**50 (:data:`EXACT_ABOVE`) the bulk of the work is done in floating point
with numpy; every decision that floating point could get wrong (a quota within rounding
distance of a whole number, a near-tie for the last seats, a divisor within rounding distance
of a sign-post) is re-decided in exact rational arithmetic (:class:`fractions.Fraction`) on
the few regions concerned. Larger totals are apportioned in exact arithmetic throughout
(Python ints, no int64 or float64 limit).
The result is therefore the one the textbook definition gives in exact arithmetic, whatever
the size of the total. Weights must be numbers (int, float, Fraction, Decimal, numpy
numbers); text such as ``'5'`` and booleans are refused.

Tie rule (deterministic, documented): when two regions have exactly the same claim on the
last unit (same remainder under Hamilton, same quotient under a divisor method), the unit
goes to the region with the **larger weight**; if the weights are equal too, to the region
that comes **first in the input order**. Under a minimum, regions are dropped smallest
weight first; among equal weights the one that comes *last* in the input order is dropped
first (the mirror of the same rule).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from integreringslov._text.i18n import tr
from integreringslov.allocation._methods import Method, MethodName
from integreringslov.errors import AllocationError

__all__ = ["apportion"]

K = TypeVar("K", bound=Hashable)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_DELTA = 1e-9
"""Relative safety margin around the float divisor; far above float64 rounding (~1e-16)."""

EXACT_ABOVE = 2**50
"""Totals above this are apportioned in exact integer and rational arithmetic throughout
(Python ints, :class:`~fractions.Fraction`), where float64 (53 bits) and int64 (63 bits)
could no longer hold every quota and count exactly. There is no upper limit; the time
grows with the number of regions, not with the total."""


# --- exact values -------------------------------------------------------------------------


def _to_fraction(value: Any) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return Fraction(value)
    return Fraction(float(value))


class _Exact:
    """Exact (Fraction) views of the weights, built lazily for the few regions that need them."""

    def __init__(self, values: list[Any]) -> None:
        self._values = values
        self._cache: dict[int, Fraction] = {}

    def __getitem__(self, i: int) -> Fraction:
        f = self._cache.get(i)
        if f is None:
            f = self._cache[i] = _to_fraction(self._values[i])
        return f

    def total(self, idx: npt.NDArray[np.intp]) -> Fraction:
        """The exact sum of the weights at ``idx`` (fast for floats and integers)."""
        num_by_den: dict[int, int] = {}
        for i in idx.tolist():
            v = self._values[i]
            if isinstance(v, (float, np.floating)):
                n, d = float(v).as_integer_ratio()
            else:
                fr = self[i]
                n, d = fr.numerator, fr.denominator
            num_by_den[d] = num_by_den.get(d, 0) + n
        return sum((Fraction(n, d) for d, n in num_by_den.items()), Fraction(0))


# --- the problem --------------------------------------------------------------------------


class _Problem:
    """Validated input: keys, float and exact weights, caps and eligibility."""

    def __init__(
        self,
        total: Any,
        weights: Mapping[K, Any],
        method: str | Method,
        minimum: Any,
        maximum: int | Mapping[K, int | None] | None,
        exclude: Iterable[K],
    ) -> None:
        self.method = Method.parse(method)
        self.total = _whole(total, tr("total"))
        self.minimum = _whole(minimum, tr("minimum"))
        if hasattr(weights, "index") and hasattr(weights, "to_numpy"):  # pandas Series
            keys = list(weights.index)
            values = list(weights.to_numpy(dtype=object))
        elif isinstance(weights, Mapping):
            keys = list(weights.keys())
            values = list(weights.values())
        else:
            raise AllocationError(
                f"weights must be a mapping from region to weight, not {type(weights).__name__}"
            )
        self.keys: list[Any] = keys
        n = len(keys)
        self.big = self.total > EXACT_ABOVE
        self.int_dtype: Any = object if self.big else np.int64
        bad = [k for k, v in zip(keys, values, strict=True) if not _is_number(v)]
        if bad:
            raise AllocationError(
                tr(
                    "weights must be numbers (int, float, Fraction, Decimal); not a number for "
                    "{few_bad}",
                    few_bad=_few(bad),
                )
            )
        try:
            w = np.asarray(values, dtype=np.float64) if n else np.zeros(0)
        except OverflowError as exc:
            raise AllocationError(
                tr("a weight is beyond the range of a float (about 1.8e308)")
            ) from exc
        bad_nan = np.flatnonzero(np.isnan(w))
        if bad_nan.size:
            which = _few([keys[i] for i in bad_nan])
            raise AllocationError(
                tr("weight is NaN (missing) for {which}; give 0 to opt a region out", which=which)
            )
        bad_inf = np.flatnonzero(np.isinf(w))
        if bad_inf.size:
            which = _few([keys[i] for i in bad_inf])
            raise AllocationError(
                tr("weight is infinite for {which}", which=which)
            )
        bad_neg = np.flatnonzero(w < 0)
        if bad_neg.size:
            which = _few([keys[i] for i in bad_neg])
            raise AllocationError(
                tr("weights must not be negative; negative for {which}", which=which)
            )
        self.w: FloatArray = w
        self.exact = _Exact(values)
        # caps: an int for all, a mapping per key (None = no cap); default: no cap
        caps = np.full(n, self.total, dtype=self.int_dtype)
        if maximum is not None:
            if isinstance(maximum, Mapping):
                index = {k: i for i, k in enumerate(keys)}
                unknown = [k for k in maximum if k not in index]
                if unknown:
                    raise AllocationError(
                        tr(
                            "maximum names regions not in weights: {few_unknown}",
                            few_unknown=_few(unknown),
                        )
                    )
                for k, cap in maximum.items():
                    if cap is None or (isinstance(cap, float) and math.isnan(cap)):
                        continue
                    c = _whole(cap, tr("maximum for {k!r}", k=k))
                    caps[index[k]] = min(c, self.total)
            else:
                caps[:] = min(_whole(maximum, tr("maximum")), self.total)
        excluded = np.zeros(n, dtype=bool)
        ex = list(exclude)
        if ex:
            index = {k: i for i, k in enumerate(keys)}
            unknown = [k for k in ex if k not in index]
            if unknown:
                raise AllocationError(
                    tr(
                        "exclude names regions not in weights: {few_unknown}",
                        few_unknown=_few(unknown),
                    )
                )
            excluded[[index[k] for k in ex]] = True
        self.caps: IntArray = caps
        self.eligible: BoolArray = (w > 0) & ~excluded & (caps > 0)
        if self.minimum > 1:
            self.eligible &= caps >= self.minimum
        self._check_feasible()

    def _check_feasible(self) -> None:
        h = self.total
        if h == 0:
            return
        if self.minimum > h:
            raise AllocationError(
                tr(
                    "cannot apportion {h} with a minimum of {self_minimum}: no region could get "
                    "at least the minimum",
                    h=h,
                    self_minimum=self.minimum,
                )
            )
        if not len(self.keys):
            raise AllocationError(
                tr("cannot apportion {h} over no regions", h=h)
            )
        if not (self.w > 0).any():
            raise AllocationError(
                tr("cannot apportion {h}: every weight is zero", h=h)
            )
        if not self.eligible.any():
            why = tr("every region with a positive weight is excluded or capped at 0")
            if self.minimum > 1:
                why += tr(
                    " or capped below the minimum {self_minimum}",
                    self_minimum=self.minimum,
                )
            raise AllocationError(
                tr("cannot apportion {h}: {why}", h=h, why=why)
            )
        room = int(self.caps[self.eligible].sum())
        if room < h:
            raise AllocationError(
                tr(
                    "cannot apportion {h}: the caps of the eligible regions add up to only {room}",
                    h=h,
                    room=room,
                )
            )


_NUMBER_TYPES = (int, float, Fraction, Decimal, np.integer, np.floating)


def _is_number(v: Any) -> bool:
    """A real number (not a bool, not text that looks like one)."""
    return isinstance(v, _NUMBER_TYPES) and not isinstance(v, (bool, np.bool_))


def _whole(value: Any, what: str) -> int:
    """``value`` as a whole number ≥ 0; ``what`` names it (in the spoken language)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, (float, np.floating, Fraction, Decimal)) and float(value).is_integer():
            value = int(value)
        else:
            raise AllocationError(
                tr(
                    "{what} must be a whole number, not {value!r}",
                    what=what,
                    value=value,
                )
            )
    v = int(value)
    if v < 0:
        raise AllocationError(
            tr("{what} must not be negative, not {v}", what=what, v=v)
        )
    return v


def _few(keys: list[Any], limit: int = 5) -> str:
    shown = ", ".join(repr(k) for k in keys[:limit])
    more = len(keys) - limit
    return shown + (tr(" and {more} more", more=more) if more > 0 else "")


# --- exact selection near a cut -----------------------------------------------------------


def _select_top(
    floats: FloatArray, r: int, tol: float, exact_key: Callable[[int], Any]
) -> npt.NDArray[np.intp]:
    """Indices of the ``r`` largest items; near the cut, ordered by ``exact_key`` (ascending)."""
    m = floats.size
    if r <= 0:
        return np.zeros(0, dtype=np.intp)
    if r >= m:
        return np.arange(m, dtype=np.intp)
    part = np.partition(-floats, (r - 1, r))
    hi, lo = -part[r - 1], -part[r]  # the r-th and (r+1)-th largest
    sure = np.flatnonzero(floats > hi + tol)
    maybe = np.flatnonzero((floats >= lo - tol) & (floats <= hi + tol))
    need = r - sure.size
    ranked = sorted(maybe.tolist(), key=exact_key)
    return np.concatenate([sure, np.asarray(ranked[:need], dtype=np.intp)])


# --- Hamilton -----------------------------------------------------------------------------


def _hamilton(p: _Problem, idx: npt.NDArray[np.intp]) -> IntArray:
    """Largest remainder over the regions ``idx`` (all eligible); returns seats for ``idx``."""
    h = p.total
    w = p.w[idx]
    caps = p.caps[idx]
    tot_w = float(w.sum())
    capped = np.zeros(idx.size, dtype=bool)
    # water-filling: regions whose quota exceeds their cap get the cap; the rest share the rest
    if (caps < h).any():
        ratio = caps / w
        order = np.argsort(ratio, kind="stable")
        cap_cum = np.concatenate([[0.0], np.cumsum(caps[order].astype(np.float64))])
        w_rest = tot_w - np.concatenate([[0.0], np.cumsum(w[order])])
        # capping the first j regions (in ratio order) is right when t = (h - caps)/w_rest
        # is at least ratio of the j-th capped and at most ratio of the next one
        with np.errstate(divide="ignore", invalid="ignore"):
            t = (h - cap_cum) / w_rest
        ok = np.ones(idx.size + 1, dtype=bool)
        ok[1:] &= t[1:] >= ratio[order] * (1 - 1e-12)
        ok[:-1] &= t[:-1] <= ratio[order] * (1 + 1e-12)
        ok &= w_rest > 0
        j = int(np.flatnonzero(ok)[0]) if ok.any() else idx.size
        # Float may misjudge a region whose quota is within rounding of its cap: start the
        # exact check from the regions surely over their cap (a subset of the true capped
        # set), and let it add the rest exactly.
        sure = ratio[order[:j]] < t[j] * (1 - 1e-9) if np.isfinite(t[j]) else np.ones(j, bool)
        capped[order[:j][sure]] = True
        boundary = not sure.all()
    else:
        boundary = False
    if capped.any() or boundary:
        return _hamilton_capped(p, idx, capped)
    quota = h * w / tot_w
    return _hamilton_round(p, idx, quota, lambda: _exact_quotas(p, idx, capped))


def _exact_quotas(
    p: _Problem, idx: npt.NDArray[np.intp], capped: BoolArray
) -> Callable[[int], Fraction]:
    free = idx[~capped]
    rest = p.total - int(p.caps[idx[capped]].sum())
    scale = Fraction(rest) / p.exact.total(free) if free.size else Fraction(0)
    caps = p.caps

    def q(j: int) -> Fraction:
        i = int(idx[j])
        return Fraction(int(caps[i])) if capped[j] else scale * p.exact[i]

    return q


def _hamilton_capped(p: _Problem, idx: npt.NDArray[np.intp], capped: BoolArray) -> IntArray:
    """Hamilton with caps, starting from regions surely capped; the rest are added exactly.

    Capping only ever raises the others' quotas, so adding every region whose exact quota
    exceeds its cap, until none does, reaches the capped set of the exact method.
    """
    while True:
        qf = _exact_quotas(p, idx, capped)
        over = [j for j in np.flatnonzero(~capped).tolist() if qf(j) > int(p.caps[idx[j]])]
        if not over:
            break
        capped = capped.copy()
        capped[over] = True
    free = ~capped
    w = p.w[idx]
    rest = p.total - int(p.caps[idx[capped]].sum())
    free_w = float(w[free].sum())
    share = rest * w / free_w if free_w > 0 else np.zeros_like(w)
    quota = np.minimum(np.where(capped, p.caps[idx].astype(np.float64), share), p.caps[idx])
    return _hamilton_round(p, idx, quota, lambda: qf)


def _hamilton_round(
    p: _Problem,
    idx: npt.NDArray[np.intp],
    quota: FloatArray,
    exact_quota: Callable[[], Callable[[int], Fraction]],
) -> IntArray:
    tol = 1e-12 * (1.0 + float(quota.max(initial=0.0)))
    floors = np.floor(quota)
    near = np.flatnonzero(np.abs(quota - np.rint(quota)) <= tol)
    eq: Callable[[int], Fraction] | None = None
    if near.size:
        eq = exact_quota()
        for j in near.tolist():
            floors[j] = math.floor(eq(j))
    seats = floors.astype(np.int64)
    rem = quota - floors
    r = p.total - int(seats.sum())
    if r:
        if eq is None:
            eq = exact_quota()
        exact_q = eq

        def key(j: int) -> tuple[Fraction, Fraction, int]:
            qj = exact_q(j)
            return (-(qj - math.floor(qj)), -p.exact[int(idx[j])], int(idx[j]))

        if near.size:  # remainders of near-whole quotas are exactly 0 or just under 1
            for j in near.tolist():
                qj = exact_q(j)
                rem[j] = float(qj - math.floor(qj))
        chosen = _select_top(rem, r, tol, key)
        seats[chosen] += 1
    return seats


# --- divisor methods ----------------------------------------------------------------------

_ZERO_START = {Method.HUNTINGTON_HILL, Method.ADAMS}


def _counts(method: Method, q: FloatArray) -> FloatArray:
    """How many divisors d(k), k = 0, 1, …, are strictly below ``q`` (float, vectorised)."""
    if method is Method.DHONDT:
        return np.maximum(np.ceil(q) - 1.0, 0.0)
    if method is Method.SAINTE_LAGUE:
        return np.maximum(np.ceil(q - 0.5), 0.0)
    if method is Method.MODIFIED_SAINTE_LAGUE:
        return np.where(q > 0.7, np.maximum(np.ceil(q - 0.5), 1.0), 0.0)
    if method is Method.HUNTINGTON_HILL:
        root = (np.sqrt(1.0 + 4.0 * q * q) - 1.0) / 2.0
        return np.where(q > 0, np.maximum(np.ceil(root), 1.0), 0.0)
    return np.where(q > 0, np.ceil(q), 0.0)  # Adams


def _exact_priority(method: Method, w: Fraction, k: int) -> tuple[int, Fraction]:
    """The claim of a region with weight ``w`` on its (k+1)-th unit: (infinite?, value).

    Divisors are scaled by a constant where that keeps them rational (Sainte-Laguë 2k+1,
    modified 7/5 then 2k+1); Huntington–Hill compares squares (w²/(k(k+1))).
    """
    if method is Method.DHONDT:
        return (0, w / (k + 1))
    if method is Method.SAINTE_LAGUE:
        return (0, w / (2 * k + 1))
    if method is Method.MODIFIED_SAINTE_LAGUE:
        return (0, w / (Fraction(7, 5) if k == 0 else Fraction(2 * k + 1)))
    if method is Method.HUNTINGTON_HILL:
        return (1, w) if k == 0 else (0, w * w / (k * (k + 1)))
    return (1, w) if k == 0 else (0, w / k)  # Adams


def _divisor(p: _Problem, idx: npt.NDArray[np.intp]) -> IntArray:
    """A divisor method over the eligible regions ``idx``; returns seats for ``idx``."""
    h = p.total
    method = p.method
    w = p.w[idx]
    caps = p.caps[idx].astype(np.float64)
    n = idx.size
    if method in _ZERO_START and h <= n:
        # every region's first unit has infinite priority: the largest weights win
        seats = np.zeros(n, dtype=np.int64)
        chosen = _select_top(
            w, h, 1e-12 * float(w.max()), lambda j: (-p.exact[int(idx[j])], int(idx[j]))
        )
        seats[chosen] = 1
        return seats
    clip = float(h) + 2.0

    def count(lam: float) -> FloatArray:
        with np.errstate(over="ignore", divide="ignore"):
            q = np.minimum(w / lam, clip)
        return np.minimum(_counts(method, q), caps)

    lo = float(w.min()) / (h + 2.0) / 4.0  # every region at its cap (or ≥ h): sum ≥ h
    hi = float(w.max()) * 4.0  # at most one unit each (zero-start) or none: sum ≤ h
    c_lo, c_hi = count(lo).sum(), count(hi).sum()
    if c_hi > h or c_lo < h:  # pragma: no cover - guarded by the feasibility checks
        raise AllocationError("internal error: no divisor brackets the total")
    for _ in range(200):
        if hi <= lo * (1 + 1e-13):
            break
        mid = math.sqrt(lo * hi)
        c = count(mid).sum()
        if c == h:
            lo = hi = mid
            break
        if c > h:
            lo = mid
        else:
            hi = mid
    sure = count(hi * (1 + _DELTA)).astype(np.int64)
    possible = count(lo * (1 - _DELTA)).astype(np.int64)
    r = h - int(sure.sum())
    if r == 0:
        return sure
    width = possible - sure
    who = np.repeat(np.arange(n), width)
    first = np.repeat(sure, width)
    offset = np.arange(who.size) - np.repeat(np.cumsum(width) - width, width)
    k = first + offset

    def key(c: int) -> tuple[int, Fraction, Fraction, int]:
        j = int(who[c])
        i = int(idx[j])
        wi = p.exact[i]
        inf, val = _exact_priority(method, wi, int(k[c]))
        return (-inf, -val, -wi, i)

    ranked = sorted(range(who.size), key=key)[:r]
    seats = sure.copy()
    np.add.at(seats, who[ranked], 1)
    return seats


# --- exact arithmetic throughout (totals above EXACT_ABOVE) ---------------------------------


def _floor(q: Fraction) -> int:
    return q.numerator // q.denominator


def _ceil(q: Fraction) -> int:
    return -((-q.numerator) // q.denominator)


def _hamilton_exact(p: _Problem, idx: npt.NDArray[np.intp]) -> list[int]:
    """Largest remainder in exact arithmetic; caps by repeated capping (water-filling)."""
    order = [int(i) for i in idx]
    ws = [p.exact[i] for i in order]
    caps = [int(p.caps[i]) for i in order]
    capped = [False] * len(order)
    while True:
        free_w = sum((w for w, c in zip(ws, capped, strict=True) if not c), Fraction(0))
        rest = p.total - sum(cap for cap, c in zip(caps, capped, strict=True) if c)
        quotas = [
            Fraction(cap) if c else rest * w / free_w
            for w, cap, c in zip(ws, caps, capped, strict=True)
        ]
        over = [j for j, q in enumerate(quotas) if not capped[j] and q > caps[j]]
        if not over:
            break
        for j in over:
            capped[j] = True
    seats = [_floor(q) for q in quotas]
    r = p.total - sum(seats)
    ranked = sorted(range(len(order)), key=lambda j: (-(quotas[j] - seats[j]), -ws[j], order[j]))
    for j in ranked[:r]:
        seats[j] += 1
    return seats


def _exact_count(method: Method, q: Fraction) -> int:
    """How many divisors d(k), k = 0, 1, …, are strictly below ``q`` (exact)."""
    if q <= 0:
        return 0
    if method is Method.DHONDT:
        return max(_ceil(q) - 1, 0)
    if method is Method.SAINTE_LAGUE:
        return max(_ceil(q - Fraction(1, 2)), 0)
    if method is Method.MODIFIED_SAINTE_LAGUE:
        return max(_ceil(q - Fraction(1, 2)), 1) if q > Fraction(7, 10) else 0
    if method is Method.HUNTINGTON_HILL:  # k with k(k+1) < q², k = 0 included
        square = q * q
        k = math.isqrt(_floor(square))
        while k > 0 and k * (k + 1) >= square:
            k -= 1
        while (k + 1) * (k + 2) < square:
            k += 1
        return k + 1
    return _ceil(q)  # Adams


def _divisor_exact(p: _Problem, idx: npt.NDArray[np.intp]) -> list[int]:
    """A divisor method in exact arithmetic: a divisor near the answer, then unit by unit.

    The divisor is the free weight ÷ what the caps leave (found by repeated capping); the
    units whose priority beats it form the start, which is at most about one unit per
    region away from the answer. Units are then added in order of priority, or taken away
    in reverse order, and finally exchanged while a unit left out beats one given (ties as
    documented).
    """
    order = [int(i) for i in idx]
    m = len(order)
    ws = [p.exact[i] for i in order]
    caps = [int(p.caps[i]) for i in order]
    method = p.method

    def key(j: int, k: int) -> tuple[int, Fraction, Fraction, int]:
        """The claim of region ``j`` on its (k+1)-th unit; larger keys are given first."""
        inf, val = _exact_priority(method, ws[j], k)
        return (inf, val, ws[j], -order[j])

    capped = [False] * m
    lam: Fraction | None = sum(ws, Fraction(0)) / p.total
    while lam is not None:
        over = [
            j for j in range(m) if not capped[j] and _exact_count(method, ws[j] / lam) > caps[j]
        ]
        if not over:
            break
        for j in over:
            capped[j] = True
        free_w = sum((w for w, c in zip(ws, capped, strict=True) if not c), Fraction(0))
        rest = p.total - sum(cap for cap, c in zip(caps, capped, strict=True) if c)
        lam = free_w / rest if rest > 0 and free_w > 0 else None
    seats = [
        caps[j]
        if capped[j]
        else (0 if lam is None else min(caps[j], _exact_count(method, ws[j] / lam)))
        for j in range(m)
    ]
    given = sum(seats)
    if given < p.total:  # add the next units, highest claim first
        heap = [(_neg(key(j, seats[j])), j) for j in range(m) if seats[j] < caps[j]]
        heapq.heapify(heap)
        while given < p.total:
            _, j = heapq.heappop(heap)
            seats[j] += 1
            given += 1
            if seats[j] < caps[j]:
                heapq.heappush(heap, (_neg(key(j, seats[j])), j))
    elif given > p.total:  # take away the last units, lowest claim first
        back = [(key(j, seats[j] - 1), j) for j in range(m) if seats[j] > 0]
        heapq.heapify(back)
        while given > p.total:
            _, j = heapq.heappop(back)
            seats[j] -= 1
            given -= 1
            if seats[j] > 0:
                heapq.heappush(back, (key(j, seats[j] - 1), j))
    while True:  # exchange while a unit left out has a larger claim than one given
        out = [j for j in range(m) if seats[j] < caps[j]]
        held = [j for j in range(m) if seats[j] > 0]
        if not out or not held:
            break
        best = max(out, key=lambda j: key(j, seats[j]))
        worst = min(held, key=lambda j: key(j, seats[j] - 1))
        if best == worst or key(best, seats[best]) <= key(worst, seats[worst] - 1):
            break
        seats[best] += 1
        seats[worst] -= 1
    return seats


def _neg(k: tuple[int, Fraction, Fraction, int]) -> tuple[int, Fraction, Fraction, int]:
    return (-k[0], -k[1], -k[2], -k[3])


# --- minimum ------------------------------------------------------------------------------


def _solve(p: _Problem, idx: npt.NDArray[np.intp]) -> IntArray:
    if p.big:
        exact = _hamilton_exact(p, idx) if p.method is Method.HAMILTON else _divisor_exact(p, idx)
        return np.array([*exact, 0], dtype=object)[:-1]  # the 0 keeps a 1-d object array
    if p.method is Method.HAMILTON:
        return _hamilton(p, idx)
    return _divisor(p, idx)


def _allocate(p: _Problem) -> IntArray:
    n = len(p.keys)
    out = np.zeros(n, dtype=p.int_dtype)
    if p.total == 0:
        return out
    idx = np.flatnonzero(p.eligible)
    m = p.minimum
    seats = _solve(p, idx)
    if m <= 1 or not ((seats > 0) & (seats < m)).any():
        out[idx] = seats
        return out
    # at least the minimum or nothing: drop the smallest regions until none falls short
    order = idx[np.lexsort((-idx, p.w[idx]))]  # weight ascending; later first among equals
    room = np.cumsum(p.caps[order][::-1])[::-1]  # caps of the regions kept after dropping j
    max_drop = int(np.flatnonzero(room >= p.total)[-1])

    def attempt(j: int) -> IntArray | None:
        keep = np.sort(order[j:])
        s = _solve(p, keep)
        if ((s > 0) & (s < m)).any():
            return None
        full = np.zeros(n, dtype=p.int_dtype)
        full[keep] = s
        return full

    best = attempt(max_drop)
    if best is None:
        raise AllocationError(
            tr(
                "cannot apportion {p_total} with a minimum of {m}: even when the smallest regions "
                "are left out, the caps leave a region with fewer than {m}",
                p_total=p.total,
                m=m,
            )
        )
    lo, hi = 0, max_drop  # attempt(lo) fails (lo = 0 failed above), attempt(hi) succeeds
    while hi - lo > 1:
        mid = (lo + hi) // 2
        got = attempt(mid)
        if got is None:
            lo = mid
        else:
            hi, best = mid, got
    return best


def apportion(
    total: int,
    weights: Mapping[K, Any],
    *,
    method: MethodName | Method,
    minimum: int = 0,
    maximum: int | Mapping[K, int | None] | None = None,
    exclude: Iterable[K] = (),
) -> dict[K, int]:
    """Share ``total`` whole units among the keys of ``weights`` in proportion to the weights.

    In the settlement process this is how a number of refugees is shared among
    municipalities (the county's recommendation under integreringsloven § 4 andre ledd:
    «Fylkeskommunen skal anbefale hvor mange flyktninger som bør bosettes i den enkelte
    kommune i fylket.»), but nothing here is specific to that use.

    Args:
        total: the whole number to share (≥ 0).
        weights: region → weight (int, float, :class:`~fractions.Fraction`, Decimal; a pandas
            Series works too). A weight of 0 opts the region out.
        method: one of :data:`METHODS` — ``hamilton``, ``dhondt``, ``sainte_lague``,
            ``modified_sainte_lague`` (first divisor 1.4), ``huntington_hill``, ``adams``.
        minimum: *at least the minimum or nothing*: every region gets 0 or at least this
            many. Regions are left out smallest weight first, as few as possible, until
            every remaining region reaches the minimum (IMDi's rule of thumb in 2018 and
            2022: no municipality asked to settle fewer than 10). A region whose cap is below
            the minimum gets 0.
        maximum: a cap for every region (int) or per region (mapping; ``None`` = no cap),
            e.g. a municipality's capacity or its decision (vedtak).
        exclude: regions that opt out and get 0 whatever their weight.

    Returns:
        region → units, in the order of ``weights``, summing to ``total``.

    Raises:
        AllocationError: when the request cannot be met, saying why: negative, NaN or
            infinite weights; every weight zero; caps that add up to less than the total;
            a minimum that no region can reach; an unknown method.

    Ties are broken deterministically: the larger weight wins, then the earlier key (see
    the module documentation).

    >>> apportion(10, {"A": 4160, "B": 3380, "C": 2460}, method="dhondt")
    {'A': 4, 'B': 4, 'C': 2}
    >>> apportion(10, {"A": 4160, "B": 3380, "C": 2460}, method="sainte_lague")
    {'A': 4, 'B': 3, 'C': 3}
    >>> apportion(25, {"a": 100, "b": 30, "c": 12}, method="hamilton", minimum=5)
    {'a': 19, 'b': 6, 'c': 0}

    """
    p = _Problem(total, weights, method, minimum, maximum, exclude)
    seats = _allocate(p)
    return dict(zip(p.keys, seats.tolist(), strict=True))
