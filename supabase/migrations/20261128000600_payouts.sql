-- Payouts: what each brand owes a creator, when, and what arrived. Payments received or reported sent,
-- invoices and credit notes (numbered per creator without gaps, immutable once issued, their PDFs stored),
-- exchange rates (by hand or from the ECB reference-rate file), and the reporting behind Home's overdue
-- figure and the Earnings page.
--
-- Nobody writes these tables directly: every change is a function below that locks the payout row, checks
-- who is asking and what state the payout is in, and raises a clear message otherwise. The policies decide
-- who may read what (the creator, and the members of the paying brand); fx_rates may also be deleted by
-- their owner.
--
--   scheduled → invoiced → partially_paid → paid;  scheduled | invoiced | partially_paid → written_off
--   (a payment can arrive before an invoice: scheduled → partially_paid | paid)
--   a full credit note takes an invoiced payout back to scheduled (or partially paid), to be invoiced again
--   "overdue" is not stored: payout_overview computes it from the due date in the creator's calendar
--
-- Money: numeric with the currency's minor units (JPY 0, USD 2, KWD 3), checked by triggers; amounts are
-- positive; a payment never takes the total paid (or reported sent) past what is due plus late fees.
-- Rounding is half away from zero (SQL round), once, where an amount is derived from a percentage or a rate.

-- Tables ----------------------------------------------------------------------------------------------

create table public.billing_details (
  creator_id uuid primary key references public.profiles (id) on delete cascade,
  legal_name text check (legal_name is null or length(btrim(legal_name)) between 1 and 120),
  address text check (address is null or length(address) <= 500),
  tax_id text check (tax_id is null or length(tax_id) <= 60),
  email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
  payment_instructions text check (payment_instructions is null or length(payment_instructions) <= 1000),
  default_tax_percent numeric(5, 2) not null default 0 check (default_tax_percent between 0 and 100),
  default_late_fee_percent numeric(4, 2) not null default 0 check (default_late_fee_percent between 0 and 10),
  fiscal_year_start_month smallint not null default 1 check (fiscal_year_start_month between 1 and 12),
  fiscal_year_start_day smallint not null default 1 check (fiscal_year_start_day between 1 and 28),
  updated_at timestamptz not null default app.now()
);
comment on table public.billing_details is 'A creator''s details for invoices: legal name, address, tax id, payment instructions, defaults and tax year start.';
alter table public.billing_details enable row level security;

create table public.fx_rates (
  id bigint generated always as identity primary key,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  base char(3) not null references public.currencies (code),
  quote char(3) not null references public.currencies (code),
  rate numeric not null check (rate > 0 and rate < 1000000000),
  rate_date date not null,
  source text not null check (source in ('manual', 'ecb')),
  note text check (note is null or length(note) <= 200),
  created_at timestamptz not null default app.now(),
  check (base <> quote),
  unique (creator_id, base, quote, rate_date, source)
);
comment on table public.fx_rates is 'Exchange rates a creator uses: 1 base = rate quote on rate_date, entered by hand or imported from the ECB reference rates.';
alter table public.fx_rates enable row level security;
create index fx_rates_base_idx on public.fx_rates (base);
create index fx_rates_quote_idx on public.fx_rates (quote);

create table public.payouts (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  brand_name text not null check (length(btrim(brand_name)) between 1 and 120),
  offer_id uuid references public.offers (id) on delete set null,
  kind text not null check (kind in ('deposit', 'balance', 'manual')),
  description text not null check (length(btrim(description)) between 1 and 200),
  platform text,
  platform_key text generated always as (nullif(platform, 'several')) stored references public.platforms (key),
  currency char(3) not null references public.currencies (code),
  amount numeric not null check (amount > 0 and amount < 1000000000000),
  tax_percent numeric(5, 2) not null default 0 check (tax_percent between 0 and 100),
  tax_amount numeric not null default 0 check (tax_amount >= 0),
  fee_percent numeric(5, 2) not null default 0 check (fee_percent between 0 and 100),
  fee_amount numeric not null default 0 check (fee_amount >= 0),
  withholding_percent numeric(5, 2) not null default 0 check (withholding_percent between 0 and 100),
  withholding_amount numeric not null default 0 check (withholding_amount >= 0),
  amount_due numeric not null check (amount_due > 0),
  late_fee_percent numeric(4, 2) not null default 0 check (late_fee_percent between 0 and 10),
  billed_on date not null,
  due_date date not null,
  status text not null default 'scheduled'
    check (status in ('scheduled', 'invoiced', 'partially_paid', 'paid', 'written_off')),
  invoice_id uuid,
  status_note text check (status_note is null or length(status_note) <= 1000),
  status_changed_at timestamptz not null default app.now(),
  dispute_note text check (dispute_note is null or length(dispute_note) <= 1000),
  disputed_by uuid references public.profiles (id) on delete set null,
  disputed_at timestamptz,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default app.now(),
  updated_at timestamptz not null default app.now(),
  check (amount_due = amount + tax_amount - fee_amount - withholding_amount),
  check (due_date >= billed_on),
  check (status <> 'invoiced' or invoice_id is not null),
  check ((disputed_at is null) = (dispute_note is null)),
  unique (offer_id, kind),
  unique (id, currency)
);
comment on table public.payouts is 'Money a brand owes a creator: from an accepted offer (deposit, balance) or logged by hand; amounts, fees withheld, due date and status.';
comment on column public.payouts.platform is 'The platform the paid content is on, ''several'' when the deal spans more than one, or null when not said.';
comment on column public.payouts.platform_key is 'platform when it names one platform, so that it is checked against public.platforms.';
alter table public.payouts enable row level security;
create index payouts_creator_id_idx on public.payouts (creator_id, due_date);
create index payouts_brand_id_idx on public.payouts (brand_id, due_date);
create index payouts_currency_idx on public.payouts (currency);
create index payouts_invoice_id_idx on public.payouts (invoice_id);

create table public.payments (
  id uuid primary key default gen_random_uuid(),
  payout_id uuid not null,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  currency char(3) not null references public.currencies (code),
  amount numeric not null check (amount > 0),
  method text not null check (method in ('bank_transfer', 'paypal', 'wise', 'stripe', 'card', 'cash', 'cheque',
                                         'platform', 'other')),
  reference text not null check (length(btrim(reference)) between 1 and 120),
  reference_key text generated always as (upper(regexp_replace(btrim(reference), '\s+', ' ', 'g'))) stored,
  status text not null check (status in ('sent', 'received', 'rejected')),
  sent_on date,
  received_on date,
  note text check (note is null or length(note) <= 1000),
  reported_by uuid references public.profiles (id) on delete set null,
  confirmed_by uuid references public.profiles (id) on delete set null,
  confirmed_at timestamptz,
  created_at timestamptz not null default app.now(),
  foreign key (payout_id, currency) references public.payouts (id, currency) on delete cascade,
  constraint payments_reference_recorded_once unique (creator_id, reference_key),
  check (status <> 'received' or received_on is not null),
  check (status <> 'sent' or sent_on is not null)
);
comment on table public.payments is 'Money paid towards a payout: reported sent by the brand, confirmed (or recorded) as received by the creator, or rejected as not received.';
alter table public.payments enable row level security;
create index payments_payout_id_idx on public.payments (payout_id);
create index payments_brand_id_idx on public.payments (brand_id);
create index payments_currency_idx on public.payments (currency);

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id),
  brand_id uuid references public.brands (id),
  payout_id uuid not null references public.payouts (id),
  kind text not null check (kind in ('invoice', 'credit_note')),
  number integer not null check (number >= 1),
  display_number text not null,
  corrects_invoice_id uuid unique references public.invoices (id),
  issue_date date not null,
  due_date date not null,
  currency char(3) not null references public.currencies (code),
  minor_units smallint not null check (minor_units between 0 and 4),
  seller jsonb not null,
  buyer jsonb not null,
  lines jsonb not null check (jsonb_typeof(lines) = 'array' and jsonb_array_length(lines) between 1 and 200),
  subtotal numeric not null check (subtotal > 0),
  tax_percent numeric(5, 2) not null,
  tax_amount numeric not null check (tax_amount >= 0),
  fee_percent numeric(5, 2) not null,
  fee_amount numeric not null check (fee_amount >= 0),
  withholding_percent numeric(5, 2) not null,
  withholding_amount numeric not null check (withholding_amount >= 0),
  total numeric not null check (total = subtotal + tax_amount),
  amount_due numeric not null check (amount_due = total - fee_amount - withholding_amount and amount_due > 0),
  late_fee_percent numeric(4, 2) not null,
  payment_instructions text not null,
  notes text check (notes is null or length(notes) <= 1000),
  reason text check (reason is null or length(reason) <= 1000),
  issued_by uuid,
  issued_at timestamptz not null default app.now(),
  unique (creator_id, kind, number),
  check ((kind = 'credit_note') = (corrects_invoice_id is not null)),
  check (kind = 'invoice' or reason is not null),
  -- the tax determination and date of supply of an invoice from a creator with a tax profile (see the tax
  -- profiles migration; null otherwise)
  tax jsonb,
  supply_date date,
  constraint invoices_tax_determination_is_complete check (
    tax is null or (jsonb_typeof(tax) = 'object' and tax ?& array['scenario', 'seller_country', 'buyer_country',
                                                                   'rate', 'charged', 'wording', 'source']))
);
comment on table public.invoices is 'Issued invoices and credit notes: numbered per creator without gaps, a snapshot of both parties, lines and totals; never changed once issued.';
alter table public.invoices enable row level security;
create index invoices_brand_id_idx on public.invoices (brand_id);
create index invoices_payout_id_idx on public.invoices (payout_id);
create index invoices_currency_idx on public.invoices (currency);
alter table public.payouts add constraint payouts_invoice_id_fkey foreign key (invoice_id) references public.invoices (id);

