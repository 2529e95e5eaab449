"""The region registry from SSB's KLASS (*klassifikasjonsdatabasen*): reading, checking, building.

KLASS publishes the municipal division (classification **131**, *Standard for
kommuneinndeling*) and the county division (**104**, *Standard for fylkesinndeling*) as
versions — each a list of codes and names with the date it took effect — and a change
table of old code → new code (131). :func:`build_registry` turns versions and changes into
the registry's data (municipality and county periods, half-open, from 2020-01-01, and the
change table); the package's embedded registry is built by it (``tools/build_regions.py``)
and so is the one :func:`integreringslov.regions.update` makes.

KLASS's answers come from the API (:func:`fetch`: the version lists
``/classifications/131.json`` and ``/classifications/104.json``, every version in force on
or after 2020-01-01 as ``/versions/{id}.json``, and
``/classifications/131/changes.json?from=1971-01-01``) or from answers a user saved
(:func:`read_files`: those, and ``codesAt``/``codes`` answers and KLASS's CSV). Either way
each answer is checked like any input before anything is built from it — codes are text
of two (104) or four (131) digits, dates are real dates written ``YYYY-MM-DD``, a period
ends after it begins, names are printable text without an identity number, no code
twice in a version — and the number of versions and calls is capped. :func:`check_data`
then checks the registry the answers make (no county without municipalities, no
municipality vanishing without a change, no division that loses most of the one before
it) before it may replace the registry in use; :func:`store` writes it atomically, under
a lock (:func:`registry_lock`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Final, Protocol

import attrs

from integreringslov._io.limits import regular_file_size
from integreringslov._net.cache import cache_dir
from integreringslov._net.decode import parse_json
from integreringslov._text.i18n import tr
from integreringslov._text.privacy import UNPRINTABLE, printable, redact
from integreringslov.errors import InvalidInputError, Problem, SourceError

__all__ = [
    "COUNTIES",
    "FIRST",
    "KLASS_BASE_URL",
    "LICENCE",
    "MAX_FILES",
    "MAX_VERSIONS",
    "MUNICIPALITIES",
    "Answers",
    "JsonClient",
    "Version",
    "build_registry",
    "check_data",
    "fetch",
    "read_files",
    "registry_file",
    "registry_lock",
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
MAX_VERSIONS: Final = 50
"""The most versions of one classification in force from :data:`FIRST` that are taken (KLASS
131 has had four, 2020–2024); a version list naming more is refused before they are fetched."""
MAX_FILES: Final = 200
"""The most saved files one update reads."""
_MAX_LISTED = 5_000  # entries of a version list (131 lists 154, back to 1838)
_MAX_ITEMS = 10_000  # codes of one version or code list (131 has had at most ~750)
_MAX_CHANGES = 100_000  # rows of a change table (131: 594 since 1971)
_MAX_NAME = 200  # characters of a name (the longest is ~60)
_MAX_PROBLEMS = 50
_ANSWER_BYTES = 64 << 20  # one KLASS answer (a version is ~100 kB)
_UNKNOWN: Final = frozenset({"9999", "99"})  # «Uoppgitt»: not a municipality or county
_DIGITS: Final = {MUNICIPALITIES: 4, COUNTIES: 2}
_CODE: Final = {kind: re.compile(f"[0-9]{{{n}}}") for kind, n in _DIGITS.items()}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_VERSION_ID = re.compile(r"[0-9]{1,12}")
_ON = re.compile(r"^(?P<path>.+)@(?P<on>[0-9]{4}-[0-9]{2}-[0-9]{2})$", re.DOTALL)
_CHANGE_KEYS: Final = ("oldCode", "oldName", "newCode", "newName", "changeOccurred")
_NAMES = {MUNICIPALITIES: "kommuneinndeling", COUNTIES: "fylkesinndeling"}


@attrs.frozen(kw_only=True)
class Version:
    """One KLASS version (*versjon*): the codes and names in force from ``valid_from``."""

    valid_from: str
    """The first day (ISO date)."""
    valid_to: str | None
    """The first day after it, as KLASS states it, or ``None`` while current."""
    names: Mapping[str, str]
    """Code → name."""


@attrs.frozen(kw_only=True)
class Answers:
    """KLASS's answers, each checked: what :func:`build_registry` makes a registry of."""

    municipalities: tuple[Version, ...]
    """Versions of classification 131 in force on or after :data:`FIRST`."""
    counties: tuple[Version, ...]
    """Versions of classification 104 in force on or after :data:`FIRST`."""
    changes: tuple[Mapping[str, str], ...]
    """The 131 change table (``codeChanges`` rows: ``oldCode``, ``oldName``, ``newCode``,
    ``newName``, ``changeOccurred``)."""
    source: str
    """Where the answers came from, as one phrase (kept in the registry)."""
    origin: str
    """Where they came from in a few words, for messages (``KLASS at https://…``)."""


