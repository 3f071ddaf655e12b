-- Jobs: what the workers need around the queue (20261206200000 holds the queue itself).
--
-- * Each account syncs at its own interval (social_accounts.sync_interval_minutes); the scheduler gives it a
--   jittered next_sync_at. public.request_account_sync() is how a person puts their own account in the queue:
--   it checks the caller owns the account and defers one job under a queueing lock, so an account waits in
--   the queue at most once, and a lock, so two workers never sync it at the same time.
-- * app.rate_buckets: one token bucket per platform, shared by every worker on every machine, so N workers
--   together stay within what one app registration may do. app.take_rate_token() takes a token or says how
--   long to wait. It measures real elapsed time (clock_timestamp()), not app.now(): a platform counts requests
--   on the wall clock, whatever the portal's clock says.
-- * Email notifications: public.notification_preferences (instant, daily digest or off, per person, theirs to
--   read and change), public.notifications (one row per event and person, keyed by an idempotency key, so an
--   event is mailed once; people read their own), filled by app.collect_notifications() on the worker.

create index social_accounts_next_sync_at_idx on public.social_accounts (next_sync_at) where parent_account_id is null;

-- -- why jobs failed ----------------------------------------------------------------------------------------------
create table app.job_errors (
  id bigint generated always as identity primary key,
  job_id bigint not null,
  task_name text not null,
  attempt integer not null default 0,
  error text not null,
  at timestamptz not null default clock_timestamp()
);
comment on table app.job_errors is 'The reason of each failed run of a job (procrastinate keeps the status, not the message); pruned with the jobs.';
alter table app.job_errors enable row level security;
create index job_errors_job_id_idx on app.job_errors (job_id, at);
revoke all on app.job_errors from public, anon, authenticated;

-- -- rate budget ---------------------------------------------------------------------------------------------
create table app.rate_buckets (
  platform text primary key references public.platforms (key),
  capacity double precision not null check (capacity >= 1),
  refill_per_second double precision not null check (refill_per_second > 0),
  tokens double precision not null,
  refilled_at timestamptz not null default clock_timestamp()
);
comment on table app.rate_buckets is 'One token bucket per platform shared by all workers: capacity requests at once, refilled at refill_per_second.';
alter table app.rate_buckets enable row level security;
revoke all on app.rate_buckets from public, anon, authenticated;

insert into app.rate_buckets (platform, capacity, refill_per_second, tokens)
select key, 20, 5, 20 from public.platforms on conflict do nothing;

create function app.take_rate_token(p_platform text) returns double precision
language plpgsql security definer set search_path = '' as $$
-- 0 when a token was taken (the caller may send one request now), else the seconds until one is there.
declare
  b app.rate_buckets;
  v_now timestamptz := clock_timestamp();
  v_tokens double precision;
begin
  select * into b from app.rate_buckets where platform = p_platform for update;
  if not found then
    return 0;  -- a platform without a budget is not limited here
  end if;
  v_tokens := least(b.capacity, b.tokens + extract(epoch from v_now - b.refilled_at) * b.refill_per_second);
  if v_tokens >= 1 then
    update app.rate_buckets set tokens = v_tokens - 1, refilled_at = v_now where platform = p_platform;
    return 0;
  end if;
  update app.rate_buckets set tokens = v_tokens, refilled_at = v_now where platform = p_platform;
  return (1 - v_tokens) / b.refill_per_second;
end $$;
comment on function app.take_rate_token(text) is 'Takes one request token from the platform''s shared bucket: 0 when taken, else the seconds to wait.';
revoke all on function app.take_rate_token(text) from public, anon, authenticated;

create function app.set_rate_budget(p_platform text, p_capacity double precision, p_per_second double precision)
returns void language sql security definer set search_path = '' as $$
  insert into app.rate_buckets (platform, capacity, refill_per_second, tokens)
  values (p_platform, p_capacity, p_per_second, p_capacity)
  on conflict (platform) do update set capacity = excluded.capacity, refill_per_second = excluded.refill_per_second,
                                       tokens = least(app.rate_buckets.tokens, excluded.capacity)
$$;
revoke all on function app.set_rate_budget(text, double precision, double precision) from public, anon, authenticated;

-- -- a person asks for a sync ------------------------------------------------------------------------------------
create function app.defer_sync_job(p_account_id uuid) returns bigint
language plpgsql security definer set search_path = '' as $$
-- One job for the account unless one is already waiting (queueing lock), run under the account's lock.
declare
  v_id bigint;
