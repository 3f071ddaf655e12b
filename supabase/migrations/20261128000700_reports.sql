-- Campaign reports a creator builds from a brand's accepted offers or a date window, shares with a brand
-- partner's account (a grant the policies read) or by a secret link, live or frozen; the log of who opened
-- them; the conversions the brand enters (which feed CPA); and the creator's opt-in media kit.
--
-- One definition per number: a report reads each post's counters and engagement rates from
-- public.post_engagement, and a date-window report takes its posts from app.dashboard_posts, exactly as the
-- Engagement page does. Shared readers (brand partners, anonymous link holders) cannot read posts under
-- RLS, so the readers below are security definer: they check the grant or the token first, then compute the
-- report as its creator (app.act_as sets the creator as auth.uid() for the duration of the computation and
-- restores the caller afterwards), through the same security-invoker dashboard functions.
--
-- Nobody writes these tables directly: every change is a function that checks who is asking and raises a
-- clear message. Anonymous visitors read nothing but what public.shared_report() and
-- public.shared_media_kit() return for a valid token.

-- Tables -------------------------------------------------------------------------------------------------

create table public.reports (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  title text not null check (length(btrim(title)) between 1 and 120),
  scope text not null check (scope in ('offers', 'window')),
  brand_id uuid references public.brands (id) on delete set null,
  brand_name text check (brand_name is null or length(btrim(brand_name)) between 1 and 120),
  offer_ids uuid[] not null default '{}',
  period_start date,
  period_end date,
  time_zone text not null,
  created_at timestamptz not null default app.now(),
  check ((scope = 'offers') = (cardinality(offer_ids) > 0)),
  check ((scope = 'window') = (period_start is not null and period_end is not null)),
  check (period_start is null or period_end is null or period_start <= period_end),
  unique (id, creator_id)
);
comment on table public.reports is 'A creator''s campaign report: the accepted offers of one brand, or a date window (optionally one brand''s deliverables in it).';
alter table public.reports enable row level security;
create index reports_creator_id_idx on public.reports (creator_id, created_at);
create index reports_brand_id_idx on public.reports (brand_id);

create table public.report_shares (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null,
  creator_id uuid not null,
  kind text not null check (kind in ('brand', 'link')),
  brand_id uuid references public.brands (id) on delete cascade,
  label text check (label is null or length(label) <= 80),
  token_hash text unique check (token_hash is null or token_hash ~ '^[0-9a-f]{64}$'),
  mode text not null check (mode in ('live', 'frozen')),
  snapshot jsonb,
  frozen_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default app.now(),
  foreign key (report_id, creator_id) references public.reports (id, creator_id) on delete cascade,
  check ((kind = 'brand') = (brand_id is not null)),
  check ((kind = 'link') = (token_hash is not null and expires_at is not null)),
  check ((mode = 'frozen') = (snapshot is not null and frozen_at is not null)),
  language text constraint report_shares_language_check check (language in ('en', 'ar', 'fr', 'de', 'es'))
);
comment on table public.report_shares is 'Who a report is shared with: a brand''s members (a grant) or whoever holds a secret link (only the token''s SHA-256 is kept); live or frozen (with the numbers as of sharing); revocable.';
comment on column public.report_shares.language is 'The language a visitor of this share reads it in unless they switch (the creator''s choice, else their profile language when shared); null for shares made before.';
alter table public.report_shares enable row level security;
create index report_shares_report_id_idx on public.report_shares (report_id);
create index report_shares_creator_id_idx on public.report_shares (creator_id);
create index report_shares_brand_id_idx on public.report_shares (brand_id);
create unique index report_shares_one_active_brand_share_idx on public.report_shares (report_id, brand_id)
  where kind = 'brand' and revoked_at is null;

create table public.report_views (
  id bigint generated always as identity primary key,
  share_id uuid not null references public.report_shares (id) on delete cascade,
  report_id uuid not null,
  creator_id uuid not null,
  viewer_id uuid references public.profiles (id) on delete set null,
  viewed_at timestamptz not null default app.now(),
  foreign key (report_id, creator_id) references public.reports (id, creator_id) on delete cascade,
  visit_hash text check (visit_hash is null or visit_hash ~ '^[0-9a-f]{64}$')
);
comment on table public.report_views is 'Each time a shared report was opened: through which share, when, and by whom when they were signed in.';
comment on column public.report_views.visit_hash is 'SHA-256 of the visit key the app sends, so one visit (a browser session and its reruns) is one entry.';
alter table public.report_views enable row level security;
create index report_views_creator_id_idx on public.report_views (creator_id, viewed_at);
create index report_views_share_id_idx on public.report_views (share_id);
create index report_views_report_id_idx on public.report_views (report_id);

create table public.report_conversions (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null,
  creator_id uuid not null,
  brand_id uuid not null references public.brands (id) on delete cascade,
  label text not null check (length(btrim(label)) between 1 and 120),
  conversions integer not null check (conversions >= 0),
  revenue numeric check (revenue is null or (revenue >= 0 and revenue < 1000000000000)),
  currency char(3) references public.currencies (code),
  entered_by uuid references public.profiles (id) on delete set null,
  entered_at timestamptz not null default app.now(),
  check ((revenue is null) = (currency is null)),
  foreign key (report_id, creator_id) references public.reports (id, creator_id) on delete cascade
);
comment on table public.report_conversions is 'Conversions the brand entered on a report shared with it (promo codes redeemed, sales, sign-ups), with optional revenue; they feed CPA.';
alter table public.report_conversions enable row level security;
create index report_conversions_report_id_idx on public.report_conversions (report_id);
create index report_conversions_creator_id_idx on public.report_conversions (creator_id);
create index report_conversions_brand_id_idx on public.report_conversions (brand_id);

