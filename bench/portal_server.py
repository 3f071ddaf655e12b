"""What the browser benchmarks share: a fresh folder to run the portal from, as a new user meets it (only the
repository's .streamlit/config.toml, an empty data folder), and the portal's Streamlit server started on it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.core.db.embedded import free_port  # noqa: E402


def fresh_folders(tmp: Path) -> tuple[Path, Path]:
    """(data folder, working folder) inside `tmp`: the working folder holds only the portal's Streamlit config."""
    workdir = tmp / "cwd"
    (workdir / ".streamlit").mkdir(parents=True)
    shutil.copy(ROOT / ".streamlit" / "config.toml", workdir / ".streamlit" / "config.toml")
    return tmp / "data", workdir


def start_server(data_dir: Path, workdir: Path) -> tuple[subprocess.Popen, int]:
    """`streamlit run portal/app.py` on a free port with nothing configured but the data folder."""
    port = free_port()
    env = {**os.environ, "PORTAL_DATA_DIR": str(data_dir)}
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "portal" / "app.py"),
                               "--server.port", str(port), "--server.address", "localhost",
                               "--server.headless", "true"], cwd=workdir, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, port
