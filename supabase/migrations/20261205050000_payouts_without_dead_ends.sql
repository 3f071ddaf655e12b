-- Payouts without dead ends: an overdue payout can be invoiced as it stands, reminders sent to a brand are
-- kept with the payout (who, when, which text), a deal's deposit never falls due after its deliverables, and a
-- payout scheduled from a deal keeps its (future) billing date when the creator edits it.

-- Reminders ----------------------------------------------------------------------------------------------------

create table public.payout_reminders (
  id uuid primary key default gen_random_uuid(),
  payout_id uuid not null references public.payouts (id) on delete cascade,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  sent_by uuid not null references public.profiles (id),
  sent_at timestamptz not null default app.now(),
  tone text not null check (tone in ('polite', 'firm')),
  body text not null check (length(btrim(body)) between 1 and 5000)
);
comment on table public.payout_reminders is 'Each payment reminder a creator sent to a brand: who, when, which tone and the text.';
alter table public.payout_reminders enable row level security;
create index payout_reminders_payout_id_idx on public.payout_reminders (payout_id, sent_at);
create index payout_reminders_creator_id_idx on public.payout_reminders (creator_id);
create index payout_reminders_brand_id_idx on public.payout_reminders (brand_id);

create policy "Creators and the paying brand can view payout reminders" on public.payout_reminders
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_brand_member(brand_id));

-- as on every table: the privileges are granted and the policies decide (only select has one; writes go through
-- public.log_payout_reminder)
grant select, insert, update, delete on public.payout_reminders to anon, authenticated;
grant select on public.payout_reminders to service_role;

-- The creator records that they sent a reminder (the text as sent). Only open payouts are chased.
create function public.log_payout_reminder(p_payout_id uuid, p_tone text, p_body text)
returns public.payout_reminders
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  r public.payout_reminders;
begin
  if app.side(p) <> 'creator' then
    raise exception 'only the creator sends reminders for a payout' using errcode = '42501';
  end if;
  if p.status in ('paid', 'written_off') then
    raise exception 'this payout is %: there is nothing to remind the brand of', replace(p.status, '_', ' ')
      using errcode = '55000';
  end if;
  if p_tone is null or p_tone not in ('polite', 'firm') then
    raise exception 'unknown reminder tone "%" (use polite or firm)', p_tone using errcode = '22023';
  end if;
  if length(btrim(coalesce(p_body, ''))) not between 1 and 5000 then
    raise exception 'the reminder''s text must be 1 to 5000 characters' using errcode = '22023';
  end if;
  insert into public.payout_reminders (payout_id, creator_id, brand_id, sent_by, tone, body)
  values (p.id, p.creator_id, p.brand_id, auth.uid(), p_tone, btrim(p_body))
  returning * into r;
  perform app.payout_event(p.id, 'reminder_sent', p.status, p.status, null, jsonb_build_object('tone', p_tone));
  return r;
end
$$;
comment on function public.log_payout_reminder(uuid, text, text) is 'Records a payment reminder the creator sent.';
revoke execute on function public.log_payout_reminder(uuid, text, text) from public, anon;
grant execute on function public.log_payout_reminder(uuid, text, text) to authenticated, service_role;

-- Invoicing an overdue payout ------------------------------------------------------------------------------------

-- replaces public.issue_invoice from the baseline: an overdue payout is invoiced as it stands (issued today, due per its terms), no longer refused
create or replace function public.issue_invoice(p_payout_id uuid, p_details jsonb default '{}'::jsonb) returns public.invoices
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  allowed_keys constant text[] := array['bill_to_name', 'bill_to_address', 'bill_to_tax_id', 'bill_to_email', 'notes'];
  details jsonb := coalesce(p_details, '{}'::jsonb);
  k text;
  b public.billing_details;
  me public.profiles;
  minor smallint := app.minor_units(p.currency);
  today date := app.creator_today(p.creator_id);
  v_lines jsonb;
  v_buyer jsonb;
  v_seller jsonb;
  n integer;
  inv public.invoices;
  v_due date;
