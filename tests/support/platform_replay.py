"""Recorded platform responses, replayed through httpx.MockTransport.

The JSON files under tests/accounts/fixtures/platforms/<platform>/ are response bodies written to the shape each
platform documents (field names, nesting, types, pagination and error bodies); the functions below
say which request gets which file, with the documentation page each one follows. A Replay records
every request, so tests can check what was asked (parameters, pagination, client authentication).

Instagram (developers.facebook.com/docs/instagram-platform):
  token_short_lived.json        instagram-api-with-instagram-login/business-login, step 2 ({"data": [...]})
  token_error_code_used.json    same page, "Sample Rejected Response"
  token_long_lived.json, token_refreshed.json   business-login step 3 and "Refresh a long-lived token"
  me.json                       reference/instagram-user (fields user_id, username, followers_count, ...)
  media_page_1/2.json           reference/instagram-user/media, cursor pagination (paging.cursors, next)
  insights_<media id>.json      reference/instagram-media/insights (name, period lifetime, values, title, id)
  user_insights_daily.json      api-reference/instagram-user/insights, metric_type=time_series, period=day
  demographics_<breakdown>.json same page, follower_demographics, total_value.breakdowns[].results[]
  error_*.json                  graph-api/guides/error-handling (code 190 token, 4 throttling, 10 insights, 1 unknown)
TikTok (developers.tiktok.com/doc):
  token*.json                   oauth-user-access-token-management; token_error_*: oauth-error-handling
  user_info.json                tiktok-api-v2-get-user-info ({"data": {"user": …}, "error": {"code": "ok"}})
  video_list_page_1/2.json      tiktok-api-v2-video-list (videos, cursor in ms, has_more)
  error_*.json                  tiktok-api-v2-error-handling (access_token_invalid 401, rate_limit_exceeded 429,
                                internal_error 500)
YouTube (developers.google.com):
  token*.json                   identity/protocols/oauth2/web-server (exchange, refresh, invalid_grant)
  channels.json                 youtube/v3/docs/channels (statistics as strings, relatedPlaylists.uploads)
  playlist_items_page_1/2.json  youtube/v3/docs/playlistItems (nextPageToken, contentDetails.videoPublishedAt)
  videos.json                   youtube/v3/docs/videos (snippet, statistics)
  analytics_*.json              youtube/analytics/reference/reports/query (youtubeAnalytics#resultTable)
  error_*.json                  youtube/v3/docs/errors (authError 401, quotaExceeded and rateLimitExceeded 403,
                                backendError 503)
Twitch (dev.twitch.tv/docs):
  token*.json                   authentication/getting-tokens-oauth, authentication/refresh-tokens
  users.json, followers.json, videos_page_1/2.json   api/reference#get-users, #get-channel-followers, #get-videos
  error_*.json                  api/guide (401, 429 with Ratelimit-* headers, 500)
Reddit (github.com/reddit-archive/reddit/wiki/OAuth2, reddit.com/dev/api):
  token*.json                   OAuth2 wiki ("Retrieving the access token", "Refreshing the token")
  me.json                       /api/v1/me; moderated_page_1/2.json: /subreddits/mine/moderator (Listing of t5)
  about_<sub>.json              /r/{subreddit}/about (active_user_count)
  error_*.json                  API wiki (401, 429 with X-Ratelimit-* headers)
Discord (discord.com/developers/docs):
  token*.json                   topics/oauth2 (access token response, refresh, invalid_grant)
  users_me.json                 resources/user#get-current-user
  guilds*.json                  resources/user#get-current-user-guilds with with_counts=true
  error_*.json                  topics/rate-limits (429 body retry_after, Retry-After header), 401 body
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import httpx

from services.core import clock

FIXTURES = Path(__file__).resolve().parents[1] / "accounts" / "fixtures" / "platforms"


# The recordings read as if made on this day: their dates and times (ISO 8601 text) move with the portal's clock,
# so a sync finds the same posts and days in its window whatever day the tests run on.
RECORDED_ON = dt.date(2026, 12, 5)
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")


@contextlib.contextmanager
def as_recorded():
    """The clock on the day the recordings were made, for tests that sync at a fixed instant of their own (NOW in
    tests/support/connections.py) rather than at the clock's: the recordings then read as written, whatever day
    the tests run on. The run's clock is restored afterwards."""
    saved = (clock._frozen, clock._offset)
    clock.set_now(dt.datetime.combine(RECORDED_ON, dt.time(12), tzinfo=dt.timezone.utc))
    try:
        yield
    finally:
        clock._frozen, clock._offset = saved


