"""``regions update`` against a KLASS that answers what it should not (issue 24 items 3 and 7).

Every bad answer is refused with a message (exit 1 on the command line, never a traceback);
the registry in use stays the last good one, and the HTTP cache keeps nothing of the
refused update.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fake_servers import FakeKlass
from klass_answers import REAL, recorded, routes

from integreringslov import regions
from integreringslov.cli import main
from integreringslov.errors import InvalidInputError
from integreringslov.regions.klass import MAX_VERSIONS, registry_file

FNR = "01010050053"  # valid check digits (individual number 500, born 2000-01-01)
V2024 = "/versions/1710.json"


def changed(path: str, change: Callable[[Any], None], base: dict[str, bytes] | None = None):
    """The fake's answers with the one at ``path`` changed by ``change``."""
    out = dict(base or routes())
    doc = json.loads(out[path])
    change(doc)
    out[path] = json.dumps(doc).encode()
    return out


def item(which: str, **values: Any) -> Callable[[Any], None]:
    """A change setting ``values`` on the item with code ``which`` of a version."""

    def change(doc: Any) -> None:
        for entry in doc["classificationItems"]:
            if entry["code"] == which:
                entry.update(values)

    return change


def setting(**values: Any) -> Callable[[Any], None]:
    return lambda doc: doc.update(values)


def without(code: str) -> Callable[[Any], None]:
    def change(doc: Any) -> None:
        doc["classificationItems"] = [i for i in doc["classificationItems"] if i["code"] != code]

    return change


def version_2026(keep: int) -> dict[str, Any]:
    """A «2026» version of 131 holding only the first ``keep`` municipalities of 2024."""
    doc = recorded("klass131_kommuneinndeling_2024.json")
    doc.update(validFrom="2026-01-01", id=9026, _links={"self": {"href": f"{REAL}/versions/9026"}})
    doc["classificationItems"] = doc["classificationItems"][:keep]
    return doc


def county_57(doc: Any) -> None:
    doc["classificationItems"].append({"code": "57", "name": "Nytt fylke"})


def in_2024(change: Callable[[Any], None]) -> dict[str, bytes]:
    return changed(V2024, change)


def bad_link(doc: Any) -> None:
    doc["versions"][1]["_links"] = {"self": {"href": f"{REAL}/versions/../../etc/passwd"}}


def integer_change_date(doc: Any) -> None:
    doc["codeChanges"][0]["changeOccurred"] = 19720101


def twice(doc: Any) -> None:
    doc["classificationItems"].append({"code": "5001", "name": "Igjen"})


P = pytest.param
NOT_A_CODE = "not a code of KLASS 131"
NOT_A_DATE = "validFrom is not a date"
BAD: list[Any] = [
    P(in_2024(item("0301", code=301)), NOT_A_CODE, id="integer-code"),
    P(in_2024(setting(validFrom=20240101)), NOT_A_DATE, id="integer-date"),
    P(in_2024(setting(validFrom="0000-01-01")), NOT_A_DATE, id="year-0"),
    P(in_2024(setting(validFrom="2024-02-30")), NOT_A_DATE, id="30-february"),
    P(in_2024(setting(validFrom="2024-13-01")), NOT_A_DATE, id="month-13"),
    P(
        changed("/versions/1860.json", setting(validTo="2019-06-01")),
        "validTo 2019-06-01 is not after validFrom 2020-01-01",
        id="validTo-before-validFrom",
    ),
    P(in_2024(item("5001", code="../5001")), NOT_A_CODE, id="path-in-code"),
    P(in_2024(item("5001", code="50/1")), NOT_A_CODE, id="slash-in-code"),
    P(
        changed("/classifications/131.json", bad_link),
        "its link names no version id",
        id="path-in-version-link",
    ),
    P(in_2024(item("5001", name="Trondheim\r5099 Falsk")), "control", id="carriage-return"),
    P(in_2024(item("5001", name="Trondheim\n5099 Falsk")), "control", id="line-break"),
    P(in_2024(item("5001", name=f"Oslo {FNR}")), "identity number", id="identity-number"),
    P(in_2024(item("5001", name=7)), "not a name", id="integer-name"),
    P(in_2024(twice), "the code is there twice", id="code-twice"),
    P(routes(extra_131=[version_2026(keep=40)]), "fewer than half", id="2026-drops-most"),
    P(
        changed("/versions/91044.json", county_57),
        "county 57 has no municipality",
        id="county-alone",
    ),
    P(
        in_2024(without("5001")),
        "municipality 5001 ends on 2024-01-01 without a change",
        id="vanishing-municipality",
    ),
    P(
        changed("/classifications/131/changes.json", integer_change_date),
        "changeOccurred is not a date",
        id="integer-change-date",
    ),
    P(
        changed("/classifications/131.json", setting(id=104)),
        "the answer holds classification 104, not 131",
        id="wrong-classification",
    ),
]


def good_update(cache: Path) -> bytes:
    fake = FakeKlass(routes())
    with fake.running() as base:
        regions.update(base_url=base)
    return registry_file().read_bytes()


def cache_bytes(cache: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(cache.glob("http-cache.sqlite*")))


@pytest.mark.parametrize(("answers", "said"), BAD)
def test_bad_klass_data_are_refused_and_the_good_registry_stays(answers, said, cache, capsys):
    good = good_update(cache)
    regions.reload()
    fake = FakeKlass(answers)
    with fake.running() as base:
        with pytest.raises(InvalidInputError, match=said):
            regions.update(base_url=base)
        assert main(["regions", "update", "--base-url", base]) == 1
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err
    assert "\r" not in err
    assert FNR not in err
    assert registry_file().read_bytes() == good
    assert regions.source().kind == "klass"
    assert FNR.encode() not in cache_bytes(cache)
    assert b"Falsk" not in cache_bytes(cache)


