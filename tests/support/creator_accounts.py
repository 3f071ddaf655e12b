"""Creators in tests hold accounts on the platforms their offers ask for: an offer's deliverables must be on a
platform the creator has an account on (supabase/migrations/20261205070000_offers_on_the_creators_platforms.sql)."""
from __future__ import annotations

import uuid

from services.core.db.gateway import Person
from services.core.db.postgres import PostgresGateway


def give_accounts(pool, creator: Person, *platforms: str) -> list[str]:
    """Imported accounts for the creator on each platform (Instagram when none is named), made as the creator;
    returns their ids."""
    gw = PostgresGateway(pool, creator)
    ids = []
    for platform in platforms or ("instagram",):
        code = uuid.uuid4().hex[:10]
        ids.append(gw.insert("social_accounts", [{"creator_id": creator.id, "platform": platform,
                                                  "handle": f"{platform}{code[:6]}", "platform_account_id": code,
                                                  "status": "imported"}])[0]["id"])
    return ids
