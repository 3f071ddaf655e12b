"""YouTube: Google OAuth 2.0 for web server apps, YouTube Data API v3 and YouTube Analytics API v2.

Follows:
- developers.google.com/identity/protocols/oauth2/web-server: authorize at
  accounts.google.com/o/oauth2/v2/auth with access_type=offline (for a refresh token), PKCE (S256);
  token and refresh at oauth2.googleapis.com/token (a refresh answer has no new refresh_token);
  a revoked or expired refresh token gets HTTP 400 {"error": "invalid_grant"}; revoke at
  oauth2.googleapis.com/revoke.
- developers.google.com/youtube/v3/docs/channels/list (mine=true; statistics.subscriberCount,
  videoCount and viewCount are strings; hiddenSubscriberCount), playlistItems/list (the uploads
  playlist, newest first, 50 per page, nextPageToken), videos/list (statistics per video, up to 50 ids).
- developers.google.com/youtube/analytics/reference/reports/query: {"kind": "youtubeAnalytics#resultTable",
  "columnHeaders": [{"name", "columnType", "dataType"}], "rows": [[…]]}; dimensions day, ageGroup+gender
  (viewerPercentage), country; the most recent days are missing until YouTube has processed them.
- developers.google.com/youtube/v3/docs/errors: {"error": {"code", "message", "errors": [{"domain",
  "reason", "message"}], "status"}}; quotaExceeded (403) lasts until midnight Pacific time,
  rateLimitExceeded / userRateLimitExceeded (403) and 429 are retried.
"""
from __future__ import annotations

import datetime as dt

import httpx

from services.accounts.connectors.base import (MAX_POSTS, Connector, Identity, PlatformError, SyncBatch, Verdict,
                                      Window, count, error_of, parse_time, server_wait)

DATA = "https://www.googleapis.com/youtube/v3"
ANALYTICS = "https://youtubeanalytics.googleapis.com/v2/reports"
DAILY_METRICS = {"views": "views", "estimatedMinutesWatched": "watch_minutes", "subscribersGained": "followers_gained",
                 "subscribersLost": "followers_lost", "likes": "likes", "comments": "comments", "shares": "shares"}
GENDERS = {"female": "female", "male": "male", "user_specified": "unknown"}


