"""The README's screenshots per language agree with scripts/screenshots.py and with docs/screenshots/: every page in
every language is there, small, 1280×900, and linked; nothing stale is left. No browser: the script is run by hand."""
from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "docs" / "screenshots"
EXPECTED = {f"{page}-{lang}.png" for page in ("home", "engagement", "shared-report")
            for lang in ("en", "ar", "fr", "de", "es")}


def _script():
    spec = importlib.util.spec_from_file_location("screenshots_script", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _languages_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Languages", 1)[1].split("\n## ", 1)[0]


def test_the_script_takes_every_page_in_every_language():
    script = _script()
    assert len(EXPECTED) == 15
    assert {script.file_name(page, lang) for page in script.PAGES for lang in script.LANGS} == EXPECTED


def test_the_folder_holds_exactly_those_screenshots_each_a_small_1280_by_900_png():
    assert {p.name for p in FOLDER.iterdir()} == EXPECTED
    for name in EXPECTED:
        data = (FOLDER / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", name
        assert struct.unpack(">II", data[16:24]) == (1280, 900), name  # IHDR width, height
        assert len(data) < 400_000, name


def test_the_readme_shows_home_in_english_beside_arabic_and_links_the_others():
    section = _languages_section()
    shown = re.findall(r'<img src="docs/screenshots/([^"]+)"', section)
    assert shown == ["home-en.png", "home-ar.png"]
    assert set(re.findall(r"\]\(docs/screenshots/([^)]+)\)", section)) == EXPECTED
    assert _script().readme_images(section) == EXPECTED
