"""TikTok: Login Kit for Web (OAuth v2) and the Display API.

Follows, on developers.tiktok.com/doc:
- login-kit-web / oauth-user-access-token-management: authorize at www.tiktok.com/v2/auth/authorize/
  with client_key (not client_id) and comma-separated scopes; exchange and refresh at
  open.tiktokapis.com/v2/oauth/token/ with client_key and client_secret in the form body. The answer
  carries open_id, scope, access_token, expires_in, refresh_token, refresh_expires_in, token_type.
  Refresh tokens rotate: every refresh returns a new one and the old one stops working, so the new one
  is stored at once. PKCE is only for mobile and desktop apps. Revoke at /v2/oauth/revoke/.
- oauth-error-handling: token errors are {"error", "error_description", "log_id"}.
- tiktok-api-v2-get-user-info: GET /v2/user/info/?fields=… → {"data": {"user": {…}}, "error": {…}} with
  follower_count, following_count, likes_count, video_count (scope user.info.stats), username
  (user.info.profile).
- tiktok-api-v2-video-list: POST /v2/video/list/?fields=… with {"max_count": 20, "cursor": …} →
  {"data": {"videos": […], "cursor", "has_more"}}; newest first; create_time in Unix seconds.
- tiktok-api-v2-error-handling / tiktok-api-v2-rate-limit: {"error": {"code", "message", "log_id"}};
  access_token_invalid (401), scope_not_authorized (401), rate_limit_exceeded (429), internal_error (500).
"""
from __future__ import annotations

import httpx

from services.accounts.connectors.base import (MAX_POSTS, Connector, Identity, SyncBatch, Verdict, Window, count,
                                      parse_time, rewrite_origin)

API = "https://open.tiktokapis.com/v2"
USER_FIELDS = "open_id,union_id,username,display_name,follower_count,following_count,likes_count,video_count"
VIDEO_FIELDS = "id,title,video_description,create_time,share_url,view_count,like_count,comment_count,share_count"
PAGE_SIZE = 20


def _client_key_auth(client, method, uri, headers, body):
    """TikTok names the client `client_key` and wants it, with the secret, in the form body."""
    from authlib.common.urls import add_params_to_qs
    body = add_params_to_qs(body or "", [("client_key", client.client_id), ("client_secret", client.client_secret)])
    return uri, headers, body


class TikTok(Connector):
    platform = "tiktok"
    name = "TikTok"
    authorize_url = "https://www.tiktok.com/v2/auth/authorize/"
    token_url = f"{API}/oauth/token/"
    revoke_url = f"{API}/oauth/revoke/"
    scopes = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")
    scope_separator = ","
    token_auth = "tiktok_client_key"
    console_url = "https://developers.tiktok.com/apps/"
    registration = (
        "On developers.tiktok.com, create an app and add the products Login Kit and Display API.",
        "In Login Kit, choose Web and add the redirect URI below.",
        "Add the scopes user.info.basic, user.info.profile, user.info.stats and video.list, then submit the app for review.",
        "Copy the Client key and Client secret into [platforms.tiktok] client_id and client_secret.",
    )

    def oauth_client(self, app, redirect_uri, transport=None):
        client = super().oauth_client(app, redirect_uri, transport)
        client.register_client_auth_method(("tiktok_client_key", _client_key_auth))
        return client

    def authorization_url(self, app, redirect_uri, state, code_verifier) -> str:
        url = super().authorization_url(app, redirect_uri, state, None)
        return url.replace("?client_id=", "?client_key=", 1).replace("&client_id=", "&client_key=", 1)

    def revoke(self, app, tokens, transport=None) -> bool:
        with self.oauth_client(app, None, transport) as client:
            response = client.request("POST", rewrite_origin(self.revoke_url, app.server_override),
                                      withhold_token=True, data={"client_key": app.client_id,
                                                                 "client_secret": app.client_secret,
                                                                 "token": tokens.access_token})
        return response.status_code < 400

    def verdict(self, response: httpx.Response) -> Verdict:
        try:
            error = (response.json() or {}).get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        code = error.get("code") if isinstance(error, dict) else None
        message = (error.get("message") if isinstance(error, dict) else None) or f"HTTP {response.status_code}"
        if 200 <= response.status_code < 300 and code in (None, "ok"):
            return Verdict("ok")
        if code == "access_token_invalid":
            return Verdict("rejected", f"TikTok refused the access token: {message}")
        if code in ("scope_not_authorized", "scope_permission_missed"):
            return Verdict("revoked", f"TikTok needs more permissions ({message}): connect the account again and "
                                      "allow every permission asked for.")
        if code == "rate_limit_exceeded" or response.status_code == 429 or response.status_code >= 500:
            verdict = super().verdict(response) if response.status_code >= 400 else Verdict("retry")
            return Verdict("retry", f"TikTok: {code or response.status_code}: {message}", verdict.wait)
        return Verdict("error", f"TikTok refused the request ({code or response.status_code}): {message}")

    def identify(self, api, tokens) -> Identity:
        user = api.get(f"{API}/user/info/", {"fields": "open_id,username,display_name"})["data"]["user"]
        return Identity(user["open_id"], user.get("username") or user.get("display_name") or user["open_id"])

    def fetch(self, api, tokens, account, window: Window, progress) -> SyncBatch:
        batch = SyncBatch()
        progress("profile")
        user = api.get(f"{API}/user/info/", {"fields": USER_FIELDS})["data"]["user"]
        batch.handle = user.get("username") or None
        batch.day(window.today).update(followers=count(user.get("follower_count")),
                                       following=count(user.get("following_count")),
                                       posts=count(user.get("video_count")))

        progress("posts")
        cursor = None
        while len(batch.posts) < MAX_POSTS:
            body = {"max_count": PAGE_SIZE} | ({"cursor": cursor} if cursor is not None else {})
            data = api.post(f"{API}/video/list/", params={"fields": VIDEO_FIELDS}, json_body=body)["data"]
            videos = data.get("videos") or []
            fresh = [v for v in videos if parse_time(int(v["create_time"])) >= window.posts_since]
            for video in fresh:
                batch.posts.append({
                    "platform_post_id": str(video["id"]), "permalink": video.get("share_url"), "post_type": "video",
                    "caption": video.get("video_description") or video.get("title"),
                    "posted_at": parse_time(int(video["create_time"]))})
                batch.post_metrics.append({
                    "platform_post_id": str(video["id"]), "captured_at": window.now,
                    "views": count(video.get("view_count")), "likes": count(video.get("like_count")),
                    "comments": count(video.get("comment_count")), "shares": count(video.get("share_count"))})
            if len(fresh) < len(videos) or not data.get("has_more"):
                break
            cursor = data.get("cursor")
        return batch


CONNECTOR = TikTok()
