-- What a creator shares carries the language it is written in for visitors who are not signed in: each report
-- share and the media kit have a document language (one of the portal's five, the list profiles_locale_check
-- uses). The creator chooses it when creating a link (and may change it later) or saving the kit; when they do not,
-- it is their own profile language. A visitor's own switch (?lang=) still comes first; a share kept from before has
-- none (null), and its visitors read in their browser's language. Only the share's owner writes it, through the
-- functions below.

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

-- Media kit ----------------------------------------------------------------------------------------------------
