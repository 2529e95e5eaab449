"""The region registry from SSB's KLASS (*klassifikasjonsdatabasen*): building and updating it.

KLASS publishes the municipal division (classification **131**, *Standard for
kommuneinndeling*) and the county division (**104**, *Standard for fylkesinndeling*) as
versions — each a list of codes and names with the date it took effect — and a change
table of old code → new code (131). :func:`build_registry` turns versions and changes into
the registry's data (municipality and county periods, half-open, from 2020-01-01, and the
change table); the package's embedded registry is built by it (``tools/build_regions.py``)
and so is the one :func:`update` fetches.

:func:`update` fetches ``/classifications/131.json`` and ``/classifications/104.json`` (the
version lists), every version in force on or after 2020-01-01 (``/versions/{id}.json``)
and ``/classifications/131/changes.json?from=1971-01-01``, through the library's one HTTP
client, builds the registry and stores it in the cache directory
(``cache_dir``), where the registry finds it from then on.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from integreringslov._net.cache import cache_dir
from integreringslov.errors import SourceError

if TYPE_CHECKING:  # pragma: no cover
    from integreringslov._net.http import Client

__all__ = [
    "FIRST",
    "KLASS_BASE_URL",
    "LICENCE",
    "Version",
    "build_registry",
    "fetch",
    "registry_file",
    "store",
]

KLASS_BASE_URL: Final = "https://data.ssb.no/api/klass/v1"
"""SSB's KLASS API."""
FIRST: Final = "2020-01-01"
"""The registry starts here: periods before it are cut off."""
LICENCE: Final = "CC BY 4.0 — Kilde: Statistisk sentralbyrå"
"""KLASS's licence, as the registry states it."""
MUNICIPALITIES: Final = 131
"""KLASS classification of municipalities (kommuneinndeling)."""
COUNTIES: Final = 104
"""KLASS classification of counties (fylkesinndeling)."""
_UNKNOWN: Final = frozenset({"9999", "99"})  # «Uoppgitt»: not a municipality or county
_CHANGE_KEYS: Final = ("oldCode", "oldName", "newCode", "newName", "changeOccurred")


@attrs.frozen(kw_only=True)
class Version:
    """One KLASS version (*versjon*): the codes and names in force from ``valid_from``."""

    valid_from: str
    """The first day (ISO date)."""
    valid_to: str | None
    """The first day after it, as KLASS states it, or ``None`` while current."""
    names: Mapping[str, str]
    """Code → name."""


def _periods(
    versions: Sequence[Version], changes: Iterable[Mapping[str, str]]
) -> list[dict[str, str | None]]:
    """Code and name periods from ``versions``, each running until the next version starts.

    Renames inside a version's period (KLASS change rows with the same old and new code)
    split the period; the version's own names are as KLASS revised them later, so the
    names before a rename come from the change table. Adjacent periods with the same code
    and name are joined.
    """
    renames: dict[str, list[Mapping[str, str]]] = defaultdict(list)
    for c in changes:
        if c["oldCode"] == c["newCode"]:
            renames[c["oldCode"]].append(c)
    ordered = sorted(versions, key=lambda v: v.valid_from)
    records: list[dict[str, str | None]] = []
    for i, version in enumerate(ordered):
        end = ordered[i + 1].valid_from if i + 1 < len(ordered) else version.valid_to
        if end is not None and end <= FIRST:
            continue
        start = max(version.valid_from, FIRST)
        for code, name in version.names.items():
            if code in _UNKNOWN:
                continue
            inside = sorted(
                (
                    r
                    for r in renames.get(code, [])
                    if start < r["changeOccurred"] and (end is None or r["changeOccurred"] <= end)
                ),
                key=lambda r: r["changeOccurred"],
            )
            begin = start
            for r in inside:
                records.append(
                    {
                        "code": code,
                        "name": r["oldName"],
                        "valid_from": begin,
                        "valid_to": r["changeOccurred"],
                    }
                )
                begin = r["changeOccurred"]
            if begin != end:
                last = inside[-1]["newName"] if inside else name
                records.append({"code": code, "name": last, "valid_from": begin, "valid_to": end})
    records.sort(key=lambda rec: (rec["code"] or "", rec["valid_from"] or ""))
    joined: list[dict[str, str | None]] = []
    for rec in records:
        prev = joined[-1] if joined else None
        if prev is not None and (prev["code"], prev["name"], prev["valid_to"]) == (
            rec["code"],
            rec["name"],
            rec["valid_from"],
        ):
            prev["valid_to"] = rec["valid_to"]
        else:
            joined.append(dict(rec))
    return joined


