-- Brand offers: their terms, the state machine that moves them, the history of every step, the
-- deliverables of accepted offers and the disclosure-checklist ticks on each deliverable.
--
-- Nobody writes these tables directly: every change is a function below that locks the offer row,
-- checks who is asking and what state the offer is in, and raises a clear message otherwise.
-- The policies only decide who may read what.
--
--   draft → sent → countered ⇄ sent → accepted | declined | expired | withdrawn
--   accepted → in_progress → delivered → completed;  accepted | in_progress → cancelled (with a reason)
--   (work on a deliverable starts an accepted offer; posting the last deliverable delivers it)
--
-- "Brand side" is a member of the offer's brand; for a deal the creator logged from an email or DM
-- (origin creator_logged) the creator records both sides.

-- Tables ----------------------------------------------------------------------------------------------

create table public.offers (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  brand_name text not null check (length(btrim(brand_name)) between 1 and 120),
  origin text not null check (origin in ('brand', 'creator_logged')),
  created_by uuid references public.profiles (id) on delete set null,
  status text not null default 'draft' check (status in (
    'draft', 'sent', 'countered', 'accepted', 'declined', 'expired', 'withdrawn',
    'in_progress', 'delivered', 'completed', 'cancelled')),
  campaign text not null check (length(btrim(campaign)) between 1 and 120),
  fee numeric not null check (fee >= 0 and fee < 1000000000000),
  currency char(3) not null references public.currencies (code),
  payment_net_days integer not null default 30 check (payment_net_days between 0 and 180),
  deposit_percent numeric(5, 2) not null default 0 check (deposit_percent between 0 and 100),
  usage_rights_days integer not null default 0 check (usage_rights_days between 0 and 3650),
  usage_channels text[] not null default '{}',
  exclusivity_category text check (exclusivity_category is null or length(exclusivity_category) between 1 and 80),
  exclusivity_days integer not null default 0 check (exclusivity_days between 0 and 730),
  paid_usage boolean not null default false,
  notes text check (notes is null or length(notes) <= 2000),
  expires_at timestamptz not null,
  version integer not null default 1 check (version >= 1),
  status_reason text check (status_reason is null or length(status_reason) <= 80),
  status_note text check (status_note is null or length(status_note) <= 1000),
  status_changed_at timestamptz not null default app.now(),
  created_at timestamptz not null default app.now(),
  updated_at timestamptz not null default app.now(),
  product_category text check (product_category is null or product_category in ('cosmetics', 'cosmetic_surgery', 'alcohol', 'gambling', 'nicotine_vaping', 'financial_crypto', 'health_supplements', 'medicines', 'food_children', 'weight_loss'))
);
comment on table public.offers is 'A brand''s offer to a creator (or a deal the creator logged), its current terms and state.';
comment on column public.offers.product_category is 'What the offer promotes, from a fixed list; decides market bans and restrictions.';
alter table public.offers enable row level security;
create index offers_creator_id_idx on public.offers (creator_id, status);
create index offers_brand_id_idx on public.offers (brand_id, status);
create index offers_open_expiry_idx on public.offers (expires_at) where status in ('sent', 'countered');

create table public.offer_items (
  offer_id uuid not null references public.offers (id) on delete cascade,
  position smallint not null check (position between 1 and 20),
  platform text not null,
  format text not null,
  quantity integer not null check (quantity between 1 and 50),
  due_date date not null,
  primary key (offer_id, position),
  foreign key (platform, format) references public.deliverable_formats (platform, format)
);
comment on table public.offer_items is 'The deliverables an offer asks for: platform, format, how many and by when.';
alter table public.offer_items enable row level security;

create table public.deliverables (
  id uuid primary key default gen_random_uuid(),
  offer_id uuid not null references public.offers (id) on delete cascade,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  item_position smallint not null,
  seq smallint not null check (seq >= 1),
  platform text not null,
  format text not null,
  due_date date not null,
  status text not null default 'pending'
    check (status in ('pending', 'draft_submitted', 'approved', 'posted', 'verified')),
  draft_url text check (draft_url is null or draft_url ~ '^https://'),
  draft_note text check (draft_note is null or length(draft_note) <= 1000),
  review_note text check (review_note is null or length(review_note) <= 1000),
  permalink text check (permalink is null or permalink ~ '^https://'),
  post_id uuid references public.posts (id) on delete set null,
  caption text,
  posted_at timestamptz,
  verified_at timestamptz,
  updated_at timestamptz not null default app.now(),
  unique (offer_id, item_position, seq),
  unique (id, creator_id),
  foreign key (platform, format) references public.deliverable_formats (platform, format)
);
comment on table public.deliverables is 'One piece of content an accepted offer asks for, from draft to a verified post.';
alter table public.deliverables enable row level security;
create index deliverables_offer_id_idx on public.deliverables (offer_id);
create index deliverables_creator_id_idx on public.deliverables (creator_id, status);
create index deliverables_brand_id_idx on public.deliverables (brand_id);
create index deliverables_post_id_idx on public.deliverables (post_id);

create table public.offer_events (
  id bigint generated always as identity primary key,
  offer_id uuid not null references public.offers (id) on delete cascade,
  deliverable_id uuid references public.deliverables (id) on delete cascade,
  occurred_at timestamptz not null default app.now(),
  actor_id uuid references public.profiles (id) on delete set null,
  action text not null check (length(action) between 1 and 60),
  from_status text,
  to_status text,
  note text,
  changes jsonb not null default '{}'::jsonb,
  terms jsonb
);
comment on table public.offer_events is 'The history of an offer: who did what and when, the state before and after, the note, what a counter changed.';
alter table public.offer_events enable row level security;
create index offer_events_offer_id_idx on public.offer_events (offer_id, id);
create index offer_events_deliverable_id_idx on public.offer_events (deliverable_id);
create index offer_events_actor_id_idx on public.offer_events (actor_id);

