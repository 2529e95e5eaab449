"""Write every dated wording of each modelled provision as a Markdown page fragment.

On ``builder-inited`` this extension writes ``_generated/wordings-<section>.md`` for each
paragraph in :func:`integreringslov.law._texts.modelled_sections` (``wordings-8.md``,
``wordings-37c.md``, …): every version of the paragraph since 2021-01-01, with its period,
the instrument behind each ledd, the bill and the commencement resolution, and the notes —
read from the same data ``il.law.text`` answers from, so the law pages cannot drift from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from integreringslov.law._texts import Wording, modelled_sections, versions
from integreringslov.law._timeline import SOURCES_END


def slug(section: str) -> str:
    """``§ 37 c`` → ``37c``: the file name part of a paragraph's fragment."""
    return section.replace("§", "").replace(" ", "")


def _quote(text: str) -> str:
    return "\n>\n".join(f"> {line}" for line in text.splitlines())


def render(section: str) -> str:
    """The Markdown for every version of ``section``, newest first."""
    out: list[str] = []
    for v in reversed(versions(section)):
        end = f"until {v.valid_to.isoformat()}" if v.valid_to else "in force"
        out.append(f"**{v.valid_from.isoformat()} – {end}** ({section}. {v.heading})\n")
        out.append(_ledd_table(v))
        out.append("")
        out.append("\n>\n".join(_quote(part.text) for part in v.parts))
        notes = [n for n in v.notes if str(SOURCES_END) not in n]
        if notes:
            out.append("")
            out.extend(f"- *{n}*" for n in notes)
        out.append("")
    return "\n".join(out)


def _ledd_table(v: Wording) -> str:
    rows = ["| ledd | worded by | bill | in force by | since |", "|---|---|---|---|---|"]
    for part in v.parts:
        ledd = part.provision.short.removeprefix(part.provision.section).strip()
        rows.append(
            f"| {ledd} | {part.instrument} | {part.prop} | {part.commencement} | "
            f"{part.valid_from.isoformat()} |"
        )
    return "\n".join(rows)


def _write(app: Sphinx) -> None:
    out = Path(app.srcdir) / "_generated"
    out.mkdir(exist_ok=True)
    for section in modelled_sections():
        path = out / f"wordings-{slug(section)}.md"
        content = render(section)
        if not path.exists() or path.read_text("utf-8") != content:
            path.write_text(content, "utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the generator with Sphinx."""
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
