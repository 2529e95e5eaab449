"""``python -m integreringslov`` runs the command line."""

import sys

from integreringslov.cli import main

sys.exit(main())
