"""Suite-wide test settings.

Hypothesis: no per-example deadline (this suite runs on 2-core machines that are often
busy, where a deadline only measures the load), and in CI (``CI=true``) a derandomized
run, so that a red CI is reproducible and a green one is not luck. Locally the search
stays random and keeps its example database.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "integreringslov",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("CI", "").lower() == "true",
)
settings.load_profile("integreringslov")
