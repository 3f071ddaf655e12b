-- Tax profiles and the tax determination stored on each invoice (issue 15).
--
-- A tax profile is the legal identity a party invoices or is invoiced under: legal name, address, country, tax id
-- (VAT number, TRN, EIN...), whether it is VAT-registered or uses a small-business exemption, and for US payees
-- the form on file. One per creator and one per brand (the brand's billing entity). The portal validates the
-- tax id's format and check digits (python-stdnum) before saving; the table keeps what slips through out.
--
-- An invoice from a creator with a tax profile carries its tax determination (scenario, rate, whether VAT is
-- charged, the wording printed, its source, both countries, and the VAT in the national currency when the
-- invoice is in another one) and its date of supply. The determination is made from data
-- (services/payouts/tax_rules.json); here it is checked to be complete, and the payout's tax follows it.

create table public.tax_profiles (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid unique references public.profiles (id) on delete cascade,
  brand_id uuid unique references public.brands (id) on delete cascade,
  legal_name text not null check (length(btrim(legal_name)) between 1 and 120 and app.has_no_bidi_controls(legal_name)),
  address text not null check (length(btrim(address)) between 1 and 500 and app.has_no_bidi_controls(address)),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  tax_id text check (tax_id is null or tax_id ~ '^[A-Z0-9-]{4,20}$'),
  vat_registered boolean not null,
  small_business_exemption boolean not null default false,
  us_form text check (us_form is null or us_form in ('W-9', 'W-8BEN', 'W-8BEN-E')),
  updated_by uuid references public.profiles (id) on delete set null,
  updated_at timestamptz not null default app.now(),
  check ((creator_id is null) <> (brand_id is null)),
  check (not (vat_registered and small_business_exemption)),
  check (not vat_registered or tax_id is not null)
);
comment on table public.tax_profiles is 'The legal identity a creator or a brand''s billing entity invoices under: legal name, address, country, tax id, VAT status, small-business exemption, US form on file.';
alter table public.tax_profiles enable row level security;
grant select, insert, update, delete on public.tax_profiles to anon, authenticated;
grant select on public.tax_profiles to service_role;
create index tax_profiles_updated_by_idx on public.tax_profiles (updated_by);

-- Read: the creator their own, and the brand partners they invited (who pay them); a brand's members their brand's,
-- and the creators who work with that brand (who invoice it). Writes only through public.save_tax_profile.
create policy "Parties and their counterparts can view tax profiles" on public.tax_profiles
  for select to authenticated using (
    creator_id = (select auth.uid())
    or (brand_id is not null and (app.is_brand_member(brand_id) or app.works_with_brand(brand_id)))
    or (creator_id is not null and exists (select 1 from public.creator_partners cp
                                           where cp.creator_id = tax_profiles.creator_id
                                             and cp.partner_id = (select auth.uid()))));

create function public.save_tax_profile(p_brand_id uuid, p_profile jsonb) returns public.tax_profiles
language plpgsql security definer set search_path = '' as $$
declare
  allowed_keys constant text[] := array['legal_name', 'address', 'country', 'tax_id', 'vat_registered',
                                        'small_business_exemption', 'us_form'];
  uid uuid := auth.uid();
  result public.tax_profiles;
begin
  perform app.require_signed_in('sign in to save a tax profile');
  perform app.require_object_keys(p_profile, allowed_keys, 'the tax profile is missing',
                                  'unknown tax profile field "%s"');
  if p_brand_id is null then
    if not exists (select 1 from public.profiles p where p.id = uid) then
      raise exception 'only a person with a profile saves a tax profile' using errcode = '42501';
    end if;
  elsif not app.is_brand_member(p_brand_id) then
    raise exception 'only the brand''s own partners edit its billing entity' using errcode = '42501';
  end if;
  -- One profile per creator (creator_id) or per brand (brand_id): the same upsert, keyed on the owner's column.
  execute format($upsert$
    insert into public.tax_profiles as t (%1$I, legal_name, address, country, tax_id, vat_registered,
                                          small_business_exemption, us_form, updated_by)
    values ($1, btrim($2 ->> 'legal_name'), btrim($2 ->> 'address'), upper($2 ->> 'country'),
            nullif(btrim($2 ->> 'tax_id'), ''), coalesce(($2 ->> 'vat_registered')::boolean, false),
            coalesce(($2 ->> 'small_business_exemption')::boolean, false), nullif($2 ->> 'us_form', ''), $3)
    on conflict (%1$I) do update set legal_name = excluded.legal_name, address = excluded.address,
      country = excluded.country, tax_id = excluded.tax_id, vat_registered = excluded.vat_registered,
      small_business_exemption = excluded.small_business_exemption, us_form = excluded.us_form,
      updated_by = $3, updated_at = app.now()
    returning *$upsert$, case when p_brand_id is null then 'creator_id' else 'brand_id' end)
  into result using coalesce(p_brand_id, uid), p_profile, uid;
  perform app.audit('tax_profile.saved', 'tax_profiles', result.id::text);
  return result;
end
$$;
revoke execute on function public.save_tax_profile(uuid, jsonb) from public, anon;
grant execute on function public.save_tax_profile(uuid, jsonb) to authenticated, service_role;

create function app.check_tax_determination(p_tax jsonb, p_seller_country text, p_buyer_country text) returns void
language plpgsql immutable set search_path = '' as $$
declare
  k text;
  missing text[] := '{}';
begin
  if p_tax is null or jsonb_typeof(p_tax) <> 'object' then
    raise exception 'the invoice has no tax determination: set the buyer''s country and both parties'' VAT status'
      using errcode = '22023';
  end if;
  foreach k in array array['scenario', 'seller_country', 'buyer_country', 'rate', 'charged', 'source'] loop
    if coalesce(btrim(p_tax ->> k), '') = '' then
      missing := missing || k;
    end if;
  end loop;
  if not p_tax ? 'wording' then
    missing := missing || 'wording'::text;
  end if;
  if cardinality(missing) > 0 then
    raise exception 'the tax determination is incomplete: % missing', array_to_string(missing, ', ')
      using errcode = '22023';
  end if;
  if p_buyer_country is null or p_buyer_country !~ '^[A-Z]{2}$' then
    raise exception 'the buyer''s country is missing' using errcode = '22023';
  end if;
  if p_tax ->> 'seller_country' <> p_seller_country or p_tax ->> 'buyer_country' <> p_buyer_country then
    raise exception 'the tax determination was made for other countries (% to %) than the invoice''s (% to %)',
      p_tax ->> 'seller_country', p_tax ->> 'buyer_country', p_seller_country, p_buyer_country using errcode = '22023';
  end if;
  if (p_tax ->> 'rate') !~ '^\d{1,2}(\.\d{1,2})?$' or jsonb_typeof(p_tax -> 'charged') <> 'boolean' then
    raise exception 'the tax determination''s rate or charged flag is not valid' using errcode = '22023';
  end if;
  if p_tax ? 'national' and not (p_tax -> 'national') ?& array['currency', 'rate', 'rate_date', 'source', 'vat_amount'] then
    raise exception 'the VAT in the national currency needs its currency, rate, rate date, source and amount'
      using errcode = '22023';
  end if;
end
$$;

-- Issues the invoice for a payout: a number (the creator's next, without gaps), both parties' details, one line
-- per deliverable of the deal (the payout's amount split evenly, the remainder in minor units on the first
-- lines) or the payout's own description, tax, fees and withholding tax, payment instructions. Immutable.
-- A creator with a tax profile issues with a complete tax determination (stored with the date of supply) and
-- the parties from the tax profiles. An overdue payout is invoiced as it stands: issued today, due per its terms.
create function public.issue_invoice(p_payout_id uuid, p_details jsonb default '{}'::jsonb) returns public.invoices
language plpgsql security definer set search_path = '' as $$
declare
  p public.payouts := app.lock_row(null::public.payouts, p_payout_id);
  allowed_keys constant text[] := array['bill_to_name', 'bill_to_address', 'bill_to_tax_id', 'bill_to_email', 'notes',
                                            'bill_to_country', 'tax', 'supply_date'];
  details jsonb := coalesce(p_details, '{}'::jsonb);
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
  tp public.tax_profiles;
  v_tax jsonb := details -> 'tax';
  v_supply date;
  v_rate numeric;
  v_tax_amount numeric;
begin
  perform app.require_side(app.side(p), array['creator'], 'only the creator issues invoices');
  perform app.require_object_keys(details, allowed_keys, 'the invoice details are missing',
                                  'unknown invoice detail "%s"');
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
  select * into tp from public.tax_profiles t where t.creator_id = p.creator_id;
  if found then
    -- A creator with a tax profile issues invoices only with a complete tax determination (rate, wording, source,
    -- both countries), made by the portal from its rules file; it is stored on the invoice as it was decided.
    perform app.check_tax_determination(v_tax, tp.country, upper(btrim(details ->> 'bill_to_country')));
    v_supply := nullif(details ->> 'supply_date', '')::date;
    if v_supply is null then
      raise exception 'the invoice is missing its date of supply' using errcode = '22023';
    end if;
    v_rate := case when (v_tax ->> 'charged')::boolean then (v_tax ->> 'rate')::numeric else 0 end;
    if v_rate <> p.tax_percent then
      -- the payout follows the determination: its tax, and so what is due, is recomputed here, in this transaction
      v_tax_amount := round(p.amount * v_rate / 100, minor);
      update public.payouts set tax_percent = v_rate, tax_amount = v_tax_amount,
             amount_due = amount + v_tax_amount - fee_amount - withholding_amount, updated_at = app.now()
       where id = p.id returning * into p;
      perform app.payout_event(p.id, 'tax_determined', p.status, p.status, v_tax ->> 'scenario',
                               jsonb_build_object('tax_percent', v_rate::text), null, null);
    end if;
    v_seller := jsonb_strip_nulls(jsonb_build_object('name', tp.legal_name, 'address', tp.address,
      'country', tp.country, 'tax_id', tp.tax_id, 'vat_registered', tp.vat_registered,
      'small_business_exemption', tp.small_business_exemption, 'us_form', tp.us_form,
      'email', coalesce(b.email, me.email)));
  elsif v_tax is not null then
    raise exception 'add your tax profile (legal name, address, country, tax id) before issuing an invoice with tax'
      using errcode = '55000';
  else
    v_seller := jsonb_strip_nulls(jsonb_build_object('name', coalesce(b.legal_name, me.display_name),
      'address', b.address, 'tax_id', b.tax_id, 'email', coalesce(b.email, me.email)));
  end if;
  v_buyer := jsonb_strip_nulls(jsonb_build_object(
    'brand', p.brand_name,
    'name', coalesce(nullif(btrim(details ->> 'bill_to_name'), ''), p.brand_name),
    'address', nullif(btrim(details ->> 'bill_to_address'), ''),
    'tax_id', nullif(btrim(details ->> 'bill_to_tax_id'), ''),
    'country', nullif(upper(btrim(details ->> 'bill_to_country')), ''),
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
                               late_fee_percent, payment_instructions, notes, issued_by, tax, supply_date)
  values (p.creator_id, p.brand_id, p.id, 'invoice', n, 'INV-' || app.document_number(n), today, v_due,
          p.currency, minor, v_seller, v_buyer, v_lines, p.amount, p.tax_percent, p.tax_amount, p.fee_percent,
          p.fee_amount, p.withholding_percent, p.withholding_amount, p.amount + p.tax_amount, p.amount_due,
          p.late_fee_percent, b.payment_instructions, nullif(btrim(details ->> 'notes'), ''), auth.uid(), v_tax, v_supply)
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
revoke execute on function public.issue_invoice(uuid, jsonb) from public, anon;
grant execute on function public.issue_invoice(uuid, jsonb) to authenticated, service_role;
