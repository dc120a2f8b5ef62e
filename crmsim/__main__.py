"""``python -m crmsim``."""

import sys

from crmsim.cli import main

sys.exit(main())
