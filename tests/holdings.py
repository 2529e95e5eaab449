"""The same texts as pandas holds them from Arrow: whole, sliced, chunked, large strings.

The readers of Arrow's buffers (``integreringslov.tables._arrow``) must answer alike for
each way; the property tests run them on all four.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa


def arrow_holdings(texts: list[str | None]) -> list[pd.Series]:
    """``texts`` as four pyarrow-backed pandas columns that Arrow holds differently."""
    padded = ["before", *texts, "after"]
    whole = pd.Series(texts, dtype="string[pyarrow]")
    sliced = pd.Series(padded, dtype="string[pyarrow]").iloc[1:-1].reset_index(drop=True)
    half = len(texts) // 2
    chunked = pd.Series(
        pd.arrays.ArrowStringArray(
            pa.chunked_array([texts[:half], texts[half:]], type=pa.string())
        )
    )
    large = pd.Series(pd.array(pa.array(texts, type=pa.large_string()), dtype="string[pyarrow]"))
    return [whole, sliced, chunked, large]