begin
  -- procrastinate's functions and triggers name their tables unqualified: for the rest of this call only (the
  -- function's own `set search_path` is restored when it returns), they are found in public.
  perform set_config('search_path', 'public, pg_temp', true);
  select j.id into v_id from public.procrastinate_jobs j
   where j.queueing_lock = 'sync:' || p_account_id and j.status = 'todo';
  if found then
    return v_id;
  end if;
  begin
    select ids[1] into v_id from public.procrastinate_defer_jobs_v1(array[row(
      'sync', 'services.jobs.tasks.sync_account', 0, 'account:' || p_account_id, 'sync:' || p_account_id,
      jsonb_build_object('account_id', p_account_id::text), null)::public.procrastinate_job_to_defer_v1]) ids;
  exception when unique_violation then
    select j.id into v_id from public.procrastinate_jobs j
     where j.queueing_lock = 'sync:' || p_account_id and j.status = 'todo';
  end;
  return v_id;
end $$;
revoke all on function app.defer_sync_job(uuid) from public, anon, authenticated;

create function public.request_account_sync(p_account_id uuid) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  a public.social_accounts;
begin
  select * into a from public.social_accounts where id = p_account_id;
  if not found or a.creator_id is distinct from (select auth.uid()) then
    raise exception 'account % is not one of yours', p_account_id using errcode = '42501';
  end if;
  if a.parent_account_id is not null then
    raise exception 'this community is synced with the account it belongs to' using errcode = '22023';
  end if;
  if a.status = 'disconnected' or a.access_token_encrypted is null then
    raise exception 'this account has no connection to sync' using errcode = '22023';
  end if;
  update public.social_accounts set sync_requested_at = app.now() where id = p_account_id;
  return app.defer_sync_job(p_account_id);
end $$;
comment on function public.request_account_sync(uuid) is 'Puts the caller''s own account in the sync queue (once, however often it is asked); returns the job id.';
revoke all on function public.request_account_sync(uuid) from public, anon;
grant execute on function public.request_account_sync(uuid) to authenticated, service_role;

create function public.account_sync_health(p_account_id uuid)
returns table (last_synced_at timestamptz, next_sync_at timestamptz, queued boolean, running boolean)
language sql stable security definer set search_path = '' as $$
  select a.last_synced_at, a.next_sync_at,
         exists (select 1 from public.procrastinate_jobs j where j.queueing_lock = 'sync:' || a.id and j.status = 'todo'),
         exists (select 1 from public.procrastinate_jobs j where j.lock = 'account:' || a.id and j.status = 'doing')
    from public.social_accounts a
   where a.id = p_account_id and a.creator_id = (select auth.uid())
$$;
comment on function public.account_sync_health(uuid) is 'For the Accounts page: the caller''s account''s last and next sync and whether a sync is queued or running.';
revoke all on function public.account_sync_health(uuid) from public, anon;
grant execute on function public.account_sync_health(uuid) to authenticated, service_role;

create function app.enqueue_due_syncs(p_limit integer default 1000) returns integer
language plpgsql security definer set search_path = '' as $$
-- Every connected account whose next_sync_at has come (or was never set) gets a job, and a new next_sync_at:
-- its interval from now, plus up to a tenth of it at random, so accounts connected together drift apart.
declare
  r record;
  n integer := 0;
begin
  for r in select a.id, a.sync_interval_minutes from public.social_accounts a
            where a.parent_account_id is null and a.status <> 'disconnected' and a.access_token_encrypted is not null
              and (a.next_sync_at is null or a.next_sync_at <= app.now())
            order by a.next_sync_at nulls first
            limit p_limit
            for update skip locked loop
    perform app.defer_sync_job(r.id);
    update public.social_accounts
       set next_sync_at = app.now() + make_interval(secs => r.sync_interval_minutes * 60 * (1 + random() / 10))
     where id = r.id;
    n := n + 1;
  end loop;
  return n;
end $$;
revoke all on function app.enqueue_due_syncs(integer) from public, anon, authenticated;

-- -- email notifications -------------------------------------------------------------------------------------------
create table public.notification_preferences (
  person_id uuid primary key references public.profiles (id) on delete cascade,
  delivery text not null default 'instant' check (delivery in ('instant', 'digest', 'off')),
  updated_at timestamptz not null default app.now()
);
comment on table public.notification_preferences is 'How a person wants email notifications: instant, one daily digest, or off (no row: instant).';
alter table public.notification_preferences enable row level security;
create policy "People can view their own notification preference" on public.notification_preferences
  for select to authenticated using (person_id = (select auth.uid()));
create policy "People can set their own notification preference" on public.notification_preferences
  for insert to authenticated with check (person_id = (select auth.uid()));
create policy "People can change their own notification preference" on public.notification_preferences
  for update to authenticated using (person_id = (select auth.uid())) with check (person_id = (select auth.uid()));
revoke all on public.notification_preferences from anon;
revoke delete, truncate, references, trigger on public.notification_preferences from authenticated;

