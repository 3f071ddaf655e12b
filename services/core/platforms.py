"""The platforms the portal knows: the one list Python reads. public.platforms and
public.deliverable_formats (supabase/migrations/20261128000100_core.sql) hold the same facts for SQL, and
tests/core/test_platforms.py keeps the two equal.

- key, label: as stored and as shown ("tiktok", "TikTok"); brand names are not translated.
- colour: the platform's colour in charts.
- er_by_views: views are what the platform counts, so engagement rate by views applies.
- link_hosts: the hosts a deliverable's permalink on the platform may point to.
- deliverable_formats: the formats a brand deal can ask for there; none means the platform takes no deals."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    colour: str
    er_by_views: bool = False
    link_hosts: tuple[str, ...] = ()
    deliverable_formats: tuple[str, ...] = ()

    @property
    def takes_deals(self) -> bool:
        return bool(self.deliverable_formats)


ALL: tuple[Platform, ...] = (
    Platform("instagram", "Instagram", "#C13584", link_hosts=("instagram.com", "www.instagram.com"),
             deliverable_formats=("reel", "image", "carousel", "story", "stream")),
    Platform("tiktok", "TikTok", "#111111", er_by_views=True,
             link_hosts=("tiktok.com", "www.tiktok.com", "vm.tiktok.com", "m.tiktok.com"),
             deliverable_formats=("video", "story", "stream")),
    Platform("youtube", "YouTube", "#E62117", er_by_views=True,
             link_hosts=("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
             deliverable_formats=("video", "short", "stream")),
    Platform("twitch", "Twitch", "#9146FF", er_by_views=True,
             link_hosts=("twitch.tv", "www.twitch.tv", "clips.twitch.tv"), deliverable_formats=("stream",)),
    Platform("reddit", "Reddit", "#FF4500"),
    Platform("discord", "Discord", "#5865F2"),
)

BY_KEY: dict[str, Platform] = {p.key: p for p in ALL}
KEYS: tuple[str, ...] = tuple(p.key for p in ALL)
LABELS: dict[str, str] = {p.key: p.label for p in ALL}
COLOURS: dict[str, str] = {p.key: p.colour for p in ALL}
VIEWS_KEYS: tuple[str, ...] = tuple(p.key for p in ALL if p.er_by_views)
DEAL_KEYS: tuple[str, ...] = tuple(p.key for p in ALL if p.takes_deals)


def label(key: str | None) -> str:
    """The platform's display label; an unknown key is shown as it is."""
    return LABELS.get(key, key or "")