class JsonClient(Protocol):
    """What :func:`fetch` needs of an HTTP client (the library's own has it): JSON by URL."""

    def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        what: str,
        max_bytes: int,
        limit_name: str | None,
    ) -> Any:
        """The answer to ``GET url?params`` as JSON, at most ``max_bytes`` bytes."""
        ...


# -- checking one answer ---------------------------------------------------------------------


class _Problems:
    """The problems found in one answer, raised together as a :class:`SourceError`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.found: list[Problem] = []

    def add(self, message: str, *, value: object = None, expected: str | None = None) -> None:
        if len(self.found) < _MAX_PROBLEMS:
            shown = None if value is None else str(value)[:80]  # a Problem shows it escaped
            self.found.append(
                Problem(message=message, source=self.source, value=shown, expected=expected)
            )

    def raise_any(self) -> None:
        if self.found:
            raise InvalidInputError(self.found, what=self.source)


def _refuse(source: str, message: str) -> SourceError:
    return SourceError(source, message)


def _date(value: object, field: str, where: str, problems: _Problems) -> str | None:
    """``value`` if it is a real date written ``YYYY-MM-DD`` (a problem otherwise)."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return value
    problems.add(
        tr("{where}: {field} is not a date", where=where, field=field),
        value=repr(value),
        expected=tr("a real date, YYYY-MM-DD"),
    )
    return None


def _period(
    doc: Mapping[str, Any], where: str, problems: _Problems, keys: tuple[str, str]
) -> tuple[str | None, str | None]:
    """The ``validFrom``/``validTo`` (or other ``keys``) of ``doc``: dates, in order."""
    start = _date(doc.get(keys[0]), keys[0], where, problems)
    end_value = doc.get(keys[1])
    end = None if end_value is None else _date(end_value, keys[1], where, problems)
    if start is not None and end is not None and end <= start:
        problems.add(
            tr(
                "{where}: {keys_1} {end} is not after {keys_0} {start}",
                where=where,
                keys_1=keys[1],
                end=end,
                keys_0=keys[0],
                start=start,
            )
        )
    return start, end


def _code(value: object, classification: int, where: str, problems: _Problems) -> str | None:
    pattern = _CODE[classification]
    if isinstance(value, str) and pattern.fullmatch(value):
        return value
    problems.add(
        tr(
            "{where}: not a code of KLASS {classification}",
            where=where,
            classification=classification,
        ),
        value=repr(value),
        expected=tr(
            "text of {digits_classification} digits",
            digits_classification=_DIGITS[classification],
        ),
    )
    return None


def _name(value: object, where: str, problems: _Problems) -> str | None:
    """``value`` if it is a name: text, 1–200 characters, printable, without an identity number."""
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_NAME:
        problems.add(
            tr("{where}: not a name", where=where),
            value=repr(value),
            expected=tr("text of 1 to 200 characters"),
        )
        return None
    if UNPRINTABLE.search(value):
        problems.add(
            tr(
                "{where}: the name holds a control character, which could rewrite what a terminal "
                "shows",
                where=where,
            ),
            value=value,
        )
        return None
    if redact(value) != value:
        problems.add(
            tr("{where}: the name holds what looks like an identity number", where=where)
        )
        return None
    return value


def _classification(codes: Iterable[object], source: str) -> int:
    """131 or 104, told by the codes (four digits or two), which must all agree."""
    lengths = {len(c) for c in codes if isinstance(c, str) and c.isdigit()}
    for classification, digits in _DIGITS.items():
        if lengths == {digits}:
            return classification
    raise _refuse(
        source,
        tr(
            "the codes are neither all four digits (KLASS 131, municipalities) nor all two (KLASS "
            "104, counties)",
        ),
    )


