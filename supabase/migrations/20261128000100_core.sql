-- Core: the private schema for helpers, the one SQL clock, reference data every other table validates
-- against (currencies, platforms and the formats a deal can ask for on each), the append-only audit log,
-- and the helpers every state machine (offers, payouts) shares: lock the row, check the caller's side,
-- append the step to the row's history and to the audit log.

create schema if not exists app;
comment on schema app is 'Private helpers for policies and functions; not exposed through the API.';
grant usage on schema app to authenticated, service_role;

-- The database identity of one of the portal's own processes (the sync, the link server): a role nobody logs in
-- as, reached only by `set role` from the connection that runs migrations (which is made a member of it).
create function app.ensure_process_role(p_role text) returns void
language plpgsql set search_path = '' as $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = p_role) then
    execute pg_catalog.format('create role %I nologin noinherit', p_role);
  end if;
  if not pg_catalog.pg_has_role(current_user, p_role, 'member') then
    execute pg_catalog.format('grant %I to %I', p_role, current_user);
  end if;
end
$$;
revoke execute on function app.ensure_process_role(text) from public;

-- Opens functions of the API to signed-in people: closed to visitors (anon, and PUBLIC, which every role is in),
-- executable by authenticated and service_role. Their own checks and the tables' policies decide the rest.
create function app.serve_to_signed_in(p_functions regprocedure[]) returns void
language plpgsql set search_path = '' as $$
declare
  f regprocedure;
begin
  foreach f in array p_functions loop
    execute pg_catalog.format('revoke execute on function %s from public, anon', f);
    execute pg_catalog.format('grant execute on function %s to authenticated, service_role', f);
  end loop;
end
$$;
revoke execute on function app.serve_to_signed_in(regprocedure[]) from public;

-- The clock ------------------------------------------------------------------------------------------

-- Every function, default and policy reads the time here, never from now() or current_date directly, so
-- that the portal's clock (services/core/clock.py) moves the database's too: when the portal's clock is
-- moved (tests, a demo on another day), the gateways send it as the portal_now claim of the token
-- (request.jwt.claims), which only the portal's own signed tokens and transactions carry.
create function app.now() returns timestamptz
language sql stable set search_path = '' as $$
  select coalesce(
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'portal_now')::timestamptz,
    pg_catalog.now())
$$;
comment on function app.now() is 'The current instant: the portal_now claim of request.jwt.claims when the portal''s clock is moved, else now().';

-- Today in a time zone; without one, in the session's (as current_date).
create function app.today(p_time_zone text default null) returns date
language sql stable set search_path = '' as $$
  select (app.now() at time zone coalesce(p_time_zone, pg_catalog.current_setting('TimeZone')))::date
$$;
comment on function app.today(text) is 'Today''s date in an IANA time zone (the session''s when null), by app.now().';
grant execute on function app.now(), app.today(text) to authenticated, service_role;

-- Reference data -----------------------------------------------------------------------------------

-- ISO 4217 currencies with their minor units, so money can be validated and rounded exactly.
create table public.currencies (
  code char(3) primary key check (code ~ '^[A-Z]{3}$'),
  name text not null,
  minor_units smallint not null check (minor_units between 0 and 4)
);
comment on table public.currencies is 'ISO 4217 currency codes with their minor units (JPY 0, USD 2, KWD 3).';
alter table public.currencies enable row level security;
create policy "Anyone can view currencies" on public.currencies for select to anon, authenticated using (true);

