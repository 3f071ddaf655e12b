-- Tracked links and promo codes per deliverable: clicks counted by the portal itself, first-party and without
-- personal data; promo-code redemptions imported from the brand's shop files or entered by the brand.
--
-- * A tracked link is <portal>/l/<code>: the portal's own route answers it with a redirect to the brand's target
--   with UTM parameters added (utm_source = platform, utm_medium = influencer, utm_campaign = the offer,
--   utm_content = the deliverable). Its code is made here, 14 characters drawn uniformly from 62 with the
--   server's strong random source (gen_random_uuid): 83 bits, so guessing finds nothing. A code never changes
--   target: the row keeps its code, target and destination for ever (a trigger refuses any change but revocation),
--   and a revoked code is never given out again (the code stays unique).
-- * The redirect reads and writes only through two functions that only the link server's identity may call: the
--   role portal_links (taken with `set local role` on the portal's own database connection) or Supabase's
--   service_role. People's sessions never write clicks.
-- * A click keeps the time, the link, the referrer's host, a device class, whether a bot or link-preview fetcher
--   made it and whether it repeats a visitor's click of the last minutes. Nothing else: no address, no user agent,
--   no cookie, no visitor hash (the dedup hash lives in the server's memory only).
-- * Promo codes belong to an offer (and optionally one deliverable); a code is unique within a brand (its shop).
--   Redemptions are per code and day, marked imported (from the brand's shop files, all of a file or nothing) or
--   entered by the brand.
-- * Reading: the creator sees their own links, codes, clicks and redemptions; the offer's brand sees the ones on
--   its deals; visitors nothing (their only way in is a shared report, which carries the figures).

-- The link server's database identity -------------------------------------------------------------------------

select app.ensure_process_role('portal_links');
comment on role portal_links is 'The portal''s redirect route: the only role besides service_role that resolves link codes and records clicks.';
grant usage on schema public to portal_links;

-- Tables --------------------------------------------------------------------------------------------------------

create table public.tracked_links (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Za-z0-9]{14}$'),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  offer_id uuid not null references public.offers (id) on delete cascade,
  deliverable_id uuid references public.deliverables (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  platform text not null references public.platforms (key),
  label text check (label is null or length(btrim(label)) between 1 and 80),
  target_url text not null check (length(target_url) <= 2000 and target_url ~ '^https?://[^\s/?#]+'),
  destination text not null check (length(destination) <= 2600 and destination ~ '^https?://[^\s/?#]+'),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default app.now(),
  revoked_at timestamptz
);
comment on table public.tracked_links is 'A short link <portal>/l/<code> to a brand''s page for one deal (and optionally one deliverable): its target, the destination with UTM parameters, revocation.';
alter table public.tracked_links enable row level security;
create index tracked_links_creator_id_idx on public.tracked_links (creator_id, created_at);
create index tracked_links_brand_id_idx on public.tracked_links (brand_id);
create index tracked_links_offer_id_idx on public.tracked_links (offer_id);
create index tracked_links_deliverable_id_idx on public.tracked_links (deliverable_id);

create table public.link_clicks (
  id bigint generated always as identity primary key,
  link_id uuid not null references public.tracked_links (id) on delete cascade,
  creator_id uuid not null,
  brand_id uuid,
  offer_id uuid not null,
  clicked_at timestamptz not null,
  referrer_host text check (referrer_host is null or referrer_host ~ '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$'),
  device text not null check (device in ('mobile', 'tablet', 'desktop', 'other')),
  bot boolean not null default false,
  repeat boolean not null default false,
  country text constraint link_clicks_country_check check (country is null or country ~ '^[A-Z]{2}$')
);
comment on table public.link_clicks is 'One click on a tracked link: when, which link, the referrer''s host, a device class, bot or person, repeat of the same visitor''s click, and (with a GeoIP database) the country. No address, user agent or cookie.';
comment on column public.link_clicks.country is 'ISO 3166-1 alpha-2 code of the visitor''s country from the operator''s GeoIP database, or null (no database, unknown address). Never the address.';
alter table public.link_clicks enable row level security;
create index link_clicks_link_id_idx on public.link_clicks (link_id, clicked_at);
create index link_clicks_creator_id_idx on public.link_clicks (creator_id, clicked_at);
create index link_clicks_brand_id_idx on public.link_clicks (brand_id);
create index link_clicks_offer_id_idx on public.link_clicks (offer_id);

create table public.promo_codes (
  id uuid primary key default gen_random_uuid(),
  code text not null check (code ~ '^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$'),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  offer_id uuid not null references public.offers (id) on delete cascade,
  deliverable_id uuid references public.deliverables (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  shop_key text not null,  -- the shop the code lives in: the brand, or the creator's own logged deal's brand name
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default app.now(),
  revoked_at timestamptz
);
comment on table public.promo_codes is 'A discount code a brand''s shop gives out for one deal (and optionally one deliverable); unique within the shop, case-insensitively.';
alter table public.promo_codes enable row level security;
create unique index promo_codes_one_code_per_shop_idx on public.promo_codes (shop_key, upper(code));
create index promo_codes_creator_id_idx on public.promo_codes (creator_id);
create index promo_codes_brand_id_idx on public.promo_codes (brand_id);
create index promo_codes_offer_id_idx on public.promo_codes (offer_id);
create index promo_codes_deliverable_id_idx on public.promo_codes (deliverable_id);

create table public.promo_imports (
  id uuid primary key default gen_random_uuid(),
  brand_id uuid not null references public.brands (id) on delete cascade,
  imported_by uuid references public.profiles (id) on delete set null,
  imported_at timestamptz not null default app.now(),
  file_name text not null check (length(file_name) between 1 and 255),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_format text not null check (file_format in ('shopify', 'woocommerce_orders', 'generic')),
  summary jsonb not null default '{}'::jsonb,
  unique (brand_id, file_sha256)
);
comment on table public.promo_imports is 'Each shop file a brand imported redemptions from: which file (SHA-256), its format, what it changed and the codes it named that belong to no offer.';
alter table public.promo_imports enable row level security;
create index promo_imports_imported_by_idx on public.promo_imports (imported_by);

create table public.promo_redemptions (
  id bigint generated always as identity primary key,
  promo_code_id uuid not null references public.promo_codes (id) on delete cascade,
  creator_id uuid not null,
  brand_id uuid,
  offer_id uuid not null,
  day date not null,
  orders integer not null check (orders between 0 and 100000000),
  revenue numeric not null check (revenue > -1000000000000 and revenue < 1000000000000),  -- a day of returns can be < 0
  currency char(3) not null references public.currencies (code),
  source text not null check (source in ('import', 'brand')),
  import_id uuid references public.promo_imports (id) on delete set null,
  entered_by uuid references public.profiles (id) on delete set null,
  entered_at timestamptz not null default app.now(),
  unique (promo_code_id, day, source)
);
comment on table public.promo_redemptions is 'Orders and revenue one promo code brought on one day: imported from the brand''s shop or entered by the brand (the latest import or entry of a day stands).';
alter table public.promo_redemptions enable row level security;
create index promo_redemptions_creator_id_idx on public.promo_redemptions (creator_id, day);
create index promo_redemptions_brand_id_idx on public.promo_redemptions (brand_id);
create index promo_redemptions_offer_id_idx on public.promo_redemptions (offer_id);
create index promo_redemptions_import_id_idx on public.promo_redemptions (import_id);

-- Policies: read only; every write goes through the functions below ----------------------------------------------

create policy "Creators and the deal's brand can view tracked links" on public.tracked_links
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));
create policy "Creators and the deal's brand can view link clicks" on public.link_clicks
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));
create policy "Creators and the deal's brand can view promo codes" on public.promo_codes
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));
create policy "Brand members can view their brand's promo imports" on public.promo_imports
  for select to authenticated using (app.is_brand_member(brand_id));