create table public.notifications (
  id bigint generated always as identity primary key,
  person_id uuid not null references public.profiles (id) on delete cascade,
  event text not null check (event in ('new_offer', 'counter', 'offer_expiring', 'deliverable_due',
                                       'payment_sent', 'money_overdue', 'report_opened')),
  idempotency_key text not null unique check (length(idempotency_key) between 1 and 200),
  facts jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default app.now(),
  sent_at timestamptz
);
comment on table public.notifications is 'One email-worthy event for one person, mailed once (idempotency_key), instantly or in the daily digest.';
alter table public.notifications enable row level security;
create index notifications_person_id_idx on public.notifications (person_id, created_at);
create index notifications_pending_idx on public.notifications (status) where status = 'pending';
create policy "People can view their own notifications" on public.notifications
  for select to authenticated using (person_id = (select auth.uid()));
revoke all on public.notifications from anon;
revoke insert, update, delete, truncate, references, trigger on public.notifications from authenticated;

create function public.unsubscribe_notifications(p_person_id uuid) returns void
language sql security definer set search_path = '' as $$
  insert into public.notification_preferences (person_id, delivery, updated_at) values (p_person_id, 'off', app.now())
  on conflict (person_id) do update set delivery = 'off', updated_at = app.now()
$$;
comment on function public.unsubscribe_notifications(uuid) is 'The one-click unsubscribe: the worker calls it after checking the link''s signature.';
revoke all on function public.unsubscribe_notifications(uuid) from public, anon, authenticated;

create function app.collect_notifications(p_since interval default interval '2 days') returns integer
language plpgsql security definer set search_path = '' as $$
-- Turns what happened (offer events, payments, report openings) and what is coming (expiry, due dates, overdue
-- money) into notification rows. Each key names the event, so running this again adds nothing.
declare
  v_now timestamptz := app.now();
  n integer;
begin
  insert into public.notifications (person_id, event, idempotency_key, facts)
  select x.person_id, x.event, x.key, x.facts from (
    -- a new offer reaches the creator
    select o.creator_id as person_id, 'new_offer' as event, 'new_offer:' || e.id as key,
           jsonb_build_object('brand', o.brand_name, 'campaign', o.campaign, 'offer_id', o.id) as facts
      from public.offer_events e join public.offers o on o.id = e.offer_id
     where e.to_status = 'sent' and e.from_status is distinct from 'countered' and e.occurred_at > v_now - p_since
    union all
    -- the creator's counter reaches every member of the brand
    select m.profile_id, 'counter', 'counter:' || e.id || ':' || m.profile_id,
           jsonb_build_object('creator', coalesce(p.display_name, ''), 'campaign', o.campaign, 'offer_id', o.id)
      from public.offer_events e join public.offers o on o.id = e.offer_id
      join public.brand_memberships m on m.brand_id = o.brand_id
      left join public.profiles p on p.id = o.creator_id
     where e.to_status = 'countered' and e.occurred_at > v_now - p_since
    union all
    -- an offer waiting for the creator expires within a day
    select o.creator_id, 'offer_expiring', 'offer_expiring:' || o.id || ':' || o.version,
           jsonb_build_object('brand', o.brand_name, 'campaign', o.campaign, 'offer_id', o.id, 'expires_at', o.expires_at)
      from public.offers o
     where o.status = 'sent' and o.expires_at > v_now and o.expires_at <= v_now + interval '1 day'
    union all
    -- a deliverable due tomorrow in the creator's calendar, not yet posted
    select d.creator_id, 'deliverable_due', 'deliverable_due:' || d.id || ':' || d.due_date,
           jsonb_build_object('brand', o.brand_name, 'campaign', o.campaign, 'platform', d.platform, 'due_date', d.due_date)
      from public.deliverables d join public.offers o on o.id = d.offer_id
     where d.status in ('pending', 'draft_submitted', 'approved') and d.due_date = app.creator_today(d.creator_id) + 1
    union all
    -- the brand says a payment is on its way
    select y.creator_id, 'payment_sent', 'payment_sent:' || y.id,
           jsonb_build_object('brand', coalesce(b.name, ''), 'amount', y.amount::text, 'currency', y.currency)
      from public.payments y left join public.brands b on b.id = y.brand_id
     where y.status = 'sent' and y.created_at > v_now - p_since
    union all
    -- money became overdue (once per payout and due date)
    select v.creator_id, 'money_overdue', 'money_overdue:' || v.id || ':' || v.due_date,
           jsonb_build_object('brand', v.brand_name, 'balance', v.balance::text, 'currency', v.currency,
                              'days_overdue', v.days_overdue, 'due_date', v.due_date)
      from public.payout_overview v
     where v.status = 'overdue'
    union all
    -- a brand member opened a shared report (once per report and day)
    select r.creator_id, 'report_opened', 'report_opened:' || r.id || ':' || (v.viewed_at at time zone 'UTC')::date,
           jsonb_build_object('report', r.title, 'brand', coalesce(r.brand_name, ''))
      from public.report_views v join public.reports r on r.id = v.report_id
     where v.viewer_id is not null and v.viewer_id <> r.creator_id and v.viewed_at > v_now - p_since
  ) x
  on conflict (idempotency_key) do nothing;
  get diagnostics n = row_count;
  return n;
end $$;
revoke all on function app.collect_notifications(interval) from public, anon, authenticated;
