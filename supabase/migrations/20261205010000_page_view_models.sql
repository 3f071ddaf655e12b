-- One view model per page: each dashboard page reads what it draws from ONE function returning ONE jsonb
-- document, in one transaction. The documents are built from the existing definitions (post_engagement through
-- the engagement_* functions, followers_daily, audience_demographics, creator_home_summary, overdue_summary,
-- earnings_entries, days_to_pay_by_brand), never from formulas written again.
--
-- Exact numbers travel as text (numeric::text): a JSON number would be read as a float by a client that does
-- not ask for decimals, and money and rates must stay exact. Counts travel as JSON integers.
--
-- Scheduled work: offer expiry and deliverable verification for every creator, run by
-- `python -m services.admin tick` (and once when the portal's backend starts), never by a page drawing.
-- public.scheduled_work says when each kind of work last ran, so pages can say "as of".

-- -- Brand-partner Home ------------------------------------------------------------------------------------

-- Home as an action list: the document's `actions` key is what needs the brand partner now (counters waiting for
-- the brand, drafts waiting for its approval, what it owes: open payouts with something left to pay, by due date,
-- and reports shared with it in the last 7 days), each item with the id of the offer, payout or report it opens.
-- One call, security invoker: every list reads only the rows the caller's policies let them see. Days are the
-- creator's (app.creator_today), instants app.now(). (Creator Home, which also counts link clicks, is in the
-- links migration.)

create function public.brand_home_page()
returns jsonb
language sql stable security invoker set search_path = '' as $$
  with links as (
    select l.created_at, l.brand_id,
           case when l.creator_id = (select auth.uid()) then l.partner_id else l.creator_id end as other_id
    from public.creator_partners l
  ),
  shares as (
    select distinct on (r.id) s.id, s.report_id, s.kind, s.brand_id, s.label, s.mode, s.frozen_at, s.expires_at,
           s.revoked_at, s.created_at, b.name as brand_name, to_jsonb(r) as report, p.display_name as creator_name
    from public.report_shares s
    join public.reports r on r.id = s.report_id
    left join public.profiles p on p.id = r.creator_id
    left join public.brands b on b.id = s.brand_id
    where s.kind = 'brand' and s.brand_id is not null and r.creator_id is distinct from (select auth.uid())
    order by r.id, s.created_at desc
  )
  select jsonb_build_object(
    'partners', coalesce((
        select jsonb_agg(jsonb_build_object('id', p.id, 'display_name', p.display_name, 'niche', p.niche,
                                            'role', p.role, 'since', l.created_at, 'brand', b.name)
                         order by l.created_at)
        from links l
        join public.profiles p on p.id = l.other_id
        left join public.brands b on b.id = l.brand_id), '[]'::jsonb),
    'shared', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'share', jsonb_build_object('id', s.id, 'report_id', s.report_id, 'kind', s.kind,
                                             'brand_id', s.brand_id, 'label', s.label, 'mode', s.mode,
                                             'frozen_at', s.frozen_at, 'expires_at', s.expires_at,
                                             'revoked_at', s.revoked_at, 'created_at', s.created_at),
                 'brand_name', s.brand_name, 'report', s.report, 'creator_name', s.creator_name)
                 order by s.created_at desc)
        from shares s), '[]'::jsonb),
    'actions', jsonb_build_object(
      'counters', coalesce((
          select jsonb_agg(jsonb_build_object('id', o.id, 'creator_name', p.display_name, 'campaign', o.campaign,
                                              'fee', o.fee::text, 'currency', o.currency, 'expires_at', o.expires_at)
                           order by o.expires_at, o.id)
          from public.offers o left join public.profiles p on p.id = o.creator_id
          where o.origin = 'brand' and o.status = 'countered' and o.expires_at > app.now()
            and o.creator_id is distinct from (select auth.uid())), '[]'::jsonb),
      'drafts', coalesce((
          select jsonb_agg(jsonb_build_object('id', d.id, 'offer_id', d.offer_id, 'creator_name', p.display_name,
                                              'campaign', o.campaign, 'platform', d.platform, 'format', d.format,
                                              'due_date', d.due_date)
                           order by d.due_date, o.campaign, d.item_position, d.seq)
          from public.deliverables d join public.offers o on o.id = d.offer_id
          left join public.profiles p on p.id = d.creator_id
          where d.status = 'draft_submitted' and o.origin = 'brand'
            and d.creator_id is distinct from (select auth.uid())), '[]'::jsonb),
      'owed', coalesce((
          select jsonb_agg(jsonb_build_object('id', o.id, 'creator_name', o.creator_name,
                                              'description', o.description, 'amount', (o.balance - o.pending)::text,
                                              'currency', o.currency, 'due_date', o.due_date,
                                              'overdue', o.status = 'overdue')
                           order by o.due_date, o.created_at)
          from public.payout_overview o
          where o.status in ('scheduled', 'invoiced', 'partially_paid', 'overdue') and o.balance - o.pending > 0
            and o.creator_id is distinct from (select auth.uid())), '[]'::jsonb),
      'reports', coalesce((
          select jsonb_agg(jsonb_build_object('id', s.report_id, 'title', s.report ->> 'title',
                                              'creator_name', s.creator_name, 'shared_at', s.created_at)
                           order by s.created_at desc)
          from shares s
          where s.created_at > app.now() - interval '7 days'), '[]'::jsonb))
  )