create policy "Creators and the deal's brand can view promo redemptions" on public.promo_redemptions
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

revoke all on public.tracked_links, public.link_clicks, public.promo_codes, public.promo_imports,
  public.promo_redemptions from anon;
revoke insert, update, delete, truncate on public.tracked_links, public.link_clicks, public.promo_codes,
  public.promo_imports, public.promo_redemptions from authenticated;

-- A code never changes target; only revocation may change a link (or a promo code) once made.
create function app.links_keep_their_target() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (to_jsonb(new) - 'revoked_at') is distinct from (to_jsonb(old) - 'revoked_at')
     and (to_jsonb(new) - 'revoked_at' - 'brand_id' - 'created_by')
         is distinct from (to_jsonb(old) - 'revoked_at' - 'brand_id' - 'created_by') then
    raise exception 'a % keeps its code and target: revoke it and make a new one', replace(tg_table_name, '_', ' ')
      using errcode = '42501';
  end if;
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked % stays revoked', replace(tg_table_name, '_', ' ') using errcode = '42501';
  end if;
  return new;
end
$$;
revoke execute on function app.links_keep_their_target() from public;
create trigger tracked_links_keep_their_target before update on public.tracked_links
  for each row execute function app.links_keep_their_target();
create trigger promo_codes_keep_their_code before update on public.promo_codes
  for each row execute function app.links_keep_their_target();

-- Helpers ----------------------------------------------------------------------------------------------------------

-- Percent-encodes text for a URL query value (RFC 3986 unreserved characters stay).
create function app.url_encode(p_text text) returns text
language sql immutable strict set search_path = '' as $$
  select coalesce(string_agg(
           case when b between 48 and 57 or b between 65 and 90 or b between 97 and 122 or b in (45, 46, 95, 126)
                then chr(b) else '%' || upper(lpad(to_hex(b), 2, '0')) end, '' order by i), '')
  from (select i, get_byte(convert_to(p_text, 'UTF8'), i) as b
        from generate_series(0, octet_length(convert_to(p_text, 'UTF8')) - 1) i) x
$$;

-- A lowercase slug of a campaign or deliverable for a UTM value ("Spring Jacket 2026" → "spring-jacket-2026").
create function app.utm_slug(p_text text) returns text
language sql immutable strict set search_path = '' as $$
  select left(coalesce(nullif(btrim(regexp_replace(lower(p_text), '[^[:alnum:]]+', '-', 'g'), '-'), ''), 'link'), 80)
$$;

-- The target with the UTM parameters added before any #fragment; a key the brand already put in its URL stays as
-- the brand wrote it.
create function app.with_utm(p_target text, p_params text[]) returns text  -- p_params: pairs, array[[key, value], …]
language plpgsql immutable set search_path = '' as $$
declare
  base text := split_part(p_target, '#', 1);
  fragment text := case when position('#' in p_target) > 0 then substr(p_target, position('#' in p_target)) else '' end;
  added text := '';
  pair text[];
