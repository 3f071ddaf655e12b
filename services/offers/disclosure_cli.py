"""`python -m services.disclosures check`: the caption checker for other tools.

    python -m services.disclosures check --market UK --platform instagram --relationship paid \\
        [--platform-tool] [--category alcohol] [--json] < caption.txt

Reads the caption from standard input (UTF-8), prints the verdict and its findings (or one JSON object with
--json) and exits with 0 for pass, 1 for fail, 2 for review, 64 for bad arguments."""
from __future__ import annotations

import argparse
import json
import sys

from services.core.errors import ValidationError
from services.offers import disclosures

EXIT = {"pass": 0, "fail": 1, "review": 2}
USAGE_ERROR = 64


def main(argv: list[str] | None = None, stdin=None, stdout=None) -> int:
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m services.disclosures",
                                     description="Check a caption's advertising disclosure against a market's rules.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check the caption read from standard input",
                           epilog="exit status: 0 pass, 1 fail, 2 review, 64 bad arguments")
    check.add_argument("--market", required=True, help=", ".join(disclosures.JURISDICTIONS))
    check.add_argument("--platform", required=True, help=", ".join(disclosures.PLATFORMS))
    check.add_argument("--relationship", required=True, help=", ".join(disclosures.RELATIONSHIPS))
    check.add_argument("--platform-tool", action="store_true", help="the platform's paid-partnership tool is on")
    check.add_argument("--category", help=", ".join(disclosures.CATEGORIES))
    check.add_argument("--json", action="store_true", help="print one JSON object")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return USAGE_ERROR if exc.code else 0
    caption = stdin.read()
    try:
        result = disclosures.check_caption(caption, platform=args.platform, jurisdiction=args.market,
                                           relationship=args.relationship, platform_tool=args.platform_tool,
                                           category=args.category)
    except ValidationError as exc:
        print(str(exc), file=sys.stderr)
        return USAGE_ERROR
    if args.json:
        stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
    else:
        stdout.write(f"{result.status.upper()}  {result.jurisdiction} · {result.platform} · {result.relationship}\n")
        for f in result.findings:
            where = f" [{f.span[0]}:{f.span[1]} \"{f.text}\"]" if f.span else ""
            stdout.write(f"  {f.severity:6} {f.rule_id}{where}: {f.message}\n")
            stdout.write(f"         source: {f.source.publisher}, {f.source.title} ({f.source.date}) {f.source.url}\n")
    return EXIT[result.status]
