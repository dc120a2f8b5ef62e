"""``python -m crmsim.cli``."""

import sys

from crmsim.cli import main

sys.exit(main())
