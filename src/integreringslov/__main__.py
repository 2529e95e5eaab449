"""``python -m integreringslov`` and the ``integreringslov`` console script: the command line.

The command line is imported inside :func:`run`, so that a Ctrl-C while it loads ends
with one line and status 130 rather than Python's traceback (``import integreringslov``
itself imports nothing else).
"""

import sys


def run() -> int:
    """Run the command line on ``sys.argv``; return its exit status."""
    try:
        from integreringslov.cli import main
    except KeyboardInterrupt:  # Ctrl-C while the command line loads: nothing was done yet
        return _interrupted()
    return main()


def _interrupted() -> int:
    """Say in one line, in the language asked for, that the command was interrupted."""
    said = "interrupted; no file left half-written"
    try:
        from integreringslov._text.i18n import speaking, tr
        from integreringslov.cli._parser import lang_given

        with speaking(lang_given(sys.argv[1:])):
            said = tr(said)
    except (KeyboardInterrupt, ImportError):  # a second Ctrl-C: the English line
        pass
    print(f"integreringslov: {said}", file=sys.stderr)
    return 130


if __name__ == "__main__":
    sys.exit(run())
