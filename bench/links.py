"""Redirect benchmark: many clients following tracked links at once, against the real server.

    python bench/links.py [--clients 32] [--seconds 30] [--links 20] [--bot-share 0.1] [--geoip]

Starts the embedded PostgreSQL in a temporary data folder, then `streamlit run portal/app.py` as the README does
(nothing configured: the embedded default, found running, migrated and seeded with the demo workspace), makes
--links tracked links on a demo creator's accepted deal, and drives GET /l/<code> with --clients concurrent
keep-alive connections for --seconds seconds (one asyncio process speaking plain HTTP/1.1, so the client costs
little of the machine's CPU). Each request picks a link and a browser user agent at random; --bot-share of them
send a link-preview fetcher's user agent instead. A request counts as an error unless it answers 302 with the
link's destination. With --geoip the portal gets a small country database ([portal] geoip_database, written by
tests/support/geoip.py: needs requirements-dev.txt) and each request comes through as from a proxy on the same
machine (X-Forwarded-For: an address in Germany's, France's or no mapped network), so every click is looked up.

Then the portal is stopped the way an operator stops it (SIGTERM: the app's lifespan writes the clicks still
queued), and the clicks are counted in the database, which the benchmark started and so still runs:
lost_clicks = people's clicks sent − people's clicks stored (repeats included: a repeat is stored with its flag).
Prints the machine's load, the server's and this client's CPU time, and last:

RESULT redirects_per_s=… p50_ms=… p99_ms=… errors=… lost_clicks=… [countries=… with --geoip]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

import psycopg  # noqa: E402
from psycopg.rows import dict_row  # noqa: E402

from services.core.db.embedded import EmbeddedPostgres  # noqa: E402
from services.core.db.gateway import Person  # noqa: E402
from services.core.db.postgres import PostgresGateway, make_pool  # noqa: E402
from services.links import links  # noqa: E402
from tests.support.browser import StreamlitServer  # noqa: E402

PEOPLE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
    "Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
    "Mobile/15E148 Safari/604.1",
)
BOTS = ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "Twitterbot/1.0",
        "WhatsApp/2.23.20.0 A", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)")
REFERRERS = ("https://l.instagram.com/", "https://www.tiktok.com/", "https://www.youtube.com/", "")
NETWORKS = ("203.0.113.", "198.51.100.", "192.0.2.")  # tests/support/geoip.py: DE, FR, not mapped


def log(message: str) -> None:
    print(message, flush=True)


def wait_for_link_server(url: str, timeout: float = 600.0) -> None:
    """The first /l/ request opens the backend (migrations, demo seed): wait until an unknown code answers 404."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(f"{url}/l/AAAAAAAAAAAAAA", timeout=120)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the link server did not answer")


def make_links(admin_url: str, count: int, portal_url: str) -> dict[str, tuple[str, str]]:
    """code -> (link id, destination), on a demo creator's accepted deal, made as that creator."""
    with psycopg.connect(admin_url, row_factory=dict_row) as conn:
        offer = conn.execute("select id, creator_id from public.offers where status in "
                             "('accepted', 'in_progress', 'delivered', 'completed') order by created_at limit 1"
                             ).fetchone()
        platform = conn.execute("select platform from public.offer_items where offer_id = %s limit 1",
                                (offer["id"],)).fetchone()["platform"]
    pool = make_pool(admin_url, max_size=2)
    try:
        gw = PostgresGateway(pool, Person(id=str(offer["creator_id"])))
        made = [links.create_link(gw, str(offer["id"]), f"https://shop.example/product/{n}?ref=bench",
                                  portal_urls=[portal_url], platform=platform) for n in range(count)]
    finally:
        pool.close()
    return {m.code: (m.id, m.destination) for m in made}


class Tally:
    def __init__(self):
        self.latencies: list[float] = []
        self.errors = 0
        self.people = 0
        self.bots = 0


async def client(host: str, port: int, codes: list[str], expected: dict, until: float, tally: Tally,
                 bot_share: float, seed: int, geoip: bool = False) -> None:
    rng = random.Random(seed)
    reader = writer = None
    while time.perf_counter() < until:
        if writer is None:
            try:
                reader, writer = await asyncio.open_connection(host, port)
            except OSError:
                tally.errors += 1
                await asyncio.sleep(0.05)
                continue
        code = rng.choice(codes)
        bot = rng.random() < bot_share
        agent = rng.choice(BOTS if bot else PEOPLE)
        referer = rng.choice(REFERRERS)
        forwarded = f"X-Forwarded-For: {rng.choice(NETWORKS)}{rng.randrange(1, 255)}\r\n" if geoip else ""
        request = (f"GET /l/{code} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: {agent}\r\n" + forwarded
                   + (f"Referer: {referer}\r\n" if referer else "") + "Accept: */*\r\n\r\n").encode()
        started = time.perf_counter()
        try:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ")[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:] if l)}
            length = int(headers.get("content-length", "0"))
            if length:
                await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.errors += 1
            writer.close()
            reader = writer = None
            continue
        tally.latencies.append((time.perf_counter() - started) * 1000)
        if status == 302 and headers.get("location") == expected[code][1]:
            if bot:
                tally.bots += 1
            else:
                tally.people += 1
        else:
            tally.errors += 1
        if headers.get("connection", "").lower() == "close":
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def drive(port: int, expected: dict, clients: int, seconds: float, bot_share: float,
                geoip: bool = False) -> tuple[Tally, float]:
    codes = sorted(expected)
    tally = Tally()
    started = time.perf_counter()
    until = started + seconds
    # 127.0.0.1: the address uvicorn trusts X-Forwarded-For from
    await asyncio.gather(*(client("127.0.0.1", port, codes, expected, until, tally, bot_share, n, geoip)
                           for n in range(clients)))
    return tally, time.perf_counter() - started


