-- Import of the files the platforms let creators download (Meta Business Suite, TikTok Studio,
-- YouTube Studio). The Python parsers validate each file and turn it into one JSON payload;
-- public.import_platform_export() writes the whole payload in the one transaction of its call, so an
-- import is all or nothing on every client (PostgresGateway, PostgREST, psql). Every upsert is keyed
-- by the platform's ids or by dates, and each file's SHA-256 is logged per account: importing the same
-- file again changes nothing.

-- Daily interactions at account level (TikTok Overview, YouTube Analytics daily reports).
alter table public.account_daily add column if not exists likes integer check (likes >= 0);
alter table public.account_daily add column if not exists comments integer check (comments >= 0);
alter table public.account_daily add column if not exists shares integer check (shares >= 0);

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
  imported_at timestamptz not null default now(),
  unique (account_id, file_sha256),
  check (first_day is null or last_day is null or first_day <= last_day),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.imports is 'Log of platform export files imported into an account, with each file''s SHA-256 so the same file is never applied twice.';
alter table public.imports enable row level security;
create index imports_creator_id_idx on public.imports (creator_id);

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
                            'imported_at', case when p_dry_run then null else now() end, 'import_id', new_import,
                            'tables', tables);
end
$$;
comment on function public.import_platform_export(uuid, text, text, text, jsonb, jsonb, boolean) is
  'Writes one validated platform export (all of it or nothing) into one of the caller''s accounts; idempotent per file.';
revoke execute on function public.import_platform_export(uuid, text, text, text, jsonb, jsonb, boolean) from public, anon;
grant execute on function public.import_platform_export(uuid, text, text, text, jsonb, jsonb, boolean)
  to authenticated, service_role;
