-- Audience: creator Home and the audience and engagement dashboards.
--
-- One SQL definition per metric: the view public.post_engagement defines each post's interactions and
-- engagement rates once; every reporting function below, creator_home_summary included, reads them from it. Functions are security invoker and views security_invoker, so every row they read
-- passes the caller's own policies: a creator asking with another creator's account id gets nothing.
-- Aggregation happens here; pages receive already-aggregated rows.

-- -- each post's latest snapshot -------------------------------------------------------------------------

create table public.post_latest_metrics (
  post_id uuid primary key,
  creator_id uuid not null,
  captured_at timestamptz not null,
  views integer,
  reach integer,
  likes integer,
  comments integer,
  shares integer,
  saves integer,
  foreign key (post_id, creator_id) references public.posts (id, creator_id) on delete cascade
);
comment on table public.post_latest_metrics is 'Each post''s newest post_metrics snapshot, kept current by triggers on post_metrics so dashboards read one row per post.';
alter table public.post_latest_metrics enable row level security;
create index post_latest_metrics_creator_id_idx on public.post_latest_metrics (creator_id);
create policy "Creators can view the latest metrics of their own posts" on public.post_latest_metrics
  for select to authenticated using (creator_id = (select auth.uid()));
-- Written only by the triggers below; nobody writes it directly.
revoke insert, update, delete, truncate on public.post_latest_metrics from anon, authenticated;

create function app.refresh_post_latest_metrics(p_post_ids uuid[]) returns void
language sql security definer set search_path = '' as $$
  delete from public.post_latest_metrics l
  where l.post_id = any(p_post_ids)
    and not exists (select 1 from public.post_metrics m where m.post_id = l.post_id);
  insert into public.post_latest_metrics as l (post_id, creator_id, captured_at, views, reach, likes, comments, shares, saves)
  select distinct on (m.post_id) m.post_id, m.creator_id, m.captured_at, m.views, m.reach, m.likes, m.comments,
         m.shares, m.saves
  from public.post_metrics m
  where m.post_id = any(p_post_ids)
  order by m.post_id, m.captured_at desc
  on conflict (post_id) do update set creator_id = excluded.creator_id, captured_at = excluded.captured_at,
    views = excluded.views, reach = excluded.reach, likes = excluded.likes, comments = excluded.comments,
    shares = excluded.shares, saves = excluded.saves;
$$;
comment on function app.refresh_post_latest_metrics(uuid[]) is 'Recomputes post_latest_metrics for the given posts from post_metrics (security definer: the table has no write grants).';
revoke execute on function app.refresh_post_latest_metrics(uuid[]) from public, anon, authenticated;

create function app.post_metrics_inserted() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.post_latest_metrics as l (post_id, creator_id, captured_at, views, reach, likes, comments, shares, saves)
  select distinct on (n.post_id) n.post_id, n.creator_id, n.captured_at, n.views, n.reach, n.likes, n.comments,
         n.shares, n.saves
  from inserted n
  order by n.post_id, n.captured_at desc
  on conflict (post_id) do update set creator_id = excluded.creator_id, captured_at = excluded.captured_at,
    views = excluded.views, reach = excluded.reach, likes = excluded.likes, comments = excluded.comments,
    shares = excluded.shares, saves = excluded.saves
  where excluded.captured_at >= l.captured_at;
  return null;
end
$$;
comment on function app.post_metrics_inserted() is 'Statement trigger: newer snapshots replace a post''s latest one.';

create function app.post_metrics_changed() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' then
    perform app.refresh_post_latest_metrics(array(select o.post_id from old_rows o union select n.post_id from new_rows n));
  else
    perform app.refresh_post_latest_metrics(array(select distinct o.post_id from old_rows o));
  end if;
  return null;
end
$$;
comment on function app.post_metrics_changed() is 'Statement trigger: recomputes the latest snapshot of posts whose snapshots were changed or removed.';

create function app.post_metrics_truncated() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from public.post_latest_metrics;
  return null;
end
$$;
comment on function app.post_metrics_truncated() is 'Statement trigger: an emptied post_metrics leaves no latest snapshots.';
revoke execute on function app.post_metrics_inserted(), app.post_metrics_changed(), app.post_metrics_truncated()
  from public, anon, authenticated;

create trigger post_metrics_latest_on_insert after insert on public.post_metrics
  referencing new table as inserted for each statement execute function app.post_metrics_inserted();
