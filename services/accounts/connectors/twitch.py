"""Twitch: OAuth authorization code grant flow and the Helix API.

Follows, on dev.twitch.tv/docs:
- authentication/getting-tokens-oauth#authorization-code-grant-flow: authorize at
  id.twitch.tv/oauth2/authorize, exchange at id.twitch.tv/oauth2/token with client_id and client_secret
  in the form body; the answer's scope is a list. No PKCE.
- authentication/refresh-tokens: refresh at the same endpoint; the refresh token may change and is
  stored each time; an invalid one gets HTTP 400 {"error": "Bad Request", "status": 400,
  "message": "Invalid refresh token"}. A refused access token gets 401 on any Helix call.
- authentication/revoke-tokens: POST id.twitch.tv/oauth2/revoke with client_id and token.
- api/reference#get-users, #get-channel-followers (`total` for the broadcaster; scope
  moderator:read:followers), #get-videos (newest first, pagination.cursor).
- api/guide#twitch-rate-limits: Ratelimit-Limit / -Remaining / -Reset (a Unix time) headers; over the
  limit, HTTP 429.
"""
from __future__ import annotations

from services.accounts.connectors.base import (MAX_POSTS, Connector, Identity, PlatformError, SyncBatch, Window, count,
                                      parse_time, rewrite_origin)

HELIX = "https://api.twitch.tv/helix"


class Twitch(Connector):
    platform = "twitch"
    name = "Twitch"
    authorize_url = "https://id.twitch.tv/oauth2/authorize"
    token_url = "https://id.twitch.tv/oauth2/token"
    revoke_url = "https://id.twitch.tv/oauth2/revoke"
    scopes = ("moderator:read:followers",)
    token_auth = "client_secret_post"
    console_url = "https://dev.twitch.tv/console/apps"
    registration = (
        "In the Twitch developer console, register an application with client type Confidential.",
        "Add the redirect URI below to its OAuth Redirect URLs.",
        "Copy the Client ID, create a New Secret, and put both into [platforms.twitch] client_id and client_secret.",
    )

    def api_headers(self, app, tokens):
        return super().api_headers(app, tokens) | {"Client-Id": app.client_id}

    def revoke(self, app, tokens, transport=None) -> bool:
        with self.oauth_client(app, None, transport) as client:
            response = client.request("POST", rewrite_origin(self.revoke_url, app.server_override), withhold_token=True,
                                   data={"client_id": app.client_id, "token": tokens.access_token})
        if response.status_code == 400:  # {"status": 400, "message": "Invalid token"}: already gone
            return True
        if response.status_code >= 400:
            raise PlatformError("Twitch did not revoke the token (HTTP {status_code}).",
                                status_code=response.status_code)
        return True

    def _user(self, api) -> dict:
        users = api.get(f"{HELIX}/users").get("data") or []
        if not users:
            raise PlatformError("Twitch did not say which account the token belongs to.")
        return users[0]

    def identify(self, api, tokens) -> Identity:
        user = self._user(api)
        return Identity(user["id"], user["login"])

    def fetch(self, api, tokens, account, window: Window, progress) -> SyncBatch:
        batch = SyncBatch()
        progress("profile")
        user = self._user(api)
        batch.handle = user.get("login")
        followers = api.get(f"{HELIX}/channels/followers", {"broadcaster_id": user["id"], "first": 1})
        batch.day(window.today)["followers"] = count(followers.get("total"))

        progress("posts")
        cursor = None
        while len(batch.posts) < MAX_POSTS:
            params = {"user_id": user["id"], "first": 20, "type": "all", "sort": "time"}
            if cursor:
                params["after"] = cursor
            page = api.get(f"{HELIX}/videos", params)
            videos = page.get("data") or []
            fresh = [v for v in videos if parse_time(v["created_at"]) >= window.posts_since]
            for video in fresh:
                batch.posts.append({
                    "platform_post_id": video["id"], "permalink": video.get("url"),
                    "post_type": "stream" if video.get("type") == "archive" else "video",
                    "caption": video.get("title"), "posted_at": parse_time(video["created_at"])})
                batch.post_metrics.append({"platform_post_id": video["id"], "captured_at": window.now,
                                           "views": count(video.get("view_count"))})
            cursor = (page.get("pagination") or {}).get("cursor")
            if len(fresh) < len(videos) or not cursor:
                break
        progress("insights")
        return batch


CONNECTOR = Twitch()
