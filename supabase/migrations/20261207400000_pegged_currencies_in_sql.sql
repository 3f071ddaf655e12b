-- Pegged currencies in the database's conversions too. The dirham (AED 3.6725) and the riyal (SAR 3.75), and the
-- other currencies fixed to the US dollar by their central bank, are not quoted by the ECB. Python already converted
-- through the peg (services/payouts/fx.py, from tax_rules.json "pegs"); the SQL that converts money (the overdue
-- figure, earnings entries, a report's revenue) did not, so a Dubai creator's euro payout had no home-currency
-- figure. The pegs are reference data here (the same figures and sources as tax_rules.json; a test keeps the two
-- equal) and app.fx_quote falls back to them when the caller has no rate of their own for the pair.

create table public.currency_pegs (
  currency char(3) primary key references public.currencies (code),
  anchor char(3) not null references public.currencies (code),
  rate numeric not null check (rate > 0),
  since date not null,
  source text not null check (length(source) between 1 and 300),
  check (currency <> anchor)
);
comment on table public.currency_pegs is 'Currencies fixed to another by their central bank: 1 anchor = rate currency since a date, with the source.';
alter table public.currency_pegs enable row level security;
create policy "Anyone can view currency pegs" on public.currency_pegs for select to anon, authenticated using (true);
grant select on public.currency_pegs to anon, authenticated;

insert into public.currency_pegs (currency, anchor, rate, since, source) values
  ('AED', 'USD', 3.6725, '1997-11-01', 'Central Bank of the UAE: dirham pegged at AED 3.6725 per USD since November 1997'),
  ('SAR', 'USD', 3.75, '1986-06-01', 'Saudi Central Bank (SAMA): riyal pegged at SAR 3.75 per USD since June 1986'),
  ('BHD', 'USD', 0.376, '2001-12-01', 'Central Bank of Bahrain: dinar pegged at BHD 0.376 per USD'),
  ('OMR', 'USD', 0.3845, '1986-01-01', 'Central Bank of Oman: rial pegged at OMR 0.3845 per USD'),
  ('QAR', 'USD', 3.64, '2001-07-01', 'Qatar Central Bank: riyal pegged at QAR 3.64 per USD'),
  ('JOD', 'USD', 0.709, '1995-10-23', 'Central Bank of Jordan: dinar pegged at JOD 0.709 per USD');

-- The best quote from the caller's own rates only (the baseline's app.fx_quote, unchanged): the latest date on or
-- before p_on, a hand-entered rate before an ECB one, then direct, inverse, cross through EUR.
create function app.fx_quote_own(p_from text, p_to text, p_on date)
returns table (num numeric, den numeric, rate_date date, source text, via text)
language sql stable set search_path = '' as $$
  select * from (
    select 1::numeric, 1::numeric, p_on, 'same currency'::text, 'same'::text where p_from = p_to
    union all
    (select r.rate, 1::numeric, r.rate_date, r.source, 'direct' from public.fx_rates r
      where r.creator_id = (select auth.uid()) and r.base = p_from and r.quote = p_to and r.rate_date <= p_on
      order by r.rate_date desc, (r.source = 'manual') desc limit 1)
    union all
    (select 1::numeric, r.rate, r.rate_date, r.source, 'inverse' from public.fx_rates r
      where r.creator_id = (select auth.uid()) and r.base = p_to and r.quote = p_from and r.rate_date <= p_on
      order by r.rate_date desc, (r.source = 'manual') desc limit 1)
    union all
    (select t.rate, f.rate, f.rate_date, f.source, 'EUR' from public.fx_rates f
      join public.fx_rates t on t.creator_id = f.creator_id and t.rate_date = f.rate_date and t.source = f.source
                            and t.base = 'EUR' and t.quote = p_to
      where f.creator_id = (select auth.uid()) and f.base = 'EUR' and f.quote = p_from and f.rate_date <= p_on
        and p_from <> 'EUR' and p_to <> 'EUR'
      order by f.rate_date desc, (f.source = 'manual') desc limit 1)
  ) q (num, den, rate_date, source, via)
  order by (q.via = 'same') desc, q.rate_date desc, (q.source = 'manual') desc,
           array_position(array['direct', 'inverse', 'EUR'], q.via)
  limit 1
$$;

-- When the caller has no rate of their own for the pair, a pegged currency converts through its anchor (1 USD =
-- 3.6725 AED): the peg for the pegged side(s) and the caller's own rate (hand-entered or ECB) for the anchor leg, as
-- services/payouts/fx.py does; source "peg" or "peg + <the leg's source>", dated as the leg (or, peg to peg, the
-- later peg), via "USD peg". converted = amount × num ÷ den.
-- replaces app.fx_quote from the baseline: pegged currencies (AED, SAR, ...) convert through the US dollar
create or replace function app.fx_quote(p_from text, p_to text, p_on date)
returns table (num numeric, den numeric, rate_date date, source text, via text)
language sql stable set search_path = '' as $$
  with own as (select * from app.fx_quote_own(p_from, p_to, p_on)),
  ends as (
    select coalesce(s.anchor, p_from)::text as src, coalesce(d.anchor, p_to)::text as dst,
           coalesce(s.rate, 1) as src_rate, coalesce(d.rate, 1) as dst_rate,
           greatest(s.since, d.since) as since, coalesce(s.anchor, d.anchor)::text as anchor
    from (select 1) one
    left join public.currency_pegs s on s.currency = p_from and s.since <= p_on
    left join public.currency_pegs d on d.currency = p_to and d.since <= p_on
    where (s.currency is not null or d.currency is not null)
      and p_from <> p_to and not exists (select 1 from own)
  ),
  pegged as (
    -- peg to peg, or a pegged currency and its own anchor: the pegs alone
    select e.dst_rate as num, e.src_rate as den, e.since as rate_date, 'peg'::text as source,
           e.anchor || ' peg' as via
    from ends e where e.src = e.dst
    union all
    -- otherwise the anchor leg from the caller's own rates
    select e.dst_rate * l.num, e.src_rate * l.den, l.rate_date, 'peg + ' || l.source, e.anchor || ' peg'
    from ends e cross join lateral app.fx_quote_own(e.src, e.dst, p_on) l
    where e.src <> e.dst
  )
  select * from own
  union all
  (select * from pegged limit 1)
$$;

revoke execute on function app.fx_quote_own(text, text, date) from public;
grant execute on function app.fx_quote_own(text, text, date) to authenticated, service_role;
