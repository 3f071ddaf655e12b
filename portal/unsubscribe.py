"""The one-click unsubscribe of notification emails, served beside the app by portal/app.py's `st.App` routes:

    GET  /unsubscribe?token=…   a small page with one button (link checkers that open links change nothing)
    POST /unsubscribe?token=…   turns that person's email off; mail clients send it directly (RFC 8058,
                                List-Unsubscribe-Post: List-Unsubscribe=One-Click)

The token is the person's id signed with HMAC-SHA256 (services/jobs/notify.py); an altered one changes nothing.
Needs the privileged connection (embedded or [database] url), as the workers that send the emails do."""
from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from portal import resources
from services.jobs import notify
from services.jobs.wording import t

PATH = "/unsubscribe"


def routes(base: str = "") -> list[Route]:
    path = f"/{base.strip('/')}{PATH}" if base.strip("/") else PATH
    return [Route(path, _page, methods=["GET"]), Route(path, _unsubscribe, methods=["POST"])]


def _admin():
    settings = resources.settings()
    backend = resources.backend(settings)
    return settings, backend.admin_url


def _page(request: Request) -> Response:
    token = request.query_params.get("token", "")
    body = (f"<!doctype html><meta charset='utf-8'><title>{html.escape(t('Stop notification emails'))}</title>"
            f"<form method='post' action='?token={html.escape(token, quote=True)}'>"
            f"<p>{html.escape(t('Stop all notification emails from this portal? You can turn them on again in Settings.'))}</p>"
            f"<button type='submit'>{html.escape(t('Stop emails'))}</button></form>")
    return HTMLResponse(body, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


def _unsubscribe(request: Request) -> Response:
    settings, admin_url = _admin()
    if not admin_url:
        return PlainTextResponse(t("This portal's emails are managed by its operator."), status_code=404)
    done = notify.unsubscribe(admin_url, notify.signing_key(settings), request.query_params.get("token", ""))
    if not done:
        return PlainTextResponse(t("This unsubscribe link is not valid."), status_code=400)
    return PlainTextResponse(t("Done: no more notification emails. You can turn them on again in Settings."),
                             headers={"Cache-Control": "no-store"})