begin
  if app.side(p) <> 'creator' then
    raise exception 'only the creator issues invoices' using errcode = '42501';
  end if;
  if jsonb_typeof(details) <> 'object' then
    raise exception 'the invoice details are missing' using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(details) loop
    if not k = any(allowed_keys) then
      raise exception 'unknown invoice detail "%"', k using errcode = '22023';
    end if;
  end loop;
  if p.invoice_id is not null then
    raise exception 'this payout is already invoiced (%): issue a credit note to correct it',
      (select i.display_number from public.invoices i where i.id = p.invoice_id) using errcode = '55000';
  end if;
  if p.status = 'written_off' then
    raise exception 'this payout was written off: it cannot be invoiced' using errcode = '55000';
  end if;
  -- An overdue payout is invoiced as it stands: issued today, payable per its terms from today; the payout keeps
  -- its own due date, so it stays overdue (days and late fee counted from that date) until it is paid.
  if p.due_date < today then
    v_due := today + coalesce((select o.payment_net_days from public.offers o where o.id = p.offer_id),
                              greatest(p.due_date - p.billed_on, 0));
  else
    v_due := p.due_date;
  end if;
  select * into b from public.billing_details where creator_id = p.creator_id;
  if not found or b.payment_instructions is null then
    raise exception 'add your payment instructions (bank account or payment link) in your billing details before issuing an invoice'
      using errcode = '55000';
  end if;
  if length(coalesce(details ->> 'bill_to_name', '')) > 120 or length(coalesce(details ->> 'bill_to_address', '')) > 500
     or length(coalesce(details ->> 'bill_to_tax_id', '')) > 60 or length(coalesce(details ->> 'notes', '')) > 1000
     or length(coalesce(details ->> 'bill_to_email', '')) > 120 then
    raise exception 'the invoice details are too long (name 120, address 500, tax id 60, email 120, notes 1000 characters)'
      using errcode = '22023';
  end if;
  select * into me from public.profiles where id = p.creator_id;
  v_seller := jsonb_strip_nulls(jsonb_build_object('name', coalesce(b.legal_name, me.display_name),
    'address', b.address, 'tax_id', b.tax_id, 'email', coalesce(b.email, me.email)));
  v_buyer := jsonb_strip_nulls(jsonb_build_object(
    'brand', p.brand_name,
    'name', coalesce(nullif(btrim(details ->> 'bill_to_name'), ''), p.brand_name),
    'address', nullif(btrim(details ->> 'bill_to_address'), ''),
    'tax_id', nullif(btrim(details ->> 'bill_to_tax_id'), ''),
    'email', nullif(btrim(details ->> 'bill_to_email'), ''),
    'website', (select br.website from public.brands br where br.id = p.brand_id)));

  with d as (
    select row_number() over (order by dl.item_position, dl.seq) as pos, count(*) over () as total,
           app.platform_name(dl.platform) || ' ' || dl.format || ' #' || dl.seq
             || ' (due ' || to_char(dl.due_date, 'YYYY-MM-DD') || case when dl.permalink is not null
                then ', posted: ' || dl.permalink else '' end || ')' as what
    from public.deliverables dl where p.offer_id is not null and dl.offer_id = p.offer_id
  ), split as (
    -- the amount in minor units, shared evenly; the first (remainder) lines get one minor unit more
    select d.pos, d.what, div(p.amount * power(10::numeric, minor), d.total)
             + case when d.pos <= mod(p.amount * power(10::numeric, minor), d.total) then 1 else 0 end as units
    from d
  )
  select jsonb_agg(jsonb_build_object('position', s.pos, 'description', p.description || ': ' || s.what,
                                      'quantity', 1, 'amount', round(s.units / power(10::numeric, minor), minor)::text)
                   order by s.pos)
    into v_lines from split s;
  if v_lines is null then
    v_lines := jsonb_build_array(jsonb_build_object('position', 1, 'description', p.description, 'quantity', 1,
                                                    'amount', round(p.amount, minor)::text));
  end if;
  if (select sum((l ->> 'amount')::numeric) from jsonb_array_elements(v_lines) l) <> p.amount then
    raise exception 'the invoice lines do not add up to the payout''s amount' using errcode = 'XX000';
  end if;

  n := app.next_invoice_number(p.creator_id, 'invoice');
  insert into public.invoices (creator_id, brand_id, payout_id, kind, number, display_number, issue_date, due_date,
                               currency, minor_units, seller, buyer, lines, subtotal, tax_percent, tax_amount,
                               fee_percent, fee_amount, withholding_percent, withholding_amount, total, amount_due,
                               late_fee_percent, payment_instructions, notes, issued_by)
  values (p.creator_id, p.brand_id, p.id, 'invoice', n, 'INV-' || app.document_number(n), today, v_due,
          p.currency, minor, v_seller, v_buyer, v_lines, p.amount, p.tax_percent, p.tax_amount, p.fee_percent,
          p.fee_amount, p.withholding_percent, p.withholding_amount, p.amount + p.tax_amount, p.amount_due,
          p.late_fee_percent, b.payment_instructions, nullif(btrim(details ->> 'notes'), ''), auth.uid())
  returning * into inv;
  update public.payouts set invoice_id = inv.id, updated_at = app.now() where id = p.id;
  perform app.payout_event(p.id, 'invoice_issued', p.status, p.status, null,
                           jsonb_build_object('number', inv.display_number, 'amount_due', inv.amount_due::text,
                                              'due_date', inv.due_date)
                           || case when p.due_date < today
                                   then jsonb_build_object('overdue_since', p.due_date) else '{}'::jsonb end,
                           null, inv.id);
  perform app.settle_payout(p.id);
  return inv;
end
$$;


-- Deposits -------------------------------------------------------------------------------------------------------

-- replaces app.schedule_payouts from the baseline: the deposit falls due on acceptance plus the payment terms, but never after the first deliverable
create or replace function app.schedule_payouts(p_offer uuid) returns integer
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


-- Editing a payout scheduled from a deal --------------------------------------------------------------------------

-- replaces public.update_payout from the baseline: a payout billed ahead (a deal's balance) keeps its billing date when edited
create or replace function public.update_payout(p_payout_id uuid, p_terms jsonb) returns public.payouts
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  t jsonb;
  paid numeric;
begin
  if app.side(p) <> 'creator' then
    raise exception 'only the creator edits a payout' using errcode = '42501';
  end if;
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

