"""A believable, deterministic world for the demo workspace and for benchmarks.

Pure functions, no database: the same seed and end date give the same rows. Rows come out as tuples
in the order of the *_COLUMNS constants, ready for Gateway.bulk_load; accounts as dicts for insert.

The shapes follow what micro-creators actually see:
- followers grow along a logistic-ish curve with weekly seasonality, daily noise and jumps after a
  post that took off; the curve ends at the account's stated size on the end date;
- a feed post reaches roughly 20-60 % of followers, views >= reach, and
  ER by reach = (likes + comments + shares + saves) / reach lands around 3-9 % (higher for nano accounts);
- post counters are lifetime totals captured at +1, +7 and +30 days after posting, never decreasing.
The world's clock: the last sync ran at 00:00 UTC on the end date, so the last posts are from the day before.
"""
from __future__ import annotations

import datetime as dt
import math
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from services.core import clock
from services.core.db.gateway import person_id_for
from services.demo.people import DEMO_PEOPLE, LOCAL_ISSUER, demo_person

DEFAULT_SEED = 20261128
DEFAULT_DAYS = 548  # 18 months
SNAPSHOT_DAYS = (1, 7, 30)
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://creator-portal.invalid/demo")
UTC = dt.timezone.utc

ACCOUNT_DAILY_COLUMNS = ("account_id", "creator_id", "day", "followers", "following", "posts",
                         "reach", "views", "profile_views")
POST_COLUMNS = ("id", "account_id", "creator_id", "platform_post_id", "permalink", "post_type", "caption",
                "posted_at")
POST_METRIC_COLUMNS = ("post_id", "creator_id", "captured_at", "views", "reach", "likes", "comments",
                       "shares", "saves", "link_clicks")
BREAKDOWN_COLUMNS = ("account_id", "creator_id", "as_of", "dimension", "bucket", "share")


# -- what a creator looks like ----------------------------------------------------------------------
@dataclass(frozen=True)
class AccountSpec:
    platform: str
    handle: str
    followers: int  # about this many at the end date (members, for a Discord server)


@dataclass(frozen=True)
class CreatorSpec:
    creator_id: str
    key: str
    voice: str  # "fashion" | "games" | "food": captions and audience
    accounts: tuple[AccountSpec, ...]
    post_hours: tuple[float, float]  # UTC hours their posts go out
    sponsors: tuple[str, ...] = ()  # brands that appear in their #ad posts


@dataclass
class CreatorData:
    """One creator's rows: accounts as dicts for Gateway.insert, the rest as tuples in *_COLUMNS order."""

    creator_id: str
    accounts: list[dict] = field(default_factory=list)
    account_daily: list[tuple] = field(default_factory=list)
    posts: list[tuple] = field(default_factory=list)
    post_metrics: list[tuple] = field(default_factory=list)
    breakdowns: list[tuple] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"social_accounts": len(self.accounts), "account_daily": len(self.account_daily),
                "posts": len(self.posts), "post_metrics": len(self.post_metrics),
                "audience_breakdowns": len(self.breakdowns)}


def _sponsors(key: str) -> tuple[str, ...]:
    return tuple(p.brand for p in DEMO_PEOPLE if key in p.invited_by and p.brand)


DEMO_SPECS: tuple[CreatorSpec, ...] = (
    CreatorSpec(demo_person("maya").id, "maya", "fashion",
                (AccountSpec("instagram", "maya.rewears", 15_800), AccountSpec("tiktok", "mayarewears", 8_400)),
                (16.5, 20.5), _sponsors("maya")),
    CreatorSpec(demo_person("leo").id, "leo", "games",
                (AccountSpec("youtube", "LeoPlaysIndie", 4_900), AccountSpec("twitch", "leoplaysindie", 2_250),
                 AccountSpec("discord", "Leo's Indie Corner", 950)),
                (16.0, 19.5), _sponsors("leo")),
    CreatorSpec(demo_person("amira").id, "amira", "food",
                (AccountSpec("instagram", "amira.plantkitchen", 41_500),
                 AccountSpec("youtube", "AmiraPlantKitchen", 18_600)),
                (8.0, 16.0), _sponsors("amira")),
    CreatorSpec(demo_person("noura").id, "noura", "food",
                (AccountSpec("instagram", "noura.brews", 8_200), AccountSpec("tiktok", "nourabrews", 4_100)),
                (15.0, 19.0), _sponsors("noura")),
)

