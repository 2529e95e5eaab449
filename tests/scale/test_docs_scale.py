"""The cluster recipe of docs/guides/scale.md runs, against a local scheduler on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster
from synthetic import FIRST_DATE, persons

import integreringslov as il

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "scale.md"


def recipe() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## On a real cluster", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert found is not None
    return found.group(1)


@pytest.mark.timeout(120)
def test_the_cluster_recipe_runs_against_a_scheduler(tmp_path):
    code = recipe()
    assert 'Client("tcp://scheduler:8786")' in code
    shared = tmp_path / "register"
    (shared / "persons").mkdir(parents=True)
    for i in range(3):
        persons(100, seed=i, start=i * 100).to_parquet(shared / "persons" / f"part-{i}.parquet")
    with LocalCluster(
        n_workers=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as cluster:
        local = code.replace("tcp://scheduler:8786", cluster.scheduler_address)
        local = local.replace("/shared/register", str(shared))
        exec(compile(local, str(GUIDE), "exec"), {})
    panel = pd.read_parquet(shared / "panel")
    assert len(panel) == 300 * 5
    assert list(panel.columns) == [
        "person_id",
        "on",
        *il.assess_frame(persons(1), on=FIRST_DATE).columns[1:],
    ]