create table public.media_kits (
  creator_id uuid primary key references public.profiles (id) on delete cascade,
  enabled boolean not null default false,
  headline text check (headline is null or length(headline) <= 280),
  contact_email text check (contact_email is null or contact_email ~ '^[^@\s]+@[^@\s]+$'),
  public_slug text unique check (public_slug is null or public_slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
  secret_token_hash text unique check (secret_token_hash is null or secret_token_hash ~ '^[0-9a-f]{64}$'),
  secret_created_at timestamptz,
  show_audience boolean not null default true,
  show_demographics boolean not null default true,
  show_engagement boolean not null default true,
  show_top_posts boolean not null default true,
  show_partners boolean not null default false,
  show_rates boolean not null default false,
  partner_names text[] not null default '{}',
  updated_at timestamptz not null default app.now(),
  check ((secret_token_hash is null) = (secret_created_at is null)),
  language text constraint media_kits_language_check check (language in ('en', 'ar', 'fr', 'de', 'es'))
);
comment on table public.media_kits is 'A creator''s opt-in public profile: which sections show, and its public link name and secret link (as the token''s SHA-256).';
comment on column public.media_kits.language is 'The language a visitor of the media kit reads it in unless they switch (the creator''s choice, else their profile language when saved); null until saved.';
alter table public.media_kits enable row level security;

create table public.media_kit_rates (
  creator_id uuid not null references public.media_kits (creator_id) on delete cascade,
  position smallint not null check (position between 1 and 20),
  platform text not null references public.platforms (key),
  format text not null check (format in ('reel', 'image', 'carousel', 'story', 'video', 'short', 'stream', 'text')),
  fee numeric not null check (fee >= 0 and fee < 1000000000000),
  currency char(3) not null references public.currencies (code),
  primary key (creator_id, position)
);
comment on table public.media_kit_rates is 'The rate card a creator shows in their media kit: a fee per platform and format.';
alter table public.media_kit_rates enable row level security;

-- Visitors read these tables only through the token functions below.
revoke all on public.reports, public.report_shares, public.report_views, public.report_conversions,
  public.media_kits, public.media_kit_rates from anon;

-- Permission helpers ----------------------------------------------------------------------------------------

-- The caller belongs to a brand that holds an active (unrevoked, unexpired) share of the report.
create function app.report_shared_with_me(p_report uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.report_shares s
    where s.report_id = p_report and s.kind = 'brand' and s.revoked_at is null
      and (s.expires_at is null or s.expires_at > app.now())
      and app.is_brand_member(s.brand_id))
$$;
comment on function app.report_shared_with_me(uuid) is 'True when the report is shared with a brand the caller is a member of (and the share is active).';
revoke execute on function app.report_shared_with_me(uuid) from public;
grant execute on function app.report_shared_with_me(uuid) to authenticated, service_role;

-- Policies: read only --------------------------------------------------------------------------------------

create policy "Creators and the brands they shared with can view reports" on public.reports
  for select to authenticated using (creator_id = (select auth.uid()) or app.report_shared_with_me(id));

create policy "Creators and shared brands can view report shares" on public.report_shares
  for select to authenticated using (
    creator_id = (select auth.uid())
    or (kind = 'brand' and revoked_at is null and (expires_at is null or expires_at > app.now())
        and app.is_brand_member(brand_id)));

create policy "Creators can view who opened their reports" on public.report_views
  for select to authenticated using (creator_id = (select auth.uid()));

create policy "Creators and the brand that entered them can view conversions" on public.report_conversions
  for select to authenticated using (
    creator_id = (select auth.uid()) or (app.is_brand_member(brand_id) and app.report_shared_with_me(report_id)));

create policy "Creators can view their own media kit" on public.media_kits
  for select to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own rate card" on public.media_kit_rates
  for select to authenticated using (creator_id = (select auth.uid()));

-- Computing as the creator -------------------------------------------------------------------------------------

-- Sets p_person as the one auth.uid() answers with (request.jwt.claims, and the older per-claim setting),
-- for the security-invoker dashboard functions a shared reader calls through a security-definer function.
-- Returns the caller's settings, which app.act_as_done puts back. Callable only by the functions below.
create function app.act_as(p_person uuid) returns text[]
language plpgsql volatile set search_path = '' as $$
declare
  prior text[] := array[coalesce(current_setting('request.jwt.claims', true), ''),
                        coalesce(current_setting('request.jwt.claim.sub', true), '')];
begin
  -- The portal's clock (app.now) carries over: the report is computed for the caller's moment.
  perform set_config('request.jwt.claims',
                     (jsonb_build_object('sub', p_person, 'role', 'authenticated')
                      || jsonb_strip_nulls(jsonb_build_object(
                           'portal_now', nullif(prior[1], '')::jsonb ->> 'portal_now')))::text, true);
  perform set_config('request.jwt.claim.sub', p_person::text, true);
  return prior;
end
$$;
comment on function app.act_as(uuid) is 'Makes auth.uid() answer p_person until app.act_as_done; returns the settings to restore.';

create function app.act_as_done(p_prior text[]) returns void
language plpgsql volatile set search_path = '' as $$
begin
  perform set_config('request.jwt.claims', coalesce(p_prior[1], ''), true);
  perform set_config('request.jwt.claim.sub', coalesce(p_prior[2], ''), true);
end
$$;
comment on function app.act_as_done(text[]) is 'Restores the settings app.act_as replaced.';
revoke execute on function app.act_as(uuid), app.act_as_done(text[]) from public, anon, authenticated;

-- Report content ------------------------------------------------------------------------------------------------

-- The rows of a report: each deliverable (offers scope, or one brand's posted deliverables in a window) or each
-- post (window scope without a brand), with the post's latest counters and rates from public.post_engagement
-- and its link clicks and source from the same snapshot. Run as the creator (inside app.report_payload).
create function app.report_items(p_report uuid)
returns table (
  deliverable_id uuid, offer_id uuid, campaign text, brand_name text, platform text, format text,
  item_position integer, seq integer, due_date date, deliverable_status text, permalink text,
  posted_at timestamptz, post_id uuid, handle text, caption text, post_live boolean, captured_at timestamptz,
  views integer, reach integer, likes integer, comments integer, shares integer, saves integer,
  link_clicks integer, interactions_by_reach bigint, interactions_by_views bigint, er_reach numeric,
  er_views numeric, source text, fee numeric
)
language plpgsql stable set search_path = '' as $$
#variable_conflict use_column
declare
  r public.reports;
begin
  select * into r from public.reports where id = p_report;
  if not found then
    return;
  end if;
  if r.scope = 'offers' then
    return query
      select d.id, d.offer_id, o.campaign, o.brand_name, d.platform, d.format, d.item_position::integer,
             d.seq::integer, d.due_date, d.status, coalesce(d.permalink, e.permalink),
             case when d.status in ('posted', 'verified') then coalesce(e.posted_at, d.posted_at) end,
             d.post_id, e.handle, coalesce(e.caption, d.caption), e.post_id is not null, e.captured_at,
             e.views, e.reach, e.likes, e.comments, e.shares, e.saves, m.link_clicks, e.interactions_by_reach,
             e.interactions_by_views, e.er_reach, e.er_views, m.source, o.fee
      from public.deliverables d
      join public.offers o on o.id = d.offer_id
      left join public.post_engagement e on e.post_id = d.post_id
      left join public.post_metrics m on m.post_id = e.post_id and m.captured_at = e.captured_at
      where d.offer_id = any(r.offer_ids) and d.creator_id = r.creator_id;
  elsif r.brand_id is not null then
    return query
      select d.id, d.offer_id, o.campaign, o.brand_name, d.platform, d.format, d.item_position::integer,
             d.seq::integer, d.due_date, d.status, coalesce(d.permalink, e.permalink),
             coalesce(e.posted_at, d.posted_at), d.post_id, e.handle, coalesce(e.caption, d.caption),
             e.post_id is not null, e.captured_at, e.views, e.reach, e.likes, e.comments, e.shares, e.saves,
             m.link_clicks, e.interactions_by_reach, e.interactions_by_views, e.er_reach, e.er_views, m.source, o.fee
      from public.deliverables d
      join public.offers o on o.id = d.offer_id
      left join public.post_engagement e on e.post_id = d.post_id
      left join public.post_metrics m on m.post_id = e.post_id and m.captured_at = e.captured_at
      where d.creator_id = r.creator_id and d.brand_id = r.brand_id and d.status in ('posted', 'verified')
        and o.status in ('accepted', 'in_progress', 'delivered', 'completed')
        and coalesce(e.posted_at, d.posted_at) >= (r.period_start::timestamp at time zone r.time_zone)
        and coalesce(e.posted_at, d.posted_at) < ((r.period_end + 1)::timestamp at time zone r.time_zone);
  else
    -- Every post in the window, placed by its local date exactly as the dashboards place it.
    return query
      select dl.id, dl.offer_id, o.campaign, o.brand_name, e.platform, coalesce(dl.format, e.post_type),
             dl.item_position::integer, dl.seq::integer, dl.due_date, dl.status, e.permalink, e.posted_at,
             e.post_id, e.handle, e.caption, true, e.captured_at, e.views, e.reach, e.likes, e.comments,
             e.shares, e.saves, m.link_clicks, e.interactions_by_reach, e.interactions_by_views, e.er_reach,
             e.er_views, m.source, o.fee
      from app.dashboard_posts(r.period_start, r.period_end, r.time_zone, null, null, null, 'reach') p
      join public.post_engagement e on e.post_id = p.post_id
      left join public.post_metrics m on m.post_id = e.post_id and m.captured_at = e.captured_at
      left join lateral (select x.* from public.deliverables x
                         where x.post_id = e.post_id and x.creator_id = r.creator_id
                         order by x.updated_at desc limit 1) dl on true
      left join public.offers o on o.id = dl.offer_id;
  end if;
end
$$;
comment on function app.report_items(uuid) is 'The deliverables or posts of a report with each post''s latest counters, rates, link clicks and source.';
revoke execute on function app.report_items(uuid) from public, anon, authenticated;

-- The whole report as one JSON document (numbers with a fraction, and money, as text so no client reads them as
-- floats). This is what a frozen share keeps. Totals count each post once; the pooled and median rates are the
-- ones engagement_overview computes.
create function app.report_payload(p_report uuid) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  r public.reports;
  prior text[];
  me public.profiles;
  result jsonb;
begin
  select * into r from public.reports where id = p_report;
  if not found then
    return null;
  end if;
  select * into me from public.profiles where id = r.creator_id;
  prior := app.act_as(r.creator_id);

  with items as materialized (
    select * from app.report_items(p_report)
  ),
  posts as (
    select distinct on (i.post_id) i.* from items i where i.post_live order by i.post_id
  ),
  report_offers as (
    select o.* from public.offers o
    where o.id = any(r.offer_ids)
       or (r.scope = 'window' and r.brand_id is not null
           and o.id in (select i.offer_id from items i where i.offer_id is not null))
  ),
  spend as (
    select case when count(distinct o.currency) = 1 then sum(o.fee) end as amount,
           case when count(distinct o.currency) = 1 then min(o.currency::text) end as currency,
           coalesce(jsonb_agg(distinct o.currency::text), '[]'::jsonb) as currencies
    from report_offers o
  )
  select jsonb_build_object(
    'report', jsonb_build_object(
      'id', r.id, 'title', r.title, 'scope', r.scope, 'brand_id', r.brand_id, 'brand_name', r.brand_name,
      'period_start', r.period_start, 'period_end', r.period_end, 'time_zone', r.time_zone,
      'created_at', r.created_at),
    'creator', jsonb_build_object('id', me.id, 'display_name', me.display_name,
                                  'markets', to_jsonb(me.disclosure_markets)),
    'offers', coalesce((
      select jsonb_agg(jsonb_build_object('id', o.id, 'campaign', o.campaign, 'brand_name', o.brand_name,
                                          'fee', o.fee::text, 'currency', o.currency::text, 'status', o.status)
                       order by o.created_at)
      from (select o.* from public.offers o
            where o.id = any(r.offer_ids)
               or (r.scope = 'window' and o.id in (select i.offer_id from items i where i.offer_id is not null))) o),
      '[]'::jsonb),
    'spend', (
      select jsonb_build_object('amount', sp.amount::text, 'currency', sp.currency,
                                'minor_units', (select c.minor_units from public.currencies c where c.code = sp.currency),
                                'currencies', sp.currencies)
      from spend sp),
    'rows', coalesce((
      select jsonb_agg(jsonb_build_object(
        'deliverable_id', i.deliverable_id, 'offer_id', i.offer_id, 'campaign', i.campaign,
        'brand_name', i.brand_name, 'platform', i.platform, 'format', i.format, 'item_position', i.item_position,
        'seq', i.seq, 'due_date', i.due_date, 'status', i.deliverable_status, 'permalink', i.permalink,
        'posted_at', i.posted_at, 'post_id', i.post_id, 'handle', i.handle, 'caption', i.caption,
        'post_live', i.post_live, 'captured_at', i.captured_at, 'views', i.views, 'reach', i.reach,
        'likes', i.likes, 'comments', i.comments, 'shares', i.shares, 'saves', i.saves,
        'link_clicks', i.link_clicks, 'engagements', i.interactions_by_reach,
        'er_reach', round(i.er_reach, 6)::text, 'er_views', round(i.er_views, 6)::text, 'source', i.source,
        'relationship', case when i.offer_id is null then null when i.fee > 0 then 'paid' else 'gifted' end)
        order by i.posted_at nulls last, i.campaign nulls last, i.item_position nulls last, i.seq nulls last,
                 i.post_id)
      from items i), '[]'::jsonb),
    'totals', (
      select jsonb_build_object(
        'posts', count(*),
        'views', sum(p.views), 'reach', sum(p.reach), 'likes', sum(p.likes), 'comments', sum(p.comments),
        'shares', sum(p.shares), 'saves', sum(p.saves), 'link_clicks', sum(p.link_clicks),
        'engagements', sum(p.interactions_by_reach),
        'er_reach', round(sum(p.interactions_by_reach) filter (where p.er_reach is not null)::numeric
                          / nullif(sum(p.reach) filter (where p.er_reach is not null), 0), 6)::text,
        'er_reach_median', round(percentile_cont(0.5) within group (order by p.er_reach::float8)::numeric, 6)::text,
        'er_reach_posts', count(p.er_reach),
        'er_reach_interactions', coalesce(sum(p.interactions_by_reach) filter (where p.er_reach is not null), 0),
        'er_reach_reach', coalesce(sum(p.reach) filter (where p.er_reach is not null), 0),
        'er_views', round(sum(p.interactions_by_views) filter (where p.er_views is not null)::numeric
                          / nullif(sum(p.views) filter (where p.er_views is not null), 0), 6)::text,
        'er_views_posts', count(p.er_views),
        'er_views_interactions', coalesce(sum(p.interactions_by_views) filter (where p.er_views is not null), 0),
        'er_views_views', coalesce(sum(p.views) filter (where p.er_views is not null), 0),
        'sources', jsonb_build_object(
          'api', count(*) filter (where p.source = 'api'),
          'import', count(*) filter (where p.source = 'import'),
          'manual', count(*) filter (where p.source = 'manual'),
          'none', count(*) filter (where p.source is null)))
      from posts p),
    'as_of', (select max(p.captured_at) from posts p),
    'generated_at', app.now())
  into result;

  perform app.act_as_done(prior);
  return result;
end
$$;
comment on function app.report_payload(uuid) is 'A report''s content as JSON: its offers and spend, each deliverable or post with its numbers and their source, and the totals.';
revoke execute on function app.report_payload(uuid) from public, anon, authenticated;

-- The conversions entered on a report, oldest first, with who entered them: all of them (p_whole, for the report's
-- creator), or only the ones entered for brand p_brand (none without a brand).
create function app.report_conversions_json(p_report uuid, p_whole boolean, p_brand uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', c.id, 'label', c.label, 'conversions', c.conversions, 'revenue', c.revenue::text,
           'currency', c.currency::text, 'entered_by', p.display_name, 'entered_at', c.entered_at,
           'minor_units', (select x.minor_units from public.currencies x where x.code = c.currency))
         order by c.entered_at, c.id), '[]'::jsonb)
  from public.report_conversions c
  left join public.profiles p on p.id = c.entered_by
  where c.report_id = p_report and (p_whole or c.brand_id = p_brand)
