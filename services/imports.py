"""`python -m services.imports`: import a platform export file; the work is in services/accounts/imports/cli.py."""
from services.accounts.imports.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
