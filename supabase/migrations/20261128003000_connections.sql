-- Connecting accounts through the platforms' own OAuth, and syncing their numbers.
--
-- The OAuth `state` and the PKCE verifier stay on the server (public.oauth_states): the browser only
-- ever carries the state, which is stored as its SHA-256, works once and expires after 10 minutes.
-- Tokens arrive here already Fernet-encrypted by the app (services/tokens_crypto.py); the database
-- never sees a plaintext token. A sync writes all of its rows in the one transaction of
-- public.apply_sync(), so an account is never left half-synced.

-- -- social_accounts: what the connection needs ------------------------------------------------------

alter table public.social_accounts
  add column parent_account_id uuid,
  add column connected_at timestamptz,
  add column token_scopes text check (token_scopes is null or length(token_scopes) <= 1000),
  add column refresh_token_expires_at timestamptz,
  add column token_refreshed_at timestamptz,
  add column sync_started_at timestamptz,
  add constraint social_accounts_parent_account_fkey foreign key (parent_account_id, creator_id)
    references public.social_accounts (id, creator_id) on delete cascade,
  add constraint social_accounts_parent_is_not_self check (parent_account_id is distinct from id);
comment on column public.social_accounts.parent_account_id is 'For communities reached through a connected account (a subreddit the creator moderates, a Discord server they own): the account whose tokens sync them.';
comment on column public.social_accounts.sync_started_at is 'When the running sync began (status syncing); a sync older than 15 minutes is taken as abandoned.';
create index social_accounts_parent_account_id_idx on public.social_accounts (parent_account_id);

-- -- account_daily: the daily numbers the APIs report beyond audience size ----------------------------

alter table public.account_daily add column if not exists likes integer check (likes >= 0);
alter table public.account_daily add column if not exists comments integer check (comments >= 0);
alter table public.account_daily add column if not exists shares integer check (shares >= 0);
alter table public.account_daily
  add column watch_minutes integer check (watch_minutes >= 0),
  add column followers_gained integer check (followers_gained >= 0),
  add column followers_lost integer check (followers_lost >= 0),
  add column active_members integer check (active_members >= 0);
comment on column public.account_daily.watch_minutes is 'Minutes watched that day (YouTube Analytics estimatedMinutesWatched).';
comment on column public.account_daily.followers_gained is 'Followers (subscribers) gained that day, as the platform reports it.';
comment on column public.account_daily.followers_lost is 'Followers (subscribers) lost that day, as the platform reports it.';
comment on column public.account_daily.active_members is 'Members active when the sync ran: users online in a Discord server (approximate_presence_count), users on a subreddit (active_user_count).';

-- -- oauth_states: one row per "Connect" click -------------------------------------------------------