$$;
comment on function public.brand_home_page() is 'Everything brand-partner Home draws, in one document: what needs the partner (counters to answer, drafts to approve, what the brand owes by due date, reports shared in the last 7 days), the partnerships the caller may see with the other side''s profile and brand, and the reports shared with the caller''s brands (newest share per report), under the caller''s policies.';

-- -- Engagement --------------------------------------------------------------------------------------------

create function app.engagement_overview_json(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select jsonb_build_object('posts', o.posts, 'rated_posts', o.rated_posts, 'median_rate', o.median_rate::text,
                            'mean_rate', o.mean_rate::text, 'pooled_rate', o.pooled_rate::text,
                            'interactions', o.interactions, 'denominator', o.denominator)
  from public.engagement_overview(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula) o
$$;
comment on function app.engagement_overview_json(date, date, text, text[], uuid[], text[], text) is 'engagement_overview as a jsonb object (rates as text).';

create function app.engagement_groups_json(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_group text
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object('group_key', g.group_key, 'posts', g.posts, 'rated_posts', g.rated_posts,
                                               'median_rate', g.median_rate::text, 'mean_rate', g.mean_rate::text,
                                               'pooled_rate', g.pooled_rate::text) order by g.ordinality), '[]'::jsonb)
  from public.engagement_by_group(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula,
                                  p_group) with ordinality g
$$;
comment on function app.engagement_groups_json(date, date, text, text[], uuid[], text[], text, text) is 'engagement_by_group as a jsonb array (rates as text).';

create function app.engagement_top_posts_json(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_limit integer, p_lowest boolean
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object('post_id', t.post_id, 'platform', t.platform, 'handle', t.handle,
                                               'post_type', t.post_type, 'posted_at', t.posted_at,
                                               'permalink', t.permalink, 'caption', t.caption,
                                               'interactions', t.interactions, 'denominator', t.denominator,
                                               'rate', t.rate::text) order by t.ordinality), '[]'::jsonb)
  from public.engagement_top_posts(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula,
                                   p_limit, p_lowest) with ordinality t
$$;
comment on function app.engagement_top_posts_json(date, date, text, text[], uuid[], text[], text, integer, boolean) is 'engagement_top_posts as a jsonb array (rates as text).';

-- -- Audience ----------------------------------------------------------------------------------------------

