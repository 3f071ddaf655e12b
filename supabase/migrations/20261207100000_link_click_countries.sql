-- A click's country, when the operator gives the portal a GeoIP country database ([portal] geoip_database; off by
-- default). The link server looks the visitor's address up in memory and sends only the two-letter ISO 3166-1 code;
-- the address is never stored. Without a database, or for an address the database does not know, the country is
-- null. The creator and the deal's brand see people's first clicks per country for the links they may see.

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
