"""Reddit: OAuth2 (web app) and the API on oauth.reddit.com, for the subreddits a creator moderates.

Follows github.com/reddit-archive/reddit/wiki/OAuth2 and reddit.com/dev/api:
- authorize at www.reddit.com/api/v1/authorize with duration=permanent (for a refresh token) and
  space-separated scopes identity, mysubreddits, read; exchange, refresh and revoke
  (www.reddit.com/api/v1/access_token, /api/v1/revoke_token) authenticate the app with HTTP Basic.
  No PKCE. A refused refresh token gets HTTP 400 {"error": "invalid_grant"}.
- GET /api/v1/me (scope identity): the account's name and id.
- GET /subreddits/mine/moderator (scope mysubreddits): a Listing {"kind": "Listing", "data": {"after",
  "children": [{"kind": "t5", "data": {…, "subscribers"}}]}}; profile subreddits (u_name) are skipped.
- GET /r/{name}/about (scope read): "active_user_count", the users on the subreddit right now.
- API rules (github.com/reddit-archive/reddit/wiki/API): a unique, descriptive User-Agent;
  X-Ratelimit-Used / -Remaining / -Reset (seconds until the window resets); over the limit, HTTP 429.
"""
from __future__ import annotations

from services.accounts.connectors.base import Connector, Identity, SyncBatch, Window, count

API = "https://oauth.reddit.com"
DEFAULT_USER_AGENT = "web:creator-portal:v1.0 (self-hosted creator portal)"
MAX_COMMUNITIES = 100


class Reddit(Connector):
    platform = "reddit"
    name = "Reddit"
    authorize_url = "https://www.reddit.com/api/v1/authorize"
    token_url = "https://www.reddit.com/api/v1/access_token"
    revoke_url = "https://www.reddit.com/api/v1/revoke_token"
    scopes = ("identity", "mysubreddits", "read")
    token_auth = "client_secret_basic"
    authorize_params = {"duration": "permanent"}
    console_url = "https://www.reddit.com/prefs/apps"
    registration = (
        "On reddit.com/prefs/apps, create an app of type web app.",
        "Put the redirect URI below in its redirect uri field.",
        "Copy the client ID (under the app's name) and the secret into [platforms.reddit] client_id and client_secret, and set user_agent to something that names you, like web:creator-portal:v1 (by /u/yourname).",
    )

    def user_agent(self, app) -> str:
        return app.user_agent or DEFAULT_USER_AGENT

    def identify(self, api, tokens) -> Identity:
        me = api.get(f"{API}/api/v1/me")
        return Identity(str(me["id"]), f"u/{me['name']}")

    def fetch(self, api, tokens, account, window: Window, progress) -> SyncBatch:
        batch = SyncBatch()
        progress("profile")
        me = api.get(f"{API}/api/v1/me")
        batch.handle = f"u/{me['name']}"

        progress("communities")
        subreddits, after = [], None
        while len(subreddits) < MAX_COMMUNITIES:
            params = {"limit": 100} | ({"after": after} if after else {})
            listing = api.get(f"{API}/subreddits/mine/moderator", params)["data"]
            subreddits.extend(child["data"] for child in listing.get("children") or []
                              if child.get("kind") == "t5" and child["data"].get("subreddit_type") != "user")
            after = listing.get("after")
            if not after:
                break
        for sub in subreddits[:MAX_COMMUNITIES]:
            about = api.get(f"{API}/r/{sub['display_name']}/about")["data"]
            key = sub["name"]
            batch.communities.append({"key": key, "handle": sub.get("display_name_prefixed") or f"r/{sub['display_name']}"})
            batch.day(window.today, key).update(
                followers=count(about.get("subscribers", sub.get("subscribers"))),
                active_members=count(about.get("active_user_count")))
        return batch


CONNECTOR = Reddit()