-- p_first_half_end splits the range in two for the engagement-vs-growth check (null: too short to split);
-- p_formula is the formula that check compares.
create function public.audience_page(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_first_half_end date
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select jsonb_build_object(
    'followers', coalesce((
        select jsonb_agg(jsonb_build_object('day', f.day, 'platform', f.platform, 'followers', f.followers,
                                            'net_new', f.net_new, 'accounts', f.accounts) order by f.ordinality)
        from public.followers_daily(p_start - 1, p_end, p_platforms, p_account_ids) with ordinality f), '[]'::jsonb),
    'demographics', coalesce((
        select jsonb_agg(jsonb_build_object('dimension', d.dimension, 'bucket', d.bucket, 'share', d.share::text,
                                            'previous_share', d.previous_share::text, 'as_of', d.as_of,
                                            'previous_as_of', d.previous_as_of, 'accounts', d.accounts)
                         order by d.ordinality)
        from public.audience_demographics(p_platforms, p_account_ids) with ordinality d), '[]'::jsonb),
    'halves', case when p_first_half_end is not null then jsonb_build_array(
        app.engagement_overview_json(p_start, p_first_half_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                     p_formula),
        app.engagement_overview_json(p_first_half_end + 1, p_end, p_time_zone, p_platforms, p_account_ids,
                                     p_post_types, p_formula)) end
  )
$$;

create function public.engagement_page(
  p_start date, p_end date, p_time_zone text, p_platforms text[], p_account_ids uuid[], p_post_types text[],
  p_formula text, p_grain text, p_top integer
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select jsonb_build_object(
    'overview', app.engagement_overview_json(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                             p_formula),
    'by_account', app.engagement_groups_json(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                             p_formula, 'account'),
    'by_post_type', app.engagement_groups_json(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                               p_formula, 'post_type'),
    'trend', coalesce((
        select jsonb_agg(jsonb_build_object('bucket', t.bucket, 'posts', t.posts, 'rated_posts', t.rated_posts,
                                            'median_rate', t.median_rate::text, 'mean_rate', t.mean_rate::text)
                         order by t.ordinality)
        from public.engagement_trend(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types, p_formula,
                                     p_grain) with ordinality t), '[]'::jsonb),
    'heatmap', coalesce((
        select jsonb_agg(jsonb_build_object('weekday', h.weekday, 'hour', h.hour, 'posts', h.posts,
                                            'rated_posts', h.rated_posts, 'median_rate', h.median_rate::text)
                         order by h.ordinality)
        from public.engagement_heatmap(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                       p_formula) with ordinality h), '[]'::jsonb),
    'top', app.engagement_top_posts_json(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                         p_formula, p_top, false),
    'bottom', app.engagement_top_posts_json(p_start, p_end, p_time_zone, p_platforms, p_account_ids, p_post_types,
                                            p_formula, p_top, true)
  )
$$;
comment on function public.engagement_page(date, date, text, text[], uuid[], text[], text, text, integer) is 'Everything the Engagement page draws, in one document: overview, by account and post type, trend, heatmap, top and bottom posts, each from its engagement_* function.';
comment on function public.audience_page(date, date, text, text[], uuid[], text[], text, date) is 'Everything the Audience page draws, in one document: followers_daily from the day before the range, audience_demographics, and engagement_overview for each half of the range.';

-- -- Earnings ----------------------------------------------------------------------------------------------

-- Entries of the chosen period and of the tax-year window (the page filters each by date), how fast brands pay,
-- the tax-year start from the billing details, currency codes and the newest exchange rates.
create function public.earnings_page(p_start date, p_end date, p_tax_start date, p_tax_end date,
                                     p_rates_limit integer)
returns jsonb
language sql stable security invoker set search_path = '' as $$
  select jsonb_build_object(
    'home_currency', (select p.home_currency::text from public.profiles p where p.id = (select auth.uid())),
    'entries', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'entry', e.entry, 'on_date', e.on_date, 'payout_id', e.payout_id, 'brand_name', e.brand_name,
                 'platform', e.platform, 'description', e.description, 'document', e.document, 'currency', e.currency,
                 'amount', e.amount::text, 'home_currency', e.home_currency, 'home_amount', e.home_amount::text,
                 'rate', e.rate::text, 'rate_date', e.rate_date, 'rate_source', e.rate_source) order by e.ordinality)
        from public.earnings_entries(least(p_start, p_tax_start), greatest(p_end, p_tax_end)) with ordinality e
        where e.on_date between p_start and p_end or e.on_date between p_tax_start and p_tax_end), '[]'::jsonb),
    'days_to_pay', coalesce((
        select jsonb_agg(jsonb_build_object('brand_name', d.brand_name, 'paid_payouts', d.paid_payouts,
                                            'average_days_to_pay', d.average_days_to_pay::text,
                                            'average_days_late', d.average_days_late::text,
                                            'slowest_days', d.slowest_days) order by d.ordinality)
        from public.days_to_pay_by_brand() with ordinality d), '[]'::jsonb),
    'fiscal_year_start', (select jsonb_build_object('month', b.fiscal_year_start_month, 'day', b.fiscal_year_start_day)
                          from public.billing_details b where b.creator_id = (select auth.uid())),
    'currencies', coalesce((select jsonb_agg(c.code::text order by c.code) from public.currencies c), '[]'::jsonb),
    'rates', coalesce((
        select jsonb_agg(jsonb_build_object('id', r.id, 'base', r.base::text, 'quote', r.quote::text, 'rate', r.rate::text,
                                            'rate_date', r.rate_date, 'source', r.source, 'note', r.note)
                         order by r.rate_date desc, r.base, r.quote)
        from (select * from public.fx_rates f where f.creator_id = (select auth.uid())
              order by f.rate_date desc, f.base, f.quote limit greatest(coalesce(p_rates_limit, 200), 0)) r), '[]'::jsonb)
  )