begin
  foreach pair slice 1 in array p_params loop
    if pair[2] is not null and base !~ ('[?&]' || pair[1] || '=') then
      added := added || '&' || pair[1] || '=' || app.url_encode(pair[2]);
    end if;
  end loop;
  if added = '' then
    return p_target;
  end if;
  return base || case when position('?' in base) = 0 then '?' || substr(added, 2)
                      when base ~ '[?&]$' then substr(added, 2) else added end || fragment;
end
$$;

-- 14 characters drawn uniformly from [A-Za-z0-9] (rejection sampling over strong random bytes): 83 bits.
create function app.new_link_code() returns text
language plpgsql volatile set search_path = '' as $$
declare
  alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  code text := '';
  raw bytea;
  b integer;
begin
  while length(code) < 14 loop
    raw := uuid_send(gen_random_uuid());
    for i in 0 .. 15 loop
      continue when i in (6, 8);  -- a version 4 uuid's version and variant bits are fixed
      b := get_byte(raw, i);
      if b < 248 and length(code) < 14 then  -- 248 = 4 × 62: every character equally likely
        code := code || substr(alphabet, b % 62 + 1, 1);
      end if;
    end loop;
  end loop;
  return code;
end
$$;

-- The offer for someone on its creator's or brand's side, for links and codes: the deal must be accepted (or later).
create function app.deal_for_links(p_offer uuid) returns public.offers
language plpgsql stable security definer set search_path = '' as $$
declare
  o public.offers;
begin
  perform app.require_signed_in();
  select * into o from public.offers where id = p_offer;
  if not found or app.side(o) is null then
    raise exception 'offer not found: it does not exist or is not shared with you' using errcode = 'P0002';
  end if;
  if o.status not in ('accepted', 'in_progress', 'delivered', 'completed') then
    raise exception 'links and promo codes are made for accepted deals; this offer is %', o.status
      using errcode = '22023';
  end if;
  return o;
end
$$;

revoke execute on function app.url_encode(text), app.utm_slug(text), app.with_utm(text, text[]),
  app.new_link_code(), app.deal_for_links(uuid) from public;

-- Making and revoking links ---------------------------------------------------------------------------------------