def _items(
    items: object, source: str, where: str, *, ranged: bool = False
) -> tuple[int, dict[str, str], list[tuple[str, str | None, str, str]]]:
    """The classification, code → name, and (with ``ranged``) each item's own range.

    :raises InvalidInputError: Listing every problem of the items.
    """
    if not isinstance(items, list) or not items:
        raise _refuse(
            source,
            tr("{where}: no list of codes", where=where),
        )
    if len(items) > _MAX_ITEMS:
        raise _refuse(
            source,
            tr(
                "{where}: {len_items} codes, more than a KLASS division can have ({MAX_ITEMS})",
                where=where,
                len_items=len(items),
                MAX_ITEMS=_MAX_ITEMS,
            ),
        )
    kind = _classification((i.get("code") for i in items if isinstance(i, dict)), source)
    problems = _Problems(source)
    names: dict[str, str] = {}
    ranges: list[tuple[str, str | None, str, str]] = []
    for n, item in enumerate(items, 1):
        place = tr("{where}, code {n}", where=where, n=n)
        if not isinstance(item, dict):
            problems.add(tr("{place}: not an object", place=place))
            continue
        code = _code(item.get("code"), kind, place, problems)
        name = _name(item.get("name"), place, problems)
        if code is None or name is None:
            continue
        if code in names:
            problems.add(
                tr("{place}: the code is there twice", place=place),
                value=code,
            )
            continue
        names[code] = name
        if ranged:
            start, end = _period(
                item, place, problems, ("validFromInRequestedRange", "validToInRequestedRange")
            )
            if start is not None:
                ranges.append((start, end, code, name))
    problems.raise_any()
    return kind, names, ranges


def _version(doc: Any, source: str) -> tuple[int, Version]:
    """A KLASS version (``/versions/{id}.json``): its classification and its codes."""
    problems = _Problems(source)
    where = tr("the version")
    start, end = _period(doc, where, problems, ("validFrom", "validTo"))
    problems.raise_any()
    assert start is not None
    kind, names, _ = _items(doc.get("classificationItems"), source, where)
    return kind, Version(valid_from=start, valid_to=end, names=names)


@attrs.frozen
class _Listed:
    """One entry of a version list: the version's id and its period."""

    id: str
    valid_from: str
    valid_to: str | None


def _listing(doc: Any, source: str) -> tuple[int, list[_Listed]]:
    """A classification's version list (``/classifications/{id}.json``)."""
    kind = doc.get("id")
    listed = doc.get("versions")
    if kind not in (MUNICIPALITIES, COUNTIES, str(MUNICIPALITIES), str(COUNTIES)):
        raise _refuse(
            source,
            tr(
                "the classification is {str_kind_20!r}, not 131 (municipalities) or 104 (counties)",
                str_kind_20=str(kind)[:20],
            ),
        )
    if not isinstance(listed, list) or not listed:
        raise _refuse(
            source,
            tr("the answer has no \"versions\" list"),
        )
    if len(listed) > _MAX_LISTED:
        raise _refuse(
            source,
            tr(
                "the version list names {len_listed} versions, more than KLASS has (at most "
                "{MAX_LISTED} are read)",
                len_listed=len(listed),
                MAX_LISTED=_MAX_LISTED,
            ),
        )
    problems = _Problems(source)
    out: list[_Listed] = []
    for n, entry in enumerate(listed, 1):
        place = tr("version {n} of the list", n=n)
        if not isinstance(entry, dict):
            problems.add(tr("{place}: not an object", place=place))
            continue
        start, end = _period(entry, place, problems, ("validFrom", "validTo"))
        links = entry.get("_links")
        href = links.get("self", {}).get("href") if isinstance(links, dict) else None
        version_id = (
            href.rstrip("/").rsplit("/", 1)[-1].removesuffix(".json")
            if isinstance(href, str)
            else None
        )
        if version_id is None or not _VERSION_ID.fullmatch(version_id):
            problems.add(
                tr("{place}: its link names no version id", place=place),
                value=href,
                expected=tr("…/versions/<digits>"),
            )
            continue
        if start is not None:
            out.append(_Listed(id=version_id, valid_from=start, valid_to=end))
    problems.raise_any()
    return int(kind), out


def _in_range(listed: Sequence[_Listed], source: str) -> list[_Listed]:
    """The versions in force on or after :data:`FIRST`, at most :data:`MAX_VERSIONS`."""
    taken = [v for v in listed if v.valid_to is None or v.valid_to > FIRST]
    if len(taken) > MAX_VERSIONS:
        raise _refuse(
            source,
            tr(
                "the version list names {len_taken} versions in force from {FIRST}; a registry "
                "takes at most {MAX_VERSIONS} — refused before fetching them",
                len_taken=len(taken),
                FIRST=FIRST,
                MAX_VERSIONS=MAX_VERSIONS,
            ),
        )
    return taken


