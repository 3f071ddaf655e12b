"""Settings: every malformed value stops start-up with one message naming the setting."""
import pytest

from services.core.config import load_settings, read_secrets_file
from services.core.errors import ConfigError

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
PROVIDER = {"client_id": "id", "client_secret": "secret",
            "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}


def test_nothing_configured_means_embedded_database_in_local_mode():
    settings = load_settings({})
    assert settings.backend == "embedded"
    assert not settings.auth_configured


def test_database_url_selects_the_postgres_gateway():
    settings = load_settings({"database": {"url": "postgresql://u@db.example:5432/portal"}})
    assert settings.backend == "postgres" and settings.database_url.endswith("/portal")


def test_supabase_settings_select_the_supabase_gateway_and_its_rest_url():
    settings = load_settings({"supabase": {"url": "https://abcd.supabase.co", "anon_key": "k"}})
    assert settings.backend == "supabase"
    assert settings.rest_url == "https://abcd.supabase.co/rest/v1"


def test_named_providers_are_listed_in_order():
    settings = load_settings({"auth": {**AUTH, "google": PROVIDER, "microsoft": PROVIDER}})
    assert settings.auth_providers == ("google", "microsoft")


@pytest.mark.parametrize("secrets, named", [
    ({"database": {"url": "mysql://u@h/db"}}, "[database] url"),
    ({"database": "postgresql://x"}, "[database]"),
    ({"supabase": {"url": "https://abcd.supabase.co"}}, "[supabase] needs both url and anon_key"),
    ({"supabase": {"url": "abcd", "anon_key": "k"}}, "[supabase] url"),
    ({"supabase": {"url": "https://a.supabase.co", "anon_key": "k", "jwt_secret": "short"}}, "[supabase] jwt_secret"),
    ({"database": {"url": "postgresql://h/db"}, "supabase": {"url": "https://a.supabase.co", "anon_key": "k"}},
     "either [database] url or [supabase]"),
    ({"auth": {"cookie_secret": "x" * 32, "google": PROVIDER}}, "[auth] redirect_uri"),
    ({"auth": {**AUTH, "redirect_uri": "localhost:8501"}, "google": PROVIDER}, "[auth] redirect_uri"),
    ({"auth": {**AUTH, "google": {"client_id": "id", "server_metadata_url": "https://x/y"}}},
     "[auth.google] client_secret"),
    ({"auth": {**AUTH, "google": {**PROVIDER, "server_metadata_url": "accounts.google.com"}}},
     "[auth.google] server_metadata_url"),
    ({"auth": AUTH}, "[auth] client_id"),
    ({"portal": {"seed_demo": "yes"}}, "[portal] seed_demo"),
    ({"supabase": {"url": "https://a.supabase.co", "anon_key": "k", "auth_provider": "supabase"}, "auth": {**AUTH, "google": PROVIDER}},
     "[supabase] auth_provider"),
])
def test_malformed_setting_is_refused_with_its_name(secrets, named):
    with pytest.raises(ConfigError) as error:
        load_settings(secrets)
    assert named in str(error.value)


def test_invalid_toml_names_the_file_and_the_line(tmp_path):
    bad = tmp_path / "secrets.toml"
    bad.write_text('[database]\nurl = "postgresql://unterminated\n')
    with pytest.raises(ConfigError) as error:
        read_secrets_file(bad)
    assert "secrets.toml is not valid TOML" in str(error.value) and "line 2" in str(error.value)


def test_missing_secrets_file_means_defaults(tmp_path):
    assert read_secrets_file(tmp_path / "absent.toml") == {}
