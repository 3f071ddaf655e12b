"""<portal>/l/<code>: the tracked-link redirect, served by the portal's own process as a route of its st.App (beside the
local sign-in routes), without running a Streamlit script.

GET (or HEAD) /l/<code> answers 302 to the link's destination (the brand's page with its UTM parameters) or 404, the
same for an unknown, revoked or malformed code. The click is queued in memory and written in batches by a thread
(services/links/clicks.py), so a burst of clicks never waits for the database; the app's lifespan starts that thread
and, when the server stops, writes what is left (or keeps it in the data folder for the next start).

The route reads and writes as the link server's own database identity (role portal_links, on the portal's pool),
which only resolves codes and records clicks. It needs the portal's database connection: with [supabase] alone (no
database password in the portal) it answers 503 and the pages do not offer links.

With [portal] geoip_database set (off by default), the link server opens that country database once as it starts
and each click keeps only its visitor's country code (services/links/geo.py); the address is never kept."""
from __future__ import annotations

import contextlib
import logging
import threading

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from portal import resources
from services.core.db.postgres import PostgresGateway
from services.core.errors import ConfigError, DatabaseUnavailable, DomainError
from services.links import geo, links as link_service
from services.links.clicks import LINK_SERVER, ClickWriter, database_writer
from services.links.redirects import ChangeListener, LinkServer, Resolver, database_lookup, valid_code

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict = {}
_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


def routes() -> list[Route]:
    return [Route(_path(link_service.SHORT_PREFIX + "{code}"), _redirect, methods=["GET", "HEAD"])]


@contextlib.asynccontextmanager
async def lifespan(_app):
    """Starts the link server in the background as the portal starts; writes the queued clicks when it stops."""
    threading.Thread(target=_quietly_open, name="link-server-open", daemon=True).start()
    try:
        yield
    finally:
        await run_in_threadpool(close)


def close() -> None:
    with _lock:
        server, listener = _state.pop("server", None), _state.pop("listener", None)
    if listener is not None:
        listener.close()
    if server is not None:
        server.writer.close()
        if server.countries is not None:
            server.countries.close()


def server() -> LinkServer | None:
    """The running link server, opening it (and the portal's backend) on first use. None without a database
    connection of the portal's own ([supabase] alone)."""
    found = _state.get("server")
    if found is not None:
        return found
    with _lock:
        if "server" not in _state:
            settings = resources.settings()
            backend = resources.backend(settings)
            if backend.pool is None:
                return None
            gateway = PostgresGateway(backend.pool, LINK_SERVER)
            resolver = Resolver(database_lookup(gateway))
            writer = ClickWriter(database_writer(gateway), spool_dir=settings.data_dir).start()
            _state["listener"] = ChangeListener(backend.admin_url, resolver).start()
            _state["server"] = LinkServer(resolver, writer, countries=geo.open_reader(settings.geoip_database))
        return _state["server"]


def _quietly_open() -> None:
    try:
        server()
    except Exception as exc:  # the first click (or page) tries again and says why
        _log.warning("The link server could not start yet: %s", exc)


async def _redirect(request: Request) -> Response:
    code = request.path_params.get("code", "")
    if not valid_code(code):
        return _not_found()
    running = _state.get("server")
    try:
        if running is None:
            running = await run_in_threadpool(server)
        if running is None:
            return PlainTextResponse("Tracked links need the portal's own database connection.", status_code=503,
                                     headers=_HEADERS)
        in_memory, found = running.resolver.cached(code)
        if not in_memory:
            found = await run_in_threadpool(running.resolver.resolve, code)
    except (DatabaseUnavailable, ConfigError, DomainError) as exc:
        _log.warning("A tracked link could not be looked up: %s", exc)
        return PlainTextResponse("The link cannot be opened right now. Try again in a moment.", status_code=503,
                                 headers={**_HEADERS, "Retry-After": "5"})
    answer = running.answer(code, found, method=request.method, user_agent=request.headers.get("user-agent"),
                            referer=request.headers.get("referer"),
                            address=request.client.host if request.client else None,
                            host=request.headers.get("host"))
    if answer.status != 302:
        return _not_found()
    return Response(status_code=302, headers={**_HEADERS, "Location": answer.location})


def _not_found() -> Response:
    return PlainTextResponse("Not found.", status_code=404, headers=_HEADERS)


def _path(route: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{route}" if base else route