_SCALE_PLATFORMS = {
    "fashion": (("instagram", "tiktok"), ("instagram",), ("instagram", "tiktok", "youtube")),
    "games": (("youtube", "twitch", "discord"), ("twitch", "discord"), ("youtube", "tiktok")),
    "food": (("instagram", "youtube"), ("instagram", "tiktok"), ("youtube", "instagram", "tiktok")),
}
_VOICE_HOURS = {"fashion": (16.5, 20.5), "games": (16.0, 19.5), "food": (8.0, 16.0)}


def scale_spec(i: int) -> CreatorSpec:
    """Synthetic creator number i (1, 2, …) for seed-demo --creators and benchmarks: 1K-100K followers."""
    rng = random.Random(f"scale-creator/{i}")
    voice = ("fashion", "games", "food")[i % 3]
    platforms = rng.choice(_SCALE_PLATFORMS[voice])
    total = math.exp(rng.uniform(math.log(1_000), math.log(100_000)))
    weights = [rng.uniform(0.5, 1.5) * (0.25 if p == "discord" else 1.0) for p in platforms]
    accounts = tuple(AccountSpec(p, f"{voice}{i:04d}" if p != "discord" else f"Community {i:04d}",
                                 max(50, round(total * w / sum(weights))))
                     for p, w in zip(platforms, weights))
    return CreatorSpec(person_id_for(LOCAL_ISSUER, f"creator-{i:04d}"), f"creator-{i:04d}", voice, accounts,
                       _VOICE_HOURS[voice])


def all_specs(creators: int = 0) -> list[CreatorSpec]:
    """The four demo creators, then `creators` synthetic ones."""
    return list(DEMO_SPECS) + [scale_spec(i) for i in range(1, creators + 1)]


# -- how platforms behave ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PostModel:
    reach: float  # median 30-day reach as a share of followers at posting time
    spread: float  # sigma of the log-normal around it
    views: tuple[float, float]  # views / reach
    rates: tuple[float | None, float | None, float | None, float | None]  # likes, comments, shares, saves per reach
    tau: float  # days until counters have about 63 % of their lifetime total
    lifetime: int = 30  # days after which counters stop moving
    viral: float = 0.0  # chance that a post takes off


POST_MODELS = {
    ("instagram", "reel"): PostModel(0.42, 0.30, (1.35, 1.9), (0.045, 0.003, 0.008, 0.006), 1.5, viral=0.02),
    ("instagram", "carousel"): PostModel(0.33, 0.25, (1.3, 1.7), (0.048, 0.004, 0.004, 0.012), 2.0, viral=0.01),
    ("instagram", "image"): PostModel(0.26, 0.25, (1.1, 1.4), (0.042, 0.003, 0.002, 0.004), 1.5),
    ("instagram", "story"): PostModel(0.08, 0.25, (1.05, 1.2), (0.010, 0.004, 0.002, None), 0.3, lifetime=1),
    ("tiktok", "video"): PostModel(0.45, 0.55, (1.15, 1.4), (0.048, 0.004, 0.006, 0.006), 2.0, viral=0.03),
    ("youtube", "video"): PostModel(0.30, 0.30, (1.2, 1.5), (0.042, 0.005, 0.002, None), 6.0, viral=0.02),
    ("youtube", "short"): PostModel(0.50, 0.55, (1.1, 1.3), (0.035, 0.002, 0.002, None), 3.0, viral=0.03),
    # Twitch's API reports a view count per video and nothing else.
    ("twitch", "stream"): PostModel(0.12, 0.30, (1.0, 1.0), (None, None, None, None), 2.0),
}
_VOICE_RATES = {"fashion": (1.0, 1.0, 1.0, 1.2), "games": (1.0, 1.6, 1.0, 1.0), "food": (1.0, 1.0, 1.2, 2.0)}
_IG_MIX = (("reel", 0.35), ("carousel", 0.25), ("image", 0.20), ("story", 0.20))