-- A tracked link for a deal (p_deliverable_id: one of its deliverables, else the whole campaign, whose platform is
-- p_platform, one of the deal's). The target must be http(s); the portal refuses its own address before calling.
create function public.create_tracked_link(p_offer_id uuid, p_target_url text, p_deliverable_id uuid default null,
                                           p_platform text default null, p_label text default null)
returns public.tracked_links
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.deal_for_links(p_offer_id);
  d public.deliverables;
  target text := btrim(coalesce(p_target_url, ''));
  platform text := p_platform;
  content text;
  made public.tracked_links;
begin
  if target !~* '^https?://[^\s/?#@]+([/?#]\S*)?$' or target ~ '[[:cntrl:]]' or length(target) > 2000 then
    raise exception 'the target must be a web address starting with https:// or http:// (up to 2,000 characters, no spaces)'
      using errcode = '22023';
  end if;
  target := regexp_replace(target, '^([Hh][Tt][Tt][Pp][Ss]?)://', lower(split_part(target, ':', 1)) || '://');
  if p_deliverable_id is not null then
    select * into d from public.deliverables where id = p_deliverable_id and offer_id = o.id;
    if not found then
      raise exception 'that deliverable is not part of this deal' using errcode = '22023';
    end if;
    platform := d.platform;
    content := app.utm_slug(d.platform || '-' || d.format || '-' || d.item_position || '-' || d.seq);
  elsif platform is null or not exists (select 1 from public.offer_items i where i.offer_id = o.id and i.platform = p_platform) then
    raise exception 'choose one of the deal''s platforms for a link to the whole campaign' using errcode = '22023';
  end if;
  if p_label is not null and length(btrim(p_label)) not between 1 and 80 then
    raise exception 'a label has 1 to 80 characters' using errcode = '22023';
  end if;
  for attempt in 1 .. 5 loop
    begin
      insert into public.tracked_links (code, creator_id, offer_id, deliverable_id, brand_id, platform, label,
                                        target_url, destination, created_by)
      values (app.new_link_code(), o.creator_id, o.id, d.id, o.brand_id, platform, nullif(btrim(p_label), ''),
              target,
              app.with_utm(target, array[array['utm_source', platform], array['utm_medium', 'influencer'],
                                         array['utm_campaign', app.utm_slug(o.campaign)], array['utm_content', content]]),
              auth.uid())
      returning * into made;
      exit;
    exception when unique_violation then
      if attempt = 5 then
        raise;
      end if;
    end;
  end loop;
  perform app.audit('tracked_link.create', 'tracked_links', made.id::text,
                    jsonb_build_object('offer_id', o.id, 'deliverable_id', d.id));
  perform pg_notify('portal_links', made.code);
  return made;
end
$$;
comment on function public.create_tracked_link(uuid, text, uuid, text, text) is 'Makes a tracked link for a deal (either side), with its unguessable code and its UTM destination.';

create function public.revoke_tracked_link(p_link_id uuid) returns public.tracked_links
language plpgsql security definer set search_path = '' as $$
declare
  l public.tracked_links;
  o public.offers;
begin
  select * into l from public.tracked_links where id = p_link_id for update;
  if found then
    select * into o from public.offers where id = l.offer_id;
  end if;
  if l.id is null or app.side(o) is null then
    raise exception 'link not found: it does not exist or is not shared with you' using errcode = 'P0002';
  end if;
  if l.revoked_at is null then
    update public.tracked_links set revoked_at = app.now() where id = l.id returning * into l;
    perform app.audit('tracked_link.revoke', 'tracked_links', l.id::text, jsonb_build_object('offer_id', o.id));
    perform pg_notify('portal_links', l.code);
  end if;
  return l;
end
$$;
comment on function public.revoke_tracked_link(uuid) is 'Revokes a tracked link (either side of its deal): its code answers 404 from then on and is never given out again.';

-- The redirect route's two functions (portal_links / service_role only) ----------------------------------------------

-- The destination of a live link, or nothing (unknown and revoked codes look the same).
create function public.resolve_tracked_link(p_code text)
returns table (link_id uuid, destination text)
language sql stable security definer set search_path = '' as $$
  select l.id, l.destination from public.tracked_links l
  where l.code = p_code and l.revoked_at is null and p_code ~ '^[A-Za-z0-9]{14}$'
$$;
comment on function public.resolve_tracked_link(text) is 'The redirect route''s lookup: a live link''s id and destination, nothing for an unknown or revoked code.';

-- Records a batch of clicks: [{"link_id", "at", "referrer_host", "device", "bot", "repeat", "country"}] ("country"
-- may be missing: clicks spooled by an older version; the column is added with the click countries). Clicks on a
-- link that no longer exists are dropped; a click's row is built from the link (creator, brand, offer), never from
-- the caller.
create function public.record_link_clicks(p_clicks jsonb) returns integer
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

revoke execute on function public.resolve_tracked_link(text), public.record_link_clicks(jsonb)
  from public, anon, authenticated;
grant execute on function public.resolve_tracked_link(text), public.record_link_clicks(jsonb) to portal_links, service_role;

-- Promo codes -----------------------------------------------------------------------------------------------------

create function public.create_promo_code(p_offer_id uuid, p_code text, p_deliverable_id uuid default null)
returns public.promo_codes
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.deal_for_links(p_offer_id);
  v_code text := btrim(coalesce(p_code, ''));
  v_shop text;
  made public.promo_codes;
begin
  if v_code !~ '^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$' then
    raise exception 'a promo code has 3 to 40 letters, digits, - or _, starting with a letter or digit'
      using errcode = '22023';
  end if;
  if p_deliverable_id is not null
     and not exists (select 1 from public.deliverables d where d.id = p_deliverable_id and d.offer_id = o.id) then
    raise exception 'that deliverable is not part of this deal' using errcode = '22023';
  end if;
  v_shop := coalesce(o.brand_id::text, 'logged:' || o.creator_id::text || ':' || lower(btrim(o.brand_name)));
  if exists (select 1 from public.promo_codes p where p.shop_key = v_shop and upper(p.code) = upper(v_code)) then
    raise exception 'the code % is already taken in this brand''s shop: choose another', v_code using errcode = '22023';
  end if;
  insert into public.promo_codes (code, creator_id, offer_id, deliverable_id, brand_id, shop_key, created_by)
  values (v_code, o.creator_id, o.id, p_deliverable_id, o.brand_id, v_shop, auth.uid())
  returning * into made;
  perform app.audit('promo_code.create', 'promo_codes', made.id::text, jsonb_build_object('offer_id', o.id));
  return made;
end
$$;
comment on function public.create_promo_code(uuid, text, uuid) is 'Records the discount code a deal uses (either side); unique within the brand''s shop.';

create function public.revoke_promo_code(p_promo_code_id uuid) returns public.promo_codes
language plpgsql security definer set search_path = '' as $$
declare
  p public.promo_codes;
  o public.offers;
begin
  select * into p from public.promo_codes where id = p_promo_code_id for update;
  if found then
    select * into o from public.offers where id = p.offer_id;
  end if;
  if p.id is null or app.side(o) is null then
    raise exception 'promo code not found: it does not exist or is not shared with you' using errcode = 'P0002';
  end if;
  if p.revoked_at is null then
    update public.promo_codes set revoked_at = app.now() where id = p.id returning * into p;
    perform app.audit('promo_code.revoke', 'promo_codes', p.id::text, jsonb_build_object('offer_id', o.id));
  end if;
  return p;
end
$$;
comment on function public.revoke_promo_code(uuid) is 'Ends a promo code (its redemptions so far stay); the code stays taken in the shop.';

-- Orders and revenue of a brand's code on one day, as the brand reads them off its shop (one entry per code and day:
-- entering the same day again replaces it).
create function public.enter_promo_redemption(p_promo_code_id uuid, p_day date, p_orders integer, p_revenue text,
                                              p_currency text)
returns public.promo_redemptions
language plpgsql security definer set search_path = '' as $$
declare
  p public.promo_codes;
  amount numeric;
  r public.promo_redemptions;
