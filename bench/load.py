"""Load benchmark: many people using the portal at once, against the real server.

    python bench/load.py [--sessions 20] [--seconds 120] [--single-seconds 30] [--think 0]

Starts `streamlit run portal/app.py` as the README does (nothing configured, so the embedded default
database, in a temporary data folder given by PORTAL_DATA_DIR; the first start migrates it and seeds the
demo workspace), then drives sessions over Streamlit's own websocket protocol, as the browser does, without
a browser: each session opens `/_stcore/stream`, sends `BackMsg.rerun_script` with a `ClientState` (query
string, page script hash, widget states, browser context) and reads the `ForwardMsg`s back until the run's
`script_finished`. A session:

  1. opens the sign-in screen (a rerun with no page: the default page, local-mode sign-in);
  2. signs in as a demo creator by clicking "Sign in as …": the button's element id comes from the button
     element the server sent, and a click is a rerun carrying that widget with `trigger_value` set; the
     button's callback signs the person in and the same run renders Home;
  3. opens Home, Audience, Engagement, Offers and Payouts in turn (each session starting at another point of
     the round), each a rerun with that page's script hash (from the `navigation` message the server sends on
     every run), pausing about --think seconds between them (0.5-1.5 times it; default 0, no pause).

A run is timed from sending its rerun to receiving its `script_finished`. Errors are exceptions shown (an
`exception` element), error messages shown (an error `alert`: the portal turns a failure such as an
unreachable database into one instead of a traceback), a page that is not found, a run that does not
finish within --timeout, and a broken or closed connection; after a connection error the session starts
again with a new connection.

First a warm-up session opens every page once (the server's first runs: imports, caches), then one session
runs for --single-seconds, then --sessions sessions run together for --seconds, counted from the moment
the last of them has signed in. Prints p50/p95 per page for both phases, the machine's load average, and
the CPU time the server and this client used; the last line is
RESULT sessions=N runs=… p50_ms=… p95_ms=… errors=…
for the page runs of the N-session phase (sign-ins not included; errors of the whole phase, sign-ins
included).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import warnings  # noqa: E402

# Streamlit's configuration asks platformdirs for a runtime folder, which warns when the session has none.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import WebSocketException  # noqa: E402

from services.core import clock  # noqa: E402
from services.core.db.embedded import EmbeddedPostgres  # noqa: E402
from services.demo.people import DEMO_PEOPLE  # noqa: E402
from tests.support.browser import StreamlitServer  # noqa: E402

# (page, url path); Home is the default page, which Streamlit serves at "/" and announces with an empty path.
PAGES = (("Home", ""), ("Audience", "audience"), ("Engagement", "engagement"), ("Offers", "offers"),
         ("Payouts", "payouts"))
SIGN_IN = "sign in (+ Home)"
CREATORS = tuple(p for p in DEMO_PEOPLE if p.role == "creator")
TIME_ZONE, TIME_ZONE_OFFSET, LOCALE = "Europe/London", 0, "en-GB"  # what the browser reports about itself
FIRST_RUN_TIMEOUT = 300.0  # the very first run initialises the embedded database and seeds the demo
FINISHED = ForwardMsg.ScriptFinishedStatus


class ProtocolFailure(Exception):
    """The server did not answer as the protocol says (no finish, an unknown page, a closed socket)."""


@dataclass
class Run:
    page: str
    started: float  # perf_counter when the rerun was sent
    ms: float | None = None  # None when the run failed before it finished
    exceptions: list[str] = field(default_factory=list)
    error_messages: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def errors(self) -> int:
        return len(self.exceptions) + len(self.error_messages) + (1 if self.failure else 0)


def log(message: str) -> None:
    print(f"[{clock.now():%H:%M:%S}] {message}", flush=True)


# -- one browser session, spoken in Streamlit's protocol ------------------------------------------------------

class Session:
    """One websocket session: what a browser tab keeps (page hashes from `navigation`, the current page,
    the messages it cached) and a rerun that waits for its script to finish."""

    def __init__(self, port: int, timeout: float):
        self.url = f"ws://localhost:{port}/_stcore/stream"
        self.page_url = f"http://localhost:{port}/"
        self.timeout = timeout
        self.ws = None
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.current_page = ""  # page script hash of the page last run
        self.buttons: dict[str, str] = {}  # element id -> label, from the last run
        self.headings: list[str] = []
        self._cache: dict[str, ForwardMsg] = {}  # hash -> message, as the browser's message cache

    async def open(self) -> None:
        # The browser passes "streamlit" (and an XSRF token, and a session id to resume) as subprotocols;
        # without an Origin header the server accepts the connection, and the XSRF token only matters
        # for st.login's cookie, which local mode does not use.
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, proxy=None,
                                open_timeout=30)

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
            self.ws = None

    async def rerun(self, page: str, page_script_hash: str, widgets: dict[str, bool] | None = None,
                    timeout: float | None = None) -> Run:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = ""
        state.page_script_hash = page_script_hash
        for widget_id, value in (widgets or {}).items():
            state.widget_states.widgets.add(id=widget_id, trigger_value=value)
        state.cached_message_hashes.extend(self._cache)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = TIME_ZONE, TIME_ZONE_OFFSET, LOCALE
        info.url = self.page_url
        self.buttons, self.headings = {}, []
        run = Run(page, time.perf_counter())
        await self.ws.send(back.SerializeToString())
        deadline = run.started + (timeout or self.timeout)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ProtocolFailure(f"{page}: no script_finished within {timeout or self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError:
                continue
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self._cache.get(msg.ref_hash)
                if cached is None:
                    raise ProtocolFailure(f"{page}: reference to a message this session never got")
                msg, kind = cached, cached.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = msg
            if kind == "delta":
                self._read_delta(msg.delta, run)
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.current_page = msg.navigation.page_script_hash
            elif kind == "page_not_found":
                run.failure = f"{page}: page not found"
            elif kind == "script_finished":
                status = msg.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    run.failure = f"{page}: the script did not compile"
                elif status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (st.rerun); its next run finishes this one
                elif status == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    continue
                run.ms = (time.perf_counter() - run.started) * 1000
                return run

    def _read_delta(self, delta, run: Run) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            run.exceptions.append(f"{run.page}: {element.exception.type}: {element.exception.message}")
        elif which == "alert" and element.alert.format == element.alert.ERROR:
            run.error_messages.append(f"{run.page}: error message: {element.alert.body}")
        elif which == "button":
            self.buttons[element.button.id] = element.button.label
        elif which == "heading":
            self.headings.append(element.heading.body)


# -- what one person does ------------------------------------------------------------------------------------------

@dataclass
class Phase:
    name: str
    runs: list[Run] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # connection-level, outside any finished run
    signed_in: int = 0
    steady_from: float | None = None  # perf_counter when the last session had signed in

    def record(self, run: Run) -> None:
        self.runs.append(run)


async def sign_in(session: Session, creator, phase: Phase, timeout: float | None = None) -> None:
    screen = await session.rerun("sign-in screen", "", timeout=timeout)
    phase.record(screen)
    suffix = f"-local_{creator.key}"
    button = next((i for i in session.buttons if i.endswith(suffix)), None)
    if button is None:
        raise ProtocolFailure(f"no 'Sign in as {creator.display_name.split()[0]}' button on the sign-in screen "
                              f"(headings: {session.headings})")
    run = await session.rerun(SIGN_IN, session.current_page, {button: True}, timeout=timeout)
    phase.record(run)
    missing = [path for _, path in PAGES if path not in session.pages]
    if missing:
        raise ProtocolFailure(f"after signing in as {creator.key} the menu lacks {missing}")


async def person(port: int, creator, phase: Phase, stop_at: list[float], all_in: asyncio.Event,
                 think: float, timeout: float, offset: int = 0) -> None:
    """Sign in, then open the pages in turn until stop_at[0]; start again after a connection failure.
    offset staggers where in the round a session starts, so sessions do not all open the same page; with a
    think time, sessions also start their rounds spread over one think time and each pause lasts between
    half and one and a half think times, so they do not all ask at the same instant."""
    step = offset
    pauses = random.Random(offset)
    while time.perf_counter() < stop_at[0]:
        session = Session(port, timeout)
        page = "connect"
        try:
            await session.open()
            page = SIGN_IN
            await sign_in(session, creator, phase)
            phase.signed_in += 1
            if not all_in.is_set():
                await all_in.wait()
                await asyncio.sleep(think * pauses.random())
            while time.perf_counter() < stop_at[0]:
                step += 1
                page, path = PAGES[step % len(PAGES)]
                phase.record(await session.rerun(page, session.pages[path]))
                if think:
                    await asyncio.sleep(think * pauses.uniform(0.5, 1.5))
        except (ProtocolFailure, WebSocketException, OSError, TimeoutError) as exc:
            phase.record(Run(page, time.perf_counter(), failure=f"{page}: {type(exc).__name__}: {exc}"))
            await asyncio.sleep(1)
        finally:
            await session.close()


async def run_phase(port: int, name: str, sessions: int, seconds: float, think: float, timeout: float) -> Phase:
    phase = Phase(name)
    all_in = asyncio.Event()
    stop_at = [float("inf")]

    async def starter():
        # Until every session has signed in, nobody's page runs are counted; then the clock starts (also
        # when some session still has not signed in after the ramp-up limit: its failures are counted).
        give_up = time.perf_counter() + max(60.0, 3.0 * sessions)
        while phase.signed_in < sessions and time.perf_counter() < give_up:
            await asyncio.sleep(0.05)
        phase.steady_from = time.perf_counter()
        stop_at[0] = phase.steady_from + seconds
        all_in.set()

    people = [person(port, CREATORS[i % len(CREATORS)], phase, stop_at, all_in, think, timeout, offset=i)
              for i in range(sessions)]
    starter_task = asyncio.create_task(starter())
    try:
        await asyncio.wait_for(asyncio.gather(*people), seconds + max(120.0, 5.0 * sessions) + timeout)
    finally:
        starter_task.cancel()
    return phase


async def warm_up(port: int, timeout: float) -> dict[str, float]:
    """The server's first session: database start and seed, then every page's first run."""
    phase = Phase("warm-up")
    session = Session(port, timeout)
    try:
        await session.open()
        await sign_in(session, CREATORS[0], phase, timeout=FIRST_RUN_TIMEOUT)
        for page, path in PAGES[1:]:
            phase.record(await session.rerun(page, session.pages[path], timeout=FIRST_RUN_TIMEOUT))
    finally:
        await session.close()
    for error in errors_of(phase):
        log(f"  warm-up error: {error[:300]}")
    return {run.page: run.ms for run in phase.runs}


# -- figures ---------------------------------------------------------------------------------------------------

def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measured(phase: Phase) -> list[Run]:
    """Page runs sent once every session had signed in (sign-ins and ramp-up left out)."""
    names = {page for page, _ in PAGES}
    return [r for r in phase.runs if r.page in names and r.ms is not None and phase.steady_from is not None
            and r.started >= phase.steady_from]


def errors_of(phase: Phase) -> list[str]:
    found = []
    for run in phase.runs:
        found += run.exceptions + run.error_messages + ([run.failure] if run.failure else [])
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds(data_dir: Path) -> float:
    """CPU time of the embedded PostgreSQL: the postmaster, its live backends and its exited children."""
    try:
        postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, IndexError):
        return float("nan")
    ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime, stime, cutime, cstime
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            child = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(child[1]) == postmaster:
            ticks += int(child[11]) + int(child[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system


@dataclass
class PhaseResult:
    phase: Phase
    sessions: int
    seconds: float  # the measured part: from the last sign-in to the end
    wall: float  # the whole phase, sign-ins and the last runs included
    cpu: dict[str, float]  # seconds of CPU over the whole phase: server, database, client


def report(phases: list[PhaseResult]) -> None:
    print()
    header = f"{'page':<20}"
    for sessions in (r.sessions for r in phases):
        header += f"{f'runs {sessions}':>10}{f'p50 {sessions}':>10}{f'p95 {sessions}':>10}"
    print(header + "   (ms; 1 = one session, N = all sessions together)")
    for page in [p for p, _ in PAGES] + [SIGN_IN]:
        line = f"{page:<20}"
        for phase in (r.phase for r in phases):
            if page == SIGN_IN:
                times = [r.ms for r in phase.runs if r.page == SIGN_IN and r.ms is not None]
            else:
                times = [r.ms for r in measured(phase) if r.page == page]
            line += (f"{len(times):>10}{statistics.median(times):>10.0f}{p95(times):>10.0f}" if times
                     else f"{0:>10}{'-':>10}{'-':>10}")
        print(line)
    for r in phases:
        runs = measured(r.phase)
        errors = errors_of(r.phase)
        cpu = ", ".join(f"{name} {seconds:.1f} s ({seconds / r.wall:.2f} cores)" for name, seconds in r.cpu.items())
        print(f"{r.sessions:>3} session(s): {len(runs)} page runs in {r.seconds:.0f} s = {len(runs) / r.seconds:.1f}/s; "
              f"errors {len(errors)}; CPU over the phase's {r.wall:.0f} s: {cpu}")
        for error in errors[:5]:
            print(f"      {error[:300]}")
        if len(errors) > 5:
            print(f"      … and {len(errors) - 5} more")


# -- main ------------------------------------------------------------------------------------------------------

async def measure(server: StreamlitServer, data_dir: Path, args) -> list[PhaseResult]:
    port, pid = server.port, server.process.pid

    def cpu() -> dict[str, float]:
        return {"server": cpu_seconds(pid), "database": database_cpu_seconds(data_dir / "postgres"),
                "this client": own_cpu_seconds()}

    log("Warm-up: first session (embedded database start, migrations and demo seed), every page's first run")
    first = await warm_up(port, args.timeout)
    log("  first runs: " + ", ".join(f"{page} {ms:.0f} ms" for page, ms in first.items()))
    results = []
    for sessions, seconds in ((1, args.single_seconds), (args.sessions, args.seconds)):
        await asyncio.sleep(2)
        log(f"{sessions} session(s) for {seconds:.0f} s, think time {args.think:g} s "
            f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
        before, started = cpu(), time.perf_counter()
        phase = await run_phase(port, f"{sessions} sessions", sessions, seconds, args.think, args.timeout)
        used, wall = {k: v - before[k] for k, v in cpu().items()}, time.perf_counter() - started
        ramp = (phase.steady_from - started) if phase.steady_from else float("nan")
        log(f"  done: all signed in after {ramp:.1f} s; load average {os.getloadavg()[0]:.2f}")
        results.append(PhaseResult(phase, sessions, seconds, wall, used))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions at once in the second phase")
    parser.add_argument("--seconds", type=float, default=120, help="length of the N-session phase")
    parser.add_argument("--single-seconds", type=float, default=30, help="length of the one-session phase")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds a session reads a page before opening the next, on average (0.5-1.5 "
                             "times it; default 0: every session always waiting for a page)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a run may take before it fails")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        server = StreamlitServer("load", "", Path(tmp))  # empty secrets: the embedded default
        data_dir = Path(tmp) / "data"
        log(f"Starting streamlit run portal/app.py (data folder {data_dir})")
        server.start()
        try:
            results = asyncio.run(measure(server, data_dir, args))
        except BaseException:
            print(server.tail())
            raise
        finally:
            server.stop()
            EmbeddedPostgres(data_dir / "postgres").stop()
    report(results)
    phase, sessions = results[-1].phase, results[-1].sessions
    runs = [r.ms for r in measured(phase)]
    print(f"RESULT sessions={sessions} runs={len(runs)} p50_ms={statistics.median(runs) if runs else 0:.0f} "
          f"p95_ms={p95(runs) if runs else 0:.0f} errors={len(errors_of(phase))}")


if __name__ == "__main__":
    main()