def _changes(doc: Any, source: str) -> tuple[Mapping[str, str], ...]:
    """The rows of a change table (``/classifications/131/changes.json``)."""
    rows = doc.get("codeChanges")
    if not isinstance(rows, list):
        raise _refuse(
            source,
            tr("the answer has no \"codeChanges\" list"),
        )
    if len(rows) > _MAX_CHANGES:
        raise _refuse(
            source,
            tr(
                "the change table has {len_rows} rows, more than KLASS has (at most {MAX_CHANGES} "
                "are read)",
                len_rows=len(rows),
                MAX_CHANGES=_MAX_CHANGES,
            ),
        )
    if not rows:
        return ()  # no change in the range asked for
    kind = _classification(
        (r.get(k) for r in rows if isinstance(r, dict) for k in ("oldCode", "newCode")), source
    )
    if kind != MUNICIPALITIES:
        raise _refuse(
            source,
            tr(
                "a change table of counties (KLASS 104): the registry follows the changes of "
                "municipalities (KLASS 131) only",
            ),
        )
    problems = _Problems(source)
    out: list[Mapping[str, str]] = []
    for n, row in enumerate(rows, 1):
        place = tr("change {n}", n=n)
        if not isinstance(row, dict):
            problems.add(tr("{place}: not an object", place=place))
            continue
        checked = {
            "oldCode": _code(row.get("oldCode"), kind, place, problems),
            "newCode": _code(row.get("newCode"), kind, place, problems),
            "oldName": _name(row.get("oldName"), place, problems),
            "newName": _name(row.get("newName"), place, problems),
            "changeOccurred": _date(row.get("changeOccurred"), "changeOccurred", place, problems),
        }
        if all(v is not None for v in checked.values()):
            out.append({k: v for k, v in checked.items() if v is not None})
    problems.raise_any()
    return tuple(out)


# -- fetching --------------------------------------------------------------------------------


def _get(client: JsonClient, url: str, what: str, params: Mapping[str, str] | None = None) -> Any:
    doc = client.get_json(url, params=params, what=what, max_bytes=_ANSWER_BYTES, limit_name=None)
    if not isinstance(doc, dict):
        raise _refuse(
            what, tr("the answer is not a JSON object")
        )
    return doc


def _fetch_versions(client: JsonClient, base_url: str, classification: int) -> list[Version]:
    what = tr("KLASS classification {number}", number=classification)
    kind, listed = _listing(
        _get(client, f"{base_url}/classifications/{classification}.json", what), what
    )
    _asked_for(kind, classification, what)
    in_range = _in_range(listed, what)
    if not in_range:
        raise _refuse(
            what,
            tr("the version list names no version in force from {FIRST}", FIRST=FIRST),
        )
    out = []
    for entry in in_range:
        source = f"{what}, version {entry.id}"
        got, version = _version(
            _get(client, f"{base_url}/versions/{entry.id}.json", source), source
        )
        _asked_for(got, classification, source)
        out.append(version)
    return out


def _asked_for(got: int, classification: int, source: str) -> None:
    """Refuse an answer that belongs to another classification than the one asked for."""
    if got != classification:
        raise _refuse(
            source,
            tr(
                "the answer holds classification {got}, not {classification}",
                got=got,
                classification=classification,
            ),
        )


def fetch(client: JsonClient, *, base_url: str = KLASS_BASE_URL) -> Answers:
    """KLASS 131 and 104 and the 131 changes from the API at ``base_url``, each answer checked.

    At most ``2 × MAX_VERSIONS + 3`` calls; :func:`integreringslov.regions.update` builds the
    registry of them, checks it and makes it the one in use.

    :raises InvalidInputError: When KLASS cannot be reached, answers unexpectedly, or an
        answer fails its checks (every problem of it listed).
    """
    from integreringslov._net.http import masked

    municipal = _fetch_versions(client, base_url, MUNICIPALITIES)
    county = _fetch_versions(client, base_url, COUNTIES)
    what = tr("KLASS classification {number}, changes", number=MUNICIPALITIES)
    changes = _changes(
        _get(
            client,
            f"{base_url}/classifications/{MUNICIPALITIES}/changes.json",
            what,
            params={"from": "1971-01-01"},
        ),
        what,
    )
    fetched = datetime.now(UTC).date().isoformat()
    return Answers(
        municipalities=tuple(municipal),
        counties=tuple(county),
        changes=changes,
        source=f"Statistics Norway (SSB), KLASS classifications 131 and 104 from "
        f"{masked(base_url)}, fetched {fetched}",
        origin=f"KLASS at {masked(base_url)}",
    )


