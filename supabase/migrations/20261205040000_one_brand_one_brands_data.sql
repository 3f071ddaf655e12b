-- One brand sees one brand's data, and nothing a person typed or a refusal says tells anyone more.
--
-- * A shared report carries only the deals of the brand it is shared with: a window report's posts stay (they
--   are public posts), but another brand's campaign, fee, currency, status and conversions never reach the reader,
--   for brand shares and secret links, frozen or live (app.report_for_reader, applied when a frozen share is made
--   and again whenever any share is read, so snapshots kept before this change are cut down too).
-- * A secret link's opening is always logged: the visitor can no longer ask not to be (public.shared_report
--   loses p_log; a visit key keeps one Streamlit session's reruns to one entry).
-- * A refused payment reference names the other payment only to someone who may read it.
-- * An invitation is previewed before it is accepted or declined, and accepting never joins a brand because the
--   creator typed its name: it makes a new brand, or links a brand the invited person already belongs to and
--   chose themselves.
-- * Free text has a length cap everywhere, and names refuse the bidirectional controls that reorder a line.

-- Reports: what a reader of one share may see ------------------------------------------------------------------

-- The brand whose deals a share's reader may see: the brand of a brand share; for a secret link, the brand the
-- report is about (none for a window report without a brand: its link shows posts and no deal).
create function app.report_reader_brand(p_share uuid) returns uuid
language sql stable security definer set search_path = '' as $$
  select case when s.kind = 'brand' then s.brand_id else r.brand_id end
  from public.report_shares s join public.reports r on r.id = s.report_id
  where s.id = p_share
$$;
comment on function app.report_reader_brand(uuid) is 'The brand whose deals the reader of a share may see (null: none).';
revoke execute on function app.report_reader_brand(uuid) from public, anon, authenticated;

-- A report payload cut down to what a reader of brand p_brand may see: that brand's offers (as the payload holds
-- them, so a frozen payload keeps its fees), the spend of those offers only, each deliverable of those offers,
-- and the other rows' posts without anything that names or prices another deal (rows that are another deal's
-- deliverable and no post are left out). The report's brand is kept only when it is the reader's.
create function app.report_for_reader(p_payload jsonb, p_brand uuid) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  deal_keys constant text[] := array['deliverable_id', 'offer_id', 'campaign', 'brand_name', 'item_position', 'seq',
                                     'due_date', 'status', 'relationship'];
  kept jsonb;
  kept_ids text[];
  currencies text[];
  result jsonb := p_payload;
begin
  if p_payload is null or jsonb_typeof(p_payload) <> 'object' then
    return p_payload;
  end if;
  select coalesce(jsonb_agg(e.x order by e.n), '[]'::jsonb), coalesce(array_agg(e.x ->> 'id'), '{}')
    into kept, kept_ids
  from jsonb_array_elements(coalesce(p_payload -> 'offers', '[]'::jsonb)) with ordinality as e(x, n)
  where p_brand is not null
    and exists (select 1 from public.offers o where o.id::text = e.x ->> 'id' and o.brand_id = p_brand);

  select coalesce(array_agg(distinct k.x ->> 'currency'), '{}') into currencies
  from jsonb_array_elements(kept) k(x);

  result := jsonb_set(result, '{offers}', kept);
  result := jsonb_set(result, '{spend}', (
    select jsonb_build_object(
      'amount', case when cardinality(currencies) = 1 then sum((k.x ->> 'fee')::numeric)::text end,
      'currency', case when cardinality(currencies) = 1 then currencies[1] end,
      'minor_units', case when cardinality(currencies) = 1
                          then (select c.minor_units from public.currencies c where c.code = currencies[1]) end,
      'currencies', to_jsonb(currencies))
    from jsonb_array_elements(kept) k(x)));
  result := jsonb_set(result, '{rows}', coalesce((
    select jsonb_agg(case when e.x ->> 'offer_id' is null or e.x ->> 'offer_id' = any(kept_ids) then e.x
                          else e.x - deal_keys end
                     order by e.n)
    from jsonb_array_elements(coalesce(p_payload -> 'rows', '[]'::jsonb)) with ordinality as e(x, n)
    where e.x ->> 'offer_id' is null or e.x ->> 'offer_id' = any(kept_ids)
       or coalesce((e.x ->> 'post_live')::boolean, false)), '[]'::jsonb));
  if p_brand is null or (p_payload #>> '{report,brand_id}') is distinct from p_brand::text then
    result := jsonb_set(result, '{report}',
                        coalesce(result -> 'report', '{}'::jsonb) || '{"brand_id": null, "brand_name": null}'::jsonb);
  end if;
  return result;
end
$$;
comment on function app.report_for_reader(jsonb, uuid) is 'A report payload with only the deals, spend and brand of the reader''s brand (posts stay, other deals'' details go).';
revoke execute on function app.report_for_reader(jsonb, uuid) from public, anon, authenticated;

-- The conversions a reader of brand p_brand may see: the ones entered for that brand (none without a brand).
create function app.report_conversions_for(p_report uuid, p_brand uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'id', c.id, 'label', c.label, 'conversions', c.conversions, 'revenue', c.revenue::text,
           'currency', c.currency::text, 'entered_by', p.display_name, 'entered_at', c.entered_at,
           'minor_units', (select x.minor_units from public.currencies x where x.code = c.currency))
         order by c.entered_at, c.id), '[]'::jsonb)
  from public.report_conversions c
  left join public.profiles p on p.id = c.entered_by
  where c.report_id = p_report and c.brand_id = p_brand
