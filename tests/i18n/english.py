"""A heuristic detector of English sentences in text meant to be bokmål.

A line is English when, after the parts that stay as they are in any language are taken
out — quoted values, «…», options (``--lang``), file paths, URLs, a mapping's TOML tables
(``[columns]``), codes with ``_`` or digits — at least two of the commonest English
function words remain. None of these words is a Norwegian word a message would use («to»,
«at», «by», «for», «be», «and», «i» are left out for that reason).
"""

from __future__ import annotations

import re

ENGLISH = frozenset(
    """
    the is are was were been not does did doesn cannot can't isn't of with from into
    this that these those which what when where there their its it's than then would
    should could must will shall may has have had an any each every only also but or if
    because file files no such directory found error usage options show help message
    exit required arguments unrecognized expected invalid value values row rows column
    columns table person persons read write wrote missing number numbers date dates one
    two between county municipality municipalities
    """.split()  # noqa: SIM905 - a list of words reads best as words
)
"""Words an English sentence of this library can hardly do without (and bokmål never uses)."""

_KEPT = re.compile(
    r"""'[^'\n]*'|"[^"\n]*"|«[^»\n]*»|`[^`\n]*`   # quoted: a value, a header, a code
    |https?://\S+                                  # an address
    |--?[\w-]+                                     # an option
    |\S*[/\\]\S*                                   # a path
    |\S*\.(?:csv|xlsx|xlsm|json|px|parquet|toml|html)\b
    |\[[\w.]+\]                                    # a TOML table of a mapping ([columns])
    |\b\w*[_\d]\w*\b                               # a code, a column name, a number
    |\b[A-ZÆØÅ]{2,}\b                               # a metavar (DATE), an acronym (SSB)
    """,
    re.VERBOSE,
)


def english_words(line: str) -> list[str]:
    """The English function words of ``line`` outside quotes, options, paths and codes."""
    bare = _KEPT.sub(" ", line)
    return [w for w in re.findall(r"[A-Za-z']+", bare) if w.casefold() in ENGLISH]


def english_lines(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The lines of ``text`` that read as English (two English words or more)."""
    out = []
    for line in text.splitlines():
        found = [w for w in english_words(line) if w.casefold() not in allowed]
        if len(found) >= 2:
            out.append(f"{line.strip()}  <- {sorted(set(found))}")
    return out