begin
  select * into p from public.promo_codes where id = p_promo_code_id;
  if not found or not app.is_brand_member(p.brand_id) then
    raise exception 'promo code not found: only the brand whose shop gives it out enters its sales' using errcode = 'P0002';
  end if;
  if app.minor_units(p_currency) is null then
    raise exception 'choose the currency of the revenue' using errcode = '22023';
  end if;
  amount := app.to_number(btrim(coalesce(p_revenue, '')), 'the revenue', p_revenue);
  if amount is null or amount = 'NaN'::numeric or amount < 0 or amount >= 1000000000000 then
    raise exception 'the revenue is an amount of 0 or more' using errcode = '22023';
  end if;
  perform app.check_scale(amount, upper(p_currency), 'The revenue');
  if p_day is null or p_day > app.today() + 1 then
    raise exception 'give the day of the sales (not in the future)' using errcode = '22023';
  end if;
  if p_orders is null or p_orders < 0 then
    raise exception 'orders are a whole number, 0 or more' using errcode = '22023';
  end if;
  insert into public.promo_redemptions (promo_code_id, creator_id, brand_id, offer_id, day, orders, revenue, currency,
                                        source, entered_by)
  values (p.id, p.creator_id, p.brand_id, p.offer_id, p_day, p_orders, amount, upper(p_currency), 'brand', auth.uid())
  on conflict (promo_code_id, day, source) do update
    set orders = excluded.orders, revenue = excluded.revenue, currency = excluded.currency,
        entered_by = excluded.entered_by, entered_at = app.now()
  returning * into r;
  perform app.audit('promo_redemption.enter', 'promo_redemptions', r.id::text,
                    jsonb_build_object('promo_code_id', p.id, 'day', p_day));
  return r;
end
$$;
comment on function public.enter_promo_redemption(uuid, date, integer, text, text) is 'The brand enters one day of a code''s orders and revenue (replacing what it entered for that day).';