@dataclass(frozen=True)
class AccountModel:
    reach: float | None  # background reach per day as a share of followers (None: not reported)
    views: float | None  # background views per day as a share of followers
    profile_views: float | None
    following: tuple[int, int] | None
    prior_posts: tuple[int, int] | None  # posts made before the window starts


ACCOUNT_MODELS = {
    "instagram": AccountModel(0.05, 0.09, 0.006, (350, 900), (250, 700)),
    "tiktok": AccountModel(0.03, 0.05, 0.008, (120, 400), (150, 500)),
    "youtube": AccountModel(0.025, 0.035, None, None, (80, 250)),
    "twitch": AccountModel(None, 0.01, None, (60, 200), None),
    "discord": AccountModel(None, None, None, None, None),
}
_RHYTHM = {  # Monday … Sunday
    "weekdays": (1.04, 1.08, 1.10, 1.06, 0.96, 0.86, 0.90),  # feeds peak midweek
    "weekends": (0.92, 0.90, 0.94, 0.96, 1.06, 1.16, 1.06),  # games: Friday to Sunday
}
AUDIENCE_PLATFORMS = ("instagram", "tiktok", "youtube")  # Twitch and Discord report no demographics


# -- the generator ----------------------------------------------------------------------------------
def generate_creator(spec: CreatorSpec, *, end: dt.date | None = None, days: int = DEFAULT_DAYS,
                     seed: int = DEFAULT_SEED, snapshot_days=SNAPSHOT_DAYS) -> CreatorData:
    """Every row of one creator's world for the `days` days ending on `end` (default: today, UTC).

    Posts are tied to calendar dates (their schedule, ids, captions and timing come from random streams
    keyed by the date), so a later end date keeps the same posts and only extends the world; what depends
    on the follower curve (counts, reach) is recomputed for the new window."""
    if days < 2:
        raise ValueError("days must be at least 2")
    end = end or clock.today()
    data = CreatorData(spec.creator_id)
    viral_days: list[int] = []
    for index, account in enumerate(spec.accounts):
        _account(data, spec, account, index, end, days, seed, viral_days, tuple(snapshot_days))
    return data


def _rng(*parts) -> random.Random:
    return random.Random("/".join(map(str, parts)))


