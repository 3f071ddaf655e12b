"""One connector per platform, each following that platform's documented API (see each module)."""
from __future__ import annotations

from services.accounts.connectors import discord
from services.accounts.connectors import instagram
from services.accounts.connectors import reddit
from services.accounts.connectors import tiktok
from services.accounts.connectors import twitch
from services.accounts.connectors import youtube
from services.accounts.connectors.base import Connector

CONNECTORS: dict[str, Connector] = {c.platform: c for c in (
    instagram.CONNECTOR, tiktok.CONNECTOR, youtube.CONNECTOR, twitch.CONNECTOR, reddit.CONNECTOR, discord.CONNECTOR)}


def connector_for(platform: str) -> Connector:
    try:
        return CONNECTORS[platform]
    except KeyError:
        from services.core.errors import ValidationError
        raise ValidationError("The portal has no connector for {platform}.", platform=repr(platform)) from None
