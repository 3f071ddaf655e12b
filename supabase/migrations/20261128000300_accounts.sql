-- Accounts: a creator's social accounts and the numbers that come from them, whether synced through the
-- platforms' own OAuth or imported from the export files the platforms let creators download.
-- Every metrics table carries creator_id (kept consistent by a composite foreign key) so that
-- policies compare one indexed column instead of joining back to the account.
--
-- The OAuth `state` and the PKCE verifier stay on the server (public.oauth_states): the browser only
-- ever carries the state, which is stored as its SHA-256, works once and expires after 10 minutes.
-- Tokens arrive here already Fernet-encrypted by the app (services/accounts/token_crypto.py); the database
-- never sees a plaintext token. A sync writes all of its rows in the one transaction of
-- public.apply_sync(), and an import all of its rows in the one transaction of
-- public.import_platform_export(), so an account is never left half-synced or half-imported. Every upsert
-- is keyed by the platform's ids or by dates, and each imported file's SHA-256 is logged per account:
-- applying the same sync payload or importing the same file again changes nothing.

-- The sync's database identity. nologin: it is reached only by `set role` from the connection that
-- runs migrations, never through PostgREST (authenticator is not a member of it).
select app.ensure_process_role('portal_sync');
comment on role portal_sync is 'The platform sync: the only role besides service_role that may call apply_sync.';
grant usage on schema public to portal_sync;

-- Which source a row gets when the writer names none: a person's rows are self-reported ('manual'),
-- the sync's are verified ('api'). The metrics tables below use it as their source column's default.
create function app.metric_source_default() returns text
language sql stable security invoker set search_path = '' as $$
  select case when current_user in ('anon', 'authenticated') then 'manual' else 'api' end
$$;
comment on function app.metric_source_default() is 'Default source of metric rows: manual for a person''s session, api for the sync.';
revoke execute on function app.metric_source_default() from public;
grant execute on function app.metric_source_default() to anon, authenticated, service_role, portal_sync;

create table public.social_accounts (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  platform text not null references public.platforms (key),
  handle text not null check (length(btrim(handle)) between 1 and 100),
  platform_account_id text not null check (length(platform_account_id) between 1 and 200),
  status text not null default 'connected'
    check (status in ('connected', 'needs_reauth', 'syncing', 'error', 'imported', 'disconnected')),
  status_message text,
  access_token_encrypted text,
  refresh_token_encrypted text,
  token_expires_at timestamptz,
  last_synced_at timestamptz,
  created_at timestamptz not null default app.now(),
  parent_account_id uuid,
  connected_at timestamptz,
  token_scopes text check (token_scopes is null or length(token_scopes) <= 1000),
  refresh_token_expires_at timestamptz,
  token_refreshed_at timestamptz,
  sync_started_at timestamptz,
  unique (creator_id, platform, platform_account_id),
  unique (id, creator_id),
  constraint social_accounts_parent_account_fkey foreign key (parent_account_id, creator_id)
    references public.social_accounts (id, creator_id) on delete cascade,
  constraint social_accounts_parent_is_not_self check (parent_account_id is distinct from id),
  -- syncs on request (public.request_sync) and on a schedule (the jobs worker)
  sync_requested_at timestamptz,
  sync_interval_minutes integer not null default 60 check (sync_interval_minutes between 15 and 10080),
  next_sync_at timestamptz
);
comment on table public.social_accounts is 'A creator''s account on a platform; tokens are Fernet-encrypted by the app before they arrive here.';
comment on column public.social_accounts.parent_account_id is 'For communities reached through a connected account (a subreddit the creator moderates, a Discord server they own): the account whose tokens sync them.';
comment on column public.social_accounts.sync_started_at is 'When the running sync began (status syncing); a sync older than 15 minutes is taken as abandoned.';
comment on column public.social_accounts.sync_requested_at is 'When the creator last asked for a sync that has not run yet; cleared by apply_sync.';
comment on column public.social_accounts.sync_interval_minutes is 'How often the scheduler syncs this account (minutes).';
comment on column public.social_accounts.next_sync_at is 'When the scheduler next puts this account in the queue (its interval plus jitter after the last sync).';
alter table public.social_accounts enable row level security;
create index social_accounts_creator_id_idx on public.social_accounts (creator_id);
create index social_accounts_parent_account_id_idx on public.social_accounts (parent_account_id);

