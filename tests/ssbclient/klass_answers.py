"""KLASS answers for the tests: SSB's recorded files, and the few answers composed from them.

The fake KLASS (``fake_servers.FakeKlass``) serves :func:`routes`. Three kinds of answer were
not found recorded anywhere, so they are composed here from the recorded files, in KLASS's
documented layout (``tests/data/klass/README.md``): the version lists of 131 and 104, and
KLASS 104's versions of 2020 (the recorded county codes) and 2024 (those that did not
change, and the seven new ones, named as the embedded registry's build names them).
"""

from __future__ import annotations

import json
import runpy
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fake_servers import KLASS

from integreringslov import regions

REAL = "https://data.ssb.no/api/klass/v1"
# The seven counties of 2024 as the embedded registry's build names them (from
# klass131_kommuneinndeling_2024.json's introduction; KLASS 104's 2024 version is not recorded).
NEW_COUNTIES_2024 = runpy.run_path(
    str(Path(__file__).resolve().parents[2] / "tools" / "build_regions.py")
)["COUNTIES_2024"]


def recorded(name: str) -> dict[str, Any]:
    return json.loads((KLASS / name).read_text("utf-8"))


def listing(classification: int, *versions: dict[str, Any]) -> bytes:
    keys = ("name", "id", "validFrom", "validTo", "_links")
    listed = [{k: v[k] for k in keys if k in v} for v in versions]
    return json.dumps({"id": classification, "versions": listed}).encode()


def county_version(
    version_id: int, valid_from: str, valid_to: str | None, names: dict[str, str]
) -> dict[str, Any]:
    """A KLASS 104 version composed from the recorded county codes (tests/data/klass)."""
    return {
        "name": f"Fylkesinndeling {valid_from[:4]}",
        "id": version_id,
        "validFrom": valid_from,
        **({"validTo": valid_to} if valid_to else {}),
        "_links": {"self": {"href": f"{REAL}/versions/{version_id}"}},
        "classificationItems": [{"code": c, "name": n} for c, n in names.items()],
    }


def counties() -> tuple[dict[str, Any], dict[str, Any]]:
    """KLASS 104's versions of 2020 and 2024, composed (see the module)."""
    codes_104 = {
        c["code"]: c["name"]
        for c in recorded("klass104_fylker_codes_from_2022-07-10.json")["codes"]
    }
    c2020 = county_version(91040, "2020-01-01", "2024-01-01", codes_104)
    kept = {k: v for k, v in codes_104.items() if k not in {"30", "38", "54"}}
    return c2020, county_version(91044, "2024-01-01", None, {**kept, **NEW_COUNTIES_2024})


def routes(
    *, extra_131: Sequence[dict[str, Any]] = (), with_2024_counties: bool = True
) -> dict[str, bytes]:
    """The fake KLASS's answers by path: recorded where SSB's files exist, else composed."""
    v2020 = recorded("klass131_kommuneinndeling_2020.json")
    v2024 = recorded("klass131_kommuneinndeling_2024.json")
    c2020, c2024 = counties()
    composed = [c2020, c2024] if with_2024_counties else [c2020]
    out = {
        "/classifications/131.json": listing(131, v2020, v2024, *extra_131),
        "/versions/1860.json": (KLASS / "klass131_kommuneinndeling_2020.json").read_bytes(),
        "/versions/1710.json": (KLASS / "klass131_kommuneinndeling_2024.json").read_bytes(),
        "/classifications/131/changes.json": (
            KLASS / "klass131_changes_1971-01-01_2025-01-02.json"
        ).read_bytes(),
        "/classifications/104.json": listing(104, *composed),
    }
    for c in composed:
        out[f"/versions/{c['id']}.json"] = json.dumps(c).encode()
    for v in extra_131:
        out[f"/versions/{v['_links']['self']['href'].rsplit('/', 1)[-1]}.json"] = json.dumps(
            v
        ).encode()
    return out


def snapshot(dates: Iterable[date]) -> dict[date, tuple[list[str], list[str]]]:
    """The registry in use on each of ``dates``: its municipalities and counties, as text."""
    return {
        on: (
            [str(m) for m in regions.municipalities(on=on)],
            [str(c) for c in regions.counties(on=on)],
        )
        for on in dates
    }
