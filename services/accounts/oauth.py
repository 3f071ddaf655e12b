"""Connecting an account: the OAuth 2 authorization code flow (with PKCE where the platform supports
it), run with Authlib's client.

1. begin(): a random `state` (and a PKCE verifier) is made; the database keeps the state's SHA-256 and
   the Fernet-encrypted verifier for 10 minutes (public.create_oauth_state); the person's browser is
   sent to the platform with the state.
2. The platform sends the browser back to the Accounts page with `code` and `state`.
   complete(): public.consume_oauth_state() uses the state up (a state that is unknown, another
   person's, expired or already used is refused with a message), the code is exchanged for tokens,
   the platform says whose account it is, and public.connect_account() stores the tokens encrypted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Mapping
from urllib.parse import urlsplit

import httpx

from services.accounts.connectors import connector_for
from services.accounts.connectors.base import HTTP_TIMEOUT, ApiClient, PlatformError
from services.core import clock
from services.core.db.gateway import Gateway
from services.core.errors import ConfigError, ValidationError
from services.accounts.token_crypto import cipher_for

CALLBACK_PATH = "/accounts"  # the Accounts page's url_path in portal/menu.py


class NotConfigured(ConfigError):
    """The operator has not registered an app with this platform."""


def state_hash(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def app_base_url(settings, page_url: str | None = None) -> str:
    """The app's address: [portal] public_url, else [auth] redirect_uri without /oauth2callback, else
    the address the browser used (page_url, without its page and query), else localhost."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    if settings.auth_redirect_uri:
        return settings.auth_redirect_uri.rstrip("/").removesuffix("/oauth2callback")
    if page_url:
        parts = urlsplit(page_url)
        path = parts.path.rstrip("/")
        if path.endswith(CALLBACK_PATH):
            path = path[: -len(CALLBACK_PATH)]
        elif "/" in path:
            path = path.rsplit("/", 1)[0]  # another page of the app: drop its url_path
        return f"{parts.scheme}://{parts.netloc}{path}"
    return "http://localhost:8501"


def redirect_uri(settings, page_url: str | None = None) -> str:
    """The exact redirect URI to register with every platform: the Accounts page."""
    return app_base_url(settings, page_url) + CALLBACK_PATH


def begin(gw: Gateway, settings, platform: str, redirect: str) -> str:
    """Store a new state (and PKCE verifier) and return the platform's authorization URL."""
    connector = connector_for(platform)
    app = settings.platform_app(platform)
    if app is None:
        raise NotConfigured("{name} is not set up on this portal: the operator adds [platforms.{platform}] client_id and client_secret to .streamlit/secrets.toml.", name=connector.name, platform=platform)
    cipher = cipher_for(settings)
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64) if connector.pkce else None  # 86 characters: RFC 7636 allows 43-128
    gw.rpc("create_oauth_state", {"p_platform": platform, "p_state_hash": state_hash(state),
                                  "p_code_verifier_encrypted": cipher.encrypt(verifier), "p_redirect_uri": redirect})
    return connector.authorization_url(app, redirect, state, verifier)


def complete(gw: Gateway, settings, params: Mapping[str, str], *, transport: httpx.BaseTransport | None = None,
             now: dt.datetime | None = None) -> dict:
    """Finish a connection from the query parameters the platform sent back; returns the account row
    (without its tokens). Raises a DomainError with a message for everything that can go wrong."""
    state = (params.get("state") or "").strip()
    if not state:
        raise ValidationError("The platform sent you back without the state this portal gave it, so the answer "
                              "cannot be checked: start again from the Accounts page.")
    pending = gw.rpc("consume_oauth_state", {"p_state_hash": state_hash(state)})
    pending = pending[0] if isinstance(pending, list) else pending
    platform = pending["platform"]
    connector = connector_for(platform)
    if params.get("error"):
        reason = params.get("error_description") or params.get("error")
        if params.get("error") == "access_denied":
            raise ValidationError("{name} was not connected: you did not allow the portal to read the account.",
                                  name=connector.name)
        raise PlatformError("{name} was not connected: {reason}.", name=connector.name, reason=reason)
    code = (params.get("code") or "").strip()
    if not code:
        raise ValidationError("{name} sent you back without an authorization code: start again.", name=connector.name)
    app = settings.platform_app(platform)
    if app is None:
        raise NotConfigured("[platforms.{platform}] is no longer configured, so {name} cannot be connected.",
                            platform=platform, name=connector.name)
    cipher = cipher_for(settings)
    now = (now or clock.now()).replace(microsecond=0)
    tokens = connector.exchange_code(app, pending["redirect_uri"], code.split("#", 1)[0],
                                     cipher.decrypt(pending.get("code_verifier_encrypted")), now, transport)
    with httpx.Client(transport=transport, timeout=HTTP_TIMEOUT) as http:
        api = ApiClient(connector, http, headers=connector.api_headers(app, tokens), origin=app.server_override)
        identity = connector.identify(api, tokens)
    account = gw.rpc("connect_account", {
        "p_platform": platform, "p_platform_account_id": identity.platform_account_id,
        "p_handle": identity.handle[:100], "p_access_token_encrypted": cipher.encrypt(tokens.access_token),
        "p_refresh_token_encrypted": cipher.encrypt(tokens.refresh_token), "p_token_expires_at": tokens.expires_at,
        "p_refresh_token_expires_at": tokens.refresh_expires_at, "p_scopes": tokens.scopes})
    return {k: v for k, v in account.items() if not k.endswith("_encrypted")}