def _account(data, spec, account, index, end, days, seed, viral_days, snapshot_days):
    first = end - dt.timedelta(days=days - 1)
    synced_at = dt.datetime.combine(end, dt.time(0), UTC)
    account_id = str(uuid.uuid5(NAMESPACE, f"{spec.creator_id}/{account.platform}/{index}"))
    platform, creator_id = account.platform, spec.creator_id
    data.accounts.append({
        "id": account_id, "creator_id": creator_id, "platform": platform, "handle": account.handle,
        "platform_account_id": _account_platform_id(platform, uuid.UUID(account_id)),
        "status": "connected", "last_synced_at": synced_at})

    posts = []  # (post_id, posted_at, post_type, rng, lift)
    slots: dict[dt.date, int] = {}
    for posted_at, post_type in _schedule(platform, first, days, spec.post_hours, seed, account_id):
        slot = slots[posted_at.date()] = slots.get(posted_at.date(), -1) + 1
        post_id = str(uuid.uuid5(NAMESPACE, f"{account_id}/{posted_at.date()}/{slot}"))
        rng = _rng(seed, post_id)
        lift = rng.uniform(3, 9) if rng.random() < POST_MODELS[(platform, post_type)].viral else 1.0
        posts.append((post_id, posted_at, post_type, rng, lift))
    if platform == "discord":  # people join the server when a video or clip takes off elsewhere
        spikes = [(d, 2.0) for d in viral_days]
    else:
        spikes = [((at.date() - first).days, lift) for _, at, _, _, lift in posts if lift > 1]
        viral_days.extend(d for d, _ in spikes)
    rhythm = _RHYTHM["weekends" if spec.voice == "games" else "weekdays"]
    followers = _follower_curve(account.followers, first, days, rhythm, spikes, _rng(seed, account_id, "followers"))

    add_views, add_reach = [0.0] * days, [0.0] * days
    feed_posts_by_day = [0] * days
    for post_id, posted_at, post_type, rng, lift in posts:
        model = POST_MODELS[(platform, post_type)]
        d = (posted_at.date() - first).days
        tau = model.tau * rng.uniform(0.7, 1.4)
        sponsor = None  # an #ad post for a partner brand; the partnerships began within the last 6 months
        if rng.random() < 0.06 and (end - posted_at.date()).days <= 180 and post_type not in ("story", "stream"):
            sponsor = rng.choice(spec.sponsors) if spec.sponsors else None
        caption = _caption(spec.voice, platform, post_type, posted_at, sponsor, rng)
        final = _lifetime_counters(model, followers[d], lift, spec.voice, post_type, rng)
        platform_post_id, permalink = _post_identity(platform, account.handle, post_type, uuid.UUID(post_id),
                                                     posted_at)
        data.posts.append((post_id, account_id, creator_id, platform_post_id, permalink, post_type, caption,
                           posted_at))
        for k in snapshot_days:
            captured_at = posted_at + dt.timedelta(days=k)
            if k <= model.lifetime and captured_at <= synced_at:
                share = _accrued(k, tau, model.lifetime)
                data.post_metrics.append((post_id, creator_id, captured_at,
                                          *(None if v is None else round(v * share) for v in final)))
        views, reach = final[0], final[1]
        offset = (posted_at - dt.datetime.combine(posted_at.date(), dt.time(0), UTC)) / dt.timedelta(days=1)
        for age in range(min(model.lifetime + 1, days - d)):
            step = (_accrued(max(0.0, age + 1 - offset), tau, model.lifetime)
                    - _accrued(max(0.0, age - offset), tau, model.lifetime))
            add_views[d + age] += (views or 0) * step
            add_reach[d + age] += (reach or 0) * step
        if post_type != "story":
            feed_posts_by_day[d] += 1

    _daily_rows(data, account_id, creator_id, platform, first, days, followers, rhythm,
                add_views, add_reach, feed_posts_by_day, _rng(seed, account_id, "daily"))
    if platform in AUDIENCE_PLATFORMS:
        _breakdowns(data, account_id, creator_id, platform, spec.voice, end, first,
                    _rng(seed, account_id, "audience"))


def _schedule(platform, first, days, hours, seed, account_id) -> list[tuple[dt.datetime, str]]:
    """When posts went out: (posted_at, post_type), oldest first, none on the end date (its sync ran at
    midnight). Each week is drawn from its own random stream, so a week looks the same in any window."""
    out: list[tuple[dt.datetime, str]] = []
    habits = _rng(seed, account_id, "habits")
    upload_day = habits.randrange(7)  # YouTube: the weekly video's day
    stream_days = habits.sample(range(7), 3)  # Twitch: the usual stream nights
    for monday in range(-first.weekday(), days, 7):  # day index of each Monday
        rng = _rng(seed, account_id, first + dt.timedelta(days=monday))
        week: list[tuple[int, str, float]] = []  # (weekday, post_type, UTC hour)
        if platform == "instagram":
            types, weights = zip(*_IG_MIX)
            for weekday in sorted(rng.sample(range(7), rng.choice((3, 4, 4, 5)))):
                week.append((weekday, rng.choices(types, weights)[0], rng.uniform(*hours)))
        elif platform == "tiktok":
            for weekday in range(7):
                r = rng.random()
                videos = 0 if r < 0.12 else 2 if r > 0.93 else 1
                week += [(weekday, "video", rng.uniform(*hours)) for _ in range(videos)]
        elif platform == "youtube":
            if rng.random() < 0.92:
                week.append((upload_day, "video", rng.uniform(*hours)))
            others = [w for w in range(7) if w != upload_day]
            week += [(w, "short", rng.uniform(*hours)) for w in rng.sample(others, rng.choice((2, 3, 3)))]
        elif platform == "twitch":
            week += [(w, "stream", rng.uniform(hours[1] - 1.5, hours[1] + 0.5)) for w in stream_days
                     if rng.random() < 0.9]
        for weekday, post_type, hour in week:
            t = monday + weekday
            if 0 <= t <= days - 2:
                start = dt.datetime.combine(first + dt.timedelta(days=t), dt.time(0), UTC)
                out.append((start + dt.timedelta(minutes=round(hour * 60)), post_type))
    return sorted(out)


