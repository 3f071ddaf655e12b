"""Who clicked, told apart without keeping anything personal: bots and link-preview fetchers (a maintained list),
device classes, the referrer's host only, and repeats of the same visitor within the window, by a hash whose salt
changes every day and lives in memory only."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from services.links import visitors

UTC = dt.timezone.utc
# Each as the fetcher sends it; the list's source is crawler-user-agents, whose own "instances" for these
# entries they are (services/links/bots.json names the commit).
BOTS = {
    "facebookexternalhit": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot": "Twitterbot/1.0",
    "Slackbot": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Discordbot": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "TelegramBot": "TelegramBot (like TwitterBot)",
    "WhatsApp": "WhatsApp/2.23.20.0 A",
    "LinkedInBot": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "headless Chrome": ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 "
                        "Safari/537.36"),
    "Googlebot": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bingbot": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl": "curl/8.5.0",
    "python-requests": "python-requests/2.32.3",
}
PEOPLE = {
    "iPhone Safari": ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                      "Version/17.5 Mobile/15E148 Safari/604.1", "mobile"),
    "Android Chrome": ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/131.0.0.0 Mobile Safari/537.36", "mobile"),
    "iPad": ("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 "
             "Mobile/15E148 Safari/604.1", "tablet"),
    "Android tablet": ("Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/131.0.0.0 Safari/537.36", "tablet"),
    "Windows Chrome": ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/131.0.0.0 Safari/537.36", "desktop"),
    "Mac Safari": ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                   "Version/17.5 Safari/605.1.15", "desktop"),
    "Linux Firefox": ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "desktop"),
    "Instagram in-app": ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                         "Gecko) Mobile/15E148 Instagram 350.0.0.20.104 (iPhone15,2; iOS 17_5; en_GB; en-GB)", "mobile"),
}


@pytest.mark.parametrize("name", BOTS)
def test_bots_and_link_preview_fetchers_are_counted_apart(name):
    assert visitors.is_bot(BOTS[name])


@pytest.mark.parametrize("name", PEOPLE)
def test_people_s_browsers_are_people_and_get_their_device_class(name):
    ua, device = PEOPLE[name]
    assert not visitors.is_bot(ua)
    assert visitors.device_class(ua) == device


def test_no_user_agent_is_a_bot():
    assert visitors.is_bot(None) and visitors.is_bot("") and visitors.is_bot("   ")


def test_the_bot_list_says_where_it_comes_from_and_covers_what_it_must():
    data = json.loads(visitors.BOTS_FILE.read_text(encoding="utf-8"))
    source = data["source"]
    assert source["repository"] == "https://github.com/monperrus/crawler-user-agents"
    assert len(source["commit"]) == 40 and source["licence"].startswith("MIT")
    assert len(data["patterns"]) > 1000
    for needle in ("facebookexternalhit", "Twitterbot", "Slackbot", "Discordbot", "TelegramBot", "WhatsApp",
                   "LinkedInBot", "HeadlessChrome"):
        assert needle in data["patterns"], needle


@pytest.mark.parametrize("referer, host", [
    ("https://l.instagram.com/?u=https%3A%2F%2Fbrand.example&e=AT0abc", "l.instagram.com"),
    ("http://WWW.YouTube.com:8080/watch?v=x#t=1", "www.youtube.com"),
    ("https://user:pw@t.co/abc", "t.co"),
    ("android-app://com.google.android.gm/", None),
    ("javascript:alert(1)", None),
    ("not a url", None),
    ("", None),
    (None, None),
])
def test_only_the_referrer_s_host_is_kept(referer, host):
    assert visitors.referrer_host(referer) == host


def test_a_repeat_is_the_same_visitor_and_link_within_the_window():
    f = visitors.RepeatFilter(window=dt.timedelta(minutes=30))
    t0 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    ua = PEOPLE["iPhone Safari"][0]
    assert not f.repeat("link-1", "203.0.113.7", ua, t0)
    assert f.repeat("link-1", "203.0.113.7", ua, t0 + dt.timedelta(minutes=29))      # within 30 minutes of the last
    assert f.repeat("link-1", "203.0.113.7", ua, t0 + dt.timedelta(minutes=58))      # the window follows the last click
    assert not f.repeat("link-1", "203.0.113.7", ua, t0 + dt.timedelta(minutes=89))  # 31 minutes after it
    assert not f.repeat("link-2", "203.0.113.7", ua, t0 + dt.timedelta(minutes=90))  # another link
    assert not f.repeat("link-1", "203.0.113.8", ua, t0 + dt.timedelta(minutes=90))  # another address
    assert not f.repeat("link-1", "203.0.113.7", PEOPLE["Mac Safari"][0], t0 + dt.timedelta(minutes=90))


def test_the_salt_changes_with_the_day_and_yesterday_s_hashes_are_gone():
    f = visitors.RepeatFilter(window=dt.timedelta(minutes=30))
    late = dt.datetime(2026, 3, 1, 23, 50, tzinfo=UTC)
    assert not f.repeat("link-1", "203.0.113.7", "ua", late)
    first_salt = f._salt
    assert f.repeat("link-1", "203.0.113.7", "ua", late + dt.timedelta(minutes=5))  # 23:55, the same day
    assert f._salt == first_salt
    # 00:05 UTC: a new salt, the old hashes dropped, so the visitor cannot be followed across days
    assert not f.repeat("link-1", "203.0.113.7", "ua", late + dt.timedelta(minutes=15))
    assert f._salt != first_salt and len(f) == 1


def test_the_filter_keeps_a_bounded_number_of_visitors():
    f = visitors.RepeatFilter(window=dt.timedelta(minutes=30), max_visitors=100)
    t0 = dt.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    for n in range(1000):
        f.repeat("link-1", f"198.51.100.{n % 250}-{n}", "ua", t0)
    assert len(f) <= 100
