"""One connector per platform, each following that platform's documented API (see each module)."""
from __future__ import annotations

from services.connectors import discord, instagram, reddit, tiktok, twitch, youtube
from services.connectors.base import Connector

CONNECTORS: dict[str, Connector] = {c.platform: c for c in (
    instagram.CONNECTOR, tiktok.CONNECTOR, youtube.CONNECTOR, twitch.CONNECTOR, reddit.CONNECTOR, discord.CONNECTOR)}


def connector_for(platform: str) -> Connector:
    try:
        return CONNECTORS[platform]
    except KeyError:
        from services.errors import ValidationError
        raise ValidationError(f"The portal has no connector for {platform!r}.") from None
