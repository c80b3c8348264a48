"""``python -m ctcourse``: the same as the ``ctcourse`` command."""

import sys

from ctcourse.cli import main

sys.exit(main())