insert into public.currencies (code, name, minor_units) values
  ('AED', 'UAE dirham', 2), ('ARS', 'Argentine peso', 2), ('AUD', 'Australian dollar', 2),
  ('BGN', 'Bulgarian lev', 2), ('BHD', 'Bahraini dinar', 3), ('BRL', 'Brazilian real', 2),
  ('CAD', 'Canadian dollar', 2), ('CHF', 'Swiss franc', 2), ('CLP', 'Chilean peso', 0),
  ('CNY', 'Chinese yuan', 2), ('COP', 'Colombian peso', 2), ('CZK', 'Czech koruna', 2),
  ('DKK', 'Danish krone', 2), ('EGP', 'Egyptian pound', 2), ('EUR', 'Euro', 2),
  ('GBP', 'Pound sterling', 2), ('HKD', 'Hong Kong dollar', 2), ('HUF', 'Hungarian forint', 2),
  ('IDR', 'Indonesian rupiah', 2), ('ILS', 'Israeli new shekel', 2), ('INR', 'Indian rupee', 2),
  ('ISK', 'Icelandic krona', 0), ('JOD', 'Jordanian dinar', 3), ('JPY', 'Japanese yen', 0),
  ('KRW', 'South Korean won', 0), ('KWD', 'Kuwaiti dinar', 3), ('MAD', 'Moroccan dirham', 2),
  ('MXN', 'Mexican peso', 2), ('MYR', 'Malaysian ringgit', 2), ('NGN', 'Nigerian naira', 2),
  ('NOK', 'Norwegian krone', 2), ('NZD', 'New Zealand dollar', 2), ('OMR', 'Omani rial', 3),
  ('PHP', 'Philippine peso', 2), ('PLN', 'Polish zloty', 2), ('QAR', 'Qatari riyal', 2),
  ('RON', 'Romanian leu', 2), ('SAR', 'Saudi riyal', 2), ('SEK', 'Swedish krona', 2),
  ('SGD', 'Singapore dollar', 2), ('THB', 'Thai baht', 2), ('TND', 'Tunisian dinar', 3),
  ('TRY', 'Turkish lira', 2), ('TWD', 'New Taiwan dollar', 2), ('UAH', 'Ukrainian hryvnia', 2),
  ('USD', 'US dollar', 2), ('VND', 'Vietnamese dong', 0), ('ZAR', 'South African rand', 2);

create function app.is_time_zone(tz text) returns boolean
language sql stable set search_path = '' as $$
  select exists (select 1 from pg_catalog.pg_timezone_names where name = tz)
$$;
comment on function app.is_time_zone(text) is 'True when tz is an IANA time zone name this server knows.';
grant execute on function app.is_time_zone(text) to authenticated, service_role;

-- The platforms the portal knows, with what SQL needs to know about each. services/core/platforms.py holds
-- the same list (with display colours) and a test keeps the two equal.
create table public.platforms (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{1,30}$'),
  label text not null check (length(btrim(label)) between 1 and 40),
  position smallint not null unique check (position between 1 and 100),
  er_by_views boolean not null default false,
  link_hosts text[] not null default '{}'
);
comment on table public.platforms is 'Platforms an account can be on: key, display label, order, and the capabilities SQL reads.';
comment on column public.platforms.er_by_views is 'Views are what the platform counts, so engagement rate by views applies to its posts.';
comment on column public.platforms.link_hosts is 'The hosts a deliverable''s permalink on this platform may point to.';
alter table public.platforms enable row level security;
create policy "Anyone can view platforms" on public.platforms for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.platforms from anon, authenticated;

insert into public.platforms (key, label, position, er_by_views, link_hosts) values
  ('instagram', 'Instagram', 1, false, array['instagram.com', 'www.instagram.com']),
  ('tiktok', 'TikTok', 2, true, array['tiktok.com', 'www.tiktok.com', 'vm.tiktok.com', 'm.tiktok.com']),
  ('youtube', 'YouTube', 3, true, array['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be']),
  ('twitch', 'Twitch', 4, true, array['twitch.tv', 'www.twitch.tv', 'clips.twitch.tv']),
  ('reddit', 'Reddit', 5, false, '{}'),
  ('discord', 'Discord', 6, false, '{}');

-- The formats a brand deal can ask for on each platform; a platform without any takes no deals.
create table public.deliverable_formats (
  platform text not null references public.platforms (key),
  format text not null check (format in ('reel', 'image', 'carousel', 'story', 'video', 'short', 'stream', 'text')),
  position smallint not null check (position between 1 and 20),
  primary key (platform, format),
  unique (platform, position)
);
comment on table public.deliverable_formats is 'Which formats an offer''s deliverables can take on which platform (an Instagram reel, a YouTube short, a Twitch stream).';
alter table public.deliverable_formats enable row level security;
create policy "Anyone can view deliverable formats" on public.deliverable_formats
  for select to anon, authenticated using (true);
