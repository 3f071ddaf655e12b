-- Offers only on platforms the creator has: a deliverable on a platform where the creator has no account on
-- the portal (connected or imported, any state but disconnected) cannot be posted or verified, so no offer may
-- ask for one. A trigger on public.offer_items refuses such an item whoever writes it: create_offer,
-- update_offer_draft, counter_offer and log_offer all write items through app.apply_terms, so each of them
-- is refused with the same message Python shows first (services/offers/offers.py, platforms_message).
--
-- A brand partner cannot read the creator's social_accounts under RLS; public.creator_platforms gives the
-- creator and their invited partners just the platform keys, so the new-offer form can list what is possible.

-- The deal-taking platforms a creator has an account on, in the platforms' order.
create function app.creator_platform_keys(p_creator uuid) returns text[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(p.key order by p.position), '{}')
  from public.platforms p
  where exists (select 1 from public.deliverable_formats f where f.platform = p.key)
    and exists (select 1 from public.social_accounts a
                where a.creator_id = p_creator and a.platform = p.key and a.status <> 'disconnected')
$$;
comment on function app.creator_platform_keys(uuid) is 'The platforms (that take deals) a creator has an account on, connected or imported, in display order.';
revoke execute on function app.creator_platform_keys(uuid) from public, anon, authenticated;

-- The creator themselves, or a brand partner they invited: anyone else is refused.
create function public.creator_platforms(p_creator_id uuid) returns text[]
language plpgsql stable security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
begin
  perform app.require_signed_in();
  if p_creator_id is distinct from uid and not exists (
      select 1 from public.creator_partners cp where cp.creator_id = p_creator_id and cp.partner_id = uid) then
    raise exception 'you can see the platforms only of creators who invited you' using errcode = '42501';
  end if;
  return app.creator_platform_keys(p_creator_id);
end
$$;
comment on function public.creator_platforms(uuid) is 'The platform keys a creator has an account on, for the creator and the brand partners they invited.';
revoke execute on function public.creator_platforms(uuid) from public, anon;
grant execute on function public.creator_platforms(uuid) to authenticated, service_role;

-- The refusal, in the words Python uses: "Maya Okafor has no Twitch account on the portal: offer deliverables
-- only on Instagram, TikTok." (or, with no account at all, that offers cannot be sent yet).
create function app.offer_item_on_creators_platform() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_creator uuid;
  v_name text;
  have text[];
begin
  select o.creator_id, p.display_name into v_creator, v_name
  from public.offers o join public.profiles p on p.id = o.creator_id
  where o.id = new.offer_id;
  have := app.creator_platform_keys(v_creator);
  if new.platform = any(have) then
    return new;
  end if;
  if cardinality(have) = 0 then
    raise exception '% has not connected any account on the portal yet: offers cannot be sent to them.', v_name
      using errcode = '22023';
  end if;
  raise exception '% has no % account on the portal: offer deliverables only on %.', v_name,
    (select p.label from public.platforms p where p.key = new.platform),
    (select string_agg(p.label, ', ' order by p.position) from public.platforms p where p.key = any(have))
    using errcode = '22023';
end
$$;
comment on function app.offer_item_on_creators_platform() is 'Refuses an offer item on a platform the creator has no account on.';
revoke execute on function app.offer_item_on_creators_platform() from public, anon, authenticated;

create trigger offer_items_on_creators_platforms
  before insert or update of platform on public.offer_items
  for each row execute function app.offer_item_on_creators_platform();