create table public.checklist_ticks (
  deliverable_id uuid not null,
  creator_id uuid not null,
  brand_id uuid references public.brands (id) on delete set null,
  rule_id text not null check (rule_id ~ '^[a-z0-9][a-z0-9_.-]{2,80}$'),
  ticked_by uuid references public.profiles (id) on delete set null,
  ticked_at timestamptz not null default app.now(),
  primary key (deliverable_id, rule_id),
  foreign key (deliverable_id, creator_id) references public.deliverables (id, creator_id) on delete cascade
);
comment on table public.checklist_ticks is 'Disclosure-checklist items ticked on a deliverable: which rule, who ticked it and when.';
alter table public.checklist_ticks enable row level security;
create index checklist_ticks_creator_id_idx on public.checklist_ticks (creator_id);
create index checklist_ticks_brand_id_idx on public.checklist_ticks (brand_id);

-- Permission helpers ------------------------------------------------------------------------------------

-- Creators see offers made to them once sent (never a brand's draft); members of the offering brand see
-- their brand's offers; a deal the creator logged stays theirs alone.
create function app.can_view_offer(p_offer uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.offers o
    where o.id = p_offer
      and ((o.creator_id = (select auth.uid()) and o.status <> 'draft')
           or (o.origin = 'brand' and app.is_brand_member(o.brand_id)))
  )
$$;
comment on function app.can_view_offer(uuid) is 'True when the caller may read this offer (and its items and history).';

-- Which side of the offer the caller is on: creator, brand, both (a deal the creator logged) or null.
create function app.side(o public.offers) returns text
language sql stable security definer set search_path = '' as $$
  select case
    when o.origin = 'creator_logged' and o.creator_id = (select auth.uid()) then 'both'
    when o.creator_id = (select auth.uid()) and o.status <> 'draft' then 'creator'
    when o.origin = 'brand' and app.is_brand_member(o.brand_id) then 'brand'
  end
$$;

revoke execute on function app.can_view_offer(uuid), app.side(public.offers) from public;
grant execute on function app.can_view_offer(uuid), app.side(public.offers) to authenticated, service_role;

-- Policies: read only; every write goes through the functions below ------------------------------------

create policy "Creators and the offering brand can view offers" on public.offers
  for select to authenticated using (
    (creator_id = (select auth.uid()) and status <> 'draft')
    or (origin = 'brand' and app.is_brand_member(brand_id)));

create policy "People who can view an offer can view its items" on public.offer_items
  for select to authenticated using (app.can_view_offer(offer_id));

create policy "People who can view an offer can view its history" on public.offer_events
  for select to authenticated using (app.can_view_offer(offer_id));

create policy "Creators and the offering brand can view deliverables" on public.deliverables
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

create policy "Creators and the offering brand can view checklist ticks" on public.checklist_ticks
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

-- Term validation -------------------------------------------------------------------------------------

create function app.int_term(p_terms jsonb, p_key text, p_default integer, p_min integer, p_max integer,
                             p_label text) returns integer
language plpgsql immutable set search_path = '' as $$
declare
  v integer;
begin
  if not (p_terms ? p_key) or jsonb_typeof(p_terms -> p_key) = 'null' then
    return p_default;
  end if;
  begin
    v := (p_terms ->> p_key)::integer;
  exception when others then
    raise exception '% must be a whole number (got "%")', p_label, p_terms ->> p_key using errcode = '22023';
  end;
  if v < p_min or v > p_max then
    raise exception '% must be between % and % (got %)', p_label, p_min, p_max, v using errcode = '22023';
  end if;
  return v;
end
$$;

-- The terms of an offer as one JSON object, in the same shape app.validated_terms returns, so that a
-- counter's changes are a plain comparison of the two.
create function app.offer_terms(p_offer uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_build_object(
    'campaign', o.campaign,
    'fee', o.fee::text,
    'currency', o.currency::text,
    'payment_net_days', o.payment_net_days,
    'deposit_percent', o.deposit_percent::text,
    'usage_rights_days', o.usage_rights_days,
    'usage_channels', to_jsonb(o.usage_channels),
    'exclusivity_category', o.exclusivity_category,
    'exclusivity_days', o.exclusivity_days,
    'paid_usage', o.paid_usage,
    'notes', o.notes,
    'expires_at', to_jsonb(o.expires_at),
    'items', coalesce((
      select jsonb_agg(jsonb_build_object('platform', i.platform, 'format', i.format, 'quantity', i.quantity,
                                          'due_date', to_jsonb(i.due_date)) order by i.position)
      from public.offer_items i where i.offer_id = o.id), '[]'::jsonb))
  from public.offers o where o.id = p_offer
$$;

-- Checks every term and returns them normalised. Dates are checked against today in p_time_zone
-- (the person's own calendar), money against the currency's minor units.
create function app.validated_terms(p_terms jsonb, p_time_zone text) returns jsonb
language plpgsql stable set search_path = '' as $$
declare
  allowed_keys constant text[] := array['campaign', 'fee', 'currency', 'payment_net_days', 'deposit_percent',
    'usage_rights_days', 'usage_channels', 'exclusivity_category', 'exclusivity_days', 'paid_usage', 'notes',
    'expires_at', 'items'];
  allowed_channels constant text[] := array['organic_social', 'paid_social', 'website', 'email', 'print', 'ooh', 'tv'];
  today date := app.today(coalesce(p_time_zone, 'UTC'));
  v_campaign text;
  v_fee numeric;
  v_currency text;
  v_minor smallint;
  v_deposit numeric;
  v_channels text[];
  v_category text;
  v_excl_days integer;
  v_paid boolean;
  v_notes text;
  v_expires timestamptz;
  v_items jsonb := '[]'::jsonb;
  item jsonb;
  n integer := 0;
  v_platform text;
  v_format text;
  v_quantity integer;
  v_due date;
begin
  perform app.require_object_keys(p_terms, allowed_keys, 'the offer terms are missing',
                                  'unknown offer term "%s"');

  v_campaign := btrim(coalesce(p_terms ->> 'campaign', ''));
  if length(v_campaign) not between 1 and 120 then
    raise exception 'name the campaign (1 to 120 characters)' using errcode = '22023';
  end if;

  if coalesce(p_terms ->> 'fee', '') = '' then
    raise exception 'enter the fee (0 for a gifted collaboration)' using errcode = '22023';
  end if;
  v_fee := app.to_number(p_terms ->> 'fee', 'the fee', p_terms ->> 'fee');
  if v_fee < 0 then
    raise exception 'the fee cannot be negative (got %)', v_fee using errcode = '22023';
  end if;
  if not (v_fee < 1000000000000) then
    raise exception 'the fee % is too large', p_terms ->> 'fee' using errcode = '22023';
  end if;
  v_currency := upper(btrim(coalesce(p_terms ->> 'currency', '')));
  select c.minor_units into v_minor from public.currencies c where c.code = v_currency;
  if not found then
    raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_terms ->> 'currency'
      using errcode = '22023';
  end if;
  if v_fee <> round(v_fee, v_minor) then
    raise exception 'a fee in % has at most % decimal places (got %)', v_currency, v_minor, v_fee using errcode = '22023';
  end if;

  if coalesce(p_terms ->> 'deposit_percent', '') = '' then
    v_deposit := 0;
  else
    v_deposit := app.to_number(p_terms ->> 'deposit_percent', 'the deposit', p_terms ->> 'deposit_percent');
  end if;
  if not (v_deposit between 0 and 100) or v_deposit <> round(v_deposit, 2) then
    raise exception 'the deposit must be 0 to 100 %% with at most 2 decimals (got %)', v_deposit using errcode = '22023';
  end if;

  if p_terms ? 'usage_channels' and jsonb_typeof(p_terms -> 'usage_channels') not in ('array', 'null') then
    raise exception 'usage channels must be a list' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct c order by c), '{}') into v_channels
  from jsonb_array_elements_text(coalesce(nullif(p_terms -> 'usage_channels', 'null'::jsonb), '[]'::jsonb)) c;
  if not v_channels <@ allowed_channels then
    raise exception 'unknown usage channel in %: use %', v_channels, allowed_channels using errcode = '22023';
  end if;

  v_category := nullif(btrim(coalesce(p_terms ->> 'exclusivity_category', '')), '');
  v_excl_days := app.int_term(p_terms, 'exclusivity_days', 0, 0, 730, 'exclusivity (days)');
  if v_excl_days > 0 and v_category is null then
    raise exception 'name the product category the exclusivity covers' using errcode = '22023';
  end if;
  if v_category is not null and length(v_category) > 80 then
    raise exception 'the exclusivity category must be at most 80 characters' using errcode = '22023';
  end if;

  begin
    v_paid := coalesce((p_terms ->> 'paid_usage')::boolean, false);
  exception when others then
    raise exception 'paid usage must be true or false (got "%")', p_terms ->> 'paid_usage' using errcode = '22023';
  end;

  v_notes := nullif(btrim(coalesce(p_terms ->> 'notes', '')), '');
  if v_notes is not null and length(v_notes) > 2000 then
    raise exception 'notes must be at most 2000 characters' using errcode = '22023';
  end if;

  if coalesce(p_terms ->> 'expires_at', '') = '' then
    raise exception 'choose until when the offer stands (its expiry date)' using errcode = '22023';
  end if;
  begin
    v_expires := (p_terms ->> 'expires_at')::timestamptz;
  exception when others then
    raise exception 'the expiry "%" is not a date and time', p_terms ->> 'expires_at' using errcode = '22023';
  end;
  if v_expires <= app.now() then
    raise exception 'the offer must expire in the future (the expiry % has passed)',
      to_char(v_expires at time zone coalesce(p_time_zone, 'UTC'), 'YYYY-MM-DD HH24:MI') using errcode = '22023';
  end if;
  if v_expires > app.now() + interval '366 days' then
    raise exception 'an offer can stand for at most a year' using errcode = '22023';
  end if;

  if jsonb_typeof(p_terms -> 'items') is distinct from 'array' or jsonb_array_length(p_terms -> 'items') = 0 then
    raise exception 'add at least one deliverable (platform, format, how many, due date)' using errcode = '22023';
  end if;
  if jsonb_array_length(p_terms -> 'items') > 20 then
    raise exception 'an offer can list at most 20 deliverables' using errcode = '22023';
  end if;
  for item in select value from jsonb_array_elements(p_terms -> 'items') loop
    n := n + 1;
    if jsonb_typeof(item) <> 'object' then
      raise exception 'deliverable % is not described', n using errcode = '22023';
    end if;
    v_platform := lower(btrim(coalesce(item ->> 'platform', '')));
    v_format := lower(btrim(coalesce(item ->> 'format', '')));
    if not exists (select 1 from public.deliverable_formats f where f.platform = v_platform) then
      raise exception 'deliverable %: unknown platform "%" (use %)', n, item ->> 'platform',
        app.platform_keys_text(array(select distinct f.platform from public.deliverable_formats f))
        using errcode = '22023';
    end if;
    if not exists (select 1 from public.deliverable_formats f where f.platform = v_platform and f.format = v_format) then
      raise exception 'deliverable %: % has no format "%"', n, app.platform_name(v_platform), item ->> 'format'
        using errcode = '22023';
    end if;
    v_quantity := app.int_term(item, 'quantity', null, 1, 50, format('deliverable %s: how many', n));
    if v_quantity is null then
      raise exception 'deliverable %: say how many', n using errcode = '22023';
    end if;
    begin
      v_due := (item ->> 'due_date')::date;
    exception when others then
      raise exception 'deliverable %: the due date "%" is not a date', n, item ->> 'due_date' using errcode = '22023';
    end;
    if v_due is null then
      raise exception 'deliverable %: choose a due date', n using errcode = '22023';
    end if;
    if v_due < today then
      raise exception 'deliverable %: the due date % is before today (%)', n, v_due, today using errcode = '22023';
    end if;
    if v_due > today + 730 then
      raise exception 'deliverable %: the due date % is more than two years away', n, v_due using errcode = '22023';
    end if;
    v_items := v_items || jsonb_build_array(jsonb_build_object('platform', v_platform, 'format', v_format,
                                                               'quantity', v_quantity, 'due_date', to_jsonb(v_due)));
  end loop;

  return jsonb_build_object(
    'campaign', v_campaign,
    'fee', round(v_fee, v_minor)::text,
    'currency', v_currency,
    'payment_net_days', app.int_term(p_terms, 'payment_net_days', 30, 0, 180, 'payment terms (net days)'),
    'deposit_percent', round(v_deposit, 2)::text,
    'usage_rights_days', app.int_term(p_terms, 'usage_rights_days', 0, 0, 3650, 'usage rights (days)'),
    'usage_channels', to_jsonb(v_channels),
    'exclusivity_category', v_category,
    'exclusivity_days', v_excl_days,
    'paid_usage', v_paid,
    'notes', v_notes,
    'expires_at', to_jsonb(v_expires),
    'items', v_items);
end
$$;

-- Writes validated terms onto the offer and replaces its items.
create function app.apply_terms(p_offer uuid, t jsonb) returns void
language plpgsql security definer set search_path = '' as $$
begin
  update public.offers set
    campaign = t ->> 'campaign',
    fee = (t ->> 'fee')::numeric,
    currency = t ->> 'currency',
    payment_net_days = (t ->> 'payment_net_days')::integer,
    deposit_percent = (t ->> 'deposit_percent')::numeric,
    usage_rights_days = (t ->> 'usage_rights_days')::integer,
    usage_channels = array(select jsonb_array_elements_text(t -> 'usage_channels')),
    exclusivity_category = t ->> 'exclusivity_category',
    exclusivity_days = (t ->> 'exclusivity_days')::integer,
    paid_usage = (t ->> 'paid_usage')::boolean,
    notes = t ->> 'notes',
    expires_at = (t ->> 'expires_at')::timestamptz,
    updated_at = app.now()
  where id = p_offer;
  delete from public.offer_items where offer_id = p_offer;
  insert into public.offer_items (offer_id, position, platform, format, quantity, due_date)
  select p_offer, e.ord, e.value ->> 'platform', e.value ->> 'format', (e.value ->> 'quantity')::integer,
         (e.value ->> 'due_date')::date
  from jsonb_array_elements(t -> 'items') with ordinality as e(value, ord);
end
$$;

-- What changed between two sets of terms: {"fee": {"from": "400.00", "to": "650.00"}, ...}.
create function app.terms_changes(p_old jsonb, p_new jsonb) returns jsonb
language sql immutable set search_path = '' as $$
  select coalesce(jsonb_object_agg(k, jsonb_build_object('from', p_old -> k, 'to', p_new -> k)), '{}'::jsonb)
  from jsonb_object_keys(p_new) as k
  where (p_old -> k) is distinct from (p_new -> k)
$$;

-- Appends to the offer's history and to the audit log (app.append_event); p_actor null is an automatic step.
create function app.offer_event(p_offer uuid, p_action text, p_from text, p_to text, p_note text default null,
                                p_changes jsonb default '{}'::jsonb, p_terms jsonb default null,
                                p_deliverable uuid default null, p_actor uuid default auth.uid())
returns void language sql security definer set search_path = '' as $$
  select app.append_event('public.offers', p_offer, p_action, p_from, p_to, p_note,
                          jsonb_build_object('deliverable_id', p_deliverable, 'actor_id', p_actor,
                                             'changes', coalesce(p_changes, '{}'::jsonb), 'terms', p_terms),
                          case when p_deliverable is null then 'offers' else 'deliverables' end,
                          coalesce(p_deliverable, p_offer)::text, null)
$$;

-- The message for an action the offer's state does not allow. Accepting and withdrawing say what
-- happened first, which is what the loser of a race between the two needs to read.
create function app.refuse_transition(o public.offers, p_action text) returns void
language plpgsql stable security definer set search_path = '' as $$
declare
  since text := app.local_time(o.status_changed_at);
begin
  if o.status = 'withdrawn' then
    raise exception 'this offer was withdrawn by the brand on %: it can no longer be %', since, p_action
      using errcode = '55000';
  elsif o.status = 'accepted' and p_action = 'withdrawn' then
    raise exception 'this offer was accepted on %: it can no longer be withdrawn (cancel it with a reason instead)', since
      using errcode = '55000';
  elsif o.status = 'expired' then
    raise exception 'this offer expired on %: it can no longer be %', app.local_time(o.expires_at), p_action
      using errcode = '55000';
  end if;
  raise exception 'this offer is % (since %): it cannot be %', replace(o.status, '_', ' '), since, p_action
    using errcode = '55000';
end
$$;

create function app.refuse_expired(o public.offers) returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if o.status in ('sent', 'countered') and o.expires_at <= app.now() then
    raise exception 'this offer expired on %: ask for a new one', app.local_time(o.expires_at) using errcode = '55000';
  end if;
end
$$;

create function app.set_offer_status(p_offer uuid, p_status text, p_reason text default null,
                                     p_note text default null) returns void
language sql security definer set search_path = '' as $$
  update public.offers set status = p_status, status_changed_at = app.now(), updated_at = app.now(),
    status_reason = coalesce(p_reason, status_reason), status_note = coalesce(nullif(btrim(p_note), ''), status_note)
  where id = p_offer
$$;

revoke execute on function app.int_term(jsonb, text, integer, integer, integer, text), app.offer_terms(uuid),
  app.validated_terms(jsonb, text), app.apply_terms(uuid, jsonb), app.terms_changes(jsonb, jsonb),
  app.offer_event(uuid, text, text, text, text, jsonb, jsonb, uuid, uuid),
  app.refuse_transition(public.offers, text), app.refuse_expired(public.offers),
  app.set_offer_status(uuid, text, text, text) from public;

-- Creating offers -------------------------------------------------------------------------------------------

-- A brand partner offers a deal to a creator who invited them; it starts as a draft unless p_send.
create function public.create_offer(p_creator_id uuid, p_terms jsonb, p_send boolean default false)
returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  link public.creator_partners;
  brand public.brands;
  t jsonb;
  o public.offers;
begin
  perform app.require_signed_in();
  if not app.current_role_is('brand_partner') then
    raise exception 'only brand partners send offers; log a deal you received with "log a deal" instead'
      using errcode = '42501';
  end if;
  select * into link from public.creator_partners cp where cp.creator_id = p_creator_id and cp.partner_id = uid;
  if not found then
    raise exception 'you can send offers only to creators who invited you' using errcode = '42501';
  end if;
  select * into brand from public.brands b where b.id = link.brand_id;
  if not found or not app.is_brand_member(brand.id) then
    raise exception 'your partnership with this creator has no brand you act for' using errcode = '42501';
  end if;
  t := app.validated_terms(p_terms, app.my_time_zone());
  insert into public.offers (creator_id, brand_id, brand_name, origin, created_by, status, campaign, fee, currency,
                             expires_at)
  values (p_creator_id, brand.id, brand.name, 'brand', uid, 'draft', t ->> 'campaign', (t ->> 'fee')::numeric,
          t ->> 'currency', (t ->> 'expires_at')::timestamptz)
  returning * into o;
  perform app.apply_terms(o.id, t);
  perform app.offer_event(o.id, 'created', null, 'draft', null, '{}'::jsonb, t);
  if coalesce(p_send, false) then
    perform app.set_offer_status(o.id, 'sent');
    perform app.offer_event(o.id, 'sent', 'draft', 'sent');
  end if;
  select * into o from public.offers where id = o.id;
  return o;
end
$$;
comment on function public.create_offer(uuid, jsonb, boolean) is 'A brand partner drafts (or sends) an offer to a creator who invited them.';

-- A creator records a deal that reached them by email or DM; it waits for their answer like a sent offer.
create function public.log_offer(p_brand_name text, p_terms jsonb) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  t jsonb;
  o public.offers;
begin
  if uid is null or not app.current_role_is('creator') then
    raise exception 'only creators log deals they received' using errcode = '42501';
  end if;
  if length(btrim(coalesce(p_brand_name, ''))) not between 1 and 120 then
    raise exception 'name the brand (1 to 120 characters)' using errcode = '22023';
  end if;
  t := app.validated_terms(p_terms, app.my_time_zone());
  insert into public.offers (creator_id, brand_id, brand_name, origin, created_by, status, campaign, fee, currency,
                             expires_at)
  values (uid, null, btrim(p_brand_name), 'creator_logged', uid, 'sent', t ->> 'campaign', (t ->> 'fee')::numeric,
          t ->> 'currency', (t ->> 'expires_at')::timestamptz)
  returning * into o;
  perform app.apply_terms(o.id, t);
  perform app.offer_event(o.id, 'logged', null, 'sent', null, '{}'::jsonb, t);
  select * into o from public.offers where id = o.id;
  return o;
end
$$;
comment on function public.log_offer(text, jsonb) is 'A creator logs a deal that came by email or DM.';

-- The brand edits its draft before sending it.
create function public.update_offer_draft(p_offer_id uuid, p_terms jsonb) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
  t jsonb;
  changes jsonb;
begin
  perform app.require_side(app.side(o), array['brand'],
    'only the brand edits its draft');
  if o.status <> 'draft' then
    perform app.refuse_transition(o, 'edited as a draft');
  end if;
  t := app.validated_terms(p_terms, app.my_time_zone());
  changes := app.terms_changes(app.offer_terms(o.id), t);
  perform app.apply_terms(o.id, t);
  update public.offers set version = version + 1 where id = o.id;
  perform app.offer_event(o.id, 'edited', 'draft', 'draft', null, changes, t);
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

-- Transitions --------------------------------------------------------------------------------------------

create function public.send_offer(p_offer_id uuid) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
begin
  perform app.require_side(app.side(o), array['brand'],
    'only the brand sends its offer');
  if o.status <> 'draft' then
    perform app.refuse_transition(o, 'sent');
  end if;
  if o.expires_at <= app.now() then
    raise exception 'this draft expired on %: change its expiry date before sending it', app.local_time(o.expires_at)
      using errcode = '55000';
  end if;
  perform app.set_offer_status(o.id, 'sent');
  perform app.offer_event(o.id, 'sent', 'draft', 'sent');
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

-- The creator counters a sent offer; the brand answers a counter with its own (back to sent).
create function public.counter_offer(p_offer_id uuid, p_terms jsonb, p_note text default null)
returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
  side text := app.side(o);
  next_status text;
  t jsonb;
  changes jsonb;
begin
  if o.status = 'sent' then
    perform app.require_side(side, array['creator', 'both'],
      'the creator answers a sent offer: wait for their answer, or withdraw the offer');
    next_status := 'countered';
  elsif o.status = 'countered' then
    perform app.require_side(side, array['brand', 'both'],
      'you already countered: the brand answers next');
    next_status := 'sent';
  else
    perform app.refuse_transition(o, 'countered');
  end if;
  perform app.refuse_expired(o);
  t := app.validated_terms(p_terms, app.my_time_zone());
  changes := app.terms_changes(app.offer_terms(o.id), t);
  if changes = '{}'::jsonb then
    raise exception 'a counter must change at least one term' using errcode = '22023';
  end if;
  if p_note is not null and length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  perform app.apply_terms(o.id, t);
  update public.offers set version = version + 1 where id = o.id;
  perform app.set_offer_status(o.id, next_status);
  perform app.offer_event(o.id, 'countered', o.status, next_status, p_note, changes, t);
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

-- Accepting creates the deliverables: one row per piece of content (an item with quantity 3 gives three).
create function public.accept_offer(p_offer_id uuid, p_note text default null) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
  side text := app.side(o);
begin
  if o.status = 'sent' then
    perform app.require_side(side, array['creator', 'both'],
      'only the creator accepts a sent offer');
  elsif o.status = 'countered' then
    perform app.require_side(side, array['brand', 'both'],
      'you countered this offer: the brand accepts or answers your counter');
  else
    perform app.refuse_transition(o, 'accepted');
  end if;
  perform app.refuse_expired(o);
  perform app.set_offer_status(o.id, 'accepted', null, p_note);
  insert into public.deliverables (offer_id, creator_id, brand_id, item_position, seq, platform, format, due_date)
  select o.id, o.creator_id, o.brand_id, i.position, s.n, i.platform, i.format, i.due_date
  from public.offer_items i cross join lateral generate_series(1, i.quantity) as s(n)
  where i.offer_id = o.id;
  perform app.offer_event(o.id, 'accepted', o.status, 'accepted', p_note, '{}'::jsonb, app.offer_terms(o.id));
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

create function public.decline_offer(p_offer_id uuid, p_reason text, p_note text default null)
returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
  side text := app.side(o);
begin
  if o.status = 'sent' then
    perform app.require_side(side, array['creator', 'both'],
      'only the creator declines a sent offer; withdraw it instead');
  elsif o.status = 'countered' then
    perform app.require_side(side, array['brand', 'both'],
      'you countered this offer: the brand answers next');
  else
    perform app.refuse_transition(o, 'declined');
  end if;
  if p_reason is null or p_reason not in ('fee_too_low', 'timeline', 'not_a_fit', 'exclusivity', 'usage_rights',
                                          'other') then
    raise exception 'choose a reason for declining (fee too low, timeline, not a fit, exclusivity, usage rights or other)'
      using errcode = '22023';
  end if;
  if p_reason = 'other' and length(btrim(coalesce(p_note, ''))) = 0 then
    raise exception 'say in a few words why you decline' using errcode = '22023';
  end if;
  if p_note is not null and length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  perform app.set_offer_status(o.id, 'declined', p_reason, p_note);
  perform app.offer_event(o.id, 'declined', o.status, 'declined', p_note, jsonb_build_object('reason', p_reason));
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

create function public.withdraw_offer(p_offer_id uuid, p_note text default null) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
begin
  perform app.require_side(app.side(o), array['brand', 'both'],
    'only the brand withdraws its offer; decline it instead');
  if o.status not in ('draft', 'sent', 'countered') then
    perform app.refuse_transition(o, 'withdrawn');
  end if;
  perform app.set_offer_status(o.id, 'withdrawn', null, p_note);
  perform app.offer_event(o.id, 'withdrawn', o.status, 'withdrawn', p_note);
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

-- Marks open offers whose expiry has passed as expired (an automatic event, no actor): the caller's (p_mine) or
-- every creator's. Offers a person is changing at this moment are skipped and picked up by the next run.
create function app.expire_passed_offers(p_mine boolean) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers;
  n integer := 0;
begin
  for o in
    select * from public.offers
    where status in ('sent', 'countered') and expires_at <= app.now()
      and (not p_mine or creator_id = (select auth.uid()) or app.is_brand_member(brand_id))
    order by id
    for update skip locked
  loop
    perform app.set_offer_status(o.id, 'expired');
    perform app.offer_event(o.id, 'expired', o.status, 'expired', null, '{}'::jsonb, null, null, null);
    n := n + 1;
  end loop;
  return n;
end
$$;
revoke execute on function app.expire_passed_offers(boolean) from public;

-- Marks the caller's open offers whose expiry has passed as expired.
create function public.expire_offers() returns integer
language plpgsql security definer set search_path = '' as $$
begin
  perform app.require_signed_in();
  return app.expire_passed_offers(true);
end
$$;

create function public.start_offer(p_offer_id uuid) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
begin
  perform app.require_side(app.side(o), array['creator', 'both'],
    'only the creator starts the work');
  if o.status <> 'accepted' then
    perform app.refuse_transition(o, 'started');
  end if;
  perform app.set_offer_status(o.id, 'in_progress');
  perform app.offer_event(o.id, 'started', 'accepted', 'in_progress');
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

create function public.complete_offer(p_offer_id uuid, p_note text default null) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
begin
  perform app.require_side(app.side(o), array['brand', 'both'],
    'only the brand confirms the offer is complete');
  if o.status <> 'delivered' then
    perform app.refuse_transition(o, 'completed');
  end if;
  perform app.set_offer_status(o.id, 'completed', null, p_note);
  perform app.offer_event(o.id, 'completed', 'delivered', 'completed', p_note);
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

create function public.cancel_offer(p_offer_id uuid, p_reason text) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
begin
  if o.status not in ('accepted', 'in_progress') then
    perform app.refuse_transition(o, 'cancelled');
  end if;
  if length(btrim(coalesce(p_reason, ''))) < 3 then
    raise exception 'say why the deal is cancelled' using errcode = '22023';
  end if;
  if length(p_reason) > 1000 then
    raise exception 'the reason must be at most 1000 characters' using errcode = '22023';
  end if;
  perform app.set_offer_status(o.id, 'cancelled', 'cancelled', p_reason);
  perform app.offer_event(o.id, 'cancelled', o.status, 'cancelled', p_reason);
  select * into o from public.offers where id = o.id;
  return o;
end
$$;

-- Deliverables ----------------------------------------------------------------------------------------------

-- Locks the deliverable's offer, then the deliverable; returns the deliverable.
create function app.lock_deliverable(p_deliverable uuid, out d public.deliverables, out o public.offers)
language plpgsql security definer set search_path = '' as $$
begin
  select * into d from public.deliverables where id = p_deliverable;
  if not found then
    raise exception 'deliverable not found' using errcode = 'P0002';
  end if;
  o := app.lock_row(null::public.offers, d.offer_id);
  select * into d from public.deliverables where id = p_deliverable for update;
end
$$;

-- Work on a deliverable moves an accepted offer to in progress.
create function app.begin_work(o public.offers) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if o.status = 'accepted' then
    perform app.set_offer_status(o.id, 'in_progress');
    perform app.offer_event(o.id, 'started', 'accepted', 'in_progress');
  elsif o.status <> 'in_progress' then
    perform app.refuse_transition(o, 'worked on');
  end if;
end
$$;

-- A posted deliverable is verified once a synced or imported post matches its permalink or platform id;
-- the post's caption is copied so the disclosure check can read it.
create function app.try_verify(p_deliverable uuid) returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  d public.deliverables;
  found_post record;
  link text;
begin
  select * into d from public.deliverables where id = p_deliverable;
  if d.status <> 'posted' or d.permalink is null then
    return false;
  end if;
  link := rtrim(split_part(split_part(d.permalink, '#', 1), '?', 1), '/');
  select p.id, p.caption into found_post
  from public.posts p join public.social_accounts a on a.id = p.account_id
  where p.creator_id = d.creator_id and a.platform = d.platform and p.deleted_at is null
    and (rtrim(split_part(p.permalink, '?', 1), '/') = link
         or (length(p.platform_post_id) >= 6 and strpos(link, p.platform_post_id) > 0))
  order by (rtrim(split_part(p.permalink, '?', 1), '/') = link) desc, p.posted_at desc
  limit 1;
  if not found then
    return false;
  end if;
  update public.deliverables set status = 'verified', post_id = found_post.id, caption = found_post.caption,
    verified_at = app.now(), updated_at = app.now()
  where id = d.id;
  perform app.offer_event(d.offer_id, 'deliverable_verified', 'posted', 'verified', null,
                          jsonb_build_object('post_id', found_post.id), null, d.id);
  return true;
end
$$;

-- All deliverables posted: the offer is delivered.
create function app.deliver_when_done(p_offer uuid) returns void
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.offers where id = p_offer and status = 'in_progress')
     and not exists (select 1 from public.deliverables where offer_id = p_offer
                     and status not in ('posted', 'verified')) then
    perform app.set_offer_status(p_offer, 'delivered');
    perform app.offer_event(p_offer, 'delivered', 'in_progress', 'delivered');
  end if;
