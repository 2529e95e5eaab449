"""``integreringslov regions update``: refresh the region registry from SSB's KLASS API."""

from __future__ import annotations

import argparse

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``regions`` subcommand (with ``update``)."""
    p = sub.add_parser(
        "regions",
        help="the municipality and county registry (KLASS 131 and 104)",
        description="The registry of municipalities and counties the library checks codes "
        "against: embedded in the package, or fetched from SSB's KLASS API.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    u = actions.add_parser(
        "update",
        help="fetch KLASS 131 and 104 into the cache and use them from now on",
        description="Fetch the municipal (KLASS 131) and county (KLASS 104) divisions and "
        "the municipal change table from SSB's KLASS API into the cache directory; the "
        "registry uses them from then on (divisions after 2024 without a new release). "
        "Prints which registry is in use. The cache is under the user cache directory, or "
        "INTEGRERINGSLOV_CACHE_DIR.",
    )
    u.add_argument("--base-url", metavar="URL", help="the KLASS API (default: SSB's)")
    u.set_defaults(handler=_run_update)


def _run_update(args: argparse.Namespace) -> int:
    from integreringslov import regions
    from integreringslov.regions.klass import KLASS_BASE_URL

    print(f"Region registry: {regions.update(base_url=args.base_url or KLASS_BASE_URL)}")
    return 0