class YouTube(Connector):
    platform = "youtube"
    name = "YouTube"
    authorize_url = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url = "https://oauth2.googleapis.com/token"
    revoke_url = "https://oauth2.googleapis.com/revoke"
    scopes = ("https://www.googleapis.com/auth/youtube.readonly",
              "https://www.googleapis.com/auth/yt-analytics.readonly")
    pkce = True
    token_auth = "client_secret_post"
    authorize_params = {"access_type": "offline", "prompt": "consent", "include_granted_scopes": "true"}
    console_url = "https://console.cloud.google.com/apis/credentials"
    registration = (
        "In the Google Cloud console, create a project and enable the YouTube Data API v3 and the YouTube Analytics API.",
        "Set up the OAuth consent screen with the scopes youtube.readonly and yt-analytics.readonly.",
        "Create an OAuth client ID of type Web application and add the redirect URI below to its Authorized redirect URIs.",
        "Copy the client ID and client secret into [platforms.youtube] client_id and client_secret.",
    )

    def verdict(self, response: httpx.Response) -> Verdict:
        if 200 <= response.status_code < 300:
            return Verdict("ok")
        error = error_of(response)
        reasons = {e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)}
        message = error.get("message") or f"HTTP {response.status_code}"
        if "quotaExceeded" in reasons:
            return Verdict("error", "YouTube's daily API quota for this app is used up; it resets at midnight Pacific "
                                    "time and the next sync after that will continue.")
        if reasons & {"rateLimitExceeded", "userRateLimitExceeded"} or response.status_code == 429:
            return Verdict("retry", f"YouTube is throttling requests: {message}", server_wait(response))
        if response.status_code == 401:
            return Verdict("rejected", f"YouTube refused the access token: {message}")
        if reasons & {"insufficientPermissions", "forbidden"} and response.status_code == 403:
            return Verdict("revoked", f"YouTube needs more permissions ({message}): connect the account again and "
                                      "allow every permission asked for.")
        if response.status_code >= 500:
            return Verdict("retry", f"YouTube answered HTTP {response.status_code}: {message}", server_wait(response))
        return Verdict("error", f"YouTube refused the request: {message}")

    def _channel(self, api, parts: str) -> dict:
        items = api.get(f"{DATA}/channels", {"part": parts, "mine": "true"}).get("items") or []
        if not items:
            raise PlatformError("This Google account has no YouTube channel: create one, or connect the Google "
                                "account that owns the channel.")
        return items[0]

    def identify(self, api, tokens) -> Identity:
        channel = self._channel(api, "snippet")
        snippet = channel.get("snippet") or {}
        return Identity(channel["id"], snippet.get("customUrl") or snippet.get("title") or channel["id"])

    def fetch(self, api, tokens, account, window: Window, progress) -> SyncBatch:
        batch = SyncBatch()
        progress("profile")
        channel = self._channel(api, "snippet,statistics,contentDetails")
        stats, snippet = channel.get("statistics") or {}, channel.get("snippet") or {}
        batch.handle = snippet.get("customUrl") or None
        batch.day(window.today).update(
            followers=None if stats.get("hiddenSubscriberCount") else count(stats.get("subscriberCount")),
            posts=count(stats.get("videoCount")))

        progress("posts")
        uploads = ((channel.get("contentDetails") or {}).get("relatedPlaylists") or {}).get("uploads")
        video_ids: list[str] = []
        page_token = None
        while uploads and len(video_ids) < MAX_POSTS:
            params = {"part": "contentDetails", "playlistId": uploads, "maxResults": 50}
            if page_token:
                params["pageToken"] = page_token
            page = api.get(f"{DATA}/playlistItems", params)
            items = page.get("items") or []
            fresh = [i["contentDetails"]["videoId"] for i in items
                     if parse_time(i["contentDetails"].get("videoPublishedAt")
                                   or i["contentDetails"].get("publishedAt", "1970-01-01T00:00:00Z"))
                     >= window.posts_since]
            video_ids.extend(fresh)
            page_token = page.get("nextPageToken")
            if len(fresh) < len(items) or not page_token:
                break

        progress("insights")
        for start in range(0, len(video_ids[:MAX_POSTS]), 50):
            chunk = video_ids[start:start + 50]
            for video in api.get(f"{DATA}/videos", {"part": "snippet,statistics", "id": ",".join(chunk),
                                                     "maxResults": 50}).get("items") or []:
                vs, vstats = video.get("snippet") or {}, video.get("statistics") or {}
                batch.posts.append({"platform_post_id": video["id"], "post_type": "video",
                                    "permalink": f"https://www.youtube.com/watch?v={video['id']}",
                                    "caption": vs.get("title"), "posted_at": parse_time(vs.get("publishedAt"))})
                batch.post_metrics.append({"platform_post_id": video["id"], "captured_at": window.now,
                                           "views": count(vstats.get("viewCount")),
                                           "likes": count(vstats.get("likeCount")),
                                           "comments": count(vstats.get("commentCount"))})

        progress("daily")
        report = self._report(api, window.since.date(), window.today, ",".join(DAILY_METRICS), "day", sort="day")
        for row in report:
            day = dt.date.fromisoformat(row.pop("day"))
            batch.day(day).update({DAILY_METRICS[k]: count(v) for k, v in row.items() if k in DAILY_METRICS})

        progress("audience")
        start = window.today - dt.timedelta(days=28)
        ages: dict[str, float] = {}
        genders: dict[str, float] = {}
        for row in self._report(api, start, window.today, "viewerPercentage", "ageGroup,gender"):
            age = row["ageGroup"].removeprefix("age")
            age = age[:-1] + "+" if age.endswith("-") else age
            ages[age] = ages.get(age, 0) + float(row["viewerPercentage"])
            gender = GENDERS.get(row["gender"], row["gender"])
            genders[gender] = genders.get(gender, 0) + float(row["viewerPercentage"])
        countries = {row["country"]: float(row["views"])
                     for row in self._report(api, start, window.today, "views", "country", sort="-views",
                                             max_results=50)}
        for dimension, counts in (("age", ages), ("gender", genders), ("country", countries)):
            if counts:
                batch.add_breakdown(window.today, dimension, counts)
        return batch

    def _report(self, api, start: dt.date, end: dt.date, metrics: str, dimensions: str, *, sort: str | None = None,
                max_results: int | None = None) -> list[dict]:
        params = {"ids": "channel==MINE", "startDate": start.isoformat(), "endDate": end.isoformat(),
                  "metrics": metrics, "dimensions": dimensions}
        if sort:
            params["sort"] = sort
        if max_results:
            params["maxResults"] = max_results
        table = api.get(ANALYTICS, params)
        names = [h["name"] for h in table.get("columnHeaders") or []]
        return [dict(zip(names, row)) for row in table.get("rows") or []]


CONNECTOR = YouTube()