$$;
comment on function app.report_conversions_json(uuid, boolean, uuid) is 'The conversions entered on a report (all, or one brand''s), oldest first, with who entered them.';
revoke execute on function app.report_conversions_json(uuid, boolean, uuid) from public, anon, authenticated;

-- What a reader gets: the share's mode, the numbers (the frozen snapshot, or computed now), and the conversions,
-- cut down to the reader's brand (app.report_for_reader); costs divide the fee share of what was delivered
-- (app.report_with_delivered_spend), and the report carries what its links and codes brought (clicks, sales).
create function app.report_envelope(p_report uuid, p_share uuid) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s public.report_shares;
  reader_brand uuid;
  payload jsonb;
begin
  if p_share is null then
    -- The creator: everything, computed now.
    payload := app.report_with_delivered_spend(app.report_payload(p_report));
    return jsonb_build_object(
      'mode', 'live', 'frozen_at', null, 'share_id', null, 'share_kind', null, 'expires_at', null,
      'payload', payload, 'conversions', app.report_conversions_json(p_report, true, null),
      'tracking', app.report_tracking(payload, null));
  end if;
  select * into s from public.report_shares where id = p_share and report_id = p_report;
  if not found then
    return null;
  end if;
  reader_brand := app.report_reader_brand(s.id);
  payload := app.report_with_delivered_spend(app.report_for_reader(
               case when s.mode = 'frozen' then s.snapshot else app.report_payload(p_report) end, reader_brand));
  return jsonb_build_object(
    'mode', s.mode, 'frozen_at', s.frozen_at, 'share_id', s.id, 'share_kind', s.kind, 'expires_at', s.expires_at,
    'payload', payload, 'conversions', app.report_conversions_json(p_report, false, reader_brand),
    'tracking', app.report_tracking(payload, case when s.mode = 'frozen' then s.frozen_at end));