$$;
comment on function app.report_conversions_for(uuid, uuid) is 'The conversions entered on a report for one brand, oldest first.';
revoke execute on function app.report_conversions_for(uuid, uuid) from public, anon, authenticated;

-- replaces app.report_envelope from the baseline: a reader got every brand's deals, fees and conversions
create or replace function app.report_envelope(p_report uuid, p_share uuid) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s public.report_shares;
  reader_brand uuid;
begin
  if p_share is null then
    -- The creator: everything, computed now.
    return jsonb_build_object(
      'mode', 'live', 'frozen_at', null, 'share_id', null, 'share_kind', null, 'expires_at', null,
      'payload', app.report_payload(p_report), 'conversions', app.report_conversions_json(p_report));
  end if;
  select * into s from public.report_shares where id = p_share and report_id = p_report;
  if not found then
    return null;
  end if;
  reader_brand := app.report_reader_brand(s.id);
  return jsonb_build_object(
    'mode', s.mode, 'frozen_at', s.frozen_at, 'share_id', s.id, 'share_kind', s.kind, 'expires_at', s.expires_at,
    'payload', app.report_for_reader(case when s.mode = 'frozen' then s.snapshot else app.report_payload(p_report) end,
                                     reader_brand),
    'conversions', app.report_conversions_for(p_report, reader_brand));
end
$$;
comment on function app.report_envelope(uuid, uuid) is 'A report as a reader gets it through one share (only the deals of the share''s brand), or whole for its creator.';
revoke execute on function app.report_envelope(uuid, uuid) from public, anon, authenticated;

-- replaces public.share_report from the baseline: a frozen snapshot kept every brand's deals, and a report about one brand's offers could be shared with another brand
create or replace function public.share_report(p_report_id uuid, p_kind text, p_mode text, p_brand_id uuid default null,
                                    p_token_hash text default null, p_valid_days integer default null,
                                    p_label text default null)
returns public.report_shares
language plpgsql security definer set search_path = '' as $$
declare
  r public.reports;
  brand_name text;
  result public.report_shares;