revoke insert, update, delete, truncate on public.deliverable_formats from anon, authenticated;

insert into public.deliverable_formats (platform, format, position) values
  ('instagram', 'reel', 1), ('instagram', 'image', 2), ('instagram', 'carousel', 3), ('instagram', 'story', 4),
  ('instagram', 'stream', 5), ('tiktok', 'video', 1), ('tiktok', 'story', 2), ('tiktok', 'stream', 3),
  ('youtube', 'video', 1), ('youtube', 'short', 2), ('youtube', 'stream', 3), ('twitch', 'stream', 1);

-- "Instagram", "TikTok": a platform's label for messages (its key when unknown).
create function app.platform_name(p_platform text) returns text
language sql stable set search_path = '' as $$
  select coalesce((select pl.label from public.platforms pl where pl.key = p_platform), coalesce(p_platform, ''))
$$;

-- "instagram, tiktok, youtube or twitch": platform keys for a message, in the platforms' order.
create function app.platform_keys_text(p_keys text[]) returns text
language sql stable set search_path = '' as $$
  select case when count(*) <= 1 then coalesce(max(x.key), '')
              else string_agg(x.key, ', ' order by x.position) filter (where x.n < count_all)
                   || ' or ' || max(x.key) filter (where x.n = count_all) end
  from (select pl.key, pl.position, row_number() over (order by pl.position) as n, count(*) over () as count_all
        from public.platforms pl where pl.key = any(p_keys)) x
$$;
revoke execute on function app.platform_name(text), app.platform_keys_text(text[]) from public;
grant execute on function app.platform_name(text), app.platform_keys_text(text[]) to authenticated, service_role;

-- Append-only record of who changed what. Rows are written only by app.audit(), called from
-- security-definer functions; nobody may update or delete them, not even the table owner.
create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default app.now(),
  actor_id uuid,
  action text not null check (length(action) between 1 and 80),
  target_table text,
  target_id text,
  detail jsonb not null default '{}'::jsonb
);
comment on table public.audit_log is 'Append-only log of state changes: who, when, what, on which row.';
alter table public.audit_log enable row level security;
create index audit_log_actor_id_idx on public.audit_log (actor_id);
create policy "People can view their own audit entries" on public.audit_log
  for select to authenticated using (actor_id = (select auth.uid()));

create function app.reject_audit_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op);
end
$$;
create trigger audit_log_is_append_only before update or delete on public.audit_log
  for each row execute function app.reject_audit_change();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function app.reject_audit_change();

create function app.audit(p_action text, p_table text, p_target_id text, p_detail jsonb default '{}'::jsonb)
returns void language sql security definer set search_path = '' as $$
  insert into public.audit_log (actor_id, action, target_table, target_id, detail)
  values (auth.uid(), p_action, p_table, p_target_id, coalesce(p_detail, '{}'::jsonb));
$$;
revoke execute on function app.audit(text, text, text, jsonb) from public;

-- State machines: the steps every change of an offer or a payout takes ----------------------------------
--
-- Each state-changing function locks its row (app.lock_row), checks which side the caller is on
-- (app.side, defined next to each table, and app.require_side), then appends the step to the row's history
-- and to the audit log (app.append_event). Rows live in public.<noun>s, their history in public.<noun>_events.

-- Locks the row of p_row's table (public.offers, public.payouts) with this id for the rest of the transaction,
-- so that two people acting at once are served one after the other and the second sees the first one's
-- result. A row the caller is on no side of does not exist for them. Call as app.lock_row(null::public.offers, id).
create function app.lock_row(p_row anyelement, p_id uuid) returns anyelement
language plpgsql security definer set search_path = '' as $$
declare
  locked p_row%type;
  n integer;
begin
  perform app.require_signed_in();
  execute format('select * from %s where id = $1 for update', pg_typeof(p_row)) into locked using p_id;
  get diagnostics n = row_count;
  if n = 0 or app.side(locked) is null then
    raise exception '% not found: it does not exist or is not shared with you',
      regexp_replace(pg_typeof(p_row)::text, '^public\.(.*)s$', '\1') using errcode = 'P0002';
  end if;
  return locked;