end
$$;

revoke execute on function app.lock_deliverable(uuid), app.begin_work(public.offers), app.try_verify(uuid),
  app.deliver_when_done(uuid) from public;

create function public.submit_deliverable_draft(p_deliverable_id uuid, p_draft_url text default null,
                                                p_note text default null) returns public.deliverables
language plpgsql security definer set search_path = '' as $$
declare
  r record := app.lock_deliverable(p_deliverable_id);
  d public.deliverables := r.d;
  o public.offers := r.o;
begin
  perform app.require_side(app.side(o), array['creator', 'both'],
    'only the creator submits drafts');
  if d.status <> 'pending' then
    raise exception 'this deliverable is %: a draft can be submitted only while it is pending',
      replace(d.status, '_', ' ') using errcode = '55000';
  end if;
  if nullif(btrim(p_draft_url), '') is null and nullif(btrim(p_note), '') is null then
    raise exception 'add a link to the draft or a note' using errcode = '22023';
  end if;
  if nullif(btrim(p_draft_url), '') is not null and btrim(p_draft_url) !~ '^https://\S+$' then
    raise exception 'the draft link must start with https:// (got "%")', p_draft_url using errcode = '22023';
  end if;
  if p_note is not null and length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  perform app.begin_work(o);
  update public.deliverables set status = 'draft_submitted', draft_url = nullif(btrim(p_draft_url), ''),
    draft_note = nullif(btrim(p_note), ''), updated_at = app.now()
  where id = d.id returning * into d;
  perform app.offer_event(o.id, 'draft_submitted', 'pending', 'draft_submitted', p_note,
                          jsonb_build_object('draft_url', d.draft_url), null, d.id);
  return d;