create table public.invoice_documents (
  invoice_id uuid primary key references public.invoices (id),
  creator_id uuid not null references public.profiles (id),
  brand_id uuid references public.brands (id),
  file_name text not null check (file_name ~ '^[A-Za-z0-9._-]{1,80}\.pdf$'),
  content bytea not null check (length(content) between 100 and 5000000
                                and substring(content from 1 for 5) = '\x255044462d'::bytea),
  sha256 text generated always as (encode(sha256(content), 'hex')) stored,
  created_at timestamptz not null default app.now()
);
comment on table public.invoice_documents is 'The PDF of each issued invoice or credit note, stored once so the same document can be downloaded again.';
alter table public.invoice_documents enable row level security;
create index invoice_documents_creator_id_idx on public.invoice_documents (creator_id);
create index invoice_documents_brand_id_idx on public.invoice_documents (brand_id);

create table public.payout_events (
  id bigint generated always as identity primary key,
  payout_id uuid not null references public.payouts (id) on delete cascade,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  payment_id uuid references public.payments (id) on delete set null,
  invoice_id uuid references public.invoices (id),
  occurred_at timestamptz not null default app.now(),
  actor_id uuid references public.profiles (id) on delete set null,
  action text not null check (length(action) between 1 and 60),
  from_status text,
  to_status text,
  note text,
  detail jsonb not null default '{}'::jsonb
);
comment on table public.payout_events is 'The history of a payout: who did what and when, the status before and after, payments, invoices, disputes.';
alter table public.payout_events enable row level security;
create index payout_events_payout_id_idx on public.payout_events (payout_id, id);
create index payout_events_creator_id_idx on public.payout_events (creator_id);
create index payout_events_brand_id_idx on public.payout_events (brand_id);
create index payout_events_payment_id_idx on public.payout_events (payment_id);
create index payout_events_invoice_id_idx on public.payout_events (invoice_id);
create index payout_events_actor_id_idx on public.payout_events (actor_id);

-- The next invoice (or credit note) number per creator. Private: only the issuing functions touch it, and the
-- row stays locked until the issuing transaction ends, so numbers are handed out one at a time and a rolled
-- back issue gives its number back.
create table app.invoice_counters (
  creator_id uuid not null references public.profiles (id) on delete cascade,
  kind text not null check (kind in ('invoice', 'credit_note')),
  last_number integer not null check (last_number >= 1),
  primary key (creator_id, kind)
);
comment on table app.invoice_counters is 'Last invoice and credit-note number per creator; locked while a number is allocated.';

-- Policies: read only; every write goes through the functions below --------------------------------------

create policy "Creators can view their own billing details" on public.billing_details
  for select to authenticated using (creator_id = (select auth.uid()));

create policy "Creators can view their own exchange rates" on public.fx_rates
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can delete their own exchange rates" on public.fx_rates
  for delete to authenticated using (creator_id = (select auth.uid()));

create policy "Creators and the paying brand can view payouts" on public.payouts
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

create policy "Creators and the paying brand can view payments" on public.payments
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

create policy "Creators and the invoiced brand can view invoices" on public.invoices
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

create policy "Creators and the invoiced brand can view invoice documents" on public.invoice_documents
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

create policy "Creators and the paying brand can view payout history" on public.payout_events
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

-- Helpers ---------------------------------------------------------------------------------------------

-- Today in the creator's own calendar: due dates and "overdue" are the creditor's dates.
create function app.creator_today(p_creator uuid) returns date
language sql stable security definer set search_path = '' as $$
  select app.today(coalesce((select p.time_zone from public.profiles p where p.id = p_creator), 'UTC'))
$$;

create function app.minor_units(p_currency text) returns smallint
language sql stable set search_path = '' as $$
  select c.minor_units from public.currencies c where c.code = upper(btrim(p_currency))
$$;

-- 450.00 GBP, 1200 JPY, 2.500 KWD: an amount at its currency's minor units, for messages.
create function app.money_text(p_amount numeric, p_currency text) returns text
language sql stable set search_path = '' as $$
  select round(p_amount, coalesce(app.minor_units(p_currency), 2))::text || ' ' || p_currency
$$;

-- Refuses an amount with more decimal places than its currency has.
create function app.check_scale(p_amount numeric, p_currency text, p_label text) returns void
language plpgsql stable set search_path = '' as $$
declare
  places smallint := app.minor_units(p_currency);
begin
  if places is null then
    raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_currency using errcode = '22023';
  end if;
  if p_amount is not null and p_amount <> round(p_amount, places) then
    if places = 0 then
      raise exception '% in % has no decimal places (got %)', p_label, p_currency, p_amount using errcode = '22023';
    end if;
    raise exception '% in % has at most % decimal places (got %)', p_label, p_currency, places, p_amount
      using errcode = '22023';
  end if;
end
$$;

-- A positive amount typed by a person, checked against its currency.
create function app.money_arg(p_text text, p_currency text, p_label text) returns numeric
language plpgsql stable set search_path = '' as $$
declare
  v numeric;
begin
  if coalesce(btrim(p_text), '') = '' then
    raise exception 'enter %', lower(p_label) using errcode = '22023';
  end if;
  v := app.to_number(btrim(p_text), p_label, p_text);
  if v = 'NaN'::numeric or v <= 0 then
    raise exception '% must be more than zero (got %)', p_label, p_text using errcode = '22023';
  end if;
  if v >= 1000000000000 then
    raise exception '% % is too large', p_label, p_text using errcode = '22023';
  end if;
  perform app.check_scale(v, p_currency, p_label);
  return v;
end
$$;

create function app.percent_arg(p_terms jsonb, p_key text, p_label text, p_max numeric, p_default numeric default 0)
returns numeric
language plpgsql immutable set search_path = '' as $$
declare
  v numeric;
begin
  if not (p_terms ? p_key) or coalesce(p_terms ->> p_key, '') = '' then
    return p_default;
  end if;
  v := app.to_number(p_terms ->> p_key, p_label, p_terms ->> p_key);
  if not (v between 0 and p_max) or v <> round(v, 2) then
    raise exception '% must be 0 to % %% with at most 2 decimals (got %)', p_label, p_max, p_terms ->> p_key
      using errcode = '22023';
  end if;
  return v;
end
$$;

create function app.date_arg(p_value text, p_label text) returns date
language plpgsql immutable set search_path = '' as $$
declare
  v date;
begin
  if coalesce(btrim(p_value), '') = '' then
    raise exception 'choose %', lower(p_label) using errcode = '22023';
  end if;
  begin
    v := btrim(p_value)::date;
  exception when others then
    raise exception '% "%" is not a date', p_label, p_value using errcode = '22023';
  end;
  return v;
end
$$;

-- Whole months from the due date to p_as_of (0 until the first month has passed).
create function app.months_late(p_due date, p_as_of date) returns integer
language sql immutable set search_path = '' as $$
  select case when p_as_of <= p_due then 0
    else (extract(year from age(p_as_of, p_due)) * 12 + extract(month from age(p_as_of, p_due)))::integer end
$$;

-- The late fee the contract allows as of p_as_of: for each whole month after the due date, the contract's
-- percentage of what was still unpaid of the amount due at that month's end (payments received by then
-- count), each month rounded to the currency. Security invoker: reads what the caller may read.
create function app.late_fee(p_payout uuid, p_as_of date) returns numeric
language sql stable set search_path = '' as $$
  select coalesce(sum(round(greatest(p.amount_due - coalesce((
           select sum(m.amount) from public.payments m
           where m.payout_id = p.id and m.status = 'received'
             and m.received_on <= (p.due_date + make_interval(months => k))::date), 0), 0)
         * p.late_fee_percent / 100, c.minor_units)), 0)
  from public.payouts p
  join public.currencies c on c.code = p.currency
  cross join lateral generate_series(1, app.months_late(p.due_date, p_as_of)) as k
  where p.id = p_payout and p.late_fee_percent > 0
$$;

-- Which side of the payout the caller is on: creator, brand or null.
create function app.side(p public.payouts) returns text
language sql stable security definer set search_path = '' as $$
  select case
    when p.creator_id = (select auth.uid()) then 'creator'
    when p.brand_id is not null and app.is_brand_member(p.brand_id) then 'brand'
  end
$$;

-- Appends to the payout's history and to the audit log (app.append_event).
create function app.payout_event(p_payout uuid, p_action text, p_from text, p_to text, p_note text default null,
                                 p_detail jsonb default '{}'::jsonb, p_payment uuid default null,
                                 p_invoice uuid default null)
returns void language sql security definer set search_path = '' as $$
  select app.append_event('public.payouts', p.id, p_action, p_from, p_to, p_note,
                          jsonb_build_object('creator_id', p.creator_id, 'brand_id', p.brand_id,
                                             'payment_id', p_payment, 'invoice_id', p_invoice,
                                             'detail', coalesce(p_detail, '{}'::jsonb)),
                          case when p_payment is not null then 'payments'
                               when p_invoice is not null then 'invoices' else 'payouts' end,
                          coalesce(p_payment, p_invoice, p_payout)::text, p_detail)
  from public.payouts p where p.id = p_payout
