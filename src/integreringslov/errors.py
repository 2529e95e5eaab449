"""The library's exceptions: one base class, and errors that say where and what.

Every exception the library raises on purpose derives from :class:`IntegreringslovError`,
so callers (and the command line) can catch the library's own errors without catching
programming errors. Errors about input carry :class:`Problem` records that name the place
(file, sheet, row, column), the offending value and what was expected. Values that look
like a fødselsnummer are redacted before they are stored in a problem.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from integreringslov._text.i18n import Lang, speaking, spoken, tr, trn
from integreringslov._text.plain import wording
from integreringslov._text.privacy import printable, redact, redact_optional

__all__ = [
    "AllocationError",
    "IntegreringslovError",
    "InvalidInputError",
    "MissingExtraError",
    "NotInForceError",
    "PluginError",
    "Problem",
    "SourceError",
    "UnknownRegionError",
]


class IntegreringslovError(Exception):
    """Base class of every error the library raises on purpose."""


class NotInForceError(IntegreringslovError, ValueError):
    """A date falls outside the period the library models for a provision or parameter.

    The library never answers "not covered" for a date it does not model: a date before
    integreringsloven entered into force (2021-01-01), or after a sunset without a
    successor, raises this error instead.
    """


class UnknownRegionError(IntegreringslovError, LookupError):
    """A municipality or county code is not known on the date asked for."""


class AllocationError(IntegreringslovError, ValueError):
    """An apportionment or recommendation cannot be carried out as asked (and why)."""


class PluginError(IntegreringslovError):
    """An importer plugin is misdeclared, clashes with another, or cannot be chosen."""


class MissingExtraError(IntegreringslovError, ImportError):
    """An optional dependency is missing; the message names the extra that installs it.

    ``purpose`` (what needs it) is a message id, told with the message in ``lang``
    (default: the spoken language).
    """

    def __init__(self, extra: str, module: str, purpose: str, lang: Lang | None = None) -> None:
        # the package is not published yet: name what installs from a source folder, or
        # the module itself — never «pip install 'integreringslov[extra]'», which cannot work
        package = module.replace("_", "-")
        with speaking(lang or spoken()):
            said = tr(
                "{purpose} needs the optional dependency {module!r}; install it with: python -m "
                "pip install {package} (or, in the integreringslov source folder, the '{extra}' "
                "extra: python -m pip install '.[{extra}]')",
                purpose=tr(purpose),
                module=module,
                package=package,
                extra=extra,
            )
        super().__init__(said)
        self.extra = extra
        self.module = module


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with the input: where it is, what was found, what was expected.

    Every text field is stored with identity numbers masked
    (``redact``): a fødselsnummer in a file name, sheet name
    or header cannot reach a message, a report or its JSON.
    """

    message: str = attrs.field(converter=redact)
    """A sentence a person can act on."""
    source: str | None = attrs.field(default=None, converter=redact_optional)
    """The file (or other source) the problem was found in."""
    sheet: str | None = attrs.field(default=None, converter=redact_optional)
    """The spreadsheet sheet, where there is one."""
    row: int | None = None
    """The row, counted as the user sees it (1-based data row, or the sheet's row number)."""
    column: str | None = attrs.field(default=None, converter=redact_optional)
    """The column name as the user wrote it."""
    value: str | None = attrs.field(default=None, converter=redact_optional)
    """The offending value, as text, with anything like a fødselsnummer redacted."""
    expected: str | None = attrs.field(default=None, converter=redact_optional)
    """What would have been accepted."""
    check: str | None = None
    """The name of the check that failed (for machine readers)."""

    def where(self, lang: Lang = "en", *, rows: Sequence[int] = ()) -> str:
        """The place of the problem as one phrase, e.g. ``persons.csv, row 4, column 'x'``.

        ``rows`` names several rows instead of :attr:`row` (the same problem in each).
        """
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.sheet:
            parts.append(f"{wording('sheet_word', lang)} {self.sheet!r}")
        if len(rows) > 1:
            with speaking(lang):
                parts.append(tr(
                    "rows {runs_rows} ({len_rows} rows)",
                    runs_rows=_runs(rows),
                    len_rows=len(rows),
                ))  # fmt: skip
        elif self.row is not None:
            parts.append(f"{wording('row_word', lang)} {self.row}")
        if self.column:
            parts.append(f"{wording('column_word', lang)} {self.column!r}")
        return ", ".join(parts)

    def text(self, lang: Lang = "en", *, rows: Sequence[int] = ()) -> str:
        """The problem as a sentence in ``lang`` (``"nb"`` or ``"en"``), place first.

        ``rows``: the rows the same problem is found in, named together (see
        ``problem_lines``).
        """
        where = self.where(lang, rows=rows)
        text = f"{where}: {self.message}" if where else self.message
        found, expected = wording("found", lang), wording("expected", lang)
        if self.value is not None:
            text += f" ({found} {self.value!r}"
            text += f"; {expected} {self.expected})" if self.expected else ")"
        elif self.expected:
            text += f" ({expected} {self.expected})"
        return printable(text)  # masks identity numbers, then escapes

    def __str__(self) -> str:
        return self.text()

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON-ready mapping (keys as the attribute names)."""
        return attrs.asdict(self)


def _runs(rows: Sequence[int]) -> str:
    """``[3, 4, 5, 9]`` → ``'3–5, 9'``."""
    out: list[str] = []
    ordered = sorted(set(rows))
    start = prev = ordered[0]
    for r in [*ordered[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(out)


def problem_lines(problems: Sequence[Problem], lang: Lang = "en") -> list[tuple[str, int]]:
    """Each problem as a line, with the problems that differ only in their row folded.

    Returns ``(text, how many problems the line stands for)``, in the order first found:
    fifteen rows whose id looks like a fødselsnummer are one line naming the rows and
    the count. The problems themselves stay one per row (:attr:`InvalidInputError.problems`,
    the JSON report).

    >>> same = [Problem(message="bad id", source="f.csv", row=r, column="id") for r in (2, 3, 4, 7)]
    >>> problem_lines([*same, Problem(message="other", source="f.csv", row=5)])
    [("f.csv, rows 2–4, 7 (4 rows), column 'id': bad id", 4), ('f.csv, row 5: other', 1)]
    """
    groups: dict[tuple[bool, Problem], list[Problem]] = {}
    for p in problems:
        key = (p.row is None, attrs.evolve(p, row=None))
        groups.setdefault(key, []).append(p)
    out: list[tuple[str, int]] = []
    for group in groups.values():
        rows = [p.row for p in group if p.row is not None]
        out.append((group[0].text(lang, rows=rows if len(group) > 1 else ()), len(group)))
    return out


class InvalidInputError(IntegreringslovError, ValueError):
    """Input data failed validation; :attr:`problems` lists every problem found at once.

    Its message (``str(error)``) is in the language spoken where it was raised — bokmål
    inside ``il.read(..., lang="nb")`` — and :meth:`text` tells it in any language.
    """

    def __init__(self, problems: Sequence[Problem] | Iterable[Problem], *, what: str = "input"):
        self.problems: tuple[Problem, ...] = tuple(problems)
        """Every problem found, in the order found."""
        self.what = what
        super().__init__(self._summary())

    def _summary(self, limit: int = 20) -> str:
        return self.text(spoken(), limit=limit)

    def text(self, lang: Lang = "en", *, limit: int = 20) -> str:
        """How many problems, then each on its own line, in ``lang`` (``"nb"`` or ``"en"``).

        >>> print(SourceError("liste.csv", "the file is empty").text("nb"))
        liste.csv: 1 problem
          - liste.csv: the file is empty
        """
        n = len(self.problems)
        with speaking(lang):
            head = printable(trn("{what}: {n} problem", "{what}: {n} problems", n, what=self.what))
        folded = problem_lines(self.problems, lang)
        lines = [head] + [f"  - {text}" for text, _ in folded[:limit]]
        if len(folded) > limit:
            lines.append(wording("and_more", lang, n=sum(k for _, k in folded[limit:])))
        return redact("\n".join(lines))

    def to_json(self) -> str:
        """The problems as a JSON array of objects."""
        return json.dumps([p.to_dict() for p in self.problems], ensure_ascii=False, indent=2)


class SourceError(InvalidInputError):
    """A source file cannot be read at all (corrupt, wrong format, wrong encoding, ...)."""

    def __init__(self, source: str, message: str, **where: Any) -> None:
        super().__init__([Problem(message=message, source=source, **where)], what=str(source))
        self.source = source

    def amended(self, *problems: Problem) -> SourceError:
        """The same error with ``problems`` added after its own (e.g. how the reader was chosen)."""
        error = SourceError(self.source, "")
        InvalidInputError.__init__(error, self.problems + problems, what=self.what)
        return error
