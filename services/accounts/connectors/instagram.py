"""Instagram API with Instagram Login (Business Login for Instagram), for professional accounts.

Follows, on developers.facebook.com/docs/instagram-platform:
- instagram-api-with-instagram-login/business-login: authorize at www.instagram.com/oauth/authorize
  (scopes comma-separated), exchange the code at api.instagram.com/oauth/access_token (the answer is
  {"data": [{"access_token", "user_id", "permissions"}]}), then the short-lived token (1 hour) for a
  long-lived one (60 days) at graph.instagram.com/access_token?grant_type=ig_exchange_token, refreshed
  at graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token once it is 24 hours old.
  No PKCE, and no endpoint to revoke a token (people remove the app in Instagram's settings).
- reference/instagram-user: followers_count, follows_count, media_count on /me.
- reference/instagram-user/media: the media edge, newest first, cursor pages (paging.next).
- reference/instagram-media/insights: views, reach, likes, comments, shares, saved, total_interactions
  (impressions is deprecated since v22.0 and not asked for).
- api-reference/instagram-user/insights: reach and follower_count as daily time series (at most 30 days
  per request), follower_demographics with metric_type=total_value, timeframe this_month (this_week and
  this_month are the values left since v20.0) and breakdown age, gender, country or city (only for
  accounts with 100+ followers).
- graph-api/guides/error-handling: {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}};
  code 190 is an expired or revoked token, codes 4, 17, 32 and 613 are throttling.
"""
from __future__ import annotations

import datetime as dt

import httpx

from services.accounts.connectors.base import (MAX_POSTS, Connector, Identity, NotAvailable, SyncBatch, TokenRevoked,
                                      TokenSet, Verdict, Window, count, error_of, parse_time, rewrite_origin)

API_VERSION = "v23.0"
GRAPH = f"https://graph.instagram.com/{API_VERSION}"
MEDIA_FIELDS = "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count"
MEDIA_METRICS = "views,reach,likes,comments,shares,saved,total_interactions"
THROTTLING_CODES = {4, 17, 32, 613}
GENDERS = {"F": "female", "M": "male", "U": "unknown"}


