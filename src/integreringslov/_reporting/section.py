"""A section of the text report: a title and a laid-out body (and the figures to show)."""

from __future__ import annotations

import attrs

__all__ = ["Section"]


@attrs.frozen(kw_only=True)
class Section:
    """A titled block of the report."""

    title: str
    """The heading."""
    body: str
    """Plain text, already laid out."""
    figures: tuple[str, ...] = ()
    """Keys of the report's figures to show after the text in the HTML report."""

    def render(self) -> str:
        """The section as text with an underlined heading."""
        return f"{self.title}\n{'=' * len(self.title)}\n{self.body}\n"