create trigger post_metrics_latest_on_update after update on public.post_metrics
  referencing old table as old_rows new table as new_rows for each statement execute function app.post_metrics_changed();
create trigger post_metrics_latest_on_delete after delete on public.post_metrics
  referencing old table as old_rows for each statement execute function app.post_metrics_changed();
create trigger post_metrics_latest_on_truncate after truncate on public.post_metrics
  for each statement execute function app.post_metrics_truncated();

-- -- the one definition of each post's engagement ----------------------------------------------------------

-- interactions: null when the platform reported none of the counters the formula adds up (Twitch streams
-- report views only), never a misleading 0.
-- ER by reach     = (likes + comments + shares + saves) / reach             (reach > 0)
-- ER by followers = (likes + comments) / followers on the day of posting   (the account's last count on or
--                    before the post's UTC date; followers > 0)
-- ER by views     = (likes + comments + shares) / views                     (platforms whose er_by_views is set:
--                    TikTok, YouTube, Twitch; views > 0)
-- Deleted posts are not in the view. Posts without any snapshot are (their counters and rates are null).
create view public.post_engagement with (security_invoker = true) as
select
  p.id as post_id, p.creator_id, p.account_id, a.platform, a.handle, p.post_type, p.posted_at, p.permalink,
  p.caption, l.captured_at, l.views, l.reach, l.likes, l.comments, l.shares, l.saves,
  case when num_nonnulls(l.likes, l.comments) > 0
       then coalesce(l.likes, 0) + coalesce(l.comments, 0) end::bigint as interactions_by_followers,
  case when num_nonnulls(l.likes, l.comments, l.shares, l.saves) > 0
       then coalesce(l.likes, 0) + coalesce(l.comments, 0) + coalesce(l.shares, 0) + coalesce(l.saves, 0) end::bigint
    as interactions_by_reach,
  case when num_nonnulls(l.likes, l.comments, l.shares) > 0
       then coalesce(l.likes, 0) + coalesce(l.comments, 0) + coalesce(l.shares, 0) end::bigint as interactions_by_views,
  (select d.followers from public.account_daily d
    where d.account_id = p.account_id and d.followers is not null
      and d.day <= (p.posted_at at time zone 'UTC')::date
    order by d.day desc limit 1)::bigint as followers_at_post,
  case when l.reach > 0 and num_nonnulls(l.likes, l.comments, l.shares, l.saves) > 0
       then (coalesce(l.likes, 0) + coalesce(l.comments, 0) + coalesce(l.shares, 0) + coalesce(l.saves, 0))::numeric
            / l.reach end as er_reach,
  case when num_nonnulls(l.likes, l.comments) > 0
       then (coalesce(l.likes, 0) + coalesce(l.comments, 0))::numeric
            / nullif((select d.followers from public.account_daily d
                      where d.account_id = p.account_id and d.followers is not null
                        and d.day <= (p.posted_at at time zone 'UTC')::date
                      order by d.day desc limit 1), 0) end as er_followers,
  case when pl.er_by_views and l.views > 0
        and num_nonnulls(l.likes, l.comments, l.shares) > 0
       then (coalesce(l.likes, 0) + coalesce(l.comments, 0) + coalesce(l.shares, 0))::numeric / l.views end as er_views
from public.posts p
join public.social_accounts a on a.id = p.account_id
join public.platforms pl on pl.key = a.platform
left join public.post_latest_metrics l on l.post_id = p.id
where p.deleted_at is null;
comment on view public.post_engagement is 'Each live post with its latest counters and its engagement rates by reach, followers and views: the one definition every dashboard and Home use (rows filtered by the caller''s policies).';
revoke all on public.post_engagement from anon;
grant select on public.post_engagement to authenticated, service_role;

-- -- checks shared by the reporting functions -------------------------------------------------------------

-- Refuses a missing date range (with p_missing: what to choose) or one that ends before it starts.
create function app.check_date_range(p_start date, p_end date, p_missing text) returns void
language plpgsql immutable set search_path = '' as $$
begin
  if p_start is null or p_end is null then
    raise exception '%', p_missing using errcode = '22023';
  end if;
  if p_start > p_end then
    raise exception 'the start date % is after the end date %', p_start, p_end using errcode = '22023';
  end if;
end
$$;
grant execute on function app.check_date_range(date, date, text) to authenticated, service_role;

-- Refuses p_value unless it is one of p_allowed, with p_message: a format() template given the value as its %s
-- (a missing value shown as <NULL>).
create function app.require_choice(p_value text, p_allowed text[], p_message text) returns void
language plpgsql immutable set search_path = '' as $$
begin
  if p_value is null or not p_value = any(p_allowed) then
    raise exception '%', pg_catalog.format(p_message, coalesce(p_value, '<NULL>')) using errcode = '22023';
  end if;
end
$$;
grant execute on function app.require_choice(text, text[], text) to authenticated, service_role;

create function app.check_dashboard_range(p_start date, p_end date, p_time_zone text) returns void
language plpgsql stable set search_path = '' as $$
begin
  perform app.check_date_range(p_start, p_end, 'choose a start and an end date');
  -- (app.is_time_zone scans pg_timezone_names, about 9 ms; converting a time is enough and takes microseconds.)
  if p_time_zone is null then
    raise exception 'choose a time zone' using errcode = '22023';
  end if;
  begin
    perform app.now() at time zone p_time_zone;
  exception when invalid_parameter_value then
    raise exception 'unknown time zone "%": use an IANA name such as Europe/Berlin', p_time_zone using errcode = '22023';
  end;
end
$$;
comment on function app.check_dashboard_range(date, date, text) is 'Raises a clear message for a missing or reversed date range or an unknown time zone.';
grant execute on function app.check_dashboard_range(date, date, text) to authenticated, service_role;

-- The posts a dashboard looks at, with the chosen formula's numerator, denominator and rate. Posts are
-- placed in the range by their local date in p_time_zone.
create function app.dashboard_posts(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text
) returns table (
  post_id uuid, account_id uuid, platform text, handle text, post_type text, posted_at timestamptz,
  local_time timestamp, permalink text, caption text, numerator bigint, denominator bigint, rate numeric
)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform app.check_dashboard_range(p_start, p_end, p_time_zone);
  perform app.require_choice(p_formula, array['reach', 'followers', 'views'],
                             'unknown engagement formula "%s": use reach, followers or views');
  return query
    select e.post_id, e.account_id, e.platform, e.handle, e.post_type, e.posted_at,
           e.posted_at at time zone p_time_zone, e.permalink, e.caption,
           case p_formula when 'reach' then e.interactions_by_reach when 'followers' then e.interactions_by_followers
                else e.interactions_by_views end,
           case p_formula when 'reach' then e.reach::bigint when 'followers' then e.followers_at_post
                else e.views::bigint end,
           case p_formula when 'reach' then e.er_reach when 'followers' then e.er_followers else e.er_views end
    from public.post_engagement e
    where e.creator_id = (select auth.uid())
      and e.posted_at >= (p_start::timestamp at time zone p_time_zone)
      and e.posted_at < ((p_end + 1)::timestamp at time zone p_time_zone)
      and (p_platforms is null or e.platform = any(p_platforms))
      and (p_account_ids is null or e.account_id = any(p_account_ids))
      and (p_post_types is null or e.post_type = any(p_post_types));
end
$$;
comment on function app.dashboard_posts(date, date, text, text[], uuid[], text[], text) is 'The caller''s live posts in a local-date range and filters, with the chosen engagement formula''s numerator, denominator and rate.';
grant execute on function app.dashboard_posts(date, date, text, text[], uuid[], text[], text) to authenticated, service_role;

-- -- engagement ------------------------------------------------------------------------------------------

-- median and mean are over posts that have a rate; pooled = sum of numerators / sum of denominators over
-- the same posts (what Home shows for ER by reach).
create function public.engagement_overview(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text
) returns table (posts bigint, rated_posts bigint, median_rate numeric, mean_rate numeric, pooled_rate numeric,
                 interactions bigint, denominator bigint)
language sql stable security invoker set search_path = '' as $$
  select count(*), count(d.rate),
         round(percentile_cont(0.5) within group (order by d.rate::float8)::numeric, 6),
         round(avg(d.rate), 6),
         round(sum(d.numerator) filter (where d.rate is not null)::numeric
               / nullif(sum(d.denominator) filter (where d.rate is not null), 0), 6),
         coalesce(sum(d.numerator) filter (where d.rate is not null), 0)::bigint,
         coalesce(sum(d.denominator) filter (where d.rate is not null), 0)::bigint
  from app.dashboard_posts(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula) d
$$;
comment on function public.engagement_overview(date, date, text, text[], uuid[], text[], text) is 'Posts, median, mean and pooled engagement rate for one formula over the filtered posts.';

create function public.engagement_by_group(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_group text
) returns table (group_key text, posts bigint, rated_posts bigint, median_rate numeric, mean_rate numeric,
                 pooled_rate numeric)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform app.require_choice(p_group, array['post_type', 'platform', 'account'],
                             'unknown grouping "%s": use post_type, platform or account');
  return query
    select g.key, count(*), count(g.rate),
           round(percentile_cont(0.5) within group (order by g.rate::float8)::numeric, 6),
           round(avg(g.rate), 6),
           round(sum(g.numerator) filter (where g.rate is not null)::numeric
                 / nullif(sum(g.denominator) filter (where g.rate is not null), 0), 6)
    from (select case p_group when 'post_type' then d.post_type when 'platform' then d.platform
                      else d.account_id::text end as key, d.rate, d.numerator, d.denominator
          from app.dashboard_posts(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula) d) g
    group by g.key
    order by g.key;
end
$$;
comment on function public.engagement_by_group(date, date, text, text[], uuid[], text[], text, text) is 'Median, mean and pooled engagement rate per post type, platform or account.';

create function public.engagement_trend(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_grain text
) returns table (bucket date, posts bigint, rated_posts bigint, median_rate numeric, mean_rate numeric)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform app.require_choice(p_grain, array['day', 'week', 'month'], 'unknown grain "%s": use day, week or month');
  return query
    select date_trunc(p_grain, d.local_time)::date, count(*), count(d.rate),
           round(percentile_cont(0.5) within group (order by d.rate::float8)::numeric, 6),
           round(avg(d.rate), 6)
    from app.dashboard_posts(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula) d
    group by 1
    order by 1;
end
$$;
comment on function public.engagement_trend(date, date, text, text[], uuid[], text[], text, text) is 'Median and mean engagement rate per local day, week (from Monday) or month of posting.';

create function public.engagement_heatmap(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text
) returns table (weekday integer, hour integer, posts bigint, rated_posts bigint, median_rate numeric)
language sql stable security invoker set search_path = '' as $$
  select extract(isodow from d.local_time)::integer, extract(hour from d.local_time)::integer, count(*), count(d.rate),
         round(percentile_cont(0.5) within group (order by d.rate::float8)::numeric, 6)
  from app.dashboard_posts(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula) d
  group by 1, 2
  order by 1, 2
$$;
comment on function public.engagement_heatmap(date, date, text, text[], uuid[], text[], text) is 'Median engagement rate per local weekday (1 = Monday) and hour of posting in p_time_zone.';

create function public.engagement_top_posts(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_limit integer, p_lowest boolean
) returns table (post_id uuid, platform text, handle text, post_type text, posted_at timestamptz, permalink text,
                 caption text, interactions bigint, denominator bigint, rate numeric)
language sql stable security invoker set search_path = '' as $$
  select d.post_id, d.platform, d.handle, d.post_type, d.posted_at, d.permalink, left(d.caption, 140),
         d.numerator, d.denominator, round(d.rate, 6)
  from app.dashboard_posts(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula) d
  where d.rate is not null
  order by case when p_lowest then d.rate end asc, case when not p_lowest then d.rate end desc, d.posted_at desc
  limit least(greatest(coalesce(p_limit, 5), 1), 50)
$$;
comment on function public.engagement_top_posts(date, date, text, text[], uuid[], text[], text, integer, boolean) is 'The filtered posts with the highest (or lowest) engagement rate, with their permalinks.';

-- -- audience --------------------------------------------------------------------------------------------

create function public.dashboard_accounts()
returns table (account_id uuid, platform text, handle text, status text, first_day date, last_day date,
               followers bigint, first_post_at timestamptz, last_post_at timestamptz, breakdowns_as_of date)
language sql stable security invoker set search_path = '' as $$
  select a.id, a.platform, a.handle, a.status,
         (select min(d.day) from public.account_daily d where d.account_id = a.id),
         (select max(d.day) from public.account_daily d where d.account_id = a.id),
         (select d.followers from public.account_daily d where d.account_id = a.id and d.followers is not null
           order by d.day desc limit 1)::bigint,
         (select min(p.posted_at) from public.posts p where p.account_id = a.id and p.deleted_at is null),
         (select max(p.posted_at) from public.posts p where p.account_id = a.id and p.deleted_at is null),
         (select max(b.as_of) from public.audience_breakdowns b where b.account_id = a.id)
  from public.social_accounts a
  where a.creator_id = (select auth.uid())
  order by a.platform, a.handle
$$;
comment on function public.dashboard_accounts() is 'The caller''s accounts with the span of their data and their latest follower count, for dashboard filters.';

-- Followers per platform per day. An account's last known count is carried over the days it did not
-- report (so a missing day is not a drop), from its first count on; the sum is over the chosen accounts.
-- net_new sums each account's change from the day before, so an account connected during the range adds
-- its existing followers to the total but not to net new.
create function public.followers_daily(p_start date, p_end date, p_platforms text[], p_account_ids uuid[])
returns table (day date, platform text, followers bigint, net_new bigint, accounts integer)
language plpgsql stable security invoker set search_path = '' as $$
#variable_conflict use_column
begin
  perform app.check_dashboard_range(p_start, p_end, 'UTC');
  return query
    with acc as (
      select a.id, a.platform from public.social_accounts a
      where a.creator_id = (select auth.uid())
        and (p_platforms is null or a.platform = any(p_platforms))
        and (p_account_ids is null or a.id = any(p_account_ids))
    ),
    known as (
      select d.account_id, d.day, d.followers
      from public.account_daily d join acc on acc.id = d.account_id
      where d.day between p_start and p_end and d.followers is not null
      union all
      select acc.id, p_start, before.followers
      from acc cross join lateral (
        select d.followers from public.account_daily d
        where d.account_id = acc.id and d.day < p_start and d.followers is not null
        order by d.day desc limit 1) before
      where not exists (select 1 from public.account_daily d
                        where d.account_id = acc.id and d.day = p_start and d.followers is not null)
    ),
    spans as (
      select k.account_id, k.day, k.followers,
             coalesce(lead(k.day) over (partition by k.account_id order by k.day), p_end + 1) as until
      from known k
    ),
    daily as (
      select s.account_id, g.day::date as on_day, s.followers
      from spans s
      cross join lateral generate_series(s.day::timestamp, (s.until - 1)::timestamp, interval '1 day') g(day)
    ),
    changes as (
      select d.account_id, d.on_day, d.followers,
             d.followers - lag(d.followers) over (partition by d.account_id order by d.on_day) as net
      from daily d
    )
    select c.on_day, acc.platform, sum(c.followers)::bigint, sum(c.net)::bigint, count(*)::integer
    from changes c
    join acc on acc.id = c.account_id
    group by c.on_day, acc.platform
    order by 1, 2;
end
$$;
comment on function public.followers_daily(date, date, text[], uuid[]) is 'Followers and net new followers per platform per day in a range, each account''s last known count carried over days it did not report; net_new is null on an account''s first day in the range.';

-- Demographics at each account's latest snapshot and the one before it, combined across the chosen
-- accounts weighted by each account's followers at the snapshot date (equal weights when unknown).
create function public.audience_demographics(p_platforms text[], p_account_ids uuid[])
returns table (dimension text, bucket text, share numeric, previous_share numeric, as_of date,
               previous_as_of date, accounts integer)
language sql stable security invoker set search_path = '' as $$
  with acc as (
    select a.id from public.social_accounts a
    where a.creator_id = (select auth.uid())
      and (p_platforms is null or a.platform = any(p_platforms))
      and (p_account_ids is null or a.id = any(p_account_ids))
  ),
  snapshots as (
    select acc.id as account_id, v.which, v.as_of
    from acc
    cross join lateral (select max(b.as_of) as as_of from public.audience_breakdowns b where b.account_id = acc.id) latest
    cross join lateral (select max(b.as_of) as as_of from public.audience_breakdowns b
                        where b.account_id = acc.id and b.as_of < latest.as_of) previous
    cross join lateral (values ('latest', latest.as_of), ('previous', previous.as_of)) v(which, as_of)
    where v.as_of is not null
  ),
  weighted as (
    select s.account_id, s.which, s.as_of,
           coalesce((select d.followers from public.account_daily d
                     where d.account_id = s.account_id and d.followers is not null and d.day <= s.as_of
                     order by d.day desc limit 1), 1)::numeric as weight
    from snapshots s
  ),
  rows as (
    select w.which, b.dimension, b.bucket, b.share, w.weight, w.account_id, w.as_of
    from weighted w
    join public.audience_breakdowns b on b.account_id = w.account_id and b.as_of = w.as_of
  ),
  totals as (
    select r.which, r.dimension, sum(r.weight) as total, max(r.as_of) as as_of, count(*)::integer as accounts
    from (select distinct which, dimension, account_id, weight, as_of from rows) r
    group by r.which, r.dimension
  ),
  shares as (
    select r.which, r.dimension, r.bucket, sum(r.share * r.weight) / t.total as share
    from rows r join totals t on t.which = r.which and t.dimension = r.dimension
    group by r.which, r.dimension, r.bucket, t.total
  ),
  buckets as (select distinct s.dimension, s.bucket from shares s)
  select b.dimension, b.bucket,
         case when tl.total is not null then round(coalesce(sl.share, 0), 5) end,
         case when tp.total is not null then round(coalesce(sp.share, 0), 5) end,
         tl.as_of, tp.as_of, coalesce(tl.accounts, 0)
  from buckets b
  left join totals tl on tl.which = 'latest' and tl.dimension = b.dimension
  left join totals tp on tp.which = 'previous' and tp.dimension = b.dimension
  left join shares sl on sl.which = 'latest' and sl.dimension = b.dimension and sl.bucket = b.bucket
  left join shares sp on sp.which = 'previous' and sp.dimension = b.dimension and sp.bucket = b.bucket
  order by b.dimension, 3 desc nulls last, b.bucket
$$;
comment on function public.audience_demographics(text[], uuid[]) is 'Age, gender, country and city shares at the latest breakdown and the one before, combined across accounts weighted by followers.';

-- -- Creator Home, on the same definitions -----------------------------------------------------------------

-- Creator Home in one round trip: followers now and p_days before the last day with data, and the posts of
-- the period with their ER by reach from public.post_engagement, placed in the period by their local date in
-- the creator's time zone exactly as the Engagement page places them.
create function public.creator_home_summary(p_days integer default 30)
returns table (
  total_followers bigint, followers_change bigint, posts_in_period bigint,
  interactions bigint, reach bigint, engagement_rate_by_reach numeric, period_start date, period_end date
)
language sql stable security invoker set search_path = '' as $$
  with me as (
    select coalesce((select p.time_zone from public.profiles p where p.id = (select auth.uid())), 'UTC') as tz
  ),
  bounds as (
    select coalesce(max(d.day), app.today()) as last_day from public.account_daily d
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
  period as (
    select e.interactions_by_reach, e.reach, e.er_reach
    from public.post_engagement e, bounds b, me
    where e.creator_id = (select auth.uid())
      and e.posted_at >= ((b.last_day - p_days + 1)::timestamp at time zone me.tz)
      and e.posted_at < ((b.last_day + 1)::timestamp at time zone me.tz)
  )
  select
    (select coalesce(sum(pa.now_followers), 0) from per_account pa)::bigint,
    (select coalesce(sum(pa.now_followers - coalesce(pa.then_followers, pa.now_followers)), 0) from per_account pa)::bigint,
    (select count(*) from period),
    (select coalesce(sum(p.interactions_by_reach), 0) from period p where p.er_reach is not null)::bigint,
    (select coalesce(sum(p.reach), 0) from period p where p.er_reach is not null)::bigint,
    (select round(sum(p.interactions_by_reach)::numeric / nullif(sum(p.reach), 0), 6) from period p
      where p.er_reach is not null),
    (select last_day - p_days + 1 from bounds), (select last_day from bounds)
$$;
comment on function public.creator_home_summary(integer) is 'Totals for creator Home over the last p_days days of data (posts by local date in the creator''s time zone; ER by reach from post_engagement).';

-- -- grants: closed to visitors, open to signed-in people (their policies decide the rows) ------------------

select app.serve_to_signed_in(array[
  'public.engagement_overview(date, date, text, text[], uuid[], text[], text)',
  'public.engagement_by_group(date, date, text, text[], uuid[], text[], text, text)',
  'public.engagement_trend(date, date, text, text[], uuid[], text[], text, text)',
  'public.engagement_heatmap(date, date, text, text[], uuid[], text[], text)',
  'public.engagement_top_posts(date, date, text, text[], uuid[], text[], text, integer, boolean)',
  'public.dashboard_accounts()', 'public.followers_daily(date, date, text[], uuid[])',
  'public.audience_demographics(text[], uuid[])', 'public.creator_home_summary(integer)'
]::regprocedure[]);
revoke execute on function app.dashboard_posts(date, date, text, text[], uuid[], text[], text),
  app.check_dashboard_range(date, date, text), app.check_date_range(date, date, text),
  app.require_choice(text, text[], text)
  from public, anon;