def p(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def stored(admin_url: str, link_ids: list[str]) -> tuple[int, int]:
    with psycopg.connect(admin_url) as conn:
        people, bots = conn.execute("select count(*) filter (where not bot), count(*) filter (where bot) "
                                    "from public.link_clicks where link_id = any(%s::uuid[])", (link_ids,)).fetchone()
    return int(people), int(bots)


def countries(admin_url: str, link_ids: list[str]) -> str:
    with psycopg.connect(admin_url) as conn:
        rows = conn.execute("select coalesce(country, 'none'), count(*) from public.link_clicks "
                            "where link_id = any(%s::uuid[]) group by 1 order by 1", (link_ids,)).fetchall()
    return ",".join(f"{c}:{n}" for c, n in rows)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = sum(int(x) for x in fields[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--links", type=int, default=20)
    parser.add_argument("--bot-share", type=float, default=0.1)
    parser.add_argument("--geoip", action="store_true", help="clicks looked up in a small country database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-links-") as tmp:
        data_dir = Path(tmp) / "data"
        database = EmbeddedPostgres(data_dir / "postgres")
        database.start()  # started here, so it outlives the portal and the clicks can be counted afterwards
        secrets = ""  # empty secrets: the embedded default
        if args.geoip:
            from tests.support.geoip import write_country_database
            secrets = f'[portal]\ngeoip_database = "{write_country_database(Path(tmp) / "countries.mmdb")}"\n'
        server = StreamlitServer("links", secrets, Path(tmp))
        try:
            log(f"Starting streamlit run portal/app.py (data folder {data_dir})")
            server.start()
            wait_for_link_server(server.url)
            admin_url = database.url()
            expected = make_links(admin_url, args.links, server.url)
            log(f"{len(expected)} tracked links made; warming up")
            asyncio.run(drive(server.port, expected, 4, 2.0, args.bot_share, args.geoip))
            time.sleep(1.0)  # the warm-up's clicks are written (the writer flushes every 0.25 s)
            warm_people, warm_bots = stored(admin_url, [v[0] for v in expected.values()])
            load_before = os.getloadavg()
            server_cpu = cpu_seconds(server.process.pid)
            client_cpu = resource.getrusage(resource.RUSAGE_SELF)
            log(f"Driving {args.clients} clients for {args.seconds:.0f} s")
            tally, elapsed = asyncio.run(drive(server.port, expected, args.clients, args.seconds, args.bot_share,
                                               args.geoip))
            server_cpu = cpu_seconds(server.process.pid) - server_cpu
            used = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu = (used.ru_utime - client_cpu.ru_utime) + (used.ru_stime - client_cpu.ru_stime)
            load_after = os.getloadavg()
            log("Stopping the portal (SIGTERM): its lifespan writes the clicks still queued")
            server.stop()
            people, bots = stored(admin_url, [v[0] for v in expected.values()])
            by_country = countries(admin_url, [v[0] for v in expected.values()]) if args.geoip else ""
        except BaseException:
            print(server.tail())
            raise
        finally:
            server.stop()
            database.stop()
    people -= warm_people
    bots -= warm_bots
    total = len(tally.latencies)
    rate = (tally.people + tally.bots) / elapsed if elapsed else 0.0
    log(f"requests answered: {total} in {elapsed:.1f} s; 302 with the right destination: people {tally.people}, "
        f"bots {tally.bots}; errors {tally.errors}")
    log(f"latency ms: p50 {p(tally.latencies, 0.5):.1f} · p90 {p(tally.latencies, 0.9):.1f} · "
        f"p99 {p(tally.latencies, 0.99):.1f} · max {max(tally.latencies, default=0):.1f} · "
        f"mean {statistics.fmean(tally.latencies) if total else 0:.1f}")
    log(f"clicks stored: people {people} (sent {tally.people}), bots {bots} (sent {tally.bots})")
    log(f"CPU seconds during the run: server {server_cpu:.1f}, this client {client_cpu:.1f} "
        f"(of {2 * elapsed:.0f} on 2 cores); load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")
    print(f"RESULT redirects_per_s={rate:.0f} p50_ms={p(tally.latencies, 0.5):.1f} "
          f"p99_ms={p(tally.latencies, 0.99):.1f} errors={tally.errors} lost_clicks={tally.people - people}"
          + (f" countries={by_country}" if args.geoip else ""))


if __name__ == "__main__":
    main()