# -- saved answers ---------------------------------------------------------------------------


@attrs.frozen
class _Saved:
    """One saved answer: its path, and the date it was asked for where it does not say."""

    path: Path
    on: str | None
    shown: str


def _saved(item: str | os.PathLike[str]) -> _Saved:
    text = os.fspath(item)
    match = _ON.match(text)
    path, on = (match["path"], match["on"]) if match else (text, None)
    shown = printable(Path(path).name or path)
    if on is not None:
        problems = _Problems(shown)
        _date(on, "@DATE", shown, problems)
        problems.raise_any()
    return _Saved(path=Path(path), on=on, shown=shown)


def _read(saved: _Saved) -> bytes:
    size = regular_file_size(saved.path, source=saved.shown)
    if size > _ANSWER_BYTES:
        raise _refuse(
            saved.shown,
            tr(
                "{size} bytes, more than a KLASS answer can be ({ANSWER_BYTES})",
                size=size,
                ANSWER_BYTES=_ANSWER_BYTES,
            ),
        )
    try:
        with saved.path.open("rb") as fh:
            return fh.read(_ANSWER_BYTES + 1)[:_ANSWER_BYTES]
    except OSError as exc:
        raise _refuse(saved.shown, f"cannot open the file: {exc.strerror}") from None


def _csv_items(data: bytes, source: str) -> list[dict[str, str]]:
    """KLASS's CSV (``"code";"parentCode";"level";"name";…``) as items like its JSON's."""
    from integreringslov._io.limits import DEFAULT_LIMITS
    from integreringslov._io.text import decode_text, split_rows

    rows = split_rows(
        decode_text(data, source=source), source=source, delimiter=";", limits=DEFAULT_LIMITS
    )
    header = [h.strip() for h in rows[0]]
    if "code" not in header or "name" not in header:
        raise _refuse(
            source,
            tr("not KLASS's CSV: the header names no code and name"),
        )
    items = []
    for n, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise _refuse(
                source,
                tr(
                    "line {n}: {len_row} fields, more than the header's {len_header}",
                    n=n,
                    len_row=len(row),
                    len_header=len(header),
                ),
            )
        # KLASS leaves the empty fields at the end of a row out
        cells = dict(zip(header, row, strict=False))
        items.append({k: v for k, v in cells.items() if v != ""})
    return items


