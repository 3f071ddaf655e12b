-- Home as an action list: both Home documents gain an `actions` key, what needs the person now, each item with
-- the id of the offer, payout or report it opens. Still one call per Home, security invoker: every list reads
-- only the rows the caller's policies let them see. Days are the creator's (app.creator_today), instants app.now().
--
-- creator: offers waiting for my answer (soonest expiry first), deliverables due within 7 days and not yet
--          posted (late ones included), payments a brand reported sent that I have to confirm, overdue payouts
--          (with when I last sent a reminder), and reports brands opened in the last 7 days.
-- brand partner: counters waiting for the brand, drafts waiting for its approval, what it owes (open payouts with
--          something left to pay, by due date) and reports shared with it in the last 7 days.

-- -- Creator Home --------------------------------------------------------------------------------------------

-- replaces public.creator_home_page from the baseline: Home leads with what needs the creator (the actions key)
create or replace function public.creator_home_page(p_days integer, p_growth_days integer, p_open_statuses text[])
returns jsonb
language sql stable security invoker set search_path = '' as $$
  with s as (select * from public.creator_home_summary(p_days)),
  me as (select (select auth.uid()) as id, app.creator_today((select auth.uid())) as today)
  select jsonb_build_object(
    'summary', (select jsonb_build_object(
        'total_followers', s.total_followers, 'followers_change', s.followers_change,
        'posts_in_period', s.posts_in_period, 'interactions', s.interactions, 'reach', s.reach,
        'engagement_rate_by_reach', s.engagement_rate_by_reach::text,
        'period_start', s.period_start, 'period_end', s.period_end) from s),
    'growth', coalesce((
        select jsonb_agg(jsonb_build_object('day', f.day, 'platform', f.platform, 'followers', f.followers)
                         order by f.ordinality)
        from s cross join lateral public.followers_daily(s.period_end - (p_growth_days - 1), s.period_end, null, null)
             with ordinality f), '[]'::jsonb),
    'overdue', coalesce((
        select jsonb_agg(jsonb_build_object(
                 'currency', o.currency, 'payouts', o.payouts, 'balance', o.balance::text, 'oldest_due', o.oldest_due,
                 'most_days_overdue', o.most_days_overdue, 'home_currency', o.home_currency,
                 'home_amount', o.home_amount::text, 'rate', o.rate::text, 'rate_date', o.rate_date,
                 'rate_source', o.rate_source) order by o.ordinality)
        from public.overdue_summary() with ordinality o), '[]'::jsonb),
    'has_open_payouts', exists (select 1 from public.payout_overview o
                                where o.creator_id = (select auth.uid()) and o.status = any(p_open_statuses)),
    'actions', jsonb_build_object(
      'offers', coalesce((
          select jsonb_agg(jsonb_build_object('id', o.id, 'brand_name', o.brand_name, 'campaign', o.campaign,
                                              'fee', o.fee::text, 'currency', o.currency, 'expires_at', o.expires_at)
                           order by o.expires_at, o.id)
          from public.offers o cross join me
          where o.creator_id = me.id and o.status = 'sent' and o.expires_at > app.now()), '[]'::jsonb),
      'deliverables', coalesce((
          select jsonb_agg(jsonb_build_object('id', d.id, 'offer_id', d.offer_id, 'brand_name', o.brand_name,
                                              'campaign', o.campaign, 'platform', d.platform, 'format', d.format,
                                              'due_date', d.due_date, 'status', d.status)
                           order by d.due_date, o.campaign, d.item_position, d.seq)
          from public.deliverables d join public.offers o on o.id = d.offer_id cross join me
          where d.creator_id = me.id and o.status in ('accepted', 'in_progress', 'delivered')
            and d.status in ('pending', 'draft_submitted', 'approved') and d.due_date <= me.today + 7), '[]'::jsonb),
      'payments', coalesce((
          select jsonb_agg(jsonb_build_object('id', x.id, 'payout_id', x.payout_id, 'brand_name', p.brand_name,
                                              'description', p.description, 'amount', x.amount::text,
                                              'currency', x.currency, 'sent_on', x.sent_on)
                           order by x.sent_on, x.created_at)
          from public.payments x join public.payouts p on p.id = x.payout_id cross join me
          where p.creator_id = me.id and x.status = 'sent'), '[]'::jsonb),
      'overdue', coalesce((
          select jsonb_agg(jsonb_build_object('id', o.id, 'brand_name', o.brand_name, 'description', o.description,
                                              'balance', o.balance::text, 'currency', o.currency,
                                              'due_date', o.due_date, 'days_overdue', o.days_overdue,
                                              'last_reminder_at', (select max(r.sent_at) from public.payout_reminders r
                                                                   where r.payout_id = o.id))
                           order by o.due_date, o.created_at)
          from public.payout_overview o cross join me
          where o.creator_id = me.id and o.status = 'overdue'), '[]'::jsonb),
      'report_views', coalesce((
          select jsonb_agg(jsonb_build_object('id', v.report_id, 'title', v.title, 'views', v.views,
                                              'last_viewed_at', v.last_viewed_at, 'brands', v.brands)
                           order by v.last_viewed_at desc)
          from (select r.id as report_id, r.title, count(*) as views, max(rv.viewed_at) as last_viewed_at,
                       to_jsonb(array_agg(distinct b.name order by b.name) filter (where b.name is not null)) as brands
                from public.report_views rv
                join public.report_shares sh on sh.id = rv.share_id
                join public.reports r on r.id = rv.report_id
                left join public.brands b on b.id = sh.brand_id
                cross join me
                where rv.creator_id = me.id and sh.kind = 'brand' and rv.viewer_id is distinct from me.id
                  and rv.viewed_at > app.now() - interval '7 days'
                group by r.id, r.title) v), '[]'::jsonb))
  )
$$;
comment on function public.creator_home_page(integer, integer, text[]) is 'Everything creator Home draws, in one document: what needs the creator (offers to answer, deliverables due within 7 days, payments to confirm, overdue payouts, reports brands opened in the last 7 days), creator_home_summary, followers_daily per platform for the growth chart ending on the last day with data, overdue_summary, and whether any payout is open.';

-- -- Brand-partner Home ------------------------------------------------------------------------------------

-- replaces public.brand_home_page from the baseline: Home leads with what needs the brand partner (the actions key)
create or replace function public.brand_home_page()
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
