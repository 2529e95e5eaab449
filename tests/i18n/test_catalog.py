"""The nb catalog covers every message of the code, and nothing else (issue 22, item 1).

The message ids are extracted from the source as ``pybabel extract`` does (Babel's own
extractor, the keywords ``tr``, ``trn:1,2`` and ``N_`` of ``babel.cfg``); the catalog is the
``.po`` the package reads at run time.
"""

from __future__ import annotations

import ast
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from integreringslov._text.i18n import catalog_path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "src" / "integreringslov", ROOT / "src" / "integreringslov_importers")
KEYWORDS = {"tr": None, "trn": (1, 2), "N_": None}
"""As ``babel.cfg`` and the contributors' page give them to ``pybabel extract``."""


def _code_ids() -> dict[str | tuple[str, str], str]:
    """Every message id in the code, with the first place it stands."""
    found: dict[str | tuple[str, str], str] = {}
    for root in SOURCES:
        for filename, lineno, message, _, _ in extract_from_dir(
            str(root), method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=(), strip_comment_tags=True,
            directory_filter=lambda path: not Path(path).name.startswith("."),  # _io too
        ):  # fmt: skip
            key = message if isinstance(message, str) else (message[0], message[1])
            found.setdefault(key, f"{root.name}/{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    with catalog_path("nb").open("rb") as po:
        return read_po(po, locale="nb_NO", domain="integreringslov")


@pytest.fixture(scope="module")
def code_ids() -> dict[str | tuple[str, str], str]:
    return _code_ids()


def _key(message) -> str | tuple[str, str]:  # type: ignore[no-untyped-def]
    return message.id if isinstance(message.id, str) else (message.id[0], message.id[1])


def test_every_message_of_the_code_has_its_bokmal(catalog, code_ids) -> None:  # type: ignore[no-untyped-def]
    assert len(code_ids) > 500
    missing = []
    for key, where in code_ids.items():
        entry = catalog.get(key if isinstance(key, str) else key[0])
        strings = () if entry is None else (
            (entry.string,) if isinstance(entry.string, str) else entry.string
        )
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{where}: {key!r}")
    assert not missing, "no bokmål in the catalog for:\n" + "\n".join(missing)


def test_the_catalog_has_no_stale_entries(catalog, code_ids) -> None:  # type: ignore[no-untyped-def]
    stale = [m.id for m in catalog if m.id and _key(m) not in code_ids]
    assert not stale, "in the catalog, not in the code (pybabel update drops them):\n" + \
        "\n".join(map(repr, stale))


def _fields(text: str) -> set[str]:
    if "%(" in text or re.search(r"%[sdr]", text):  # argparse's own words: %-format
        return set(re.findall(r"%\(\w+\)\w|%[sdr]", text))
    return {f"{name}!{conv}:{spec}" for _, name, spec, conv in string.Formatter().parse(text)
            if name is not None}


def test_a_translation_fills_in_the_same_fields(catalog) -> None:  # type: ignore[no-untyped-def]
    """A field lost or misspelt in the bokmål would fail only when the message is said."""
    wrong = []
    for m in catalog:
        if not m.id:
            continue
        ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
        strings = (m.string,) if isinstance(m.string, str) else tuple(m.string)
        want = _fields(ids[-1]) | ({"n!:"} if len(ids) > 1 and "{n}" in ids[-1] else set())
        for s in strings:
            got = _fields(s)
            # a singular may leave the number out («raden under den er tom»)
            if got != want and not (len(ids) > 1 and got <= want):
                wrong.append(f"{ids[-1]!r}: {sorted(want)} but {s!r}: {sorted(got)}")
    assert not wrong, "\n".join(wrong)


def test_the_header_is_not_fuzzy_and_has_the_plural_forms(catalog) -> None:  # type: ignore[no-untyped-def]
    assert not catalog.fuzzy  # a fuzzy header is left out of the compiled catalog
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"


def test_no_say_call_is_left_in_the_library() -> None:
    """The library speaks through the catalog; ``say`` is for third-party plugins only."""
    left = []
    for root in SOURCES:
        for path in root.rglob("*.py"):
            if path.name == "i18n.py" and path.parent.name == "_text":
                continue
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say":
                    left.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not left, "say() calls left (run the codemod): " + ", ".join(left)


def test_pybabel_extracts_the_same_ids(tmp_path: Path, code_ids) -> None:  # type: ignore[no-untyped-def]
    """The command on the contributors' page gives the ids this test checks."""
    pot = tmp_path / "integreringslov.pot"
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "--ignore-dirs=.*", "--no-default-keywords", "-k", "tr", "-k", "trn:1,2", "-k", "N_",
         "--no-location",
         "--sort-output", "-o", str(pot), "src"],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with pot.open("rb") as f:
        extracted = {_key(m) for m in read_po(f) if m.id}
    assert extracted == set(code_ids)
