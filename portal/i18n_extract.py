"""Babel extractor for the disclosure rule files: every text a person reads becomes a catalogue message.

Read: a market's name and regulator, each rule's `text` and `message`, a label's `why`, the platform tool's
`covers` / `does_not_cover`, and the English (`en`) entry of texts kept per language (`conditions`, `scope`).
Not read: `sources` (a source keeps its original title and language), ids, phrases, dates, URLs."""
from __future__ import annotations

import json

TEXT_KEYS = {"name", "regulator", "text", "message", "why", "covers", "does_not_cover"}
PER_LANGUAGE_KEYS = {"conditions", "scope"}


def _texts(node, key: str | None = None):
    if isinstance(node, dict):
        if key in PER_LANGUAGE_KEYS and isinstance(node.get("en"), str):
            yield node["en"]
        for k, value in node.items():
            if k == "sources":
                continue
            if k in TEXT_KEYS and isinstance(value, str):
                yield value
            elif isinstance(value, (dict, list)):
                yield from _texts(value, k)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, key)


def rule_texts(data) -> list[str]:
    seen: dict[str, None] = {}
    for text in _texts(data):
        if text.strip():
            seen.setdefault(text)
    return list(seen)


def extract_rule_texts(fileobj, keywords, comment_tags, options):
    """Babel extraction method: (lineno, funcname, message, comments) per text."""
    for text in rule_texts(json.load(fileobj)):
        yield 0, None, text, []