def _follower_curve(size, first, days, rhythm, spikes, rng) -> list[int]:
    """Followers per day: logistic-ish daily gains × weekday rhythm × noise, plus bursts after viral
    posts, scaled so that the last day is within 2 % of `size`."""
    target = round(size * rng.uniform(0.98, 1.02))
    start = target * rng.uniform(0.4, 0.6) ** (days / DEFAULT_DAYS)  # 18 months: 40-60 % of today
    k, mid = rng.uniform(4, 7), rng.uniform(0.3, 0.7)
    gains = []
    for t in range(days):
        s = 1 / (1 + math.exp(-k * (t / (days - 1) - mid)))
        base = 0.35 + 4 * s * (1 - s)
        gains.append(base * rhythm[(first + dt.timedelta(days=t)).weekday()] * math.exp(rng.gauss(0, 0.3)) - 0.05)
    mean = sum(gains) / days
    for d, lift in spikes:
        burst = mean * rng.uniform(8, 16) * lift / 5
        for j in range(6):
            if d + j < days:
                gains[d + j] += burst * 0.5 ** (j + 1)
    total, acc, out = sum(gains), 0.0, []
    for g in gains:
        acc += g
        out.append(max(0, round(start + (target - start) * acc / total)))
    return out


def _lifetime_counters(model, followers, viral, voice, post_type, rng):
    """A post's 30-day totals: views, reach, likes, comments, shares, saves, link_clicks (None: not reported)."""
    reach = followers * model.reach * math.exp(rng.gauss(0, model.spread)) * viral
    views = max(1, round(reach * rng.uniform(*model.views)))
    if all(r is None for r in model.rates):
        return views, None, None, None, None, None, None
    reach = max(1, round(reach))
    nano = min(1.4, max(0.85, (10_000 / max(followers, 1)) ** 0.15))  # smaller audiences engage more
    damp = 0.8 if viral > 1 else 1.0  # strangers engage less than followers
    counts = [None if r is None else round(reach * r * f * nano * damp * math.exp(rng.gauss(0, 0.25)))
              for r, f in zip(model.rates, _VOICE_RATES[voice])]
    link_clicks = round(reach * rng.uniform(0.003, 0.012)) if post_type == "story" else None
    return (views, reach, *counts, link_clicks)


def _accrued(age_days: float, tau: float, lifetime: int) -> float:
    """Share of a post's lifetime counters reached after age_days: rises fast, then flattens at 1."""
    if age_days >= lifetime:
        return 1.0
    return (1 - math.exp(-age_days / tau)) / (1 - math.exp(-lifetime / tau))


def _daily_rows(data, account_id, creator_id, platform, first, days, followers, rhythm,
                add_views, add_reach, feed_posts_by_day, rng):
    model = ACCOUNT_MODELS[platform]
    following = rng.randint(*model.following) if model.following else None
    posts = rng.randint(*model.prior_posts) if model.prior_posts else None
    for t in range(days):
        day = first + dt.timedelta(days=t)
        f = followers[t]
        level = rhythm[day.weekday()] * math.exp(rng.gauss(0, 0.15))
        reach = views = profile_views = None
        if model.reach is not None:
            reach = round(f * model.reach * level + 0.85 * add_reach[t])
        if model.views is not None:
            views = max(reach or 0, round(f * model.views * level + add_views[t]))
        if model.profile_views is not None:
            profile_views = round(f * model.profile_views * level + 0.015 * add_reach[t])
        if following is not None:
            r = rng.random()
            following = max(0, following + (1 if r < 0.15 else -1 if r > 0.95 else 0))
        if posts is not None:
            posts += feed_posts_by_day[t]
        data.account_daily.append((account_id, creator_id, day, f, following, posts, reach, views, profile_views))