end
$$;

create function public.review_deliverable(p_deliverable_id uuid, p_approve boolean, p_note text default null)
returns public.deliverables
language plpgsql security definer set search_path = '' as $$
declare
  r record := app.lock_deliverable(p_deliverable_id);
  d public.deliverables := r.d;
  o public.offers := r.o;
  next_status text := case when p_approve then 'approved' else 'pending' end;
begin
  perform app.require_side(app.side(o), array['brand', 'both'],
    'only the brand reviews drafts');
  if o.status not in ('accepted', 'in_progress') then
    perform app.refuse_transition(o, 'reviewed');
  end if;
  if d.status <> 'draft_submitted' then
    raise exception 'there is no draft waiting for review on this deliverable (it is %)', replace(d.status, '_', ' ')
      using errcode = '55000';
  end if;
  if p_approve is null then
    raise exception 'approve the draft or ask for changes' using errcode = '22023';
  end if;
  if not p_approve and length(btrim(coalesce(p_note, ''))) = 0 then
    raise exception 'say what should change' using errcode = '22023';
  end if;
  update public.deliverables set status = next_status, review_note = nullif(btrim(p_note), ''), updated_at = app.now()
  where id = d.id returning * into d;
  perform app.offer_event(o.id, case when p_approve then 'draft_approved' else 'changes_requested' end,
                          'draft_submitted', next_status, p_note, '{}'::jsonb, null, d.id);
  return d;
