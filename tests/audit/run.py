"""Entry point of `make audit`: `.venv/bin/python -m tests.audit.run` from the project folder
(see portal_audit.cli)."""

import sys

from tests.audit.portal_audit.cli import main

if __name__ == "__main__":
    sys.exit(main())
