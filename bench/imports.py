"""Hostile uploads are refused quickly and in little memory: a 1.4 MB XLSX that unzips to ~350 MB and a
30 MB CSV of a million rows, each read as the import CLI and the Import page read files
(services.accounts.imports.read_export). Each file is read in a fresh process so peak RSS is its own.

    python bench/imports.py

Prints time and peak RSS per file and a final RESULT line; goal: each refused in < 5 s and < 300 MB."""
from __future__ import annotations

import datetime as dt
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL_SECONDS, GOAL_MB = 5.0, 300


def xlsx_bomb(path: Path) -> None:
    """A valid workbook whose one sheet XML is ~350 MB of repeated rows (compresses ~250:1)."""
    row = "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 10 + "</row>"  # r= is optional
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            written = 0
            while written < 350 * 1024 * 1024:
                chunk = (row * 5000).encode()
                sheet.write(chunk)
                written += len(chunk)
            sheet.write(b"</sheetData></worksheet>")


def big_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("Date,Video views,Profile views,Likes,Comments,Shares\n")
        for i in range(1_000_000):
            f.write(f'"January {i % 28 + 1}",{i % 997},{i % 89},{i % 401},{i % 37},{i % 13}\n')


def child(path: str) -> None:
    from services.accounts.imports import ReadOptions, read_export
    from services.core.errors import DomainError

    data = Path(path).read_bytes()
    started = time.perf_counter()
    try:
        read_export(data, Path(path).name, ReadOptions(downloaded_on=dt.date(2026, 12, 1)))
        outcome = "read (not refused)"
    except DomainError as exc:
        outcome = f"refused: {exc}"
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "outcome": outcome}))


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        files = {"xlsx_bomb": Path(d) / "Overview.xlsx", "csv_1m_rows": Path(d) / "Overview.csv"}
        xlsx_bomb(files["xlsx_bomb"])
        big_csv(files["csv_1m_rows"])
        ok = True
        for name, path in files.items():
            out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True, text=True,
                                 cwd=ROOT)
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            passed = (figures["seconds"] < GOAL_SECONDS and figures["peak_mb"] < GOAL_MB
                      and figures["outcome"].startswith("refused"))
            ok &= passed
            print(f"{name:<12} {path.stat().st_size / 1e6:6.1f} MB  {figures['seconds']:6.2f} s  "
                  f"peak RSS {figures['peak_mb']:6.0f} MB  {figures['outcome']}")
        print(f"RESULT {'pass' if ok else 'fail'}: both refused in < {GOAL_SECONDS:.0f} s and < {GOAL_MB} MB peak RSS"
              if ok else f"RESULT fail: a file was not refused within {GOAL_SECONDS:.0f} s and {GOAL_MB} MB")
        return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        sys.exit(main())
