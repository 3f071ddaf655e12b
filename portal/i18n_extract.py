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


def extract_python(fileobj, keywords, comment_tags, options):
    """Babel extraction method for Python read through the syntax tree, so calls inside f-strings
    (f"**{t('Payments')}**") are found and only literal arguments count (a dict or a variable is not a message).
    Yields every call to a keyword function (or method of that name) with its literal positional arguments."""
    import ast

    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else \
            node.func.attr if isinstance(node.func, ast.Attribute) else None
        if name not in keywords or not node.args:
            continue
        args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
        if all(a is None for a in args):
            continue
        yield node.lineno, name, args, []
