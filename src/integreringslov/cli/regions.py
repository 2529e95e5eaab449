"""``integreringslov regions update``: the region registry from KLASS, fetched or saved.

``--base-url URL`` fetches from KLASS's API (SSB's by default); ``--from FILE ...`` builds
from KLASS answers a user saved (a code list that does not say its date is given as
``FILE@YYYY-MM-DD``). Either way the answers and the registry they make are checked
before it replaces the one in use; a refusal is a message and exit status 1.
"""

from __future__ import annotations

import argparse

from integreringslov._text.i18n import tr
from integreringslov._text.privacy import printable_lines
from integreringslov.cli.fetch import add_timeout_option

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``regions`` subcommand (with ``update``)."""
    p = sub.add_parser(
        "regions",
        help=tr("the municipality and county registry (KLASS 131 and 104)"),
        description=tr(
            "The registry of municipalities and counties the library checks codes against: "
            "embedded in the package, or made from SSB's KLASS.",
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    u = actions.add_parser(
        "update",
        help=tr("make KLASS 131 and 104 the registry, fetched or from saved answers"),
        description=tr(
            "Fetch the municipal (KLASS 131) and county (KLASS 104) divisions and the municipal "
            "change table from SSB's KLASS API — or read them from KLASS answers you saved "
            "(--from) — check them, and make them the registry from now on (divisions after 2024 "
            "without a new release). A refused update leaves the registry in use as it was. "
            "Prints which registry is in use. The registry is kept under the user cache "
            "directory, or INTEGRERINGSLOV_CACHE_DIR.",
        ),
        epilog=tr(
            "--from takes KLASS's JSON (a classification with its versions such as 131.json, "
            "versions, changes, codesAt and codes answers) and KLASS's CSV. A code list that does "
            "not say when it was in force is given with the date it was asked for: "
            "codesAt.json@2023-03-02. Versions given replace the registry from the first of them "
            "on; before that, and a classification not given, stay as they were.",
        ),
    )
    source = u.add_mutually_exclusive_group()
    source.add_argument("--base-url", metavar="URL", help=tr("the KLASS API (default: SSB's)"))
    source.add_argument(
        "--from",
        dest="files",
        nargs="+",
        metavar="FILE",
        help=tr("build from KLASS answers saved in these files instead of fetching"),
    )
    add_timeout_option(u)
    u.set_defaults(handler=_run_update)


def _run_update(args: argparse.Namespace) -> int:
    from integreringslov import regions

    text = regions.update(base_url=args.base_url, files=args.files, timeout=args.timeout)
    print(printable_lines(tr("Region registry: {text}", text=text)))
    return 0
