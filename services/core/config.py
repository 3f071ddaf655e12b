"""Settings from .streamlit/secrets.toml (or a mapping Streamlit already parsed), validated once.

Every error names the setting at fault, so a malformed file stops start-up with one clear message."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from services.core.errors import ConfigError
from services.core import platforms

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SECRETS_FILE = PROJECT_ROOT / ".streamlit" / "secrets.toml"
_AUTH_SHARED = {"redirect_uri", "cookie_secret", "expose_tokens", "client_kwargs"}
_PROVIDER_REQUIRED = ("client_id", "client_secret", "server_metadata_url")
PLATFORMS = platforms.KEYS
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class PlatformApp:
    """The OAuth app an operator registered with a platform ([platforms.<name>] in secrets)."""

    platform: str
    client_id: str
    client_secret: str = field(repr=False)
    server_override: str | None = None  # tests and local mocks only: every request of the platform goes here
    user_agent: str | None = None  # Reddit asks for a descriptive User-Agent


@dataclass(frozen=True)
class Settings:
    backend: str  # "embedded" | "postgres" | "supabase"
    database_url: str | None = None
    supabase_url: str | None = None
    supabase_anon_key: str | None = None
    supabase_jwt_secret: str | None = None
    supabase_auth_provider: str | None = None  # the [auth.X] provider that is Supabase Auth itself
    auth_providers: tuple[str, ...] = ()
    auth_redirect_uri: str | None = None  # [auth] redirect_uri: the app's address + /oauth2callback
    data_dir: Path = PROJECT_ROOT / ".data"
    seed_demo: bool = True
    token_key: str | None = None
    old_token_keys: tuple[str, ...] = ()
    public_url: str | None = None  # the app's address, for the platforms' redirect URIs
    platform_apps: tuple[PlatformApp, ...] = ()
    geoip_database: Path | None = None  # a MaxMind-format country database: clicks keep their country (off if None)

    def platform_app(self, platform: str) -> PlatformApp | None:
        return next((app for app in self.platform_apps if app.platform == platform), None)

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
        raise ConfigError("{path} is not valid TOML: {exc}. Fix that line or compare with .streamlit/secrets.toml.example.", path=path, exc=exc) from exc


def _table(secrets: dict, name: str) -> dict:
    value = secrets.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError("[{name}] must be a table of settings, not a single value.", name=name)
    return value


def _text(table: dict, section: str, key: str, *, required: bool = False) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise ConfigError("[{section}] {key} is required.", section=section, key=key)
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError("[{section}] {key} must be a non-empty string.", section=section, key=key)
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
        raise ConfigError('[supabase] auth_provider names "{sb_provider}", which is not an [auth.{sb_provider}] provider.', sb_provider=sb_provider)
    if supabase and providers and not sb_secret and not sb_provider:
        raise ConfigError("[supabase] jwt_secret is required unless auth_provider names Supabase Auth.")

    data_dir = _text(portal, "portal", "data_dir")
    seed = portal.get("seed_demo", True)
    if not isinstance(seed, bool):
        raise ConfigError("[portal] seed_demo must be true or false.")
    token_key = _text(portal, "portal", "token_encryption_key")
    old_keys = _old_token_keys(portal)
    if token_key:
        from services.accounts.token_crypto import validate_key
        validate_key(token_key)
    public_url = _public_url(portal)
    geoip = os.environ.get("PORTAL_GEOIP_DATABASE", "").strip() or _text(portal, "portal", "geoip_database")
    apps = _platform_apps(_table(secrets, "platforms"))
    if apps and not token_key:
        from services.accounts.token_crypto import GENERATE_HINT
        raise ConfigError("[portal] token_encryption_key is required once [platforms.{platform}] is configured, so that tokens are stored encrypted: {GENERATE_HINT}.", platform=apps[0].platform, GENERATE_HINT=GENERATE_HINT)

    backend = "supabase" if supabase else "postgres" if db_url else "embedded"
    return Settings(
        backend=backend, database_url=db_url, supabase_url=sb_url, supabase_anon_key=sb_key,
        supabase_jwt_secret=sb_secret, supabase_auth_provider=sb_provider, supabase_rest_url=sb_rest, auth_providers=providers,
        auth_redirect_uri=auth.get("redirect_uri") if providers else None,
        data_dir=(PROJECT_ROOT / data_dir) if data_dir else Path(os.environ.get("PORTAL_DATA_DIR", PROJECT_ROOT / ".data")),
        seed_demo=seed, token_key=token_key, old_token_keys=old_keys, public_url=public_url, platform_apps=apps,
        geoip_database=(PROJECT_ROOT / Path(geoip).expanduser()) if geoip else None,
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
            raise ConfigError("[auth.{name}] server_metadata_url must be an absolute URL.", name=name)
    return tuple(named)


def _old_token_keys(portal: dict) -> tuple[str, ...]:
    value = portal.get("old_token_encryption_keys", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(k, str) and k.strip() for k in value):
        raise ConfigError("[portal] old_token_encryption_keys must be a list of keys, like [\"key1\", \"key2\"].")
    from services.accounts.token_crypto import OLD_KEYS_SETTING, validate_key
    return tuple(validate_key(k.strip(), OLD_KEYS_SETTING) for k in value)


def _public_url(portal: dict) -> str | None:
    url = _text(portal, "portal", "public_url")
    if url is None:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.query or parsed.fragment:
        raise ConfigError("[portal] public_url must be the app's address, like https://portal.example.com "
                          "(no query or #fragment).")
    return url.rstrip("/")


def _platform_apps(platforms: dict) -> tuple[PlatformApp, ...]:
    apps = []
    for name, table in platforms.items():
        if name not in PLATFORMS:
            raise ConfigError("[platforms.{name}] is not a platform the portal connects to: use one of {items}.",
                              name=name, items=', '.join(PLATFORMS))
        if not isinstance(table, dict):
            raise ConfigError("[platforms.{name}] must be a table with client_id and client_secret.", name=name)
        section = f"platforms.{name}"
        client_id = _text(table, section, "client_id", required=True)
        client_secret = _text(table, section, "client_secret", required=True)
        override = _text(table, section, "server_override")
        if override:
            parsed = urlparse(override)
            if (parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.path not in ("", "/")
                    or parsed.query):
                raise ConfigError("[{section}] server_override must be an origin like http://127.0.0.1:8765 (no path); it is meant for tests and local mock servers.", section=section)
            if parsed.scheme == "http" and parsed.hostname not in _LOCAL_HOSTS:
                raise ConfigError("[{section}] server_override may use http:// only for localhost or 127.0.0.1.",
                                  section=section)
            override = override.rstrip("/")
        apps.append(PlatformApp(name, client_id, client_secret, override, _text(table, section, "user_agent")))
    return tuple(sorted(apps, key=lambda a: PLATFORMS.index(a.platform)))


def sync_service_key(secrets: dict | None = None) -> str:
    """[supabase] service_role_key (or PORTAL_SUPABASE_SERVICE_ROLE_KEY): the sync's identity on Supabase.
    Read only by `python -m services.sync`, never into Settings, so the app process never holds it;
    keep it in the sync machine's secrets file or environment, not in the app's."""
    key = os.environ.get("PORTAL_SUPABASE_SERVICE_ROLE_KEY")
    if not key:
        secrets = read_secrets_file() if secrets is None else secrets
        key = _text(_table(secrets, "supabase"), "supabase", "service_role_key")
    if not key:
        raise ConfigError("The sync writes verified numbers as service_role on Supabase: set [supabase] "
                          "service_role_key (or PORTAL_SUPABASE_SERVICE_ROLE_KEY) for `python -m services.sync` only.")
    return key
