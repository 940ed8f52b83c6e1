"""``python -m ghgcore`` runs the command line."""

import sys

from ghgcore.cli import main

if __name__ == "__main__":
    sys.exit(main())
