"""`python -m services.disclosures check`: verdict, JSON and exit status, as another tool would call it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(caption: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "services.disclosures", "check", *args], input=caption,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("caption, args, code, status", [
    ("#ad new jacket", ["--market", "UK", "--platform", "instagram", "--relationship", "paid"], 0, "PASS"),
    ("Not sponsored, I just love it", ["--market", "UK", "--platform", "instagram", "--relationship", "paid"], 1, "FAIL"),
    ("new jacket", ["--market", "UK", "--platform", "instagram", "--relationship", "paid", "--platform-tool"], 2, "REVIEW"),
    ("#ad new gin", ["--market", "UK", "--platform", "instagram", "--relationship", "paid", "--category", "alcohol"], 2, "REVIEW"),
])
def test_exit_status_says_the_verdict(caption, args, code, status):
    done = run(caption, *args)
    assert done.returncode == code and done.stdout.startswith(status), done.stdout + done.stderr


def test_json_output_has_findings_with_spans_and_sources():
    done = run("ليس إعلانًا", "--market", "SA", "--platform", "tiktok", "--relationship", "paid", "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["status"] == "fail" and result["findings"][0]["span"] and result["findings"][0]["source"]["url"]


def test_bad_arguments_exit_64_with_the_allowed_values():
    done = run("#ad", "--market", "IT", "--platform", "instagram", "--relationship", "paid")
    assert done.returncode == 64 and "US, UK" in done.stderr
    assert run("#ad", "--market", "UK").returncode == 64