def _moved(text: str) -> str:
    shift = clock.today() - RECORDED_ON
    if not shift:
        return text
    return _ISO.sub(lambda m: (dt.date.fromisoformat(m.group(1)) + shift).isoformat() + (m.group(2) or ""), text)


def fixture(platform: str, name: str) -> Any:
    return json.loads(_moved((FIXTURES / platform / name).read_text(encoding="utf-8")))


@dataclass
class Reply:
    status: int = 200
    file: str | None = None  # a fixture of the route's platform
    body: Any = None
    headers: dict | Callable[[], dict] | None = None


@dataclass
class Route:
    method: str
    url: str  # host + path, like "graph.instagram.com/v23.0/me"
    replies: list[Reply]
    when: Callable[[httpx.Request], bool] | None = None
    served: int = 0

    def matches(self, request: httpx.Request) -> bool:
        return (request.method == self.method and f"{request.url.host}{request.url.path}" == self.url
                and (self.when is None or self.when(request)))


@dataclass
class Replay:
    platform: str
    routes: list[Route]
    requests: list[httpx.Request] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        for route in self.routes:
            if route.matches(request):
                reply = route.replies[min(route.served, len(route.replies) - 1)]
                route.served += 1
                body = reply.body if reply.file is None else fixture(self.platform, reply.file)
                headers = reply.headers() if callable(reply.headers) else (reply.headers or {})
                return httpx.Response(reply.status, json=body, headers=headers)
        self.unmatched.append(f"{request.method} {request.url}")
        return httpx.Response(404, json={"error": f"no recorded response for {request.method} {request.url}"})

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def override(self, method: str, url: str, *replies: Reply, when=None) -> "Replay":
        """Answer this request with these replies first (the last one repeats)."""
        self.routes.insert(0, Route(method, url, list(replies), when))
        return self

    def calls(self, url: str, method: str | None = None) -> list[httpx.Request]:
        return [r for r in self.requests if f"{r.url.host}{r.url.path}" == url and (method is None or r.method == method)]


def query(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


def form(request: httpx.Request) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(request.content.decode()))


def has(**params) -> Callable[[httpx.Request], bool]:
    return lambda request: all(request.url.params.get(k) == str(v) for k, v in params.items())


def lacks(name: str) -> Callable[[httpx.Request], bool]:
    return lambda request: name not in request.url.params


def ok(file: str) -> Reply:
    return Reply(200, file)


def oauth_routes(token_url: str, revoke_url: str, revoked: Reply) -> list[Route]:
    """A platform's OAuth endpoints: its token URL answers a refresh (grant_type=refresh_token) from
    token_refreshed.json and a code exchange from token.json; its revoke URL answers `revoked`."""
    return [Route("POST", token_url, [ok("token_refreshed.json")],
                  lambda r: form(r).get("grant_type") == "refresh_token"),
            Route("POST", token_url, [ok("token.json")]),
            Route("POST", revoke_url, [revoked])]


# -- the healthy world of each platform --------------------------------------------------------------------

IG_USER = "17841405822304914"
IG_GRAPH = "graph.instagram.com/v23.0"


def instagram() -> Replay:
    routes = [
        Route("POST", "api.instagram.com/oauth/access_token", [ok("token_short_lived.json")]),
        Route("GET", "graph.instagram.com/access_token", [ok("token_long_lived.json")]),
        Route("GET", "graph.instagram.com/refresh_access_token", [ok("token_refreshed.json")]),
        Route("GET", f"{IG_GRAPH}/me", [ok("me.json")]),
        Route("GET", f"{IG_GRAPH}/{IG_USER}/media", [ok("media_page_2.json")], has(after="QVFIUmxtX0tfRGJ5dGJfZAl9FZAWJ6")),
        Route("GET", f"{IG_GRAPH}/{IG_USER}/media", [ok("media_page_1.json")], lacks("after")),
        Route("GET", f"{IG_GRAPH}/17895695668004550/insights", [ok("insights_17895695668004550.json")]),
        Route("GET", f"{IG_GRAPH}/17912345678901234/insights", [ok("insights_17912345678901234.json")]),
        Route("GET", f"{IG_GRAPH}/17934567890123456/insights", [ok("insights_17934567890123456.json")]),
        Route("GET", f"{IG_GRAPH}/17923456789012345/insights", [Reply(400, "error_not_enough_viewers.json")]),
        Route("GET", f"{IG_GRAPH}/{IG_USER}/insights", [ok("user_insights_daily.json")], has(metric_type="time_series")),
    ] + [Route("GET", f"{IG_GRAPH}/{IG_USER}/insights", [ok(f"demographics_{b}.json")], has(breakdown=b))
         for b in ("age", "gender", "country", "city")]
    return Replay("instagram", routes)


