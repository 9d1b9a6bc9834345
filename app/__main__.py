"""``python -m app`` is the same as the ``dhtt`` command."""

import sys

from app.cli import main

sys.exit(main())