# -- audience ---------------------------------------------------------------------------------------
AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
AUDIENCES = {
    "fashion": {
        "age": dict(zip(AGE_BANDS, (3, 31, 38, 16, 7, 3, 2))),
        "gender": {"female": 79, "male": 18, "unknown": 3},
        "country": {"GB": 46, "US": 17, "NG": 6, "IE": 5, "CA": 4, "AU": 4, "DE": 3, "Other": 15},
        "city": {"London, England": 24, "Manchester, England": 5, "Bristol, England": 4, "Lagos, Nigeria": 4,
                 "New York, New York": 3, "Dublin, Ireland": 3, "Other": 57},
    },
    "games": {
        "age": dict(zip(AGE_BANDS, (6, 34, 36, 15, 6, 2, 1))),
        "gender": {"male": 71, "female": 25, "unknown": 4},
        "country": {"DE": 38, "US": 18, "AT": 7, "CH": 5, "GB": 5, "PL": 4, "NL": 4, "Other": 19},
        "city": {"Berlin, Germany": 11, "Hamburg, Germany": 5, "Munich, Germany": 5, "Vienna, Austria": 4,
                 "Cologne, Germany": 3, "Zurich, Switzerland": 2, "Other": 70},
    },
    "food": {
        "age": dict(zip(AGE_BANDS, (2, 22, 39, 23, 9, 3, 2))),
        "gender": {"female": 71, "male": 27, "unknown": 2},
        "country": {"AE": 30, "SA": 18, "GB": 10, "EG": 8, "US": 7, "JO": 5, "KW": 4, "Other": 18},
        "city": {"Dubai, United Arab Emirates": 17, "Riyadh, Saudi Arabia": 8, "Abu Dhabi, United Arab Emirates": 6,
                 "Jeddah, Saudi Arabia": 5, "London, England": 4, "Cairo, Egypt": 4, "Amman, Jordan": 3, "Other": 53},
    },
}
_TIKTOK_AGE_TILT = dict(zip(AGE_BANDS, (2.0, 1.4, 1.0, 0.6, 0.5, 0.4, 0.4)))