end
$$;

-- The creator posts the content and records its permalink. Approval of a draft is optional: many deals
-- have none. When a synced or imported post matches, the deliverable is verified at once; when every
-- deliverable is posted, the offer is delivered.
create function public.mark_deliverable_posted(p_deliverable_id uuid, p_permalink text) returns public.deliverables
language plpgsql security definer set search_path = '' as $$
declare
  r record := app.lock_deliverable(p_deliverable_id);
  d public.deliverables := r.d;
  o public.offers := r.o;
  link text := btrim(coalesce(p_permalink, ''));
  host text;
  from_status text := (r.d).status;
begin
  perform app.require_side(app.side(o), array['creator', 'both'],
    'only the creator marks a deliverable posted');
  if d.status not in ('pending', 'draft_submitted', 'approved') then
    raise exception 'this deliverable is already %', replace(d.status, '_', ' ') using errcode = '55000';
  end if;
  if link !~ '^https://\S+$' then
    raise exception 'paste the post''s permalink, starting with https:// (got "%")', p_permalink using errcode = '22023';
  end if;
  host := lower(split_part(split_part(link, '://', 2), '/', 1));
  if not exists (select 1 from public.platforms pl where pl.key = d.platform and host = any(pl.link_hosts)) then
    raise exception 'this deliverable is on %, but the link points to %', app.platform_name(d.platform), host
      using errcode = '22023';
  end if;
  perform app.begin_work(o);
  update public.deliverables set status = 'posted', permalink = link, posted_at = app.now(), updated_at = app.now()
  where id = d.id;
  perform app.offer_event(o.id, 'deliverable_posted', from_status, 'posted', null,
                          jsonb_build_object('permalink', link), null, d.id);
  perform app.try_verify(d.id);
  perform app.deliver_when_done(o.id);
  select * into d from public.deliverables where id = d.id;
  return d;