end
$$;
comment on function app.report_envelope(uuid, uuid) is 'A report as a reader gets it through one share (only the deals of the share''s brand, costs on what was delivered, what its links and codes brought), or whole for its creator.';
revoke execute on function app.report_envelope(uuid, uuid) from public, anon, authenticated;

-- State changes: reports ----------------------------------------------------------------------------------------

create function public.create_report(p_title text, p_offer_ids uuid[] default null, p_start date default null,
                                     p_end date default null, p_brand_id uuid default null)
returns public.reports
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  v_offer_ids uuid[] := coalesce((select array_agg(distinct x) from unnest(p_offer_ids) x where x is not null), '{}');
  bad record;
  v_brands integer;
  v_currencies text;
  the_brand uuid;
  the_brand_name text;
  result public.reports;
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators build reports' using errcode = '42501';
  end if;
  if p_title is null or length(btrim(p_title)) not between 1 and 120 then
    raise exception 'give the report a title (1 to 120 characters)' using errcode = '22023';
  end if;
  if cardinality(v_offer_ids) > 0 then
    if p_start is not null or p_end is not null then
      raise exception 'a report covers either chosen offers or a date window, not both' using errcode = '22023';
    end if;
    if cardinality(v_offer_ids) > 50 then
      raise exception 'a report can cover at most 50 offers' using errcode = '22023';
    end if;
    select x as id, o.status, o.creator_id into bad
    from unnest(v_offer_ids) x left join public.offers o on o.id = x
    where o.id is null or o.creator_id <> uid or o.status = 'draft' limit 1;
    if found then
      raise exception 'offer % is not one of your offers', bad.id using errcode = 'P0002';
    end if;
    select o.campaign, o.status into bad from public.offers o
    where o.id = any(v_offer_ids) and o.status not in ('accepted', 'in_progress', 'delivered', 'completed') limit 1;
    if found then
      raise exception 'the offer "%" is %: a report covers accepted offers only', bad.campaign,
        replace(bad.status, '_', ' ') using errcode = '22023';
    end if;
    select count(distinct coalesce(o.brand_id::text, 'name:' || lower(o.brand_name))),
           string_agg(distinct o.currency::text, ', ' order by o.currency::text)
      into v_brands, v_currencies
    from public.offers o where o.id = any(v_offer_ids);
    if v_brands > 1 then
      raise exception 'choose offers of one brand: a report is about one brand''s campaign' using errcode = '22023';
    end if;
    if v_currencies like '%,%' then
      raise exception 'the chosen offers are in %: a report adds up fees in one currency, so choose offers in one currency',
        v_currencies using errcode = '22023';
    end if;
    select o.brand_id, o.brand_name into the_brand, the_brand_name
    from public.offers o where o.id = any(v_offer_ids) order by o.created_at desc limit 1;
  else
    perform app.check_date_range(p_start, p_end, 'choose the offers the report covers, or a start and an end date');
    if p_end - p_start > 731 then
      raise exception 'a report window can span at most two years' using errcode = '22023';
    end if;
    if p_brand_id is not null then
      select b.name into the_brand_name from public.brands b where b.id = p_brand_id
        and (app.works_with_brand(b.id)
             or exists (select 1 from public.offers o where o.brand_id = b.id and o.creator_id = uid
                        and o.status in ('accepted', 'in_progress', 'delivered', 'completed')));
      if not found then
        raise exception 'you do not work with this brand' using errcode = 'P0002';
      end if;
      the_brand := p_brand_id;
    end if;
  end if;

  insert into public.reports (creator_id, title, scope, brand_id, brand_name, offer_ids, period_start, period_end,
                              time_zone)
  values (uid, btrim(p_title), case when cardinality(v_offer_ids) > 0 then 'offers' else 'window' end, the_brand,
          the_brand_name, v_offer_ids, case when cardinality(v_offer_ids) = 0 then p_start end,
          case when cardinality(v_offer_ids) = 0 then p_end end, app.my_time_zone())
  returning * into result;
  perform app.audit('report.created', 'reports', result.id::text,
                    jsonb_build_object('scope', result.scope, 'brand_name', result.brand_name));
  return result;