begin
  select * into r from public.reports where id = p_report_id for update;
  if not found or r.creator_id <> auth.uid() then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  if p_mode is null or p_mode not in ('live', 'frozen') then
    raise exception 'share the report live (it follows new syncs) or frozen (its numbers as of now)'
      using errcode = '22023';
  end if;
  if p_label is not null and length(p_label) > 80 then
    raise exception 'the label must be at most 80 characters' using errcode = '22023';
  end if;
  if p_valid_days is not null and p_valid_days not between 1 and 365 then
    raise exception 'a share can be valid for 1 to 365 days' using errcode = '22023';
  end if;
  if p_kind = 'brand' then
    select b.name into brand_name from public.brands b where b.id = p_brand_id and app.works_with_brand(b.id);
    if not found then
      raise exception 'you can share a report only with a brand partner you invited' using errcode = '22023';
    end if;
    if (r.brand_id is not null or r.scope = 'offers') and r.brand_id is distinct from p_brand_id then
      raise exception 'this report is about %: share it with that brand only', r.brand_name using errcode = '22023';
    end if;
    if exists (select 1 from public.report_shares s where s.report_id = r.id and s.kind = 'brand'
               and s.brand_id = p_brand_id and s.revoked_at is null and (s.expires_at is null or s.expires_at > app.now())) then
      raise exception 'this report is already shared with %: revoke that share first to share it again', brand_name
        using errcode = '55000';
    end if;
    -- An expired share still holds the unique slot: close it.
    update public.report_shares s set revoked_at = app.now()
     where s.report_id = r.id and s.kind = 'brand' and s.brand_id = p_brand_id and s.revoked_at is null;
  elsif p_kind = 'link' then
    if p_token_hash is null or p_token_hash !~ '^[0-9a-f]{64}$' then
      raise exception 'the link''s token must be stored as its SHA-256 (64 lowercase hex digits)' using errcode = '22023';
    end if;
  else
    raise exception 'share with a brand partner''s account or by a secret link' using errcode = '22023';
  end if;

  insert into public.report_shares (report_id, creator_id, kind, brand_id, label, token_hash, mode, snapshot,
                                    frozen_at, expires_at)
  values (r.id, r.creator_id, p_kind, case when p_kind = 'brand' then p_brand_id end, nullif(btrim(p_label), ''),
          case when p_kind = 'link' then p_token_hash end, p_mode,
          case when p_mode = 'frozen' then
            app.report_for_reader(app.report_payload(r.id),
                                  case when p_kind = 'brand' then p_brand_id else r.brand_id end) end,
          case when p_mode = 'frozen' then app.now() end,
          case when p_kind = 'link' then app.now() + make_interval(days => coalesce(p_valid_days, 30))
               when p_valid_days is not null then app.now() + make_interval(days => p_valid_days) end)
  returning * into result;
  perform app.audit('report.shared', 'report_shares', result.id::text,
                    jsonb_build_object('report_id', r.id, 'kind', p_kind, 'mode', p_mode, 'brand_id', p_brand_id,
                                       'expires_at', result.expires_at));
  return result;
end
$$;comment on function public.share_report(uuid, text, text, uuid, text, integer, text) is 'Shares a report with a brand''s members or by a secret link (its SHA-256), live or frozen; a frozen share keeps only what its reader may see.';

-- Snapshots kept before this change: cut down to what their reader may see.
update public.report_shares s set snapshot = app.report_for_reader(s.snapshot, app.report_reader_brand(s.id))
 where s.mode = 'frozen';

-- Secret links: every opening is logged -----------------------------------------------------------------------

alter table public.report_views
  add column visit_hash text check (visit_hash is null or visit_hash ~ '^[0-9a-f]{64}$');
comment on column public.report_views.visit_hash is 'SHA-256 of the visit key the app sends, so one visit (a browser session and its reruns) is one entry.';
create unique index report_views_one_entry_per_visit_idx on public.report_views (share_id, visit_hash)
  where visit_hash is not null;

-- replaces public.shared_report from the baseline: p_log let any caller, visitors included, open a link unlogged
drop function public.shared_report(text, boolean);
-- replaces public.shared_report from the baseline: every opening is logged, once per visit key
create function public.shared_report(p_token text, p_visit text default null) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  s public.report_shares;
begin
  if p_token is null or length(p_token) not between 16 and 200 then
    return null;
  end if;
  select * into s from public.report_shares x
  where x.token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex') and x.kind = 'link';
  if not found or s.revoked_at is not null or s.expires_at <= app.now() then
    return null;
  end if;
  -- A visit key the caller made up is logged on its first use, like any other: a second opening with the same key
  -- adds nothing, so a visitor can only be logged once per key, never zero times.
  insert into public.report_views (share_id, report_id, creator_id, viewer_id, visit_hash)
  values (s.id, s.report_id, s.creator_id, auth.uid(),
          case when length(p_visit) between 16 and 200 then encode(sha256(convert_to(p_visit, 'UTF8')), 'hex') end)
  on conflict (share_id, visit_hash) where visit_hash is not null do nothing;
  return app.report_envelope(s.report_id, s.id);