def _kind_of(data: bytes, source: str) -> tuple[str, Any]:
    """What a saved answer is, and its content: JSON (a dict) or KLASS's CSV (items)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        try:
            doc = parse_json(data)
        except ValueError as exc:
            raise _refuse(source, tr("not JSON: {exc}", exc=exc)) from None
        for key, kind in (
            ("versions", "listing"),
            ("classificationItems", "version"),
            ("codeChanges", "changes"),
            ("codes", "codes"),
        ):
            if isinstance(doc, dict) and key in doc:
                return kind, doc
    elif head.startswith((b'"code"', b"code;")):
        return "csv", _csv_items(data, source)
    raise _refuse(
        source,
        tr(
            "not a KLASS answer the registry is built from (a classification with its versions, a "
            "version, changes, codesAt or codes, or KLASS's CSV)",
        ),
    )


def _code_list(
    items: Any, saved: _Saved, listings: Mapping[int, list[_Listed]]
) -> tuple[int, list[Version]]:
    """Versions from a code list: each item's own range (``codes?from=``), or its date.

    A list that does not say when its codes were in force (``codesAt``, KLASS's CSV
    without dates) is given with the date it was asked for, ``FILE@YYYY-MM-DD``; with the
    classification's version list among the files it stands for the version in force on
    that date, else for the codes from that date on.
    """
    where = tr("the code list")
    ranged = isinstance(items, list) and all(
        isinstance(i, dict) and "validFromInRequestedRange" in i for i in items
    )
    kind, names, ranges = _items(items, saved.shown, where, ranged=ranged)
    if ranged:
        return kind, _versions_from_ranges(ranges)
    if saved.on is None:
        raise _refuse(
            saved.shown,
            tr(
                "the codes do not say when they were in force: give the date they were asked for "
                "as {saved_shown}@YYYY-MM-DD",
                saved_shown=saved.shown,
            ),
        )
    for entry in listings.get(kind, []):
        if entry.valid_from <= saved.on and (entry.valid_to is None or saved.on < entry.valid_to):
            return kind, [
                Version(valid_from=entry.valid_from, valid_to=entry.valid_to, names=names)
            ]
    return kind, [Version(valid_from=saved.on, valid_to=None, names=names)]


def _versions_from_ranges(ranges: Sequence[tuple[str, str | None, str, str]]) -> list[Version]:
    """Versions from codes that each state their own range: one per stretch of the same codes."""
    edges = sorted({r[0] for r in ranges} | {r[1] for r in ranges if r[1] is not None})
    out = []
    for i, start in enumerate(edges):
        names = {
            code: name for s, e, code, name in ranges if s <= start and (e is None or start < e)
        }
        if names:
            end = edges[i + 1] if i + 1 < len(edges) else None
            out.append(Version(valid_from=start, valid_to=end, names=names))
    return out


def read_files(files: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> Answers:
    """KLASS answers a user saved, each checked as an answer from the API is.

    Accepted: a classification with its version list (``131.json``), versions
    (``/versions/{id}.json``), the change table (``changes.json``), code lists
    (``codesAt``, ``codes?from=…``) and KLASS's CSV (ISO-8859-1 or UTF-8). A code list
    that does not say when its codes were in force is named with the date it was asked
    for: ``codesAt.json@2023-03-02``.

    :raises InvalidInputError: When a file cannot be read, is none of these, fails its
        checks, or there are more than :data:`MAX_FILES` files.
    """
    if isinstance(files, str | os.PathLike):
        files = [files]  # one path, not the characters of one
    saved = [_saved(f) for f in files]
    if not saved:
        raise _refuse("files", tr("no files given"))
    if len(saved) > MAX_FILES:
        raise _refuse(
            "files",
            tr(
                "{len_saved} files; an update reads at most {MAX_FILES}",
                len_saved=len(saved),
                MAX_FILES=MAX_FILES,
            ),
        )
    read = [(s, *_kind_of(_read(s), s.shown)) for s in saved]
    listings: dict[int, list[_Listed]] = {}
    for s, kind, doc in read:
        if kind == "listing":
            got, listed = _listing(doc, s.shown)
            listings.setdefault(got, []).extend(listed)
    versions: dict[int, list[Version]] = {MUNICIPALITIES: [], COUNTIES: []}
    changes: list[Mapping[str, str]] = []
    for s, kind, doc in read:
        if kind == "version":
            got, version = _version(doc, s.shown)
            versions[got].append(version)
        elif kind in ("codes", "csv"):
            got, listed_versions = _code_list(doc["codes"] if kind == "codes" else doc, s, listings)
            versions[got].extend(listed_versions)
        elif kind == "changes":
            changes.extend(_changes(doc, s.shown))
    for classification, found in versions.items():
        versions[classification] = _in_force(found, classification)
    if not (versions[MUNICIPALITIES] or versions[COUNTIES] or changes):
        raise _refuse(
            tr("the saved KLASS answers"),
            tr(
                "no version, code list or change table in force from {FIRST} among the files: "
                "nothing to build from",
                FIRST=FIRST,
            ),
        )
    names = ", ".join(s.shown for s in saved[:5]) + (
        tr(" and {len_saved_5} more", len_saved_5=len(saved) - 5)
        if len(saved) > 5
        else ""
    )
    built = datetime.now(UTC).date().isoformat()
    return Answers(
        municipalities=tuple(versions[MUNICIPALITIES]),
        counties=tuple(versions[COUNTIES]),
        changes=tuple(changes),
        source=f"Statistics Norway (SSB), KLASS classifications 131 and 104 from saved "
        f"answers ({names}), read {built}",
        origin=tr("the saved KLASS answers"),
    )


def _in_force(versions: Sequence[Version], kind: int) -> list[Version]:
    """The versions in force from :data:`FIRST`, one per first day.

    The same version given twice is taken once; two that differ are refused.
    """
    taken: dict[str, Version] = {}
    for v in versions:
        if v.valid_to is not None and v.valid_to <= FIRST:
            continue
        if v.valid_from in taken and taken[v.valid_from] != v:
            raise _refuse(
                f"KLASS {kind}",
                tr(
                    "two files hold different versions of the {names_kind} from {v_valid_from}",
                    names_kind=_NAMES[kind],
                    v_valid_from=v.valid_from,
                ),
            )
        taken[v.valid_from] = v
    if len(taken) > MAX_VERSIONS:
        raise _refuse(
            f"KLASS {kind}",
            tr(
                "{len_taken} versions in force from {FIRST}; a registry takes at most "
                "{MAX_VERSIONS}",
                len_taken=len(taken),
                FIRST=FIRST,
                MAX_VERSIONS=MAX_VERSIONS,
            ),
        )
    return sorted(taken.values(), key=lambda v: v.valid_from)


# -- building --------------------------------------------------------------------------------


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


def _versions_of(periods: Sequence[Mapping[str, Any]]) -> list[Version]:
    """The divisions a registry's periods make: a version from each day a period begins or ends.

    The inverse of :func:`_periods`, up to where KLASS's own versions begin and end.
    """
    ranges = [(p["valid_from"], p["valid_to"], p["code"], p["name"]) for p in periods]
    return _versions_from_ranges(ranges)


def _before(versions: Sequence[Version], cut: str | None) -> list[Version]:
    return [v for v in versions if cut is None or v.valid_from < cut]


def _joined_changes(
    kept: Iterable[Mapping[str, str]], new: Iterable[Mapping[str, str]]
) -> list[dict[str, str]]:
    """The change rows of both tables, each once (a row of ``new`` wins over the same one)."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in [*kept, *new]:
        rows[(row["oldCode"], row["newCode"], row["changeOccurred"])] = {
            k: row[k] for k in _CHANGE_KEYS
        }
    return sorted(rows.values(), key=lambda r: (r["changeOccurred"], r["oldCode"], r["newCode"]))