def month_starts(end: dt.date, months: int = 3) -> list[dt.date]:
    """The first day of the last `months` months, oldest first (the end date's month included)."""
    y, m = end.year, end.month
    out = []
    for _ in range(months):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def exact_shares(weights: dict[str, float], places: int = 5) -> dict[str, Decimal]:
    """Weights → shares rounded to `places` decimals that sum to exactly 1 (largest remainder)."""
    scale = 10 ** places
    total = sum(weights.values())
    raw = {k: w / total * scale for k, w in weights.items()}
    units = {k: math.floor(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: (units[k] - raw[k], k))[: scale - sum(units.values())]:
        units[k] += 1
    return {k: Decimal(u).scaleb(-places) for k, u in units.items()}


def _breakdowns(data, account_id, creator_id, platform, voice, end, first, rng):
    tilted = {}
    for dimension, weights in AUDIENCES[voice].items():
        tilt = _TIKTOK_AGE_TILT if platform == "tiktok" and dimension == "age" else {}
        tilted[dimension] = {b: w * tilt.get(b, 1.0) * math.exp(rng.gauss(0, 0.15)) for b, w in weights.items()}
    for as_of in [d for d in month_starts(end) if d >= first]:
        for dimension, weights in tilted.items():
            drifted = {b: w * math.exp(rng.gauss(0, 0.04)) for b, w in weights.items()}
            for bucket, share in exact_shares(drifted).items():
                data.breakdowns.append((account_id, creator_id, as_of, dimension, bucket, share))


# -- platform identifiers and links -----------------------------------------------------------------
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _b64(n: int, width: int) -> str:
    chars = []
    for _ in range(width):
        n, r = divmod(n, 64)
        chars.append(_B64[r])
    return "".join(reversed(chars))


def _account_platform_id(platform: str, account_uuid: uuid.UUID) -> str:
    n = account_uuid.int
    if platform == "instagram":
        return str(17_841_400_000_000_000 + n % 10**11)
    if platform == "tiktok":
        return "-000" + _b64(n, 28)
    if platform == "youtube":
        return "UC" + _b64(n, 22)
    if platform == "twitch":
        return str(100_000_000 + n % 900_000_000)
    created = dt.datetime(2019, 1, 1, tzinfo=UTC) + dt.timedelta(minutes=n % 2_000_000)  # a Discord snowflake
    return str((int(created.timestamp() * 1000) - 1_420_070_400_000) << 22 | (n & 0x3FFFFF))


def _post_identity(platform, handle, post_type, post_uuid: uuid.UUID, posted_at) -> tuple[str, str]:
    """(platform_post_id, permalink) shaped like the platform's own."""
    n = post_uuid.int
    if platform == "instagram":
        media_id = str(17_800_000_000_000_000 + n % 10**15)
        if post_type == "story":
            return media_id, f"https://www.instagram.com/stories/{handle}/{3_100_000_000_000_000_000 + n % 10**17}/"
        return media_id, f"https://www.instagram.com/p/C{_b64(n >> 64, 10)}/"
    if platform == "tiktok":
        video_id = str(int(posted_at.timestamp()) << 32 | (n & 0xFFFFFFFF))  # TikTok ids start with the time
        return video_id, f"https://www.tiktok.com/@{handle}/video/{video_id}"
    if platform == "youtube":
        video_id = _b64(n >> 62, 11)
        page = f"shorts/{video_id}" if post_type == "short" else f"watch?v={video_id}"
        return video_id, f"https://www.youtube.com/{page}"
    video_id = str(2_000_000_000 + n % 10**9)
    return video_id, f"https://www.twitch.tv/videos/{video_id}"


# -- captions ---------------------------------------------------------------------------------------
VOICES = {
    "fashion": {
        "fill": {
            "item": ("linen blazer", "wool coat", "slip dress", "denim jacket", "trench coat", "cable-knit jumper",
                     "pair of wide-leg trousers", "vintage silk scarf", "corduroy skirt", "chore jacket"),
            "place": ("Brixton", "Hackney", "Peckham", "Camden", "Walthamstow", "Brick Lane", "Deptford"),
        },
        "reel": ("Styling one {item} {n} ways for {season} 🌿 #slowfashion #capsulewardrobe",
                 "Thrift haul: everything under £{price} from {place} ♻️ #thrifthaul #secondhandfirst",
                 "Visible mending on my favourite {item} 🧵 #visiblemending #lovedclothes",
                 "Get ready with me: {n} pieces, all secondhand #sustainablestyle",
                 "Charity shop challenge in {place}: a full {season} outfit for £{price}"),
        "carousel": ("{n} ways to wear a {item} — swipe for the last one 👉 #outfitinspo #slowfashion",
                     "Everything I wore this week, {pct}% secondhand. Which day is your favourite?",
                     "Care guide: how I keep my {item} going for ten years 🧺",
                     "My {season} capsule: {n} pieces, endless outfits #capsulewardrobe"),
        "image": ("Golden hour in {place}, wearing a {item} I've owned since {year} ✨",
                  "Rewearing this {item} for the {nth} time this year. Outfit repeating is a flex.",
                  "Swap shop finds from {place} 💚 #clothesswap"),
        "story": ("Poll: {item} with boots or trainers?", "Behind the scenes at the {place} swap shop",
                  "New mending tutorial is up — link in bio", "Q&A: ask me anything about building a capsule"),
        "tiktok/video": ("POV: you stopped buying fast fashion and your wardrobe got better #sustainablefashion",
                         "Rating charity shop finds in {place} out of 10 #thrifttok",
                         "How to spot good fabric in ten seconds #slowfashion",
                         "Declutter with me: keep, mend or swap? #capsulewardrobe",
                         "This {item} cost £{price} secondhand and I'll wear it for years #thriftflip"),
        "video": ("I only wore secondhand clothes for a year: here's what I learned",
                  "Building a {season} capsule wardrobe from charity shops"),
        "short": ("{item}, three ways #shorts", "Thrift flip in 60 seconds #shorts"),
        "ad": ("#ad Paid partnership with {brand}: styling their {season} pieces {n} ways 🌿",
               "#ad Thanks {brand} for sponsoring this one — code {code} gets you 15% off",
               "#ad I've been trying {brand} for a month. Honest thoughts in the caption 👇"),
    },
    "games": {
        "fill": {
            "game": ("Hollow Knight", "Celeste", "Hades", "Balatro", "Dave the Diver", "Tunic", "Outer Wilds",
                     "Sea of Stars", "Dredge", "Cult of the Lamb", "Animal Well", "Slay the Spire", "A Short Hike"),
        },
        "video": ("{game} is the best indie game you haven't played",
                  "I played {n} hidden-gem roguelikes so you don't have to",
                  "Why {game} made me cry (review, no spoilers)",
                  "Devlog #{k}: building my first game in Godot",
                  "Top {n} cozy indie games for {season}",
                  "{game}: 100% completion, every secret explained"),
        "short": ("This {game} trick saves you hours #shorts", "{game} in 30 seconds #indiegames",
                  "The hardest boss in {game}, first try? #shorts"),
        "tiktok/video": ("{game} has no right to be this good #indiegames",
                         "Hidden gem alert: {game} #gamingtiktok"),
        "stream": ("Blind playthrough: {game}, part {k}", "Chill Sunday stream: {game} + community picks",
                   "Steam Next Fest demo marathon!", "{game} until I beat it (I will not beat it)"),
        "ad": ("#ad Sponsored by {brand}: first look at their new game",
               "#ad {brand} sent me an early build — here's my honest take",
               "#ad Playing {brand}'s new demo. Wishlist link below!"),
    },
    "food": {
        "fill": {
            "dish": ("mujaddara", "shakshuka with tofu", "lentil kofta", "falafel bowls", "baba ganoush",
                     "mushroom shawarma", "stuffed vine leaves", "chickpea fatteh", "maqluba",
                     "harissa cauliflower", "foul medames", "freekeh salad"),
            "side": ("hummus", "tahini sauce", "flatbread", "pickled turnips", "tabbouleh", "zhoug"),
            "place": ("Al Quoz", "Ripe Market", "Karama", "Deira"),
        },
        "reel": ("{dish} in {minutes} minutes, fully plant-based 🌱 Recipe below",
                 "One-pot {dish} for busy weeknights #plantbased #easyrecipes",
                 "Meal prep Sunday: {n} lunches for under AED {price} 🥗",
                 "My go-to {side}: it goes with everything #vegan"),
        "carousel": ("{n} high-protein plant-based breakfasts — save this for later 📌",
                     "Pantry staples I always have: swipe for the full list",
                     "My {dish}, step by step 👉 #plantbasedrecipes"),
        "image": ("{dish} with homemade {side}. Would you try this?", "Weekend brunch spread 🌿 #veganbrunch",
                  "Nothing beats {side} made from scratch"),
        "story": ("Which should I cook next: {dish} or more {side}?", "Grocery run at {place}",
                  "Full {dish} recipe — link in bio", "Taste test: store-bought vs homemade {side}"),
        "video": ("I ate plant-based for a week on AED {price}", "{dish}: my grandmother's recipe, made vegan",
                  "{n} Middle Eastern dishes that are already vegan", "Full meal prep: {n} dishes in 2 hours"),
        "short": ("{dish} in 60 seconds #shorts", "The easiest {side} you'll ever make #shorts"),
        "tiktok/video": ("{dish} but make it vegan #plantbased", "What I eat in a day in Dubai #vegan"),
        "ad": ("#ad Made with {brand}'s pantry box: {dish} for the whole family",
               "#ad Paid partnership with {brand} — code {code} for 20% off your first order",
               "#ad My go-to {side}, made with {brand} 🌱"),
    },
}
_SEASONS = ("winter", "winter", "spring", "spring", "spring", "summer", "summer", "summer",
            "autumn", "autumn", "autumn", "winter")


def _caption(voice, platform, post_type, posted_at, sponsor, rng) -> str:
    words = VOICES[voice]
    fills = {key: rng.choice(options) for key, options in words["fill"].items()}
    fills.update(season=_SEASONS[posted_at.month - 1], n=rng.randint(3, 7), k=rng.randint(2, 48),
                 price=rng.choice((8, 12, 15, 20, 25, 60, 80, 120)), pct=rng.choice((70, 80, 90, 100)),
                 year=rng.randint(2014, 2021), nth=rng.choice(("4th", "6th", "9th", "12th")),
                 minutes=rng.choice((15, 20, 25, 30)), brand=sponsor or "",
                 code=f"{voice.upper()[:4]}{rng.randint(10, 25)}")
    templates = words["ad"] if sponsor else words.get(f"{platform}/{post_type}") or words[post_type]
    text = rng.choice(templates).format(**fills)
    return text[0].upper() + text[1:]
