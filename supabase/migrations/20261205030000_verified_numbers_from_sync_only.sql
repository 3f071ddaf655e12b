-- Verified numbers come only from the platform sync.
--
-- A row with source 'api' is shown to brand partners as "verified". Until now a creator (or a brand
-- partner) could write such rows directly (POST /post_metrics {..., "source": "api"}) or call
-- apply_sync with any payload. From here on:
--   * a person's session (roles anon and authenticated) can never insert a row with source 'api', nor
--     turn a row into one; a person who edits a synced row makes it theirs ('manual');
--   * rows a person adds without naming a source are 'manual' (self-reported), not 'api';
--   * apply_sync runs as its owner and only the sync identity may call it: the role portal_sync (taken
--     with `set role` by `python -m services.sync` on the database connection) or Supabase's
--     service_role (the service-role key, held by the sync process only);
--   * imports keep writing source 'import' whatever their payload says.
-- Creators ask for a sync with request_sync(); the sync process picks requested accounts up.

-- The sync's database identity. nologin: it is reached only by `set role` from the connection that
-- runs migrations, never through PostgREST (authenticator is not a member of it).
do $role$
begin
  if not exists (select 1 from pg_roles where rolname = 'portal_sync') then
    create role portal_sync nologin noinherit;
  end if;
  if not pg_has_role(current_user, 'portal_sync', 'member') then
    execute format('grant portal_sync to %I', current_user);
  end if;
end
$role$;
comment on role portal_sync is 'The platform sync: the only role besides service_role that may call apply_sync.';
grant usage on schema public to portal_sync;

-- Which source a row gets when the writer names none: a person's rows are self-reported.
create function app.metric_source_default() returns text
language sql stable security invoker set search_path = '' as $$
  select case when current_user in ('anon', 'authenticated') then 'manual' else 'api' end
$$;
comment on function app.metric_source_default() is 'Default source of metric rows: manual for a person''s session, api for the sync.';
revoke execute on function app.metric_source_default() from public;
grant execute on function app.metric_source_default() to anon, authenticated, service_role, portal_sync;

alter table public.account_daily alter column source set default app.metric_source_default();
alter table public.posts alter column source set default app.metric_source_default();
alter table public.post_metrics alter column source set default app.metric_source_default();
alter table public.audience_breakdowns alter column source set default app.metric_source_default();

-- The guard on every table whose rows carry a source.
create function app.refuse_verified_rows_from_people() returns trigger
language plpgsql security invoker set search_path = '' as $$
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if new.source = 'api' and (tg_op = 'INSERT' or old.source is distinct from 'api') then
    raise exception 'only the platform sync writes verified numbers (source api) into %: use source manual',
      tg_table_name using errcode = '42501';
  end if;
  if tg_op = 'UPDATE' and old.source = 'api' and new is distinct from old then
    new.source := 'manual';  -- a person changed what the platform said: it is theirs now
  end if;
  return new;
end
$$;
comment on function app.refuse_verified_rows_from_people() is 'Trigger: a person''s session cannot write source api rows; editing a synced row makes it manual.';
revoke execute on function app.refuse_verified_rows_from_people() from public;

create trigger account_daily_verified_only_from_sync before insert or update on public.account_daily
  for each row execute function app.refuse_verified_rows_from_people();
create trigger posts_verified_only_from_sync before insert or update on public.posts
  for each row execute function app.refuse_verified_rows_from_people();
create trigger post_metrics_verified_only_from_sync before insert or update on public.post_metrics
  for each row execute function app.refuse_verified_rows_from_people();
create trigger audience_breakdowns_verified_only_from_sync before insert or update on public.audience_breakdowns
  for each row execute function app.refuse_verified_rows_from_people();
create trigger follower_activity_verified_only_from_sync before insert or update on public.follower_activity
  for each row execute function app.refuse_verified_rows_from_people();

-- Sync requests: the Accounts page's "Sync now" where the app does not hold the sync identity.
alter table public.social_accounts add column sync_requested_at timestamptz;
comment on column public.social_accounts.sync_requested_at is 'When the creator last asked for a sync that has not run yet; cleared by apply_sync.';
create index social_accounts_sync_requested_at_idx on public.social_accounts (sync_requested_at)
  where sync_requested_at is not null;

create function public.request_sync(p_account_id uuid) returns public.social_accounts
language plpgsql security invoker set search_path = '' as $$
declare
  acc public.social_accounts;
begin
  update public.social_accounts a set sync_requested_at = app.now()
   where a.id = p_account_id and a.parent_account_id is null and a.access_token_encrypted is not null
  returning * into acc;
  if not found then
    raise exception 'account % is not one of your connected accounts', p_account_id using errcode = 'P0002';
  end if;
  return acc;
end
$$;
comment on function public.request_sync(uuid) is 'Asks the sync process to sync one of the caller''s connected accounts soon.';
revoke execute on function public.request_sync(uuid) from public, anon;
grant execute on function public.request_sync(uuid) to authenticated, service_role;

-- replaces public.apply_sync from the baseline: runs as its owner for the sync identity only, acting for the account's creator instead of the caller
create or replace function public.apply_sync(p_account_id uuid, p_payload jsonb) returns jsonb
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
revoke execute on function public.apply_sync(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.apply_sync(uuid, jsonb) to service_role, portal_sync;