$$;

-- Sets the stored status from the money: paid when nothing is left (late fees included), partially paid when
-- something arrived, otherwise invoiced or scheduled. A written-off payout stays written off.
create function app.settle_payout(p_payout uuid) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts;
  received numeric;
  owed numeric;
  next_status text;
  previous text;
begin
  select * into p from public.payouts where id = p_payout;
  if p.status = 'written_off' then
    return p;
  end if;
  select coalesce(sum(m.amount), 0) into received from public.payments m
   where m.payout_id = p.id and m.status = 'received';
  owed := p.amount_due + app.late_fee(p.id, app.creator_today(p.creator_id)) - received;
  next_status := case when owed <= 0 then 'paid'
                      when received > 0 then 'partially_paid'
                      when p.invoice_id is not null then 'invoiced'
                      else 'scheduled' end;
  if next_status <> p.status then
    previous := p.status;
    update public.payouts set status = next_status, status_changed_at = app.now(), updated_at = app.now()
     where id = p.id returning * into p;
    perform app.payout_event(p.id, next_status, previous, next_status);
  end if;
  return p;
end
$$;

-- Validated payout terms (for logging or editing a payout by hand), amounts derived and rounded.
create function app.validated_payout_terms(p_terms jsonb, p_creator uuid, p_require_brand boolean)
returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  allowed_keys constant text[] := array['brand_name', 'brand_id', 'description', 'platform', 'currency', 'amount',
    'billed_on', 'due_date', 'tax_percent', 'fee_percent', 'withholding_percent', 'late_fee_percent'];
  today date := app.creator_today(p_creator);
  v_brand_id uuid;
  v_brand_name text;
  v_description text;
  v_platform text;
  v_currency text;
  v_minor smallint;
  v_amount numeric;
  v_billed date;
  v_due date;
  v_tax numeric;
  v_fee numeric;
  v_withholding numeric;
  v_late numeric;
  tax_amount numeric;
  fee_amount numeric;
  withholding_amount numeric;
begin
  perform app.require_object_keys(p_terms, allowed_keys, 'the payout''s details are missing',
                                  'unknown payout detail "%s"');
  if p_require_brand then
    if coalesce(p_terms ->> 'brand_id', '') <> '' then
      begin
        v_brand_id := (p_terms ->> 'brand_id')::uuid;
      exception when others then
        raise exception 'unknown brand "%"', p_terms ->> 'brand_id' using errcode = '22023';
      end;
      select b.name into v_brand_name from public.brands b
       join public.creator_partners cp on cp.brand_id = b.id and cp.creator_id = p_creator
       where b.id = v_brand_id limit 1;
      if v_brand_name is null then
        raise exception 'you can link a payout only to a brand whose partner you invited' using errcode = '22023';
      end if;
    else
      v_brand_name := btrim(coalesce(p_terms ->> 'brand_name', ''));
      if length(v_brand_name) not between 1 and 120 then
        raise exception 'name the brand that pays (1 to 120 characters)' using errcode = '22023';
      end if;
    end if;
  end if;
  v_description := btrim(coalesce(p_terms ->> 'description', ''));
  if length(v_description) not between 1 and 200 then
    raise exception 'say what the payout is for (1 to 200 characters)' using errcode = '22023';
  end if;
  v_platform := nullif(lower(btrim(coalesce(p_terms ->> 'platform', ''))), '');
  if v_platform is not null and v_platform <> 'several'
     and not exists (select 1 from public.platforms pl where pl.key = v_platform) then
    raise exception 'unknown platform "%" (use %, or several)', p_terms ->> 'platform',
      app.platform_keys_text(array(select pl.key from public.platforms pl)) using errcode = '22023';
  end if;
  v_currency := upper(btrim(coalesce(p_terms ->> 'currency', '')));
  v_minor := app.minor_units(v_currency);
  if v_minor is null then
    raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_terms ->> 'currency'
      using errcode = '22023';
  end if;
  v_amount := app.money_arg(p_terms ->> 'amount', v_currency, 'The amount');
  v_billed := case when coalesce(p_terms ->> 'billed_on', '') = '' then today
                   else app.date_arg(p_terms ->> 'billed_on', 'The billing date') end;
  v_due := app.date_arg(p_terms ->> 'due_date', 'The due date');
  if v_billed > today then
    raise exception 'the billing date % is after today (%)', v_billed, today using errcode = '22023';
  end if;
  if v_due < v_billed then
    raise exception 'the due date % is before the billing date %', v_due, v_billed using errcode = '22023';
  end if;
  if v_billed < today - 1100 or v_due > today + 730 then
    raise exception 'dates must lie within three years back and two years ahead' using errcode = '22023';
  end if;
  v_tax := app.percent_arg(p_terms, 'tax_percent', 'The tax', 100);
  v_fee := app.percent_arg(p_terms, 'fee_percent', 'The platform or agency fee', 100);
  v_withholding := app.percent_arg(p_terms, 'withholding_percent', 'The withholding tax', 100);
  v_late := app.percent_arg(p_terms, 'late_fee_percent', 'The late fee', 10);
  tax_amount := round(v_amount * v_tax / 100, v_minor);
  fee_amount := round(v_amount * v_fee / 100, v_minor);
  withholding_amount := round(v_amount * v_withholding / 100, v_minor);
  if v_amount + tax_amount - fee_amount - withholding_amount <= 0 then
    raise exception 'after fees and withholding tax nothing would be left to pay' using errcode = '22023';
  end if;
  return jsonb_build_object(
    'brand_id', v_brand_id, 'brand_name', v_brand_name, 'description', v_description, 'platform', v_platform,
    'currency', v_currency, 'amount', v_amount::text, 'billed_on', v_billed, 'due_date', v_due,
    'tax_percent', v_tax::text, 'tax_amount', tax_amount::text, 'fee_percent', v_fee::text,
    'fee_amount', fee_amount::text, 'withholding_percent', v_withholding::text,
    'withholding_amount', withholding_amount::text,
    'amount_due', (v_amount + tax_amount - fee_amount - withholding_amount)::text, 'late_fee_percent', v_late::text);
end
$$;

-- The deposit and balance of an accepted offer, from its payment terms: the deposit (deposit % of the fee)
-- is billed on acceptance and due net days later; the balance is billed when the last deliverable is due
-- and due net days after that, but the deposit never falls due after the first deliverable. Idempotent (one
-- payout per offer and kind); a gifted offer has none.
create function app.schedule_payouts(p_offer uuid) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers;
  minor smallint;
  deposit numeric;
  balance numeric;
  today date;
  last_due date;
  first_due date;
  v_platform text;
  late numeric;
  tax numeric;
  n integer := 0;
  created public.payouts;
begin
  select * into o from public.offers where id = p_offer;
  if not found or o.fee <= 0 or o.status not in ('accepted', 'in_progress', 'delivered', 'completed') then
    return 0;
  end if;
  minor := app.minor_units(o.currency);
  deposit := round(o.fee * o.deposit_percent / 100, minor);
  balance := o.fee - deposit;
  today := app.creator_today(o.creator_id);
  select min(i.due_date), max(i.due_date), case when count(distinct i.platform) = 1 then min(i.platform) else 'several' end
    into first_due, last_due, v_platform from public.offer_items i where i.offer_id = o.id;
  select coalesce(b.default_late_fee_percent, 0), coalesce(b.default_tax_percent, 0) into late, tax
    from public.billing_details b where b.creator_id = o.creator_id;
  late := coalesce(late, 0);
  tax := coalesce(tax, 0);
  for created in
    insert into public.payouts (creator_id, brand_id, brand_name, offer_id, kind, description, platform, currency,
                                amount, tax_percent, tax_amount, amount_due, late_fee_percent, billed_on, due_date,
                                created_by)
    select o.creator_id, case when o.origin = 'brand' then o.brand_id end, o.brand_name, o.id, x.kind, x.description,
           v_platform, o.currency, x.amount, tax, round(x.amount * tax / 100, minor),
           x.amount + round(x.amount * tax / 100, minor), late, x.billed, x.due, auth.uid()
    from (values
      ('deposit', format('Deposit (%s%%) · %s', trim_scale(o.deposit_percent), o.campaign), deposit, today,
       greatest(today, least(today + o.payment_net_days, coalesce(first_due, today + o.payment_net_days)))),
      ('balance', case when deposit > 0 then 'Balance · ' else 'Fee · ' end || o.campaign, balance,
       greatest(today, coalesce(last_due, today)), greatest(today, coalesce(last_due, today)) + o.payment_net_days)
    ) as x(kind, description, amount, billed, due)
    where x.amount > 0
    on conflict (offer_id, kind) do nothing
    returning *
  loop
    perform app.payout_event(created.id, 'scheduled', null, 'scheduled', null,
                             jsonb_build_object('offer_id', o.id, 'kind', created.kind));
    n := n + 1;
  end loop;
  return n;
end
$$;

