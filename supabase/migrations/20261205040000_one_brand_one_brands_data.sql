-- One brand sees one brand's data, and nothing a person typed or a refusal says tells anyone more.
--
-- * A shared report carries only the deals of the brand it is shared with: a window report's posts stay (they
--   are public posts), but another brand's campaign, fee, currency, status and conversions never reach the reader,
--   for brand shares and secret links, frozen or live (app.report_for_reader, applied when a frozen share is made
--   and again whenever any share is read).
-- * A secret link's opening is always logged: the visitor cannot ask not to be (public.shared_report takes no
--   such flag; a visit key keeps one Streamlit session's reruns to one entry).
-- The functions these rules change (report_envelope, share_report, shared_report, validated_payment,
-- ensure_profile, accept_invitation) are defined once, in their area's file; this file adds the helpers they call.
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

-- Secret links: every opening is logged -----------------------------------------------------------------------

create unique index report_views_one_entry_per_visit_idx on public.report_views (share_id, visit_hash)
  where visit_hash is not null;

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

-- Each name column refuses them, by a check named <table>_<column>_no_bidi_controls.
do $names$
declare
  n record;
begin
  for n in select * from (values ('profiles', 'display_name'), ('brands', 'name'), ('invitations', 'brand_name'),
                                 ('offers', 'brand_name'), ('payouts', 'brand_name'), ('reports', 'brand_name'),
                                 ('billing_details', 'legal_name')) as v (table_name, column_name) loop
    execute format('alter table public.%I add constraint %I check (app.has_no_bidi_controls(%I))',
                   n.table_name, n.table_name || '_' || n.column_name || '_no_bidi_controls', n.column_name);
  end loop;
end
$names$;

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

-- Invitations: seen before accepted, and never a way into someone else's brand ----------------------------------

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
  perform app.require_signed_in('sign in first, then open the invitation link again');
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
  inv public.invitations;
begin
  inv := app.locked_invitation(p_token);
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

revoke execute on function public.preview_invitation(text), public.decline_invitation(text) from public, anon;
grant execute on function public.preview_invitation(text), public.decline_invitation(text) to authenticated, service_role;
