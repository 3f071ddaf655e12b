"""A platform's OAuth server and API, on 127.0.0.1, for tests that go through a real HTTP round trip
(the Accounts page in AppTest and in Chromium). It runs in a thread of the test process.

It behaves like Google's OAuth 2.0 server for web apps (developers.google.com/identity/protocols/oauth2/
web-server) in what the portal relies on: the authorization page takes client_id, redirect_uri,
response_type=code, scope, state and a PKCE S256 code_challenge; "Allow" sends the browser back to the
redirect URI with a single-use code and the same state ("Deny" with error=access_denied); the token
endpoint checks the client, the redirect URI, the code and the code_verifier against the challenge.
Every other request is answered from the recorded YouTube responses of tests/support/platform_replay.py."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.support import platform_replay as replay

AUTHORIZE_PATH = "/o/oauth2/v2/auth"
TOKEN_PATH = "/token"


class FakeGoogle:
    def __init__(self, client_id: str = "youtube-client-id", client_secret: str = "youtube-client-secret"):
        self.client_id, self.client_secret = client_id, client_secret
        self.world = replay.youtube()
        self.codes: dict[str, dict] = {}
        self.token_requests: list[dict] = []
        self.errors: list[str] = []
        self._server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def portal_secrets(self) -> str:
        """The portal's secrets that register YouTube against this fake: its client id and secret, its origin."""
        return (f'\n[platforms.youtube]\nclient_id = "{self.client_id}"\nclient_secret = "{self.client_secret}"\n'
                f'server_override = "{self.origin}"\n')

    def start(self) -> "FakeGoogle":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake._handle(self, "GET")

            def do_POST(self):
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True, name="fake-google").start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    # -- requests ---------------------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urllib.parse.urlsplit(handler.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        try:
            if parts.path == AUTHORIZE_PATH:
                return self._authorize_page(handler, query)
            if parts.path == "/approve":
                return self._approve(handler, query)
            if parts.path == TOKEN_PATH and method == "POST":
                return self._token(handler, dict(urllib.parse.parse_qsl(body.decode())))
            self._api(handler, method, parts, body)
        except Exception as exc:  # a bug in the fake must show up in the test, not hang it
            self.errors.append(repr(exc))
            self._send(handler, 500, {"error": repr(exc)})

    def _authorize_page(self, handler, query: dict) -> None:
        problems = [name for name, ok in (
            ("client_id", query.get("client_id") == self.client_id), ("response_type", query.get("response_type") == "code"),
            ("redirect_uri", (query.get("redirect_uri") or "").startswith("http")), ("state", bool(query.get("state"))),
            ("code_challenge_method", query.get("code_challenge_method") == "S256"),
            ("code_challenge", bool(query.get("code_challenge")))) if not ok]
        if problems:
            self.errors.append(f"authorization request without a valid {', '.join(problems)}")
            return self._send_html(handler, 400, f"<h1>Error 400: invalid_request</h1><p>{', '.join(problems)}</p>")
        hidden = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in query.items())
        self._send_html(handler, 200, f"""<!doctype html><html><head><title>Sign in - Google Accounts</title></head>
<body><h1>Fake Google</h1><p>Creator Portal wants to view your YouTube account and its analytics.</p>
<form method="get" action="/approve">{hidden}<button name="decision" value="allow">Allow</button>
<button name="decision" value="deny">Deny</button></form></body></html>""")

    def _approve(self, handler, query: dict) -> None:
        redirect, state = query["redirect_uri"], query["state"]
        if query.get("decision") != "allow":
            target = f"{redirect}?{urllib.parse.urlencode({'error': 'access_denied', 'state': state})}"
        else:
            code = "4/0A" + secrets.token_urlsafe(24)
            self.codes[code] = {"redirect_uri": redirect, "challenge": query["code_challenge"], "used": False}
            target = f"{redirect}?{urllib.parse.urlencode({'state': state, 'code': code, 'scope': query.get('scope', '')})}"
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def _token(self, handler, form: dict) -> None:
        self.token_requests.append(form)
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id, self.client_secret):
            return self._send(handler, 401, {"error": "invalid_client", "error_description": "The OAuth client was not found."})
        if form.get("grant_type") == "refresh_token":
            return self._send(handler, 200, replay.fixture("youtube", "token_refreshed.json"))
        grant = self.codes.get(form.get("code", ""))
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if (grant is None or grant["used"] or grant["redirect_uri"] != form.get("redirect_uri")
                or grant["challenge"] != challenge or form.get("grant_type") != "authorization_code"):
            return self._send(handler, 400, {"error": "invalid_grant", "error_description": "Bad Request"})
        grant["used"] = True
        self._send(handler, 200, replay.fixture("youtube", "token.json"))

    def _api(self, handler, method: str, parts, body: bytes) -> None:
        host = next((route.url.split("/", 1)[0] for route in self.world.routes
                     if "/" + route.url.split("/", 1)[1] == parts.path), "unknown.invalid")
        request = httpx.Request(method, f"https://{host}{parts.path}?{parts.query}", content=body,
                                headers={k: v for k, v in handler.headers.items()})
        response = self.world(request)
        handler.send_response(response.status_code)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(response.content)))
        handler.end_headers()
        handler.wfile.write(response.content)

    @staticmethod
    def _send(handler, status: int, payload) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _send_html(handler, status: int, text: str) -> None:
        data = text.encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def authorize(self, authorization_url: str, decision: str = "allow") -> dict:
        """What a person's browser does at the authorization page, without a browser: returns the query
        parameters the fake sends back to the redirect URI."""
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorization_url).query))
        with httpx.Client() as client:
            page = client.get(authorization_url)
            assert page.status_code == 200, page.text
            answer = client.get(f"{self.origin}/approve", params=query | {"decision": decision})
        assert answer.status_code == 302, answer.text
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(answer.headers["location"]).query))
