-- A click's country, when the operator gives the portal a GeoIP country database ([portal] geoip_database; off by
-- default). The link server looks the visitor's address up in memory and sends only the two-letter ISO 3166-1 code;
-- the address is never stored. Without a database, or for an address the database does not know, the country is
-- null. The creator and the deal's brand see people's first clicks per country for the links they may see.

alter table public.link_clicks
  add column country text constraint link_clicks_country_check check (country is null or country ~ '^[A-Z]{2}$');
comment on column public.link_clicks.country is 'ISO 3166-1 alpha-2 code of the visitor''s country from the operator''s GeoIP database, or null (no database, unknown address). Never the address.';
comment on table public.link_clicks is 'One click on a tracked link: when, which link, the referrer''s host, a device class, bot or person, repeat of the same visitor''s click, and (with a GeoIP database) the country. No address, user agent or cookie.';

-- Records a batch of clicks: [{"link_id", "at", "referrer_host", "device", "bot", "repeat", "country"}] ("country"
-- may be missing: clicks spooled by an older version). Clicks on a link that no longer exists are dropped; a click's
-- row is built from the link (creator, brand, offer), never from the caller.
-- replaces public.record_link_clicks from the baseline: it also writes each click's country (null when not given)
create or replace function public.record_link_clicks(p_clicks jsonb) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  written integer;
begin
  if jsonb_typeof(p_clicks) is distinct from 'array' then
    raise exception 'clicks come as a JSON array' using errcode = '22023';
  end if;
  insert into public.link_clicks (link_id, creator_id, brand_id, offer_id, clicked_at, referrer_host, device, bot, repeat,
                                  country)
  select l.id, l.creator_id, l.brand_id, l.offer_id, c.at, nullif(c.referrer_host, ''), c.device,
         coalesce(c.bot, false), coalesce(c.repeat, false), nullif(c.country, '')
  from rows from (jsonb_to_recordset(p_clicks) as (link_id uuid, at timestamptz, referrer_host text, device text,
                                                    bot boolean, repeat boolean, country text))
       with ordinality as c (link_id, at, referrer_host, device, bot, repeat, country, n)
  join public.tracked_links l on l.id = c.link_id
  order by c.n;
  get diagnostics written = row_count;
  return written;
end
$$;
comment on function public.record_link_clicks(jsonb) is 'The redirect route''s batch writer: one row per click, nothing personal (portal_links or service_role only); the country only as a two-letter code.';
revoke execute on function public.record_link_clicks(jsonb) from public, anon, authenticated;
grant execute on function public.record_link_clicks(jsonb) to portal_links, service_role;

-- People's first clicks (no bots, no repeats) per link and country, for the links the caller may see (RLS on
-- link_clicks decides); clicks without a country are left out.
create function public.link_click_countries(p_link_ids uuid[])
returns table (link_id uuid, country text, clicks bigint)
language sql stable security invoker set search_path = '' as $$
  select c.link_id, c.country, count(*)
  from public.link_clicks c
  where c.link_id = any(p_link_ids) and c.country is not null and not c.bot and not c.repeat
  group by c.link_id, c.country
$$;
comment on function public.link_click_countries(uuid[]) is 'People''s first clicks per link and country (from the operator''s GeoIP database) for the links the caller may see.';
revoke execute on function public.link_click_countries(uuid[]) from public, anon;
grant execute on function public.link_click_countries(uuid[]) to authenticated, service_role;