create table public.oauth_states (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  platform text not null check (platform in ('instagram', 'tiktok', 'youtube', 'twitch', 'reddit', 'discord')),
  state_hash text not null unique check (state_hash ~ '^[0-9a-f]{64}$'),
  code_verifier_encrypted text check (code_verifier_encrypted is null or length(code_verifier_encrypted) <= 1000),
  redirect_uri text not null check (redirect_uri ~ '^https?://' and length(redirect_uri) <= 500),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '10 minutes',
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

-- -- state changes -----------------------------------------------------------------------------------

-- "Connect" was clicked: remember the state (as its SHA-256) and the encrypted PKCE verifier.
create function public.create_oauth_state(
  p_platform text, p_state_hash text, p_code_verifier_encrypted text, p_redirect_uri text
) returns timestamptz
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  new_expiry timestamptz := now() + interval '10 minutes';
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators can connect accounts' using errcode = '42501';
  end if;
  if p_platform is null or p_platform not in ('instagram', 'tiktok', 'youtube', 'twitch', 'reddit', 'discord') then
    raise exception 'unknown platform "%"', p_platform using errcode = '22023';
  end if;
  if p_state_hash is null or p_state_hash !~ '^[0-9a-f]{64}$' then
    raise exception 'the state must be stored as its SHA-256 (64 lowercase hex digits)' using errcode = '22023';
  end if;
  -- Used and expired states are kept a day (so a replay is told "already used"), then dropped.
  delete from public.oauth_states s where s.creator_id = uid and s.expires_at < now() - interval '1 day';
  if (select count(*) from public.oauth_states s
       where s.creator_id = uid and s.consumed_at is null and s.expires_at > now()) >= 20 then
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
  if uid is null then
    raise exception 'sign in first, then connect the account again' using errcode = '42501';
  end if;
  select * into st from public.oauth_states s where s.state_hash = coalesce(p_state_hash, '') for update;
  if not found or st.creator_id <> uid then
    raise exception 'this sign-in response does not match a connection you started here: start again from the Accounts page'
      using errcode = 'P0002';
  end if;
  if st.consumed_at is not null then
    raise exception 'this sign-in response was already used at %: start again from the Accounts page',
      to_char(st.consumed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') using errcode = '55000';
  end if;
  if st.expires_at <= now() then
    raise exception 'this connection attempt expired at % (they last 10 minutes): start again from the Accounts page',
      to_char(st.expires_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') using errcode = '55000';
  end if;
  update public.oauth_states s set consumed_at = now() where s.id = st.id;
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
      token_scopes = p_scopes, token_refreshed_at = now(), connected_at = now(),
      status = 'connected', status_message = null, sync_started_at = null
    where a.id = acc.id
    returning * into acc;
  else
    insert into public.social_accounts (creator_id, platform, handle, platform_account_id, status,
      access_token_encrypted, refresh_token_encrypted, token_expires_at, refresh_token_expires_at, token_scopes,
      token_refreshed_at, connected_at)
    values (uid, p_platform, btrim(p_handle), p_platform_account_id, 'connected', p_access_token_encrypted,
            p_refresh_token_encrypted, p_token_expires_at, p_refresh_token_expires_at, p_scopes, now(), now())
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
    status = 'disconnected', status_message = 'Disconnected on ' || to_char(now() at time zone 'UTC', 'YYYY-MM-DD') || '.'
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
  if acc.status = 'syncing' and acc.sync_started_at > now() - interval '15 minutes' then
    raise exception 'a sync of @% is already running (since % UTC)', acc.handle,
      to_char(acc.sync_started_at at time zone 'UTC', 'HH24:MI') using errcode = '55000';
  end if;
  update public.social_accounts a set status = 'syncing', sync_started_at = now()
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
create function public.apply_sync(p_account_id uuid, p_payload jsonb) returns jsonb
language plpgsql security invoker set search_path = '' as $$
declare
  uid uuid := auth.uid();
  acc public.social_accounts;
  v_synced_at timestamptz := coalesce((p_payload ->> 'synced_at')::timestamptz, now());
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
    raise exception 'account % is not one of your accounts', p_account_id using errcode = 'P0002';
  end if;
  if acc.parent_account_id is not null then
    raise exception 'this community is synced with the account it belongs to' using errcode = '55000';
  end if;

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
    handle = coalesce(nullif(btrim(p_payload ->> 'handle'), ''), a.handle)
  where a.id = acc.id;

  return jsonb_build_object('communities', n_communities, 'account_daily', n_daily, 'posts', n_posts,
                            'post_metrics', n_metrics, 'audience_breakdowns', n_breakdowns);
end
$$;
comment on function public.apply_sync(uuid, jsonb) is 'Writes one sync of the caller''s account (all of it or nothing) and marks it synced.';

revoke execute on function public.create_oauth_state(text, text, text, text), public.consume_oauth_state(text),
  public.connect_account(text, text, text, text, text, timestamptz, timestamptz, text),
  public.disconnect_account(uuid), public.begin_sync(uuid), public.fail_sync(uuid, text, text),
  public.apply_sync(uuid, jsonb) from public, anon;
grant execute on function public.create_oauth_state(text, text, text, text), public.consume_oauth_state(text),
  public.connect_account(text, text, text, text, text, timestamptz, timestamptz, text),
  public.disconnect_account(uuid), public.begin_sync(uuid), public.fail_sync(uuid, text, text),
  public.apply_sync(uuid, jsonb) to authenticated, service_role;
