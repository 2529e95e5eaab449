"""Every hook is documented, with its signature, in docs/reference/hooks.md."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from integreringslov.plugins import get_plugin_manager, hookspecs

HOOKS_DOC = Path(__file__).resolve().parents[2] / "docs" / "reference" / "hooks.md"
HOOK_NAMES = sorted(
    name for name in dir(get_plugin_manager(autoload=False).hook) if not name.startswith("_")
)


def test_the_relay_has_exactly_the_specified_hooks() -> None:
    assert sorted(hookspecs.__all__) == HOOK_NAMES


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_hook_is_documented_with_its_signature(name: str) -> None:
    text = HOOKS_DOC.read_text(encoding="utf-8")
    params = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
    assert re.search(rf"^#+ `{re.escape(name)}\({re.escape(params)}\)`", text, re.MULTILINE), (
        f"docs/reference/hooks.md needs a heading `{name}({params})`"
    )
    assert f"autofunction:: integreringslov.plugins.hookspecs.{name}" in text


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_hook_spec_docstring_is_complete(name: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    for param in inspect.signature(getattr(hookspecs, name)).parameters:
        assert f":param {param}:" in doc
    assert ":return:" in doc
    assert "versionadded" in doc