end
$$;

-- Matches posted deliverables against posts synced or imported since (app.try_verify): the caller's (p_mine) or
-- every creator's; returns how many matched.
create function app.verify_posted(p_mine boolean) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  d public.deliverables;
  n integer := 0;
begin
  for d in select * from public.deliverables
           where (not p_mine or creator_id = (select auth.uid())) and status = 'posted'
           order by id for update skip locked loop
    if app.try_verify(d.id) then
      n := n + 1;
    end if;
  end loop;
  return n;
end
$$;
revoke execute on function app.verify_posted(boolean) from public;

-- Matches the caller's posted deliverables against posts synced or imported since; returns how many matched.
create function public.verify_deliverables() returns integer
language plpgsql security definer set search_path = '' as $$
begin
  perform app.require_signed_in();
  return app.verify_posted(true);
end
$$;

-- Ticks (or unticks) one disclosure-checklist item; who and when are recorded.
create function public.set_checklist_tick(p_deliverable_id uuid, p_rule_id text, p_ticked boolean)
returns boolean
language plpgsql security definer set search_path = '' as $$
declare
  r record := app.lock_deliverable(p_deliverable_id);
  d public.deliverables := r.d;
begin
  perform app.require_side(app.side(r.o), array['creator', 'both'],
    'only the creator ticks the disclosure checklist');
  if p_rule_id is null or p_rule_id !~ '^[a-z0-9][a-z0-9_.-]{2,80}$' then
    raise exception 'unknown checklist item "%"', p_rule_id using errcode = '22023';
  end if;
  if coalesce(p_ticked, false) then
    insert into public.checklist_ticks (deliverable_id, creator_id, brand_id, rule_id, ticked_by)
    values (d.id, d.creator_id, d.brand_id, p_rule_id, auth.uid())
    on conflict (deliverable_id, rule_id) do nothing;
  else
    delete from public.checklist_ticks where deliverable_id = d.id and rule_id = p_rule_id;
  end if;
  perform app.audit(case when p_ticked then 'checklist.ticked' else 'checklist.unticked' end, 'deliverables',
                    d.id::text, jsonb_build_object('rule_id', p_rule_id));
  return coalesce(p_ticked, false);