def tiktok() -> Replay:
    api = "open.tiktokapis.com/v2"
    return Replay("tiktok", [
        *oauth_routes(f"{api}/oauth/token/", f"{api}/oauth/revoke/", Reply(200, body={})),
        Route("GET", f"{api}/user/info/", [ok("user_info.json")]),
        Route("POST", f"{api}/video/list/", [ok("video_list_page_2.json")],
              lambda r: json.loads(r.content or b"{}").get("cursor") == 1794506400000),
        Route("POST", f"{api}/video/list/", [ok("video_list_page_1.json")],
              lambda r: "cursor" not in json.loads(r.content or b"{}")),
    ])


def youtube() -> Replay:
    data, analytics = "www.googleapis.com/youtube/v3", "youtubeanalytics.googleapis.com/v2/reports"
    return Replay("youtube", [
        *oauth_routes("oauth2.googleapis.com/token", "oauth2.googleapis.com/revoke", Reply(200, body={})),
        Route("GET", f"{data}/channels", [ok("channels.json")], has(mine="true")),
        Route("GET", f"{data}/playlistItems", [ok("playlist_items_page_2.json")], has(pageToken="EAAaBlBUOkNBSQ")),
        Route("GET", f"{data}/playlistItems", [ok("playlist_items_page_1.json")], lacks("pageToken")),
        Route("GET", f"{data}/videos", [ok("videos.json")]),
        Route("GET", analytics, [ok("analytics_daily.json")], has(dimensions="day")),
        Route("GET", analytics, [ok("analytics_age_gender.json")], has(dimensions="ageGroup,gender")),
        Route("GET", analytics, [ok("analytics_country.json")], has(dimensions="country")),
    ])


def twitch() -> Replay:
    helix = "api.twitch.tv/helix"
    return Replay("twitch", [
        *oauth_routes("id.twitch.tv/oauth2/token", "id.twitch.tv/oauth2/revoke", Reply(200, body=None)),
        Route("GET", f"{helix}/users", [ok("users.json")]),
        Route("GET", f"{helix}/channels/followers", [ok("followers.json")]),
        Route("GET", f"{helix}/videos", [ok("videos_page_2.json")],
              has(after="eyJiIjpudWxsLCJhIjoiMTUwMzQ0MTc3NjQyNDQyMjAwMCJ9")),
        Route("GET", f"{helix}/videos", [ok("videos_page_1.json")], lacks("after")),
    ])


def reddit() -> Replay:
    api = "oauth.reddit.com"
    return Replay("reddit", [
        *oauth_routes("www.reddit.com/api/v1/access_token", "www.reddit.com/api/v1/revoke_token",
                      Reply(204, body=None)),
        Route("GET", f"{api}/api/v1/me", [ok("me.json")]),
        Route("GET", f"{api}/subreddits/mine/moderator", [ok("moderated_page_2.json")], has(after="t5_1userlp")),
        Route("GET", f"{api}/subreddits/mine/moderator", [ok("moderated_page_1.json")], lacks("after")),
        Route("GET", f"{api}/r/IndieCorner/about", [ok("about_IndieCorner.json")]),
        Route("GET", f"{api}/r/CozyGamesClub/about", [ok("about_CozyGamesClub.json")]),
    ])


def discord() -> Replay:
    api = "discord.com/api/v10"
    return Replay("discord", [
        *oauth_routes("discord.com/api/oauth2/token", "discord.com/api/oauth2/token/revoke", Reply(200, body={})),
        Route("GET", f"{api}/users/@me", [ok("users_me.json")]),
        Route("GET", f"{api}/users/@me/guilds", [ok("guilds.json")]),
    ])


WORLDS: dict[str, Callable[[], Replay]] = {
    "instagram": instagram, "tiktok": tiktok, "youtube": youtube, "twitch": twitch, "reddit": reddit, "discord": discord}


def epoch_in(seconds: float) -> Callable[[], dict]:
    """Headers computed when the reply is served: Twitch's Ratelimit-Reset is a Unix time."""
    return lambda: {"Ratelimit-Limit": "800", "Ratelimit-Remaining": "0",
                    "Ratelimit-Reset": str(int(time.time() + seconds))}
