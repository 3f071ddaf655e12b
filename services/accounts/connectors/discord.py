"""Discord: OAuth2 authorization code grant, for the servers (guilds) a creator owns.

Follows discord.com/developers/docs:
- topics/oauth2#authorization-code-grant: authorize at discord.com/oauth2/authorize with scopes
  identify and guilds; exchange, refresh and revoke at discord.com/api/oauth2/token and
  /oauth2/token/revoke, the app authenticating with HTTP Basic; the access token answer is
  {"access_token", "token_type": "Bearer", "expires_in": 604800, "refresh_token", "scope"}. A refused
  refresh token gets HTTP 400 {"error": "invalid_grant"}.
- resources/user#get-current-user (identify) and #get-current-user-guilds with with_counts=true:
  partial guilds with "owner", "approximate_member_count" and "approximate_presence_count";
  up to 200 per page, the next page asked for with after=<last guild id>.
- topics/rate-limits: over the limit, HTTP 429 with a Retry-After header and a body
  {"message", "retry_after" (seconds), "global"}; a refused token gets 401 {"message": "401: Unauthorized", "code": 0}.
"""
from __future__ import annotations

from services.accounts.connectors.base import Connector, Identity, SyncBatch, Window, count

API = "https://discord.com/api/v10"
PAGE_SIZE = 200
MAX_COMMUNITIES = 100


class Discord(Connector):
    platform = "discord"
    name = "Discord"
    authorize_url = "https://discord.com/oauth2/authorize"
    token_url = "https://discord.com/api/oauth2/token"
    revoke_url = "https://discord.com/api/oauth2/token/revoke"
    scopes = ("identify", "guilds")
    token_auth = "client_secret_basic"
    console_url = "https://discord.com/developers/applications"
    registration = (
        "In the Discord developer portal, create a New Application.",
        "Under OAuth2, add the redirect URI below to Redirects.",
        "Copy the Client ID and the Client Secret (Reset Secret shows it once) into [platforms.discord] client_id and client_secret.",
    )

    def identify(self, api, tokens) -> Identity:
        me = api.get(f"{API}/users/@me")
        return Identity(str(me["id"]), me.get("username") or me.get("global_name") or str(me["id"]))

    def fetch(self, api, tokens, account, window: Window, progress) -> SyncBatch:
        batch = SyncBatch()
        progress("profile")
        me = api.get(f"{API}/users/@me")
        batch.handle = me.get("username")

        progress("communities")
        owned, after = [], None
        while True:
            params = {"with_counts": "true", "limit": PAGE_SIZE} | ({"after": after} if after else {})
            guilds = api.get(f"{API}/users/@me/guilds", params)
            owned.extend(g for g in guilds if g.get("owner"))
            if len(guilds) < PAGE_SIZE or len(owned) >= MAX_COMMUNITIES:
                break
            after = guilds[-1]["id"]
        for guild in owned[:MAX_COMMUNITIES]:
            batch.communities.append({"key": str(guild["id"]), "handle": guild["name"]})
            batch.day(window.today, str(guild["id"])).update(
                followers=count(guild.get("approximate_member_count")),
                active_members=count(guild.get("approximate_presence_count")))
        return batch


CONNECTOR = Discord()