def build_registry(
    municipalities: Sequence[Version],
    counties: Sequence[Version],
    changes: Sequence[Mapping[str, str]],
    *,
    source: str,
    base: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The registry's data from KLASS 131 and 104 versions and the 131 change table.

    :param municipalities: Versions of classification 131.
    :param counties: Versions of classification 104.
    :param changes: The 131 change table (``codeChanges`` rows).
    :param source: Where the data came from, as one phrase (kept in the registry).
    :param base: The registry data these versions update: its divisions are kept before
        the first version given (of each classification; all of them where none is
        given), and its changes are kept beside ``changes``. ``None``: the versions are
        the whole registry.
    :return: ``source``, ``licence``, ``municipalities`` and ``counties`` (periods with
        ``code``, ``name``, ``valid_from``, ``valid_to``) and ``changes``, the layout of the
        embedded ``regions.json``.
    """
    rows = [{k: c[k] for k in _CHANGE_KEYS} for c in changes]
    if base is not None:
        first_m = min((v.valid_from for v in municipalities), default=None)
        first_c = min((v.valid_from for v in counties), default=None)
        municipalities = [*_before(_versions_of(base["municipalities"]), first_m), *municipalities]
        counties = [*_before(_versions_of(base["counties"]), first_c), *counties]
        rows = _joined_changes(base["changes"], rows)
    return {
        "source": source,
        "licence": LICENCE,
        "municipalities": _periods(municipalities, rows),
        "counties": _periods(counties, ()),
        "changes": rows,
    }


# -- checking the registry -------------------------------------------------------------------


def _in_force_on(periods: Sequence[Mapping[str, Any]], day: str) -> dict[str, str]:
    return {
        p["code"]: p["name"]
        for p in periods
        if p["valid_from"] <= day and (p["valid_to"] is None or day < p["valid_to"])
    }


def check_data(data: Mapping[str, Any], *, source: str) -> None:
    """Refuse registry data that cannot be right, every problem at once, before they are used.

    Every period's code, name and dates are checked as in an answer. Then, on every day a
    division changes, from :data:`FIRST` on: there are municipalities and counties; every
    county has a municipality and every municipality its county; no division has fewer
    than half the municipalities (or counties) of the one before it; and a municipality
    code that ends has a change in KLASS's change table, on the day it ends.

    :raises InvalidInputError: Naming each problem and the day it is found on.
    """
    municipalities, counties = data["municipalities"], data["counties"]
    problems = _Problems(source)
    for kind, periods in ((MUNICIPALITIES, municipalities), (COUNTIES, counties)):
        for p in periods:
            where = f"{p.get('code')!r} {p.get('valid_from')}"
            _code(p["code"], kind, where, problems)
            _name(p["name"], where, problems)
            _period(p, where, problems, ("valid_from", "valid_to"))
    problems.raise_any()  # the checks below take the periods' fields as they should be
    ends: dict[str, set[str]] = defaultdict(set)
    for c in data["changes"]:
        if c["oldCode"] != c["newCode"]:
            ends[c["oldCode"]].add(c["changeOccurred"])
    days = sorted(
        {p[k] for p in [*municipalities, *counties] for k in ("valid_from", "valid_to")} - {None}
        | {FIRST}
    )
    before_m: dict[str, str] = {}
    before_c: dict[str, str] = {}
    for day in (d for d in days if d >= FIRST):
        now_m, now_c = _in_force_on(municipalities, day), _in_force_on(counties, day)
        for what, now, before in (
            (tr("municipalities"), now_m, before_m),
            (tr("counties"), now_c, before_c),
        ):
            if not now:
                problems.add(
                    tr(
                        "from {day} there would be no {what}: the data end there",
                        day=day,
                        what=what,
                    )
                )
            elif len(now) * 2 < len(before):
                problems.add(
                    tr(
                        "the division from {day} has {len_now} {what}, fewer than half of the "
                        "{len_before} before it: the data look cut short",
                        day=day,
                        len_now=len(now),
                        what=what,
                        len_before=len(before),
                    )
                )
        if now_m and now_c:
            counted = {code[:2] for code in now_m}
            for code in sorted(set(now_c) - counted):
                problems.add(
                    tr("from {day} county {code} has no municipality", day=day, code=code),
                    value=now_c[code],
                )
            homeless: dict[str, list[str]] = defaultdict(list)
            for code in sorted(now_m):
                if code[:2] not in now_c:
                    homeless[code[:2]].append(f"{code} {now_m[code]}")
            for county, members in homeless.items():
                shown = ", ".join(members[:3]) + (", …" if len(members) > 3 else "")
                problems.add(
                    tr(
                        "from {day} there is no county {county} for its {len_members} "
                        "municipalities ({shown})",
                        day=day,
                        county=county,
                        len_members=len(members),
                        shown=shown,
                    )
                )
        for code in sorted(set(before_m) - set(now_m)):
            if day in ends.get(code, ()):
                continue
            elsewhen = sorted(ends.get(code, ()))
            problems.add(
                tr(
                    "municipality {code} ends on {day} without a change on that day in KLASS's "
                    "change table (it has one on {elsewhen}: the version in force from then is "
                    "missing)",
                    code=code,
                    day=day,
                    elsewhen=", ".join(elsewhen),
                )
                if elsewhen
                else tr(
                    "municipality {code} ends on {day} without a change on that day in KLASS's "
                    "change table",
                    code=code,
                    day=day,
                ),
                value=before_m[code],
            )
        before_m, before_c = now_m or before_m, now_c or before_c
    problems.raise_any()


# -- storing ---------------------------------------------------------------------------------


def registry_file() -> Path:
    """Where :func:`integreringslov.regions.update` stores the registry (in the cache directory)."""
    return cache_dir() / "regions" / "klass-registry.json"


_LOCK_WAIT: Final = 60.0


@contextlib.contextmanager
def registry_lock() -> Iterator[None]:
    """Within the block, no other update (of any process) reads or writes the registry file.

    :raises SourceError: When the lock cannot be had within a minute, or the directory
        cannot be made.
    """
    import filelock

    target = registry_file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(target.with_name(target.name + ".lock"), timeout=_LOCK_WAIT)
        with lock:
            yield
    except filelock.Timeout:
        raise _refuse(
            str(target),
            tr(
                "another update has held the registry for {LOCK_WAIT:g} s; try again",
                LOCK_WAIT=_LOCK_WAIT,
            ),
        ) from None
    except OSError as exc:
        raise _refuse(
            str(target),
            tr(
                "the registry cannot be stored here ({exc_strerror_or_exc}); set "
                "INTEGRERINGSLOV_CACHE_DIR to another directory",
                exc_strerror_or_exc=exc.strerror or exc,
            ),
        ) from None


def store(data: Mapping[str, Any]) -> None:
    """Make checked registry data the registry in use: written whole, then renamed into place.

    Call it inside :func:`registry_lock`. A failure leaves the registry in use as it was.

    :raises SourceError: When the file cannot be written.
    """
    target = registry_file()
    partial = None
    try:
        with tempfile.NamedTemporaryFile(
            "w",
            encoding="utf-8",
            dir=target.parent,
            prefix=".klass-registry-",
            suffix=".partial",
            delete=False,
        ) as fh:
            partial = Path(fh.name)
            fh.write(json.dumps(data, ensure_ascii=False))
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(target)
    except OSError as exc:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise _refuse(
            str(target),
            tr(
                "the registry could not be written ({exc_strerror_or_exc}); the one in use is "
                "unchanged",
                exc_strerror_or_exc=exc.strerror or exc,
            ),
        ) from None