end
$$;
comment on function public.create_report(text, uuid[], date, date, uuid) is 'Creates a report from accepted offers of one brand, or from a date window (optionally one brand''s deliverables in it).';

create function public.delete_report(p_report_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  r public.reports;
begin
  select * into r from public.reports where id = p_report_id for update;
  if not found or r.creator_id <> auth.uid() then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  delete from public.reports where id = r.id;
  perform app.audit('report.deleted', 'reports', r.id::text, jsonb_build_object('title', r.title));
end
$$;
comment on function public.delete_report(uuid) is 'Deletes one of the caller''s reports with its shares, view log and conversions.';

-- Shares a report with the members of a brand (p_kind 'brand') or by a secret link (p_kind 'link': the app
-- makes the token and passes only its SHA-256). 'frozen' keeps the numbers as they are now, cut down to what
-- the share's reader may see; a report about one brand's offers is shared only with that brand. p_language is
-- the document language of the link (app.document_language).
create function public.share_report(p_report_id uuid, p_kind text, p_mode text, p_brand_id uuid default null,
                                    p_token_hash text default null, p_valid_days integer default null,
                                    p_label text default null, p_language text default null)
returns public.report_shares
language plpgsql security definer set search_path = '' as $$
declare
  r public.reports;
  brand_name text;
  v_language text;
  result public.report_shares;
begin
  select * into r from public.reports where id = p_report_id for update;
  if not found or r.creator_id <> auth.uid() then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  if p_mode is null or p_mode not in ('live', 'frozen') then
    raise exception 'share the report live (it follows new syncs) or frozen (its numbers as of now)'
      using errcode = '22023';
  end if;
  if p_label is not null and length(p_label) > 80 then
    raise exception 'the label must be at most 80 characters' using errcode = '22023';
  end if;
  if p_valid_days is not null and p_valid_days not between 1 and 365 then
    raise exception 'a share can be valid for 1 to 365 days' using errcode = '22023';
  end if;
  v_language := app.document_language(p_language, r.creator_id);
  if p_kind = 'brand' then
    select b.name into brand_name from public.brands b where b.id = p_brand_id and app.works_with_brand(b.id);
    if not found then
      raise exception 'you can share a report only with a brand partner you invited' using errcode = '22023';
    end if;
    if (r.brand_id is not null or r.scope = 'offers') and r.brand_id is distinct from p_brand_id then
      raise exception 'this report is about %: share it with that brand only', r.brand_name using errcode = '22023';
    end if;
    if exists (select 1 from public.report_shares s where s.report_id = r.id and s.kind = 'brand'
               and s.brand_id = p_brand_id and s.revoked_at is null and (s.expires_at is null or s.expires_at > app.now())) then
      raise exception 'this report is already shared with %: revoke that share first to share it again', brand_name
        using errcode = '55000';
    end if;
    -- An expired share still holds the unique slot: close it.
    update public.report_shares s set revoked_at = app.now()
     where s.report_id = r.id and s.kind = 'brand' and s.brand_id = p_brand_id and s.revoked_at is null;
  elsif p_kind = 'link' then
    if p_token_hash is null or p_token_hash !~ '^[0-9a-f]{64}$' then
      raise exception 'the link''s token must be stored as its SHA-256 (64 lowercase hex digits)' using errcode = '22023';
    end if;
  else
    raise exception 'share with a brand partner''s account or by a secret link' using errcode = '22023';
  end if;

  insert into public.report_shares (report_id, creator_id, kind, brand_id, label, token_hash, mode, snapshot,
                                    frozen_at, expires_at, language)
  values (r.id, r.creator_id, p_kind, case when p_kind = 'brand' then p_brand_id end, nullif(btrim(p_label), ''),
          case when p_kind = 'link' then p_token_hash end, p_mode,
          case when p_mode = 'frozen' then
            app.report_for_reader(app.report_payload(r.id),
                                  case when p_kind = 'brand' then p_brand_id else r.brand_id end) end,
          case when p_mode = 'frozen' then app.now() end,
          case when p_kind = 'link' then app.now() + make_interval(days => coalesce(p_valid_days, 30))
               when p_valid_days is not null then app.now() + make_interval(days => p_valid_days) end,
          v_language)
  returning * into result;
  perform app.audit('report.shared', 'report_shares', result.id::text,
                    jsonb_build_object('report_id', r.id, 'kind', p_kind, 'mode', p_mode, 'brand_id', p_brand_id,
                                       'expires_at', result.expires_at, 'language', result.language));
  return result;
end
$$;
comment on function public.share_report(uuid, text, text, uuid, text, integer, text, text) is 'Shares a report with a brand''s members or by a secret link (its SHA-256), live or frozen, in a document language (the creator''s own unless chosen); a frozen share keeps only what its reader may see.';

create function public.revoke_report_share(p_share_id uuid) returns public.report_shares
language plpgsql security definer set search_path = '' as $$
declare
  s public.report_shares;
begin
  select * into s from public.report_shares where id = p_share_id for update;
  if not found or s.creator_id <> auth.uid() then
    raise exception 'share not found' using errcode = 'P0002';
  end if;
  if s.revoked_at is not null then
    raise exception 'this share was already revoked on %',
      to_char(s.revoked_at at time zone app.my_time_zone(), 'YYYY-MM-DD HH24:MI') using errcode = '55000';
  end if;
  update public.report_shares set revoked_at = app.now() where id = s.id returning * into s;
  perform app.audit('report.share_revoked', 'report_shares', s.id::text,
                    jsonb_build_object('report_id', s.report_id, 'kind', s.kind));
  return s;
end
$$;
comment on function public.revoke_report_share(uuid) is 'Revokes a share at once: its link or grant stops working.';

-- Reading: the creator (live), or a member of a brand the report is shared with (that share: live or frozen).
-- Every opening by a brand member is in the creator's view log, whatever the caller wants: a visit key (p_visit:
-- one browser session and its reruns) keeps that to one entry per visit, as secret links do. The creator's own
-- previews are not logged.
create function public.report_data(p_report_id uuid, p_visit text default null) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  r public.reports;
  s public.report_shares;
