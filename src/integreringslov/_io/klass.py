"""What a saved KLASS response is (*klassifikasjonsfil*), told by its shape, for a message.

SSB's classification database KLASS (``https://data.ssb.no/api/klass/v1``) answers in JSON
and CSV. People save those answers — a classification with its version list
(``classifications/131.json``), a version (``versions/1160.json``), ``codes`` and
``codesAt``, ``changes``, ``corresponds``/``correspondsAt``, ``variant`` — and sooner or
later hand one to :func:`integreringslov.read`. None of them is a statistics table, and
reading one as a table would be a guess; the region registry reads them instead
(``integreringslov regions update --from FILE ...``). :func:`klass_json` and
:func:`klass_csv` tell which KLASS form a file is, so the table readers can say so, in
the file's own words, instead of «not JSON-stat».

>>> klass_json({"codes": [{"code": "0301", "parentCode": None, "level": "1",
...                        "name": "Oslo"}]}).what
"KLASS codes ('codes' or 'codesAt'): 1 code"
>>> klass_csv(["code", "parentCode", "level", "name", "shortName"]).form
'codes'
>>> klass_json({"class": "dataset"}) is None
True
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from integreringslov._text.i18n import N_, tr, trn

__all__ = ["KlassFile", "klass_csv", "klass_head", "klass_json", "klass_refusal"]

_LISTS: dict[str, tuple[str, str]] = {
    # key of the list → (form, what it is, as a message id)
    "codes": ("codes", N_("KLASS codes ('codes' or 'codesAt')")),
    "codeChanges": ("changes", N_("KLASS code changes ('changes')")),
    "correspondenceItems": (
        "correspondence",
        N_("a KLASS correspondence ('corresponds' or 'correspondsAt')"),
    ),
    "correspondenceMaps": ("correspondence", N_("a KLASS correspondence table")),
}
_ROW_KEYS = {
    "codes": {"code", "name", "level"},
    "codeChanges": {"oldCode", "newCode"},
    "correspondenceItems": {"sourceCode", "targetCode"},
    "correspondenceMaps": {"sourceCode", "targetCode"},
}
_CSV_HEADERS = (
    ("codes", {"code", "parentcode", "level", "name"}),
    ("changes", {"oldcode", "newcode"}),
    ("correspondence", {"sourcecode", "targetcode"}),
)
_HEAD_KEYS = re.compile(
    rb'"(?:codes|codeChanges|classificationItems|correspondenceItems|correspondenceMaps|'
    rb'classificationType|versions)"\s*:'
)


@attrs.frozen
class KlassFile:
    """A saved KLASS response: which form it is, in words a person recognises."""

    form: str
    """``classification``, ``version`` (a version or a variant: codes with their levels),
    ``codes``, ``changes`` or ``correspondence``."""
    what: str
    """The form and what it holds, in the language asked for (:func:`say`)."""


def _rows(document: Mapping[str, Any], key: str) -> list[Any] | None:
    rows = document.get(key)
    if not isinstance(rows, list):
        return None
    keys = _ROW_KEYS.get(key, set())
    if rows and not (isinstance(rows[0], dict) and keys <= set(rows[0])):
        return None
    return rows


def klass_json(document: Any) -> KlassFile | None:
    """The KLASS form of a parsed JSON document, or ``None`` when it is not one."""
    if not isinstance(document, dict):
        return None
    name = document.get("name")
    named = f" «{name}»" if isinstance(name, str) else ""
    versions = document.get("versions")
    if isinstance(versions, list) and ("classificationType" in document or named):
        ident = document.get("id")
        number = f" {ident}" if isinstance(ident, int | str) else ""
        return KlassFile(
            form="classification",
            what=tr(
                "the KLASS classification{number}{named} with its list of {len_versions} versions",
                number=number,
                named=named,
                len_versions=len(versions),
            ),
        )
    items = _rows(document, "classificationItems")
    if items is not None:
        valid = document.get("validFrom")
        since = tr(", valid from {valid}", valid=valid) if isinstance(valid, str) else ""
        return KlassFile(
            form="version",
            what=tr(
                "the KLASS version (or variant){named}{since} with {len_items} codes",
                named=named,
                since=since,
                len_items=len(items),
            ),
        )
    for key, (form, what) in _LISTS.items():
        rows = _rows(document, key)
        if rows is not None:
            count = (
                trn("{what}: {n} code", "{what}: {n} codes", len(rows), what=tr(what))
                if form == "codes"
                else trn("{what}: {n} row", "{what}: {n} rows", len(rows), what=tr(what))
            )
            return KlassFile(form=form, what=count)
    return None


def klass_csv(header: Sequence[str], rows: int | None = None) -> KlassFile | None:
    """The KLASS form of a CSV file, told by its header, or ``None`` when it is not one.

    KLASS writes its field names as the header (``code;parentCode;level;name;…``).
    ``rows`` (the data rows, where known) is said in the description.
    """
    names = {h.strip().lower() for h in header}
    for form, needed in _CSV_HEADERS:
        if needed <= names:
            what = (
                tr("KLASS {form} as CSV", form=form)
                if rows is None
                else trn("KLASS {form} as CSV: {n} row", "KLASS {form} as CSV: {n} rows", rows,
                         form=form)
            )  # fmt: skip
            return KlassFile(form=form, what=what)
    return None


def klass_head(head: bytes) -> bool:
    """Whether the first bytes of a JSON file name a KLASS list (``"codes":``, …).

    For detection; :func:`klass_json` on the whole document decides.
    """
    return _HEAD_KEYS.search(head) is not None


def klass_refusal(source: str, found: KlassFile) -> str:
    """The message for a KLASS file handed to a table reader: what it is, and how to use it."""
    command = f"integreringslov regions update --from {shlex.quote(source)}"
    return tr(
        "this is a KLASS classification file ({found_what}), not a statistics table: "
        "integreringslov reads it into the region registry with `{command} …` "
        "(il.regions.update(files=[...])), together with the other KLASS files of the same update",
        found_what=found.what,
        command=command,
    )
