-- What a creator shares carries the language it is written in for visitors who are not signed in: each report
-- share and the media kit have a document language (one of the portal's five, the list profiles_locale_check
-- uses). The creator chooses it when creating a link (and may change it later) or saving the kit; when they do not,
-- it is their own profile language. A visitor's own switch (?lang=) still comes first; a share kept from before has
-- none (null), and its visitors read in their browser's language. Only the share's owner writes it, through the
-- functions below.

alter table public.report_shares add column language text
  constraint report_shares_language_check check (language in ('en', 'ar', 'fr', 'de', 'es'));
comment on column public.report_shares.language is 'The language a visitor of this share reads it in unless they switch (the creator''s choice, else their profile language when shared); null for shares made before.';

alter table public.media_kits add column language text
  constraint media_kits_language_check check (language in ('en', 'ar', 'fr', 'de', 'es'));
comment on column public.media_kits.language is 'The language a visitor of the media kit reads it in unless they switch (the creator''s choice, else their profile language when saved); null until saved.';

-- A document's language: the one chosen (refused unless it is one of the portal's five), else the creator's own.
create function app.document_language(p_code text, p_creator uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  v_code text := nullif(lower(btrim(coalesce(p_code, ''))), '');
begin
  if v_code is null then
    select p.locale into v_code from public.profiles p where p.id = p_creator;
    return coalesce(v_code, 'en');
  end if;
  if v_code not in ('en', 'ar', 'fr', 'de', 'es') then
    raise exception 'unknown language "%": choose en, ar, fr, de or es', p_code using errcode = '22023';
  end if;
  return v_code;
end
$$;
comment on function app.document_language(text, uuid) is 'The language of a document a creator shares: the one chosen (one of the portal''s five), else the creator''s profile language.';
revoke execute on function app.document_language(text, uuid) from public, anon, authenticated;

-- Report shares ------------------------------------------------------------------------------------------------

-- replaces public.share_report from the baseline: the creator chooses the language a link is read in (p_language)
drop function public.share_report(uuid, text, text, uuid, text, integer, text);
-- replaces public.share_report from the baseline: the same rules, and the share keeps its document language
create function public.share_report(p_report_id uuid, p_kind text, p_mode text, p_brand_id uuid default null,
                                    p_token_hash text default null, p_valid_days integer default null,
                                    p_label text default null, p_language text default null)
returns public.report_shares
language plpgsql security definer set search_path = '' as $$
declare
  r public.reports;
  brand_name text;
  v_language text;
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
  v_language := app.document_language(p_language, r.creator_id);
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
                                    frozen_at, expires_at, language)
  values (r.id, r.creator_id, p_kind, case when p_kind = 'brand' then p_brand_id end, nullif(btrim(p_label), ''),
          case when p_kind = 'link' then p_token_hash end, p_mode,
          case when p_mode = 'frozen' then
            app.report_for_reader(app.report_payload(r.id),
                                  case when p_kind = 'brand' then p_brand_id else r.brand_id end) end,
          case when p_mode = 'frozen' then app.now() end,
          case when p_kind = 'link' then app.now() + make_interval(days => coalesce(p_valid_days, 30))
               when p_valid_days is not null then app.now() + make_interval(days => p_valid_days) end,
          v_language)
  returning * into result;
  perform app.audit('report.shared', 'report_shares', result.id::text,
                    jsonb_build_object('report_id', r.id, 'kind', p_kind, 'mode', p_mode, 'brand_id', p_brand_id,
                                       'expires_at', result.expires_at, 'language', result.language));
  return result;
end
$$;
comment on function public.share_report(uuid, text, text, uuid, text, integer, text, text) is 'Shares a report with a brand''s members or by a secret link (its SHA-256), live or frozen, in a document language (the creator''s own unless chosen); a frozen share keeps only what its reader may see.';
revoke execute on function public.share_report(uuid, text, text, uuid, text, integer, text, text) from public, anon;
grant execute on function public.share_report(uuid, text, text, uuid, text, integer, text, text)
  to authenticated, service_role;

-- A secret link's language, changed after it was made (the link itself stays the same).
create function public.set_report_share_language(p_share_id uuid, p_language text) returns public.report_shares
language plpgsql security definer set search_path = '' as $$
declare
  s public.report_shares;