begin
  select * into r from public.reports where id = p_report_id;
  if not found or uid is null then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  if r.creator_id = uid then
    return app.report_envelope(r.id, null);
  end if;
  select * into s from public.report_shares x
  where x.report_id = r.id and x.kind = 'brand' and x.revoked_at is null
    and (x.expires_at is null or x.expires_at > app.now()) and app.is_brand_member(x.brand_id)
  order by x.created_at desc limit 1;
  if not found then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  insert into public.report_views (share_id, report_id, creator_id, viewer_id, visit_hash)
  values (s.id, r.id, r.creator_id, uid,
          case when length(p_visit) between 16 and 200 then encode(sha256(convert_to(p_visit, 'UTF8')), 'hex') end)
  on conflict (share_id, visit_hash) where visit_hash is not null do nothing;
  return app.report_envelope(r.id, s.id);
end
$$;
comment on function public.report_data(uuid, text) is 'A report for its creator (live) or for a member of a brand it is shared with (as shared, the opening logged once per visit key).';

-- Reading by secret link: anyone holding the token, signed in or not. An unknown, revoked or expired token
-- returns null (the same answer for each, so the response tells nothing about the link). Every opening is
-- logged, once per visit key (p_visit); the answer says which language the creator chose for the link.
create function public.shared_report(p_token text, p_visit text default null) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s public.report_shares;
begin
  if p_token is null or length(p_token) not between 16 and 200 then
    return null;
  end if;
  select * into s from public.report_shares x
  where x.token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex') and x.kind = 'link';
  if not found or s.revoked_at is not null or s.expires_at <= app.now() then
    return null;
  end if;
  -- A visit key the caller made up is logged on its first use, like any other: a second opening with the same key
  -- adds nothing, so a visitor can only be logged once per key, never zero times.
  insert into public.report_views (share_id, report_id, creator_id, viewer_id, visit_hash)
  values (s.id, s.report_id, s.creator_id, auth.uid(),
          case when length(p_visit) between 16 and 200 then encode(sha256(convert_to(p_visit, 'UTF8')), 'hex') end)
  on conflict (share_id, visit_hash) where visit_hash is not null do nothing;
  return app.report_envelope(s.report_id, s.id) || jsonb_build_object('language', s.language);
end
$$;
comment on function public.shared_report(text, text) is 'A report by its secret link with its document language (null when the link is unknown, revoked or expired); logs the opening, once per visit key.';

-- Conversions: entered by a member of the brand the report is about, while it is shared with them.
create function public.add_report_conversion(p_report_id uuid, p_label text, p_conversions text,
                                             p_revenue text default null, p_currency text default null)
returns public.report_conversions
language plpgsql security definer set search_path = '' as $$
declare
  r public.reports;
  n numeric;
  revenue numeric;
  cur text := nullif(upper(btrim(coalesce(p_currency, ''))), '');
  places smallint;
  result public.report_conversions;
begin
  select * into r from public.reports where id = p_report_id;
  if not found or not app.report_shared_with_me(r.id) then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  if r.brand_id is null or not app.is_brand_member(r.brand_id) then
    raise exception 'only the brand this report is about can add conversions' using errcode = '42501';
  end if;
  if p_label is null or length(btrim(p_label)) not between 1 and 120 then
    raise exception 'say what the conversions are (1 to 120 characters), for example "Promo code MAYA15"'
      using errcode = '22023';
  end if;
  if coalesce(btrim(p_conversions), '') = '' then
    raise exception 'enter how many conversions (0 or more)' using errcode = '22023';
  end if;
  begin
    n := replace(btrim(p_conversions), ',', '')::numeric;
  exception when others then
    raise exception 'conversions must be a whole number (got "%")', p_conversions using errcode = '22023';
  end;
  if n < 0 then
    raise exception 'conversions cannot be negative (got %)', p_conversions using errcode = '22023';
  end if;
  if n <> trunc(n) then
    raise exception 'conversions must be a whole number (got "%")', p_conversions using errcode = '22023';
  end if;
  if n > 1000000000 then
    raise exception 'conversions % is too large', p_conversions using errcode = '22023';
  end if;
  if coalesce(btrim(p_revenue), '') <> '' then
    revenue := app.to_number(replace(btrim(p_revenue), ',', ''), 'the revenue', p_revenue);
    if revenue < 0 then
      raise exception 'the revenue cannot be negative (got %)', p_revenue using errcode = '22023';
    end if;
    if not (revenue < 1000000000000) then
      raise exception 'the revenue % is too large', p_revenue using errcode = '22023';
    end if;
    select c.minor_units into places from public.currencies c where c.code = cur;
    if not found then
      raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_currency using errcode = '22023';
    end if;
    if revenue <> round(revenue, places) then
      raise exception 'revenue in % has at most % decimal places (got %)', cur, places, p_revenue using errcode = '22023';
    end if;
  else
    cur := null;
  end if;
  insert into public.report_conversions (report_id, creator_id, brand_id, label, conversions, revenue, currency,
                                         entered_by)
  values (r.id, r.creator_id, r.brand_id, btrim(p_label), n::integer, revenue, cur, auth.uid())
  returning * into result;
  perform app.audit('report.conversion_added', 'report_conversions', result.id::text,
                    jsonb_build_object('report_id', r.id, 'conversions', result.conversions,
                                       'revenue', result.revenue, 'currency', result.currency));
  return result;
end
$$;
comment on function public.add_report_conversion(uuid, text, text, text, text) is 'A brand partner adds conversions (and optional revenue) to a report shared with their brand; refuses negative or non-numeric figures.';