-- A shop file's redemptions, all of them or nothing: p_rows = [{"code", "day", "orders", "revenue", "currency",
-- "row"}] as the portal read them (row = the file's row, for messages). Codes are matched exactly (ignoring case)
-- against the brand's codes; a code that belongs to no offer is reported and left out, never guessed. One file
-- (by SHA-256) is imported once per brand; a later file's day of a code replaces the earlier import's.
-- p_dry_run: what it would do, nothing written.
create function public.import_promo_redemptions(p_brand_id uuid, p_file_name text, p_sha256 text, p_format text,
                                                p_rows jsonb, p_dry_run boolean default true)
returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  previous public.promo_imports;
  imp public.promo_imports;
  result jsonb;
  created integer := 0;
  updated integer := 0;
  unchanged integer := 0;
  unknown jsonb;
  bad record;
begin
  if p_brand_id is null or not app.is_brand_member(p_brand_id) then
    raise exception 'only a member of the brand imports its shop''s sales' using errcode = '42501';
  end if;
  if jsonb_typeof(p_rows) is distinct from 'array' then
    raise exception 'the rows come as a JSON array' using errcode = '22023';
  end if;
  select * into previous from public.promo_imports where brand_id = p_brand_id and file_sha256 = p_sha256;
  if found then
    return jsonb_build_object('already_imported', true, 'imported_at', previous.imported_at, 'created', 0,
                              'updated', 0, 'unchanged', 0, 'unknown_codes', previous.summary -> 'unknown_codes',
                              'codes', '[]'::jsonb);
  end if;

  drop table if exists pg_temp.promo_rows, pg_temp.promo_days;
  create temp table promo_rows on commit drop as
    select x.code, x.day, x.orders, x.revenue, upper(x.currency) as currency, x.row, p.id as promo_code_id,
           p.code as known_code, p.creator_id, p.offer_id
    from jsonb_to_recordset(p_rows) as x (code text, day date, orders integer, revenue numeric, currency text, row integer)
    left join public.promo_codes p on p.brand_id = p_brand_id and upper(p.code) = upper(btrim(x.code));

  select * into bad from promo_rows r
  where r.code is null or r.day is null or r.orders is null or r.orders < 0 or r.revenue is null
     or r.currency is null or not exists (select 1 from public.currencies c where c.code = r.currency)
  limit 1;
  if found then
    raise exception 'row %: a code, a day, orders (0 or more), revenue and a known currency are needed',
      bad.row using errcode = '22023';
  end if;
  select * into bad from promo_rows r
  where r.promo_code_id is not null and r.revenue <> round(r.revenue, app.minor_units(r.currency))
  limit 1;
  if found then
    raise exception 'row %, column revenue: % has at most % decimal places', bad.row, bad.currency,
      app.minor_units(bad.currency)
      using errcode = '22023';
  end if;
  select * into bad from (
    select r.promo_code_id, r.day, count(distinct r.currency) as currencies, min(r.row) as row
    from promo_rows r where r.promo_code_id is not null group by 1, 2) g
  where g.currencies > 1 limit 1;
  if found then
    raise exception 'row %: one code has sales in two currencies on the same day', bad.row using errcode = '22023';
  end if;

  select coalesce(jsonb_agg(distinct btrim(r.code)), '[]'::jsonb) into unknown
  from promo_rows r where r.promo_code_id is null;

  create temp table promo_days on commit drop as
    select r.promo_code_id, min(r.known_code) as code, min(r.creator_id::text)::uuid as creator_id,
           min(r.offer_id::text)::uuid as offer_id, r.day, sum(r.orders)::integer as orders, sum(r.revenue) as revenue,
           min(r.currency) as currency
    from promo_rows r where r.promo_code_id is not null group by r.promo_code_id, r.day;

  select count(*) filter (where e.id is null),
         count(*) filter (where e.id is not null and (e.orders, e.revenue, e.currency) is distinct from
                                                     (d.orders, d.revenue, d.currency::char(3))),
         count(*) filter (where e.id is not null and (e.orders, e.revenue, e.currency) is not distinct from
                                                     (d.orders, d.revenue, d.currency::char(3)))
    into created, updated, unchanged
  from promo_days d
  left join public.promo_redemptions e on e.promo_code_id = d.promo_code_id and e.day = d.day and e.source = 'import';

  result := jsonb_build_object(
    'already_imported', false, 'created', created, 'updated', updated, 'unchanged', unchanged,
    'unknown_codes', unknown,
    'codes', coalesce((select jsonb_agg(jsonb_build_object('code', g.code, 'orders', g.orders, 'revenue', g.revenue::text,
                                                           'currency', g.currency, 'days', g.days) order by g.code)
                       from (select d.code, sum(d.orders) as orders, sum(d.revenue) as revenue, min(d.currency) as currency,
                                    count(*) as days
                             from promo_days d group by d.code) g), '[]'::jsonb));
  if p_dry_run then
    return result;
  end if;

  insert into public.promo_imports (brand_id, imported_by, file_name, file_sha256, file_format, summary)
  values (p_brand_id, auth.uid(), left(btrim(p_file_name), 255), p_sha256, p_format, result)
  returning * into imp;
  insert into public.promo_redemptions (promo_code_id, creator_id, brand_id, offer_id, day, orders, revenue, currency,
                                        source, import_id, entered_by)
  select d.promo_code_id, d.creator_id, p_brand_id, d.offer_id, d.day, d.orders, d.revenue, d.currency, 'import',
         imp.id, auth.uid()
  from promo_days d
  on conflict (promo_code_id, day, source) do update
    set orders = excluded.orders, revenue = excluded.revenue, currency = excluded.currency,
        import_id = excluded.import_id, entered_by = excluded.entered_by, entered_at = app.now()
    where (public.promo_redemptions.orders, public.promo_redemptions.revenue, public.promo_redemptions.currency)
          is distinct from (excluded.orders, excluded.revenue, excluded.currency);
  perform app.audit('promo_import.import', 'promo_imports', imp.id::text, result - 'codes');
  return result || jsonb_build_object('import_id', imp.id, 'imported_at', imp.imported_at);
end
$$;
comment on function public.import_promo_redemptions(uuid, text, text, text, jsonb, boolean) is 'Imports a shop file''s promo-code sales for a brand, all or nothing (dry run first); unknown codes are reported, not matched.';

revoke execute on function public.create_tracked_link(uuid, text, uuid, text, text), public.revoke_tracked_link(uuid),
  public.create_promo_code(uuid, text, uuid), public.revoke_promo_code(uuid),
  public.enter_promo_redemption(uuid, date, integer, text, text),
  public.import_promo_redemptions(uuid, text, text, text, jsonb, boolean) from public, anon;
grant execute on function public.create_tracked_link(uuid, text, uuid, text, text), public.revoke_tracked_link(uuid),
  public.create_promo_code(uuid, text, uuid), public.revoke_promo_code(uuid),
  public.enter_promo_redemption(uuid, date, integer, text, text),
  public.import_promo_redemptions(uuid, text, text, text, jsonb, boolean) to authenticated, service_role;

-- Reading -----------------------------------------------------------------------------------------------------------

-- The caller's clicks per day (their own links), in their time zone, for the last p_days days: people's first clicks,
-- repeats and bots apart; `links` is how many live links they have (the same on every row).
create function public.link_clicks_daily(p_days integer default 7)
returns table (day date, clicks bigint, repeats bigint, bots bigint, links bigint)
language sql stable security invoker set search_path = '' as $$
  with zone as (
    select coalesce((select p.time_zone from public.profiles p where p.id = (select auth.uid())), 'UTC') as tz
  ),
  span as (
    select z.tz, app.today(z.tz) - (least(greatest(coalesce(p_days, 7), 1), 366) - 1) as first_day,
           app.today(z.tz) as last_day
    from zone z
  ),
  mine as (
    select c.* from public.link_clicks c, span s
    where c.creator_id = (select auth.uid())
      and c.clicked_at >= (s.first_day::timestamp at time zone s.tz)
  )
  select g.day::date,
         count(c.id) filter (where not c.bot and not c.repeat),
         count(c.id) filter (where not c.bot and c.repeat),
         count(c.id) filter (where c.bot),
         (select count(*) from public.tracked_links l where l.creator_id = (select auth.uid()) and l.revoked_at is null)
  from span s
  cross join generate_series(s.first_day, s.last_day, interval '1 day') g(day)
  left join mine c on (c.clicked_at at time zone s.tz)::date = g.day::date
  group by g.day order by g.day
$$;
comment on function public.link_clicks_daily(integer) is 'A creator''s link clicks per day in their time zone (people''s first clicks, repeats, bots) and their live links, for Home.';
revoke execute on function public.link_clicks_daily(integer) from public, anon;
grant execute on function public.link_clicks_daily(integer) to authenticated, service_role;

-- What the links and codes of a report's deals brought, as of p_until (a frozen share's moment, else now): per link
-- its clicks (people's first clicks, repeats, bots), people's clicks per day in the report's time zone, per code its
-- orders and revenue by currency and mark, each currency other than the report's converted with the creator's
-- rate (the rate, its date and source travel with it). Run inside a reader (security definer), as the creator.
create function app.report_tracking(p_payload jsonb, p_until timestamptz) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  creator uuid := (p_payload #>> '{creator,id}')::uuid;
  zone text := coalesce(p_payload #>> '{report,time_zone}', 'UTC');
  spend_currency text := p_payload #>> '{spend,currency}';
  as_of date;
  offer_ids uuid[];
  prior text[];
  result jsonb;
begin
  if p_payload is null or creator is null then
    return null;
  end if;
  select coalesce(array_agg((e.x ->> 'id')::uuid), '{}') into offer_ids
  from jsonb_array_elements(coalesce(p_payload -> 'offers', '[]'::jsonb)) e(x);
  as_of := (coalesce(p_until, app.now()) at time zone zone)::date;
  prior := app.act_as(creator);
  with links as (
    select l.* from public.tracked_links l
    where l.offer_id = any(offer_ids) and l.creator_id = creator and l.created_at <= coalesce(p_until, 'infinity')
  ),
  clicks as (
    select c.* from public.link_clicks c join links l on l.id = c.link_id
    where c.clicked_at <= coalesce(p_until, 'infinity')
  ),
  codes as (
    select p.* from public.promo_codes p
    where p.offer_id = any(offer_ids) and p.creator_id = creator and p.created_at <= coalesce(p_until, 'infinity')
  ),
  sales as (
    select r.promo_code_id, r.currency::text as currency, r.source, sum(r.orders) as orders, sum(r.revenue) as revenue,
           min(r.day) as first_day, max(r.day) as last_day
    from public.promo_redemptions r join codes p on p.id = r.promo_code_id
    where r.entered_at <= coalesce(p_until, 'infinity')
    group by 1, 2, 3
  )
  select jsonb_build_object(
    'as_of', coalesce(p_until, app.now()),
    'currency', spend_currency,
    'links', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', l.id, 'code', l.code, 'offer_id', l.offer_id, 'deliverable_id', l.deliverable_id, 'platform', l.platform,
        'label', l.label, 'target_url', l.target_url, 'revoked', l.revoked_at is not null
                                                                  and l.revoked_at <= coalesce(p_until, 'infinity'),
        'clicks', (select count(*) from clicks c where c.link_id = l.id and not c.bot and not c.repeat),
        'repeats', (select count(*) from clicks c where c.link_id = l.id and not c.bot and c.repeat),
        'bots', (select count(*) from clicks c where c.link_id = l.id and c.bot))
        order by l.created_at, l.id) from links l), '[]'::jsonb),
    'daily', coalesce((
      select jsonb_agg(jsonb_build_object('day', d.day, 'clicks', d.clicks) order by d.day)
      from (select (c.clicked_at at time zone zone)::date as day, count(*) as clicks
            from clicks c where not c.bot and not c.repeat group by 1) d), '[]'::jsonb),
    'codes', coalesce((
      select jsonb_agg(jsonb_build_object(
        'id', p.id, 'code', p.code, 'offer_id', p.offer_id, 'deliverable_id', p.deliverable_id,
        'revoked', p.revoked_at is not null and p.revoked_at <= coalesce(p_until, 'infinity'),
        'sales', coalesce((
          select jsonb_agg(jsonb_build_object(
            'currency', s.currency, 'source', s.source, 'orders', s.orders, 'revenue', s.revenue::text,
            'first_day', s.first_day, 'last_day', s.last_day,
            'converted', case when spend_currency is null or s.currency = spend_currency then null
                              else (select jsonb_build_object('amount', f.amount::text, 'rate', f.rate::text,
                                                              'rate_date', f.rate_date, 'source', f.source, 'via', f.via)
                                    from app.fx_convert(s.revenue, s.currency, spend_currency, as_of) f) end)
            order by s.source, s.currency)
          from sales s where s.promo_code_id = p.id), '[]'::jsonb))
        order by p.created_at, p.id) from codes p), '[]'::jsonb))
  into result;
  perform app.act_as_done(prior);
  return result;