create table public.account_daily (
  account_id uuid not null,
  creator_id uuid not null,
  day date not null,
  followers integer check (followers >= 0),
  following integer check (following >= 0),
  posts integer check (posts >= 0),
  reach integer check (reach >= 0),
  views integer check (views >= 0),
  profile_views integer check (profile_views >= 0),
  source text not null default app.metric_source_default() check (source in ('api', 'import', 'manual')),
  likes integer check (likes >= 0),
  comments integer check (comments >= 0),
  shares integer check (shares >= 0),
  watch_minutes integer check (watch_minutes >= 0),
  followers_gained integer check (followers_gained >= 0),
  followers_lost integer check (followers_lost >= 0),
  active_members integer check (active_members >= 0),
  primary key (account_id, day),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.account_daily is 'One row per account per day (UTC date): audience size and account-level reach and views.';
alter table public.account_daily enable row level security;
create index account_daily_creator_id_day_idx on public.account_daily (creator_id, day);
comment on column public.account_daily.watch_minutes is 'Minutes watched that day (YouTube Analytics estimatedMinutesWatched).';
comment on column public.account_daily.followers_gained is 'Followers (subscribers) gained that day, as the platform reports it.';
comment on column public.account_daily.followers_lost is 'Followers (subscribers) lost that day, as the platform reports it.';
comment on column public.account_daily.active_members is 'Members active when the sync ran: users online in a Discord server (approximate_presence_count), users on a subreddit (active_user_count).';

create table public.posts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  creator_id uuid not null,
  platform_post_id text not null check (length(platform_post_id) between 1 and 200),
  permalink text check (permalink is null or permalink ~ '^https://'),
  post_type text not null check (post_type in ('reel', 'image', 'carousel', 'video', 'short', 'stream', 'story', 'text')),
  caption text,
  posted_at timestamptz not null,
  deleted_at timestamptz,
  source text not null default app.metric_source_default() check (source in ('api', 'import', 'manual')),
  unique (account_id, platform_post_id),
  unique (id, creator_id),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.posts is 'Posts, videos and streams published on a connected account.';
alter table public.posts enable row level security;
create index posts_creator_id_posted_at_idx on public.posts (creator_id, posted_at);
-- Per-account post lookups (first and last post of an account).
create index posts_account_id_posted_at_idx on public.posts (account_id, posted_at);

create table public.post_metrics (
  post_id uuid not null,
  creator_id uuid not null,
  captured_at timestamptz not null,
  views integer check (views >= 0),
  reach integer check (reach >= 0),
  likes integer check (likes >= 0),
  comments integer check (comments >= 0),
  shares integer check (shares >= 0),
  saves integer check (saves >= 0),
  link_clicks integer check (link_clicks >= 0),
  source text not null default app.metric_source_default() check (source in ('api', 'import', 'manual')),
  primary key (post_id, captured_at),
  foreign key (post_id, creator_id) references public.posts (id, creator_id) on delete cascade
);
comment on table public.post_metrics is 'Snapshots of a post''s lifetime counters, taken at each sync or import.';
alter table public.post_metrics enable row level security;
create index post_metrics_creator_id_idx on public.post_metrics (creator_id);

create table public.audience_breakdowns (
  account_id uuid not null,
  creator_id uuid not null,
  as_of date not null,
  dimension text not null check (dimension in ('age', 'gender', 'country', 'city')),
  bucket text not null check (length(bucket) between 1 and 100),
  share numeric(6, 5) not null check (share >= 0 and share <= 1),
  source text not null default app.metric_source_default() check (source in ('api', 'import', 'manual')),
  primary key (account_id, as_of, dimension, bucket),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.audience_breakdowns is 'Share of an account''s audience per age band, gender, country or city at a date.';
alter table public.audience_breakdowns enable row level security;
create index audience_breakdowns_creator_id_idx on public.audience_breakdowns (creator_id);

-- When followers are online, per hour (TikTok's FollowerActivity sheet).
create table public.follower_activity (
  account_id uuid not null,
  creator_id uuid not null,
  day date not null,
  hour smallint not null check (hour between 0 and 23),
  active_followers integer not null check (active_followers >= 0),
  source text not null default 'import' check (source in ('api', 'import', 'manual')),
  primary key (account_id, day, hour),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.follower_activity is 'How many of an account''s followers were active in each hour of a day (hour 0-23 as the platform reports it).';
alter table public.follower_activity enable row level security;
create index follower_activity_creator_id_day_idx on public.follower_activity (creator_id, day);

-- One row per file imported into an account: what it was, when, and what it changed.
create table public.imports (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  creator_id uuid not null,
  file_name text not null check (length(file_name) between 1 and 255),
  file_sha256 text not null check (file_sha256 ~ '^[0-9a-f]{64}$'),
  format text not null check (length(format) between 1 and 60),
  rows_read integer not null check (rows_read >= 0),
  first_day date,
  last_day date,
  summary jsonb not null default '{}'::jsonb,
  imported_at timestamptz not null default app.now(),
  unique (account_id, file_sha256),
  check (first_day is null or last_day is null or first_day <= last_day),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.imports is 'Log of platform export files imported into an account, with each file''s SHA-256 so the same file is never applied twice.';
alter table public.imports enable row level security;
create index imports_creator_id_idx on public.imports (creator_id);

-- Only creators own accounts; brand partners see numbers only through reports shared with them.
create policy "Creators can view their own accounts" on public.social_accounts
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can add their own accounts" on public.social_accounts
  for insert to authenticated with check (creator_id = (select auth.uid()) and app.current_role_is('creator'));
create policy "Creators can update their own accounts" on public.social_accounts
  for update to authenticated using (creator_id = (select auth.uid())) with check (creator_id = (select auth.uid()));
create policy "Creators can remove their own accounts" on public.social_accounts
  for delete to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own daily account metrics" on public.account_daily
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can add daily metrics to their own accounts" on public.account_daily
  for insert to authenticated with check (creator_id = (select auth.uid()));
create policy "Creators can update their own daily account metrics" on public.account_daily
  for update to authenticated using (creator_id = (select auth.uid())) with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own daily account metrics" on public.account_daily
  for delete to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own posts" on public.posts
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can add posts to their own accounts" on public.posts
  for insert to authenticated with check (creator_id = (select auth.uid()));
create policy "Creators can update their own posts" on public.posts
  for update to authenticated using (creator_id = (select auth.uid())) with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own posts" on public.posts
  for delete to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own post metrics" on public.post_metrics
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can add metrics to their own posts" on public.post_metrics
  for insert to authenticated with check (creator_id = (select auth.uid()));
create policy "Creators can update their own post metrics" on public.post_metrics
  for update to authenticated using (creator_id = (select auth.uid())) with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own post metrics" on public.post_metrics
  for delete to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own audience breakdowns" on public.audience_breakdowns
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can add audience breakdowns to their own accounts" on public.audience_breakdowns
  for insert to authenticated with check (creator_id = (select auth.uid()));
create policy "Creators can update their own audience breakdowns" on public.audience_breakdowns
  for update to authenticated using (creator_id = (select auth.uid())) with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own audience breakdowns" on public.audience_breakdowns
  for delete to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own follower activity" on public.follower_activity
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can add follower activity to their own accounts" on public.follower_activity
  for insert to authenticated with check (creator_id = (select auth.uid()));
create policy "Creators can update their own follower activity" on public.follower_activity
  for update to authenticated using (creator_id = (select auth.uid())) with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own follower activity" on public.follower_activity
  for delete to authenticated using (creator_id = (select auth.uid()));

-- The log is written only as part of an import and never edited; a creator may delete an entry
-- (the numbers stay) so that the same file can be applied again.
create policy "Creators can view their own imports" on public.imports
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can log imports into their own accounts" on public.imports
  for insert to authenticated with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own import log entries" on public.imports
  for delete to authenticated using (creator_id = (select auth.uid()));

-- OAuth: one row per "Connect" click --------------------------------------------------------------

create table public.oauth_states (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  platform text not null references public.platforms (key),
  state_hash text not null unique check (state_hash ~ '^[0-9a-f]{64}$'),
  code_verifier_encrypted text check (code_verifier_encrypted is null or length(code_verifier_encrypted) <= 1000),
  redirect_uri text not null check (redirect_uri ~ '^https?://' and length(redirect_uri) <= 500),
  created_at timestamptz not null default app.now(),
  expires_at timestamptz not null default app.now() + interval '10 minutes',
  consumed_at timestamptz,
  check (expires_at > created_at and expires_at <= created_at + interval '10 minutes')
);
comment on table public.oauth_states is 'Pending OAuth authorizations: the state''s SHA-256 and the encrypted PKCE verifier, single use, valid for 10 minutes.';
alter table public.oauth_states enable row level security;
create index oauth_states_creator_id_idx on public.oauth_states (creator_id);

create policy "Creators can view their own pending authorizations" on public.oauth_states
  for select to authenticated using (creator_id = (select auth.uid()));
-- Written only by create_oauth_state() and consume_oauth_state(), which apply the rules below.
revoke insert, update, delete, truncate on public.oauth_states from anon, authenticated;

-- Connecting and syncing -----------------------------------------------------------------------------

-- "Connect" was clicked: remember the state (as its SHA-256) and the encrypted PKCE verifier.
create function public.create_oauth_state(
  p_platform text, p_state_hash text, p_code_verifier_encrypted text, p_redirect_uri text
) returns timestamptz
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  new_expiry timestamptz := app.now() + interval '10 minutes';
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators can connect accounts' using errcode = '42501';
  end if;
  if p_platform is null or not exists (select 1 from public.platforms pl where pl.key = p_platform) then
    raise exception 'unknown platform "%"', p_platform using errcode = '22023';
  end if;
  if p_state_hash is null or p_state_hash !~ '^[0-9a-f]{64}$' then
    raise exception 'the state must be stored as its SHA-256 (64 lowercase hex digits)' using errcode = '22023';
  end if;
  -- Used and expired states are kept a day (so a replay is told "already used"), then dropped.
  delete from public.oauth_states s where s.creator_id = uid and s.expires_at < app.now() - interval '1 day';
  if (select count(*) from public.oauth_states s
       where s.creator_id = uid and s.consumed_at is null and s.expires_at > app.now()) >= 20 then
    raise exception 'too many connections were started in the last 10 minutes: wait a few minutes and try again'
      using errcode = '55000';
  end if;
  insert into public.oauth_states (creator_id, platform, state_hash, code_verifier_encrypted, redirect_uri, expires_at)
  values (uid, p_platform, p_state_hash, p_code_verifier_encrypted, p_redirect_uri, new_expiry);
  return new_expiry;
end
$$;
comment on function public.create_oauth_state(text, text, text, text) is 'Starts a connection: stores the OAuth state''s hash and the encrypted PKCE verifier for 10 minutes.';

-- The platform sent the person back: the state must be theirs, unused and unexpired. It is used up here.
create function public.consume_oauth_state(p_state_hash text)
returns table (platform text, code_verifier_encrypted text, redirect_uri text)
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  st public.oauth_states;
begin
  perform app.require_signed_in('sign in first, then connect the account again');
  select * into st from public.oauth_states s where s.state_hash = coalesce(p_state_hash, '') for update;
  if not found or st.creator_id <> uid then
    raise exception 'this sign-in response does not match a connection you started here: start again from the Accounts page'
      using errcode = 'P0002';
  end if;
  if st.consumed_at is not null then
    raise exception 'this sign-in response was already used at %: start again from the Accounts page',
      to_char(st.consumed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') using errcode = '55000';
  end if;
  if st.expires_at <= app.now() then
    raise exception 'this connection attempt expired at % (they last 10 minutes): start again from the Accounts page',
      to_char(st.expires_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') using errcode = '55000';
  end if;
  update public.oauth_states s set consumed_at = app.now() where s.id = st.id;
  return query select st.platform, st.code_verifier_encrypted, st.redirect_uri;
end
$$;
comment on function public.consume_oauth_state(text) is 'Uses up the caller''s pending authorization with this state hash and returns its platform, encrypted verifier and redirect URI.';

-- Tokens came back: create the account, or reconnect it (an account made by an import of the same
-- handle is adopted, so its imported numbers stay with it).
create function public.connect_account(
  p_platform text, p_platform_account_id text, p_handle text,
  p_access_token_encrypted text, p_refresh_token_encrypted text default null,
  p_token_expires_at timestamptz default null, p_refresh_token_expires_at timestamptz default null,
  p_scopes text default null
) returns public.social_accounts
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  acc public.social_accounts;
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators can connect accounts' using errcode = '42501';
  end if;
  if p_access_token_encrypted is null or p_access_token_encrypted !~ '^gAAAAA' then
    raise exception 'tokens must arrive Fernet-encrypted' using errcode = '22023';
  end if;
  if p_refresh_token_encrypted is not null and p_refresh_token_encrypted !~ '^gAAAAA' then
    raise exception 'tokens must arrive Fernet-encrypted' using errcode = '22023';
  end if;
  select * into acc from public.social_accounts a
   where a.creator_id = uid and a.platform = p_platform and a.platform_account_id = p_platform_account_id
   for update;
  if not found then
    select * into acc from public.social_accounts a
     where a.creator_id = uid and a.platform = p_platform and a.parent_account_id is null
       and a.platform_account_id = 'import:' || lower(btrim(p_handle))
     for update;
  end if;
  if found then
    update public.social_accounts a set
      platform_account_id = p_platform_account_id, handle = btrim(p_handle),
      access_token_encrypted = p_access_token_encrypted, refresh_token_encrypted = p_refresh_token_encrypted,
      token_expires_at = p_token_expires_at, refresh_token_expires_at = p_refresh_token_expires_at,
      token_scopes = p_scopes, token_refreshed_at = app.now(), connected_at = app.now(),
      status = 'connected', status_message = null, sync_started_at = null
    where a.id = acc.id
    returning * into acc;
  else
    insert into public.social_accounts (creator_id, platform, handle, platform_account_id, status,
      access_token_encrypted, refresh_token_encrypted, token_expires_at, refresh_token_expires_at, token_scopes,
      token_refreshed_at, connected_at)
    values (uid, p_platform, btrim(p_handle), p_platform_account_id, 'connected', p_access_token_encrypted,
            p_refresh_token_encrypted, p_token_expires_at, p_refresh_token_expires_at, p_scopes, app.now(), app.now())
    returning * into acc;
  end if;
  perform app.audit('account.connected', 'social_accounts', acc.id::text,
                    jsonb_build_object('platform', acc.platform, 'handle', acc.handle));
  return acc;
end
$$;
comment on function public.connect_account(text, text, text, text, text, timestamptz, timestamptz, text) is 'Stores a connected account''s encrypted tokens (creating or reconnecting the account).';

-- Disconnect: the tokens are deleted (the app revokes them at the platform first where it can); the
-- numbers already synced stay.
create function public.disconnect_account(p_account_id uuid) returns public.social_accounts
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  acc public.social_accounts;
begin
  select * into acc from public.social_accounts a where a.id = p_account_id and a.creator_id = uid for update;
  if not found then
    raise exception 'account % is not one of your accounts', p_account_id using errcode = 'P0002';
  end if;
  if acc.parent_account_id is not null then
    raise exception 'this community is synced through another account: disconnect that one' using errcode = '55000';
  end if;
  update public.social_accounts a set
    access_token_encrypted = null, refresh_token_encrypted = null, token_expires_at = null,
    refresh_token_expires_at = null, token_scopes = null, sync_started_at = null,
    status = 'disconnected', status_message = 'Disconnected on ' || to_char(app.now() at time zone 'UTC', 'YYYY-MM-DD') || '.'
  where a.id = acc.id or (a.parent_account_id = acc.id and a.creator_id = uid);
  select * into acc from public.social_accounts a where a.id = p_account_id;
  perform app.audit('account.disconnected', 'social_accounts', acc.id::text,
                    jsonb_build_object('platform', acc.platform, 'handle', acc.handle));
  return acc;
end
$$;
comment on function public.disconnect_account(uuid) is 'Deletes a connected account''s tokens and marks it (and its communities) disconnected; synced numbers stay.';

-- A sync starts: one at a time per account (a sync that has been running for 15 minutes is abandoned).
create function public.begin_sync(p_account_id uuid) returns public.social_accounts
language plpgsql security invoker set search_path = '' as $$
declare
  acc public.social_accounts;
begin
  select * into acc from public.social_accounts a where a.id = p_account_id for update;
  if not found then
    raise exception 'account % is not one of your accounts', p_account_id using errcode = 'P0002';
  end if;
  if acc.parent_account_id is not null then
    raise exception 'this community is synced with the account it belongs to' using errcode = '55000';
  end if;
  if acc.access_token_encrypted is null then
    raise exception '@% has no connection to sync: connect it first', acc.handle using errcode = '55000';
  end if;
  if acc.status = 'syncing' and acc.sync_started_at > app.now() - interval '15 minutes' then
    raise exception 'a sync of @% is already running (since % UTC)', acc.handle,
      to_char(acc.sync_started_at at time zone 'UTC', 'HH24:MI') using errcode = '55000';
  end if;
  update public.social_accounts a set status = 'syncing', sync_started_at = app.now()
  where a.id = acc.id returning * into acc;
  return acc;
end
$$;
comment on function public.begin_sync(uuid) is 'Marks the caller''s account as syncing; refuses a second concurrent sync.';

-- A sync could not finish: nothing of it was written; say why on the account.
create function public.fail_sync(p_account_id uuid, p_status text, p_message text) returns public.social_accounts
language plpgsql security invoker set search_path = '' as $$
declare
  acc public.social_accounts;
begin
  if p_status is null or p_status not in ('error', 'needs_reauth') then
    raise exception 'a failed sync leaves the account in error or needs_reauth, not %', p_status using errcode = '22023';
  end if;
  update public.social_accounts a
     set status = p_status, status_message = left(coalesce(nullif(btrim(p_message), ''), 'The sync failed.'), 1000),
         sync_started_at = null
   where a.id = p_account_id
  returning * into acc;
  if not found then
    raise exception 'account % is not one of your accounts', p_account_id using errcode = 'P0002';
  end if;
  return acc;
end
$$;
comment on function public.fail_sync(uuid, text, text) is 'Ends a failed sync: status error or needs_reauth, with the message to show.';

-- All of one sync's rows, in one transaction. security invoker: every row passes the caller's policies.
-- p_payload: {"synced_at", "handle"?, "communities": [{"key", "handle"}],
--   "account_daily": [{"community"?, "day", "followers", "following", "posts", "reach", "views", "profile_views",
--                      "likes", "comments", "shares", "watch_minutes", "followers_gained", "followers_lost",
--                      "active_members"}],
--   "posts": [{"platform_post_id", "permalink", "post_type", "caption", "posted_at"}],
--   "post_metrics": [{"platform_post_id", "captured_at", "views", "reach", "likes", "comments", "shares", "saves"}],
--   "audience_breakdowns": [{"as_of", "dimension", "bucket", "share"}]}
-- A null number means "not reported" and keeps what is stored. Rows an import or a person wrote
-- (source 'import' / 'manual') are never overwritten by the API; new rows are marked source 'api'.
-- Every write is an upsert keyed by dates and platform ids: applying the same payload twice changes nothing.
-- Runs as its owner for the sync identity only (see the grants below), acting for the account's creator.
create function public.apply_sync(p_account_id uuid, p_payload jsonb) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid;  -- the account's creator: the sync acts for no signed-in person
  acc public.social_accounts;
  v_synced_at timestamptz := coalesce((p_payload ->> 'synced_at')::timestamptz, app.now());
  n_daily integer := 0;
  n_posts integer := 0;
  n_metrics integer := 0;
  n_breakdowns integer := 0;
  n_communities integer := 0;
begin
  if p_payload is null or jsonb_typeof(p_payload) <> 'object' then
    raise exception 'the sync payload must be a JSON object' using errcode = '22023';
  end if;
  select * into acc from public.social_accounts a where a.id = p_account_id for update;
  if not found then
    raise exception 'account % does not exist', p_account_id using errcode = 'P0002';
  end if;
  if acc.parent_account_id is not null then
    raise exception 'this community is synced with the account it belongs to' using errcode = '55000';
  end if;
  uid := acc.creator_id;

  -- communities reached through this account
  insert into public.social_accounts as a (creator_id, platform, handle, platform_account_id, parent_account_id,
                                           status, last_synced_at)
  select uid, acc.platform, btrim(c.handle), c.key, acc.id, 'connected', v_synced_at
    from jsonb_to_recordset(coalesce(p_payload -> 'communities', '[]'::jsonb)) as c(key text, handle text)
  on conflict (creator_id, platform, platform_account_id) do update set
    handle = excluded.handle, parent_account_id = excluded.parent_account_id, status = 'connected',
    status_message = null, last_synced_at = excluded.last_synced_at;
  get diagnostics n_communities = row_count;

  -- account_daily: the account's own days, and each community's
  if exists (select 1 from jsonb_to_recordset(coalesce(p_payload -> 'account_daily', '[]'::jsonb)) as i(community text)
              where i.community is not null
                and not exists (select 1 from public.social_accounts k
                                 where k.creator_id = uid and k.platform = acc.platform
                                   and k.platform_account_id = i.community and k.parent_account_id = acc.id)) then
    raise exception 'the sync has numbers for a community it did not list' using errcode = '22023';
  end if;
  with incoming as (
    select coalesce(k.id, acc.id) as account_id, i.*
      from jsonb_to_recordset(coalesce(p_payload -> 'account_daily', '[]'::jsonb)) as i(
             community text, day date, followers integer, following integer, posts integer, reach integer,
             views integer, profile_views integer, likes integer, comments integer, shares integer,
             watch_minutes integer, followers_gained integer, followers_lost integer, active_members integer)
      left join public.social_accounts k
        on i.community is not null and k.creator_id = uid and k.platform = acc.platform
       and k.platform_account_id = i.community and k.parent_account_id = acc.id
  )
  insert into public.account_daily as d (account_id, creator_id, day, followers, following, posts, reach, views,
    profile_views, likes, comments, shares, watch_minutes, followers_gained, followers_lost, active_members, source)
  select i.account_id, uid, i.day, i.followers, i.following, i.posts, i.reach, i.views, i.profile_views, i.likes,
         i.comments, i.shares, i.watch_minutes, i.followers_gained, i.followers_lost, i.active_members, 'api'
    from incoming i
  on conflict (account_id, day) do update set
    followers = coalesce(excluded.followers, d.followers), following = coalesce(excluded.following, d.following),
    posts = coalesce(excluded.posts, d.posts), reach = coalesce(excluded.reach, d.reach),
    views = coalesce(excluded.views, d.views), profile_views = coalesce(excluded.profile_views, d.profile_views),
    likes = coalesce(excluded.likes, d.likes), comments = coalesce(excluded.comments, d.comments),
    shares = coalesce(excluded.shares, d.shares), watch_minutes = coalesce(excluded.watch_minutes, d.watch_minutes),
    followers_gained = coalesce(excluded.followers_gained, d.followers_gained),
    followers_lost = coalesce(excluded.followers_lost, d.followers_lost),
    active_members = coalesce(excluded.active_members, d.active_members)
  where d.source = 'api';
  get diagnostics n_daily = row_count;

  -- posts (an imported post keeps its own fields; the API only adds snapshots to it)
  insert into public.posts as p (account_id, creator_id, platform_post_id, permalink, post_type, caption, posted_at,
                                 source)
  select acc.id, uid, i.platform_post_id, i.permalink, i.post_type, i.caption, i.posted_at, 'api'
    from jsonb_to_recordset(coalesce(p_payload -> 'posts', '[]'::jsonb)) as i(
           platform_post_id text, permalink text, post_type text, caption text, posted_at timestamptz)
  on conflict (account_id, platform_post_id) do update set
    permalink = coalesce(excluded.permalink, p.permalink), post_type = excluded.post_type,
    caption = coalesce(excluded.caption, p.caption), posted_at = excluded.posted_at, deleted_at = null
  where p.source = 'api';
  get diagnostics n_posts = row_count;

  if exists (select 1 from jsonb_to_recordset(coalesce(p_payload -> 'post_metrics', '[]'::jsonb)) as i(platform_post_id text)
              where not exists (select 1 from public.posts p
                                 where p.account_id = acc.id and p.platform_post_id = i.platform_post_id)) then
    raise exception 'the sync has metrics for a post it did not fetch' using errcode = '22023';
  end if;
  insert into public.post_metrics as m (post_id, creator_id, captured_at, views, reach, likes, comments, shares,
                                        saves, source)
  select p.id, uid, i.captured_at, i.views, i.reach, i.likes, i.comments, i.shares, i.saves, 'api'
    from jsonb_to_recordset(coalesce(p_payload -> 'post_metrics', '[]'::jsonb)) as i(
           platform_post_id text, captured_at timestamptz, views integer, reach integer, likes integer,
           comments integer, shares integer, saves integer)
    join public.posts p on p.account_id = acc.id and p.platform_post_id = i.platform_post_id
  on conflict (post_id, captured_at) do update set
    views = coalesce(excluded.views, m.views), reach = coalesce(excluded.reach, m.reach),
    likes = coalesce(excluded.likes, m.likes), comments = coalesce(excluded.comments, m.comments),
    shares = coalesce(excluded.shares, m.shares), saves = coalesce(excluded.saves, m.saves)
  where m.source = 'api';
  get diagnostics n_metrics = row_count;

  -- audience_breakdowns: a (date, dimension) the API reports replaces its earlier API rows, unless an
  -- import already holds that date and dimension.
  delete from public.audience_breakdowns b
   using (select distinct i.as_of, i.dimension
            from jsonb_to_recordset(coalesce(p_payload -> 'audience_breakdowns', '[]'::jsonb)) as i(as_of date, dimension text)) s
   where b.account_id = acc.id and b.as_of = s.as_of and b.dimension = s.dimension and b.source = 'api';
  insert into public.audience_breakdowns (account_id, creator_id, as_of, dimension, bucket, share, source)
  select acc.id, uid, i.as_of, i.dimension, i.bucket, i.share, 'api'
    from jsonb_to_recordset(coalesce(p_payload -> 'audience_breakdowns', '[]'::jsonb)) as i(
           as_of date, dimension text, bucket text, share numeric)
   where not exists (select 1 from public.audience_breakdowns b
                      where b.account_id = acc.id and b.as_of = i.as_of and b.dimension = i.dimension);
  get diagnostics n_breakdowns = row_count;

  update public.social_accounts a set
    last_synced_at = v_synced_at, status = 'connected', status_message = null, sync_started_at = null,
    sync_requested_at = null,
    handle = coalesce(nullif(btrim(p_payload ->> 'handle'), ''), a.handle)
  where a.id = acc.id;

  return jsonb_build_object('communities', n_communities, 'account_daily', n_daily, 'posts', n_posts,
                            'post_metrics', n_metrics, 'audience_breakdowns', n_breakdowns);
end
$$;
comment on function public.apply_sync(uuid, jsonb) is 'The platform sync''s writer (portal_sync or service_role only): one sync of an account, all of it or nothing; the only way to write source api rows.';

revoke execute on function public.create_oauth_state(text, text, text, text), public.consume_oauth_state(text),
  public.connect_account(text, text, text, text, text, timestamptz, timestamptz, text),
  public.disconnect_account(uuid), public.begin_sync(uuid), public.fail_sync(uuid, text, text) from public, anon;
grant execute on function public.create_oauth_state(text, text, text, text), public.consume_oauth_state(text),
  public.connect_account(text, text, text, text, text, timestamptz, timestamptz, text),
  public.disconnect_account(uuid), public.begin_sync(uuid), public.fail_sync(uuid, text, text)
  to authenticated, service_role;

-- apply_sync runs as its owner: only the sync identity may call it, never a person's session.
revoke execute on function public.apply_sync(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.apply_sync(uuid, jsonb) to service_role, portal_sync;

-- The whole import in one call, so in one transaction.
-- p_payload: {"platform": "...", "account_daily": [...], "posts": [...], "post_metrics": [...],
--             "audience_breakdowns": [...], "follower_activity": [...]}; a null number means
--             "not in this file" and keeps what is stored.
-- p_account_id, or p_new_account {"platform", "handle", "platform_account_id"} to create the account
--             (status 'imported') in the same transaction.
-- p_dry_run: count what would be created, updated or left unchanged, and write nothing.
-- Returns {"account_id", "account_created", "already_imported", "imported_at", "import_id", "tables": {
--          table: {"created", "updated", "unchanged"}}}.
create function public.import_platform_export(
  p_account_id uuid, p_file_name text, p_file_sha256 text, p_format text, p_payload jsonb,
  p_new_account jsonb default null, p_dry_run boolean default false
) returns jsonb
language plpgsql security invoker set search_path = '' as $$
declare
  uid uuid := auth.uid();
  acc public.social_accounts;
  account_created boolean := false;
  previous public.imports;
  new_import uuid;
  tables jsonb := '{}'::jsonb;
  counts record;
  v_platform text := p_payload ->> 'platform';
  v_summary jsonb := coalesce(p_payload -> 'summary', '{}'::jsonb);
begin
  if uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  if p_file_sha256 is null or p_file_sha256 !~ '^[0-9a-f]{64}$' then
    raise exception 'the file''s SHA-256 must be 64 lowercase hex digits' using errcode = '22023';
  end if;
  if p_payload is null or jsonb_typeof(p_payload) <> 'object' or v_platform is null then
    raise exception 'the import payload must be an object naming its platform' using errcode = '22023';
  end if;

  if p_account_id is not null then
    select * into acc from public.social_accounts a where a.id = p_account_id;
    if not found then
      raise exception 'account % is not one of your accounts', p_account_id using errcode = 'P0002';
    end if;
  elsif p_new_account is not null then
    if not app.current_role_is('creator') then
      raise exception 'only creators can add accounts' using errcode = '42501';
    end if;
    if coalesce(p_new_account ->> 'platform', '') <> v_platform then
      raise exception 'the new account must be on %, the platform of this export', v_platform using errcode = '22023';
    end if;
    if length(btrim(coalesce(p_new_account ->> 'handle', ''))) not between 1 and 100 then
      raise exception 'the new account needs a handle of 1 to 100 characters' using errcode = '22023';
    end if;
    select * into acc from public.social_accounts a
     where a.creator_id = uid and a.platform = v_platform
       and a.platform_account_id = coalesce(nullif(btrim(p_new_account ->> 'platform_account_id'), ''),
                                            'import:' || lower(btrim(p_new_account ->> 'handle')));
    if not found and not p_dry_run then
      insert into public.social_accounts (creator_id, platform, handle, platform_account_id, status, status_message)
      values (uid, v_platform, btrim(p_new_account ->> 'handle'),
              coalesce(nullif(btrim(p_new_account ->> 'platform_account_id'), ''),
                       'import:' || lower(btrim(p_new_account ->> 'handle'))),
              'imported', 'Numbers come from imported export files.')
      returning * into acc;
      account_created := true;
    elsif not found then
      account_created := true;  -- dry run: it would be created; acc.id stays null
    end if;
  else
    raise exception 'choose an account to import into, or name a new one' using errcode = '22023';
  end if;

  if acc.id is not null and acc.platform <> v_platform then
    raise exception 'this is a % export, but account @% is on %', v_platform, acc.handle, acc.platform
      using errcode = '22023';
  end if;

  if acc.id is not null then
    select * into previous from public.imports i where i.account_id = acc.id and i.file_sha256 = p_file_sha256;
    if found then
      return jsonb_build_object('account_id', acc.id, 'account_created', false, 'already_imported', true,
                                'imported_at', previous.imported_at, 'import_id', previous.id, 'tables', '{}'::jsonb);
    end if;
  end if;

  -- account_daily ---------------------------------------------------------------------------------
  select count(*) filter (where d.day is null) as created,
         count(*) filter (where d.day is not null and
           (d.followers, d.following, d.posts, d.reach, d.views, d.profile_views, d.likes, d.comments, d.shares)
           is distinct from
           (coalesce(i.followers, d.followers), coalesce(i.following, d.following), coalesce(i.posts, d.posts),
            coalesce(i.reach, d.reach), coalesce(i.views, d.views), coalesce(i.profile_views, d.profile_views),
            coalesce(i.likes, d.likes), coalesce(i.comments, d.comments), coalesce(i.shares, d.shares))) as updated,
         count(*) as total
    into counts
    from jsonb_to_recordset(coalesce(p_payload -> 'account_daily', '[]'::jsonb)) as i(
           day date, followers integer, following integer, posts integer, reach integer, views integer,
           profile_views integer, likes integer, comments integer, shares integer)
    left join public.account_daily d on d.account_id = acc.id and d.day = i.day;
  tables := tables || jsonb_build_object('account_daily', jsonb_build_object(
    'created', counts.created, 'updated', counts.updated, 'unchanged', counts.total - counts.created - counts.updated));

  if not p_dry_run and counts.total > 0 then
    insert into public.account_daily as d (account_id, creator_id, day, followers, following, posts, reach, views,
                                           profile_views, likes, comments, shares, source)
    select acc.id, uid, i.day, i.followers, i.following, i.posts, i.reach, i.views, i.profile_views, i.likes,
           i.comments, i.shares, 'import'
      from jsonb_to_recordset(p_payload -> 'account_daily') as i(
             day date, followers integer, following integer, posts integer, reach integer, views integer,
             profile_views integer, likes integer, comments integer, shares integer)
    on conflict (account_id, day) do update set
      followers = coalesce(excluded.followers, d.followers), following = coalesce(excluded.following, d.following),
      posts = coalesce(excluded.posts, d.posts), reach = coalesce(excluded.reach, d.reach),
      views = coalesce(excluded.views, d.views), profile_views = coalesce(excluded.profile_views, d.profile_views),
      likes = coalesce(excluded.likes, d.likes), comments = coalesce(excluded.comments, d.comments),
      shares = coalesce(excluded.shares, d.shares), source = 'import'
    where (d.followers, d.following, d.posts, d.reach, d.views, d.profile_views, d.likes, d.comments, d.shares)
          is distinct from
          (coalesce(excluded.followers, d.followers), coalesce(excluded.following, d.following),
           coalesce(excluded.posts, d.posts), coalesce(excluded.reach, d.reach), coalesce(excluded.views, d.views),
           coalesce(excluded.profile_views, d.profile_views), coalesce(excluded.likes, d.likes),
           coalesce(excluded.comments, d.comments), coalesce(excluded.shares, d.shares));
  end if;

  -- posts -----------------------------------------------------------------------------------------
  select count(*) filter (where p.id is null) as created,
         count(*) filter (where p.id is not null and
           (p.permalink, p.post_type, p.caption, p.posted_at) is distinct from
           (coalesce(i.permalink, p.permalink), i.post_type, coalesce(i.caption, p.caption), i.posted_at)) as updated,
         count(*) as total
    into counts
    from jsonb_to_recordset(coalesce(p_payload -> 'posts', '[]'::jsonb)) as i(
           platform_post_id text, permalink text, post_type text, caption text, posted_at timestamptz)
    left join public.posts p on p.account_id = acc.id and p.platform_post_id = i.platform_post_id;
  tables := tables || jsonb_build_object('posts', jsonb_build_object(
    'created', counts.created, 'updated', counts.updated, 'unchanged', counts.total - counts.created - counts.updated));

  if not p_dry_run and counts.total > 0 then
    insert into public.posts as p (account_id, creator_id, platform_post_id, permalink, post_type, caption, posted_at, source)
    select acc.id, uid, i.platform_post_id, i.permalink, i.post_type, i.caption, i.posted_at, 'import'
      from jsonb_to_recordset(p_payload -> 'posts') as i(
             platform_post_id text, permalink text, post_type text, caption text, posted_at timestamptz)
    on conflict (account_id, platform_post_id) do update set
      permalink = coalesce(excluded.permalink, p.permalink), post_type = excluded.post_type,
      caption = coalesce(excluded.caption, p.caption), posted_at = excluded.posted_at, source = 'import'
    where (p.permalink, p.post_type, p.caption, p.posted_at) is distinct from
          (coalesce(excluded.permalink, p.permalink), excluded.post_type, coalesce(excluded.caption, p.caption),
           excluded.posted_at);
  end if;

  -- post_metrics (a post named by its platform id: in this payload's posts, or already stored) --------
  select count(*) filter (where m.post_id is null) as created,
         count(*) filter (where m.post_id is not null and
           (m.views, m.reach, m.likes, m.comments, m.shares, m.saves, m.link_clicks) is distinct from
           (coalesce(i.views, m.views), coalesce(i.reach, m.reach), coalesce(i.likes, m.likes),
            coalesce(i.comments, m.comments), coalesce(i.shares, m.shares), coalesce(i.saves, m.saves),
            coalesce(i.link_clicks, m.link_clicks))) as updated,
         count(*) as total
    into counts
    from jsonb_to_recordset(coalesce(p_payload -> 'post_metrics', '[]'::jsonb)) as i(
           platform_post_id text, captured_at timestamptz, views integer, reach integer, likes integer,
           comments integer, shares integer, saves integer, link_clicks integer)
    left join public.posts p on p.account_id = acc.id and p.platform_post_id = i.platform_post_id
    left join public.post_metrics m on m.post_id = p.id and m.captured_at = i.captured_at;
  tables := tables || jsonb_build_object('post_metrics', jsonb_build_object(
    'created', counts.created, 'updated', counts.updated, 'unchanged', counts.total - counts.created - counts.updated));

  if not p_dry_run and counts.total > 0 then
    if exists (select 1 from jsonb_to_recordset(p_payload -> 'post_metrics') as i(platform_post_id text)
                where not exists (select 1 from public.posts p
                                   where p.account_id = acc.id and p.platform_post_id = i.platform_post_id)) then
      raise exception 'post metrics name a post that is neither in this file nor in the account' using errcode = '22023';
    end if;
    insert into public.post_metrics as m (post_id, creator_id, captured_at, views, reach, likes, comments, shares,
                                          saves, link_clicks, source)
    select p.id, uid, i.captured_at, i.views, i.reach, i.likes, i.comments, i.shares, i.saves, i.link_clicks, 'import'
      from jsonb_to_recordset(p_payload -> 'post_metrics') as i(
             platform_post_id text, captured_at timestamptz, views integer, reach integer, likes integer,
             comments integer, shares integer, saves integer, link_clicks integer)
      join public.posts p on p.account_id = acc.id and p.platform_post_id = i.platform_post_id
    on conflict (post_id, captured_at) do update set
      views = coalesce(excluded.views, m.views), reach = coalesce(excluded.reach, m.reach),
      likes = coalesce(excluded.likes, m.likes), comments = coalesce(excluded.comments, m.comments),
      shares = coalesce(excluded.shares, m.shares), saves = coalesce(excluded.saves, m.saves),
      link_clicks = coalesce(excluded.link_clicks, m.link_clicks), source = 'import'
    where (m.views, m.reach, m.likes, m.comments, m.shares, m.saves, m.link_clicks) is distinct from
          (coalesce(excluded.views, m.views), coalesce(excluded.reach, m.reach), coalesce(excluded.likes, m.likes),
           coalesce(excluded.comments, m.comments), coalesce(excluded.shares, m.shares),
           coalesce(excluded.saves, m.saves), coalesce(excluded.link_clicks, m.link_clicks));
  end if;

  -- audience_breakdowns ---------------------------------------------------------------------------
  select count(*) filter (where b.bucket is null) as created,
         count(*) filter (where b.bucket is not null and b.share is distinct from i.share) as updated,
         count(*) as total
    into counts
    from jsonb_to_recordset(coalesce(p_payload -> 'audience_breakdowns', '[]'::jsonb)) as i(
           as_of date, dimension text, bucket text, share numeric)
    left join public.audience_breakdowns b on b.account_id = acc.id and b.as_of = i.as_of
                                          and b.dimension = i.dimension and b.bucket = i.bucket;
  tables := tables || jsonb_build_object('audience_breakdowns', jsonb_build_object(
    'created', counts.created, 'updated', counts.updated, 'unchanged', counts.total - counts.created - counts.updated));

  if not p_dry_run and counts.total > 0 then
    insert into public.audience_breakdowns as b (account_id, creator_id, as_of, dimension, bucket, share, source)
    select acc.id, uid, i.as_of, i.dimension, i.bucket, i.share, 'import'
      from jsonb_to_recordset(p_payload -> 'audience_breakdowns') as i(
             as_of date, dimension text, bucket text, share numeric)
    on conflict (account_id, as_of, dimension, bucket) do update set share = excluded.share, source = 'import'
    where b.share is distinct from excluded.share;
  end if;

  -- follower_activity -----------------------------------------------------------------------------
  select count(*) filter (where f.day is null) as created,
         count(*) filter (where f.day is not null and f.active_followers is distinct from i.active_followers) as updated,
         count(*) as total
    into counts
    from jsonb_to_recordset(coalesce(p_payload -> 'follower_activity', '[]'::jsonb)) as i(
           day date, hour smallint, active_followers integer)
    left join public.follower_activity f on f.account_id = acc.id and f.day = i.day and f.hour = i.hour;
  tables := tables || jsonb_build_object('follower_activity', jsonb_build_object(
    'created', counts.created, 'updated', counts.updated, 'unchanged', counts.total - counts.created - counts.updated));

  if not p_dry_run and counts.total > 0 then
    insert into public.follower_activity as f (account_id, creator_id, day, hour, active_followers, source)
    select acc.id, uid, i.day, i.hour, i.active_followers, 'import'
      from jsonb_to_recordset(p_payload -> 'follower_activity') as i(day date, hour smallint, active_followers integer)
    on conflict (account_id, day, hour) do update set active_followers = excluded.active_followers, source = 'import'
    where f.active_followers is distinct from excluded.active_followers;
  end if;

  if not p_dry_run then
    insert into public.imports (account_id, creator_id, file_name, file_sha256, format, rows_read, first_day, last_day,
                                summary)
    values (acc.id, uid, left(coalesce(nullif(btrim(p_file_name), ''), 'export'), 255), p_file_sha256, p_format,
            coalesce((v_summary ->> 'rows')::integer, 0), (v_summary ->> 'first_day')::date,
            (v_summary ->> 'last_day')::date, v_summary || jsonb_build_object('tables', tables))
    returning id into new_import;
  end if;

  return jsonb_build_object('account_id', acc.id, 'account_created', account_created, 'already_imported', false,
                            'imported_at', case when p_dry_run then null else app.now() end, 'import_id', new_import,
                            'tables', tables);
end
$$;
comment on function public.import_platform_export(uuid, text, text, text, jsonb, jsonb, boolean) is
  'Writes one validated platform export (all of it or nothing) into one of the caller''s accounts; idempotent per file.';
revoke execute on function public.import_platform_export(uuid, text, text, text, jsonb, jsonb, boolean) from public, anon;
grant execute on function public.import_platform_export(uuid, text, text, text, jsonb, jsonb, boolean)
  to authenticated, service_role;
