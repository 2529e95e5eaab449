"""The cluster recipe of docs/guides/scale.md runs, against a local scheduler on 127.0.0.1."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster
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
        n_workers=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=":0"
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


def _memory_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("### The workers' memory setting", 1)[1].split("\n## ", 1)[0]


def _threshold(client) -> set[str | None]:
    """``MALLOC_MMAP_THRESHOLD_`` in the environment of every worker of ``client``."""
    return set(client.run(lambda: os.environ.get("MALLOC_MMAP_THRESHOLD_")).values())


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_local_cluster_setting_reaches_every_worker():
    """Issue 23: the guide's LocalCluster lines put the setting in the workers' environment."""
    found = re.search(r"```python\n(.*?)```", _memory_section(), flags=re.S)
    assert found is not None
    code = found.group(1)
    assert "LocalCluster(n_workers=2, threads_per_worker=1)" in code
    # (the dashboard on a free port: other tests' clusters may hold Dask's usual one)
    code = code.replace("threads_per_worker=1)", "threads_per_worker=1, dashboard_address=':0')")
    names: dict[str, object] = {}
    exec(compile(code, str(GUIDE), "exec"), names)
    client, cluster = names["client"], names["cluster"]
    try:
        assert _threshold(client) == {str(32 * 2**20)}
        assert len(client.scheduler_info()["workers"]) == 2
    finally:
        client.close()
        cluster.close()


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_dask_worker_command_of_the_guide_passes_the_setting_on():
    """Issue 23: the guide's ``dask worker`` line, against a local scheduler."""
    (line,) = re.findall(r"^\$ (.*dask worker.*)$", _memory_section(), flags=re.M)
    assignment, *command = shlex.split(line)
    name, value = assignment.split("=", 1)
    dask_cli = Path(sys.executable).with_name("dask")
    with (
        LocalCluster(n_workers=0, processes=False, protocol="tcp", host="127.0.0.1",
                     dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        args = [str(dask_cli), *command[1:]]
        args[args.index("tcp://scheduler:8786")] = cluster.scheduler_address
        worker = subprocess.Popen(
            [*args, "--no-dashboard"],
            env={**os.environ, name: value},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            client.wait_for_workers(1, timeout=120)
            assert _threshold(client) == {value}
        finally:
            worker.terminate()
            worker.wait(timeout=60)
