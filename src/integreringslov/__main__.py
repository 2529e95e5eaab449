"""``python -m integreringslov`` runs the command line."""

import sys

try:
    from integreringslov.cli import main
except KeyboardInterrupt:  # Ctrl-C while the library loads: nothing was done yet
    print("integreringslov: interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
