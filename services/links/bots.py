"""Refreshes services/links/bots.json from a newer copy of the upstream crawler-user-agents list:

    python -m services.links.bots --update crawler-user-agents.json --commit SHA --date YYYY-MM-DD

It keeps the patterns added here (`added`), checks that every pattern compiles and that the link-preview fetchers the
portal must count apart are still matched, and prints what changed. Nothing is downloaded: fetch the file yourself."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from services.links.visitors import BOTS_FILE

MUST_MATCH = ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Twitterbot/1.0",
              "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
              "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", "TelegramBot (like TwitterBot)",
              "WhatsApp/2.23.20.0 A", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
              "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")


def updated(current: dict, upstream: list[dict], commit: str, date: str) -> dict:
    patterns = [entry["pattern"] for entry in upstream]
    for p in patterns:
        re.compile(p)
    combined = re.compile("|".join(f"(?:{p})" for p in patterns + [a["pattern"] for a in current.get("added", [])]))
    missing = [ua for ua in MUST_MATCH if not combined.search(ua)]
    if missing:
        raise ValueError(f"the new list no longer matches: {missing}")
    source = dict(current["source"], commit=commit, date=date)
    return dict(current, source=source, patterns=patterns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", type=Path, required=True, help="the upstream crawler-user-agents.json")
    parser.add_argument("--commit", required=True)
    parser.add_argument("--date", required=True)
    args = parser.parse_args(argv)
    current = json.loads(BOTS_FILE.read_text(encoding="utf-8"))
    try:
        new = updated(current, json.loads(args.update.read_text(encoding="utf-8")), args.commit, args.date)
    except (ValueError, re.error, KeyError) as exc:
        print(f"Not updated: {exc}", file=sys.stderr)
        return 1
    before, after = set(current["patterns"]), set(new["patterns"])
    BOTS_FILE.write_text(json.dumps(new, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(after)} patterns ({len(after - before)} new, {len(before - after)} removed).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