end
$$;

-- Fair-rate basis ---------------------------------------------------------------------------------------------

create function app.median(vals numeric[]) returns numeric
language sql immutable set search_path = '' as $$
  select case when x.n = 0 then null else (x.s[(x.n + 1) / 2] + x.s[(x.n + 2) / 2]) / 2 end
  from (select array_agg(v order by v) as s, count(v)::integer as n from unnest(vals) as v where v is not null) x
$$;
revoke execute on function app.median(numeric[]) from public;
grant execute on function app.median(numeric[]) to authenticated, service_role;

-- The caller's own median views, reach and engagements per post for one platform and format, over each
-- post's latest snapshot in the last p_days days. security invoker: only the caller's posts are read.
create function public.creator_rate_basis(p_platform text, p_format text, p_days integer default 180)
returns table (posts bigint, median_views numeric, median_reach numeric, median_engagements numeric,
               first_posted date, last_posted date)
language sql stable security invoker set search_path = '' as $$
  with latest as (
    select distinct on (m.post_id) m.post_id, m.views, m.reach,
      coalesce(m.likes, 0) + coalesce(m.comments, 0) + coalesce(m.shares, 0) + coalesce(m.saves, 0) as engagements,
      p.posted_at
    from public.post_metrics m
    join public.posts p on p.id = m.post_id
    join public.social_accounts a on a.id = p.account_id
    where p.creator_id = (select auth.uid()) and a.platform = p_platform and p.post_type = p_format
      and p.deleted_at is null and p.posted_at >= app.now() - make_interval(days => greatest(1, least(p_days, 730)))
    order by m.post_id, m.captured_at desc
  )
  select count(*), app.median(array_agg(views::numeric)), app.median(array_agg(reach::numeric)),
         app.median(array_agg(engagements::numeric)), min(posted_at)::date, max(posted_at)::date
  from latest
$$;
comment on function public.creator_rate_basis(text, text, integer) is 'The caller''s median views, reach and engagements per post for one platform and format.';

-- Grants ---------------------------------------------------------------------------------------------------

select app.serve_to_signed_in(array[
  'public.create_offer(uuid, jsonb, boolean)', 'public.log_offer(text, jsonb)',
  'public.update_offer_draft(uuid, jsonb)', 'public.send_offer(uuid)', 'public.counter_offer(uuid, jsonb, text)',
  'public.accept_offer(uuid, text)', 'public.decline_offer(uuid, text, text)', 'public.withdraw_offer(uuid, text)',
  'public.expire_offers()', 'public.start_offer(uuid)', 'public.complete_offer(uuid, text)',
  'public.cancel_offer(uuid, text)', 'public.submit_deliverable_draft(uuid, text, text)',
  'public.review_deliverable(uuid, boolean, text)', 'public.mark_deliverable_posted(uuid, text)',
  'public.verify_deliverables()', 'public.set_checklist_tick(uuid, text, boolean)',
  'public.creator_rate_basis(text, text, integer)'
]::regprocedure[]);