end
$$;
comment on function public.shared_report(text, text) is 'A report by its secret link (null when the link is unknown, revoked or expired); logs the opening, once per visit key.';
revoke execute on function public.shared_report(text, text) from public;
grant execute on function public.shared_report(text, text) to anon, authenticated, service_role;

-- Payments: a refusal names only what the caller may read ---------------------------------------------------------

-- replaces app.validated_payment from the baseline: a refused reference named another payer's payment (amount and date)
create or replace function app.validated_payment(p public.payouts, p_payment jsonb, p_date_key text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  allowed_keys constant text[] := array['amount', 'currency', 'method', 'reference', 'note', 'sent_on', 'received_on'];
  k text;
  v_amount numeric;
  v_date date;
  v_method text;
  v_reference text;
  v_note text;
  existing public.payments;
  today date := app.creator_today(p.creator_id);
begin
  if p_payment is null or jsonb_typeof(p_payment) <> 'object' then
    raise exception 'the payment''s details are missing' using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(p_payment) loop
    if not k = any(allowed_keys) then
      raise exception 'unknown payment detail "%"', k using errcode = '22023';
    end if;
  end loop;
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
$$;revoke execute on function app.validated_payment(public.payouts, jsonb, text) from public;

-- Names: no bidirectional controls, capped -------------------------------------------------------------------------

-- A name as a person's sign-in gives it, made storable: bidirectional controls removed, spaces trimmed, at most
-- p_max characters; null when nothing is left.
create function app.plain_name(p_name text, p_max integer) returns text
language sql immutable set search_path = '' as $$
  select nullif(left(btrim(regexp_replace(coalesce(p_name, ''), '[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]', '', 'g')),
                     p_max), '')
$$;
comment on function app.plain_name(text, integer) is 'A name without bidirectional controls, trimmed and capped (null when empty).';
revoke execute on function app.plain_name(text, integer) from public, anon;
grant execute on function app.plain_name(text, integer) to authenticated, service_role;

-- True when the text holds no bidirectional control (U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C).
create function app.has_no_bidi_controls(p_text text) returns boolean
language sql immutable set search_path = '' as $$
  select p_text is null or p_text !~ '[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]'
$$;
comment on function app.has_no_bidi_controls(text) is 'A name may not hold the characters that reorder the rest of its line.';
grant execute on function app.has_no_bidi_controls(text) to anon, authenticated, service_role;

alter table public.profiles
  add constraint profiles_display_name_no_bidi_controls check (app.has_no_bidi_controls(display_name));
alter table public.brands
  add constraint brands_name_no_bidi_controls check (app.has_no_bidi_controls(name));
alter table public.invitations
  add constraint invitations_brand_name_no_bidi_controls check (app.has_no_bidi_controls(brand_name));
alter table public.offers
  add constraint offers_brand_name_no_bidi_controls check (app.has_no_bidi_controls(brand_name));
alter table public.payouts
  add constraint payouts_brand_name_no_bidi_controls check (app.has_no_bidi_controls(brand_name));
alter table public.reports
  add constraint reports_brand_name_no_bidi_controls check (app.has_no_bidi_controls(brand_name));
alter table public.billing_details
  add constraint billing_details_legal_name_no_bidi_controls check (app.has_no_bidi_controls(legal_name));

-- Free text that had no cap: captions (the longest a platform allows is 5,000 characters), history notes, the
-- platform's last message, and the media kit's list of past partners.
alter table public.posts add constraint posts_caption_length check (caption is null or length(caption) <= 10000);
alter table public.deliverables
  add constraint deliverables_caption_length check (caption is null or length(caption) <= 10000);
alter table public.offer_events add constraint offer_events_note_length check (note is null or length(note) <= 2000);
alter table public.payout_events add constraint payout_events_note_length check (note is null or length(note) <= 2000);
alter table public.social_accounts
  add constraint social_accounts_status_message_length check (status_message is null or length(status_message) <= 1000);
alter table public.media_kits
  add constraint media_kits_partner_names_length check (cardinality(partner_names) <= 50
                                                       and length(array_to_string(partner_names, '')) <= 6000);

-- replaces public.ensure_profile from the baseline: a name from the sign-in is stored without bidirectional controls
create or replace function public.ensure_profile(p_display_name text, p_email text default null)
returns public.profiles
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  created integer;
  result public.profiles;
begin
  if uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  insert into public.profiles (id, role, display_name, email)
  values (uid, 'creator', coalesce(app.plain_name(p_display_name, 80), 'New creator'), nullif(btrim(p_email), ''))
  on conflict (id) do nothing;
  get diagnostics created = row_count;
  if claims ? 'oidc_iss' and claims ? 'oidc_sub' then
    insert into public.identities (profile_id, issuer, subject, email)
    values (uid, claims ->> 'oidc_iss', claims ->> 'oidc_sub', nullif(btrim(p_email), ''))
    on conflict (issuer, subject) do update set last_seen_at = app.now()
      where public.identities.profile_id = excluded.profile_id;
  end if;
  select * into result from public.profiles where id = uid;
  if created > 0 then
    perform app.audit('profile.created', 'profiles', uid::text, jsonb_build_object('role', result.role));
  end if;
  return result;
end
$$;
comment on function public.ensure_profile(text, text) is 'Creates the signed-in person''s profile on first sign-in and returns it.';

-- Invitations: seen before accepted, and never a way into someone else's brand ----------------------------------

alter table public.invitations add column declined_at timestamptz;
alter table public.invitations add constraint invitations_accepted_or_declined
  check (declined_at is null or accepted_at is null);
comment on column public.invitations.declined_at is 'When the invited person declined; a declined invitation cannot be accepted.';

-- What an invitation link offers the signed-in person, without using it up: who invites them, the brand it names
-- (a new brand), until when, and the brands they already belong to (which they may choose to link instead).
-- Null for an unknown token; an invitation that can no longer be accepted tells only why.
create function public.preview_invitation(p_token text) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  inv public.invitations;
  state text;
begin
  if uid is null then
    raise exception 'sign in first, then open the invitation link again' using errcode = '42501';
  end if;
  select * into inv from public.invitations
   where token_hash = encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex');
  if not found then
    return null;
  end if;
  state := case when inv.declined_at is not null then 'declined'
                when inv.accepted_at is not null then 'used'
                when inv.expires_at <= app.now() then 'expired'
                when inv.creator_id = uid then 'own'
                when exists (select 1 from public.profiles p where p.id = uid and p.role <> 'brand_partner') then 'creator'
                else 'open' end;
  if state <> 'open' then
    return jsonb_build_object('state', state);
  end if;
  return jsonb_build_object(
    'state', state,
    'creator_name', (select p.display_name from public.profiles p where p.id = inv.creator_id),
    'brand_name', inv.brand_name,
    'expires_at', inv.expires_at,
    'your_brands', coalesce((
      select jsonb_agg(jsonb_build_object('id', b.id, 'name', b.name) order by lower(b.name), b.id)
      from public.brands b join public.brand_memberships m on m.brand_id = b.id and m.profile_id = uid), '[]'::jsonb));
end
$$;
comment on function public.preview_invitation(text) is 'Who invites the caller and to which (new) brand, without using the invitation up.';

-- The invited person says no: the invitation can no longer be accepted.
create function public.decline_invitation(p_token text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  inv public.invitations;
begin
  if uid is null then
    raise exception 'sign in first, then open the invitation link again' using errcode = '42501';
  end if;
  select * into inv from public.invitations
   where token_hash = encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex')
   for update;
  if not found then
    raise exception 'this invitation link is not valid: ask the creator for a new one' using errcode = 'P0002';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation has already been used' using errcode = '55000';
  end if;
  if inv.declined_at is null then
    update public.invitations set declined_at = app.now() where id = inv.id;
    perform app.audit('invitation.declined', 'invitations', inv.id::text, jsonb_build_object('creator_id', inv.creator_id));
  end if;
end
$$;
comment on function public.decline_invitation(text) is 'Declines an invitation: it can no longer be accepted.';

-- replaces public.accept_invitation from the baseline: accepting joined any brand of the caller whose name the creator typed
drop function public.accept_invitation(text, text);
-- replaces public.accept_invitation from the baseline: a new brand, or one the caller belongs to and picked (p_brand_id)
create function public.accept_invitation(p_token text, p_display_name text default null, p_brand_id uuid default null)
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  inv public.invitations;
  me public.profiles;
  the_brand uuid;
begin
  if uid is null then
    raise exception 'sign in first, then open the invitation link again' using errcode = '42501';
  end if;
  select * into inv from public.invitations
   where token_hash = encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex')
   for update;
  if not found then
    raise exception 'this invitation link is not valid: ask the creator for a new one' using errcode = 'P0002';
  end if;
  if inv.declined_at is not null then
    raise exception 'this invitation was declined: ask the creator for a new one' using errcode = '55000';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation has already been used: ask the creator for a new one' using errcode = '55000';
  end if;
  if inv.expires_at <= app.now() then
    raise exception 'this invitation expired on %: ask the creator for a new one',
      to_char(inv.expires_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') using errcode = '55000';
  end if;
  if inv.creator_id = uid then
    raise exception 'you cannot accept your own invitation' using errcode = '55000';
  end if;
  if p_brand_id is not null and not exists (select 1 from public.brand_memberships bm
                                            where bm.brand_id = p_brand_id and bm.profile_id = uid) then
    raise exception 'you can link only a brand you belong to' using errcode = '42501';
  end if;

  select * into me from public.profiles where id = uid;
  if not found then
    insert into public.profiles (id, role, display_name, email)
    values (uid, 'brand_partner', coalesce(app.plain_name(p_display_name, 80), app.plain_name(inv.brand_name, 80)),
            inv.email)
    returning * into me;
    if (auth.jwt()) ? 'oidc_iss' then
      insert into public.identities (profile_id, issuer, subject, email)
      values (uid, auth.jwt() ->> 'oidc_iss', auth.jwt() ->> 'oidc_sub', inv.email)
      on conflict (issuer, subject) do nothing;
    end if;
  elsif me.role <> 'brand_partner' then
    raise exception 'this invitation is for a brand partner; you are signed in as a creator' using errcode = '55000';
  end if;

  -- The creator's text never picks an existing brand: the invited person linked one of their own, or a new one is made.
  the_brand := p_brand_id;
  if the_brand is null then
    insert into public.brands (name, created_by) values (inv.brand_name, uid) returning id into the_brand;
    insert into public.brand_memberships (brand_id, profile_id, member_role) values (the_brand, uid, 'owner');
  end if;

  update public.invitations set accepted_by = uid, accepted_at = app.now() where id = inv.id;
  insert into public.creator_partners (creator_id, partner_id, brand_id, invitation_id)
  values (inv.creator_id, uid, the_brand, inv.id)
  on conflict (creator_id, partner_id) do update set brand_id = excluded.brand_id, invitation_id = excluded.invitation_id;
  perform app.audit('invitation.accepted', 'invitations', inv.id::text,
                    jsonb_build_object('creator_id', inv.creator_id, 'brand_id', the_brand,
                                       'linked_existing_brand', p_brand_id is not null));
  return inv.creator_id;
end
$$;
comment on function public.accept_invitation(text, text, uuid) is 'Accepts an invitation once: a new brand named as invited, or a brand the caller belongs to and chose.';

revoke execute on function public.preview_invitation(text), public.decline_invitation(text),
  public.accept_invitation(text, text, uuid) from public, anon;
grant execute on function public.preview_invitation(text), public.decline_invitation(text),
  public.accept_invitation(text, text, uuid) to authenticated, service_role;