create function public.remove_report_conversion(p_conversion_id uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  c public.report_conversions;
begin
  select * into c from public.report_conversions where id = p_conversion_id for update;
  if not found or not app.is_brand_member(c.brand_id) or not app.report_shared_with_me(c.report_id) then
    raise exception 'conversion not found' using errcode = 'P0002';
  end if;
  delete from public.report_conversions where id = c.id;
  perform app.audit('report.conversion_removed', 'report_conversions', c.id::text,
                    jsonb_build_object('report_id', c.report_id, 'conversions', c.conversions));
end
$$;
comment on function public.remove_report_conversion(uuid) is 'The brand removes conversions it entered (for example a typo).';

-- Media kit ------------------------------------------------------------------------------------------------------

-- The media kit's content, always computed now, as its creator, from the dashboard functions: audience per
-- account, demographics, engagement per platform and top posts over the 90 days up to the last day with data,
-- past brand partners (only those the creator picked, and only if a deal with them was accepted) and the rate card.
create function app.media_kit_payload(p_creator uuid) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  k public.media_kits;
  me public.profiles;
  prior text[];
  last_day date;
  first_day date;
  result jsonb;
begin
  select * into k from public.media_kits where creator_id = p_creator;
  if not found then
    k.creator_id := p_creator;
    k.enabled := false;
    k.show_audience := true; k.show_demographics := true; k.show_engagement := true; k.show_top_posts := true;
    k.show_partners := false; k.show_rates := false; k.partner_names := '{}';
  end if;
  select * into me from public.profiles where id = p_creator;
  if not found then
    return null;
  end if;
  prior := app.act_as(p_creator);
  last_day := coalesce((select max(d.day) from public.account_daily d where d.creator_id = p_creator),
                       app.today(me.time_zone));
  first_day := last_day - 89;
  select jsonb_build_object(
    'creator', jsonb_build_object('display_name', me.display_name, 'niche', me.niche, 'headline', k.headline,
                                  'contact_email', k.contact_email),
    'sections', jsonb_build_object('audience', k.show_audience, 'demographics', k.show_demographics,
                                   'engagement', k.show_engagement, 'top_posts', k.show_top_posts,
                                   'partners', k.show_partners, 'rates', k.show_rates),
    'as_of', last_day, 'period_start', first_day, 'period_end', last_day, 'time_zone', me.time_zone,
    'generated_at', app.now(),
    'audience', case when k.show_audience then coalesce((
      select jsonb_agg(jsonb_build_object('platform', a.platform, 'handle', a.handle, 'followers', a.followers,
                                          'as_of', a.last_day,
                                          'source', (select d.source from public.account_daily d
                                                     where d.account_id = a.account_id and d.followers is not null
                                                     order by d.day desc limit 1))
                       order by a.followers desc nulls last, a.platform)
      from public.dashboard_accounts() a
      where a.followers is not null and a.status <> 'disconnected'), '[]'::jsonb) end,
    'demographics', case when k.show_demographics then coalesce((
      select jsonb_agg(jsonb_build_object('dimension', g.dimension, 'bucket', g.bucket, 'share', g.share::text,
                                          'as_of', g.as_of) order by g.dimension, g.share desc, g.bucket)
      from public.audience_demographics(null, null) g where g.share is not null and g.share > 0), '[]'::jsonb) end,
    'engagement', case when k.show_engagement then jsonb_build_object(
      'reach', coalesce((
        select jsonb_agg(jsonb_build_object('platform', g.group_key, 'posts', g.posts, 'rated_posts', g.rated_posts,
                                            'median', g.median_rate::text, 'pooled', g.pooled_rate::text)
                         order by g.group_key)
        from public.engagement_by_group(first_day, last_day, me.time_zone, null, null, null, 'reach', 'platform') g),
        '[]'::jsonb),
      'views', coalesce((
        select jsonb_agg(jsonb_build_object('platform', g.group_key, 'posts', g.posts, 'rated_posts', g.rated_posts,
                                            'median', g.median_rate::text, 'pooled', g.pooled_rate::text)
                         order by g.group_key)
        from public.engagement_by_group(first_day, last_day, me.time_zone,
                                        array(select pl.key from public.platforms pl where pl.er_by_views),
                                        null, null, 'views', 'platform') g
        where g.rated_posts > 0), '[]'::jsonb)) end,
    'top_posts', case when k.show_top_posts then coalesce((
      select jsonb_agg(jsonb_build_object('platform', p.platform, 'handle', p.handle, 'post_type', p.post_type,
                                          'posted_at', p.posted_at, 'permalink', p.permalink, 'caption', p.caption,
                                          'interactions', p.interactions, 'reach', p.denominator,
                                          'rate', p.rate::text))
      from public.engagement_top_posts(first_day, last_day, me.time_zone, null, null, null, 'reach', 5, false) p),
      '[]'::jsonb) end,
    'partners', case when k.show_partners then coalesce((
      select jsonb_agg(x.brand_name order by x.brand_name)
      from (select distinct o.brand_name from public.offers o
            where o.creator_id = p_creator and o.status in ('accepted', 'in_progress', 'delivered', 'completed')
              and o.brand_name = any(k.partner_names)) x), '[]'::jsonb) end,
    'rates', case when k.show_rates then coalesce((
      select jsonb_agg(jsonb_build_object('platform', r.platform, 'format', r.format, 'fee', r.fee::text,
                                          'currency', r.currency::text) order by r.position)
      from public.media_kit_rates r where r.creator_id = p_creator), '[]'::jsonb) end)
  into result;
  perform app.act_as_done(prior);
  return result;
end
$$;
comment on function app.media_kit_payload(uuid) is 'A creator''s media kit as JSON, computed now from the dashboard functions, with only the sections they opted into.';
revoke execute on function app.media_kit_payload(uuid) from public, anon, authenticated;

create function public.save_media_kit(p_kit jsonb) returns public.media_kits
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  allowed_keys constant text[] := array['enabled', 'headline', 'contact_email', 'public_slug', 'show_audience',
    'show_demographics', 'show_engagement', 'show_top_posts', 'show_partners', 'show_rates', 'partner_names', 'rates', 'language'];
  v_slug text;
  v_headline text;
  v_email text;
  v_partners text[];
  v_language text;
  item jsonb;
  n integer := 0;
  v_fee numeric;
  v_cur text;
  v_minor smallint;
  v_platform text;
  v_format text;
  result public.media_kits;
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators have a media kit' using errcode = '42501';
  end if;
  perform app.require_object_keys(p_kit, allowed_keys, 'the media kit settings are missing',
                                  'unknown media kit setting "%s"');
  v_slug := nullif(lower(btrim(coalesce(p_kit ->> 'public_slug', ''))), '');
  if v_slug is not null and v_slug !~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$' then
    raise exception 'the public link name "%" must be 3 to 40 lowercase letters, digits or hyphens (not at either end)',
      p_kit ->> 'public_slug' using errcode = '22023';
  end if;
  if v_slug is not null and exists (select 1 from public.media_kits m where m.public_slug = v_slug and m.creator_id <> uid) then
    raise exception 'the public link name "%" is taken: choose another', v_slug using errcode = '22023';
  end if;
  v_headline := nullif(btrim(coalesce(p_kit ->> 'headline', '')), '');
  if v_headline is not null and length(v_headline) > 280 then
    raise exception 'the headline must be at most 280 characters' using errcode = '22023';
  end if;
  v_email := nullif(btrim(coalesce(p_kit ->> 'contact_email', '')), '');
  if v_email is not null and v_email !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'the contact email "%" is not an email address', v_email using errcode = '22023';
  end if;
  if p_kit ? 'partner_names' and jsonb_typeof(p_kit -> 'partner_names') not in ('array', 'null') then
    raise exception 'past brand partners must be a list' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct btrim(x) order by btrim(x)), '{}') into v_partners
  from jsonb_array_elements_text(coalesce(nullif(p_kit -> 'partner_names', 'null'::jsonb), '[]'::jsonb)) x
  where btrim(x) <> '';
  if p_kit ? 'rates' and jsonb_typeof(p_kit -> 'rates') not in ('array', 'null') then
    raise exception 'the rate card must be a list' using errcode = '22023';
  end if;
  if jsonb_array_length(coalesce(nullif(p_kit -> 'rates', 'null'::jsonb), '[]'::jsonb)) > 20 then
    raise exception 'a rate card can list at most 20 rates' using errcode = '22023';
  end if;
  v_language := app.document_language(p_kit ->> 'language', uid);

  insert into public.media_kits as m (creator_id, enabled, headline, contact_email, public_slug, show_audience,
                                      show_demographics, show_engagement, show_top_posts, show_partners, show_rates,
                                      partner_names, language, updated_at)
  values (uid, coalesce((p_kit ->> 'enabled')::boolean, false), v_headline, v_email, v_slug,
          coalesce((p_kit ->> 'show_audience')::boolean, true), coalesce((p_kit ->> 'show_demographics')::boolean, true),
          coalesce((p_kit ->> 'show_engagement')::boolean, true), coalesce((p_kit ->> 'show_top_posts')::boolean, true),
          coalesce((p_kit ->> 'show_partners')::boolean, false), coalesce((p_kit ->> 'show_rates')::boolean, false),
          v_partners, v_language, app.now())
  on conflict (creator_id) do update set enabled = excluded.enabled, headline = excluded.headline,
    contact_email = excluded.contact_email, public_slug = excluded.public_slug,
    show_audience = excluded.show_audience, show_demographics = excluded.show_demographics,
    show_engagement = excluded.show_engagement, show_top_posts = excluded.show_top_posts,
    show_partners = excluded.show_partners, show_rates = excluded.show_rates,
    partner_names = excluded.partner_names, language = excluded.language, updated_at = app.now()
  returning * into result;

  delete from public.media_kit_rates where creator_id = uid;
  for item in select value from jsonb_array_elements(coalesce(nullif(p_kit -> 'rates', 'null'::jsonb), '[]'::jsonb)) loop
    n := n + 1;
    v_platform := lower(btrim(coalesce(item ->> 'platform', '')));
    v_format := lower(btrim(coalesce(item ->> 'format', '')));
    if not exists (select 1 from public.platforms pl where pl.key = v_platform) then
      raise exception 'rate %: unknown platform "%"', n, item ->> 'platform' using errcode = '22023';
    end if;
    if v_format not in ('reel', 'image', 'carousel', 'story', 'video', 'short', 'stream', 'text') then
      raise exception 'rate %: unknown format "%"', n, item ->> 'format' using errcode = '22023';
    end if;
    v_fee := app.to_number(replace(btrim(item ->> 'fee'), ',', ''), format('rate %s: the fee', n), item ->> 'fee');
    if v_fee is null then
      raise exception 'rate %: enter the fee', n using errcode = '22023';
    end if;
    if v_fee < 0 then
      raise exception 'rate %: the fee cannot be negative (got %)', n, item ->> 'fee' using errcode = '22023';
    end if;
    if not (v_fee < 1000000000000) then
      raise exception 'rate %: the fee % is too large', n, item ->> 'fee' using errcode = '22023';
    end if;
    v_cur := upper(btrim(coalesce(item ->> 'currency', '')));
    select c.minor_units into v_minor from public.currencies c where c.code = v_cur;
    if not found then
      raise exception 'rate %: unknown currency "%": use an ISO 4217 code such as EUR or USD', n, item ->> 'currency'
        using errcode = '22023';
    end if;
    if v_fee <> round(v_fee, v_minor) then
      raise exception 'rate %: a fee in % has at most % decimal places (got %)', n, v_cur, v_minor, item ->> 'fee'
        using errcode = '22023';
    end if;
    insert into public.media_kit_rates (creator_id, position, platform, format, fee, currency)
    values (uid, n, v_platform, v_format, v_fee, v_cur);
  end loop;
  perform app.audit('media_kit.saved', 'media_kits', uid::text,
                    jsonb_build_object('enabled', result.enabled, 'public_slug', result.public_slug, 'rates', n,
                                       'language', result.language));
  return result;
