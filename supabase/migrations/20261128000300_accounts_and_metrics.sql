-- Connected social accounts and the numbers that come from them.
-- Every metrics table carries creator_id (kept consistent by a composite foreign key) so that
-- policies compare one indexed column instead of joining back to the account.

create table public.social_accounts (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  platform text not null check (platform in ('instagram', 'tiktok', 'youtube', 'twitch', 'reddit', 'discord')),
  handle text not null check (length(btrim(handle)) between 1 and 100),
  platform_account_id text not null check (length(platform_account_id) between 1 and 200),
  status text not null default 'connected'
    check (status in ('connected', 'needs_reauth', 'syncing', 'error', 'imported', 'disconnected')),
  status_message text,
  access_token_encrypted text,
  refresh_token_encrypted text,
  token_expires_at timestamptz,
  last_synced_at timestamptz,
  created_at timestamptz not null default now(),
  unique (creator_id, platform, platform_account_id),
  unique (id, creator_id)
);
comment on table public.social_accounts is 'A creator''s account on a platform; tokens are Fernet-encrypted by the app before they arrive here.';
alter table public.social_accounts enable row level security;
create index social_accounts_creator_id_idx on public.social_accounts (creator_id);

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
  source text not null default 'api' check (source in ('api', 'import', 'manual')),
  primary key (account_id, day),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.account_daily is 'One row per account per day (UTC date): audience size and account-level reach and views.';
alter table public.account_daily enable row level security;
create index account_daily_creator_id_day_idx on public.account_daily (creator_id, day);

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
  source text not null default 'api' check (source in ('api', 'import', 'manual')),
  unique (account_id, platform_post_id),
  unique (id, creator_id),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.posts is 'Posts, videos and streams published on a connected account.';
alter table public.posts enable row level security;
create index posts_creator_id_posted_at_idx on public.posts (creator_id, posted_at);

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
  source text not null default 'api' check (source in ('api', 'import', 'manual')),
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
  source text not null default 'api' check (source in ('api', 'import', 'manual')),
  primary key (account_id, as_of, dimension, bucket),
  foreign key (account_id, creator_id) references public.social_accounts (id, creator_id) on delete cascade
);
comment on table public.audience_breakdowns is 'Share of an account''s audience per age band, gender, country or city at a date.';
alter table public.audience_breakdowns enable row level security;
create index audience_breakdowns_creator_id_idx on public.audience_breakdowns (creator_id);

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

-- Creator Home in one round trip. security invoker: every row it reads passes the caller's policies.
-- ER by reach = (likes + comments + shares + saves) / reach, over each post's latest snapshot.
create function public.creator_home_summary(p_days integer default 30)
returns table (
  total_followers bigint, followers_change bigint, posts_in_period bigint,
  interactions bigint, reach bigint, engagement_rate_by_reach numeric, period_start date, period_end date
)
language sql stable security invoker set search_path = '' as $$
  with bounds as (
    select coalesce(max(d.day), current_date) as last_day from public.account_daily d
    where d.creator_id = (select auth.uid())
  ),
  per_account as (
    select a.id,
      (select d.followers from public.account_daily d, bounds b
        where d.account_id = a.id and d.day <= b.last_day and d.followers is not null
        order by d.day desc limit 1) as now_followers,
      (select d.followers from public.account_daily d, bounds b
        where d.account_id = a.id and d.day <= b.last_day - p_days and d.followers is not null
        order by d.day desc limit 1) as then_followers
    from public.social_accounts a where a.creator_id = (select auth.uid())
  ),
  latest as (
    select distinct on (m.post_id) m.*
    from public.post_metrics m join public.posts p on p.id = m.post_id, bounds b
    where p.creator_id = (select auth.uid()) and p.deleted_at is null
      and p.posted_at >= (b.last_day - p_days + 1)::timestamptz
      and p.posted_at < (b.last_day + 1)::timestamptz
    order by m.post_id, m.captured_at desc
  )
  select
    coalesce(sum(pa.now_followers), 0)::bigint,
    coalesce(sum(pa.now_followers - coalesce(pa.then_followers, pa.now_followers)), 0)::bigint,
    (select count(*) from latest),
    (select coalesce(sum(coalesce(l.likes,0) + coalesce(l.comments,0) + coalesce(l.shares,0) + coalesce(l.saves,0)), 0) from latest l where l.reach > 0)::bigint,
    (select coalesce(sum(l.reach), 0) from latest l where l.reach > 0)::bigint,
    (select case when sum(l.reach) > 0 then
       round(sum(coalesce(l.likes,0) + coalesce(l.comments,0) + coalesce(l.shares,0) + coalesce(l.saves,0))::numeric / sum(l.reach), 6)
     end from latest l where l.reach > 0),
    (select last_day - p_days + 1 from bounds), (select last_day from bounds)
  from per_account pa
$$;
comment on function public.creator_home_summary(integer) is 'Totals for creator Home over the last p_days days of data.';
revoke execute on function public.creator_home_summary(integer) from public, anon;
grant execute on function public.creator_home_summary(integer) to authenticated, service_role;
