"""Settings from .streamlit/secrets.toml (or a mapping Streamlit already parsed), validated once.

Every error names the setting at fault, so a malformed file stops start-up with one clear message."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from services.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
_AUTH_SHARED = {"redirect_uri", "cookie_secret", "expose_tokens", "client_kwargs"}
_PROVIDER_REQUIRED = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class Settings:
    backend: str  # "embedded" | "postgres" | "supabase"
    database_url: str | None = None
    supabase_url: str | None = None
    supabase_anon_key: str | None = None
    supabase_jwt_secret: str | None = None
    supabase_auth_provider: str | None = None  # the [auth.X] provider that is Supabase Auth itself
    auth_providers: tuple[str, ...] = ()
    data_dir: Path = PROJECT_ROOT / ".data"
    seed_demo: bool = True
    token_key: str | None = None

    @property
    def auth_configured(self) -> bool:
        return bool(self.auth_providers)

    supabase_rest_url: str | None = None

    @property
    def rest_url(self) -> str | None:
        """PostgREST root: [supabase] rest_url when set (self-hosted PostgREST), else <url>/rest/v1."""
        if self.supabase_rest_url:
            return self.supabase_rest_url.rstrip("/")
        return self.supabase_url.rstrip("/") + "/rest/v1" if self.supabase_url else None


def read_secrets_file(path: Path | None = None) -> dict:
    path = Path(path or os.environ.get("PORTAL_SECRETS_FILE") or SECRETS_FILE)
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}. Fix that line or compare with "
                          f".streamlit/secrets.toml.example.") from exc


def _table(secrets: dict, name: str) -> dict:
    value = secrets.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"[{name}] must be a table of settings, not a single value.")
    return value


def _text(table: dict, section: str, key: str, *, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise ConfigError(f"[{section}] {key} is required.")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"[{section}] {key} must be a non-empty string.")
    return value.strip()


def load_settings(secrets: dict | None = None) -> Settings:
    secrets = read_secrets_file() if secrets is None else secrets
    database = _table(secrets, "database")
    supabase = _table(secrets, "supabase")
    auth = _table(secrets, "auth")
    portal = _table(secrets, "portal")

    db_url = os.environ.get("PORTAL_DATABASE_URL") or _text(database, "database", "url")
    if db_url and urlparse(db_url).scheme not in ("postgresql", "postgres"):
        raise ConfigError("[database] url must start with postgresql:// (for Supabase, use the session pooler string).")

    sb_url = _text(supabase, "supabase", "url")
    sb_key = _text(supabase, "supabase", "anon_key")
    sb_secret = _text(supabase, "supabase", "jwt_secret")
    sb_provider = _text(supabase, "supabase", "auth_provider")
    sb_rest = _text(supabase, "supabase", "rest_url")
    if supabase:
        if not sb_url or not sb_key:
            raise ConfigError("[supabase] needs both url and anon_key.")
        if urlparse(sb_url).scheme not in ("https", "http") or not urlparse(sb_url).netloc:
            raise ConfigError("[supabase] url must be the project URL, like https://abcd.supabase.co.")
        if sb_secret is not None and len(sb_secret) < 32:
            raise ConfigError("[supabase] jwt_secret must be the project's JWT secret (at least 32 characters).")
    if db_url and supabase:
        raise ConfigError("Configure either [database] url or [supabase], not both.")

    providers = _auth_providers(auth)
    if sb_provider and sb_provider not in providers:
        raise ConfigError(f"[supabase] auth_provider names \"{sb_provider}\", which is not an [auth.{sb_provider}] provider.")
    if supabase and providers and not sb_secret and not sb_provider:
        raise ConfigError("[supabase] jwt_secret is required unless auth_provider names Supabase Auth.")

    data_dir = _text(portal, "portal", "data_dir")
    seed = portal.get("seed_demo", True)
    if not isinstance(seed, bool):
        raise ConfigError("[portal] seed_demo must be true or false.")
    token_key = _text(portal, "portal", "token_encryption_key")

    backend = "supabase" if supabase else "postgres" if db_url else "embedded"
    return Settings(
        backend=backend, database_url=db_url, supabase_url=sb_url, supabase_anon_key=sb_key,
        supabase_jwt_secret=sb_secret, supabase_auth_provider=sb_provider, supabase_rest_url=sb_rest, auth_providers=providers,
        data_dir=(PROJECT_ROOT / data_dir) if data_dir else Path(os.environ.get("PORTAL_DATA_DIR", PROJECT_ROOT / ".data")),
        seed_demo=seed, token_key=token_key,
    )


def _auth_providers(auth: dict) -> tuple[str, ...]:
    if not auth:
        return ()
    for key in ("redirect_uri", "cookie_secret"):
        _text(auth, "auth", key, required=True)
    if not auth["redirect_uri"].startswith(("http://", "https://")) or not auth["redirect_uri"].rstrip("/").endswith("oauth2callback"):
        raise ConfigError("[auth] redirect_uri must be the app's absolute URL ending in /oauth2callback.")
    named = [k for k, v in auth.items() if isinstance(v, dict) and k not in _AUTH_SHARED]
    if not named:
        for key in _PROVIDER_REQUIRED:
            _text(auth, "auth", key, required=True)
        return ("default",)
    for name in named:
        for key in _PROVIDER_REQUIRED:
            _text(auth[name], f"auth.{name}", key, required=True)
        if not auth[name]["server_metadata_url"].startswith(("http://", "https://")):
            raise ConfigError(f"[auth.{name}] server_metadata_url must be an absolute URL.")
    return tuple(named)