def test_a_name_that_would_print_as_a_new_row_is_shown_escaped(capsys):
    answers = changed(V2024, item("5001", name="Trondheim\r5099 Falsk"))
    fake = FakeKlass(answers)
    with fake.running() as base:
        assert main(["regions", "update", "--base-url", base]) == 1
    err = capsys.readouterr().err
    assert "Trondheim\\r5099 Falsk" in err  # one line, the carriage return written out
    assert len([line for line in err.splitlines() if "Falsk" in line]) == 1


def test_a_version_list_of_3000_versions_makes_no_3000_calls():
    many = [
        {
            "name": f"Kommuneinndeling {n}",
            "validFrom": f"{2020 + n // 12:04d}-{n % 12 + 1:02d}-01",
            "_links": {"self": {"href": f"{REAL}/versions/{10_000 + n}"}},
        }
        for n in range(3000)
    ]
    answers = dict(routes())
    answers["/classifications/131.json"] = json.dumps({"id": 131, "versions": many}).encode()
    fake = FakeKlass(answers)
    with fake.running() as base, pytest.raises(InvalidInputError, match="at most 50"):
        regions.update(base_url=base)
    assert len(fake.requests) == 1
    assert not registry_file().exists()


def test_more_versions_than_a_registry_takes_are_refused_before_they_are_fetched():
    one = recorded("klass131_kommuneinndeling_2024.json")
    extra = []
    for n in range(MAX_VERSIONS):
        v = copy.deepcopy(one)
        v.update(
            validFrom=f"{2030 + n}-01-01", _links={"self": {"href": f"{REAL}/versions/{n + 1}"}}
        )
        extra.append(v)
    fake = FakeKlass(routes(extra_131=extra))
    with fake.running() as base, pytest.raises(InvalidInputError, match="versions in force"):
        regions.update(base_url=base)
    assert fake.count("/versions/") == 0


def test_the_number_of_calls_of_an_update_is_bounded():
    fake = FakeKlass(routes())
    with fake.running() as base:
        regions.update(base_url=base)
    assert len(fake.requests) == 2 + 2 + 2 + 1  # two lists, four versions, the changes
    assert len(fake.requests) <= 2 * MAX_VERSIONS + 3


def test_a_klass_answer_that_is_no_object_is_refused():
    answers = dict(routes())
    answers["/classifications/131.json"] = b"[1, 2, 3]"
    fake = FakeKlass(answers)
    with fake.running() as base, pytest.raises(InvalidInputError, match="not a JSON object"):
        regions.update(base_url=base)


@pytest.mark.slow
def test_eight_parallel_updates_do_not_race(cache):
    """Eight processes update at once: each succeeds, and the registry is one whole file."""
    fake = FakeKlass(routes())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with fake.running() as base:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "integreringslov", "regions", "update", "--base-url", base],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(8)
        ]
        results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.startswith("Region registry: KLASS, fetched ")
        assert "Traceback" not in err
    data = json.loads(registry_file().read_text("utf-8"))
    assert len(data["municipalities"]) > 350
    assert [p.name for p in registry_file().parent.iterdir() if "partial" in p.name] == []
    regions.reload()
    assert regions.source().kind == "klass"


def test_a_registry_file_spoiled_on_disk_is_not_used_and_an_update_replaces_it(cache):
    good_update(cache)
    data = json.loads(registry_file().read_text("utf-8"))
    data["municipalities"] = data["municipalities"][:10]  # most of them gone
    registry_file().write_text(json.dumps(data), "utf-8")
    regions.reload()
    src = regions.source()
    assert src.kind == "embedded"
    assert "could not be read" in (src.note or "")
    good_update(cache)
    regions.reload()
    assert regions.source().kind == "klass"


def test_a_registry_file_with_a_name_that_would_spoof_a_terminal_is_not_used(cache):
    good_update(cache)
    data = json.loads(registry_file().read_text("utf-8"))
    data["municipalities"][0]["name"] = "Oslo\r5099 Falsk"
    registry_file().write_text(json.dumps(data), "utf-8")
    regions.reload()
    src = regions.source()
    assert src.kind == "embedded"
    assert "control character" in (src.note or "")
    assert "\r" not in str(src)


def test_a_klass_answer_past_its_limit_is_refused_as_it_arrives(cache):
    from hostile import Hostile

    def endless(send, path):
        send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while True:
            send(b"10000\r\n" + b" " * 65536 + b"\r\n")

    with (
        Hostile(endless).running("/klass/v1") as base,
        pytest.raises(InvalidInputError, match=f"larger than {64 << 20} bytes"),
    ):
        regions.update(base_url=base)
    assert not registry_file().exists()


def test_a_version_list_with_nothing_in_force_is_refused():
    answers = dict(routes())
    answers["/classifications/104.json"] = json.dumps({"id": 104, "versions": [{
        "validFrom": "2018-01-01", "validTo": "2020-01-01",
        "_links": {"self": {"href": f"{REAL}/versions/1"}},
    }]}).encode()  # fmt: skip
    fake = FakeKlass(answers)
    with fake.running() as base, pytest.raises(InvalidInputError, match="no version in force"):
        regions.update(base_url=base)
