"""``python -m ghgcore`` runs the command line."""

import sys

from ghgcore.cli import main

sys.exit(main())