end
$$;
comment on function app.report_tracking(jsonb, timestamptz) is 'The clicks of a report''s tracked links and the sales of its promo codes, as of a moment, with conversions into the report''s currency.';
revoke execute on function app.report_tracking(jsonb, timestamptz) from public, anon, authenticated;

-- Each link's clicks (people's first clicks, repeats, bots), for the links the caller may see.
create function public.link_click_counts(p_link_ids uuid[])
returns table (link_id uuid, clicks bigint, repeats bigint, bots bigint)
language sql stable security invoker set search_path = '' as $$
  select c.link_id, count(*) filter (where not c.bot and not c.repeat), count(*) filter (where not c.bot and c.repeat),
         count(*) filter (where c.bot)
  from public.link_clicks c
  where c.link_id = any(p_link_ids)
  group by c.link_id
$$;
comment on function public.link_click_counts(uuid[]) is 'Click counts per link (people, repeats, bots) for the links the caller may see.';
revoke execute on function public.link_click_counts(uuid[]) from public, anon;
grant execute on function public.link_click_counts(uuid[]) to authenticated, service_role;

-- Creator Home --------------------------------------------------------------------------------------------------

-- One view model for creator Home, in one call, security invoker (every list reads only the rows the caller's
-- policies let them see; days are the creator's, app.creator_today, instants app.now()). Its `actions` key is what
-- needs the creator now, each item with the id of the offer, payout or report it opens: offers waiting for an
-- answer (soonest expiry first), deliverables due within 7 days and not yet posted (late ones included), payments
-- a brand reported sent to confirm, overdue payouts (with when a reminder was last sent), and reports brands
-- opened in the last 7 days. It also shows the week's clicks on the creator's tracked links (link_clicks), which
-- is why it is defined here, after them (a language sql body is checked when it is created).

create function public.creator_home_page(p_days integer, p_growth_days integer, p_open_statuses text[])
returns jsonb
language sql stable security invoker set search_path = '' as $$
  with s as (select * from public.creator_home_summary(p_days)),
  me as (select (select auth.uid()) as id, app.creator_today((select auth.uid())) as today)
  select jsonb_build_object(
    'summary', (select jsonb_build_object(
        'total_followers', s.total_followers, 'followers_change', s.followers_change,
        'posts_in_period', s.posts_in_period, 'interactions', s.interactions, 'reach', s.reach,
        'engagement_rate_by_reach', s.engagement_rate_by_reach::text,
        'period_start', s.period_start, 'period_end', s.period_end) from s),
    'growth', coalesce((
        select jsonb_agg(jsonb_build_object('day', f.day, 'platform', f.platform, 'followers', f.followers)
                         order by f.ordinality)
        from s cross join lateral public.followers_daily(s.period_end - (p_growth_days - 1), s.period_end, null, null)
             with ordinality f), '[]'::jsonb),
    'overdue', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'currency', o.currency, 'payouts', o.payouts, 'balance', o.balance::text, 'oldest_due', o.oldest_due,
                 'most_days_overdue', o.most_days_overdue, 'home_currency', o.home_currency,
                 'home_amount', o.home_amount::text, 'rate', o.rate::text, 'rate_date', o.rate_date,
                 'rate_source', o.rate_source) order by o.ordinality)
        from public.overdue_summary() with ordinality o), '[]'::jsonb),
    'link_clicks', (
        select jsonb_agg(jsonb_build_object('day', d.day, 'clicks', d.clicks, 'repeats', d.repeats, 'bots', d.bots,
                                            'links', d.links) order by d.day)
        from public.link_clicks_daily(7) d),
    'has_open_payouts', exists (select 1 from public.payout_overview o
                                where o.creator_id = (select auth.uid()) and o.status = any(p_open_statuses)),
    'actions', jsonb_build_object(
      'offers', coalesce((
          select jsonb_agg(jsonb_build_object('id', o.id, 'brand_name', o.brand_name, 'campaign', o.campaign,
                                              'fee', o.fee::text, 'currency', o.currency, 'expires_at', o.expires_at)
                           order by o.expires_at, o.id)
          from public.offers o cross join me
          where o.creator_id = me.id and o.status = 'sent' and o.expires_at > app.now()), '[]'::jsonb),
      'deliverables', coalesce((
          select jsonb_agg(jsonb_build_object('id', d.id, 'offer_id', d.offer_id, 'brand_name', o.brand_name,
                                              'campaign', o.campaign, 'platform', d.platform, 'format', d.format,
                                              'due_date', d.due_date, 'status', d.status)
                           order by d.due_date, o.campaign, d.item_position, d.seq)
          from public.deliverables d join public.offers o on o.id = d.offer_id cross join me
          where d.creator_id = me.id and o.status in ('accepted', 'in_progress', 'delivered')
            and d.status in ('pending', 'draft_submitted', 'approved') and d.due_date <= me.today + 7), '[]'::jsonb),
      'payments', coalesce((
          select jsonb_agg(jsonb_build_object('id', x.id, 'payout_id', x.payout_id, 'brand_name', p.brand_name,
                                              'description', p.description, 'amount', x.amount::text,
                                              'currency', x.currency, 'sent_on', x.sent_on)
                           order by x.sent_on, x.created_at)
          from public.payments x join public.payouts p on p.id = x.payout_id cross join me
          where p.creator_id = me.id and x.status = 'sent'), '[]'::jsonb),
      'overdue', coalesce((
          select jsonb_agg(jsonb_build_object('id', o.id, 'brand_name', o.brand_name, 'description', o.description,
                                              'balance', o.balance::text, 'currency', o.currency,
                                              'due_date', o.due_date, 'days_overdue', o.days_overdue,
                                              'last_reminder_at', (select max(r.sent_at) from public.payout_reminders r
                                                                   where r.payout_id = o.id))
                           order by o.due_date, o.created_at)
          from public.payout_overview o cross join me
          where o.creator_id = me.id and o.status = 'overdue'), '[]'::jsonb),
      'report_views', coalesce((
          select jsonb_agg(jsonb_build_object('id', v.report_id, 'title', v.title, 'views', v.views,
                                              'last_viewed_at', v.last_viewed_at, 'brands', v.brands)
                           order by v.last_viewed_at desc)
          from (select r.id as report_id, r.title, count(*) as views, max(rv.viewed_at) as last_viewed_at,
                       to_jsonb(array_agg(distinct b.name order by b.name) filter (where b.name is not null)) as brands
                from public.report_views rv
                join public.report_shares sh on sh.id = rv.share_id
                join public.reports r on r.id = rv.report_id
                left join public.brands b on b.id = sh.brand_id
                cross join me
                where rv.creator_id = me.id and sh.kind = 'brand' and rv.viewer_id is distinct from me.id
                  and rv.viewed_at > app.now() - interval '7 days'
                group by r.id, r.title) v), '[]'::jsonb))
  )
$$;
comment on function public.creator_home_page(integer, integer, text[]) is 'Everything creator Home draws, in one document: what needs the creator (offers to answer, deliverables due within 7 days, payments to confirm, overdue payouts, reports brands opened in the last 7 days), creator_home_summary, followers_daily per platform for the growth chart ending on the last day with data, overdue_summary, whether any payout is open, and the week''s link clicks.';
revoke execute on function public.creator_home_page(integer, integer, text[]) from public, anon;
grant execute on function public.creator_home_page(integer, integer, text[]) to authenticated, service_role;
