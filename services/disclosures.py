"""Command-line entry point for the caption checker: `python -m services.disclosures check --market UK
--platform instagram --relationship paid [--platform-tool] [--category …] [--json] < caption.txt`.
Exit status 0 pass, 1 fail, 2 review, 64 bad arguments. The checker lives in services/offers/disclosures.py."""
from __future__ import annotations

import sys

from services.offers.disclosure_cli import main

if __name__ == "__main__":
    sys.exit(main())