$$;
comment on function public.earnings_page(date, date, date, date, integer) is 'Everything the Earnings page draws, in one document: earnings_entries for the period and the tax-year window, days_to_pay_by_brand, the tax-year start, currency codes and the newest exchange rates.';

-- -- scheduled work ----------------------------------------------------------------------------------------

create table public.scheduled_work (
  job text primary key check (job in ('offers.expire', 'deliverables.verify')),
  last_run_at timestamptz not null,
  last_changed integer not null check (last_changed >= 0),
  runs bigint not null default 1 check (runs >= 1)
);
comment on table public.scheduled_work is 'When each kind of scheduled work (offer expiry, deliverable verification) last ran and how many rows it changed then; written only by app.record_scheduled_work.';
alter table public.scheduled_work enable row level security;
create policy "Signed-in people can see when scheduled work last ran" on public.scheduled_work
  for select to authenticated using (true);
revoke all on public.scheduled_work from anon, authenticated;
grant select on public.scheduled_work to authenticated, service_role;

-- Every creator's open offers whose expiry has passed become expired (app.expire_passed_offers).
create function app.expire_due_offers() returns integer
language sql security definer set search_path = '' as $$
  select app.expire_passed_offers(false)
$$;
comment on function app.expire_due_offers() is 'Marks every open offer whose expiry has passed as expired; returns how many. Idempotent.';

-- Every creator's posted deliverables are matched against posts synced or imported since (app.try_verify).
create function app.verify_posted_deliverables() returns integer
language sql security definer set search_path = '' as $$
  select app.verify_posted(false)
$$;
comment on function app.verify_posted_deliverables() is 'Verifies every posted deliverable whose post has been synced or imported; returns how many. Idempotent.';

create function app.record_scheduled_work(p_job text, p_changed integer) returns void
language sql security definer set search_path = '' as $$
  insert into public.scheduled_work (job, last_run_at, last_changed)
  values (p_job, app.now(), coalesce(p_changed, 0))
  on conflict (job) do update set last_run_at = excluded.last_run_at, last_changed = excluded.last_changed,
                                  runs = public.scheduled_work.runs + 1
$$;
comment on function app.record_scheduled_work(text, integer) is 'Records that a kind of scheduled work ran now and how many rows it changed.';

-- -- grants: page documents for signed-in people (their policies decide the rows); scheduled work for the
-- -- privileged connection and service_role only ------------------------------------------------------------

select app.serve_to_signed_in(array[
  'public.brand_home_page()', 'public.audience_page(date, date, text, text[], uuid[], text[], text, date)',
  'public.engagement_page(date, date, text, text[], uuid[], text[], text, text, integer)',
  'public.earnings_page(date, date, date, date, integer)',
  'app.engagement_overview_json(date, date, text, text[], uuid[], text[], text)',
  'app.engagement_groups_json(date, date, text, text[], uuid[], text[], text, text)',
  'app.engagement_top_posts_json(date, date, text, text[], uuid[], text[], text, integer, boolean)'
]::regprocedure[]);
revoke execute on function app.expire_due_offers(), app.verify_posted_deliverables(),
  app.record_scheduled_work(text, integer) from public, anon;
grant execute on function app.expire_due_offers(), app.verify_posted_deliverables(),
  app.record_scheduled_work(text, integer) to service_role;