begin
  select * into s from public.report_shares where id = p_share_id for update;
  if not found or s.creator_id <> auth.uid() then
    raise exception 'share not found' using errcode = 'P0002';
  end if;
  if s.kind <> 'link' then
    raise exception 'a brand partner''s account reads in its own language: only a secret link has a document language'
      using errcode = '22023';
  end if;
  if s.revoked_at is not null then
    raise exception 'this link was revoked: it no longer has a language to change' using errcode = '55000';
  end if;
  update public.report_shares set language = app.document_language(p_language, s.creator_id) where id = s.id
  returning * into s;
  perform app.audit('report.share_language_changed', 'report_shares', s.id::text,
                    jsonb_build_object('report_id', s.report_id, 'language', s.language));
  return s;
end
$$;
comment on function public.set_report_share_language(uuid, text) is 'Changes the document language of one of the caller''s secret links (the creator''s own when none is given).';
revoke execute on function public.set_report_share_language(uuid, text) from public, anon;
grant execute on function public.set_report_share_language(uuid, text) to authenticated, service_role;

-- replaces public.shared_report from the baseline: the answer says which language the creator chose for the link
create or replace function public.shared_report(p_token text, p_visit text default null) returns jsonb
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
  return app.report_envelope(s.report_id, s.id) || jsonb_build_object('language', s.language);
end
$$;
comment on function public.shared_report(text, text) is 'A report by its secret link with its document language (null when the link is unknown, revoked or expired); logs the opening, once per visit key.';

-- Media kit ----------------------------------------------------------------------------------------------------

