-- Payouts without dead ends: reminders sent to a brand are kept with the payout (who, when, which text). (An
-- overdue payout invoiced as it stands, a deposit never due after the deliverables and a billed-ahead payout
-- keeping its date are rules of issue_invoice, app.schedule_payouts and update_payout, where they are defined.)

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
  perform app.require_side(app.side(p), array['creator'], 'only the creator sends reminders for a payout');
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