def build_registry(
    municipalities: Sequence[Version],
    counties: Sequence[Version],
    changes: Sequence[Mapping[str, str]],
    *,
    source: str,
) -> dict[str, Any]:
    """The registry's data from KLASS 131 and 104 versions and the 131 change table.

    :param municipalities: Versions of classification 131.
    :param counties: Versions of classification 104.
    :param changes: The 131 change table (``codeChanges`` rows).
    :param source: Where the data came from, as one phrase (kept in the registry).
    :return: ``source``, ``licence``, ``municipalities`` and ``counties`` (periods with
        ``code``, ``name``, ``valid_from``, ``valid_to``) and ``changes``, the layout of the
        embedded ``regions.json``.
    """
    return {
        "source": source,
        "licence": LICENCE,
        "municipalities": _periods(municipalities, changes),
        "counties": _periods(counties, ()),
        "changes": [{k: c[k] for k in _CHANGE_KEYS} for c in changes],
    }


def registry_file() -> Path:
    """Where :func:`update` stores the registry fetched from KLASS (in the cache directory)."""
    return cache_dir() / "regions" / "klass-registry.json"


# -- fetching ------------------------------------------------------------------------------


def _versions(client: Client, base_url: str, classification: int) -> list[Version]:
    what = f"KLASS classification {classification}"
    doc = client.get_json(f"{base_url}/classifications/{classification}.json", what=what)
    listed = doc.get("versions") if isinstance(doc, dict) else None
    if not isinstance(listed, list) or not listed:
        raise SourceError(what, 'the answer has no "versions" list')
    out = []
    for entry in listed:
        try:
            valid_to = entry.get("validTo")
            if valid_to is not None and valid_to <= FIRST:
                continue
            version_id = str(entry["_links"]["self"]["href"]).rstrip("/").rsplit("/", 1)[-1]
        except (KeyError, TypeError, AttributeError):
            raise SourceError(what, f"a version lacks validTo or its link: {entry!r}") from None
        version_id = version_id.removesuffix(".json")
        detail = client.get_json(
            f"{base_url}/versions/{version_id}.json", what=f"{what}, version {version_id}"
        )
        try:
            names = {str(i["code"]): str(i["name"]) for i in detail["classificationItems"]}
            out.append(
                Version(valid_from=detail["validFrom"], valid_to=detail.get("validTo"), names=names)
            )
        except (KeyError, TypeError):
            raise SourceError(
                f"{what}, version {version_id}", "the version has no classificationItems"
            ) from None
    return out


def fetch(*, base_url: str = KLASS_BASE_URL, timeout: float | None = None) -> dict[str, Any]:
    """Fetch KLASS 131 and 104 and their changes, as registry data (not yet checked or stored).

    :func:`integreringslov.regions.update` checks the data and makes them the registry.

    :raises SourceError: When KLASS cannot be reached or answers unexpectedly.
    """
    from integreringslov._net.http import DEFAULT_TIMEOUT, Client

    with Client(timeout=timeout or DEFAULT_TIMEOUT) as client:
        municipal = _versions(client, base_url, MUNICIPALITIES)
        county = _versions(client, base_url, COUNTIES)
        what = f"KLASS classification {MUNICIPALITIES}, changes"
        doc = client.get_json(
            f"{base_url}/classifications/{MUNICIPALITIES}/changes.json",
            params={"from": "1971-01-01"},
            what=what,
        )
    changes = doc.get("codeChanges") if isinstance(doc, dict) else None
    if not isinstance(changes, list) or not all(
        isinstance(c, dict) and all(k in c for k in _CHANGE_KEYS) for c in changes
    ):
        raise SourceError(what, 'the answer has no "codeChanges" rows with old and new codes')
    fetched = datetime.now(UTC).date().isoformat()
    latest = max(v.valid_from for v in municipal)
    data = build_registry(
        municipal,
        county,
        changes,
        source=f"Statistics Norway (SSB), KLASS classifications 131 and 104 from {base_url}, "
        f"fetched {fetched} (latest municipal division {latest})",
    )
    data["fetched"] = fetched
    return data


def store(data: dict[str, Any]) -> None:
    """Make checked registry data the registry in use: written whole, then renamed into place."""
    target = registry_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    partial.replace(target)