end
$$;
comment on function public.save_media_kit(jsonb) is 'Saves the caller''s media kit settings, rate card and document language (all or nothing).';

-- A new secret link (the app makes the token and passes its SHA-256; the previous link stops working), or
-- none (p_token_hash null: the secret link is turned off).
create function public.set_media_kit_secret(p_token_hash text) returns public.media_kits
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  result public.media_kits;
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators have a media kit' using errcode = '42501';
  end if;
  if p_token_hash is not null and p_token_hash !~ '^[0-9a-f]{64}$' then
    raise exception 'the link''s token must be stored as its SHA-256 (64 lowercase hex digits)' using errcode = '22023';
  end if;
  insert into public.media_kits as m (creator_id, secret_token_hash, secret_created_at)
  values (uid, p_token_hash, case when p_token_hash is not null then app.now() end)
  on conflict (creator_id) do update set secret_token_hash = excluded.secret_token_hash,
    secret_created_at = excluded.secret_created_at, updated_at = app.now()
  returning * into result;
  perform app.audit(case when p_token_hash is null then 'media_kit.secret_link_revoked'
                         else 'media_kit.secret_link_created' end, 'media_kits', uid::text, '{}'::jsonb);
  return result;
end
$$;
comment on function public.set_media_kit_secret(text) is 'Replaces (or turns off) the media kit''s secret link.';

-- The caller's own media kit as visitors would see it (whether or not it is switched on).
create function public.media_kit_preview() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators have a media kit' using errcode = '42501';
  end if;
  return app.media_kit_payload(auth.uid());
end
$$;
comment on function public.media_kit_preview() is 'The caller''s media kit, computed now, for the settings page preview.';

-- A media kit by its public link name or its secret link, with the kit's document language; null when neither
-- matches a switched-on kit.
create function public.shared_media_kit(p_token text) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  found_creator uuid;
  found_language text;
begin
  if p_token is null or length(p_token) not between 3 and 200 then
    return null;
  end if;
  select m.creator_id, m.language into found_creator, found_language from public.media_kits m
  where m.enabled and (m.public_slug = lower(p_token)
                       or m.secret_token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex'))
  limit 1;
  if found_creator is null then
    return null;
  end if;
  return app.media_kit_payload(found_creator) || jsonb_build_object('language', found_language);
end
$$;
comment on function public.shared_media_kit(text) is 'A switched-on media kit by its public link name or secret link, with its document language (null otherwise).';

-- Grants: closed to visitors except the two token readers; open to signed-in people (the functions check who) ----

select app.serve_to_signed_in(array[
  'public.create_report(text, uuid[], date, date, uuid)', 'public.delete_report(uuid)',
  'public.share_report(uuid, text, text, uuid, text, integer, text, text)', 'public.revoke_report_share(uuid)',
  'public.report_data(uuid, text)', 'public.add_report_conversion(uuid, text, text, text, text)',
  'public.remove_report_conversion(uuid)', 'public.save_media_kit(jsonb)', 'public.set_media_kit_secret(text)',
  'public.media_kit_preview()', 'public.shared_media_kit(text)'
]::regprocedure[]);
-- The only functions a visitor may call: they take the token and return nothing without a valid one.
grant execute on function public.shared_media_kit(text) to anon;
revoke execute on function public.shared_report(text, text) from public;
grant execute on function public.shared_report(text, text) to anon, authenticated, service_role;
