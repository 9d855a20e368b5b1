"""Entry point of `make audit`: `.venv/bin/python tests/audit/run.py` (see portal_audit.cli)."""

import sys

from portal_audit.cli import main

if __name__ == "__main__":
    sys.exit(main())
