"""A migration after the baseline says what it replaces and why: directly above each statement that redefines or
drops a function, view or policy stands `-- replaces <schema.name> from the baseline: <why>`."""
from __future__ import annotations

import re

from services.core.db import migrations

BASELINE_NAMES = ("20261128",)
REDEFINES = re.compile(r"^\s*(create\s+or\s+replace\s+(function|view)|drop\s+(function|view|policy)|"
                       r"alter\s+policy)\s+(?:if\s+exists\s+)?\"?([\w.]+)", re.IGNORECASE)


def _unexplained(text: str) -> list[str]:
    lines = text.splitlines()
    missing = []
    for n, line in enumerate(lines):
        m = REDEFINES.match(line)
        if not m:
            continue
        name = m.group(4).split("(")[0]
        above = lines[n - 1] if n else ""
        if not re.match(rf"--\s*replaces\s+{re.escape(name)}\s+from the baseline:\s*\S", above):
            missing.append(f"line {n + 1}: {line.strip()}")
    return missing


def test_every_redefinition_after_the_baseline_says_what_it_replaces_and_why():
    later = [m for m in migrations.discover() if not m.version.startswith(BASELINE_NAMES)]
    assert later, "there is a migration after the baseline to check"
    problems = {m.version: _unexplained(m.path.read_text()) for m in later}
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_check_catches_a_redefinition_without_its_comment():
    assert _unexplained("create or replace function app.x() returns int language sql as $$ select 1 $$;")
    assert not _unexplained("-- replaces app.x from the baseline: it said too much\n"
                            "create or replace function app.x() returns int language sql as $$ select 1 $$;")
