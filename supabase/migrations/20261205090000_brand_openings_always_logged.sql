-- A brand member's opening of a shared report is always in the creator's view log.
--
-- report_data took p_log from the caller, so a brand partner (or any script with their token) could read a shared
-- report without the creator ever seeing the visit. The caller no longer chooses: every opening by a brand member
-- is logged, and a visit key (one browser session and its reruns) keeps that to one entry per visit, as secret
-- links already do. The creator's own previews are still not logged.

-- replaces public.report_data from the baseline: p_log let a brand member open a shared report unlogged
drop function public.report_data(uuid, boolean);
-- replaces public.report_data from the baseline: brand members' openings are logged, once per visit key
create function public.report_data(p_report_id uuid, p_visit text default null) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  r public.reports;
  s public.report_shares;
begin
  select * into r from public.reports where id = p_report_id;
  if not found or uid is null then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  if r.creator_id = uid then
    return app.report_envelope(r.id, null);
  end if;
  select * into s from public.report_shares x
  where x.report_id = r.id and x.kind = 'brand' and x.revoked_at is null
    and (x.expires_at is null or x.expires_at > app.now()) and app.is_brand_member(x.brand_id)
  order by x.created_at desc limit 1;
  if not found then
    raise exception 'report not found' using errcode = 'P0002';
  end if;
  insert into public.report_views (share_id, report_id, creator_id, viewer_id, visit_hash)
  values (s.id, r.id, r.creator_id, uid,
          case when length(p_visit) between 16 and 200 then encode(sha256(convert_to(p_visit, 'UTF8')), 'hex') end)
  on conflict (share_id, visit_hash) where visit_hash is not null do nothing;
  return app.report_envelope(r.id, s.id);
end
$$;
comment on function public.report_data(uuid, text) is 'A report for its creator (live) or for a member of a brand it is shared with (as shared, the opening logged once per visit key).';
revoke execute on function public.report_data(uuid, text) from public, anon;
grant execute on function public.report_data(uuid, text) to authenticated, service_role;