-- replaces public.save_media_kit from the baseline: the kit also keeps its document language ('language')
create or replace function public.save_media_kit(p_kit jsonb) returns public.media_kits
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  allowed_keys constant text[] := array['enabled', 'headline', 'contact_email', 'public_slug', 'show_audience',
    'show_demographics', 'show_engagement', 'show_top_posts', 'show_partners', 'show_rates', 'partner_names', 'rates', 'language'];
  k text;
  v_slug text;
  v_headline text;
  v_email text;
  v_partners text[];
  v_language text;
  item jsonb;
  n integer := 0;
  v_fee numeric;
  v_cur text;
  v_minor smallint;
  v_platform text;
  v_format text;
  result public.media_kits;
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators have a media kit' using errcode = '42501';
  end if;
  if p_kit is null or jsonb_typeof(p_kit) <> 'object' then
    raise exception 'the media kit settings are missing' using errcode = '22023';
  end if;
  for k in select jsonb_object_keys(p_kit) loop
    if not k = any(allowed_keys) then
      raise exception 'unknown media kit setting "%"', k using errcode = '22023';
    end if;
  end loop;
  v_slug := nullif(lower(btrim(coalesce(p_kit ->> 'public_slug', ''))), '');
  if v_slug is not null and v_slug !~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$' then
    raise exception 'the public link name "%" must be 3 to 40 lowercase letters, digits or hyphens (not at either end)',
      p_kit ->> 'public_slug' using errcode = '22023';
  end if;
  if v_slug is not null and exists (select 1 from public.media_kits m where m.public_slug = v_slug and m.creator_id <> uid) then
    raise exception 'the public link name "%" is taken: choose another', v_slug using errcode = '22023';
  end if;
  v_headline := nullif(btrim(coalesce(p_kit ->> 'headline', '')), '');
  if v_headline is not null and length(v_headline) > 280 then
    raise exception 'the headline must be at most 280 characters' using errcode = '22023';
  end if;
  v_email := nullif(btrim(coalesce(p_kit ->> 'contact_email', '')), '');
  if v_email is not null and v_email !~ '^[^@\s]+@[^@\s]+$' then
    raise exception 'the contact email "%" is not an email address', v_email using errcode = '22023';
  end if;
  if p_kit ? 'partner_names' and jsonb_typeof(p_kit -> 'partner_names') not in ('array', 'null') then
    raise exception 'past brand partners must be a list' using errcode = '22023';
  end if;
  select coalesce(array_agg(distinct btrim(x) order by btrim(x)), '{}') into v_partners
  from jsonb_array_elements_text(coalesce(nullif(p_kit -> 'partner_names', 'null'::jsonb), '[]'::jsonb)) x
  where btrim(x) <> '';
  if p_kit ? 'rates' and jsonb_typeof(p_kit -> 'rates') not in ('array', 'null') then
    raise exception 'the rate card must be a list' using errcode = '22023';
  end if;
  if jsonb_array_length(coalesce(nullif(p_kit -> 'rates', 'null'::jsonb), '[]'::jsonb)) > 20 then
    raise exception 'a rate card can list at most 20 rates' using errcode = '22023';
  end if;
  v_language := app.document_language(p_kit ->> 'language', uid);

  insert into public.media_kits as m (creator_id, enabled, headline, contact_email, public_slug, show_audience,
                                      show_demographics, show_engagement, show_top_posts, show_partners, show_rates,
                                      partner_names, language, updated_at)
  values (uid, coalesce((p_kit ->> 'enabled')::boolean, false), v_headline, v_email, v_slug,
          coalesce((p_kit ->> 'show_audience')::boolean, true), coalesce((p_kit ->> 'show_demographics')::boolean, true),
          coalesce((p_kit ->> 'show_engagement')::boolean, true), coalesce((p_kit ->> 'show_top_posts')::boolean, true),
          coalesce((p_kit ->> 'show_partners')::boolean, false), coalesce((p_kit ->> 'show_rates')::boolean, false),
          v_partners, v_language, app.now())
  on conflict (creator_id) do update set enabled = excluded.enabled, headline = excluded.headline,
    contact_email = excluded.contact_email, public_slug = excluded.public_slug,
    show_audience = excluded.show_audience, show_demographics = excluded.show_demographics,
    show_engagement = excluded.show_engagement, show_top_posts = excluded.show_top_posts,
    show_partners = excluded.show_partners, show_rates = excluded.show_rates,
    partner_names = excluded.partner_names, language = excluded.language, updated_at = app.now()
  returning * into result;

  delete from public.media_kit_rates where creator_id = uid;
  for item in select value from jsonb_array_elements(coalesce(nullif(p_kit -> 'rates', 'null'::jsonb), '[]'::jsonb)) loop
    n := n + 1;
    v_platform := lower(btrim(coalesce(item ->> 'platform', '')));
    v_format := lower(btrim(coalesce(item ->> 'format', '')));
    if not exists (select 1 from public.platforms pl where pl.key = v_platform) then
      raise exception 'rate %: unknown platform "%"', n, item ->> 'platform' using errcode = '22023';
    end if;
    if v_format not in ('reel', 'image', 'carousel', 'story', 'video', 'short', 'stream', 'text') then
      raise exception 'rate %: unknown format "%"', n, item ->> 'format' using errcode = '22023';
    end if;
    begin
      v_fee := replace(btrim(item ->> 'fee'), ',', '')::numeric;
    exception when others then
      raise exception 'rate %: the fee "%" is not a number', n, item ->> 'fee' using errcode = '22023';
    end;
    if v_fee is null then
      raise exception 'rate %: enter the fee', n using errcode = '22023';
    end if;
    if v_fee < 0 then
      raise exception 'rate %: the fee cannot be negative (got %)', n, item ->> 'fee' using errcode = '22023';
    end if;
    if not (v_fee < 1000000000000) then
      raise exception 'rate %: the fee % is too large', n, item ->> 'fee' using errcode = '22023';
    end if;
    v_cur := upper(btrim(coalesce(item ->> 'currency', '')));
    select c.minor_units into v_minor from public.currencies c where c.code = v_cur;
    if not found then
      raise exception 'rate %: unknown currency "%": use an ISO 4217 code such as EUR or USD', n, item ->> 'currency'
        using errcode = '22023';
    end if;
    if v_fee <> round(v_fee, v_minor) then
      raise exception 'rate %: a fee in % has at most % decimal places (got %)', n, v_cur, v_minor, item ->> 'fee'
        using errcode = '22023';
    end if;
    insert into public.media_kit_rates (creator_id, position, platform, format, fee, currency)
    values (uid, n, v_platform, v_format, v_fee, v_cur);
  end loop;
  perform app.audit('media_kit.saved', 'media_kits', uid::text,
                    jsonb_build_object('enabled', result.enabled, 'public_slug', result.public_slug, 'rates', n,
                                       'language', result.language));
  return result;
end
$$;
comment on function public.save_media_kit(jsonb) is 'Saves the caller''s media kit settings, rate card and document language (all or nothing).';

-- replaces public.shared_media_kit from the baseline: the answer says which language the creator chose for the kit
create or replace function public.shared_media_kit(p_token text) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  found_creator uuid;
  found_language text;
begin
  if p_token is null or length(p_token) not between 3 and 200 then
    return null;
  end if;
  select m.creator_id, m.language into found_creator, found_language from public.media_kits m
  where m.enabled and (m.public_slug = lower(p_token)
                       or m.secret_token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex'))
  limit 1;
  if found_creator is null then
    return null;
  end if;
  return app.media_kit_payload(found_creator) || jsonb_build_object('language', found_language);
end
$$;
comment on function public.shared_media_kit(text) is 'A switched-on media kit by its public link name or secret link, with its document language (null otherwise).';
