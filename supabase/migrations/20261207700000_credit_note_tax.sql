-- A credit note for an invoice with a tax determination carries that same determination (copied, never made again)
-- and the original's date of supply, so it is rendered as the tax document that corrects the invoice: the same
-- parties, rate, tax wording and VAT in the national currency at the original's rate and date.

-- replaces public.issue_credit_note from the baseline: the credit note copies the invoice's tax determination and date of supply
create or replace function public.issue_credit_note(p_invoice_id uuid, p_reason text) returns public.invoices
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