end
$$;
comment on function app.lock_row(anyelement, uuid) is 'Locks an offer or payout row for the caller (refusing one they are on no side of) and returns it.';

-- Refuses the caller unless their side (app.side) is one of p_allowed.
create function app.require_side(p_side text, p_allowed text[], p_message text) returns void
language plpgsql stable set search_path = '' as $$
begin
  if p_side is null or not p_side = any(p_allowed) then
    raise exception '%', p_message using errcode = '42501';
  end if;
end
$$;

-- Refuses a caller who is not signed in, with p_message (what to do to go on).
create function app.require_signed_in(p_message text default 'sign in first') returns void
language plpgsql stable set search_path = '' as $$
begin
  if auth.uid() is null then
    raise exception '%', p_message using errcode = '42501';
  end if;
end
$$;

-- Refuses a jsonb argument that is not an object (p_missing) or holds a key not in p_allowed (p_unknown, a
-- format() template given the key as its one %s).
create function app.require_object_keys(p_value jsonb, p_allowed text[], p_missing text, p_unknown text)
returns void language plpgsql immutable set search_path = '' as $$
declare
  k text;
begin
  if p_value is null or pg_catalog.jsonb_typeof(p_value) <> 'object' then
    raise exception '%', p_missing using errcode = '22023';
  end if;
  for k in select pg_catalog.jsonb_object_keys(p_value) loop
    if not k = any(p_allowed) then
      raise exception '%', pg_catalog.format(p_unknown, k) using errcode = '22023';
    end if;
  end loop;
end
$$;

-- Text a person typed, read as a number (null stays null). p_text may be a cleaned-up copy of what they typed
-- (p_typed); text that is not a number is refused as '<p_label> "<p_typed>" is not a number'.
create function app.to_number(p_text text, p_label text, p_typed text) returns numeric
language plpgsql immutable set search_path = '' as $$
begin
  return p_text::numeric;
exception when others then
  raise exception '% "%" is not a number', p_label, p_typed using errcode = '22023';
end
$$;

-- Appends one step to the history of a row of p_subject (public.offers → public.offer_events) and to the audit
-- log as '<noun>.<action>' (on p_audit_table / p_audit_target, by default the row itself). p_event holds the
-- history table's own columns (and may override actor_id: null for an automatic step).
create function app.append_event(p_subject regclass, p_id uuid, p_action text, p_from text, p_to text,
                                 p_note text, p_event jsonb, p_audit_table text, p_audit_target text,
                                 p_audit_detail jsonb) returns void
language plpgsql security definer set search_path = '' as $$
declare
  noun text := regexp_replace(p_subject::text, '^public\.(.*)s$', '\1');
  history regclass := format('public.%I', noun || '_events')::regclass;
  event jsonb := jsonb_build_object(noun || '_id', p_id, 'actor_id', auth.uid(), 'action', p_action,
                                    'from_status', p_from, 'to_status', p_to, 'note', nullif(btrim(p_note), ''))
                 || coalesce(p_event, '{}'::jsonb);
  columns text;
begin
  select string_agg(format('%I', k), ', ') into columns from jsonb_object_keys(event) as k;
  execute format('insert into %s (%s) select %s from jsonb_populate_record(null::%s, $1)',
                 history, columns, columns, history) using event;
  perform app.audit(noun || '.' || p_action, coalesce(p_audit_table, regexp_replace(p_subject::text, '^public\.', '')),
                    coalesce(p_audit_target, p_id::text),
                    jsonb_build_object(noun || '_id', p_id, 'from', p_from, 'to', p_to) || coalesce(p_audit_detail, '{}'::jsonb));
end
$$;
comment on function app.append_event(regclass, uuid, text, text, text, text, jsonb, text, text, jsonb) is 'Appends a step to an offer''s or payout''s history and to the audit log.';
revoke execute on function app.lock_row(anyelement, uuid), app.require_side(text, text[], text),
  app.require_signed_in(text), app.require_object_keys(jsonb, text[], text, text),
  app.to_number(text, text, text),
  app.append_event(regclass, uuid, text, text, text, text, jsonb, text, text, jsonb) from public;
