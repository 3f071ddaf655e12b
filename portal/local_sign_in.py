"""Local mode's memory in the browser: the app's own routes set and clear the signed cookie that names the chosen
demo person (services.people.local_cookie), and the page calls them.

A Streamlit script cannot set a cookie (it talks over a websocket), so portal/app.py serves two routes through
`st.App`: POST /local/sign-in?person=KEY and POST /local/sign-out. The cookie is HttpOnly, SameSite=Lax,
Path=/, 30 days (Secure when the request came over https). The routes answer only in local mode (no [auth],
listening on localhost) and only to a request from the portal's own page (its Origin), so another site cannot
sign a browser in or out. After a sign-in or sign-out button, the next run calls the route from the page
(`remember`, `forget`); a reload, or the platform sending the browser back after Connect, then starts a new
session whose cookie portal.identity reads."""
from __future__ import annotations

import json

import streamlit as st
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from portal import identity, resources
from services.core.errors import ConfigError
from services.demo.people import DEMO_PEOPLE
from services.people import local_cookie

SIGN_IN, SIGN_OUT = "/local/sign-in", "/local/sign-out"


def routes() -> list[Route]:
    return [Route(_path(SIGN_IN), _sign_in, methods=["POST"]),
            Route(_path(SIGN_OUT), _sign_out, methods=["POST"])]


def remember(person_key: str) -> None:
    """From a script run: have the browser keep `person_key` (the sign-in route sets the cookie)."""
    _call(f"{_path(SIGN_IN)}?person={person_key}")


def forget() -> None:
    """From a script run: have the browser drop the cookie (the sign-out route clears it)."""
    _call(_path(SIGN_OUT))


# -- the routes (plain functions: Starlette runs them in its thread pool, away from the event loop) ----------

def _sign_in(request: Request) -> Response:
    refused = _refusal(request)
    if refused is not None:
        return refused
    person = request.query_params.get("person", "")
    if person not in {p.key for p in DEMO_PEOPLE}:
        return PlainTextResponse("No demo person has this key.", status_code=400)
    secret = local_cookie.load_secret(resources.settings().data_dir)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(local_cookie.COOKIE_NAME, local_cookie.sign(person, secret),
                        max_age=int(local_cookie.MAX_AGE.total_seconds()), **_attributes(request))
    return response


def _sign_out(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse("Only the portal's own page can sign out.", status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(local_cookie.COOKIE_NAME, **_attributes(request))
    return response


def _refusal(request: Request) -> Response | None:
    if not _same_origin(request):
        return PlainTextResponse("Only the portal's own page can sign in.", status_code=403)
    try:
        settings = resources.settings()
    except ConfigError as exc:
        return PlainTextResponse(str(exc), status_code=503)
    if settings.auth_configured:
        return PlainTextResponse("This portal signs people in through its identity provider.", status_code=404)
    if not identity.local_mode_allowed(identity.server_address()):
        return PlainTextResponse("Local mode is refused: this server listens beyond localhost.", status_code=403)
    return None


def _same_origin(request: Request) -> bool:
    """A browser sends Origin with every POST; it must be this server's own address."""
    origin, host = request.headers.get("origin"), request.headers.get("host")
    return bool(origin and host) and origin == f"{request.url.scheme}://{host}"


def _attributes(request: Request) -> dict:
    return {"path": "/", "httponly": True, "samesite": "lax", "secure": request.url.scheme == "https"}


# -- the page side -------------------------------------------------------------------------------------

def _path(route: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{route}" if base else route


def _call(url: str) -> None:
    """POST to one of the routes from the page (same origin, so the browser stores what it answers)."""
    target = json.dumps(url).replace("</", "<\\/")  # built from a demo key or a constant, never from typed text
    st.html(f"<script>fetch({target}, {{method: 'POST', credentials: 'same-origin', cache: 'no-store'}});"
            "</script>", unsafe_allow_javascript=True)