class Instagram(Connector):
    platform = "instagram"
    name = "Instagram"
    authorize_url = "https://www.instagram.com/oauth/authorize"
    token_url = "https://api.instagram.com/oauth/access_token"
    scopes = ("instagram_business_basic", "instagram_business_manage_insights")
    scope_separator = ","
    token_auth = "client_secret_post"
    console_url = "https://developers.facebook.com/apps/"
    registration = (
        "In the Meta App Dashboard, create an app of type Business and add the Instagram product.",
        "Under Instagram → API setup with Instagram login → Set up Instagram business login, add the redirect URI below to the OAuth redirect URIs.",
        "Ask for the permissions instagram_business_basic and instagram_business_manage_insights (App Review grants Advanced Access for accounts you do not manage yourself).",
        "Copy the Instagram App ID and Instagram App Secret into [platforms.instagram] client_id and client_secret.",
    )
    # A long-lived token lasts 60 days and may be renewed once it is a day old: renew in its last 30 days.
    refresh_margin = dt.timedelta(days=30)

    def exchange_code(self, app, redirect_uri, code, code_verifier, now, transport=None) -> TokenSet:
        with self.oauth_client(app, redirect_uri, transport) as client:
            client.register_compliance_hook("access_token_response", _unwrap_data)
            short = self._token_call(lambda: client.fetch_token(
                rewrite_origin(self.token_url, app.server_override), code=code, grant_type="authorization_code"),
                "exchange the authorization code")
            user_id = str(short.get("user_id") or "")
            response = self._token_call(lambda: _checked(client.request(
                "GET", rewrite_origin("https://graph.instagram.com/access_token", app.server_override),
                params={"grant_type": "ig_exchange_token", "client_secret": app.client_secret,
                        "access_token": short["access_token"]}, withhold_token=True)),
                "exchange the short-lived token for a long-lived one")
        token = TokenSet.from_response(response, now)
        token.scopes = short.get("permissions") or ",".join(self.scopes)
        token.platform_user_id = user_id or None
        return token

    def refresh(self, app, tokens, now, transport=None) -> TokenSet:
        with self.oauth_client(app, None, transport) as client:
            response = self._token_call(lambda: _checked(client.request(
                "GET", rewrite_origin("https://graph.instagram.com/refresh_access_token", app.server_override),
                params={"grant_type": "ig_refresh_token", "access_token": tokens.access_token},
                withhold_token=True)), "renew the token")
        renewed = TokenSet.from_response(response, now)
        renewed.scopes = tokens.scopes
        return renewed

    def refresh_due(self, account, tokens, now) -> bool:
        if tokens.expires_at is None or tokens.expires_at - now >= self.refresh_margin:
            return False
        refreshed = parse_time(account.get("token_refreshed_at"))
        return refreshed is None or now - refreshed >= dt.timedelta(hours=24)

    def verdict(self, response: httpx.Response) -> Verdict:
        if 200 <= response.status_code < 300:
            return Verdict("ok")
        error = error_of(response)
        code, message = error.get("code"), error.get("message") or f"HTTP {response.status_code}"
        if code == 190:
            return Verdict("revoked", f"Instagram no longer accepts the token ({message}). Connect the account again.")
        if code in THROTTLING_CODES or response.status_code == 429:
            return Verdict("retry", f"Instagram is throttling requests (code {code}: {message})")
        if code in (10, 100) and ("insight" in message.lower() or "not enough" in message.lower()
                                 or "metric" in message.lower()):
            return Verdict("unavailable", message)
        if response.status_code >= 500:
            return Verdict("retry", f"Instagram answered HTTP {response.status_code}: {message}")
        return Verdict("error", f"Instagram refused the request (code {code}): {message}")

    def identify(self, api, tokens) -> Identity:
        me = api.get(f"{GRAPH}/me", {"fields": "user_id,username"})
        return Identity(str(me.get("user_id") or me["id"]), me["username"])

    def fetch(self, api, tokens, account, window: Window, progress) -> SyncBatch:
        batch = SyncBatch()
        progress("profile")
        me = api.get(f"{GRAPH}/me", {"fields": "user_id,username,followers_count,follows_count,media_count"})
        user_id = str(me.get("user_id") or me.get("id"))
        batch.handle = me.get("username")
        today = batch.day(window.today)
        today.update(followers=count(me.get("followers_count")), following=count(me.get("follows_count")),
                     posts=count(me.get("media_count")))

        progress("posts")
        media = []
        page = api.get(f"{GRAPH}/{user_id}/media", {"fields": MEDIA_FIELDS, "limit": 25})
        while True:
            fresh = [m for m in page.get("data", []) if parse_time(m["timestamp"]) >= window.posts_since]
            media.extend(fresh)
            next_url = (page.get("paging") or {}).get("next")
            if len(fresh) < len(page.get("data", [])) or not next_url or len(media) >= MAX_POSTS:
                break
            page = api.get(next_url)
        media = media[:MAX_POSTS]

        progress("insights")
        for item in media:
            batch.posts.append({
                "platform_post_id": item["id"], "permalink": item.get("permalink"),
                "post_type": _post_type(item), "caption": item.get("caption"),
                "posted_at": parse_time(item["timestamp"])})
            snapshot = {"platform_post_id": item["id"], "captured_at": window.now,
                        "likes": count(item.get("like_count")), "comments": count(item.get("comments_count"))}
            try:
                values = _values(api.get(f"{GRAPH}/{item['id']}/insights", {"metric": MEDIA_METRICS}))
            except NotAvailable:
                values = {}
            snapshot.update({k: v for k, v in {
                "views": values.get("views"), "reach": values.get("reach"), "likes": values.get("likes"),
                "comments": values.get("comments"), "shares": values.get("shares"), "saves": values.get("saved"),
            }.items() if v is not None})
            batch.post_metrics.append(snapshot)

        progress("daily")
        since = max(window.since, window.now - dt.timedelta(days=29))
        try:
            series = api.get(f"{GRAPH}/{user_id}/insights", {
                "metric": "reach,follower_count", "period": "day", "metric_type": "time_series",
                "since": int(since.timestamp()), "until": int(window.now.timestamp())})
        except NotAvailable as exc:
            batch.notes.append(f"daily reach: {exc}")
            series = {"data": []}
        for metric in series.get("data", []):
            column = {"reach": "reach", "follower_count": "followers_gained"}.get(metric.get("name"))
            for point in metric.get("values", []) if column else []:
                # end_time is the end of the reported day (midnight Pacific time), so the day is the one before.
                day = (parse_time(point["end_time"]) - dt.timedelta(days=1)).date()
                batch.day(day)[column] = count(point.get("value"))

        progress("audience")
        for breakdown in ("age", "gender", "country", "city"):
            try:
                result = api.get(f"{GRAPH}/{user_id}/insights", {
                    "metric": "follower_demographics", "period": "lifetime", "metric_type": "total_value",
                    "timeframe": "this_month", "breakdown": breakdown})
            except NotAvailable as exc:
                batch.notes.append(f"{breakdown}: {exc}")
                continue
            counts: dict[str, float] = {}
            for metric in result.get("data", []):
                for part in (metric.get("total_value") or {}).get("breakdowns", []):
                    for row in part.get("results", []):
                        bucket = row["dimension_values"][0]
                        bucket = GENDERS.get(bucket, bucket) if breakdown == "gender" else bucket
                        counts[bucket] = counts.get(bucket, 0) + float(row.get("value") or 0)
            if counts:
                batch.add_breakdown(window.today, breakdown, counts)
        return batch


def _unwrap_data(response: httpx.Response) -> httpx.Response:
    """The Business Login token answer is {"data": [{...}]}; Authlib expects the token object itself."""
    try:
        body = response.json()
    except ValueError:
        return response
    if isinstance(body, dict) and isinstance(body.get("data"), list) and body["data"]:
        token = dict(body["data"][0])
        token.setdefault("token_type", "Bearer")
        return httpx.Response(response.status_code, json=token, request=response.request)
    if isinstance(body, dict) and "error_message" in body and "error" not in body:
        return httpx.Response(response.status_code, request=response.request, json={
            "error": body.get("error_type") or "invalid_request", "error_description": body["error_message"]})
    if isinstance(body, dict) and "access_token" in body:
        body.setdefault("token_type", "Bearer")
        return httpx.Response(response.status_code, json=body, request=response.request)
    return response


def _checked(response: httpx.Response) -> dict:
    if response.status_code >= 400:
        error = error_of(response)
        if response.status_code in (400, 401, 403):
            raise TokenRevoked("Instagram refused the token ({value}). Connect the account again.",
                               value=error.get('message') or response.status_code)
        response.raise_for_status()
    return response.json()


def _values(result: dict) -> dict[str, int | None]:
    out = {}
    for metric in result.get("data", []):
        values = metric.get("values") or []
        total = (metric.get("total_value") or {}).get("value")
        out[metric["name"]] = count(values[0].get("value") if values else total)
    return out


def _post_type(item: dict) -> str:
    product, kind = item.get("media_product_type"), item.get("media_type")
    if product == "REELS":
        return "reel"
    if product == "STORY":
        return "story"
    if kind == "CAROUSEL_ALBUM":
        return "carousel"
    return "video" if kind == "VIDEO" else "image"


CONNECTOR = Instagram()