-- Pegged currencies: the dirham (AED 3.6725), the riyal (SAR 3.75) and the other currencies fixed to the US
-- dollar by their central bank are not quoted by the ECB. They are reference data here (the same figures and
-- sources as tax_rules.json "pegs", which services/payouts/fx.py reads; a test keeps the two equal), and
-- app.fx_quote falls back to them when the caller has no rate of their own for the pair, so the SQL that converts
-- money (the overdue figure, earnings entries, a report's revenue) converts through the peg as Python does.

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

-- Exchange rates: the best quote from the caller's own rates only: the latest date on or before p_on, a
-- hand-entered rate before an ECB one, then direct, inverse, cross through EUR (the ECB publishes EUR → X).
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
create function app.fx_quote(p_from text, p_to text, p_on date)
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

-- p_amount in p_from, converted into p_to at the best quote on p_on, rounded once to p_to's minor units.
-- No row when there is no rate: the portal converts no money without a dated rate.
create function app.fx_convert(p_amount numeric, p_from text, p_to text, p_on date)
returns table (amount numeric, rate numeric, rate_date date, source text, via text)
language sql stable set search_path = '' as $$
  select round((p_amount * q.num)::numeric(60, 30) / q.den, app.minor_units(p_to)),
         round(q.num::numeric(40, 20) / q.den, 6), q.rate_date, q.source, q.via
  from app.fx_quote(upper(p_from), upper(p_to), p_on) q
$$;

revoke execute on function app.creator_today(uuid), app.minor_units(text), app.money_text(numeric, text),
  app.check_scale(numeric, text, text), app.money_arg(text, text, text),
  app.percent_arg(jsonb, text, text, numeric, numeric), app.date_arg(text, text),
  app.months_late(date, date), app.late_fee(uuid, date), app.side(public.payouts),
  app.payout_event(uuid, text, text, text, text, jsonb, uuid, uuid), app.settle_payout(uuid),
  app.validated_payout_terms(jsonb, uuid, boolean), app.schedule_payouts(uuid),
  app.fx_quote(text, text, date), app.fx_convert(numeric, text, text, date) from public;
-- What the reporting view and functions (security invoker) call as the signed-in person.
grant execute on function app.creator_today(uuid), app.minor_units(text), app.months_late(date, date),
  app.late_fee(uuid, date), app.fx_quote(text, text, date), app.fx_convert(numeric, text, text, date),
  app.money_text(numeric, text), app.check_scale(numeric, text, text)
  to authenticated, service_role;

-- Triggers ------------------------------------------------------------------------------------------------

-- Every amount of a payout has at most its currency's decimal places; the currency never changes once
-- money has been paid towards it (the payments' foreign key on (payout_id, currency) guards that too).
create function app.check_payout_money() returns trigger
language plpgsql set search_path = '' as $$
begin
  if app.minor_units(new.currency) is null then
    return new;  -- the foreign key to public.currencies refuses it
  end if;
  perform app.check_scale(new.amount, new.currency, 'An amount');
  perform app.check_scale(new.tax_amount, new.currency, 'The tax');
  perform app.check_scale(new.fee_amount, new.currency, 'The fee withheld');
  perform app.check_scale(new.withholding_amount, new.currency, 'The withholding tax');
  perform app.check_scale(new.amount_due, new.currency, 'The amount due');
  return new;
end
$$;
create trigger payouts_money_has_the_currency_s_minor_units before insert or update on public.payouts
  for each row execute function app.check_payout_money();

-- A payment: its currency's decimal places, and never more than what is due plus the late fee, counting
-- every payment received or reported sent (this one included, so the late fee it saves is taken into account).
-- The payout row is locked first, so two payments arriving at once are checked one after the other.
create function app.check_payment() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts;
  paid numeric;
  allowed numeric;
begin
  if app.minor_units(new.currency) is not null then
    perform app.check_scale(new.amount, new.currency, 'A payment');
  end if;
  if new.status = 'rejected' then
    return null;
  end if;
  select * into p from public.payouts where id = new.payout_id for update;
  if p.status = 'written_off' then
    raise exception 'this payout was written off: no payment can be added' using errcode = '55000';
  end if;
  select coalesce(sum(m.amount), 0) into paid from public.payments m
   where m.payout_id = new.payout_id and m.status in ('sent', 'received');
  allowed := p.amount_due + app.late_fee(p.id, app.creator_today(p.creator_id));
  if paid > allowed then
    raise exception 'a payment of % is more than the balance: % is still due (late fees included)',
      app.money_text(new.amount, new.currency), app.money_text(greatest(allowed - paid + new.amount, 0), new.currency)
      using errcode = '22023';
  end if;
  return null;
end
$$;
create trigger payments_stay_within_what_is_due after insert or update on public.payments
  for each row execute function app.check_payment();

-- Issued invoices, credit notes and their documents never change.
create function app.reject_invoice_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  if tg_op = 'TRUNCATE' then
    raise exception 'issued invoices cannot be removed' using errcode = '55000';
  end if;
  if tg_table_name = 'invoices' then
    raise exception 'issued % % cannot be changed or deleted: issue a credit note to correct it',
      replace(old.kind, '_', ' '), old.display_number using errcode = '55000';
  end if;
  raise exception 'the document of an issued invoice cannot be changed or deleted' using errcode = '55000';
end
$$;
create trigger invoices_are_immutable before update or delete on public.invoices
  for each row execute function app.reject_invoice_change();
create trigger invoices_no_truncate before truncate on public.invoices
  for each statement execute function app.reject_invoice_change();
create trigger invoice_documents_are_immutable before update or delete on public.invoice_documents
  for each row execute function app.reject_invoice_change();
create trigger invoice_documents_no_truncate before truncate on public.invoice_documents
  for each statement execute function app.reject_invoice_change();

-- Numbers run 1, 2, 3… per creator and kind, with no gap and no repeat.
create function app.check_invoice_number() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  expected integer;
begin
  select coalesce(max(i.number), 0) + 1 into expected from public.invoices i
   where i.creator_id = new.creator_id and i.kind = new.kind;
  if new.number <> expected then
    raise exception '% numbers run without gaps: the next one is %, not %', replace(new.kind, '_', ' '), expected,
      new.number using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger invoice_numbers_have_no_gaps before insert on public.invoices
  for each row execute function app.check_invoice_number();

-- Accepting an offer schedules its payouts (in the same transaction as the acceptance).
create function app.schedule_payouts_on_acceptance() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform app.schedule_payouts(new.id);
  return null;
end
$$;
create trigger offers_schedule_payouts_when_accepted after update of status on public.offers
  for each row when (new.status = 'accepted' and old.status is distinct from 'accepted')
  execute function app.schedule_payouts_on_acceptance();

revoke execute on function app.check_payout_money(), app.check_payment(), app.reject_invoice_change(),
  app.check_invoice_number(), app.schedule_payouts_on_acceptance() from public;

-- Reading -------------------------------------------------------------------------------------------------

-- Each payout with what arrived, what is on its way, the late fee so far, the balance and its state, which
-- adds "overdue" (past the due date in the creator's calendar with something left to pay).
create view public.payout_overview with (security_invoker = true) as
select p.id, p.creator_id, cr.display_name as creator_name, p.brand_id, p.brand_name, p.offer_id, p.kind,
       p.description, p.platform, p.currency, p.amount, p.tax_percent, p.tax_amount, p.fee_percent, p.fee_amount,
       p.withholding_percent, p.withholding_amount, p.amount_due, p.late_fee_percent, p.billed_on, p.due_date,
       p.status as recorded_status,
       case when p.status in ('paid', 'written_off') then p.status
            when p.due_date < d.today and p.amount_due + f.late_fee - coalesce(m.received, 0) > 0 then 'overdue'
            else p.status end as status,
       greatest(d.today - p.due_date, 0) as days_overdue,
       coalesce(m.received, 0) as received, coalesce(m.pending, 0) as pending, m.last_received_on,
       f.late_fee,
       greatest(p.amount_due + f.late_fee - coalesce(m.received, 0), 0) as balance,
       p.invoice_id, i.display_number as invoice_number, i.issue_date as invoice_issue_date,
       p.status_note, p.status_changed_at, p.dispute_note, p.disputed_by, p.disputed_at, p.created_at, d.today
from public.payouts p
cross join lateral (select app.creator_today(p.creator_id) as today) d
cross join lateral (select app.late_fee(p.id, d.today) as late_fee) f
left join lateral (
  select sum(x.amount) filter (where x.status = 'received') as received,
         sum(x.amount) filter (where x.status = 'sent') as pending,
         max(x.received_on) filter (where x.status = 'received') as last_received_on
  from public.payments x where x.payout_id = p.id) m on true
left join public.invoices i on i.id = p.invoice_id
left join public.profiles cr on cr.id = p.creator_id;
comment on view public.payout_overview is 'Payouts with received, pending, late fee, balance and status (overdue computed from the due date).';
revoke all on public.payout_overview from anon;
grant select on public.payout_overview to authenticated, service_role;

-- p_amount in p_from, in p_to on p_on, with the rate used, its date and source (no row without a rate).
create function public.convert_amount(p_amount numeric, p_from text, p_to text, p_on date)
returns table (amount numeric, rate numeric, rate_date date, source text, via text)
language sql stable security invoker set search_path = '' as $$
  select * from app.fx_convert(p_amount, p_from, p_to, p_on)
$$;
comment on function public.convert_amount(numeric, text, text, date) is 'Converts an amount at the caller''s best rate on or before a date.';

-- The caller's overdue balances per currency, each converted into their home currency at the latest rate.
create function public.overdue_summary()
returns table (currency text, payouts bigint, balance numeric, oldest_due date, most_days_overdue integer,
               home_currency text, home_amount numeric, rate numeric, rate_date date, rate_source text)
language sql stable security invoker set search_path = '' as $$
  with me as (
    select p.home_currency::text as home, app.creator_today(p.id) as today
    from public.profiles p where p.id = (select auth.uid())
  ), overdue as (
    select o.currency::text as currency, count(*) as payouts, sum(o.balance) as balance, min(o.due_date) as oldest_due,
           max(o.days_overdue) as most_days_overdue
    from public.payout_overview o
    where o.creator_id = (select auth.uid()) and o.status = 'overdue'
    group by o.currency
  )
  select o.currency, o.payouts, o.balance, o.oldest_due, o.most_days_overdue, me.home, c.amount, c.rate, c.rate_date,
         c.source
  from overdue o cross join me
  left join lateral app.fx_convert(o.balance, o.currency, me.home, me.today) c on true
  order by o.currency
$$;
comment on function public.overdue_summary() is 'Overdue balances per currency, converted into the caller''s home currency with the rate used.';

-- Every money event of the caller in a date range, each converted into their home currency at the rate of its
-- own date: payments received (on the day received), amounts expected (on the due date; written-off payouts
-- are not expected), invoices and credit notes issued (subtotal, tax, fees and withholding tax withheld; a
-- credit note counts negative) and balances written off.
create function public.earnings_entries(p_start date, p_end date)
returns table (entry text, on_date date, payout_id uuid, brand_name text, platform text, description text,
               document text, currency text, amount numeric, home_currency text, home_amount numeric, rate numeric,
               rate_date date, rate_source text)
language sql stable security invoker set search_path = '' as $$
  with me as (
    select p.home_currency::text as home, p.time_zone from public.profiles p where p.id = (select auth.uid())
  ), entries as (
    select 'received'::text as entry, m.received_on as on_date, p.id as payout_id, p.brand_name, p.platform,
           p.description, m.reference as document, p.currency::text as currency, m.amount
    from public.payments m join public.payouts p on p.id = m.payout_id
    where p.creator_id = (select auth.uid()) and m.status = 'received' and m.received_on between p_start and p_end
    union all
    select 'expected', p.due_date, p.id, p.brand_name, p.platform, p.description, null, p.currency::text, p.amount_due
    from public.payouts p
    where p.creator_id = (select auth.uid()) and p.status <> 'written_off' and p.due_date between p_start and p_end
    union all
    select x.entry, i.issue_date, i.payout_id, p.brand_name, p.platform, p.description, i.display_number,
           i.currency::text, case when i.kind = 'credit_note' then -x.amount else x.amount end
    from public.invoices i join public.payouts p on p.id = i.payout_id
    cross join lateral (values ('invoiced', i.subtotal), ('tax_charged', i.tax_amount),
                               ('fee_withheld', i.fee_amount), ('tax_withheld', i.withholding_amount)) x(entry, amount)
    where i.creator_id = (select auth.uid()) and i.issue_date between p_start and p_end and x.amount <> 0
    union all
    select 'written_off', (o.status_changed_at at time zone me.time_zone)::date, o.id, o.brand_name, o.platform,
           o.description, null, o.currency::text, o.amount_due + o.late_fee - o.received
    from public.payout_overview o cross join me
    where o.creator_id = (select auth.uid()) and o.status = 'written_off'
      and (o.status_changed_at at time zone me.time_zone)::date between p_start and p_end
      and o.amount_due + o.late_fee - o.received > 0
  )
  select e.entry, e.on_date, e.payout_id, e.brand_name, e.platform, e.description, e.document, e.currency, e.amount,
         me.home, c.amount, c.rate, c.rate_date, c.source
  from entries e cross join me
  left join lateral app.fx_convert(e.amount, e.currency, me.home, e.on_date) c on true
  order by e.on_date, e.entry, e.payout_id
$$;
comment on function public.earnings_entries(date, date) is 'Money received, expected, invoiced and written off in a period, with home-currency amounts and the rates used.';

-- How long each brand takes to pay: over payouts paid in full, the days from the invoice (or, without one,
-- the billing date) to the last payment, and the days after the due date (negative: early).
create function public.days_to_pay_by_brand()
returns table (brand_name text, paid_payouts bigint, average_days_to_pay numeric, average_days_late numeric,
               slowest_days integer)
language sql stable security invoker set search_path = '' as $$
  select o.brand_name, count(*), round(avg(o.last_received_on - coalesce(o.invoice_issue_date, o.billed_on)), 1),
         round(avg(o.last_received_on - o.due_date), 1), max(o.last_received_on - coalesce(o.invoice_issue_date, o.billed_on))
  from public.payout_overview o
  where o.creator_id = (select auth.uid()) and o.status = 'paid' and o.last_received_on is not null
  group by o.brand_name
  order by 3 desc, 1
$$;
comment on function public.days_to_pay_by_brand() is 'Average days from invoice to payment, and days late, per brand.';

-- The PDF of an invoice the caller may see, as base64 (or null when none is stored yet).
create function public.invoice_document(p_invoice_id uuid) returns text
language sql stable security invoker set search_path = '' as $$
  select translate(encode(d.content, 'base64'), E'\n', '') from public.invoice_documents d
  where d.invoice_id = p_invoice_id
$$;

-- Billing details and exchange rates ---------------------------------------------------------------------------

create function public.save_billing_details(p_details jsonb) returns public.billing_details
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  allowed_keys constant text[] := array['legal_name', 'address', 'tax_id', 'email', 'payment_instructions',
    'default_tax_percent', 'default_late_fee_percent', 'fiscal_year_start_month', 'fiscal_year_start_day'];
  v_month integer;
  v_day integer;
  result public.billing_details;
begin
  if uid is null or not app.current_role_is('creator') then
    raise exception 'only creators keep billing details' using errcode = '42501';
  end if;
  perform app.require_object_keys(p_details, allowed_keys, 'the billing details are missing',
                                  'unknown billing detail "%s"');
  if length(coalesce(p_details ->> 'legal_name', '')) > 120 then
    raise exception 'the legal name must be at most 120 characters' using errcode = '22023';
  end if;
  if length(coalesce(p_details ->> 'address', '')) > 500 then
    raise exception 'the address must be at most 500 characters' using errcode = '22023';
  end if;
  if length(coalesce(p_details ->> 'tax_id', '')) > 60 then
    raise exception 'the tax id must be at most 60 characters' using errcode = '22023';
  end if;
  if nullif(btrim(p_details ->> 'email'), '') is not null and btrim(p_details ->> 'email') !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'the email "%" is not an email address', p_details ->> 'email' using errcode = '22023';
  end if;
  if length(coalesce(p_details ->> 'payment_instructions', '')) > 1000 then
    raise exception 'the payment instructions must be at most 1000 characters' using errcode = '22023';
  end if;
  v_month := coalesce(nullif(p_details ->> 'fiscal_year_start_month', '')::integer, 1);
  v_day := coalesce(nullif(p_details ->> 'fiscal_year_start_day', '')::integer, 1);
  if v_month not between 1 and 12 or v_day not between 1 and 28 then
    raise exception 'the tax year starts on a month (1 to 12) and a day (1 to 28)' using errcode = '22023';
  end if;
  insert into public.billing_details (creator_id, legal_name, address, tax_id, email, payment_instructions,
                                      default_tax_percent, default_late_fee_percent, fiscal_year_start_month,
                                      fiscal_year_start_day, updated_at)
  values (uid, nullif(btrim(p_details ->> 'legal_name'), ''), nullif(btrim(p_details ->> 'address'), ''),
          nullif(btrim(p_details ->> 'tax_id'), ''), nullif(btrim(p_details ->> 'email'), ''),
          nullif(btrim(p_details ->> 'payment_instructions'), ''),
          app.percent_arg(p_details, 'default_tax_percent', 'The default tax', 100),
          app.percent_arg(p_details, 'default_late_fee_percent', 'The default late fee', 10), v_month, v_day, app.now())
  on conflict (creator_id) do update set
    legal_name = excluded.legal_name, address = excluded.address, tax_id = excluded.tax_id, email = excluded.email,
    payment_instructions = excluded.payment_instructions, default_tax_percent = excluded.default_tax_percent,
    default_late_fee_percent = excluded.default_late_fee_percent,
    fiscal_year_start_month = excluded.fiscal_year_start_month, fiscal_year_start_day = excluded.fiscal_year_start_day,
    updated_at = app.now()
  returning * into result;
  perform app.audit('billing_details.saved', 'billing_details', uid::text);
  return result;
end
$$;

-- A rate entered by hand: 1 base = p_rate quote on p_rate_date (replaces the hand-entered rate of that day).
create function public.save_fx_rate(p_base text, p_quote text, p_rate text, p_rate_date date, p_note text default null)
returns public.fx_rates
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  v_base text := upper(btrim(coalesce(p_base, '')));
  v_quote text := upper(btrim(coalesce(p_quote, '')));
  v_rate numeric;
  result public.fx_rates;
begin
  if uid is null or not app.current_role_is('creator') then
    raise exception 'only creators keep exchange rates' using errcode = '42501';
  end if;
  if app.minor_units(v_base) is null then
    raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_base using errcode = '22023';
  end if;
  if app.minor_units(v_quote) is null then
    raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_quote using errcode = '22023';
  end if;
  if v_base = v_quote then
    raise exception 'a rate converts between two different currencies' using errcode = '22023';
  end if;
  v_rate := app.to_number(btrim(p_rate), 'the rate', p_rate);
  if v_rate is null or v_rate = 'NaN'::numeric or v_rate <= 0 or v_rate >= 1000000000 then
    raise exception 'the rate must be a positive number (got %)', p_rate using errcode = '22023';
  end if;
  if v_rate <> round(v_rate, 10) then
    raise exception 'a rate has at most 10 decimal places (got %)', p_rate using errcode = '22023';
  end if;
  if p_rate_date is null or p_rate_date > app.creator_today(uid) then
    raise exception 'the rate''s date must be today or earlier' using errcode = '22023';
  end if;
  if p_note is not null and length(p_note) > 200 then
    raise exception 'the note must be at most 200 characters' using errcode = '22023';
  end if;
  insert into public.fx_rates (creator_id, base, quote, rate, rate_date, source, note)
  values (uid, v_base, v_quote, v_rate, p_rate_date, 'manual', nullif(btrim(p_note), ''))
  on conflict (creator_id, base, quote, rate_date, source) do update set rate = excluded.rate, note = excluded.note
  returning * into result;
  perform app.audit('fx_rate.saved', 'fx_rates', result.id::text,
                    jsonb_build_object('base', v_base, 'quote', v_quote, 'rate', v_rate::text, 'date', p_rate_date));
  return result;
end
$$;

-- ECB reference rates (EUR → currency), all or nothing: [{"date": "2026-11-27", "currency": "USD", "rate": "1.1581"}].
-- Currencies the portal does not know are counted and skipped; a rate already stored is left as it is.
create function public.import_fx_rates(p_rates jsonb)
returns table (imported integer, unchanged integer, skipped integer, first_date date, last_date date)
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  bad record;
  v_total integer;
  v_known integer;
  v_imported integer;
  v_first date;
  v_last date;
begin
  if uid is null or not app.current_role_is('creator') then
    raise exception 'only creators keep exchange rates' using errcode = '42501';
  end if;
  if p_rates is null or jsonb_typeof(p_rates) <> 'array' or jsonb_array_length(p_rates) = 0 then
    raise exception 'the file holds no rates' using errcode = '22023';
  end if;
  if jsonb_array_length(p_rates) > 250000 then
    raise exception 'at most 250,000 rates can be imported at once' using errcode = '22023';
  end if;
  create temp table import_rates on commit drop as
    select e.ord, upper(btrim(coalesce(e.v ->> 'currency', ''))) as currency, e.v ->> 'date' as day_text,
           e.v ->> 'rate' as rate_text
    from jsonb_array_elements(p_rates) with ordinality as e(v, ord);
  select * into bad from pg_temp.import_rates r
   where r.day_text is null or r.day_text !~ '^\d{4}-\d{2}-\d{2}$'
      or case when r.rate_text ~ '^\d{1,9}(\.\d{1,10})?$' then r.rate_text::numeric <= 0 else true end
   order by r.ord limit 1;
  if found then
    raise exception 'rate %: "%" on "%" is not a positive rate on a date (YYYY-MM-DD)', bad.ord, bad.rate_text,
      bad.day_text using errcode = '22023';
  end if;
  select count(*), count(*) filter (where r.currency <> 'EUR' and app.minor_units(r.currency) is not null),
         min(r.day_text::date), max(r.day_text::date)
    into v_total, v_known, v_first, v_last from pg_temp.import_rates r;
  insert into public.fx_rates (creator_id, base, quote, rate, rate_date, source)
  select uid, 'EUR', r.currency, r.rate_text::numeric, r.day_text::date, 'ecb' from pg_temp.import_rates r
  where r.currency <> 'EUR' and exists (select 1 from public.currencies c where c.code = r.currency)
  on conflict (creator_id, base, quote, rate_date, source) do nothing;
  get diagnostics v_imported = row_count;
  drop table pg_temp.import_rates;
  perform app.audit('fx_rate.imported', 'fx_rates', null,
                    jsonb_build_object('imported', v_imported, 'unchanged', v_known - v_imported,
                                       'skipped', v_total - v_known, 'first', v_first, 'last', v_last));
  return query select v_imported, v_known - v_imported, v_total - v_known, v_first, v_last;
end
$$;

-- Payouts ------------------------------------------------------------------------------------------------------

-- A creator logs a payout by hand (a deal agreed elsewhere, or money from a platform programme).
create function public.create_payout(p_terms jsonb) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  t jsonb;
  p public.payouts;
begin
  if uid is null or not app.current_role_is('creator') then
    raise exception 'only creators log payouts' using errcode = '42501';
  end if;
  t := app.validated_payout_terms(p_terms, uid, true);
  insert into public.payouts (creator_id, brand_id, brand_name, kind, description, platform, currency, amount,
                              tax_percent, tax_amount, fee_percent, fee_amount, withholding_percent, withholding_amount,
                              amount_due, late_fee_percent, billed_on, due_date, created_by)
  values (uid, (t ->> 'brand_id')::uuid, t ->> 'brand_name', 'manual', t ->> 'description', t ->> 'platform',
          t ->> 'currency', (t ->> 'amount')::numeric, (t ->> 'tax_percent')::numeric, (t ->> 'tax_amount')::numeric,
          (t ->> 'fee_percent')::numeric, (t ->> 'fee_amount')::numeric, (t ->> 'withholding_percent')::numeric,
          (t ->> 'withholding_amount')::numeric, (t ->> 'amount_due')::numeric, (t ->> 'late_fee_percent')::numeric,
          (t ->> 'billed_on')::date, (t ->> 'due_date')::date, uid)
  returning * into p;
  perform app.payout_event(p.id, 'logged', null, 'scheduled', null, t);
  return p;
end
$$;
comment on function public.create_payout(jsonb) is 'A creator logs a payout by hand.';

-- Payouts for an accepted offer whose payouts were not scheduled yet (accepted before payouts existed).
create function public.schedule_offer_payouts(p_offer_id uuid) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
begin
  perform app.require_side(app.side(o), array['creator', 'both'],
    'only the creator schedules the payouts of a deal');
  if o.status not in ('accepted', 'in_progress', 'delivered', 'completed') then
    raise exception 'this offer is %: payouts come from accepted deals', replace(o.status, '_', ' ')
      using errcode = '55000';
  end if;
  if o.fee <= 0 then
    raise exception 'this deal is gifted (no fee): there is nothing to be paid' using errcode = '55000';
  end if;
  return app.schedule_payouts(o.id);
end
$$;

-- The creator corrects a payout before it is invoiced: amounts, dates, fees; not below what was paid.
-- A payout billed ahead (a deal's balance) keeps its billing date when edited.
create function public.update_payout(p_payout_id uuid, p_terms jsonb) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  t jsonb;
  paid numeric;
begin
  perform app.require_side(app.side(p), array['creator'], 'only the creator edits a payout');
  if p.invoice_id is not null then
    raise exception 'this payout is invoiced (%): an issued invoice cannot be edited; issue a credit note first',
      (select i.display_number from public.invoices i where i.id = p.invoice_id) using errcode = '55000';
  end if;
  if p.status in ('paid', 'written_off') then
    raise exception 'this payout is %: it can no longer be edited', replace(p.status, '_', ' ') using errcode = '55000';
  end if;
  -- A payout scheduled from a deal is billed when its last deliverable is due, which may be ahead: editing it
  -- keeps that billing date (any other billing date must not be after today).
  if p_terms ? 'billed_on' and coalesce(p_terms ->> 'billed_on', '') <> ''
     and app.date_arg(p_terms ->> 'billed_on', 'The billing date') = p.billed_on
     and p.billed_on > app.creator_today(p.creator_id) then
    t := app.validated_payout_terms(p_terms - 'billed_on', p.creator_id, false);
    if (t ->> 'due_date')::date < p.billed_on then
      raise exception 'the due date % is before the billing date %', t ->> 'due_date', p.billed_on
        using errcode = '22023';
    end if;
    t := t || jsonb_build_object('billed_on', p.billed_on);
  else
    t := app.validated_payout_terms(p_terms, p.creator_id, false);
  end if;
  select coalesce(sum(m.amount), 0) into paid from public.payments m
   where m.payout_id = p.id and m.status in ('sent', 'received');
  if paid > 0 and (t ->> 'currency') <> p.currency then
    raise exception 'payments in % were made towards this payout: its currency cannot change', p.currency
      using errcode = '55000';
  end if;
  if (t ->> 'amount_due')::numeric < paid then
    raise exception 'the amount due cannot be less than the % already paid or reported sent',
      app.money_text(paid, p.currency) using errcode = '22023';
  end if;
  update public.payouts set description = t ->> 'description', platform = t ->> 'platform',
    currency = t ->> 'currency', amount = (t ->> 'amount')::numeric, tax_percent = (t ->> 'tax_percent')::numeric,
    tax_amount = (t ->> 'tax_amount')::numeric, fee_percent = (t ->> 'fee_percent')::numeric,
    fee_amount = (t ->> 'fee_amount')::numeric, withholding_percent = (t ->> 'withholding_percent')::numeric,
    withholding_amount = (t ->> 'withholding_amount')::numeric, amount_due = (t ->> 'amount_due')::numeric,
    late_fee_percent = (t ->> 'late_fee_percent')::numeric, billed_on = (t ->> 'billed_on')::date,
    due_date = (t ->> 'due_date')::date, updated_at = app.now()
  where id = p.id;
  perform app.payout_event(p.id, 'edited', p.status, p.status, null, t);
  return app.settle_payout(p.id);
end
$$;

create function public.write_off_payout(p_payout_id uuid, p_note text) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
begin
  perform app.require_side(app.side(p), array['creator'],
    'only the creator writes off a payout');
  if p.status in ('paid', 'written_off') then
    raise exception 'this payout is already %', replace(p.status, '_', ' ') using errcode = '55000';
  end if;
  if exists (select 1 from public.payments m where m.payout_id = p.id and m.status = 'sent') then
    raise exception 'a payment reported sent is waiting for your confirmation: confirm or reject it first'
      using errcode = '55000';
  end if;
  if length(btrim(coalesce(p_note, ''))) < 3 then
    raise exception 'say why the payout is written off' using errcode = '22023';
  end if;
  if length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  update public.payouts set status = 'written_off', status_note = btrim(p_note), status_changed_at = app.now(),
    updated_at = app.now() where id = p.id;
  perform app.payout_event(p.id, 'written_off', p.status, 'written_off', p_note);
  select * into p from public.payouts where id = p.id;
  return p;
end
$$;

-- Either side opens a dispute with a note; either side closes it with a note on how it was resolved.
create function public.open_payout_dispute(p_payout_id uuid, p_note text) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
begin
  if p.disputed_at is not null then
    raise exception 'a dispute is already open on this payout (since %)', app.local_time(p.disputed_at)
      using errcode = '55000';
  end if;
  if length(btrim(coalesce(p_note, ''))) < 3 then
    raise exception 'say what the dispute is about' using errcode = '22023';
  end if;
  if length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  update public.payouts set dispute_note = btrim(p_note), disputed_by = auth.uid(), disputed_at = app.now(),
    updated_at = app.now() where id = p.id returning * into p;
  perform app.payout_event(p.id, 'dispute_opened', p.status, p.status, p_note,
                           jsonb_build_object('side', app.side(p)));
  return p;
end
$$;

create function public.resolve_payout_dispute(p_payout_id uuid, p_note text) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
begin
  if p.disputed_at is null then
    raise exception 'there is no open dispute on this payout' using errcode = '55000';
  end if;
  if length(btrim(coalesce(p_note, ''))) < 3 then
    raise exception 'say how the dispute was resolved' using errcode = '22023';
  end if;
  if length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  update public.payouts set dispute_note = null, disputed_by = null, disputed_at = null, updated_at = app.now()
   where id = p.id returning * into p;
  perform app.payout_event(p.id, 'dispute_resolved', p.status, p.status, p_note,
                           jsonb_build_object('side', app.side(p)));
  return p;
end
$$;

-- Payments ------------------------------------------------------------------------------------------------------

-- The checks a payment's details share, whoever records it; returns them normalised. A refused reference
-- names another payment only to someone who may read it.
create function app.validated_payment(p public.payouts, p_payment jsonb, p_date_key text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  allowed_keys constant text[] := array['amount', 'currency', 'method', 'reference', 'note', 'sent_on', 'received_on'];
  v_amount numeric;
  v_date date;
  v_method text;
  v_reference text;
  v_note text;
  existing public.payments;
  today date := app.creator_today(p.creator_id);
begin
  perform app.require_object_keys(p_payment, allowed_keys, 'the payment''s details are missing',
                                  'unknown payment detail "%s"');
  v_reference := regexp_replace(btrim(coalesce(p_payment ->> 'reference', '')), '\s+', ' ', 'g');
  if length(v_reference) not between 1 and 120 then
    raise exception 'enter the payment''s reference (the transfer or transaction id, 1 to 120 characters)'
      using errcode = '22023';
  end if;
  select * into existing from public.payments m
   where m.creator_id = p.creator_id and m.reference_key = upper(v_reference);
  if found then
    -- Name the other payment only to someone who may read it (the creator, or a member of the brand that paid it).
    if existing.creator_id = auth.uid() or app.is_brand_member(existing.brand_id) then
      raise exception 'the payment reference "%" is already recorded (% on %): a payment is recorded once',
        v_reference, app.money_text(existing.amount, existing.currency), coalesce(existing.received_on, existing.sent_on)
        using errcode = '22023';
    end if;
    raise exception 'the payment reference "%" is already used: a payment is recorded once, so check the reference',
      v_reference using errcode = '22023';
  end if;
  if coalesce(p_payment ->> 'currency', p.currency) <> p.currency then
    raise exception 'this payout is in %: payments towards it are recorded in % too', p.currency, p.currency
      using errcode = '22023';
  end if;
  v_amount := app.money_arg(p_payment ->> 'amount', p.currency, 'The payment');
  v_date := app.date_arg(p_payment ->> p_date_key, case when p_date_key = 'sent_on' then 'The date sent'
                                                          else 'The date received' end);
  if v_date > today then
    raise exception 'the payment''s date % is after today (%)', v_date, today using errcode = '22023';
  end if;
  if v_date < p.billed_on - 366 then
    raise exception 'the payment''s date % is more than a year before the payout was billed', v_date
      using errcode = '22023';
  end if;
  v_method := lower(btrim(coalesce(p_payment ->> 'method', '')));
  if v_method not in ('bank_transfer', 'paypal', 'wise', 'stripe', 'card', 'cash', 'cheque', 'platform', 'other') then
    raise exception 'choose how it was paid (bank transfer, PayPal, Wise, Stripe, card, cash, cheque, platform or other)'
      using errcode = '22023';
  end if;
  if p.status = 'written_off' then
    raise exception 'this payout was written off: no payment can be added' using errcode = '55000';
  end if;
  if p.status = 'paid' then
    raise exception 'this payout is already paid in full' using errcode = '55000';
  end if;
  v_note := nullif(btrim(coalesce(p_payment ->> 'note', '')), '');
  if v_note is not null and length(v_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  return jsonb_build_object('amount', v_amount::text, 'date', v_date, 'method', v_method, 'reference', v_reference,
                            'note', v_note);
end
$$;
revoke execute on function app.validated_payment(public.payouts, jsonb, text) from public;

-- The creator records money that arrived.
create function public.record_payment(p_payout_id uuid, p_payment jsonb) returns public.payments
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  v jsonb;
  m public.payments;
begin
  perform app.require_side(app.side(p), array['creator'],
    'only the creator records money received; mark the payment sent instead');
  v := app.validated_payment(p, p_payment, 'received_on');
  begin
    insert into public.payments (payout_id, creator_id, brand_id, currency, amount, method, reference, status,
                                 received_on, note, reported_by, confirmed_by, confirmed_at)
    values (p.id, p.creator_id, p.brand_id, p.currency, (v ->> 'amount')::numeric, v ->> 'method', v ->> 'reference',
            'received', (v ->> 'date')::date, v ->> 'note', auth.uid(), auth.uid(), app.now())
    returning * into m;
  exception when unique_violation then
    raise exception 'the payment reference "%" is already recorded: a payment is recorded once', v ->> 'reference'
      using errcode = '22023';
  end;
  perform app.payout_event(p.id, 'payment_received', p.status, p.status, m.note,
                           jsonb_build_object('amount', m.amount::text, 'reference', m.reference, 'on', m.received_on),
                           m.id);
  perform app.settle_payout(p.id);
  return m;
end
$$;

-- A member of the paying brand says a payment is on its way; it counts once the creator confirms it.
create function public.mark_payment_sent(p_payout_id uuid, p_payment jsonb) returns public.payments
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  v jsonb;
  m public.payments;
begin
  perform app.require_side(app.side(p), array['brand'],
    'only the paying brand marks a payment sent; record money you received instead');
  v := app.validated_payment(p, p_payment, 'sent_on');
  begin
    insert into public.payments (payout_id, creator_id, brand_id, currency, amount, method, reference, status,
                                 sent_on, note, reported_by)
    values (p.id, p.creator_id, p.brand_id, p.currency, (v ->> 'amount')::numeric, v ->> 'method', v ->> 'reference',
            'sent', (v ->> 'date')::date, v ->> 'note', auth.uid())
    returning * into m;
  exception when unique_violation then
    raise exception 'the payment reference "%" is already recorded: a payment is recorded once', v ->> 'reference'
      using errcode = '22023';
  end;
  perform app.payout_event(p.id, 'payment_sent', p.status, p.status, m.note,
                           jsonb_build_object('amount', m.amount::text, 'reference', m.reference, 'on', m.sent_on),
                           m.id);
  return m;
end
$$;

-- Locks the payment's payout, then the payment.
create function app.lock_payment(p_payment uuid, out m public.payments, out p public.payouts)
language plpgsql security definer set search_path = '' as $$
begin
  select * into m from public.payments where id = p_payment;
  if not found then
    raise exception 'payment not found: it does not exist or is not shared with you' using errcode = 'P0002';
  end if;
  p := app.lock_row(null::public.payouts, m.payout_id);
  select * into m from public.payments where id = p_payment for update;
end
$$;
revoke execute on function app.lock_payment(uuid) from public;

-- The creator confirms that a payment the brand reported has arrived (on p_received_on, default the day sent).
create function public.confirm_payment(p_payment_id uuid, p_received_on date default null) returns public.payments
language plpgsql security definer set search_path = '' as $$
declare
  r record := app.lock_payment(p_payment_id);
  m public.payments := r.m;
  p public.payouts := r.p;
  v_on date := coalesce(p_received_on, (r.m).sent_on);
begin
  perform app.require_side(app.side(p), array['creator'],
    'only the creator confirms that a payment arrived');
  if m.status <> 'sent' then
    raise exception 'this payment is already %: only a payment reported sent waits for confirmation', m.status
      using errcode = '55000';
  end if;
  if v_on < m.sent_on then
    raise exception 'the payment cannot arrive (%) before it was sent (%)', v_on, m.sent_on using errcode = '22023';
  end if;
  if v_on > app.creator_today(p.creator_id) then
    raise exception 'the date received % is after today', v_on using errcode = '22023';
  end if;
  update public.payments set status = 'received', received_on = v_on, confirmed_by = auth.uid(), confirmed_at = app.now()
   where id = m.id returning * into m;
  perform app.payout_event(p.id, 'payment_confirmed', p.status, p.status, null,
                           jsonb_build_object('amount', m.amount::text, 'reference', m.reference, 'on', v_on), m.id);
  perform app.settle_payout(p.id);
  return m;
end
$$;

-- The creator says a reported payment did not arrive (with a note); it no longer counts.
create function public.reject_payment(p_payment_id uuid, p_note text) returns public.payments
language plpgsql security definer set search_path = '' as $$
declare
  r record := app.lock_payment(p_payment_id);
  m public.payments := r.m;
  p public.payouts := r.p;
begin
  perform app.require_side(app.side(p), array['creator'],
    'only the creator says whether a payment arrived');
  if m.status <> 'sent' then
    raise exception 'this payment is already %: only a payment reported sent can be rejected', m.status
      using errcode = '55000';
  end if;
  if length(btrim(coalesce(p_note, ''))) < 3 then
    raise exception 'say what is wrong with the payment (for the brand)' using errcode = '22023';
  end if;
  if length(p_note) > 1000 then
    raise exception 'the note must be at most 1000 characters' using errcode = '22023';
  end if;
  update public.payments set status = 'rejected', note = btrim(p_note), confirmed_by = auth.uid(), confirmed_at = app.now()
   where id = m.id returning * into m;
  perform app.payout_event(p.id, 'payment_rejected', p.status, p.status, p_note,
                           jsonb_build_object('amount', m.amount::text, 'reference', m.reference), m.id);
  return m;
end
$$;

-- Invoices and credit notes -------------------------------------------------------------------------------------

-- 0001 … 9999, then 10000 …: never cut short (lpad would truncate).
create function app.document_number(p_number integer) returns text
language sql immutable set search_path = '' as $$
  select case when p_number < 10000 then lpad(p_number::text, 4, '0') else p_number::text end
$$;
revoke execute on function app.document_number(integer) from public;

-- The next number for the creator and kind. The counter row stays locked until the transaction ends.
create function app.next_invoice_number(p_creator uuid, p_kind text) returns integer
language sql security definer set search_path = '' as $$
  insert into app.invoice_counters as c (creator_id, kind, last_number) values (p_creator, p_kind, 1)
  on conflict (creator_id, kind) do update set last_number = c.last_number + 1
  returning c.last_number
$$;
revoke execute on function app.next_invoice_number(uuid, text) from public;

-- Corrects an issued invoice by cancelling it in full with a credit note (its own numbers, CN-0001…). The
-- payout can then be edited and invoiced again; payments already received stay with it.
-- A credit note for an invoice with a tax determination carries that same determination (copied, never made again)
-- and the original's date of supply, so it is rendered as the tax document that corrects the invoice: the same
-- parties, rate, tax wording and VAT in the national currency at the original's rate and date.
create function public.issue_credit_note(p_invoice_id uuid, p_reason text) returns public.invoices
language plpgsql security definer set search_path = '' as $$
declare
  inv public.invoices;
  p public.payouts;
  n integer;
  note public.invoices;
begin
  select * into inv from public.invoices where id = p_invoice_id;
  if not found then
    raise exception 'invoice not found: it does not exist or is not shared with you' using errcode = 'P0002';
  end if;
  p := app.lock_row(null::public.payouts, inv.payout_id);
  perform app.require_side(app.side(p), array['creator'],
    'only the creator issues credit notes');
  if inv.kind <> 'invoice' then
    raise exception '% is a credit note: only an invoice can be credited', inv.display_number using errcode = '55000';
  end if;
  if exists (select 1 from public.invoices c where c.corrects_invoice_id = inv.id) then
    raise exception '% is already cancelled by credit note %', inv.display_number,
      (select c.display_number from public.invoices c where c.corrects_invoice_id = inv.id) using errcode = '55000';
  end if;
  if p.invoice_id is distinct from inv.id then
    raise exception '% is no longer this payout''s invoice', inv.display_number using errcode = '55000';
  end if;
  if length(btrim(coalesce(p_reason, ''))) < 3 then
    raise exception 'say why the invoice is corrected (it is printed on the credit note)' using errcode = '22023';
  end if;
  if length(p_reason) > 1000 then
    raise exception 'the reason must be at most 1000 characters' using errcode = '22023';
  end if;
  n := app.next_invoice_number(inv.creator_id, 'credit_note');
  insert into public.invoices (creator_id, brand_id, payout_id, kind, number, display_number, corrects_invoice_id,
                               issue_date, due_date, currency, minor_units, seller, buyer, lines, subtotal, tax_percent,
                               tax_amount, fee_percent, fee_amount, withholding_percent, withholding_amount, total,
                               amount_due, late_fee_percent, payment_instructions, notes, reason, issued_by, tax,
                               supply_date)
  values (inv.creator_id, inv.brand_id, inv.payout_id, 'credit_note', n, 'CN-' || app.document_number(n), inv.id,
          app.creator_today(inv.creator_id), app.creator_today(inv.creator_id), inv.currency, inv.minor_units,
          inv.seller, inv.buyer, inv.lines, inv.subtotal, inv.tax_percent, inv.tax_amount, inv.fee_percent,
          inv.fee_amount, inv.withholding_percent, inv.withholding_amount, inv.total, inv.amount_due,
          inv.late_fee_percent, inv.payment_instructions, null, btrim(p_reason), auth.uid(), inv.tax,
          inv.supply_date)
  returning * into note;
  update public.payouts set invoice_id = null, updated_at = app.now(),
    status = case when status = 'invoiced' then 'scheduled' else status end,
    status_changed_at = case when status = 'invoiced' then app.now() else status_changed_at end
  where id = p.id;
  perform app.payout_event(p.id, 'credit_note_issued', p.status,
                           case when p.status = 'invoiced' then 'scheduled' else p.status end, p_reason,
                           jsonb_build_object('number', note.display_number, 'cancels', inv.display_number),
                           null, note.id);
  perform app.settle_payout(p.id);
  return note;
end
$$;

-- Stores the PDF of an issued invoice or credit note, once (base64 in, so both gateways send plain text).
create function public.store_invoice_document(p_invoice_id uuid, p_content_base64 text) returns text
language plpgsql security definer set search_path = '' as $$
declare
  inv public.invoices;
  v_content bytea;
  stored public.invoice_documents;
begin
  select * into inv from public.invoices where id = p_invoice_id;
  if not found or inv.creator_id is distinct from auth.uid() then
    raise exception 'invoice not found: it does not exist or is not yours' using errcode = 'P0002';
  end if;
  begin
    v_content := decode(p_content_base64, 'base64');
  exception when others then
    raise exception 'the document is not base64-encoded' using errcode = '22023';
  end;
  if v_content is null or length(v_content) < 100 or substring(v_content from 1 for 5) <> '\x255044462d'::bytea then
    raise exception 'the document is not a PDF' using errcode = '22023';
  end if;
  if exists (select 1 from public.invoice_documents d where d.invoice_id = inv.id) then
    raise exception 'the PDF of % is already stored: an issued document never changes', inv.display_number
      using errcode = '55000';
  end if;
  insert into public.invoice_documents (invoice_id, creator_id, brand_id, file_name, content)
  values (inv.id, inv.creator_id, inv.brand_id, inv.display_number || '.pdf', v_content)
  returning * into stored;
  perform app.audit('invoice.document_stored', 'invoices', inv.id::text,
                    jsonb_build_object('number', inv.display_number, 'sha256', stored.sha256));
  return stored.sha256;
end
$$;

-- Grants ---------------------------------------------------------------------------------------------------

select app.serve_to_signed_in(array[
  'public.convert_amount(numeric, text, text, date)', 'public.overdue_summary()',
  'public.earnings_entries(date, date)', 'public.days_to_pay_by_brand()', 'public.invoice_document(uuid)',
  'public.save_billing_details(jsonb)', 'public.save_fx_rate(text, text, text, date, text)',
  'public.import_fx_rates(jsonb)', 'public.create_payout(jsonb)', 'public.schedule_offer_payouts(uuid)',
  'public.update_payout(uuid, jsonb)', 'public.write_off_payout(uuid, text)',
  'public.open_payout_dispute(uuid, text)', 'public.resolve_payout_dispute(uuid, text)',
  'public.record_payment(uuid, jsonb)', 'public.mark_payment_sent(uuid, jsonb)',
  'public.confirm_payment(uuid, date)', 'public.reject_payment(uuid, text)', 'public.issue_credit_note(uuid, text)',
  'public.store_invoice_document(uuid, text)'
]::regprocedure[]);
